"""What an edition asks a discloser for: its metrics, in document order, each with its
tier path, value spec, requirement and machine-checkable condition.

A view of the one edition model (``model/edition.py``) the site and the diff read: the
metrics are the edition's nodes that carry a value spec, each :class:`Metric` holding its
:class:`~lode.model.edition.Node`. What the model does not keep as authored -- a title's
translation stamps, the value spec as written, ``applies-if`` (which the site and the diff
do not need) -- is read from the node's own data in :attr:`Edition.data`, the mapping the
edition was built from; ``applies-if`` is read here and nowhere else. A pinned release
(its canonical JSON from a bundle or a git blob) and the work tree give the same
``Edition``, so the same spec.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator, Mapping

from ..model.edition import Edition, Node


@dataclass(frozen=True)
class Condition:
    """``applies-if``: the metric applies when ``metric`` (a screening metric) equals ``equals``."""

    metric: str
    equals: Any = True

    def describe(self) -> str:
        value = "true" if self.equals is True else "false" if self.equals is False else str(self.equals)
        return f"{self.metric} = {value}"


@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    number: str | None
    title: Mapping[str, str]
    requirement: str
    value: Mapping[str, Any]  # the edition's value spec as authored
    tiers: tuple[tuple[str, Mapping[str, str]], ...]  # (id, title) of each ancestor below the indicator root
    applies_if: Condition | None = None
    fidelity: str = ""
    # the node the metric sits in -- (id, printed number, title) -- even when every metric
    # shares it: an index lists each metric under its topic or article (disclose/index.py)
    section: tuple[str, str | None, Mapping[str, str]] | None = None
    node: Node | None = field(default=None, repr=False, compare=False)  # the edition's node
    # Read from ``value`` once, when the edition is read: every fact of every file checked
    # asks for them (as properties they were a tenth of a passing file's checks).
    type: str = field(init=False, repr=False, compare=False)
    unit: str | None = field(init=False, repr=False, compare=False)
    minimum: float | None = field(init=False, repr=False, compare=False)
    maximum: float | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, v in (("type", self.value["type"]), ("unit", self.value.get("unit")),
                        ("minimum", self.value.get("minimum")), ("maximum", self.value.get("maximum"))):
            object.__setattr__(self, name, v)  # frozen: as the dataclass's own __init__ sets fields

    @property
    def columns(self) -> tuple[Mapping[str, Any], ...]:
        return tuple(self.value.get("columns", ()))

    def label(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title.get("en") or self.title.get("zh") or self.id

    def tier_path(self, lang: str = "en") -> str:
        return " / ".join(t.get(lang) or t.get("en") or t.get("zh") or i for i, t in self.tiers)


@dataclass(frozen=True)
class Spec:
    """Every metric of one edition, plus the edition's identity and applicability window."""

    ref: str
    metrics: tuple[Metric, ...]
    dates: Mapping[str, str]
    edition: Edition | None = field(default=None, repr=False, compare=False)  # what it is a view of

    @cached_property
    def illustrative(self) -> int:
        """Metrics whose content is a placeholder (fidelity `illustrative`): a verdict says so."""
        return sum(m.fidelity == "illustrative" for m in self.metrics)

    @cached_property
    def by_id(self) -> dict[str, Metric]:
        return {m.id: m for m in self.metrics}

    @cached_property
    def units(self) -> dict[str, str | None]:
        """metric id -> the edition's unit for it (None: the metric takes no unit)."""
        return {m.id: m.unit for m in self.metrics}

    @cached_property
    def must_answer(self) -> frozenset[str]:
        """Ids of the metrics every disclosure must answer (required, comply-or-explain);
        a conditional metric must be answered where its screening answer makes it apply."""
        return frozenset(m.id for m in self.metrics if m.requirement in ("required", "comply-or-explain"))

    @cached_property
    def screened(self) -> dict[str, list[Metric]]:
        """screening metric id -> the metrics whose condition it decides."""
        out: dict[str, list[Metric]] = {}
        for m in self.metrics:
            if m.applies_if is not None:
                out.setdefault(m.applies_if.metric, []).append(m)
        return out

    @cached_property
    def completeness_memo(self) -> dict[tuple, dict[str, Any]]:
        """``verdict.completeness``'s results by answer pattern, for this edition's life in the process."""
        return {}

    @cached_property
    def groups(self) -> list[tuple[dict[str, Any], list[Metric]]]:
        """The tier-1 and tier-2 groups of the metrics: (heading, metrics) in document order."""
        tiers: dict[tuple[str, ...], list[Metric]] = {}
        titles: dict[tuple[str, ...], Mapping[str, str]] = {}
        for m in self.metrics:
            for depth in (1, 2):
                if len(m.tiers) >= depth:
                    k = tuple(i for i, _ in m.tiers[:depth])
                    tiers.setdefault(k, []).append(m)
                    titles[k] = m.tiers[depth - 1][1]
        return [({"tier": len(k), "id": k[-1], "path": "/".join(k), "title": dict(titles[k])}, ms)
                for k, ms in tiers.items()]


def _walk(ed: Edition) -> Iterator[tuple[Node, tuple[Node, ...]]]:
    """Every node of the edition with its ancestors, in document order (iterative)."""
    stack = [(n, ()) for n in reversed(ed.nodes)]
    while stack:
        n, anc = stack.pop()
        yield n, anc
        below = anc + (n,)
        stack.extend((c, below) for c in reversed(n.children))


def _authored(ed: Edition, node: Node) -> Mapping[str, Any]:
    """The node's data as authored: the mapping at its path in the data the edition was built from."""
    data: Any = ed.data
    for key in node.where.path:
        data = data[key]
    return data


def build_spec(ed: Edition) -> Spec:
    """The disclosure spec of an edition (built from schema-valid data, ``ed.data`` kept)."""
    found = [(n, anc) for n, anc in _walk(ed) if n.value is not None]
    # The tier path starts below the deepest ancestor every metric shares (the
    # "indicator system" section), so tier 1 is the first level that tells metrics apart.
    common = 0
    if found:
        first = found[0][1]
        while common < len(first) and all(len(a) > common and a[common].id == first[common].id for _, a in found):
            common += 1
    titles: dict[str, Mapping[str, str]] = {}

    def title(n: Node) -> Mapping[str, str]:
        t = titles.get(n.id)
        if t is None:
            t = titles[n.id] = dict(_authored(ed, n).get("title", {}))
        return t

    metrics = []
    for n, anc in found:
        raw = _authored(ed, n)
        cond = raw.get("applies-if")
        metrics.append(Metric(
            id=n.id, number=n.number, title=title(n), requirement=n.requirement or "recommended",
            value=raw["value"], tiers=tuple((a.id, title(a)) for a in anc[common:]),
            applies_if=Condition(cond["metric"], cond.get("equals", True)) if cond else None,
            fidelity=n.fidelity, section=(anc[-1].id, anc[-1].number, title(anc[-1])) if anc else None, node=n))
    return Spec(str(ed.ref), tuple(metrics), dict(ed.dates), ed)
