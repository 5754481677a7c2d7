"""The bounds of a read: time ranges, day ranges and how many rows a read returns."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.analytics import values
from domain.kernel.errors import Validator

MAX_METRICS_RANGE = timedelta(days=366)  # the hourly rollups are kept one year
MAX_ACTIVITY_DAYS = 366
RECENT = timedelta(days=7)  # what ListRecentWorkloads looks back over
DEFAULT_RECENT_LIMIT = 50
MAX_RECENT_LIMIT = 1000


def check_time_range(
    v: Validator, start: datetime | None, end: datetime | None, longest: timedelta | None
) -> None:
    """`start` and `end` (exclusive) inside DateTime64's range, start before end, and no
    more than `longest` apart; either may be None where the read allows it."""
    if start is not None:
        values.check_instant(v, start, "start_time")
    if end is not None:
        values.check_instant(v, end, "end_time")
    if start is None or end is None:
        return
    v.check(start < end, "end_time", "must be after start_time")
    if longest is not None:
        v.check(end - start <= longest, "end_time", f"at most {longest.days} days after start_time")


def check_day_range(v: Validator, start: date | None, end: date | None) -> None:
    v.check(start is not None, "start_date", "is required")
    v.check(end is not None, "end_date", "is required")
    if start is None or end is None:
        return
    for day, field in ((start, "start_date"), (end, "end_date")):
        within = values.EARLIEST.date() <= day <= values.LATEST.date()
        v.check(within, field, "must be between 1900-01-01 and 2299-12-31")
    v.check(start <= end, "end_date", "must not be before start_date")
    days = (end - start).days + 1
    v.check(days <= MAX_ACTIVITY_DAYS, "end_date", f"at most {MAX_ACTIVITY_DAYS} days in all")
