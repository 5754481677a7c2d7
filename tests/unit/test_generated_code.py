"""The checked-in gRPC stubs match the protos, and the protos pass buf lint."""

from __future__ import annotations

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
    buf = Path(sys.executable).parent / "buf"
    assert buf.exists(), f"{buf} is missing: install the dev extras (buf-bin, the Buf CLI)"
    result = subprocess.run(
        [str(buf), "lint"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, "buf lint failed:\n" + result.stdout + result.stderr
