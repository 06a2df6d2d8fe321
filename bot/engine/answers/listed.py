"""Listed: "현안업무 몇 개 보고됐어?": how many items a numbered list of the report holds (text
items numbered 1, 2, … of one subject), counted, with the items as the report numbers them."""

from __future__ import annotations

import re

from bot.answer import Answer
from bot.engine import compose
from bot.engine.resources import Resources
from bot.engine.retrieval import Query, counted_unit
from bot.engine.turn import Turn
from bot.engine.understand import Parsed
from bot.records import Detail

COUNTS_ITEMS = ("개", "건", "가지")  # units a count of listed items is asked in ("몇 개", "몇 건")
MIN_LISTED = 2  # a list of one is no list to count
NUMBER_ASKED = re.compile(r"(\d{1,2})(?:번째|번)")  # "7번", "10번째": one item of a numbered list


def numbered(res: Resources, subject: str) -> list[Detail]:
    """The subject's text items numbered 1, 2, … in the report's order."""
    items = [d for d in res.details_of_subject.get(subject, ()) if d.aspect.isdigit()]
    return sorted(items, key=lambda d: int(d.aspect))


def lists_named(res: Resources, p: Parsed, q: Query) -> list[tuple[str, list[Detail]]]:
    """The numbered lists the question names: a subject's, or the one of a part of the report a
    topic word of the question names ("현안 몇 개": the 현안업무 of [III])."""
    sections = {m.canonical for m in p.matches if m.kind == "keyword"}
    subjects = list(q.subjects) + sorted({d.subject for d in res.kb.details if d.section in sections})
    return [
        (s, items)
        for s in dict.fromkeys(subjects)
        if s not in res.fact_subjects and len(items := numbered(res, s)) >= MIN_LISTED
    ]


def answer(turn: Turn, res: Resources) -> Answer | None:
    p, q = turn.parsed, turn.query
    lists = lists_named(res, p, q)
    if len(lists) != 1:
        return None
    subject, items = lists[0]
    unit = counted_unit(p.compact)
    at = NUMBER_ASKED.search(p.compact)
    if unit not in COUNTS_ITEMS and at and 1 <= int(at.group(1)) <= len(items):
        one = items[int(at.group(1)) - 1]  # "현안 7번 뭐야": that item of the list
        return compose.details_text_answer(
            res, p, q, [f"{subject} {one.aspect}. {one.text}"], [one], intent="lookup", confidence=0.8
        )
    if unit not in COUNTS_ITEMS:
        return None
    head = f"{subject}: {len(items)}{unit}"
    lines = [head, *(f"{d.aspect}. {d.text}" for d in items)]
    return compose.details_text_answer(
        res,
        p,
        q,
        lines,
        items,
        intent="lookup",
        confidence=0.8,
        computed=res.config.phrase("computed", how=f"번호 1~{items[-1].aspect}의 항목 수"),
    )
