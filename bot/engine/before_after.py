"""Both sides of a change asked ("월 몇 건에서 몇 건으로 늘려", "관리시기 어떻게 바꿔", "몇 회로
늘어"): the report states such changes as pairs, a figure's category 변경 전 / 변경 후 or the last
word of a text's aspect 현행 / 개선 (words.yaml `before_after_pairs`). An answer holding one side
gets the other; a figure answer of another measure gives way to the pair the question's words
reach ("재결건수 월 몇 건에서 몇 건으로" is not the year's 508건), unless it already compares two
periods ("2018년 몇 건에서 2019년 몇 건으로").
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer import Answer
from bot.engine import compose
from bot.engine.resources import Resources
from bot.engine.retrieval import Query, counted_unit, unit_fits
from bot.engine.thresholds import CHANGE_WORDS, COMPARED_WITH
from bot.engine.understand import Parsed
from bot.korean import words
from bot.korean.textnorm import compact
from bot.korean.words import COUNTERS
from bot.records import Detail, Fact

PAIR_METRIC_SHARE = 0.5  # a pair reached by the question's words: at least half its measure named


def asked(compact_question: str) -> bool:
    """The question asks both sides of a change (words.yaml `from_to_words`)."""
    return any(w in compact_question for w in words.FROM_TO_WORDS)


def other_side(name: str) -> str | None:
    """The counterpart of a pair's side: 변경 전 → 변경 후, "관리시기 현행" → "관리시기 개선"."""
    for before, after in words.BEFORE_AFTER_PAIRS:
        for side, other in ((before, after), (after, before)):
            if name == side:
                return other
            if name.endswith(" " + side):
                return name[: -len(side)] + other
    return None


def _is_before(name: str) -> bool:
    return any(name == b or name.endswith(" " + b) for b, _ in words.BEFORE_AFTER_PAIRS)


def fact_pair(res: Resources, fact: Fact) -> list[Fact]:
    """The figure and its counterpart (same subject and measure, the other side), before first."""
    other = other_side(fact.qualifier or "")
    if other is None:
        return []
    found = [
        f
        for f in res.facts_of_subject.get(fact.subject, ())
        if f.metric == fact.metric and f.qualifier == other and f.unit == fact.unit
    ]
    if len(found) != 1:
        return []
    return sorted([fact, found[0]], key=lambda f: not _is_before(f.qualifier or ""))


def detail_pair(res: Resources, detail: Detail) -> list[Detail]:
    other = other_side(detail.aspect)
    if other is None:
        return []
    found = [d for d in res.details_of_subject.get(detail.subject, ()) if d.aspect == other]
    if len(found) != 1:
        return []
    return sorted([detail, found[0]], key=lambda d: not _is_before(d.aspect))


def change_of(res: Resources, fact: Fact) -> Fact | None:
    """The report's own change of a pair's side ("월 재결건수" 145 → 200: "월 재결건수 증가" 55건): the
    one figure of the subject whose measure is the side's followed by a change word, in its unit."""
    if other_side(fact.qualifier or "") is None:
        return None
    found = [
        f
        for f in res.facts_of_subject.get(fact.subject, ())
        if f.unit == fact.unit
        and f.metric.startswith(fact.metric + " ")
        and f.metric[len(fact.metric) + 1 :] in CHANGE_WORDS
    ]
    return found[0] if len(found) == 1 else None


def _not_of_a_level(compact_question: str, words_: Sequence[str], first: int = 0) -> bool:
    """One of the words is written (at `first` or later) not right after a level's ending: a change
    asked, not the level it goes to ("몇 명으로 줄이는", "몇 건까지 늘렸어": words.yaml
    `to_a_level_endings`)."""
    for w in words_:
        at = compact_question.find(w)
        if at >= first and not compact_question[:at].endswith(words.TO_A_LEVEL_ENDINGS):
            return True
    return False


def answer_the_change(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """A change asked of a measure the report states from one side to the other ("월 몇 건 늘리는게
    목표야"): the change it prints, not the side the question's words reach (200건 is no 늘린 건수)."""
    c = compact(parsed.text)
    # a change by an amount ("몇 건 늘리는", after some word) or a change asked ("늘렸어")
    asks_change = _not_of_a_level(c, words.CHANGE_BY_WORDS, first=1) or _not_of_a_level(
        c, res.config.change_asking_words
    )
    if not ans.answered or ans.computed or asked(c) or not asks_change:
        return ans
    figures = [f for r in ans.facts if (f := res.facts_by_id.get(r.id)) is not None]
    changes = {ch.id: ch for f in figures if (ch := change_of(res, f)) is not None}
    if len(changes) != 1 or any(f.id in changes for f in figures):
        return ans
    return compose.facts_answer(res, parsed, q, list(changes.values()), intent="lookup", confidence=ans.confidence)


def answer_both_sides(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    if not ans.answered or ans.computed or not asked(compact(parsed.text)):  # as typed, not repaired
        return ans
    ids = {r.id for r in ans.facts}
    # the answer's figures in its order, those in a unit a count asked is in ("몇 회로 확대": not 30일's pair)
    unit = counted_unit(parsed.compact)

    def in_unit(f: Fact) -> bool:
        return unit not in COUNTERS or unit_fits(unit, f.unit or "")

    figures = [f for r in ans.facts if (f := res.facts_by_id.get(r.id)) is not None and in_unit(f)]
    texts = [d for d in res.kb.details if d.id in ids]
    for d in texts:
        if len(sides := detail_pair(res, d)) == 2 and not ids >= {x.id for x in sides}:
            lines = compose.detail_lines(res, "detail", sides, aspect_format=" {}")
            return compose.text_answer(
                res,
                parsed,
                lines,
                sides,
                [compose.detail_ref(res, x) for x in sides],
                intent="detail",
                confidence=ans.confidence,
                slots=ans.slots,
                suggestions=ans.suggestions,
            )
    if texts or not any(r.id in res.facts_by_id for r in ans.facts):
        return ans
    for f in figures:
        if len(pair := fact_pair(res, f)) == 2:
            if ids >= {x.id for x in pair}:
                return ans
            return compose.facts_answer(res, parsed, q, pair, intent="lookup", confidence=ans.confidence)
    if len(q.periods) >= 2 or len({f.period for f in figures}) >= 2:
        return ans  # two periods compared already
    if COMPARED_WITH.search(parsed.compact) and any(w in f.metric for f in figures for w in CHANGE_WORDS):
        # a change against a time ("작년보다 얼마나 늘었어") the report prints ("회당 평균 재결건수
        # 2019년 대비 증가: 5.6건"), shown already; "몇 건에서 몇 건으로" still asks both sides
        return ans
    for s in res.index.facts(q):
        if (
            other_side(s.fact.qualifier or "") is not None
            and s.metric_share >= PAIR_METRIC_SHARE
            and (not q.subjects or s.subject_share > 0)
            and in_unit(s.fact)
            and len(pair := fact_pair(res, s.fact)) == 2
        ):
            return compose.facts_answer(res, parsed, q, pair, intent="lookup", confidence=ans.confidence)
    return ans
