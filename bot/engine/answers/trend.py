"""Trend: one figure across its periods, oldest first."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine import compose, related
from bot.engine.phrasing import date_label, figure, period_label
from bot.engine.resources import Resources
from bot.engine.retrieval import Query
from bot.engine.turn import Turn
from bot.engine.understand import Parsed


def trend_answer(res: Resources, p: Parsed, q: Query) -> Answer | None:
    series = related.series(res, q)
    if len(series) < 2:
        return None
    label = " ".join(x for x in (series[0].subject, series[0].qualifier, series[0].metric) if x)
    head = res.config.get("trend").template.format(label=label)
    extra_lines = [
        f"- {period_label(f.period)}: {figure(f)}" + (f" ({date_label(f.as_of)} 기준)" if f.as_of else "")
        for f in series
    ]
    ans = compose.facts_answer(
        res, p, q, series, intent="trend", confidence=0.8, head=head, extra=extra_lines, list_facts=False
    )
    return ans


def answer(turn: Turn, res: Resources) -> Answer | None:
    return trend_answer(res, turn.parsed, turn.query)
