"""Which user fields an update may touch, and who may touch them."""

from __future__ import annotations

from typing import Any

from domain.identity.user import User
from domain.identity.values import (
    normalize_email,
    validate_name,
    validate_password,
    validate_url,
    validate_username,
)
from domain.kernel.errors import InvalidArgument, PermissionDenied, quoted
from domain.kernel.masks import apply_mask

SELF_PATHS = {"name", "username", "picture_url", "preferences", "password"}
# Email too: with no proof of owning the new address, letting users change it would let them
# claim any address, and learn from the answer which ones already have an account.
SUPERUSER_PATHS = {"email", "is_active", "is_superuser"}


def apply_user_changes(
    user: User, changes: dict[str, Any], is_superuser: bool, password_hash: str | None
) -> None:
    """Apply mask paths to `user`; every bad path or value is reported at once."""

    def admit(root: str, path: str) -> None:
        if root in SUPERUSER_PATHS and not is_superuser:
            raise PermissionDenied(f"changing '{quoted(path)}' is for superusers")

    apply_mask(
        changes,
        SELF_PATHS | SUPERUSER_PATHS,
        "preferences",
        lambda path, value: _apply(user, path, value, password_hash),
        admit,
    )


def _apply(user: User, path: str, value: Any, password_hash: str | None) -> None:
    if path == "name":
        user.name = validate_name(str(value), "user.name", required=False)
    elif path == "username":
        user.username = validate_username(str(value), "user.username") if value else None
    elif path == "picture_url":
        user.picture_url = validate_url(str(value), "user.picture_url")
    elif path == "email":
        user.email = normalize_email(str(value), "user.email")
    elif path == "password":
        validate_password(str(value or ""), "password")
        user.password_hash = password_hash
    elif path == "is_active":
        user.is_active = bool(value)
    elif path == "is_superuser":
        user.is_superuser = bool(value)
    elif path == "preferences":
        if not isinstance(value, dict):
            raise InvalidArgument.of("user.preferences", "must be an object")
        user.merge_preferences(value)
    else:
        keys = path.split(".")[1:]
        if not all(keys):
            raise InvalidArgument.of("update_mask", f"malformed path '{quoted(path)}'")
        user.set_preference(keys, value)
