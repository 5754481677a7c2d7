"""Where and how `mutation_sample.py` changes the code: one-place AST mutations."""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FLIPS: dict[type, type] = {
    ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult,
    ast.Div: ast.Mult, ast.Mod: ast.Mult, ast.And: ast.Or, ast.Or: ast.And,
}  # fmt: skip


DROPPABLE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)
BIG = 1000  # larger constants are sizes and timeouts (configuration), not boundaries


@dataclass(frozen=True)
class Site:
    path: str
    index: int  # position of the node in ast.walk order
    kind: str
    line: int
    change: str


def _returns_none(node: ast.Return) -> bool:
    return node.value is None or (isinstance(node.value, ast.Constant) and node.value.value is None)


def _is_docstring(node: ast.AST) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def _kinds(node: ast.AST, parent_body: bool) -> Iterator[tuple[str, str]]:
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in FLIPS:
        yield "compare", f"{type(node.ops[0]).__name__} -> {FLIPS[type(node.ops[0])].__name__}"
    elif isinstance(node, (ast.BinOp, ast.BoolOp)) and type(node.op) in FLIPS:
        yield "operator", f"{type(node.op).__name__} -> {FLIPS[type(node.op)].__name__}"
    elif isinstance(node, ast.Constant) and type(node.value) is int and node.value < BIG:
        yield "constant", f"{node.value} -> {node.value + 1}"
    elif isinstance(node, ast.Return) and not _returns_none(node):
        yield "return", "return value -> return None"
    if parent_body and isinstance(node, DROPPABLE) and not _is_docstring(node):
        yield "drop", f"drop `{ast.unparse(node).splitlines()[0][:60]}`"


def _method_statements(tree: ast.AST) -> set[int]:
    """ids of statements in the bodies of functions with more than one statement."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and len(node.body) > 1:
            found.update(id(s) for s in node.body)
    return found


def sites_of(path: Path, root: Path) -> list[Site]:
    tree = ast.parse(path.read_text())
    in_body = _method_statements(tree)
    annotations = {id(n) for a in ast.walk(tree) for n in ast.walk(a) if _is_annotation(a, n)}
    rel = str(path.relative_to(root))
    return [
        Site(rel, i, kind, getattr(node, "lineno", 0), change)
        for i, node in enumerate(ast.walk(tree))
        if id(node) not in annotations
        for kind, change in _kinds(node, id(node) in in_body)
    ]


def _is_annotation(owner: ast.AST, node: ast.AST) -> bool:
    return isinstance(owner, (ast.arg, ast.AnnAssign)) and owner.annotation is node


def mutate(source: str, site: Site) -> str:
    tree = ast.parse(source)
    node = list(ast.walk(tree))[site.index]
    if site.kind == "compare":
        assert isinstance(node, ast.Compare)
        node.ops = [FLIPS[type(node.ops[0])]()]
    elif site.kind == "operator":
        assert isinstance(node, (ast.BinOp, ast.BoolOp))
        node.op = FLIPS[type(node.op)]()  # type: ignore[assignment]
    elif site.kind == "constant":
        assert isinstance(node, ast.Constant)
        node.value += 1
    elif site.kind == "return":
        assert isinstance(node, ast.Return)
        node.value = ast.Constant(None)
    else:
        for parent in ast.walk(tree):
            body = getattr(parent, "body", None)
            if isinstance(body, list) and node in body:
                body[body.index(node)] = ast.Pass()
    return ast.unparse(ast.fix_missing_locations(copy.deepcopy(tree)))
