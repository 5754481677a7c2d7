"""The content item use cases over the memory unit of work, for the domain tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.system.basics import Uuid7Generator
from domain.content import item_reads, items, stats
from domain.content.deps import ContentDeps
from tests.unit.domain.conftest import PAGE_TOKENS


@dataclass
class C:
    create: items.CreateContent
    get: item_reads.GetContent
    update: items.UpdateContent
    delete: items.DeleteContent
    list: item_reads.ListContent
    stats: stats.GetContentStats

    @classmethod
    def over(cls, uow: Any, clock: Any) -> C:
        d = ContentDeps(uow=uow, clock=clock, ids=Uuid7Generator(), page_tokens=PAGE_TOKENS)
        return cls(
            items.CreateContent(d),
            item_reads.GetContent(d),
            items.UpdateContent(d),
            items.DeleteContent(d),
            item_reads.ListContent(d),
            stats.GetContentStats(d),
        )
