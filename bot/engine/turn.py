"""The typed value an answerer receives: what the question says and what it asks after context."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.retrieval import Query
from bot.engine.understand import Parsed


@dataclass(frozen=True)
class Turn:
    """One question on its way through the pipeline.

    `parsed` is what the question itself says (analyze), `query` what it asks once the
    conversation is applied (resolve follow-up), `intent` the route chosen (frame: a lookup over
    a span of years is a trend)."""

    parsed: Parsed
    query: Query
    intent: str
