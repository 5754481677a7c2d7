"""What the jobs' upkeep has done: rescue rounds, totals and the queue's depth."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from entrypoints.runtime.rounds import Rounds, outcome
from ports.health import ComponentReport
from ports.jobs import QueueDepth

NAME = "jobs"


@dataclass
class JobsUpkeepState(Rounds):
    retention_days: int = 0
    rescued_total: int = 0
    purged_total: int = 0
    last_rescue_at: datetime | None = None
    last_rescue_error: str = ""
    depth: QueueDepth | None = None
    depth_at: datetime | None = None

    @property
    def oldest_ready_age_seconds(self) -> float:
        """How long the oldest ready job had waited when the depth was read; 0: none."""
        if self.depth is None or self.depth.oldest_ready_at is None or self.depth_at is None:
            return 0.0
        return max(0.0, (self.depth_at - self.depth.oldest_ready_at).total_seconds())

    async def rescue_round(
        self, at: datetime, rescued: int, error: str, depth: QueueDepth | None
    ) -> None:
        self.rounds += 1
        self.last_rescue_at, self.last_rescue_error = at, error
        self.rescued_total += rescued
        if depth is not None:
            self.depth, self.depth_at = depth, at
        await self._notify()

    async def purged(self, count: int) -> None:
        self.purged_total += count
        await self._notify()

    def report(self) -> ComponentReport:
        """Unhealthy while the last rescue round failed."""
        details = {
            "last_rescue_time": self.last_rescue_at.isoformat() if self.last_rescue_at else "",
            "last_rescue_outcome": outcome(self.rounds, self.last_rescue_error),
            "rescued_total": str(self.rescued_total),
            "purged_total": str(self.purged_total),
            "retention_days": str(self.retention_days),
        }
        if self.depth is not None:
            details["pending_ready"] = str(self.depth.ready)
            details["running"] = str(self.depth.running)
            details["oldest_ready_age_seconds"] = f"{self.oldest_ready_age_seconds:.3f}"
        healthy = not self.last_rescue_error
        return ComponentReport(NAME, healthy, error=self.last_rescue_error, details=details)
