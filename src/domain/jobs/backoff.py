"""How long a failed attempt waits before the next one: exponential, with full jitter."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta


def _unit_interval() -> float:
    """U(0, 1]: `random.random()` is [0, 1)."""
    return 1.0 - random.random()


@dataclass(frozen=True, slots=True)
class Backoff:
    """delay(attempt) = min(cap, base · 2^(attempt - 1)) · U(0.5, 1]

    `attempt` counts from 1 (the attempt that just failed); base 2 s, cap 10 min.
    The jitter spreads retries of jobs that failed together (a dependency down) so that
    they do not come back in one wave, while never waiting less than half the step.
    """

    base_seconds: float = 2.0
    cap_seconds: float = 600.0
    uniform: Callable[[], float] = field(default=_unit_interval, compare=False)

    def delay(self, attempt: int) -> timedelta:
        step = min(self.cap_seconds, self.base_seconds * 2.0 ** min(max(attempt, 1) - 1, 62))
        return timedelta(seconds=step * (0.5 + 0.5 * self.uniform()))
