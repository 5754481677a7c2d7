"""Finding a user by email: one lookup, any case, for superusers only."""

from __future__ import annotations

import pytest

from domain.identity.deps import IdentityDeps
from domain.identity.users import FindUserByEmail
from domain.kernel.errors import PermissionDenied


async def test_a_superuser_finds_a_user_by_email_in_any_case(deps, root, alice) -> None:
    found = await FindUserByEmail(deps).execute(root.principal, "  ALICE@Example.com ")
    assert found is not None and found.id == alice.id


async def test_an_unknown_email_finds_nobody(deps: IdentityDeps, root) -> None:
    assert await FindUserByEmail(deps).execute(root.principal, "nobody@example.com") is None


async def test_only_superusers_find_users_by_email(deps: IdentityDeps, alice, root) -> None:
    with pytest.raises(PermissionDenied):
        await FindUserByEmail(deps).execute(alice.principal, "root@example.com")
