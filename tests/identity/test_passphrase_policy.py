"""The lab's passphrase policy: weak new passphrases refused with the reason and a suggestion (exit 2), strong ones
accepted, a lab's settings tighten it, and nothing loosens it below its floor."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from heroes_desktop.core.errors import ExitCode
from heroes_desktop.identity.errors import WrongKeyPassphrase
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.identity.passphrase_policy import (
    DEFAULT_MIN_GUESSES,
    DEFAULT_MIN_LENGTH,
    FLOOR_MIN_GUESSES,
    PolicySettingsError,
    WeakPassphrase,
    check_passphrase,
    judge,
    load_policy,
)

STRONG = "plinth marzipan quokka ferrule"


def _settings(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_one_letter_passphrase_is_refused_with_reason_and_suggestion(isolated_profile: Path) -> None:
    with pytest.raises(WeakPassphrase) as refused:
        check_passphrase("a", what="case passphrase")
    message = str(refused.value)
    assert refused.value.exit_code == ExitCode.USAGE
    assert "\n" not in message and message.startswith("case passphrase refused as too weak")
    assert "1 character" in message and "10^12" in message and "Suggestion: use four or more unrelated words" in message


def test_common_passwords_carry_zxcvbn_warning(isolated_profile: Path) -> None:
    with pytest.raises(WeakPassphrase, match="this is a very common password"):
        check_passphrase("password12")


def test_strong_passphrases_pass_and_the_fixtures_are_strong(isolated_profile: Path) -> None:
    from tests.conftest import KEY_PASSPHRASE, PASSPHRASE

    for passphrase in (STRONG, PASSPHRASE, KEY_PASSPHRASE):
        assert check_passphrase(passphrase).guesses >= DEFAULT_MIN_GUESSES


def test_the_case_and_person_names_count_as_known(isolated_profile: Path) -> None:
    passphrase = "Ana Ruiz Operation Nightjar"
    assert judge(passphrase).guesses >= DEFAULT_MIN_GUESSES
    with pytest.raises(WeakPassphrase):
        check_passphrase(passphrase, user_inputs=("Ana Ruiz", "Operation Nightjar", "2026-17"))


def test_a_lab_tightens_the_policy(isolated_profile: Path, tmp_path: Path) -> None:
    assert (load_policy().min_guesses, load_policy().min_length) == (DEFAULT_MIN_GUESSES, DEFAULT_MIN_LENGTH)
    _settings(isolated_profile / "lab", "[passphrase-policy]\nmin_guesses = 1e30\nmin_length = 40\n")
    policy = load_policy()
    assert policy.min_guesses == 1e30 and policy.min_length == 40
    with pytest.raises(WeakPassphrase, match="at least 40"):
        check_passphrase(STRONG)


def test_the_stricter_of_profile_and_lab_store_wins(isolated_profile: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    monkeypatch.setenv("HEROES_LAB_STORE", str(store))
    _settings(store, "[passphrase-policy]\nmin_guesses = 1e14\n")
    _settings(isolated_profile, "[passphrase-policy]\nmin_guesses = 1e11\nmin_length = 12\n")
    policy = load_policy()
    assert policy.min_guesses == 1e14 and policy.min_length == 12 and len(policy.sources) == 2


@pytest.mark.parametrize("table", ["min_guesses = 1e6", "min_length = 4", "min_guesses = 0", "min_length = 9.5",
                                   "min_guesses = 'many'", "min_guesses = true", "max_guesses = 1e20"])
def test_no_setting_loosens_below_the_floor(isolated_profile: Path, table: str) -> None:
    _settings(isolated_profile, f"[passphrase-policy]\n{table}\n")
    with pytest.raises(PolicySettingsError) as refused:
        check_passphrase("a")
    assert refused.value.exit_code == ExitCode.USAGE and "settings.toml" in str(refused.value)


def test_a_lab_may_loosen_to_the_floor_only(isolated_profile: Path) -> None:
    _settings(isolated_profile, f"[passphrase-policy]\nmin_guesses = {FLOOR_MIN_GUESSES}\nmin_length = 8\n")
    assert load_policy().min_guesses == FLOOR_MIN_GUESSES
    check_passphrase("Tr0ub4dor&3")  # about 10^11 guesses: under the default, over the lab's floor
    with pytest.raises(WeakPassphrase):
        check_passphrase("a")


def test_a_damaged_settings_file_is_a_usage_error(isolated_profile: Path) -> None:
    _settings(isolated_profile, "[passphrase-policy\nmin_guesses = ")
    with pytest.raises(PolicySettingsError, match="cannot be read"):
        load_policy()


def test_a_weak_key_passphrase_is_refused_and_no_key_made(isolated_profile: Path) -> None:
    with pytest.raises(WeakPassphrase, match="signing-key passphrase for Ana Examiner"):
        load_or_create_signing_key(isolated_profile, "Ana Examiner", "a")
    assert not (isolated_profile / "keys").exists() or not list((isolated_profile / "keys").iterdir())
    load_or_create_signing_key(isolated_profile, "Ana Examiner", STRONG)


def test_an_existing_key_with_a_weak_passphrase_still_unlocks(isolated_profile: Path) -> None:
    made = load_or_create_signing_key(isolated_profile, "Old Examiner", "k", training=True)  # as before the policy
    assert load_or_create_signing_key(isolated_profile, "Old Examiner", "k").key_id == made.key_id
    with pytest.raises(WrongKeyPassphrase):
        load_or_create_signing_key(isolated_profile, "Old Examiner", "j")


def test_a_weak_lab_key_passphrase_is_refused(isolated_profile: Path, tmp_path: Path) -> None:
    from heroes_desktop.identity.lab_trust import init_lab

    with pytest.raises(WeakPassphrase, match="lab key passphrase"):
        init_lab(tmp_path / "lab", "Cyber Lab", "lab")
    assert not (tmp_path / "lab").exists()


RAW_KEY = "x'" + hashlib.sha256(b"raw").hexdigest() + "'"  # SQLCipher's raw-key form: 64 hex digits, used as the key without PBKDF2


def test_a_raw_key_form_is_refused_though_zxcvbn_rates_it_strong(tmp_path: Path, isolated_profile: Path,
                                                                 examiner, examiner_key) -> None:
    """SQLCipher reads x'<hex>' as key bytes and skips the key derivation; it is refused for every new case, the
    training ones too, however random its digits look to the estimator."""
    from heroes_desktop.case.case_file import Case

    assert judge(RAW_KEY).guesses >= DEFAULT_MIN_GUESSES  # the policy alone would accept it
    for passphrase, training in ((RAW_KEY, False), (RAW_KEY.upper().replace("X'", "x'"), True), ("X'00'", True)):
        with pytest.raises(WeakPassphrase, match="raw key") as refused:
            Case.create(tmp_path / "raw.heroes", passphrase, examiner, examiner_key, training=training)
        assert refused.value.exit_code == ExitCode.USAGE and "\n" not in str(refused.value)
        assert not (tmp_path / "raw.heroes").exists()
    with Case.create(tmp_path / "words.heroes", f"not a key {RAW_KEY}", examiner, examiner_key) as case:
        assert case.path.exists()  # the form anywhere but as the whole passphrase is a passphrase


def test_a_passphrase_longer_than_the_estimator_reads_is_judged_by_its_start(isolated_profile: Path) -> None:
    """zxcvbn refuses input past 72 characters (ValueError): a long passphrase was a crash of case create."""
    long = " ".join([STRONG] * 8)
    assert len(long) > 200 and check_passphrase(long).length == len(long)
    with pytest.raises(WeakPassphrase):
        check_passphrase("a" * 300)
