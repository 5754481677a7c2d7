"""What a key limited to a workspace may do with keys and the audit trail: its workspace's only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.audit.log import InMemoryAuditLog
from domain.audit.entry import AuditEntry, Outcome
from domain.audit.reading import AuditDeps, GetAuditEntry, ListAuditEntries
from domain.kernel.errors import InvalidArgument, NotFound, PermissionDenied
from domain.kernel.roles import Role
from ports.audit import AuditFilter
from tests.unit.domain.conftest import PAGE_TOKENS, START


@pytest.fixture
async def scene(uc, world, alice):
    """Alice owns A and B and holds an unlimited key, a key for B, a second key for A."""
    a, b = await world.workspace(alice, "ws-a"), await world.workspace(alice, "ws-b")
    limited = await world.limited(alice, a.id)
    b_key = await uc.create_api_key.execute(alice.principal, "b", b.id, None)
    a_key = await uc.create_api_key.execute(alice.principal, "a2", a.id, None)
    return a, b, limited, b_key.key, a_key.key


async def test_limited_key_lists_only_keys_limited_to_its_workspace(uc, scene) -> None:
    _, b, limited, _, a_key = scene
    page = await uc.list_api_keys.execute(limited, "", False, 0, "")
    assert {k.id for k in page.items} == {limited.api_key_id, a_key.id}
    with pytest.raises(NotFound):
        await uc.list_api_keys.execute(limited, b.id, False, 0, "")


async def test_limited_key_cannot_revoke_the_users_other_keys(uc, world, alice, scene) -> None:
    _, _, limited, b_key, _ = scene
    for key_id in (alice.principal.api_key_id, b_key.id):
        with pytest.raises(NotFound):
            await uc.revoke_api_key.execute(limited, key_id)
        assert (await world.stored_key(key_id)).revoked_at is None
    assert (await uc.authenticate.execute(alice.key)).user_id == alice.id


async def test_limited_key_revokes_keys_of_its_workspace_and_itself(uc, world, scene) -> None:
    _, _, limited, _, a_key = scene
    await uc.revoke_api_key.execute(limited, a_key.id)
    await uc.revoke_api_key.execute(limited, limited.api_key_id)
    assert (await world.stored_key(a_key.id)).revoked_at is not None
    assert (await world.stored_key(limited.api_key_id)).revoked_at is not None


async def test_limited_key_issues_no_key_for_every_workspace(uc, scene) -> None:
    _, b, limited, _, _ = scene
    with pytest.raises(PermissionDenied):
        await uc.create_api_key.execute(limited, "everything", "", None)
    with pytest.raises(NotFound):
        await uc.create_api_key.execute(limited, "other", b.id, None)


async def test_limited_key_issues_keys_that_expire_no_later_than_itself(uc, clock, alice) -> None:
    a = (await uc.create_workspace.execute(alice.principal, "A", "ws-a")).workspace
    hour = await uc.create_api_key.execute(alice.principal, "1h", a.id, timedelta(hours=1))
    limited = await uc.authenticate.execute(hour.secret)
    with pytest.raises(InvalidArgument) as exc:
        await uc.create_api_key.execute(limited, "2h", a.id, timedelta(hours=2))
    assert exc.value.violations[0].field == "ttl"
    inherited = await uc.create_api_key.execute(limited, "same", a.id, None)
    shorter = await uc.create_api_key.execute(limited, "30m", a.id, timedelta(minutes=30))
    assert inherited.key.expires_at == hour.key.expires_at
    assert shorter.key.expires_at == clock.now() + timedelta(minutes=30)


def _id(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


def _entry(n: int, workspace_id: str | None) -> AuditEntry:
    return AuditEntry(
        id=_id(n),
        occurred_at=START,
        action="/strata.v1.IdentityService/GetWorkspace",
        outcome=Outcome.SUCCESS,
        status_code="OK",
        duration_ms=1,
        workspace_id=workspace_id,
    )


@pytest.fixture
async def trail(uow, clock, world, root, alice):
    """Entries in A (owned by root), in B (alice's, root not a member) and outside workspaces."""
    a, b = await world.workspace(root, "ws-a"), await world.workspace(alice, "ws-b")
    log = InMemoryAuditLog()
    await log.append([_entry(1, a.id), _entry(2, b.id), _entry(3, None)])
    limited = await world.limited(root, a.id)
    return AuditDeps(log=log, uow=uow, clock=clock, page_tokens=PAGE_TOKENS), a, b, limited


async def test_superusers_limited_key_reads_the_trail_of_its_workspace_only(trail) -> None:
    deps, a, b, limited = trail
    listing = ListAuditEntries(deps)
    with pytest.raises(PermissionDenied):
        await listing.execute(limited, AuditFilter(), 0, "")
    page = await listing.execute(limited, AuditFilter(workspace_id=a.id), 0, "")
    assert [e.id for e in page.items] == [_id(1)]
    with pytest.raises(NotFound):
        await listing.execute(limited, AuditFilter(workspace_id=b.id), 0, "")
    get = GetAuditEntry(deps)
    assert (await get.execute(limited, _id(1))).id == _id(1)
    for outside in (2, 3):
        with pytest.raises(NotFound):
            await get.execute(limited, _id(outside))


async def test_limited_key_of_a_viewer_reads_no_trail(uc, world, root, trail) -> None:
    deps, a, _, _ = trail
    viewer = await world.member(a, root, "vera", Role.VIEWER)
    limited = await world.limited(viewer, a.id)
    with pytest.raises(PermissionDenied):
        await ListAuditEntries(deps).execute(limited, AuditFilter(workspace_id=a.id), 0, "")
