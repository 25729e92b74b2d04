"""No network, ever: an audit hook that refuses every connection but a local (``AF_UNIX``) one, and every name lookup.

A bind to the loopback address stays allowed (libraries probe for IPv6 that way; nothing outside can reach it).

Installed in the command line's process and in every worker (the fork server installs it before it forks them),
so that a library which tries to reach a server (a version check, a download, telemetry) or code planted in hostile
evidence gets :class:`NetworkRefused` instead of a connection. ``multiprocessing`` talks over ``AF_UNIX`` sockets
and pipes, which stay allowed. Each refusal is also written as one line on stderr, so that an attempt that a library
swallows (it catches ``OSError``) is still seen. Native code that opens sockets by itself is not covered: run the
program in a network namespace without interfaces (``unshare -n``) for that.

The one exception is a lab cluster (:mod:`heroes_desktop.cluster`), opened explicitly with :func:`allow_cluster`:
connections to the configured scheduler (and, on cluster nodes, to the lab network's nodes), binds to the node's
own listening address, and name lookups of those hosts only. Dask's TLS with certificates from the lab CA is
required on every such connection; the stage workers themselves keep refusing everything.
"""

from __future__ import annotations

import sys
from typing import Any

AF_UNIX = 1  # the same number on every POSIX system (and absent on Windows, where no connect is allowed)
REFUSED_PREFIX = "heroes: network access refused"
WATCHED_SOCKETS = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})
LOOKUPS = frozenset({"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"})

_installed = False
_cluster_peers: set[tuple[str, int]] = set()  # (host, port) this process may connect to
_cluster_networks: list = []  # ipaddress networks whose nodes this process may connect to (cluster nodes only)
_cluster_binds: set[str] = set()  # hosts this process may listen on
_cluster_names: set[str] = set()  # host names this process may look up


class NetworkRefused(PermissionError):
    """A network connection or name lookup was attempted; HEROES Desktop works offline. An ``OSError``, so that a
    library which copes with being offline copes with this too."""


def _is_local(sock: Any) -> bool:
    family = getattr(sock, "family", None)
    try:
        return int(family) == AF_UNIX
    except (TypeError, ValueError):
        return False


def _is_loopback(address: Any) -> bool:
    """A bind to the loopback address (a library probing whether IPv6 works binds ``("::1", 0)``): not network."""
    host = address[0] if isinstance(address, tuple) and address else None
    return isinstance(host, str) and (host in ("::1", "localhost") or host.startswith("127."))


def _refuse(what: str) -> None:
    message = f"{REFUSED_PREFIX}: {what} (the program works offline)"
    try:
        sys.stderr.write(message + "\n")
    except (OSError, ValueError, AttributeError):
        pass
    raise NetworkRefused(message)


def _cluster_allows(event: str, address: Any) -> bool:
    """The explicit cluster exception: the configured peers and networks (connect), the node's address (bind)."""
    if not isinstance(address, tuple) or len(address) < 2 or not isinstance(address[0], str):
        return False
    host, port = address[0], address[1]
    if event == "socket.bind":
        return host in _cluster_binds
    if event != "socket.connect":
        return False
    if (host, port) in _cluster_peers:
        return True
    if _cluster_networks:
        import ipaddress

        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(ip in network for network in _cluster_networks)
    return False


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event in WATCHED_SOCKETS:
        if (not _is_local(args[0]) and not (event == "socket.bind" and _is_loopback(args[1]))
                and not _cluster_allows(event, args[1])):
            _refuse(f"{event.removeprefix('socket.')} to {args[1]!r}")
    elif event in LOOKUPS:
        if not (event == "socket.getaddrinfo" and args[0] in _cluster_names):
            _refuse(f"{event.removeprefix('socket.')} of {args[0]!r}")


def install() -> None:
    """Add the hook to this process (once: an audit hook cannot be removed, and forked children inherit it)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


def allow_cluster(peers: Any = (), binds: Any = (), networks: Any = ()) -> None:
    """Open the cluster exception: ``peers`` (host, port) to connect to, ``binds`` hosts to listen on, ``networks``
    (CIDR strings) whose nodes a cluster node may connect to. Their host names may be looked up (a name's addresses
    are then given as peers too: :mod:`heroes_desktop.cluster.network`). Only ever widened by an explicit
    ``--cluster`` or ``heroes cluster`` command; nothing else in the program calls it."""
    import ipaddress

    for host, port in peers:
        _cluster_peers.add((str(host), int(port)))
        _cluster_names.add(str(host))
    for host in binds:
        _cluster_binds.add(str(host))
        _cluster_names.add(str(host))
    for network in networks:
        _cluster_networks.append(ipaddress.ip_network(network, strict=False))


def installed() -> bool:
    return _installed
