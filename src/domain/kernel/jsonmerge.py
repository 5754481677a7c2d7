"""JSON merge patch (RFC 7396): how free-form JSON columns are updated."""

from __future__ import annotations

import copy
from typing import Any

JsonObject = dict[str, Any]


def merge_patch(target: JsonObject, patch: JsonObject) -> JsonObject:
    """Return `target` with `patch` merged in; a None value removes the key."""
    result = copy.deepcopy(target)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge_patch(result[key], value)
        elif isinstance(value, dict):
            result[key] = merge_patch({}, value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def set_path(target: JsonObject, path: list[str], value: Any) -> JsonObject:
    """Like PostgreSQL's jsonb_set with create_missing: set one nested key."""
    result = copy.deepcopy(target)
    node = result
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = copy.deepcopy(value)
    return result
