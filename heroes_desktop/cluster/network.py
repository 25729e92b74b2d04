"""The one module of the program that handles network addresses itself: opening the network guard's cluster
exception for the configured peers (names resolved once, their addresses allowed, nothing else), finding the
address a node faces its scheduler with, and the lab network a scheduler may reach its nodes on."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from heroes_desktop.core import network_guard


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def open_guard(peers: Iterable[tuple[str, int]] = (), binds: Iterable[str] = (),
               networks: Iterable[str] = ()) -> None:
    """Allow exactly these connections and binds (a host name: the addresses it resolves to as well)."""
    peers, binds = list(peers), list(binds)
    network_guard.allow_cluster(peers=peers, binds=binds, networks=networks)  # the names may be looked up now
    resolved = []
    for host, port in peers:
        if not _is_ip(host):
            try:
                resolved += [(str(found[4][0]), int(port))
                             for found in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]
            except OSError:
                continue
    network_guard.allow_cluster(peers=resolved)


def facing_address(host: str, port: int) -> str:
    """This node's address on the route to the scheduler (a UDP connect sends nothing; the peer is allowed)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect((host, port))
        return str(probe.getsockname()[0])


def network_of(host: str, cidr: str | None) -> str:
    """The lab network: ``cidr`` when given, else the /24 (IPv6: /64) of ``host``; loopback for a loopback host."""
    if cidr:
        return str(ipaddress.ip_network(cidr, strict=False))
    address = ipaddress.ip_address(host if _is_ip(host) else socket.gethostbyname(host))
    if address.is_loopback:
        return "127.0.0.0/8"
    return str(ipaddress.ip_network(f"{address}/{24 if address.version == 4 else 64}", strict=False))
