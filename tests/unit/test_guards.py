"""Guards that a code review once broke on purpose without any test noticing. Each test
here fails when its guard is planted away:

- ``roundtrip.verify`` must compare, and compare types (``true`` is not ``1``);
- ``external_link`` links http(s) only (``javascript:``, ``data:`` … stay text);
- crosswalk drift: a node replaced through lineage whose successor's content differs
  from the stamp is suspect, not merely re-based;
- ``applies-if`` compares the screening answer with ``equals``, not its truthiness.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from lode.core.errors import LodeError
from lode.edit.roundtrip import verify
from lode.render.markup import external_link


@pytest.mark.parametrize("written, intended", [
    (b"a: 2\n", {"a": 1}),                 # a different value
    (b"a: 1\n", {"a": True}),              # equal in Python, not the same data
    (b"a: 1.0\n", {"a": 1}),               # a float where an int was intended
    (b"a: [1]\n", {"a": [True]}),          # nested
    (b"a: {b: 0}\n", {"a": {"b": False}}),
])
def test_verify_refuses_what_does_not_read_back_as_intended(written: bytes, intended: dict) -> None:
    with pytest.raises(LodeError) as e:
        verify(written, "x.yaml", intended)
    assert e.value.findings[0].code == "internal"


def test_verify_accepts_the_same_data() -> None:
    assert verify(b"a: [1, true, 1.5, x]\n", "x.yaml", {"a": [1, True, 1.5, "x"]})


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>", "vbscript:x", "//evil.example", "ftp://x.example",
                                 "http:/x", "https//x.example", "file:///etc/passwd"])
def test_external_link_refuses_other_schemes(url: str) -> None:
    out = external_link(url, "the source")
    assert "<a" not in out and "href" not in out
    assert out == "the source"


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2", "http://example.org"])
def test_external_link_links_http_and_https(url: str) -> None:
    import html
    import re

    out = external_link(url, "<b>")
    m = re.fullmatch(r'<a href="([^"<>]*)" rel="noopener">([^<>]*)</a>', out)
    assert m, out
    assert html.unescape(m[1]) == url and html.unescape(m[2]) == "<b>"


CROSSWALK_CASE = REPO / "tests/cases/validate/positive/crosswalk/standards"


def _lode(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    import sys

    return subprocess.run([sys.executable, "-m", "lode.cli", *args, "--root", str(root)], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("changed", [False, True], ids=["same-content", "changed-content"])
def test_a_successor_with_changed_content_is_suspect(tmp_path: Path, changed: bool) -> None:
    root = tmp_path / "repo"
    shutil.copytree(CROSSWALK_CASE, root / "standards")
    ref = root / "standards/ref/1.yaml"
    text = ref.read_text(encoding="utf-8")
    # r-policy becomes r-policy-2, declaring the lineage; its summary changes or not
    new = text.replace("  - id: r-policy\n", "  - id: r-policy-2\n    replaces: [r-policy]\n", 1)
    if changed:
        new = new.replace("The organisation commits to a policy.", "The organisation commits to a public policy.")
    assert new != text
    ref.write_text(new, encoding="utf-8")
    out = _lode(root, "validate", "--no-cache").stdout
    assert "crosswalk-rebased" in out
    assert ("crosswalk-suspect" in out) is changed, out


def test_applies_if_compares_the_answer_with_equals(tmp_path: Path) -> None:
    """A conditional metric that applies when the screening answer is *false*: a true
    answer (truthy) must not make it apply."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "standards/cma-esg-disclosure", root / "standards/cma-esg-disclosure",
                    ignore=shutil.ignore_patterns("crosswalks", "releases.yaml"))
    ed = root / "standards/cma-esg-disclosure/2025.yaml"
    text = ed.read_text(encoding="utf-8")
    old = "applies-if: {metric: has-tailings-facilities}"
    assert text.count(old) == 1
    ed.write_text(text.replace(old, "applies-if: {metric: has-tailings-facilities, equals: false}"), encoding="utf-8")
    src = (REPO / "examples/disclosures/passing.yaml").read_text(encoding="utf-8")
    lines = src.split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("  tailings-facilities:"))
    end = next(i for i in range(at + 1, len(lines)) if not lines[i].startswith("    "))
    without = "\n".join(lines[:at] + lines[end:])  # the conditional metric left out
    for answer, applies in (("true", False), ("false", True)):
        d = tmp_path / f"answer-{answer}.yaml"
        d.write_text(without.replace("has-tailings-facilities: {value: true}",
                                     f"has-tailings-facilities: {{value: {answer}}}"), encoding="utf-8")
        done = _lode(root, "check", str(d))
        assert ("conditional-missing" in done.stdout) is applies, done.stdout + done.stderr
        assert done.returncode == (1 if applies else 0), done.stdout + done.stderr


@pytest.mark.parametrize("value", ["zh:797344863e87", "797344863", "2026-12-06", "4.6", "true", "a: b"])
def test_a_rewrite_quotes_what_cannot_stay_plain(value: str) -> None:
    """Flow-style marks (`translated-from: {en: zh}`) stamped with a fingerprint: the
    written value reads back as the same string (the strict loader refuses `{en: zh:79a4}`)."""
    from lode.edit.roundtrip import rewrite
    from lode.read.loader import load_bytes

    src = b"id: x\ntitle:\n  zh: \xe6\xa0\x87\xe9\xa2\x98\n  en: Title\n  translated-from: {en: zh}\n"
    doc = load_bytes(src, "standards/x/standard.yaml")

    def stamp(data, _new_map) -> None:
        data["title"]["translated-from"]["en"] = value

    out = rewrite(doc, src, stamp, "standard")
    assert load_bytes(out, "x.yaml").data["title"]["translated-from"]["en"] == value
    assert f'"{value}"'.encode() in out
