"""Schedule: planned and past dates, by topic or by month."""

from __future__ import annotations

import re

from bot.answer import Answer
from bot.engine import compose
from bot.engine.resources import Resources
from bot.engine.retrieval import Query
from bot.engine.thresholds import DETAIL_OK, MONTH_IN_TEXT, SCHEDULE_SCORE
from bot.engine.turn import Turn
from bot.engine.understand import Parsed
from bot.korean import words
from bot.korean.textnorm import bigrams


def schedule_answer(res: Resources, p: Parsed, q: Query) -> Answer | None:
    items = res.index.schedule(q)
    if not (q.subjects or q.metrics or q.sections or q.months) and asks_upcoming(p.compact):
        return schedule_view(res)  # "향후 일정": every plan
    if q.months and not (q.subjects or q.metrics or q.sections):
        chosen = sorted((s for _, s in items), key=lambda s: (s.start, s.section))
        if not chosen:
            return None
        return compose.schedule_items_answer(
            res, p, q, chosen[:15], intent="schedule", head=f"{', '.join(f'{m}월' for m in q.months)} 일정:"
        )
    if not items or items[0][0] < SCHEDULE_SCORE:
        return None
    top = items[0][0]
    # a dated remark in the text ("(5월 통과 대응)") may answer "몇 월" better than a schedule line
    dated = [(s, d) for s, d in res.index.details(q) if MONTH_IN_TEXT.search(d.text)]
    qb = bigrams(p.compact)
    if (
        dated
        and dated[0][0] >= DETAIL_OK
        and 4 * res.index.similarity(qb, res.index.detail_bigrams[dated[0][1].id]) > top
    ):
        return compose.details_answer(res, p, q, dated)
    chosen = [s for sc, s in items if sc >= top - 0.3][:4]
    if (upcoming := asks_upcoming(p.compact)) and all(s.kind == "event" for s in chosen):
        return compose.decline(res, p, q, what=f"{upcoming} 일정")  # only past ones are in the report
    return compose.schedule_items_answer(res, p, q, chosen, intent="schedule")


def on_the_day(turn: Turn, res: Resources) -> Answer | None:
    """ "1월 4일에 뭐 꾸렸어": what the report dates on the one day asked, when the question names no
    thing and asks what (intents.yaml text_asking_words, which_asking_words)."""
    p, q = turn.parsed, turn.query
    days = [x for x in p.periods if DAY.fullmatch(x)]  # named by the question itself, as its things
    if len(days) != 1 or p.canon("subject") or p.canon("metric"):
        return None
    if not any(w in p.compact for w in res.config.what_asking_words):
        return None
    day = days[0]
    chosen = [s for s in res.kb.schedule if s.start == day or (DAY.fullmatch(s.start) and s.start <= day <= s.end)]
    said = " ".join(s.what for s in chosen)
    if not chosen or any(n not in said for n in p.analyzer.proper_nouns(p.text)):
        return None  # "1월 20일 런던에서 무슨 일": not Seoul's lines of that day
    head = f"{int(day[5:7])}월 {int(day[8:])}일:"
    return compose.schedule_items_answer(res, p, q, chosen, intent="schedule", head=head)


DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a day of the calendar, as periods and schedule items write it


def asks_upcoming(c: str) -> str | None:
    """The word asking for a date still to come ("다음 회의", "향후"), not the day after one ("다음날")."""
    if any(w in c for w in words.NEXT_DAY_WORDS):
        return None
    return next((w for w in words.UPCOMING_WORDS if w in c), None)


def schedule_view(res: Resources, month: int | None = None) -> Answer:
    """Everything scheduled (plans), or everything touching one month of the report's year."""
    q = Query(compact="", months=[month] if month else [])
    if month:
        items = sorted((s for _, s in res.index.schedule(q)), key=lambda s: (s.start, s.section))
        head = f"{month}월 일정:"
    else:
        items = sorted((s for s in res.kb.schedule if s.kind == "plan"), key=lambda s: (s.start, s.section))
        head = "향후 일정 (추진 계획):"
    p = Parsed(text=f"{month}월 일정" if month else "일정", compact="")
    if not items:
        return Answer(
            question=p.text, answered=False, text=f"{month}월에 예정된 일정은 보고서에 없습니다.", intent="schedule"
        )
    return compose.schedule_items_answer(res, p, q, items[:25], intent="schedule", head=head)


def answer(turn: Turn, res: Resources) -> Answer | None:
    return schedule_answer(res, turn.parsed, turn.query)
