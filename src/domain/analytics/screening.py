"""A batch's rules checked column by column: one pass per column tells when no event of
the batch can break a rule, which is what nearly every batch is. It may fail a valid
batch (events are then checked one by one, naming each violation), never pass one that
check would refuse."""

from __future__ import annotations

import re
from collections.abc import Sequence
from math import isfinite

from domain.analytics import values as v
from domain.analytics.batch import MILLISECOND, NewEvents, to_ms
from domain.analytics.metadata import flat_and_small

EARLIEST_MS = to_ms(v.EARLIEST)
LATEST_MS = to_ms(v.LATEST)
FUTURE_MS = v.MAX_FUTURE // MILLISECOND
UUID_CHARS = 36
_UUIDS = re.compile(rf"(?:{v.UUID.pattern}\n)*{v.UUID.pattern}")


def passes(batch: NewEvents, now_ms: int) -> bool:
    return (
        _uuids(batch.event_ids)
        and _uuids(batch.user_ids)
        and all(batch.event_types)
        and _texts(batch.event_types, v.MAX_NAME)
        and _texts(batch.event_categories, v.MAX_NAME)
        and _texts(batch.workload_ids, v.MAX_NAME)
        and _times(batch.timestamps, now_ms)
        and max(batch.metric_counts, default=0) <= v.MAX_METRICS
        and all(batch.metric_names)
        and _texts(batch.metric_names, v.MAX_NAME)
        and _texts(batch.metric_units, v.MAX_UNIT)
        and isfinite(sum(batch.metric_values))
        and max(batch.dimension_counts, default=0) <= v.MAX_DIMENSIONS
        and all(batch.dimension_keys)
        and _texts(batch.dimension_keys, v.MAX_NAME)
        and _texts(batch.dimension_values, v.MAX_DIMENSION_VALUE)
        and all(not m or flat_and_small(m) for m in batch.metadata)
    )


def _texts(values: Sequence[str], limit: int) -> bool:
    return max(map(len, values), default=0) <= limit and v.NUL not in "".join(values)


def _uuids(values: Sequence[str]) -> bool:
    """The ids sent (empty ones are the server's) joined by newlines: each a UUID exactly
    when the text has a UUID's length per id and matches UUIDs separated by newlines."""
    sent = [x for x in values if x]
    if not sent:
        return True
    text = "\n".join(sent)
    return len(text) == (UUID_CHARS + 1) * len(sent) - 1 and _UUIDS.fullmatch(text) is not None


def _times(stamps: Sequence[int | None], now_ms: int) -> bool:
    sent = [t for t in stamps if t is not None]
    return not sent or (
        min(sent) >= EARLIEST_MS and max(sent) <= min(LATEST_MS, now_ms + FUTURE_MS)
    )
