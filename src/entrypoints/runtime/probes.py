"""Several stores' health probes read as one, for the detailed health report."""

from __future__ import annotations

import asyncio

from ports.health import ComponentReport, HealthProbe


class Probes:
    """Every probe's reports, in the order the probes are given; each probe never raises."""

    def __init__(self, *probes: HealthProbe) -> None:
        self._probes = probes

    async def check(self) -> list[ComponentReport]:
        found = await asyncio.gather(*(probe.check() for probe in self._probes))
        return [report for reports in found for report in reports]
