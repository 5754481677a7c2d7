"""pgvector's HNSW limits: how many dimensions each kind of index takes."""

from __future__ import annotations

from typing import Literal

Kind = Literal["vector", "halfvec"]
# HNSW indexes vector up to 2,000 dimensions, halfvec up to 4,000.
MAX_DIM: dict[Kind, int] = {"vector": 2000, "halfvec": 4000}


def best_kind(dim: int) -> Kind | None:
    """The index kind that keeps the most precision at `dim`; None when no HNSW index fits."""
    return next((k for k, most in MAX_DIM.items() if dim <= most), None)
