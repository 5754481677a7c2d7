"""Value objects of identity: emails, usernames and slugs."""

from __future__ import annotations

import re

from domain.kernel.errors import InvalidArgument
from domain.kernel.urls import parse_http_url

_EMAIL = re.compile(
    r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$")
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
_SLUG = re.compile(SLUG_PATTERN)
MAX_NAME = 255
MIN_PASSWORD = 6
MAX_PASSWORD = 1024


def normalize_email(raw: str, field: str = "email") -> str:
    """Trim and lower-case; emails are unique case-insensitively."""
    value = raw.strip().lower()
    if not value:
        raise InvalidArgument.of(field, "is required")
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidArgument.of(field, "is not a valid email address")
    return value


def validate_username(raw: str, field: str = "username") -> str:
    value = raw.strip()
    if not _USERNAME.match(value):
        raise InvalidArgument.of(
            field, "must be 3-64 characters: letters, digits, '_', '.', '-', starting alphanumeric"
        )
    return value


def validate_slug(raw: str, field: str = "slug") -> str:
    if not _SLUG.fullmatch(raw):
        raise InvalidArgument.of(field, f"must match {SLUG_PATTERN}")
    return raw


def validate_name(raw: str, field: str = "name", *, required: bool = True) -> str:
    value = raw.strip()
    if required and not value:
        raise InvalidArgument.of(field, "is required")
    if len(value) > MAX_NAME:
        raise InvalidArgument.of(field, f"must be at most {MAX_NAME} characters")
    return value


def validate_password(raw: str, field: str = "password") -> str:
    if len(raw) < MIN_PASSWORD:
        raise InvalidArgument.of(field, f"must be at least {MIN_PASSWORD} characters")
    if len(raw) > MAX_PASSWORD:
        raise InvalidArgument.of(field, f"must be at most {MAX_PASSWORD} characters")
    return raw


def validate_url(raw: str, field: str) -> str:
    value = raw.strip()
    if value:
        parse_http_url(value, field)
    return value
