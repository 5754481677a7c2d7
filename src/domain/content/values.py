"""Value rules of content items: types, origins, visibility, sorts and limits."""

from __future__ import annotations

import enum
import math

from domain.kernel.errors import InvalidArgument

# One limit per field, the same in the protos (field_limits.proto options) and the columns.
MAX_TITLE = 255  # content_items.title varchar(255)
MAX_DATA = 100_000
MAX_TAGS = 32
MAX_TAG = 64
MAX_QUERY = 255
MAX_KEY = 255
DEFAULT_TOP_TAGS = 10
MAX_TOP_TAGS = 100


class ContentType(enum.StrEnum):
    TEXT = "text"
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"


class Origin(enum.StrEnum):
    USER = "user"
    AUTO = "auto"


class Visibility(enum.StrEnum):
    """One field for the seed's is_public/is_private pair: PUBLIC is (true, false);
    every other pair, the contradictory (true, true) included, reads as PRIVATE."""

    PUBLIC = "public"
    PRIVATE = "private"

    @classmethod
    def from_flags(cls, is_public: bool, is_private: bool) -> Visibility:
        return cls.PUBLIC if is_public and not is_private else cls.PRIVATE


class ContentSort(enum.StrEnum):
    NEWEST = "newest"
    QUALITY = "quality"  # quality descending, unrated last, then newest
    OLDEST = "oldest"
    RELEVANCE = "relevance"  # best title rank for the query first, then newest


def check_tags(raw: list[str] | tuple[str, ...], field: str) -> tuple[str, ...]:
    """Tags trimmed, without repeats, sorted; each 1 to MAX_TAG characters."""
    tags = {t.strip() for t in raw}
    if len(tags) > MAX_TAGS:
        raise InvalidArgument.of(field, f"must hold at most {MAX_TAGS} tags")
    for tag in tags:
        if not tag or len(tag) > MAX_TAG:
            raise InvalidArgument.of(field, f"tags must be 1 to {MAX_TAG} characters")
    return tuple(sorted(tags))


def check_data(raw: str, field: str) -> str:
    """Content data as given (blanks are content too), at most MAX_DATA characters."""
    if len(raw) > MAX_DATA:
        raise InvalidArgument.of(field, f"must be at most {MAX_DATA} characters")
    return raw


def check_quality(value: float | None, field: str) -> float | None:
    if value is not None and not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InvalidArgument.of(field, "must be from 0 to 1")
    return value
