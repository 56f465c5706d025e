"""Units of disclosed values, through pint with a small Lode registry.

The edition names each metric's unit as its drafters write it (``tCO2e``, ``tce``,
``m3``, ``%``, ``per million hours worked``); a company may report in any unit of the
same dimension (``ktCO2e``, ``Mt``, ``万吨标准煤``), which is converted to the edition's
unit so bounds and indexes compare like with like. Units pint cannot know (counts such as
``persons`` or ``cases``, money) are defined here as their own dimensions, so they only
convert among themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..core.i18n import msg

# Lode's definitions, in pint's definition syntax. Emissions and coal equivalent are
# dimensions of their own: tCO2e is not a mass of anything pint can weigh.
_DEFINITIONS = """
kgCO2e = [co2e]
tCO2e = 1000 * kgCO2e
ktCO2e = 1e6 * kgCO2e
MtCO2e = 1e9 * kgCO2e
wan_tCO2e = 1e7 * kgCO2e
tce = 29.3076 * gigajoule
kgce = 0.001 * tce
ktce = 1000 * tce
wan_tce = 10000 * tce
t_ore = [ore]
kt_ore = 1000 * t_ore
Mt_ore = 1e6 * t_ore
CNY = [money_cny]
wan_CNY = 10000 * CNY
yi_CNY = 1e8 * CNY
persons = [headcount]
cases = [case_count]
per_million_hours_worked = [injury_rate]
"""

# Spellings people and editions use -> the registry's names. Chinese units are the ones
# Chinese reports use (万吨 = 10,000 t).
_ALIASES = {
    "per million hours worked": "per_million_hours_worked",
    "万吨": "10000 * t", "吨": "t", "万吨标准煤": "wan_tce", "吨标准煤": "tce", "万tce": "wan_tce",
    "万tCO2e": "wan_tCO2e", "万吨二氧化碳当量": "wan_tCO2e", "吨二氧化碳当量": "tCO2e",
    "元": "CNY", "万元": "wan_CNY", "亿元": "yi_CNY", "人": "persons", "例": "cases", "起": "cases",
    "公顷": "ha", "立方米": "m**3", "万立方米": "10000 * m**3",
}
_POWER = re.compile(r"\b(m|km|cm|mm)([23])\b")
_ORE = re.compile(r"\b(k|M)?t ore\b")


class UnitError(ValueError):
    """The unit is not one Lode can read."""


@cache
def registry() -> Any:
    import pint  # imported on first use: pint costs start-up time a plain `lode check` of booleans never needs

    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, on_redefinition="raise", cache_folder=None)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


def _expression(unit: str) -> str:
    text = unit.strip()
    if text in _ALIASES:
        return _ALIASES[text]
    text = _ORE.sub(lambda m: f"{m[1] or ''}t_ore", text)
    text = _POWER.sub(r"\1**\2", text).replace("²", "**2").replace("³", "**3")
    return "percent" if text == "%" else text


@cache
def parse(unit: str) -> Any:
    """The pint unit of a spelling; :class:`UnitError` if it is not a unit."""
    import pint

    try:
        q = registry().parse_expression(_expression(unit))
    except (pint.errors.PintError, AttributeError, SyntaxError, TypeError, ValueError, KeyError) as e:
        raise UnitError(msg("{unit!r} is not a unit Lode knows", unit=unit)) from e
    if not hasattr(q, "units"):  # a bare number such as "1000"
        raise UnitError(msg("{unit!r} is not a unit", unit=unit))
    return q


@dataclass(frozen=True)
class Converted:
    value: float
    unit: str      # the edition's unit
    given: Any     # the value as disclosed
    given_unit: str

    @property
    def changed(self) -> bool:
        return self.given_unit != self.unit


@cache
def factor(given: str, expected: str) -> float:
    """How many ``expected`` one ``given`` is; :class:`UnitError` when the two are not of one
    dimension (the message names the expected unit). Cached: a batch asks the same few pairs."""
    import pint

    try:
        src, dst = parse(given), parse(expected)
    except UnitError as e:
        raise UnitError(msg("{problem}; the metric's unit is {expected}", problem=e.args[0], expected=expected)) from None
    try:
        return float((src / dst).to("dimensionless").magnitude)
    except pint.errors.DimensionalityError:
        raise UnitError(msg("{given} cannot be converted to {expected}, the metric's unit", given=given,
                               expected=expected)) from None


def convert(value: float, given: str, expected: str) -> Converted:
    """``value given`` in the edition's unit ``expected``."""
    if given == expected:
        return Converted(value, expected, value, given)
    out = value * factor(given, expected)
    # Keep conversions by powers of ten exact in the report (120 ktCO2e -> 120000 tCO2e).
    out = round(out, 9)
    if float(out).is_integer() and abs(out) < 2**53:
        out = int(out)
    return Converted(out, expected, value, given)
