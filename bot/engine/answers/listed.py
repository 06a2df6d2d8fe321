"""Listed: "현안업무 몇 개 보고됐어?": how many items a numbered list of the report holds (text
items numbered 1, 2, … of one subject), counted, with the items as the report numbers them; and
"기금 종류 어디어디": the things of a category the report names as its kind (재정투융자기금 … of 기금)."""

from __future__ import annotations

import re

from bot.answer import Answer
from bot.engine import compose
from bot.engine.resources import Resources
from bot.engine.retrieval import Query, counted_unit
from bot.engine.turn import Turn
from bot.engine.understand import Parsed
from bot.korean import words
from bot.korean.textnorm import compact
from bot.records import Detail, Fact

COUNTS_ITEMS = ("개", "건", "가지")  # units a count of listed items is asked in ("몇 개", "몇 건")
MIN_LISTED = 2  # a list of one is no list to count
_NUMBERED_ASPECT = re.compile(r"(\D*?)\s*(\d{1,2})")  # "7", "전략 1"
_NATIVE = words.alternatives(tuple(sorted(words.NATIVE_NUMBERS, key=len, reverse=True)))  # 열두 before 열
_STATED = re.compile(r"(?<![\d.])(\d{1,2}|" + _NATIVE + r")(?:개|가지)")  # "4개", "네 가지": a count stated
NUMBER_ASKED = re.compile(r"(\d{1,2})(?:번째|번)")  # "7번", "10번째": one item of a numbered list


def numbered(res: Resources, subject: str) -> list[Detail]:
    """The subject's text items numbered 1, 2, … ("1", "전략 1": one word before the numbers of
    them all), in the report's order."""
    found: dict[str, list[tuple[int, Detail]]] = {}
    for d in res.details_of_subject.get(subject, ()):
        if m := _NUMBERED_ASPECT.fullmatch(d.aspect):
            found.setdefault(m.group(1), []).append((int(m.group(2)), d))
    best = max(found.values(), key=len, default=[])
    return [d for _, d in sorted(best, key=lambda x: x[0])]


def count_stated(c: str) -> int | None:
    """A count the compact question states of the things it asks ("4개", "네가지"), or None."""
    m = _STATED.search(c)
    if not m:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else words.NATIVE_NUMBERS.get(m.group(1))


def lists_named(res: Resources, p: Parsed, q: Query) -> list[tuple[str, list[Detail]]]:
    """The numbered lists the question names: a subject's, or the one of a part of the report a
    topic word of the question names ("현안 몇 개": the 현안업무 of [III])."""
    topics = [m for m in p.matches if m.kind == "keyword"] if not q.metrics else []
    subjects = list(q.subjects) + sorted(
        {
            subject
            for m in topics
            for subject in res.detail_subjects_of_section.get(m.canonical, ())
            if compact(subject).startswith(m.surface)
        }
    )
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
    if unit not in COUNTS_ITEMS and count_stated(p.compact) != len(items):
        return None  # neither a count asked nor the list's own count stated ("정책목표 네 가지가 뭐야")
    unit = unit if unit in COUNTS_ITEMS else COUNTS_ITEMS[0]
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
        computed=res.config.phrase("computed", how=f"번호 1~{len(items)}의 항목 수"),
    )


def members(turn: Turn, res: Resources) -> Answer | None:
    """ "기금 종류 어디어디 있어": the names asked (intents.yaml name_asking_words) of the one category
    named, no measure named: the things whose figures are of that category and whose names say
    they are of its kind (재정투융자기금 … of 기금; not 예산담당관 of 특별회계), each with its
    figure of the report's year."""
    p, q = turn.parsed, turn.query
    categories = list(dict.fromkeys(p.canon("qualifier")))
    if len(categories) != 1 or p.canon("metric") or not any(w in p.compact for w in res.config.name_asking_words):
        return None
    kind = compact(categories[0])
    own: dict[str, list[Fact]] = {}
    for f in res.facts_of_qualifier.get(categories[0], ()):
        if f.subject and compact(f.subject).endswith(kind) and f.subject != kind:
            own.setdefault(f.subject, []).append(f)
    if len(own) < MIN_LISTED:
        return None
    year = res.config.report_year
    shown = [next((f for f in fs if f.period == year and f.value is not None), fs[0]) for fs in own.values()]
    head = f"{categories[0]} ({len(own)}개): {', '.join(own)}"
    ans = compose.facts_answer(res, p, q, shown, intent="detail", confidence=0.8, head=head)
    # a follow-up ("작년은?", "그중 제일 큰 건?") is of every one listed, not of the first
    ans.slots = {**ans.slots, "subjects": list(own), "qualifiers": categories}
    return ans
