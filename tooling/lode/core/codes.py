"""The registry of finding codes: the stable contract between Lode and its users.

A *code* names one kind of problem (``duplicate-id``, ``yaml-alias``). Codes are
kebab-case and never change meaning once released; new problems get new codes.
Each code has a default severity, a *class* that decides the exit code, a one-line
summary and a default hint. ``reliability`` names the requirement in
``shared/reference/reliability.md`` section 7 that the code implements, so a reader
can trace ``yaml-alias`` back to ``E-YAML-ALIAS``.

Classes:
- ``input``: the file was rejected before validation (exit 3);
- ``content``: the file was read and does not conform (exit 1 for errors);
- ``config``: Lode could not run as asked (exit 2);
- ``pin``: a pinned version (a git revision, an edition) does not exist or does not
  match (exit 4);
- ``write``: a file could not be written, and nothing was changed (exit 5);
- ``internal``: a bug in Lode (exit 70).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Code:
    name: str
    severity: Severity
    klass: str  # "input" | "content" | "config" | "pin" | "write" | "internal"
    summary: str
    hint: str
    reliability: str | None = None


def _c(name: str, severity: str, klass: str, summary: str, hint: str, rel: str | None = None) -> Code:
    return Code(name, Severity(severity), klass, summary, hint, rel)


_ALL = [
    # --- input: rejected before validation (exit 3) ---------------------------------
    _c("input-size", "error", "input", "file is larger than the size limit",
       "split the edition into part files, or raise the limit if this is legitimate", "R-SIZE"),
    _c("input-unreadable", "error", "input", "file could not be read",
       "check that the path exists and is a readable regular file"),
    _c("enc-utf8", "error", "input", "file is not valid UTF-8",
       "re-save the file as UTF-8 (without BOM)", "R-UTF8"),
    _c("enc-utf16", "error", "input", "file is UTF-16 or UTF-32",
       "re-save the file as UTF-8 (without BOM)", "R-UTF8"),
    _c("enc-bom", "error", "input", "byte-order mark (U+FEFF) inside the file",
       "delete the invisible U+FEFF character; only one BOM at the very start is tolerated", "R-UTF8"),
    _c("enc-control", "error", "input", "control character, non-character or lone surrogate",
       "delete the character; use a plain space or line break instead", "R-UTF8"),
    _c("yaml-syntax", "error", "input", "YAML syntax error",
       "fix the YAML at the position shown (indentation, quotes, brackets)", "R-NOCRASH"),
    _c("yaml-tab", "error", "input", "TAB character outside quotes",
       "replace the TAB by a space, or put the value in double quotes and write the TAB as \\t"),
    _c("yaml-alias", "error", "input", "anchors, aliases and merge keys are not allowed",
       "write the content out in full instead of using &anchor / *alias / <<", "R-ALIAS"),
    _c("yaml-tag", "error", "input", "explicit YAML tags are not allowed",
       "remove the !tag; quote the value if it must be a string", "R-TAG"),
    _c("yaml-directive", "error", "input", "%YAML and %TAG directives are not allowed",
       "delete the directive line; Lode always reads YAML 1.2", "R-DOC"),
    _c("yaml-multidoc", "error", "input", "more than one YAML document in the file",
       "keep one document per file; remove '---' / '...' separators after the first", "R-DOC"),
    _c("yaml-empty", "error", "input", "file has no content",
       "an empty file is never valid; restore the content or delete the file", "R-DOC"),
    _c("yaml-root", "error", "input", "top level is not a mapping",
       "the file must be a mapping of keys (id: …, title: …)", "R-DOC"),
    _c("yaml-depth", "error", "input", "nesting is deeper than the limit",
       "flatten the structure; no Lode document needs this depth", "R-DEPTH"),
    _c("yaml-nodes", "error", "input", "more YAML nodes than the limit",
       "split the edition into part files", "R-NODES"),
    _c("yaml-scalar", "error", "input", "a scalar is longer than the limit",
       "shorten the text or split it across nodes", "R-SCALAR"),
    _c("yaml-dupkey", "error", "input", "duplicate key in a mapping",
       "delete or rename one of the two keys", "R-DUPKEY"),
    _c("yaml-keytype", "error", "input", "mapping key is not a string",
       "quote the key (\"1\": …) or use a word", "R-DUPKEY"),
    _c("yaml-number", "error", "input", "number that JSON cannot carry exactly",
       "quote the value if it is an identifier; Lode allows no .inf/.nan or integers beyond 2^53", "R-TYPES"),
    _c("input-not-regular", "error", "input", "not a regular file (a FIFO, device, socket or folder)",
       "Lode reads regular files only; put the file itself in its place"),
    _c("input-symlink-outside", "error", "input", "symlink leads outside the repository",
       "replace the link with the file itself: Lode follows symlinks only within the repository"),
    _c("input-symlink-loop", "error", "input", "symlink loop",
       "the link points (through other links) back at itself; fix or delete it"),
    _c("input-resource", "error", "input", "resource limit hit while reading the file",
       "the file is too large or too complex to read safely", "R-BUDGET"),
    # --- content: schema ------------------------------------------------------------
    _c("schema-type", "error", "content", "value has the wrong type",
       "check the expected type in the schema", "R-TYPES"),
    _c("schema-required", "error", "content", "required key is missing",
       "add the key shown", "R-POS"),
    _c("schema-unknown-key", "error", "content", "key is not allowed here",
       "check the spelling; the schema lists the allowed keys", "R-POS"),
    _c("schema-enum", "error", "content", "value is not one of the allowed values",
       "use one of the values listed", "R-POS"),
    _c("schema-pattern", "error", "content", "value does not match the required pattern",
       "ids are lower-case kebab-case (a-z, 0-9, '-' and '.')", "R-POS"),
    _c("schema-format", "error", "content", "value is not in the required format",
       "dates are written YYYY-MM-DD and must exist in the calendar", "R-FORMAT"),
    _c("schema-constraint", "error", "content", "value breaks a schema constraint",
       "see the message for the constraint", "R-POS"),
    _c("schema-reserved", "error", "content", "id is a reserved name",
       "pick another id: 'standards', 'latest', site routes and Windows device names (con, nul, aux, prn, "
       "com1-com9, lpt1-lpt9) cannot be standard or edition ids"),
    # --- content: unicode -----------------------------------------------------------
    _c("unicode-bidi", "warning", "content", "invisible or bidirectional control character in text",
       "delete it unless it is intended: it can make reviewed text differ from what is published", "R-UNICODE"),
    _c("unicode-id", "error", "content", "invisible or bidirectional control character in a key",
       "retype the key without the invisible character", "R-UNICODE"),
    _c("unicode-nfc", "error", "content", "text is not in Unicode normal form C",
       "re-save the text NFC-normalised (most editors do this by default)", "R-UNICODE"),
    # --- content: layout (semantic checks define their codes in validate/checks.py) ---
    _c("identity-mismatch", "error", "content", "id in the file does not match its location",
       "standards/<id>/standard.yaml must say `id: <id>`; <edition>.yaml must say `edition: \"<edition>\"`"),
    _c("edition-list", "error", "content", "editions in standard.yaml do not match the edition files",
       "list every <edition>.yaml in `editions:` and remove entries without a file"),
    _c("unexpected-file", "warning", "content", "file is not part of the standards layout",
       "standards/<id>/ holds standard.yaml, <edition>.yaml and crosswalks/*.yaml"),
    # --- input: spreadsheets (lode crosswalk import) ------------------------------------
    _c("sheet-size", "error", "input", "spreadsheet is larger than the limit, packed or unpacked",
       "a crosswalk sheet is a few hundred rows; check that this is the file exported by `lode crosswalk export`"),
    _c("sheet-invalid", "error", "input", "not a readable .xlsx workbook",
       "export the sheet again with `lode crosswalk export --format xlsx` and edit that file"),
    _c("sheet-formula", "error", "input", "spreadsheet cell holds a formula",
       "type the value itself; imported cells are data, never formulas"),
    _c("sheet-columns", "error", "input", "spreadsheet columns are missing or unknown",
       "keep the header row of the exported sheet; do not add, rename or delete columns"),
    _c("sheet-value", "error", "input", "spreadsheet cell has a value that is not allowed",
       "use one of the values in the cell's drop-down list; ids and references use the exported syntax"),
    # --- consultation: comment forms and stages (lode comments, lode stage) ------------
    _c("sheet-clause", "error", "input", "a comment form's clause does not name a clause of that stage's draft",
       "write the clause number as the draft prints it (5.3, Step 3), its node id, or 总体 / General for the whole "
       "draft; one clause per row. Lode never guesses"),
    _c("undisposed-comment", "error", "content", "a comment has no disposition yet",
       "record the drafting group's decision (accepted / partly-accepted / not-accepted, with a reason) in "
       "standards/<id>/comments/<edition>.yaml, or import the filled 征求意见汇总处理表"),
    _c("stage-order", "error", "config", "a draft cannot move to that stage",
       "stages go consultation (征求意见稿) → review (送审稿) → approval (报批稿), one at a time, on a draft"),
    _c("stage-uncommitted", "error", "config", "the draft's text is not committed",
       "commit the edition file first: the stage records the commit whose text is issued"),
    # --- config (exit 2) --------------------------------------------------------------
    _c("usage", "error", "config", "bad command-line usage", "see `lode <command> --help`"),
    _c("unknown-edition", "error", "config", "no such standard or edition in the repository",
       "list the editions with `ls standards/<id>/`, or check standard.yaml's `editions:`"),
    _c("diff-standards", "error", "config", "the two editions belong to different standards",
       "a diff compares editions of one standard: `lode diff std@old std@new`"),
    _c("no-crosswalk", "error", "config", "no crosswalk file maps the two editions, in either direction",
       "list the crosswalks with `ls standards/*/crosswalks/`; the file is named <from-edition>--<to>.yaml"),
    _c("not-a-git-repo", "error", "config", "the repository is not a git work tree",
       "run inside a git clone, or compare two editions on disk without --from/--to"),
    _c("edition-exists", "error", "config", "the edition to create already exists",
       "choose another name with --as, or edit the existing file"),
    # --- pin: a named version does not exist (exit 4) --------------------------------
    _c("revision-unknown", "error", "pin", "git revision not found",
       "check the branch, tag or commit name (`git log --oneline`); fetch it if it is remote"),
    _c("revision-shallow", "error", "pin", "git revision not in this shallow clone",
       "fetch the history: `git fetch --unshallow` (or `--depth` enough to include it)"),
    _c("revision-no-file", "error", "pin", "the edition does not exist at that git revision",
       "check the revision: the standard or edition may have been added later or moved"),
    # --- releases and pins (lode release / verify / releases; release/) ---------------
    _c("pin-syntax", "error", "config", "not a pin",
       "write a pin as std@edition/rN (e.g. cma-esg-disclosure@2025/r1), a digest as sha256:<64 hex>"),
    _c("pin-no-repo", "error", "pin", "a release pin needs the git repository of the standards",
       "run inside a clone of the standards repository (with its tags), or verify the offline bundle: "
       "`lode verify <std>-<edition>-rN.manifest.json`"),
    _c("pin-unknown", "error", "pin", "no such release: neither a tag nor a release-log entry",
       "list the releases with `lode releases <std>`"),
    _c("pin-tag-missing", "error", "pin", "the release log records the release but its tag is not here",
       "fetch the tags: `git fetch --tags origin` (never `--force`: a tag that would be clobbered has moved)"),
    _c("pin-shallow", "error", "pin", "shallow clone: the release tag or its commit is not here",
       "fetch the history and tags: `git fetch --tags --unshallow`"),
    _c("pin-lightweight", "error", "pin", "the release tag is lightweight, not the annotated tag Lode made",
       "CI checkouts (actions/checkout) replace annotated tags with lightweight ones: fetch the real tag with "
       "`git fetch origin +refs/tags/<tag>:refs/tags/<tag>`; Lode still checks it against the release log"),
    _c("pin-moved", "error", "pin", "the release tag was moved or re-created since it was recorded",
       "a release is never re-tagged: make the errata a new release (`lode release std@edition`), and "
       "restore the original tag from a trusted clone"),
    _c("pin-unlogged", "error", "pin", "the tag exists but the release log has no entry for it",
       "releases are made with `lode release`, which records them in standards/<std>/releases.yaml; check out "
       "a branch that has the entry (e.g. main)"),
    _c("pin-digest", "error", "pin", "the edition's digest does not match the recorded one",
       "the text is not the text that was released: do not use it; fetch the release again from a trusted source"),
    _c("pin-signature", "error", "pin", "the release tag's signature is missing or not from an allowed signer",
       "signers are listed in the repository's allowed_signers file (ssh) or your gpg keyring; ask the "
       "association for the signing key"),
    _c("pin-unreadable", "error", "pin", "the released edition cannot be read or is not a valid edition",
       "the findings after this one say why; the release cannot be used until it is fixed by a new release"),
    _c("bundle-invalid", "error", "pin", "not a readable Lode release bundle",
       "download the bundle again: <std>-<edition>-rN.manifest.json with its .json beside it"),
    _c("signature-tool", "error", "config", "ssh-keygen is missing or did not run",
       "install OpenSSH 8.2 or newer (it provides `ssh-keygen -Y sign` and `-Y verify`)"),
    _c("signature-key", "error", "config", "the key cannot be used to sign",
       "pass an ssh private key file (e.g. made by `ssh-keygen -t ed25519`) that needs no passphrase prompt"),
    _c("signature-invalid", "error", "pin", "the signature does not verify or no allowed signer made it",
       "get the signature and the allowed_signers file from the association again; never use a file whose "
       "signature fails"),
    _c("release-log-rewritten", "error", "content", "an existing release-log entry was changed, removed or "
       "re-ordered", "the release log is append-only: restore the entry as it was released and make errata a new "
       "release (`lode release std@edition`)"),
    _c("release-locked", "error", "config", "another `lode release` is running in this repository",
       "wait for it to finish and run the command again (the lock is on the .git folder and ends with the process)"),
    _c("period-window", "error", "content", "the reporting period is invalid or outside the edition's window",
       "check the period's dates, or report against the edition in force for the period (see its `effective` "
       "and `last-reportable` dates)"),
    _c("release-dirty", "error", "config", "the file to release differs from HEAD",
       "commit (or stash) your changes first: a release tags HEAD, not the work tree"),
    _c("release-invalid", "error", "content", "the edition has validation errors and cannot be released",
       "fix the errors `lode validate` reports, commit, and release again"),
    _c("release-draft", "error", "config", "a draft edition cannot be released",
       "set `status: published` (in a reviewed pull request) before releasing"),
    _c("release-unchanged", "error", "config", "nothing changed since the previous release",
       "the digest equals the last release's; a release is only for a changed text (errata)"),
    _c("release-illustrative", "error", "config", "the edition has illustrative placeholder nodes",
       "replace them, or release with --allow-illustrative (the tag and every verdict then say so)"),
    _c("release-exists", "error", "config", "a tag with the release's name already exists",
       "the release log and the tags disagree: check `lode releases` and `git tag -l`; never re-tag a release"),
    _c("release-git", "error", "config", "git refused to create the release tag or commit",
       "check git's message; `--sign` needs your git signing set-up (user.signingkey, gpg.format) and a "
       "signer listed in allowed_signers"),
    _c("revision-not-commit", "error", "pin", "the git revision names a tree or a file, not a commit",
       "name a branch, tag or commit (e.g. main, v1.0.0, HEAD~1); `rev:path` names a file, not a version"),
    _c("no-standards", "error", "config", "no standards/ folder found",
       "run Lode at the top of a Lode repository or pass --root"),
    _c("schema-ref", "error", "config", "schema $ref cannot be resolved locally",
       "schemas may only $ref other files in schemas/; nothing is fetched", "R-SCHEMA-TRUST"),
    _c("write-failed", "error", "write", "a file could not be written (nothing was changed)",
       "check permissions and free space"),
    _c("write-conflict", "error", "write", "the file changed while Lode was working on it (nothing written)",
       "another command or editor wrote the file meanwhile; run the command again"),
    _c("internal", "error", "internal", "internal error in Lode",
       "this is a bug: please report it with the command and input"),
]

CODES: dict[str, Code] = {c.name: c for c in _ALL}


def define(name: str, severity: str, klass: str, summary: str, hint: str, rel: str | None = None) -> Code:
    """Add a code to the registry (the check registry calls this for the codes its checks
    declare). A name can be defined once: codes never change meaning."""
    if name in CODES:
        raise ValueError(f"finding code {name!r} is defined twice")
    code = CODES[name] = _c(name, severity, klass, summary, hint, rel)
    return code

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_PIN = 4
EXIT_WRITE = 5
EXIT_INTERNAL = 70
EXIT_BY_CLASS = {"input": EXIT_INPUT, "content": EXIT_FINDINGS, "config": EXIT_USAGE, "pin": EXIT_PIN,
                 "write": EXIT_WRITE, "internal": EXIT_INTERNAL}
