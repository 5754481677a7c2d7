"""Protocol-buffer wire encoding by hand, for requests the Python protobuf would refuse to build.

A `Plan` is a request still to encode: bytes already encoded, plus `Ref`s to values the
server hands out during the run (ids, page tokens, etags), resolved only when sent.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from hypothesis import strategies as st

VARINT, I64, LEN, I32 = 0, 1, 2, 5
FLOAT_MAX = 3.4028234663852886e38


def varint(n: int) -> bytes:
    """Negative numbers travel as ten-byte two's complement, as protobuf sends them."""
    n &= (1 << 64) - 1
    out = bytearray()
    while n > 0x7F:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def tag(number: int, wire: int) -> bytes:
    return varint(number << 3 | wire)


def len_field(number: int, payload: bytes) -> bytes:
    return tag(number, LEN) + varint(len(payload)) + payload


def varint_field(number: int, value: int) -> bytes:
    return tag(number, VARINT) + varint(value)


def zigzag(value: int) -> int:
    return (value << 1) ^ (value >> 63)


def float32(value: float) -> bytes:
    if math.isfinite(value) and abs(value) > FLOAT_MAX:
        value = math.copysign(math.inf, value)
    return struct.pack("<f", value)


def double(value: float) -> bytes:
    return struct.pack("<d", value)


def text_field(number: int, value: str | bytes) -> bytes:
    return len_field(number, value.encode() if isinstance(value, str) else value)


@dataclass(frozen=True)
class Ref:
    """A string field whose value is the `index`-th (modulo) of what pool `pool` holds."""

    number: int
    pool: str
    index: int
    mutation: str = ""


@dataclass(frozen=True)
class Nested:
    number: int
    body: Plan


Part = bytes | Ref | Nested
Resolver = Callable[[Ref], bytes]


@dataclass(frozen=True)
class Plan:
    """Parts of one message in field order, and the unusual inputs it holds ("field:class")."""

    parts: tuple[Part, ...] = ()
    tags: tuple[str, ...] = ()

    def size(self) -> int:
        """Bytes encoded so far (pool references count as a few)."""
        return sum(
            len(p) if isinstance(p, bytes) else p.body.size() if isinstance(p, Nested) else 40
            for p in self.parts
        )

    def encode(self, resolve: Resolver) -> bytes:
        out = bytearray()
        for part in self.parts:
            if isinstance(part, bytes):
                out += part
            elif isinstance(part, Ref):
                out += len_field(part.number, resolve(part))
            else:
                out += len_field(part.number, part.body.encode(resolve))
        return bytes(out)


def joined(plans: list[tuple[str, Plan]]) -> Plan:
    """One message from its fields' plans, tags prefixed with the field name."""
    parts: list[Part] = []
    tags: list[str] = []
    for name, plan in plans:
        parts.extend(plan.parts)
        tags.extend(f"{name}.{t}" if not t.startswith(":") else f"{name}{t}" for t in plan.tags)
    return Plan(tuple(parts), tuple(tags))


def leaf(part: Part, label: str = "") -> Plan:
    return Plan((part,), (f":{label}",) if label else ())


class Variants(NamedTuple):
    """How a field is drawn: plausibly, or with the odd inputs the fuzzer exists for."""

    usual: st.SearchStrategy[Plan]
    odd: st.SearchStrategy[Plan]
