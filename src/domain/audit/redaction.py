"""What of a request may be kept in the audit trail: no secrets, no bulk."""

from __future__ import annotations

import re
from typing import Any

REDACTED = "[redacted]"
SECRET_KEY = re.compile(
    r"(pass(word)?|secret|token|api_?key|authorization|pepper|credential|private)", re.I
)
BULK_KEY = re.compile(r"(embedding|vector|content|data|chunks|text|body|blob)s?$", re.I)
MAX_STRING = 512
MAX_BULK_STRING = 64
MAX_ITEMS = 32


def redact(value: Any, key: str = "") -> Any:
    """A copy of `value` with secret fields replaced and large fields cut.

    Page tokens are kept: they name a position, not a credential.
    """
    if key and SECRET_KEY.search(key) and key != "page_token":
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
