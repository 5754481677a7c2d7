"""The environment's database as the runtime hands it on, and why it may not be ready."""

from __future__ import annotations

from dataclasses import dataclass

from entrypoints.settings import redact_url


class StartupError(Exception):
    """The database cannot be made ready; the message is one line an operator can act on."""


@dataclass(frozen=True)
class Database:
    """Where the environment's database is and how to log in to it."""

    name: str
    admin_url: str
    rw_url: str
    bootstrap_url: str
    embedded: bool
    source: str  # the variable(s) the URL came from, for messages

    def describe(self) -> str:
        where = f"{self.name} at {redact_url(self.rw_url)}"
        return f"{where} (embedded)" if self.embedded else where
