#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then runs the program's main job on its bundled default: `heroes demo`
# builds the training evidence (an NTFS/FAT32/ext4 disk, its E01 copy, a hash set and an answer key), processes it
# into a new encrypted case with every installed stage, and prints a summary checked against the answer key.
# Extra arguments go to `heroes demo` (for example --out DIR, --seed N, --json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/heroes demo "$@"
