"""Chatty context before the question: "당직 중인데 급해서요, 지금 서울 확진자 몇 명?",
"의원실인데요 … 일반직 정원이랑 현원". A clause that ends in a connective ending (…인데요, …해서,
…하다가; intents.yaml `context_endings`) and names nothing the report knows only tells why the
person asks: it is set aside, and the question is read from the rest. The last clause is never
set aside, nor one holding a known name or a number, nor anything when the rest would name
nothing ("투출기관 경영평가하는데 어디?" asks of its first clause).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bot.korean.textnorm import compact

_TRAIL = re.compile(r"[\s,.!?…~]+$")
_DIGIT = re.compile(r"\d")


# clause endings found inside a word too ("…찾는건데요재난…")
GLUED_ENDINGS = ("인데요", "는데요", "은데요", "건데요", "해서요", "인데", "는데", "은데", "건데")


_GLUED = [(e, re.compile(f"(?<=\\S){e}(?=\\S{{2}})"), e + " ") for e in GLUED_ENDINGS]


def _unglued(text: str) -> str:
    """ "당직중인데급해서요서울격리중몇명": a space after each clause ending inside a word."""
    for ending, pattern, spaced in _GLUED:
        if ending in text:
            text = pattern.sub(spaced, text)
    return text


@lru_cache(maxsize=8)
def _clause_ends(endings: tuple[str, ...]) -> tuple[str, ...]:
    """The compact clause endings, longest first (one tuple per configuration)."""
    return tuple(sorted({compact(e) for e in endings if e}, key=len, reverse=True))


def clauses(text: str, endings: Sequence[str]) -> list[str]:
    """The question split after every word that ends a clause."""
    out: list[str] = []
    current: list[str] = []
    ends = _clause_ends(tuple(endings))
    for word in _unglued(text).split():
        current.append(word)
        if compact(_TRAIL.sub("", word)).endswith(ends):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def strip_trailing(
    text: str, endings: Sequence[str], names_known: Callable[[str], bool], asked_within: Sequence[str] = ()
) -> str:
    """The question without a trailing clause of purpose ("…몇 퍼센트 늘었나요? 의원실 자료에
    넣으려고요") that follows a question mark, or a question asked within a sentence ("…몇 건이었는지
    기억이 안나서요": `asked_within`, the endings of such a question), and names nothing the report
    knows."""
    head, mark, tail = text.rpartition("?")
    if not mark:
        head, mark, tail = _after_asked_within(text, asked_within)
    ends = _clause_ends(tuple(endings))
    c = compact(_TRAIL.sub("", tail))
    if not mark or not head.strip() or not c.endswith(ends) or names_known(tail) or _DIGIT.search(tail):
        return text
    return head + mark


def _after_asked_within(text: str, asked_within: Sequence[str]) -> tuple[str, str, str]:
    """(the words up to the last one ending a question asked within the sentence, "", the rest)."""
    ends = tuple(asked_within)
    words = text.split()
    for i in range(len(words) - 2, -1, -1) if ends else ():
        if compact(_TRAIL.sub("", words[i])).endswith(ends):
            return " ".join(words[: i + 1]), " ", " ".join(words[i + 1 :])
    return text, "", ""


def strip_context(text: str, endings: Sequence[str], names_known: Callable[[str], bool]) -> str:
    """The question without its leading clauses of context (unchanged when there are none)."""
    parts = clauses(text, endings)
    if len(parts) < 2:
        return text
    keep_from = 0
    for i, part in enumerate(parts[:-1]):
        if names_known(part) or _DIGIT.search(part):
            break
        keep_from = i + 1
    if not keep_from:
        return text
    rest = " ".join(parts[keep_from:])
    if not names_known(rest) and not _DIGIT.search(rest):
        return text  # "경영평가하는데 어디?": what would be left asks of nothing, so nothing was context
    return rest
