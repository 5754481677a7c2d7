"""Value rules of knowledge: kinds, statuses, canonical URLs, embeddings."""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from domain.errors import FailedPrecondition, InvalidArgument


class DocumentKind(enum.StrEnum):
    DOCUMENT = "document"
    DATASET = "dataset"
    CONFIGURATION = "configuration"
    MODEL = "model"
    OTHER = "other"


class DocumentStatus(enum.StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"

    def check_move_to(self, new: DocumentStatus) -> None:
        if new not in _MOVES[self]:
            raise FailedPrecondition(
                f"a {self} document cannot become {new}", reason="ILLEGAL_TRANSITION"
            )


_MOVES = {
    DocumentStatus.PENDING: {DocumentStatus.PROCESSING, DocumentStatus.FAILED},
    DocumentStatus.PROCESSING: {DocumentStatus.COMPLETED, DocumentStatus.FAILED},
    DocumentStatus.COMPLETED: {DocumentStatus.PROCESSING},
    DocumentStatus.FAILED: {DocumentStatus.PENDING, DocumentStatus.PROCESSING},
}

_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "msclkid", "yclid", "_hsenc", "_hsmi")


def canonical_url(raw: str, field: str = "source_url") -> str:
    """Lower-case scheme and host, no fragment, no default port, no trailing slash,
    tracking parameters removed, remaining parameters sorted."""
    value = raw.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        raise InvalidArgument.of(field, "must be an absolute http(s) URL")
    scheme, host = parts.scheme.lower(), parts.hostname.lower()
    try:
        port = parts.port
    except ValueError:
        raise InvalidArgument.of(field, "has an invalid port") from None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    )
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def check_embedding(values: Sequence[float], dim: int, field: str) -> list[float]:
    """The embedding as floats; a wrong length, NaN or infinity is rejected."""
    if len(values) != dim:
        raise InvalidArgument.of(field, f"must have {dim} dimensions, not {len(values)}")
    out = [float(v) for v in values]
    if not all(math.isfinite(v) for v in out):
        raise InvalidArgument.of(field, "must not contain NaN or infinity")
    if not any(out):
        raise InvalidArgument.of(field, "must not be all zeros (cosine is undefined)")
    return out


def cosine_similarity(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0
