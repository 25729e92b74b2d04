"""``heroes review sample|categorize|agreement`` and ``review sign`` with a blind second review (issue 18): the main
flow through the real ``heroes`` command, the refusals and empty results through ``main()`` in-process (fast)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.cli import main as cli_main
from heroes_desktop.hashsets.tagging import list_tags
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from tests.conftest import HEROES_COMMAND, KEY_PASSPHRASE, PASSPHRASE, REPO, cli_env
from tests.review.test_blind_review import build_review_case

SAM = "Sam Supervisor"
EXAMINERS_CATEGORIES = ("CAT-1", "CAT-2", "CAT-5")  # what build_review_case gives; CAT-3 is never among them


def heroes(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEROES_COMMAND, *args], capture_output=True, text=True, env=cli_env(home), cwd=REPO,
                          timeout=120, stdin=subprocess.DEVNULL)


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, (result.args, result.stdout, result.stderr)
    return result


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli_main.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def built(tmp_path: Path, examiner: Actor, examiner_key: SigningKey,
          monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[int, str]]:
    """The examiner's small case (30 categorised pictures and videos) and each one's category; the environment
    that the in-process ``main()`` reads."""
    path = tmp_path / "op.heroes"
    drawable = build_review_case(path, examiner, examiner_key)
    monkeypatch.setenv("HEROES_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HEROES_KEY_PASSPHRASE", KEY_PASSPHRASE)
    return path, drawable


def _tag_rows(path: Path) -> list[dict]:
    with Case.open(path, PASSPHRASE) as case:
        return list_tags(case)


def test_a_blind_review_through_the_command(built: tuple[Path, dict[int, str]], isolated_profile: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The real ``heroes`` for the four commands (its start-up takes 2 s), ``main()`` in-process for the rest."""
    path, examiners = built
    case = str(path)
    tags_before = _tag_rows(path)

    drawn = ok(heroes(isolated_profile, "review", "sample", case, "--size", "3", "--seed", "7", "--supervisor", SAM))
    ids = [int(line) for line in drawn.stdout.splitlines()]
    assert len(ids) == 3 and sorted(examiners[i] for i in ids) == list(EXAMINERS_CATEGORIES)  # one per stratum
    assert "CAT-" not in drawn.stdout + drawn.stderr  # blind: no category, not even the strata
    assert "seed 7" in drawn.stderr and "3 of 30 categorised pictures" in drawn.stderr
    code, out, err = run(capsys, "review", "sample", case, "--size", "3", "--seed", "7", "--supervisor", SAM,
                         "--json")
    again = json.loads(out)
    assert code == 0 and again["file_ids"] == ids and again["seed"] == 7 and again["population"] == 30
    assert "CAT-" not in out + err  # reproducible by its seed, and as blind in JSON

    by_category = {examiners[i]: i for i in ids}
    first = ok(heroes(isolated_profile, "review", "categorize", case, str(by_category["CAT-1"]), "--category",
                      "CAT-3", "--supervisor", SAM))
    assert f"file {by_category['CAT-1']}: CAT-3" in first.stdout and "1 of 3 decided" in first.stdout
    assert not any(category in first.stdout + first.stderr for category in EXAMINERS_CATEGORIES)  # CAT-1 unseen
    for file_id, category in ((by_category["CAT-2"], "CAT-2"), (by_category["CAT-5"], "CAT-1")):
        assert run(capsys, "review", "categorize", case, str(file_id), "--category", category,
                   "--supervisor", SAM)[0] == 0
    code, out, err = run(capsys, "review", "categorize", case, str(by_category["CAT-5"]), "--category", "CAT-5",
                         "--supervisor", SAM)
    assert code == 0 and "replaces your earlier decision CAT-1" in err  # the latest decision wins
    assert "3 of 3 decided" in out and "heroes review agreement" in err

    # rows examiner, columns supervisor, over CAT-1, CAT-2, CAT-3, CAT-5; n = 3
    #   CAT-1: 0 0 1 0 | 1     p_o = 2/3
    #   CAT-2: 0 1 0 0 | 1     p_e = (1*0 + 1*1 + 0*1 + 1*1) / 3^2 = 2/9
    #   CAT-3: 0 0 0 0 | 0     kappa = (2/3 - 2/9) / (1 - 2/9) = (4/9) / (7/9) = 4/7
    #   CAT-5: 0 0 0 1 | 1
    #   cols   0 1 1 1
    result = json.loads(ok(heroes(isolated_profile, "review", "agreement", case, "--json")).stdout)
    assert (result["n"], result["labels"]) == (3, ["CAT-1", "CAT-2", "CAT-3", "CAT-5"])
    assert result["confusion"] == [[0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]
    assert result["agreement"] == pytest.approx(2 / 3) and result["kappa"] == pytest.approx(4 / 7)
    assert result["disagreements"] == [{"file_id": by_category["CAT-1"], "examiner": "CAT-1", "supervisor": "CAT-3",
                                        "path": result["disagreements"][0]["path"]}]
    assert result["disagreements"][0]["path"].startswith("/pics/") and result["pending"] == []
    code, shown, err = run(capsys, "review", "agreement", case)
    assert code == 0 and "kappa      0.571" in shown and "agreement  0.667" in shown
    assert "confusion (rows: examiner, columns: supervisor)" in shown and "EXAMINER" in shown

    signed = json.loads(ok(heroes(isolated_profile, "review", "sign", case, "--supervisor", SAM, "--note", "blind"
                                  " review done", "--json")).stdout)
    summary = signed["details"]["blind_review"]
    assert (signed["action"], signed["details"]["note"]) == ("review.signed", "blind review done")
    assert (summary["n"], summary["sample_seq"], summary["disagreeing_file_ids"]) == (
        3, result["sample_seq"], [by_category["CAT-1"]])
    assert summary["kappa"] == pytest.approx(4 / 7) and summary["confusion"] == result["confusion"]

    code, out, err = run(capsys, "custody", "verify", case)
    assert code == 0 and "custody chain verified" in out
    code, out, err = run(capsys, "custody", "log", case, "--json")
    log = [json.loads(line) for line in out.splitlines()]
    review_actions = [event["action"] for event in log if event["action"].startswith("review.")]
    assert review_actions == ["review.sample_drawn"] * 2 + ["review.blind_decision"] * 4 + ["review.signed"]
    assert {event["role"] for event in log if event["action"].startswith("review.")} == {"supervisor"}
    assert _tag_rows(path) == tags_before  # the supervisor's review changed none of the examiner's tags


def test_refusals_and_empty_results(built: tuple[Path, dict[int, str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, examiners = built
    code, out, err = run(capsys, "review", "categorize", path, "1", "--category", "CAT-1", "--supervisor", SAM)
    assert code == 2 and "no blind-review sample" in err and "Traceback" not in err
    code, out, err = run(capsys, "review", "agreement", path, "--json")
    document = json.loads(out)
    assert code == 0 and (document["n"], document["agreement"], document["kappa"]) == (0, None, None)
    assert "no blind-review sample drawn yet" in err
    for bad in (("--size", "0"), ("--size", "x"), ("--size", "3", "--seed", "-1")):
        code, out, err = run(capsys, "review", "sample", path, *bad, "--supervisor", SAM)
        assert code == 2 and err.count("error") == 1, (bad, err)
    code, out, err = run(capsys, "review", "sample", path, "--size", "3")
    assert code == 2 and "--supervisor" in err

    code, out, err = run(capsys, "review", "sample", path, "--size", "99", "--supervisor", SAM)
    assert code == 0 and len(out.split()) == 30 and "only 30 categorised pictures" in err
    code, out, err = run(capsys, "review", "sample", path, "--size", "2", "--seed", "1", "--supervisor", SAM)
    sample = [int(line) for line in out.split()]
    outside = next(file_id for file_id in examiners if file_id not in sample)
    code, out, err = run(capsys, "review", "categorize", path, str(outside), "--category", "CAT-1",
                         "--supervisor", SAM)
    assert code == 2 and f"file {outside} is not in the blind-review sample" in err
    code, out, err = run(capsys, "review", "categorize", path, str(sample[0]), "--category", "CAT-9",
                         "--supervisor", SAM, "--json")
    assert code == 2 and "CAT-0, CAT-1, CAT-2, CAT-3, CAT-4, CAT-5" in err
    assert json.loads(out)["exit_code"] == 2
    code, out, err = run(capsys, "review", "agreement", path)
    assert code == 0 and "no blind decisions on sample event" in err and "n          0" in out

    code, out, err = run(capsys, "review", "categorize", path, str(sample[0]), "--category", "cat3",
                         "--supervisor", SAM, "--json")
    assert code == 0 and json.loads(out)["category"] == "CAT-3" and json.loads(out)["replaces"] is None
    code, out, err = run(capsys, "review", "sample", path, "--size", "2", "--supervisor", SAM)
    assert code == 0 and "the decisions on it (1) stay in the custody log but no longer count" in err


def test_a_review_without_a_blind_review_signs_as_before(built: tuple[Path, dict[int, str]],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = built
    code, out, err = run(capsys, "review", "sign", path, "--supervisor", SAM, "--note", "looked", "--json")
    event = json.loads(out)
    assert code == 0 and "blind_review" not in event["details"] and event["details"]["note"] == "looked"
    code, out, err = run(capsys, "review", "--help")
    assert code == 0 and "examples:" in out and "review sample" in out
