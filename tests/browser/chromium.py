"""The browser the browser tests and the serve bench drive: Debian's Chromium (``make
test`` installs it; nothing here downloads one), headless, with the flags this machine
needs (no sandbox as root, no background connections its closed network refuses)."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
