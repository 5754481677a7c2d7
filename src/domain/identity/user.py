"""The User entity and the rules for changing it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.kernel.errors import FailedPrecondition
from domain.kernel.jsonmerge import merge_patch, set_path
from domain.kernel.versions import check_etag, etag_for


@dataclass(slots=True)
class User:
    id: str
    email: str
    created_at: datetime
    updated_at: datetime
    username: str | None = None
    name: str = ""
    password_hash: str | None = None
    oauth_provider: str | None = None
    oauth_subject: str | None = None
    picture_url: str = ""
    is_active: bool = True
    is_superuser: bool = False
    preferences: dict[str, Any] = field(default_factory=dict)
    last_login_at: datetime | None = None
    version: int = 1

    @property
    def etag(self) -> str:
        return etag_for(self.id, self.version)

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def check_etag(self, etag: str) -> None:
        check_etag(self.id, self.version, etag)

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1

    def merge_preferences(self, patch: dict[str, Any]) -> None:
        self.preferences = merge_patch(self.preferences, patch)

    def set_preference(self, path: list[str], value: Any) -> None:
        self.preferences = set_path(self.preferences, path, value)

    def deactivate(self, now: datetime) -> None:
        if not self.is_active:
            raise FailedPrecondition("user is already inactive")
        self.is_active = False
        self.touch(now)

    def record_login(self, now: datetime) -> None:
        self.last_login_at = now

    def ensure_active(self) -> None:
        if not self.is_active:
            raise FailedPrecondition("user is inactive")
