"""Summary: a section's summary, or the one part of it a summary question names."""

from __future__ import annotations

from collections import defaultdict

from bot.answer import Answer
from bot.engine import compose
from bot.engine.answers import views
from bot.engine.resources import Resources, aspect_base
from bot.engine.retrieval import Query, word_share
from bot.engine.thresholds import DETAIL_SCORE
from bot.engine.turn import Turn


def section_for(res: Resources, q: Query) -> str | None:
    if q.sections:
        counts: dict[str, int] = defaultdict(int)
        for s in q.sections:
            counts[s] += 1
        return max(counts, key=lambda k: (counts[k], k.startswith("III-")))
    for subject in q.subjects:
        for f in res.kb.facts:
            if f.subject == subject:
                return f.section
        for d in res.kb.details:
            if d.subject == subject:
                return d.section
    return None


def answer(turn: Turn, res: Resources) -> Answer | None:
    """A section summary; an aspect only one section has that names nothing else ("대응 방향"),
    not "현황", answers with that part only."""
    p, q = turn.parsed, turn.query
    other_kinds = {m.surface for m in p.matches if m.kind != "aspect"}
    whole = res.whole_section_words
    aspects = [
        m.canonical
        for m in p.matches
        if m.kind == "aspect"
        and m.surface not in other_kinds
        and m.surface not in whole
        and len(res.aspect_sections.get(aspect_base(m.canonical), ())) == 1
    ]
    details = [(s, d) for s, d in res.index.details(q) if aspects and word_share(d.aspect, q) == 1.0]
    if details and details[0][0] >= DETAIL_SCORE:
        return compose.details_answer(res, p, q, details)  # "코로나19 대응 방향 요약": that part only
    sid = section_for(res, q)
    return views.section_summary(res, sid) if sid else None
