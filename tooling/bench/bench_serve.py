"""``serve``: edit -> visible page, as a drafter feels it under ``make serve``
(``mkdocs serve --dirty`` with the Lode plugin): save a clause's new wording, then poll
the page over HTTP until the new word is there. Its floor, in the same rounds of the
same server: the same loop on a hand-written Markdown page, which is mkdocs' own watcher
and dirty rebuild without any Lode work. On the synthetic corpus, the same save is also
watched in a browser (headless Chromium, mkdocs' live reload) until the new word is in the
reloaded page, beside the page reloaded with no save: what a drafter waits for, and the
browser's own share of it; beside those, the page reloaded by a reader who chose English
and a click on a language tab, both against that reload."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable

import synth
from bench_site import edit_real, real_copy, site_config
from common import REPO, Measured, benchmark, fmt_stat, fmt_x, interleaved, print_table, progress

POLL_S = 0.01
TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - loopback only
            return resp.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _until(url: str, word: str, proc: subprocess.Popen, timeout: float = TIMEOUT_S) -> float:
    """Poll ``url`` until ``word`` shows; the time it took from now."""
    t = time.perf_counter()
    while word not in _get(url):
        if proc.poll() is not None:
            raise AssertionError(f"mkdocs serve exited {proc.returncode}")
        if time.perf_counter() - t > timeout:
            raise AssertionError(f"{word!r} did not appear on {url} within {timeout:.0f}s")
        time.sleep(POLL_S)
    return time.perf_counter() - t


class _Target:
    """Where a serve loop edits and what page it watches: ``edit(word)`` puts ``word``
    into one clause of one edition file; ``page`` is that edition's URL path."""

    def __init__(self, root: Path, edit: Callable[[str], None], page: Callable[[Path], str]) -> None:
        self.root, self.edit, self.page = root, edit, page


def _real_target(ctx: Any, label: str) -> _Target:
    root = real_copy(ctx, f"serve-{label}-corpus")

    def edit(word: str) -> None:
        path = edit_real(root)
        path.write_text(path.read_text(encoding="utf-8").replace("Reworded for the benchmark.", word, 1),
                        encoding="utf-8")

    return _Target(root, edit, lambda generated: _page_of(generated, edit_real_probe(root)))


def _synthetic_target(ctx: Any, label: str) -> _Target:
    """The first clause summary of the first edition of synth.py's corpus (a copy)."""
    from lode.site.paths import Paths

    root = ctx.tmp / f"serve-{label}-corpus"
    shutil.copytree(ctx.corpus(1).root, root)
    std = sorted((root / "standards").iterdir())[0]
    path = sorted(p for p in std.glob("*.yaml") if p.name != "standard.yaml")[0]

    def edit(word: str) -> None:
        text = path.read_text(encoding="utf-8")
        m = next(m for m in synth._SUMMARY_EN.finditer(text)  # noqa: SLF001 - the generator's own pattern
                 if "kind: clause\n" in text[text.rfind("- id:", 0, m.start()):m.start()])
        path.write_text(text[: m.start(3)] + f"{word} reworded." + text[m.end(3):], encoding="utf-8")

    return _Target(root, edit, lambda _generated: Paths.edition(std.name, path.stem)[: -len("index.md")])


def serve_loop(ctx: Any, argv: Callable[[Path, str], list[str]], label: str, plugin_extra: str = "",
               synthetic: bool = False) -> dict[str, Any]:
    """Start a server (``argv(config, address)``) on a copy of the real corpus (or of the
    1x synthetic one) and time edit -> visible for a clause and for a hand-written page,
    interleaved."""
    work = ctx.tmp / f"serve-{label}"
    target = (_synthetic_target if synthetic else _real_target)(ctx, label)
    root = target.root
    docs = work / "docs"
    shutil.copytree(REPO / "site", docs)
    config = site_config(work, docs, root, generated=work / "generated", plugin_extra=plugin_extra)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LODE_CACHE_DIR": str(work / "cache")}
    # Not beside mkdocs.yml: mkdocs watches the config file's folder, and a log written
    # there asks for a rebuild at every line.
    (work / "log").mkdir()
    log = (work / "log" / "serve.log").open("w")
    proc = subprocess.Popen(argv(config, f"127.0.0.1:{port}"), stdout=log, stderr=subprocess.STDOUT, env=env,
                            cwd=work)
    try:
        base = f"http://127.0.0.1:{port}/"
        _until(base, "<html", proc, timeout=600 if synthetic else TIMEOUT_S)  # the first full build
        clause_url = base + target.page(work / "generated")
        page_url = base + "provenance/"
        page = docs / "provenance.zh.md"  # the default language's, served at /provenance/

        def clause(k: int) -> Measured:
            word = f"Lodeword{k}x{port}"
            target.edit(word)
            s = _until(clause_url, word, proc)
            _settled(work / "log" / "serve.log")  # the rest of the rebuild (the other language) before the next edit
            return Measured(s)

        def markdown(k: int) -> Measured:
            word = f"Pageword{k}x{port}"
            page.write_text(page.read_text(encoding="utf-8") + f"\n\n{word}\n", encoding="utf-8")
            s = _until(page_url, word, proc)
            _settled(work / "log" / "serve.log")
            return Measured(s)

        out = interleaved(max(5, ctx.repeat), {"clause": clause, "page": markdown})
        if synthetic:
            out["browser"] = _browser_loop(ctx, clause_url, target, proc, work / "log" / "serve.log", port)
        return out
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _browser_loop(ctx: Any, url: str, target: _Target, proc: subprocess.Popen, log: Path,
                  port: int) -> dict[str, Any] | None:
    """What a drafter waits for in a browser (headless Chromium, mkdocs' own live reload):
    save -> the new word in the reloaded page, beside the same page reloaded with no save
    (the browser's own share: fetching and parsing the page). None without Chromium."""
    sys.path.insert(0, str(REPO / "tests" / "browser"))
    from chromium import ARGS, CHROMIUM  # the browser the browser tests drive
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        return None
    shown = "() => !window.__lode_before && document.body && document.body.textContent.includes(%s)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            page.goto(url, wait_until="load")

            def wait(word: str, start: Callable[[], None]) -> Measured:
                page.evaluate("window.__lode_before = 1")  # gone once the page has reloaded
                t = time.perf_counter()
                start()
                page.wait_for_function(shown % repr(word), timeout=TIMEOUT_S * 1000, polling="raf")
                s = time.perf_counter() - t
                page.wait_for_load_state("load")
                _settled(log)
                return Measured(s)

            def save(k: int) -> Measured:
                word = f"Browserword{k}x{port}"
                return wait(word, lambda: target.edit(word))

            def reload(k: int) -> Measured:
                return wait("Browserword", lambda: page.evaluate("location.reload()"))

            def reload_english(k: int) -> Measured:  # a reader who chose English once
                page.evaluate("localStorage.setItem('lode.tab', 'English')")
                try:
                    m = reload(k)
                    if page.evaluate(_CHECKED_LABEL) != "English":
                        raise AssertionError("the page did not open on the English tabs")
                    return m
                finally:
                    page.evaluate("localStorage.removeItem('lode.tab')")

            def tab_switch(k: int) -> Measured:  # click -> every tab set switched and painted
                try:
                    return Measured(page.evaluate(_SWITCH, "English") / 1000)
                finally:  # the other rows load the page as a reader who chose nothing
                    page.evaluate(_SWITCH, "中文")
                    page.evaluate("localStorage.removeItem('lode.tab')")

            return interleaved(max(5, ctx.repeat), {"browser_save": save, "browser_reload": reload,
                                                    "browser_reload_english": reload_english,
                                                    "browser_tab_switch": tab_switch})
        finally:
            browser.close()


# The label of the last tab set's checked tab, and a click on the first set's ``text`` tab
# timed until the last set has switched too and two frames have been painted.
_CHECKED_LABEL = """() => { const sets = document.querySelectorAll('.lode-tabs'), set = sets[sets.length - 1];
  const input = set.querySelector(':scope > input:checked');
  return set.querySelector(`label[for="${input.id}"]`).textContent.trim(); }"""
_SWITCH = """async (text) => {
  const sets = document.querySelectorAll('.lode-tabs');
  const label = set => [...set.querySelectorAll(':scope > .tabbed-labels > label')]
    .find(l => l.textContent.trim() === text);
  const start = performance.now();
  label(sets[0]).click();
  if (!document.getElementById(label(sets[sets.length - 1]).htmlFor).checked) throw new Error('tabs not linked');
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  return performance.now() - start; }"""


def _settled(log: Path, quiet_s: float = 1.0, timeout: float = 120.0) -> None:
    """Wait until the server's log has not grown for ``quiet_s`` (its rebuild is over)."""
    t, size, since = time.perf_counter(), -1, time.perf_counter()
    while time.perf_counter() - t < timeout:
        now = log.stat().st_size
        if now != size:
            size, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet_s:
            return
        time.sleep(0.05)


def edit_real_probe(root: Path) -> str:
    """A phrase of the summary ``edit_real`` edits, to find the page that shows it."""
    import re

    text = (root / "standards" / "cccmc-ddg" / "2022.yaml").read_text(encoding="utf-8")
    m = re.search(r"^( +)summary:\n(?:\1  (?!en:)[^\n]*\n)*\1  en: >-\n\1    ([^\n]{12,40})", text, re.M)
    if m is None:
        raise AssertionError("cccmc-ddg 2022 has no folded English summary")
    return m.group(2).split(" ")[0] + " " + m.group(2).split(" ")[1]


def _page_of(generated: Path, phrase: str) -> str:
    """The URL path (``use_directory_urls``) of the generated page of the cccmc-ddg 2022 edition."""
    for p in sorted(generated.rglob("index.md")):  # the edition page, not its redline
        rel = p.relative_to(generated).as_posix()
        if "cccmc-ddg" in rel and "2022" in rel and phrase in p.read_text(encoding="utf-8"):
            rel = rel[: -len("index.md")] if rel.endswith("index.md") else rel[:-3] + "/"
            return rel
    raise AssertionError(f"no generated page of cccmc-ddg 2022 shows {phrase!r}")


@benchmark("serve", "edit -> visible page under `make serve` (mkdocs serve --dirty), beside a plain page edit")
def bench_serve(ctx: Any) -> dict[str, Any]:
    progress("serve: edit -> visible page, mkdocs serve --dirty")
    mk = lambda config, addr: [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", addr, "-f", str(config)]  # noqa: E731
    # The real corpus with mkdocs' polling watcher and with the plugin's event watcher
    # (site/watch.py), then the 1x synthetic corpus (issue 26: under 1 s at 10,000 nodes).
    r: dict[str, Any] = {"polling": serve_loop(ctx, mk, "polling", "watch_events: false"),
                         "events": serve_loop(ctx, mk, "events"),
                         "synthetic": serve_loop(ctx, mk, "synthetic", synthetic=True)}
    r["synthetic_nodes"] = ctx.nodes
    rows = []
    for key, label in (("polling", "real corpus, mkdocs' polling watcher (watch_events: false)"),
                       ("events", "real corpus, file-system events (the default)"),
                       ("synthetic", f"synthetic {ctx.nodes:,} nodes, file-system events")):
        s = r[key]
        rows += [[f"make serve, {label}"],
                 ["  clause edited in standards/ (goal < 1 s)", fmt_stat(s["clause"]), ""],
                 ["  floor: hand-written page edited", fmt_stat(s["page"]),
                  fmt_x(s["clause"]["median"] / s["page"]["median"])]]
    browser = r["synthetic"].get("browser")
    rows += [[f"in a browser (headless Chromium, live reload), synthetic {ctx.nodes:,} nodes"],
             ["  clause edited: the new word in the reloaded page", fmt_stat(browser["browser_save"]), ""],
             ["  floor: the same page reloaded, no save", fmt_stat(browser["browser_reload"]),
              fmt_x(browser["browser_save"]["median"] / browser["browser_reload"]["median"])],
             ["  the same page reloaded by a reader who chose English", fmt_stat(browser["browser_reload_english"]),
              fmt_x(browser["browser_reload_english"]["median"] / browser["browser_reload"]["median"])],
             ["  a language tab clicked: every provision switched, painted", fmt_stat(browser["browser_tab_switch"]),
              fmt_x(browser["browser_tab_switch"]["median"] / browser["browser_reload"]["median"])]] if browser else \
        [["in a browser: not measured (no /usr/bin/chromium; `make test` installs it)"]]
    print_table("serve: save -> new word on the page", ["loop", "median (min–max)", "clause / page"], rows,
                [f"mkdocs serve --dirty, both languages; HTTP polling every {POLL_S * 1000:.0f} ms from the save; "
                 f"{len(r['events']['clause']['runs'])} interleaved rounds each; the next edit waits until the "
                 "server's log is quiet for 1 s"])
    return r
