"""``lode serve-checks``: the checking service; ``lode verify-receipt``: a receipt checked offline."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import click

from ..core.errors import LodeError
from ..model.layout import find_root

_MIB = 1024 * 1024


def _default_config() -> Path:
    from platformdirs import user_config_path

    return user_config_path("lode") / "service.json"


CONFIG_OPTION = click.option("--config", type=click.Path(dir_okay=False, path_type=Path), default=None,
                             help="The service's config file (API token hashes). Default: the user's config "
                                  "folder, lode/service.json.")


@click.group(invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Port to listen on.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="The repository whose releases are served. Default: found from the current folder.")
@click.option("--bundles", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Serve a folder of offline release bundles (*.manifest.json) instead of a repository.")
@CONFIG_OPTION
@click.option("--key", type=click.Path(dir_okay=False, path_type=Path),
              help="The ssh private key receipts are signed with. Default: receipt-key beside the config "
                   "file, made (ed25519) on first start.")
@click.option("--no-receipts", is_flag=True, help="Sign no receipts (no key needed).")
@click.option("--principal", default=None, help="The signer name in the allowed_signers line. Default: "
              "lode-checks@HOSTNAME.")
@click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="Check processes; 0 = one per core.")
@click.option("--rate-limit", type=click.IntRange(min=0), default=60, show_default=True,
              help="Anonymous single checks per minute per client; 0 = no limit.")
@click.option("--max-upload-mb", type=click.FloatRange(min=0.001), default=20, show_default=True,
              help="Largest single file.")
@click.option("--max-batch-mb", type=click.FloatRange(min=0.001), default=512, show_default=True,
              help="Largest batch request (many files or one zip).")
@click.option("--max-batch-files", type=click.IntRange(min=1), default=20_000, show_default=True,
              help="Most files in one batch (and entries in one zip).")
@click.option("--zip-ratio", type=click.IntRange(min=1), default=100, show_default=True,
              help="Largest expansion ratio of one zip entry.")
@click.option("--check-seconds", type=click.FloatRange(min=0.1), default=30, show_default=True,
              help="Time one check may take before its worker is killed and replaced.")
@click.option("--worker-memory-mb", type=click.IntRange(min=64), default=1024, show_default=True,
              help="Address space of one check process.")
@click.option("--retain-seconds", type=click.IntRange(min=0), default=3600, show_default=True,
              help="How long a batch's verdicts are kept when the batch asks for no other period.")
@click.pass_context
def serve_checks(ctx: click.Context, host: str, port: int, root: Path | None, bundles: Path | None,
                 config: Path | None, key: Path | None, no_receipts: bool, principal: str | None, workers: int,
                 rate_limit: int, max_upload_mb: float, max_batch_mb: float, max_batch_files: int, zip_ratio: int,
                 check_seconds: float, worker_memory_mb: int, retain_seconds: int) -> None:
    """Serve the checking service: the upload page for companies (/), the API for
    validators (/api/v1/...; documentation at /api) and signed receipts. Runs until
    interrupted.

    \b
    lode serve-checks --port 8080
    lode serve-checks --bundles releases/ --rate-limit 0
    lode serve-checks token create --name exchange-a
    """
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn

    from ..service.app import Settings, create_app
    from ..service.limits import Limits
    from ..service.receipts import ensure_key

    config = config or _default_config()
    served = bundles or root or find_root(Path.cwd())
    principal = principal or f"lode-checks@{socket.gethostname()}"
    allowed = ""
    if not no_receipts:
        key = key or config.parent / "receipt-key"
        allowed = ensure_key(key, principal)
        click.echo(f"receipts are signed with {key}; validators trust this allowed_signers line:\n{allowed}", err=True)
    limits = Limits(upload_bytes=int(max_upload_mb * _MIB), batch_bytes=int(max_batch_mb * _MIB),
                    batch_files=max_batch_files, zip_entries=max_batch_files + 1000, zip_ratio=zip_ratio,
                    check_seconds=check_seconds, check_cpu_seconds=max(1, int(check_seconds + 0.999)),
                    worker_memory=worker_memory_mb * _MIB, rate_per_minute=rate_limit, retain_seconds=retain_seconds)
    app = create_app(Settings(served, limits, workers or os.cpu_count() or 1, None if no_receipts else key,
                              principal, config if config.is_file() else None, allowed))
    click.echo(f"serving {served} on http://{host}:{port}/ (API documentation at /api)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=5,
                h11_max_incomplete_event_size=64 * 1024)


@serve_checks.group()
def token() -> None:
    """API tokens for the batch endpoints (stored hashed in the config file)."""


@token.command("create")
@click.option("--name", required=True, help="Who the token is for (unique in the config file).")
@CONFIG_OPTION
def token_create(name: str, config: Path | None) -> None:
    """Make a token and print it once; only its sha256 is stored."""
    from ..service.tokens import create

    config = config or _default_config()
    secret = create(config, name)
    click.echo(secret)
    click.echo(f"stored the hash of token {name!r} in {config}; the token is shown only now", err=True)


@token.command("revoke")
@click.option("--name", required=True, help="The token to remove.")
@CONFIG_OPTION
def token_revoke(name: str, config: Path | None) -> None:
    """Remove a token (a running service reads the config file when it starts)."""
    from ..service.tokens import revoke

    config = config or _default_config()
    if not revoke(config, name):
        raise LodeError.of("usage", f"no token named {name!r} in {config}", str(config))
    click.echo(f"revoked {name!r}")


@click.command("verify-receipt")
@click.argument("receipt", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--allowed-signers", type=click.Path(dir_okay=False, exists=True, path_type=Path), required=True,
              help="The allowed_signers file naming the services you trust (the line the service prints).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def verify_receipt(receipt: Path, allowed_signers: Path, fmt: str) -> None:
    """Check a receipt of the checking service offline: its signature by a key of
    ALLOWED_SIGNERS and that not one byte of it changed. Exit 0 valid, 4 not.

    \b
    lode verify-receipt filing.receipt --allowed-signers allowed_signers
    """
    from ..service.receipts import MAX_RECEIPT, verify

    if receipt.stat().st_size > MAX_RECEIPT:
        raise LodeError.of("receipt-invalid", f"{receipt} is larger than {MAX_RECEIPT:,} bytes", str(receipt))
    principal, body = verify(receipt.read_bytes(), allowed_signers)
    if fmt == "json":
        click.echo(json.dumps({"valid": True, "signer": principal, "receipt": body}, ensure_ascii=False, indent=2, allow_nan=False))
        return
    click.echo(f"valid receipt signed by {principal} at {body['time']} (lode {body['lode-version']})")
    for e in [body] if body["kind"] == "check" else body["files"]:
        for v in e["verdicts"]:
            click.echo(f"  {v['status']}  {e['file']}  {e['submission-digest']}  against {v['pin']} "
                       f"({v['edition-digest']})")
