"""Hypothesis strategies for numeric, boolean and enum fields, extremes included."""

from __future__ import annotations

import functools
import math

from google.protobuf.descriptor import FieldDescriptor as F
from hypothesis import strategies as st

from tests.support.fuzz_wire import (
    I32,
    I64,
    Plan,
    Variants,
    double,
    float32,
    leaf,
    len_field,
    tag,
    varint,
    zigzag,
)

I32_MAX, I64_MAX = 2**31 - 1, 2**63 - 1
EXTREMES = {
    "int32": (-(2**31), -1, I32_MAX, I32_MAX - 1),
    "int64": (-(2**63), -1, 2**31, 2**31 - 1, 2**53 + 1, I64_MAX),
    "uint32": (2**32 - 1, 2**31),
    "uint64": (2**64 - 1, 2**63),
}
SIGNED = {F.TYPE_INT32: "int32", F.TYPE_SINT32: "int32", F.TYPE_SFIXED32: "int32"}
SIGNED |= {F.TYPE_INT64: "int64", F.TYPE_SINT64: "int64", F.TYPE_SFIXED64: "int64"}
UNSIGNED = {F.TYPE_UINT32: "uint32", F.TYPE_FIXED32: "uint32"}
UNSIGNED |= {F.TYPE_UINT64: "uint64", F.TYPE_FIXED64: "uint64"}
ODD_FLOATS = (math.nan, math.inf, -math.inf, -0.0, 1e308, -1e308, 5e-324, 3.5e38)
USUAL_INTS = (0, 1, 2, 3, 5, 10, 50, 100, 1000, 1001)


def integer(kind: str) -> tuple[st.SearchStrategy[int], st.SearchStrategy[int]]:
    return st.sampled_from(USUAL_INTS), st.sampled_from(EXTREMES[kind])


def real() -> tuple[st.SearchStrategy[float], st.SearchStrategy[float]]:
    return st.floats(-1.0, 1.0), st.sampled_from(ODD_FLOATS)


def float_class(x: float) -> str:
    return "float-nonfinite" if not math.isfinite(x) else "float-extreme"


def int_bytes(field: F, n: int) -> bytes:
    if field.type in (F.TYPE_SINT32, F.TYPE_SINT64):
        n = zigzag(n)
    if field.type in (F.TYPE_FIXED32, F.TYPE_SFIXED32):
        return (n & 0xFFFFFFFF).to_bytes(4, "little")
    if field.type in (F.TYPE_FIXED64, F.TYPE_SFIXED64):
        return (n & (2**64 - 1)).to_bytes(8, "little")
    return varint(n)


FIXED32 = (F.TYPE_FIXED32, F.TYPE_SFIXED32, F.TYPE_FLOAT)
FIXED64 = (F.TYPE_FIXED64, F.TYPE_SFIXED64, F.TYPE_DOUBLE)


def wire_of(field: F) -> int:
    return I32 if field.type in FIXED32 else I64 if field.type in FIXED64 else 0


def scalar(field: F) -> tuple[st.SearchStrategy[tuple[bytes, str]], ...]:
    """One value's bytes (without its tag) and its class: usually, and oddly."""
    if field.type == F.TYPE_BOOL:
        return (st.sampled_from((b"\x00", b"\x01")).map(lambda b: (b, "")),) * 2
    if field.type == F.TYPE_ENUM:
        assert field.enum_type is not None
        known = st.sampled_from([v.number for v in field.enum_type.values])
        unknown = st.sampled_from((99, -1, I32_MAX))
        return (
            known.map(lambda n: (varint(n), "")),
            unknown.map(lambda n: (varint(n), "enum-unknown")),
        )
    if field.type in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
        pack = float32 if field.type == F.TYPE_FLOAT else double
        usual_f, odd_f = real()
        return (
            usual_f.map(lambda x: (pack(x), "")),
            odd_f.map(lambda x: (pack(x), float_class(x))),
        )
    usual_i, odd_i = integer(SIGNED.get(field.type) or UNSIGNED[field.type])
    return (
        usual_i.map(lambda n: (int_bytes(field, n), "")),
        odd_i.map(lambda n: (int_bytes(field, n), "int-extreme")),
    )


def single(field: F) -> Variants:
    head = tag(field.number, wire_of(field))
    usual, odd = scalar(field)
    return Variants(
        usual.map(lambda p: leaf(head + p[0], p[1])), odd.map(lambda p: leaf(head + p[0], p[1]))
    )


@functools.cache
def vector(length: int, seed: int, poison: bool, as_float: bool) -> bytes:
    values = [math.sin(seed + i) for i in range(length)]
    if poison and values:
        values[seed % length] = math.nan
    return b"".join(float32(v) if as_float else double(v) for v in values)


def packed(field: F, dim: int) -> Variants:
    """Repeated numbers, packed: empty, one, the embedding dimension (with or without NaN),
    one too many, or 65,536 of them."""

    def build(length: int, seed: int, poison: bool) -> Plan:
        body = vector(length, seed, poison, field.type == F.TYPE_FLOAT)
        label = "vector-nan" if poison and length else "" if length == dim else f"length-{length}"
        return leaf(len_field(field.number, body), label)

    usual = st.builds(build, st.just(dim), st.integers(0, 15), st.just(False))
    odd_lengths = st.sampled_from((0, 1, dim, dim + 1, 65_536))
    return Variants(usual, st.builds(build, odd_lengths, st.integers(0, 15), st.booleans()))
