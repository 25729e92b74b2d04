"""Failed attempts to open a case, counted beside it and recorded in the custody log at the next good open.

A failed open must not touch the case file, so the attempt is appended to a plaintext side file
(``CASE.failed-opens.jsonl``) that holds no secrets: time, reason, user and host.

Only beside a case: a file given where a case was expected may be evidence (swapped arguments), and nothing may
ever be written into an evidence folder. SQLCipher files have no plaintext header, so a file counts as a case when

- this profile has opened it before (its first 16 bytes, SQLCipher's random per-file salt, are remembered in
  ``known-cases.jsonl`` in the profile folder: a fingerprint that no copy, rename or move changes), or
- its name ends in ``.heroes`` *and* it looks like a SQLCipher file: a whole number of 4 KiB pages and a first page
  indistinguishable from random bytes (no evidence format, file system or partition table looks like that).

Any other failed open is recorded in the examiner's profile folder (``failed-opens.jsonl``, with the path).
"""

from __future__ import annotations

import getpass
import json
import os
import platform
from datetime import datetime
from pathlib import Path
from typing import Any

from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.identity.profile import profile_dir

CASE_SUFFIX = ".heroes"
PAGE_SIZE = 4096
SALT_BYTES = 16
KNOWN_CASES = "known-cases.jsonl"
PROFILE_FAILED_OPENS = "failed-opens.jsonl"
ATTEMPT_FIELDS = frozenset({"time", "reason", "user", "host", "path"})  # what note_failed_open writes
MAX_FIELD_CHARS = 500
MAX_ATTEMPTS_KEPT = 1000
MAX_SIDE_FILE_BYTES = 1 << 20
SOURCE_NOTE = "noted in the plaintext side file beside the case, which is not signed: checked fields only"


def side_file(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".failed-opens.jsonl")


def profile_file() -> Path:
    """Where failed opens of files that are not known to be cases are recorded."""
    return profile_dir() / PROFILE_FAILED_OPENS


def read_first_page(path: Path) -> bytes:
    """The first page of ``path``, read without changing its access time where the system allows."""
    flags = os.O_RDONLY | getattr(os, "O_NOATIME", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except PermissionError:  # O_NOATIME needs the file's owner (or root)
        descriptor = os.open(path, flags & ~getattr(os, "O_NOATIME", 0))
    try:
        return os.read(descriptor, PAGE_SIZE)
    finally:
        os.close(descriptor)


def looks_encrypted(first_page: bytes, size: int) -> bool:
    """A whole number of pages whose first page shows no structure (random 4 KiB hold ~256 distinct bytes)."""
    return size > 0 and size % PAGE_SIZE == 0 and len(first_page) == PAGE_SIZE and len(set(first_page)) >= 240


def remember_case(path: Path) -> None:
    """Note in the profile that ``path`` is a case (by its salt), after a good open; never raises."""
    try:
        salt = read_first_page(path)[:SALT_BYTES].hex()
        if len(salt) != 2 * SALT_BYTES or salt in _known_salts():
            return
        with (profile_dir() / KNOWN_CASES).open("a", encoding="utf-8") as stream:
            stream.write(json.dumps({"salt": salt, "path": str(path.resolve())}, sort_keys=True) + "\n")
    except OSError:
        pass


def _known_salts() -> set[str]:
    try:
        lines = (profile_dir() / KNOWN_CASES).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return set()
    salts = set()
    for line in lines:
        try:
            salts.add(str(json.loads(line)["salt"]))
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return salts


def is_a_case(path: Path) -> bool:
    """Whether a failed open may be noted beside ``path`` (see the module's docstring)."""
    try:
        first_page = read_first_page(path)
        size = path.stat().st_size
    except OSError:
        return False
    if len(first_page) >= SALT_BYTES and first_page[:SALT_BYTES].hex() in _known_salts():
        return True
    return path.name.lower().endswith(CASE_SUFFIX) and looks_encrypted(first_page, size)


def note_failed_open(case_path: Path, reason: str) -> Path | None:
    """Append one failed attempt beside the case, or in the profile when ``case_path`` is not known to be one.

    Returns the file written, or None; never raises (a read-only folder just loses the note).
    """
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    entry: dict[str, Any] = {"time": utc_now_iso(), "reason": reason, "user": user, "host": platform.node()}
    targets = [side_file(case_path)] if is_a_case(case_path) else []
    try:
        targets.append(profile_file())  # also where a case on read-only storage has its note
    except OSError:
        pass
    for target in targets:
        if target != side_file(case_path):
            entry["path"] = str(case_path.absolute())
        try:
            with target.open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(entry, sort_keys=True) + "\n")
                stream.flush()
                os.fsync(stream.fileno())
        except OSError:
            continue
        return target
    return None


def _claimed_file(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".failed-opens.recording")


def claim_failed_opens(case_path: Path) -> list[dict[str, Any]]:
    """Move the noted attempts aside and return them; a new attempt meanwhile starts a fresh side file.

    Attempts claimed by an open that crashed before recording them are returned again.
    """
    claimed = _claimed_file(case_path)
    if side_file(case_path).exists():
        if claimed.exists():
            with claimed.open("ab") as stream, side_file(case_path).open("rb") as noted:
                stream.write(noted.read(MAX_SIDE_FILE_BYTES + 1))
            side_file(case_path).unlink()
        else:
            os.replace(side_file(case_path), claimed)
    if not claimed.exists():
        return []
    with claimed.open("rb") as stream:
        text = stream.read(MAX_SIDE_FILE_BYTES + 1)
    lines = text[:MAX_SIDE_FILE_BYTES].decode("utf-8", errors="replace").splitlines()
    lines = [line for line in lines if line.strip()]
    attempts = [checked_attempt(line) for line in lines[:MAX_ATTEMPTS_KEPT]]
    if len(lines) > MAX_ATTEMPTS_KEPT:
        attempts.append({"not_kept": f"{len(lines) - MAX_ATTEMPTS_KEPT} more attempts were noted; only the first "
                                     f"{MAX_ATTEMPTS_KEPT} are kept", "more": len(lines) - MAX_ATTEMPTS_KEPT})
    if len(text) > MAX_SIDE_FILE_BYTES:
        attempts.append({"not_kept": f"the side file is larger than {MAX_SIDE_FILE_BYTES} bytes; the rest was not "
                                     "read"})
    return attempts


def checked_attempt(line: str) -> dict[str, Any]:
    """One noted attempt as it may enter a signed custody event: the side file is plaintext that anyone who can
    write beside the case can edit, so only the fields a failed open writes are kept, as short strings, and a time
    that is no ISO 8601 time is marked so; anything else is named as dropped, never copied in."""
    try:
        entry = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return {"unparsed": _short(line)}
    if not isinstance(entry, dict):
        return {"unparsed": _short(line)}
    attempt = {key: _short(value if isinstance(value, str) else json.dumps(value, default=str)[:MAX_FIELD_CHARS])
               for key, value in entry.items() if key in ATTEMPT_FIELDS}
    dropped = sorted(_short(str(key), 40) for key in entry if key not in ATTEMPT_FIELDS)
    if dropped:
        attempt["dropped_fields"] = dropped[:20]
    try:
        datetime.fromisoformat(attempt.get("time", ""))
    except ValueError:
        attempt["time_unreadable"] = True
    return attempt


def _short(text: str, limit: int = 0) -> str:
    limit = limit or MAX_FIELD_CHARS
    text = "".join(ch if ch.isprintable() else "\\u%04x" % ord(ch) for ch in text[: limit * 2])
    return text if len(text) <= limit else text[:limit] + "…"


def attempts_count(attempts: list[dict[str, Any]]) -> int:
    """How many failed opens ``attempts`` (from :func:`claim_failed_opens`) stand for."""
    return sum(int(attempt.get("more", 0)) if "not_kept" in attempt else 1 for attempt in attempts)


def forget_claimed_failed_opens(case_path: Path) -> None:
    """Called once the claimed attempts are committed to the custody log."""
    _claimed_file(case_path).unlink(missing_ok=True)
