"""Reading the report's printed numbers ("602,275", "△51", "1조 6,100", "117만") into values,
and writing values back the way Korean officials read them ("약 6,023억원")."""

from __future__ import annotations

import re

_PLAIN = re.compile(r"^[+\-△▲]?\d[\d,]*(?:\.\d+)?$")
_JO = re.compile(r"^(\d[\d,]*)조\s*(\d[\d,]*)?$")
_MAN = re.compile(r"^(\d[\d,]*(?:\.\d+)?)만$")
_ABOUT = re.compile(r"^(\d[\d,]*(?:\.\d+)?)여$")


def parse_literal(text: str | None) -> float | None:
    """The value of a figure as printed, or None when it is not one number (a range, a ratio).

    "△" is the report's minus sign; a lone "-" in a change column means no change (0).
    "N조 M" is N·10,000 + M in the unit that follows (억원); "117만" is 1,170,000.
    """
    if text is None:
        return None
    t = str(text).strip()
    if not t:
        return None
    if t in {"-", "－"}:
        return 0.0
    if _PLAIN.match(t):
        sign = -1.0 if t[0] in "-△" else 1.0
        return sign * float(t.lstrip("+-△▲").replace(",", ""))
    m = _JO.match(t)
    if m:
        return float(m.group(1).replace(",", "")) * 10000 + float((m.group(2) or "0").replace(",", ""))
    m = _MAN.match(t)
    if m:
        return float(m.group(1).replace(",", "")) * 10000
    m = _ABOUT.match(t)
    if m:
        return float(m.group(1).replace(",", ""))
    return None


def format_number(value: float, decimals: int | None = None) -> str:
    """Thousands commas; integers without decimals; at most one decimal otherwise."""
    if decimals is None:
        decimals = 0 if abs(value - round(value)) < 1e-9 else 1
    return f"{value:,.{decimals}f}"


def readable_money(value: float, unit: str) -> str | None:
    """A money figure in 억원 (and 조) for reading, e.g. 602,275백만원 → 약 6,023억원."""
    scale = {"백만원": 0.01, "천원": 0.00001, "억원": 1.0}.get(unit)
    if scale is None:
        return None
    eok = value * scale
    if unit == "억원" and abs(eok) < 10000:
        return None  # already readable as printed
    if abs(eok) < 1:
        return None
    sign = "-" if eok < 0 else ""
    eok = abs(round(eok))
    jo, rest = divmod(eok, 10000)
    approx = "" if abs(value * scale - round(value * scale)) < 1e-9 else "약 "
    if jo:
        return f"{approx}{sign}{jo:,}조 {rest:,}억원" if rest else f"{approx}{sign}{jo:,}조원"
    return f"{approx}{sign}{rest:,}억원"


NUMBER_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?")


_DATE_CHAIN = re.compile(r"\d+(?:\.\s?\d+){2,}")


def number_tokens(text: str) -> list[str]:
    """Digit runs in a text, commas removed ("2,023,423명" → "2023423"); a date chain such as
    ’20.4.6. is its parts ("20", "4", "6"), not the decimal 20.4."""
    text = _DATE_CHAIN.sub(lambda m: " ".join(re.split(r"\.\s?", m.group(0))), text or "")
    return [t.replace(",", "").rstrip(".") for t in NUMBER_TOKEN.findall(text)]
