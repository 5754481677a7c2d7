"""Users: create, read, update through a mask, deactivate, list."""

from __future__ import annotations

import pytest

from domain.identity.auth import INVALID_KEY
from domain.identity.users import NewUser
from domain.kernel.errors import (
    Aborted,
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from ports.identity import UserFilter


def _fields(exc: pytest.ExceptionInfo[InvalidArgument]) -> list[str]:
    return [v.field for v in exc.value.violations]


async def test_superuser_creates_a_user_with_a_normalised_email(uc, root) -> None:
    user = await uc.create_user.execute(
        root.principal, NewUser(email="  Carol@Example.COM ", username="carol", password="secret1")
    )
    stored = await uc.get_user.execute(root.principal, user.id)
    assert stored.email == "carol@example.com"
    assert stored.has_password and stored.password_hash != "secret1"
    assert stored.is_active and not stored.is_superuser


async def test_emails_are_unique_case_insensitively(uc, root, alice) -> None:
    with pytest.raises(AlreadyExists) as exc:
        await uc.create_user.execute(root.principal, NewUser(email="ALICE@example.com"))
    assert exc.value.field == "email"


async def test_usernames_are_unique_case_insensitively(uc, root, alice) -> None:
    with pytest.raises(AlreadyExists) as exc:
        await uc.create_user.execute(
            root.principal, NewUser(email="x@example.com", username="ALICE")
        )
    assert exc.value.field == "username"


async def test_create_user_reports_every_invalid_field_at_once(uc, root) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await uc.create_user.execute(
            root.principal,
            NewUser(email="nope", username="x!", password="123", picture_url="ftp://x"),
        )
    assert _fields(exc) == ["email", "username", "picture_url", "password"]


async def test_non_superuser_cannot_create_users(uc, alice, world) -> None:
    with pytest.raises(PermissionDenied):
        await uc.create_user.execute(alice.principal, NewUser(email="x@example.com"))
    async with world.uow() as uow:
        assert await uow.users.get_by_email("x@example.com") is None


async def test_user_reads_themselves(uc, alice) -> None:
    assert (await uc.get_user.execute(alice.principal, alice.id)).email == "alice@example.com"


async def test_user_cannot_read_another_user(uc, alice, bob) -> None:
    with pytest.raises(PermissionDenied):
        await uc.get_user.execute(alice.principal, bob.id)


async def test_superuser_reads_any_user_and_unknown_ids_are_not_found(uc, root, bob) -> None:
    assert (await uc.get_user.execute(root.principal, bob.id)).id == bob.id
    with pytest.raises(NotFound):
        await uc.get_user.execute(root.principal, "0190aaaa-0000-7000-8000-000000000000")


async def test_preferences_are_merged_not_replaced(uc, root) -> None:
    user = await uc.create_user.execute(
        root.principal, NewUser(email="p@example.com", preferences={"theme": "dark", "lang": "en"})
    )
    updated = await uc.update_user.execute(
        root.principal, user.id, {"preferences": {"lang": "fr", "tz": "UTC", "theme": None}}
    )
    assert updated.preferences == {"lang": "fr", "tz": "UTC"}
    assert (await uc.get_user.execute(root.principal, user.id)).preferences == updated.preferences


async def test_preferences_sub_path_sets_only_that_key(uc, root) -> None:
    user = await uc.create_user.execute(
        root.principal, NewUser(email="p@example.com", preferences={"theme": "dark", "lang": "en"})
    )
    await uc.update_user.execute(root.principal, user.id, {"preferences.theme": "light"})
    await uc.update_user.execute(root.principal, user.id, {"preferences.editor.font": "mono"})
    updated = await uc.update_user.execute(root.principal, user.id, {"preferences.lang": None})
    assert updated.preferences == {"theme": "light", "editor": {"font": "mono"}}


async def test_password_change_lets_the_new_password_log_in_and_not_the_old(uc, alice) -> None:
    await uc.update_user.execute(alice.principal, alice.id, {"password": "brand-new-pw"})
    result = await uc.login.execute("alice@example.com", "brand-new-pw", "peer-1")
    assert result.user.id == alice.id
    with pytest.raises(Unauthenticated):
        await uc.login.execute("alice@example.com", "correct horse battery", "peer-2")


async def test_too_short_new_password_is_invalid(uc, alice) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await uc.update_user.execute(alice.principal, alice.id, {"password": "123"})
    assert _fields(exc) == ["password"]


@pytest.mark.parametrize(
    "changes", [{"bogus": 1}, {"name.first": "A"}, {"preferences.": 1}, {}, {"id": "x"}]
)
async def test_unknown_or_malformed_mask_path_is_invalid(uc, alice, changes) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await uc.update_user.execute(alice.principal, alice.id, changes)
    assert _fields(exc) == ["update_mask"]


@pytest.mark.parametrize("path", ["is_superuser", "is_active"])
async def test_non_superuser_cannot_change_superuser_fields(uc, alice, world, path) -> None:
    with pytest.raises(PermissionDenied):
        await uc.update_user.execute(alice.principal, alice.id, {path: path == "is_superuser"})
    stored = await world.stored_user(alice.id)
    assert not stored.is_superuser and stored.is_active


async def test_superuser_may_promote_a_user(uc, root, alice) -> None:
    updated = await uc.update_user.execute(root.principal, alice.id, {"is_superuser": True})
    assert updated.is_superuser


async def test_user_cannot_update_another_user(uc, alice, bob) -> None:
    with pytest.raises(PermissionDenied):
        await uc.update_user.execute(alice.principal, bob.id, {"name": "Bobby"})


async def test_update_with_stale_etag_is_aborted(uc, alice, world) -> None:
    etag = (await uc.get_user.execute(alice.principal, alice.id)).etag
    renamed = await uc.update_user.execute(alice.principal, alice.id, {"name": "Alice A."}, etag)
    assert renamed.etag != etag
    with pytest.raises(Aborted):
        await uc.update_user.execute(alice.principal, alice.id, {"name": "Mallory"}, etag)
    assert (await world.stored_user(alice.id)).name == "Alice A."


async def test_users_cannot_change_their_email_taken_or_not(uc, world, alice, bob) -> None:
    for email in (" BOB@example.com", "free@example.com"):
        with pytest.raises(PermissionDenied):
            await uc.update_user.execute(alice.principal, alice.id, {"email": email})
    assert (await world.stored_user(alice.id)).email == "alice@example.com"


async def test_superuser_changing_an_email_to_a_taken_one_already_exists(uc, root, alice, bob):
    with pytest.raises(AlreadyExists) as exc:
        await uc.update_user.execute(root.principal, alice.id, {"email": " BOB@example.com"})
    assert exc.value.field == "email"
    moved = await uc.update_user.execute(root.principal, alice.id, {"email": "Al@Example.com"})
    assert moved.email == "al@example.com"


async def test_deactivated_users_key_fails_like_an_unknown_key(uc, alice, root) -> None:
    await uc.deactivate_user.execute(root.principal, alice.id)
    with pytest.raises(Unauthenticated) as deactivated:
        await uc.authenticate.execute(alice.key)
    with pytest.raises(Unauthenticated) as unknown:
        await uc.authenticate.execute("sk_000000000000_" + "x" * 43)
    assert str(deactivated.value) == str(unknown.value) == INVALID_KEY


async def test_deactivating_twice_fails_and_others_cannot_deactivate(uc, alice, bob) -> None:
    with pytest.raises(PermissionDenied):
        await uc.deactivate_user.execute(bob.principal, alice.id)
    await uc.deactivate_user.execute(alice.principal, alice.id)
    with pytest.raises(FailedPrecondition):
        await uc.deactivate_user.execute(alice.principal, alice.id)


async def test_list_users_filters_by_activity_and_email_prefix_with_a_total(uc, root, alice, bob):
    await uc.deactivate_user.execute(root.principal, bob.id)
    inactive = await uc.list_users.execute(root.principal, UserFilter(is_active=False), 0, "")
    assert [u.id for u in inactive.items] == [bob.id] and inactive.total_size == 1
    active = await uc.list_users.execute(root.principal, UserFilter(is_active=True), 0, "")
    assert {u.id for u in active.items} == {root.id, alice.id} and active.total_size == 2
    by_prefix = await uc.list_users.execute(root.principal, UserFilter(email_prefix=" AL"), 0, "")
    assert [u.id for u in by_prefix.items] == [alice.id] and by_prefix.total_size == 1


async def test_only_superusers_list_users(uc, alice) -> None:
    with pytest.raises(PermissionDenied):
        await uc.list_users.execute(alice.principal, UserFilter(), 0, "")
