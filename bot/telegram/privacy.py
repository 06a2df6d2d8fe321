"""What the bot keeps about people, and how it is made unlinkable and harmless.

* Chat and user ids are stored and logged only as keyed hashes (HMAC-SHA256). The key is a
  secret from the environment (REPORTBOT_HASH_KEY), never written to the database, so whoever
  reads the database cannot test candidate ids against the hashes.
* Phone numbers, e-mail addresses and resident registration numbers are replaced by a marker
  before a question is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re

# Each pattern and the marker that replaces it; checked in this order (a resident registration
# number is also 13 digits a phone pattern could partly match). Report figures such as
# "24조610억", "2020-04-20" or "1,234건" match none of them.
REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "<이메일>"),
    (re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?-?\s?[1-8]\d{6}(?!\d)"), "<주민등록번호>"),
    (re.compile(r"(?<![\d+])(?:\+?82[-.\s]?)?0?1[016789][-.\s]?\d{3,4}[-.\s]?\d{4}(?!\d)"), "<전화번호>"),
    (re.compile(r"(?<![\d+])(?:\+?82[-.\s]?)?0(?:2|[3-6][1-5]|70)[-.\s)]\s?\d{3,4}[-.\s]\d{4}(?!\d)"), "<전화번호>"),
)


def redact(text: str) -> str:
    """The text with phone numbers, e-mail addresses and resident registration numbers masked."""
    for pattern, marker in REDACTIONS:
        text = pattern.sub(marker, text)
    return text


class Hasher:
    """Keyed hashes of Telegram ids: stable for one key, useless without it."""

    def __init__(self, key: str):
        if not key:
            raise ValueError("a hash key is required")
        self._key = key.encode("utf-8")

    def __repr__(self) -> str:
        return "Hasher(<key>)"

    def full(self, value: int | str) -> str:
        """64 hex digits: the form stored in the state database."""
        return hmac.new(self._key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()

    def short(self, value: int | str | None) -> str:
        """12 hex digits: the form written to log lines."""
        return "-" if value is None else self.full(value)[:12]


def key_from_token(token: str) -> str:
    """Development fallback when REPORTBOT_HASH_KEY is not set: a key derived from the bot token
    (a secret from the environment too, never stored). A new token changes every hash."""
    return hmac.new(token.encode("utf-8"), b"reportbot state hash key", hashlib.sha256).hexdigest()
