"""Greeting and thanks: the intent's template, with example questions."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine import compose
from bot.engine.resources import Resources
from bot.engine.turn import Turn


def answer(turn: Turn, res: Resources) -> Answer | None:
    template = res.config.get(turn.intent).template
    return Answer(
        question=turn.parsed.text,
        answered=True,
        text=template.format(examples=compose.examples(res)),
        intent=turn.intent,
        confidence=1.0,
        suggestions=compose.starter_suggestions(res),
    )
