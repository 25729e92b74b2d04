"""A child's environment: what programs need, never a passphrase, nothing else of the parent's."""

from __future__ import annotations

from heroes_desktop.core.child_environment import SECRET_VARIABLES, holds_secret, minimal_environment

PARENT = {"PATH": "/usr/bin", "LANG": "es_ES.UTF-8", "LC_ALL": "C", "HOME": "/home/ana", "TMPDIR": "/tmp/ana",
          "OMP_NUM_THREADS": "2", "TESSDATA_PREFIX": "/usr/share/tessdata", "HEROES_HOME": "/home/ana/.heroes",
          "HEROES_PASSPHRASE": "s3cret", "HEROES_KEY_PASSPHRASE": "k3y", "HEROES_VOLUME_PASSWORD": "v",
          "HEROES_EXPORT_PASSPHRASE": "e", "HEROES_LAB_PASSPHRASE": "l", "HEROES_NEW_PASSPHRASE": "n", "SSH_AUTH_SOCK": "/run/agent",
          "AWS_SECRET_ACCESS_KEY": "x", "DISPLAY": ":0"}


def test_only_the_variables_programs_need_are_kept() -> None:
    kept = minimal_environment(PARENT)
    assert kept == {name: PARENT[name] for name in ("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "OMP_NUM_THREADS",
                                                    "TESSDATA_PREFIX", "HEROES_HOME")} | {"ORT_DISABLE_TELEMETRY": "1"}
    assert holds_secret(PARENT) == sorted(SECRET_VARIABLES) and holds_secret(kept) == []


def test_a_passphrase_passed_as_an_extra_is_dropped_too() -> None:
    kept = minimal_environment(PARENT, OMP_THREAD_LIMIT="1", HEROES_PASSPHRASE="s3cret")
    assert kept["OMP_THREAD_LIMIT"] == "1" and "HEROES_PASSPHRASE" not in kept
