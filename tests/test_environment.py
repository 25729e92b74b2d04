"""The pinned stack installs and imports together: what later capabilities build on is proven from day one."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys

from tests.conftest import REPO

OPENCV_DISTRIBUTIONS = ("opencv-python", "opencv-python-headless", "opencv-contrib-python",
                        "opencv-contrib-python-headless")


def _installed(name: str) -> bool:
    try:
        importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def test_exactly_one_opencv_distribution() -> None:
    assert [name for name in OPENCV_DISTRIBUTIONS if _installed(name)] == ["opencv-python-headless"]


def test_named_stack_imports(tmp_path) -> None:  # type: ignore[no-untyped-def]
    program = (
        "import torch, torchvision, ultralytics, pytesseract, pymupdf, magic, pytsk3, pyewf, gensim, spacy, "
        "sqlalchemy, sqlcipher3, imagehash, cv2, PySide6.QtCore\n"
        "assert torch.__version__.split('+')[0] == '2.15.0' and torchvision.__version__.split('+')[0] == '0.29.2'\n"
        "print('ok')\n"
    )
    env = {**os.environ, "YOLO_CONFIG_DIR": str(tmp_path), "YOLO_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, env=env,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]


def test_native_tools_are_installed() -> None:
    assert shutil.which("tesseract"), "tesseract-ocr is installed by scripts/setup.sh"
    languages = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=True).stdout
    assert {"eng", "spa"} <= set(languages.split())
