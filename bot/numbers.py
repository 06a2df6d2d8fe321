"""Kept for modules outside the engine: the code lives in `bot.korean.numbers`."""

from bot.korean.numbers import NUMBER_TOKEN, format_number, number_tokens, parse_literal, readable_money

__all__ = ["NUMBER_TOKEN", "format_number", "number_tokens", "parse_literal", "readable_money"]
