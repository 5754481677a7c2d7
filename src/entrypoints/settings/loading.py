"""Loading the settings: the process environment and `.env`, or only a given mapping;
unknown STRATA_* names and contradictions fail naming the variable."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from entrypoints.settings.base import SettingsError, only_given, strict_bool
from entrypoints.settings.composed import CONCERNS, Settings
from entrypoints.settings.migrations import MigrationSettings

ENV_VARS: dict[str, dict[str, str]] = {
    name: concern.env_names() for name, concern in CONCERNS.items()
}
KNOWN_STRATA_VARS = frozenset(
    var
    for names in [*ENV_VARS.values(), MigrationSettings.env_names()]
    for var in names
    if var.startswith("STRATA_")
)


def check_unknown(names: Iterable[str]) -> None:
    """Unknown STRATA_* variables are typos: fail rather than silently ignore them."""
    unknown = sorted(
        {n.upper() for n in names if n.upper().startswith("STRATA_")} - KNOWN_STRATA_VARS
    )
    if unknown:
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, KNOWN_STRATA_VARS, n=1, cutoff=0.75)
            hints.append(f"{name} (did you mean {close[0]}?)" if close else name)
        raise SettingsError(
            f"unknown setting {', '.join(hints)}; known STRATA_* variables: "
            f"{', '.join(sorted(KNOWN_STRATA_VARS))}",
            tuple(unknown),
        )


def _check_echo(env: Mapping[str, str]) -> None:
    upper = {k.upper(): v for k, v in env.items()}
    a, b = upper.get("DB_ECHO"), upper.get("DATABASE_ECHO")
    if a and b and strict_bool(a) != strict_bool(b):
        raise SettingsError(
            f"DB_ECHO={a} contradicts DATABASE_ECHO={b}", ("DB_ECHO", "DATABASE_ECHO")
        )


def _dotenv(env_file: str | None) -> dict[str, str]:
    if not env_file or not Path(env_file).is_file():
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(env_file).items() if v is not None}


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: str | None = ".env"
) -> Settings:
    """Settings from the process environment (and `.env`), or only from `environ` when given.

    Raises SettingsError naming the variable for unknown STRATA_* names, bad values and
    contradictions.
    """
    if environ is None:
        dotenv = _dotenv(env_file)
        check_unknown(set(os.environ) | set(dotenv))
        _check_echo({**dotenv, **os.environ})
        return Settings.build(_env_file=env_file)
    check_unknown(environ)
    _check_echo(environ)
    with only_given():
        return Settings.build(**_given(environ))


def _given(environ: Mapping[str, str]) -> dict[str, Any]:
    """Field name -> value, for the variables of every concern (first spelling wins)."""
    values: dict[str, Any] = {}
    for names in ENV_VARS.values():
        for key, value in environ.items():
            field = names.get(key.upper())
            if field is not None and value != "" and field not in values:
                values[field] = value
    return values


def operator_name() -> str:
    """Who runs a maintenance command (the login's USER), for the entries it records."""
    return os.environ.get("USER") or "operator"
