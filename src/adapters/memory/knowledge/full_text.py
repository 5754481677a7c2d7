"""A small full-text match: English stop words, a crude stemmer, ts_rank_cd's cover density."""

from __future__ import annotations

import re

# PostgreSQL's english.stop, the words a contract sentence is likely to hold.
_STOP_WORDS = (
    "a about above after again against all am an and any are as at be because been before "
    "being below between both but by can did do does doing down during each few for from "
    "further had has have having he her here hers him his how i if in into is it its itself "
    "just me more most my no nor not now of off on once only or other our ours out over own "
    "same she should so some such than that the their theirs them then there these they this "
    "those through to too under until up very was we were what when where which while who "
    "whom why will with you your yours"
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+")
_QUERY_WORD = re.compile(r"-?[a-z0-9]+")


def _stem(word: str) -> str:
    """A stand-in for Snowball's English stemmer: plural `s`, then a final `e`
    (searches → search, databases → databas); enough for the contract cases."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def lexemes(text: str) -> dict[str, list[int]]:
    """Positions of each lexeme; stop words are dropped but keep their positions."""
    out: dict[str, list[int]] = {}
    for position, word in enumerate(_WORD.findall(text.lower()), start=1):
        if word not in _STOP:
            out.setdefault(_stem(word), []).append(position)
    return out


def query_terms(query: str) -> tuple[set[str], set[str]]:
    """websearch_to_tsquery, simplified: every word is ANDed, `-word` is negated."""
    wanted: set[str] = set()
    unwanted: set[str] = set()
    for token in _QUERY_WORD.findall(query.lower()):
        word = token.lstrip("-")
        if word in _STOP or word == "or":
            continue
        (unwanted if token.startswith("-") else wanted).add(_stem(word))
    return wanted, unwanted


def rank_cd(positions: dict[str, list[int]], terms: set[str]) -> float:
    """ts_rank_cd with default weights (every lexeme weighs 0.1) and no normalisation:
    Σ over covers of (n / Σ 1/w) / (1 + noise words)."""
    items = sorted((p, t) for t in terms for p in positions.get(t, ()))
    score, start = 0.0, 0
    while True:
        end = _cover_end(items, start, terms)
        if end is None:
            return score
        begin = _cover_begin(items, start, end, terms)
        n = end - begin + 1
        noise = (items[end][0] - items[begin][0]) - (end - begin)
        if noise < 0:
            noise = (end - begin) // 2
        score += (n / (n * 10.0)) / (1 + noise)
        start = begin + 1


def _cover_end(items: list[tuple[int, str]], start: int, terms: set[str]) -> int | None:
    seen: set[str] = set()
    for i in range(start, len(items)):
        seen.add(items[i][1])
        if seen >= terms:
            return i
    return None


def _cover_begin(items: list[tuple[int, str]], start: int, end: int, terms: set[str]) -> int:
    seen: set[str] = set()
    for i in range(end, start - 1, -1):
        seen.add(items[i][1])
        if seen >= terms:
            return i
    return start
