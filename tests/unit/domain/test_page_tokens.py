"""Page tokens are signed: forged, altered, truncated or foreign ones are INVALID_ARGUMENT."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.memory.audit.log import InMemoryAuditLog
from adapters.system.page_tokens import HmacTokenSigner
from domain.audit.reading import AuditDeps, ListAuditEntries
from domain.kernel.errors import InvalidArgument
from domain.kernel.pagination import PageRequest, fingerprint
from domain.kernel.principal import Principal
from entrypoints.storage import memory_unit_of_work
from ports.audit import AuditFilter
from tests.unit.domain.conftest import PAGE_TOKENS

QUERY = {"w": "ws-1"}


def _token_after(key: tuple[Any, ...], query: dict[str, Any] = QUERY) -> str:
    return PageRequest.parse(10, "", query, PAGE_TOKENS).next_token(key)


def _refused(token: str, query: dict[str, Any] = QUERY) -> str:
    with pytest.raises(InvalidArgument) as info:
        PageRequest.parse(10, token, query, PAGE_TOKENS)
    (violation,) = info.value.violations
    assert violation.field == "page_token"
    return violation.description


def test_a_signed_token_round_trips() -> None:
    token = _token_after(("0190-id",))
    assert PageRequest.parse(10, token, QUERY, PAGE_TOKENS).after == ("0190-id",)


def test_an_unsigned_token_with_a_valid_payload_is_refused() -> None:
    payload = json.dumps({"k": ["0190-id"], "f": fingerprint(QUERY)}).encode()
    _refused(base64.urlsafe_b64encode(payload).decode().rstrip("="))


def test_a_token_whose_payload_was_altered_is_refused() -> None:
    body, _, tag = _token_after(("a",)).partition(".")
    payload = json.dumps({"k": ["z"], "f": fingerprint(QUERY)}).encode()
    altered = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    assert altered != body
    _refused(f"{altered}.{tag}")


@pytest.mark.parametrize("cut", [1, 5, 12])
def test_a_truncated_token_is_refused(cut: int) -> None:
    _refused(_token_after(("0190-id",))[:-cut])


def test_a_token_signed_under_another_secret_is_refused() -> None:
    other = HmacTokenSigner(b"another instance's secret")
    token = PageRequest.parse(10, "", QUERY, other).next_token(("0190-id",))
    _refused(token)


def test_a_token_of_another_query_is_refused_as_foreign() -> None:
    token = _token_after(("0190-id",), {"w": "ws-2"})
    assert "other filters" in _refused(token)


def test_instances_sharing_the_pepper_accept_each_others_tokens_and_others_do_not() -> None:
    a = HmacTokenSigner.from_settings(key_pepper="pepper")
    b = HmacTokenSigner.from_settings(key_pepper="pepper")
    assert b.verify(a.sign(b"page")) == b"page"
    assert HmacTokenSigner.from_settings(secret="s").verify(a.sign(b"page")) is None
    assert HmacTokenSigner.from_settings().verify(a.sign(b"page")) is None


@pytest.mark.parametrize("token", ["", ".", "no-dot", "é.é", "a" * 5000, "!!!.###"])
def test_what_is_not_a_token_does_not_verify(token: str) -> None:
    assert PAGE_TOKENS.verify(token) is None


class _RefusingLog(InMemoryAuditLog):
    """An audit log that fails the test if a list query reaches it."""

    async def find(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a forged token reached the store")


async def test_a_forged_audit_token_with_a_huge_key_never_reaches_the_store() -> None:
    deps = AuditDeps(_RefusingLog(), memory_unit_of_work(), _Clock(), PAGE_TOKENS)
    forged = json.dumps({"k": [10**400], "f": "0" * 16}).encode()
    root = Principal("u", "root@example.com", None, user_is_superuser=True, api_key_id="k")
    with pytest.raises(InvalidArgument) as info:
        await ListAuditEntries(deps).execute(
            root, AuditFilter(), 10, base64.urlsafe_b64encode(forged).decode() + ".AAAA"
        )
    assert [v.field for v in info.value.violations] == ["page_token"]


class _Clock:
    def now(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC)
