"""The `strata` parser and dispatch: load settings, run the command, map failures to exit
codes (0 done, 1 failed, 2 bad usage, bad settings or refused)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn

from entrypoints.cli import audit, db, jobs, serve, users, worker
from entrypoints.cli.common import EXIT_FAILED, EXIT_REFUSED, Refused
from entrypoints.settings import Settings, SettingsError, load_settings

log = logging.getLogger("strata.cli")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_REFUSED, f"strata: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="strata", description="Strata: the data core, served over gRPC.")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    serve.add_commands(sub)
    db.add_commands(sub, _Parser)
    users.add_commands(sub, _Parser)
    audit.add_commands(sub, _Parser)
    worker.add_commands(sub)
    jobs.add_commands(sub, _Parser)
    return parser


def _configure_logging(settings: Settings) -> None:
    from entrypoints import logs

    logs.configure(settings.observability.log_level, settings.observability.log_format)


def _fail(message: str, code: int) -> int:
    print(f"strata: error: {message}", file=sys.stderr)
    return code


def _expected_errors() -> tuple[type[BaseException], ...]:
    import asyncpg
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    from adapters.postgres.infra.admin.connection import AdminError
    from domain.kernel.errors import DomainError
    from entrypoints.runtime import StartupError

    return (
        StartupError,
        AdminError,
        DomainError,
        asyncpg.PostgresError,
        SQLAlchemyError,
        CommandError,
        OSError,
    )


def run(argv: list[str] | None = None) -> int:
    """Parse, load settings, run the command; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        return _fail(f"bad settings: {exc}", EXIT_REFUSED)
    _configure_logging(settings)
    command: Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]] = args.func
    expected = _expected_errors()
    try:
        return asyncio.run(command(settings, args))
    except KeyboardInterrupt:
        return 130
    except SettingsError as exc:
        return _fail(f"bad settings: {exc}", EXIT_REFUSED)
    except Refused as exc:
        return _fail(str(exc), EXIT_REFUSED)
    except expected as exc:
        log.debug("command failed", exc_info=True)
        return _fail(_one_line(exc), EXIT_FAILED)


def _one_line(exc: BaseException) -> str:
    from adapters.postgres.infra.admin.connection import AdminError
    from domain.kernel.errors import DomainError
    from entrypoints.runtime import StartupError

    text = (getattr(exc, "message", None) or str(exc)).strip()
    first = text.splitlines()[0] if text else ""
    if isinstance(exc, (StartupError, AdminError, DomainError)) and first:
        return first
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def main() -> None:
    sys.exit(run())
