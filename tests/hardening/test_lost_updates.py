"""Defect 8: two ``restamp --row`` runs on different rows of one file at once both
reported success and one change was lost (19 of 20 runs). Now the write is refused
(``write-conflict``, exit 5) when the file changed under the command; real processes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hardening_helpers import LODE, REF, XW, make_repo

from lode.core.errors import WriteError
from lode.crosswalk import write as crosswalk_write
from lode.cli.common import finish_rewrite


def _stale_two_rows(root: Path) -> None:
    p = root / REF
    text = p.read_text()
    for old in ("The organisation commits to a policy.", "scope"):
        assert old in text
    p.write_text(text.replace("The organisation commits to a policy.", "It commits to a published policy.", 1))
    demo = root / "standards" / "demo" / "2024.yaml"
    d = demo.read_text()
    lines = d.split("\n")
    # change the scope node's text so that row scope.r-scope needs a new stamp too
    i = next(i for i, line in enumerate(lines) if "id: scope" in line)
    j = next(j for j in range(i, len(lines)) if "en:" in lines[j])
    lines[j] = lines[j] + " (revised)"
    demo.write_text("\n".join(lines))


def _stamps(root: Path) -> str:
    return (root / XW).read_text()


@pytest.mark.parametrize("run", range(8))
def test_concurrent_restamps_never_lose_a_change(tmp_path: Path, run: int) -> None:
    root = make_repo(tmp_path)
    _stale_two_rows(root)
    before = _stamps(root)
    procs = [subprocess.Popen([*LODE, "crosswalk", "restamp", str(root / XW), "--row", row, "--root", str(root)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for row in ("policy.r-policy", "scope.r-scope")]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    after = _stamps(root)
    policy_done = "content: 46de069d1f4f" not in after
    scope_done = after.count("bc0546b91347") < before.count("bc0546b91347")
    for (code, out, err), done in zip(results, (policy_done, scope_done)):
        if code == 0:
            assert done, f"reported success but the change is lost:\n{out}{err}"
        else:
            assert code == 5 and "write-conflict" in err, out + err
    assert any(code == 0 for code, _o, _e in results)


def test_change_under_the_command_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    _stale_two_rows(root)
    result = crosswalk_write.restamp(root, root / XW, XW, {"policy.r-policy"})
    assert result.changes
    edited = (root / XW).read_text().replace("# Demo 2024", "# Demo 2024 (edited meanwhile)")
    (root / XW).write_text(edited)
    with pytest.raises(WriteError) as e:
        finish_rewrite(root / XW, XW, result.content, len(result.changes), "stamp change(s)", False, result.source)
    assert e.value.finding.code == "write-conflict"
    assert (root / XW).read_text() == edited


def test_a_file_that_only_grew_is_a_change(tmp_path: Path) -> None:
    """Appending keeps the bytes read as a prefix: the check must still see the change."""
    from lode.core.fsutil import write_atomic

    p = tmp_path / "f.yaml"
    p.write_bytes(b"a: 1\n")
    read = p.read_bytes()
    p.write_bytes(read + b"b: 2\n")  # someone appended meanwhile
    with pytest.raises(WriteError) as e:
        write_atomic(p, b"a: 3\n", expect=read)
    assert e.value.finding.code == "write-conflict"
    assert p.read_bytes() == b"a: 1\nb: 2\n"


def test_a_file_created_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    from lode.core.fsutil import ABSENT, write_atomic

    p = tmp_path / "new.yaml"
    write_atomic(p, b"first: 1\n", expect=ABSENT)
    with pytest.raises(WriteError) as e:
        write_atomic(p, b"second: 2\n", expect=ABSENT)
    assert e.value.finding.code == "write-conflict"
    assert p.read_bytes() == b"first: 1\n"


def test_two_imports_into_a_new_comments_file_lose_nothing(tmp_path: Path) -> None:
    """Two forms imported at once into a draft that has no comments file yet: both
    comments end up in the file, or the second import is refused (exit 5), never lost."""
    import shutil

    from openpyxl import Workbook

    from conftest import REPO

    def git(cwd: Path, *args: str) -> None:
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@lode.invalid", *args], cwd=cwd, check=True,
                       capture_output=True)

    root = tmp_path / "repo"
    shutil.copytree(REPO / "tests/cases/consult/loop/repo", root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "draft")
    r = ("--root", str(root))
    assert subprocess.run([*LODE, "stage", "demo@2026-draft", "consultation", *r], capture_output=True).returncode == 0
    git(root, "commit", "-qam", "stage")
    forms = []
    for n, who in enumerate(("甲矿业集团（虚构）", "乙研究院（虚构）")):
        wb = Workbook()
        ws = wb.active
        ws.append(["序号", "标准章条编号", "意见内容", "修改建议", "提出单位", "处理意见", "备注", "意见类型"])
        ws.append([1, "总体", f"第{n + 1}份意见。", None, who, None, None, "总体"])
        wb.save(tmp_path / f"form{n}.xlsx")
        forms.append(tmp_path / f"form{n}.xlsx")
    into = root / "standards/demo/comments/2026-draft.yaml"
    for _attempt in range(5):
        into.unlink(missing_ok=True)
        procs = [subprocess.Popen([*LODE, "comments", "import", str(f), "--into", str(into), *r],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in forms]
        results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
        text = into.read_text(encoding="utf-8")
        for (code, out, err), n in zip(results, (1, 2)):
            if code == 0:
                assert f"第{n}份意见" in text, f"import {n} reported success but its comment is lost:\n{out}{err}"
            else:
                assert code == 5 and "write-conflict" in err, out + err
