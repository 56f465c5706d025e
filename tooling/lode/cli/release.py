"""``lode release``, ``lode verify`` and ``lode releases``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..core.codes import EXIT_FINDINGS, EXIT_OK
from ..core.errors import LodeError
from ..release import make
from ..release.log import read_log
from ..release.pins import Pin, Resolved, applicability, describe, resolve
from ..render.report import finding_line
from ..validate.run import find_root
from .common import ROOT_OPTION, edition_ref
from ..core.i18n import msg

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="Output format.")
SIGNERS_OPTION = click.option("--allowed-signers", type=click.Path(dir_okay=False, path_type=Path),
                              help="ssh allowed-signers file to trust. Default: allowed_signers at the "
                                   "repository root.")


@click.command("release")
@click.argument("edition")
@click.option("--allow-illustrative", is_flag=True,
              help="Release even with illustrative placeholder nodes; the tag, the log and every verdict say so.")
@click.option("--sign", is_flag=True, help="Make a signed tag with your git signing set-up (ssh or gpg).")
@SIGNERS_OPTION
@click.option("--dry-run", is_flag=True, help="Show what would be tagged; write nothing.")
@ROOT_OPTION
def release(edition: str, allow_illustrative: bool, sign: bool, allowed_signers: Path | None, dry_run: bool,
            root: Path | None) -> None:
    """Freeze EDITION (std@edition) at HEAD as the annotated tag std/edition/rN and record
    it in standards/<std>/releases.yaml (committed).

    \b
    lode release cccmc-ddg@2022 --dry-run
    lode release cma-esg-disclosure@2025 --allow-illustrative --sign
    """
    root = root or find_root(Path.cwd())
    ref = edition_ref(edition, "EDITION")
    if dry_run:
        p = make.plan(root, ref, allow_illustrative=allow_illustrative, sign=sign)
        click.echo(f"dry run: would tag {p.tag} on {p.commit[:12]} ({'signed' if sign else 'annotated'}); "
                   f"nothing written")
        click.echo(f"  pin     {p.ref}/r{p.release}")
        click.echo(f"  digest  {p.digest}")
        click.echo(f"  file    {p.path} (blob {p.blob[:12]})")
        if p.previous:
            click.echo(f"  errata  of {p.previous}")
        click.echo("tag message:")
        click.echo("".join(f"  | {line}\n" for line in p.message.splitlines()), nl=False)
        return
    p = make.release(root, ref, allow_illustrative=allow_illustrative, sign=sign, allowed_signers=allowed_signers)
    click.echo(f"tagged {p.tag} on {p.commit[:12]}: {p.digest}")
    if p.allow_illustrative:
        click.echo(f"  released with --allow-illustrative: {p.illustrative} illustrative node(s)")
    click.echo(f"recorded in standards/{p.ref.standard}/releases.yaml (commit {str(p.log_commit)[:12]})")
    click.echo(f"publish: git push origin {p.tag} && git push   (cite it as {p.ref}/r{p.release})")


@click.command("verify")
@click.argument("pin")
@click.option("--digest", metavar="sha256:HEX", help="The digest the pin must have (e.g. from a disclosure).")
@click.option("--verify-signature", is_flag=True,
              help="Also run git verify-tag against the allowed-signers file; refuse unsigned or unknown signers.")
@SIGNERS_OPTION
@click.option("--period", metavar="PERIOD",
              help="Reporting period (2025, 2025-12-31 or START/END): a finding if outside the edition's window.")
@FORMAT_OPTION
@ROOT_OPTION
@click.pass_context
def verify(ctx: click.Context, pin: str, digest: str | None, verify_signature: bool, allowed_signers: Path | None,
           period: str | None, fmt: str, root: Path | None) -> None:
    """Resolve PIN (std@edition/rN, or an offline bundle's .manifest.json) and prove
    which text it names: tag, commit, date, digest and signer; exit 4 if it does not verify.

    \b
    lode verify cma-esg-disclosure@2025/r1
    lode verify cma-esg-disclosure-2025-r1.manifest.json --digest sha256:…
    """
    path = Path(pin)
    target: Pin | Path
    if path.is_file() and path.name.endswith(".json"):
        target = path
        root = root or Path.cwd()
    else:
        target = Pin.parse(pin, digest)
        root = root or find_root(Path.cwd())
    r = resolve(root, target, verify_signature=verify_signature, allowed_signers=allowed_signers)
    if isinstance(target, Path) and digest and digest != r.digest:
        raise LodeError.of("pin-digest", msg("{pin} has digest {digest}, expected {digest2}", pin=pin, digest=r.digest, digest2=digest), pin)
    findings = applicability(r.edition, period, str(r.pin)) if period else []
    if fmt == "json":
        out = {"lode-verify": 1, **r.to_dict(), "findings": [f.to_dict() for f in findings]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(_text(r), nl=False)
        for f in findings:
            click.echo(finding_line(f))
    ctx.exit(EXIT_FINDINGS if findings else EXIT_OK)


def _text(r: Resolved) -> str:
    if not r.pinned:
        return (f"{r.pin}: work tree (unpinned: no release)\n  digest  {r.digest}\n")
    if r.signature_verified:
        signer = f"{r.signer} (signature verified)"
    elif r.log_entry and r.log_entry.get("signed"):
        signer = f"{r.signer or 'unknown'} (recorded at release; not verified now: --verify-signature)"
    else:
        signer = "none (unsigned tag)"
    lines = [f"{r.pin}: verified" + (" from an offline bundle" if r.source == "bundle" else ""),
             f"  tag     {r.tag}", f"  commit  {r.commit}", f"  date    {r.date}", f"  digest  {r.digest}",
             f"  signer  {signer}"]
    if r.illustrative_allowed:
        lines.append("  ILLUSTRATIVE: released with --allow-illustrative; placeholder nodes are not the "
                     "standard's text")
    if r.edition.effective or r.edition.last_reportable:
        lines.append(f"  window  {r.edition.effective or '…'} to {r.edition.last_reportable or '…'}")
    return "\n".join(lines) + "\n"


@click.command("releases")
@click.argument("standard", required=False)
@FORMAT_OPTION
@ROOT_OPTION
def releases(standard: str | None, fmt: str, root: Path | None) -> None:
    """List every release (tag, date, digest, signer, illustrative or not) from the
    release logs, of STANDARD or of every standard."""
    root = root or find_root(Path.cwd())
    folders = sorted(p.name for p in (root / "standards").iterdir() if (p / "standard.yaml").is_file())
    if standard is not None and standard not in folders:
        import difflib

        close = difflib.get_close_matches(standard, folders, n=1)
        raise LodeError.of("unknown-edition", f"no standard {standard!r}" +
                           (f"; did you mean {close[0]!r}?" if close else ""), standard)
    rows = [(std, e) for std in ([standard] if standard else folders) for e in read_log(root, std).entries]
    if fmt == "json":
        click.echo(json.dumps({"lode-releases": 1, "releases": [
            {"pin": f"{std}@{e['edition']}/r{e['release']}", **e} for std, e in rows]},
            ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no releases" + (f" of {standard}" if standard else ""))
    newest: dict[tuple[str, str], int] = {}
    for std, e in rows:
        newest[(std, e["edition"])] = max(newest.get((std, e["edition"]), 0), e["release"])
    for std, e in rows:
        signer = e.get("signer") or ("signed" if e.get("signed") else "unsigned")
        mark = "  (newest)" if newest[(std, e["edition"])] == e["release"] else ""
        click.echo(f"{std}@{e['edition']}/r{e['release']}  {describe(e)}  {signer}{mark}")
