"""Listed: "현안업무 몇 개 보고됐어?": how many items a numbered list of the report holds (text
items numbered 1, 2, … of one subject), counted, with the items as the report numbers them."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine import compose
from bot.engine.resources import Resources
from bot.engine.retrieval import counted_unit
from bot.engine.turn import Turn
from bot.records import Detail

COUNTS_ITEMS = ("개", "건", "가지")  # units a count of listed items is asked in ("몇 개", "몇 건")
MIN_LISTED = 2  # a list of one is no list to count


def numbered(res: Resources, subject: str) -> list[Detail]:
    """The subject's text items numbered 1, 2, … in the report's order."""
    items = [d for d in res.details_of_subject.get(subject, ()) if d.aspect.isdigit()]
    return sorted(items, key=lambda d: int(d.aspect))


def answer(turn: Turn, res: Resources) -> Answer | None:
    p, q = turn.parsed, turn.query
    unit = counted_unit(p.compact)
    if unit not in COUNTS_ITEMS:
        return None
    lists = [
        (s, items) for s in q.subjects if s not in res.fact_subjects and len(items := numbered(res, s)) >= MIN_LISTED
    ]
    if len(lists) != 1:
        return None
    subject, items = lists[0]
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
