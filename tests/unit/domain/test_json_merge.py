"""JSON merge patch and set_path: free-form JSON is merged, never replaced wholesale."""

from __future__ import annotations

import copy

from domain.kernel.jsonmerge import merge_patch, set_path

PREFS = {"theme": "dark", "editor": {"font": "mono", "size": 12}, "tags": ["a", "b"]}


def test_merge_keeps_keys_the_patch_does_not_name() -> None:
    assert merge_patch(PREFS, {"lang": "fr"}) == {**PREFS, "lang": "fr"}


def test_merge_recurses_into_nested_objects() -> None:
    merged = merge_patch(PREFS, {"editor": {"size": 14}})
    assert merged["editor"] == {"font": "mono", "size": 14}


def test_null_in_a_patch_removes_the_key_at_any_depth() -> None:
    merged = merge_patch(PREFS, {"theme": None, "editor": {"font": None}, "absent": None})
    assert merged == {"editor": {"size": 12}, "tags": ["a", "b"]}


def test_arrays_and_scalars_are_replaced_not_merged() -> None:
    merged = merge_patch(PREFS, {"tags": ["c"], "editor": "plain"})
    assert merged["tags"] == ["c"]
    assert merged["editor"] == "plain"


def test_new_nested_object_drops_its_null_members() -> None:
    assert merge_patch({}, {"a": {"b": None, "c": 1}}) == {"a": {"c": 1}}


def test_merge_does_not_mutate_its_inputs() -> None:
    before, patch = copy.deepcopy(PREFS), {"editor": {"size": 1}, "tags": ["z"]}
    merged = merge_patch(PREFS, patch)
    merged["editor"]["font"] = "changed"
    patch["tags"].append("y")
    assert before == PREFS
    assert merged["tags"] == ["z"]


def test_set_path_sets_one_nested_key_and_keeps_its_siblings() -> None:
    assert set_path(PREFS, ["editor", "size"], 16)["editor"] == {"font": "mono", "size": 16}


def test_set_path_creates_missing_objects_like_jsonb_set() -> None:
    assert set_path({}, ["a", "b", "c"], 1) == {"a": {"b": {"c": 1}}}


def test_set_path_replaces_a_scalar_on_the_way() -> None:
    assert set_path({"theme": "dark"}, ["theme", "accent"], "red") == {"theme": {"accent": "red"}}


def test_set_path_with_null_removes_the_key() -> None:
    assert set_path(PREFS, ["editor", "font"], None)["editor"] == {"size": 12}
    assert set_path(PREFS, ["theme"], None) == {k: v for k, v in PREFS.items() if k != "theme"}


def test_set_path_does_not_mutate_its_input() -> None:
    before = copy.deepcopy(PREFS)
    set_path(PREFS, ["editor", "size"], 99)
    assert before == PREFS
