"""The analytics relay under `strata serve`: the outbox delivered to the analytics store
every STRATA_ANALYTICS_RELAY_SECONDS in batches of STRATA_ANALYTICS_RELAY_BATCH (at once
again while batches come back full), backing off while a store is down; seen in metrics
and in SystemService/GetHealth. Writes never wait for it: they only add outbox rows."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from typing import Any

from domain.analytics.outbox_backlog import ReadOutboxBacklog
from domain.analytics.relaying import Relayed, RelayOutbox
from domain.kernel.errors import Unavailable
from entrypoints.analytics_metrics import AnalyticsRelayCollector
from entrypoints.runtime.analytics_relay_state import NAME, RelayState
from entrypoints.runtime.status_board import StatusBoard
from ports.system import Clock

log = logging.getLogger("strata.analytics.relay")
MAX_BACKOFF_SECONDS = 30.0


def backoff_seconds(interval: float, failures: int, cap: float = MAX_BACKOFF_SECONDS) -> float:
    """The pause before the next round: the interval, doubled per failure in a row."""
    return interval if failures == 0 else max(interval, min(cap, interval * 2**failures))


async def relay_round(
    relay: RelayOutbox, state: RelayState, clock: Clock, batch: int
) -> Relayed | None:
    """A round that fails is logged and recorded; what it took stays in the outbox."""
    try:
        result = await relay.execute(batch)
    except Unavailable as exc:
        await state.failed(clock.now(), f"unavailable: {exc}")
        log.warning("analytics relay round failed, a store is unavailable: %s", exc)
        return None
    except Exception as exc:
        await state.failed(clock.now(), f"{type(exc).__name__}: the round failed")
        log.exception("analytics relay round failed")
        return None
    await state.delivered(clock.now(), result.total)
    return result


async def read_backlog(backlog: ReadOutboxBacklog, state: RelayState, clock: Clock) -> None:
    with contextlib.suppress(Unavailable):  # the next read will tell
        state.read_backlog(clock.now(), await backlog.execute())


async def relay_forever(
    relay: RelayOutbox,
    backlog: ReadOutboxBacklog,
    state: RelayState,
    clock: Clock,
    interval: float,
    batch: int,
    max_backoff: float = MAX_BACKOFF_SECONDS,
) -> None:
    """Rounds at once while batches come back full (the backlog read at most once per
    interval meanwhile), else one per interval, or per backoff while rounds fail."""
    read_at = -math.inf
    while True:
        result = await relay_round(relay, state, clock, batch)
        busy = result is not None and result.full
        if not busy or time.monotonic() - read_at >= interval:
            await read_backlog(backlog, state, clock)
            read_at = time.monotonic()
        if busy:
            await asyncio.sleep(0)  # let calls run between batches
            continue
        await asyncio.sleep(backoff_seconds(interval, state.consecutive_failures, max_backoff))


def start_analytics_relay(analytics: Any, metrics: Any, board: StatusBoard) -> asyncio.Task[None]:
    """`analytics` is the analytics context's container; cancelling the task stops it."""
    state: RelayState = analytics.relay_state()
    board.add(NAME, state.report)
    with contextlib.suppress(ValueError):  # registered already, by an earlier start
        metrics.registry.register(AnalyticsRelayCollector(state))
    loop = relay_forever(
        analytics.relay_outbox(),
        analytics.outbox_backlog(),
        state,
        analytics.deps().clock,
        analytics.config.relay_interval_seconds(),
        analytics.config.relay_batch(),
    )
    return asyncio.create_task(loop, name="analytics-relay")
