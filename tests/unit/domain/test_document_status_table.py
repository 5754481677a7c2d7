"""The document status machine as a full table: every pair of statuses, allowed or refused."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from domain.kernel.errors import FailedPrecondition
from domain.knowledge.model import Document
from domain.knowledge.values import DocumentKind, DocumentStatus

P, R, C, F = (
    DocumentStatus.PENDING,
    DocumentStatus.PROCESSING,
    DocumentStatus.COMPLETED,
    DocumentStatus.FAILED,
)
ALLOWED = {(P, R), (P, F), (R, C), (R, F), (C, R), (F, P), (F, R)}
ALL_PAIRS = list(itertools.product(DocumentStatus, repeat=2))
T0 = datetime(2025, 1, 1, tzinfo=UTC)


def _document(status: DocumentStatus, error: str | None = None) -> Document:
    return Document(
        id="d-1",
        workspace_id="w-1",
        owner_id="u-1",
        title="Notes",
        kind=DocumentKind.DOCUMENT,
        storage_key="k",
        created_at=T0,
        updated_at=T0,
        status=status,
        error_message=error,
    )


def test_the_table_covers_every_pair_of_the_four_statuses() -> None:
    assert len(ALL_PAIRS) == 16 and set(ALL_PAIRS) > ALLOWED


@pytest.mark.parametrize(("old", "new"), [p for p in ALL_PAIRS if p in ALLOWED])
def test_an_allowed_move_changes_the_status_and_the_version(
    old: DocumentStatus, new: DocumentStatus
) -> None:
    document = _document(old)
    document.move_to(new, None, T0 + timedelta(seconds=1))
    assert (document.status, document.version) == (new, 2)
    assert document.updated_at == T0 + timedelta(seconds=1)


@pytest.mark.parametrize(("old", "new"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_any_other_move_is_a_failed_precondition_that_changes_nothing(
    old: DocumentStatus, new: DocumentStatus
) -> None:
    document = _document(old, "kept" if old == F else None)
    with pytest.raises(FailedPrecondition) as refused:
        document.move_to(new, "boom", T0 + timedelta(seconds=1))
    assert str(refused.value) == f"a {old} document cannot become {new}"
    assert refused.value.reason == "ILLEGAL_TRANSITION"
    assert (document.status, document.version, document.updated_at) == (old, 1, T0)
    assert document.error_message == ("kept" if old == F else None)


@pytest.mark.parametrize(("old", "new"), sorted(ALLOWED))
def test_the_error_message_is_kept_only_with_failed(
    old: DocumentStatus, new: DocumentStatus
) -> None:
    document = _document(old, "an earlier failure" if old == F else None)
    document.move_to(new, "boom", T0)
    assert document.error_message == ("boom" if new == F else None)
