"""The feed sessions' purge under `strata serve`: sessions older than
STRATA_FEED_SESSION_HOURS go with their ledgers, in bounded batches, every few minutes."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from domain.content.feed_lifetime import PurgeExpiredFeedSessions
from entrypoints.runtime.guarded import guarded_round

log = logging.getLogger("strata.content.feed_purge")
FEED_PURGE_EVERY_SECONDS = 600.0  # sessions live hours: ten minutes late is on time


async def feed_purge_round(purge: PurgeExpiredFeedSessions) -> int:
    purged = await guarded_round(purge.execute, log, "feed session purge")
    if purged:
        log.info("purged %d expired feed sessions", purged)
    return purged


async def feed_purge_forever(purge: PurgeExpiredFeedSessions, every_seconds: float) -> None:
    while True:
        await feed_purge_round(purge)
        await asyncio.sleep(every_seconds)


def start_feed_purge(
    content: Any, every_seconds: float = FEED_PURGE_EVERY_SECONDS
) -> asyncio.Task[None]:
    """`content` is the content context's container; cancelling the task stops the loop."""
    purge = content.purge_expired_feed_sessions()
    return asyncio.create_task(feed_purge_forever(purge, every_seconds), name="feed-purge")
