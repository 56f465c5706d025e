"""Consultation pages in Chromium: the shipped fictional example (comments on their clause
after renumbering, counts per stage, organisation and clause, zh and en), and a repository
whose comments carry injection payloads (shown as text, nothing runs). Screenshots of the
comments page go to build/test-artifacts/."""

from __future__ import annotations

import re
import shutil
from typing import Iterator

import pytest
from browser_helpers import browser, site_url, visit  # noqa: F401  (shared fixtures)
from browser_helpers import ARTIFACTS, Visit, require_chromium, serve
from conftest import REPO, build_site
from playwright.sync_api import Browser
from test_site_payloads import _NO_ACTIVE_MARKUP, PAYLOADS

LOOP = REPO / "tests" / "cases" / "consult" / "loop" / "repo"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    root = tmp_path_factory.mktemp("consult-payloads") / "repo"
    shutil.copytree(LOOP, root)
    ed = root / "standards/demo/2026-draft.yaml"
    ed.write_text(ed.read_text(encoding="utf-8").replace(
        "status: draft\n", "status: draft\nstage: consultation\nstages:\n"
        '  - {stage: consultation, date: "2026-03-01", commit: "' + "a" * 40 + '"}\n'), encoding="utf-8")
    lines = ["standard: demo", 'edition: "2026-draft"', "comments:"]
    for i, payload in enumerate(PAYLOADS.values(), 1):
        lines += [f"  - id: c-{i:03d}", "    stage: consultation", f"    organisation:\n      en: {_q('Org ' + payload)}",
                  "    node: policy" if i % 2 else "    node: audit", f"    clause: {_q(payload)}",
                  "    type: technical", f"    comment:\n      en: {_q('Comment ' + payload)}",
                  "    disposition:", "      decision: not-accepted", f"      reason:\n        en: {_q('Reason ' + payload)}"]
    (root / "standards/demo/comments").mkdir()
    (root / "standards/demo/comments/2026-draft.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    yield from serve(build_site(root, tmp_path_factory.mktemp("consult-payload-build")))


def _open(browser: Browser, url: str, width: int = 1280) -> tuple[Visit, object]:
    v = Visit(browser)
    v.page.set_viewport_size({"width": width, "height": 900})
    v.page.goto(url)
    v.page.wait_for_load_state("load")
    return v, v.page


def test_the_example_shows_each_clause_with_its_comments_after_renumbering(browser: Browser,
                                                                         site_url: str) -> None:
    v, page = _open(browser, f"{site_url}/cccmc-ddg/2026-draft/comments/")  # Chinese, the default, at /
    try:
        article = page.locator("article")
        heading = article.locator("h2#_grievance-mechanism")
        assert heading.inner_text().startswith("4.6 申诉机制")  # the number it has now (送审稿)
        text = article.inner_text()
        assert "征求意见稿中为 4.7" in text  # and the one the comment was made on
        assert "虚构" in text and "不采纳" in text and "部分采纳" in text and "尚未处理" in text
        href = heading.locator("a").first.get_attribute("href")
        assert href.endswith("#grievance-mechanism")  # the clause's permanent anchor on the draft's page
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "consult-comments-zh.png"), full_page=True)
        assert not v.foreign() and not v.errors
    finally:
        v.context.close()


def test_the_stage_page_counts_per_organisation_and_clause(browser: Browser, site_url: str) -> None:
    v, page = _open(browser, f"{site_url}/en/cccmc-ddg/2026-draft/consultation/", width=390)
    try:
        rows = page.locator("article table").nth(0).locator("tbody tr").all_inner_texts()
        cells = [re.split(r"\t+", r.strip()) for r in rows]
        assert cells[-1] == ["total", "8", "3", "2", "2", "1"]
        by_clause = page.locator("article table").nth(2).locator("tbody tr").all_inner_texts()
        assert any(r.startswith("4.7 Provide for or cooperate in remediation") for r in by_clause), by_clause
        page.screenshot(path=str(ARTIFACTS / "consult-stage-390.png"), full_page=True)
        edition = _open(browser, f"{site_url}/en/cccmc-ddg/2026-draft/")[1]
        assert "Draft for review" in edition.locator("#_consultation ~ p").first.inner_text()
        latest = _open(browser, f"{site_url}/en/cccmc-ddg/latest/")[1]
        latest.wait_for_url("**/cccmc-ddg/2022/")  # readers are never sent to a draft
    finally:
        v.context.close()


@pytest.mark.parametrize("page_name", ["comments", "en/comments", "consultation", "en/consultation"])
def test_comment_payloads_render_as_text_and_run_nothing(browser: Browser, payload_site: str,
                                                         page_name: str) -> None:
    prefix, _, name = page_name.rpartition("/")
    v, page = _open(browser, f"{payload_site}/{prefix + '/' if prefix else ''}demo/2026-draft/{name}/")
    try:
        state = page.evaluate(_NO_ACTIVE_MARKUP)
        assert state["pwned"] is None and not v.dialogs and not v.errors, (state, v.dialogs, v.errors)
        assert state["handlers"] == 0 and state["jsLinks"] == 0 and state["articleScripts"] == 0, state
        text = page.locator("article").inner_text()
        for payload in PAYLOADS.values():
            if name == "comments":
                assert " ".join(payload.split()) in " ".join(text.split()), payload
            else:
                assert "Org " + " ".join(payload.split()) in " ".join(text.split()), payload
        assert page.locator("article h1").count() == 1
        assert not v.foreign()
    finally:
        v.context.close()
