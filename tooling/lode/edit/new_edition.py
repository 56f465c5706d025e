"""``lode new-edition STD@EDITION --as NEW``: start a draft from the last edition.

The new edition is the old one through the round-trip rewrite (comments, key order and
the editor modeline kept; every node id kept, since ids are stable across editions),
with ``edition: NEW``, ``status: draft``, ``supersedes: EDITION`` and no ``dates`` (a
draft has not been consulted on, published or made effective). ``standard.yaml`` lists
the new edition last. Both results are validated together with the rest of the
repository *before* anything is written; the caller writes them atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


from ..core.codes import Severity
from ..core.errors import LodeError
from ..core.findings import Finding
from ..model import versions
from ..model.edition import Ref
from ..read.loader import STANDARD_LIMITS, load_bytes
from ..validate.run import FileResult, check_content, check_file, cross_check, discover
from .fmt import format_bytes
from .roundtrip import rewrite
from ..core.i18n import msg


@dataclass(frozen=True)
class NewEdition:
    source: Ref
    ref: Ref
    path: Path          # the new edition file
    content: bytes
    standard_path: Path
    standard_before: bytes
    standard_after: bytes
    source_content: bytes
    findings: list[Finding]  # warnings and infos of the result (errors refuse)


def new_edition(root: Path, source: Ref, name: str) -> NewEdition:
    """What starting edition ``name`` from ``source`` would write; refuses (LodeError)
    an existing target, an unknown source, or a result that does not validate."""
    root = Path(root)
    source = versions.resolve(root, source)
    src_path = versions.edition_file(root, source)
    versions.on_disk(root, source)  # the source must exist and be valid
    ref = Ref(source.standard, name)
    target = versions.edition_file(root, ref)
    rel = target.relative_to(root).as_posix()
    try:
        Ref.parse(str(ref))
    except ValueError as e:
        raise LodeError.of("usage", msg("{name!r} is not a valid edition name: {e}", name=name, e=e), rel,
                           hint=msg("edition names are lower-case: a year (\"2026\") or words joined by - or .")) from None
    if target.exists():
        raise LodeError.of("edition-exists", msg("{ref} already exists ({rel})", ref=ref, rel=rel), rel)
    src_bytes = src_path.read_bytes()
    content = _edition_bytes(src_bytes, rel, source.edition, name)
    std_path = root / "standards" / source.standard / "standard.yaml"
    std_rel = std_path.relative_to(root).as_posix()
    std_before = std_path.read_bytes()
    std_after = _standard_bytes(std_before, std_rel, name)
    findings = _validate_with(root, {rel: (content, "edition"), std_rel: (std_after, "standard")})
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise LodeError(errors)
    return NewEdition(source, ref, target, content, std_path, std_before, std_after, src_bytes,
                      [f for f in findings if f.path in (rel, std_rel)])


def _edition_bytes(source: bytes, rel: str, old: str, new: str) -> bytes:
    def edit(data: Any, new_map: Any) -> None:
        data["edition"] = new
        data["status"] = "draft"
        # A new draft starts its own consultation: the old one's dates, stage and stage
        # history (commits of the old text) do not describe it.
        for key in ("dates", "stage", "stages"):
            data.pop(key, None)
        data["supersedes"] = old

    doc = load_bytes(source, rel, STANDARD_LIMITS)
    # ``rewrite`` puts the keys in schema order and quotes "2026" as fmt does; fmt then
    # normalises anything the source itself had out of layout.
    return format_bytes(rewrite(doc, source, edit, "edition"), rel, "edition")


def _standard_bytes(source: bytes, rel: str, new: str) -> bytes:
    doc = load_bytes(source, rel, STANDARD_LIMITS)
    if not isinstance(doc.data.get("editions"), list):
        raise LodeError.of("schema-required", msg("{rel} has no `editions:` list to add {new!r} to", rel=rel, new=new), rel)
    return rewrite(doc, source, lambda data, _new_map: data["editions"].append(new), "standard")


def _validate_with(root: Path, replaced: dict[str, tuple[bytes, str]]) -> list[Finding]:
    """The findings of the whole repository as it would be with ``replaced`` written."""
    files, findings = discover(root)
    results: list[FileResult] = []
    seen = set()
    for path, kind in files:
        rel = path.relative_to(root).as_posix()
        if rel in replaced:
            results.append(check_content(replaced[rel][0], rel, replaced[rel][1]))
            seen.add(rel)
        else:
            results.append(check_file(path, rel, kind))
    results += [check_content(c, rel, kind) for rel, (c, kind) in replaced.items() if rel not in seen]
    findings = [f for r in results for f in r.findings] + cross_check(results)
    return findings
