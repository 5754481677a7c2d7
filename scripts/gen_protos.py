#!/usr/bin/env python
"""Regenerate the Python code for Strata's protos into src/strata/.

    python scripts/gen_protos.py           # (re)generate src/strata/**
    python scripts/gen_protos.py --check   # exit 1 if src/strata/** is stale

Every protos/**/*.proto is compiled with `python -m grpc_tools.protoc`
(-Iprotos plus grpc_tools' bundled well-known types) into *_pb2.py, *_pb2.pyi
and *_pb2_grpc.py; each package directory gets an __init__.py. Generated
imports read `from strata.v1 import common_pb2`, so `src/` must be on the path
(it is once the project is installed).

The generator owns only the files it writes (those patterns plus __init__.py)
under src/strata/; anything else there is left alone. Output depends only on
the .proto files and the grpcio-tools version (pinned in pyproject.toml), so
--check is what CI runs to catch stubs that were not regenerated.
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
from importlib import metadata, resources
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROTO_DIR = REPO / "protos"
OUT_DIR = REPO / "src"
PACKAGE = "strata"  # top-level package every proto lives under
INIT_TEXT = '"""Generated; rebuild with scripts/gen_protos.py"""\n'
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py")


def _is_generated(path: Path) -> bool:
    return path.name == "__init__.py" or path.name.endswith(GENERATED_SUFFIXES)


def _proto_files() -> list[str]:
    files = sorted(p.relative_to(PROTO_DIR).as_posix() for p in PROTO_DIR.rglob("*.proto"))
    if not files:
        sys.exit(f"gen_protos: no .proto files under {PROTO_DIR}")
    outside = [f for f in files if not f.startswith(f"{PACKAGE}/")]
    if outside:
        sys.exit(f"gen_protos: protos outside {PACKAGE}/: {', '.join(outside)}")
    return files


def _generated_files(root: Path) -> dict[str, Path]:
    """Generator-owned files under root/strata, keyed by path relative to root."""
    base = root / PACKAGE
    if not base.is_dir():
        return {}
    return {
        p.relative_to(root).as_posix(): p
        for p in sorted(base.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and _is_generated(p)
    }


def generate(out: Path) -> None:
    """Compile every proto into out/ and add the package __init__.py files."""
    protos = _proto_files()
    wkt_include = resources.files("grpc_tools") / "_proto"
    cmd = [
        sys.executable,
        "-m",
        "grpc_tools.protoc",
        f"-I{PROTO_DIR.relative_to(REPO).as_posix()}",
        f"-I{wkt_include}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        *protos,
    ]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"gen_protos: protoc failed (exit {result.returncode})")
    for proto in protos:
        pkg = (out / proto).parent
        while pkg != out:
            (pkg / "__init__.py").write_text(INIT_TEXT, encoding="utf-8")
            pkg = pkg.parent


def _diff(fresh_root: Path) -> tuple[list[str], list[str], list[str]]:
    """(changed, missing, extra) generated files of src/ relative to fresh_root."""
    fresh = _generated_files(fresh_root)
    current = _generated_files(OUT_DIR)
    changed = [
        name
        for name in sorted(fresh.keys() & current.keys())
        if not filecmp.cmp(fresh[name], current[name], shallow=False)
    ]
    missing = sorted(fresh.keys() - current.keys())
    extra = sorted(current.keys() - fresh.keys())
    return changed, missing, extra


def _tools_version() -> str:
    try:
        return metadata.version("grpcio-tools")
    except metadata.PackageNotFoundError:
        return "unknown"


def check() -> int:
    with tempfile.TemporaryDirectory(prefix="strata-gen-") as tmp:
        generate(Path(tmp))
        changed, missing, extra = _diff(Path(tmp))
    if not (changed or missing or extra):
        print("gen_protos: src/strata is up to date with protos/")
        return 0
    lines = ["gen_protos: generated code in src/ is stale relative to protos/:"]
    lines += [f"  changed: src/{name}" for name in changed]
    lines += [f"  missing: src/{name}" for name in missing]
    lines += [f"  extra:   src/{name} (no proto produces it)" for name in extra]
    lines.append(
        f"Run `python scripts/gen_protos.py` (grpcio-tools {_tools_version()} here; "
        "the pin in pyproject.toml must match the one the stubs were built with) "
        "and commit the result."
    )
    print("\n".join(lines), file=sys.stderr)
    return 1


def write() -> int:
    with tempfile.TemporaryDirectory(prefix="strata-gen-") as tmp:
        fresh_root = Path(tmp)
        generate(fresh_root)
        changed, missing, extra = _diff(fresh_root)
        for name in changed + missing:
            target = OUT_DIR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((fresh_root / name).read_bytes())
    for name in extra:
        (OUT_DIR / name).unlink()
    # Drop directories left empty by removed protos (ignoring bytecode caches).
    base = OUT_DIR / PACKAGE
    for d in sorted((p for p in base.rglob("*") if p.is_dir()), reverse=True):
        if d.name != "__pycache__" and not any(c for c in d.iterdir() if c.name != "__pycache__"):
            for cache in d.glob("__pycache__"):
                for f in cache.iterdir():
                    f.unlink()
                cache.rmdir()
            d.rmdir()
    for name in changed + missing:
        print(f"wrote   src/{name}")
    for name in extra:
        print(f"removed src/{name}")
    if not (changed or missing or extra):
        print("gen_protos: already up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate into a temp dir and exit 1 if src/strata differs",
    )
    args = parser.parse_args(argv)
    return check() if args.check else write()


if __name__ == "__main__":
    sys.exit(main())
