"""Figures that belong together: one thing's figures across periods, the row a table prints."""

from __future__ import annotations

from dataclasses import replace

from bot.engine.measures import kind_of
from bot.engine.resources import Resources
from bot.engine.retrieval import Query, period_matches
from bot.engine.thresholds import CHANGE_WORDS
from bot.korean.textnorm import compact
from bot.records import Fact


def series(res: Resources, q: Query) -> list[Fact]:
    """Facts of one subject/metric/qualifier across periods, oldest first (a table row wins
    over the same figure quoted in running text)."""
    qq = replace(q, periods=[])
    scored = res.index.facts(qq)
    if not scored:
        return []
    # the measure the question names, when a figure of it is found ("재결건수 … 증가폭": not 월
    # 재결건수 증가, whose category a change word names)
    named = [s.fact for s in scored if s.fact.metric in q.metrics and s.fact.metric not in CHANGE_WORDS]
    top = named[0] if named else scored[0].fact
    best = scored[0].fact
    if named and best.metric not in q.metrics and any(_narrower(best.metric, m, q.compact) for m in q.metrics):
        top = best  # "재결건수 월 몇 건에서": the 월 재결건수 its written letter names, not the yearly count
    # the levels a change is computed from, not a printed change of them ("회당 평균 재결건수 증가":
    # 2019년 대비) that the question's years happen to match better
    words = top.metric.split()
    if len(words) > 1 and words[-1] in CHANGE_WORDS:
        level = " ".join(words[:-1])
        top = next((s.fact for s in scored if s.fact.metric == level and s.fact.subject == top.subject), top)

    series = [
        s.fact
        for s in scored
        if s.fact.subject == top.subject
        and s.fact.metric == top.metric
        and kind_of(s.fact) == kind_of(top)
        and s.fact.period
    ]
    by_period: dict[str, Fact] = {}
    for f in series:
        if f.period not in by_period or (f.source_table and not by_period[f.period].source_table):
            by_period[f.period or ""] = f
    spans = [x for x in q.periods if "~" in x]  # "2017~2019 추이": not 2020's figure too
    kept = [f for f in by_period.values() if not spans or any(period_matches(f.period or "", x) for x in spans)]
    return sorted(kept, key=lambda f: f.period or "")


def _narrower(metric: str, named: str, written: str) -> bool:
    """A measure whose name holds the one named with more words, each written in the question
    (`written`, compact: "월 재결건수" of 재결건수 when 월 is), and no change word."""
    words = metric.split()
    more = [w for w in words if w != named]
    changes = any(w in CHANGE_WORDS for w in words)
    return named in words and bool(more) and all(w in written for w in more) and not changes


def row_of(res: Resources, fact: Fact) -> list[Fact]:
    """The figures printed beside this one: the same table, the same subject."""
    return [g for g in res.facts_of_subject.get(fact.subject, ()) if g.source_table == fact.source_table]


def first_measure(spec: dict) -> str | None:
    """A table's first measure (예산 of the 일반회계 table)."""
    first = next(iter((spec.get("columns") or {}).values()), None)
    return first["metric"] if first else None


def category_measure(res: Resources, category: str) -> str | None:
    """The first measure of the table of this category ("특별회계": 예산), if one table has it."""
    found = {first_measure(t.spec) for t in res.kb.tables.values() if t.spec.get("qualifier") == category}
    return found.pop() if len(found) == 1 else None


def change_of(res: Resources, fact: Fact, metrics: list[str]) -> bool:
    """The fact is its table's printed change (증감) of one of these metrics: a table's change
    column is that of its first measure (the 증감 beside 예산, not beside 사업수)."""
    table = res.kb.tables.get(fact.source_table or "")
    first = first_measure(table.spec) if table else None
    return first is not None and any(compact(first) in compact(m) for m in metrics)  # 예산 총규모: the 예산 row
