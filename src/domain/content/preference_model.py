"""Learned preferences: model versions with their metrics, and a user's weights per feature."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.kernel.errors import InvalidArgument, Validator
from domain.kernel.masks import check_text

MAX_VERSION = 64
MAX_FEATURE = 255
MAX_WEIGHTS = 1000
MAX_WEIGHT = 1_000_000.0


@dataclass(frozen=True, slots=True)
class ModelVersion:
    workspace_id: str
    version: str
    metrics: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PreferenceWeight:
    feature: str
    weight: float


@dataclass(frozen=True, slots=True)
class PreferenceWeights:
    """A user's weights of one model version; no version when they have none."""

    model_version: str = ""
    weights: tuple[PreferenceWeight, ...] = ()
    updated_at: datetime | None = None


def check_version(raw: str, field: str = "model_version", required: bool = True) -> str:
    return check_text(raw, field, MAX_VERSION, required=required)


def check_metrics(value: Any, field: str = "metrics") -> dict[str, Any]:
    """A JSON object whose leaves are all finite numbers."""
    if not isinstance(value, dict):
        raise InvalidArgument.of(field, "must be an object")
    _numbers_only(value, field)
    return value


def _numbers_only(value: Any, path: str) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _numbers_only(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            _numbers_only(inner, f"{path}[{n}]")
    elif isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidArgument.of(path, "must be a finite number")


def check_weights(weights: tuple[PreferenceWeight, ...]) -> tuple[PreferenceWeight, ...]:
    """At most MAX_WEIGHTS, features 1 to MAX_FEATURE characters and unique, weights finite."""
    v = Validator()
    v.check(len(weights) <= MAX_WEIGHTS, "weights", f"must hold at most {MAX_WEIGHTS} weights")
    seen: set[str] = set()
    for n, w in enumerate(weights):
        at = f"weights[{n}]"
        feature = v.parse(
            lambda raw, f: check_text(raw, f, MAX_FEATURE, required=True),
            w.feature,
            f"{at}.feature",
        )
        v.check(feature not in seen, f"{at}.feature", "is given twice")
        seen.add(feature or "")
        ok = math.isfinite(w.weight) and abs(w.weight) <= MAX_WEIGHT
        v.check(
            ok,
            f"{at}.weight",
            f"must be a finite number from -{MAX_WEIGHT:.0f} to {MAX_WEIGHT:.0f}",
        )
    v.raise_if_any()
    return tuple(PreferenceWeight(w.feature.strip(), w.weight) for w in weights)
