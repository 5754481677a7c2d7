"""The feed's mix: two recommendations to one fresh item, each in its order, one showing
of an item, and the other source filling in when one runs dry."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.content.feed_mix import mix
from domain.content.model import ContentItem
from domain.content.recommendation import Recommendation

AT = datetime(2026, 1, 1, tzinfo=UTC)


def _item(name: str) -> ContentItem:
    return ContentItem(name, "ws", "u", name, AT, AT)


def _rec(name: str) -> tuple[Recommendation, ContentItem]:
    return Recommendation(f"r-{name}", "ws", "u", name, 0.5, "v", AT, AT), _item(name)


def test_two_recommendations_go_with_each_fresh_item() -> None:
    got = mix([_rec(n) for n in "abcd"], [_item(n) for n in "xyz"], 6)
    assert [e.item.id for e in got.entries] == list("abxcdy")
    assert got.last_fresh is not None and got.last_fresh.id == "y"


def test_an_item_both_recommended_and_fresh_shows_once() -> None:
    got = mix([_rec("a"), _rec("a"), _rec("b")], [_item("a"), _item("x")], 5)
    assert [e.item.id for e in got.entries] == ["a", "b", "x"]
    assert got.last_fresh is not None and got.last_fresh.id == "x"


def test_either_source_fills_the_page_when_the_other_runs_dry() -> None:
    assert [e.item.id for e in mix([], [_item(n) for n in "xyz"], 2).entries] == ["x", "y"]
    only_recs = mix([_rec(n) for n in "abc"], [], 5)
    assert [e.item.id for e in only_recs.entries] == ["a", "b", "c"]
    assert only_recs.last_fresh is None
