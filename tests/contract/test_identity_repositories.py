"""Identity repositories: one contract, run against the memory and PostgreSQL adapters."""

from __future__ import annotations

from typing import Any

import pytest

from domain.kernel.errors import Aborted, AlreadyExists, NotFound
from domain.kernel.roles import Role
from ports.idempotency import IdempotencyRecord
from ports.identity import UserFilter
from ports.uow import UnitOfWorkFactory


async def _raises_already_exists(uow_factory: UnitOfWorkFactory, repo: str, entity: Any) -> str:
    """Add `entity` in a fresh unit of work; the AlreadyExists field it raised."""
    async with uow_factory() as uow:
        with pytest.raises(AlreadyExists) as info:
            await getattr(uow, repo).add(entity)
    return info.value.field


class TestUsers:
    async def test_added_user_reads_back_field_for_field(self, uow_factory, make, seed):
        user = make.user(
            password_hash="argon2$x",
            oauth_provider="github",
            oauth_subject="42",
            picture_url="https://example.com/p.png",
            is_superuser=True,
            preferences={"theme": "dark", "notify": {"email": False, "digest": [1, 2]}},
            last_login_at=make.t0 + make.hour,
        )
        await seed(user)
        async with uow_factory() as uow:
            assert await uow.users.get(user.id) == user
            assert await uow.users.get_by_email("USER1@Example.com") == user
            assert await uow.users.get_by_oauth("github", "42") == user

    async def test_absent_or_malformed_ids_read_as_none(self, uow_factory, make):
        async with uow_factory() as uow:
            assert await uow.users.get(make.id()) is None
            assert await uow.users.get("not-a-uuid") is None
            assert await uow.users.get_by_email("nobody@example.com") is None
            assert await uow.users.get_by_oauth("github", "nobody") is None

    async def test_email_is_unique_case_insensitively(self, uow_factory, make, seed):
        await seed(make.user(email="ada@example.com"))
        dup = make.user(email="ADA@example.com")
        assert await _raises_already_exists(uow_factory, "users", dup) == "email"

    async def test_username_is_unique_case_insensitively(self, uow_factory, make, seed):
        await seed(make.user(username="Ada"))
        dup = make.user(username="aDA")
        assert await _raises_already_exists(uow_factory, "users", dup) == "username"

    async def test_many_users_may_have_no_username(self, uow_factory, make, seed):
        await seed(make.user(username=None), make.user(username=None))
        async with uow_factory() as uow:
            assert await uow.users.count(UserFilter()) == 2

    async def test_oauth_identity_is_unique(self, uow_factory, make, seed):
        await seed(make.user(oauth_provider="github", oauth_subject="7"))
        dup = make.user(oauth_provider="github", oauth_subject="7")
        assert await _raises_already_exists(uow_factory, "users", dup) == "oauth_subject"

    async def test_update_with_current_version_stores_every_field(self, uow_factory, make, seed):
        user = make.user()
        await seed(user)
        user.name, user.email, user.is_active = "Renamed", "renamed@example.com", False
        user.preferences = {"a": {"b": 1}}
        user.touch(make.t0 + make.hour)
        async with uow_factory() as uow:
            await uow.users.update(user, expected_version=1)
            await uow.commit()
        async with uow_factory() as uow:
            stored = await uow.users.get(user.id)
        assert stored == user
        assert stored is not None and stored.version == 2

    async def test_update_with_stale_version_aborts_and_changes_nothing(
        self, uow_factory, make, seed
    ):
        user = make.user()
        await seed(user)
        user.name = "Lost update"
        user.touch(make.t0)
        async with uow_factory() as uow:
            with pytest.raises(Aborted):
                await uow.users.update(user, expected_version=5)
        async with uow_factory() as uow:
            stored = await uow.users.get(user.id)
        assert stored is not None and (stored.name, stored.version) == ("User 1", 1)

    async def test_update_of_an_absent_user_aborts(self, uow_factory, make):
        async with uow_factory() as uow:
            with pytest.raises(Aborted):
                await uow.users.update(make.user(), expected_version=1)

    async def test_update_to_a_taken_email_raises_already_exists(self, uow_factory, make, seed):
        first, second = make.user(), make.user()
        await seed(first, second)
        second.email = first.email.upper()
        second.touch(make.t0)
        async with uow_factory() as uow:
            with pytest.raises(AlreadyExists) as info:
                await uow.users.update(second, expected_version=1)
        assert info.value.field == "email"

    async def test_set_last_login(self, uow_factory, make, seed):
        user = make.user()
        await seed(user)
        async with uow_factory() as uow:
            await uow.users.set_last_login(user.id, make.t0 + make.hour)
            await uow.commit()
        async with uow_factory() as uow:
            stored = await uow.users.get(user.id)
        assert stored is not None and stored.last_login_at == make.t0 + make.hour
        assert stored.version == 1

    async def test_list_is_newest_first_with_keyset_and_offset(self, uow_factory, make, seed):
        users = [make.user() for _ in range(5)]
        await seed(*users)
        newest_first = [u.id for u in reversed(users)]
        async with uow_factory() as uow:
            page1 = await uow.users.list(UserFilter(), None, 2)
            page2 = await uow.users.list(UserFilter(), (page1[-1].id,), 2)
            page3 = await uow.users.list(UserFilter(), (page2[-1].id,), 2)
            skipped = await uow.users.list(UserFilter(), None, 2, offset=3)
        assert [u.id for u in page1 + page2 + page3] == newest_first
        assert [u.id for u in skipped] == newest_first[3:]

    async def test_list_and_count_filter_by_activity_and_email_prefix(
        self, uow_factory, make, seed
    ):
        await seed(
            make.user(email="ann@a.org"),
            make.user(email="anne@b.org", is_active=False),
            make.user(email="bob@a.org"),
            make.user(email="an_x@c.org"),
        )
        async with uow_factory() as uow:
            for filt, expected in [
                (UserFilter(is_active=True), {"ann@a.org", "bob@a.org", "an_x@c.org"}),
                (UserFilter(is_active=False), {"anne@b.org"}),
                (UserFilter(email_prefix="ann"), {"ann@a.org", "anne@b.org"}),
                (UserFilter(is_active=True, email_prefix="an"), {"ann@a.org", "an_x@c.org"}),
                (UserFilter(email_prefix="an_"), {"an_x@c.org"}),  # '_' is literal
                (UserFilter(email_prefix="%"), set()),
            ]:
                rows = await uow.users.list(filt, None, 10)
                assert {u.email for u in rows} == expected, filt
                assert await uow.users.count(filt) == len(expected), filt


class TestWorkspaces:
    async def test_added_workspace_reads_back(self, uow_factory, make, seed):
        ws = make.workspace()
        await seed(ws)
        async with uow_factory() as uow:
            assert await uow.workspaces.get(ws.id) == ws
            assert await uow.workspaces.get(make.id()) is None
            assert await uow.workspaces.get("nope") is None

    async def test_slug_is_unique(self, uow_factory, make, seed):
        await seed(make.workspace(slug="acme"))
        dup = make.workspace(slug="acme")
        assert await _raises_already_exists(uow_factory, "workspaces", dup) == "slug"

    async def test_optimistic_update(self, uow_factory, make, seed):
        ws, other = make.workspace(), make.workspace(slug="taken")
        await seed(ws, other)
        ws.name, ws.slug = "Renamed", "renamed"
        ws.touch(make.t0 + make.hour)
        async with uow_factory() as uow:
            await uow.workspaces.update(ws, expected_version=1)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.workspaces.get(ws.id) == ws
            with pytest.raises(Aborted):
                await uow.workspaces.update(ws, expected_version=1)
        ws.slug = "taken"
        async with uow_factory() as uow:
            with pytest.raises(AlreadyExists) as info:
                await uow.workspaces.update(ws, expected_version=2)
        assert info.value.field == "slug"

    async def test_lock_reads_like_get(self, uow_factory, make, seed):
        ws = make.workspace()
        await seed(ws)
        async with uow_factory() as uow:
            assert await uow.workspaces.lock(ws.id) == ws
            assert await uow.workspaces.lock(make.id()) is None

    @pytest.mark.parametrize("read_only", [False, True])
    async def test_get_with_membership_pairs_the_workspace_with_that_users_membership(
        self, uow_factory, make, seed, read_only
    ):
        member, stranger, other = make.user(), make.user(), make.user()
        ws, elsewhere = make.workspace(), make.workspace()
        m = make.membership(ws, member, Role.VIEWER)
        await seed(
            member, stranger, other, ws, elsewhere, m, make.membership(ws, other, Role.OWNER)
        )
        await seed(make.membership(elsewhere, stranger, Role.OWNER))
        async with uow_factory(read_only=read_only) as uow:
            assert await uow.workspaces.get_with_membership(ws.id, member.id) == (ws, m)
            assert await uow.workspaces.get_with_membership(ws.id, stranger.id) == (ws, None)
            assert await uow.workspaces.get_with_membership(ws.id, "not-a-uuid") == (ws, None)
            assert await uow.workspaces.get_with_membership(make.id(), member.id) is None
            assert await uow.workspaces.get_with_membership("x", member.id) is None

    async def test_delete_cascades_to_memberships_and_limited_keys(self, uow_factory, make, seed):
        user, ws, keep = make.user(), make.workspace(), make.workspace()
        limited, personal, elsewhere = make.key(user, ws), make.key(user), make.key(user, keep)
        await seed(
            user,
            ws,
            keep,
            make.membership(ws, user),
            make.membership(keep, user),
            limited,
            personal,
            elsewhere,
        )
        async with uow_factory() as uow:
            await uow.workspaces.delete(ws.id)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.workspaces.get(ws.id) is None
            assert await uow.members.get(ws.id, user.id) is None
            assert await uow.members.get(keep.id, user.id) is not None
            assert await uow.api_keys.get(limited.id) is None
            assert await uow.api_keys.get(personal.id) == personal
            assert await uow.api_keys.get(elsewhere.id) == elsewhere
            assert await uow.users.get(user.id) == user

    async def test_list_for_user_is_newest_first_with_roles(self, uow_factory, make, seed):
        user, other = make.user(), make.user()
        a, b, c, theirs = (make.workspace() for _ in range(4))
        await seed(
            user,
            other,
            a,
            b,
            c,
            theirs,
            make.membership(a, user, Role.OWNER),
            make.membership(b, user, Role.VIEWER),
            make.membership(c, user),
            make.membership(theirs, other),
        )
        async with uow_factory() as uow:
            first = await uow.workspaces.list_for_user(user.id, None, 2)
            rest = await uow.workspaces.list_for_user(user.id, (first[-1].workspace.id,), 2)
        assert [(v.workspace, v.role) for v in first + rest] == [
            (c, Role.MEMBER),
            (b, Role.VIEWER),
            (a, Role.OWNER),
        ]


class TestMemberships:
    async def test_added_membership_reads_back(self, uow_factory, make, seed):
        user, ws = make.user(), make.workspace()
        m = make.membership(ws, user, Role.ADMIN)
        await seed(user, ws, m)
        async with uow_factory() as uow:
            assert await uow.members.get(ws.id, user.id) == m
            assert await uow.members.get(ws.id, make.id()) is None
            assert await uow.members.get("x", "y") is None

    async def test_a_user_joins_a_workspace_once(self, uow_factory, make, seed):
        user, ws = make.user(), make.workspace()
        await seed(user, ws, make.membership(ws, user))
        dup = make.membership(ws, user, Role.OWNER)
        assert await _raises_already_exists(uow_factory, "members", dup) == "user_id"

    async def test_membership_needs_existing_user_and_workspace(self, uow_factory, make, seed):
        user, ws = make.user(), make.workspace()
        await seed(user, ws)
        for m in (make.membership(make.workspace(), user), make.membership(ws, make.user())):
            async with uow_factory() as uow:
                with pytest.raises(NotFound):
                    await uow.members.add(m)

    async def test_update_role_and_remove(self, uow_factory, make, seed):
        user, ws = make.user(), make.workspace()
        m = make.membership(ws, user)
        await seed(user, ws, m)
        m.role = Role.ADMIN
        async with uow_factory() as uow:
            await uow.members.update_role(m)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.members.get(ws.id, user.id) == m
            await uow.members.remove(ws.id, user.id)
            await uow.members.remove(ws.id, user.id)  # absent: no error
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.members.get(ws.id, user.id) is None

    async def test_count_owners(self, uow_factory, make, seed):
        u1, u2, u3 = make.user(), make.user(), make.user()
        ws, other = make.workspace(), make.workspace()
        await seed(
            u1,
            u2,
            u3,
            ws,
            other,
            make.membership(ws, u1, Role.OWNER),
            make.membership(ws, u2, Role.OWNER),
            make.membership(ws, u3, Role.ADMIN),
            make.membership(other, u3, Role.OWNER),
        )
        async with uow_factory() as uow:
            assert await uow.members.count_owners(ws.id) == 2
            assert await uow.members.count_owners(other.id) == 1
            assert await uow.members.count_owners(make.id()) == 0

    async def test_roles_of_lists_workspaces_newest_first(self, uow_factory, make, seed):
        user = make.user()
        a, b = make.workspace(), make.workspace()
        await seed(
            user, a, b, make.membership(a, user, Role.OWNER), make.membership(b, user, Role.VIEWER)
        )
        async with uow_factory() as uow:
            assert await uow.members.roles_of(user.id) == [(b, Role.VIEWER), (a, Role.OWNER)]
            assert await uow.members.roles_of(make.id()) == []

    async def test_list_is_oldest_first_with_role_filter_and_keyset(self, uow_factory, make, seed):
        ws, other = make.workspace(), make.workspace()
        users = [make.user() for _ in range(4)]
        roles = [Role.OWNER, Role.MEMBER, Role.VIEWER, Role.MEMBER]
        ms = [make.membership(ws, u, r) for u, r in zip(users, roles, strict=True)]
        await seed(*users, ws, other, *ms, make.membership(other, users[0]))
        async with uow_factory() as uow:
            page1 = await uow.members.list(ws.id, None, None, 3)
            page2 = await uow.members.list(ws.id, None, (page1[-1].membership.id,), 3)
            members = await uow.members.list(ws.id, Role.MEMBER, None, 10)
        assert [v.membership for v in page1 + page2] == ms
        view = page1[0]
        assert (view.email, view.username, view.name) == (
            users[0].email,
            users[0].username,
            users[0].name,
        )
        assert [v.membership.user_id for v in members] == [users[1].id, users[3].id]


class TestApiKeys:
    async def test_added_key_reads_back_by_id_and_public_id(self, uow_factory, make, seed):
        user, ws = make.user(), make.workspace()
        key = make.key(user, ws, expires_at=make.t0 + make.hour)
        await seed(user, ws, key)
        async with uow_factory() as uow:
            assert await uow.api_keys.get(key.id) == key
            assert await uow.api_keys.get_by_public_id(key.public_id) == key
            assert await uow.api_keys.get(make.id()) is None
            assert await uow.api_keys.get("bad") is None
            assert await uow.api_keys.get_by_public_id("nope") is None

    async def test_public_id_and_hash_are_unique(self, uow_factory, make, seed):
        user = make.user()
        key = make.key(user)
        await seed(user, key)
        same_public = make.key(user, public_id=key.public_id)
        same_hash = make.key(user, key_hash=key.key_hash)
        assert await _raises_already_exists(uow_factory, "api_keys", same_public) == "public_id"
        assert await _raises_already_exists(uow_factory, "api_keys", same_hash) == "key_hash"

    async def test_key_needs_an_existing_user(self, uow_factory, make):
        async with uow_factory() as uow:
            with pytest.raises(NotFound):
                await uow.api_keys.add(make.key(make.user()))

    async def test_get_with_user_returns_key_and_owner(self, uow_factory, make, seed):
        user = make.user(preferences={"x": 1}, is_superuser=True)
        key = make.key(user)
        await seed(user, key)
        async with uow_factory() as uow:
            assert await uow.api_keys.get_with_user(key.public_id) == (key, user)
            assert await uow.api_keys.get_with_user("unknown00000") is None

    async def test_save_touch_and_revoke_all(self, uow_factory, make, seed):
        user, other = make.user(), make.user()
        k1, k2, k3, theirs = make.key(user), make.key(user), make.key(user), make.key(other)
        await seed(user, other, k1, k2, k3, theirs)
        k1.revoke(make.t0)
        later = make.t0 + make.hour
        async with uow_factory() as uow:
            await uow.api_keys.save(k1)
            await uow.api_keys.touch(k2.id, later)
            await uow.commit()
        async with uow_factory() as uow:
            await uow.api_keys.revoke_all_for_user(user.id, later)
            await uow.commit()
        async with uow_factory() as uow:
            got = {k.id: await uow.api_keys.get(k.id) for k in (k1, k2, k3, theirs)}
        assert got[k1.id] is not None and got[k1.id].revoked_at == make.t0  # kept its time
        assert got[k2.id] is not None and got[k2.id].last_used_at == later
        assert got[k2.id].revoked_at == later
        assert got[k3.id] is not None and got[k3.id].revoked_at == later
        assert got[theirs.id] == theirs

    async def test_list_filters_and_pages(self, uow_factory, make, seed):
        user, other, ws = make.user(), make.user(), make.workspace()
        now = make.t0 + 2 * make.hour
        active = make.key(user)
        limited = make.key(user, ws)
        expired = make.key(user, expires_at=now)
        expiring = make.key(user, expires_at=now + make.hour)
        revoked = make.key(user, revoked_at=make.t0)
        theirs = make.key(other, ws)
        await seed(user, other, ws, active, limited, expired, expiring, revoked, theirs)

        async def ids(user_id, ws_id, include_revoked, after=None, limit=10):
            async with uow_factory() as uow:
                rows = await uow.api_keys.list(user_id, ws_id, include_revoked, now, after, limit)
            return [k.id for k in rows]

        assert await ids(user.id, None, False) == [expiring.id, limited.id, active.id]
        assert await ids(user.id, None, True) == [
            revoked.id,
            expiring.id,
            expired.id,
            limited.id,
            active.id,
        ]
        assert await ids(None, ws.id, True) == [theirs.id, limited.id]
        assert await ids(user.id, ws.id, False) == [limited.id]
        assert await ids(user.id, None, True, (expired.id,), 2) == [limited.id, active.id]


class TestIdempotency:
    async def test_put_then_get(self, uow_factory, make):
        record = IdempotencyRecord("u1:CreateUser", "req-1", "f" * 16, make.id(), make.t0)
        async with uow_factory() as uow:
            assert await uow.idempotency.get("u1:CreateUser", "req-1") is None
            await uow.idempotency.put(record)
            await uow.idempotency.put(IdempotencyRecord("u2:CreateUser", "req-1", "", "x", make.t0))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.idempotency.get("u1:CreateUser", "req-1") == record
            assert await uow.idempotency.get("u1:CreateUser", "req-2") is None

    async def test_duplicate_put_raises_already_exists(self, uow_factory, make):
        record = IdempotencyRecord("s", "r", "f", make.id(), make.t0)
        async with uow_factory() as uow:
            await uow.idempotency.put(record)
            await uow.commit()
        async with uow_factory() as uow:
            with pytest.raises(AlreadyExists) as info:
                await uow.idempotency.put(record)
        assert info.value.field == "request_id"
