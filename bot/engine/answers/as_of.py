"""As of: the date and time the report gives a figure or a table for ("전세계 현황 몇 시 기준이야",
"인력현황 기준일이 언제야", "전국이랑 서울 각각 몇 시 기준"), with the figures themselves."""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Answer
from bot.engine import compose
from bot.engine.phrasing import date_label
from bot.engine.resources import Resources
from bot.engine.retrieval import Query
from bot.engine.thresholds import HINT_SCORE, MAX_CHOICES, MAX_FACT_LINES
from bot.engine.turn import Turn
from bot.records import Fact


def dated_figures(res: Resources, q: Query) -> list[Fact]:
    """The figures asked about that carry a date: those the question's names reach, else (a
    subject alone: "전세계 현황") the subject's own."""
    scored = [s.fact for s in res.index.facts(q) if s.fact.as_of and s.score >= HINT_SCORE]
    if scored and (q.subjects or q.metrics):
        return scored
    if len(q.subjects) == 1 and not q.metrics:
        return [f for f in res.facts_of_subject.get(q.subjects[0], ()) if f.as_of]
    return []


def subjects_measured(res: Resources, q: Query) -> list[str]:
    """A measure asked of no one ("확진자 현황 기준 시각"): the things whose figures of it carry a
    date, best first (at most MAX_CHOICES: 전국 0시, 서울시 10시, …), each answered with its own."""
    if q.subjects or not q.metrics:
        return []
    found: list[str] = []
    for s in res.index.facts(q, need_subject=False):
        if s.fact.as_of and s.score >= HINT_SCORE and s.fact.subject and s.fact.subject not in found:
            found.append(s.fact.subject)
    return found[:MAX_CHOICES] if len(found) > 1 else []


def answer(turn: Turn, res: Resources) -> Answer | None:
    # the things asked about, without the words that ask for their date ("기준", "현황")
    q = replace(turn.query, qualifiers=[], aspects=[])
    heads: list[str] = []
    facts: list[Fact] = []
    subjects = q.subjects or subjects_measured(res, q)
    for one in [replace(q, subjects=[s]) for s in subjects] or [q]:
        dated = dated_figures(res, one)
        if not dated:
            return None  # one of the things named has no dated figure: not this answerer's question
        top = dated[0]
        template = res.config.get("as_of").template
        heads.append(template.format(subject=top.subject or top.metric, date=date_label(top.as_of)))
        facts += [f for f in dated if (f.as_of, f.subject) == (top.as_of, top.subject)][: MAX_FACT_LINES // 2]
    return compose.facts_answer(
        res, turn.parsed, q, facts[:MAX_FACT_LINES], intent="as_of", confidence=0.75, head="\n".join(heads)
    )
