"""The validators' guide (zh and en) replays: its `filing.yaml` is written out, and every
`$ command` of its console blocks is run where the guide says a validator runs it (a
fresh clone of this repository without tags; or an empty folder holding the release's
bundle as the site publishes it), and must print exactly what the guide shows."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from release_helpers import REPO, git, isolated_git  # noqa: F401 - fixtures

from lode.site import releases as site_releases

GUIDES = [REPO / "site" / "guides" / f"validators.{lang}.md" for lang in ("en", "zh")]
_CONSOLE = re.compile(r"^```console\n(.*?)^```$", re.M | re.S)
_FILING = re.compile(r'^`filing.yaml`[:：]\n\n```yaml\n(.*?)^```$', re.M | re.S)


def sessions(text: str) -> list[tuple[str, str]]:
    """(command, expected output) of every console block."""
    out = []
    for block in _CONSOLE.findall(text):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            out.append((command, output))
    return out


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=REPO, capture_output=True,
                      text=True).stdout.strip() != "false":
        pytest.skip("this checkout is shallow: the release's commit is not here")
    base = tmp_path_factory.mktemp("guide")
    clone = base / "clone"
    subprocess.run(["git", "clone", "-q", "--no-tags", str(REPO), str(clone)], check=True, capture_output=True)
    validator = base / "validator"
    validator.mkdir()
    for path, content in site_releases.collect(clone, ["cma-esg-disclosure"]).files.items():
        (validator / path.rsplit("/", 1)[1]).write_bytes(content)
    return {"clone": clone, "validator": validator}


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guide_replays(guide: Path, places: dict[str, Path], run_lode, monkeypatch: pytest.MonkeyPatch) -> None:
    text = guide.read_text(encoding="utf-8")
    assert "until releases exist" not in text and "在本仓库建立正式发布之前" not in text
    filing = _FILING.search(text)
    assert filing, "the guide shows its filing.yaml"
    steps = sessions(text)
    assert len(steps) >= 6
    for place in places.values():
        (place / "filing.yaml").write_text(filing[1], encoding="utf-8")
    for command, expected in steps:
        argv = shlex.split(command)
        place = places["validator" if any("manifest.json" in a or a.endswith(".sha256") for a in argv)
                       else "clone"]
        monkeypatch.chdir(place)
        if argv[0] == "lode":
            _, out, err = run_lode(*argv[1:])
            got = out + err
        else:
            got = subprocess.run(argv, cwd=place, capture_output=True, text=True, check=True).stdout
        assert got == expected, f"{guide.name}: `{command}` printed:\n{got}"


def test_a_fresh_clone_without_tags_verifies_the_shipped_release(places: dict[str, Path], run_lode) -> None:
    clone = places["clone"]
    assert git(clone, "tag", "-l") == ""
    code, out, err = run_lode("verify", "cma-esg-disclosure@2025/r1", "--root", str(clone))
    assert code == 0, err
    assert "witness release log; tag not in this clone" in out


def test_a_bundle_for_another_release_than_the_files_pin_is_refused(places: dict[str, Path], run_lode,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    validator = places["validator"]
    filing = _FILING.search(GUIDES[0].read_text(encoding="utf-8"))[1]
    (validator / "other.yaml").write_text(filing.replace("pin: cma-esg-disclosure@2025/r1",
                                                         "pin: cma-esg-disclosure@2025/r2"), encoding="utf-8")
    monkeypatch.chdir(validator)
    code, out, err = run_lode("check", "other.yaml", "--pin", "cma-esg-disclosure-2025-r1.manifest.json")
    assert code == 4 and "pin-conflict" in out + err and "the bundle holds cma-esg-disclosure@2025/r1" in out + err
