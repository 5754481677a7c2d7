"""ContentService: one mixin of RPCs per group of use cases, composed here."""

from __future__ import annotations

from entrypoints.grpc.content.item_rpcs import ItemRpcs, ItemUseCases
from strata.v1 import content_pb2_grpc


class ContentServicer(ItemRpcs, content_pb2_grpc.ContentServiceServicer):
    def __init__(self, items: ItemUseCases) -> None:
        self._items = items
