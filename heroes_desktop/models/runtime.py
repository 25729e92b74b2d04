"""Where inference runs: ``--device auto|cpu|cuda`` resolved once, and ONNX Runtime sessions opened only on
model files whose SHA-256 was just checked.

``auto`` uses CUDA when ONNX Runtime offers its CUDA provider (or torch sees a GPU) and the CPU otherwise;
``cuda`` on a machine without one is an error rather than a silent fall-back, so a run's record says where it ran.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from heroes_desktop.models.errors import ModelError
from heroes_desktop.models.loading import model_spec, verified_path

DEVICES = ("auto", "cpu", "cuda")


class DeviceUnavailable(ModelError):
    """``--device cuda`` was asked for on a machine without a usable GPU."""


def onnx_providers() -> list[str]:
    import onnxruntime

    return list(onnxruntime.get_available_providers())


def torch_cuda() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def resolve_device(requested: str = "auto") -> str:
    """``cpu`` or ``cuda``."""
    if requested not in DEVICES:
        raise ModelError(f"unknown device {requested!r}; choose one of {', '.join(DEVICES)}")
    has_cuda = "CUDAExecutionProvider" in onnx_providers() or torch_cuda()
    if requested == "cuda" and not has_cuda:
        raise DeviceUnavailable("--device cuda: no CUDA device or CUDA execution provider on this machine")
    return "cuda" if requested == "cuda" or (requested == "auto" and has_cuda) else "cpu"


@lru_cache(maxsize=16)
def onnx_session(model_id: str, device: str = "cpu", threads: int = 1) -> Any:
    """An inference session on the verified file of ``model_id`` (cached per process)."""
    import onnxruntime

    path = verified_path(model_spec(model_id))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    providers = ["CPUExecutionProvider"]
    if device == "cuda" and "CUDAExecutionProvider" in onnx_providers():
        providers.insert(0, "CUDAExecutionProvider")
    try:
        return onnxruntime.InferenceSession(str(path), sess_options=options, providers=providers)
    except Exception as error:  # noqa: BLE001 - ONNX Runtime raises its own untyped errors
        raise ModelError(f"model {model_id}: {path} could not be loaded: {error}") from error
