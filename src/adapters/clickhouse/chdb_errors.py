"""chDB's errors as every client raises them, importable without loading chDB itself (the
server process of a hosted chDB never loads it)."""

from __future__ import annotations

import builtins


class ChdbPathError(RuntimeError):
    """chDB keeps one data path per process (and one process per path)."""


class ChdbError(RuntimeError):
    """An error chDB raised in the host process (a RuntimeError, like chdb.ChdbError)."""


def described(exc: BaseException) -> tuple[str, str]:
    """What crosses the pipe: the error's class name and its message."""
    return type(exc).__name__, str(exc)


def rebuilt(kind: str, message: str) -> Exception:
    """The error the host reported, as this side raises it: builtin classes as themselves,
    the path error as ChdbPathError, chDB's and any other as ChdbError."""
    if kind == ChdbPathError.__name__:
        return ChdbPathError(message)
    known = getattr(builtins, kind, None)
    if isinstance(known, type) and issubclass(known, Exception):
        return known(message)
    return ChdbError(message)
