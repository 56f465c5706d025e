"""``lode release``, ``lode verify`` and ``lode releases``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..core.codes import EXIT_FINDINGS, EXIT_OK
from ..core.errors import LodeError
from ..release import make
from ..read.git import open_repo
from ..release.log import ReleaseLog, read_log, read_log_at
from ..release.pins import WITNESS_LOG, WITNESS_TAG, Pin, Resolved, applicability, describe, resolve
from ..render.report import finding_line, printable
from ..model.layout import find_root
from .common import ROOT_OPTION, edition_ref
from ..core.i18n import N_, msg, tr

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="Output format.")
SIGNERS_OPTION = click.option("--allowed-signers", type=click.Path(dir_okay=False, path_type=Path),
                              help="ssh allowed-signers file to trust. Default: allowed_signers at the "
                                   "repository root.")


@click.command("release")
@click.argument("edition")
@click.option("--allow-illustrative", is_flag=True,
              help="Release even with illustrative placeholder nodes; the tag, the log and every verdict say so.")
@click.option("--sign", "sign", is_flag=False, flag_value="", default=None, metavar="[KEY]",
              help="Make a signed tag: alone, with your git signing set-up (ssh or gpg); with KEY (an ssh private "
                   "key file), with that key, which also signs the bundle manifest the site publishes.")
@SIGNERS_OPTION
@click.option("--dry-run", is_flag=True, help="Show what would be tagged; write nothing.")
@ROOT_OPTION
def release(edition: str, allow_illustrative: bool, sign: str | None, allowed_signers: Path | None, dry_run: bool,
            root: Path | None) -> None:
    """Freeze EDITION (std@edition) at HEAD as the annotated tag std/edition/rN and record
    it in standards/<std>/releases.yaml (committed).

    \b
    lode release cccmc-ddg@2022 --dry-run
    lode release cma-esg-disclosure@2025 --allow-illustrative --sign
    lode release cma-esg-disclosure@2025 --allow-illustrative --sign ~/.ssh/lode_release
    """
    root = root or find_root(Path.cwd())
    ref = edition_ref(edition, "EDITION")
    key = Path(sign) if sign else None
    if dry_run:
        p = make.plan(root, ref, allow_illustrative=allow_illustrative, sign=sign is not None)
        click.echo(tr(msg("dry run: would tag {tag} on {value} ({value2}); nothing written", tag=p.tag, value=p.commit[:12], value2='signed' if sign is not None else 'annotated')))
        click.echo(tr(msg("  pin     {ref}/r{release}", ref=p.ref, release=p.release)))
        click.echo(tr(msg("  digest  {digest}", digest=p.digest)))
        click.echo(tr(msg("  file    {path} (blob {value})", path=p.path, value=p.blob[:12])))
        if p.previous:
            click.echo(tr(msg("  errata  of {previous}", previous=p.previous)))
        click.echo(tr(msg("tag message:")))
        click.echo("".join(f"  | {line}\n" for line in p.message.splitlines()), nl=False)
        return
    p = make.release(root, ref, allow_illustrative=allow_illustrative, sign=sign is not None,
                     allowed_signers=allowed_signers, key=key)
    click.echo(tr(msg("tagged {tag} on {value}: {digest}", tag=p.tag, value=p.commit[:12], digest=p.digest)))
    if p.entry.get("bundle-signature"):
        click.echo(tr(msg("  bundle manifest signed with {key} (the site publishes the signature beside it)", key=key)))
    if p.allow_illustrative:
        click.echo(tr(msg("  released with --allow-illustrative: {illustrative} illustrative node(s)", illustrative=p.illustrative)))
    click.echo(tr(msg("recorded in standards/{standard}/releases.yaml (commit {value})", standard=p.ref.standard, value=str(p.log_commit)[:12])))
    click.echo(tr(msg("publish: git push origin {tag} && git push   (cite it as {ref}/r{release})", tag=p.tag, ref=p.ref, release=p.release)))


@click.command("verify")
@click.argument("pin")
@click.option("--digest", metavar="sha256:HEX", help="The digest the pin must have (e.g. from a disclosure).")
@click.option("--verify-signature", is_flag=True,
              help="Also verify the release's signature (the signed tag, or the signed bundle manifest when the tag "
                   "is not in this clone) against the allowed-signers file; refuse unsigned or unknown signers.")
@click.option("--allowed-signers", type=click.Path(dir_okay=False, path_type=Path),
              help="ssh allowed-signers file to trust. Default: allowed_signers at the repository root. With a "
                   "bundle, checks the manifest's signature (.manifest.json.sig) with no repository at hand.")
@click.option("--period", metavar="PERIOD",
              help="Reporting period (2025, 2025-12-31 or START/END): a finding if outside the edition's window.")
@FORMAT_OPTION
@ROOT_OPTION
@click.pass_context
def verify(ctx: click.Context, pin: str, digest: str | None, verify_signature: bool, allowed_signers: Path | None,
           period: str | None, fmt: str, root: Path | None) -> None:
    """Resolve PIN (std@edition/rN, or an offline bundle's .manifest.json) and prove
    which text it names: witness, tag, commit, date, digest and signer; exit 4 if it does
    not verify. Without the tag, a release resolves from the release log committed at HEAD.

    \b
    lode verify cma-esg-disclosure@2025/r1
    lode verify cma-esg-disclosure-2025-r1.manifest.json --digest sha256:…
    lode verify cma-esg-disclosure-2025-r1.manifest.json --allowed-signers allowed_signers
    """
    try:
        r = _resolve_verify(pin, digest, verify_signature, allowed_signers, root)
        findings = applicability(r.edition, period, str(r.pin)) if period else []
    except LodeError as e:
        if fmt != "json":
            raise
        # A refusal is a verification result too: JSON readers get JSON (ASCII, so no
        # byte of a hostile argument can make it invalid), people get the lines on stderr.
        from .app import refusal_text

        click.echo(json.dumps({"lode-verify": 1, "pin": pin, "verified": False, "exit": e.exit_code,
                               "findings": [f.to_dict() for f in e.findings]}, indent=2, allow_nan=False))
        click.echo(refusal_text(e), err=True, nl=False)
        ctx.exit(e.exit_code)
    if fmt == "json":
        out = {"lode-verify": 1, **r.to_dict(), "verified": True, "findings": [f.to_dict() for f in findings]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        click.echo(_text(r), nl=False)
        for f in findings:
            click.echo(finding_line(f))
    ctx.exit(EXIT_FINDINGS if findings else EXIT_OK)


def _resolve_verify(pin: str, digest: str | None, verify_signature: bool, allowed_signers: Path | None,
                    root: Path | None) -> Resolved:
    path = Path(pin)
    target: Pin | Path
    if path.is_file() and path.name.endswith(".json"):
        target = path
        root = root or Path.cwd()
    else:
        target = Pin.parse(pin, digest)
        root = root or find_root(Path.cwd())
    r = resolve(root, target, verify_signature=verify_signature or (isinstance(target, Path) and
                bool(allowed_signers)), allowed_signers=allowed_signers)
    if isinstance(target, Path) and digest and digest != r.digest:
        raise LodeError.of("pin-digest", msg("{pin} has digest {digest}, expected {digest2}", pin=pin, digest=r.digest, digest2=digest), pin)
    return r


def _text(r: Resolved) -> str:
    """The verification for people: every field a reader might rely on is either checked
    or says it is not; text from a bundle is printed through ``printable`` so no value
    can start a line of its own."""
    if not r.pinned:
        return tr(msg("{pin}: work tree (unpinned: no release)\n  digest  {digest}\n", pin=r.pin, digest=r.digest)) \
            + _illustrative_line(r)
    unchecked = set(r.unchecked)
    if r.signature_verified:
        signer = tr(msg("{signer} (signature verified)", signer=r.signer))
    elif "signer" in unchecked:
        signer = tr(msg("{signer} (unchecked: the manifest's word; verify with --allowed-signers)",
                        signer=r.signer or "none"))
    elif r.log_entry and r.log_entry.get("signed"):
        signer = tr(msg("{signer} (recorded at release; not verified now: --verify-signature)",
                        signer=r.signer or "unknown"))
    else:
        signer = tr(N_("none (unsigned tag)") if r.witness == WITNESS_TAG else N_("none (unsigned release)"))

    def line(name: str, value: str) -> str:
        # English keeps its column of 7 (what scripts and the guides read); a Chinese label
        # is two columns a character
        label = tr(name)
        return f"  {label:<7} {value}" if label == name else f"  {label}{' ' * max(1, 9 - 2 * len(label))}{value}"

    def field(name: str, value: object, note: str = "") -> str:
        label = tr(N_(" (unchecked: the manifest's word)")) if name in unchecked else note
        return line(name, printable(str(value)) + label)

    tag_note = tr(N_(" (not in this clone)")) if r.witness == WITNESS_LOG else ""
    verified = msg("{pin}: verified from an offline bundle", pin=r.pin) if r.source == "bundle" \
        else msg("{pin}: verified", pin=r.pin)
    lines = [tr(verified), line(N_("witness"), tr(r.witness)), field(N_("tag"), r.tag, tag_note),
             field(N_("commit"), r.commit), field(N_("date"), r.date), line(N_("digest"), r.digest),
             line(N_("signer"), printable(signer))]
    if r.edition.effective or r.edition.last_reportable:
        lines.append(line(N_("window"), tr(msg("{start} to {end}", start=r.edition.effective or "…",
                                                end=r.edition.last_reportable or "…"))))
    return "\n".join(lines) + "\n" + _illustrative_line(r)


def _illustrative_line(r: Resolved) -> str:
    """From the text itself, not from what a manifest or log claims."""
    if not r.illustrative:
        return ""
    return tr(msg("  ILLUSTRATIVE: {n} node(s) of this text are illustrative placeholders, not the standard's text",
                  n=r.illustrative)) + "\n"


@click.command("releases")
@click.argument("standard", required=False)
@FORMAT_OPTION
@ROOT_OPTION
def releases(standard: str | None, fmt: str, root: Path | None) -> None:
    """List every release (tag, date, digest, signer, illustrative or not) from the
    release logs as committed at HEAD, of STANDARD or of every standard."""
    root = root or find_root(Path.cwd())
    folders = sorted(p.name for p in (root / "standards").iterdir() if (p / "standard.yaml").is_file())
    if standard is not None and standard not in folders:
        import difflib

        close = difflib.get_close_matches(standard, folders, n=1)
        raise LodeError.of("unknown-edition", msg("no standard {name!r}", name=standard), standard,
                           hint=msg("did you mean {name!r}?", name=close[0]) if close else None)
    rows = [(std, e) for std in ([standard] if standard else folders) for e in _committed_log(root, std).entries]
    if fmt == "json":
        click.echo(json.dumps({"lode-releases": 1, "releases": [
            {"pin": f"{std}@{e['edition']}/r{e['release']}", **e} for std, e in rows]},
            ensure_ascii=False, indent=2, allow_nan=False))
        return
    if not rows:
        click.echo(tr(msg("no releases of {standard}", standard=standard) if standard else msg("no releases")))
    newest: dict[tuple[str, str], int] = {}
    for std, e in rows:
        newest[(std, e["edition"])] = max(newest.get((std, e["edition"]), 0), e["release"])
    for std, e in rows:
        signer = e.get("signer") or tr(N_("signed") if e.get("signed") else N_("unsigned"))
        mark = tr(N_("  (newest)")) if newest[(std, e["edition"])] == e["release"] else ""
        click.echo(f"{std}@{e['edition']}/r{e['release']}  {tr(describe(e))}  {signer}{mark}")


def _committed_log(root: Path, standard: str) -> ReleaseLog:
    """The log a pin is checked against (committed at HEAD); outside a git clone, the file."""
    try:
        repo = open_repo(root)
    except LodeError:
        return read_log(root, standard)
    return read_log_at(repo, standard)
