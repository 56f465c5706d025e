"""Where every generated page and download lives, and how pages link to each other.

Routes derive from ids only (checked against the schema's patterns by ``ident``), so
renumbering or retitling never moves a page or breaks a link.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..model.edition import Ref, Text
from ..render.markup import ident

# Ids of the page's own sections contain "_", which node ids (schema: nodeId) never do,
# so a node can never take an anchor the page needs, whatever it is called.
SECTION_IDS = {"about": "_about", "downloads": "_downloads", "scope": "_scope", "notes": "_notes",
               "sources": "_sources", "nodes": "_nodes", "editions": "_editions"}


# The hand-written guide that leads the generated crosswalk section of the nav.
CROSSWALKS_GUIDE = "crosswalks.md"


@dataclass(frozen=True)
class Mapping_:
    """A crosswalk row as one clause shows it: the relation to a node of another standard
    (read from this clause's side), the rationale, and the crosswalk page."""

    relation: str
    other: Ref
    rationale: Text | None
    crosswalk: str  # site path of the crosswalk page


@dataclass(frozen=True)
class Download:
    """A file published beside an edition page; ``path`` is a site path."""

    label: str
    path: str
    digest: str | None = None
    checksum_path: str | None = None


class Paths:
    """Site paths (Markdown sources) of every generated page.

    An edition lives at ``<standard>/<edition>/``: its URL derives from ids only."""

    catalogue = "standards/index.md"
    schemas_dir = "schemas"

    @staticmethod
    def standard(std: str) -> str:
        return f"{ident(std)}/index.md"

    @staticmethod
    def edition(std: str, ed: str) -> str:
        return f"{ident(std)}/{ident(ed)}/index.md"

    @staticmethod
    def metrics(std: str, ed: str) -> str:
        return f"{ident(std)}/{ident(ed)}/metrics.md"

    @staticmethod
    def latest(std: str) -> str:
        return f"{ident(std)}/latest/index.md"

    @staticmethod
    def changes(std: str, ed: str) -> str:
        """What changed in ``ed`` since the edition before it (the redline page)."""
        return f"{ident(std)}/{ident(ed)}/changes.md"

    @staticmethod
    def crosswalk(source: Ref, target: Ref) -> str:
        return (f"crosswalks/{ident(source.standard)}-{ident(source.edition)}--"
                f"{ident(target.standard)}-{ident(target.edition)}.md")

    @staticmethod
    def download(std: str, ed: str, suffix: str) -> str:
        return f"{ident(std)}/{ident(ed)}/{ident(std)}-{ident(ed)}{suffix}"


def rel(src: str, dest: str, anchor: str | None = None) -> str:
    """A relative link from page ``src`` to site path ``dest`` (what mkdocs checks and rewrites)."""
    out = posixpath.relpath(dest, posixpath.dirname(src) or ".")
    return out + (f"#{ident(anchor)}" if anchor else "")


def page_url(path: str) -> str:
    """The URL path of the page whose source is site path ``path`` (directory URLs, as
    mkdocs.yml sets them): ``a/b/index.md`` and ``a/b.md`` are both served at ``a/b/``."""
    stem = path[: -len("index.md")] if path.endswith("index.md") else path[: -len(".md")] + "/"
    return stem.rstrip("/") + "/" if stem else ""


def url(src: str, dest: str, anchor: str | None = None) -> str:
    """A relative URL from page ``src`` to page ``dest``, for HTML that mkdocs does not
    rewrite (every language's copy of the site has the same layout under its prefix,
    so one relative URL serves all of them)."""
    here, there = page_url(src), page_url(dest)
    frag = f"#{ident(anchor)}" if anchor else ""
    if here == there:
        return frag or "./"
    return posixpath.relpath("/" + there, "/" + here) + "/" + frag
