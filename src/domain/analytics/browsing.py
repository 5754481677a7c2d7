"""Reading events: a workspace's events filtered, newest first, in keyset pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from domain.analytics import ranges, values
from domain.analytics.deps import AnalyticsDeps, reader, retained_since, retention_days
from domain.analytics.model import Event, EventCursor, EventFilter
from domain.kernel.errors import InvalidArgument, Validator
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal

MAX_FILTER_VALUES = 32
MAX_FILTER_DIMENSIONS = 16


class QueryEvents:
    """Readers page through events inside the workspace's current retention."""

    def __init__(self, deps: AnalyticsDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, filt: EventFilter, page_size: int, page_token: str
    ) -> Page[Event]:
        _check(filt)
        req = PageRequest.parse(page_size, page_token, _query_of(filt), self._d.page_tokens)
        after = _cursor(req.after)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, filt.workspace_id)
            days = await retention_days(self._d, uow, filt.workspace_id)
        bounded = replace(filt, not_before=retained_since(self._d.clock.now(), days))
        rows = await self._d.store.events(bounded, after, req.size + 1)
        return build_page(rows, req, lambda e: (e.timestamp.isoformat(), e.event_id))


def _check(filt: EventFilter) -> None:
    v = Validator()
    for name, items in (("event_types", filt.event_types), ("categories", filt.categories)):
        v.check(len(items) <= MAX_FILTER_VALUES, name, f"at most {MAX_FILTER_VALUES} values")
        for i, item in enumerate(items):
            values.check_text(v, item, f"{name}[{i}]", values.MAX_NAME)
    values.check_text(v, filt.workload_id, "workload_id", values.MAX_NAME)
    dims = filt.dimensions
    v.check(len(dims) <= MAX_FILTER_DIMENSIONS, "dimensions", f"at most {MAX_FILTER_DIMENSIONS}")
    for key, value in dims:
        values.check_text(v, key, "dimensions", values.MAX_NAME)
        values.check_text(v, value, f"dimensions.{key}", values.MAX_DIMENSION_VALUE)
    ranges.check_time_range(v, filt.start, filt.end, None)
    v.raise_if_any()


def _query_of(filt: EventFilter) -> dict[str, Any]:
    return {
        "w": filt.workspace_id,
        "t": sorted(filt.event_types),
        "c": sorted(filt.categories),
        "l": filt.workload_id,
        "d": sorted(filt.dimensions),
        "s": filt.start.isoformat() if filt.start else "",
        "e": filt.end.isoformat() if filt.end else "",
    }


def _cursor(after: tuple[Any, ...] | None) -> EventCursor | None:
    if after is None:
        return None
    try:
        stamp, event_id = after
        return EventCursor(datetime.fromisoformat(stamp), event_id)
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None
