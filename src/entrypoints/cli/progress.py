"""A progress line on stderr: done of total, share, rate and time left, redrawn in place
at most a few times a second, and ended with a newline."""

from __future__ import annotations

import sys
import time
from typing import TextIO

REDRAW_SECONDS = 0.25


class Progress:
    def __init__(self, label: str, total: int, out: TextIO | None = None) -> None:
        self._label, self._total, self._out = label, max(total, 0), out or sys.stderr
        self._done, self._started, self._drawn, self._shown = 0, time.monotonic(), 0.0, -1

    def advance(self, count: int) -> None:
        self._done += count
        now = time.monotonic()
        if now - self._drawn >= REDRAW_SECONDS or self._done >= self._total:
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self._started, 1e-9)
        rate = self._done / elapsed
        share = self._done / self._total if self._total else 1.0
        left = (self._total - self._done) / rate if rate else 0.0
        self._shown = self._done
        self._out.write(
            f"\r{self._label}: {self._done:,}/{self._total:,} ({share:6.1%}) "
            f"{rate:,.0f}/s, {elapsed:,.0f} s, ~{left:,.0f} s left "
        )
        self._out.flush()

    def close(self) -> None:
        if self._shown != self._done:
            self._draw(time.monotonic())
        self._out.write("\n")
        self._out.flush()
