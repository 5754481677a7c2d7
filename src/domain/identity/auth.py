"""Authentication: API keys to principals, password logins, WhoAmI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.identity.api_key import ApiKey, parse_key
from domain.identity.deps import IdentityDeps
from domain.identity.issuing import IssuedKey, check_ttl, new_key
from domain.identity.user import User
from domain.identity.workspace import Workspace
from domain.kernel.errors import InvalidArgument, ResourceExhausted, Unauthenticated
from domain.kernel.principal import Principal
from domain.kernel.roles import Role

INVALID_KEY = "invalid API key"
INVALID_LOGIN = "invalid email or password"


class Authenticate:
    """Unknown, malformed, revoked and expired keys, and inactive users, all fail alike."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, presented: str) -> Principal:
        parsed = parse_key(presented)
        if parsed is None:
            raise Unauthenticated(INVALID_KEY)
        cache, digest = self._d.auth_cache, self._d.key_hasher.hash(presented)
        if cache is not None and (hit := cache.get(digest, self._d.clock.now())) is not None:
            return hit
        async with self._d.uow(read_only=True) as uow:
            found = await uow.api_keys.get_with_user(parsed.public_id)
            now = self._d.clock.now()
            if found is None:
                raise Unauthenticated(INVALID_KEY)
            key, user = found
            valid = self._d.key_hasher.matches(key.key_hash, parsed.secret)
            if not (valid and key.is_active(now) and user.is_active):
                raise Unauthenticated(INVALID_KEY)
            if key.usage_is_stale(now, self._d.policy.key_usage_granularity_seconds):
                await uow.api_keys.touch(key.id, now)
                await uow.commit()
        principal = Principal(
            user_id=user.id,
            email=user.email,
            username=user.username,
            user_is_superuser=user.is_superuser,
            api_key_id=key.id,
            key_workspace_id=key.workspace_id,
            job_kinds=key.job_kinds,
        )
        if cache is not None:
            until = now + self._d.policy.auth_cache_ttl
            cache.put(digest, principal, min(until, key.expires_at) if key.expires_at else until)
        return principal


@dataclass(frozen=True, slots=True)
class LoginResult:
    issued: IssuedKey
    user: User


class Login:
    """Email + password to a new expiring key; failures are rate-limited per email and peer."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self, email: str, password: str, peer: str, ttl: timedelta | None = None
    ) -> LoginResult:
        if not email.strip():
            raise InvalidArgument.of("email", "is required")
        if not password:
            raise InvalidArgument.of("password", "is required")
        ttl = ttl or self._d.policy.login_key_ttl
        check_ttl(ttl, self._d)
        email = email.strip().lower()
        buckets = [f"email:{email}", f"peer:{peer}"]
        wait = max(self._d.login_limiter.retry_after(b) for b in buckets)
        if wait > 0:
            raise ResourceExhausted("too many failed logins; retry later", retry_after_seconds=wait)
        async with self._d.uow() as uow:
            user = await uow.users.get_by_email(email)
            ok = await self._d.passwords.verify(user.password_hash if user else None, password)
            if user is None or not ok or not user.is_active:
                for b in buckets:
                    self._d.login_limiter.record_failure(b)
                raise Unauthenticated(INVALID_LOGIN)
            self._d.login_limiter.reset(buckets[0])
            issued = new_key(self._d, user.id, "login", ttl, None)
            user.record_login(self._d.clock.now())
            await uow.api_keys.add(issued.key)
            await uow.users.set_last_login(user.id, self._d.clock.now())
            await uow.commit()
        return LoginResult(issued, user)


@dataclass(frozen=True, slots=True)
class Identity:
    user: User
    key: ApiKey
    memberships: list[tuple[Workspace, Role]]


class WhoAmI:
    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal) -> Identity:
        async with self._d.uow(read_only=True) as uow:
            user = await uow.users.get(principal.user_id)
            key = await uow.api_keys.get(principal.api_key_id)
            roles = await uow.members.roles_of(principal.user_id)
        if user is None or key is None:
            raise Unauthenticated(INVALID_KEY)
        visible = [(ws, r) for ws, r in roles if principal.can_reach_workspace(ws.id)]
        return Identity(user, key, visible)
