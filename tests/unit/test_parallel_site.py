"""A one-off `mkdocs build` makes the editions' pages and downloads in forked processes
(``Site.defer`` through ``core/forked.py``): the site it writes is the serial build's,
byte for byte, its errors are the serial build's, and no process outlives it."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import REPO
from lode.core import forked
from lode.site import build as sitegen


def _config(tmp: Path, root: Path, jobs: int) -> Path:
    text = (REPO / "mkdocs.yml").read_text()
    text = text.replace("docs_dir: site", f"docs_dir: {REPO / 'site'}").replace("site_dir: build/site",
                                                                                 f"site_dir: {tmp / 'site'}")
    text = text.replace("  - lode\n", f"  - lode:\n      root: {root}\n      generated_dir: {tmp / 'generated'}\n"
                                       f"      jobs: {jobs}\n")
    text = text.replace("  - standards\n  - schemas\n", f"  - {root / 'standards'}\n")
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "mkdocs.yml").write_text(text)
    return tmp / "mkdocs.yml"


def _build(tmp: Path, root: Path, jobs: int) -> None:
    """A real bilingual `mkdocs build`, in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(_config(tmp, root, jobs)))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A synthetic corpus with metrics (Excel templates), references and changes pages."""
    sys.path.insert(0, str(REPO / "tooling" / "bench"))
    import synth

    return synth.generate(tmp_path / "repo", standards=2, editions=3, nodes_per_edition=60, seed=5).root


def test_a_parallel_build_writes_the_serial_builds_site_byte_for_byte(
        tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[tuple[int, int]] = []
    real = forked.run
    monkeypatch.setattr(forked, "run", lambda jobs, workers, order=None: runs.append((len(jobs), workers))
                        or real(jobs, workers, order))
    temp = tmp_path / "temp"  # nothing the other language's pass made may be left here
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    _build(tmp_path / "serial", corpus, 1)
    assert runs == []  # serial: nothing queued
    _build(tmp_path / "parallel", corpus, 2)
    # every generated page and the editions' downloads were queued and run in two processes
    assert len(runs) == 1 and runs[0][1] == 2 and runs[0][0] >= 6 + 4
    assert multiprocessing.active_children() == [] and [p.name for p in temp.iterdir() if p.name != "jieba.cache"] == []
    serial, parallel = _files(tmp_path / "serial" / "site"), _files(tmp_path / "parallel" / "site")
    assert sorted(serial) == sorted(parallel)
    assert any(p.endswith("-template.xlsx") for p in serial) and "search/search_index.json" in serial
    assert [p for p in serial if serial[p] != parallel[p]] == []
    # the generated folder too: pages, downloads, the sections written beside the pages
    assert _files(tmp_path / "serial" / "generated") == _files(tmp_path / "parallel" / "generated")
    docs = json.loads(parallel["search/search_index.json"])["docs"]
    assert any("\u200b" in d["text"] for d in docs)  # Chinese segmented, in the children


def test_an_error_in_a_child_is_the_serial_builds_error(tmp_path: Path, corpus: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    real = sitegen.changes_page
    import synth

    last = synth.edition_names(3)[-1]

    def broken(std, d, lang="en", **kw):  # type: ignore[no-untyped-def]
        if d.new_edition.edition == last:  # one changes page of each standard fails
            raise ValueError(f"no changes page for {std.id} {last} ({lang})")
        return real(std, d, lang=lang, **kw)

    monkeypatch.setattr(sitegen, "changes_page", broken)
    errors = []
    for jobs in (1, 2):
        with pytest.raises(ValueError) as e:
            sitegen.build(*sitegen.load(corpus), sink=sitegen.write_one(tmp_path / f"gen{jobs}"), jobs=jobs)
        errors.append(str(e.value))
        assert multiprocessing.active_children() == []
    assert errors[0] == errors[1] and errors[0].startswith("no changes page for synth-s001 ")


def _job(i: int, fail: set[int], second_started: object = None):  # type: ignore[no-untyped-def]
    def run() -> int:
        if i == 0 and second_started is not None:
            # Job 1 runs in another process than job 0 (each process runs one job at a
            # time): one of the two is a child's, and both warnings must reach this process.
            assert second_started.wait(60)  # type: ignore[attr-defined]
            logging.getLogger("lode.test.forked").warning("a warning from job 0")
        if i == 1 and second_started is not None:
            second_started.set()  # type: ignore[attr-defined]
            logging.getLogger("lode.test.forked").warning("a warning from job 1")
        if i in fail:
            raise KeyError(f"job {i}")
        return i * i
    return run


def test_forked_jobs_give_values_in_order_errors_in_job_order_and_their_warnings(
        caplog: pytest.LogCaptureFixture) -> None:
    second_started = multiprocessing.get_context("fork").Event()
    jobs = [_job(i, set(), second_started) for i in range(12)]
    with caplog.at_level(logging.WARNING, logger="lode.test.forked"):
        assert forked.run(jobs, 2) == [i * i for i in range(12)]
    assert sorted(r.getMessage() for r in caplog.records) == ["a warning from job 0", "a warning from job 1"]
    # started last to first: job 9 fails before job 3 is started, and job 3's error is
    # raised, as a serial run raises it
    failing = [_job(i, {3, 9}) for i in range(12)]
    with pytest.raises(KeyError, match="job 3"):
        forked.run(failing, 2, order=list(reversed(range(12))))
    with pytest.raises(KeyError, match="job 3"):
        forked.run(failing, 1)
    assert multiprocessing.active_children() == []


def test_forked_progress_counts_the_jobs_every_process_finished() -> None:
    # A job run in this process waits until three jobs have started: the child's first
    # was then finished and counted (the child starts its second only after that), so
    # this process's first count includes it. Counting only its own jobs would say 1.
    ctx = multiprocessing.get_context("fork")
    starts, parent = ctx.Value("i", 0), os.getpid()

    def job() -> None:
        with starts.get_lock():
            starts.value += 1
        if os.getpid() == parent:
            deadline = time.monotonic() + 60
            while starts.value < 3:
                assert time.monotonic() < deadline, "the child never started two jobs"
                time.sleep(0.001)

    counts: list[int] = []
    forked.run([job] * 4, 2, finished=counts.append)
    assert counts[0] >= 2 and counts[-1] == 4 and counts == sorted(set(counts))
    serial: list[int] = []
    forked.run([lambda: None] * 3, 1, finished=serial.append)
    assert serial == [1, 2, 3]


_UNREADABLE = """
import multiprocessing, sys, time
sys.path.insert(0, {tooling!r})
from lode.core import forked

def unreadable(padding):
    raise ValueError("a value that does not read back")

class Value:
    # Pickles in the child; reading it back in the parent fails.
    def __init__(self):
        self.padding = "x" * 300_000  # more than the pipe holds: the child's write waits for the parent

    def __reduce__(self):
        return (unreadable, (self.padding,))

def job():
    time.sleep(0.005)
    return Value()

try:
    forked.run([job] * 200, 2)
except ValueError as e:
    print("raised:", e, "children:", len(multiprocessing.active_children()))
"""


def test_a_parent_that_cannot_read_a_childs_values_raises_and_leaves_no_process_waiting() -> None:
    # The child's messages are larger than the pipe; the parent fails reading the first.
    # A child holding the pipe's read end (inherited) would wait for ever on its write.
    import subprocess

    code = _UNREADABLE.format(tooling=str(REPO / "tooling"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "raised: a value that does not read back children: 0", done.stderr


@pytest.mark.parametrize("failing", ["zh", "en"])
def test_a_failing_language_pass_fails_the_build_as_a_serial_one_and_leaves_no_process(
        tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    """The other language's pass runs in a child: its error is the build's error, as in
    a serial build; an error in this process's pass stops the child."""
    from lode.site import language_passes, mkdocs_plugin

    real = mkdocs_plugin.LodePlugin.on_page_content

    def broken(self, html, *, page, config, files):  # type: ignore[no-untyped-def]
        if language_passes.languages(config)[0] == failing and page.file.src_uri.endswith("changes.md"):
            raise ValueError(f"cannot render {page.file.src_uri} in {failing}")
        return real(self, html, page=page, config=config, files=files)

    monkeypatch.setattr(mkdocs_plugin.LodePlugin, "on_page_content", broken)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    errors = []
    for jobs in (1, 2):
        with pytest.raises(Exception) as e:
            _build(tmp_path / f"jobs{jobs}", corpus, jobs)
        errors.append((type(e.value), str(e.value)))
        assert multiprocessing.active_children() == [] and [p.name for p in temp.iterdir() if p.name != "jieba.cache"] == []
    assert errors[0] == errors[1] and f"in {failing}" in errors[0][1]


@pytest.mark.parametrize("jobs", [-1, -8])
def test_a_negative_jobs_option_is_refused_not_read_as_serial(tmp_path: Path, corpus: Path, jobs: int,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):  # mkdocs' own way out: its message, no traceback
        _build(tmp_path, corpus, jobs)
    assert f"lode: jobs is {jobs}; give 0 (one per processor) or a number of processes" in caplog.text
    assert multiprocessing.active_children() == []
