"""What a finished call's entry says: who, from where, on which resource, with which request."""

from __future__ import annotations

import dataclasses
import functools
import ipaddress
import uuid
from collections.abc import Sequence
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message

from domain.audit.entry import AuditEntry, Outcome
from domain.audit.redaction import BULK_KEY, MAX_ITEMS, redact
from entrypoints.grpc.calls import CallFacts

RESOURCE_FIELDS = ("id", "thread_id", "job_id", "user_id", "workspace_id")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(peer: str, forwarded_for: str, trusted: Sequence[Network]) -> str | None:
    """The peer's address; behind a trusted proxy, the first untrusted hop of x-forwarded-for."""
    address = _ip(peer)
    if address is None or not forwarded_for or not _trusted(address, trusted):
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",")]):
        hop_ip = _ip(hop)
        if hop_ip is None:
            break
        if not _trusted(hop_ip, trusted):
            return hop_ip
        address = hop_ip
    return address


@functools.lru_cache(maxsize=4096)
def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        return None


def _trusted(address: str, trusted: Sequence[Network]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in net for net in trusted)


def resource_of(request: Any, response: Any) -> str | None:
    """The id the request names (directly or in its resource message); for a create, the new id."""
    for message in (request, response):
        if not isinstance(message, Message):
            continue
        for name in RESOURCE_FIELDS:
            if name in message.DESCRIPTOR.fields_by_name and getattr(message, name):
                return str(getattr(message, name))
        for field in message.DESCRIPTOR.fields:
            if field.message_type is not None and not field.is_repeated:
                inner = getattr(message, field.name)
                if "id" in field.message_type.fields_by_name and inner.id:
                    return str(inner.id)
    return None


def request_json(request: Any) -> dict[str, Any]:
    """The request as JSON, redacted; bulk repeated fields (chunks, embeddings) are counted,
    never converted: turning 1,000 embeddings into JSON only to cut them costs more than
    the call itself."""
    if not isinstance(request, Message):
        return {}
    slim = type(request)()
    counted: dict[str, str] = {}
    for field, value in request.ListFields():
        if field.is_repeated and (len(value) > MAX_ITEMS or BULK_KEY.search(field.name)):
            counted[field.name] = f"[{len(value)} items]"
        elif field.is_repeated:  # a list or a map
            getattr(slim, field.name).MergeFrom(value)
        elif field.message_type is not None:
            getattr(slim, field.name).CopyFrom(value)
        else:
            setattr(slim, field.name, value)
    cleaned: dict[str, Any] = redact({**_as_json(slim), **counted})
    return cleaned


def _as_json(message: Message) -> dict[str, Any]:
    """The message as JSON; a field JSON cannot express (a Timestamp before year 1, a
    Duration with nanos of the wrong sign, a Struct too deep) is kept as its text form."""
    try:
        data: dict[str, Any] = json_format.MessageToDict(message, preserving_proto_field_name=True)
        return data
    except (json_format.Error, ValueError, TypeError, RecursionError, OverflowError):
        pass
    data = {}
    for field, value in message.ListFields():
        kind = field.message_type
        if kind is not None and not field.is_repeated and kind.file.package != "google.protobuf":
            data[field.name] = _as_json(value)
            continue
        one = type(message)()
        if field.is_repeated or field.message_type is not None:
            getattr(one, field.name).MergeFrom(value)
        else:
            setattr(one, field.name, value)
        try:
            data.update(json_format.MessageToDict(one, preserving_proto_field_name=True))
        except (json_format.Error, ValueError, TypeError, RecursionError, OverflowError):
            data[field.name] = "[not expressible as JSON]"
    return data


def failed_entry(entry: AuditEntry, code: str, message: str) -> AuditEntry:
    """The entry of a call whose commit failed, or whose outcome is unknown: same id, so
    at most one of the two is ever stored."""
    return dataclasses.replace(
        entry, outcome=Outcome.of_status(code), status_code=code, error_message=message
    )


def who_called(facts: CallFacts) -> tuple[str | None, str | None]:
    """The caller; for a call without a key (Login), who it logged in or tried to."""
    if facts.principal is not None:
        return facts.principal.user_id, facts.principal.username or facts.principal.email
    user: Any = getattr(facts.response, "user", None)
    user_id = getattr(user, "id", None) if isinstance(user, Message) else None
    if user_id:
        return str(user_id), str(getattr(user, "username", None) or getattr(user, "email", None))
    email = getattr(facts.request, "email", "") if isinstance(facts.request, Message) else ""
    return None, (str(email).strip().lower()[:255] or None)


def field_of(message: Any, name: str) -> str | None:
    """A workspace id the request names, when it is one (the column holds UUIDs)."""
    if isinstance(message, Message) and name in message.DESCRIPTOR.fields_by_name:
        try:
            return str(uuid.UUID(getattr(message, name)))
        except ValueError:
            return None
    return None
