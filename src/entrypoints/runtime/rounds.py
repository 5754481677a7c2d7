"""What the background loops' states share: rounds counted as they end, which reports read
and tests wait on."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass
class Rounds:
    rounds: int = 0
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition, repr=False)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for_rounds(self, rounds: int) -> None:
        """Until `rounds` rounds have ended (bound it with asyncio.timeout)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.rounds >= rounds)


def outcome(rounds: int, error: str) -> str:
    if rounds == 0:
        return "not run yet"
    return "failed" if error else "ok"
