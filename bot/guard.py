"""The last check before an answer with figures goes out: the names of the question that pick
one figure among its siblings must be carried by the figures answered.

Two kinds of names pick among siblings:
- a table row's subject (법률지원담당관, 미국, 전국): "평가담당관 학술용역 심의 건수" must not be
  answered with the 학술용역 심의위원회's count;
- a category of the metric answered (특별회계 among 일반회계/특별회계/기금 of 예산): "공기업담당관
  특별회계 예산" must not be answered with its 일반회계 예산.
An answer that carries none of such a named one answers something else, and is declined naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.records import Fact
from bot.textnorm import compact
from bot.understand import Parsed

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


class NameGuard:
    """Built once from the knowledge base: which subjects are table rows, and each metric's categories."""

    def __init__(self, facts: Sequence[Fact], exempt: Iterable[str]):
        self.row_subjects = {f.subject for f in facts if f.subject_required and f.subject}
        self.categories: dict[str, set[str]] = {}
        for f in facts:
            if f.qualifier:
                self.categories.setdefault(f.metric, set()).add(compact(f.qualifier))
        self.exempt = set(exempt)

    def _picks_among_siblings(self, kind: str, name: str, metrics: set[str]) -> bool:
        if name in self.exempt:
            return False
        if kind == "subject":
            return name in self.row_subjects
        c = compact(name)
        return kind == "qualifier" and any(c in q for m in metrics for q in self.categories.get(m, ()))

    def unaccounted(self, parsed: Parsed, facts: Sequence[Fact]) -> list[str]:
        """The sibling-picking names and the months of the question that none of the facts carries."""
        if not facts:
            return []
        metrics = {f.metric for f in facts}
        missing: list[str] = [f"{m}월" for m in parsed.months if not months_fit(m, parsed.years, facts)]
        for m in parsed.matches:
            if m.canonical in missing or not self._picks_among_siblings(m.kind, m.canonical, metrics):
                continue
            if not any(carried(m.canonical, f) or carried(m.surface, f) for f in facts):
                missing.append(m.canonical)
        return missing


def _dated(fact: Fact) -> list[str]:
    """A fact's dates finer than a year ("2020-04-17 10:00", "2020-03", "2020-06~2020-09")."""
    return [x for x in (fact.as_of, fact.period) if x and len(x) > 4]


def months_fit(month: int, years: Sequence[str], facts: Sequence[Fact]) -> bool:
    """A month named ("5월 확진자") fits when a dated fact falls in it, or when no fact is dated
    finer than a year (a yearly figure, a rule): only a dated figure can be of the wrong month."""
    dated = [d for f in facts for d in _dated(f)]
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
