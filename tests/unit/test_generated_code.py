"""The checked-in gRPC stubs match the protos, and the protos pass buf lint."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_generated_stubs_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_protos.py"), "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, (
        "src/strata is stale; run `python scripts/gen_protos.py`\n" + result.stdout + result.stderr
    )


def test_buf_lint_is_clean() -> None:
    buf = REPO / "node_modules" / ".bin" / "buf"
    assert buf.exists(), (
        f"{buf.relative_to(REPO)} is missing: run `npm ci` in {REPO} "
        "(installs the pinned @bufbuild/buf from package-lock.json)"
    )
    npx = shutil.which("npx")
    assert npx is not None, "npx not found: install Node.js/npm, then run `npm ci`"
    result = subprocess.run(
        [npx, "--no-install", "buf", "lint"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, "buf lint failed:\n" + result.stdout + result.stderr
