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


def test_the_gpu_build_is_installed_and_auto_follows_the_device() -> None:
    """onnxruntime-gpu lists its CUDA provider on every machine: ``auto`` goes by a CUDA device being there."""
    assert "CUDAExecutionProvider" in runtime.onnx_providers()
    assert runtime.resolve_device("auto") == ("cuda" if runtime.torch_cuda() else "cpu")
    assert runtime.cuda_usable() == runtime.torch_cuda()


def test_cuda_asked_where_its_provider_cannot_start_is_recorded_as_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """Torch is made to say it sees a GPU (so ``auto`` resolves to cuda) on a machine without one: the CUDA provider
    cannot start, the sessions fall back to the CPU, and the record says so rather than the device asked."""
    if runtime.torch_cuda():
        pytest.skip("this machine has a GPU: the CUDA provider starts")
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
