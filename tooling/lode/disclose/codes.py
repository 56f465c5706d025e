"""The finding codes of disclosure checking that no single check owns.

A code one disclosure check emits is defined by that check's decorator
(``disclose/checks.py``). Here: the content codes several places emit (the schema's
explanations in ``explain.py`` and the checks), defined through the check registry's
``code`` so the codes page lists them with the validation checks, and the config and
input codes, through ``core.codes.define``. Defining them here rather than in ``core/codes.py`` keeps the
disclosure feature in one folder; each name is still defined exactly once. Pin codes
(a release that is missing, moved or has another digest) are the release machinery's
(``core/codes.py``, ``pin-*``): a disclosure's pin is resolved by ``lode.release.pins``.
"""

from __future__ import annotations

from ..core.codes import Code, define
from ..validate.registry import code


def _define(name: str, severity: str, klass: str, summary: str, hint: str) -> Code:
    if klass == "content":
        return code(name, severity, summary, hint)
    return define(name, severity, klass, summary, hint)


FACT_TYPE = _define("fact-type", "error", "content", "a value has the wrong type for its metric",
                    "write the value as the metric's type: a number, an integer, true/false, a text, or a date YYYY-MM-DD")
FACT_UNIT = _define("fact-unit", "error", "content", "a value's unit is not the metric's unit and cannot be converted to it",
                    "give the value in the unit shown, or in a unit of the same dimension (ktCO2e for tCO2e)")
FACT_BOUNDS = _define("fact-bounds", "error", "content", "a value is outside its metric's allowed range",
                      "check the figure and its unit; the range is the edition's")
_define("fact-enum", "error", "content", "a value is not one of the metric's allowed values",
      "use one of the values listed (the template offers them as a drop-down)")
_define("fact-date", "error", "content", "a date is not a real calendar date written YYYY-MM-DD",
      "write dates as YYYY-MM-DD (2025-06-30); in a workbook, type a date cell")
_define("table-column", "error", "content", "a table row has an unknown or a missing column",
      "give every row exactly the metric's columns (the message lists them)")
_define("fact-ambiguous", "error", "content", "a fact's id is a metric of several pinned editions",
      "key it by the edition it answers: `std#metric` (it then answers the others through their `equal` mappings)")
# config and input codes (exit 2 and 3)
_define("pin-conflict", "error", "pin", "the disclosure names another pin than the command line",
      "drop --pin, or correct the file's `pin:`")
_define("pin-missing", "error", "config", "no pin: the disclosure names none and --pin is not given",
      "add `pin: STD@EDITION/rN` to the file or pass --pin")
_define("disclosure-version", "error", "input", "not a Lode disclosure file of a version this Lode reads",
      "start the file with `lode-disclosure: 1`")
