"""What a digest request may hold: its day, and the items added to it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from domain.kernel.errors import InvalidArgument, Validator

MAX_ITEMS_PER_CALL = 100
MAX_RANK = 1000
MAX_REASON = 1000
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(raw: str, field: str) -> date:
    """A calendar day written YYYY-MM-DD; required."""
    if not raw:
        raise InvalidArgument.of(field, "is required")
    try:
        if not _DAY.fullmatch(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidArgument.of(field, "must be a day written YYYY-MM-DD") from None


@dataclass(frozen=True, slots=True)
class NewDigestItem:
    content_item_id: str
    rank: int
    score: float = 0.0
    reason: str = ""


def check_items(items: tuple[NewDigestItem, ...]) -> tuple[NewDigestItem, ...]:
    """1 to MAX_ITEMS_PER_CALL items, each well formed, no rank or content item twice."""
    v = Validator()
    v.check(
        0 < len(items) <= MAX_ITEMS_PER_CALL, "items", f"must hold 1 to {MAX_ITEMS_PER_CALL} items"
    )
    ranks: set[int] = set()
    contents: set[str] = set()
    for n, item in enumerate(items):
        at = f"items[{n}]"
        v.check(bool(item.content_item_id), f"{at}.content_item_id", "is required")
        v.check(1 <= item.rank <= MAX_RANK, f"{at}.rank", f"must be from 1 to {MAX_RANK}")
        finite = math.isfinite(item.score)
        v.check(finite and 0.0 <= item.score <= 1.0, f"{at}.score", "must be from 0 to 1")
        v.check(
            len(item.reason) <= MAX_REASON,
            f"{at}.reason",
            f"must be at most {MAX_REASON} characters",
        )
        v.check(item.rank not in ranks, f"{at}.rank", "is given to another item of the call")
        v.check(item.content_item_id not in contents, f"{at}.content_item_id", "is given twice")
        ranks.add(item.rank)
        contents.add(item.content_item_id)
    v.raise_if_any()
    return items
