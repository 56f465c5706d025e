"""A seeded synthetic Lode corpus for benchmarks and tests.

``generate(root, standards=S, editions=E, nodes_per_edition=N, seed=0)`` writes a valid
Lode repository under ``root``::

    standards/<id>/standard.yaml        one per standard, listing its E editions
    standards/<id>/<edition>.yaml       E editions of N nodes each

so the corpus holds ``S * E * N`` nodes in ``S * (E + 1)`` files. Each edition is a
tree of chapters with nested ``children`` (clauses and items; in "disclosure"
chapters, disclosures with metric children that carry value specs). Every node has a
localized zh/en title and summary of realistic length (English ~200-400 characters,
Chinese ~80-150), an obligation (clauses), a fidelity and sources declared by its
edition; some summaries record ``translated-from`` fingerprints, some clauses carry
``refs`` to another standard. The node tree of a standard -- ids, kinds, numbers --
is the same in all of its editions (ids are stable identities); about one summary in
ten is reworded from one edition to the next. Editions supersede their predecessor,
and every edition but the last has ``status: superseded``.

The YAML is written as text (no YAML library), in the house style of the real
corpus: block mappings, ``>-`` folded English paragraphs, quoted editions, dates and
numbers. The same seed always gives byte-identical files.

``edit_clause(root, seed)`` is the drafter's loop: it rewords the English summary of
one clause in one edition file, in place, and leaves every other file untouched.

Run as a script to write a corpus: ``python tooling/bench/synth.py DIR --nodes 10000``.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 2 * 1024 * 1024  # the loader's per-file cap (lode.loader.STANDARD_LIMITS.max_bytes)
FIRST_YEAR = 2012
YEAR_STEP = 3
WRAP = 100  # width of folded English paragraphs

# --- vocabulary -----------------------------------------------------------------------

_EN_SUBJECTS = [
    "The company", "The mine operator", "Each enterprise", "Senior management", "The board of directors",
    "The processing facility", "Contractors working on site", "The smelter or refiner", "The operator",
    "The responsible person for the tailings facility", "The procurement function", "Downstream buyers",
    "Exploration teams", "The sustainability committee", "Site management",
]
_EN_VERBS = [
    "shall establish", "should maintain", "shall document", "should assess", "shall disclose",
    "shall identify and evaluate", "should consult", "shall monitor", "should review at least annually",
    "shall publish", "shall not rely solely on", "should strengthen", "shall report", "should integrate",
    "shall implement and keep up to date",
]
_EN_OBJECTS = [
    "a supply-chain due diligence management system", "the risks of serious human-rights abuses",
    "a grievance mechanism open to affected communities", "water withdrawal and discharge by source",
    "greenhouse-gas emissions within scopes 1 and 2", "the safety of tailings storage facilities",
    "an emergency preparedness and response plan", "free, prior and informed consent processes",
    "the rehabilitation and closure plan of the site", "occupational health and safety performance",
    "payments to governments on a project-by-project basis", "biodiversity impacts near protected areas",
    "the origin and chain of custody of minerals", "anti-bribery and anti-corruption controls",
    "local procurement and employment commitments", "the management of hazardous waste",
    "dust, noise and vibration at the site boundary", "resettlement action plans",
    "security arrangements with public or private forces", "artisanal and small-scale mining in the area",
]
_EN_TAILS = [
    "in proportion to the severity and likelihood of the adverse impact",
    "taking into account the views of workers and their representatives",
    "and make the results available to stakeholders in an accessible form",
    "covering both its own operations and its business relationships",
    "using recognised methodologies where they exist",
    "with clear responsibilities, timelines and resources",
    "throughout the life of the mine, from exploration to post-closure",
    "and record the reasons for any departure from this provision",
    "in line with applicable national law and international standards",
    "and verify the information through independent third-party assurance",
    "giving particular attention to high-risk and conflict-affected areas",
    "so that corrective actions can be tracked to completion",
]
_EN_TITLE_WORDS = [
    "Governance", "Risk assessment", "Supply chain", "Community engagement", "Water stewardship",
    "Climate change", "Tailings management", "Human rights", "Health and safety", "Biodiversity",
    "Mine closure", "Transparency", "Labour practices", "Waste management", "Emergency response",
    "Indigenous peoples", "Anti-corruption", "Land use", "Air quality", "Grievance mechanisms",
    "Security", "Local development", "Energy use", "Product stewardship", "Due diligence",
]
_EN_TITLE_TAILS = [
    "policy and commitment", "management system", "monitoring and reporting", "risk identification",
    "performance indicators", "stakeholder consultation", "responsibilities", "corrective action",
    "disclosure", "independent review", "training and competence", "records",
]
_EN_SLUGS = [
    "governance", "risk", "supply-chain", "community", "water", "climate", "tailings", "human-rights",
    "safety", "biodiversity", "closure", "transparency", "labour", "waste", "emergency", "indigenous",
    "anti-corruption", "land", "air", "grievance", "security", "development", "energy", "product",
    "due-diligence",
]
_ZH_SUBJECTS = ["企业", "矿山企业", "经营者", "董事会", "高级管理层", "冶炼厂", "承包商", "采购部门", "尾矿库责任人", "项目公司"]
_ZH_VERBS = ["应当建立", "宜定期评估", "应当披露", "应识别并评估", "宜加强", "应当记录", "应持续监测", "不应仅依赖", "应公开报告", "宜纳入"]
_ZH_OBJECTS = [
    "供应链尽责管理体系", "严重侵犯人权的风险", "面向受影响社区的申诉机制", "按来源划分的取水量和排水量",
    "范围一和范围二温室气体排放", "尾矿库的安全状况", "应急准备与响应计划", "自由、事先和知情同意程序",
    "矿山复垦与闭坑计划", "职业健康与安全绩效", "向政府支付的款项", "保护区周边的生物多样性影响",
    "矿产品的来源和监管链", "反贿赂和反腐败内控措施", "本地采购和就业承诺", "危险废物的管理",
]
_ZH_TAILS = [
    "并根据不良影响的严重程度和可能性采取相应措施", "同时充分听取员工及其代表的意见", "并以便于获取的形式向利益相关方公开",
    "范围涵盖自身运营及其商业关系", "在矿山全生命周期内持续开展", "并由独立第三方进行核验",
    "重点关注高风险和受冲突影响地区", "确保整改措施得到跟踪落实", "符合所在国法律和国际标准的要求",
]
_ZH_TITLE_WORDS = [
    "治理", "风险评估", "供应链", "社区参与", "水资源管理", "气候变化", "尾矿管理", "人权", "职业健康与安全",
    "生物多样性", "闭坑", "信息透明", "劳工实践", "废物管理", "应急响应", "原住民", "反腐败", "土地利用",
    "空气质量", "申诉机制", "安保", "地方发展", "能源使用", "产品管理", "尽责管理",
]
_ZH_TITLE_TAILS = ["政策与承诺", "管理体系", "监测与报告", "风险识别", "绩效指标", "利益相关方沟通", "职责", "纠正措施", "信息披露", "独立审查",
                   "培训与能力", "记录"]
_OBLIGATIONS = ["shall", "shall", "shall", "should", "should", "may", "shall-not"]
_FIDELITIES = ["verified", "verified", "secondary", "inferred", "official"]
_UNITS = ["t", "m3", "tCO2e", "GJ", "ha", "%", "USD", "persons", "incidents"]
_ENUMS = [["none", "low", "medium", "high", "extreme"], ["yes", "partly", "no"],
          ["planned", "in-progress", "completed"]]


def _en_sentence(rng: random.Random) -> str:
    return f"{rng.choice(_EN_SUBJECTS)} {rng.choice(_EN_VERBS)} {rng.choice(_EN_OBJECTS)} {rng.choice(_EN_TAILS)}."


def _en_text(rng: random.Random, lo: int = 200, hi: int = 400) -> str:
    """English prose of lo..hi characters, sentence by sentence."""
    target = rng.randint(lo, hi)
    parts: list[str] = []
    n = -1  # length of " ".join(parts)
    while n < target:
        s = _en_sentence(rng)
        if parts and n + 1 + len(s) > hi:
            if n >= lo:
                break
            continue  # too long to fit: draw another sentence
        parts.append(s)
        n += 1 + len(s)
    return " ".join(parts)


def _zh_text(rng: random.Random, lo: int = 80, hi: int = 150) -> str:
    target = rng.randint(lo, hi)
    parts: list[str] = []
    n = 0
    while n < target:
        s = f"{rng.choice(_ZH_SUBJECTS)}{rng.choice(_ZH_VERBS)}{rng.choice(_ZH_OBJECTS)}，{rng.choice(_ZH_TAILS)}。"
        if n and n + len(s) > hi:
            if n >= lo:
                break
            continue
        parts.append(s)
        n += len(s)
    return "".join(parts)


def _fold(text: str, indent: str) -> str:
    """A ``>-`` folded block: the text wrapped at WRAP columns, each line indented."""
    lines: list[str] = []
    line: list[str] = []
    width = 0
    for w in text.split(" "):
        if line and width + 1 + len(w) > WRAP:
            lines.append(indent + " ".join(line))
            line, width = [w], len(w)
        else:
            width += len(w) + (1 if line else 0)
            line.append(w)
    if line:
        lines.append(indent + " ".join(line))
    return ">-\n" + "\n".join(lines)


def fingerprint(text: str) -> str:
    """The 12-hex fingerprint of a source text (same rule as ``lode.model.fingerprint``)."""
    return hashlib.sha256(unicodedata.normalize("NFC", text.strip()).encode()).hexdigest()[:12]


def _q(s: str) -> str:
    """A double-quoted YAML scalar (for editions, dates, numbers and other look-alikes)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- the node tree of one standard (shared by all its editions) ----------------------------

@dataclass
class _Node:
    id: str
    number: str
    kind: str
    title_en: str
    title_zh: str
    summary_en: str
    summary_zh: str
    fidelity: str
    obligation: str | None = None
    metric: dict | None = None  # {"requirement": ..., "value": [...yaml lines...], "condition": (en, zh)}
    translated: bool = False    # record translated-from for the summary
    ref: bool = False           # carry a cross-standard ref
    children: list[_Node] = field(default_factory=list)


def _title(rng: random.Random) -> tuple[str, str, str]:
    """(English title, Chinese title, id slug)."""
    k = rng.randrange(len(_EN_TITLE_WORDS))
    t = rng.randrange(len(_EN_TITLE_TAILS))
    return f"{_EN_TITLE_WORDS[k]} {_EN_TITLE_TAILS[t]}", f"{_ZH_TITLE_WORDS[k]}{_ZH_TITLE_TAILS[t]}", _EN_SLUGS[k]


def _metric(rng: random.Random) -> dict:
    requirement = rng.choice(["required", "required", "recommended", "conditional"])
    kind = rng.choice(["number", "number", "integer", "boolean", "enum", "table"])
    lines = [f"type: {kind}"]
    if kind in ("number", "integer"):
        lines.append(f"unit: {_q(rng.choice(_UNITS))}")
        lines.append("minimum: 0")
        if rng.random() < 0.3:
            lines.append("maximum: 100")
    elif kind == "enum":
        lines.append("values: [" + ", ".join(rng.choice(_ENUMS)) + "]")
    elif kind == "table":
        lines.append("columns:")
        lines.append("  - id: site")
        lines.append("    type: text")
        lines.append("  - id: quantity")
        lines.append("    title:")
        lines.append("      zh: 数量")
        lines.append("      en: Quantity")
        lines.append("    type: number")
        lines.append(f"    unit: {_q(rng.choice(_UNITS))}")
    m: dict = {"requirement": requirement, "value": lines}
    if requirement == "conditional":
        m["condition"] = ("Only where the site operates a " + rng.choice(["tailings facility", "smelter",
                          "processing plant", "port facility"]) + " or has done so in the reporting period.",
                          "仅适用于在报告期内运营" + rng.choice(["尾矿库", "冶炼厂", "选矿厂", "港口设施"]) + "的场址。")
    return m


def _tree(rng: random.Random, n: int) -> list[_Node]:
    """Exactly ``n`` nodes: chapters of clauses (some with items); chapters 2, 5, 8, ...
    are disclosure chapters whose disclosures hold metrics."""
    chapters: list[_Node] = []
    left = n
    c = 0
    while left > 0:
        c += 1
        en, zh, slug = _title(rng)
        disclosure = c % 3 == 2
        ch = _Node(f"ch{c}-{slug}", str(c), "chapter", en, zh, _en_text(rng), _zh_text(rng), "verified",
                   translated=rng.random() < 0.3)
        chapters.append(ch)
        left -= 1
        for k in range(1, rng.randint(6, 14) + 1):
            if left <= 0:
                break
            en, zh, slug = _title(rng)
            kind = "disclosure" if disclosure else "clause"
            cl = _Node(f"{c}.{k}-{slug}", f"{c}.{k}", kind, en, zh, _en_text(rng), _zh_text(rng),
                       rng.choice(_FIDELITIES), obligation=None if disclosure else rng.choice(_OBLIGATIONS),
                       translated=rng.random() < 0.3,
                       ref=not disclosure and (c == k == 1 or rng.random() < 0.05))
            ch.children.append(cl)
            left -= 1
            kids = rng.randint(2, 4) if disclosure else (rng.randint(1, 3) if rng.random() < 0.35 else 0)
            for j in range(1, kids + 1):
                if left <= 0:
                    break
                en, zh, slug = _title(rng)
                if disclosure:
                    it = _Node(f"{c}.{k}.{j}-{slug}", f"{c}.{k}.{j}", "metric", en, zh, _en_text(rng),
                               _zh_text(rng), rng.choice(_FIDELITIES), metric=_metric(rng))
                else:
                    it = _Node(f"{c}.{k}.{j}-{slug}", f"{c}.{k}({chr(96 + j)})", "item", en, zh,
                               _en_text(rng), _zh_text(rng), rng.choice(_FIDELITIES),
                               obligation=rng.choice(_OBLIGATIONS))
                cl.children.append(it)
                left -= 1
    return chapters


# --- rendering ----------------------------------------------------------------------------

def std_id(i: int) -> str:
    return f"synth-s{i:03d}"


def edition_names(editions: int) -> list[str]:
    return [str(FIRST_YEAR + YEAR_STEP * e) for e in range(editions)]


def _render_standard(sid: str, i: int, names: list[str], rng: random.Random) -> str:
    out = [
        f"# Synthetic standard {sid}, generated by tooling/bench/synth.py for benchmarks. Not a real standard.",
        f"id: {sid}",
        "kind: guideline",
        "title:",
        f"  zh: 矿业环境、社会和治理指南第{i}号",
        f"  en: Synthetic Mining ESG Guideline No. {i}",
        "short-title:",
        f"  en: SMEG-{i}",
        "issuer:",
        "  name:",
        "    zh: 合成标准协会",
        "    en: Synthetic Standards Association",
        "  abbreviation: SSA",
        "  url: https://standards.example.org",
        f"homepage: https://standards.example.org/guidelines/{sid}",
        "description:",
        "  en: " + _fold(_en_text(rng, 250, 400), "    "),
        "editions:",
    ]
    out += [f"  - {_q(n)}" for n in names]
    return "\n".join(out) + "\n"


def _src_ids(sid: str, name: str) -> tuple[str, str]:
    short = sid.rsplit("-", 1)[1]
    return f"{short}-{name}-official", f"{short}-{name}-commentary"


def _render_node(n: _Node, ind: str, out: list[str], ctx: dict) -> None:
    """Append the YAML lines of ``n`` (a sequence item at indentation ``ind``)."""
    rng: random.Random = ctx["rng"]
    official, commentary = ctx["sources"]
    if ctx["reword"] and rng.random() < 0.1:  # this edition rewords the summary
        n.summary_en, n.summary_zh = _en_text(rng), _zh_text(rng)
    i2 = ind + "  "
    out.append(f"{ind}- id: {n.id}")
    out.append(f"{i2}number: {_q(n.number)}")
    out.append(f"{i2}kind: {n.kind}")
    out.append(f"{i2}title:")
    out.append(f"{i2}  zh: {n.title_zh}")
    out.append(f"{i2}  en: {n.title_en}")
    out.append(f"{i2}summary:")
    out.append(f"{i2}  zh: {n.summary_zh}")
    out.append(f"{i2}  en: " + _fold(n.summary_en, i2 + "    "))
    if n.translated:
        out.append(f"{i2}  translated-from:")
        out.append(f"{i2}    en: {_q(fingerprint(n.summary_zh))}")
    if n.obligation:
        out.append(f"{i2}obligation: {n.obligation}")
    if n.metric:
        out.append(f"{i2}requirement: {n.metric['requirement']}")
        if "condition" in n.metric:
            out.append(f"{i2}condition:")
            out.append(f"{i2}  zh: {n.metric['condition'][1]}")
            out.append(f"{i2}  en: {n.metric['condition'][0]}")
        out.append(f"{i2}value:")
        out += [f"{i2}  {line}" for line in n.metric["value"]]
    out.append(f"{i2}fidelity: {n.fidelity}")
    cited = f"{official}, {commentary}" if n.fidelity == "secondary" else official
    out.append(f"{i2}sources: [{cited}]")
    if n.ref and ctx["other"]:
        out.append(f"{i2}refs: [{ctx['other']}]")
    if n.children:
        out.append(f"{i2}children:")
        for c in n.children:
            _render_node(c, i2 + "  ", out, ctx)


def _count(nodes: list[_Node], kind: str) -> int:
    return sum((n.kind == kind) + _count(n.children, kind) for n in nodes)


def _render_edition(sid: str, i: int, names: list[str], e: int, tree: list[_Node], other: str | None,
                    rng: random.Random) -> str:
    name = names[e]
    year = int(name)
    month, day = 1 + (i * 5 + e) % 12, 1 + (i * 7 + e * 3) % 28
    published = f"{year}-{month:02d}-{day:02d}"
    effective = f"{year + 1}-01-01"
    official, commentary = _src_ids(sid, name)
    last = e == len(names) - 1
    out = [
        f"# Synthetic edition {sid}@{name}, generated by tooling/bench/synth.py. Summaries are random text.",
        f"standard: {sid}",
        f"edition: {_q(name)}",
        "title:",
        f"  zh: 矿业环境、社会和治理指南第{i}号（{year}年版）",
        f"  en: Synthetic Mining ESG Guideline No. {i} ({year} edition)",
        "short-title:",
        f"  en: SMEG-{i} ({year})",
        f"status: {'published' if last else 'superseded'}",
        f"document-number: {_q(f'SSA {i:03d}-{year}')}",
        "dates:",
        f"  published: {_q(published)}",
        f"  effective: {_q(effective)}",
    ]
    if e:
        out.append(f"supersedes: {_q(names[e - 1])}")
    out += [
        "language: zh",
        "translations:",
        "  en: working",
        "scope:",
        "  en: " + _fold(_en_text(rng, 200, 300), "    "),
        "notes:",
        "  en: " + _fold(_en_text(rng, 300, 400), "    "),
        "sources:",
        f"  - id: {official}",
        f"    title: Synthetic Mining ESG Guideline No. {i}, {year} edition (official text)",
        f"    url: https://standards.example.org/guidelines/{sid}/{name}.pdf",
        "    publisher: Synthetic Standards Association",
        f"    date: {_q(published)}",
        "    kind: primary",
        f"  - id: {commentary}",
        f"    title: Commentary on the {year} edition of guideline No. {i}",
        "    kind: secondary",
        "    note: A made-up commentary, cited by nodes whose fidelity is secondary.",
    ]
    metrics = _count(tree, "metric")
    if metrics:
        out += ["expected:", f"  metric: {metrics}"]
    out.append("nodes:")
    ctx = {"rng": rng, "sources": (official, commentary), "reword": e > 0, "other": other}
    for n in tree:
        _render_node(n, "  ", out, ctx)
    return "\n".join(out) + "\n"


@dataclass
class Corpus:
    root: Path
    standards: int
    editions: int
    nodes_per_edition: int
    files: list[Path]
    bytes: int
    largest: int  # bytes of the largest file

    @property
    def nodes(self) -> int:
        return self.standards * self.editions * self.nodes_per_edition


def _rng(seed: int, i: int) -> random.Random:
    return random.Random(f"lode-synth:{seed}:{i}")


def _first_chapter_id(seed: int, i: int) -> str:
    """The id of chapter 1 of standard ``i``: the first thing :func:`_tree` draws."""
    return f"ch1-{_title(_rng(seed, i))[2]}"


def generate(root: Path, standards: int, editions: int, nodes_per_edition: int, seed: int = 0) -> Corpus:
    """Write the corpus under ``root`` (which need not exist; existing synthetic
    standards are overwritten). Raises ValueError if an edition would exceed the
    loader's per-file cap: use more standards or editions with fewer nodes each."""
    if standards < 1 or editions < 1 or nodes_per_edition < 1:
        raise ValueError("standards, editions and nodes_per_edition must be at least 1")
    root = Path(root)
    names = edition_names(editions)
    files: list[Path] = []
    total = largest = 0
    for i in range(1, standards + 1):
        sid = std_id(i)
        rng = _rng(seed, i)
        d = root / "standards" / sid
        d.mkdir(parents=True, exist_ok=True)
        tree = _tree(rng, nodes_per_edition)
        texts = [("standard.yaml", _render_standard(sid, i, names, rng))]
        # A cross-standard reference: chapter 1 of the previous standard, same edition
        # (every standard has a chapter 1 with the same id in all its editions).
        prev = None
        if standards > 1:
            j = standards if i == 1 else i - 1
            prev = (std_id(j), _first_chapter_id(seed, j))
        for e, name in enumerate(names):
            other = f"{prev[0]}@{name}#{prev[1]}" if prev else None
            texts.append((f"{name}.yaml", _render_edition(sid, i, names, e, tree, other, rng)))
        for fname, text in texts:
            data = text.encode("utf-8")
            if len(data) > MAX_FILE_BYTES:
                raise ValueError(f"{sid}/{fname} would be {len(data):,} bytes, over the loader's "
                                 f"{MAX_FILE_BYTES:,}-byte cap: use fewer nodes per edition")
            p = d / fname
            p.write_bytes(data)
            files.append(p)
            total += len(data)
            largest = max(largest, len(data))
    return Corpus(root, standards, editions, nodes_per_edition, files, total, largest)


def plan(total_nodes: int, editions: int = 2, max_nodes_per_edition: int = 1000) -> tuple[int, int, int]:
    """(standards, editions, nodes_per_edition) for about ``total_nodes`` nodes, with
    at most ``max_nodes_per_edition`` per file (1,000 nodes is about 1 MB, half the cap).
    Exact when total_nodes is a multiple of editions * max_nodes_per_edition."""
    standards = max(1, math.ceil(total_nodes / (editions * max_nodes_per_edition)))
    per = max(1, round(total_nodes / (standards * editions)))
    return standards, editions, per


# --- in-memory editions (for the diff benchmark) -------------------------------------------

def _plain_node(n: _Node) -> dict:
    d: dict = {"id": n.id, "number": n.number, "kind": n.kind, "title": {"zh": n.title_zh, "en": n.title_en},
               "summary": {"zh": n.summary_zh, "en": n.summary_en}, "fidelity": n.fidelity, "sources": ["s1"]}
    if n.obligation:
        d["obligation"] = n.obligation
    if n.metric:
        d["requirement"] = n.metric["requirement"]
        d["value"] = {"type": n.metric["value"][0].split(": ", 1)[1]}
        if "condition" in n.metric:
            d["condition"] = dict(zip(("en", "zh"), n.metric["condition"]))
    if n.children:
        d["children"] = [_plain_node(c) for c in n.children]
    return d


def plain_edition(nodes: int, seed: int = 0, edition: str = "2020") -> dict:
    """One edition of ``nodes`` nodes as plain data (what the loader would return), in
    memory: a 100,000-node edition is about 100 MB as YAML, over the per-file cap."""
    rng = _rng(seed, 1)
    return {"standard": std_id(1), "edition": edition, "title": {"en": "Synthetic edition"},
            "status": "published", "language": "zh", "sources": [{"id": "s1", "title": "Synthetic source"}],
            "nodes": [_plain_node(n) for n in _tree(rng, nodes)]}


def vary(data: dict, share: float = 0.01, seed: int = 0) -> tuple[dict, dict[str, int]]:
    """A next edition differing from ``data`` in ``share`` of its nodes, and what was done.

    The changes mix what drafters do: reworded summaries (40%), obligations changed
    (20%), renumbered clauses (15%), retitled (10%), withdrawn (10%) and new nodes (5%),
    inserted at random places in their sibling lists.
    """
    import copy

    rng = random.Random(f"lode-vary:{seed}")
    new = copy.deepcopy(data)
    new["edition"] = str(int(data["edition"]) + 5) if data["edition"].isdigit() else data["edition"] + "-next"
    flat: list[tuple[list, int]] = []
    stack = [new["nodes"]]
    while stack:
        siblings = stack.pop()
        for i, n in enumerate(siblings):
            flat.append((siblings, i))
            if "children" in n:
                stack.append(n["children"])
    picks = rng.sample(range(len(flat)), max(1, round(share * len(flat))))
    done = dict.fromkeys(("text", "obligation", "renumbered", "retitled", "removed", "added"), 0)
    removals: list[tuple[list, int]] = []
    insertions: list[tuple[list, dict]] = []
    for k, idx in enumerate(picks):
        siblings, i = flat[idx]
        n = siblings[i]
        r = k % 20
        if r < 8:
            n["summary"]["en"] = _en_text(rng)
            done["text"] += 1
        elif r < 12:
            n["obligation"] = {"shall": "should", "should": "may"}.get(n.get("obligation"), "shall")
            done["obligation"] += 1
        elif r < 15:
            n["number"] = n["number"] + "A"
            done["renumbered"] += 1
        elif r < 17:
            n["title"]["en"] = _title(rng)[0] + " (revised)"
            done["retitled"] += 1
        elif r < 19:
            removals.append((siblings, i))
        else:
            en, zh, slug = _title(rng)
            insertions.append((siblings, {"id": f"new-{k}-{slug}", "number": f"N{k}", "kind": n["kind"],
                                          "title": {"zh": zh, "en": en}, "summary": {"zh": _zh_text(rng),
                                          "en": _en_text(rng)}, "fidelity": "inferred", "sources": ["s1"]}))
            done["added"] += 1
    for siblings, i in sorted(removals, key=lambda x: -x[1]):
        if not siblings[i].get("children"):  # withdraw leaves only, so the count is exact
            del siblings[i]
            done["removed"] += 1
    # New nodes go in the middle of their sibling list, as drafters insert them: appended
    # only, they would never shift a later sibling, and a diff that matches by position
    # would look right.
    for siblings, node in insertions:
        siblings.insert(rng.randrange(len(siblings) + 1), node)
    return new, done


# --- the drafter's loop -------------------------------------------------------------------

_SUMMARY_EN = re.compile(r"^( +)summary:\n\1  zh: [^\n]*\n\1  en: >-\n(\1    )([^\n]*)\n", re.M)


def edit_clause(root: Path, seed: int = 0) -> Path:
    """Reword the English summary of one clause in one edition file, in place.

    The file and the clause are chosen by ``seed``; the first line of the summary's
    folded paragraph is replaced by a different sentence, so exactly one file changes
    and it stays valid. Returns the path of the changed file.
    """
    rng = random.Random(f"lode-edit:{seed}")
    editions = sorted(p for p in (Path(root) / "standards").glob("*/*.yaml") if p.name != "standard.yaml")
    if not editions:
        raise ValueError(f"no edition files under {root}/standards")
    path = editions[rng.randrange(len(editions))]
    text = path.read_text(encoding="utf-8")
    clauses = [m for m in _SUMMARY_EN.finditer(text)
               if re.search(r"kind: clause\n", text[text.rfind("- id:", 0, m.start()):m.start()])]
    if not clauses:
        raise ValueError(f"{path} has no clause summary to edit")
    m = clauses[rng.randrange(len(clauses))]
    old = m.group(3)
    new = old
    while new == old:
        new = f"Revised ({seed}): " + _en_sentence(rng)
    text = text[: m.start(3)] + new + text[m.end(3):]
    path.write_bytes(text.encode("utf-8"))
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", type=Path, help="directory to write standards/ into")
    ap.add_argument("--nodes", type=int, default=10_000, help="total nodes (default 10000)")
    ap.add_argument("--editions", type=int, default=2)
    ap.add_argument("--per-edition", type=int, default=1000, help="at most this many nodes per edition file")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    s, e, n = plan(a.nodes, a.editions, a.per_edition)
    c = generate(a.root, s, e, n, a.seed)
    print(f"{c.standards} standards x {c.editions} editions x {c.nodes_per_edition} nodes = {c.nodes:,} nodes "
          f"in {len(c.files)} files, {c.bytes / 1e6:.1f} MB (largest {c.largest / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
