"""The client concern: the API key commands that call a Strata server present (`strata
worker`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr

from entrypoints.settings.base import Concern, env


class ClientSettings(Concern):
    secret_fields: ClassVar[frozenset[str]] = frozenset({"api_key"})

    api_key: SecretStr = Field(SecretStr(""), validation_alias=env("STRATA_API_KEY"))
