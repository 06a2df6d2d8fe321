"""Kept for modules outside the engine: the code lives in `bot.korean.textnorm`."""

from bot.korean.textnorm import MAX_QUESTION_CHARS, bigrams, clean, compact, jamo, looks_like_predicate, strip_ending

__all__ = ["MAX_QUESTION_CHARS", "bigrams", "clean", "compact", "jamo", "looks_like_predicate", "strip_ending"]
