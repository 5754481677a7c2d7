"""One round of a background purge, guarded: a round that fails is logged and counts
nothing; the next round tries again."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from domain.kernel.errors import Unavailable


async def guarded_round(run: Callable[[], Awaitable[int]], log: logging.Logger, what: str) -> int:
    try:
        return await run()
    except Unavailable as exc:
        log.warning("%s skipped, the database is unavailable: %s", what, exc)
    except Exception:
        log.exception("%s failed", what)
    return 0
