"""Crosswalks end to end: drift through a real git history, restamp, the spreadsheet
round trip, hostile workbooks, SSSOM column rules, CSV injection, show and its gaps."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import git
import pytest
from lode.render.markup import escape
from conftest import REPO, tree_digest
from openpyxl import Workbook, load_workbook

CASE = REPO / "tests" / "cases" / "validate" / "positive" / "crosswalk"
XW = "standards/demo/crosswalks/2024--ref@1.yaml"
REF = "standards/ref/1.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, git.Repo]:
    """A real git repository holding two small standards and a stamped crosswalk."""
    root = tmp_path / "repo"
    shutil.copytree(CASE / "standards", root / "standards")
    r = git.Repo.init(root)
    r.index.add([p.relative_to(root).as_posix() for p in root.rglob("*.yaml")])
    r.index.commit("standards and a reviewed crosswalk")
    return root, r


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(r: git.Repo, root: Path, message: str) -> None:
    r.index.add([p.relative_to(root).as_posix() for p in root.rglob("*.yaml")])
    r.index.commit(message)


def _codes(out: str) -> list[str]:
    return re.findall(r"(?:error|warning|info)\[([a-z0-9-]+)\]", out)


def test_drift_through_history_then_restamp(run_lode, repo) -> None:
    root, r = repo
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 0 and not _codes(out)

    # 1. the target clause's text changes: the mapping is suspect, and validate says so without writing
    _edit(root, REF, "The organisation commits to a policy.", "The organisation commits to a published policy.")
    _commit(r, root, "reword r-policy")
    before = tree_digest(root / "standards")
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 0 and _codes(out) == ["crosswalk-suspect"] and "ref@1#r-policy changed" in out
    assert tree_digest(root / "standards") == before

    # 2. restamp after review: suspect cleared, the file's comment kept, the change said
    code, out, _ = run_lode("crosswalk", "restamp", str(root / XW), "--row", "policy.r-policy", "--dry-run")
    assert code == 0 and "policy.r-policy to: content 46de069d1f4f -> " in out and "nothing written" in out
    assert tree_digest(root / "standards") == before
    code, out, _ = run_lode("crosswalk", "restamp", str(root / XW), "--row", "policy.r-policy")
    assert code == 0 and "1 stamp change(s)" in out
    assert (root / XW).read_text().startswith("# Demo 2024 to the reference standard.\n")
    _commit(r, root, "restamp after review")
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 0 and not _codes(out)

    # 3. renumbered: re-based (info), exit 0
    _edit(root, REF, 'number: "3"', 'number: "5"')
    _commit(r, root, "renumber r-audit")
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 0 and _codes(out) == ["crosswalk-rebased"] and "renumbered 3 -> 5" in out

    # 4. a new id that declares `replaces:` (lineage to the earlier edition's id): re-based
    # to the new id; restamp follows it
    _edit(root, "standards/demo/2024.yaml", "      - id: policy\n", "      - id: policy-v2\n        replaces: [policy]\n")
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 0 and "demo@2024#policy was replaced by 'policy-v2' (lineage)" in out
    assert set(_codes(out)) == {"crosswalk-rebased"}
    code, out, _ = run_lode("crosswalk", "restamp", str(root / XW))
    assert code == 0 and "re-based policy -> policy-v2" in out
    assert "from: demo@2024#policy-v2" in (root / XW).read_text()
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 0 and not _codes(out)
    _commit(r, root, "policy becomes policy-v2")

    # 5. withdrawn: broken (error), and restamp refuses without writing
    _edit(root, REF, "  - id: r-audit\n    number: \"5\"\n    kind: clause\n"
          "    title:\n      en: Independent audit\n    fidelity: verified\n    sources: [src]\n", "")
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 1 and _codes(out) == ["crosswalk-broken"]
    before = tree_digest(root / "standards")
    code, out, err = run_lode("crosswalk", "restamp", str(root / XW))
    assert code == 1 and "crosswalk-broken" in err and "nothing written" in out
    assert tree_digest(root / "standards") == before
    assert len(list(r.iter_commits())) == 5


def test_restamp_unknown_row_is_a_usage_error(run_lode, repo) -> None:
    root, _ = repo
    code, _, err = run_lode("crosswalk", "restamp", str(root / XW), "--row", "nope")
    assert code == 2 and "nope" in err


def test_xlsx_round_trip(run_lode, repo, tmp_path: Path) -> None:
    root, _ = repo
    # a rationale that a spreadsheet would run as a formula: exported inert, imported back unchanged
    _edit(root, XW, "en: Both ask for an independent audit.", "en: \"+1 independent audit\"")
    sheet = tmp_path / "xw.xlsx"
    code, out, _ = run_lode("crosswalk", "export", str(root / XW), "--format", "xlsx", "-o", str(sheet))
    assert code == 0 and sheet.is_file()
    wb = load_workbook(sheet)
    ws = wb["mappings"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["id", "from", "from_title"]
    rows = {ws.cell(i, 1).value: i for i in range(2, ws.max_row + 1)}
    assert ws.cell(rows["policy.r-policy"], header.index("to_title") + 1).value == "Policy commitment"
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["F"] == '"equal,subset-of,superset-of,intersects-with,no-relationship"'
    assert set(lists) == {"F", "G", "H", "I"}  # relation, alignment, confidence, rationale type
    ws.cell(rows["policy.r-policy"], header.index("relation") + 1).value = "intersects-with"
    assert ws.cell(rows["audit.r-audit"], header.index("rationale_en") + 1).value == "'+1 independent audit"
    ws.cell(rows["policy.r-policy"], header.index("rationale_en") + 1).value = "They overlap."
    ws.append(["new.row", "demo@2024#scope", None, "ref@1#r-policy", None, "intersects-with", None, "low",
               "semantic", "A new row."])
    wb.save(sheet)

    before = tree_digest(root / "standards")
    code, out, err = run_lode("crosswalk", "import", str(sheet), "--into", str(root / XW), "--dry-run")
    assert code == 0, err
    assert 'changed policy.r-policy\n    relation: "subset-of" -> "intersects-with"' in out
    assert 'rationale_en: "The demo policy clause is narrower." -> "They overlap."' in out
    assert "audit.r-audit" not in out
    assert "added new.row" in out and "nothing written" in out
    assert tree_digest(root / "standards") == before

    code, out, _ = run_lode("crosswalk", "import", str(sheet), "--into", str(root / XW))
    assert code == 0 and "2 row change(s)" in out
    text = (root / XW).read_text()
    assert "relation: intersects-with" in text and text.startswith("# Demo 2024 to the reference standard.\n")
    code, out, _ = run_lode("validate", "--root", str(root), "--no-cache")
    assert code == 0 and _codes(out) == ["crosswalk-unstamped"]  # the new row awaits review

    # removing a row in the sheet removes it from the file
    wb = load_workbook(sheet)
    wb["mappings"].delete_rows(rows["scope.r-scope"])
    wb.save(sheet)
    code, out, _ = run_lode("crosswalk", "import", str(sheet), "--into", str(root / XW))
    assert code == 0 and "removed scope.r-scope" in out and "scope.r-scope" not in (root / XW).read_text()


def _workbook(tmp_path: Path, rows: list[list[object]], name: str = "mappings") -> Path:
    from lode.crosswalk.io import COLUMNS

    wb = Workbook()
    wb.active.title = name
    wb.active.append(list(COLUMNS))
    for r in rows:
        wb.active.append(r)
    p = tmp_path / "in.xlsx"
    wb.save(p)
    return p


GOOD = ["a.b", "demo@2024#scope", None, "ref@1#r-scope", None, "equal", None, None, "semantic", "Same."]


@pytest.mark.parametrize("make, code, where", [
    (lambda t: _workbook(t, [GOOD[:5] + ["=HYPERLINK(\"http://x\")"] + GOOD[6:]]), "sheet-formula", ":2:6:"),
    (lambda t: _workbook(t, [GOOD[:5] + ["kind-of"] + GOOD[6:]]), "sheet-value", ":2:6:"),
    (lambda t: _workbook(t, [GOOD[:1] + ["not a ref"] + GOOD[2:]]), "sheet-value", ":2:2:"),
    (lambda t: _workbook(t, [GOOD, GOOD]), "sheet-value", ":3:1:"),
    (lambda t: _workbook(t, [GOOD], name="Sheet1"), "sheet-invalid", ""),
    (lambda t: _bytes(t, b"PK\x03\x04 this is not a zip"), "sheet-invalid", ""),
    (lambda t: _bytes(t, b"x" * (5 * 1024 * 1024 + 1)), "sheet-size", ""),
    (lambda t: _bomb(t), "sheet-size", ""),
    (lambda t: _extra_column(t), "sheet-columns", ":1:15:"),
])
def test_hostile_spreadsheets_are_refused(run_lode, repo, tmp_path: Path, make, code: str, where: str) -> None:
    root, _ = repo
    sheet = make(tmp_path)
    before = tree_digest(root / "standards")
    exit_code, _out, err = run_lode("crosswalk", "import", str(sheet), "--into", str(root / XW))
    assert exit_code == 3 and f"[{code}]" in err and where in err, err
    assert "Traceback" not in err
    assert tree_digest(root / "standards") == before


def _bytes(tmp_path: Path, data: bytes) -> Path:
    p = tmp_path / "in.xlsx"
    p.write_bytes(data)
    return p


def _bomb(tmp_path: Path) -> Path:
    # 60 MiB of zeros compress to about 60 KiB: refused from the zip directory, before any unpacking
    p = tmp_path / "in.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return p


def _extra_column(tmp_path: Path) -> Path:
    p = _workbook(tmp_path, [GOOD])
    wb = load_workbook(p)
    wb["mappings"].cell(1, 15).value = "surprise"
    wb.save(p)
    return p


def test_import_that_would_make_an_invalid_crosswalk_writes_nothing(run_lode, repo, tmp_path: Path) -> None:
    root, _ = repo
    sheet = tmp_path / "xw.xlsx"
    run_lode("crosswalk", "export", str(root / XW), "--format", "xlsx", "-o", str(sheet))
    wb = load_workbook(sheet)
    ws = wb["mappings"]
    ws.append(["policy.dup", "demo@2024#policy", None, "ref@1#r-policy", None, "equal", None, None, "semantic", "x"])
    wb.save(sheet)
    before = tree_digest(root / "standards")
    code, out, err = run_lode("crosswalk", "import", str(sheet), "--into", str(root / XW))
    assert code == 1 and "crosswalk-contradiction" in err and "nothing written" in out
    assert tree_digest(root / "standards") == before


def test_csv_export_neutralises_formulas(run_lode, repo) -> None:
    root, _ = repo
    _edit(root, XW, "en: Both are the scope clause.", "en: \"=cmd|' /C calc'!A0\"")
    _edit(root, XW, "en: The demo policy clause is narrower.", "en: \"@SUM(1)\"")
    code, out, _ = run_lode("crosswalk", "export", str(root / XW), "--format", "csv")
    assert code == 0
    cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1)" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


SSSOM_REQUIRED = ("subject_id", "predicate_id", "object_id", "mapping_justification")
CURIE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*:[^\s]+$")
PREDICATES = {"skos:exactMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch", "skos:closeMatch"}


def _sssom(text: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    meta_lines = [ln[1:] for ln in text.splitlines() if ln.startswith("#")]
    curie_map, in_map = {}, False
    for ln in meta_lines:
        if ln == "curie_map:":
            in_map = True
        elif in_map and ln.startswith("  "):
            k, v = ln.strip().split(": ", 1)
            curie_map[k] = v
        else:
            in_map = False
    body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body), delimiter="\t"))
    assert any(ln.startswith("mapping_set_id: ") for ln in meta_lines)
    assert any(ln.startswith("license: ") for ln in meta_lines)
    return curie_map, rows


@pytest.mark.parametrize("xw", sorted((REPO / "standards").glob("*/crosswalks/*.yaml")), ids=lambda p: p.name)
def test_sssom_export_follows_the_column_rules(run_lode, xw: Path) -> None:
    code, out, _ = run_lode("crosswalk", "export", str(xw), "--format", "sssom")
    assert code == 0
    curie_map, rows = _sssom(out)
    assert rows
    for row in rows:
        for col in SSSOM_REQUIRED:
            assert row[col], (col, row)
        for col in ("subject_id", "object_id", "predicate_id", "mapping_justification"):
            assert CURIE.match(row[col]), row[col]
            assert row[col].split(":")[0] in curie_map, row[col]
        assert row["predicate_id"] in PREDICATES
        assert row["mapping_justification"] == "semapv:ManualMappingCuration"
        assert row["predicate_modifier"] in ("", "Not")
        assert row["confidence"] == "" or 0 <= float(row["confidence"]) <= 1


def test_sssom_predicate_direction(run_lode, repo) -> None:
    root, _ = repo
    code, out, _ = run_lode("crosswalk", "export", str(root / XW), "--format", "sssom")
    _, rows = _sssom(out)
    by_subject = {r["subject_id"]: r for r in rows}
    # demo policy is a subset of ref policy: the object is broader
    assert by_subject["demo_2024:policy"]["predicate_id"] == "skos:broadMatch"
    assert by_subject["demo_2024:scope"]["predicate_id"] == "skos:exactMatch"
    assert "demo_2024:metrics" not in by_subject  # a whole-edition row has no SSSOM form


def test_json_export_and_output_file(run_lode, repo, tmp_path: Path) -> None:
    import json

    root, _ = repo
    out_file = tmp_path / "xw.json"
    code, _, _ = run_lode("crosswalk", "export", str(root / XW), "--format", "json", "-o", str(out_file))
    data = json.loads(out_file.read_text())
    assert code == 0 and data["from"] == "demo@2024" and data["mappings"][1]["to_title"] == "Policy commitment"


def test_xlsx_needs_an_output_file(run_lode, repo) -> None:
    root, _ = repo
    code, _, err = run_lode("crosswalk", "export", str(root / XW), "--format", "xlsx")
    assert code == 2 and "--output" in err


def test_show_cma_to_gri_names_the_known_gaps(run_lode, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.chdir(REPO)
    code, out, _ = run_lode("crosswalk", "show", "cma-esg-disclosure@2025", "gri-14@2024", "--format", "json")
    assert code == 0
    data = json.loads(out)
    gaps = {g["ref"]: g for g in data["gaps"]["to"]}
    assert gaps["gri-14@2024#rights-of-indigenous-peoples"]["status"] == "no-relationship"
    partly = {g["ref"]: g for g in data["partly-covered"]["to"]}
    assert any("grievance" in r["rationale"]["en"] for r in partly["gri-14@2024#local-communities"]["rows"])
    cov = data["coverage"]["to"]
    assert cov["total"] == 25 and cov["mapped"] + sum(
        cov["by-relation"][k] for k in ("no-relationship", "unmapped")) == 25


def test_show_reads_a_crosswalk_inverted(run_lode, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.chdir(REPO)
    code, out, _ = run_lode("crosswalk", "show", "gri-14@2024", "cma-esg-disclosure@2025", "--format", "json",
                            "--matrix")
    data = json.loads(out)
    assert code == 0 and data["from"] == "gri-14@2024"
    cells = {(c["from"], c["to"]): c["relation"] for c in data["matrix"]["cells"]}
    assert cells[("water-and-effluents", "water")] == "superset-of"


def test_show_drift_against_a_later_edition(run_lode, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run_lode("crosswalk", "show", "cccmc-ddg@2015", "oecd-ddg@3", "--drift")
    assert code == 0 and "drift against later editions:" in out
    assert re.search(r"step-1\.step-1 from cccmc-ddg@2015#step-1 in cccmc-ddg@2022: unchanged", out)
    assert re.search(r"risk-type-2\.\S+ from cccmc-ddg@2015#risk-type-2 in cccmc-ddg@2022: changed \(text", out)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_show_formats(run_lode, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run_lode("crosswalk", "show", "cccmc-gsrm@2017", "iso-26000@2010", "--format", fmt, "--matrix")
    assert code == 0 and "consumer-issues" in out


def test_show_without_a_crosswalk_is_a_usage_error(run_lode, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, _, err = run_lode("crosswalk", "show", "ungp@2011", "gri-14@2024")
    assert code == 2 and "no crosswalk" in err


def test_stamp_ignores_number_and_position_but_not_text() -> None:
    from dataclasses import replace

    from lode.model.corpus import Corpus
    from lode.model.edition import Text, stamp

    node = next(n for n in Corpus.load(REPO).edition("gri-14@2024").walk() if n.id == "tailings")
    assert stamp(replace(node, number="99", children=())) == stamp(node)
    assert stamp(replace(node, summary=Text.of({"en": "Something else."}))) != stamp(node)


def test_a_metric_stamp_is_the_one_crosswalks_recorded() -> None:
    # Crosswalk rows record stamps: the value spec in a stamp is read field by field, and
    # must give the JSON `dataclasses.asdict` gave when those stamps were written.
    import dataclasses
    import json
    from dataclasses import replace

    from lode.model.corpus import Corpus
    from lode.model.edition import fingerprint, stamp

    def recorded(node):  # the stamp's substance as it was first defined
        def loc(t):
            return {k: v for k, v in t.by_lang.items() if k not in t.translated_from} if t is not None else None
        substance = {"title": loc(node.title), "summary": loc(node.summary), "text": loc(node.text),
                     "obligation": node.obligation, "requirement": node.requirement, "condition": loc(node.condition),
                     "value": dataclasses.asdict(node.value) if node.value is not None else None}
        return fingerprint(json.dumps(substance, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                      allow_nan=False))

    metrics = [n for e in Corpus.load(REPO).editions.values() for n in e.walk() if n.value is not None]
    assert len(metrics) > 100 and any(n.value.columns for n in metrics)
    assert [stamp(n) for n in metrics] == [recorded(n) for n in metrics]
    node = metrics[0]
    assert stamp(replace(node, value=replace(node.value, unit="kt"))) != stamp(node)


# --- the crosswalk page (issue 13, item 4) ------------------------------------------------

def _page(lang: str, root: Path = REPO) -> str:
    from lode.model.corpus import Corpus
    from lode.model.crosswalk import read_crosswalk
    from lode.site.compare_pages import crosswalk_page

    file = "standards/cma-esg-disclosure/crosswalks/2025--gri-14@2024.yaml"
    _, cw = read_crosswalk(root / file, file)
    return crosswalk_page(Corpus.load(root), cw, file, lang=lang)


def test_holdings_tell_an_incomplete_or_placeholder_side_from_a_complete_one() -> None:
    from lode.crosswalk.views import holdings
    from lode.model.corpus import Corpus
    from lode.model.crosswalk import read_crosswalk

    file = "standards/cma-esg-disclosure/crosswalks/2025--gri-14@2024.yaml"
    _, cw = read_crosswalk(REPO / file, file)
    corpus = Corpus.load(REPO)
    cma = holdings(cw, "from", corpus.edition(cw.source))
    assert cma.partial and cma.short == (("metric", _cma_metrics(), 115),) and cma.illustrative == cma.in_scope == 12
    gri = holdings(cw, "to", corpus.edition(cw.target))
    assert not gri.partial and gri.in_scope == 25


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_crosswalk_page_speaks_plainly_in_each_language(lang: str) -> None:
    from lode.render.words import RELATIONS
    from lode.site.compare_text import UI

    page = _page(lang)
    other = "en" if lang == "zh" else "zh"
    assert "intersects&#45;with" not in page and "intersects-with |" not in page  # never the raw relation name
    assert RELATIONS["intersects-with"][lang] in page and RELATIONS["subset-of"][lang] in page
    assert RELATIONS["intersects-with"][other] not in page
    # The fidelity note and the crosswalk's own notes, in the page's language.
    assert UI[lang]["reading-notes"] in page
    assert ("illustrative placeholders" if lang == "en" else "示意性占位") in page
    assert ("only 28 illustrative CMA metrics" if lang == "en" else "只编写了 28 项示意性") in page
    # A mapped clause by title, its reference underneath (a link to the clause).
    tailings = escape(_gri_title("tailings", lang))
    assert re.search(r"\*\*14&#46;6 (<span lang=\"en\">)?" + re.escape(tailings) + r"(</span>)?\*\*<br><small>"
                     r"\[<code>gri&#45;14@2024&#35;tailings</code>\]\(\.\./gri-14/2024/index\.md#tailings\)</small>", page)
    # Two meanings of "not mapped": the asserted gap (with its reason) and not in the corpus yet.
    gaps = page.split("{#_gaps}")[1].split("{#_not-in-corpus}")[0]
    not_yet = page.split("{#_not-in-corpus}")[1]
    indigenous, air = escape(_gri_title("rights-of-indigenous-peoples", lang)), escape(_gri_title("air-emissions", lang))
    assert indigenous in gaps and ("no guidance on Indigenous peoples" if lang == "en" else "没有关于原住民的指引") in gaps
    assert air in not_yet and air not in gaps
    assert indigenous not in not_yet
    n = _cma_metrics()
    assert (f"{n} of 115" in not_yet) if lang == "en" else (f"已录入 {n} 个，应有 115 个" in not_yet)
    # The heat map: one linked cell per mapped pair, labelled by clause title.
    heat = page.split('<div class="lode-heatmap"')[1].split("</div>")[0]
    assert heat.count('<a href="#_map-') == 16 - 3  # every row with a node on both sides
    assert '<td class="lode-rel-intersects-with"><a href="#_map-tailings.tailings"' in heat
    # Columns are numbered; the list under the map names each column's clause.
    assert re.search(r'<li id="_col-(\d+)" value="\1">14&#46;6 (<span lang="en">)?' + re.escape(tailings) + r"(</span>)?</li>", page)
    assert '<span id="_map-tailings.tailings"></span>' in page


def test_a_title_only_in_the_other_language_is_marked_with_its_language(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(REPO / "standards", tmp_path / "standards")
    gri = tmp_path / "standards/gri-14/2024.yaml"
    text = gri.read_text(encoding="utf-8")
    zh = _gri_title("tailings", "zh")
    # the title's zh line and its translation mark go; the English stays
    gri.write_text(re.sub(rf"\n +zh: {zh}\n +translated-from: {{zh: [0-9a-f]+}}", "", text, count=1), encoding="utf-8")
    assert '<span lang="en">Tailings</span>' in _page("zh", tmp_path)


def _cma_metrics() -> int:
    """How many CMA metrics the corpus holds (it grows as metrics are authored)."""
    from lode.model.corpus import Corpus

    return sum(n.kind == "metric" for n in Corpus.load(REPO).edition("cma-esg-disclosure@2025").walk())


def _gri_title(node: str, lang: str) -> str:
    from lode.model.corpus import Corpus

    ed = Corpus.load(REPO).edition("gri-14@2024")
    return next(n for n in ed.walk() if n.id == node).title.get(lang) or ""


def test_crosswalk_page_escapes_data(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(REPO / "standards", tmp_path / "standards")
    gri = tmp_path / "standards/gri-14/2024.yaml"
    gri.write_text(gri.read_text(encoding="utf-8").replace("en: Tailings", "en: \"<script>alert(1)</script>|x\"", 1),
                   encoding="utf-8")
    page = _page("en", tmp_path)
    assert "<script" not in page and "&#60;script&#62;" in page


def test_both_languages_have_every_interface_string() -> None:
    from lode.diff.result import IMPACTS, KINDS
    from lode.render.words import CONCORDANCE, DIRECTION, FIELDS, IMPACT, KIND, LANGUAGE, RELATIONS
    from lode.site.compare_text import UI

    assert set(UI["zh"]) == set(UI["en"])
    for table in (FIELDS, IMPACT, KIND, RELATIONS, CONCORDANCE, DIRECTION, LANGUAGE):
        assert all({"zh", "en"} <= set(v) for v in table.values())
    # Every change kind and impact a diff can give has its words (the site and `lode diff`).
    assert set(KIND) == set(KINDS) and set(IMPACT) == set(IMPACTS)
