"""Every instance forgets its cached keys and standings when any instance changes them.

A unit of work that wrote a user, an API key, a workspace or a membership sends NOTIFY in
its transaction (delivered only if it commits); each instance LISTENs on one connection
of its own and clears its caches at every notification. While that connection is down
the caches are cleared and it retries, from `retry_seconds` apart up to 10 s: what cannot be
heard then still expires within STRATA_AUTH_CACHE_SECONDS.

The same connection listens on the channels of other contexts (`Channel`: job wake-ups),
each told what it heard, and told when it may have missed something (when the
connection is made, and when it is lost).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any, Protocol

import asyncpg

from adapters.postgres.infra.engine import driver_dsn

CHANNEL = "strata_caches"
NOTIFY = f"SELECT pg_notify('{CHANNEL}', '')"
APPLICATION_NAME = "strata-cache-listener"
MAX_RETRY_SECONDS = 10.0
log = logging.getLogger("strata.caches")


class Clearable(Protocol):
    def clear(self) -> None: ...


class Channel(Protocol):
    name: str

    def heard(self, payload: str) -> None: ...
    def missed(self) -> None: ...


class CacheListener:
    def __init__(self, url: str, retry_seconds: float = 1.0, connect_timeout: float = 3.0):
        self._dsn = driver_dsn(url)
        self._retry = retry_seconds
        self._timeout = connect_timeout
        self._caches: tuple[Clearable, ...] = ()
        self._channels: tuple[Channel, ...] = ()
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()

    async def start(self, caches: Sequence[Clearable], channels: Sequence[Channel] = ()) -> None:
        self._caches = tuple(caches)
        self._channels = tuple(channels)
        self._task = asyncio.create_task(self._run(), name="cache-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def clear(self, *_: Any) -> None:
        for cache in self._caches:
            cache.clear()

    def _missed(self) -> None:
        self.clear()
        for channel in self._channels:
            channel.missed()

    async def _run(self) -> None:
        delay = self._retry
        while True:
            try:
                await self._listen()
                log.warning("cache invalidation connection lost; reconnecting")
                delay = self._retry
            except (
                OSError,
                TimeoutError,
                asyncpg.PostgresError,
                asyncpg.InterfaceError,
                asyncpg.exceptions.InternalClientError,  # the connection died mid-command
            ) as exc:
                if delay == self._retry:
                    log.warning("cache invalidation cannot listen (%s); retrying", exc)
                delay = min(delay * 2, MAX_RETRY_SECONDS)
            self._missed()
            await asyncio.sleep(delay)

    async def _listen(self) -> None:
        """Until the connection is lost."""
        lost = asyncio.Event()
        conn = await asyncpg.connect(
            self._dsn, timeout=self._timeout, server_settings={"application_name": APPLICATION_NAME}
        )
        try:
            conn.add_termination_listener(lambda _: lost.set())
            await conn.add_listener(CHANNEL, self.clear)
            for channel in self._channels:
                await conn.add_listener(channel.name, _told(channel))
            self._missed()  # whatever changed while nobody listened
            self.listening.set()
            await lost.wait()
        finally:
            self.listening.clear()
            with contextlib.suppress(Exception):
                await conn.close(timeout=1)


def _told(channel: Channel) -> Any:
    def heard(_conn: Any, _pid: int, _name: str, payload: str) -> None:
        channel.heard(payload)

    return heard
