"""Group commit: who is written with whom, and what a failure or a departed caller does."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from adapters.clickhouse.group_commit import GroupCommit


class Store:
    """Writes wait for `release` (when set), then record the batches they carried."""

    def __init__(self) -> None:
        self.writes: list[list[list[int]]] = []
        self.release: asyncio.Event | None = None
        self.fail_on: int | None = None

    async def write(self, batches: list[Sequence[int]]) -> list[int]:
        if self.release is not None:
            await self.release.wait()
        if self.fail_on is not None and any(self.fail_on in b for b in batches):
            raise ConnectionError("store down")
        self.writes.append([list(b) for b in batches])
        return [len(b) for b in batches]


async def started(group: GroupCommit[int], items: list[int]) -> asyncio.Task[int]:
    task = asyncio.ensure_future(group.submit(items))
    await asyncio.sleep(0)
    return task


async def test_a_lone_batch_is_written_at_once() -> None:
    store = Store()
    assert await GroupCommit(store.write, 100).submit([1, 2]) == 2
    assert store.writes == [[[1, 2]]]


async def test_batches_arriving_during_a_write_go_together_in_order() -> None:
    store, gate = Store(), asyncio.Event()
    store.release = gate
    group = GroupCommit(store.write, 100)
    first = await started(group, [1])
    later = [await started(group, [n]) for n in (2, 3, 4)]
    gate.set()
    assert await asyncio.gather(first, *later) == [1, 1, 1, 1]
    assert store.writes == [[[1]], [[2], [3], [4]]]
    assert (group.writes, group.batches) == (2, 4)


async def test_a_write_carries_at_most_max_items_and_never_splits_a_batch() -> None:
    store, gate = Store(), asyncio.Event()
    store.release = gate
    group = GroupCommit(store.write, 5)
    tasks = [await started(group, [0])]
    tasks += [await started(group, list(range(n))) for n in (3, 2, 4, 6)]
    gate.set()
    assert await asyncio.gather(*tasks) == [1, 3, 2, 4, 6]
    assert [[len(b) for b in w] for w in store.writes] == [[1], [3, 2], [4], [6]]


async def test_a_failed_write_fails_only_the_batches_it_carried() -> None:
    store, gate = Store(), asyncio.Event()
    store.release, store.fail_on = gate, 99
    group = GroupCommit(store.write, 3)
    first = await started(group, [1])
    doomed = [await started(group, [99, 2]), await started(group, [5])]
    after = await started(group, [7, 8])
    gate.set()
    assert await first == 1
    for task in doomed:
        with pytest.raises(ConnectionError):
            await task
    assert await after == 2
    assert store.writes == [[[1]], [[7, 8]]]


async def test_a_caller_that_stops_waiting_does_not_stop_the_write() -> None:
    store, gate = Store(), asyncio.Event()
    store.release = gate
    group = GroupCommit(store.write, 100)
    first = await started(group, [1])
    gone, staying = await started(group, [2]), await started(group, [3])
    gone.cancel()
    gate.set()
    assert (await first, await staying) == (1, 1)
    assert store.writes == [[[1]], [[2], [3]]]
