#!/usr/bin/env bash
# Re-extracts every translatable string of the window (self.tr / QCoreApplication.translate under
# heroes_desktop/gui) into the .ts files of heroes_desktop/resources/i18n, keeping the translations already made.
# New or changed strings come out marked unfinished: translate them (pyside6-linguist, or any editor) and commit.
# A lab adds a language with:  scripts/update_translations.sh fr   (makes heroes_fr.ts)
# The window compiles the .ts files to .qm itself at its first start (heroes_desktop/gui/i18n.py).
# Strings translated at run time out of variables (the core's column and category titles, the filter operators,
# the ingest phases, the add-evidence dialog's format names, the plural messages of gui.models.counted) are listed in heroes_desktop/gui/core_titles.py,
# which lupdate reads with the rest: keep it in step with the core (tests/gui/test_translations.py checks).
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE=.venv/bin/pyside6-lupdate
[ -x "$LUPDATE" ] || LUPDATE=pyside6-lupdate
languages=("en" "es" "$@")
mapfile -t sources < <(find heroes_desktop/gui -name '*.py' | LC_ALL=C sort)
core_titles=heroes_desktop/gui/core_titles.py
[ -f "$core_titles" ] || { echo "missing $core_titles" >&2; exit 1; }
printf '%s\n' "${sources[@]}" | grep -qx "$core_titles" || sources+=("$core_titles")
for lang in $(printf '%s\n' "${languages[@]}" | sort -u); do
  ts="heroes_desktop/resources/i18n/heroes_${lang}.ts"
  extra=()
  # English is the source language: its file holds only the plural messages (-pluralonly), given their English
  # singular and plural forms; the rest is never translated.
  [ "$lang" = "en" ] && extra=(-pluralonly)
  "$LUPDATE" -no-obsolete -locations none -target-language "$lang" "${extra[@]}" "${sources[@]}" -ts "$ts"
done
