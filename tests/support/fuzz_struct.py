"""Hypothesis strategies for google.protobuf.Struct and Value: small, deep, wide, non-finite."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

from hypothesis import strategies as st

from tests.support.fuzz_text import text
from tests.support.fuzz_wire import Plan, Variants, double, leaf, len_field, tag, varint_field

DEEP = (10, 30, 34, 100, 200)
WIDE = (1_000, 20_000)


def number_value(odd: bool) -> st.SearchStrategy[tuple[bytes, str]]:
    if odd:
        nonfinite = st.sampled_from((math.nan, math.inf, -math.inf))
        return nonfinite.map(lambda x: (tag(2, 1) + double(x), "struct-nonfinite"))
    return st.floats(-1e6, 1e6).map(lambda x: (tag(2, 1) + double(x), ""))


def value_bytes(depth: int = 0, odd: bool = False) -> st.SearchStrategy[tuple[bytes, str]]:
    """A google.protobuf.Value's body and its class; small structs and lists inside."""
    texts = text(3, "")
    leaves = st.one_of(
        number_value(odd),
        (texts.odd if odd else texts.usual).map(lambda p: (p.encode(_no_refs), _label(p))),
        st.sampled_from((varint_field(1, 0), varint_field(4, 1), varint_field(1, 7))).map(
            lambda b: (b, "")
        ),
    )
    if depth >= 1:
        return leaves
    inner = value_bytes(depth + 1, odd)
    as_list = st.lists(inner, max_size=3).map(
        lambda vs: (len_field(6, b"".join(len_field(1, v) for v, _ in vs)), _first(vs))
    )
    as_struct = struct_bytes(depth + 1, odd).map(lambda p: (len_field(5, p[0]), p[1]))
    return st.one_of(leaves, leaves, as_list, as_struct)


def struct_bytes(depth: int = 0, odd: bool = False) -> st.SearchStrategy[tuple[bytes, str]]:
    key = text(1, "").odd if odd else text(1, "").usual
    entry = st.tuples(key, value_bytes(depth, odd)).map(
        lambda kv: (
            len_field(1, kv[0].encode(_no_refs) + len_field(2, kv[1][0])),
            kv[1][1] or _label(kv[0]),
        )
    )
    return st.lists(entry, max_size=4).map(lambda es: (b"".join(e for e, _ in es), _first(es)))


@functools.cache
def deep_struct(levels: int) -> bytes:
    """{"a": {"a": … 1 …}} nested `levels` deep, built inside out."""
    value = tag(2, 1) + double(1.0)
    for _ in range(levels):
        value = len_field(5, len_field(1, len_field(1, b"a") + len_field(2, value)))
    return len_field(1, len_field(1, b"a") + len_field(2, value))


@functools.cache
def wide_struct(keys: int) -> bytes:
    return b"".join(
        len_field(1, len_field(1, f"k{i}".encode()) + len_field(2, tag(2, 1) + double(i)))
        for i in range(keys)
    )


def struct(number: int) -> Variants:
    def build(body: bytes, label: str) -> Plan:
        return leaf(len_field(number, body), label)

    deep = st.sampled_from(DEEP).map(lambda n: build(deep_struct(n), f"struct-deep-{n}"))
    wide = st.sampled_from(WIDE).map(lambda n: build(wide_struct(n), f"struct-wide-{n}"))
    odd = struct_bytes(odd=True).filter(lambda p: p[1] != "").map(lambda p: build(*p))
    return Variants(struct_bytes().map(lambda p: build(*p)), st.one_of(deep, wide, odd))


def value(number: int) -> Variants:
    usual, odd = value_bytes(), value_bytes(odd=True)
    return Variants(
        usual.map(lambda p: leaf(len_field(number, p[0]), p[1])),
        odd.map(lambda p: leaf(len_field(number, p[0]), p[1])),
    )


def _no_refs(ref: object) -> bytes:
    raise AssertionError("a Struct holds no pool references")


def _label(plan: Plan) -> str:
    return plan.tags[0].lstrip(":") if plan.tags else ""


def _first(pairs: Sequence[tuple[object, str]]) -> str:
    return next((label for _, label in pairs if label), "")
