"""How figures are written in answers: the report's literal number with its unit, money also
in 억원, the as-of date, the period, the source section. Pure functions over records."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.engine.intents import IntentConfig
from bot.korean.numbers import format_number, readable_money
from bot.records import Fact, Knowledge

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[ T](\d{2}):(\d{2}))?$")
_YEAR = re.compile(r"\d{4}")  # matched at the start, or the whole period


def date_label(iso: str | None) -> str:
    """'2020-04-17 10:00' → '2020.4.17. 10시'; '2020-03' → '2020.3.'; '2019' → '2019년'."""
    if not iso:
        return ""
    if "~" in iso:
        a, b = iso.split("~", 1)
        return f"{date_label(a)}~{date_label(b)}"
    m = _ISO_DATE.match(iso.strip())
    if not m:
        return iso
    y, mo, d, hh, mm = m.groups()
    if not mo:
        return f"{y}년"
    out = f"{y}.{int(mo)}." + (f"{int(d)}." if d else "")
    if hh is not None:
        out += f" {int(hh)}시" + (f" {int(mm)}분" if mm and mm != "00" else "")
    return out


def period_label(period: str | None) -> str:
    if not period:
        return ""
    if _YEAR.fullmatch(period):
        return f"{period}년"
    return date_label(period) if _YEAR.match(period) else period


DASH_CELL = "-"  # a table cell the report leaves empty with a dash
DASH_FIGURE = "없음 (보고서 표에 ‘-’)"  # how such a cell is said: "-개" reads as a broken figure


FIGURES_KEPT = 4096  # figures whose label and printed form are kept (the knowledge base's, read again and again)


@lru_cache(maxsize=FIGURES_KEPT)
def figure(fact: Fact) -> str:
    """'602,275백만원 (약 6,023억원)' — the printed text, its unit, and money in 억원."""
    if fact.text.strip() == DASH_CELL:
        return DASH_FIGURE
    text = f"{fact.text}{fact.unit}"
    if fact.value is not None and fact.unit:
        readable = readable_money(fact.value, fact.unit)
        if readable and readable != text:
            text += f" ({readable})"
    return text


@lru_cache(maxsize=FIGURES_KEPT)
def fact_label(fact: Fact) -> str:
    """The fact's label with its period, unless the label already says it."""
    label = fact.label
    p = period_label(fact.period)
    if p and fact.period and not _mentions_period(label, fact.period):
        label = f"{label} ({p})"
    return label


def _mentions_period(label: str, period: str) -> bool:
    year = period[:4]
    return year in label or ("’" + year[2:]) in label or period_label(period) in label


def as_of_note(fact: Fact, config: IntentConfig) -> str:
    """ " (2020.4.6. 기준)": the date a figure stands at, as intents.yaml phrases it; '' without one."""
    return config.phrase("as_of", date=date_label(fact.as_of)) if fact.as_of else ""


def fact_line(fact: Fact, config: IntentConfig) -> str:
    """One figure as the lookup template of intents.yaml writes it."""
    as_of = as_of_note(fact, config)
    note = f" — {fact.note}" if fact.note and fact.note not in fact.label else ""
    return config.get("lookup").template.format(label=fact_label(fact), figure=figure(fact), as_of=as_of, note=note)


def source_line(section_ids: list[str], kb: Knowledge, config: IntentConfig) -> str:
    """ "출처: [III-9] 소송수행의 …"; several sections by their short names, on one line."""
    sections = [kb.sections[sid] for sid in dict.fromkeys(section_ids) if sid in kb.sections]
    if len(sections) > 2:
        return config.phrase("source", section=sections[0].id, title=sections[0].short) + "".join(
            f", [{s.id}] {s.short}" for s in sections[1:]
        )
    return " / ".join(config.phrase("source", section=s.id, title=s.title) for s in sections)


def display_width(text: str) -> int:
    """Columns a monospaced font gives the text (Hangul takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad to `width` display columns (left-aligned, or right-aligned for numbers)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def computed_value(value: float, unit: str, decimals: int | None = None) -> str:
    text = format_number(value, decimals) + unit
    readable = readable_money(value, unit)
    return f"{text} ({readable})" if readable else text


def signed(value: float, unit: str, decimals: int | None = None) -> str:
    sign = "+" if value > 0 else ""
    return sign + computed_value(value, unit, decimals)


_PARTICLE_PAIRS = {"이(가)": ("이", "가"), "은(는)": ("은", "는"), "을(를)": ("을", "를"), "과(와)": ("과", "와")}
# the word's last syllable, a parenthesis after it ("예산(2020년)이(가)") and the particle written both ways
# (compiled at the first ranking answer: a class of all Hangul syllables costs ms at every start)
_PARTICLE = r"([가-힣])((?:\([^()]*\))?)(이\(가\)|은\(는\)|을\(를\)|과\(와\))"


def particles(text: str) -> str:
    """A template's "이(가)" written as the word before it needs: "정원이", "여성 공무원 수가"."""

    def pick(m: re.Match[str]) -> str:
        after_consonant = (ord(m.group(1)) - 0xAC00) % 28 != 0  # the syllable ends in a consonant
        with_final, without = _PARTICLE_PAIRS[m.group(3)]
        return m.group(1) + m.group(2) + (with_final if after_consonant else without)

    return re.sub(_PARTICLE, pick, text)  # (re keeps the compiled pattern)
