"""How long a feed session lives: past its lifetime it cannot be continued, and the
service purges it with its ledger."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.content.deps import ContentDeps
from domain.kernel.errors import InvalidArgument

DEFAULT_FEED_SESSION_HOURS = 24
MAX_FEED_SESSION_HOURS = 24 * 366
DEFAULT_FEED_PURGE_BATCH = 1_000


def expiry_cut(now: datetime, hours: int) -> datetime:
    """Sessions started before this moment have expired."""
    return now - timedelta(hours=hours)


def refuse_expired(started_at: datetime, now: datetime, hours: int) -> None:
    """A page token of an expired session is refused (INVALID_ARGUMENT on page_token)."""
    if started_at < expiry_cut(now, hours):
        raise InvalidArgument.of(
            "page_token",
            f"belongs to a feed session older than {hours} hours, which has expired:"
            " start a new session by calling without a page_token",
        )


class PurgeExpiredFeedSessions:
    """Run by the service: expired sessions and their ledgers go, `batch` sessions to a
    transaction, until none is left."""

    def __init__(
        self, deps: ContentDeps, hours: int, batch: int = DEFAULT_FEED_PURGE_BATCH
    ) -> None:
        self._d = deps
        self._hours = hours
        self._batch = batch

    async def execute(self) -> int:
        cut = expiry_cut(self._d.clock.now(), self._hours)
        total = 0
        while True:
            async with self._d.uow() as uow:
                purged = await uow.feeds.purge_started_before(cut, self._batch)
                await uow.commit()
            total += purged
            if purged < self._batch:
                return total
