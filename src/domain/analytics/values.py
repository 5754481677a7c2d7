"""The rules of an event: every limit it keeps, checked before anything is stored."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from domain.analytics.metadata import check_metadata
from domain.analytics.model import Metric
from domain.kernel.errors import Validator

MAX_EVENTS = 10_000  # per batch, and per message of a stream
MAX_NAME = 128  # event_type, event_category, workload_id, metric names, dimension keys
MAX_UNIT = 32
MAX_METRICS = 64
MAX_DIMENSIONS = 64
MAX_DIMENSION_VALUE = 1024
MAX_FUTURE = timedelta(days=1)
# ClickHouse DateTime64's range.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2299, 12, 31, 23, 59, 59, tzinfo=UTC)
NUL = "\x00"


UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


class EventFields(Protocol):
    """An event as sent: an empty event_id or user_id, or no timestamp, is the server's."""

    @property
    def event_id(self) -> str: ...
    @property
    def user_id(self) -> str: ...
    @property
    def timestamp(self) -> datetime | None: ...
    @property
    def event_type(self) -> str: ...
    @property
    def event_category(self) -> str: ...
    @property
    def workload_id(self) -> str: ...
    @property
    def metrics(self) -> tuple[Metric, ...]: ...
    @property
    def dimensions(self) -> dict[str, str]: ...
    @property
    def metadata(self) -> dict[str, Any]: ...


def check_text(v: Validator, value: str, field: str, limit: int) -> None:
    v.check(len(value) <= limit, field, f"must be at most {limit} characters")
    v.check(NUL not in value, field, "must not contain NUL (U+0000)")


def _text_ok(value: str, limit: int) -> bool:
    return len(value) <= limit and NUL not in value


def check_instant(v: Validator, value: datetime, field: str) -> None:
    v.check(EARLIEST <= value <= LATEST, field, "must be between 1900-01-01 and 2299-12-31")


def is_uuid(value: str) -> bool:
    return UUID.fullmatch(value) is not None


def check_event(v: Validator, event: EventFields, at: str, now: datetime) -> None:
    """Every violation of one event, each named under `at` (e.g. `events[3]`). Field
    names are built only for a violation: most events have none."""
    if event.event_id and not is_uuid(event.event_id):
        v.add(f"{at}.event_id", "must be a UUID")
    if event.user_id and not is_uuid(event.user_id):
        v.add(f"{at}.user_id", "must be a UUID")
    if not (event.event_type and _text_ok(event.event_type, MAX_NAME)):
        check_text(v, event.event_type, f"{at}.event_type", MAX_NAME)
        v.check(bool(event.event_type), f"{at}.event_type", "is required")
    if not _text_ok(event.event_category, MAX_NAME):
        check_text(v, event.event_category, f"{at}.event_category", MAX_NAME)
    if not _text_ok(event.workload_id, MAX_NAME):
        check_text(v, event.workload_id, f"{at}.workload_id", MAX_NAME)
    if event.timestamp is not None:
        _check_timestamp(v, to_millisecond(event.timestamp), f"{at}.timestamp", now)
    metrics = event.metrics
    v.check(len(metrics) <= MAX_METRICS, f"{at}.metrics", f"at most {MAX_METRICS}")
    for i, metric in enumerate(metrics[:MAX_METRICS]):
        if not _metric_ok(metric):
            _check_metric(v, metric, f"{at}.metrics[{i}]")
    if event.dimensions:
        _check_dimensions(v, event.dimensions, f"{at}.dimensions")
    if event.metadata:
        check_metadata(v, event.metadata, f"{at}.metadata")


def to_millisecond(moment: datetime) -> datetime:
    """What the store keeps of an instant (ClickHouse DateTime64(3))."""
    extra = moment.microsecond % 1000
    return moment.replace(microsecond=moment.microsecond - extra) if extra else moment


def _check_timestamp(v: Validator, moment: datetime, field: str, now: datetime) -> None:
    check_instant(v, moment, field)
    v.check(moment <= now + MAX_FUTURE, field, "is more than a day ahead")


def _metric_ok(metric: Metric) -> bool:
    name, unit = metric.name, metric.unit
    return (
        bool(name)
        and _text_ok(name, MAX_NAME)
        and _text_ok(unit, MAX_UNIT)
        and math.isfinite(metric.value)
    )


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
        if not _text_ok(value, MAX_DIMENSION_VALUE):
            check_text(v, value, f"{at}.{key}", MAX_DIMENSION_VALUE)
