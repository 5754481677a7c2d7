"""Group commit: batches submitted while a write is running wait for it to end, then go
to the store together in one write. An insert into ClickHouse costs about as much per
call as per row (a part in the table and in each materialized view), so concurrent
callers are served sooner together than one after another; a lone caller is written at
once, with no added wait."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")
# The batches of one write, in the order they came; the answer is one count per batch.
Write = Callable[[list[Sequence[T]]], Awaitable[list[int]]]


def _future() -> asyncio.Future[int]:
    """A caller that stopped waiting leaves its failure unread: read here, not logged."""
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    done.add_done_callback(lambda f: f.cancelled() or f.exception())
    return done


@dataclass
class _Waiting(Generic[T]):
    items: Sequence[T]
    done: asyncio.Future[int] = field(default_factory=_future)


class GroupCommit(Generic[T]):
    """Writes are serialized: one at a time, each taking every batch waiting (in order,
    up to `max_items` items, but never splitting a batch). A failed write fails only the
    batches it carried; a caller that stops waiting does not stop the write of others."""

    def __init__(self, write: Write[T], max_items: int) -> None:
        self._write = write
        self._max_items = max_items
        self._queue: list[_Waiting[T]] = []
        self._writer: asyncio.Task[None] | None = None
        self.writes = 0  # how many writes carried the batches so far
        self.batches = 0
        self.items = 0

    async def submit(self, items: Sequence[T]) -> int:
        waiting = _Waiting(items)
        self._queue.append(waiting)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._drain())
        return await asyncio.shield(waiting.done)

    async def _drain(self) -> None:
        while self._queue:
            group = self._take()
            try:
                counts = await self._write([w.items for w in group])
            except BaseException as exc:
                for w in group:
                    _settle(w.done, exc=exc)
                if not isinstance(exc, Exception):
                    raise
                continue
            self.writes += 1
            self.batches += len(group)
            self.items += sum(len(w.items) for w in group)
            for w, count in zip(group, counts, strict=True):
                _settle(w.done, count)

    def _take(self) -> list[_Waiting[T]]:
        group = [self._queue.pop(0)]
        size = len(group[0].items)
        while self._queue and size + len(self._queue[0].items) <= self._max_items:
            size += len(self._queue[0].items)
            group.append(self._queue.pop(0))
        return group


def _settle(done: asyncio.Future[int], count: int = 0, exc: BaseException | None = None) -> None:
    if done.done():
        return
    if isinstance(exc, asyncio.CancelledError):
        done.cancel()
    elif exc is not None:
        done.set_exception(exc)
    else:
        done.set_result(count)
