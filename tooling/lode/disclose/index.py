"""The index each framework asks for, from one passing disclosure: for every pin, a table
of that edition's metrics in its own order -- printed number, topic, requirement, whether
the company disclosed, explained or left it out, the value and where it is shown, the
crosswalk row a fact came through, and the GRI 14 topics the metric's topic maps to.

One builder serves every framework, driven by the edition's data: the exchanges' topic
index (议题索引表) is the table grouped by the guideline's topics, HKEX's content index is
the same table whose comply-or-explain KPIs read "complied" or "explained", and a GRI
content index is the table of a GRI edition's disclosures. Each index is headed by its pin
and the edition's digest, the disclosure's digest and the verdict; Markdown or XLSX, in
Chinese or English. Never from a failing verdict: the index would vouch for what the
verdict refused.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..core.cells import safe_cell
from ..core.errors import LodeError
from ..model.corpus import standard_from_bytes
from ..read.schemas import load_checked
from .document import read_disclosure
from .run import check_views
from .spec import Metric
from .verdict import Verdict
from ..core.i18n import msg

LANGS = ("zh", "en")
_L = {"zh": 0, "en": 1}
COLUMNS = {"metric": ("指标编号", "metric"), "number": ("条款编号", "number"), "topic": ("议题", "topic"),
           "title": ("指标", "title"), "requirement": ("要求", "requirement"), "status": ("披露情况", "status"),
           "value": ("数值", "value"), "unit": ("单位", "unit"), "omission": ("未披露说明", "omission"),
           "evidence": ("披露位置", "evidence"), "through": ("对照来源", "through"), "gri": ("GRI 14", "GRI 14")}
_REQ = {"required": "必须披露", "comply-or-explain": "不遵守就解释", "recommended": "建议披露", "conditional": "有条件披露"}
_STATUS = {"disclosed": ("已披露", "disclosed"), "complied": ("遵守", "complied"),
           "explained": ("解释", "explained"), "omitted": ("省略", "omitted"),
           "not-disclosed": ("未披露", "not disclosed")}


@dataclass(frozen=True)
class Index:
    """The index of one pin: its verdict, its title in both languages, and its rows."""

    verdict: Verdict
    framework: dict[str, str]          # the standard's short title, zh and en
    rows: list[dict[str, Any]]

    def title(self, lang: str) -> str:
        name = self.framework.get(lang) or self.framework.get("en") or self.verdict.edition or ""
        return f"{name}索引表" if lang == "zh" else f"Content index: {name}"


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


def _framework(root: Path, standard: str) -> dict[str, str]:
    f = Path(root) / "standards" / standard / "standard.yaml"
    std = standard_from_bytes(f, f.relative_to(root).as_posix(), Path(root))
    text = std.short_title or std.title
    return {lang: text.get(lang) or standard for lang in LANGS}


def _status(m: Metric, fact: Any, omission: Any) -> str:
    """Comply or explain reads as such; a metric left out that the verdict accepted (a
    recommended one, a conditional one that does not apply) is "not disclosed"."""
    if fact is not None:
        return "complied" if m.requirement == "comply-or-explain" else "disclosed"
    if omission is not None:
        return "explained" if m.requirement == "comply-or-explain" else "omitted"
    return "not-disclosed"


def indexes(path: Path, root: Path, pins: Sequence[str] = (), only: Sequence[str] = (),
            display: str | None = None) -> list[Index]:
    """One index per pin of the disclosure (or per pin named in ``only``, as ``std`` or
    ``std@edition``); :class:`LodeError` with the errors of any of them that does not pass."""
    d = read_disclosure(Path(path), display or str(path))
    checked = check_views(d, Path(root), pins)
    if only:
        checked = [c for c in checked if c[2].edition in only or (c[2].edition or "").split("@")[0] in only]
        if not checked:
            raise LodeError.of("pin-missing", msg("the disclosure names no pin of {items}", items=', '.join(only)), str(path))
    for _, _, v in checked:
        if not v.passed:
            raise LodeError([f for f in v.findings if f.severity.value == "error"] or list(v.findings))
    out = []
    for view, t, v in checked:
        topics = gri_topics(root, t.spec.ref)
        facts, omissions = view.disclosure.facts(), view.disclosure.omissions()
        through = {c["metric"]: c for c in v.carried}
        rows = []
        for m in t.spec.metrics:
            fact, om = facts.get(m.id), omissions.get(m.id)
            value = fact["value"] if fact else None
            if isinstance(value, list):
                value = f"{len(value)} row{'s' if len(value) != 1 else ''}"
            gri = sorted({g for i in [m.id, *(i for i, _ in m.tiers)] for g in topics.get(i, ())})
            c = through.get(m.id)
            rows.append({
                "metric": m.id, "number": m.number or (m.section[1] if m.section else None),
                "topic": m.section[2] if m.section else {},
                "title": dict(m.title), "requirement": m.requirement,
                "status": _status(m, fact, om),
                "value": value, "unit": (fact or {}).get("unit", m.unit if fact else None),
                "omission": (om["reason"], om.get("explanation", "")) if isinstance(om, dict) else None,
                "evidence": (fact or {}).get("evidence"),
                "through": f"{c['from']} ({c['crosswalk']} row {c['mapping']})" if c else None,
                "gri": ", ".join(gri)})
        out.append(Index(v, _framework(root, t.spec.ref.split("@")[0]), rows))
    return out


def _cells(row: dict[str, Any], lang: str) -> list[Any]:
    i = _L[lang]
    topic = row["topic"]
    om = row["omission"]
    return [row["metric"], row["number"], (topic.get(lang) or topic.get("en") or topic.get("zh")) if topic else None,
            row["title"].get(lang) or row["title"].get("en") or row["title"].get("zh"),
            _REQ.get(row["requirement"], row["requirement"]) if lang == "zh" else row["requirement"],
            _STATUS[row["status"]][i], row["value"], row["unit"],
            f"{om[0]}: {om[1]}" if om else None, row["evidence"], row["through"], row["gri"] or None]


def header(ix: Index, lang: str) -> list[str]:
    """The title, the caveats, then what the index rests on: pin and edition digest, the
    disclosure's digest and the verdict."""
    v = ix.verdict
    pinned = (f"pinned {v.pin}" if lang == "en" else f"固定版本 {v.pin}") if v.pinned else \
        ("UNPINNED: the work tree, not a release" if lang == "en" else "未固定版本：工作区文本，并非发布版本")
    if lang == "zh":
        return [ix.title(lang), *(f"注意（CAVEAT）：{c}" for c in v.caveats),
                f"核对依据 {v.edition}（{pinned}），版次摘要值 {v.edition_digest}",
                f"披露文件 {v.file}，文件摘要值 {v.file_digest}；结论 {v.status}；lode {v.lode_version}"]
    return [ix.title(lang), *(f"CAVEAT: {c}" for c in v.caveats),
            f"checked against {v.edition} ({pinned}), edition digest {v.edition_digest}",
            f"disclosure {v.file}, disclosure digest {v.file_digest}; verdict {v.status}; lode {v.lode_version}"]


def markdown(found: Sequence[Index], lang: str = "en") -> str:
    def cell(x: Any) -> str:
        return "" if x is None else str(x).replace("|", "\\|").replace("\n", " ")
    out: list[str] = []
    names = [c[_L[lang]] for c in COLUMNS.values()]
    for ix in found:
        h = header(ix, lang)
        out += [f"# {h[0]}", "", *(f"- {line}" for line in h[1:]), "", "| " + " | ".join(names) + " |",
                "|" + " --- |" * len(names)]
        out += ["| " + " | ".join(cell(x) for x in _cells(r, lang)) + " |" for r in ix.rows]
        out.append("")
    return "\n".join(out)


def sheet_name(ix: Index, lang: str, several: bool) -> str:
    if not several:
        return "索引表" if lang == "zh" else "Content index"
    return (ix.verdict.edition or "index").replace("@", " ")[:31]


def xlsx(found: Sequence[Index], lang: str = "en") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    names = [c[_L[lang]] for c in COLUMNS.values()]
    for ix in found:
        ws = wb.create_sheet(sheet_name(ix, lang, len(found) > 1))
        h = header(ix, lang)
        for i, line in enumerate(h, 1):
            ws.cell(i, 1, safe_cell(line))
        top = len(h) + 2  # the column names, below the header and one blank row
        for j, name in enumerate(names, 1):
            ws.cell(top, j, name)
        for i, r in enumerate(ix.rows, top + 1):
            for j, x in enumerate(_cells(r, lang), 1):
                ws.cell(i, j, x if isinstance(x, (int, float)) and not isinstance(x, bool) else safe_cell(x))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
