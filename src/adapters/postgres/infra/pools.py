"""What a connection pool holds right now, in figures a reader understands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class PoolFigures:
    """size: connections open; in_use: lent out; idle: open and waiting; overflow_in_use:
    lent out beyond the configured steady size (DATABASE_POOL_SIZE); max: the most it opens."""

    size: int
    in_use: int
    idle: int
    overflow_in_use: int
    max: int

    @classmethod
    def of(cls, in_use: int, idle: int, steady: int, most: int) -> PoolFigures:
        return cls(in_use + idle, in_use, idle, max(in_use - steady, 0), most)

    def details(self) -> dict[str, str]:
        return {
            "size": str(self.size),
            "in_use": str(self.in_use),
            "idle": str(self.idle),
            "overflow_in_use": str(self.overflow_in_use),
            "max": str(self.max),
        }


class PoolGauge(Protocol):
    def figures(self) -> PoolFigures | None:
        """None while the pool does not exist (it is created on first use)."""
        ...


class EnginePoolGauge:
    """The SQLAlchemy engine's QueuePool, which create_engine sizes to its maximum."""

    def __init__(self, engine: Any, steady: int) -> None:
        self._engine = engine
        self._steady = steady

    def figures(self) -> PoolFigures | None:
        pool = self._engine.pool
        if not callable(getattr(pool, "checkedout", None)):
            return None  # NullPool and friends keep nothing
        most = pool.size() + max(getattr(pool, "_max_overflow", 0), 0)
        return PoolFigures.of(pool.checkedout(), pool.checkedin(), self._steady, most)
