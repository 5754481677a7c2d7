"""The container's configuration comes from each settings concern; commands may widen the
database sessions' bounds without a second engine."""

from __future__ import annotations

from entrypoints.container import config_from
from entrypoints.settings import load_settings


def test_each_concern_configures_what_it_is_next_to() -> None:
    settings = load_settings(
        {
            "STRATA_KEY_PEPPER": "pepper",
            "STRATA_AUTH_CACHE_SECONDS": "7",
            "STRATA_SLOW_QUERY_MS": "250",
            "DATABASE_POOL_SIZE": "3",
            "STRATA_EMBEDDING_DIM": "384",
        }
    )
    config = config_from(settings, "postgresql://u@h/d")
    assert config["storage"] == "postgres"
    assert config["core"]["key_pepper"] == "pepper"
    assert config["postgres"]["auth_cache_seconds"] == 7.0
    assert config["postgres"]["slow_query_ms"] == 250.0
    assert config["postgres"]["pool"]["pool_size"] == 3
    assert config["contexts"]["knowledge"]["embedding_dim"] == 384
    assert config["contexts"]["system"]["pool_size"] == 3


def test_a_command_may_raise_the_statement_timeout_and_keep_the_other_bounds() -> None:
    settings = load_settings({"STRATA_LOCK_TIMEOUT_MS": "1234"})
    limits = config_from(settings, None, statement_timeout_ms=3_600_000)["postgres"]["limits"]
    assert limits == {
        "statement_timeout_ms": 3_600_000,
        "lock_timeout_ms": 1234,
        "idle_in_transaction_timeout_ms": 30_000,
    }
