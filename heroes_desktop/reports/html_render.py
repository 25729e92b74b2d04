"""The report as HTML: one document for the self-contained HTML folder, and the same markup for the PDF.

MuPDF's HTML layout (PyMuPDF ``Story``) honours cell widths only in points, so every table here states the width
of each column in points; the PDF writer relies on that to repeat a table's header row on each page it spans.
The examiner's interpretation (category, its origin, bookmarks, notes) is always set apart from the facts the
program established.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from heroes_desktop.hashsets.matching import EXACT_ALGORITHMS
from heroes_desktop.reports.content import Finding, ReportContent

CONTENT_WIDTH = 511  # points: A4 (595 pt) less the 42 pt side margins the PDF writer uses
LABEL_WIDTH = 128
MONO = ' class="mono"'
BLOCK_BREAK = "<!--block-->"  # where the PDF writer may start a new small story (see pdf_render._Flow)
TABLE_CHUNK = 60  # rows per block of a long table
CARDS_PER_BLOCK = 6  # findings per block
TABLE_JOIN = f'</table>{BLOCK_BREAK}<table class="cont">'  # a long table's seam between two blocks

CSS = """
body { font-family: sans-serif; font-size: 9pt; color: #111; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 6pt 0; }
h2 { font-size: 13pt; margin: 12pt 0 4pt 0; border-bottom: 1px solid #444; }
h3 { font-size: 10.5pt; margin: 9pt 0 3pt 0; }
p { margin: 2pt 0 4pt 0; }
table { border-collapse: collapse; margin: 2pt 0 6pt 0; }
table.open, table.cont { margin-bottom: 0; }
table.cont { margin-top: 0; }
th { text-align: left; font-weight: bold; border-bottom: 1pt solid #333; }
th, td { border: 0.5pt solid #888; padding: 1.5pt 3pt; vertical-align: top; font-size: 8pt; }
td.key { font-weight: bold; }
td.mono, span.mono, .mono { font-family: monospace; font-size: 7pt; }
.bad { color: #b00000; font-weight: bold; }
.good { color: #006000; font-weight: bold; }
.small { font-size: 7.5pt; color: #333; }
.interpretation td.key { color: #6a4a00; }
.interpretation { border-left: 2pt solid #c89000; }
.facts-title, .interp-title { font-size: 8pt; font-weight: bold; margin: 3pt 0 1pt 0; }
.thumb { border: 0.5pt solid #888; }
"""


@dataclass
class Table:
    """A table whose header row the PDF writer repeats on every page it spans."""

    table_id: str
    header_html: str  # a <table> holding the header row alone, with the same column widths
    rows: int  # body rows; the header row is ``{table_id}-h``, body row k is ``{table_id}-{k}``


@dataclass
class ReportMarkup:
    """The report's body as HTML fragments, each starting on a new page in the PDF."""

    parts: list[str]
    tables: dict[str, Table] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)  # file name -> JPEG bytes, referenced by <img src>

    def document(self, title: str) -> str:
        """The whole report as one HTML document (the HTML folder's ``index.html``)."""
        body = "\n".join(self.parts).replace(TABLE_JOIN, "").replace(BLOCK_BREAK, "")
        return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
                f"<style>{CSS}\n@media print {{ thead {{ display: table-header-group; }} }}\n"
                "body { max-width: 190mm; margin: 12mm auto; }</style></head>\n"
                f"<body>\n{body}\n</body></html>\n")


class _Builder:
    def __init__(self) -> None:
        self.tables: dict[str, Table] = {}

    def table(self, columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[str]], *, repeat: bool = True,
              mono: Sequence[int] = ()) -> str:
        """A table of already-escaped cells; ``columns`` are (title, width in points)."""
        table_id = f"t{len(self.tables) + 1}"
        widths = [_inner(width) for _, width in columns]
        head = "".join(f'<th style="width:{width}pt">{_e(title)}</th>' for (title, _), width in zip(columns, widths))
        body = []
        for number, row in enumerate(rows):
            cells = "".join(
                f'<td style="width:{widths[index]}pt"{MONO if index in mono else ""}>{cell}</td>'
                for index, cell in enumerate(row))
            if number and number % TABLE_CHUNK == 0:
                body.append(TABLE_JOIN)
            body.append(f'<tr id="{table_id}-{number}">{cells}</tr>')
        if repeat:
            self.tables[table_id] = Table(table_id, f"<table><tr>{head}</tr></table>", len(rows))
        opening = ' class="open"' if len(rows) > TABLE_CHUNK else ""
        return f'<table id="{table_id}"{opening}><tr id="{table_id}-h">{head}</tr>{"".join(body)}</table>'

    @staticmethod
    def pairs(rows: Sequence[tuple[str, str]], *, css_class: str = "", mono_keys: Sequence[str] = ()) -> str:
        """A two-column key/value table of escaped values."""
        width = _inner(CONTENT_WIDTH - LABEL_WIDTH)
        cells = "".join(
            f'<tr><td class="key" style="width:{_inner(LABEL_WIDTH)}pt">{_e(key)}</td>'
            f'<td style="width:{width}pt"{MONO if key in mono_keys else ""}>{value}</td></tr>'
            for key, value in rows)
        klass = f' class="{css_class}"' if css_class else ""
        return f"<table{klass}>{cells}</table>"


def _inner(width: int) -> float:
    """A column's content width: its share of the page less the cell's padding (3 pt each side) and border."""
    return width - 6.5


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _time(value: str | None) -> str:
    """``2026-12-02T12:17:05.111786Z`` -> ``2026-12-02 12:17:05 UTC``; an absent time says so."""
    if not value:
        return "not recorded"
    text = str(value).replace("T", " ")
    for suffix in ("+00:00", "Z"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.split(".")[0] + " UTC"


def _size(value: int | None) -> str:
    if value is None:
        return "unknown"
    units = ["B", "KiB", "MiB", "GiB", "TiB"]
    amount, unit = float(value), 0
    while amount >= 1024 and unit < len(units) - 1:
        amount, unit = amount / 1024, unit + 1
    short = f"{amount:.1f} {units[unit]}" if unit else f"{value} B"
    return f"{value:,} bytes" + (f" ({short})" if unit else "")


def render_markup(content: ReportContent, thumbnails: dict[int, bytes] | None = None, *,
                  annex: bool = False) -> ReportMarkup:
    """The report's HTML; ``thumbnails`` (file id -> JPEG, already obscured as chosen) are pictured in findings.
    An ``annex`` (the restricted annex) holds the front page, the findings and the declaration only."""
    builder = _Builder()
    images = {f"thumb-{file_id}.jpg": data for file_id, data in (thumbnails or {}).items()}
    if annex:
        return ReportMarkup(parts=[_front(content, builder, "Restricted annex"),
                                   _findings(content, builder, set(thumbnails or {})) + _declaration(content)],
                            tables=builder.tables, images=images)
    parts = [
        _front(content, builder) + _evidence(content, builder) + _methods(content, builder)
        + _processing(content, builder),
        _findings(content, builder, set(thumbnails or {})),
        _custody(content, builder) + _limitations(content) + _declaration(content),
    ]
    return ReportMarkup(parts=parts, tables=builder.tables, images=images)


def _front(content: ReportContent, builder: _Builder, title: str = "Examination report") -> str:
    case = content.case
    rows = [
        ("Report id", f'<span class="mono">{_e(content.report_id)}</span>'),
        ("Case number", _e(case["number"] or "not given")),
        ("Case title", _e(case["title"] or "not given")),
        ("Case id", f'<span class="mono">{_e(case["case_id"])}</span>'),
        ("Requested by", _e(case["requester"] or "not recorded")),
        ("Examiner(s)", _e(", ".join(case["examiners"]) or "not recorded")),
        ("Supervisor(s)", _e(", ".join(case["supervisors"]) or "none recorded")),
        ("Case opened", _e(_time(case["created_at"]))),
        ("Examination", f'{_e(_time(case["examination_from"]))} to {_e(_time(case["examination_to"]))}'),
        ("Report written", f'{_e(_time(content.generated_at))} by {_e(content.author["name"])} '
                           f'({_e(content.author["role"])})'),
        ("Program", _e(content.program)),
    ]
    scope = "".join(f"<p>{_e(line)}</p>" for line in content.scope)
    return (f"<h1>{_e(title)}</h1>{builder.pairs(rows)}"
            f"<h2>1. Scope</h2>{scope}")


def _evidence(content: ReportContent, builder: _Builder) -> str:
    out = ["<h2>2. Evidence</h2>"]
    if not content.evidence:
        out.append("<p>No evidence item is registered in this case.</p>")
    for item in content.evidence:
        verification_class = "good" if item["verified"] else "bad" if item["verified"] is False else ""
        damaged = item["damaged"]
        damaged_text = ("none found" if not damaged else
                        "; ".join(f"offset {d.get('offset')}, {d.get('length')} bytes: {d.get('error', '')}"
                                  for d in damaged[:50]) + (f"; and {len(damaged) - 50} more" if len(damaged) > 50
                                                             else ""))
        rows = [
            ("Label", _e(item["label"])), ("Format", _e(item["format"])),
            ("Source path(s)", "<br>".join(_e(path) for path in item["paths"])),
            ("Size", _e(_size(item["size"]))),
            ("MD5", _e(item["md5"] or "not computed")), ("SHA-1", _e(item["sha1"] or "not computed")),
            ("SHA-256", _e(item["sha256"] or "not computed")),
        ]
        if item["stored_md5"] or item["stored_sha1"]:
            rows += [("Stored MD5", _e(item["stored_md5"] or "none")),
                     ("Stored SHA-1", _e(item["stored_sha1"] or "none"))]
        rows += [
            ("Verification", f'<span class="{verification_class}">{_e(item["verification"])}</span>'),
            ("Damaged chunks", _e(damaged_text)),
            ("Added", f'{_e(_time(item["added_at"]))} by {_e(item["added_by"])}'),
            ("Handling", _e(item["read_only"])),
        ]
        headers = item["headers"]
        if headers:
            rows.append(("Acquisition record", "<br>".join(f"{_e(key)}: {_e(value)}"
                                                           for key, value in sorted(headers.items()))))
        out.append(f'<h3>Evidence {item["id"]}: {_e(item["label"])}</h3>')
        out.append(builder.pairs(rows, mono_keys=("MD5", "SHA-1", "SHA-256", "Stored MD5", "Stored SHA-1")))
        if item["volumes"]:
            out.append(builder.table(
                [("Partition", 56), ("Offset", 70), ("Length", 76), ("File system", 64), ("Status", 60),
                 ("Description", 185)],
                [[_e("whole" if volume["partition"] is None else volume["partition"]), _e(volume["offset"]),
                  _e(volume["length"]), _e(volume["fs_type"] or "none"),
                  _e(volume["status"] + (f" ({volume['encryption']})" if volume["encryption"] else "")),
                  _e((volume["description"] or "") + (f"; shadow copy {volume['snapshot']}" if volume["snapshot"]
                                                      else "") + (f"; {volume['error']}" if volume["error"] else ""))]
                 for volume in item["volumes"]]))
    return "".join(out)


def _methods(content: ReportContent, builder: _Builder) -> str:
    methods = content.methods
    out = ["<h2>3. Methods</h2>",
           "<p>The evidence was processed by HEROES Desktop, which reads evidence read-only, records every "
           "operation in a signed chain of custody, and runs each item through the stages named below.</p>"]
    components = [("Program", _e(methods["program"])),
                  ("Stages", _e(f"part of {methods['program']}, versioned with it; their libraries below"))]
    components += [(name, _e(version)) for name, version in sorted(methods["components"].items(),
                                                                   key=lambda item: item[0].lower())]
    components.append(("Processing device", _e(methods["device"])))
    out.append(builder.pairs(components))
    out.append("<h3>Ingest runs</h3>")
    if methods["runs"]:
        out.append(builder.table(
            [("Run", 28), ("Started (UTC)", 92), ("Finished (UTC)", 92), ("Status", 60), ("Stages", 239)],
            [[_e(run["id"]), _e(_time(run["started_at"])), _e(_time(run["finished_at"]) if run["finished_at"]
                                                              else "not finished"),
              _e(run["status"]), _e(run["stages"])] for run in methods["runs"]]))
    else:
        out.append("<p>No ingest run is recorded.</p>")
    out.append("<h3>Models</h3>")
    if methods["models"]:
        out.append("<p>Each model file's SHA-256 was verified against the program's manifest before use and "
                   "recorded in the chain of custody.</p>")
        out.append(builder.table(
            [("Model", 112), ("Version", 40), ("Licence", 70), ("SHA-256 (verified)", 289)],
            [[_e(model["id"]), _e(model["version"]), _e(model["licence"]),
              _e(model["sha256"]) + ("" if model["verified"] else ' <span class="bad">not in the manifest</span>')]
             for model in methods["models"]], mono=(3,)))
    else:
        out.append("<p>No model was used.</p>")
    out.append("<h3>Hash sets</h3>")
    if methods["hashsets"]:
        out.append(builder.table(
            [("Name", 100), ("Format", 38), ("Entries", 40), ("Category", 48), ("Source SHA-256", 285)],
            [[_e(row["name"]) + (" (known good)" if row["known_good"] else ""), _e(row["format"]),
              _e(row["entries"]), _e(row["category"] or "per entry"), _e(row["source_sha256"])]
             for row in methods["hashsets"]], mono=(4,)))
    else:
        out.append("<p>No hash set was imported.</p>")
    thresholds = ", ".join(f"{name} {bits} bits" for name, bits in methods["thresholds"].items())
    out.append(f"<p>Perceptual-hash matching thresholds (Hamming distance at most): {_e(thresholds)}.</p>")
    return "".join(out)


def _processing(content: ReportContent, builder: _Builder) -> str:
    processing = content.processing
    counts = processing["counts"]
    analysed = processing["analysed"]
    rows = [("File entries", _e(processing["files"])),
            ("Processed fully", _e(counts.get("ok", 0))),
            ("Processed in part", _e(counts.get("partial", 0))),
            ("Failed", _e(counts.get("failed", 0))),
            ("Not yet processed", _e(counts.get("pending", 0))),
            ("Encrypted files", _e(processing["encrypted_files"])),
            ("Pictures and videos analysed", _e(", ".join(f"{count} {kind}(s)" for kind, count in
                                                          sorted(analysed.items())) or "none")),
            ("Warnings recorded", _e(processing["warnings"]))]
    out = ["<h2>4. Processing summary</h2>", builder.pairs(rows)]
    if processing["areas"]:
        out.append("<h3>Areas that could not be read</h3>")
        out.append(builder.table(
            [("Evidence", 50), ("Partition", 54), ("Status", 70), ("Description and reason", 337)],
            [[_e(area["evidence_id"]), _e("whole" if area["partition"] is None else area["partition"]),
              _e(area["status"] + (f" ({area['encryption']})" if area["encryption"] else "")),
              _e((area["description"] or "") + (f": {area['error']}" if area["error"] else ""))]
             for area in processing["areas"]]))
    if processing["failures"]:
        shown, total = len(processing["failures"]), processing["failures_total"]
        out.append(f"<h3>Items that failed or were processed in part ({total})</h3>")
        if total > shown:
            out.append(f"<p>The first {shown} are listed; `heroes files CASE --json` lists all.</p>")
        out.append(builder.table(
            [("File id", 40), ("Status", 44), ("Path", 210), ("Reason", 217)],
            [[_e(row["file_id"]), _e(row["status"]), _e(row["path"]), _e(row["reason"])]
             for row in processing["failures"]]))
    return "".join(out) + _p2p(content, builder)


def _p2p_match(match: dict[str, Any]) -> str:
    """"police list CAT-1 (record)": the set, its category, and whether the record's own hash or a content file
    matched."""
    category = f" {match['category']}" if match.get("category") else ""
    return f"{match['hashset']}{category} ({'record' if match['via'] == 'record' else 'content'})"


def _p2p(content: ReportContent, builder: _Builder) -> str:
    """4.1: what the P2P clients recorded, and the records whose file or kept hash is in a hash set."""
    p2p = content.p2p
    if not p2p:
        return ""
    out = ["<h3>4.1 P2P client records</h3>",
           f"<p>{_e(p2p['records'])} records were read from the P2P clients' files; {_e(p2p['with_content'])} "
           f"describe files found in the evidence (by ED2K, SHA-1 or MD5, by torrent pieces, or by name and size "
           f"only, which is stated as such); {_e(p2p['matched_total'])} match a hash set.</p>",
           builder.table([("Client", 150), ("Kind", 150), ("Records", 211)],
                         [[_e(row["client"]), _e(row["kind"]), _e(row["records"])] for row in p2p["by_client"]])]
    if p2p["matched"]:
        shown, total = len(p2p["matched"]), p2p["matched_total"]
        out.append(f"<p>Records that match a hash set ({_e(total)})"
                   + (f"; the first {shown} are listed, `heroes p2p CASE --matched` lists all" if total > shown
                      else "") + ":</p>")
        out.append(builder.table(
            [("Client / kind", 70), ("Name", 140), ("Hash kept by the client", 120), ("Content files", 60),
             ("Hash set and category", 121)],
            [[_e(f"{row['client']} {row['kind']}"), _e(row["name"] or ""),
              _e(row["ed2k"] and f"ED2K {row['ed2k']}" or row["infohash"] and f"BTIH {row['infohash']}"
                 or row["infohash_v2"] and f"BTIH v2 {row['infohash_v2']}" or ""),
              _e(", ".join(map(str, row["content_file_ids"])) or "none found"),
              _e("; ".join(sorted({_p2p_match(match) for match in row["matches"]})))]
             for row in p2p["matched"]]))
    return "".join(out)


def _findings(content: ReportContent, builder: _Builder, pictured: set[int]) -> str:
    total = content.findings_total
    out = ["<h2>5. Findings</h2>"]
    if not content.findings:
        out.append("<p>No item was selected for this report.</p>")
        return "".join(out)
    if len(content.findings) < total:
        out.append(f"<p>{len(content.findings)} of {total} selected items are shown (a preview).</p>")
    out.append("<p>For each item, the facts the program established come first; the examiner's interpretation "
               "(category and its origin, bookmarks, notes) follows under its own heading.</p>")
    out.append(builder.table(
        [("No.", 28), ("File id", 40), ("Path", 323), ("Category", 120)],
        [[_e(f.number), _e(f.file_id), _e(f.path), _e(f.category or ", ".join(f.bookmarks) or "")]
         for f in content.findings]))
    for number, finding in enumerate(content.findings):
        if number % CARDS_PER_BLOCK == 0:
            out.append(BLOCK_BREAK)
        out.append(_finding(finding, builder, finding.file_id in pictured, content.options.thumbnails))
    return "".join(out)


def _finding(finding: Finding, builder: _Builder, pictured: bool, thumbnails: str) -> str:
    facts = [
        ("Path", _e(finding.path)),
        ("Evidence", f"{_e(finding.evidence)}, {_e(finding.partition)}"),
        ("Size", _e(_size(finding.size))),
        ("Type", _e(finding.mime or "unknown")),
        ("State", _e(("deleted" if finding.deleted else "allocated") + f"; processing {finding.status}"
                     + (f": {finding.error}" if finding.error else ""))),
        ("MD5", _e(finding.md5 or "not computed")), ("SHA-1", _e(finding.sha1 or "not computed")),
        ("SHA-256", _e(finding.sha256 or "not computed")),
        ("Modified (UTC)", _e(_time(finding.times["mtime"]))),
        ("Accessed (UTC)", _e(_time(finding.times["atime"]))),
        ("Changed (UTC)", _e(_time(finding.times["ctime"]))),
        ("Created (UTC)", _e(_time(finding.times["crtime"]))),
    ]
    if finding.matches:
        facts.append(("Hash-set matches", "<br>".join(
            f"{_e(hit['hashset'])}: {_e(hit['kind'])}"
            + (" exact" if hit["kind"] in EXACT_ALGORITHMS else f", distance {_e(hit['distance'])}")
            + (f", category {_e(hit['category'])}" if hit["category"] else "") for hit in finding.matches)))
    else:
        facts.append(("Hash-set matches", "none"))
    if finding.triage:
        facts.append(("Image triage", _e(finding.triage)))
        facts.append(("Triage signals", "<br>".join(_e(signal) for signal in finding.signals) or "none"))
    if pictured:
        label = "Thumbnail (obscured: greyscale, blurred)" if thumbnails == "obscured" else "Thumbnail"
        facts.append((label, f'<img class="thumb" src="thumb-{finding.file_id}.jpg" style="width:128pt">'))
    elif finding.restricted and finding.has_thumbnail:
        facts.append(("Thumbnail", "withheld: categorised CAT-1 or CAT-2 (only in a restricted annex, on "
                                   "request)"))
    origin = {"hash-set": "confirmed from a hash-set match", "suggestion-accepted": "program's suggestion accepted",
              "suggestion-overridden": "program's suggestion overridden", "examiner": "the examiner's own decision"}
    interpretation = []
    if finding.category:
        interpretation.append(("Category", _e(finding.category)))
        interpretation.append(("Origin", _e(origin.get(finding.category_origin or "", finding.category_origin
                                                       or "not recorded"))))
        interpretation.append(("Decided", f"{_e(_time(finding.category_at))} by {_e(finding.category_by)}"))
    if finding.bookmarks:
        interpretation.append(("Bookmarks", _e(", ".join(finding.bookmarks))))
    for note in finding.notes:
        interpretation.append(("Note", f"{_e(note['text'])}<br><span class='small'>{_e(note['by'])}, "
                                       f"{_e(_time(note['at']))}</span>"))
    if not interpretation:
        interpretation.append(("Examiner", "no category, bookmark or note"))
    return (f'<h3>Item {finding.number}: file {finding.file_id}, {_e(finding.name)}</h3>'
            f'<p class="facts-title">Facts established by the program</p>'
            f'{builder.pairs(facts, mono_keys=("MD5", "SHA-1", "SHA-256"))}'
            f'<p class="interp-title">Examiner\'s interpretation</p>'
            f'{builder.pairs(interpretation, css_class="interpretation")}')


def _custody(content: ReportContent, builder: _Builder) -> str:
    custody = content.custody
    if custody["verified"]:
        result = (f'<span class="good">verified</span>: {custody["events_checked"]} events, every hash link and '
                  "signature checked")
    else:
        result = (f'<span class="bad">DOES NOT VERIFY</span> at event {_e(custody["first_bad_seq"])}: '
                  f'{_e(custody["reason"])}')
    rows = [("Verification", result), ("Head event", _e(custody["head_seq"])),
            ("Head hash", f'<span class="mono">{_e(custody["head_hash"])}</span>')]
    out = ["<h2>6. Chain of custody</h2>",
           "<p>Every operation on the case is an event signed by the person who did it and linked to the one "
           "before it by its hash. The chain as it stood when this report was written:</p>",
           builder.pairs(rows)]
    out.append(builder.table(
        [("Seq", 26), ("Time (UTC)", 88), ("Actor", 80), ("Role", 52), ("Action", 88), ("Details", 177)],
        [[_e(event["seq"]), _e(_time(event["time"]).removesuffix(" UTC")), _e(event["actor"]), _e(event["role"]),
          _e(event["action"]), _e(event["summary"])] for event in custody["events"]]))
    out.append("<p>This report's own writing is recorded as a further event (action report.written) with the "
               "report's SHA-256; `heroes report verify` checks the report against it.</p>")
    return "".join(out)


def _limitations(content: ReportContent) -> str:
    out = ["<h2>7. Limitations and known error rates</h2>"]
    for item in content.limitations:
        out.append(f"<p><b>{_e(item['topic'])}.</b> {_e(item['text'])}</p>")
    return "".join(out)


def _declaration(content: ReportContent) -> str:
    return (f"<h2>8. Declaration</h2><p>{_e(content.declaration)}</p>"
            f"<p>{_e(content.author['name'])}, {_e(content.author['role'])}<br>{_e(_time(content.generated_at))}"
            f"<br>Signed electronically: the detached signature file beside this report holds the signature "
            f"of report {_e(content.report_id)} with the examiner's key.</p>")
