"""Settings: the seeds' precedence, environments, failures that name their variable, redaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from adapters.postgres.infra.admin.roles import ROLE_NAMES
from entrypoints.settings import (
    KNOWN_STRATA_VARS,
    ROLE_USERS,
    Settings,
    SettingsError,
    load_settings,
    redact_url,
)

ROLE_PASSWORDS = {
    "DB_PASSWORD_ADMIN": "adm-pw",
    "DB_PASSWORD_RW": "rw-pw",
    "DB_PASSWORD_RO": "ro-pw",
}


def load(**env: str) -> Settings:
    """Settings from exactly these variables (the process environment is not read)."""
    return load_settings(env)


# --- defaults -----------------------------------------------------------------------------------


def test_nothing_configured_means_embedded_dev_with_the_seeds_defaults() -> None:
    s = load()
    assert s.database.environment() == "dev"
    assert s.database.storage == "postgres" and s.database.uses_embedded
    assert s.database.database_url("rw") is None and s.database.database_url("admin") is None
    assert s.database.bootstrap_url() is None
    assert s.database.database_name() == "strata"
    assert (s.database.db_name, s.database.db_name_demo, s.database.db_name_test) == (
        "strata",
        "strata_demo",
        "strata_test",
    )
    assert s.database.pool_options() == {
        "pool_size": 5,
        "max_overflow": 10,
        "pool_recycle": 3600,
        "pool_timeout": 30.0,
        "echo": False,
    }
    assert s.database.data_dir == Path(".strata") and s.database.pg_data_dir == Path(".strata/pg")
    assert s.server.grpc_addr == "127.0.0.1:50051"
    assert s.auth.key_pepper.get_secret_value() == ""
    assert (s.server.shutdown_grace, s.observability.log_level) == (10.0, "INFO")
    assert s.database.db_connect_retries >= 1 and s.database.db_connect_backoff > 0


def test_role_user_names_are_the_ones_db_init_creates() -> None:
    assert ROLE_USERS == ROLE_NAMES


# --- precedence ---------------------------------------------------------------------------------


def test_a_full_url_wins_over_the_parts() -> None:
    s = load(
        DATABASE_URL="postgresql://app:pw@db.internal:6543/appdb?sslmode=require",
        DB_HOST="ignored",
        DB_PORT="1111",
        DB_USER="ignored",
        DB_PASSWORD="ignored",
    )
    assert s.database.database_url() == "postgresql://app:pw@db.internal:6543/appdb?sslmode=require"
    assert not s.database.uses_embedded
    assert s.database.database_name() == "appdb"


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+asyncpg"])
def test_url_schemes_are_normalised(scheme: str) -> None:
    s = load(DATABASE_URL=f"{scheme}://u:p@h/d")
    assert s.database.database_url() == "postgresql://u:p@h/d"


def test_the_url_is_built_from_parts_with_the_seeds_defaults() -> None:
    s = load(DB_PASSWORD="legacy pw/@:")
    url = make_url(s.database.database_url() or "")
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "postgres",
        "legacy pw/@:",
        "localhost",
        5432,
        "strata",
    )
    s = load(DB_HOST="db", DB_PORT="5433", DB_USER="me", DB_PASSWORD="pw", DB_NAME="mine")
    assert s.database.database_url() == "postgresql://me:pw@db:5433/mine"
    # legacy mode: every role uses the same login
    assert (
        s.database.database_url("admin")
        == s.database.database_url("rw")
        == s.database.database_url("ro")
    )


def test_db_name_alone_keeps_the_embedded_server_but_names_its_database() -> None:
    s = load(DB_NAME="other")
    assert s.database.uses_embedded and s.database.database_name() == "other"


def test_role_passwords_switch_to_the_three_role_users() -> None:
    s = load(DB_HOST="db", DB_USER="postgres", DB_PASSWORD="super", **ROLE_PASSWORDS)
    assert s.database.role_mode
    assert s.database.database_url("admin") == "postgresql://strata_admin:adm-pw@db:5432/strata"
    assert s.database.database_url("rw") == "postgresql://strata_rw:rw-pw@db:5432/strata"
    assert s.database.database_url("ro") == "postgresql://strata_ro:ro-pw@db:5432/strata"
    assert s.database.database_url() == s.database.database_url("rw")  # the service connects as rw
    assert s.database.bootstrap_url() == "postgresql://postgres:super@db:5432/strata"  # db init
    assert s.database.role_passwords() == {"admin": "adm-pw", "rw": "rw-pw", "ro": "ro-pw"}


def test_role_passwords_apply_to_a_full_url_too() -> None:
    s = load(DATABASE_URL="postgresql://root:rootpw@db/app", **ROLE_PASSWORDS)
    assert s.database.database_url("rw") == "postgresql://strata_rw:rw-pw@db/app"
    assert s.database.bootstrap_url() == "postgresql://root:rootpw@db/app"


def test_ro_without_its_password_fails_when_asked_for() -> None:
    s = load(DB_HOST="db", DB_PASSWORD_ADMIN="a", DB_PASSWORD_RW="r")
    assert s.database.database_url("rw")
    with pytest.raises(SettingsError, match="DB_PASSWORD_RO") as info:
        s.database.database_url("ro")
    assert info.value.variables == ("DB_PASSWORD_RO",)


# --- environments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "dev"),
        ({"DEMO": "1"}, "demo"),
        ({"DEMO": "true"}, "demo"),
        ({"DEMO": "0"}, "dev"),
        ({"STRATA_DB_ENVIRONMENT": "test"}, "test"),
        ({"STRATA_DB_ENVIRONMENT": "DEMO"}, "demo"),
        ({"STRATA_DB_ENVIRONMENT": "demo", "DEMO": "yes"}, "demo"),
        ({"STRATA_DB_ENVIRONMENT": "development"}, "dev"),
    ],
)
def test_environment(env: dict[str, str], expected: str) -> None:
    assert load(**env).database.environment() == expected


def test_test_and_demo_borrow_the_dev_url_with_their_own_database() -> None:
    dev = "postgresql://u:p@h:5432/strata"
    assert (
        load(DATABASE_URL=dev, STRATA_DB_ENVIRONMENT="test").database.database_url()
        == "postgresql://u:p@h:5432/strata_test"
    )
    assert (
        load(DATABASE_URL=dev, DEMO="1").database.database_url()
        == "postgresql://u:p@h:5432/strata_demo"
    )
    assert (
        load(DATABASE_URL=dev, DEMO="1", DB_NAME_DEMO="showcase").database.database_url()
        == "postgresql://u:p@h:5432/showcase"
    )


def test_dedicated_test_and_demo_urls_win() -> None:
    env = {
        "DATABASE_URL": "postgresql://u:p@h/strata",
        "DATABASE_URL_TEST": "postgresql://t:t@testhost/t_db",
        "DATABASE_URL_DEMO": "postgresql://d:d@demohost/d_db",
    }
    assert load(**env).database.database_url() == "postgresql://u:p@h/strata"
    assert (
        load(**env, STRATA_DB_ENVIRONMENT="test").database.database_url()
        == "postgresql://t:t@testhost/t_db"
    )
    assert load(**env, DEMO="1").database.database_url() == "postgresql://d:d@demohost/d_db"


def test_parts_and_embedded_use_the_environments_database_name() -> None:
    assert (
        load(DB_HOST="db", STRATA_DB_ENVIRONMENT="test").database.database_url()
        == "postgresql://postgres@db:5432/strata_test"
    )
    assert load(STRATA_DB_ENVIRONMENT="test").database.database_name() == "strata_test"
    assert load(DEMO="1").database.database_name() == "strata_demo"


def test_only_the_test_url_set_leaves_dev_embedded() -> None:
    s = load(DATABASE_URL_TEST="postgresql://t@h/strata_test")
    assert s.database.uses_embedded
    assert not load(
        DATABASE_URL_TEST="postgresql://t@h/strata_test", STRATA_DB_ENVIRONMENT="test"
    ).database.uses_embedded


# --- bad input names its variable ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DATABASE_POOL_SIZE": "abc"}, "DATABASE_POOL_SIZE"),
        ({"DATABASE_POOL_SIZE": "0"}, "DATABASE_POOL_SIZE"),
        ({"DATABASE_MAX_OVERFLOW": "-1"}, "DATABASE_MAX_OVERFLOW"),
        ({"DATABASE_POOL_RECYCLE": "1.5x"}, "DATABASE_POOL_RECYCLE"),
        ({"DATABASE_POOL_TIMEOUT": "0"}, "DATABASE_POOL_TIMEOUT"),
        ({"DB_PORT": "zz"}, "DB_PORT"),
        ({"DB_PORT": "70000"}, "DB_PORT"),
        ({"DB_NAME": "no spaces allowed"}, "DB_NAME"),
        ({"DEMO": "maybe"}, "DEMO"),
        ({"DB_ECHO": "loud"}, "DATABASE_ECHO/DB_ECHO"),
        ({"STRATA_DB_ENVIRONMENT": "staging"}, "STRATA_DB_ENVIRONMENT"),
        ({"STRATA_STORAGE": "sqlite"}, "STRATA_STORAGE"),
        ({"DATABASE_URL": "mysql://u:p@h/d"}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:///x.db"}, "DATABASE_URL"),
        ({"DATABASE_URL_TEST": "not a url"}, "DATABASE_URL_TEST"),
        ({"DATABASE_URL_DEMO": "postgresql:///nohost"}, "DATABASE_URL_DEMO"),
        ({"STRATA_GRPC_ADDR": "nope"}, "STRATA_GRPC_ADDR"),
        ({"STRATA_LOG_LEVEL": "loud"}, "STRATA_LOG_LEVEL"),
        ({"STRATA_SHUTDOWN_GRACE": "-1"}, "STRATA_SHUTDOWN_GRACE"),
        ({"STRATA_DB_CONNECT_RETRIES": "many"}, "STRATA_DB_CONNECT_RETRIES"),
        ({"STRATA_DB_CONNECT_BACKOFF": "0"}, "STRATA_DB_CONNECT_BACKOFF"),
        ({"STRATA_GRPC_PORT": "50051"}, "STRATA_GRPC_PORT"),
        ({"STRATA_EMBEDDING_DIM": "0"}, "STRATA_EMBEDDING_DIM"),
        ({"STRATA_EMBEDDING_DIM": "5000"}, "STRATA_EMBEDDING_DIM"),
        ({"STRATA_EMBEDDING_INDEX": "ivfflat"}, "STRATA_EMBEDDING_INDEX"),
        ({"strata_typo": "1"}, "STRATA_TYPO"),
    ],
)
def test_a_bad_value_fails_naming_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError) as info:
        load(**env)
    assert variable in str(info.value)
    assert variable in info.value.variables


@pytest.mark.parametrize(
    ("env", "variables"),
    [
        ({"DEMO": "1", "STRATA_DB_ENVIRONMENT": "test"}, {"DEMO", "STRATA_DB_ENVIRONMENT"}),
        ({"DEMO": "1", "STRATA_DB_ENVIRONMENT": "dev"}, {"DEMO", "STRATA_DB_ENVIRONMENT"}),
        (
            {"STRATA_STORAGE": "memory", "DATABASE_URL": "postgresql://h/d"},
            {"STRATA_STORAGE", "DATABASE_URL"},
        ),
        (
            {"STRATA_STORAGE": "memory", "DATABASE_URL_TEST": "postgresql://h/d"},
            {"STRATA_STORAGE", "DATABASE_URL_TEST"},
        ),
        ({"DB_ECHO": "1", "DATABASE_ECHO": "0"}, {"DB_ECHO", "DATABASE_ECHO"}),
        (
            {
                "DATABASE_URL": "postgresql://h/app",
                "DATABASE_URL_TEST": "postgresql://u@h:5432/app",
            },
            {"DATABASE_URL_TEST", "DATABASE_URL"},
        ),
        ({"DB_NAME_TEST": "strata"}, {"DB_NAME_TEST", "DB_NAME"}),
        ({"DB_NAME_DEMO": "x", "DB_NAME_TEST": "x"}, {"DB_NAME_DEMO", "DB_NAME_TEST"}),
        ({"DB_PASSWORD_RO": "only-ro"}, {"DB_PASSWORD_ADMIN", "DB_PASSWORD_RW"}),
        ({"STRATA_DB_ENVIRONMENT": "prod"}, {"STRATA_DB_ENVIRONMENT", "DATABASE_URL"}),
        (
            {"STRATA_EMBEDDING_DIM": "3072", "STRATA_EMBEDDING_INDEX": "vector"},
            {"STRATA_EMBEDDING_INDEX", "STRATA_EMBEDDING_DIM"},
        ),
    ],
)
def test_contradictions_fail_naming_the_variables(env: dict[str, str], variables: set[str]) -> None:
    with pytest.raises(SettingsError) as info:
        load(**env)
    assert variables <= set(info.value.variables)
    for var in variables:
        assert var in str(info.value)


@pytest.mark.parametrize(
    ("env", "kind"),
    [
        ({}, "vector"),
        ({"STRATA_EMBEDDING_DIM": "2000"}, "vector"),
        ({"STRATA_EMBEDDING_DIM": "2001"}, "halfvec"),
        ({"STRATA_EMBEDDING_DIM": "3072"}, "halfvec"),
        ({"STRATA_EMBEDDING_DIM": "4000"}, "halfvec"),
        ({"STRATA_EMBEDDING_DIM": "384", "STRATA_EMBEDDING_INDEX": "HalfVec"}, "halfvec"),
        ({"STRATA_EMBEDDING_DIM": "3072", "STRATA_EMBEDDING_INDEX": "halfvec"}, "halfvec"),
    ],
)
def test_unset_the_embedding_index_is_the_best_one_for_the_dimension(
    env: dict[str, str], kind: str
) -> None:
    assert load(**env).knowledge.embedding_index_kind == kind


def test_dimensions_no_hnsw_index_takes_are_refused_with_the_limits() -> None:
    with pytest.raises(SettingsError, match="at most 4000: pgvector has no HNSW index"):
        load(STRATA_EMBEDDING_DIM="5000")
    with pytest.raises(SettingsError, match=r"indexes at most 2000 dimensions.*use halfvec"):
        load(STRATA_EMBEDDING_DIM="3072", STRATA_EMBEDDING_INDEX="vector")


def test_an_unknown_strata_variable_suggests_the_known_one() -> None:
    with pytest.raises(SettingsError, match="did you mean STRATA_GRPC_ADDR"):
        load(STRATA_GRPC_ADR="127.0.0.1:1")


def test_variables_read_outside_settings_are_known() -> None:
    assert {"STRATA_ALEMBIC_INI", "STRATA_MIGRATION_URL"} <= KNOWN_STRATA_VARS
    load(STRATA_ALEMBIC_INI="/x/alembic.ini")


def test_the_alembic_ini_is_a_setting_of_the_service() -> None:
    assert load(STRATA_ALEMBIC_INI="/x/alembic.ini").migrations.alembic_ini == Path(
        "/x/alembic.ini"
    )
    assert load().migrations.alembic_ini is None


def test_other_variables_are_not_our_business() -> None:
    load(PATH="/bin", HOME="/root", API_KEY="x", CLICKHOUSE_URL="http://h")


def test_empty_values_count_as_unset() -> None:
    s = load(DATABASE_URL="", DB_HOST="", DATABASE_POOL_SIZE="")
    assert s.database.uses_embedded and s.database.database_pool_size == 5


def test_echo_has_two_names() -> None:
    assert load(DB_ECHO="true").database.db_echo
    assert load(DATABASE_ECHO="on").database.db_echo
    assert load(DB_ECHO="1", DATABASE_ECHO="yes").database.db_echo
    assert not load().database.db_echo


def test_pool_settings_are_read() -> None:
    s = load(
        DATABASE_POOL_SIZE="7",
        DATABASE_MAX_OVERFLOW="0",
        DATABASE_POOL_RECYCLE="-1",
        DATABASE_POOL_TIMEOUT="2.5",
    )
    assert s.database.pool_options() == {
        "pool_size": 7,
        "max_overflow": 0,
        "pool_recycle": -1,
        "pool_timeout": 2.5,
        "echo": False,
    }


# --- the process environment and .env ------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    import os

    for name in list(os.environ):
        if name.upper().startswith(("STRATA_", "DATABASE_", "DB_")) or name.upper() == "DEMO":
            monkeypatch.delenv(name)
    return monkeypatch


def test_reads_the_process_environment_case_insensitively(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("database_pool_size", "9")
    clean_env.setenv("STRATA_STORAGE", "memory")
    clean_env.setenv("STRATA_DATA_DIR", str(tmp_path))
    s = load_settings(env_file=None)
    assert (s.database.database_pool_size, s.database.storage, s.database.data_dir) == (
        9,
        "memory",
        tmp_path,
    )


def test_unknown_strata_variable_in_the_environment_fails(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("STRATA_STORAGEE", "memory")
    with pytest.raises(SettingsError, match="STRATA_STORAGEE"):
        load_settings(env_file=None)


def test_dot_env_is_read_and_checked(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DB_HOST=from-dotenv\nDB_PASSWORD=pw\n")
    s = load_settings(env_file=str(env_file))
    assert s.database.database_url() == "postgresql://postgres:pw@from-dotenv:5432/strata"
    clean_env.setenv("DB_HOST", "from-env")  # the environment wins over .env
    assert (
        load_settings(env_file=str(env_file)).database.database_url()
        == "postgresql://postgres:pw@from-env:5432/strata"
    )
    env_file.write_text("STRATA_NOPE=1\n")
    with pytest.raises(SettingsError, match="STRATA_NOPE"):
        load_settings(env_file=str(env_file))


# --- secrets stay secret -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:hunter2@h:5432/d", "postgresql://u:***@h:5432/d"),
        (
            "postgresql://u@h/d?password=hunter2&sslmode=require",
            "postgresql://u@h/d?password=%2A%2A%2A&sslmode=require",
        ),
        (
            "postgresql://postgres:@/strata?host=/tmp/x",
            "postgresql://postgres:***@/strata?host=%2Ftmp%2Fx",
        ),
        (None, "(embedded)"),
        ("::not a url::", "(unparseable URL)"),
    ],
)
def test_redacted_urls_never_show_a_password(url: str | None, shown: str) -> None:
    assert redact_url(url) == shown
    assert Settings.redacted(url) == shown
    assert "hunter2" not in redact_url(url)


def test_repr_and_errors_never_show_a_password() -> None:
    s = load(DATABASE_URL="postgresql://u:hunter2@h/d", DB_PASSWORD="pw-legacy", **ROLE_PASSWORDS)
    for text in (repr(s), str(s)):
        assert "hunter2" not in text and "pw-legacy" not in text and "rw-pw" not in text
    with pytest.raises(SettingsError) as info:
        load(DATABASE_URL="mysql://u:hunter2@h/d")
    assert "hunter2" not in str(info.value)
    with pytest.raises(SettingsError) as info:
        load(STRATA_KEY_PEPPER="pepper-secret", STRATA_GRPC_ADDR="bad")
    assert "pepper-secret" not in str(info.value)


def test_settings_are_frozen() -> None:
    s = load()
    with pytest.raises(Exception):  # noqa: B017 - pydantic's ValidationError
        s.database.storage = "memory"  # type: ignore[misc]
