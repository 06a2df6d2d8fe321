"""Why: the report's notes and backgrounds."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine import compose
from bot.engine.resources import Resources
from bot.engine.retrieval import Query
from bot.engine.thresholds import WHY_SHARE
from bot.engine.turn import Turn
from bot.engine.understand import Parsed
from bot.korean.textnorm import bigrams


def why_answer(res: Resources, p: Parsed, q: Query) -> Answer | None:
    """Why: the report's notes and backgrounds ("기금 예산이 크게 줄어든 이유는?")."""
    asking = p.compact
    for word in sorted(res.config.get("why").keywords, key=len, reverse=True):
        asking = asking.replace(word, " ")
    qb = frozenset(bigrams(asking))  # one set for every similarity read (its weight looked up once)
    reasons = [
        (res.index.similarity(qb, res.index.detail_bigrams[d.id]), d)
        for d in res.kb.details
        if any(d.aspect.startswith(a) for a in res.config.why_aspects)
    ]
    reasons.sort(key=lambda x: -x[0])
    if not reasons or reasons[0][0] < WHY_SHARE:
        return None
    score, top = reasons[0]
    template = res.config.get("why").template
    lines = [template.format(subject=top.subject, aspect=f"{top.aspect}: ", text=top.text)]
    return compose.text_answer(
        res,
        p,
        lines,
        [top],
        [compose.detail_ref(res, top)],
        intent="why",
        confidence=min(1.0, 0.5 + score / 2),
        slots={**compose.slots(res, q), "subjects": [top.subject]},
    )


def answer(turn: Turn, res: Resources) -> Answer | None:
    return why_answer(res, turn.parsed, turn.query)
