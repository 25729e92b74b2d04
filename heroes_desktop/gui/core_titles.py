"""The strings the window translates at run time, out of variables, that ``pyside6-lupdate`` cannot see where they
are used: the core's column titles (context ``Columns``, :data:`heroes_desktop.browse.columns.COLUMNS`), its
category titles and the Project VIC categories' meanings (``Categories``), the filter dialog's operators
(``FilterDialog``), the ingest panel's phases (``IngestPanel``, through its ``_tr``), the add-evidence dialog's
format names and hash verdicts (``AddEvidenceDialog``, through a local ``tr`` lambda that lupdate files under an
empty context), the review pane's and the triage queue's words (``ReviewPane``, ``TriageQueueView``, through their
``_tr``), the timeline's kinds of event (``Timeline``, :data:`heroes_desktop.gui.models.timeline_model.KIND_TITLES`),
the selection export's messages (``SelectionExport``, through its ``_tr``), the words of the "What was done" panel
(``CaseHistoryView``, written through a ``tr = self.tr`` alias and inside f-strings, where lupdate does not see them)
and the plural messages of :func:`heroes_desktop.gui.models.counted` (and of the links graph's tooltip, an
f-string). (The people panel's column titles, context ``EntityModel``, are marked with ``QT_TRANSLATE_NOOP`` where
they are defined, so lupdate sees them there.)

Nothing here is called by the window: the literals are written out so that ``scripts/update_translations.sh``
extracts them into the ``.ts`` files (``QT_TRANSLATE_NOOP`` marks a string without translating it; the plural ones
are spelled as ``QCoreApplication.translate(context, text, "", n)`` calls, which lupdate records as numerus
entries). ``tests/gui/test_translations.py`` checks that these lists match the core's, so a new column or category
title that is missing here fails there.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

COLUMN_TITLES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Columns", "ID"),
    QT_TRANSLATE_NOOP("Columns", "Evidence"),
    QT_TRANSLATE_NOOP("Columns", "Partition"),
    QT_TRANSLATE_NOOP("Columns", "File system"),
    QT_TRANSLATE_NOOP("Columns", "Snapshot"),
    QT_TRANSLATE_NOOP("Columns", "Path"),
    QT_TRANSLATE_NOOP("Columns", "Name"),
    QT_TRANSLATE_NOOP("Columns", "Folder"),
    QT_TRANSLATE_NOOP("Columns", "Kind"),
    QT_TRANSLATE_NOOP("Columns", "Size"),
    QT_TRANSLATE_NOOP("Columns", "Deleted"),
    QT_TRANSLATE_NOOP("Columns", "Reallocated"),
    QT_TRANSLATE_NOOP("Columns", "Inode"),
    QT_TRANSLATE_NOOP("Columns", "Modified"),
    QT_TRANSLATE_NOOP("Columns", "Accessed"),
    QT_TRANSLATE_NOOP("Columns", "Changed"),
    QT_TRANSLATE_NOOP("Columns", "Created"),
    QT_TRANSLATE_NOOP("Columns", "MD5"),
    QT_TRANSLATE_NOOP("Columns", "SHA-1"),
    QT_TRANSLATE_NOOP("Columns", "SHA-256"),
    QT_TRANSLATE_NOOP("Columns", "ED2K"),
    QT_TRANSLATE_NOOP("Columns", "Type"),
    QT_TRANSLATE_NOOP("Columns", "Extension mismatch"),
    QT_TRANSLATE_NOOP("Columns", "Container"),
    QT_TRANSLATE_NOOP("Columns", "Encrypted"),
    QT_TRANSLATE_NOOP("Columns", "Container item"),
    QT_TRANSLATE_NOOP("Columns", "Status"),
    QT_TRANSLATE_NOOP("Columns", "Error"),
    QT_TRANSLATE_NOOP("Columns", "Hash hits"),
    QT_TRANSLATE_NOOP("Columns", "Hash-set category"),
    QT_TRANSLATE_NOOP("Columns", "Category"),
    QT_TRANSLATE_NOOP("Columns", "Triage score"),
    QT_TRANSLATE_NOOP("Columns", "Bookmarks"),
)

CATEGORY_TITLES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Categories", "Images"),
    QT_TRANSLATE_NOOP("Categories", "Videos"),
    QT_TRANSLATE_NOOP("Categories", "Audio"),
    QT_TRANSLATE_NOOP("Categories", "Documents"),
    QT_TRANSLATE_NOOP("Categories", "E-mail"),
    QT_TRANSLATE_NOOP("Categories", "Chats and databases"),
    QT_TRANSLATE_NOOP("Categories", "Archives"),
    QT_TRANSLATE_NOOP("Categories", "Other files"),
    QT_TRANSLATE_NOOP("Categories", "Deleted"),
    QT_TRANSLATE_NOOP("Categories", "Extension mismatch"),
    QT_TRANSLATE_NOOP("Categories", "Hash-set hits"),
    QT_TRANSLATE_NOOP("Categories", "Flagged by triage"),
    QT_TRANSLATE_NOOP("Categories", "P2P artifacts"),
    QT_TRANSLATE_NOOP("Categories", "P2P content"),
    QT_TRANSLATE_NOOP("Categories", "P2P matches"),
    QT_TRANSLATE_NOOP("Categories", "Bookmarks"),
    QT_TRANSLATE_NOOP("Categories", "Categorised"),
)

# The meanings of the Project VIC categories (heroes_desktop.hashsets.categories.CATEGORIES), shown beside CAT-n.
VIC_MEANINGS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Categories", "uncategorised"),
    QT_TRANSLATE_NOOP("Categories", "child abuse material"),
    QT_TRANSLATE_NOOP("Categories", "child exploitive (non-CSAM)"),
    QT_TRANSLATE_NOOP("Categories", "CGI / animation"),
    QT_TRANSLATE_NOOP("Categories", "comparison images"),
    QT_TRANSLATE_NOOP("Categories", "non-pertinent"),
)

# The filter dialog's operators (heroes_desktop.gui.views.file_table._op_title).
FILTER_OPERATORS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("FilterDialog", "contains"),
    QT_TRANSLATE_NOOP("FilterDialog", "is"),
    QT_TRANSLATE_NOOP("FilterDialog", "is not"),
    QT_TRANSLATE_NOOP("FilterDialog", "at least / from"),
    QT_TRANSLATE_NOOP("FilterDialog", "at most / until"),
    QT_TRANSLATE_NOOP("FilterDialog", "yes"),
    QT_TRANSLATE_NOOP("FilterDialog", "no"),
)

# The ingest's phases (heroes_desktop.gui.views.ingest_panel.IngestPanel.state_text).
INGEST_PHASES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("IngestPanel", "opening the evidence and scanning volumes"),
    QT_TRANSLATE_NOOP("IngestPanel", "walking file systems"),
    QT_TRANSLATE_NOOP("IngestPanel", "processing items"),
    QT_TRANSLATE_NOOP("IngestPanel", "matching hash sets"),
    QT_TRANSLATE_NOOP("IngestPanel", "finding entities"),
    QT_TRANSLATE_NOOP("IngestPanel", "modelling topics"),
)

# The plural messages given to heroes_desktop.gui.models.counted, as (context, text).
PLURALS: tuple[tuple[str, str], ...] = (
    ("FileTableView", "%n file(s)"),
    ("CategoryModel", "%n file(s)"),
    ("EvidenceTreeModel", "%n file(s) directly here"),
    ("Categoriser", "%1 on %n file(s)"),
    ("Categoriser", "Bookmark \u201c%1\u201d on %n file(s)"),
    ("HashSetConfirmDialog", "%n file(s) categorised from their hash sets; none was shown"),
    ("HashSetConfirmDialog", "%n file(s) matched only perceptually: left to you, since a perceptual match means the "
                             "picture looks like a listed one, not that it is the same file."),
    ("HashSetConfirmDialog", "%n file(s) whose exact hash-set matches disagree on the category: left to you, since no "
                             "set decides them."),
    ("HashSetConfirmDialog", "%n file(s): %1 from %2"),
    ("HashSetConfirmDialog", "Confirming %n file(s), without showing them…"),
    ("NearDuplicateDialog", "%1 carried to %n file(s)"),
    ("NearDuplicateDialog", "%n picture(s) in the near-duplicate group of %1"),
    ("NearDuplicateDialog", "Writing %1 on %n file(s)…"),
)


def _plural_messages_for_lupdate(count: int) -> list[str]:
    """The plural messages as lupdate must see them (literal calls with a count); never needed by the window."""
    return [
        QCoreApplication.translate("FileTableView", "%n file(s)", "", count),
        QCoreApplication.translate("CategoryModel", "%n file(s)", "", count),
        QCoreApplication.translate("EvidenceTreeModel", "%n file(s) directly here", "", count),
        QCoreApplication.translate("Categoriser", "%1 on %n file(s)", "", count),
        QCoreApplication.translate("Categoriser", "Bookmark \u201c%1\u201d on %n file(s)", "", count),
        QCoreApplication.translate("HashSetConfirmDialog", "%n file(s) categorised from their hash sets; none was "
                                   "shown", "", count),
        QCoreApplication.translate("HashSetConfirmDialog", "%n file(s) matched only perceptually: left to you, since a "
                                   "perceptual match means the picture looks like a listed one, not that it is the "
                                   "same file.", "", count),
        QCoreApplication.translate("HashSetConfirmDialog", "%n file(s) whose exact hash-set matches disagree on the "
                                   "category: left to you, since no set decides them.", "", count),
        QCoreApplication.translate("HashSetConfirmDialog", "%n file(s): %1 from %2", "", count),
        QCoreApplication.translate("HashSetConfirmDialog", "Confirming %n file(s), without showing them…", "", count),
        QCoreApplication.translate("NearDuplicateDialog", "%1 carried to %n file(s)", "", count),
        QCoreApplication.translate("NearDuplicateDialog", "%n picture(s) in the near-duplicate group of %1", "",
                                   count),
        QCoreApplication.translate("NearDuplicateDialog", "Writing %1 on %n file(s)…", "", count),
    ]


# heroes_desktop.gui.dialogs.add_evidence translates these through a local ``tr = lambda text:
# QCoreApplication.translate("AddEvidenceDialog", text)``: lupdate records such calls under an empty context, so
# the window's context is named here.
EVIDENCE_WORDS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "Raw image"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "Split raw image"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "EnCase image (E01)"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "Folder of files"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "Virtual disk (VMDK)"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "Virtual disk (VHD)"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "Virtual disk (VHDX)"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "Virtual disk (QCOW2)"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "{title}, {count} files"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "folder: no image hash (each file is hashed by ingest)"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "folder: files hashed at intake: {count} (manifest SHA-256)"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "stored hashes verified"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "STORED HASHES DO NOT MATCH"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "no stored hashes in the image"),
    QT_TRANSLATE_NOOP("AddEvidenceDialog", "{format} image: no stored hashes to verify (hashed when added)"),
)

# The review pane's words (heroes_desktop.gui.views.review_pane, through its ``_tr``): the item's kind line, its
# faces, hash-set hits and triage reasons.
REVIEW_WORDS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("ReviewPane", ", deleted"),
    QT_TRANSLATE_NOOP("ReviewPane", ", median {0:.0f}"),
    QT_TRANSLATE_NOOP("ReviewPane", ", {0} key frames"),
    QT_TRANSLATE_NOOP("ReviewPane", "Context"),
    QT_TRANSLATE_NOOP("ReviewPane", "Context: {0}"),
    QT_TRANSLATE_NOOP("ReviewPane", "Detector"),
    QT_TRANSLATE_NOOP("ReviewPane", "Detector: no nudity labels"),
    QT_TRANSLATE_NOOP("ReviewPane", "Detector: {0}"),
    QT_TRANSLATE_NOOP("ReviewPane", "Face"),
    QT_TRANSLATE_NOOP("ReviewPane", "Hash set"),
    QT_TRANSLATE_NOOP("ReviewPane", "Hash set {name}: {category} ({kind}, {how})"),
    QT_TRANSLATE_NOOP("ReviewPane", "Hash sets disagree: {0}"),
    QT_TRANSLATE_NOOP("ReviewPane", "No face found"),
    QT_TRANSLATE_NOOP("ReviewPane", "Not analysed by image triage"),
    QT_TRANSLATE_NOOP("ReviewPane", "Picture, {size}"),
    QT_TRANSLATE_NOOP("ReviewPane", "Picture, {width}×{height}, {size}"),
    QT_TRANSLATE_NOOP("ReviewPane", "Triage score {score:.2f}"),
    QT_TRANSLATE_NOOP("ReviewPane", "Triage score {score:.2f}, suggests {category}"),
    QT_TRANSLATE_NOOP("ReviewPane", "Video, {length}, {audio}, {size}"),
    QT_TRANSLATE_NOOP("ReviewPane", "Your category: {0}"),
    QT_TRANSLATE_NOOP("ReviewPane", "age unknown"),
    QT_TRANSLATE_NOOP("ReviewPane", "audio present (sound off)"),
    QT_TRANSLATE_NOOP("ReviewPane", "audio unknown (sound off)"),
    QT_TRANSLATE_NOOP("ReviewPane", "below"),
    QT_TRANSLATE_NOOP("ReviewPane", "counted"),
    QT_TRANSLATE_NOOP("ReviewPane", "est. age {low:.0f}–{high:.0f}"),
    QT_TRANSLATE_NOOP("ReviewPane", "exact"),
    QT_TRANSLATE_NOOP("ReviewPane", "face"),
    QT_TRANSLATE_NOOP("ReviewPane", "female"),
    QT_TRANSLATE_NOOP("ReviewPane", "length unknown"),
    QT_TRANSLATE_NOOP("ReviewPane", "male"),
    QT_TRANSLATE_NOOP("ReviewPane", "no audio"),
    QT_TRANSLATE_NOOP("ReviewPane", "no category"),
    QT_TRANSLATE_NOOP("ReviewPane", "nothing"),
    QT_TRANSLATE_NOOP("ReviewPane", "perceptual, distance {0}"),
    QT_TRANSLATE_NOOP("ReviewPane", "{0:.0f} s"),
    QT_TRANSLATE_NOOP("ReviewPane", "{count} face(s): {faces}"),
    QT_TRANSLATE_NOOP("ReviewPane", "{gender}, {ages}; P(under 18) {p:.2f}"),
)

# The triage queue's words (heroes_desktop.gui.views.triage_queue, through its ``_tr``): suggestions and how a
# categorisation was reached.
TRIAGE_WORDS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("TriageQueueView", "%1 from image triage"),
    QT_TRANSLATE_NOOP("TriageQueueView", "%1 from the hash sets (%2)"),
    QT_TRANSLATE_NOOP("TriageQueueView", "exact match"),
    QT_TRANSLATE_NOOP("TriageQueueView", "from a hash set"),
    QT_TRANSLATE_NOOP("TriageQueueView", "no suggestion"),
    QT_TRANSLATE_NOOP("TriageQueueView", "perceptual match only: looks like, not is"),
    QT_TRANSLATE_NOOP("TriageQueueView", "suggestion accepted"),
    QT_TRANSLATE_NOOP("TriageQueueView", "suggestion overridden"),
    QT_TRANSLATE_NOOP("TriageQueueView", "the examiner's own"),
)

# The timeline's kinds of event (heroes_desktop.gui.models.timeline_model.KIND_TITLES, through kind_title).
TIMELINE_KINDS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Timeline", "modified (file system)"),
    QT_TRANSLATE_NOOP("Timeline", "accessed (file system)"),
    QT_TRANSLATE_NOOP("Timeline", "metadata changed (file system)"),
    QT_TRANSLATE_NOOP("Timeline", "created (file system)"),
    QT_TRANSLATE_NOOP("Timeline", "e-mail Date header"),
    QT_TRANSLATE_NOOP("Timeline", "document created (its metadata)"),
    QT_TRANSLATE_NOOP("Timeline", "document modified (its metadata)"),
    QT_TRANSLATE_NOOP("Timeline", "document printed (its metadata)"),
    QT_TRANSLATE_NOOP("Timeline", "picture taken (EXIF)"),
    QT_TRANSLATE_NOOP("Timeline", "picture digitised (EXIF)"),
    QT_TRANSLATE_NOOP("Timeline", "GPS time (EXIF)"),
    QT_TRANSLATE_NOOP("Timeline", "custody event (the case's own log)"),
)

# The selection export's messages (heroes_desktop.gui.dialogs.selection_export, through its ``_tr``).
SELECTION_EXPORT_WORDS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("SelectionExport", "Exporting the selection"),
    QT_TRANSLATE_NOOP("SelectionExport", "This case is open read-only: an export is recorded in the custody chain, "
                                         "so open the case for work or review to export."),
    QT_TRANSLATE_NOOP("SelectionExport", "Nothing is selected: select events of the timeline or rows of the file "
                                         "table first."),
    QT_TRANSLATE_NOOP("SelectionExport", "Export the selection as CSV"),
    QT_TRANSLATE_NOOP("SelectionExport", "CSV files (*.csv)"),
    QT_TRANSLATE_NOOP("SelectionExport", "%1 rows written to %2 (SHA-256 %3…), recorded in the custody log."),
    QT_TRANSLATE_NOOP("SelectionExport", "The selection was not exported: %1"),
)


# The "What was done" panel's words (heroes_desktop.gui.views.case_history_view.CaseHistoryView.render, through
# ``tr = self.tr`` and inside f-strings: lupdate files the few it sees under an empty context and misses the rest).
CASE_HISTORY_WORDS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("CaseHistoryView", "Pictures"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Videos"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Documents"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Case number"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Evidence"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "added"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "by"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "{n} damaged areas"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Ingest runs"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "No ingest has run."),
    QT_TRANSLATE_NOOP("CaseHistoryView", "finished"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "INTERRUPTED (resumable)"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "did not finish"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Run"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "on"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Stages"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Items"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Versions"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Models"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Model"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Licence"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Matches the manifest"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "yes"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "NO"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Items that failed"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "{n} items failed or were read in part:"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "None."),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Areas not read"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Hash sets"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "None imported."),
    QT_TRANSLATE_NOOP("CaseHistoryView", "entries"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "imported"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "source"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Coverage"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Kind"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Files"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Categorised"),
    QT_TRANSLATE_NOOP("CaseHistoryView", "Reviewed (any tag)"),
)


def _plural_messages_lupdate_misses(count: int) -> list[str]:
    """Plural messages the window translates inside f-strings, where lupdate does not see them (the links
    graph's node tooltip, heroes_desktop.gui.views.people_view); never needed by the window."""
    return [QCoreApplication.translate("LinksGraphView", "%n file(s)", "", count)]
