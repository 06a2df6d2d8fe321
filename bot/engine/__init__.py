"""The question engine: `from bot.engine import Engine`; `Engine.load()`; `engine.answer(text, conversation)`."""

from bot.engine.core import Engine

__all__ = ["Engine"]
