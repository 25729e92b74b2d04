"""Where the models of a run actually run: the record reads each ONNX session's providers, never only the device
asked for, so a GPU that torch sees does not make a CPU-only ONNX Runtime's run look like a CUDA one."""

from __future__ import annotations

import pytest

from heroes_desktop.models import runtime
from heroes_desktop.reports.content import where_it_ran

ONNX_MODELS = ("retinaface-mobilenet025", "gender-v1")


def test_the_record_holds_the_providers_the_sessions_got() -> None:
    record = runtime.inference_record("cpu", ONNX_MODELS)
    assert record["ran_on"] == "cpu" and "CPUExecutionProvider" in record["onnxruntime"]["available"]
    assert record["onnxruntime"]["sessions"] == {model: ["CPUExecutionProvider"] for model in ONNX_MODELS}
    assert "torch" not in record


def test_cuda_asked_with_a_cpu_only_onnx_runtime_is_recorded_as_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case: torch sees a GPU (so ``auto`` resolves to cuda) but ONNX Runtime is the CPU build."""
    monkeypatch.setattr(runtime, "torch_cuda", lambda: True)
    assert runtime.resolve_device("auto") == "cuda"
    runtime.onnx_session.cache_clear()
    try:
        record = runtime.inference_record("cuda", ONNX_MODELS, ("yolo-context",))
    finally:
        runtime.onnx_session.cache_clear()
    assert all(providers == ["CPUExecutionProvider"] for providers in record["onnxruntime"]["sessions"].values())
    assert record["torch"]["device"] == "cuda" and record["ran_on"] == "cuda"  # the torch models do use the GPU
    words = where_it_ran({"device": "cuda", "inference": record})
    assert "gender-v1: CPUExecutionProvider" in words and "torch models: cuda" in words and "asked: cuda" in words


def test_a_model_that_cannot_be_opened_is_recorded_with_its_reason() -> None:
    record = runtime.inference_record("cpu", ("no-such-model",))
    assert "error" in record["onnxruntime"]["sessions"]["no-such-model"] and record["ran_on"] == "cpu"


def test_an_older_event_without_the_record_still_reads() -> None:
    assert where_it_ran({"device": "cpu"}) == "cpu"
