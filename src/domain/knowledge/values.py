"""Value rules of knowledge: kinds, statuses, canonical URLs, embeddings."""

from __future__ import annotations

import enum
import math
import re
from array import array
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlunsplit

from domain.kernel.errors import FailedPrecondition, InvalidArgument
from domain.kernel.urls import MAX_URL, parse_http_url


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

# One limit per field, the same in the protos (field_limits.proto options) and the columns.
MAX_TITLE = 500  # documents.title varchar(500)
MAX_MIME_TYPE = 255  # documents.mime_type varchar(255)
MAX_STORAGE_KEY = 1024  # documents.storage_key varchar(1024), uniquely indexed:
MAX_STORAGE_KEY_BYTES = 2048  # and a B-tree entry holds at most 2,704 bytes
MAX_CONTENT_HASH = 128  # documents.content_hash varchar(128)
MAX_ERROR_MESSAGE = 10_000
# A chunk's tsvector must stay under PostgreSQL's 1 MB: at most 4 bytes of lexeme and
# about 8 of bookkeeping per 2 characters (a one-letter word and a separator) is < 1 MB.
MAX_CHUNK_CONTENT = 100_000
# websearch_to_tsquery's work grows with the terms: bounded before the database.
MAX_QUERY_TEXT = 4000
MAX_QUERY_TERMS = 512

# The largest float4 as written; values up to it round to float4's largest, not to infinity.
F32_MAX = 3.4028235e38
_WORD = re.compile(r"\w+")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "msclkid", "yclid", "_hsenc", "_hsmi")


def canonical_url(raw: str, field: str = "source_url") -> str:
    """Lower-case scheme and host, no fragment, no default port, no trailing slash,
    tracking parameters removed, remaining parameters sorted."""
    parts = parse_http_url(raw.strip(), field)
    scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    )
    path = parts.path.rstrip("/")
    canonical = urlunsplit((scheme, netloc, path, urlencode(query), ""))
    # Indexed (a B-tree entry holds at most 2,704 bytes): bounded in bytes, not characters.
    if len(canonical.encode()) > MAX_URL:
        raise InvalidArgument.of(field, f"must be at most {MAX_URL} bytes once made canonical")
    return canonical


def check_storage_key(raw: str, field: str = "storage_key") -> str:
    value = raw.strip()
    if len(value) > MAX_STORAGE_KEY:
        raise InvalidArgument.of(field, f"must be at most {MAX_STORAGE_KEY} characters")
    if len(value.encode()) > MAX_STORAGE_KEY_BYTES:
        raise InvalidArgument.of(field, f"must be at most {MAX_STORAGE_KEY_BYTES} bytes in UTF-8")
    return value


def check_query_text(raw: str, field: str = "query_text") -> str:
    """The query's words, refused beyond MAX_QUERY_TEXT characters or MAX_QUERY_TERMS words."""
    if len(raw) > MAX_QUERY_TEXT:
        raise InvalidArgument.of(field, f"must be at most {MAX_QUERY_TEXT} characters")
    if len(_WORD.findall(raw)) > MAX_QUERY_TERMS:
        raise InvalidArgument.of(field, f"must have at most {MAX_QUERY_TERMS} words")
    return raw.strip()


def check_vector(values: Sequence[float], dim: int, field: str) -> None:
    """Refuses a wrong length, non-numbers, NaN, infinity, values beyond float4 and all zeros."""
    if len(values) != dim:
        raise InvalidArgument.of(field, f"must have {dim} dimensions, not {len(values)}")
    try:
        if _clear(values):
            return
    except TypeError:
        raise InvalidArgument.of(field, "must hold only numbers") from None
    if not all(math.isfinite(v) for v in values):
        raise InvalidArgument.of(field, "must not contain NaN or infinity")
    if max(map(abs, values), default=0.0) > F32_MAX:
        raise InvalidArgument.of(field, "must not hold a value beyond ±3.4028235e38 (float4)")
    if not any(values):
        raise InvalidArgument.of(field, "must not be all zeros (cosine is undefined)")


def _clear(values: Sequence[float]) -> bool:
    """Whether one pass clears the values (else each rule looks again). Float4 values
    (`array('f')`) cannot overflow a sum in double precision: it is finite exactly when they
    all are. Otherwise the norm bounds every value and is NaN or infinite with any of them."""
    if isinstance(values, array) and values.typecode == "f":
        return math.isfinite(sum(values)) and any(values)
    return 0 < math.hypot(*values) <= F32_MAX


def single_precision(values: Sequence[float]) -> array[float]:
    """The values as a `vector` keeps them (float4), not copied when they already are."""
    if isinstance(values, array) and values.typecode == "f":
        return values
    return array("f", values)


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
