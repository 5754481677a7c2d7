"""Worker keys: the job kinds a key is limited to, and how a key may narrow them.

A key with job kinds is a worker key. It works jobs of those kinds (claims,
heartbeats, completions, failures) and reads them; it submits, cancels and lists
nothing, calls no other service but to ask who it is and to issue keys of no more
kinds than its own, and carries none of its user's superuser powers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from domain.kernel.errors import PermissionDenied, Validator, quoted

MAX_KIND_CHARS = 64
MAX_KEY_KINDS = 32
_KIND = re.compile(r"[a-z0-9_.-]+")


def check_key_kinds(kinds: Sequence[str], field: str = "job_kinds") -> tuple[str, ...]:
    """Distinct, sorted; each 1..64 of a-z, 0-9, `_`, `.` and `-` (a job's kind)."""
    v = Validator()
    v.check(len(kinds) <= MAX_KEY_KINDS, field, f"must be at most {MAX_KEY_KINDS} kinds")
    for i, kind in enumerate(kinds):
        shaped = 0 < len(kind) <= MAX_KIND_CHARS and _KIND.fullmatch(kind) is not None
        v.check(shaped, f"{field}[{i}]", f"must be 1 to {MAX_KIND_CHARS} of a-z, 0-9, _ . -")
    v.raise_if_any()
    return tuple(sorted(set(kinds)))


def narrowed(
    requested: tuple[str, ...], held: tuple[str, ...], field: str = "job_kinds"
) -> tuple[str, ...]:
    """What a key limited to `held` kinds may issue: a subset (none requested: all it holds)."""
    if not held:
        return requested
    if not requested:
        return held
    wider = [k for k in requested if k not in held]
    if wider:
        raise PermissionDenied(
            f"{field}: this key serves only {', '.join(held)}, not {quoted(wider[0])}",
            reason="JOB_KINDS_WIDENED",
            field=field,
        )
    return requested
