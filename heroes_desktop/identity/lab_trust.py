"""The lab trust store: which public key belongs to which person, for which roles, as the lab vouches.

Without it a signature only proves "whoever holds this key", and anyone with the case passphrase can register a
key under any name and role. A lab administrator holds the lab key (Ed25519, sealed with a passphrase exactly as a
person's signing key is) and enrols each person's public key for their roles. A store is a folder, so it can live
on removable media:

- ``lab.json``: the lab's name, public key and creation time (public);
- ``lab.key.json``: the lab's private key, sealed with the lab passphrase (``keys.py``'s format);
- ``enrolments.json``: the enrolments, each signed by the lab key over its canonical JSON, and the whole list
  signed too, so that an altered entry is named and a removed or reordered one is detected.

A case records the lab's public key once (custody event ``lab.trusted``); :func:`trust_findings` then checks every
custody event's signer against an enrolment file verified under that key.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace as replaced
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key
from sqlalchemy import select

from heroes_desktop.case.schema import signers

from heroes_desktop.core.canonical import canonical_json
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import ExitCode
from heroes_desktop.identity.actor import Role
from heroes_desktop.identity.errors import IdentityError, WrongKeyPassphrase
from heroes_desktop.identity.keys import KEY_FILE_FORMAT, SigningKey, key_file_path, key_id_of, verify_signature

# The lab key is sealed exactly like a person's key (scrypt + AES-256-GCM, owner and public key bound as
# associated data); keys.py keeps those two functions module-private, so they are borrowed here, not copied.
from heroes_desktop.identity.keys import _seal as _seal_key  # noqa: PLC2701
from heroes_desktop.identity.keys import _unlock as _unlock_key  # noqa: PLC2701
from heroes_desktop.identity.profile import LAB_STORE_ENV, profile_dir

if TYPE_CHECKING:
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.case.custody import CustodyEvent

LAB_FORMAT = "heroes-lab/1"
ENROLMENT_FORMAT = "heroes-lab-enrolment/1"
ENROLMENTS_FORMAT = "heroes-lab-enrolments/1"
TRUST_FORMAT = "heroes-lab-trust/1"
PUBLIC_KEY_FORMAT = "heroes-public-key/1"
LAB_TRUSTED = "lab.trusted"
LAB_FILE, LAB_KEY_FILE, ENROLMENTS_FILE = "lab.json", "lab.key.json", "enrolments.json"

# Finding kinds (TrustFinding.kind).
LAB_UNKNOWN = "lab_unknown"
LAB_MISMATCH = "lab_mismatch"
NOT_ENROLLED = "not_enrolled"
REVOKED = "revoked"
WRONG_NAME = "wrong_name"
WRONG_ROLE = "wrong_role"
SECOND_KEY = "second_key"
SELF_REVIEW = "self_review"


class LabTrustError(IdentityError):
    """A lab store or trust file cannot be used as asked (exists already, second key, unknown person, ...)."""


class LabNotFound(LabTrustError):
    """No lab store (or trust file) where one was named: a missing input, so a usage error."""

    exit_code = ExitCode.USAGE


class LabTrustTampered(LabTrustError):
    """An enrolment, or the list of them, does not verify under the lab key."""

    exit_code = ExitCode.INTEGRITY


# ------------------------------------------------------------------------------------------------ the records


@dataclass(frozen=True)
class Enrolment:
    """One person's public key, vouched for by the lab for ``roles``; revoked from ``revoked_at`` on."""

    name: str
    roles: tuple[str, ...]
    key_id: str
    public_key: str  # hex of the raw Ed25519 public key
    enrolled_at: str
    enrolled_by: str
    lab_key_id: str
    revoked_at: str | None = None
    revoked_by: str | None = None
    signature: str = ""
    format: str = ENROLMENT_FORMAT

    def signed_bytes(self) -> bytes:
        content = asdict(self)
        content.pop("signature")
        content["roles"] = list(self.roles)
        return canonical_json(content)

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def active_at(self, time: str) -> bool:
        """Not yet revoked at ``time`` (ISO 8601 UTC, the case's format, which compares as text)."""
        return self.revoked_at is None or time < self.revoked_at

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "roles": list(self.roles), "status": "active" if self.active else "revoked"}

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> Enrolment:
        fields = {name: document[name] for name in cls.__dataclass_fields__ if name in document}
        fields["roles"] = tuple(fields.get("roles", ()))
        return cls(**fields)


@dataclass(frozen=True)
class LabTrust:
    """A lab's public key and its verified enrolments: what a workstation or a case needs to judge signers."""

    lab_name: str
    lab_public_key: bytes
    created_at: str
    enrolments: tuple[Enrolment, ...] = ()

    @property
    def lab_key_id(self) -> str:
        return key_id_of(self.lab_public_key)

    def enrolments_of_key(self, key_id: str) -> list[Enrolment]:
        return [entry for entry in self.enrolments if entry.key_id == key_id]

    def active_enrolment(self, name: str) -> Enrolment | None:
        return next((entry for entry in self.enrolments if entry.name == name and entry.active), None)

    def lab_document(self) -> dict[str, Any]:
        return {"format": LAB_FORMAT, "name": self.lab_name, "public_key": self.lab_public_key.hex(),
                "key_id": self.lab_key_id, "created_at": self.created_at}


@dataclass(frozen=True)
class TrustFinding:
    """One custody event whose signer the lab does not vouch for as it claims (or: the lab is unknown)."""

    seq: int | None
    action: str | None
    actor: str | None
    role: str | None
    kind: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


# ------------------------------------------------------------------------------------------------- the store


def default_store() -> Path:
    """``HEROES_LAB_STORE`` when set, else ``lab`` in the profile folder (``HEROES_HOME`` or the platform's)."""
    configured = os.environ.get(LAB_STORE_ENV)
    return Path(configured) if configured else profile_dir() / "lab"


def _lab_owner(name: str) -> str:
    return f"lab:{name}"


def init_lab(store: Path, name: str, passphrase: str) -> LabTrust:
    """A new lab key and an empty, signed enrolment list in ``store``; refuses a folder that holds a lab."""
    store, name = Path(store), name.strip()
    if not name:
        raise LabTrustError("a lab needs a non-empty name")
    if not passphrase:
        raise LabTrustError("the lab key needs a non-empty passphrase")
    from heroes_desktop.identity.passphrase_policy import check_passphrase

    check_passphrase(passphrase, what="lab key passphrase", user_inputs=(name,))  # WeakPassphrase, exit 2
    if any((store / part).exists() for part in (LAB_FILE, LAB_KEY_FILE, ENROLMENTS_FILE)):
        raise LabTrustError(f"{store} already holds a lab; a lab is never overwritten")
    store.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = SigningKey(_lab_owner(name), Ed25519PrivateKey.generate())
    _seal_lab_key(store / LAB_KEY_FILE, key, passphrase)
    trust = LabTrust(name, key.public_key, utc_now_iso())
    _write_json(store / LAB_FILE, trust.lab_document())
    _write_json(store / ENROLMENTS_FILE, _signed_list(key, ()))
    return trust


def unlock_lab_key(store: Path, passphrase: str) -> SigningKey:
    """The lab's private key (raises ``WrongKeyPassphrase``, exit 3, for a wrong passphrase)."""
    lab = _read_lab(Path(store))
    try:
        key = _unlock_key(Path(store) / LAB_KEY_FILE, _lab_owner(lab["name"]), passphrase)
    except WrongKeyPassphrase:
        raise WrongKeyPassphrase(f"wrong lab passphrase for the lab {lab['name']} ({store})") from None
    if key.public_key.hex() != lab["public_key"]:
        raise LabTrustTampered(f"{store}: the lab key does not match the public key in {LAB_FILE}")
    return key


def enrol(
    store: Path,
    passphrase: str,
    name: str,
    roles: Iterable[str | Role],
    public_key: bytes | str | Path | None = None,
    *,
    profile: Path | None = None,
    replace: bool = False,
    enrolled_by: str = "",
) -> Enrolment:
    """Enrol ``name``'s public key for ``roles``: ``public_key`` (raw bytes, PEM text, or a key file, see
    :func:`read_public_key`) or the key in their ``profile`` folder.

    A second active key for the same name is refused unless ``replace`` (the old enrolment is then revoked); so is
    the same key for a different person. Enrolling a person's current key again with ``replace`` changes roles.
    """
    store = Path(store)
    name = name.strip()
    try:
        wanted_roles = tuple(sorted({Role(role).value for role in roles}))
    except ValueError as error:
        raise LabTrustError(f"unknown role: {error}") from None
    if not name or not wanted_roles:
        raise LabTrustError("an enrolment needs a name and at least one role")
    if (public_key is None) == (profile is None):
        raise LabTrustError("give either a public key or a profile folder")
    raw = profile_public_key(profile, name) if profile is not None else read_public_key(
        public_key, expected_owner=name)  # type: ignore[arg-type]
    trust = load_trust(store)
    key_id = key_id_of(raw)
    for entry in trust.enrolments:
        if entry.active and entry.key_id == key_id and entry.name != name:
            raise LabTrustError(f"key {key_id} is already enrolled for {entry.name}; one key belongs to one person")
    current = trust.active_enrolment(name)
    if current is not None and not replace:
        same = "this key is" if current.key_id == key_id else f"another key ({current.key_id}) is"
        raise LabTrustError(f"{name} is already enrolled: {same} active; give replace (--replace) to revoke it")
    key = unlock_lab_key(store, passphrase)
    now = utc_now_iso()
    by = enrolled_by or trust.lab_name
    entries = list(trust.enrolments)
    if current is not None:
        entries = [_sign(key, replaced(entry, revoked_at=now, revoked_by=by)) if entry == current else entry
                   for entry in entries]
    new = _sign(key, Enrolment(name=name, roles=wanted_roles, key_id=key_id, public_key=raw.hex(), enrolled_at=now,
                               enrolled_by=by, lab_key_id=trust.lab_key_id))
    entries.append(new)
    _write_json(store / ENROLMENTS_FILE, _signed_list(key, entries))
    return new


def revoke(store: Path, passphrase: str, name: str, *, revoked_by: str = "") -> Enrolment:
    """Mark ``name``'s active enrolment revoked from now on (signed); events signed after this are findings."""
    store = Path(store)
    trust = load_trust(store)
    current = trust.active_enrolment(name)
    if current is None:
        raise LabTrustError(f"{name} has no active enrolment in the lab {trust.lab_name}")
    key = unlock_lab_key(store, passphrase)
    revoked = _sign(key, replaced(current, revoked_at=utc_now_iso(), revoked_by=revoked_by or trust.lab_name))
    entries = [revoked if entry == current else entry for entry in trust.enrolments]
    _write_json(store / ENROLMENTS_FILE, _signed_list(key, entries))
    return revoked


def load_trust(source: Path) -> LabTrust:
    """A store folder or an exported trust file, with every enrolment's signature checked under the lab key.

    An entry that does not verify is :class:`LabTrustTampered` naming it; so is a list with entries removed or
    reordered since the lab signed it.
    """
    source = Path(source)
    if source.is_dir():
        lab = _read_lab(source)
        listing = _read_json(source / ENROLMENTS_FILE, "enrolment list")
    elif source.is_file():
        document = _read_json(source, "lab trust file")
        if not isinstance(document, dict) or document.get("format") != TRUST_FORMAT:
            raise LabTrustError(f"{source} is not a lab trust file (one is written by `heroes lab export`)")
        lab, listing = document.get("lab"), document.get("enrolments")
    else:
        raise LabNotFound(f"no lab at {source}: create one with `heroes lab init --name LAB`")
    return _verified_trust(source, lab, listing)


def export_public(store: Path, out: Path) -> dict[str, Any]:
    """Write the public trust file (lab public key + signed enrolments, no private key); never overwrites."""
    store, out = Path(store), Path(out)
    if out.exists():
        raise LabTrustError(f"{out} already exists; a trust file is never overwritten")
    load_trust(store)  # refuse to hand on a tampered list
    document = {"format": TRUST_FORMAT, "lab": _read_lab(store),
                "enrolments": _read_json(store / ENROLMENTS_FILE, "enrolment list"), "exported_at": utc_now_iso()}
    _write_json(out, document, private=False)
    return document


# ------------------------------------------------------------------------------------------ people's keys


def read_public_key(source: bytes | str | Path, *, expected_owner: str | None = None) -> bytes:
    """The raw Ed25519 public key from PEM text, a PEM file, a ``heroes lab key`` file, or a profile's key file.

    A key file that names its owner must name ``expected_owner`` (the name events are signed under).
    """
    if isinstance(source, bytes):
        return source
    text = str(source)
    if "-----BEGIN" not in text:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise LabTrustError(f"public key file {path} cannot be read: {error}") from error
    if "-----BEGIN" in text:
        try:
            loaded = load_pem_public_key(text.encode("utf-8"))
        except ValueError as error:
            raise LabTrustError(f"not a PEM public key: {error}") from error
        if not isinstance(loaded, Ed25519PublicKey):
            raise LabTrustError("the PEM key is not an Ed25519 public key")
        return loaded.public_bytes(Encoding.Raw, PublicFormat.Raw)
    try:
        document = json.loads(text)
        if document.get("format") not in (PUBLIC_KEY_FORMAT, KEY_FILE_FORMAT):
            raise ValueError(f"unknown format {document.get('format')!r}")
        owner, raw = document.get("owner"), bytes.fromhex(document["public_key"])
        Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise LabTrustError(f"{source} is not a public key file (PEM, or `heroes lab key`): {error}") from error
    if expected_owner is not None and owner is not None and owner.strip() != expected_owner.strip():
        raise LabTrustError(f"{source} is {owner}'s key, not {expected_owner}'s")
    return raw


def profile_public_key(profile: Path, owner: str) -> bytes:
    """``owner``'s public key from their profile folder, read from the key file's clear part (no passphrase)."""
    path = key_file_path(Path(profile), owner)
    if not path.is_file():
        raise LabNotFound(f"no signing key for {owner} in the profile {profile} ({path.name} is missing)")
    return read_public_key(path, expected_owner=owner)


def public_key_document(owner: str, public_key: bytes) -> dict[str, Any]:
    """The public key file a person hands the lab administrator."""
    return {"format": PUBLIC_KEY_FORMAT, "owner": owner, "public_key": public_key.hex(),
            "key_id": key_id_of(public_key), "exported_at": utc_now_iso()}


def write_public_key(owner: str, public_key: bytes, out: Path) -> dict[str, Any]:
    out = Path(out)
    if out.exists():
        raise LabTrustError(f"{out} already exists; it is not overwritten")
    document = public_key_document(owner, public_key)
    _write_json(out, document, private=False)
    return document


# --------------------------------------------------------------------------------------------------- the case


def recorded_lab(case: Case) -> dict[str, Any] | None:
    """The details of the case's latest ``lab.trusted`` event (lab, lab_key_id, public_key), or None."""
    return _recorded_in(case.events())


def _recorded_in(events: Sequence[CustodyEvent]) -> dict[str, Any] | None:
    trusted = [event for event in events if event.action == LAB_TRUSTED]
    return dict(trusted[-1].details) if trusted else None


def record_lab_key(case: Case, trust: LabTrust, *, replace: bool = False) -> CustodyEvent | None:
    """Record the lab's public key in ``case`` (event ``lab.trusted``); None when that key is already recorded.

    A different lab key than the one recorded is refused unless ``replace``.
    """
    current = recorded_lab(case)
    if current is not None and current.get("lab_key_id") == trust.lab_key_id:
        return None
    details: dict[str, Any] = {"lab": trust.lab_name, "lab_key_id": trust.lab_key_id,
                               "public_key": trust.lab_public_key.hex()}
    if current is not None:
        if not replace:
            raise LabTrustError(
                f"this case already trusts the lab {current.get('lab')} (key {current.get('lab_key_id')});"
                " give replace (--replace) to trust another lab key")
        details["replaces"] = current.get("lab_key_id")
    return case.record(LAB_TRUSTED, details)


def trust_findings(
    case: Case, trust: LabTrust | None = None, *, trust_file: Path | None = None
) -> list[TrustFinding]:
    """Every custody event whose signer the lab does not vouch for as the event claims.

    The trust comes from ``trust``, else from ``trust_file`` (an exported trust file or a store folder), which
    must be of the lab whose key the case records. With no trust at all the answer is one ``lab_unknown``
    finding (not an error: the case simply cannot say who its signers are).
    """
    events = case.events()
    recorded = _recorded_in(events)
    if trust is None and trust_file is not None:
        trust = load_trust(trust_file)
    if trust is None:
        where = (f"the case trusts the lab {recorded.get('lab')} (key {recorded.get('lab_key_id')}), but no"
                 " enrolment file was given" if recorded else "the case records no lab key and no trust was given")
        return [TrustFinding(None, None, None, None, LAB_UNKNOWN,
                             f"the lab is not known: {where}; signers cannot be checked against enrolments")]
    with case.reading() as connection:
        signer_rows = [(row.key_id, row.actor, int(row.registered_seq)) for row in connection.execute(
            select(signers.c.key_id, signers.c.actor, signers.c.registered_seq))]
    findings: list[TrustFinding] = []
    if recorded is not None and recorded.get("public_key") != trust.lab_public_key.hex():
        findings.append(TrustFinding(None, LAB_TRUSTED, None, None, LAB_MISMATCH,
                                     f"the case trusts lab key {recorded.get('lab_key_id')} ({recorded.get('lab')}),"
                                     f" not the given lab {trust.lab_name} (key {trust.lab_key_id})"))
    for event in events:
        findings.extend(_signer_findings(event, trust))
    findings.extend(_second_key_findings(events, signer_rows, trust))
    findings.extend(_self_review_findings(events, signer_rows, trust))
    return sorted(findings, key=lambda finding: (finding.seq or 0, finding.kind))


def _finding(event: CustodyEvent, kind: str, reason: str) -> TrustFinding:
    return TrustFinding(event.seq, event.action, event.actor, event.role, kind, reason)


def _signer_findings(event: CustodyEvent, trust: LabTrust) -> list[TrustFinding]:
    """(a) not enrolled or revoked, wrong name, (b) wrong role."""
    entries = trust.enrolments_of_key(event.key_id)
    if not entries:
        return [_finding(event, NOT_ENROLLED, f"signed by key {event.key_id}, which the lab {trust.lab_name}"
                                              " has not enrolled for anyone")]
    live = [entry for entry in entries if entry.active_at(event.time)]
    if not live:
        last = max(entry.revoked_at or "" for entry in entries)
        return [_finding(event, REVOKED, f"signed by key {event.key_id} after the lab revoked it ({last})")]
    names = {entry.name for entry in live}
    if event.actor not in names:
        return [_finding(event, WRONG_NAME, f"signed as {event.actor} with key {event.key_id}, which the lab"
                                            f" enrolled for {', '.join(sorted(names))}")]
    roles = {role for entry in live if entry.name == event.actor for role in entry.roles}
    if event.role not in roles:
        return [_finding(event, WRONG_ROLE, f"{event.actor} acted as {event.role}, but the lab enrolled key"
                                            f" {event.key_id} only for {', '.join(sorted(roles))}")]
    return []


def _second_key_findings(
    events: Sequence[CustodyEvent], signer_rows: Sequence[tuple[str, str, int]], trust: LabTrust
) -> list[TrustFinding]:
    """(c) a key registered in the case under a name it already knew under another key.

    A later key that the lab enrolled for that name (a key replaced through the lab) is not a finding.
    """
    by_seq = {event.seq: event for event in events}
    first_key: dict[str, str] = {}
    findings = []
    for key_id, actor, seq in sorted(signer_rows, key=lambda row: row[2]):
        known = first_key.setdefault(actor, key_id)
        if known == key_id:
            continue
        if any(entry.name == actor for entry in trust.enrolments_of_key(key_id)):
            continue
        event = by_seq.get(seq)
        reason = f"a second key ({key_id}) registered for {actor}, whom the case already knew under key {known}"
        findings.append(_finding(event, SECOND_KEY, reason) if event else
                        TrustFinding(seq, None, actor, None, SECOND_KEY, reason))
    return findings


def _self_review_findings(
    events: Sequence[CustodyEvent], signer_rows: Sequence[tuple[str, str, int]], trust: LabTrust
) -> list[TrustFinding]:
    """(d) a review signed by someone who did the work under review (separation of duties).

    A person is known by the event's name, the name the case registered the key under, and the name the lab
    enrolled the key for: any of them shared with an earlier non-supervisor event makes the review a self-review.
    """
    registered = {key_id: actor for key_id, actor, _ in signer_rows}

    def people(event: CustodyEvent) -> set[str]:
        names = {event.actor}
        if event.key_id in registered:
            names.add(registered[event.key_id])
        names.update(entry.name for entry in trust.enrolments_of_key(event.key_id))
        return names

    findings = []
    workers: dict[str, int] = {}  # person -> first seq of their work
    for event in events:
        if event.action.startswith("review."):
            shared = sorted(name for name in people(event) if name in workers)
            if shared:
                findings.append(_finding(event, SELF_REVIEW,
                                         f"a review by {', '.join(shared)}, who did the work under review"
                                         f" (from event {min(workers[name] for name in shared)} on as"
                                         " examiner): separation of duties"))
        elif event.role != Role.SUPERVISOR.value:
            for name in people(event):
                workers.setdefault(name, event.seq)
    return findings


# ------------------------------------------------------------------------------------------------ file helpers


def _sign(key: SigningKey, entry: Enrolment) -> Enrolment:
    return replaced(entry, signature=key.sign(entry.signed_bytes()).hex())


def _list_bytes(lab_key_id: str, entries: Sequence[Enrolment], updated_at: str) -> bytes:
    return canonical_json({"format": ENROLMENTS_FORMAT, "lab_key_id": lab_key_id, "updated_at": updated_at,
                           "entry_signatures": [entry.signature for entry in entries]})


def _signed_list(key: SigningKey, entries: Sequence[Enrolment]) -> dict[str, Any]:
    updated_at = utc_now_iso()
    return {"format": ENROLMENTS_FORMAT, "lab_key_id": key.key_id, "updated_at": updated_at,
            "enrolments": [entry.as_json() for entry in entries],
            "signature": key.sign(_list_bytes(key.key_id, entries, updated_at)).hex()}


def _verified_trust(source: Path, lab: Any, listing: Any) -> LabTrust:
    try:
        if lab.get("format") != LAB_FORMAT:
            raise ValueError(f"unknown lab format {lab.get('format')!r}")
        lab_key = bytes.fromhex(lab["public_key"])
        Ed25519PublicKey.from_public_bytes(lab_key)
        name, created_at = str(lab["name"]), str(lab["created_at"])
        if listing.get("format") != ENROLMENTS_FORMAT:
            raise ValueError(f"unknown enrolment list format {listing.get('format')!r}")
        raw_entries = list(listing["enrolments"])
        updated_at, list_signature = str(listing["updated_at"]), bytes.fromhex(listing["signature"])
    except (AttributeError, ValueError, KeyError, TypeError) as error:
        raise LabTrustError(f"{source}: the lab or its enrolment list is unreadable: {error}") from error
    lab_key_id = key_id_of(lab_key)
    entries = []
    for position, document in enumerate(raw_entries, start=1):
        label = f"enrolment {position}"
        try:
            label += f" ({document.get('name')}, key {document.get('key_id')})"
            entry = Enrolment.from_json(document)
            valid = entry.lab_key_id == lab_key_id and entry.key_id == key_id_of(bytes.fromhex(entry.public_key)) \
                and verify_signature(lab_key, bytes.fromhex(entry.signature), entry.signed_bytes())
        except (AttributeError, ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            raise LabTrustTampered(f"{source}: {label} does not verify under the lab key of {name}: it was altered"
                                   " or not enrolled by this lab")
        entries.append(entry)
    if listing.get("lab_key_id") != lab_key_id or not verify_signature(
            lab_key, list_signature, _list_bytes(lab_key_id, entries, updated_at)):
        raise LabTrustTampered(f"{source}: the enrolment list of {name} does not verify under the lab key:"
                               " enrolments were removed, reordered or added")
    return LabTrust(name, lab_key, created_at, tuple(entries))


def _read_lab(store: Path) -> dict[str, Any]:
    if not (store / LAB_FILE).is_file():
        raise LabNotFound(f"no lab at {store}: create one with `heroes lab init --name LAB`")
    return _read_json(store / LAB_FILE, "lab file")


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabNotFound(f"{what} {path} is missing") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise LabTrustError(f"{what} {path} is unreadable: {error}") from error


def _seal_lab_key(path: Path, key: SigningKey, passphrase: str) -> None:
    """Seal with keys.py's format, then write to the store (whose file system may not know permissions: FAT)."""
    with tempfile.TemporaryDirectory(prefix="heroes-lab-") as scratch:
        sealed = Path(scratch) / LAB_KEY_FILE
        _seal_key(sealed, key, passphrase)
        _write_text(path, sealed.read_text(encoding="utf-8"), private=True)


def _write_json(path: Path, document: Any, *, private: bool = True) -> None:
    _write_text(path, json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n", private=private)


def _write_text(path: Path, text: str, *, private: bool) -> None:
    """Atomically, fsynced (removable media are pulled out); owner-only where the file system has permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.chmod(temporary, 0o600 if private else 0o644)
        except OSError:  # FAT and exFAT media have no permissions to set
            pass
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


__all__ = [
    "Enrolment", "LabNotFound", "LabTrust", "LabTrustError", "LabTrustTampered", "TrustFinding", "default_store",
    "enrol", "export_public", "init_lab", "load_trust", "profile_public_key", "read_public_key", "record_lab_key",
    "recorded_lab", "revoke", "trust_findings", "unlock_lab_key", "write_public_key",
]
