"""The analytics concern: defaults, the URL's database, and bad values named at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from entrypoints.settings import SettingsError, load_settings


def test_nothing_configured_is_chdb_under_the_data_dir() -> None:
    settings = load_settings(environ={"STRATA_DATA_DIR": "/srv/strata"})
    analytics = settings.analytics
    assert analytics.embedded and analytics.clickhouse_database == "strata_analytics"
    assert analytics.chdb_dir(settings.database.data_dir) == Path("/srv/strata/clickhouse")
    assert (analytics.retention_days, analytics.relay_batch) == (90, 1000)
    assert analytics.chdb_host == "process"
    inline = load_settings(environ={"STRATA_CHDB_HOST": "inline"})
    assert inline.analytics.chdb_host == "inline"


def test_the_urls_database_is_used_when_none_is_named() -> None:
    settings = load_settings(environ={"CLICKHOUSE_URL": "http://u:p@ch:8123/events"})
    assert not settings.analytics.embedded
    assert settings.analytics.clickhouse_database == "events"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"CLICKHOUSE_URL": "tcp://ch:9000"}, "CLICKHOUSE_URL"),
        ({"STRATA_ANALYTICS_RETENTION_DAYS": "0"}, "STRATA_ANALYTICS_RETENTION_DAYS"),
        ({"STRATA_ANALYTICS_RETENTION_DAYS": "3651"}, "STRATA_ANALYTICS_RETENTION_DAYS"),
        ({"STRATA_ANALYTICS_RELAY_BATCH": "0"}, "STRATA_ANALYTICS_RELAY_BATCH"),
        ({"STRATA_ANALYTICS_RELAY_SECONDS": "0"}, "STRATA_ANALYTICS_RELAY_SECONDS"),
        ({"STRATA_CLICKHOUSE_DATABASE": "a-b; DROP"}, "STRATA_CLICKHOUSE_DATABASE"),
        ({"STRATA_CHDB_HOST": "thread"}, "STRATA_CHDB_HOST"),
        (
            {"CLICKHOUSE_URL": "http://ch:8123/one", "STRATA_CLICKHOUSE_DATABASE": "two"},
            "STRATA_CLICKHOUSE_DATABASE",
        ),
    ],
)
def test_bad_or_contradictory_values_fail_naming_the_variable(
    environ: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(environ=environ)
    assert named in caught.value.message and named in caught.value.variables
