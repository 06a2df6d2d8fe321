"""Who: the department a figure belongs to, or whose listed functions speak of the task."""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Answer
from bot.engine import compose
from bot.engine.related import category_measure
from bot.engine.resources import Resources
from bot.engine.retrieval import Query
from bot.engine.thresholds import WHO_DETAIL_SCORE, WHO_SECOND, WHO_SHARE
from bot.engine.turn import Turn
from bot.engine.understand import Parsed
from bot.korean import words
from bot.korean.textnorm import bigrams
from bot.records import Detail, Fact


def members_listed(res: Resources, p: Parsed) -> list[Detail]:
    """The text items that list the members of a kind of organisation the question names
    ("기조실 직속기관 어디야": "직속기관 : 시립대학교(8대학 10대학원 6처)"; `Resources.member_listings`):
    which ones they are, not the department that deals with them."""
    return [d for kind, d in res.member_listings if _named_alone(p, kind)]


def _named_alone(p: Parsed, kind: str) -> bool:
    """The kind is what the question ends asking of: written, not as part of a longer name
    ("투자출연기관", "출연기관 총인건비"), and no noun after it but another such kind ("출연기관
    경영평가 담당 어디야" asks of the 경영평가)."""
    at = p.compact.find(kind)
    while at >= 0:
        end = at + len(kind)
        if not any(x.start <= at and end <= x.end and x.end - x.start > len(kind) for x in p.matches):
            after = [n for n, start, _ in p.analyzer.nouns(p.text) if start >= end and len(n) >= 2]
            return all(n.endswith(words.ORGANISATION_KINDS) for n in after)
        at = p.compact.find(kind, at + 1)
    return False


def who_answer(res: Resources, p: Parsed, q: Query) -> Answer | None:
    """Who does what: the members of a kind of organisation named (`members_listed`), the
    department a figure belongs to ("특별회계는 어느 부서 예산?"), a department's listed functions,
    then any named body."""
    if listed := members_listed(res, p):
        lines = compose.detail_lines(res, "who", listed, aspect_format="{}: ")
        return compose.details_text_answer(res, p, q, lines, listed, intent="who", confidence=0.8)
    named = [s for s in q.subjects if s != res.config.report_owner]  # 기획조정실 holds every department
    rows_q = replace(q, subjects=named)
    if not q.metrics and len(q.qualifiers) == 1 and (measure := category_measure(res, q.qualifiers[0])):
        rows_q = replace(rows_q, metrics=[measure])  # "특별회계는 어느 부서 소관": the rows of its table
    rows = [
        s
        for s in res.index.facts(rows_q, need_subject=False, rows_only=True)
        if s.fact.subject_required and s.metric_share == 1.0 and s.fact.qualifier and s.fact.qualifier in q.qualifiers
    ]
    if rows and len({s.fact.subject for s in rows}) <= 3 and not named:
        best: dict[str | None, Fact] = {}
        for s in rows:  # the best figure of each department
            best.setdefault(s.fact.subject, s.fact)
        return compose.facts_answer(res, p, q, list(best.values()), intent="who", confidence=0.8)
    asking = p.compact
    who = res.config.get("who")
    for word in sorted((*who.keywords, *who.last_words, *res.config.filler_words), key=len, reverse=True):
        asking = asking.replace(word, " ") if len(word) >= 2 else asking
    qb = frozenset(bigrams(asking))  # one set for every similarity read (its weight looked up once)
    functions = [
        (res.index.similarity(qb, res.index.detail_bigrams[d.id]), d)
        for d in res.kb.details
        if d.aspect in res.config.who_aspects
    ]
    functions.sort(key=lambda x: -x[0])
    if functions and functions[0][0] >= WHO_SHARE:
        score, top = functions[0]
        chosen = [top] + [d for s, d in functions[1:3] if s >= score - WHO_SECOND and d.subject != top.subject][:1]
    elif p.by_last_word:
        return None  # "올해 새로 생긴 부서": only a department's listed task answers a bare "… 부서"
    else:
        details = res.index.details(q)
        if not details or details[0][0] < WHO_DETAIL_SCORE:
            return None
        score, top = details[0]
        score /= 4
        chosen = [top]
    lines = compose.detail_lines(res, "who", chosen, aspect_format="{}: ")
    return compose.details_text_answer(
        res,
        p,
        q,
        lines,
        chosen,
        intent="who",
        confidence=min(1.0, 0.5 + score / 2),
        suggestions=[f"{top.subject} 예산"] if top.subject in res.fact_subjects else [],
    )


def answer(turn: Turn, res: Resources) -> Answer | None:
    return who_answer(res, turn.parsed, turn.query)
