"""The one rule for URLs a request may carry: absolute http(s), at most 2,048 characters."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

from domain.kernel.errors import InvalidArgument

MAX_URL = 2048
SCHEMES = ("http", "https")
_BLANK_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def parse_http_url(raw: str, field: str) -> SplitResult:
    """The URL's parts; INVALID_ARGUMENT naming `field` for anything but an absolute
    http(s) URL with a host, a valid port and no whitespace or control characters."""
    if len(raw) > MAX_URL:
        raise InvalidArgument.of(field, f"must be at most {MAX_URL} characters")
    if _BLANK_OR_CONTROL.search(raw):
        raise InvalidArgument.of(field, "must not contain whitespace or control characters")
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 -- raises on a port that is not a number in 0..65535
    except ValueError:
        raise InvalidArgument.of(field, "is not a valid URL") from None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise InvalidArgument.of(field, "must be an absolute http(s) URL")
    return parts
