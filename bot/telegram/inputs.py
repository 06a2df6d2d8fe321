"""Cleaning what people type before it reaches the engine."""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 500

_MONTH_RE = re.compile(r"^\s*(\d{1,2})\s*(?:월|月|m|month)?\s*$", re.IGNORECASE)


def clean_question(raw: str | None, limit: int = MAX_QUESTION_CHARS) -> tuple[str, bool]:
    """(question, truncated): NFC-normalised, control characters dropped, whitespace collapsed,
    cut to `limit` characters."""
    if not raw:
        return "", False
    text = unicodedata.normalize("NFC", raw)
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\n\t\r" or cat == "Zs":
            kept.append(" ")
        elif cat in ("Cc", "Cs", "Co", "Cn") or cat == "Cf" and ch not in "\u200d":
            continue
        else:
            kept.append(ch)
    text = re.sub(r"\s+", " ", "".join(kept)).strip()
    if len(text) > limit:
        return text[:limit].rstrip(), True
    return text, False


def parse_month(args: list[str]) -> int | None:
    """Month 1-12 from /schedule arguments ("5", "5월", "05 월"); None when no argument.

    Raises ValueError for anything else."""
    joined = " ".join(args).strip()
    if not joined:
        return None
    m = _MONTH_RE.match(unicodedata.normalize("NFKC", joined))
    if not m or not 1 <= int(m.group(1)) <= 12:
        raise ValueError(joined)
    return int(m.group(1))


def strip_mentions(text: str, mentions: list[str]) -> str:
    """Remove the bot's @username mentions from a group message."""
    for mention in mentions:
        text = re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE)
    return text


# A question with no Hangul is "foreign" when it has at least this many words of letters, or
# any letters outside the Latin alphabet (日本語, русский…). "COVID" or "OK" alone go to the engine.
FOREIGN_MIN_WORDS = 2
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_WORD_RE = re.compile(r"[^\W\d_]{2,}")


def is_foreign(question: str) -> bool:
    """True when the question is written in another language than Korean."""
    if _HANGUL_RE.search(question):
        return False
    words = _WORD_RE.findall(question)
    if any(not ch.isascii() for w in words for ch in w):
        return True
    return len(words) >= FOREIGN_MIN_WORDS
