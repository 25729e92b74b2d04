"""Errors of the cluster path."""

from __future__ import annotations

from heroes_desktop.core.errors import HeroesError, UsageError
from heroes_desktop.pipeline.errors import ExecutorExhausted


class ClusterError(HeroesError):
    """The cluster cannot be used: unreachable, refused our certificate, or no node fit to run the work."""


class ClusterUsageError(UsageError):
    """A cluster option that cannot work (an address that is not tls://, a missing certificate folder)."""


class NodeRefused(ClusterError):
    """A node that must not run this case's work; ``node`` is its address. The batch goes to another node."""

    def __init__(self, message: str, node: str = "") -> None:
        super().__init__(message)
        self.node = node
        self.args = (message, node)  # so that it crosses the wire with its node

    def __str__(self) -> str:
        return str(self.args[0])


class EnvironmentMismatch(NodeRefused):
    """A node's environment digest (package versions, model SHA-256s, program version) differs from ours."""


class EvidenceMismatch(NodeRefused):
    """A node reads evidence that differs from what the case recorded (another copy, a stale mount)."""


class NoNodeLeft(ClusterError, ExecutorExhausted):
    """Every node was refused or lost: the ingest stops and the items not done stay pending."""
