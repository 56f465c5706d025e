"""Rewriting crosswalk files: restamping reviewed rows, applying an imported sheet.

The only place crosswalks are *written*, through the round-trip rewrite of
``edit/roundtrip.py`` (comments and formatting kept, the result read back by the strict
loader before anything is written). Nothing here touches the file system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..core.findings import Finding
from ..crosswalk.io import COLUMNS, RowChange, plan_import, read_sheet
from ..edit.roundtrip import rewrite
from ..model.corpus import edition_from_bytes
from ..model.crosswalk import SIDES, SideStamp, read_crosswalk
from ..model.edition import Ref
from ..read.loader import STANDARD_LIMITS, read_file
from ..validate.crosswalks import EditionIndex, assess
from ..validate.run import check_content
from ..core.i18n import msg

# --- restamp ------------------------------------------------------------------------

@dataclass
class Change:
    row: str
    side: str
    what: list[str]

    def __str__(self) -> str:
        return f"{self.row} {self.side}: {'; '.join(self.what)}"


@dataclass
class Restamp:
    content: bytes
    source: bytes  # the bytes the change was made from: the write is refused if the file moved on
    changes: list[Change] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)  # rows that cannot be stamped, and why


def restamp(root: Path, path: Path, display: str, rows: set[str] | None = None) -> Restamp:
    """Record the current stamps of the given rows (default: every row), re-basing a side
    through lineage when exactly one node replaces it. Broken or unresolved sides are
    skipped and reported. Raises KeyError for an unknown row id."""
    # One read: the bytes that are edited are the bytes that were checked, and the
    # write is refused if the file no longer holds them (fsutil's ``expect``).
    source = read_file(path, STANDARD_LIMITS, display, root)
    doc, cw = read_crosswalk(source, display)
    known = {r.id for r in cw.mappings}
    unknown = sorted((rows or set()) - known)
    if unknown:
        raise KeyError(f"{display} has no row {', '.join(map(repr, unknown))}")
    indexes = {side: _index(root, cw.edition(side)) for side in SIDES}
    plan: dict[int, dict[str, tuple[str, SideStamp]]] = {}
    result = Restamp(source, source)
    for i, row in enumerate(cw.mappings):
        if rows and row.id not in rows:
            continue
        for side in SIDES:
            ref = row.side(side)
            if ref.node is None:
                continue
            recorded = row.stamps.get(side) if row.stamps else None
            node_id, what, problem = _new_side(ref, recorded, indexes[side])
            if problem is not None:
                line, col = doc.where(row.where.path + (side,))
                result.skipped.append(Finding.make(problem[0], msg("row {id!r}: {value} (not stamped)", id=row.id, value=problem[1]),
                                                   display, line, col))
                continue
            now = indexes[side].nodes[node_id]
            new = SideStamp(now.stamp, now.number, now.parent)
            if what or new != recorded:
                plan.setdefault(i, {})[side] = (str(Ref(ref.standard, ref.edition, node_id)), new)
                result.changes.append(Change(row.id, side, what + _stamp_diff(recorded, new)))
    if plan:
        result.content = rewrite(doc, source, lambda data, new_map: _apply_stamps(data, plan, new_map))
    return result


def _index(root: Path, ref: Ref) -> EditionIndex:
    p = root / "standards" / ref.standard / f"{ref.edition}.yaml"
    return EditionIndex.from_edition(edition_from_bytes(p, p.relative_to(root).as_posix(), root))


def _new_side(ref: Ref, recorded: SideStamp | None, index: EditionIndex
              ) -> tuple[str, list[str], tuple[str, str] | None]:
    """(the node id to stamp, what moves the reference, or a (code, message) problem).
    Only called for sides that name a node (a whole-edition side has nothing to stamp)."""
    if ref.node in index.nodes:
        return ref.node, [], None
    for d in assess(ref, recorded, index):
        if d.code == "crosswalk-rebased" and d.new_id:
            return d.new_id, [f"re-based {ref.node} -> {d.new_id}"], None
        if d.code in ("crosswalk-broken", "crosswalk-unresolved"):
            return ref.node, [], (d.code, d.message)
    successors = index.successors.get(ref.node, ())
    return ref.node, [], ("crosswalk-broken", f"{ref} was split into {', '.join(successors)}; "
                          "map each part in its own row")


def _stamp_diff(old: SideStamp | None, new: SideStamp) -> list[str]:
    if old is None:
        return [f"stamped {new.content}"]
    out = []
    for name in ("content", "number", "parent"):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(f"{name} {a or '(none)'} -> {b or '(none)'}")
    return out


def _apply_stamps(data: Any, plan: dict[int, dict[str, tuple[str, SideStamp]]],
                  new_map: Callable[[list[tuple[str, Any]], bool], Any]) -> None:
    for i, sides in plan.items():
        row = data["mappings"][i]
        if "stamps" not in row:
            row["stamps"] = new_map([], False)
        for side, (ref, st) in sides.items():
            row[side] = ref
            row["stamps"][side] = new_map(list(st.plain().items()), True)
        # keep `from` before `to` in the stamps block whatever order they were added in
        if list(row["stamps"]) == ["to", "from"]:
            to = row["stamps"].pop("to")
            row["stamps"]["to"] = to


# --- import -------------------------------------------------------------------------

@dataclass
class Import:
    content: bytes
    changes: list[RowChange]
    findings: list[Finding]  # the crosswalk's own checks on the result; errors block the write
    source: bytes  # the bytes the change was made from: the write is refused if the file moved on


def import_sheet(path: Path, display: str, sheet: Path, sheet_display: str, root: Path | None = None) -> Import:
    """What importing ``sheet`` into the crosswalk at ``path`` gives: the new file content,
    the changes row by row, and the checks of the result. Raises :class:`LodeError` for a refused
    spreadsheet or a crosswalk file that does not load."""
    source = read_file(path, STANDARD_LIMITS, display, root)
    doc, _cw = read_crosswalk(source, display)
    changes = plan_import(doc.data, read_sheet(sheet, sheet_display))
    if not changes:
        return Import(source, [], [], source)
    new = rewrite(doc, source, lambda data, new_map: _apply_rows(data, changes, new_map))
    return Import(new, changes, check_content(new, display, "crosswalk").findings, source)


def _apply_rows(data: Any, changes: list[RowChange], new_map: Callable[[list[tuple[str, Any]], bool], Any]) -> None:
    def build(d: dict[str, Any]) -> Any:
        return new_map([(k, build(v) if isinstance(v, dict) else v) for k, v in d.items()], False)

    index = {m["id"]: i for i, m in enumerate(data["mappings"])}
    for c in changes:
        if c.kind == "changed":
            row = data["mappings"][index[c.id]]
            for column, _before, after in c.fields:
                _set(row, COLUMNS[column][0] or (), after, new_map)
        elif c.kind == "added":
            data["mappings"].append(build(c.new or {}))
    for i in sorted((index[c.id] for c in changes if c.kind == "removed"), reverse=True):
        del data["mappings"][i]


def _set(row: Any, path: tuple[str, ...], value: Any, new_map: Callable[[list[tuple[str, Any]], bool], Any]) -> None:
    *parents, key = path
    d = row
    for p in parents:
        if p not in d:
            d[p] = new_map([], False)
        d = d[p]
    if value is None:
        d.pop(key, None)
    else:
        d[key] = value
