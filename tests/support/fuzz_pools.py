"""What the server handed out during a run (ids, page tokens, etags), for requests to reuse."""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from typing import Any

from google.protobuf.descriptor import FieldDescriptor as F
from google.protobuf.message import Message

from tests.support.fuzz_wire import Ref

MAX_PER_POOL = 200


class Pools:
    def __init__(self, protected: set[str]) -> None:
        self.values: dict[str, list[str]] = defaultdict(list)
        self.protected = protected  # ids the run must not act on (its own callers)

    def add(self, kind: str, value: str) -> None:
        held = self.values[kind]
        if value and value not in self.protected and value not in held:
            if len(held) >= MAX_PER_POOL:
                held.pop(0)
            held.append(value)

    def harvest(self, message: Message) -> None:
        for field, value in message.ListFields():
            if field.message_type is not None:
                for inner in _messages(field, value):
                    self.harvest(inner)
            elif field.type == F.TYPE_STRING and not field.is_repeated:
                self._keep(message.DESCRIPTOR.name.lower(), field.name, value)

    def _keep(self, owner: str, name: str, value: str) -> None:
        if name == "id":
            self.add(owner, value)
            self.add("any", value)
        elif name.endswith("_id"):
            self.add(name.removesuffix("_id").replace("_", ""), value)
            self.add("any", value)
        elif name == "next_page_token":
            self.add("page_token", value)
        elif name == "etag":
            self.add("etag", value)

    def resolve(self, ref: Ref) -> bytes:
        value = self.pick(ref.pool, ref.index)
        return mutated(value, ref.mutation).encode()

    def pick(self, pool: str, index: int) -> str:
        """The pool named, else the longest pool name inside it, else any id at all."""
        kinds = [k for k in self.values if self.values[k] and k in pool]
        kind = pool if self.values.get(pool) else max(kinds, key=len, default="any")
        held = self.values.get(kind) or ["00000000-0000-7000-8000-000000000000"]
        return held[index % len(held)]


def _messages(field: F, value: Any) -> list[Message]:
    """The messages a message-typed field holds (none for maps and well-known types)."""
    kind = field.message_type
    if kind is None or kind.GetOptions().map_entry or kind.full_name.startswith("google."):
        return []
    return list(value) if field.is_repeated else [value]


def mutated(token: str, how: str) -> str:
    """A real page token with a key added, cut short, or with its last character changed."""
    if how == "truncated":
        return token[: len(token) // 2]
    if how == "resigned":
        return token[:-1] + ("A" if token[-1:] != "A" else "B")
    if how == "extra-key":
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        except (binascii.Error, ValueError):
            return token + "A"
        if isinstance(data, dict):
            data["zz"] = 1
        encoded = base64.urlsafe_b64encode(json.dumps(data).encode()).decode()
        return encoded if token.endswith("=") else encoded.rstrip("=")
    return token
