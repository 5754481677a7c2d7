"""Health probes: each store reports on itself without raising."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ComponentReport:
    name: str
    healthy: bool
    latency_ms: float = 0.0
    error: str = ""
    details: dict[str, str] = field(default_factory=dict)


class HealthProbe(Protocol):
    async def check(self) -> list[ComponentReport]:
        """Never raises: an unreachable store is an unhealthy report."""
        ...
