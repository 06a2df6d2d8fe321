"""The names of a question that pick one figure among its siblings — a table row's subject (a
department, a country), a category of the metric answered (특별회계 among 일반회계/특별회계), a
month — and whether the figures answered carry them. Built once from the knowledge base; the guard
stage declines an answer that leaves one of them uncarried."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.engine.thresholds import CHANGE_WORDS, PERIOD_WORDS, WHOLE_CATEGORY_LETTERS
from bot.engine.understand import Parsed
from bot.korean import words
from bot.korean.textnorm import compact
from bot.records import Fact

_NUMBER = re.compile(r"(\d+)\s*[가-힣]?")  # "3인"
_RANGE = re.compile(r"(\d+)\s*~\s*(\d+)\s*[가-힣]?|(\d+)\s*[가-힣]?\s*이상")  # "3~4인", "5인 이상"


def carried(name: str, fact: Fact) -> bool:
    """A fact carries a name when its subject, qualifier, metric or label says it, or when its
    qualifier is a range holding the name's number ("3인 가구" in "3~4인 가구")."""
    c = compact(name)
    fields = [x for x in (fact.subject, fact.qualifier, fact.metric, fact.label) if x]
    return any(c in compact(x) for x in fields) or _in_range(c, fact.qualifier or "")


def _in_range(name: str, qualifier: str) -> bool:
    number = _NUMBER.search(name)
    rng = _RANGE.search(qualifier)
    if not number or not rng:
        return False
    rest_name, rest_qualifier = _NUMBER.sub("", name), compact(_RANGE.sub("", qualifier))
    if rest_name and rest_name not in rest_qualifier:
        return False  # "3인 가구" is held by "3~4인 가구", not by "3~4개 기관"
    n = int(number.group(1))
    low, high, floor = rng.groups()
    return int(low) <= n <= int(high) if low else n >= int(floor)


def _negated(asked: str, category: str) -> bool:
    """ "부적정" of 적정, "미사용" of 사용: a negating letter before a category of two letters or more."""
    return len(category) >= 2 and any(asked == n + category for n in words.NEGATION_PREFIXES)


class NameGuard:
    """Built once from the knowledge base: which subjects are table rows, and each metric's categories."""

    def __init__(self, facts: Sequence[Fact], exempt: Iterable[str], report_year: str = ""):
        self.report_year = report_year
        self.row_subjects = {f.subject for f in facts if f.subject_required and f.subject}
        self.categories: dict[str, set[str]] = {}
        for f in facts:
            if f.qualifier:
                self.categories.setdefault(f.metric, set()).add(compact(f.qualifier))
        self.whole_categories = {c for cs in self.categories.values() for c in cs}
        self.exempt = set(exempt)

    def _picks_among_siblings(self, kind: str, name: str, metrics: set[str]) -> bool:
        if name in self.exempt:
            return False
        if kind == "subject":  # a table row: a department, a country, a region
            return name in self.row_subjects
        # a category of the metric answered (특별회계 among 일반회계/특별회계), or a whole category
        # name of any figure (a 특별회계 asked is no 신속집행 대상액, of which no 회계 is a category)
        c = compact(name)
        if kind != "qualifier":
            return False
        # (or its negation: "부적정" is not the 적정 it holds; words.yaml negation_prefixes)
        return any(c in q or _negated(c, q) for m in metrics for q in self.categories.get(m, ())) or (
            len(c) >= WHOLE_CATEGORY_LETTERS
            and c in self.whole_categories
            and not any(w in PERIOD_WORDS for w in name.split())  # "전년 동기 대비": the base compared with
        )

    def unaccounted(self, parsed: Parsed, facts: Sequence[Fact]) -> list[str]:
        """The sibling-picking names and the months of the question that none of the facts carries."""
        if not facts:
            return []
        metrics = {f.metric for f in facts}
        compared = parsed.intent == "change" or any(w in f.metric for f in facts for w in CHANGE_WORDS)
        if compared:  # each year of a comparison must be one the figures are of or compare with
            missing = [f"{y}년" for y in parsed.years if "~" not in y and not any(year_named(y, f) for f in facts)]
        else:
            missing = [f"{y}년" for y in parsed.years if not year_fits(y, facts)]
        missing += [f"{m}월" for m in parsed.months if not months_fit(m, parsed.years, facts, self.report_year)]
        for m in parsed.matches:
            if m.kind == "qualifier" and same_period(m.canonical) and not any(_of_same_period(f) for f in facts):
                missing.append(m.canonical)  # "작년 이맘때 재결건수": the same months of 2019, not all of 2019
                continue
            if m.canonical in missing or not self._picks_among_siblings(m.kind, m.canonical, metrics):
                continue
            if not any(carried(m.canonical, f) or carried(m.surface, f) for f in facts):
                missing.append(m.canonical)
        return missing


def _dated(fact: Fact) -> list[str]:
    """A fact's dates finer than a year ("2020-04-17 10:00", "2020-03", "2020-06~2020-09")."""
    return [x for x in (fact.as_of, fact.period) if x and len(x) > 4]


def year_named(year: str, fact: Fact) -> bool:
    """The figure is of that year or says it ("2019년 대비 증가"), also as ’19 or 19년."""
    said = " ".join(x for x in (fact.period, fact.as_of, fact.label, fact.note) if x)
    if year.isdigit() and "전년" in said and (fact.period or "").startswith(str(int(year) + 1)):
        return True  # "전년 동기 대비" of a 2020 figure compares with 2019
    return year in said or f"’{year[2:]}" in said or f"'{year[2:]}" in said or not (fact.period or fact.as_of)


def year_fits(year: str, facts: Sequence[Fact]) -> bool:
    """A year named ("2021년 예산") fits when a dated figure is of that year (or spans it), or when
    no figure is dated at all (a rule, a programme's amount)."""
    if "~" in year:
        return True  # a range of years: the trend reads it
    dates = [d for f in facts for d in (f.period, f.as_of) if d]
    if not dates:
        return True
    for d in dates:
        start, _, end = d.partition("~")
        if start[:4] == year or (end and start[:4] <= year <= end[:4]):
            return True
    return False


def same_period(name: str) -> bool:
    """A category naming the same part of another year ("전년 동기", words.yaml comparison_prefixes)."""
    c = compact(name)
    return any(p in c for p in words.COMPARISON_PREFIXES)


def _of_same_period(fact: Fact) -> bool:
    """The figure says it is of the same period, or is dated finer than a year ("2019.3.31.")."""
    return bool(_dated(fact)) or any(same_period(x) for x in (fact.qualifier, fact.metric, fact.label, fact.note) if x)


def months_fit(month: int, years: Sequence[str], facts: Sequence[Fact], report_year: str = "") -> bool:
    """A month named ("5월 확진자") fits when a dated fact falls in it, or when no fact is dated
    finer than a year (a yearly figure, a rule): only a dated figure can be of the wrong month. A
    month of a year before the report's ("2019년 4월") is not held by that whole year's figure."""
    dated = [d for f in facts for d in _dated(f)]
    past = [y for y in years if y.isdigit() and report_year and y < report_year]
    if past and not dated and any((f.period or "") in past for f in facts):
        return False
    if not dated:
        return True
    for d in dated:
        for part in d.split("~"):
            y, m = part[:4], int(part[5:7]) if part[5:7].isdigit() else 0
            if m == month and (not years or any(x.startswith(y) for x in years)):
                return True
        start, _, end = d.partition("~")
        if end and start[:7] <= f"{start[:4]}-{month:02d}" <= end[:7]:
            return True
    return False
