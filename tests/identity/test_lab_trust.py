"""The lab trust store (issue 18): a signature must mean that person, in the role they claim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.identity import lab_trust
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.errors import WrongKeyPassphrase
from heroes_desktop.identity.keys import SigningKey, key_file_path, load_or_create_signing_key

from tests.conftest import KEY_PASSPHRASE, PASSPHRASE

LAB_PASSPHRASE = "lab administrator's passphrase"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A lab store on "removable media" (any folder)."""
    folder = tmp_path / "usb" / "lab"
    lab_trust.init_lab(folder, "Cyber Lab", LAB_PASSPHRASE)
    return folder


@pytest.fixture
def enrolled(store: Path, examiner: Actor, examiner_key: SigningKey, supervisor: Actor,
             supervisor_key: SigningKey) -> lab_trust.LabTrust:
    """The honest lab: the examiner enrolled as examiner, the supervisor as supervisor."""
    lab_trust.enrol(store, LAB_PASSPHRASE, examiner.name, [Role.EXAMINER], examiner_key.public_key)
    lab_trust.enrol(store, LAB_PASSPHRASE, supervisor.name, ["supervisor"], supervisor_key.public_key)
    return lab_trust.load_trust(store)


def _review(case_path: Path, actor: Actor, key: SigningKey, note: str = "") -> None:
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.REVIEW, actor=actor, key=key) as case:
        case.sign_review(note)


def _findings(case_path: Path, trust: lab_trust.LabTrust | None = None, **kwargs: Path) -> list[lab_trust.TrustFinding]:
    with Case.open(case_path, PASSPHRASE) as case:
        return lab_trust.trust_findings(case, trust, **kwargs)


def _kinds(findings: list[lab_trust.TrustFinding]) -> set[tuple[int | None, str]]:
    return {(finding.seq, finding.kind) for finding in findings}


# ------------------------------------------------------------------------------------------------- the store


def test_init_writes_a_public_lab_file_and_a_sealed_key_and_refuses_a_second_lab(store: Path) -> None:
    lab = json.loads((store / "lab.json").read_text())
    assert lab["name"] == "Cyber Lab" and len(bytes.fromhex(lab["public_key"])) == 32
    sealed = json.loads((store / "lab.key.json").read_text())
    assert sealed["cipher"] == "AES-256-GCM" and "private" not in json.dumps(sealed)
    assert (store / "lab.key.json").stat().st_mode & 0o077 == 0
    trust = lab_trust.load_trust(store)
    assert (trust.lab_name, trust.enrolments) == ("Cyber Lab", ())
    with pytest.raises(lab_trust.LabTrustError, match="already holds a lab"):
        lab_trust.init_lab(store, "Another Lab", LAB_PASSPHRASE)
    with pytest.raises(lab_trust.LabNotFound):
        lab_trust.load_trust(store.parent / "nothing-here")


def test_enrol_from_a_key_or_a_profile_and_a_wrong_lab_passphrase(store: Path, tmp_path: Path,
                                                                   examiner_key: SigningKey) -> None:
    with pytest.raises(WrongKeyPassphrase):
        lab_trust.enrol(store, "not the lab passphrase", "Ana Examiner", ["examiner"], examiner_key.public_key)
    sam_profile = tmp_path / "sam-profile"
    sam = load_or_create_signing_key(sam_profile, "Sam Supervisor", KEY_PASSPHRASE)
    entry = lab_trust.enrol(store, LAB_PASSPHRASE, "Sam Supervisor", ["supervisor", "examiner"], profile=sam_profile,
                            enrolled_by="Lab Admin")
    assert (entry.key_id, entry.roles, entry.enrolled_by) == (sam.key_id, ("examiner", "supervisor"), "Lab Admin")
    public_file = tmp_path / "ana.pub.json"
    lab_trust.write_public_key("Ana Examiner", examiner_key.public_key, public_file)
    with pytest.raises(lab_trust.LabTrustError, match="not Mallory's"):  # a key file names its owner
        lab_trust.enrol(store, LAB_PASSPHRASE, "Mallory", ["examiner"], public_file)
    lab_trust.enrol(store, LAB_PASSPHRASE, "Ana Examiner", ["examiner"], public_file)
    names = [(entry.name, entry.active) for entry in lab_trust.load_trust(store).enrolments]
    assert names == [("Sam Supervisor", True), ("Ana Examiner", True)]


def test_a_pem_public_key_is_accepted(store: Path, examiner_key: SigningKey) -> None:
    pem = Ed25519PublicKey.from_public_bytes(examiner_key.public_key).public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()
    assert lab_trust.enrol(store, LAB_PASSPHRASE, "Ana Examiner", ["examiner"], pem).key_id == examiner_key.key_id


def test_a_tampered_enrolment_list_is_an_error_naming_the_entry(store: Path, enrolled: lab_trust.LabTrust) -> None:
    path = store / "enrolments.json"
    original = path.read_text()
    document = json.loads(original)
    document["enrolments"][0]["roles"] = ["examiner", "supervisor"]  # the examiner promotes herself
    path.write_text(json.dumps(document))
    with pytest.raises(lab_trust.LabTrustTampered, match=r"enrolment 1 \(Ana Examiner"):
        lab_trust.load_trust(store)

    document = json.loads(original)
    del document["enrolments"][1]  # each remaining entry is genuine, but the list was cut
    path.write_text(json.dumps(document))
    with pytest.raises(lab_trust.LabTrustTampered, match="removed, reordered or added"):
        lab_trust.load_trust(store)

    other = store.parent / "other-lab"  # an entry signed by another lab's key
    lab_trust.init_lab(other, "Other Lab", LAB_PASSPHRASE)
    mallory = SigningKey("Mallory", Ed25519PrivateKey.generate())
    lab_trust.enrol(other, LAB_PASSPHRASE, "Sam Supervisor", ["supervisor"], mallory.public_key)
    document = json.loads(original)
    document["enrolments"].append(json.loads((other / "enrolments.json").read_text())["enrolments"][0])
    path.write_text(json.dumps(document))
    with pytest.raises(lab_trust.LabTrustTampered, match="enrolment 3 .*not enrolled by this lab"):
        lab_trust.load_trust(store)
    with pytest.raises(lab_trust.LabTrustTampered):  # nothing is enrolled into a tampered list either
        lab_trust.enrol(store, LAB_PASSPHRASE, "Someone", ["examiner"], mallory.public_key)


def test_a_second_key_for_a_name_is_refused_unless_replacing(store: Path, enrolled: lab_trust.LabTrust,
                                                             tmp_path: Path, examiner_key: SigningKey) -> None:
    new_key = load_or_create_signing_key(tmp_path / "new-laptop", "Ana Examiner", KEY_PASSPHRASE)
    with pytest.raises(lab_trust.LabTrustError, match="already enrolled"):
        lab_trust.enrol(store, LAB_PASSPHRASE, "Ana Examiner", ["examiner"], new_key.public_key)
    with pytest.raises(lab_trust.LabTrustError, match="one key belongs to one person"):
        lab_trust.enrol(store, LAB_PASSPHRASE, "Bob", ["examiner"], examiner_key.public_key)
    lab_trust.enrol(store, LAB_PASSPHRASE, "Ana Examiner", ["examiner"], new_key.public_key, replace=True)
    trust = lab_trust.load_trust(store)
    ana = [entry for entry in trust.enrolments if entry.name == "Ana Examiner"]
    assert [(entry.key_id, entry.active) for entry in ana] == [(examiner_key.key_id, False), (new_key.key_id, True)]
    assert ana[0].revoked_at is not None
    revoked = lab_trust.revoke(store, LAB_PASSPHRASE, "Ana Examiner")
    assert revoked.key_id == new_key.key_id and lab_trust.load_trust(store).active_enrolment("Ana Examiner") is None


def test_the_exported_trust_file_has_no_private_key_and_verifies(store: Path, enrolled: lab_trust.LabTrust,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "lab-trust.json"
    lab_trust.export_public(store, out)
    text = out.read_text()
    assert "ciphertext" not in text and "kdf" not in text
    loaded = lab_trust.load_trust(out)
    assert (loaded.lab_public_key, loaded.enrolments) == (enrolled.lab_public_key, enrolled.enrolments)
    with pytest.raises(lab_trust.LabTrustError, match="never overwritten"):
        lab_trust.export_public(store, out)
    document = json.loads(text)
    document["enrolments"]["enrolments"][1]["name"] = "Ana Examiner"
    out.write_text(json.dumps(document))
    with pytest.raises(lab_trust.LabTrustTampered, match="enrolment 2"):
        lab_trust.load_trust(out)


# ---------------------------------------------------------------------------------------------------- a case


def test_the_case_records_the_lab_key_once(new_case: Case, enrolled: lab_trust.LabTrust, store: Path) -> None:
    event = lab_trust.record_lab_key(new_case, enrolled)
    assert event is not None and event.action == "lab.trusted"
    assert event.details == {"lab": "Cyber Lab", "lab_key_id": enrolled.lab_key_id,
                             "public_key": enrolled.lab_public_key.hex()}
    assert lab_trust.record_lab_key(new_case, enrolled) is None  # already recorded: nothing new
    other_store = store.parent / "other"
    other = lab_trust.init_lab(other_store, "Other Lab", LAB_PASSPHRASE)
    with pytest.raises(lab_trust.LabTrustError, match="already trusts the lab Cyber Lab"):
        lab_trust.record_lab_key(new_case, other)
    replaced = lab_trust.record_lab_key(new_case, other, replace=True)
    assert replaced is not None and replaced.details["replaces"] == enrolled.lab_key_id
    assert lab_trust.recorded_lab(new_case)["lab"] == "Other Lab"  # type: ignore[index]
    assert new_case.verify().ok


def test_an_honest_case_has_no_findings(new_case: Case, case_path: Path, enrolled: lab_trust.LabTrust,
                                        supervisor: Actor, supervisor_key: SigningKey) -> None:
    lab_trust.record_lab_key(new_case, enrolled)
    new_case.record("file.tagged", {"file_id": 1, "category": "CAT-1"})
    new_case.close()
    _review(case_path, supervisor, supervisor_key, "checked")
    assert _findings(case_path, enrolled) == []


def test_no_trust_is_one_lab_unknown_finding_not_an_error(
        new_case: Case, case_path: Path, enrolled: lab_trust.LabTrust, tmp_path: Path, store: Path, examiner: Actor,
        examiner_key: SigningKey) -> None:
    new_case.close()
    [finding] = _findings(case_path)
    assert finding.kind == lab_trust.LAB_UNKNOWN and "records no lab key" in finding.reason
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        lab_trust.record_lab_key(case, enrolled)
    [finding] = _findings(case_path)
    assert finding.kind == lab_trust.LAB_UNKNOWN and "Cyber Lab" in finding.reason
    exported = tmp_path / "trust.json"
    lab_trust.export_public(store, exported)
    assert _findings(case_path, trust_file=exported) == []  # the recorded lab key plus its enrolment file
    other_store = tmp_path / "forged-lab"
    lab_trust.init_lab(other_store, "Cyber Lab", LAB_PASSPHRASE)  # same name, another key
    kinds = {finding.kind for finding in _findings(case_path, trust_file=other_store)}
    assert lab_trust.LAB_MISMATCH in kinds and lab_trust.NOT_ENROLLED in kinds


def test_the_issues_attack_is_reported(new_case: Case, case_path: Path, enrolled: lab_trust.LabTrust,
                                       tmp_path: Path, examiner: Actor) -> None:
    """From two other profiles: a 'supervisor' review under the examiner's own name, and one under the real
    supervisor's name with a key the lab never enrolled. The chain still verifies; the trust check does not."""
    lab_trust.record_lab_key(new_case, enrolled)
    new_case.record("file.tagged", {"file_id": 7, "category": "CAT-2"})
    new_case.close()
    mallory = tmp_path / "mallory-profile"
    forged_ana = load_or_create_signing_key(mallory, examiner.name, "mallory's passphrase")
    _review(case_path, Actor(examiner.name, Role.SUPERVISOR), forged_ana, "all fine")
    eve = tmp_path / "eve-profile"
    forged_sam = load_or_create_signing_key(eve, "Sam Supervisor", "eve's own forged key passphrase")
    _review(case_path, Actor("Sam Supervisor", Role.SUPERVISOR), forged_sam, "all fine too")
    assert key_file_path(mallory, examiner.name).exists()
    with Case.open(case_path, PASSPHRASE) as case:
        assert case.verify().ok  # the chain alone cannot tell
        events = case.events()
    reviews = [event for event in events if event.action == "review.signed"]
    assert [event.actor for event in reviews] == [examiner.name, "Sam Supervisor"]
    findings = _findings(case_path, enrolled)
    kinds = _kinds(findings)
    ana_review, sam_review = reviews
    ana_registration = ana_review.seq - 1  # the forged key's signer.registered event comes just before
    assert (ana_registration, lab_trust.SECOND_KEY) in kinds
    assert (ana_registration, lab_trust.NOT_ENROLLED) in kinds
    assert (ana_review.seq, lab_trust.NOT_ENROLLED) in kinds
    assert (ana_review.seq, lab_trust.SELF_REVIEW) in kinds
    assert (sam_review.seq, lab_trust.NOT_ENROLLED) in kinds
    assert (sam_review.seq, lab_trust.SELF_REVIEW) not in kinds
    assert all(finding.seq is not None and finding.seq >= ana_registration for finding in findings)
    [self_review] = [finding for finding in findings if finding.kind == lab_trust.SELF_REVIEW]
    assert (self_review.actor, self_review.role, self_review.action) == (examiner.name, "supervisor", "review.signed")
    assert "separation of duties" in self_review.reason


def test_wrong_role_and_self_review_with_the_examiners_own_enrolled_key(
        new_case: Case, case_path: Path, enrolled: lab_trust.LabTrust, examiner: Actor,
        examiner_key: SigningKey) -> None:
    lab_trust.record_lab_key(new_case, enrolled)
    new_case.close()
    _review(case_path, Actor(examiner.name, Role.SUPERVISOR), examiner_key)
    findings = _findings(case_path, enrolled)
    assert {finding.kind for finding in findings} == {lab_trust.WRONG_ROLE, lab_trust.SELF_REVIEW}
    wrong_role = next(finding for finding in findings if finding.kind == lab_trust.WRONG_ROLE)
    assert "acted as supervisor" in wrong_role.reason and "only for examiner" in wrong_role.reason


def test_an_enrolled_supervisor_who_examined_cannot_review_that_work(
        new_case: Case, case_path: Path, store: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    lab_trust.enrol(store, LAB_PASSPHRASE, examiner.name, ["examiner", "supervisor"], examiner_key.public_key)
    trust = lab_trust.load_trust(store)
    new_case.close()
    _review(case_path, Actor(examiner.name, Role.SUPERVISOR), examiner_key)
    [finding] = _findings(case_path, trust)
    assert finding.kind == lab_trust.SELF_REVIEW


def test_a_key_used_after_its_revocation_and_a_key_used_under_another_name(
        new_case: Case, case_path: Path, store: Path, enrolled: lab_trust.LabTrust, tmp_path: Path,
        examiner: Actor, examiner_key: SigningKey) -> None:
    new_key = load_or_create_signing_key(tmp_path / "new-laptop", examiner.name, KEY_PASSPHRASE)
    lab_trust.enrol(store, LAB_PASSPHRASE, examiner.name, ["examiner"], new_key.public_key, replace=True)
    trust = lab_trust.load_trust(store)
    late = new_case.record("file.tagged", {"file_id": 3, "category": "CAT-1"})  # the revoked key, after revocation
    new_case.close()
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=new_key) as case:
        rotated = case.record("file.tagged", {"file_id": 4, "category": "CAT-1"})
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=Actor("Bob", Role.EXAMINER),
                   key=new_key) as case:
        borrowed = case.record("file.tagged", {"file_id": 5, "category": "CAT-1"})
    kinds = _kinds(_findings(case_path, trust))
    assert (late.seq, lab_trust.REVOKED) in kinds
    assert not any(seq == rotated.seq for seq, _ in kinds)  # a key the lab rotated in is no second-key finding
    assert not any(kind == lab_trust.SECOND_KEY for _, kind in kinds)
    assert (borrowed.seq, lab_trust.WRONG_NAME) in kinds
