"""The "What was done" panel: what the supervisor checks before signing. The evidence with its acquisition and
verification hashes, every ingest run (stages, models and their SHA-256, versions, start and end, interrupted or
not), the items that failed and why, the hash sets imported, and coverage: the share of each evidence item's
pictures, videos and documents the examiner has categorised or reviewed.

One read of ``heroes_desktop.supervision.case_history`` in a background job, shown as a document; no SQL here.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.supervision.case_history import CaseHistory, read_case_history

def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _time(value: str | None) -> str:
    return _e((value or "—").replace("T", " ").removesuffix("+00:00").removesuffix("Z"))


def _share(part: int, total: int) -> str:
    return "—" if not total else f"{part / total:.0%}"


class CaseHistoryView(QWidget):
    """Methods: :meth:`refresh`. ``loaded`` is emitted once a reading is shown (or failed)."""

    loaded = Signal()

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_history_view")
        self.session = session
        self.history: CaseHistory | None = None
        self._job: Any = None
        self.state = QLabel(self.tr("Reading what was done to the case…"), self)
        self.reload = QPushButton(self.tr("&Read again"), self)
        self.reload.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.state, 1)
        top.addWidget(self.reload)
        self.document = QTextBrowser(self)
        self.document.setObjectName("case_history_document")
        self.document.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.document, 1)
        self.refresh()

    def refresh(self) -> None:
        if self._job is not None:
            self._job.cancel()
        case = self.session.case
        self._job = self.session.jobs.read("case history", lambda: read_case_history(case), self._show,
                                           self._failed)

    def _show(self, history: CaseHistory) -> None:
        self._job = None
        self.history = history
        self.state.setText(self.tr("{evidence} evidence items, {runs} ingest runs, {sets} hash sets").format(
            evidence=len(history.evidence), runs=len(history.runs), sets=len(history.hashsets)))
        self.document.setHtml(self.render(history))
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self._job = None
        self.state.setText(self.tr("What was done could not be read: {reason}").format(reason=user_message(error)))
        self.loaded.emit()

    # ----------------------------------------------------------------------------------------------- rendering

    def render(self, history: CaseHistory) -> str:
        tr = self.tr
        kinds = {"images": tr("Pictures"), "videos": tr("Videos"), "documents": tr("Documents")}
        parts = [f"<h2>{_e(history.meta.get('title') or self.session.case.path.name)}</h2>",
                 f"<p>{_e(tr('Case number'))}: {_e(history.meta.get('number') or '—')} · {_e(history.program)}</p>"]
        parts.append(f"<h3>{_e(tr('Evidence'))}</h3>")
        for item in history.evidence:
            damaged = len(item.get("damaged") or [])
            parts.append(
                f"<p><b>{_e(item['label'])}</b> ({_e(item['format'])}, {_e(item['size'])} bytes) — "
                f"{_e(tr('added'))} {_time(item.get('added_at'))} {_e(tr('by'))} {_e(item.get('added_by'))}<br>"
                f"MD5 <tt>{_e(item.get('md5'))}</tt><br>SHA-1 <tt>{_e(item.get('sha1'))}</tt><br>"
                f"SHA-256 <tt>{_e(item.get('sha256'))}</tt><br>{_e(item.get('verification'))}"
                + (f"<br><span style='color:#b00020'>{_e(tr('{n} damaged areas').format(n=damaged))}</span>"
                   if damaged else "") + "</p>")
        parts.append(f"<h3>{_e(tr('Ingest runs'))}</h3>")
        if not history.runs:
            parts.append(f"<p>{_e(tr('No ingest has run.'))}</p>")
        for run in history.runs:
            state = (tr("finished") if run.status == "finished" else
                     tr("INTERRUPTED (resumable)") if run.status == "interrupted" else tr("did not finish"))
            counts = ", ".join(f"{_e(key)} {_e(value)}" for key, value in (run.counts or {}).items())
            models = "".join(f"<li>{_e(model)}: <tt>{_e(digest)}</tt></li>" for model, digest in run.models.items())
            versions = ", ".join(f"{_e(name)} {_e(version)}" for name, version in run.versions.items())
            parts.append(
                f"<p><b>{_e(tr('Run'))} {run.id}</b>: {_time(run.started_at)} → {_time(run.finished_at)}, "
                f"<b>{_e(state)}</b>, {_e(tr('by'))} {_e(run.started_by)} {_e(tr('on'))} {_e(run.device)}<br>"
                f"{_e(tr('Stages'))}: {_e(run.stages)}<br>{_e(tr('Items'))}: {counts or '—'}<br>"
                f"{_e(tr('Versions'))}: {versions or '—'}</p>"
                + (f"<ul>{models}</ul>" if models else ""))
        if history.models:
            parts.append(f"<h3>{_e(tr('Models'))}</h3><table border='1' cellpadding='3' cellspacing='0'>"
                         f"<tr><th>{_e(tr('Model'))}</th><th>SHA-256</th><th>{_e(tr('Licence'))}</th>"
                         f"<th>{_e(tr('Matches the manifest'))}</th></tr>")
            for model in history.models:
                parts.append(f"<tr><td>{_e(model['id'])} {_e(model.get('version'))}</td><td><tt>"
                             f"{_e(model['sha256'])}</tt></td><td>{_e(model.get('licence'))}</td>"
                             f"<td>{_e(tr('yes') if model.get('verified') else tr('NO'))}</td></tr>")
            parts.append("</table>")
        processing = history.processing
        parts.append(f"<h3>{_e(tr('Items that failed'))}</h3>")
        if processing.get("failures_total"):
            parts.append(f"<p>{_e(tr('{n} items failed or were read in part:').format(n=processing['failures_total']))}"
                         "</p><ul>")
            parts.extend(f"<li>{_e(failure['path'])} ({_e(failure['status'])}): {_e(failure['reason'])}</li>"
                         for failure in processing.get("failures", []))
            parts.append("</ul>")
        else:
            parts.append(f"<p>{_e(tr('None.'))}</p>")
        areas = processing.get("areas") or []
        if areas:
            parts.append(f"<p>{_e(tr('Areas not read'))}:</p><ul>")
            parts.extend(f"<li>{_e(area.get('description'))}: {_e(area.get('status'))} {_e(area.get('error') or '')}"
                         "</li>" for area in areas)
            parts.append("</ul>")
        parts.append(f"<h3>{_e(tr('Hash sets'))}</h3>")
        if not history.hashsets:
            parts.append(f"<p>{_e(tr('None imported.'))}</p>")
        parts.extend(f"<p><b>{_e(row['name'])}</b> ({_e(row['format'])}, {_e(row['entries'])} "
                     f"{_e(tr('entries'))}{', ' + _e(row['category']) if row.get('category') else ''}) — "
                     f"{_e(tr('imported'))} {_time(row.get('imported_at'))} {_e(tr('by'))} "
                     f"{_e(row.get('imported_by'))}<br>{_e(tr('source'))} SHA-256 <tt>{_e(row.get('source_sha256'))}"
                     "</tt></p>" for row in history.hashsets)
        parts.append(f"<h3>{_e(tr('Coverage'))}</h3><table border='1' cellpadding='3' cellspacing='0'><tr>"
                     f"<th>{_e(tr('Evidence'))}</th><th>{_e(tr('Kind'))}</th><th>{_e(tr('Files'))}</th>"
                     f"<th>{_e(tr('Categorised'))}</th><th>{_e(tr('Reviewed (any tag)'))}</th><th>%</th></tr>")
        for row in history.coverage:
            parts.append(f"<tr><td>{_e(row.label)}</td><td>{_e(kinds.get(row.kind, row.kind))}</td><td>{row.total}</td>"
                         f"<td>{row.categorised}</td><td>{row.reviewed}</td><td>{_share(row.reviewed, row.total)}"
                         "</td></tr>")
        parts.append("</table>")
        return "".join(parts)
