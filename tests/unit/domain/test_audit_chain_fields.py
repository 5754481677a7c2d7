"""The chain's digest covers every field of an entry: an edit of any one of them shows."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.audit.chain import GENESIS, ChainVerifier, canonical, digest, seal
from domain.audit.entry import AuditEntry, Outcome

AT = datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def _entry(n: int) -> AuditEntry:
    return AuditEntry(
        id=f"0190-{n}",
        occurred_at=AT + timedelta(seconds=n),
        action="/strata.v1.KnowledgeService/UpdateDocument",
        outcome=Outcome.ERROR,
        status_code="FAILED_PRECONDITION",
        duration_ms=12,
        user_id="u-1",
        username="ada",
        roles=["member@w-1"],
        workspace_id="w-1",
        resource="documents/d-1",
        peer_ip="10.0.0.1",
        user_agent="grpc-python/1.85",
        request_id=f"req-{n}",
        request={"id": "d-1", "title": "Notes"},
        error_message="cannot go from completed to pending",
    )


# One edit per field: a value of the same type that differs from the original.
EDITS: dict[str, Any] = {
    "id": "0190-other",
    "sequence": 99,
    "occurred_at": AT + timedelta(microseconds=1),
    "user_id": "u-2",
    "username": "eve",
    "roles": ["owner@w-1"],
    "workspace_id": "w-2",
    "action": "/strata.v1.KnowledgeService/DeleteDocument",
    "resource": "documents/d-2",
    "outcome": Outcome.SUCCESS,
    "peer_ip": "10.0.0.2",
    "user_agent": "curl/8",
    "request_id": "req-forged",
    "request": {"id": "d-1", "title": "Other"},
    "status_code": "OK",
    "error_message": None,
    "duration_ms": 13,
}
NOT_CONTENT = {"prev_hash", "hash"}  # the links themselves, checked separately below


def test_the_edit_table_names_every_field_of_an_entry() -> None:
    fields = {f.name for f in dataclasses.fields(AuditEntry)}
    assert set(EDITS) | NOT_CONTENT == fields


@pytest.mark.parametrize("field", sorted(EDITS))
def test_editing_any_hashed_field_changes_the_digest(field: str) -> None:
    entry = _entry(1)
    seal([entry], 0, GENESIS)
    edited = dataclasses.replace(entry, **{field: EDITS[field]})
    assert canonical(edited) != canonical(entry)
    assert digest(edited, GENESIS) != entry.hash


@pytest.mark.parametrize("field", sorted(set(EDITS) - {"sequence"}))
def test_the_verifier_names_the_entry_whose_field_was_edited(field: str) -> None:
    entries = [_entry(n) for n in range(1, 4)]
    seal(entries, 0, GENESIS)
    setattr(entries[1], field, EDITS[field])
    verifier = ChainVerifier(head=(3, entries[2].hash or ""))
    assert [verifier.feed(e) for e in entries] == [True, False, False]
    assert verifier.problem == (entries[1], "entry 2 was altered")


def test_the_previous_hash_is_part_of_the_digest() -> None:
    entry = _entry(1)
    assert digest(entry, GENESIS) != digest(entry, "f" * 64)


def test_an_edited_previous_hash_is_found_even_when_the_entry_is_rehashed() -> None:
    entries = [_entry(n) for n in range(1, 4)]
    seal(entries, 0, GENESIS)
    entries[1].prev_hash = "f" * 64
    entries[1].hash = digest(entries[1], entries[1].prev_hash)
    verifier = ChainVerifier(head=(3, entries[2].hash or ""))
    assert verifier.feed(entries[0]) and not verifier.feed(entries[1])
    assert verifier.problem == (entries[1], "entries between 1 and 2 were removed or reordered")


def test_an_edited_sequence_is_found_as_a_gap() -> None:
    entries = [_entry(n) for n in range(1, 4)]
    seal(entries, 0, GENESIS)
    entries[1].sequence = 5
    verifier = ChainVerifier(head=(3, entries[2].hash or ""))
    assert verifier.feed(entries[0]) and not verifier.feed(entries[1])


def test_a_rehashed_and_relinked_chain_passes_the_chain_alone() -> None:
    """Why checkpoints exist: the forger re-seals everything from the edit to the head."""
    entries = [_entry(n) for n in range(1, 5)]
    seal(entries, 0, GENESIS)
    entries[1].resource = "documents/forged"
    head = seal(entries[1:], 1, entries[0].hash or "")
    verifier = ChainVerifier(head=head)
    assert all(verifier.feed(e) for e in entries) and verifier.finish()
