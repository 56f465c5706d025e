"""Checking one disclosure: read it, resolve its pin, validate it against the edition's
compiled disclosure schema, explain a failure, run the semantic checks, and return the
:class:`Verdict`. Nothing here writes a file.

``check_file(path, root=…) -> Verdict`` is the entry point other parts of Lode use
(``lode review`` looks for example disclosures whose verdict flips between revisions).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Sequence

from ..core.codes import Severity
from ..core.errors import LoadError, LodeError
from ..core.findings import Finding
from ..read import schemas
from ..read.loader import pointer
from ..release.bundle import is_bundle
from ..release.pins import Pin, Resolved, resolve
from . import codes  # noqa: F401 - registers the disclosure codes
from .carry import View, ViewDocument, links, pins_of, views, written_pins
from .checks import judge
from .disclosure import Disclosure
from .document import read_disclosure
from .explain import explain
from .schema import compiled
from .spec import Spec, build_spec
from .verdict import Checked, Verdict, completeness
from ..core.i18n import msg


@dataclass(frozen=True)
class Target:
    """An edition resolved and prepared for checking: its spec and compiled schema."""

    resolved: Resolved
    spec: Spec

    @property
    def digest(self) -> str:
        return self.resolved.digest

    @cached_property
    def checked(self) -> Checked:
        """What a verdict was checked against: the same for every file."""
        r = self.resolved
        return Checked(pin=f"{r.pin.ref}/r{r.pin.release}" if r.pinned else str(r.pin.ref), pinned=r.pinned,
                       tag=r.tag, commit=r.commit, release_date=r.date, signer=r.signer, edition=str(r.pin.ref),
                       edition_digest=r.digest, illustrative_allowed=r.illustrative_allowed,
                       witness=r.witness if r.pinned else None, signature_verified=r.signature_verified,
                       unchecked=r.unchecked, illustrative=self.spec.illustrative, metrics=len(self.spec.metrics))


_TARGETS: dict[tuple[str, str, str | None, str | None], Target] = {}


def target(root: Path, pin: str, digest: str | None = None, allowed_signers: Path | None = None) -> Target:
    """The edition a pin names, resolved once per process (the work tree does not change
    during a run; a release never does). ``pin`` may be the path of an offline bundle
    (its signature checked against ``allowed_signers`` when given)."""
    key = (str(root), pin, digest, str(allowed_signers) if allowed_signers else None)
    t = _TARGETS.get(key)
    if t is None:
        if is_bundle(pin):
            resolved = resolve(root, Path(pin), allowed_signers=allowed_signers)
            if digest and digest != resolved.digest:
                raise LodeError.of("pin-digest", msg("{pin} has digest {digest}, the file says {digest2}", pin=pin, digest=resolved.digest, digest2=digest), pin)
        else:
            parsed = Pin.parse(pin, digest)
            bundle = _bundle_of(Path(root), parsed)
            resolved = resolve(root, bundle, allowed_signers=allowed_signers) if bundle \
                else resolve(root, parsed)
            if bundle and digest and resolved.digest != digest:
                raise LodeError.of("pin-digest", f"{pin} has digest {resolved.digest}, the pin says {digest}", pin)
        t = _TARGETS[key] = Target(resolved, build_spec(resolved.edition))
    return t


def _bundle_of(root: Path, pin: Pin) -> Path | None:
    """In a folder of offline release bundles (one with no standards/ folder, such as the
    checking service may serve), the manifest of the release a pin names."""
    if pin.release is None or (root / "standards").is_dir():
        return None
    from ..release.bundle import stem

    manifest = root / f"{stem(pin.ref.standard, pin.ref.edition, pin.release)}.manifest.json"
    return manifest if manifest.is_file() else None


def _pin_of(d: Disclosure, override: str | None) -> str:
    written = d.data.get("pin")
    # A file pinned to an edition (unpinned) may be checked against a release of it.
    if override and isinstance(written, str) and written != override and not is_bundle(override) \
            and not override.startswith(written + "/r"):
        line, col = d.doc.where(("pin",))
        raise LodeError.of("pin-conflict", msg("the file is pinned to {written}, the command line to {override}", written=written, override=override),
                           d.path, line, col)
    pin = override or written
    if not isinstance(pin, str):
        raise LodeError.of("pin-missing", msg("the disclosure names no pin and --pin is not given"), d.path)
    return pin


def check_all(d: Disclosure, root: Path, pins: Sequence[str] = (), allowed_signers: Path | None = None
              ) -> list[Verdict]:
    """One verdict per pin of a loaded disclosure, in the order of its pins (``pins`` from
    the command line, else the file's); pin and config failures raise :class:`LodeError`.
    A pin may be an offline bundle, its signature checked against ``allowed_signers``."""
    return [v for _, _, v in check_views(d, root, pins, allowed_signers)]


def check_views(d: Disclosure, root: Path, pins: Sequence[str] = (), allowed_signers: Path | None = None
                ) -> list[tuple[View, Target, Verdict]]:
    """:func:`check_all`, with each pin's view of the file and its target (what an index
    of the disclosure lists: the facts as that edition reads them)."""
    if isinstance(pins, str):
        pins = [pins]
    chosen = pins_of(d, pins)
    written_digest = d.data.get("digest") if isinstance(d.data.get("digest"), str) else None
    targets = []
    for p in chosen:
        try:
            t = target(root, p, written_digest if len(chosen) == 1 else None, allowed_signers)
            written = written_pins(d) if is_bundle(p) else ()
            if written and not {str(t.resolved.pin), str(t.resolved.pin.ref)} & set(written):
                raise LodeError.of("pin-conflict", msg("the file is pinned to {items}, the bundle holds {pin}", items=', '.join(written), pin=t.resolved.pin), d.path, *d.doc.where(("pins" if "pins" in d.data
                                                                                   else "pin",)))
            targets.append(t)
        except LodeError as e:
            key = "pins" if "pins" in d.data else "pin"
            line, col = d.doc.where((key,)) if key in d.data and not pins else (0, 0)
            raise LodeError([replace(f, path=d.path, line=line, col=col) if not f.line
                             else f for f in e.findings]) from None
    specs = [t.spec for t in targets]
    found = links(root, specs) if len(specs) > 1 else []
    out = []
    for v, t in zip(views(d, chosen, specs, found), targets):
        verdict = _check_view(v.disclosure, t, v.findings, tuple(c.to_dict() for c in v.carried) if v.carried else ())
        doc = v.disclosure.doc
        if isinstance(doc, ViewDocument):  # pointers name the file's own keys, as positions do
            verdict = replace(verdict, findings=tuple(replace(f, pointer=doc.original_pointer(f.pointer))
                                                      for f in verdict.findings))
        out.append((v, t, verdict))
    return out


def check_disclosure(d: Disclosure, root: Path, pin: str | None = None) -> Verdict:
    """The verdict on a loaded one-pin disclosure (a file with several pins: :func:`check_all`)."""
    verdicts = check_all(d, root, [pin] if pin else [])
    if len(verdicts) != 1:
        raise LodeError.of("pin-conflict", msg("the file names {n} pins; one verdict was asked for", n=len(verdicts)),
                           d.path)
    return verdicts[0]


def _check_view(d: Disclosure, t: Target, extra: tuple[Finding, ...] = (),
                carried: tuple[dict[str, Any], ...] = ()) -> Verdict:
    c = compiled(t.spec, t.digest)
    findings: list[Finding] = list(d.doc.findings) + list(extra)
    schema_failed: set[str] = set()
    valid = c.fast.is_valid(d.data)
    if not valid:
        findings += schemas.check(d.doc, "disclosure")
        explained = explain(d, t.spec, c.fact_errors(d.data))
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
    entity, period = d.data.get("entity"), d.data.get("period")
    return Verdict(
        file=d.path, findings=tuple(sorted(set(findings), key=Finding.sort_key)) if findings else (),
        file_digest=d.digest, completeness=completeness(t.spec, judged.facts, judged.omissions, judged.applies),
        conversions=tuple({"metric": k, "value": v.given, "unit": v.given_unit, "converted": v.value,
                           "to": v.unit} for k, v in sorted(judged.conversions.items())),
        entity=entity if isinstance(entity, dict) else None, period=period if isinstance(period, dict) else None,
        sheets=d.sheets, carried=carried, checked=t.checked)


def refused(path: str, error: LodeError) -> Verdict:
    """The verdict on a file that could not be checked (rejected input, a pin failure)."""
    return Verdict(file=path, findings=error.findings)


def check_file(path: Path | str, root: Path | None = None, pin: str | None = None, *,
               display: str | None = None, allowed_signers: Path | None = None) -> Verdict:
    """Check one disclosure file against its one pin (several pins: :func:`check_path`).
    Rejected input gives a REJECTED verdict (so a batch goes on); a pin failure raises
    :class:`LodeError` (exit 4), as does a configuration error (exit 2)."""
    return check_path(path, root, [pin] if pin else [], display=display, allowed_signers=allowed_signers)[0]


def check_path(path: Path | str, root: Path | None = None, pins: Sequence[str] = (), *,
               display: str | None = None, allowed_signers: Path | None = None) -> list[Verdict]:
    """Check one disclosure file against each of its pins (or ``pins``): one verdict per
    pin, or one REJECTED verdict when the file cannot be read. Failures as :func:`check_file`."""
    path = Path(path)
    display = display or str(path)
    if root is None and pins and all(is_bundle(p) for p in pins):
        root = Path.cwd()  # a bundle needs no repository
    elif root is None:
        from ..model.layout import find_root

        root = find_root(path.parent if path.parent.exists() else Path.cwd())
    try:
        d = read_disclosure(path, display)
    except LoadError as e:
        return [refused(display, e)]
    return check_all(d, root, pins, allowed_signers)

