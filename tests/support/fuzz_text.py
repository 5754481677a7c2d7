"""Hypothesis strategies for string fields: plausible, NUL, odd unicode, huge, ids, tokens."""

from __future__ import annotations

import base64
import json

from hypothesis import strategies as st

from tests.support.fuzz_wire import Plan, Ref, Variants, leaf, text_field

ODD_UNICODE = (
    "\U0001d518\U0001d52b\U0001d526\U0001f600\U00010348",  # astral
    "\u202eevil\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",  # RTL
    "e\u0301\u0301\u0301\u0327\u0308a\u20dd",  # combining marks
    "\ufeff\u200b\u2028\u2029\ufffd\uffff",
    "\U0010ffff\U000e0001",
)
MALFORMED_IDS = (
    "nope",
    "0",
    "00000000-0000-0000-0000-000000000000",
    "0199C3A0-0000-7000-8000-00000000000G",
    "0199c3a0-0000-7000-8000-000000000000\x00",
    "' OR '1'='1",
    "../../etc/passwd",
    "%00",
)
INVALID_UTF8 = b"bad \xff\xfe utf-8 \xc3"
HUGE_SIZES = (1_001, 2_049, 70_000, 300_000, 1_048_577, 3 * 1_048_576)
HUGE_UNITS = ("a", "\u00e9", "\U0001d518", " or ", "word ")
WORDS = ("alpha", "beta", "seed", "words", "report", "vacation", "x", "a-b", "Acme", "q")
word = st.builds(lambda w, n: f"{w}{n}", st.sampled_from(WORDS), st.integers(0, 99_999))


def plausible(name: str) -> st.SearchStrategy[str]:
    """Values that pass the obvious checks, so that calls reach deeper code."""
    if "email" in name:
        return word.map(lambda w: f"{w}@example.com")
    if "url" in name:
        return st.one_of(word.map(lambda w: f"https://example.com/{w}"), st.just("http://[::1/"))
    if "mime" in name:
        return st.sampled_from(("text/plain", "application/pdf", "x/\x7f"))
    return word


def huge(number: int) -> st.SearchStrategy[Plan]:
    def build(size: int, unit: str) -> Plan:
        return leaf(text_field(number, unit * (size // len(unit.encode()))), f"huge-{size}")

    return st.builds(build, st.sampled_from(HUGE_SIZES), st.sampled_from(HUGE_UNITS))


def text(number: int, name: str) -> Variants:
    usual = plausible(name).map(lambda s: leaf(text_field(number, s)))
    nul = st.tuples(plausible(name), st.sampled_from(("\x00", "a\x00b", "\x00\x00")))
    odd = st.one_of(
        nul.map(lambda p: leaf(text_field(number, p[0] + p[1]), "nul")),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=12).map(
            lambda s: leaf(text_field(number, s), "unicode")
        ),
        st.sampled_from(ODD_UNICODE).map(lambda s: leaf(text_field(number, s), "unicode")),
        huge(number),
        nul.map(lambda p: leaf(text_field(number, p[0] + p[1]), "nul")),
        huge(number),
        st.just(leaf(text_field(number, INVALID_UTF8), "invalid-utf8")),
    )
    return Variants(usual, odd)


def pool_ref(number: int, pool: str) -> st.SearchStrategy[Plan]:
    return st.integers(0, 1_000).map(lambda i: leaf(Ref(number, pool, i), "real"))


def identifier(number: int, pool: str) -> Variants:
    fresh = st.uuids().map(lambda u: leaf(text_field(number, str(u)), "unknown-id"))
    malformed = st.sampled_from(MALFORMED_IDS).map(
        lambda s: leaf(text_field(number, s), "malformed-id")
    )
    real = pool_ref(number, pool)
    return Variants(st.one_of(real, real, real, fresh), st.one_of(malformed, text(number, "").odd))


def forged_token_json() -> st.SearchStrategy[bytes]:
    scalar = st.one_of(
        st.integers(-(2**70), 2**70), st.text(max_size=20), st.floats(), st.none(), st.booleans()
    )
    small = st.dictionaries(st.text(max_size=10), scalar, max_size=5)
    huge_key = st.integers(1, 200_000).map(lambda n: {"k" * n: 1, "id": "x"})
    return st.one_of(small, huge_key).map(lambda d: json.dumps(d).encode())


def page_token(number: int) -> Variants:
    encoders = st.sampled_from((base64.urlsafe_b64encode, base64.b64encode))
    forged = st.builds(lambda enc, raw: enc(raw), encoders, forged_token_json())
    mutated = st.builds(
        lambda i, m: leaf(Ref(number, "page_token", i, m), f"token-{m}"),
        st.integers(0, 1_000),
        st.sampled_from(("extra-key", "truncated", "resigned")),
    )
    odd = st.one_of(
        mutated,
        forged.map(lambda b: leaf(text_field(number, b), "token-forged")),
        st.sampled_from((b"!!!", b"e30", b"bnVsbA==")).map(
            lambda b: leaf(text_field(number, b), "token-forged")
        ),
        text(number, "").odd,
    )
    return Variants(pool_ref(number, "page_token"), odd)


def request_id(number: int) -> Variants:
    """A few values shared by every call, so retries and reuse across methods happen."""
    reused = st.sampled_from(("rid-1", "rid-2", "rid-3")).map(
        lambda s: leaf(text_field(number, s), "request-id-reused")
    )
    plain = text(number, "")
    return Variants(st.one_of(reused, plain.usual), plain.odd)
