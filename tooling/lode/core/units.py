"""Units of disclosed values: a closed grammar Lode parses itself, pint for conversion.

The edition names each metric's unit as its drafters write it (``tCO2e``, ``tce``,
``m3``, ``%``, ``per million hours worked``); a company may report in any unit of the
same dimension (``kt CO2e``, ``Mt``, ``万吨标准煤``), which is converted to the edition's
unit so bounds and indexes compare like with like.

A unit string comes from the company's file, so it is hostile input. It is never handed
to pint's expression evaluator (which reads ``nan * %``, ``1/0``, ``10**10**10``). The
grammar accepted here is closed and small:

    unit     := factor (("*" | "·" | " " | "/" | "per" | "每") factor)*   at most 6 factors
    factor   := ["平方" | "立方"] [multiple] atom [power] [qualifier]
    multiple := 千 | 万 | 十万 | 百万 | 千万 | 亿                 (Chinese reports' multiples)
    atom     := a known symbol, with an optional SI prefix that symbol takes
    power    := "^" int | "**" int | 2 | 3 (right after a length)   int in -3..3, not 0
    qualifier:= CO2e | 二氧化碳当量 | ce | 标准煤 | ore | 矿石      (after a mass only)

Text is NFKC-normalised first, so full-width (``ｔＣＯ２ｅ``), subscript (``tCO₂e``) and
superscript (``m³``) forms read as their ASCII spellings. No numbers, no factors, no
``nan``/``inf``, no brackets: anything else is a :class:`UnitError`, in time linear in a
string of at most 64 characters. ``kt`` is a kilotonne (never pint's knot).

Units pint cannot know -- CO2-equivalent, coal equivalent, ore, counts, money -- are
dimensions of their own, so they only convert among themselves.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple
from .i18n import msg

MAX_LENGTH = 64
MAX_FACTORS = 6

# Lode's own dimensions, in pint's definition syntax (definitions, never user input).
_DEFINITIONS = """
t_CO2e = [co2e]
tce = 29.3076 * gigajoule
t_ore = [ore]
CNY = [money_cny]
persons = [headcount]
cases = [case_count]
per_million_hours_worked = [injury_rate]
"""

_SI = {"k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "c": 1e-2, "m": 1e-3}

# symbol -> (pint name, scale of the symbol itself, SI prefixes it takes, kind).
# kind "mass" may carry a qualifier; "length" may carry a bare power digit (m2, km3).
_SYMBOLS: dict[str, tuple[str, float, str, str]] = {
    "t": ("tonne", 1, "kMG", "mass"), "tonne": ("tonne", 1, "", "mass"), "tonnes": ("tonne", 1, "", "mass"),
    "g": ("tonne", 1e-6, "km", "mass"), "吨": ("tonne", 1, "", "mass"), "公斤": ("tonne", 1e-3, "", "mass"),
    "千克": ("tonne", 1e-3, "", "mass"), "克": ("tonne", 1e-6, "", "mass"),
    "J": ("joule", 1, "kMGTP", ""), "Wh": ("watt_hour", 1, "kMGT", ""), "千瓦时": ("watt_hour", 1e3, "", ""),
    "m": ("meter", 1, "kcm", "length"), "米": ("meter", 1, "", "length"), "公里": ("meter", 1e3, "", "length"),
    "千米": ("meter", 1e3, "", "length"),
    "ha": ("hectare", 1, "", ""), "公顷": ("hectare", 1, "", ""),
    "L": ("liter", 1, "kMm", ""), "l": ("liter", 1, "", ""), "升": ("liter", 1, "", ""),
    "立方米": ("meter", 1, "", "cubic"), "平方米": ("meter", 1, "", "square"), "平方公里": ("meter", 1e3, "", "square"),
    "%": ("percent", 1, "", ""), "percent": ("percent", 1, "", ""),
    "h": ("hour", 1, "", ""), "hours": ("hour", 1, "", ""), "小时": ("hour", 1, "", ""),
    "CNY": ("CNY", 1, "", ""), "RMB": ("CNY", 1, "", ""), "元": ("CNY", 1, "", ""), "人民币": ("CNY", 1, "", ""),
    "persons": ("persons", 1, "", ""), "person": ("persons", 1, "", ""), "people": ("persons", 1, "", ""),
    "人": ("persons", 1, "", ""), "名": ("persons", 1, "", ""),
    "cases": ("cases", 1, "", ""), "case": ("cases", 1, "", ""), "例": ("cases", 1, "", ""),
    "起": ("cases", 1, "", ""), "件": ("cases", 1, "", ""),
    "per million hours worked": ("per_million_hours_worked", 1, "", ""),
    "每百万工时": ("per_million_hours_worked", 1, "", ""),
}
# After a mass: what the tonnes are of. (pint name the tonne becomes)
_QUALIFIERS = {"CO2e": "t_CO2e", "CO2-e": "t_CO2e", "CO2eq": "t_CO2e", "CO2-eq": "t_CO2e", "CO2当量": "t_CO2e",
               "二氧化碳当量": "t_CO2e", "co2e": "t_CO2e", "CO2E": "t_CO2e", "ce": "tce", "标准煤": "tce", "标煤": "tce", "ore": "t_ore", "矿石": "t_ore"}
_MULTIPLES = {"千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8}
_PRODUCT = frozenset("*·⋅×")
_DIVIDE = ("/", "每", "per ")

# Every spelling an atom may take, longest first (so "tonnes" wins over "t", "mm" over "m").
_ATOMS = sorted({**{p + s: (name, scale * _SI[p], kind) for s, (name, scale, pre, kind) in _SYMBOLS.items()
                    for p in pre},
                 **{s: (name, scale, kind) for s, (name, scale, _, kind) in _SYMBOLS.items()}}.items(),
                key=lambda kv: -len(kv[0]))
_QUALIFIER_ORDER = sorted(_QUALIFIERS, key=len, reverse=True)
_MULTIPLE_ORDER = sorted(_MULTIPLES, key=len, reverse=True)

# Spellings offered in a refusal's hint: those of the metric's dimension are listed.
EXAMPLES = ("tCO2e", "t CO2e", "tCO₂e", "kgCO2e", "kt CO2e", "Mt CO2e", "tonnes CO2e", "万吨CO2e", "万吨二氧化碳当量",
            "tce", "kgce", "吨标准煤", "万吨标准煤", "GJ", "TJ", "MWh", "kWh", "万千瓦时",
            "t", "kg", "kt", "Mt", "tonnes", "吨", "万吨", "万t",
            "m3", "m³", "立方米", "万立方米", "L", "ML", "ha", "公顷", "m2", "km2", "平方米",
            "%", "persons", "人", "cases", "例", "起", "CNY", "元", "万元", "亿元",
            "per million hours worked", "每百万工时",
            "tCO2e/t ore", "kgCO2e/t ore", "tCO2e/kt ore", "tCO2e/万元", "tce/万元", "m3/t ore", "GJ/t ore")


class UnitError(ValueError):
    """The unit is not one Lode can read (or not of the metric's dimension)."""


@dataclass(frozen=True)
class Unit:
    """A parsed unit: ``scale`` times the product of pint base names to their powers."""

    text: str
    scale: float
    powers: tuple[tuple[str, int], ...]


@cache
def registry() -> Any:
    import pint  # imported on first use: pint costs start-up time a plain `lode check` of booleans never needs

    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, on_redefinition="raise", cache_folder=None)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


def _refuse(unit: str, why: str) -> UnitError:
    return UnitError(msg("{value!r} is not a unit Lode reads: {why}", value=unit[:MAX_LENGTH], why=why))


def _match(text: str, i: int, options: Any) -> str | None:
    return next((o for o in options if text.startswith(o, i)), None)


def _power(text: str, i: int, kind: str) -> tuple[int, int]:
    """(power, next index) after an atom."""
    for op in ("**", "^"):
        if text.startswith(op, i):
            j = i + len(op)
            sign = -1 if text.startswith("-", j) else 1
            j += sign < 0
            if j < len(text) and text[j] in "123" and not text[j + 1:j + 2].isdigit():
                return sign * int(text[j]), j + 1
            raise UnitError(msg("a power is a whole number from -3 to 3"))
    if kind == "length" and i < len(text) and text[i] in "23" and not text[i + 1:i + 2].isdigit():
        return int(text[i]), i + 1
    return 1, i


@lru_cache(maxsize=4096)  # bounded: hostile files may each bring a new spelling
def parse(unit: str) -> Unit:
    """The parsed unit of a spelling; :class:`UnitError` if it is not in the grammar."""
    if not isinstance(unit, str) or not unit.strip():
        raise _refuse(str(unit), msg("it is empty"))
    if len(unit) > MAX_LENGTH:
        raise _refuse(unit, msg("longer than {MAX_LENGTH} characters", MAX_LENGTH=MAX_LENGTH))
    text = " ".join(unicodedata.normalize("NFKC", unit).split())
    scale, powers, i, sign, factors = 1.0, {}, 0, 1, 0
    try:
        while i < len(text):
            factors += 1
            if factors > MAX_FACTORS:
                raise UnitError(msg("more than {MAX_FACTORS} factors", MAX_FACTORS=MAX_FACTORS))
            extra = 1
            for word, p in (("平方", 2), ("立方", 3)):
                if text.startswith(word, i) and not text.startswith(("平方米", "平方公里", "立方米"), i):
                    extra, i = p, i + len(word)
            multiple = _match(text, i, _MULTIPLE_ORDER)
            m = 1.0
            if multiple and _match(text, i + len(multiple), [a for a, _ in _ATOMS]):
                m, i = _MULTIPLES[multiple], i + len(multiple)
            atom = next(((a, v) for a, v in _ATOMS if text.startswith(a, i)), None)
            if atom is None:
                raise UnitError(msg("{value!r} is not a known unit symbol", value=text[i:i + 12]))
            spelling, (name, s, kind) = atom
            i += len(spelling)
            if kind == "mass":
                j = i + (text.startswith((" ", "-"), i) and _match(text, i + 1, _QUALIFIER_ORDER) is not None)
                q = _match(text, j, _QUALIFIER_ORDER)
                # "ce" only right after the tonne (tce, ktce): "t ce" is not a spelling anyone uses
                if q and not (q == "ce" and j != i) and not text[j + len(q):j + len(q) + 1].isalnum():
                    name, i = _QUALIFIERS[q], j + len(q)
            if kind in ("square", "cubic"):
                extra *= 2 if kind == "square" else 3
            p, i = _power(text, i, kind)
            p *= extra * sign
            if abs(p) > 3:
                raise UnitError(msg("a power is a whole number from -3 to 3"))
            scale *= m ** sign * s ** p  # 万立方米 is 10,000 m3; km2 is (1000 m)^2
            powers[name] = powers.get(name, 0) + p
            # the operator before the next factor
            if i < len(text):
                if text[i] == " " and i + 1 < len(text) and (text[i + 1] in _PRODUCT or text[i + 1] == "/"):
                    i += 1
                if text[i] in _PRODUCT:
                    sign, i = 1, i + 1
                elif op := next((d for d in _DIVIDE if text.startswith(d, i)), None):
                    sign, i = -1, i + len(op)
                elif text.startswith(" per ", i):
                    sign, i = -1, i + 5
                elif text[i] == " ":
                    sign, i = 1, i + 1
                else:
                    raise UnitError(msg("{value!r} is not a known unit symbol", value=text[i:i + 12]))
                if text.startswith(" ", i):
                    i += 1
                if i >= len(text):
                    raise UnitError(msg("it ends with an operator"))
    except UnitError as e:
        raise _refuse(unit, str(e)) from None
    if not math.isfinite(scale) or scale == 0:
        raise _refuse(unit, msg("its scale is out of range"))
    return Unit(unit, scale, tuple(sorted((n, p) for n, p in powers.items() if p)))


def _pint(u: Unit) -> Any:
    ureg = registry()
    out = ureg.dimensionless
    for name, p in u.powers:
        out = out * ureg.Unit(name) ** p  # a name from the table above, never the company's text
    return out


class Converted(NamedTuple):
    """A value in the edition's unit (a tuple: a batch makes one per converted fact)."""

    value: float
    unit: str      # the edition's unit
    given: Any     # the value as disclosed
    given_unit: str


def factor(given: str, expected: str) -> float:
    """How many ``expected`` one ``given`` is; :class:`UnitError` when the given unit is not
    in the grammar or the two are not of one dimension (the message names the expected unit)."""
    out = _factor(given, expected)
    if isinstance(out, str):
        raise UnitError(out)
    return out


@lru_cache(maxsize=4096)
def _factor(given: str, expected: str) -> float | str:
    # A refusal is cached too, as its message (a Msg, worded when shown): lru_cache keeps
    # no raised exception, and a batch of files with the same wrong unit asked pint again
    # for every file (26 ms each).
    import pint

    try:
        src = parse(given)
    except UnitError as e:
        return msg("{problem}; the metric's unit is {expected}", problem=e.args[0], expected=expected)
    dst = parse(expected)
    try:
        ratio = (1 * _pint(src) / _pint(dst)).to(registry().dimensionless).magnitude
    except pint.errors.DimensionalityError:
        return msg("{given} cannot be converted to {expected}, the metric's unit", given=given, expected=expected)
    out = float(ratio) * src.scale / dst.scale
    if not math.isfinite(out) or out == 0:
        return msg("{given} cannot be converted to {expected}: the factor is out of range", given=given, expected=expected)
    return out


def accepted(expected: str) -> list[str]:
    """Spellings Lode reads for a metric whose unit is ``expected`` (for a refusal's hint)."""
    return list(_accepted(expected))


@lru_cache(maxsize=256)
def _accepted(expected: str) -> tuple[str, ...]:
    out = [expected]
    for s in EXAMPLES:
        try:
            ok = not isinstance(_factor(s, expected), str)
        except UnitError:
            ok = False
        if ok and s not in out:
            out.append(s)
    return tuple(out)


def convert(value: float, given: str, expected: str) -> Converted:
    """``value given`` in the edition's unit ``expected``; :class:`UnitError` if the result
    is not a finite number (a value that overflows is refused, never compared)."""
    if given == expected:
        return Converted(value, expected, value, given)
    try:
        out = value * factor(given, expected)
    except OverflowError:  # an integer too large for a float
        out = math.inf
    if not math.isfinite(out):
        raise UnitError(msg("{value} {given} is out of range in {expected}", value=value, given=given, expected=expected))
    # Keep conversions by powers of ten exact in the report (120 ktCO2e -> 120000 tCO2e);
    # a whole number is not rounded (round() to 9 places formats the float and parses it
    # back: a third of a conversion's cost, and the same number).
    if not out.is_integer():
        out = round(out, 9)
    if out.is_integer() and abs(out) < 2**53:
        out = int(out)
    return Converted(out, expected, value, given)
