"""Text normalisation and exact amount parsing (Decimal, never float)."""

from __future__ import annotations

import re
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

# Full-width digits, letters and the punctuation that matters for numbers; 。，（）： kept as they are
# because prose rules match on them.
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update(
    {"．": ".", "，": "，", "％": "%", "－": "-", "＋": "+", "　": " ", "\u00a0": " ", "＜": "<", "＞": ">", "＝": "="}
)
# the chars normalize changes, found by one regex scan: str.translate looks every char of a CJK text up in the
# table, 4× slower on a document's lines (the first document of a process misses normalize's cache on each)
_TO_CHANGE = re.compile("[%s]" % re.escape("".join(k for k, v in _FULLWIDTH.items() if k != v)))

_AMOUNT = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
HUNDRED = Decimal(100)
_ONE = Decimal(1)  # made once: to_hundredths runs for every amount of every fact
# The money unit of the document being judged (its tables' unit: 万元 in most templates, 元 in Shaanxi and
# Shanghai). Engine facts hold hundredths of it; a rule that formats "万元" means this unit.
MONEY_UNIT: ContextVar[str] = ContextVar("MONEY_UNIT", default="万元")
UNIT_FACTORS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
# The largest budget a disclosure can state: 10¹⁵ 万元 (10¹⁹ 元). Anything larger is a typo or an attack,
# and would overflow the 28-digit Decimal context when quantized (InvalidOperation).
MAX_WAN = Decimal(10) ** 15
MAX_AMOUNT = Decimal(10) ** 19  # the same bound for a figure whose unit is not known: read as 元
_TO_WAN = {unit: factor / UNIT_FACTORS["万元"] for unit, factor in UNIT_FACTORS.items()}


def in_bounds(value: Decimal, unit: str | None = None) -> bool:
    """A finite amount no larger than 10¹⁵ 万元 in its unit (unknown units: MAX_AMOUNT): safe to convert
    and quantize."""
    if not value.is_finite():
        return False
    factor = _TO_WAN.get(unit or "")
    return abs(value) <= MAX_AMOUNT if factor is None else abs(value) * factor <= MAX_WAN


def normalize_text(text: str) -> str:
    """Half-width digits and spaces; everything else untouched. Not cached: for a whole document."""
    return _TO_CHANGE.sub(_half_width, text)


normalize = lru_cache(maxsize=1 << 16)(normalize_text)  # the same, cached: for cells, labels and lines


def _half_width(m: re.Match[str]) -> str:
    return _FULLWIDTH[m.group()]


@lru_cache(maxsize=1 << 16)
def squash(text: str) -> str:
    """Label form for matching: normalised, without any whitespace, full-width brackets made half-width."""
    text = normalize(text).replace("（", "(").replace("）", ")").replace("：", ":")
    return "".join(text.split())  # every whitespace run dropped: what r"\s+" matches, in a third of the time


_BLANKS = ("", "-", "--", "—", "/")


def parse_amount(cell: str) -> Decimal | None:
    """'5,031.81' → Decimal('5031.81'); '' or '-' → None. Raises ValueError on anything else."""
    value = try_amount(cell)
    if value is None and normalize(cell).strip().replace(" ", "") not in _BLANKS:
        raise ValueError(f"not an amount: {cell!r}")
    return value


# Cached: a document tests the same cells again and again (is it a data row, a numeric column, a row's value),
# and a Decimal is immutable, so sharing one between calls is safe.
@lru_cache(maxsize=1 << 16)
def try_amount(cell: str) -> Decimal | None:
    """The amount in a cell, or None for a blank, a dash or anything that is not an amount."""
    text = normalize(cell).strip().replace(" ", "")
    if text in _BLANKS or not _AMOUNT.match(text):
        return None
    return Decimal(text.replace(",", ""))


def is_amount(cell: str) -> bool:
    return try_amount(cell) is not None


# build_facts converts every amount of every row, and the same figures recur (equal values give equal results)
@lru_cache(maxsize=1 << 16)
def to_hundredths(value: Decimal) -> int:
    """Exact integer minor units for engine facts (0.01 of the stated unit), rounded half-up."""
    return int((value * HUNDRED).quantize(_ONE, rounding=ROUND_HALF_UP))


def money_hundredths(value: Decimal | None, unit: str | None, to: str) -> int | None:
    """A stated money figure as hundredths of the tables' unit `to`, converted *before* rounding:
    0.503181亿元 → 503181 hundredths of 万元 (5,031.81万元), where hundredths of 亿元 would have kept only
    0.50亿元 = 5,000.00万元."""
    if value is None or unit not in UNIT_FACTORS:
        return None
    return to_hundredths(convert(value, unit, to))


def from_hundredths(value: int) -> Decimal:
    return (Decimal(value) / HUNDRED).quantize(Decimal("0.01"))


def fmt(value: Decimal | int | None, unit: str = "") -> str:
    """Amount as a reviewer writes it: two decimals, thousands separators, unit appended."""
    if value is None:
        return "（空）"
    if unit == "万元":
        unit = MONEY_UNIT.get()
    if isinstance(value, int):
        return _hundredths_text(value, unit)
    return f"{value:,.2f}{unit}"


@lru_cache(maxsize=1 << 12)  # the same totals are shown by many findings of a document
def _hundredths_text(value: int, unit: str) -> str:
    """Hundredths as two decimals with separators, by integer arithmetic (the same text as through Decimal)."""
    whole, cents = divmod(abs(value), 100)
    return f"{'-' if value < 0 else ''}{whole:,}.{cents:02d}{unit}"


def convert(value: Decimal, unit: str | None, to: str) -> Decimal:
    """An amount stated in `unit` expressed in `to` (exactly: Decimal keeps every digit)."""
    if not unit or unit == to or unit not in UNIT_FACTORS or to not in UNIT_FACTORS:
        return value
    return value * UNIT_FACTORS[unit] / UNIT_FACTORS[to]
