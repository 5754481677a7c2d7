"""The knowledge API as a person calls it: grpcurl through reflection, JSON in and out."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from entrypoints.settings import load_settings
from tests.e2e.harness import Harness

pytestmark = [pytest.mark.e2e]
GRPCURL = Path(sys.executable).parent / "grpcurl"


async def _call(h: Harness, method: str, body: dict[str, Any]) -> dict[str, Any]:
    """grpcurl in a thread: the server answering it runs on this test's event loop."""
    return await asyncio.to_thread(_grpcurl, h, method, body)


def _grpcurl(h: Harness, method: str, body: dict[str, Any]) -> dict[str, Any]:
    out = subprocess.run(
        [
            str(GRPCURL),
            "-plaintext",
            "-H",
            f"authorization: Bearer {h.root.key}",
            "-d",
            "@",
            h.address,
            f"strata.v1.KnowledgeService/{method}",
        ],
        input=json.dumps(body),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    result: dict[str, Any] = json.loads(out.stdout or "{}")
    return result


def _unit(rng: random.Random, dim: int) -> list[float]:
    v = [rng.gauss(0, 1) for _ in range(dim)]
    norm = sum(x * x for x in v) ** 0.5
    return [x / norm for x in v]


async def test_create_ingest_and_search_in_all_modes_through_grpcurl(harness: Harness) -> None:
    dim = load_settings(environ={}).knowledge.embedding_dim
    rng = random.Random(7)
    ws = await harness.new_workspace(harness.root, "kg")
    created = await _call(
        harness,
        "CreateDocument",
        {
            "workspace_id": ws,
            "title": "Handbook",
            "kind": "DOCUMENT_KIND_DOCUMENT",
            "source_url": "https://Example.com/handbook/?utm_source=x#top",
        },
    )
    doc = created["document"]
    texts = [
        "vacation policy and paid leave",
        "expense reports are due monthly",
        "security keys must be rotated",
    ]
    vectors = [_unit(rng, dim) for _ in texts]
    chunks = [
        {"ordinal": i, "content": t, "embedding": v, "token_count": 5}
        for i, (t, v) in enumerate(zip(texts, vectors, strict=True))
    ]
    await _call(
        harness, "UpsertChunks", {"workspace_id": ws, "document_id": doc["id"], "chunks": chunks}
    )
    base = {"workspace_id": ws, "top_k": 2}
    by_vector = await _call(
        harness,
        "SearchChunks",
        {**base, "mode": "SEARCH_MODE_VECTOR", "query_embedding": vectors[2]},
    )
    assert by_vector["results"][0]["chunk"]["content"] == texts[2]
    by_text = await _call(
        harness,
        "SearchChunks",
        {**base, "mode": "SEARCH_MODE_FULLTEXT", "query_text": "expense reports"},
    )
    assert [r["chunk"]["content"] for r in by_text["results"]] == [texts[1]]
    hybrid = await _call(
        harness,
        "SearchChunks",
        {
            **base,
            "mode": "SEARCH_MODE_HYBRID",
            "query_text": "vacation",
            "query_embedding": vectors[0],
        },
    )
    assert hybrid["results"][0]["chunk"]["content"] == texts[0]
    dup = await _call(
        harness, "CheckDuplicate", {"workspace_id": ws, "url": "http://example.com:80/handbook"}
    )
    assert dup.get("is_duplicate") is not True  # http vs https: another URL
    dup = await _call(
        harness,
        "CheckDuplicate",
        {"workspace_id": ws, "url": "https://example.com:443/handbook?utm_medium=mail"},
    )
    assert dup["is_duplicate"] is True
