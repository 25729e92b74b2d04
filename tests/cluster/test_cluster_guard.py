"""The network guard's cluster exception is narrow: the one configured peer, nothing beside it (a fresh process:
the guard cannot be removed once installed)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROGRAM = textwrap.dedent("""
    import socket
    from heroes_desktop.cluster.network import open_guard
    from heroes_desktop.core import network_guard

    def listener():
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen()
        return server, server.getsockname()[1]

    (allowed, port), (other, other_port) = listener(), listener()
    network_guard.install()
    try:
        socket.create_connection(("127.0.0.1", port))
    except network_guard.NetworkRefused:
        print("refused before the exception")
    open_guard(peers=[("127.0.0.1", port)])
    socket.create_connection(("127.0.0.1", port)).close()
    print("peer allowed")
    for address in (("127.0.0.1", other_port), ("10.1.2.3", port)):
        try:
            socket.create_connection(address, timeout=1)
        except network_guard.NetworkRefused:
            print("other refused")
    try:
        socket.getaddrinfo("example.org", 443)
    except network_guard.NetworkRefused:
        print("lookup refused")
""")


def test_the_cluster_exception_allows_the_configured_peer_only() -> None:
    result = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=60)
    assert result.stdout.split("\n")[:-1] == ["refused before the exception", "peer allowed", "other refused",
                                             "other refused", "lookup refused"], result.stderr
