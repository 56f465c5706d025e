"""The verdict on one disclosure: PASS, PASS WITH WARNINGS or FAIL (or REJECTED when the
file could not be read, or PIN FAILED), and everything a validator needs to trust it --
what it was checked against (pin, release tag, commit, edition digest), the digest of
the file itself, the Lode version, every finding, the unit conversions made, and
completeness per requirement and per tier of the indicator tree.
"""

from __future__ import annotations

from collections import Counter
import operator
from dataclasses import dataclass, field, fields
from typing import Any, Mapping

from .. import __version__
from ..core.codes import CODES, EXIT_BY_CLASS, EXIT_FINDINGS, EXIT_OK, Severity
from ..core.errors import refusal
from ..core.findings import Finding
from ..core.perf import pickled_by_fields
from ..core.i18n import N_, all_langs, msg
from ..model.vocab import REQUIREMENTS
from .spec import Spec

VERDICT_VERSION = 1
# The statuses as the text verdict shows them; the English is the stable value of `status`.
STATUSES = (N_("PASS"), N_("PASS WITH WARNINGS"), N_("FAIL"), N_("REJECTED"), N_("PIN FAILED"), N_("NOT CHECKED"))


@dataclass(frozen=True, slots=True)
class Checked:
    """What a verdict was checked against: the pin, the release that proves it, the
    edition and its digest. The same for every file checked against one target, so a
    batch's verdicts share one object (made once, and sent once in each message
    between processes)."""

    pin: str | None = None
    pinned: bool = False
    tag: str | None = None
    commit: str | None = None
    release_date: str | None = None
    signer: str | None = None
    edition: str | None = None
    edition_digest: str | None = None
    illustrative_allowed: bool = False
    # What proved the pinned text (release/pins.py: tag, release log, bundle, signed
    # bundle), whether the signer was verified now, and the printed fields nothing checked.
    witness: str | None = None
    signature_verified: bool = False
    unchecked: tuple[str, ...] = ()
    illustrative: int = 0  # the edition's metrics whose fidelity is `illustrative` (from its data)
    metrics: int = 0


NOT_CHECKED = Checked()  # a file refused before any edition was resolved


@pickled_by_fields  # verdicts cross processes in their thousands (lode check --jobs)
@dataclass(frozen=True, slots=True)
class Verdict:
    file: str
    findings: tuple[Finding, ...]
    file_digest: str | None = None
    checked: Checked = NOT_CHECKED
    completeness: Mapping[str, Any] = field(default_factory=dict)
    conversions: tuple[Mapping[str, Any], ...] = ()
    entity: Mapping[str, Any] | None = None
    period: Mapping[str, Any] | None = None
    sheets: tuple[str, ...] = ()  # a workbook's sheets (see disclose/workbook.py)
    carried: tuple[Mapping[str, Any], ...] = ()  # entries answering this pin through a mapping (carry.py)
    against: str | None = None  # --against: the newer pin, and what this file must change for it
    impact: tuple[str, ...] = ()
    lode_version: str = __version__

    @property
    def caveats(self) -> tuple[str, ...]:
        """What a reader must know before trusting the status, derived from the edition's
        data (never from a flag): placeholder metrics make a PASS a PASS against Lode's
        reconstruction, not against the official text."""
        out = []
        if self.illustrative:
            out.append(msg("{n} of the {total} metrics of {edition} are illustrative placeholders, not the "
                           "standard's official text: this verdict does not show conformance to the official standard",
                           n=self.illustrative, total=self.metrics, edition=self.edition))
        if self.illustrative_allowed:
            out.append(msg("{pin} was released with --allow-illustrative: it contains placeholder content", pin=self.pin))
        return tuple(out)

    @property
    def refused(self) -> str | None:
        """The class of a refusal (``input``, ``pin``, ``config`` …), or None if the file was checked."""
        return refusal(CODES[f.code].klass for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def passed(self) -> bool:
        """True when the disclosure conforms (warnings allowed)."""
        return self.refused is None and not self.count(Severity.ERROR)

    @property
    def status(self) -> str:
        refused = self.refused
        if refused == "input":
            return "REJECTED"
        if refused:
            return "PIN FAILED" if refused == "pin" else "NOT CHECKED"
        if self.count(Severity.ERROR):
            return "FAIL"
        return "PASS WITH WARNINGS" if self.count(Severity.WARNING) else "PASS"

    def exit_code(self, strict: bool = False) -> int:
        refused = self.refused
        if refused:
            return EXIT_BY_CLASS[refused]
        if self.count(Severity.ERROR) or (strict and self.count(Severity.WARNING)):
            return EXIT_FINDINGS
        return EXIT_OK

    def codes(self) -> Counter:
        return Counter(f.code for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lode-verdict": VERDICT_VERSION,
            "status": self.status,
            "passed": self.passed,
            "caveats": list(self.caveats),
            "status-text": all_langs(self.status),
            "file": self.file,
            "file-digest": self.file_digest,
            "checked-against": {
                "pin": self.pin, "pinned": self.pinned, "edition": self.edition,
                "edition-digest": self.edition_digest, "tag": self.tag, "commit": self.commit,
                "release-date": self.release_date, "signer": self.signer,
                "illustrative-allowed": self.illustrative_allowed, "witness": self.witness,
                "signature-verified": self.signature_verified, "unchecked": list(self.unchecked),
            },
            "lode-version": self.lode_version,
            "entity": dict(self.entity) if self.entity else None,
            "period": dict(self.period) if self.period else None,
            "counts": {s.value: self.count(s) for s in Severity},
            "completeness": self.completeness,
            "conversions": [dict(c) for c in self.conversions],
            "carried": [dict(c) for c in self.carried],
            "findings": [f.to_dict() for f in self.findings],
            **({"upgrade-impact": {"against": self.against, "changes": [x.strip() for x in self.impact[1:]]}}
               if self.against else {}),
        }


# A verdict reads what it was checked against as its own fields (``v.pin``, ``v.edition``):
# the names every reader of a verdict uses, while the values live once in ``checked``.
for _name in (f.name for f in fields(Checked)):
    setattr(Verdict, _name, property(operator.attrgetter(f"checked.{_name}")))


def _tally(metrics: list, status: Mapping[str, tuple[bool, bool, bool | None]]) -> dict[str, Any]:
    out: dict[str, Any] = {req: {"total": 0, "disclosed": 0, "omitted": 0} for req in REQUIREMENTS}
    out["conditional"].update({"applicable": 0, "not-applicable": 0, "undecided": 0})
    for m in metrics:
        row = out.get(m.requirement)
        if row is None:
            continue
        disclosed, omitted, applies = status[m.id]
        row["total"] += 1
        row["disclosed"] += disclosed
        row["omitted"] += omitted
        if m.requirement == "conditional":
            # A condition written only in prose cannot be decided by a machine: undecided.
            row["applicable" if applies else "not-applicable" if applies is False else "undecided"] += 1
    return out


def completeness(spec: Spec, facts: Mapping, omissions: Mapping, applies: Mapping) -> dict[str, Any]:
    """Answered metrics per requirement, overall and per tier-1 and tier-2 group.

    The result depends only on each metric's (disclosed, omitted, applies) triple, and a
    batch of files repeats a few patterns: each pattern is tallied once per edition and
    its result shared by the verdicts that have it (read-only, like the verdict)."""
    # The answered ids and the conditions' decisions determine every metric's triple: a
    # key of three sets, made in C (a triple per metric was most of a passing file's tally).
    key = (frozenset(facts), frozenset(omissions), frozenset(applies.items()))
    memo = spec.completeness_memo
    out = memo.get(key)
    if out is None:
        status = {m.id: (m.id in facts, m.id in omissions, applies.get(m.id)) for m in spec.metrics}
        out = {
            "overall": _tally(list(spec.metrics), status),
            "tiers": [{**head, **_tally(ms, status)} for head, ms in spec.groups],
        }
        if len(memo) < _MEMO_MAX:
            memo[key] = out
    return out


_MEMO_MAX = 4096  # patterns kept per edition: a hostile batch of all-different files stays bounded
