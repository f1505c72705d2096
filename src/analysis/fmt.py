"""Numbers and dates in the brief's language, through Babel's CLDR locale data.

Indonesian writes ``11,00 %`` and ``141.840 jiwa``; English ``11.00%`` and ``141,840 people``.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALES = {"id": "id_ID", "en": "en_US"}
MINUS = "\u2212"  # a true minus sign reads better than a hyphen in print


def number(value: float | None, digits: int = 2, lang: str = "id", signed: bool = False) -> str:
    """Format a number with a fixed count of decimals ("11,00"); None gives an em dash."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(abs(value), format=pattern, locale=LOCALES[lang])
    rounded_zero = round(abs(value), digits) == 0
    if value < 0 and not rounded_zero:
        return MINUS + text
    if signed and not rounded_zero:
        return "+" + text
    return text


def percent(value: float | None, digits: int = 2, lang: str = "id", signed: bool = False) -> str:
    """Format a percentage: "11,00 %" in Indonesian, "11.00%" in English."""
    if value is None:
        return "—"
    text = number(value, digits, lang, signed)
    return f"{text} %" if lang == "id" else f"{text}%"


def points(value: float | None, digits: int = 2, lang: str = "id", signed: bool = True) -> str:
    """Format a change in percentage points ("+1,52 poin" / "+1.52 pp")."""
    if value is None:
        return "—"
    unit = "poin" if lang == "id" else "pp"
    return f"{number(value, digits, lang, signed)} {unit}"


def people(thousands: float | None, lang: str = "id") -> str:
    """Format a number of people given in thousands ("141.840 jiwa")."""
    if thousands is None:
        return "—"
    count = round(thousands * 1000)
    unit = "jiwa" if lang == "id" else "people"
    return f"{format_decimal(count, format='#,##0', locale=LOCALES[lang])} {unit}"


def integer(value: int | None, lang: str = "id") -> str:
    """Format a whole number with the locale's grouping ("1.234")."""
    if value is None:
        return "—"
    return format_decimal(int(value), format="#,##0", locale=LOCALES[lang])


def p_value(value: float, lang: str = "id") -> str:
    """Format a p-value with its relation: "= 0,14", or "< 0,01" below that."""
    return f"< {number(0.01, 2, lang)}" if value < 0.01 else f"= {number(value, 2, lang)}"


def date(value: dt.date, lang: str = "id") -> str:
    """Format a date in long form ("27 November 2025")."""
    return format_date(value, format="long", locale=LOCALES[lang])


def interval(low: float | None, high: float | None, digits: int = 1, lang: str = "id") -> str:
    """Format an interval: "9,7–11,3"; with a negative bound "−2,6 s.d. −0,7" ("to" in English)."""
    if low is None or high is None:
        return "—"
    separator = "–" if low >= 0 and high >= 0 else (" s.d. " if lang == "id" else " to ")
    return f"{number(low, digits, lang)}{separator}{number(high, digits, lang)}"
