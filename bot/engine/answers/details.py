"""Details: a text item (a programme's rule, a committee's members) when the question names its
aspect ("개선 후 관리시기는?") and no figure fits as well."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine import compose
from bot.engine.resources import Resources
from bot.engine.retrieval import word_share
from bot.engine.thresholds import DETAIL_SCORE, rounds_unsaid
from bot.engine.turn import Turn
from bot.korean.textnorm import compact

ASKED_WITH_ASPECT = ("schedule", "who", "lookup", "detail")  # intents an aspect word may turn to a text item


def answer(turn: Turn, res: Resources) -> Answer | None:
    p, q = turn.parsed, turn.query
    if p.intent not in ASKED_WITH_ASPECT or not p.canon("aspect"):
        return None
    facts = res.index.facts(q)
    if facts and facts[0].metric_share == 1.0 and facts[0].subject_share == 1.0:
        return None  # a figure named whole: no text item is read
    details = res.index.details(q)
    if not details:
        return None
    # a text item of the thing named, of an aspect asked ("서울연구원 조직": its 구성), comes first
    aspects = {compact(a) for a in p.canon("aspect")}
    own = [(s, d) for s, d in details if d.subject in q.subjects and compact(d.aspect) in aspects]
    if own and details[0][1].subject not in q.subjects:
        details = own + [x for x in details if x not in own]
    score, top = details[0]
    if word_share(top.aspect, q) != 1.0:
        return None
    if rounds_unsaid(p.compact, compact(top.text)):
        return None  # "2차 … 기간": not a text of another round, or of all of them
    named = top.subject in q.subjects or word_share(top.subject, q) == 1.0
    # only 정책목표 has a 비전, no figure is called that, no other body is named
    only_one = (
        len(res.aspect_subjects.get(top.aspect, ())) == 1
        and top.aspect not in res.aspects_in_metrics
        and not any(compact(top.aspect) in k for i in res.config.intents for k in i.keywords)
        and not [s for s in q.subjects if s in res.fact_subjects and s != res.config.report_owner]
    )
    # "재결례 … 사이트 주소": the one text item with that aspect, in the part of the report named
    in_its_part = only_one and not q.subjects and top.section in q.sections and p.intent in ("lookup", "detail")
    if score < DETAIL_SCORE and not in_its_part:
        return None
    if named or only_one:
        return compose.details_answer(res, p, q, details)
    return None
