"""What every concern's settings share: flat environment names, `.env`, frozen values,
and failures that name the variable."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from pydantic import AliasChoices, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

TRUE = {"1", "true", "yes", "on", "y", "t"}
FALSE = {"0", "false", "no", "off", "n", "f", ""}

# When set, settings come only from the values given (tests, load_settings(environ=...)).
_ONLY_INIT: contextvars.ContextVar[bool] = contextvars.ContextVar("_only_init", default=False)

Problem = tuple[str, tuple[str, ...]]


class SettingsError(Exception):
    """A bad or contradictory setting; the message names the variable(s)."""

    def __init__(self, message: str, variables: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.variables = variables

    @classmethod
    def of(cls, problems: list[Problem]) -> SettingsError:
        return cls("; ".join(p for p, _ in problems), tuple(v for _, vs in problems for v in vs))


def env(name: str, *more: str) -> Any:
    """A field read from the environment variable `name` (and aliases)."""
    return AliasChoices(name, *more) if more else name


def strict_bool(value: Any) -> Any:
    if isinstance(value, str):
        low = value.strip().lower()
        if low in TRUE:
            return True
        if low in FALSE:
            return False
        raise ValueError("must be one of 1/0, true/false, yes/no, on/off")
    return value


class Concern(BaseSettings):
    """One concern's settings, read from the same flat variables (and `.env`) as the rest."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,
        validate_by_name=True,
        validate_by_alias=True,
        frozen=True,
    )
    secret_fields: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise _settings_error(type(self), exc) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        if _ONLY_INIT.get():
            return (init_settings,)
        return (init_settings, env_settings, dotenv_settings)

    def model_post_init(self, context: Any, /) -> None:
        if problems := self.problems():
            raise SettingsError.of(problems)

    def problems(self) -> list[Problem]:
        """Contradictions between this concern's settings."""
        return []

    @classmethod
    def env_names(cls) -> dict[str, str]:
        """Upper-case environment variable -> field name."""
        out: dict[str, str] = {}
        for name, info in cls.model_fields.items():
            alias = info.validation_alias
            choices = alias.choices if isinstance(alias, AliasChoices) else [alias or name]
            for choice in choices:
                out[str(choice).upper()] = name
        return out


def _settings_error(concern: type[Concern], exc: ValidationError) -> SettingsError:
    names = concern.env_names()
    by_field: dict[str, list[str]] = {}
    for var, field in names.items():
        by_field.setdefault(field, []).append(var)
    messages, variables = [], []
    for err in exc.errors():
        loc = str(err["loc"][0]) if err["loc"] else ""
        field = loc if loc in by_field else names.get(loc.upper(), loc)
        var = "/".join(by_field.get(field, [loc.upper()]))
        msg = str(err["msg"]).removeprefix("Value error, ")
        shown = "" if field in concern.secret_fields else f" (got {err.get('input')!r})"
        messages.append(f"{var}: {msg}{shown}")
        variables.append(var)
    return SettingsError("; ".join(messages), tuple(variables))


@contextmanager
def only_given() -> Iterator[None]:
    """Meanwhile, concerns read only the values given to them, not the environment."""
    token = _ONLY_INIT.set(True)
    try:
        yield
    finally:
        _ONLY_INIT.reset(token)
