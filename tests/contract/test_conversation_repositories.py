"""Conversation repositories: one contract, run against the memory and PostgreSQL adapters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from domain.conversations.model import Message, Thread
from domain.conversations.values import MessageRole, ThreadStatus
from domain.jobs.model import Job
from domain.kernel.errors import Aborted, AlreadyExists, NotFound
from ports.conversations import MessageRange, ThreadFilter
from ports.uow import UnitOfWorkFactory
from tests.contract.conftest import T0

ALL = tuple(ThreadStatus)


class Kit:
    def __init__(self, make: Any) -> None:
        self.make = make
        self.user = make.user()
        self.ws = make.workspace()
        self.other_ws = make.workspace()

    def thread(self, ws: Any = None, minutes: int = 0, **kw: Any) -> Thread:
        at = self.make.t0 + timedelta(minutes=minutes)
        fields = {
            "id": self.make.id(),
            "workspace_id": (ws or self.ws).id,
            "owner_id": self.user.id,
        }
        return Thread(**(fields | {"title": "T", "created_at": at, "updated_at": at} | kw))

    def messages(self, thread: Thread, *texts: str, first: int = 1) -> list[Message]:
        return [
            Message(
                id=self.make.id(),
                thread_id=thread.id,
                workspace_id=thread.workspace_id,
                sequence=first + i,
                role=MessageRole.USER,
                content=text,
                created_at=self.make.t0,
                tokens_used=3,
                metadata={"i": i},
            )
            for i, text in enumerate(texts)
        ]


@pytest.fixture
async def kit(make: Any, seed: Any) -> Kit:
    k = Kit(make)
    await seed(k.user, k.ws, k.other_ws)
    return k


async def _add(uow_factory: UnitOfWorkFactory, *threads: Thread) -> None:
    async with uow_factory() as uow:
        for thread in threads:
            await uow.threads.add(thread)
        await uow.commit()


async def test_a_thread_reads_back_only_in_its_workspace(uow_factory, kit) -> None:
    thread = kit.thread(metadata={"a": [1, "x"]})
    await _add(uow_factory, thread)
    async with uow_factory() as uow:
        got = await uow.threads.get(kit.ws.id, thread.id)
        assert got is not None and (got.title, got.metadata, got.status) == (
            "T",
            {"a": [1, "x"]},
            ThreadStatus.ACTIVE,
        )
        assert await uow.threads.get(kit.other_ws.id, thread.id) is None
        assert await uow.threads.get(kit.ws.id, "not-a-uuid") is None


async def test_a_thread_in_an_unknown_workspace_is_refused(uow_factory, kit) -> None:
    with pytest.raises(NotFound):
        await _add(uow_factory, kit.thread(workspace_id=kit.make.id()))


async def test_update_writes_only_the_expected_version(uow_factory, kit) -> None:
    thread = kit.thread()
    await _add(uow_factory, thread)
    async with uow_factory() as uow:
        thread.title, thread.version = "T2", 2
        await uow.threads.update(thread, 1)
        with pytest.raises(Aborted):
            await uow.threads.update(thread, 1)
        await uow.commit()
    async with uow_factory() as uow:
        got = await uow.threads.get(kit.ws.id, thread.id)
        assert got is not None and (got.title, got.version) == ("T2", 2)


async def test_find_orders_by_activity_then_id_and_continues_after_a_key(uow_factory, kit) -> None:
    a, b, c = kit.thread(minutes=1), kit.thread(minutes=2), kit.thread(minutes=2)
    archived = kit.thread(minutes=3, status=ThreadStatus.ARCHIVED)
    await _add(uow_factory, a, b, c, archived, kit.thread(ws=kit.other_ws))
    active = ThreadFilter(kit.ws.id, (ThreadStatus.ACTIVE,))
    async with uow_factory(read_only=True) as uow:
        rows = await uow.threads.find(active, None, 10)
        assert [t.id for t in rows] == [c.id, b.id, a.id]
        rest = await uow.threads.find(active, (c.updated_at, c.id), 10)
        assert [t.id for t in rest] == [b.id, a.id]
        everything = await uow.threads.find(ThreadFilter(kit.ws.id, ALL), None, 2)
        assert [t.id for t in everything] == [archived.id, c.id]
        none_of_theirs = ThreadFilter(kit.ws.id, ALL, owner_id=kit.make.id())
        assert await uow.threads.find(none_of_theirs, None, 10) == []


async def test_messages_keep_unique_sequences_and_range_both_ways(uow_factory, kit) -> None:
    thread = kit.thread()
    await _add(uow_factory, thread)
    async with uow_factory() as uow:
        await uow.messages.add(kit.messages(thread, "a", "b", "c", "d"))
        await uow.commit()
    with pytest.raises(AlreadyExists):
        async with uow_factory() as uow:
            await uow.messages.add(kit.messages(thread, "again", first=2))
    async with uow_factory(read_only=True) as uow:
        up = await uow.messages.find(MessageRange(kit.ws.id, thread.id, above=1), 2)
        down = await uow.messages.find(
            MessageRange(kit.ws.id, thread.id, below=4, newest_first=True), 5
        )
        elsewhere = await uow.messages.find(MessageRange(kit.other_ws.id, thread.id), 5)
        totals = await uow.threads.totals(kit.ws.id, thread.id)
    assert [m.content for m in up] == ["b", "c"]
    assert [m.content for m in down] == ["c", "b", "a"]
    assert elsewhere == [] and (totals.message_count, totals.tokens_used) == (4, 12)


async def test_a_message_cannot_join_a_thread_of_another_workspace(uow_factory, kit) -> None:
    thread = kit.thread()
    await _add(uow_factory, thread)
    [stray] = kit.messages(thread, "x")
    stray.workspace_id = kit.other_ws.id
    with pytest.raises(NotFound):
        async with uow_factory() as uow:
            await uow.messages.add([stray])


async def test_a_message_reads_back_as_written(uow_factory, kit) -> None:
    thread = kit.thread()
    await _add(uow_factory, thread)
    [message] = kit.messages(thread, "hello")
    run = Job(kit.make.id(), kit.ws.id, kit.user.id, "agent_run", T0, T0, T0, thread.id)
    message.run_id, message.model = run.id, "gpt"
    async with uow_factory() as uow:
        await uow.jobs.add(run)
        await uow.messages.add([message])
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        got = await uow.messages.get(kit.ws.id, thread.id, message.id)
        assert await uow.messages.get(kit.other_ws.id, thread.id, message.id) is None
    assert got == message


async def test_recording_messages_moves_activity_but_not_the_version(uow_factory, kit) -> None:
    thread = kit.thread()
    await _add(uow_factory, thread)
    async with uow_factory() as uow:
        thread.last_sequence, thread.updated_at = 5, thread.updated_at + timedelta(days=1)
        await uow.threads.record_messages(thread)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        got = await uow.threads.get(kit.ws.id, thread.id)
    assert got is not None and (got.last_sequence, got.version) == (5, 1)
    assert got.updated_at > kit.make.t0


async def test_delete_removes_the_thread_with_its_messages(uow_factory, kit) -> None:
    thread = kit.thread()
    await _add(uow_factory, thread)
    async with uow_factory() as uow:
        await uow.messages.add(kit.messages(thread, "a"))
        assert not await uow.threads.delete(kit.other_ws.id, thread.id)
        assert await uow.threads.delete(kit.ws.id, thread.id)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.threads.get(kit.ws.id, thread.id) is None
        assert (await uow.threads.totals(kit.ws.id, thread.id)).message_count == 0


async def test_a_batch_of_a_thousand_messages_is_written_whole_or_not_at_all(
    uow_factory, kit
) -> None:
    thread = kit.thread()
    await _add(uow_factory, thread)
    batch = kit.messages(thread, *(f"m{i}" for i in range(1000)))
    clash = kit.messages(thread, *(f"m{i}" for i in range(999)), "dup")
    clash[-1].sequence = 1
    with pytest.raises(AlreadyExists):
        async with uow_factory() as uow:
            await uow.messages.add(clash)
    async with uow_factory() as uow:
        await uow.messages.add(batch)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        totals = await uow.threads.totals(kit.ws.id, thread.id)
        last = await uow.messages.find(MessageRange(kit.ws.id, thread.id, newest_first=True), 1)
    assert totals.message_count == 1000 and last[0].content == "m999"
