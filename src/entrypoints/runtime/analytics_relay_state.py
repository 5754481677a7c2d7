"""What the analytics relay has done: rows delivered, failed rounds, and the backlog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from entrypoints.runtime.rounds import Rounds, outcome
from ports.analytics import Backlog
from ports.health import ComponentReport

NAME = "analytics_relay"


@dataclass
class RelayState(Rounds):
    delivered_total: int = 0
    failures_total: int = 0
    consecutive_failures: int = 0
    last_round_at: datetime | None = None
    last_error: str = ""
    backlog: Backlog | None = None
    backlog_at: datetime | None = None

    @property
    def lag_seconds(self) -> float:
        """The age of the oldest undelivered row when the backlog was read; 0: none."""
        if self.backlog is None or self.backlog.oldest is None or self.backlog_at is None:
            return 0.0
        return max(0.0, (self.backlog_at - self.backlog.oldest).total_seconds())

    async def delivered(self, at: datetime, count: int) -> None:
        self.rounds += 1
        self.delivered_total += count
        self.consecutive_failures, self.last_error, self.last_round_at = 0, "", at
        await self._notify()

    async def failed(self, at: datetime, error: str) -> None:
        self.rounds += 1
        self.failures_total += 1
        self.consecutive_failures += 1
        self.last_error, self.last_round_at = error, at
        await self._notify()

    def read_backlog(self, at: datetime, backlog: Backlog) -> None:
        self.backlog, self.backlog_at = backlog, at

    def report(self) -> ComponentReport:
        """Unhealthy while the last round failed (the store or the database down)."""
        details = {
            "last_round_time": self.last_round_at.isoformat() if self.last_round_at else "",
            "last_round_outcome": outcome(self.rounds, self.last_error),
            "delivered_total": str(self.delivered_total),
            "failures_total": str(self.failures_total),
            "consecutive_failures": str(self.consecutive_failures),
        }
        if self.backlog is not None:
            details["backlog_rows"] = str(self.backlog.rows)
            details["lag_seconds"] = f"{self.lag_seconds:.3f}"
        return ComponentReport(NAME, not self.last_error, error=self.last_error, details=details)
