"""What a worker runs for each kind: a small registry of async handlers, input to output."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

Handler = Callable[["Work"], Coroutine[Any, Any, dict[str, Any]]]

HANDLERS: dict[str, Handler] = {}


@dataclass(frozen=True)
class Work:
    """A claimed job as its handler sees it."""

    job_id: str
    kind: str
    input: dict[str, Any]
    parameters: dict[str, Any]


def handles(kind: str) -> Callable[[Handler], Handler]:
    """Registers the decorated handler for `kind`."""

    def register(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return register


def handler_for(kind: str) -> Handler:
    """The handler of `kind`; KeyError names the kinds there are."""
    try:
        return HANDLERS[kind]
    except KeyError:
        raise KeyError(
            f"no handler for kind {kind!r}; known: {', '.join(sorted(HANDLERS))}"
        ) from None


@handles("echo")
async def echo(work: Work) -> dict[str, Any]:
    """Completes with the job's input as its output."""
    return dict(work.input)
