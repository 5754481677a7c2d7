"""Hypothesis strategies for the well-known types: Timestamp, Duration, FieldMask, Struct, Value."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import strategies as st

from tests.support import fuzz_struct
from tests.support.fuzz_wire import Nested, Plan, Variants, leaf, len_field, varint_field

YEAR_1, YEAR_10000 = -62_135_596_800, 253_402_300_800
NOW = 1_760_000_000
TS_SECONDS = (YEAR_1 - 1, YEAR_1, YEAR_10000 - 1, YEAR_10000, 2**62, -(2**62), -(10**12))
DURATION_SECONDS = (-1, 315_576_000_001, 2**62, -(2**62), 2**63 - 1)
ODD_NANOS = (-1, -5, 10**9, 2**31 - 1)


def seconds_nanos(
    number: int, odd_seconds: tuple[int, ...], usual: tuple[int, ...], label: str
) -> Variants:
    def build(seconds: int, nanos: int, odd: bool) -> Plan:
        body = varint_field(1, seconds) + varint_field(2, nanos)
        return Plan((len_field(number, body),), (f":{label}",) if odd else ())

    usual_pair = st.tuples(st.sampled_from(usual), st.sampled_from((0, 500_000_000)))
    odd_pair = st.one_of(
        st.tuples(st.sampled_from(odd_seconds), st.sampled_from((0, 999_999_999))),
        st.tuples(st.sampled_from(usual), st.sampled_from(ODD_NANOS)),
    )
    return Variants(
        usual_pair.map(lambda p: build(p[0], p[1], False)),
        odd_pair.map(lambda p: build(p[0], p[1], True)),
    )


def timestamp(number: int) -> Variants:
    usual = (NOW, NOW - 86_400, NOW + 86_400, 0)
    return seconds_nanos(number, TS_SECONDS, usual, "timestamp-out-of-range")


def duration(number: int) -> Variants:
    usual = (60, 3_600, 86_400, 0)
    return seconds_nanos(number, DURATION_SECONDS, usual, "duration-out-of-range")


def field_mask(number: int, known: list[str]) -> Variants:
    unknown = ("nope", "", "*", "a.b.c", "id\x00", "x" * 10_000, "etag", "create_time")

    def build(paths: list[str], odd: list[str]) -> Plan:
        body = b"".join(len_field(1, p.encode()) for p in [*paths, *odd])
        return leaf(Nested(number, Plan((body,))), "mask-unknown-path" if odd else "")

    usual = st.lists(st.sampled_from(known or ["id"]), min_size=1, max_size=3)
    odd = st.lists(st.sampled_from(unknown), min_size=1, max_size=2)
    return Variants(st.builds(build, usual, st.just([])), st.builds(build, usual, odd))


def _first(pairs: Sequence[tuple[object, str]]) -> str:
    return next((label for _, label in pairs if label), "")


WELL_KNOWN: dict[str, Callable[[int], Variants]] = {
    "google.protobuf.Timestamp": timestamp,
    "google.protobuf.Duration": duration,
    "google.protobuf.Struct": fuzz_struct.struct,
    "google.protobuf.Value": fuzz_struct.value,
}
