"""The knowledge concern: embeddings and their HNSW index, full-text ranking, client streams."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from domain.knowledge.embedding_limits import MAX_DIM, best_kind
from entrypoints.settings.base import Concern, Problem, env


class KnowledgeSettings(Concern):
    embedding_dim: int = Field(1536, ge=1, validation_alias=env("STRATA_EMBEDDING_DIM"))
    embedding_index: Literal["vector", "halfvec"] | None = Field(
        None, validation_alias=env("STRATA_EMBEDDING_INDEX")
    )
    stream_idle_seconds: float = Field(
        10.0, gt=0, le=3600, validation_alias=env("STRATA_STREAM_IDLE_SECONDS")
    )
    max_streams_per_caller: int = Field(
        2, ge=1, validation_alias=env("STRATA_MAX_STREAMS_PER_CALLER")
    )
    bm25_k1: float = Field(1.2, ge=0, le=100, validation_alias=env("STRATA_BM25_K1"))
    bm25_b: float = Field(0.75, ge=0, le=1, validation_alias=env("STRATA_BM25_B"))
    text_search_config: Literal["english", "simple"] = Field(
        "english", validation_alias=env("STRATA_TEXT_SEARCH_CONFIG")
    )

    @field_validator("embedding_dim")
    @classmethod
    def _indexable(cls, value: int) -> int:
        if best_kind(value) is None:
            raise ValueError(
                f"must be at most {MAX_DIM['halfvec']}: pgvector has no HNSW index for more "
                "dimensions"
            )
        return value

    @field_validator("embedding_index", "text_search_config", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def embedding_index_kind(self) -> str:
        """STRATA_EMBEDDING_INDEX, or unset the best HNSW index for STRATA_EMBEDDING_DIM."""
        return self.embedding_index or best_kind(self.embedding_dim) or "halfvec"

    def migration_options(self) -> dict[str, str]:
        """What migrations read: the embeddings' dimension and HNSW index kind, and the
        text search configuration of `chunks.content_tsv`."""
        return {
            "STRATA_EMBEDDING_DIM": str(self.embedding_dim),
            "STRATA_EMBEDDING_INDEX": self.embedding_index_kind,
            "STRATA_TEXT_SEARCH_CONFIG": self.text_search_config,
        }

    def problems(self) -> list[Problem]:
        if self.embedding_index and self.embedding_dim > MAX_DIM[self.embedding_index]:
            most = MAX_DIM[self.embedding_index]
            return [
                (
                    f"STRATA_EMBEDDING_INDEX={self.embedding_index} indexes at most {most} "
                    f"dimensions, not STRATA_EMBEDDING_DIM={self.embedding_dim}: use halfvec "
                    f"(up to {MAX_DIM['halfvec']}) or unset it",
                    ("STRATA_EMBEDDING_INDEX", "STRATA_EMBEDDING_DIM"),
                )
            ]
        return []
