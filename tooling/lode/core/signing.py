"""Detached ssh signatures over bytes (``ssh-keygen -Y sign`` / ``-Y verify``): what a
release bundle's manifest and a checking service's receipt are signed with.

Why ssh signatures: the association's maintainers already sign git tags with ssh keys,
the ``allowed_signers`` file that says whose keys count is the same one git reads, and
``ssh-keygen`` is on every machine that has git. Nothing else (no gpg keyring, no
network, no user configuration) decides whether a signature is good.

The API is small and stable:

- :func:`sign` returns the armored signature (``-----BEGIN SSH SIGNATURE-----``) of
  ``payload`` by the private ``key``;
- :func:`verify` returns the principal (e.g. ``alice@example.org``) that
  ``allowed_signers`` names for the key that made ``signature``, or raises.

A *namespace* binds a signature to one purpose (``NAMESPACE_BUNDLE`` for release
bundles; the service uses its own for receipts), so a signature made for one purpose
never verifies for another. Every failure is a :class:`LodeError` with a registered code:
``signature-tool`` (ssh-keygen is missing or failed to run: exit 2), ``signature-key``
(the key cannot be used to sign: exit 2), ``signature-invalid`` (the signature does not
verify, or no allowed signer made it: exit 4).

ssh-keygen runs with a fixed argv, a temp dir of our own for every file it reads, no
shell and a timeout; the payload and signature are passed as files, never as options.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import LodeError
from .i18n import msg

NAMESPACE_BUNDLE = "lode-release-bundle@lode"
# ssh-keygen's namespaces are free text; Lode's are plain so they cannot be read as options.
_NAMESPACE = re.compile(r"^[a-z0-9][a-z0-9.@_-]{0,63}$")
_ARMOR = b"-----BEGIN SSH SIGNATURE-----"
MAX_SIGNATURE = 16 * 1024
MAX_PAYLOAD = 64 * 1024 * 1024
_TIMEOUT = 60


def sign(payload: bytes, key: Path, namespace: str) -> bytes:
    """The armored ssh signature of ``payload`` made with the private key file ``key``."""
    _check_namespace(namespace)
    _check_payload(payload)
    key = Path(key)
    if not key.is_file():
        raise LodeError.of("signature-key", msg("no private key file {key}", key=key), str(key))
    with tempfile.TemporaryDirectory(prefix="lode-sign-") as tmp:
        data = Path(tmp) / "payload"
        data.write_bytes(payload)
        out = _run(["ssh-keygen", "-q", "-Y", "sign", "-f", str(key.absolute()), "-n", namespace, str(data)])
        sig = Path(tmp) / "payload.sig"
        if out.returncode != 0 or not sig.is_file():
            raise LodeError.of("signature-key", msg("ssh-keygen could not sign with {key}: {value}", key=key, value=_why(out)), str(key),
                               hint=msg("use an ssh private key without a passphrase prompt (or load it in ssh-agent), e.g. one made by `ssh-keygen -t ed25519`"))
        return sig.read_bytes()


def verify(payload: bytes, signature: bytes, allowed_signers: Path, namespace: str) -> str:
    """The principal of ``allowed_signers`` whose key made ``signature`` over ``payload``
    in ``namespace``; :class:`LodeError` ``signature-invalid`` if there is none."""
    _check_namespace(namespace)
    _check_payload(payload)
    allowed_signers = Path(allowed_signers)
    if not allowed_signers.is_file():
        raise LodeError.of("signature-invalid", msg("no allowed-signers file {allowed_signers}", allowed_signers=allowed_signers), str(allowed_signers),
                           hint=msg("pass the association's allowed_signers file (one `principal key` line per signer)"))
    if len(signature) > MAX_SIGNATURE or not signature.lstrip().startswith(_ARMOR):
        raise LodeError.of("signature-invalid", msg("the signature is not an armored ssh signature"), "")
    with tempfile.TemporaryDirectory(prefix="lode-verify-") as tmp:
        sig, signers = Path(tmp) / "payload.sig", Path(tmp) / "allowed_signers"
        sig.write_bytes(signature)
        signers.write_bytes(allowed_signers.read_bytes())  # ssh-keygen reads our copy, not a path it could swap
        found = _run(["ssh-keygen", "-Y", "find-principals", "-s", str(sig), "-f", str(signers)])
        principals = [p for p in found.stdout.decode("utf-8", "replace").splitlines() if p.strip()]
        if found.returncode != 0 or not principals:
            raise LodeError.of("signature-invalid", msg("the signature was not made by a key in {name}", name=allowed_signers.name), str(allowed_signers))
        for principal in principals:
            out = _run(["ssh-keygen", "-Y", "verify", "-f", str(signers), "-I", principal, "-n", namespace,
                        "-s", str(sig)], stdin=payload)
            if out.returncode == 0:
                return principal
        raise LodeError.of("signature-invalid", msg("the signature does not verify for namespace {namespace} (signer {value}): the signed bytes were changed, or it was made for another purpose", namespace=namespace, value=principals[0]), str(allowed_signers))


def _check_namespace(namespace: str) -> None:
    if not isinstance(namespace, str) or not _NAMESPACE.match(namespace):
        raise ValueError(f"not a signing namespace: {namespace!r}")  # a caller's bug, not user input


def _check_payload(payload: bytes) -> None:
    if len(payload) > MAX_PAYLOAD:
        raise LodeError.of("signature-invalid", msg("the signed file is larger than {MAX_PAYLOAD:,} bytes", MAX_PAYLOAD=MAX_PAYLOAD), "")


def _run(argv: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    if shutil.which(argv[0]) is None:
        raise LodeError.of("signature-tool", msg("ssh-keygen is not installed: signatures cannot be made or checked"),
                           "", hint=msg("install OpenSSH (8.2 or newer): it provides ssh-keygen -Y"))
    try:
        # A new session has no controlling terminal: a key that wants a passphrase fails
        # at once instead of prompting on the user's terminal from inside a command.
        return subprocess.run(argv, input=stdin, capture_output=True, timeout=_TIMEOUT,
                              stdin=None if stdin is not None else subprocess.DEVNULL, start_new_session=True)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise LodeError.of("signature-tool", msg("ssh-keygen did not run: {e}", e=e), "") from None


def _why(out: subprocess.CompletedProcess[bytes]) -> str:
    text = (out.stderr or out.stdout).decode("utf-8", "replace").strip()
    return text.splitlines()[-1] if text else f"exit {out.returncode}"
