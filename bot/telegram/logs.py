"""Logging for the bot process: one format, secrets redacted from every line, and no texts or
raw ids unless asked for.

python-telegram-bot logs its API URLs at DEBUG and httpx logs every request URL at INFO; both
URLs contain the token. httpx is turned down to WARNING, and every handler of the root logger
gets a formatter that replaces the token (and the webhook secret) with "<redacted>".

At DEBUG python-telegram-bot also logs whole updates and requests (names, raw ids, what people
write), so its loggers stay at INFO. The bot's own DEBUG line per update (handlers.describe)
names hashed ids, and the text only when asked for explicitly (--log-texts).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def secret_variants(secrets: Iterable[str]) -> list[str]:
    """The secrets, plus the secret half of a bot token; longest first (a secret containing
    another is replaced whole); too short ones are left out (they would blank ordinary words)."""
    found = [s for s in secrets if s]
    found += [s.split(":", 1)[1] for s in found if ":" in s]
    return sorted({s for s in found if len(s) >= 6}, key=len, reverse=True)


def redact_secrets(text: str, secrets: Iterable[str]) -> str:
    for secret in secret_variants(secrets):
        text = text.replace(secret, "<redacted>")
    return text


class InvalidTokenFilter(logging.Filter):
    """python-telegram-bot logs a rejected token's traceback before raising it; the entry point
    reports it in one line (and exits 2), so the traceback is left out."""

    def filter(self, record: logging.LogRecord) -> bool:
        from telegram.error import InvalidToken

        return not (record.exc_info and isinstance(record.exc_info[1], InvalidToken))


class RedactingFormatter(logging.Formatter):
    """Formats with `inner`, then blanks out every secret (message, arguments, tracebacks)."""

    def __init__(self, inner: logging.Formatter | None, secrets: Iterable[str]):
        super().__init__(FORMAT)
        self.inner = inner or logging.Formatter(FORMAT)
        self.secrets = secret_variants(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return redact_secrets(self.inner.format(record), self.secrets)


def configure_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """basicConfig at `level`, quiet httpx and apscheduler, python-telegram-bot at INFO at most, and redact
    `secrets` on every root handler."""
    numeric = getattr(logging, level.upper(), logging.INFO)
    logging.basicConfig(format=FORMAT, level=numeric)
    logging.captureWarnings(True)  # warnings go through the redacting handlers too
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # the JobQueue's scheduler says INFO for every job it adds and runs (the COVID tick: twice a
    # minute); only its warnings and errors are worth a line
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    if numeric < logging.INFO:
        logging.getLogger("telegram").setLevel(logging.INFO)
    secrets = list(secrets)
    for handler in logging.getLogger().handlers:
        current = handler.formatter
        if isinstance(current, RedactingFormatter):
            current = current.inner
        handler.setFormatter(RedactingFormatter(current, secrets))
        if not any(isinstance(f, InvalidTokenFilter) for f in handler.filters):
            handler.addFilter(InvalidTokenFilter())
