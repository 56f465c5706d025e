"""Defect 9: output turned against its reader. A file name with a newline and
``::error file=…::`` must not become a GitHub workflow command in any human format; a
file name with byte ``\\xff`` must leave JSON and SARIF valid UTF-8."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from hardening_helpers import LODE, make_repo

INJECT = "x.yaml\n::error file=README.md,line=1::pwned"


def _run(root: Path, fmt: str) -> bytes:
    proc = subprocess.run([*LODE, "validate", "--root", str(root), "--no-cache", "--format", fmt],
                          capture_output=True, timeout=120)
    assert proc.returncode in (0, 1, 3), proc.stderr
    assert b"internal error" not in proc.stderr and b"Traceback" not in proc.stderr, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("fmt", ["text", "github", "markdown"])
def test_file_name_cannot_inject_a_workflow_command(tmp_path: Path, fmt: str) -> None:
    root = make_repo(tmp_path)
    (root / "standards" / "ref" / INJECT).write_text("x: 1\n")
    out = _run(root, fmt).decode("utf-8")
    lines = out.split("\n")
    assert not any(line.startswith("::error file=README.md") for line in lines), out
    assert "pwned" in out  # shown, escaped, not dropped


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_non_utf8_file_name_keeps_json_valid(tmp_path: Path, fmt: str) -> None:
    root = make_repo(tmp_path)
    name = os.fsencode(root / "standards" / "ref") + b"/bad\xff.yaml"
    with open(name, "wb") as f:
        f.write(b"x: 1\n")
    out = _run(root, fmt)
    data = json.loads(out.decode("utf-8"))  # strict UTF-8, then JSON
    text = json.dumps(data)
    assert "bad\\\\xff.yaml" in text or "bad%FF.yaml" in text


def test_text_format_escapes_control_characters_in_messages() -> None:
    from lode.core.findings import Finding
    from lode.render.report import finding_line

    f = Finding.make("unexpected-file", "name \x1b[31mred\x1b[0m\nnext", "a\nb.yaml")
    line = finding_line(f)
    assert "\n" not in line and "\x1b" not in line and "\\x1b" in line and "a\\nb.yaml" in line
