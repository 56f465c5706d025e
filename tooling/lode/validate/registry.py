"""The check registry: adding a semantic check is one decorated function.

    @check("edition", code("no-title", "warning", "node has no title", "add `title:`"))
    def titles(ed: Edition, locate: Locate) -> Iterator[Finding]:
        ...

The decorator defines the codes the check emits (in the registry of ``core/codes.py``,
so the CLI, the reports and the codes page know them) and adds the function to its
scope. ``validate/run.py`` runs every check of a scope where that scope's data is ready;
it never names a check. The scopes and the arguments their checks take:

- ``edition``: ``(ed: Edition, locate)`` -- within one edition file, on the model;
- ``standard``: ``(std: StandardFacts, editions: dict[str, EditionFacts])`` -- across the
  editions of one standard, in the order ``standard.yaml`` lists them;
- ``corpus``: ``(editions: list[EditionFacts], standards: dict[str, StandardFacts],
  incomplete: set[str])`` -- across every standard;
- ``crosswalk``: ``(cw: Crosswalk, locate)`` -- within one crosswalk file;
- ``crosswalk-links``: ``(facts: CrosswalkFacts, indexes, standards, incomplete)`` -- a
  crosswalk's rows against the editions they map;
- ``comments``: ``(facts: CommentsFacts, texts: StageTexts, judged)`` -- a draft's comments
  against the text of each stage (``validate/comments.py``);
- ``disclosure``: ``(d: Disclosure, spec: Spec, judged: Judged, schema_failed: set[str])`` --
  a company's disclosure against the edition it is checked against, after its schema
  (``disclose/checks.py``; ``schema_failed`` names the facts the schema already refused).
  ``disclose.checks.judge`` runs them once per file, in registration order: a check may read
  what an earlier one recorded in ``judged`` (the facts and omissions it accepted, the
  conversions it made, which conditional metrics apply) and records what it learns there.

Checks return (or generate) their findings; they never print, raise for content, or stop
at the first problem. :func:`functions` gives a scope's functions as a tuple made at
registration, so a per-file loop iterates it without building anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from ..core.codes import Code, define
from ..core.findings import Finding

SCOPES = ("edition", "standard", "corpus", "crosswalk", "crosswalk-links", "comments", "disclosure")

CheckFn = Callable[..., Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    name: str
    scope: str
    codes: tuple[str, ...]
    fn: CheckFn


CHECKS: dict[str, list[Check]] = {s: [] for s in SCOPES}
# Each scope's functions, remade at each registration (rare), read at each run (often).
_FUNCTIONS: dict[str, tuple[CheckFn, ...]] = {s: () for s in SCOPES}


def code(name: str, severity: str, summary: str, hint: str, rel: str | None = None) -> Code:
    """A content code a check emits (exit 1 for errors)."""
    return define(name, severity, "content", summary, hint, rel)


def check(scope: str, *codes: Code) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as a check of ``scope`` that emits ``codes``."""
    if scope not in CHECKS:
        raise ValueError(f"unknown check scope {scope!r} (scopes: {', '.join(SCOPES)})")

    def register(fn: CheckFn) -> CheckFn:
        CHECKS[scope].append(Check(fn.__name__, scope, tuple(c.name for c in codes), fn))
        _FUNCTIONS[scope] = tuple(c.fn for c in CHECKS[scope])
        return fn
    return register


def functions(scope: str) -> tuple[CheckFn, ...]:
    """The check functions of ``scope``, in registration order."""
    return _FUNCTIONS[scope]


def run(scope: str, *args: Any) -> Iterator[Finding]:
    """Every finding of every check of ``scope``, in registration order."""
    for fn in _FUNCTIONS[scope]:
        yield from fn(*args)
