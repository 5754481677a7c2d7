"""What of a request may be kept in the audit trail: no secrets, no bulk."""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

REDACTED = "[redacted]"
SECRET_WORDS = frozenset(
    {"password", "passwd", "passphrase", "pass", "secret", "secrets", "apikey"}
    | {"authorization", "pepper", "credential", "credentials"}
)
KEY_KINDS = frozenset({"api", "private", "access", "signing", "encryption", "session"})
FLAG_WORDS = frozenset({"has", "is"})
POSITIONS = frozenset({"page_token", "next_page_token"})  # a place in a list, not a credential
WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
BULK_KEY = re.compile(r"(embedding|vector|content|data|chunks|text|body|blob)s?$", re.I)
MAX_STRING = 512
MAX_BULK_STRING = 64
MAX_ITEMS = 32


@functools.lru_cache(maxsize=4096)  # field names: the same few on every call
def is_secret(name: str) -> bool:
    """`password`, `new_password`, `api_key`, `access_token`: yes. `token_count`,
    `max_tokens`, `has_password`, `page_token`: no. A token is secret as the last word."""
    words = [w.lower() for w in WORD.findall(name)]
    if not words or words[0] in FLAG_WORDS or "_".join(words) in POSITIONS:
        return False
    pairs = itertools.pairwise(words)
    return (
        any(w in SECRET_WORDS for w in words)
        or words[-1] == "token"
        or any(kind in KEY_KINDS and w in ("key", "keys") for kind, w in pairs)
    )


def redact(value: Any, key: str = "") -> Any:
    """A copy of `value` with secret fields replaced and large fields cut."""
    if key and is_secret(key):
        return REDACTED if value not in (None, "", [], {}) else value
    if isinstance(value, dict):
        return {k: redact(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if BULK_KEY.search(key) or len(value) > MAX_ITEMS:
            return f"[{len(value)} items]"
        return [redact(v, key) for v in value]
    if isinstance(value, str):
        limit = MAX_BULK_STRING if BULK_KEY.search(key) else MAX_STRING
        if len(value) > limit:
            return f"{value[:limit]}… [{len(value)} chars]"
    return value
