"""Times a text answer speaks of, against the time a question asks ("5월 거리두기 어떻게 돼", "4월 20일
이후 거리두기"): a text of 3.22~4.19 says nothing of May, nor of anything after 4.20, so it does
not answer such a question. Dates are read as the report writes them (3. 22, 4.19., 3월); a text
with no date is not judged here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from bot.engine.understand import Parsed
from bot.korean import words

# "3. 22", "4.19.", "’20. 1. 26." (the year's digits are no month): a month and day, overlapping matches
_DAY = re.compile(r"(?=(?<!\d)(\d{1,2})\s*\.\s*(\d{1,2})(?!\d)(?!\s*(?:%|배|점|명|건|개|억|만|조)))")
_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*월")
_RANGE = re.compile(r"^[\s.]*~\s*$")  # what stands between the two ends of a range


def _day(year: int, month: int, day: int) -> date | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day)
    return None


def spans(text: str, year: int) -> list[tuple[date, date]]:
    """The days and months the text names, as spans (a range "3. 22~4. 19" is one span)."""
    found: list[tuple[int, int, date, date]] = []  # (where it starts, where it ends, first day, last day)
    for m in _DAY.finditer(text):
        if (d := _day(year, int(m.group(1)), int(m.group(2)))) is not None:
            found.append((m.start(1), m.end(2), d, d))
    for m in _MONTH.finditer(text):
        month = int(m.group(1))
        if 1 <= month <= 12:
            days = calendar.monthrange(year, month)[1]
            found.append((m.start(), m.end(), date(year, month, 1), date(year, month, days)))
    found.sort()
    out: list[tuple[date, date]] = []
    previous_end = -1
    for at, ends, first, last in found:
        if out and _RANGE.match(text[previous_end:at]) and out[-1][0] <= first:
            out[-1] = (out[-1][0], last)  # "3. 22~4. 19": one span
        else:
            out.append((first, last))
        previous_end = ends
    return out


def unsaid(p: Parsed, text: str, report_year: str) -> list[str]:
    """The months and days of the report's year the question asks that the text's own dates do not
    reach ("5월", "4월 20일 이후"); nothing when the text names no date or another year is asked."""
    if any(y != report_year for y in p.years) or not report_year.isdigit():
        return []
    year = int(report_year)
    have = spans(text, year)
    if not have:
        return []
    after = any(w in p.compact for w in words.AFTER_TIME_WORDS)
    missing: list[str] = []
    for iso in p.dates:
        if "~" in iso:  # "3월 22일부터 4월 19일까지": a span asked, reached when the text's overlap it
            first, last = (date.fromisoformat(x) for x in iso.split("~", 1))
            if first.year == year and not any(start <= last and first <= end for start, end in have):
                missing.append(f"{first.month}월 {first.day}일~{last.month}월 {last.day}일")
            continue
        asked = date.fromisoformat(iso)
        if asked.year != year:
            continue
        if after and not any(end > asked for _, end in have):
            missing.append(f"{asked.month}월 {asked.day}일 이후")
        elif not after and not any(start <= asked <= end for start, end in have):
            if not any(start.month <= asked.month <= end.month for start, end in have):
                missing.append(f"{asked.month}월 {asked.day}일")
    for month in p.months:
        first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if not any(start <= last and first <= end for start, end in have):
            missing.append(f"{month}월")
    return missing
