#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then runs the program's main job on its bundled default.
# Until the training evidence and `heroes demo` exist, that is: create a new encrypted case in a temporary
# folder and show what it holds, with demo passphrases that are printed (never use them for real work).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out="$(mktemp -d -t heroes-demo-XXXXXX)"
export HEROES_HOME="$out/profile"
export HEROES_PASSPHRASE="demo-case-passphrase"
export HEROES_KEY_PASSPHRASE="demo-key-passphrase"
echo "demo folder: $out (case passphrase: $HEROES_PASSPHRASE, key passphrase: $HEROES_KEY_PASSPHRASE)" >&2
.venv/bin/heroes case create "$out/demo.heroes" --examiner "Demo Examiner" --title "Demo case" --number "DEMO-1"
.venv/bin/heroes case info "$out/demo.heroes"
.venv/bin/heroes custody verify "$out/demo.heroes"
