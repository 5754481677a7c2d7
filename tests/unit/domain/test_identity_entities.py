"""Rules on identity entities: the role ladder, API keys, users and etags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.identity.api_key import ApiKey, format_key, parse_key
from domain.identity.user import User
from domain.identity.workspace import check_grant, check_owner_remains
from domain.kernel.access import Actor
from domain.kernel.errors import Aborted, FailedPrecondition, NotFound, PermissionDenied
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from domain.kernel.versions import check_etag, etag_for

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def test_actor_below_the_needed_role_is_denied() -> None:
    with pytest.raises(PermissionDenied, match="admin role"):
        Actor("u", Role.MEMBER).require(Role.ADMIN, "managing members")
    Actor("u", Role.ADMIN).require(Role.ADMIN, "managing members")


def test_superuser_actor_passes_every_role_check_and_counts_as_owner() -> None:
    su = Actor("u", None, is_superuser=True)
    su.require(Role.OWNER, "deleting")
    assert su.effective_role is Role.OWNER
    check_grant(su, Role.OWNER, Role.VIEWER)


@pytest.mark.parametrize(
    ("current", "new"), [(None, Role.OWNER), (Role.OWNER, Role.ADMIN), (Role.OWNER, None)]
)
def test_admin_cannot_touch_the_owner_role(current: Role | None, new: Role | None) -> None:
    with pytest.raises(PermissionDenied, match="only an owner"):
        check_grant(Actor("a", Role.ADMIN), current, new)


def test_admin_grants_up_to_admin_and_owner_grants_owner() -> None:
    check_grant(Actor("a", Role.ADMIN), Role.VIEWER, Role.ADMIN)
    check_grant(Actor("o", Role.OWNER), Role.ADMIN, Role.OWNER)


def test_last_owner_cannot_be_demoted_or_removed() -> None:
    for new in (Role.ADMIN, None):
        with pytest.raises(FailedPrecondition) as exc:
            check_owner_remains(Role.OWNER, new, owner_count=1)
        assert exc.value.reason == "LAST_OWNER"


def test_one_of_two_owners_may_step_down() -> None:
    check_owner_remains(Role.OWNER, None, owner_count=2)
    check_owner_remains(Role.ADMIN, None, owner_count=1)


def test_key_is_split_into_public_id_and_secret() -> None:
    parsed = parse_key(format_key("abcdef012345", "s3cr3t-x"))
    assert parsed is not None
    assert (parsed.public_id, parsed.secret) == ("abcdef012345", "s3cr3t-x")


@pytest.mark.parametrize(
    "raw",
    ["", "abcdef012345_s", "sk_short_s", "sk_abcdef012345_", "sk_abcdef012345", "pk_abcdef0123_s"],
)
def test_key_not_of_our_shape_does_not_parse(raw: str) -> None:
    assert parse_key(raw) is None


def _key(**kw: object) -> ApiKey:
    return ApiKey(  # type: ignore[arg-type]
        id="k", user_id="u", name="n", public_id="p" * 12, key_hash="h", created_at=NOW, **kw
    )


def test_key_is_inactive_once_revoked_or_at_its_expiry() -> None:
    key = _key(expires_at=NOW + timedelta(hours=1))
    assert key.is_active(NOW + timedelta(minutes=59))
    assert not key.is_active(NOW + timedelta(hours=1))
    key.revoke(NOW)
    assert not key.is_active(NOW)


def test_revoking_a_revoked_key_keeps_its_first_revocation() -> None:
    key = _key()
    assert key.revoke(NOW)
    assert not key.revoke(NOW + timedelta(seconds=1))
    assert key.revoked_at == NOW


def test_key_usage_is_stale_after_the_granularity() -> None:
    key = _key()
    assert key.usage_is_stale(NOW, 60)
    key.last_used_at = NOW
    assert not key.usage_is_stale(NOW + timedelta(seconds=59), 60)
    assert key.usage_is_stale(NOW + timedelta(seconds=60), 60)


def test_etag_changes_with_the_version_and_a_stale_one_aborts() -> None:
    user = User(id="u1", email="a@example.com", created_at=NOW, updated_at=NOW)
    first = user.etag
    user.touch(NOW + timedelta(seconds=1))
    assert user.etag != first and user.version == 2
    user.check_etag(user.etag)
    user.check_etag("")
    with pytest.raises(Aborted):
        user.check_etag(first)
    assert etag_for("u1", 2) == user.etag
    with pytest.raises(Aborted):
        check_etag("u2", 2, user.etag)


def test_deactivating_an_inactive_user_fails() -> None:
    user = User(id="u1", email="a@example.com", created_at=NOW, updated_at=NOW)
    user.deactivate(NOW)
    assert not user.is_active and user.version == 2
    with pytest.raises(FailedPrecondition):
        user.deactivate(NOW)
    with pytest.raises(FailedPrecondition):
        user.ensure_active()


def test_workspace_limited_principal_gets_not_found_elsewhere() -> None:
    p = Principal("u", "a@example.com", None, False, "k", key_workspace_id="ws-a")
    p.ensure_reaches("ws-a")
    with pytest.raises(NotFound):
        p.ensure_reaches("ws-b")
    assert Principal("u", "a@example.com", None, False, "k").can_reach_workspace("ws-b")
