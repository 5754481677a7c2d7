"""Use cases on users: create, read, find by email, update, deactivate, list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.identity.deps import IdentityDeps
from domain.identity.user import User
from domain.identity.user_changes import apply_user_changes
from domain.identity.values import (
    normalize_email,
    validate_name,
    validate_password,
    validate_url,
    validate_username,
)
from domain.kernel.errors import InvalidArgument, Validator
from domain.kernel.idempotency import Idempotency
from domain.kernel.lookup import found
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from ports.identity import UserFilter


@dataclass(frozen=True, slots=True)
class NewUser:
    email: str
    password: str = ""
    username: str = ""
    name: str = ""
    picture_url: str = ""
    is_superuser: bool = False
    preferences: dict[str, Any] = field(default_factory=dict)
    request_id: str = ""


class CreateUser:
    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal | None, cmd: NewUser) -> User:
        if principal is not None:
            principal.require_superuser("creating users")
        v = Validator()
        email = v.parse(normalize_email, cmd.email, "email")
        username = v.parse(validate_username, cmd.username, "username") if cmd.username else None
        name = v.parse(lambda r, f: validate_name(r, f, required=False), cmd.name, "name")
        picture = v.parse(validate_url, cmd.picture_url, "picture_url")
        if cmd.password:
            v.parse(validate_password, cmd.password, "password")
        v.raise_if_any()
        assert email is not None  # a None here was recorded as a violation above
        password_hash = await self._d.passwords.hash(cmd.password) if cmd.password else None
        now = self._d.clock.now()
        async with self._d.uow() as uow:
            idem = Idempotency(uow, f"{_scope(principal)}:CreateUser", cmd.request_id, _fp(cmd))
            if (existing_id := await idem.replayed_id(self._d.clock)) is not None:
                return await _must_get(uow, existing_id)
            user = User(
                id=self._d.ids.new_id(),
                email=email,
                username=username,
                name=name or "",
                picture_url=picture or "",
                password_hash=password_hash,
                is_superuser=cmd.is_superuser,
                preferences=dict(cmd.preferences),
                created_at=now,
                updated_at=now,
            )
            await uow.users.add(user)
            await idem.remember(user.id, self._d.clock)
            await uow.commit()
        return user


def _fp(cmd: NewUser) -> dict[str, Any]:
    """The request as the idempotency check sees it; the password never stored."""
    fields = {k: getattr(cmd, k) for k in NewUser.__dataclass_fields__ if k != "password"}
    fields["has_password"] = bool(cmd.password)
    return fields


def _scope(principal: Principal | None) -> str:
    return principal.user_id if principal else "anonymous"


async def _must_get(uow: Any, user_id: str) -> User:
    user: User | None = await uow.users.get(user_id)
    return found(user, "user", user_id)


def _check_self_or_superuser(principal: Principal, user_id: str, what: str) -> None:
    if principal.user_id != user_id:
        principal.require_superuser(f"{what} another user")


class GetUser:
    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, user_id: str) -> User:
        if not user_id:
            raise InvalidArgument.of("id", "is required")
        _check_self_or_superuser(principal, user_id, "reading")
        async with self._d.uow(read_only=True) as uow:
            return await _must_get(uow, user_id)


class FindUserByEmail:
    """The user with this email (any case), or None: superusers and the operator only."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, email: str) -> User | None:
        principal.require_superuser("finding users by email")
        async with self._d.uow(read_only=True) as uow:
            user: User | None = await uow.users.get_by_email(email.strip().lower())
            return user


class UpdateUser:
    """`changes` maps update_mask paths to new values; see user_changes."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, user_id: str, changes: dict[str, Any], etag: str = ""
    ) -> User:
        if not user_id:
            raise InvalidArgument.of("user.id", "is required")
        principal.ensure_unlimited("changing an account")
        _check_self_or_superuser(principal, user_id, "changing")
        password = changes.get("password")
        password_hash = (
            await self._d.passwords.hash(password) if isinstance(password, str) else None
        )
        async with self._d.uow() as uow:
            user = await _must_get(uow, user_id)
            user.check_etag(etag)
            version = user.version
            apply_user_changes(user, changes, principal.is_superuser, password_hash)
            user.touch(self._d.clock.now())
            await uow.users.update(user, version)
            await uow.commit()
        self._d.forget_verified_keys()
        return user


class DeactivateUser:
    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, user_id: str, etag: str = "") -> User:
        if not user_id:
            raise InvalidArgument.of("id", "is required")
        principal.ensure_unlimited("deactivating an account")
        _check_self_or_superuser(principal, user_id, "deactivating")
        async with self._d.uow() as uow:
            user = await _must_get(uow, user_id)
            user.check_etag(etag)
            version = user.version
            user.deactivate(self._d.clock.now())
            await uow.users.update(user, version)
            await uow.commit()
        self._d.forget_verified_keys()
        return user


class ListUsers:
    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, filt: UserFilter, page_size: int, page_token: str, skip: int = 0
    ) -> Page[User]:
        principal.require_superuser("listing users")
        prefix = filt.email_prefix.strip().lower()
        filt = UserFilter(is_active=filt.is_active, email_prefix=prefix)
        req = PageRequest.parse(
            page_size, page_token, {"a": filt.is_active, "e": prefix}, self._d.page_tokens, skip
        )
        async with self._d.uow(read_only=True) as uow:
            rows = await uow.users.list(filt, req.after, req.size + 1, offset=req.skip)
            total = await uow.users.count(filt)
        return build_page(rows, req, lambda u: (u.id,), total=total)
