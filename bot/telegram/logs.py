"""Logging for the bot process: one format, and the bot token redacted from every line.

python-telegram-bot logs its API URLs at DEBUG and httpx logs every request URL at INFO; both
URLs contain the token. httpx is turned down to WARNING, and every handler of the root logger
gets a formatter that replaces the token (and the webhook secret) with "<redacted>".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """Formats with `inner`, then blanks out every secret (message, arguments, tracebacks)."""

    def __init__(self, inner: logging.Formatter | None, secrets: Iterable[str]):
        super().__init__(FORMAT)
        self.inner = inner or logging.Formatter(FORMAT)
        # longest first, so a secret containing another is replaced whole
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record)
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        return text


def configure_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """basicConfig at `level`, quiet httpx, and redact `secrets` on every root handler."""
    logging.basicConfig(format=FORMAT, level=getattr(logging, level.upper(), logging.INFO))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    secrets = list(secrets)
    for secret in list(secrets):
        if ":" in secret:  # a bot token: its secret half is sensitive on its own
            secrets.append(secret.split(":", 1)[1])
    for handler in logging.getLogger().handlers:
        current = handler.formatter
        if isinstance(current, RedactingFormatter):
            current = current.inner
        handler.setFormatter(RedactingFormatter(current, secrets))
