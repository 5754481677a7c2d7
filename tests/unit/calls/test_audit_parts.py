"""The pieces an audit entry is built from: client address, resource, redaction, chain."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime

from domain.audit.chain import GENESIS, ChainVerifier, seal
from domain.audit.entry import AuditEntry, Outcome
from domain.audit.redaction import REDACTED, redact
from entrypoints.grpc.audit.call_entries import client_ip, resource_of
from strata.v1 import identity_pb2 as pb

PROXIES = [ipaddress.ip_network("10.0.0.0/8")]


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() -> None:
    assert client_ip("203.0.113.9", "1.2.3.4", PROXIES) == "203.0.113.9"
    assert client_ip("10.1.1.1", "1.2.3.4", []) == "10.1.1.1"


def test_behind_trusted_proxies_the_first_untrusted_hop_is_the_client() -> None:
    assert client_ip("10.1.1.1", "6.6.6.6, 1.2.3.4, 10.9.9.9", PROXIES) == "1.2.3.4"
    assert client_ip("10.1.1.1", "10.2.2.2", PROXIES) == "10.2.2.2"
    assert client_ip("10.1.1.1", "garbage", PROXIES) == "10.1.1.1"


def test_addresses_are_normalised_ipv6_included() -> None:
    assert client_ip("[0:0::1]", "", []) == "::1"
    assert client_ip("/tmp/sock", "", []) is None


def test_resource_is_the_id_the_request_names_else_the_created_id() -> None:
    assert resource_of(pb.GetWorkspaceRequest(id="w1"), None) == "w1"
    assert resource_of(pb.UpdateUserRequest(user=pb.User(id="u1")), None) == "u1"
    assert resource_of(pb.ListMembersRequest(workspace_id="w2"), None) == "w2"
    created = pb.CreateWorkspaceResponse(workspace=pb.Workspace(id="w3"))
    assert resource_of(pb.CreateWorkspaceRequest(name="x"), created) == "w3"
    assert resource_of(pb.WhoAmIRequest(), None) is None


def test_secrets_are_redacted_and_bulk_is_cut() -> None:
    out = redact(
        {
            "email": "a@b.c",
            "password": "hunter2",
            "api_key": "sk_x",
            "page_token": "abc",
            "nested": {"secret": "s", "token": ""},
            "embedding": [0.1] * 1536,
            "content": "x" * 5000,
            "name": "n" * 600,
        }
    )
    assert out["password"] == out["api_key"] == out["nested"]["secret"] == REDACTED
    assert out["nested"]["token"] == "" and out["page_token"] == "abc"
    assert out["embedding"] == "[1536 items]"
    assert out["content"].endswith("[5000 chars]") and len(out["content"]) < 100
    assert out["name"].endswith("[600 chars]")


def _entry(n: int) -> AuditEntry:
    return AuditEntry(
        id=f"e{n}",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        action="/x/Y",
        outcome=Outcome.SUCCESS,
        status_code="OK",
        duration_ms=n,
        request={"n": n},
    )


def test_verifier_accepts_a_sealed_chain_and_names_an_edit_and_a_gap() -> None:
    entries = [_entry(n) for n in range(5)]
    seal(entries, 0, GENESIS)
    verifier = ChainVerifier()
    assert all(verifier.feed(e) for e in entries) and verifier.checked == 5
    entries[2].request = {"n": 99}
    verifier = ChainVerifier()
    assert not all(verifier.feed(e) for e in entries)
    assert verifier.problem is not None and verifier.problem[0].sequence == 3
    del entries[1]
    entries[1].request = {"n": 2}
    verifier = ChainVerifier()
    results = [verifier.feed(e) for e in entries]
    assert results[:2] == [True, False] and "removed" in verifier.problem[1]  # type: ignore[index]


def test_bulk_repeated_fields_are_counted_not_converted() -> None:
    from entrypoints.grpc.audit.call_entries import request_json
    from strata.v1 import knowledge_pb2 as kpb

    chunks = [kpb.Chunk(ordinal=i, content="x", embedding=[0.5] * 8) for i in range(3)]
    request = kpb.UpsertChunksRequest(workspace_id="w", document_id="d", chunks=chunks)
    assert request_json(request) == {"workspace_id": "w", "document_id": "d", "chunks": "[3 items]"}
    search = kpb.SearchChunksRequest(workspace_id="w", query_text="q", query_embedding=[0.1] * 4)
    assert request_json(search)["query_embedding"] == "[4 items]"
    assert request_json(pb.CreateUserRequest(email="a@b.c", password="pw")) == {
        "email": "a@b.c",
        "password": REDACTED,
    }


def test_verifier_finds_the_newest_entries_removed_by_the_head() -> None:
    entries = [_entry(n) for n in range(5)]
    head = seal(entries, 0, GENESIS)
    whole = ChainVerifier(head=head)
    assert all(whole.feed(e) for e in entries) and whole.finish()
    short = ChainVerifier(head=head)
    assert all(short.feed(e) for e in entries[:3]) and not short.finish()
    assert short.problem == (None, "entries after 3 up to 5 were removed")
    assert not ChainVerifier(head=head).finish()  # every entry gone
    assert ChainVerifier().finish()  # an empty chain at genesis
    other = [_entry(n) for n in range(5)]
    other[4].request = {"n": 40}
    seal(other, 0, GENESIS)  # a whole chain written again: ends elsewhere than the head
    forged = ChainVerifier(head=head)
    assert not all(forged.feed(e) for e in other)
    assert forged.problem is not None and forged.problem[0] is other[4]


def test_a_request_json_cannot_express_is_recorded_with_a_marker() -> None:
    from entrypoints.grpc.audit.call_entries import request_json

    update = pb.UpdateUserRequest(user=pb.User(id="u1", name="n"))
    update.user.create_time.seconds = -(10**12)
    assert request_json(update) == {
        "user": {"id": "u1", "name": "n", "create_time": "[not expressible as JSON]"}
    }
    key = pb.CreateApiKeyRequest(name="k")
    key.ttl.seconds, key.ttl.nanos = 100, -5
    assert request_json(key) == {"name": "k", "ttl": "[not expressible as JSON]"}
