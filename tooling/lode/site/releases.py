"""The releases part of the site: every release's offline bundle (``release/bundle.py``)
and, per edition, a short list of its releases with the newest marked.

Every release of the log committed at HEAD is resolved exactly as ``lode verify`` resolves
it (its tag when the clone has it, else the log and the blob at the recorded commit,
digest recomputed); a release that does not verify in the building clone (a moved tag,
a shallow clone, a text that does not match) is left out with a warning, so a site
build never fails and never publishes a bundle that does not verify. A bundle
signature is published only if it verifies against the repository's allowed_signers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..core import signing
from ..core.errors import LodeError
from ..read.git import open_repo
from ..release import bundle
from ..release.log import log_path, read_log_at
from ..release.pins import resolve
from ..release.tags import ALLOWED_SIGNERS
from ..render.markup import escape, heading, ident, table
from .disclosure_downloads import disclosure_downloads
from .paths import Paths, rel

SECTION_ID = "_releases"

_WORDS = {
    "en": {"title": "Releases", "release": "Release", "date": "Date", "digest": "Digest (sha256)",
           "signer": "Signer", "illustrative": "Illustrative content", "bundle": "Offline bundle",
           "newest": "newest", "yes": "allowed (placeholders, not the standard's text)", "no": "none",
           "unsigned": "unsigned", "files": "manifest", "checksum": "checksum", "signature": "signature",
           "schema": "disclosure JSON Schema", "template": "template (Excel)",
           "intro": "A release freezes this edition at a git tag. Cite it as the pin shown; a validator "
                    "checks a disclosure against exactly that text (see the releases guide).",
           "none": "This edition has no release yet: it can be read, but not cited as a pinned text."},
    "zh": {"title": "发布版本", "release": "发布版本", "date": "日期", "digest": "摘要值（SHA-256）",
           "signer": "签名人", "illustrative": "示意性内容", "bundle": "离线包",
           "newest": "最新", "yes": "允许（占位内容，并非标准原文）", "no": "无",
           "unsigned": "未签名", "files": "清单", "checksum": "校验和", "signature": "签名",
           "schema": "披露文件的 JSON 数据模式", "template": "披露模板（XLSX 工作簿）",
           "intro": "发布版本把本版次固定在一个标签上。引用时请写下表中的固定版本；"
                    "核验方会按这一份确切的文本核对披露文件（见发布版本指南）。",
           "none": "本版次尚无发布版本：可以阅读，但还不能作为固定版本引用。"},
}


@dataclass
class SiteReleases:
    """Bundle files by site path, the published releases of each edition (oldest first),
    and a warning for every release that was left out."""

    files: dict[str, bytes] = field(default_factory=dict)
    releases: dict[tuple[str, str], list[Mapping[str, Any]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def fragment(self, standard: str, edition: str, lang: str = "en") -> str:
        """The Markdown section listing an edition's releases, newest first and marked."""
        w = _WORDS[lang]
        page = Paths.edition(standard, edition)
        entries = sorted(self.releases.get((standard, edition), ()), key=lambda e: -e["release"])
        lines = ["", heading(2, w["title"], SECTION_ID), ""]
        if not entries:
            return "\n".join(lines + [w["none"], ""])
        rows = []
        for i, e in enumerate(entries):
            n = e["release"]
            # Inside code spans entities would show literally; ids and digests are schema-checked
            # patterns (ident() refuses anything else), so they go in unescaped.
            name = f"`{ident(standard)}@{ident(edition)}/r{n}`" + (f" **{w['newest']}**" if i == 0 else "")
            links = [("JSON", ".json"), (w["checksum"], ".json.sha256"), (w["files"], ".manifest.json")]
            if Paths.download(standard, edition, f"-r{n}.manifest.json{bundle.SIGNATURE_SUFFIX}") in self.files:
                links.append((w["signature"], f".manifest.json{bundle.SIGNATURE_SUFFIX}"))
            if Paths.download(standard, edition, f"-r{n}-template.xlsx") in self.files:
                links += [(w["schema"], "-disclosure.schema.json"), (w["template"], "-template.xlsx")]
            files = " · ".join(f"[{label}]({rel(page, Paths.download(standard, edition, f'-r{n}{suffix}'))})"
                               for label, suffix in links)
            rows.append([name, escape(e["date"]), f"`{_digest(e['digest'])}`",
                         escape(e.get("signer") or w["unsigned"]), w["yes"] if e["allow-illustrative"] else w["no"],
                         files])
        head = [w["release"], w["date"], w["digest"], w["signer"], w["illustrative"], w["bundle"]]
        return "\n".join(lines + [w["intro"], "", table(head, rows), ""])


def _digest(value: str) -> str:
    if not re.fullmatch(r"sha256:[0-9a-f]{64}", value):
        raise ValueError(f"not a digest: {value!r}")
    return value


def collect(root: Path, standards: list[str]) -> SiteReleases:
    """The bundles and release lists of ``standards`` from their release logs as
    committed at HEAD."""
    out = SiteReleases()
    repo = None
    for std in standards:
        if repo is None:
            try:
                repo = open_repo(root)
            except LodeError:
                if log_path(root, std).is_file():
                    out.warnings.append(f"{root} is not a git clone: the releases of {std} are left out of the site")
                continue
        try:
            log = read_log_at(repo, std)
        except LodeError as e:
            out.warnings.append(f"{e}: the releases of {std} are left out of the site")
            continue
        for entry in log.entries:
            files = _bundle(root, repo, std, entry, out.warnings)
            if files is None:
                continue
            for name, content in files.items():
                out.files[Paths.download(std, entry["edition"], name[len(f"{std}-{entry['edition']}"):])] = content
            out.releases.setdefault((std, entry["edition"]), []).append(entry)
    return out


def _bundle(root: Path, repo: Any, std: str, entry: Mapping[str, Any], warnings: list[str]) -> dict[str, bytes] | None:
    """The files of one release, or None (with a warning) if the release does not verify
    in this clone exactly as ``lode verify`` would verify it."""
    pin = f"{std}@{entry['edition']}/r{entry['release']}"
    try:
        r = resolve(root, pin)
    except LodeError as e:
        hint = " (shallow clone? `git fetch --unshallow`)" if e.finding.code == "pin-shallow" else ""
        warnings.append(f"release {entry['tag']} is left out of the site: it does not verify in this clone: "
                        f"{e}{hint}")
        return None
    files = bundle.bundle_files(r.data, entry, std)
    sig = next((name for name in files if name.endswith(bundle.SIGNATURE_SUFFIX)), None)
    if sig is not None:
        manifest = files[sig[: -len(bundle.SIGNATURE_SUFFIX)]]
        try:
            signing.verify(manifest, files[sig], Path(repo.working_tree_dir) / ALLOWED_SIGNERS,
                           signing.NAMESPACE_BUNDLE)
        except LodeError as e:
            warnings.append(f"the bundle signature of {entry['tag']} is left out of the site: {e}")
            del files[sig]
    # What a validator needs without the repository: the released edition's disclosure
    # JSON Schema and the company's template, made from the text as it was released and
    # pinned to the release (pin cell and digest), so a filled-in template names it.
    files.update(disclosure_downloads(r.edition, f"{std}-{entry['edition']}-r{entry['release']}", r.digest, pin=pin))
    return files
