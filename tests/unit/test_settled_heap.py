"""A started server's heap is frozen out of the cycle collector; what calls make later is
still collected, and garbage left by startup is collected before the freeze."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from entrypoints.runtime.heap import settle_heap


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture
def settled() -> Iterator[None]:
    try:
        yield
    finally:
        gc.unfreeze()


def _collected(made: weakref.ref[Node]) -> bool:
    gc.collect()
    return made() is None


def test_objects_alive_at_the_freeze_leave_the_collector_walk(settled: None) -> None:
    kept = Node()
    assert settle_heap() > 0
    assert not any(o is kept for o in gc.get_objects())


def test_cycles_startup_dropped_are_collected_before_the_freeze(settled: None) -> None:
    dropped = Node()
    gone = weakref.ref(dropped)
    del dropped
    settle_heap()
    assert gone() is None


def test_cycles_made_after_the_freeze_are_still_collected(settled: None) -> None:
    settle_heap()
    made = Node()
    gone = weakref.ref(made)
    del made
    assert _collected(gone)
