"""System clock, UUIDv7 ids and random secrets."""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime

import uuid_utils

_ALNUM = string.ascii_lowercase + string.digits


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class Uuid7Generator:
    def new_id(self) -> str:
        return str(uuid_utils.uuid7())


class TokenSecretGenerator:
    def public_id(self) -> str:
        return "".join(secrets.choice(_ALNUM) for _ in range(12))

    def secret(self) -> str:
        return secrets.token_urlsafe(32).replace("_", "x")
