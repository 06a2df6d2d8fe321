"""Route: which answerers a question's intent goes to, in order; the first that answers wins,
unless its answer does not show the kind asked (a date, a number: bot/engine/kinds.py) and a
later one's does.

A declared table, checked at load against intents.yaml: an intent with no row here (and no
`view:` there) is an error at start-up, not a question that silently falls through to lookup.
A new kind of question is one answerer module under `answers/`, one row here, one intent in
intents.yaml.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from bot.answer import Answer
from bot.engine import compose, kinds
from bot.engine.answers import (
    as_of,
    change,
    details,
    greeting,
    listed,
    lookup,
    ranking,
    schedule,
    summary,
    total,
    trend,
    views,
    who,
    why,
)
from bot.engine.intents import IntentConfig
from bot.engine.resources import Resources
from bot.engine.retrieval import Query
from bot.engine.turn import Turn
from bot.knowledge_files import KnowledgeError
from bot.korean.textnorm import compact

Answerer = Callable[[Turn, Resources], "Answer | None"]

ROUTES: Mapping[str, tuple[Answerer, ...]] = MappingProxyType(
    {
        "greeting": (greeting.answer,),
        "thanks": (greeting.answer,),
        "topics": (views.topics_route,),
        "summary": (summary.answer, lookup.answer),
        "schedule": (schedule.on_the_day, details.answer, schedule.answer, lookup.answer),
        "who": (ranking.changed, details.said_whole, details.answer, who.answer, lookup.answer),
        "as_of": (as_of.answer, lookup.answer),
        "why": (why.answer, lookup.answer),
        "ranking": (ranking.exceeding, ranking.answer, lookup.answer),
        "trend": (details.answer, trend.answer, lookup.answer),
        "change": (
            ranking.changed,
            ranking.each_row,
            total.share_of_named,
            total.compare,
            change.answer,
            lookup.answer,
        ),
        "total": (total.answer, ranking.each_row, lookup.answer),
        "share": (total.share_of_named, total.share, lookup.answer),
        "detail": (
            ranking.each_row,
            listed.answer,
            listed.members,
            details.said_whole,
            details.answer,
            details.pinned,
            lookup.answer,
            schedule.answer,
        ),
        "lookup": (
            ranking.changed,
            ranking.each_row,
            listed.answer,
            listed.members,
            details.said_whole,
            details.answer,
            schedule.on_the_day,
            details.pinned,
            lookup.answer,
            schedule.answer,
        ),
    }
)
VIEW_ROUTE: tuple[Answerer, ...] = (views.answer, lookup.answer)  # an intent with `view:` in intents.yaml
RANGE_INTENTS = ("lookup", "change", "detail")  # over a span of years ("2017년부터") these ask for a trend


class RoutingError(KnowledgeError):
    """intents.yaml names an intent (or a view) the engine has no answerer for, or lacks an intent
    or an answer phrase the engine needs (one line, exit 2, like any broken data file)."""


# the answer phrases of intents.yaml `phrases` the engine writes its answers with
ENGINE_PHRASES = (
    "as_of",
    "ask_back",
    "computed",
    "discrepancy",
    "empty",
    "not_text",
    "failed",
    "hint",
    "not_computed",
    "sum_of_which",
    "difference_of_which",
    "category_of_which",
    "not_found",
    "not_found_named",
    "rows_of",
    "not_found_period",
    "other_choices",
    "rate_word",
    "refers_to_nothing",
    "source",
    "too_long",
    "unlike_measures",
)


def check_routes(config: IntentConfig) -> None:
    """Every intent of intents.yaml has a route; every `view:` names a view; every intent the
    routes answer and every phrase the engine writes is in intents.yaml."""
    missing = [name for name in ROUTES if name not in config.names]
    if missing:
        raise RoutingError(f"intents.yaml: intents {', '.join(missing)} are missing (the engine answers them)")
    absent = [key for key in ENGINE_PHRASES if key not in config.phrases]
    if absent:
        raise RoutingError(f"intents.yaml: phrases {', '.join(absent)} are missing (answers are written with them)")
    for intent in config.intents:
        view = intent.extra.get("view")
        if view is not None and view not in views.VIEWS:
            raise RoutingError(
                f"intents.yaml: intent {intent.name!r} names view {view!r}; views: {sorted(views.VIEWS)}"
            )
        if view is None and intent.name not in ROUTES:
            raise RoutingError(
                f"intents.yaml: intent {intent.name!r} has no answerer (add a row to ROUTES in bot/engine/route.py)"
            )
    for op in config.operations:
        if f"operation_{op}" not in config.phrases:
            raise RoutingError(f"intents.yaml: operation {op!r} has no phrase operation_{op} (for its decline)")
    if "trend" not in ROUTES or "lookup" not in ROUTES:
        raise RoutingError("bot/engine/route.py: the trend and lookup routes are needed")


def frame(turn_intent: str, periods: list[str]) -> str:
    """The route a question takes: its intent, except that a span of years asks for a trend."""
    if any("~" in x for x in periods) and turn_intent in RANGE_INTENTS:
        return "trend"
    return turn_intent


def answerers(intent: str, config: IntentConfig) -> tuple[Answerer, ...]:
    if intent in config.names and config.get(intent).extra.get("view") is not None:
        return VIEW_ROUTE
    return ROUTES.get(intent) or ROUTES["lookup"]


def _aspect_of_named(res: Resources, q: Query, word: str) -> bool:
    """The word is an aspect of a text item of a subject the question names, or of the one
    subject having it in a part of the report the question names ("재결례 … 사이트 주소")."""
    subjects = list(q.subjects)
    if not subjects:
        owners = [s for a, owned in res.aspect_subjects.items() if compact(a) == compact(word) for s in owned]
        subjects = owners if len(owners) == 1 and res.sections_of(owners) & set(q.sections) else []
    return any(
        d.aspect and compact(d.aspect) == compact(word) for s in subjects for d in res.details_of_subject.get(s, ())
    )


def route(turn: Turn, res: Resources) -> Answer:
    p = turn.parsed
    # a word the report does not cover in general ("주소") is covered as an aspect of a text item of
    # a subject the question names ("온라인 행정심판 주소": www.simpan.go.kr)
    out = [w for w in p.out_of_scope if not _aspect_of_named(res, turn.query, w)]
    if out:
        return compose.decline(res, p, turn.query, what=", ".join(out))
    if kinds.conjecture(p.compact) and (not kinds.asks_a_figure(res, p) or kinds.of_time_to_come(p.compact)):
        # "언제쯤 끝날 것 같아", "이번 달 말이면 몇 명까지 늘어날 것 같아": no forecast
        # ("서울 확진자 몇 명 될까?" asks the figure the report has)
        return compose.decline_saying(res, p, res.config.phrase("not_forecast"))
    if kinds.opinion(p.compact) and not kinds.asks_a_figure(res, p):  # "잘한 결정이라고 봐?": no judgement
        return compose.decline_saying(res, p, res.config.phrase("not_opinion"))
    first: Answer | None = None  # an answer that does not show the kind asked, if nothing better comes
    for answerer in answerers(turn.intent, res.config):
        ans = answerer(turn, res)
        if ans is None:
            continue
        if not ans.answered or not kinds.unshown(res, p, ans):
            return first if first is not None and not ans.answered else ans
        first = first or ans
    return first or compose.decline(res, p, turn.query)
