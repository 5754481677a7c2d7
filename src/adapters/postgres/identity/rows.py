"""Identity rows as domain objects: the columns each repository reads and writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.postgres.identity.tables import api_keys, users
from domain.identity.api_key import ApiKey
from domain.identity.user import User
from domain.identity.workspace import Membership, Workspace
from domain.kernel.roles import Role

USER_FIELDS = [c.name for c in users.c]
KEY_FIELDS = [c.name for c in api_keys.c if c.name != "metadata"]


def like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def user_of(row: Mapping[Any, Any], prefix: str = "") -> User:
    return User(**{name: row[prefix + name] for name in USER_FIELDS})


def key_of(row: Mapping[Any, Any]) -> ApiKey:
    return ApiKey(**{name: row[name] for name in KEY_FIELDS})


def workspace_of(row: Mapping[Any, Any]) -> Workspace:
    return Workspace(
        row["id"], row["name"], row["slug"], row["created_at"], row["updated_at"], row["version"]
    )


def membership_of(row: Mapping[Any, Any], prefix: str = "") -> Membership:
    return Membership(
        row[f"{prefix}id"],
        row[f"{prefix}workspace_id"],
        row[f"{prefix}user_id"],
        Role.parse(row[f"{prefix}role"]),
        row[f"{prefix}created_at"],
        row[f"{prefix}updated_at"],
    )
