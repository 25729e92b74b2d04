"""``heroes lab``, through the real ``heroes`` command: the lab trust store and the issue 18 attack."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import HEROES_COMMAND, REPO, cli_env

LAB_PASSPHRASE = "the lab administrator's passphrase"
ANA, SAM = "Ana Examiner", "Sam Supervisor"


def heroes(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = cli_env(home, **{"HEROES_LAB_PASSPHRASE": LAB_PASSPHRASE, **env})
    return subprocess.run([*HEROES_COMMAND, *args], capture_output=True, text=True, env=environment, cwd=REPO,
                          timeout=120, stdin=subprocess.DEVNULL)


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, (result.args, result.stdout, result.stderr)
    return result


def json_lines(result: subprocess.CompletedProcess[str]) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture
def lab(tmp_path: Path, isolated_profile: Path) -> dict[str, Path]:
    """A lab on "removable media" with Ana enrolled as examiner (from her key file) and Sam as supervisor (from
    his profile), its trust file exported, and a case of Ana's that trusts the lab."""
    store, sam_home = tmp_path / "usb" / "lab", tmp_path / "sam-home"
    case = tmp_path / "op.heroes"
    ok(heroes(isolated_profile, "case", "create", str(case), "--examiner", ANA))
    created = json.loads(ok(heroes(isolated_profile, "lab", "init", "--name", "Cyber Lab", "--store", str(store),
                                   "--json")).stdout)
    assert created["name"] == "Cyber Lab" and (store / "lab.json").is_file()
    ana_key = tmp_path / "ana.pub.json"
    ok(heroes(isolated_profile, "lab", "key", "--examiner", ANA, "--out", str(ana_key)))
    ok(heroes(sam_home, "lab", "key", "--supervisor", SAM, "--out", str(tmp_path / "sam.pub.json")))  # makes it
    ok(heroes(isolated_profile, "lab", "enrol", ANA, "--role", "examiner", "--key", str(ana_key), "--store",
              str(store), "--by", "Lab Admin"))
    ok(heroes(isolated_profile, "lab", "enrol", SAM, "--role", "supervisor", "--profile", str(sam_home), "--store",
              str(store)))
    trust = tmp_path / "lab-trust.json"
    ok(heroes(isolated_profile, "lab", "export", "--out", str(trust), "--store", str(store)))
    recorded = ok(heroes(isolated_profile, "lab", "trust", str(case), "--trust", str(trust), "--examiner", ANA))
    assert "now trusts the lab Cyber Lab" in recorded.stdout
    return {"store": store, "trust": trust, "case": case, "sam_home": sam_home, "ana_key": ana_key}


def test_an_honest_case_checks_clean_and_the_issues_attack_exits_4(lab: dict[str, Path], isolated_profile: Path,
                                                                   tmp_path: Path) -> None:
    case, trust = str(lab["case"]), str(lab["trust"])
    log = json_lines(ok(heroes(isolated_profile, "custody", "log", case, "--json")))
    assert [event["details"]["lab"] for event in log if event["action"] == "lab.trusted"] == ["Cyber Lab"]
    again = ok(heroes(isolated_profile, "lab", "trust", case, "--trust", trust, "--examiner", ANA))
    assert "already trusts" in again.stdout

    ok(heroes(lab["sam_home"], "review", "sign", case, "--supervisor", SAM, "--note", "checked"))
    clean = ok(heroes(isolated_profile, "lab", "check", case, "--trust", trust))
    assert "every signer is enrolled" in clean.stdout and clean.stderr == ""
    verified = ok(heroes(isolated_profile, "custody", "verify", case, "--trust", trust))
    assert "custody chain verified" in verified.stdout and "every signer is enrolled" in verified.stdout

    # the attack: from another profile, a "supervisor" review under the examiner's own name
    ok(heroes(tmp_path / "mallory-home", "review", "sign", case, "--supervisor", ANA, "--note", "looks fine",
              HEROES_KEY_PASSPHRASE="mallory's own passphrase"))
    alone = ok(heroes(isolated_profile, "custody", "verify", case))  # the chain alone still verifies ...
    assert "signers cannot be checked" in alone.stderr  # ... and says what it could not check
    refused = heroes(isolated_profile, "custody", "verify", case, "--trust", trust, "--json")
    assert refused.returncode == 4 and "Traceback" not in refused.stderr
    verdict = json_lines(refused)
    assert verdict[0]["chain_ok"] is True and verdict[0]["ok"] is False and verdict[0]["trust"]["checked"]
    assert {"not_enrolled", "second_key", "self_review"} <= {f["kind"] for f in verdict[0]["trust"]["findings"]}
    assert verdict[-1]["exit_code"] == 4 and "signer finding" in verdict[-1]["error"]
    in_store = heroes(isolated_profile, "custody", "verify", case, "--store", str(lab["store"]))
    assert in_store.returncode == 4 and "signer findings against the lab" in in_store.stderr
    checked = heroes(isolated_profile, "lab", "check", case, "--trust", trust, "--json")
    assert checked.returncode == 4 and "Traceback" not in checked.stderr
    rows = json_lines(checked)
    assert rows[-1]["exit_code"] == 4 and "trust finding" in rows[-1]["error"]
    findings = rows[:-1]
    kinds = {finding["kind"] for finding in findings}
    assert {"not_enrolled", "second_key", "self_review"} <= kinds
    review = next(finding for finding in findings if finding["kind"] == "self_review")
    assert (review["actor"], review["role"], review["action"]) == (ANA, "supervisor", "review.signed")
    assert set(review) == {"seq", "action", "actor", "role", "kind", "reason"}
    human = heroes(isolated_profile, "lab", "check", case, "--trust", trust)
    assert human.returncode == 4 and human.stdout.startswith("SEQ") and "self_review" in human.stdout
    assert human.stderr.count("\n") == 1
    # the lab key recorded in the case and the store give the same answer as the trust file
    assert heroes(isolated_profile, "lab", "check", case, "--store", str(lab["store"])).returncode == 4


def test_list_tamper_second_key_and_errors(lab: dict[str, Path], isolated_profile: Path, tmp_path: Path) -> None:
    store = str(lab["store"])
    listed = json_lines(ok(heroes(isolated_profile, "lab", "list", "--store", store, "--json")))
    assert [(row["name"], row["roles"], row["status"]) for row in listed] == [
        (ANA, ["examiner"], "active"), (SAM, ["supervisor"], "active")]
    assert listed[0]["enrolled_by"] == "Lab Admin"
    assert ok(heroes(isolated_profile, "lab", "list", "--store", store)).stdout.startswith("NAME")

    other_key = tmp_path / "other.pub.json"
    ok(heroes(tmp_path / "other-home", "lab", "key", "--examiner", ANA, "--out", str(other_key)))
    second = heroes(isolated_profile, "lab", "enrol", ANA, "--role", "supervisor", "--key", str(other_key),
                    "--store", store)
    assert second.returncode == 1 and "already enrolled" in second.stderr
    wrong = heroes(isolated_profile, "lab", "enrol", "Bob", "--role", "examiner", "--profile",
                   str(tmp_path / "nobody"), "--store", store, HEROES_LAB_PASSPHRASE="wrong")
    assert wrong.returncode == 2 and "no signing key for Bob" in wrong.stderr
    ok(heroes(tmp_path / "bob-home", "lab", "key", "--examiner", "Bob", "--out", str(tmp_path / "bob.pub.json")))
    wrong = heroes(isolated_profile, "lab", "enrol", "Bob", "--role", "examiner", "--key",
                   str(tmp_path / "bob.pub.json"), "--store", store, HEROES_LAB_PASSPHRASE="wrong")
    assert wrong.returncode == 3 and "wrong lab passphrase" in wrong.stderr
    missing = heroes(isolated_profile, "lab", "enrol", "Bob", "--role", "examiner", "--key",
                     str(tmp_path / "missing.json"), "--store", store)
    assert missing.returncode == 2
    assert heroes(isolated_profile, "lab", "init", "--name", "Again", "--store", store).returncode == 1
    assert heroes(isolated_profile, "lab", "list", "--store", str(tmp_path / "no-lab")).returncode == 2

    enrolments = lab["store"] / "enrolments.json"
    document = json.loads(enrolments.read_text())
    document["enrolments"][0]["roles"] = ["examiner", "supervisor"]
    enrolments.write_text(json.dumps(document))
    tampered = heroes(isolated_profile, "lab", "list", "--store", store)
    assert tampered.returncode == 4 and f"enrolment 1 ({ANA}" in tampered.stderr


def test_a_case_without_a_known_lab_is_no_failure(tmp_path: Path, isolated_profile: Path) -> None:
    case = tmp_path / "plain.heroes"
    ok(heroes(isolated_profile, "case", "create", str(case), "--examiner", ANA))
    checked = ok(heroes(isolated_profile, "lab", "check", str(case), "--json"))
    [finding] = json_lines(checked)
    assert finding["kind"] == "lab_unknown" and finding["seq"] is None
    refused = heroes(isolated_profile, "lab", "trust", str(case), "--examiner", ANA)  # no default lab store here
    assert refused.returncode == 2 and "heroes lab init" in refused.stderr
    assert "examples:" in ok(heroes(isolated_profile, "lab", "--help")).stdout
