"""The memory adapter's lexemes: PostgreSQL's for plain words, per configuration."""

from __future__ import annotations

from adapters.memory.knowledge.full_text import holds_phrases, matches, positions
from domain.knowledge.text_query import TextQuery


def test_english_stems_drops_stop_words_and_keeps_their_positions():
    assert positions("The searches of databases", "english") == {"search": [2], "databas": [4]}


def test_english_keeps_words_with_digits_as_they_are():
    assert positions("Running 3D abc123 1999", "english") == {
        "run": [1],
        "3d": [2],
        "abc123": [3],
        "1999": [4],
    }


def test_simple_only_lower_cases():
    assert positions("The Searches", "simple") == {"the": [1], "searches": [2]}


def test_a_phrase_keeps_the_distance_of_its_stop_words():
    doc = positions("quick of the fox", "english")
    assert holds_phrases(doc, TextQuery.parse('"quick in a fox"'), "english")
    assert not holds_phrases(doc, TextQuery.parse('"quick fox"'), "english")
    assert matches(doc, TextQuery.parse('"quick fox"'), "english")  # its words, not in order
    assert not matches(doc, TextQuery.parse('"quick fox"', phrases_required=True), "english")


def test_a_phrase_of_stop_words_only_leaves_the_words_to_match():
    doc = positions("alpha beta", "english")
    assert matches(doc, TextQuery.parse('"the of" alpha', phrases_required=True), "english")
    assert not matches(doc, TextQuery.parse('"the of" gamma', phrases_required=True), "english")
