"""The embedded PostgreSQL's memory settings: what `auto` and a given size come to, and
the values STRATA_PG_SHARED_BUFFERS refuses."""

from __future__ import annotations

import pytest

from entrypoints.runtime.embedded_memory import CAP, FLOOR, MB, wanted_sizes
from entrypoints.settings import SettingsError, load_settings

GB = 2**30


@pytest.mark.parametrize(
    ("memory", "buffers", "cache"),
    [
        (24 * GB, CAP, 12 * GB),  # a quarter would be 6 GB: capped
        (4 * GB, GB, 2 * GB),  # a quarter
        (256 * MB, FLOOR, 128 * MB),  # a quarter would be 64 MB: the floor
        (3 * GB + 7, 768 * MB, 1536 * MB),  # whole megabytes
    ],
)
def test_auto_takes_a_quarter_of_memory_within_its_bounds(
    memory: int, buffers: int, cache: int
) -> None:
    assert wanted_sizes("auto", memory) == {
        "shared_buffers": buffers,
        "effective_cache_size": cache,
    }


def test_a_given_size_is_taken_as_is_and_the_cache_never_below_it() -> None:
    assert wanted_sizes("512MB", 24 * GB) == {
        "shared_buffers": 512 * MB,
        "effective_cache_size": 12 * GB,
    }
    assert wanted_sizes("4GB", 2 * GB)["effective_cache_size"] == 4 * GB


def test_unknown_memory_leaves_the_cache_estimate_alone() -> None:
    assert wanted_sizes("auto", 0) == {"shared_buffers": FLOOR}


@pytest.mark.parametrize("value", ["auto", "512MB", "2GB", "16MB", "131072kB", " 1GB "])
def test_sizes_and_auto_are_accepted(value: str) -> None:
    settings = load_settings({"STRATA_PG_SHARED_BUFFERS": value})
    assert settings.database.pg_shared_buffers == value.strip()


@pytest.mark.parametrize(
    "value",
    ["0MB", "64kB", "16383kB", "1TB", "512 MB", "512mb", "-1GB", "2GB\x00", "9" * 40 + "GB"],
)
def test_other_values_are_refused_naming_the_variable(value: str) -> None:
    with pytest.raises(SettingsError, match="STRATA_PG_SHARED_BUFFERS"):
        load_settings({"STRATA_PG_SHARED_BUFFERS": value})
