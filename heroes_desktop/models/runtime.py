"""Where inference runs: ``--device auto|cpu|cuda`` resolved once, and ONNX Runtime sessions opened only on
the bytes of model files whose SHA-256 was just checked.

``auto`` uses CUDA when a CUDA device is there (torch, whose CUDA build is installed, sees one) and the CPU
otherwise; ``cuda`` on a machine without one is an error rather than a silent fall-back. ONNX Runtime is the GPU
build (``onnxruntime-gpu``, CUDA 13 like torch's libraries, loaded from the same pip packages): it lists its CUDA
provider on every machine, so the provider's presence says nothing about a device. The device asked for is still not
where each model runs (a CUDA provider that cannot start falls back to the CPU), so a run records
:func:`inference_record`: the execution providers each ONNX session actually got (``InferenceSession.get_providers()``)
and the device torch uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from heroes_desktop.models.errors import ModelError
from heroes_desktop.models.loading import model_spec, verified_bytes

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
    has_cuda = torch_cuda()
    if requested == "cuda" and not has_cuda:
        raise DeviceUnavailable("--device cuda: no CUDA device or CUDA execution provider on this machine")
    return "cuda" if requested == "cuda" or (requested == "auto" and has_cuda) else "cpu"


@lru_cache(maxsize=16)
def onnx_session(model_id: str, device: str = "cpu", threads: int = 1) -> Any:
    """An inference session on the verified bytes of ``model_id`` (cached per process)."""
    import onnxruntime

    spec = model_spec(model_id)
    model = verified_bytes(spec)  # the session is made from the bytes that were hashed, not from the path again
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    providers = ["CPUExecutionProvider"]
    if device == "cuda" and "CUDAExecutionProvider" in onnx_providers():
        _preload_cuda_libraries(onnxruntime)
        providers.insert(0, "CUDAExecutionProvider")
    try:
        return onnxruntime.InferenceSession(model, sess_options=options, providers=providers)
    except Exception as error:  # noqa: BLE001 - ONNX Runtime raises its own untyped errors
        raise ModelError(f"model {model_id}: {spec.location()} could not be loaded: {error}") from error


_PRELOADED: list[bool] = []


def _preload_cuda_libraries(onnxruntime: Any) -> None:
    """Load the CUDA and cuDNN libraries of the pip packages (the ones torch uses) before the first CUDA session,
    so that ONNX Runtime's CUDA provider finds them without LD_LIBRARY_PATH; once per process."""
    if _PRELOADED:
        return
    _PRELOADED.append(True)
    try:
        import torch  # noqa: F401 - its import loads the CUDA runtime, cuBLAS and cuDNN from the nvidia packages

        onnxruntime.preload_dlls(cuda=True, cudnn=True, msvc=False)
    except Exception:  # noqa: BLE001 - a provider that cannot start falls back to the CPU, and the record says so
        pass


def cuda_usable() -> bool:
    """Whether ``auto`` runs on a GPU here: a CUDA device is present and ONNX Runtime has its CUDA provider."""
    return torch_cuda() and "CUDAExecutionProvider" in onnx_providers()


def inference_record(device: str, onnx_models: Sequence[str], torch_models: Sequence[str] = ()) -> dict[str, Any]:
    """Where the models of a run actually run, for its custody event: each ONNX model's session providers as ONNX
    Runtime gave them (the session is opened here, on the verified file, as the workers open it), the providers
    the installed ONNX Runtime offers, and torch's device for the torch models (Ultralytics). A model whose session
    cannot be opened is recorded with its error; the stage's own items then say why they failed."""
    import onnxruntime

    sessions: dict[str, Any] = {}
    for model_id in onnx_models:
        try:
            sessions[model_id] = list(onnx_session(model_id, device).get_providers())
        except ModelError as error:
            sessions[model_id] = {"error": str(error)[:300]}
    record: dict[str, Any] = {
        "device_asked": device,
        "onnxruntime": {"version": onnxruntime.__version__, "available": onnx_providers(), "sessions": sessions},
    }
    if torch_models:
        record["torch"] = {"device": "cuda" if device == "cuda" and torch_cuda() else "cpu",
                           "models": list(torch_models)}
    on_gpu = any(isinstance(providers, list) and providers and providers[0] != "CPUExecutionProvider"
                 for providers in sessions.values()) or record.get("torch", {}).get("device") == "cuda"
    record["ran_on"] = "cuda" if on_gpu else "cpu"
    return record
