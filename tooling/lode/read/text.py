"""The text rules every input format shares (YAML, JSON, a workbook's cells, a comment
form): characters no Lode input may hold, and the findings every text gets."""

from __future__ import annotations

import re
import unicodedata

from ..core.findings import Finding
from .document import KeyPath, Pos, pointer
from ..core.i18n import msg

# C0 controls except TAB/LF/CR, DEL, C1 (including NEL), surrogates, U+FFFE/U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Zero-width and bidirectional controls (Trojan Source, CVE-2021-42574).
BIDI = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def has_control(value: str) -> bool:
    """Whether text holds a character no Lode input may (C0 but TAB/LF/CR, DEL, C1, surrogates)."""
    return CONTROL.search(value) is not None


_BOM = re.compile("\ufeff")


def text_problem(value: str) -> str | None:
    """What makes ``value`` unfit for a standards file, for text that does not come from
    YAML (a spreadsheet cell): a control character or an invisible/bidi control. None if
    it is fit. (NFC is the caller's to apply: normalising loses nothing a reader sees.)
    U+FEFF counts too: the loader refuses a byte-order mark inside a file (``enc-bom``)."""
    m = CONTROL.search(value) or BIDI.search(value) or _BOM.search(value)
    return f"holds the invisible or control character U+{ord(m.group()):04X}" if m else None


def text_checks(value: str, display: str, pos: Pos, pth: KeyPath, *, is_key: bool = False, bidi: bool = True,
                nfc: bool = True) -> list[Finding]:
    """The findings every text of every input format gets (YAML, JSON, a workbook's cells):
    invisible or bidi controls, and text not in NFC."""
    out = []
    if bidi and BIDI.search(value):
        if is_key:
            out.append(Finding.make("unicode-id", msg("key {value!r} contains an invisible character", value=value),
                                    display, *pos, pointer=pointer(pth)))
        else:
            out.append(Finding.make("unicode-bidi", msg("text contains an invisible or bidi control character"),
                                    display, *pos, pointer=pointer(pth)))
    if nfc and not unicodedata.is_normalized("NFC", value):
        out.append(Finding.make("unicode-nfc", msg("text is not NFC-normalised"), display, *pos, pointer=pointer(pth)))
    return out
