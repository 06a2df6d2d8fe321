"""Kept for code outside the engine: answer formatting lives in `bot.engine.phrasing`."""

from bot.engine.phrasing import computed_value, date_label, fact_label, figure, pad, period_label, signed

__all__ = ["computed_value", "date_label", "fact_label", "figure", "pad", "period_label", "signed"]
