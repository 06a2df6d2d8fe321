"""Several measures asked of one thing at once: "50억 이상 투자사업 몇 개고 얼마야" (a count and an
amount), "직접 수행하는 소송 몇 건 몇 %" (a count and a share). Each "몇 <counter>", "몇 %" or "얼마"
asks one kind of measure; when the answer found holds fewer kinds, the figures printed beside it
for the same thing (same subject, same category, same date) supply the missing kinds — one each,
or none when the report has several candidates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from functools import lru_cache

from bot.engine.thresholds import NOTHING_THERE
from bot.korean import words
from bot.records import Fact

PERCENT_WORDS = ("%", "퍼센트", "프로", "퍼")
RATE_WORDS = ("비율", "퍼센트", "%")  # a rate asked without 몇 ("여성 비율", "승소율 퍼센트로")
RATE_SHOWN = re.compile(r"\d\s*(%|퍼센트)|\d\s*:\s*\d")  # how an answer prints a rate
_SPACE = re.compile(r"\s")
_HOW_MANY = re.compile(r"몇\s*(?=([%가-힣]+))")  # zero-width: "몇건몇%" is two asks


MEASURE_KINDS = ("count", "money", "percent")
ROUNDED_UNIT = "억원"  # the report's headline amounts ("9,317억원") round its tables' (931,722백만원)
TO_ROUNDED_UNIT = {"백만원": 0.01, "천원": 0.00001}  # one of these in 억원


def kind_of(f: Fact) -> str:
    """A figure's category without the words that only say which period it is ("전년 동기" of
    the year before's 집행액, words.yaml period_words): figures of one kind at two periods."""
    return " ".join(w for w in (f.qualifier or "").split() if w not in words.PERIOD_WORDS)


def exact_of(figure: Fact, kb_facts: Sequence[Fact]) -> Fact | None:
    """The table's exact figure a headline amount rounds: the same thing's (subject, category,
    period; no category is the table's total) amount in a finer unit that comes to it in 억원
    (931,722백만원 for 기금 총액 9,317억원)."""
    if figure.unit != ROUNDED_UNIT or figure.value is None:
        return None
    found = [
        f
        for f in kb_facts
        if f.unit in TO_ROUNDED_UNIT
        and f.value is not None
        and (f.subject, f.period) == (figure.subject, figure.period)
        and (f.qualifier == figure.qualifier or (not figure.qualifier and f.qualifier in words.DEFAULT_QUALIFIERS))
        and round(f.value * TO_ROUNDED_UNIT[f.unit]) == figure.value
    ]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=256)  # a few dozen units, asked for every figure of every answer
def kind_of_unit(unit: str) -> str | None:
    """'count', 'money' or 'percent' for a figure's unit (None for dates and others)."""
    u = unit.strip()
    if u == "%":
        return "percent"
    if any(u.endswith(m) for m in words.MONEY_UNITS):
        return "money"
    if any(u.startswith(c) for c in words.COUNTERS):
        return "count"
    return None


@lru_cache(maxsize=16)  # two stages of one question ask
def asked_kinds(text: str) -> frozenset[str]:
    """The kinds of measure a question asks for (read with its % signs: compact text drops them)."""
    c = _SPACE.sub("", text)
    kinds: set[str] = set()
    for m in _HOW_MANY.finditer(c):
        after = m.group(1).split("몇")[0]  # "몇건몇%": two asks
        if after.startswith(PERCENT_WORDS):
            kinds.add("percent")
        elif after.startswith(tuple(words.COUNTERS)) or after.startswith(("번", "개")):
            kinds.add("count")
    if "얼마" in c and "얼마나" not in c:
        kinds.add("money")
    if any(w in c for w in RATE_WORDS):
        kinds.add("percent")
    return frozenset(kinds)


@lru_cache(maxsize=16)
def asked_counters(text: str) -> frozenset[str]:
    """The counters a question asks in ("몇 건 … 얼마": 건)."""
    c = _SPACE.sub("", text)
    return frozenset(
        words.UNIT_OF.get(counter, counter)
        for m in _HOW_MANY.finditer(c)
        for counter in [*words.COUNTERS, "번"]
        if m.group(1).split("몇")[0].startswith(counter)
    )


def rate_unanswered(text: str, answer_text: str) -> bool:
    """A rate asked alone ("여성 비율", "몇 퍼센트") that the answer prints none of (no "…%", no
    "7:3"): the figures it shows are of something else ("여성 비율" answered with a count)."""
    return asked_kinds(text) == {"percent"} and not RATE_SHOWN.search(answer_text)


def companions(
    answered: Sequence[Fact],
    missing: Set[str],
    kb_facts: Sequence[Fact],
    *,
    same_line: bool = False,
    counters: Set[str] = frozenset(),
    together: Set[str] = frozenset(),
) -> list[Fact]:
    """For each missing kind, the one figure printed for the same thing, if there is exactly one
    (with `same_line`, printed on a line of the answered figure's, in the text: a table's row
    holds other columns, not the same thing measured another way); of several counts, the one in
    the counter asked (`counters`: "몇 건" is the 48건, not the 2회)."""
    out: list[Fact] = []
    for kind in sorted(missing):
        found = {
            (f.value, f.unit): f
            for a in answered
            for f in kb_facts
            if f.subject == a.subject
            and _same_category(f.qualifier, a.qualifier)
            and (f.as_of, f.period) == (a.as_of, a.period)
            and f.value is not None
            and kind_of_unit(f.unit) == kind
            and (not same_line or _printed_with(f, a, together))
        }
        if len(found) > 1 and counters:
            found = {k: f for k, f in found.items() if f.unit in counters}
        if len(found) == 1:
            out.extend(found.values())
    return out


def _same_category(a: str | None, b: str | None) -> bool:
    """The same category, a table's total line ("계", "전체") being the thing itself: 중앙투자심사's
    계 심사 건수 and its 총사업비 measure one thing."""
    whole = {None, *words.DEFAULT_QUALIFIERS}
    return a == b or (a in whole and b in whole)


def _printed_with(f: Fact, a: Fact, together: Set[str]) -> bool:
    """`f` is printed with `a` as the same thing measured another way: on a line of the text, or
    in a row of a table whose columns measure one category (`together`: "적정 10건 20.8%"; a
    staffing row's 정원 and 현원 are two things)."""
    if not set(f.lines) & set(a.lines):
        return False
    if not a.source_table and not f.source_table:
        return True
    return f.source_table == a.source_table and f.source_table in together


def operand(f: Fact) -> bool:
    """A figure an operation can take: one with a value, not a table's dash ("-": nothing there)."""
    return f.value is not None and f.text.strip() not in NOTHING_THERE
