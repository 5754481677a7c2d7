"""The in-memory store is always reachable."""

from __future__ import annotations

from ports.health import ComponentReport


class InMemoryHealthProbe:
    async def check(self) -> list[ComponentReport]:
        return [ComponentReport("storage", True, details={"kind": "memory"})]
