"""Change: the report's printed change (증감, 일일 증감), else the difference of two periods, computed."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import Answer
from bot.engine import compose, operations, related
from bot.engine.phrasing import as_of_note, figure, period_label, signed
from bot.engine.resources import Resources
from bot.engine.retrieval import Query, Scored, counted_unit, unit_fits
from bot.engine.thresholds import ANSWER_SCORE, CHANGE_WORDS, COMPARED_WITH, PERIOD_WORDS
from bot.engine.turn import Turn
from bot.engine.understand import Parsed
from bot.korean.textnorm import compact
from bot.records import Fact


def years_of(f: Fact) -> set[str]:
    """The years a figure is of or written against: its period's, and any its label writes
    ("회당 평균 재결건수 2019년 대비 증가" of 2020: 2019 and 2020; "’19.3.31." is 2019)."""
    years = {f.period[:4]} if f.period and f.period[:4].isdigit() else set()
    years |= set(re.findall(r"20\d\d", f.label))
    years |= {"20" + y for y in re.findall(r"[’']([0-9]{2})\b", f.label)}
    return years


_NOT_THE_MEASURE = re.compile(r"^(?:20\d\d년?|대비|일일)$")


def changed_measure(metric: str) -> str:
    """The measure a printed change is of: its name without change, period and comparison words
    ("전년 동기 대비 추가 집행액": 집행액; "회당 평균 재결건수 2019년 대비 증가": 회당 평균 재결건수)."""
    kept = [
        w for w in metric.split() if w not in CHANGE_WORDS and w not in PERIOD_WORDS and not _NOT_THE_MEASURE.match(w)
    ]
    return " ".join(kept)


def when(res: Resources, f: Fact) -> str:
    """A side of a computed change: its period, and the date it stands at when it has one
    ("2020년 (2020.4.6. 기준)": a part of the year)."""
    return f"{period_label(f.period)}{as_of_note(f, res.config)}"


def one_measure_by_unit(res: Resources, p: Parsed, q: Query) -> Query:
    """Two measures the conversation carried, one of them in the unit this question asks ("집행률",
    "집행액" then "몇 퍼센트포인트 올라갔어": the rate's change, not both)."""
    if p.canon("metric") or len(q.metrics) < 2 or not (unit := counted_unit(p.compact)):
        return q
    subjects = set(q.subjects)
    fitting = [
        m
        for m in q.metrics
        if any(f.metric == m and unit_fits(unit, f.unit) for s in subjects for f in res.facts_of_subject.get(s, ()))
    ]
    return replace(q, metrics=fitting) if len(fitting) == 1 else q


def change_answer(res: Resources, p: Parsed, q: Query) -> Answer | None:
    q = one_measure_by_unit(res, p, q)
    if len({compact(m) for m in q.metrics if m not in CHANGE_WORDS}) >= 2:
        return None  # "정원 대비 현원": two figures side by side, a plain lookup ("사업 수" is 사업수)
    # the report prints the change itself (증감 column, 일일 증감, 추가 집행액): prefer that figure
    # the printed change spans both years: only a period written in this question narrows it
    # "작년 같은 때보다 얼마나 더": the year named is the base of the comparison, not the figure's
    # ("차이는요?" after two years asked: those two years, from the conversation)
    periods = [] if len(p.periods) == 1 and COMPARED_WITH.search(p.compact) else list(p.periods)
    if not periods and len(q.periods) >= 2:
        periods = list(q.periods)
    change_q = replace(q, words=q.words + list(CHANGE_WORDS), periods=periods)
    named = [m for m in q.metrics if m not in CHANGE_WORDS]
    printed = [
        s
        for s in res.index.facts(change_q)
        if any(w in s.fact.metric for w in CHANGE_WORDS)
        and (s.subject_share == 1.0 or not q.subjects)
        and (
            not named
            or (s.fact.metric == "증감" and related.change_of(res, s.fact, named))  # 예산's 증감 column
            or any(  # 집행률's change is not 추가 집행액, nor 재결건수's the 월 재결건수 증가
                compact(m) in (compact(s.fact.metric), compact(changed_measure(s.fact.metric))) for m in named
            )
        )
    ]
    asked_years = {x[:4] for x in p.periods}
    if len(asked_years) >= 2:  # "2017년 대비 올해": not the printed change against 2019
        printed = [s for s in printed if years_of(s.fact) <= asked_years]
    op = operations.asked(p.compact, res.config)
    if len(q.subjects) >= 2 and not operations.asks_a_change(p.compact):
        return None  # "차이는" after two offices: the difference between them, not one's printed change
    if (
        len(q.subjects) >= 2
        and res.config.operations_computes.get(op or "", op) not in RATES  # (a rate takes one change)
        and (of_each := _one_change_of_each(printed, q.subjects))
    ):
        # "둘 중 어느 게 더 많이 줄었어" after two funds: each one's printed change, not the first's
        return compose.facts_answer(res, p, q, of_each, intent="change", confidence=0.8)
    if printed and printed[0].score >= ANSWER_SCORE:
        f = printed[0].fact
        row = [g for g in related.row_of(res, f) if g.qualifier == f.qualifier]
        # "예산 증감": with the two years' 예산 it spans ("작년 대비 올해 각각 얼마": those two asked)
        both = [compact(w) for w in res.config.get("change").extra.get("shows_both_words", [])]
        each = p.says_each or any(w in p.compact for w in both)
        base = [
            g
            for g in row
            if f.metric == "증감"
            and (g.metric in q.metrics or (each and g.unit == f.unit))
            and g.metric not in CHANGE_WORDS
            and g.period
        ]
        # "격리중 일일 증감": with the 격리중 it changed, as of the same date
        base += [
            g
            for g in row
            if g.period == f.period
            and f.metric.startswith(g.metric + " ")
            and all(w in CHANGE_WORDS or w == "일일" for w in f.metric[len(g.metric) :].split())
        ]
        return compose.facts_answer(
            res, p, q, [f, *sorted(base, key=lambda g: g.period or "")], intent="change", confidence=0.85
        )
    series = related.series(res, q)
    if len(series) < 2:
        return None
    if q.periods:
        picked = [f for f in series if any((f.period or "").startswith(x) for x in q.periods)]
        if len(picked) >= 2:
            series = picked
        elif picked and picked[0] != series[-1]:
            # "2019 대비": compare with the latest
            series = sorted({*picked, series[-1]}, key=lambda f: f.period or "")
        elif picked:
            # "4.16 … 전날보다": the latest figure itself, compared with the one before it
            series = series[-2:]
    a, b = series[-2], series[-1]
    if a.value is None or b.value is None or a.unit != b.unit:
        return None
    diff = b.value - a.value
    unit = "%p" if a.unit == "%" else a.unit
    decimals = 1 if any("." in x.text for x in (a, b)) else None
    head = res.config.get("change").template.format(
        label=" ".join(x for x in (b.subject, b.qualifier, b.metric) if x),
        before=f"{when(res, a)} {figure(a)}",
        after=f"{when(res, b)} {figure(b)}",
        difference=signed(diff, unit, decimals),
    )
    how = f"{b.text}{b.unit} − {a.text}{a.unit}"
    ans = compose.facts_answer(
        res, p, q, [a, b], intent="change", confidence=0.8, head=head, computed=how, list_facts=False
    )
    return ans


RATES = ("percent_change", "share", "ratio", "times")  # a rate computed of one figure's change, not of two


def _one_change_of_each(printed: list[Scored], subjects: list[str]) -> list[Fact]:
    """The best printed change of each thing asked, of one measure, when each has one scoring as an
    answer; else none."""
    each = [next((s for s in printed if s.fact.subject == subject), None) for subject in subjects]
    found = [s.fact for s in each if s is not None and s.score >= ANSWER_SCORE]
    return found if len(found) == len(subjects) and len({f.metric for f in found}) == 1 else []


def answer(turn: Turn, res: Resources) -> Answer | None:
    return change_answer(res, turn.parsed, turn.query)
