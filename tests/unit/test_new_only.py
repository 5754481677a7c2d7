"""Inserts of new ids only, batches arriving concurrently and written in groups: each id
is stored once, whatever the write before did (stored, failed, or stored and lost its
answer)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa
import pytest

from adapters.clickhouse.idempotent import NewOnly

Item = tuple[str, str]  # (workspace, id)


class Table:
    """A table of (workspace, id) rows that answers the known-ids query, with inserts
    that can be held at a gate or made to fail."""

    database = "fake"

    def __init__(self) -> None:
        self.rows: list[Item] = []
        self.queries = 0
        self.gate: asyncio.Event | None = None
        self.failing: set[str] = set()  # an insert carrying one of these ids fails
        self.lost = False  # a failing insert stores its rows and loses the answer
        self.unanswered: list[Item] = []  # rows so stored

    async def query(self, sql: str, params: Any = None, settings: Any = None) -> list[dict]:
        self.queries += 1
        await asyncio.sleep(0)
        stored = {i for w, i in self.rows if w == params["workspace_id"]}
        return [{"id": i} for i in params["ids"] if i in stored]

    async def insert(self, table: str, columns: pa.Table, settings: Any = None) -> None:
        if self.gate is not None:
            await self.gate.wait()
        await asyncio.sleep(0)
        rows = list(zip(columns["w"].to_pylist(), columns["id"].to_pylist(), strict=True))
        if self.failing & {i for _, i in rows}:
            if self.lost:
                self.rows.extend(rows)
                self.unanswered.extend(rows)
            raise ConnectionError("insert failed")
        self.rows.extend(rows)


def keys(items: Sequence[Item]) -> Iterable[Item]:
    return iter(items)


def table_of(items: Sequence[Item]) -> pa.Table:
    return pa.table({"w": [w for w, _ in items], "id": [i for _, i in items]})


def new_only(table: Table) -> NewOnly[Item]:
    return NewOnly(table, "t", "known", keys, table_of)  # type: ignore[arg-type]


async def test_ids_of_a_failed_write_are_stored_by_the_next_batch_that_carries_them() -> None:
    table, gate = Table(), asyncio.Event()
    table.gate, table.failing = gate, {"x"}
    store = new_only(table)
    doomed = asyncio.ensure_future(store.insert([("w", "a"), ("w", "x")]))
    await asyncio.sleep(0.01)
    after = asyncio.ensure_future(store.insert([("w", "a"), ("w", "b")]))
    await asyncio.sleep(0.01)
    gate.set()
    with pytest.raises(ConnectionError):
        await doomed
    assert await after == 2
    assert table.rows == [("w", "a"), ("w", "b")]


async def test_ids_a_write_stored_before_losing_its_answer_are_not_stored_again() -> None:
    table, gate = Table(), asyncio.Event()
    table.gate, table.failing, table.lost = gate, {"x"}, True
    store = new_only(table)
    lost = asyncio.ensure_future(store.insert([("w", "a"), ("w", "x")]))
    await asyncio.sleep(0.01)
    after = asyncio.ensure_future(store.insert([("w", "a"), ("w", "b")]))
    await asyncio.sleep(0.01)
    gate.set()
    with pytest.raises(ConnectionError):
        await lost
    assert await after == 1
    assert table.rows == [("w", "a"), ("w", "x"), ("w", "b")]


@pytest.mark.parametrize("seed", range(40))
async def test_overlapping_concurrent_batches_store_each_id_once(seed: int) -> None:
    rng = random.Random(seed)
    table = Table()
    table.failing = {f"id{rng.randrange(60)}"} if seed % 3 == 0 else set()
    table.lost = seed % 2 == 0
    store = new_only(table)

    async def call(items: list[Item]) -> tuple[list[Item], int | None]:
        await asyncio.sleep(rng.random() / 500)
        try:
            return items, await store.insert(items)
        except ConnectionError:
            return items, None

    batches = [
        [(rng.choice("uv"), f"id{rng.randrange(60)}") for _ in range(rng.randrange(1, 12))]
        for _ in range(30)
    ]
    answers = await asyncio.gather(*(call(b) for b in batches))
    assert len(table.rows) == len(set(table.rows))  # no id stored twice
    answered = sum(n for _, n in answers if n is not None)
    assert answered == len(table.rows) - len(table.unanswered)
    for items, n in answers:
        if n is not None:  # an answered batch's ids are all stored
            assert set(items) <= set(table.rows)
        else:  # a batch fails only with a failing id in its write (its own or a group-mate's)
            assert table.failing
    if not table.lost:
        assert not table.failing & {i for _, i in table.rows}
