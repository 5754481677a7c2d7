"""A full-text query in websearch syntax, parsed once, and how its hits are ranked (BM25).

A chunk matches when it holds any of the query's words (those of its phrases too);
`-word` and `-"phrase"` exclude, `or` is accepted (any word already matches). The chunks
holding every `"quoted phrase"` come first; the others follow them, marked as missing a
phrase, unless the query requires its phrases (`phrases_required`): then only the first
are hits. A question that quotes a title it hopes to find thus still gets answers when no
chunk holds it, and a search box can ask for the strict reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")
TEXT_SEARCH_CONFIGS = ("english", "simple")

Phrase = tuple[str, ...]


def words(text: str) -> Phrase:
    """The plain words of `text`, as PostgreSQL's default parser separates them."""
    return tuple(_WORD.findall(text))


@dataclass(frozen=True, slots=True)
class TextRanking:
    """Okapi BM25's k1 (term frequency saturation) and b (length normalisation), and the
    text search configuration that makes words into lexemes."""

    k1: float = 1.2
    b: float = 0.75
    config: str = "english"


DEFAULT_RANKING = TextRanking()


@dataclass(frozen=True, slots=True)
class TextQuery:
    words: Phrase = ()  # any of them matches
    phrases: tuple[Phrase, ...] = ()  # all required
    excluded: tuple[Phrase, ...] = ()  # none may occur (a word is a phrase of one)
    phrases_required: bool = False  # only chunks holding every phrase are hits

    @classmethod
    def parse(cls, query: str, phrases_required: bool = False) -> TextQuery:
        loose: list[str] = []
        phrases: list[Phrase] = []
        excluded: list[Phrase] = []
        for m in _TOKEN.finditer(query):
            negated, quoted, bare = m.group(1), m.group(2), m.group(3)
            if quoted is not None:
                (excluded if negated else phrases).append(words(quoted))
            elif bare.startswith("-") and len(bare) > 1:
                excluded.append(words(bare[1:]))
            elif bare.lower() != "or":
                loose.extend(words(bare))
        return cls(
            tuple(loose),
            tuple(p for p in phrases if p),
            tuple(e for e in excluded if e),
            phrases_required,
        )

    @property
    def positive_words(self) -> Phrase:
        """The words that rank a hit: loose ones and those of the phrases."""
        return self.words + tuple(w for p in self.phrases for w in p)

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases
