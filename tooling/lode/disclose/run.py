"""Checking one disclosure: read it, resolve its pin, validate it against the edition's
compiled disclosure schema, explain a failure, run the semantic checks, and return the
:class:`Verdict`. Nothing here writes a file.

``check_file(path, root=…) -> Verdict`` is the entry point other parts of Lode use
(``lode review`` looks for example disclosures whose verdict flips between revisions).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..core.codes import Severity
from ..core.errors import LoadError, LodeError
from ..core.findings import Finding
from ..read import schemas
from ..read.loader import pointer
from . import codes  # noqa: F401 - registers the disclosure codes
from . import pinning
from .checks import judge
from .document import Disclosure, read_disclosure
from .explain import explain
from .schema import compiled
from .spec import Spec, build_spec
from .verdict import Verdict, completeness
from ..core.i18n import msg


@dataclass(frozen=True)
class Target:
    """An edition resolved and prepared for checking: its spec and compiled schema."""

    resolved: Any  # pinning.Resolved
    spec: Spec

    @property
    def digest(self) -> str:
        return self.resolved.digest


_TARGETS: dict[tuple[str, str, str | None], Target] = {}


def target(root: Path, pin: str, digest: str | None = None) -> Target:
    """The edition a pin names, resolved once per process (the work tree does not change
    during a run; a release never does)."""
    key = (str(root), pin, digest)
    t = _TARGETS.get(key)
    if t is None:
        resolved = pinning.resolve(root, pinning.Pin.parse(pin, digest))
        t = _TARGETS[key] = Target(resolved, build_spec(resolved.data))
    return t


def _pin_of(d: Disclosure, override: str | None) -> str:
    written = d.data.get("pin")
    if override and isinstance(written, str) and written != override:
        line, col = d.doc.where(("pin",))
        raise LodeError.of("pin-conflict", msg("the file is pinned to {written}, the command line to {override}", written=written, override=override),
                           d.path, line, col)
    pin = override or written
    if not isinstance(pin, str):
        raise LodeError.of("pin-missing", msg("the disclosure names no pin and --pin is not given"), d.path)
    return pin


def check_disclosure(d: Disclosure, root: Path, pin: str | None = None) -> Verdict:
    """The verdict on a loaded disclosure (pin and config failures raise :class:`LodeError`)."""
    written_digest = d.data.get("digest") if isinstance(d.data.get("digest"), str) else None
    try:
        t = target(root, _pin_of(d, pin), written_digest)
    except LodeError as e:
        # Say where the pin was written: the file's `pin:` line, or the file itself.
        line, col = d.doc.where(("pin",)) if "pin" in d.data and not pin else (0, 0)
        raise LodeError([replace(f, path=d.path, line=line, col=col) if not f.line
                         else f for f in e.findings]) from None
    c = compiled(t.spec, t.digest)
    findings: list[Finding] = list(d.doc.findings)
    schema_failed: set[str] = set()
    valid = c.fast.is_valid(d.data)
    if not valid:
        findings += schemas.check(d.doc, "disclosure")
        explained = explain(d, t.spec, c.fact_errors(d.facts()))
        schema_failed = {f.pointer.split("/")[2] for f in explained if f.pointer}
        findings += explained
    judged = judge(d, t.spec, schema_failed)
    findings += judged.findings
    if not valid and not any(
            f.severity is Severity.ERROR for f in findings):
        # The compiled schema refused the file, yet no check said why: never let that pass
        # silently (the two would disagree); report the reference implementation's words.
        findings += [Finding.make("schema-constraint", e.message, d.path, *d.doc.where(tuple(e.absolute_path)),
                                  pointer=pointer(tuple(e.absolute_path))) for e in c.slow.iter_errors(d.data)]
    r = t.resolved
    return Verdict(
        file=d.path, findings=tuple(sorted(set(findings), key=Finding.sort_key)), file_digest=d.digest,
        pin=f"{r.pin.ref}/r{r.pin.release}" if r.pinned else str(r.pin.ref), pinned=r.pinned, tag=r.tag, commit=r.commit,
        release_date=r.date, signer=r.signer, edition=str(r.pin.ref), edition_digest=r.digest,
        illustrative_allowed=r.illustrative_allowed,
        completeness=completeness(t.spec, judged.facts, judged.omissions, judged.applies),
        conversions=tuple({"metric": k, "value": v.given, "unit": v.given_unit, "converted": v.value,
                           "to": v.unit} for k, v in sorted(judged.conversions.items())),
        entity=d.data.get("entity") if isinstance(d.data.get("entity"), dict) else None,
        period=d.data.get("period") if isinstance(d.data.get("period"), dict) else None,
        sheets=d.sheets)


def refused(path: str, error: LodeError) -> Verdict:
    """The verdict on a file that could not be checked (rejected input, a pin failure)."""
    return Verdict(file=path, findings=error.findings)


def check_file(path: Path | str, root: Path | None = None, pin: str | None = None, *,
               display: str | None = None) -> Verdict:
    """Check one disclosure file. Rejected input gives a REJECTED verdict (so a batch
    goes on); a pin failure raises :class:`LodeError` (exit 4), as does a configuration
    error (exit 2)."""
    path = Path(path)
    display = display or str(path)
    if root is None:
        from ..model.layout import find_root

        root = find_root(path.parent if path.parent.exists() else Path.cwd())
    try:
        d = read_disclosure(path, display)
    except LoadError as e:
        return refused(display, e)
    return check_disclosure(d, root, pin)

