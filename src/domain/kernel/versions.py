"""Entity versions and the etags derived from them (AIP-154)."""

from __future__ import annotations

import hashlib

from domain.kernel.errors import Aborted


def etag_for(entity_id: str, version: int) -> str:
    digest = hashlib.sha256(f"{entity_id}:{version}".encode()).hexdigest()[:16]
    return f'W/"{digest}"'


def check_etag(entity_id: str, version: int, etag: str) -> None:
    """An empty etag means 'no precondition'; a stale one aborts the update."""
    if etag and etag != etag_for(entity_id, version):
        raise Aborted("the resource changed since it was read (etag mismatch); read it again")
