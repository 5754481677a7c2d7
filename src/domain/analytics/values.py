"""The rules of an event: every limit it keeps, checked before anything is stored."""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.analytics.model import Event, Metric
from domain.kernel.errors import Validator

MAX_EVENTS = 10_000  # per batch, and per message of a stream
MAX_NAME = 128  # event_type, event_category, workload_id, metric names, dimension keys
MAX_UNIT = 32
MAX_METRICS = 64
MAX_DIMENSIONS = 64
MAX_DIMENSION_VALUE = 1024
MAX_METADATA_BYTES = 64 * 1024
MAX_METADATA_DEPTH = 16
MAX_FUTURE = timedelta(days=1)
# ClickHouse DateTime64's range.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2299, 12, 31, 23, 59, 59, tzinfo=UTC)
NUL = "\x00"
UUID_CHARS = 36


def check_text(v: Validator, value: str, field: str, limit: int) -> None:
    v.check(len(value) <= limit, field, f"must be at most {limit} characters")
    v.check(NUL not in value, field, "must not contain NUL (U+0000)")


def check_instant(v: Validator, value: datetime, field: str) -> None:
    v.check(EARLIEST <= value <= LATEST, field, "must be between 1900-01-01 and 2299-12-31")


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == UUID_CHARS


def check_event(v: Validator, event: Event, at: str, now: datetime) -> None:
    """Every violation of one event, each named under `at` (e.g. `events[3]`)."""
    v.check(is_uuid(event.event_id), f"{at}.event_id", "must be a UUID")
    v.check(is_uuid(event.user_id), f"{at}.user_id", "must be a UUID")
    check_text(v, event.event_type, f"{at}.event_type", MAX_NAME)
    v.check(bool(event.event_type), f"{at}.event_type", "is required")
    check_text(v, event.event_category, f"{at}.event_category", MAX_NAME)
    check_text(v, event.workload_id, f"{at}.workload_id", MAX_NAME)
    check_instant(v, event.timestamp, f"{at}.timestamp")
    v.check(event.timestamp <= now + MAX_FUTURE, f"{at}.timestamp", "is more than a day ahead")
    v.check(len(event.metrics) <= MAX_METRICS, f"{at}.metrics", f"at most {MAX_METRICS}")
    for i, metric in enumerate(event.metrics[:MAX_METRICS]):
        _check_metric(v, metric, f"{at}.metrics[{i}]")
    _check_dimensions(v, event.dimensions, f"{at}.dimensions")
    _check_metadata(v, event.metadata, f"{at}.metadata")


def _check_metric(v: Validator, metric: Metric, at: str) -> None:
    v.check(bool(metric.name), f"{at}.name", "is required")
    check_text(v, metric.name, f"{at}.name", MAX_NAME)
    check_text(v, metric.unit, f"{at}.unit", MAX_UNIT)
    v.check(math.isfinite(metric.value), f"{at}.value", "must be a finite number")


def _check_dimensions(v: Validator, dimensions: dict[str, str], at: str) -> None:
    v.check(len(dimensions) <= MAX_DIMENSIONS, at, f"at most {MAX_DIMENSIONS} entries")
    for key, value in dimensions.items():
        if not key or len(key) > MAX_NAME or NUL in key:
            v.add(at, f"keys must be 1 to {MAX_NAME} characters without NUL")
            continue
        check_text(v, value, f"{at}.{key}", MAX_DIMENSION_VALUE)


def _check_metadata(v: Validator, metadata: dict[str, Any], at: str) -> None:
    if _depth(metadata) > MAX_METADATA_DEPTH:
        v.add(at, f"must be nested at most {MAX_METADATA_DEPTH} levels deep")
        return
    try:
        text = json.dumps(metadata, separators=(",", ":"), allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError):
        v.add(at, "must be JSON with finite numbers")
        return
    v.check(len(text.encode()) <= MAX_METADATA_BYTES, at, "must be at most 64 KiB as JSON")
    v.check(not _has_nul(metadata), at, "must not contain NUL (U+0000)")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(NUL in k or _has_nul(x) for k, x in value.items())
    if isinstance(value, list):
        return any(_has_nul(x) for x in value)
    return False


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(x) for x in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(x) for x in value), default=0)
    return 0
