"""Chatty context before the question: "당직 중인데 급해서요, 지금 서울 확진자 몇 명?",
"의원실인데요 … 일반직 정원이랑 현원". A clause that ends in a connective ending (…인데요, …해서,
…하다가; intents.yaml `context_endings`) or a sentence that ends before the question ("…부탁드려요.")
and names nothing the report knows only tells why the
person asks: it is set aside, and the question is read from the rest. The last clause is never
set aside, nor one holding a known name or a number, nor anything when the rest would name
nothing ("투출기관 경영평가하는데 어디?" asks of its first clause).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bot.korean import words
from bot.korean.textnorm import compact

_TRAIL = re.compile(r"[\s,.!?…~ㄱ-ㅎㅏ-ㅣ\u1100-\u11ff]+$")  # (and laughter or tears, as NFKC leaves them: "이라ㅎㅎ")
_DIGIT = re.compile(r"\d")
_CLOCK = re.compile(r"\d+\s*(?:" + words.alternatives(words.CLOCK_UNITS) + ")(?![기의])")  # "5분 전", not "4분기"
_SENTENCE_END = re.compile(r"[.!…]$")  # "…빨리 답 부탁드려요. 서울 확진자…": a sentence before the question


# clause endings found inside a word too ("…찾는건데요재난…")
GLUED_ENDINGS = (
    *(
        "인데요",
        "는데요",
        "은데요",
        "건데요",
        "해서요",
        "려서요",
        "와서요",
        "셔서요",
        "입니다",
        "그래요",
        "좀요",
        "네요",
    ),
    *("인데", "는데", "은데", "건데"),
)


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
        if compact(_TRAIL.sub("", word)).endswith(ends) or _SENTENCE_END.search(word):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def clause_ending(clause: str, endings: Sequence[str]) -> str | None:
    """The longest of `endings` the clause's last word ends in (laughter and marks aside), or None."""
    last = clause.split()[-1] if clause.split() else ""
    c = compact(_TRAIL.sub("", last))
    return next((e for e in _clause_ends(tuple(endings)) if c.endswith(e)), None)


def strip_trailing(
    text: str,
    endings: Sequence[str],
    names_known: Callable[[str], bool],
    asked_within: Sequence[str] = (),
    ends_a_question: Callable[[str], bool] | None = None,
) -> str:
    """The question without a trailing clause of purpose ("…몇 퍼센트 늘었나요? 의원실 자료에
    넣으려고요") that follows a question mark, a question asked within a sentence ("…몇 건이었는지
    기억이 안나서요": `asked_within`, the endings of such a question) or a word that ends a question
    without a mark ("…몇명이에요 당직 중인데 급해서요": `ends_a_question`), and names nothing the
    report knows."""
    head, mark, tail = text.rpartition("?")
    if not mark:
        head, mark, tail = _after_asked_within(text, asked_within)
    if not mark and ends_a_question is not None:
        head, mark, tail = _after_question(text, ends_a_question)
    ends = _clause_ends(tuple(endings))
    c = compact(_TRAIL.sub("", tail))
    if not mark or not head.strip() or not c.endswith(ends) or names_known(tail) or _DIGIT.search(tail):
        return text
    return head + mark


def _tells_who_asks(clause: str, endings: Sequence[str], askers: Sequence[str]) -> bool:
    """The clause's last word is a person the asker says they are, before its ending ("주무관인데요")."""
    words_ = clause.split()
    if not words_ or not askers:
        return False
    last = compact(_TRAIL.sub("", words_[-1]))
    for ending in _clause_ends(tuple(endings)):
        if last.endswith(ending):
            last = last[: -len(ending)]
            break
    return last.endswith(tuple(askers))


def _after_question(text: str, ends_a_question: Callable[[str], bool]) -> tuple[str, str, str]:
    """(the words up to the last one, not the last word, that ends a question, " ", the rest)."""
    words = text.split()
    for i in range(len(words) - 2, -1, -1):
        if ends_a_question(_TRAIL.sub("", words[i])):
            return " ".join(words[: i + 1]), " ", " ".join(words[i + 1 :])
    return text, "", ""


def _after_asked_within(text: str, asked_within: Sequence[str]) -> tuple[str, str, str]:
    """(the words up to the last one ending a question asked within the sentence, "", the rest)."""
    ends = tuple(asked_within)
    words = text.split()
    for i in range(len(words) - 2, -1, -1) if ends else ():
        if compact(_TRAIL.sub("", words[i])).endswith(ends):
            return " ".join(words[: i + 1]), " ", " ".join(words[i + 1 :])
    return text, "", ""


def strip_context(
    text: str,
    endings: Sequence[str],
    names_known: Callable[[str], bool],
    askers: Sequence[str] = (),
    names_a_thing: Callable[[str], bool] | None = None,
    asks: Callable[[str], bool] | None = None,
) -> str:
    """The question without its leading clauses of context (unchanged when there are none). A
    clause telling who asks ("기조실 신규 발령받은 주무관인데요", "예산과 신입인데": its last word one
    of `askers`) is context even when it names something, if the rest names a thing of its own."""
    parts = clauses(text, endings)
    if len(parts) < 2:
        return text
    keep_from = 0
    for i, part in enumerate(parts[:-1]):
        if _DIGIT.search(_CLOCK.sub("", part)):  # (a time of the asker's is no figure: "5분 전인데")
            break
        if asks is not None and asks(part):  # "얼마예요 작년은": a question, not context
            break
        if names_known(part) and not (
            names_a_thing and _tells_who_asks(part, endings, askers) and names_a_thing(" ".join(parts[i + 1 :]))
        ):
            break
        keep_from = i + 1
    if not keep_from:
        return text
    rest = " ".join(parts[keep_from:])
    if not names_known(rest) and not _DIGIT.search(rest):
        return text  # "경영평가하는데 어디?": what would be left asks of nothing, so nothing was context
    return rest
