"""The acting person and their role in a case."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Roles recorded in every custody event."""

    EXAMINER = "examiner"
    SUPERVISOR = "supervisor"
    TRAINER = "trainer"
    TRAINEE = "trainee"

    @property
    def reviews_only(self) -> bool:
        """Supervisors review: their sessions never change case data, they only sign."""
        return self is Role.SUPERVISOR


@dataclass(frozen=True)
class Actor:
    """A named person acting in a role."""

    name: str
    role: Role

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an actor needs a non-empty name")
