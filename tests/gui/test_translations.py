"""The Spanish translation: every message of ``heroes_es.ts`` is finished and keeps its source's placeholders
(``{name}``, ``%1``, ``%n``, HTML tags, one accelerator where the source has one, plural forms); the ``.ts`` files
hold every string of the code as lupdate finds it; the strings translated at run time out of the core's data (the
column and category titles, and the other wrappers lupdate cannot follow) are listed in ``gui/core_titles.py`` and
translated; and a real case window, with the Spanish translator installed, shows Spanish column headers, viewer tabs,
menus and panels, with accelerators that do not collide."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel

from heroes_desktop.browse.categories import TITLES
from heroes_desktop.browse.columns import COLUMNS
from heroes_desktop.gui import core_titles
from heroes_desktop.gui.i18n import TS_DIR, compiled_translation, install_translation
from heroes_desktop.gui.main_window import MainWindow, PlaceholderView
from heroes_desktop.gui.models.entity_model import COLUMNS as ENTITY_COLUMNS
from heroes_desktop.gui.models.timeline_model import KIND_TITLES
from heroes_desktop.hashsets.categories import CATEGORIES
from tests.conftest import REPO
from tests.gui.test_models import browse_template, copy_case, open_session, unexpected  # noqa: F401 - fixtures

TIMEOUT = 20_000
GUI = REPO / "heroes_desktop" / "gui"
SPANISH = TS_DIR / "heroes_es.ts"

Key = tuple[str, str]  # (context, source)


def messages(path: Path) -> dict[Key, tuple[bool, list[str] | None, str | None]]:
    """(context, source) -> (numerus, the translation's forms or None when unfinished, the translation type)."""
    found: dict[Key, tuple[bool, list[str] | None, str | None]] = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            numerus = message.get("numerus") == "yes"
            translation = message.find("translation")
            kind = None if translation is None else translation.get("type")
            if translation is None:
                forms = None
            elif numerus:
                forms = [form.text or "" for form in translation.iter("numerusform")]
            else:
                forms = [translation.text or ""]
            found[(name, source)] = (numerus, forms, kind)
    return found


def spanish(context: str, source: str) -> str:
    numerus, forms, _kind = messages(SPANISH)[(context, source)]
    assert forms and not numerus
    return forms[0]


# ------------------------------------------------------------------------------------------ the .ts files

FIELD = re.compile(r"\{[^{}]*\}")  # str.format fields, with their format spec: {found:,}, {0:.3f}
QT_ARG = re.compile(r"%(?:n|L?\d+)")  # %1, %L1, %n
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
ACCELERATOR = re.compile(r"&(?!&)(?=\S)")


def placeholders(text: str) -> Counter:
    marks = Counter(FIELD.findall(text)) + Counter(QT_ARG.findall(text)) + Counter(TAG.findall(text))
    marks["&accelerator"] = len(ACCELERATOR.findall(text.replace("&&", "")))
    marks["\\n"] = text.count("\n")
    marks["leading space"] = int(text.startswith(" "))
    marks["trailing space"] = int(text.endswith(" "))
    return +marks


def test_every_spanish_message_is_finished_and_keeps_its_placeholders() -> None:
    found = messages(SPANISH)
    assert len(found) > 400
    problems = []
    for (context, source), (numerus, forms, kind) in found.items():
        if kind is not None or not forms or not all(form.strip() for form in forms):
            problems.append((context, source, "not finished", kind, forms))
            continue
        if numerus and len(forms) != 2:  # Spanish: singular and plural
            problems.append((context, source, "plural forms", forms))
        for form in forms:
            if placeholders(form) != placeholders(source):
                problems.append((context, source, form, dict(placeholders(source)), dict(placeholders(form))))
    assert problems == []


def test_spanish_compiles_with_nothing_left_over(tmp_path: Path) -> None:
    assert compiled_translation("es") is not None
    tool = shutil.which("pyside6-lrelease", path=str(REPO / ".venv" / "bin")) or shutil.which("pyside6-lrelease")
    assert tool is not None, "pyside6-lrelease ships with PySide6: run scripts/setup.sh"
    result = subprocess.run([tool, str(SPANISH), "-qm", str(tmp_path / "es.qm")], capture_output=True, text=True,
                            check=True)
    total = len(messages(SPANISH))
    assert f"Generated {total} translation(s) ({total} finished and 0 unfinished)" in result.stdout + result.stderr


def test_the_ts_files_hold_every_string_of_the_code(tmp_path: Path) -> None:
    """What scripts/update_translations.sh would extract now is what the .ts files hold (none missing, none stale)."""
    tool = shutil.which("pyside6-lupdate", path=str(REPO / ".venv" / "bin")) or shutil.which("pyside6-lupdate")
    assert tool is not None, "pyside6-lupdate ships with PySide6: run scripts/setup.sh"
    script = (REPO / "scripts" / "update_translations.sh").read_text()
    assert "core_titles.py" in script
    sources = sorted(str(path) for path in GUI.rglob("*.py"))
    assert str(GUI / "core_titles.py") in sources
    fresh = tmp_path / "fresh.ts"
    subprocess.run([tool, "-no-obsolete", "-locations", "none", "-target-language", "es", *sources, "-ts",
                    str(fresh)], capture_output=True, text=True, check=True)
    extracted = {key: value[0] for key, value in messages(fresh).items()}
    shipped = {key: value[0] for key, value in messages(SPANISH).items()}
    assert extracted == shipped
    english = messages(TS_DIR / "heroes_en.ts")  # the source language lists the plural messages only (-pluralonly)
    assert set(english) == {key for key, numerus in shipped.items() if numerus}
    assert all(forms and len(forms) == 2 and all(forms) and kind is None for _n, forms, kind in english.values())


# -------------------------------------------------------------------------- strings lupdate cannot follow

def _is_translate(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "translate"
            and len(node.args) >= 2)


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


# Where the window calls translate(context, variable); every such call site is accounted for below or in
# core_titles.py (the module, the literal context or None when the context is a variable too).
KNOWN_DYNAMIC = {
    ("models/__init__.py", None),  # counted(context, text, n): its callers' literals are checked
    ("models/file_table_model.py", "Columns"),  # COLUMNS titles
    ("models/category_model.py", "Categories"),  # browse.categories.TITLES
    ("views/file_table.py", "Categories"),  # TITLES, for the chip
    ("views/file_table.py", "FilterDialog"),  # _op_title's dict
    ("views/categorise.py", "Categories"),  # the Project VIC meanings
    ("views/ingest_panel.py", "IngestPanel"),  # _tr(phase)
    ("dialogs/add_evidence.py", "AddEvidenceDialog"),  # tr = lambda text: ... (twice)
    ("views/gallery.py", "Categories"),  # the Project VIC meanings on the badges
    ("views/triage_queue.py", "Categories"),
    ("views/triage_queue.py", "TriageQueueView"),  # _tr(word) of the why panel
    ("views/review_pane.py", "ReviewPane"),  # _tr(word) of the descriptor
    ("dialogs/hashset_confirm.py", "Categories"),
    ("dialogs/near_duplicates.py", "Categories"),
    ("dialogs/selection_export.py", "SelectionExport"),  # _tr(text) of the CSV export's messages
    ("models/entity_model.py", "EntityModel"),  # the people panel's COLUMNS titles (QT_TRANSLATE_NOOP there)
    ("models/timeline_model.py", "Timeline"),  # KIND_TITLES, through kind_title
}


def runtime_messages() -> tuple[set[tuple[str, str, bool]], set[tuple[str, str | None]]]:
    """The (context, text, numerus) the window translates through wrappers (``counted``, ``_tr``, a ``tr``
    lambda, a dict of titles), found in the code; and the call sites of translate(context, variable)."""
    found: set[tuple[str, str, bool]] = set()
    dynamic: set[tuple[str, str | None]] = set()
    for path in sorted(GUI.rglob("*.py")):
        if path.name == "core_titles.py":
            continue
        module = path.relative_to(GUI).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrappers: dict[str, str] = {}  # a name -> the context its translate call uses
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.body and isinstance(node.body[-1], ast.Return):
                name, body = node.name, node.body[-1].value
            elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda) and len(node.targets) == 1
                  and isinstance(node.targets[0], ast.Name)):
                name, body = node.targets[0].id, node.value.body
            else:
                continue
            if body is not None and _is_translate(body) and _literal(body.args[0]) is not None \
                    and isinstance(body.args[1], ast.Name):
                wrappers[name] = _literal(body.args[0])
            if isinstance(node, ast.FunctionDef) and body is not None and _is_translate(body):
                # translate("Ctx", titles.get(key, key)) over a dict literal of the same function
                context = _literal(body.args[0])
                for inner in ast.walk(node):
                    if context and isinstance(inner, ast.Dict) and all(_literal(v) for v in inner.values):
                        found.update((context, _literal(value), False) for value in inner.values)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name == "counted" and len(node.args) >= 2 and _literal(node.args[0]) and _literal(node.args[1]):
                found.add((_literal(node.args[0]), _literal(node.args[1]), True))
            elif name in wrappers and node.args and _literal(node.args[0]) is not None:
                found.add((wrappers[name], _literal(node.args[0]), False))
            elif _is_translate(node) and _literal(node.args[1]) is None:
                dynamic.add((module, _literal(node.args[0])))
    return found, dynamic


def test_every_string_translated_at_run_time_is_known_and_translated() -> None:
    found, dynamic = runtime_messages()
    assert dynamic <= KNOWN_DYNAMIC, f"translate(context, variable) at a new place: {dynamic - KNOWN_DYNAMIC}"
    assert ("IngestPanel", "walking file systems", False) in found
    assert ("AddEvidenceDialog", "Raw image", False) in found
    assert ("FilterDialog", "at least / from", False) in found
    assert ("FileTableView", "%n file(s)", True) in found
    shipped = messages(SPANISH)
    missing = [entry for entry in sorted(found)
               if (entry[0], entry[1]) not in shipped or shipped[(entry[0], entry[1])][0] != entry[2]]
    assert missing == [], "add these to heroes_desktop/gui/core_titles.py"
    plurals = {(context, text) for context, text, numerus in found if numerus}
    assert plurals == set(core_titles.PLURALS)


def test_core_titles_follow_the_core_and_are_translated(app_es: QApplication) -> None:
    assert set(core_titles.COLUMN_TITLES) == {column.title for column in COLUMNS}
    assert len(core_titles.COLUMN_TITLES) == len({column.title for column in COLUMNS})
    assert set(core_titles.CATEGORY_TITLES) == set(TITLES.values())
    assert set(core_titles.VIC_MEANINGS) == set(CATEGORIES.values())
    assert set(core_titles.TIMELINE_KINDS) == set(KIND_TITLES.values())
    shipped = messages(SPANISH)
    same_in_spanish = {"ID", "MD5", "SHA-1", "SHA-256", "ED2K", "Error", "Audio"}
    for context, titles in (("Columns", [column.title for column in COLUMNS]), ("Categories", TITLES.values()),
                            ("Categories", CATEGORIES.values()), ("Timeline", KIND_TITLES.values()),
                            ("EntityModel", [column.title for column in ENTITY_COLUMNS])):
        for title in titles:
            numerus, forms, kind = shipped[(context, title)]
            assert not numerus and kind is None and forms and forms[0], (context, title)
            # through the installed translator, as the window asks for it
            assert QCoreApplication.translate(context, title) == forms[0]
            if title not in same_in_spanish:
                assert forms[0] != title, (context, title)
    assert QCoreApplication.translate("Columns", "Size") == "Tamaño"
    assert QCoreApplication.translate("Categories", "Hash-set hits") == "Coincidencias de conjuntos de hash"
    assert QCoreApplication.translate("IngestPanel", "walking file systems") == "recorriendo los sistemas de archivos"
    assert QCoreApplication.translate("AddEvidenceDialog", "Raw image") == "Imagen en bruto (raw)"
    from heroes_desktop.gui.models import counted
    assert counted("FileTableView", "%n file(s)", 1) == "1 archivo"
    assert counted("FileTableView", "%n file(s)", 11) == "11 archivos"
    assert counted("Categoriser", "%1 on %n file(s)", 2).replace("%1", "CAT-1") == "CAT-1 en 2 archivos"


# ------------------------------------------------------------------------------------ the window in Spanish

@pytest.fixture
def app_es(qapp: QApplication) -> Iterator[QApplication]:
    assert install_translation(qapp, "es") == "es"
    yield qapp
    install_translation(qapp, "en")


def mnemonic(text: str) -> str | None:
    match = ACCELERATOR.search(text.replace("&&", ""))
    return text.replace("&&", "")[match.end()].lower() if match else None


@pytest.fixture
def window_es(app_es: QApplication, browse_template, tmp_path: Path, qtbot,  # noqa: F811 - fixtures
              unexpected) -> Iterator[MainWindow]:  # noqa: F811
    session = open_session(browse_template, copy_case(browse_template, tmp_path / "case"))
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    table = window.views["file_table"]
    assert not isinstance(table, PlaceholderView)
    qtbot.waitUntil(lambda: table.model.rowCount() == 11 and not table.model.loading, timeout=TIMEOUT)
    yield window
    window.close()  # (pytest-qt may have closed it already) stops the panels and closes the session
    qtbot.waitUntil(lambda: window._closed, timeout=TIMEOUT)
    assert not unexpected


def test_the_case_window_speaks_spanish(window_es: MainWindow, qtbot) -> None:
    window = window_es
    table, viewers = window.views["file_table"], window.views["viewers"]
    model = table.model
    headers = [model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
               for section in range(model.columnCount())]
    assert headers[model.section_of("name")] == "Nombre"
    assert headers[model.section_of("path")] == "Ruta"
    assert headers[model.section_of("size")] == "Tamaño"
    assert headers[model.section_of("mtime")] == "Modificado"
    assert headers[model.section_of("category")] == "Categoría"
    spanish_titles = {spanish("Columns", column.title) for column in COLUMNS}
    english_only = {column.title for column in COLUMNS} - spanish_titles
    assert headers and all(header in spanish_titles or header.removesuffix(" (no ordenable)") in spanish_titles
                           for header in headers), headers
    assert not english_only & set(headers)
    assert table.status.text() == "11 archivos"

    assert not isinstance(viewers, PlaceholderView)
    tabs = [viewers.tabText(index) for index in range(viewers.count())]
    expected_tabs = ["Vista &previa", "&Texto", "He&x", "&Metadatos", "&Entidades", "&Coincidencias", "C&orreo",
                     "&Base de datos", "Compr&imido", "Pá&ginas"]
    if viewers.document is not None:  # the Document tab, where its readers are installed
        expected_tabs.append("&Documento")
    assert tabs == expected_tabs
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Archivo", "&Ver", "&Revisión", "A&yuda"]
    keys = [mnemonic(text) for text in menus + tabs]
    assert len(keys) == len(set(keys)), keys  # Alt+letter reaches one thing only
    assert {key: window.docks[key].windowTitle() for key in ("evidence_tree", "categories", "viewers",
                                                             "ingest_panel")} == {
        "evidence_tree": "Evidencias", "categories": "Categorías", "viewers": "Visor", "ingest_panel": "Procesado"}

    categories = window.views["categories"]
    qtbot.waitUntil(lambda: categories.model.rowCount() > 1, timeout=TIMEOUT)
    category_model = categories.model
    assert category_model.data(category_model.index(0)) == "Todos los archivos"
    assert category_model.title(category_model.row_of("images")) == "Imágenes"
    assert category_model.title(category_model.row_of("hash_hits")) == "Coincidencias de conjuntos de hash"

    ingest = window.views["ingest_panel"]
    if not isinstance(ingest, PlaceholderView):
        assert ingest.start_button.text() in ("&Iniciar", "&Reanudar")
        assert ingest.cancel_button.text() == "Ca&ncelar"
        buddies = [label.text() for label in ingest.findChildren(QLabel) if label.buddy() is not None]
        assert buddies == ["Tareas &simultáneas:", "&Dispositivo:", "Idiomas de &OCR:"]
        labels = [mnemonic(text) for text in (ingest.start_button.text(), ingest.cancel_button.text(), *buddies)]
        assert len(labels) == len(set(labels)) and not set(labels) & {mnemonic(text) for text in menus}
