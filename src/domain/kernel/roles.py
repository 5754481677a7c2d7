"""Workspace roles, ordered, and a user's role in one workspace."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.IntEnum):
    """Workspace roles, ordered: a higher role can do all a lower one can."""

    VIEWER = 1
    MEMBER = 2
    ADMIN = 3
    OWNER = 4

    @classmethod
    def parse(cls, name: str) -> Role:
        return cls[name.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()

    def at_least(self, other: Role) -> bool:
        return self >= other


@dataclass(frozen=True, slots=True)
class WorkspaceRole:
    """A user's role in a workspace that exists; `role` None: not a member."""

    role: Role | None
