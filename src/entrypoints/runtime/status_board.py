"""What the service's background work says of itself, for SystemService/GetHealth."""

from __future__ import annotations

from collections.abc import Callable

from ports.health import ComponentReport

Source = Callable[[], ComponentReport]


class StatusBoard:
    """Sources of reports, each read when health is asked for (one per name)."""

    def __init__(self) -> None:
        self._sources: dict[str, Source] = {}

    def add(self, name: str, source: Source) -> None:
        self._sources[name] = source

    def reports(self) -> list[ComponentReport]:
        return [self._sources[name]() for name in sorted(self._sources)]
