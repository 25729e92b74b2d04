"""ONNX Runtime 1.29+ keeps a device id and an event database under ~/.cache/Microsoft and a .ses file in the
temporary folder unless told not to: a session opened by the program, or by a worker the program starts, leaves
neither."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from heroes_desktop.core.child_environment import minimal_environment

OPEN_A_SESSION = """
import glob, sys
import heroes_desktop  # the switches
import onnxruntime
model = sorted(glob.glob(sys.argv[1] + '/**/*.onnx', recursive=True))[0]
onnxruntime.InferenceSession(model, providers=['CPUExecutionProvider'])
"""

MODELS = Path(__file__).resolve().parents[2] / "models"


def _run(home: Path, environment: dict[str, str]) -> list[Path]:
    environment = {**environment, "HOME": str(home), "TMPDIR": str(home)}
    subprocess.run([sys.executable, "-c", OPEN_A_SESSION, str(MODELS)], env=environment, check=True,
                   capture_output=True, timeout=120)
    return sorted(path for path in home.rglob("*") if path.is_file())


def test_a_session_of_the_program_writes_no_telemetry(tmp_path: Path) -> None:
    environment = {name: value for name, value in os.environ.items() if name != "ORT_DISABLE_TELEMETRY"}
    assert _run(tmp_path, environment) == []


def test_a_child_environment_carries_the_switch() -> None:
    assert minimal_environment({"PATH": "/usr/bin"})["ORT_DISABLE_TELEMETRY"] == "1"
