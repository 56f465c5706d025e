"""The package's layout as a contract: imports flow one way, through the pipeline.

A module may import from its own subpackage or from an earlier one in ``LAYERS``, never
from a later one; ``core`` imports nothing else from Lode; the library never prints or
exits (only ``cli`` does, and ``site/mkdocs_plugin`` talks through mkdocs' logger).
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "tooling" / "lode"
LAYERS = ("core", "read", "model", "validate", "edit", "diff", "crosswalk", "consult", "release", "disclose", "render",
          "service", "review", "site", "cli")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def _layer(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def _imported_layers(path: Path) -> list[tuple[int, str]]:
    """(line, subpackage) of every Lode subpackage this module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    here = path.relative_to(PACKAGE).with_suffix("").parts  # e.g. ("validate", "run")
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: climb from this module's package
                base = list(here[:-1])[: len(here) - node.level]
                target = base + (node.module.split(".") if node.module else [])
                names = [target] if target else [[a.name] for a in node.names]
            elif node.module and node.module.split(".")[0] == "lode":
                names = [node.module.split(".")[1:]] if "." in node.module else [[a.name] for a in node.names]
            else:
                continue
            out += [(node.lineno, n[0]) for n in names if n and n[0] in LAYERS]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name.split(".")[1]) for a in node.names
                    if a.name.startswith("lode.") and a.name.split(".")[1] in LAYERS]
    return out


def test_every_subpackage_is_a_layer() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders <= set(LAYERS), f"subpackages missing from LAYERS: {folders - set(LAYERS)}"


@pytest.mark.parametrize("module", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_flow_one_way(module: Path) -> None:
    mine = LAYERS.index(_layer(module))
    upward = [f"line {ln}: imports lode.{layer}" for ln, layer in _imported_layers(module)
              if LAYERS.index(layer) > mine]
    assert not upward, f"{module.relative_to(REPO)} ({LAYERS[mine]}) imports a later stage: {'; '.join(upward)}"


def test_the_checker_sees_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The test above is only as good as _imported_layers: an upward import, relative or
    # absolute, must be seen.
    fake = PACKAGE / "core" / "_planted_upward.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: (
        "from ..site import build\nimport lode.cli.app\nfrom lode.render import report\n")
        if self == fake else Path.read_bytes(self).decode(encoding or "utf-8"))
    assert {layer for _, layer in _imported_layers(fake)} == {"site", "cli", "render"}


def test_core_imports_nothing_else_from_lode() -> None:
    for module in (PACKAGE / "core").glob("*.py"):
        assert {layer for _, layer in _imported_layers(module)} <= {"core"}, module.name


def test_the_library_never_prints_or_exits() -> None:
    for module in _modules():
        if _layer(module) == "cli":
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f"{getattr(f.value, 'id', '')}.{f.attr}" \
                    if isinstance(f, ast.Attribute) else ""
                assert name not in ("print", "sys.exit", "exit", "click.echo", "os._exit"), \
                    f"{module.relative_to(REPO)}:{node.lineno} calls {name}"


def test_the_library_has_no_assert_statements() -> None:
    # `python -O` strips asserts: a check the library relies on must be a plain `if`.
    found = [f"{m.relative_to(REPO)}:{n.lineno}" for m in _modules()
             for n in ast.walk(ast.parse(m.read_text(encoding="utf-8"))) if isinstance(n, ast.Assert)]
    assert not found, found


def test_the_cache_fingerprint_covers_modules_in_every_subpackage(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from lode.validate import cache

    copy = tmp_path / "lode"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", copy)

    def fingerprint() -> str:
        cache.tool_fingerprint.cache_clear()
        return cache.tool_fingerprint()

    before = fingerprint()
    nested = copy / "validate" / "checks.py"
    nested.write_text(nested.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    try:
        assert fingerprint() != before, "an edit in a subpackage must invalidate cached results"
    finally:
        cache.tool_fingerprint.cache_clear()


def test_schemas_are_found_whatever_the_depth_of_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    from lode.read import schemas

    for deeper in (PACKAGE, PACKAGE / "read", PACKAGE / "site" / "deeper" / "still"):
        monkeypatch.setattr(schemas, "PACKAGE_DIR", deeper)
        assert schemas.schema_dir() == REPO / "schemas"


def test_no_module_is_over_400_lines() -> None:
    long = {m.relative_to(PACKAGE).as_posix(): n for m in _modules()
            if (n := len(m.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, f"split these by responsibility: {long}"


def _sibling_imports(path: Path) -> set[str]:
    """The modules of this module's own subpackage that it imports (at the top or inside a
    function), as paths below it: ``{"document", "schema"}`` for a module of ``disclose``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    here = path.relative_to(PACKAGE).with_suffix("").parts
    package = here[0]
    targets: list[list[str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[:-1])[: len(here) - node.level]
                module = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "lode":
                module = node.module.split(".")[1:]
            else:
                continue
            # `from . import codes` imports the module codes; `from .run import x` the module run
            targets += [module + [a.name] for a in node.names] + [module]
        elif isinstance(node, ast.Import):
            targets += [a.name.split(".")[1:] for a in node.names if a.name.startswith("lode.")]
    out = set()
    for t in targets:
        if len(t) >= 2 and t[0] == package and (PACKAGE.joinpath(*t).with_suffix(".py")).is_file():
            out.add("/".join(t[1:]))
    out.discard("/".join(here[1:]))
    return out


def _circles(package: str) -> list[list[str]]:
    """Every import circle among the modules of ``package`` (each as the modules on it)."""
    graph = {p.relative_to(PACKAGE / package).with_suffix("").as_posix(): _sibling_imports(p)
             for p in sorted((PACKAGE / package).rglob("*.py")) if p.name != "__init__.py"}
    found: list[list[str]] = []

    def walk(node: str, trail: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in trail:
                circle = trail[trail.index(nxt):]
                if min(circle) == circle[0] and circle not in found:
                    found.append(circle)
            elif nxt in graph:
                walk(nxt, trail + [nxt])

    for start in graph:
        walk(start, [start])
    return found


@pytest.mark.parametrize("package", [p for p in LAYERS if (PACKAGE / p).is_dir()])
def test_no_two_modules_of_a_package_import_each_other(package: str) -> None:
    # A circle (document imports workbook, workbook imports document) means neither can be
    # read, tested or moved without the other: one depends on the other, or the shared part
    # moves down into a module both import.
    circles = _circles(package)
    assert not circles, f"import circles in {package}/: " + "; ".join(" -> ".join(c + c[:1]) for c in circles)


def test_the_checker_sees_an_import_circle(monkeypatch: pytest.MonkeyPatch) -> None:
    # the test above is only as good as _sibling_imports: a circle through a function-level
    # import and a `from . import` must be seen
    a, b = PACKAGE / "disclose" / "document.py", PACKAGE / "disclose" / "workbook.py"
    planted = {a: "def f():\n    from .workbook import read_template\n", b: "from . import document\n"}
    real = Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: planted.get(self) or real(self, encoding=encoding))
    assert ["document", "workbook"] in _circles("disclose")
