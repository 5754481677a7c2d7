"""The violations found in one request, collected up to a bound."""

from __future__ import annotations

from domain.kernel.errors import FieldViolation, InvalidArgument, quoted

# Enough to fix a request by; few and short enough that the status stays well below the
# 8 KiB of trailing metadata a client accepts (each violation is repeated in the message,
# the BadRequest and the ErrorInfo): at most 10 violations, paths of at most 80 characters.
MAX_VIOLATIONS = 10
MAX_PATH = 80
MAX_KEY = 32


class Found:
    __slots__ = ("full", "violations")

    def __init__(self) -> None:
        self.violations: list[FieldViolation] = []
        self.full = False

    def add(self, path: str, description: str) -> None:
        if not self.full:
            self.violations.append(FieldViolation(quoted(path, MAX_PATH), description))
            self.full = len(self.violations) >= MAX_VIOLATIONS

    def raise_if_any(self) -> None:
        if self.violations:
            raise InvalidArgument(self.violations)


NUL = "\x00"
SHOWN_NUL = "\\u0000"


def key_path(path: str, key: object) -> str:
    """The path of a map or Struct entry: `metadata.foo`, its key bounded and NUL shown."""
    return path + "." + quoted(str(key).replace(NUL, SHOWN_NUL), MAX_KEY)
