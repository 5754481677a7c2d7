"""The corpus a RELEVANCE page token carries: read back only when it fits the query."""

from __future__ import annotations

import pytest

from domain.content.title_bm25 import QueryTerms, TitleCorpus
from domain.content.title_search import carried_corpus
from domain.kernel.errors import InvalidArgument

TERMS = QueryTerms.of("river or stone -lake")


def test_the_query_terms_are_its_positive_words_sorted_with_their_counts() -> None:
    assert QueryTerms.of("river stone river -lake") == QueryTerms(("river", "stone"), (2, 1))


def test_a_carried_corpus_reads_back_whole() -> None:
    corpus = TitleCorpus(10, 31, (4, 2))
    assert carried_corpus(("1.5", "t", "id", *corpus.carried()), TERMS) == corpus
    assert carried_corpus(None, TERMS) is None


@pytest.mark.parametrize(
    "carried",
    [
        (),
        ("10", "31", "4"),
        ("10", "31", "4", "2", "1"),
        ("10", "31", "11", "2"),
        ("10", "-1", "4", "2"),
        ("x", "31", "4", "2"),
    ],
)
def test_a_corpus_that_does_not_fit_the_query_is_an_invalid_token(
    carried: tuple[str, ...],
) -> None:
    with pytest.raises(InvalidArgument) as e:
        carried_corpus(("1.5", "t", "id", *carried), TERMS)
    assert [v.field for v in e.value.violations] == ["page_token"]
