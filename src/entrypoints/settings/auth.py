"""The auth concern: the peppers and secrets keys and page tokens are made with, and how
long an authenticated key is trusted without asking the store again."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr

from entrypoints.settings.base import Concern, env


class AuthSettings(Concern):
    secret_fields: ClassVar[frozenset[str]] = frozenset({"key_pepper", "page_token_secret"})

    key_pepper: SecretStr = Field(SecretStr(""), validation_alias=env("STRATA_KEY_PEPPER"))
    page_token_secret: SecretStr = Field(
        SecretStr(""), validation_alias=env("STRATA_PAGE_TOKEN_SECRET")
    )
    auth_cache_seconds: float = Field(
        5.0, ge=0, le=300, validation_alias=env("STRATA_AUTH_CACHE_SECONDS")
    )
