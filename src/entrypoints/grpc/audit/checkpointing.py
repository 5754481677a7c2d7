"""The server's background task: a checkpoint of the audit chain's head every so often."""

from __future__ import annotations

import asyncio
import logging

from domain.audit.checkpointing import Checkpoint
from domain.kernel.errors import Unavailable

log = logging.getLogger("strata.audit.checkpoint")


async def run_checkpoints(checkpoint: Checkpoint, every_seconds: float) -> None:
    """Take a checkpoint every `every_seconds` until cancelled. A round that fails is
    logged and the next round tries again. Each checkpoint is logged too, so a copy of
    the signed head also lives wherever the logs are shipped."""
    while True:
        await asyncio.sleep(every_seconds)
        try:
            taken = await checkpoint.execute()
        except Unavailable as exc:
            log.warning("audit checkpoint skipped, the database is unavailable: %s", exc)
            continue
        except Exception:
            log.exception("audit checkpoint failed")
            continue
        if taken is not None:
            log.info(
                "audit checkpoint sequence=%d hash=%s taken_at=%s signature=%s",
                taken.sequence,
                taken.hash,
                taken.taken_at.isoformat(),
                taken.signature or "unsigned",
            )
