"""Wheels of Lode's installed dependencies, repacked from this environment, so a test can
install the project's wheel into a fresh venv with ``pip install --no-index``: the same
pinned versions, no network, seconds instead of a minute of downloads.

A wheel installed by pip keeps its ``.dist-info`` (``WHEEL`` with its tags, ``RECORD``
with every file), so the original wheel can be rebuilt from it: the files ``RECORD``
lists under site-packages, a fresh ``RECORD``, the original tag. Console scripts are left
out (pip writes them again from ``entry_points.txt``)."""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from importlib import metadata
from pathlib import Path

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_SKIP = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def closure(root: str) -> list[metadata.Distribution]:
    """The installed distributions ``root`` needs at run time (extras left out)."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = _norm(todo.pop())
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform or Python
        seen[name] = dist
        for req in dist.requires or ():
            if "extra ==" in req.split(";", 1)[-1] and ";" in req:
                continue
            m = _NAME.match(req)
            if m:
                todo.append(m[1])
    return [d for n, d in seen.items() if n != _norm(root)]


def repack(dist: metadata.Distribution, out: Path) -> Path:
    """The wheel of an installed distribution, written into ``out``."""
    tags = [line.split(":", 1)[1].strip().split("-") for line in (dist.read_text("WHEEL") or "").splitlines()
            if line.startswith("Tag:")]
    # py2.py3-none-any: the wheel file name compresses its tags, one set per part.
    tag = "-".join(".".join(dict.fromkeys(t[i] for t in tags)) for i in range(3))
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    info = next(str(f).split("/", 1)[0] for f in dist.files or () if str(f).split("/", 1)[0].endswith(".dist-info"))
    target = out / f"{name}-{dist.version}-{tag}.whl"
    record = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as z:
        for f in dist.files or ():
            rel = str(f)
            if rel.startswith("..") or "__pycache__" in rel or (rel.startswith(info + "/") and f.name in _SKIP):
                continue
            src = Path(str(dist.locate_file(f)))
            if not src.is_file():
                continue
            data = src.read_bytes()
            z.writestr(rel, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{rel},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        z.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return target


def wheelhouse(root: str, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for dist in closure(root):
        repack(dist, out)
    return out


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
