"""The content index of a passing disclosure: metric -> value or omission -> evidence,
GRI-style, with the pin and digests in its header and the GRI 14 topics each metric's
topic maps to through the edition's crosswalk. Markdown or XLSX; never from a failing
disclosure (the index would vouch for what the verdict refused).

The index is a document for the company's report, so it is written in the run's
language (``--lang`` or the locale): titles, column names, requirement values and the
header lines; ids, values, units and digests stay as they are.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..core.cells import safe_cell
from ..core.errors import LodeError
from ..core.i18n import N_, current_lang, msg, msgn, tr
from ..model.corpus import load_checked
from .document import read_disclosure
from .run import check_disclosure, target
from .verdict import Verdict

COLUMNS = [N_("metric"), N_("title"), N_("requirement"), N_("value"), N_("unit"), N_("omission"), N_("evidence"),
           "GRI 14"]
REQUIREMENT_TEXT = {"required": N_("required"), "recommended": N_("recommended"), "conditional": N_("conditional")}


def gri_topics(root: Path, ref: str) -> dict[str, list[str]]:
    """node id of the edition -> GRI 14 references its crosswalk rows map it to."""
    std, ed = ref.split("@")
    out: dict[str, list[str]] = {}
    for f in sorted((Path(root) / "standards" / std / "crosswalks").glob(f"{ed}--gri-14@*.yaml")):
        data = load_checked(f, f.relative_to(root).as_posix(), "crosswalk").data
        for m in data.get("mappings", ()):
            if m.get("relation") != "no-relationship":
                out.setdefault(m["from"].split("#", 1)[1], []).append(m["to"])
    return out


def content_index(path: Path, root: Path, pin: str | None = None) -> tuple[Verdict, list[list[Any]]]:
    d = read_disclosure(Path(path), str(path))
    v = check_disclosure(d, root, pin)
    if not v.passed:
        raise LodeError([f for f in v.findings if f.severity.value == "error"] or v.findings)
    t = target(root, v.pin if not v.pinned else v.pin)
    topics = gri_topics(root, t.spec.ref)
    facts, omissions = d.facts(), d.omissions()
    rows = []
    for m in t.spec.metrics:
        fact, om = facts.get(m.id), omissions.get(m.id)
        if fact is None and om is None:
            continue
        value = fact["value"] if fact else None
        if isinstance(value, list):
            value = tr(msgn("{n} row", "{n} rows", len(value)))
        gri = sorted({g for i in [m.id, *(i for i, _ in m.tiers)] for g in topics.get(i, ())})
        rows.append([m.id, m.label(current_lang()), tr(REQUIREMENT_TEXT.get(m.requirement, m.requirement)), value, (fact or {}).get("unit", m.unit if fact else None),
                     f"{om['reason']}: {om.get('explanation', '')}" if om else None,
                     (fact or {}).get("evidence"), ", ".join(gri)])
    return v, rows


def _header(v: Verdict) -> list[str]:
    pinned = msg("pinned {pin}", pin=v.pin) if v.pinned else msg("UNPINNED")
    return [tr(msg("Content index of {file}", file=v.file)),
            tr(msg("checked against {edition} ({pinned}), edition digest {digest}", edition=v.edition, pinned=pinned,
                   digest=v.edition_digest)),
            tr(msg("disclosure digest {digest}; verdict {status}; lode {version}", digest=v.file_digest,
                   status=tr(v.status), version=v.lode_version))]


def _columns() -> list[str]:
    return [tr(c) for c in COLUMNS]


def markdown(v: Verdict, rows: list[list[Any]]) -> str:
    def cell(x: Any) -> str:
        return "" if x is None else str(x).replace("|", "\\|").replace("\n", " ")
    h = _header(v)
    out = [f"# {h[0]}", "", f"- {h[1]}", f"- {h[2]}", "", "| " + " | ".join(_columns()) + " |",
           "|" + " --- |" * len(COLUMNS)]
    out += ["| " + " | ".join(cell(x) for x in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def xlsx(v: Verdict, rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = tr(msg("Content index"))
    for i, line in enumerate(_header(v), 1):
        ws.cell(i, 1, safe_cell(line))
    for j, name in enumerate(_columns(), 1):
        ws.cell(5, j, name)
    for i, r in enumerate(rows, 6):
        for j, x in enumerate(r, 1):
            ws.cell(i, j, x if isinstance(x, (int, float)) and not isinstance(x, bool) else safe_cell(x))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
