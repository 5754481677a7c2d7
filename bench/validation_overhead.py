"""What checking a request against its limits costs, next to decoding it: three hot calls.

    .venv/bin/python bench/validation_overhead.py

For each request: microseconds to decode its bytes (what every call pays already) and
to run `check_request` on the decoded message, the median of several rounds.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from functools import partial

from google.protobuf import struct_pb2

from entrypoints.grpc.validation import check_request
from strata.v1 import identity_pb2 as ipb
from strata.v1 import knowledge_pb2 as kpb

ID = "01920000-0000-7000-8000-000000000001"


def _requests() -> dict[str, object]:
    rng = random.Random(7)
    meta = struct_pb2.Struct()
    meta.update({"source": "handbook", "page": 3, "tags": ["hr", "policy"]})
    chunks = [
        kpb.Chunk(
            ordinal=i,
            content=" ".join(
                rng.choice(["vacation", "expense", "policy", "manager"]) for _ in range(150)
            ),
            embedding=[rng.random() for _ in range(1536)],
            token_count=150,
            metadata=meta,
        )
        for i in range(1000)
    ]
    return {
        "GetUser": ipb.GetUserRequest(id=ID),
        "SearchChunks": kpb.SearchChunksRequest(
            workspace_id=ID,
            query_text="vacation policy",
            query_embedding=[rng.random() for _ in range(1536)],
            top_k=10,
            document_metadata=meta,
        ),
        "UpsertChunks (1,000 x 1,536)": kpb.UpsertChunksRequest(
            workspace_id=ID, document_id=ID, chunks=chunks
        ),
    }


def _median_us(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> None:
    print(f"{'request':32} {'decode µs':>12} {'check µs':>12} {'check/decode':>13}")
    for name, request in _requests().items():
        payload = request.SerializeToString()  # type: ignore[attr-defined]
        parse = type(request).FromString  # type: ignore[attr-defined]
        rounds = 20 if name.startswith("Upsert") else 2000
        check_request(request)  # plans are built once, on the first call
        decode = _median_us(partial(parse, payload), rounds)
        check = _median_us(partial(check_request, parse(payload)), rounds)
        print(f"{name:32} {decode:12.1f} {check:12.1f} {check / decode:13.2f}")


if __name__ == "__main__":
    main()
