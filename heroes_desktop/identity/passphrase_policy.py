"""The lab's passphrase policy: how hard a new case or signing-key passphrase must be to guess.

A case is protected by PBKDF2 at 256,000 iterations and a signing key by scrypt: both fall at once to a guessing
attack on a passphrase like ``a``. So a passphrase that protects something new (a case, a portable case, a signing
key, a case's new passphrase) is judged by zxcvbn's estimate of the guesses an attacker needs, with the names and
words of the case and the person given as known to the attacker, and refused when it is too weak or too short.
Opening what already exists is never refused: no examiner is locked out of evidence already made.

The default asks for 10^12 guesses and 10 characters. A lab tightens it in ``settings.toml``::

    [passphrase-policy]
    min_guesses = 1e14
    min_length = 14

read from the profile folder (``HEROES_HOME``) and from the lab trust store folder (``HEROES_LAB_STORE``, else
``lab`` in the profile); where both say, the stricter value wins. A value may be higher or lower than the default
but never below the hard floor (10^10 guesses, 8 characters): such a file is refused with a usage error, so a
policy is never silently loosened. zxcvbn is imported only when a passphrase is judged (start-up stays fast).
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from heroes_desktop.core.errors import UsageError
from heroes_desktop.identity.profile import LAB_STORE_ENV, profile_dir

DEFAULT_MIN_GUESSES = 10**12
DEFAULT_MIN_LENGTH = 10
FLOOR_MIN_GUESSES = 10**10  # what no lab setting may go below
FLOOR_MIN_LENGTH = 8
SETTINGS_FILE = "settings.toml"
POLICY_TABLE = "passphrase-policy"
ESTIMATED_CHARACTERS = 72  # zxcvbn refuses longer input (ValueError); a longer passphrase is at least as strong as its start
GENERAL_SUGGESTION = "use four or more unrelated words, or a longer phrase only you would think of"


class WeakPassphrase(UsageError):
    """A new passphrase is weaker than the lab policy allows (exit 2)."""


class PolicySettingsError(UsageError):
    """A ``[passphrase-policy]`` table that cannot be read or would loosen the policy below its floor (exit 2)."""


@dataclass(frozen=True)
class PassphrasePolicy:
    min_guesses: float = DEFAULT_MIN_GUESSES
    min_length: int = DEFAULT_MIN_LENGTH
    sources: tuple[str, ...] = ()  # the settings files that set it


@dataclass(frozen=True)
class Judgement:
    guesses: float
    length: int
    warning: str
    suggestions: tuple[str, ...]


def settings_files() -> list[Path]:
    """Where a ``[passphrase-policy]`` table is looked for: the profile's and the lab store's ``settings.toml``."""
    profile = profile_dir()
    store = Path(os.environ[LAB_STORE_ENV]) if os.environ.get(LAB_STORE_ENV) else profile / "lab"
    return [profile / SETTINGS_FILE, store / SETTINGS_FILE]


def load_policy(files: Iterable[Path] | None = None) -> PassphrasePolicy:
    """The policy the settings files give (the stricter where several do), else the default."""
    guesses: list[float] = []
    lengths: list[int] = []
    sources: list[str] = []
    for path in settings_files() if files is None else files:
        table = _policy_table(Path(path))
        if table is None:
            continue
        sources.append(str(path))
        if "min_guesses" in table:
            guesses.append(_number(path, "min_guesses", table["min_guesses"], FLOOR_MIN_GUESSES))
        if "min_length" in table:
            value = _number(path, "min_length", table["min_length"], FLOOR_MIN_LENGTH)
            if value != int(value):
                raise PolicySettingsError(f"{path}: [{POLICY_TABLE}] min_length must be a whole number")
            lengths.append(int(value))
    return PassphrasePolicy(max(guesses, default=DEFAULT_MIN_GUESSES), max(lengths, default=DEFAULT_MIN_LENGTH),
                            tuple(sources))


def _policy_table(path: Path) -> dict | None:
    try:
        with path.open("rb") as stream:
            settings = tomllib.load(stream)
    except FileNotFoundError:
        return None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise PolicySettingsError(f"{path}: the settings file cannot be read ({error})") from None
    table = settings.get(POLICY_TABLE)
    if table is None:
        return None
    if not isinstance(table, dict):
        raise PolicySettingsError(f"{path}: [{POLICY_TABLE}] must be a table")
    unknown = sorted(set(table) - {"min_guesses", "min_length"})
    if unknown:
        raise PolicySettingsError(f"{path}: [{POLICY_TABLE}] has unknown settings: {', '.join(unknown)}"
                                  " (known: min_guesses, min_length)")
    return table


def _number(path: Path, name: str, value: object, floor: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise PolicySettingsError(f"{path}: [{POLICY_TABLE}] {name} must be a number, not {value!r}")
    if value < floor:
        raise PolicySettingsError(
            f"{path}: [{POLICY_TABLE}] {name} = {value:g} is below the floor of {floor:g}: a lab may tighten the"
            " passphrase policy, never loosen it below the floor")
    return float(value)


def _hints(user_inputs: Iterable[str]) -> list[str]:
    """The words an attacker knows (names, titles, numbers), whole and word by word."""
    hints: list[str] = []
    for text in user_inputs:
        text = (text or "").strip()
        if text:
            hints.append(text)
            hints.extend(word for word in text.replace("-", " ").replace("_", " ").split() if len(word) > 1)
    return list(dict.fromkeys(hints))


def judge(passphrase: str, user_inputs: Iterable[str] = ()) -> Judgement:
    """zxcvbn's estimate for ``passphrase`` when ``user_inputs`` are known to the attacker."""
    from zxcvbn import zxcvbn  # lazily: a hundred milliseconds of dictionaries nobody needs for `heroes --version`

    result = zxcvbn(passphrase[:ESTIMATED_CHARACTERS], user_inputs=_hints(user_inputs))
    feedback = result.get("feedback") or {}
    return Judgement(float(result["guesses"]), len(passphrase), str(feedback.get("warning") or ""),
                     tuple(str(s) for s in feedback.get("suggestions") or ()))


def check_passphrase(passphrase: str, *, what: str = "passphrase", user_inputs: Sequence[str] = (),
                     policy: PassphrasePolicy | None = None) -> Judgement:
    """Raise :class:`WeakPassphrase` (one line: why, and what to do) when ``passphrase`` is weaker than the policy."""
    policy = load_policy() if policy is None else policy
    judgement = judge(passphrase, user_inputs)
    reasons: list[str] = []
    if judgement.length < policy.min_length:
        reasons.append(f"it has {judgement.length} character{'s' if judgement.length != 1 else ''}, the lab policy"
                       f" asks for at least {policy.min_length}")
    if judgement.guesses < policy.min_guesses:
        reasons.append(f"it would be guessed in about 10^{math.floor(math.log10(max(judgement.guesses, 1)))}"
                       f" tries, the lab policy asks for 10^{math.floor(math.log10(policy.min_guesses))} or more")
    if not reasons:
        return judgement
    if judgement.warning:
        warning = judgement.warning.rstrip(".")
        reasons.append(warning[:1].lower() + warning[1:])
    suggestions = [GENERAL_SUGGESTION, *(s[:1].lower() + s[1:].rstrip(".") for s in judgement.suggestions)]
    raise WeakPassphrase(f"{what} refused as too weak: {'; '.join(reasons)}. Suggestion: "
                         + "; ".join(dict.fromkeys(suggestions)))


__all__ = ["PassphrasePolicy", "WeakPassphrase", "PolicySettingsError", "check_passphrase", "judge",
           "load_policy", "settings_files"]
