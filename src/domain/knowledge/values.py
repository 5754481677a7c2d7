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

# The largest float4 as written; values up to it round to float4's largest, not to infinity.
F32_MAX = 3.4028235e38
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


def check_vector(values: Sequence[float], dim: int, field: str) -> None:
    """Refuses a wrong length, anything but numbers, NaN, infinity, a value single precision
    cannot hold (a `vector` stores float4) and all zeros (cosine is undefined)."""
    if len(values) != dim:
        raise InvalidArgument.of(field, f"must have {dim} dimensions, not {len(values)}")
    try:
        norm = math.hypot(*values)
    except TypeError:
        raise InvalidArgument.of(field, "must hold only numbers") from None
    # The norm bounds every value and is NaN or infinite with any of them: a norm within
    # float4's range and not zero clears the vector; anything else is looked at value by value.
    if 0 < norm <= F32_MAX:
        return
    if not all(math.isfinite(v) for v in values):
        raise InvalidArgument.of(field, "must not contain NaN or infinity")
    if max(map(abs, values), default=0.0) > F32_MAX:
        raise InvalidArgument.of(field, "must not hold a value beyond ±3.4028235e38 (float4)")
    if not norm:
        raise InvalidArgument.of(field, "must not be all zeros (cosine is undefined)")


def check_embedding(values: Sequence[float], dim: int, field: str) -> list[float]:
    """The embedding as a new list of floats, refused as `check_vector` refuses it."""
    if len(values) != dim:
        raise InvalidArgument.of(field, f"must have {dim} dimensions, not {len(values)}")
    out = [float(v) for v in values]
    check_vector(out, dim, field)
    return out


def cosine_similarity(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0
