"""Pagination: page sizes, opaque tokens bound to their query, and keyset walks."""

from __future__ import annotations

import base64
import json

import pytest

from domain.identity.users import NewUser
from domain.kernel.errors import InvalidArgument
from domain.kernel.pagination import PageRequest, build_page, fingerprint
from domain.kernel.roles import Role
from ports.identity import UserFilter
from tests.unit.domain.conftest import PAGE_TOKENS as TOKENS


def _field(exc: pytest.ExceptionInfo[InvalidArgument]) -> str:
    (v,) = exc.value.violations
    return v.field


def _b64(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("asked", "size"), [(0, 50), (1, 1), (1000, 1000), (1001, 1000), (10**9, 1000)]
)
def test_page_size_defaults_to_50_and_is_capped_at_1000(asked: int, size: int) -> None:
    assert PageRequest.parse(asked, "", {}, TOKENS).size == size


def test_negative_page_size_is_invalid() -> None:
    with pytest.raises(InvalidArgument) as exc:
        PageRequest.parse(-1, "", {}, TOKENS)
    assert _field(exc) == "page_size"


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "!!!!",
        "%%%",
        _b64([1, 2]),
        _b64({"k": ["x"]}),
        _b64({"k": "x", "f": fingerprint({})}),
        _b64({"k": ["x"], "f": 7}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_garbage_page_token_is_invalid(token: str) -> None:
    with pytest.raises(InvalidArgument) as exc:
        PageRequest.parse(10, token, {}, TOKENS)
    assert _field(exc) == "page_token"


def test_token_round_trips_to_the_key_it_was_made_from() -> None:
    first = PageRequest.parse(10, "", {"a": True}, TOKENS)
    token = first.next_token(("0190-id",))
    assert PageRequest.parse(10, token, {"a": True}, TOKENS).after == ("0190-id",)


def test_token_reused_with_other_filters_is_invalid() -> None:
    token = PageRequest.parse(10, "", {"a": True}, TOKENS).next_token(("id",))
    with pytest.raises(InvalidArgument) as exc:
        PageRequest.parse(10, token, {"a": False}, TOKENS)
    assert _field(exc) == "page_token"
    assert "other filters" in str(exc.value)


def test_skip_cannot_be_combined_with_a_token_nor_be_negative() -> None:
    token = PageRequest.parse(10, "", {}, TOKENS).next_token(("id",))
    with pytest.raises(InvalidArgument) as exc:
        PageRequest.parse(10, token, {}, TOKENS, skip=5)
    assert _field(exc) == "skip"
    with pytest.raises(InvalidArgument) as exc:
        PageRequest.parse(10, "", {}, TOKENS, skip=-1)
    assert _field(exc) == "skip"


def test_page_has_a_next_token_only_when_an_extra_row_was_fetched() -> None:
    req = PageRequest.parse(2, "", {}, TOKENS)
    assert build_page(["c", "b"], req, lambda r: (r,)).next_token == ""
    page = build_page(["c", "b", "a"], req, lambda r: (r,))
    assert page.items == ["c", "b"]
    assert PageRequest.parse(2, page.next_token, {}, TOKENS).after == ("b",)


@pytest.mark.parametrize("key", [[], [1], [None], [["nested"]]])
async def test_forged_token_with_the_right_fingerprint_but_a_bad_key_is_invalid(uc, root, key):
    await _make_users(uc, 2)
    payload = json.dumps({"k": key, "f": fingerprint({"a": None, "e": ""})})
    forged = TOKENS.sign(payload.encode())  # signed with the server's secret, yet refused
    with pytest.raises(InvalidArgument) as exc:
        await uc.list_users.execute(root.principal, UserFilter(), 1, forged)
    assert _field(exc) == "page_token"


async def _make_users(uc, n: int) -> list[str]:
    ids = []
    for i in range(n):
        user = await uc.create_user.execute(None, NewUser(email=f"walk-{i:03}@example.com"))
        ids.append(user.id)
    return ids


async def test_keyset_walk_returns_every_user_once_newest_first(uc, root) -> None:
    created = await _make_users(uc, 120)
    filt, seen, sizes, token = UserFilter(email_prefix="walk-"), [], [], ""
    while True:
        page = await uc.list_users.execute(root.principal, filt, 50, token)
        seen += [u.id for u in page.items]
        sizes.append(len(page.items))
        assert page.total_size == 120
        token = page.next_token
        if not token:
            break
    assert sizes == [50, 50, 20]
    assert seen == sorted(created, reverse=True) == created[::-1]


async def test_list_users_token_reused_with_other_filters_is_invalid(uc, root) -> None:
    await _make_users(uc, 3)
    page = await uc.list_users.execute(root.principal, UserFilter(email_prefix="walk-"), 2, "")
    assert page.next_token
    with pytest.raises(InvalidArgument) as exc:
        await uc.list_users.execute(
            root.principal, UserFilter(email_prefix="w"), 2, page.next_token
        )
    assert _field(exc) == "page_token"


async def test_list_users_skip_offsets_into_the_newest_first_order(uc, root) -> None:
    created = await _make_users(uc, 12)
    walk = UserFilter(email_prefix="walk-")
    page = await uc.list_users.execute(root.principal, walk, 5, "", skip=5)
    assert [u.id for u in page.items] == created[::-1][5:10]
    rest = await uc.list_users.execute(root.principal, walk, 5, page.next_token)
    assert [u.id for u in rest.items] == created[::-1][10:]


async def test_members_are_walked_oldest_first(uc, world, alice) -> None:
    ws = await world.workspace(alice, "paged")
    for name in ("mona", "nina", "otto", "paul"):
        await world.member(ws, alice, name, Role.VIEWER)
    first = await uc.list_members.execute(alice.principal, ws.id, None, 3, "")
    second = await uc.list_members.execute(alice.principal, ws.id, None, 3, first.next_token)
    emails = [m.email for m in first.items + second.items]
    assert emails == [f"{n}@example.com" for n in ("alice", "mona", "nina", "otto", "paul")]
    assert second.next_token == ""


async def test_workspaces_are_walked_newest_first(uc, world, alice) -> None:
    made = [(await world.workspace(alice, f"ws-{i}")).id for i in range(5)]
    first = await uc.list_workspaces.execute(alice.principal, 2, "")
    rest = await uc.list_workspaces.execute(alice.principal, 10, first.next_token)
    assert [v.workspace.id for v in first.items + rest.items] == made[::-1]
