"""A sampled mutation test: N random one-place changes to the domain and the adapters.

Each mutant is applied to a copy of the tree in a temporary directory (the working tree is
never touched) and the fast tests that cover the mutated module run against the copy with
`-x` and a timeout. A mutant the tests fail on is killed; one they pass is a survivor,
printed with its file:line and change. Same seed, same sample.

    nice .venv/bin/python scripts/mutation_sample.py --seed 8 -n 45
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mutation_sites import Site, mutate, sites_of

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("src/domain", "src/adapters/memory", "src/adapters/postgres")
COPIED = ("src", "tests", "migrations", "protos", "pyproject.toml", "alembic.ini")
FAST = ["tests/unit", "tests/contract", "-m", "not postgres"]
PG = ["-m", "postgres"]
# Module prefix -> the tests that exercise it (the first match wins).
TESTS: tuple[tuple[str, list[str]], ...] = (
    ("src/adapters/postgres/admin.py", ["tests/integration/test_cli.py"]),
    ("src/adapters/postgres/engine.py", ["tests/contract"]),
    ("src/adapters/postgres/migrate.py", ["tests/integration/test_cli.py", "tests/migrations"]),
    (
        "src/adapters/postgres/standing.py",
        [
            "tests/unit/test_standing_cache.py",
            "tests/unit/test_standing_cache_bounds.py",
            "tests/contract",
        ],
    ),
    (
        "src/adapters/postgres/identity.py",
        [
            *PG,
            "tests/contract/test_identity_repositories.py",
            "tests/contract/test_idempotency_claims.py",
        ],
    ),
    (
        "src/adapters/postgres/knowledge",
        [
            *PG,
            "tests/contract/test_knowledge_repositories.py",
            "tests/contract/test_chunk_replace.py",
            "tests/contract/test_min_similarity_boundary.py",
        ],
    ),
    (
        "src/adapters/postgres/audit",
        [
            *PG,
            "tests/contract/test_audit_log.py",
            "tests/contract/test_audit_checkpoints.py",
            "tests/contract/test_audit_in_transaction.py",
        ],
    ),
    ("src/adapters/postgres/", [*PG, "tests/contract"]),
    ("src/adapters/memory/", FAST),
    ("src/domain/audit/", [*FAST[:2], "tests/integration/test_audit_tamper.py"]),
    ("src/domain/", FAST),
)


def tests_for(path: str) -> list[str]:
    return next(tests for prefix, tests in TESTS if path.startswith(prefix))


def run_tests(tree: Path, tests: list[str], timeout: float) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": f"{tree / 'src'}{os.pathsep}{tree}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests]
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and test paths
            command, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return "killed (timeout)"
    if done.returncode == 5:  # no tests collected: a mapping to fix, not a verdict
        raise SystemExit(f"no tests ran for {tests}")
    return "survived" if done.returncode == 0 else "killed"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # the temporary tree is removed on the way out


def copy_tree(tree: Path) -> None:
    """A snapshot of the working tree: others may edit it while the mutants run."""
    for name in COPIED:
        source, target = ROOT / name, tree / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target)


def run_sample(tree: Path, sample: list[Site], timeout: float, budget: float) -> list[Site]:
    """Run each mutant in `tree`, printing progress, until `budget` minutes are spent (0:
    no limit; `sample` is cut to the mutants run). Returns the survivors."""
    survivors: list[Site] = []
    started = time.monotonic()
    for n, site in enumerate(sample, 1):
        if budget and time.monotonic() - started > budget * 60:
            print(f"budget spent: stopping after {n - 1} mutants", flush=True)
            del sample[n - 1 :]
            break
        original = (tree / site.path).read_text()
        (tree / site.path).write_text(mutate(original, site))
        try:
            verdict = run_tests(tree, tests_for(site.path), timeout)
        finally:
            (tree / site.path).write_text(original)
        if verdict == "survived":
            survivors.append(site)
        elapsed = time.monotonic() - started
        print(f"[{n}/{len(sample)} {elapsed:.0f}s] {verdict}: {site.path}:{site.line} "
              f"{site.kind} {site.change}", flush=True)  # fmt: skip
    return survivors


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=45, help="how many mutants (45)")
    parser.add_argument("--seed", type=int, default=8, help="the sample's seed (8)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per mutant (300)")
    parser.add_argument(
        "--budget", type=float, default=0, help="minutes; no new mutant after them (0: none)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="strata-mutants-") as tmp:
        tree = Path(tmp) / "tree"
        copy_tree(tree)
        files = [p for t in TARGETS for p in sorted((tree / t).rglob("*.py"))]
        candidates = [s for p in files for s in sites_of(p, tree)]
        sample = random.Random(args.seed).sample(candidates, min(args.n, len(candidates)))
        print(f"{len(candidates)} mutation sites; sampling {len(sample)} (seed {args.seed})",
              flush=True)  # fmt: skip
        survivors = run_sample(tree, sample, args.timeout, args.budget)
    killed = len(sample) - len(survivors)
    print(f"\nkilled {killed}/{len(sample)} ({100 * killed / max(len(sample), 1):.1f} %)")
    for site in survivors:
        print(f"SURVIVED {site.path}:{site.line} {site.kind}: {site.change}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
