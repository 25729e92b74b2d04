"""The network guard refuses connections, sends and lookups but local ones, in a process of its own (an audit hook
cannot be removed, so never in the test process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.conftest import REPO

PROGRAM = textwrap.dedent("""
    import json, socket
    from heroes_desktop.core import network_guard
    network_guard.install()
    network_guard.install()  # twice is once
    outcomes = {}
    attempts = {
        "tcp": lambda: socket.create_connection(("192.0.2.1", 80), timeout=2),
        "tcp6": lambda: socket.socket(socket.AF_INET6).connect_ex(("2001:db8::1", 80, 0, 0)),
        "udp": lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53)),
        "lookup": lambda: socket.getaddrinfo("example.org", 443),
        "by-name": lambda: socket.gethostbyname("example.org"),
        "listen": lambda: socket.socket().bind(("0.0.0.0", 0)),
        "loopback-bind": lambda: socket.socket(socket.AF_INET6).bind(("::1", 0)),
        "unix": lambda: socket.socketpair(socket.AF_UNIX),
    }
    for name, attempt in attempts.items():
        try:
            attempt()
            outcomes[name] = "allowed"
        except OSError as error:
            outcomes[name] = type(error).__name__ + ": " + str(error)
    print(json.dumps(outcomes))
    """)


def test_every_network_use_but_a_local_one_is_refused_with_a_clear_error() -> None:
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, cwd=REPO, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    outcomes = json.loads(done.stdout)
    refused = {name for name, outcome in outcomes.items() if outcome.startswith("NetworkRefused: heroes: network "
                                                                               "access refused")}
    assert refused == {"tcp", "tcp6", "udp", "lookup", "by-name", "listen"}, outcomes
    assert outcomes["unix"] == outcomes["loopback-bind"] == "allowed"
    assert "192.0.2.1" in outcomes["tcp"] and "example.org" in outcomes["lookup"]
    assert done.stderr.count("heroes: network access refused") == 6  # each attempt also said on stderr
