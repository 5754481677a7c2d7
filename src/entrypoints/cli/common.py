"""What every command group shares: exit codes, refusals, progress on stderr, and the
application container, started for the length of a command."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator
from typing import Any

from entrypoints.settings import Settings

EXIT_FAILED = 1
EXIT_REFUSED = 2


class Refused(Exception):
    """The command is not allowed in this environment (exit code 2)."""


def info(message: str) -> None:
    """Human-readable progress: stderr, so stdout carries only what scripts capture."""
    print(message, file=sys.stderr, flush=True)


@contextlib.asynccontextmanager
async def started_container(
    settings: Settings, url: str | None, **limits: int
) -> AsyncIterator[Any]:
    """The application container on `url`, started; `limits` override the sessions' bounds."""
    from entrypoints.container import build_container, start, stop

    container = build_container(settings, url, **limits)
    await start(container)
    try:
        yield container
    finally:
        await stop(container)
