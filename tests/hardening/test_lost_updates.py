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
