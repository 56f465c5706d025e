"""An edition is 版次 in Chinese, never a bare 版本.

The glossary (``lode/core/glossary.py``) gives *edition* as 版次, and uses 版本 only inside
its own compounds: 发布版本 (release), 固定版本 (pin), 未固定版本 (unpinned), 尚无发布版本
(not yet released). Chinese text that says 版本 for an edition reads as "software version"
and blurs the edition/release distinction, so every other 版本 in the site's Chinese (the
hand-written pages, the generator's interface strings, the glossary page) and in the
command line's Chinese catalog must be one of the phrases listed below, each a different
meaning of "version". A new legitimate use is added here, with its meaning.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from conftest import REPO
from lode.core.glossary import TERMS
from lode.core.i18n import LOCALE_DIR

# The glossary's compounds (尚无发布版本 and 未固定版本 contain these two).
COMPOUNDS = ("发布版本", "固定版本")

# Every other 版本 that is right, by what it means.
ALLOWED = {
    # the two language versions of the site or of a page
    "中文和英文两个版本": "language", "中英文版本": "language",
    # a version of Lode itself, or of a dependency
    "Lode 版本": "software", "Lode 的版本": "software", "Lode 的软件版本": "software",
    "lode-<版本>-py3": "software", "显示版本并退出": "software", "或更新版本": "software (OpenSSH)",
    "最初的版本": "software (an earlier design)", "尚未纳入本版本": "software", "本版本暂不提供": "software",
    "固定到确切的版本": "dependency", "（版本固定在": "dependency", "固定了二者的版本": "dependency",
    # the version of a file format
    "带版本号": "format", "新的版本号": "format", "格式的版本": "format", "格式版本": "format",
    "同一版本内": "format", "其版本不是本 Lode 能读取的版本": "format",
    "应有的版本号": "format (YAML directive)", "过长的版本号": "format (YAML directive)",
    # a git revision
    "修订版本": "git revision", "指的是文件，不是版本": "git revision",
    # the glossary's definition of 版次 itself
    "标准的一个版本": "definition",
}


def _chinese_texts() -> dict[str, str]:
    """Every Chinese text the site shows or the command line prints, by where it is."""
    texts = {str(p.relative_to(REPO)): p.read_text(encoding="utf-8")
             for p in sorted((REPO / "site").rglob("*.zh.md"))}
    # The generator's and the theme's strings: Chinese appears in these files only as the zh
    # side of an interface string, so the whole file is read.
    for folder in ("tooling/lode/site", "tooling/lode/render", "site/assets", "tooling/lode/service"):
        for p in sorted((REPO / folder).rglob("*")):
            if p.suffix in (".py", ".js", ".html", ".css"):
                texts[str(p.relative_to(REPO))] = p.read_text(encoding="utf-8")
    texts["mkdocs.yml"] = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    texts["tooling/lode/disclose/index.py"] = (REPO / "tooling/lode/disclose/index.py").read_text(encoding="utf-8")
    texts["glossary (zh, zh-def)"] = "\n".join(f"{t['zh']}\n{t['zh-def']}" for t in TERMS.values())
    with open(LOCALE_DIR / "zh" / "LC_MESSAGES" / "lode.po", "rb") as f:
        catalog = read_po(f, locale="zh")
    texts["lode.po (msgstr)"] = "\n".join(s for m in catalog if m.id
                                          for s in (m.string if isinstance(m.string, tuple) else (m.string,)))
    return texts


def _unexplained(text: str) -> list[str]:
    """Each 版本 in ``text`` that is neither a glossary compound nor an allowed phrase, in context."""
    for word in COMPOUNDS:
        text = text.replace(word, "·")
    for phrase in sorted(ALLOWED, key=len, reverse=True):
        text = text.replace(phrase, "·")
    return [m.group(0) for m in re.finditer(r".{0,12}版本.{0,8}", text)]


def test_chinese_says_the_edition_term_not_a_bare_version() -> None:
    texts = _chinese_texts()
    assert len([n for n in texts if n.endswith(".zh.md")]) >= 10 and "tooling/lode/site/i18n.py" in texts
    wrong = {name: found for name, text in texts.items() if (found := _unexplained(text))}
    assert not wrong, f"版本 where an edition (版次) or a release (发布版本) is meant: {wrong}"


def test_every_allowed_phrase_is_still_used() -> None:
    """The list stays the short list of what the text really says."""
    everything = "\n".join(_chinese_texts().values())
    unused = [p for p in ALLOWED if p not in everything]
    assert not unused, f"no longer used, remove from ALLOWED: {unused}"


def test_the_check_catches_a_bare_version_word() -> None:
    assert _unexplained("关于本版本") and _unexplained("每个版本页") and _unexplained("框架及版本")
    assert not _unexplained("本版次尚无发布版本：可以阅读，但还不能作为固定版本引用。")
    assert not _unexplained("页眉的语言切换可在同一页面的中英文版本之间切换")
