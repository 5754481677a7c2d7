"""Embeddings read from protobuf as single-precision arrays, a whole request at a time."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np

from strata.v1 import knowledge_pb2 as pb


def single_precision_rows(chunks: Sequence[pb.Chunk]) -> list[array[float]]:
    """Each chunk's embedding as `array('f')`: read as one matrix when every embedding has
    one length (a request's usual shape), one by one when they differ (refused later, naming
    the chunk). Float fields are float4 on the wire: nothing is rounded."""
    if not chunks:
        return []
    try:
        matrix = np.array([c.embedding for c in chunks], dtype=np.float32)
    except ValueError:
        return [array("f", c.embedding) for c in chunks]
    return [array("f", row.tobytes()) for row in matrix]
