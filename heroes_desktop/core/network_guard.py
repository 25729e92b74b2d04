"""No network, ever: an audit hook that refuses every connection but a local (``AF_UNIX``) one, and every name lookup.

A bind to the loopback address stays allowed (libraries probe for IPv6 that way; nothing outside can reach it).

Installed in the command line's process and in every worker (the fork server installs it before it forks them),
so that a library which tries to reach a server (a version check, a download, telemetry) or code planted in hostile
evidence gets :class:`NetworkRefused` instead of a connection. ``multiprocessing`` talks over ``AF_UNIX`` sockets
and pipes, which stay allowed. Each refusal is also written as one line on stderr, so that an attempt that a library
swallows (it catches ``OSError``) is still seen. Native code that opens sockets by itself is not covered: run the
program in a network namespace without interfaces (``unshare -n``) for that.
"""

from __future__ import annotations

import sys
from typing import Any

AF_UNIX = 1  # the same number on every POSIX system (and absent on Windows, where no connect is allowed)
REFUSED_PREFIX = "heroes: network access refused"
WATCHED_SOCKETS = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})
LOOKUPS = frozenset({"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"})

_installed = False


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


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event in WATCHED_SOCKETS:
        if not _is_local(args[0]) and not (event == "socket.bind" and _is_loopback(args[1])):
            _refuse(f"{event.removeprefix('socket.')} to {args[1]!r}")
    elif event in LOOKUPS:
        _refuse(f"{event.removeprefix('socket.')} of {args[0]!r}")


def install() -> None:
    """Add the hook to this process (once: an audit hook cannot be removed, and forked children inherit it)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


def installed() -> bool:
    return _installed
