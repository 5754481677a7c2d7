"""Messages: a batch appended in order and atomically, paged from either side of a message."""

from __future__ import annotations

import pytest

from domain.conversations.message_batches import NewMessage
from domain.conversations.message_reads import MessageQuery
from domain.conversations.threads import NewThread
from domain.conversations.values import MessageRole
from domain.kernel.errors import InvalidArgument, NotFound
from tests.unit.domain.conversations_kit import C, said


@pytest.fixture
def c(uow, clock) -> C:
    return C.over(uow, clock)


@pytest.fixture
async def thread(c, world, alice):
    ws = await world.workspace(alice, "talks")
    return await c.create.execute(alice.principal, NewThread(ws.id, "T"))


async def _contents(c: C, who, q: MessageQuery, size: int = 0) -> list[str]:
    out, token = [], ""
    while True:
        page = await c.messages.execute(who.principal, q, size, token)
        out += [m.content for m in page.items]
        if not (token := page.next_token):
            return out


async def test_messages_are_numbered_in_the_order_given_across_batches(c, alice, thread) -> None:
    first = await c.append.execute(alice.principal, thread.workspace_id, thread.id, said("a", "b"))
    second = await c.append.execute(alice.principal, thread.workspace_id, thread.id, said("c"))
    assert [m.sequence for m in first + second] == [1, 2, 3]
    q = MessageQuery(thread.workspace_id, thread.id)
    assert await _contents(c, alice, q) == ["a", "b", "c"]


async def test_a_batch_with_one_bad_message_writes_nothing_and_names_each_field(
    c, alice, thread
) -> None:
    batch = [*said("ok"), NewMessage(None, "no role"), NewMessage(MessageRole.TOOL, "x", -1)]
    with pytest.raises(InvalidArgument) as exc:
        await c.append.execute(alice.principal, thread.workspace_id, thread.id, batch)
    assert {v.field for v in exc.value.violations} == {
        "messages[1].role",
        "messages[2].tokens_used",
    }
    _, totals = await c.get.execute(alice.principal, thread.workspace_id, thread.id)
    assert totals.message_count == 0


async def test_an_empty_or_oversized_batch_is_refused(c, alice, thread) -> None:
    for batch in ([], said(*["x"] * 1001)):
        with pytest.raises(InvalidArgument) as exc:
            await c.append.execute(alice.principal, thread.workspace_id, thread.id, batch)
        assert exc.value.violations[0].field == "messages"


async def test_pages_walk_forward_after_and_backward_before_a_message(c, alice, thread) -> None:
    ws = thread.workspace_id
    written = await c.append.execute(alice.principal, ws, thread.id, said(*"abcdefg"))
    middle = written[3].id  # "d"
    after = MessageQuery(ws, thread.id, after=middle)
    before = MessageQuery(ws, thread.id, before=middle, newest_first=True)
    between = MessageQuery(ws, thread.id, after=written[0].id, before=middle)
    assert await _contents(c, alice, after, 2) == ["e", "f", "g"]
    assert await _contents(c, alice, before, 2) == ["c", "b", "a"]
    assert await _contents(c, alice, between, 1) == ["b", "c"]
    newest = MessageQuery(ws, thread.id, newest_first=True)
    assert await _contents(c, alice, newest, 3) == list("gfedcba")


async def test_a_page_token_continues_after_new_messages_arrive(c, alice, thread) -> None:
    ws = thread.workspace_id
    await c.append.execute(alice.principal, ws, thread.id, said("a", "b", "c"))
    q = MessageQuery(ws, thread.id)
    page = await c.messages.execute(alice.principal, q, 2, "")
    await c.append.execute(alice.principal, ws, thread.id, said("d"))
    rest = await c.messages.execute(alice.principal, q, 2, page.next_token)
    assert [m.content for m in rest.items] == ["c", "d"]


async def test_a_cursor_that_is_not_a_message_of_the_thread_is_not_found(c, alice, thread) -> None:
    other = await c.create.execute(alice.principal, NewThread(thread.workspace_id, "O"))
    [foreign] = await c.append.execute(alice.principal, other.workspace_id, other.id, said("x"))
    q = MessageQuery(thread.workspace_id, thread.id, after=foreign.id)
    with pytest.raises(NotFound):
        await c.messages.execute(alice.principal, q, 0, "")
    with pytest.raises(NotFound):
        await c.message.execute(alice.principal, thread.workspace_id, thread.id, foreign.id)


async def test_get_message_returns_what_was_written(c, alice, thread) -> None:
    batch = [NewMessage(MessageRole.ASSISTANT, "hi", 5, "gpt", {"k": "v"}, run_id="")]
    [written] = await c.append.execute(alice.principal, thread.workspace_id, thread.id, batch)
    got = await c.message.execute(alice.principal, thread.workspace_id, thread.id, written.id)
    assert (got.role, got.content, got.tokens_used, got.model, got.metadata) == (
        MessageRole.ASSISTANT,
        "hi",
        5,
        "gpt",
        {"k": "v"},
    )
