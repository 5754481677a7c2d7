"""Full-text settings: BM25's k1 and b, and the text search configuration checked at start."""

from __future__ import annotations

import pytest

from entrypoints.contexts.knowledge import text_search_agrees
from entrypoints.settings import SettingsError, load_settings


def test_defaults_are_okapi_bm25_on_english():
    knowledge = load_settings({}).knowledge
    assert (knowledge.bm25_k1, knowledge.bm25_b, knowledge.text_search_config) == (
        1.2,
        0.75,
        "english",
    )


def test_values_are_read_and_the_configuration_goes_to_migrations():
    env = {"STRATA_BM25_K1": "0.9", "STRATA_BM25_B": "0.4", "STRATA_TEXT_SEARCH_CONFIG": "Simple"}
    knowledge = load_settings(env).knowledge
    assert (knowledge.bm25_k1, knowledge.bm25_b) == (0.9, 0.4)
    assert knowledge.migration_options()["STRATA_TEXT_SEARCH_CONFIG"] == "simple"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("STRATA_BM25_K1", "-1"),
        ("STRATA_BM25_B", "1.5"),
        ("STRATA_TEXT_SEARCH_CONFIG", "german"),
    ],
)
def test_a_bad_value_fails_naming_the_variable(variable: str, value: str):
    with pytest.raises(SettingsError) as info:
        load_settings({variable: value})
    assert variable in info.value.variables


async def test_a_database_made_with_another_configuration_stops_the_start():
    checked = text_search_agrees(
        {"text_search_config": "english"}, {"text_search_config": "simple"}
    )
    with pytest.raises(SettingsError) as info:
        await anext(checked)
    assert info.value.variables == ("STRATA_TEXT_SEARCH_CONFIG",)
    assert "english" in str(info.value)


async def test_the_same_configuration_or_no_database_starts():
    for started in ({"text_search_config": "simple"}, {}):
        checked = text_search_agrees(started, {"text_search_config": "simple"})
        assert await anext(checked) is None
