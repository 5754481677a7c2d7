"""Parsing a full-text query in websearch syntax."""

from __future__ import annotations

from domain.knowledge.text_query import TextQuery


def test_bare_words_are_any_of_them():
    q = TextQuery.parse("How do vector indexes answer?")
    assert q.words == ("How", "do", "vector", "indexes", "answer")
    assert q.phrases == () and q.excluded == ()


def test_quoted_phrases_are_required_and_rank_with_the_words():
    q = TextQuery.parse('"machine learning" models')
    assert q.phrases == (("machine", "learning"),)
    assert q.positive_words == ("models", "machine", "learning")


def test_minus_excludes_a_word_or_a_phrase():
    q = TextQuery.parse('search -vector -"big data"')
    assert q.words == ("search",)
    assert q.excluded == (("vector",), ("big", "data"))


def test_or_is_accepted_and_adds_nothing():
    assert TextQuery.parse("cats or dogs OR birds").words == ("cats", "dogs", "birds")


def test_an_unclosed_quote_runs_to_the_end():
    assert TextQuery.parse('alpha "beta gamma').phrases == (("beta", "gamma"),)


def test_punctuation_separates_words_as_postgresql_does():
    assert TextQuery.parse("state-of-the-art, e_mail").words == (
        "state",
        "of",
        "the",
        "art",
        "e",
        "mail",
    )


def test_a_query_of_signs_only_is_empty():
    assert TextQuery.parse('- "" -"" or').is_empty
    assert not TextQuery.parse('"alpha"').is_empty
