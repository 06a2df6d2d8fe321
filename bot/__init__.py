"""reportbot: answers Korean questions about the Seoul Planning & Coordination Office 2020-04
briefing with the report's exact figures, units, as-of dates and sources."""

__version__ = "0.1.0"
