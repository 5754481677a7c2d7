"""Sign-in through an OAuth provider: the user found by subject, linked by email, or made."""

from __future__ import annotations

from dataclasses import dataclass

from domain.identity.deps import IdentityDeps
from domain.identity.user import User
from domain.identity.values import (
    normalize_email,
    validate_name,
    validate_url,
)
from domain.kernel.errors import Validator
from domain.kernel.principal import Principal


@dataclass(frozen=True, slots=True)
class OAuthProfile:
    provider: str
    subject: str
    email: str
    name: str = ""
    picture_url: str = ""


class UpsertOAuthUser:
    """Find the user by (provider, subject), else by email, else create one."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, p: OAuthProfile) -> tuple[User, bool]:
        principal.require_superuser("upserting OAuth users")
        v = Validator()
        v.check(bool(p.provider.strip()), "provider", "is required")
        v.check(bool(p.subject.strip()), "subject", "is required")
        email = v.parse(normalize_email, p.email, "email")
        name = v.parse(lambda r, f: validate_name(r, f, required=False), p.name, "name")
        picture = v.parse(validate_url, p.picture_url, "picture_url")
        v.raise_if_any()
        assert email is not None  # a None here was recorded as a violation above
        provider, subject, now = p.provider.strip().lower(), p.subject.strip(), self._d.clock.now()
        async with self._d.uow() as uow:
            user = await uow.users.get_by_oauth(provider, subject)
            user = user or await uow.users.get_by_email(email)
            if user is None:
                user = User(
                    id=self._d.ids.new_id(),
                    email=email,
                    name=name or "",
                    picture_url=picture or "",
                    oauth_provider=provider,
                    oauth_subject=subject,
                    created_at=now,
                    updated_at=now,
                    last_login_at=now,
                )
                await uow.users.add(user)
                await uow.commit()
                return user, True
            user.ensure_active()
            version = user.version
            user.oauth_provider, user.oauth_subject = provider, subject
            user.name = name or user.name
            user.picture_url = picture or user.picture_url
            user.record_login(now)
            user.touch(now)
            await uow.users.update(user, version)
            await uow.commit()
            return user, False
