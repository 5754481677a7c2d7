"""Lexemes as PostgreSQL makes them for plain words, and websearch matching over them.

`english`: Snowball's English stemmer (PyStemmer, the algorithm PostgreSQL's english_stem
dictionary runs) after PostgreSQL's english.stop; words holding a digit are kept as they
are (PostgreSQL's numword and int tokens go to the `simple` dictionary). `simple`: words
lower-cased. Stop words keep their positions, as in a tsvector.
"""

from __future__ import annotations

import functools
from collections import Counter

import Stemmer

from domain.knowledge.text_query import Phrase, TextQuery, words

# PostgreSQL's share/tsearch_data/english.stop, in its order.
_ENGLISH_STOP = (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his "
    "himself she her hers herself it its itself they them their theirs themselves what which "
    "who whom this that these those am is are was were be been being have has had having do "
    "does did doing a an the and but if or because as until while of at by for with about "
    "against between into through during before after above below to from up down in out on "
    "off over under again further then once here there when where why how all any both each "
    "few more most other some such no nor not only own same so than too very s t can will "
    "just don should now"
)
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP.split())

Positions = dict[str, list[int]]


@functools.lru_cache(maxsize=1)
def _english() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=65_536)
def lexeme(word: str, config: str) -> str | None:
    """The lexeme of one plain word; None for a stop word."""
    word = word.lower()
    if config != "english" or any(ch.isdigit() for ch in word):
        return word
    return None if word in ENGLISH_STOP_WORDS else str(_english().stemWord(word))


def positions(text: str, config: str) -> Positions:
    """Each lexeme's positions (from 1), like to_tsvector(config, text)."""
    out: Positions = {}
    for position, word in enumerate(words(text), start=1):
        if (lex := lexeme(word, config)) is not None:
            out.setdefault(lex, []).append(position)
    return out


def query_lexemes(query: TextQuery, config: str) -> Counter[str]:
    """The lexemes that rank a hit, each with how many times the query says it."""
    return Counter(x for w in query.positive_words if (x := lexeme(w, config)) is not None)


def _has_phrase(doc: Positions, phrase: Phrase, config: str) -> bool | None:
    """Whether `doc` holds the phrase (phraseto_tsquery: stop words keep their distance);
    None when the phrase has no lexeme (PostgreSQL then ignores it)."""
    offsets = [(i, x) for i, w in enumerate(phrase) if (x := lexeme(w, config)) is not None]
    if not offsets:
        return None
    (first, head), rest = offsets[0], offsets[1:]
    return any(
        all(start + i - first in doc.get(x, ()) for i, x in rest) for start in doc.get(head, ())
    )


def matches(doc: Positions, query: TextQuery, config: str) -> bool:
    """Any of the query's words, no excluded word or phrase, and every phrase when the
    query requires them."""
    wanted = any(x in doc for x in query_lexemes(query, config))
    excluded = any(_has_phrase(doc, e, config) for e in query.excluded)
    return (
        wanted
        and not excluded
        and (not query.phrases_required or holds_phrases(doc, query, config))
    )


def holds_phrases(doc: Positions, query: TextQuery, config: str) -> bool:
    """Whether `doc` holds every phrase of the query that has a lexeme."""
    return all(_has_phrase(doc, p, config) is not False for p in query.phrases)
