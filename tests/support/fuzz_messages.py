"""A Hypothesis strategy for any request message, field by field from its descriptor."""

from __future__ import annotations

from functools import cache

from google.protobuf.descriptor import Descriptor
from google.protobuf.descriptor import FieldDescriptor as F
from hypothesis import strategies as st

from tests.support import fuzz_numbers, fuzz_text, fuzz_wellknown
from tests.support.fuzz_wire import Nested, Plan, Variants, joined, leaf, len_field

MAX_DEPTH = 4
HUGE_REPEAT = 10_000
HUGE_REPEAT_MESSAGES = 300
MAX_REPEATED_BYTES = 4 * 1_048_576


class Messages:
    """Strategies per message type; `dim` is the embedding dimension the server expects."""

    def __init__(self, dim: int) -> None:
        self.dim = dim

    def message(self, descriptor: Descriptor, depth: int = 0) -> Variants:
        return _message(self, descriptor, depth)

    def field(self, field: F, owner: Descriptor, depth: int) -> Variants:
        if field.is_repeated and field.type in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
            return fuzz_numbers.packed(field, self.dim)
        if field.is_repeated:
            item = self.one(field, owner, depth)
            times = HUGE_REPEAT if field.message_type is None else HUGE_REPEAT_MESSAGES
            many = st.builds(lambda p: _repeat(p, times), item.usual)
            odd_list = st.tuples(st.lists(item.usual, max_size=2), item.odd)
            return Variants(
                st.lists(item.usual, max_size=3).map(_concat),
                st.one_of(odd_list.map(lambda t: _concat([*t[0], t[1]])), many),
            )
        return self.one(field, owner, depth)

    def one(self, field: F, owner: Descriptor, depth: int) -> Variants:
        if field.message_type is not None:
            return self.nested(field, owner, depth)
        if field.type == F.TYPE_STRING:
            return string(field, owner)
        if field.type == F.TYPE_BYTES:
            raw = st.binary(max_size=64).map(lambda b: leaf(len_field(field.number, b)))
            return Variants(raw, raw)
        return fuzz_numbers.single(field)

    def nested(self, field: F, owner: Descriptor, depth: int) -> Variants:
        assert field.message_type is not None
        kind = field.message_type.full_name
        if kind in fuzz_wellknown.WELL_KNOWN:
            return fuzz_wellknown.WELL_KNOWN[kind](field.number)
        if kind == "google.protobuf.FieldMask":
            return fuzz_wellknown.field_mask(field.number, mask_paths(owner))
        if depth >= MAX_DEPTH:
            empty = st.just(leaf(Nested(field.number, Plan())))
            return Variants(empty, empty)
        body = self.message(field.message_type, depth + 1)
        return Variants(
            body.usual.map(lambda p: Plan((Nested(field.number, p),), p.tags)),
            body.odd.map(lambda p: Plan((Nested(field.number, p),), p.tags)),
        )


@cache
def _message(messages: Messages, descriptor: Descriptor, depth: int) -> Variants:
    """Usually: some fields set, all plausible. Oddly: besides those, one or two odd fields."""
    fields = list(descriptor.fields)
    variants = [messages.field(f, descriptor, depth) for f in fields]

    @st.composite
    def draw(data: st.DrawFn, odd: bool) -> Plan:
        chosen: set[int] = set()
        if odd and fields:
            chosen = data(st.sets(st.sampled_from(range(len(fields))), min_size=1, max_size=2))
        present = data(st.integers(0, 2 ** len(fields) - 1))  # one draw: cheaper than n
        drawn = []
        for i, (f, v) in enumerate(zip(fields, variants, strict=True)):
            if i in chosen:
                drawn.append((f.name, data(v.odd)))
            elif present >> i & 1:
                drawn.append((f.name, data(v.usual)))
        return joined(drawn)

    return Variants(draw(False), draw(True))


def string(field: F, owner: Descriptor) -> Variants:
    name = field.name
    if name == "page_token":
        return fuzz_text.page_token(field.number)
    if name == "request_id":
        return fuzz_text.request_id(field.number)
    if name == "etag":
        plain = fuzz_text.text(field.number, "")
        return Variants(fuzz_text.pool_ref(field.number, "etag"), plain.odd)
    if name == "id" or name.endswith(("_id", "_ids")):
        return fuzz_text.identifier(field.number, id_pool(name, owner))
    return fuzz_text.text(field.number, name)


def id_pool(name: str, owner: Descriptor) -> str:
    """`workspace_id` → "workspace"; `id` in GetDocumentRequest → "getdocumentrequest",
    which the run matches to the pool of the longest kind it contains ("document")."""
    if name == "id":
        return owner.name.lower()
    return name.removesuffix("s").removesuffix("_id").replace("_", "")


def mask_paths(owner: Descriptor) -> list[str]:
    """Field names of the resource an update request carries (its message fields)."""
    return [
        f.name
        for field in owner.fields
        if field.message_type is not None and not field.message_type.full_name.startswith("google.")
        for f in field.message_type.fields
    ]


def _concat(plans: list[Plan]) -> Plan:
    return Plan(
        tuple(p for plan in plans for p in plan.parts), tuple(t for p in plans for t in p.tags)
    )


def _repeat(plan: Plan, times: int) -> Plan:
    """`times` copies, fewer when that would pass MAX_REPEATED_BYTES."""
    times = max(1, min(times, MAX_REPEATED_BYTES // max(1, plan.size())))
    return Plan(plan.parts * times, (*plan.tags, f":repeated-{times}"))
