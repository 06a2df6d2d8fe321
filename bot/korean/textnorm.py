"""Korean text as people type it, made comparable: spacing, particles, typos.

Composable like RapidFuzz's `utils`: each function takes a string and returns one, so matchers
can pick them as `processor`s.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.korean import words

# control and zero-width characters, and lone surrogates (never valid text)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w.~%:+/\-△]")
_SAME = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "`": "'",
        "․": "·",
        "・": "·",
        "‧": "·",
        "ㆍ": "·",
        "～": "~",
        "∼": "~",
        "－": "-",
        "–": "-",
        "—": "-",
        "市": "시",
        "人": "인",
    }
)

# any character _SAME changes: a text holding none is left as it is (translating it reads a table per letter)
_SAME_CHARS = re.compile("[" + "".join(re.escape(chr(k)) for k in _SAME) + "]")

MAX_QUESTION_CHARS = 500


def _same(text: str) -> str:
    """NFKC, and the characters that mean the same made one (`_SAME`)."""
    text = unicodedata.normalize("NFKC", text or "")
    return text.translate(_SAME) if _SAME_CHARS.search(text) else text


def clean(text: str, limit: int | None = MAX_QUESTION_CHARS) -> str:
    """NFKC, no control characters, one space between words, at most `limit` characters."""
    text = _CONTROL.sub(" ", _same(text))
    text = _SPACES.sub(" ", text).strip()
    return text[:limit] if limit else text


@lru_cache(maxsize=8192)  # the same knowledge-base names are compacted for every question (and question texts pass)
def compact(text: str, limit: int | None = MAX_QUESTION_CHARS) -> str:
    """Lower case without spaces and punctuation: '기 획 담 당 관 정원은?' → '기획담당관정원은'.

    The cleaned text (`clean`) without what `_PUNCT` removes, spaces included; the spaces are
    made single first only where that decides where a long text is cut."""
    text = _CONTROL.sub(" ", _same(text))
    if limit and len(text) > limit:
        text = _SPACES.sub(" ", text).strip()[:limit]
    return _PUNCT.sub("", text.lower().replace("·", "").replace("_", ""))


_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


@lru_cache(maxsize=4096)  # names and question windows recur: each is split once
def jamo(text: str) -> str:
    """Hangul syllables split into letters, so a one-letter typo costs one letter, not a syllable."""
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_CHO[code // 588])
            out.append(_JUNG[(code % 588) // 28])
            if code % 28:
                out.append(_JONG[code % 28])
        else:
            out.append(ch)
    return "".join(out)


def final_consonant(syllable: str) -> str:
    """The final consonant (받침) of one Hangul syllable ("날": ㄹ), "" for none or another letter."""
    code = ord(syllable) - 0xAC00 if len(syllable) == 1 else -1
    return _JONG[code % 28].strip() if 0 <= code < 11172 else ""


def bigrams(text: str) -> set[str]:
    """Character bigrams of the compact form (robust to spacing and particles)."""
    c = compact(text)
    return {c[i : i + 2] for i in range(len(c) - 1)} if len(c) > 1 else ({c} if c else set())


@lru_cache(maxsize=64)  # the stages of one question read the same text again (its queries share it)
def beginning_pieces(text: str, beginnings: frozenset[str]) -> tuple[str, ...]:
    """Every piece of the text that begins some word, found by reading each place forward while
    what it holds is in `beginnings` (every beginning of every word): the work grows with the
    text, not with the words looked for."""
    out: list[str] = []
    append = out.append
    n = len(text)
    for i in range(n):  # (most places begin nothing: one piece read there, no inner loop set up)
        j = i + 1
        piece = text[i:j]
        while piece in beginnings:
            append(piece)
            if j == n:
                break
            j += 1
            piece = text[i:j]
    return tuple(out)


_ENDINGS = words.ENDINGS  # longest first (bot/korean/words.yaml)
_ENDING_LENGTHS = tuple(sorted({len(e) for e in _ENDINGS}, reverse=True))  # a word's last letters read at each


@lru_cache(maxsize=4096)
def strip_ending(word: str) -> str:
    """'정원은' → '정원', '예산이야' → '예산' (only one ending, never the whole word)."""
    n = len(word)
    for k in _ENDING_LENGTHS:  # (the longest ending first, as the list is read: one ending of each length fits)
        if n > k and word[-k:] in words.ENDING_SET:
            return word[:-k]
    return word


def starts_an_ending(letters: str) -> bool:
    """'까지', '에서는': the letters begin with an ending or particle ("4.6까지" counts nothing)."""
    return letters.startswith(_ENDINGS)


_PREDICATE_END = words.PREDICATE_LAST_LETTERS  # …십시오


_FUTURE_END = words.FUTURE_LAST_LETTERS  # 늘릴, 정확히, 잡혀


@lru_cache(maxsize=4096)
def looks_like_predicate(word: str) -> bool:
    """'열렸어', '집행했어', '팔았어', '끝나면', '늘릴', '정확히': verbs, adverbs and endings,
    not names of things."""
    return (
        word.endswith(_PREDICATE_END)
        or (len(word) >= 2 and word.endswith(_FUTURE_END))
        or any(x in word for x in words.VERB_PARTS)
    )
