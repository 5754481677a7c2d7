"""The feed sessions' purge loop: it runs round after round until cancelled, a failed
round is logged and counts nothing, and the server starts it."""

from __future__ import annotations

import asyncio
import logging

import pytest

from domain.kernel.errors import Unavailable
from entrypoints.container import build_container, context, start, stop
from entrypoints.grpc.server import start_server
from entrypoints.runtime.feed_purge import feed_purge_round, start_feed_purge
from entrypoints.settings import load_settings
from entrypoints.settings.base import SettingsError


class Purge:
    def __init__(self, *results: int | Exception) -> None:
        self.results = list(results)
        self.rounds = 0
        self.ran = asyncio.Event()

    async def execute(self) -> int:
        self.rounds += 1
        result = self.results.pop(0) if self.results else 0
        if not self.results:
            self.ran.set()
        if isinstance(result, Exception):
            raise result
        return result


class Content:
    def __init__(self, purge: Purge) -> None:
        self.purge = purge

    def purge_expired_feed_sessions(self) -> Purge:
        return self.purge


async def test_a_failed_round_is_logged_and_counts_nothing(caplog) -> None:
    purge = Purge(3, Unavailable("down"), RuntimeError("boom"), 0)
    caplog.set_level(logging.INFO, "strata.content.feed_purge")
    assert [await feed_purge_round(purge) for _ in range(4)] == [3, 0, 0, 0]  # type: ignore[arg-type]
    messages = [r.getMessage() for r in caplog.records]
    assert "purged 3 expired feed sessions" in messages
    assert any("database is unavailable" in m for m in messages)
    assert "feed session purge failed" in messages


async def test_the_loop_runs_rounds_until_cancelled() -> None:
    purge = Purge(2, 1, 0)
    task = start_feed_purge(Content(purge), every_seconds=0.001)
    async with asyncio.timeout(10):
        await purge.ran.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert purge.rounds >= 3 and task.cancelled()


def _purge_tasks() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if t.get_name() == "feed-purge" and not t.done()]


async def test_the_server_runs_the_purge_with_the_configured_lifetime_and_stops_it() -> None:
    settings = load_settings({"STRATA_STORAGE": "memory", "STRATA_FEED_SESSION_HOURS": "2"})
    container = build_container(settings, None)
    await start(container)
    try:
        assert _purge_tasks() == []
        running = await start_server(container, "127.0.0.1:0")
        assert len(_purge_tasks()) == 1
        assert await context(container, "content").purge_expired_feed_sessions().execute() == 0
        await running.stop(0)
        assert _purge_tasks() == []
    finally:
        await stop(container)


@pytest.mark.parametrize("hours", ["0", "9000", "a day"])
def test_a_session_lifetime_out_of_range_fails_naming_the_variable(hours: str) -> None:
    with pytest.raises(SettingsError) as exc:
        load_settings({"STRATA_STORAGE": "memory", "STRATA_FEED_SESSION_HOURS": hours})
    assert "STRATA_FEED_SESSION_HOURS" in str(exc.value)


def test_the_content_context_takes_the_analytics_retention() -> None:
    settings = load_settings({"STRATA_STORAGE": "memory", "STRATA_ANALYTICS_RETENTION_DAYS": "7"})
    content = context(build_container(settings, None), "content")
    assert content.deps().analytics_retention_days == 7
