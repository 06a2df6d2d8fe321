"""Scoring knowledge records against a resolved query: which facts, details and schedule items a
question asks for, best first. Pure: records and a query in, scored records out.

A fact needs evidence for its metric (its name, an alias, or most of its words), must match a
period the question names, and, when it is one row of a table (a department, a country), must
have its subject named: a question never gets the figure of something it did not ask about.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from operator import attrgetter, itemgetter
from typing import NamedTuple

from bot.engine.thresholds import (
    CATEGORY_NOT_HELD_PENALTY,
    CATEGORY_WEIGHT,
    COUNTED_NOUNS,
    COUNTER_MISFIT_PENALTY,
    DETAIL_ASPECT_WEIGHT,
    DETAIL_LETTERS_WEIGHT,
    DETAIL_OTHER_SUBJECT_FACTOR,
    DETAIL_SECTION_BONUS,
    DETAIL_SUBJECT_WEIGHT,
    EXACT_METRIC_BONUS,
    FULLER_CATEGORY_BONUS,
    LETTERS_WEIGHT,
    LONGER_WORD_LETTERS,
    METRIC_WEIGHT,
    MONEY_UNIT_BONUS,
    NAMED_LETTER_BONUS,
    NARROWER_BONUS,
    OTHER_SUBJECT_PENALTY,
    PART_ASPECT,
    PART_DEFAULT_PENALTY,
    PARTIAL_SUBJECT,
    PERIOD_AS_OF,
    PERIOD_OWN,
    PERIOD_UNDATED,
    REPORT_YEAR_BONUS,
    SCHEDULE_LETTERS_WEIGHT,
    SCHEDULE_SECTION_BONUS,
    SECTION_BONUS,
    SUBJECT_WEIGHT,
    UNIT_BONUS,
    UNNAMED_CATEGORY_PENALTY,
    WHOLE_WORD_LETTERS,
)
from bot.korean import words
from bot.korean.textnorm import beginning_pieces, bigrams, compact
from bot.records import Detail, Fact, Knowledge, ScheduleItem

# Words of a metric's name that only say "how many": "몇 건" names 건수, "몇 회" 횟수.
GENERIC_MEASURES = words.GENERIC_MEASURES

MEMO_SIZE = 32  # results of recent queries kept (a question asks a few, its parts a few more)

# Qualifiers a question need not name: the table's default reading.
DEFAULT_QUALIFIERS = words.DEFAULT_QUALIFIERS
PART_DEFAULTS = words.PART_DEFAULTS  # a default that is still a part: the whole wins where both are held


@dataclass
class Query:
    """Slots after the conversation context is applied."""

    compact: str
    subjects: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)
    aspects: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # words named through a synonym (하루 → 일일)
    short_words: list[str] = field(default_factory=list)  # of those, the ones typed in one letter only (총)
    residual: str | None = None  # compact question without subject/metric names (for qualifiers)
    residual_names: str | None = None  # compact question without subject names (for metrics)

    def key(self) -> tuple[object, ...]:
        """Every field's present value (a query may be changed after it was first scored)."""
        return tuple([tuple(v) if isinstance(v, list) else v for v in _query_values(self)])

    def named(self, word: str, *, text: str | None = None) -> bool:
        """The question names this word: as a recognised name, through a synonym, or written in it."""
        c = compact(word)
        where = self.compact if text is None else text
        return bool(c) and (
            c in where
            or word in self.words
            or word in self.subjects
            or word in self.metrics
            or word in self.qualifiers
            or word in self.aspects
        )


_QUERY_FIELDS = tuple(f.name for f in fields(Query))
_query_values = attrgetter(*_QUERY_FIELDS)  # a query → every field's value, in order


@lru_cache(maxsize=64)  # the queries of one question read the same texts
def question_bigrams(text: str) -> frozenset[str]:
    """`bigrams` of a question's text, as one set for every record it is compared with (its hash,
    and its known bigrams' weight, computed once)."""
    return frozenset(bigrams(text))


def _written(word: str, c: str) -> bool:
    """The compact question writes the word; a one-letter word not right after a digit ("월" of
    "재결건수 월 몇 건", not of "3월")."""
    if len(word) > 1:
        return word in c
    return any(not c[i - 1 : i].isdigit() for i in range(len(c)) if c[i] == word)


@lru_cache(maxsize=1024)
def _standing_alone(word: str) -> re.Pattern[str]:
    """A "how many" word written as a word of its own: "수는", not the 수 of 수행."""
    return re.compile(re.escape(compact(word)) + r"(?:$|[은는이가를을도만요?])")


@lru_cache(maxsize=4096)
def _words(text: str | None) -> tuple[str, ...]:
    """A name's words, one-letter words left out when longer ones carry the meaning."""
    if not text:
        return ()
    words = [w for w in re.split(r"[\s·(),/]+", text) if w]
    long = [w for w in words if len(compact(w)) >= 2]
    return tuple(long or words)


def word_share(text: str | None, q: Query, *, where: str | None = None) -> float:
    """How much of a multi-word name the question names (0..1); `where` limits the written
    words to a part of the question (so "예산" inside "예산담당관" is not the metric 예산)."""
    return _word_share(text, _Named(q), where)


def _word_share(text: str | None, named: _Named, where: str | None) -> float:
    words = _words(text)
    if not words:
        return 0.0
    count = 0
    for w in words:
        if named(w, where):
            count += 1
    return count / len(words)


class _Named:
    """`Query.named` for one query while it is scored (it does not change meanwhile): the names
    it holds in one set, and each answer kept, since the same words recur across records."""

    __slots__ = ("compact", "names", "seen")

    def __init__(self, q: Query):
        self.compact = q.compact
        self.names = frozenset((*q.words, *q.subjects, *q.metrics, *q.qualifiers, *q.aspects))
        self.seen: dict[str | None, dict[str, bool]] = {}  # where the words were looked for → word → named

    def __call__(self, word: str, text: str | None = None) -> bool:
        seen = self.seen.get(text)
        if seen is None:
            seen = self.seen[text] = {}
        got = seen.get(word)
        if got is None:
            c = compact(word)
            got = seen[word] = bool(c) and (c in (self.compact if text is None else text) or word in self.names)
        return got


@lru_cache(maxsize=4096)
def _metric_words(metric: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...], str]:
    """A metric's words (`_words`), their compact forms and their lengths in letters, and the
    compact metric."""
    words = _words(metric)
    compacts = tuple(compact(w) for w in words)
    return words, compacts, tuple(len(c) for c in compacts), compact(metric)


@lru_cache(maxsize=4096)
def _counted_words(metric: str) -> tuple[str, ...]:
    """The words of a metric's name that count in `Index.metric_share`."""
    words = [w for w in re.split(r"[\s·(),/]+", metric) if w]
    short_name = len(words) <= 2  # "팀 수", "실 수": the one-letter word is the name
    return tuple([w for w in words if len(compact(w)) >= 2 or w in GENERIC_MEASURES or short_name] or words)


def _whole_in_one_letter(q: Query) -> bool:
    """The only words naming a whole are typed in one letter ("총"), and no category is named."""
    wholes = [w for w in q.words if the_whole(w)]
    return bool(wholes) and not q.qualifiers and all(w in q.short_words for w in wholes)


@lru_cache(maxsize=4096)
def _only_defaults(qualifier: str) -> bool:
    """Every word of a category is a default reading (DEFAULT_QUALIFIERS)."""
    return set(qualifier.split()) <= DEFAULT_QUALIFIERS


def the_whole(qualifier: str) -> bool:
    """A category that is the whole of a table's rows (합계, 계, 전체: a default that is no part)."""
    return _only_defaults(qualifier) and not set(qualifier.split()) & set(PART_DEFAULTS)


# the longer unit first: "몇 분야" asks 분야, not 분 (minutes)
_ASKED_UNIT = re.compile(
    r"몇\s*(" + "|".join(re.escape(u) for u in sorted(words.ASKED_UNITS, key=len, reverse=True)) + ")"
)
# "몇 개 분야": the counter written after 개 (a word of two letters or more: 분야, 단계, 병상)
_COUNTERS_AFTER_GAE = [
    re.escape(u)
    for u in sorted(words.ASKED_UNITS, key=len, reverse=True)
    if len(u) >= 2 and u.isalpha() and not u.startswith("개") and u not in words.UNIT_OF
]
_COUNTER_AFTER_GAE = re.compile(
    r"몇\s*개\s*(" + "|".join(_COUNTERS_AFTER_GAE) + ")" if _COUNTERS_AFTER_GAE else r"(?!)"
)
_UNIT_OF = words.UNIT_OF
MONEY_UNITS = words.MONEY_UNITS


_UNIT_WORDS = words.UNIT_WORDS


_MONEY_UNIT_ASKED = re.compile("(" + "|".join(re.escape(u) for u in words.MONEY_UNITS_ASKED) + ")단위")


_MEASURE_ENDINGS = words.MEASURE_ENDINGS


def _stem_named(word: str, q: Query, named: _Named) -> bool:
    """A measure word whose stem the question names while its unit is asked: 사용액, 재결건수."""
    stems = _measure_stems(word)  # (most words end in no measure ending: nothing to read)
    return bool(stems) and any(named(stem, q.residual_names) for stem in stems)


@lru_cache(maxsize=4096)
def _measure_stems(word: str) -> tuple[str, ...]:
    """The word without each measure ending it ends in (stems of two letters or more)."""
    return tuple(word[: -len(end)] for end in _MEASURE_ENDINGS if word.endswith(end) and len(word[: -len(end)]) >= 2)


def asked_unit(q: Query) -> str | None:
    """ "몇 명" asks for people, "몇 회" for times, "몇 %" for a rate, "건수" for cases,
    "백만원 단위로" for a figure printed in 백만원."""
    return _asked_unit(q.compact)


@lru_cache(maxsize=4096)
def _asked_unit(text: str) -> str | None:
    if counted := counted_unit(text):
        return counted
    for word, unit in _UNIT_WORDS.items():
        if word in text:
            return unit
    return "원" if "얼마" in text else None


@lru_cache(maxsize=4096)
def counted_unit(text: str) -> str | None:
    """The unit a question names by counting ("몇 명", "몇 회", "몇 %", "백만원 단위로"), not the
    one "얼마" or a measure word only suggests."""
    m = _MONEY_UNIT_ASKED.search(text) or _COUNTER_AFTER_GAE.search(text) or _ASKED_UNIT.search(text)
    return _UNIT_OF.get(m.group(1), m.group(1)) if m else None


def unit_fits(asked: str | None, unit: str) -> bool:
    """The fact's unit answers the asked one; "몇 개" is answered by any counter (팀, 담당관, 개소)."""
    if not asked or not unit:
        return False
    if asked == "원":
        return unit.split()[0] in MONEY_UNITS
    if asked in MONEY_UNITS:
        return unit.split()[0] == asked
    if asked in words.PLACE_COUNTERS and unit.split()[0] in words.PLACE_COUNTERS:
        return True  # "몇 곳": 10개소
    if asked == "개":
        first = unit.split()[0]
        return first not in MONEY_UNITS and not first.startswith(("%", "시간", "일", "분", "명", "회"))  # 회: times
    return unit.startswith(asked) or unit.removeprefix("개").lstrip().startswith(asked)  # "5개팀" counts 팀


_SIZE_RANGE = re.compile(r"(\d+)\s*~\s*(\d+)\s*인")
_SIZE_UP = re.compile(r"(\d+)\s*인\s*이상")
# a run of digits is read from its first digit only: no retrying inside "111…1" (quadratic)
_SIZE_ONE = re.compile(r"(?<!\d)(\d+)\s*인")


@lru_cache(maxsize=4096)
def _asked_size(text: str) -> int | None:
    m = _SIZE_ONE.search(text)
    return int(m.group(1)) if m else None


_ONE_SIZE = re.compile(r"(?<![\d~])(\d+)인(?!\s*이상)")  # one household size ("1인 가구", "5인"), no range


def asked_size(q: Query) -> int | None:
    """The household size the question names, or else the one of a category it carries over
    ("정부지원금은?" after "1인가구 얼마": 1, though 재난긴급생활비 answered it as 1~2인 가구)."""
    n = _asked_size(q.compact)
    if n is None:
        sizes = {int(m.group(1)) for x in q.qualifiers if "~" not in x and (m := _ONE_SIZE.search(x))}
        n = sizes.pop() if len(sizes) == 1 else None
    return n


def size_match(qualifier: str, q: Query) -> float | None:
    """Household sizes: "4인 가구" is in "3~4인 가구" and in "4인 이상 가구", not in "1인 가구".
    None when the qualifier or the question names no size."""
    n = asked_size(q)
    if n is None or "인" not in qualifier:
        return None
    if m := _SIZE_RANGE.search(qualifier):
        return 1.0 if int(m.group(1)) <= n <= int(m.group(2)) else 0.0
    if m := _SIZE_UP.search(qualifier):
        return 1.0 if n >= int(m.group(1)) else 0.0
    if m := _SIZE_ONE.search(qualifier):
        return 1.0 if n == int(m.group(1)) else 0.0
    return None


def effective_period(fact: Fact, report_year: str) -> str:
    """When a figure holds: its period, else its as-of date, else the report's year."""
    return fact.period or (fact.as_of or "")[:10] or report_year


def fact_periods(fact: Fact, report_year: str) -> list[str]:
    """Every way a question may date this figure: its period and its as-of date."""
    out = [effective_period(fact, report_year)]
    if fact.as_of and fact.as_of[:10] not in out:
        out.append(fact.as_of[:10])
    return out


def holds_period(fact: Fact, periods: Sequence[str], report_year: str) -> bool:
    """Some way the figure is dated (`fact_periods`) fits one of the periods asked."""
    return any(period_matches(e, x) for e in fact_periods(fact, report_year) for x in periods)


def period_matches(eff: str, asked: str) -> bool:
    if "~" in asked:
        lo, hi = asked.split("~", 1)
        return lo <= eff[:10] <= hi and len(eff) >= len(lo)
    if "~" in eff:
        lo, hi = eff.split("~", 1)
        return lo[: len(asked)] <= asked <= (hi[: len(asked)] or "9999")
    return eff.startswith(asked) if len(asked) == 4 else eff == asked


def _period_bonus(fact: Fact, asked: list[str], report_year: str) -> float | None:
    """How well a figure's dates fit the asked ones: its own period best, then its as-of date,
    then the report's year for an undated figure; None when none fits."""
    if fact.period and any(period_matches(fact.period, a) for a in asked):
        return PERIOD_OWN
    if fact.as_of and any(period_matches(fact.as_of[:10], a) for a in asked):
        return PERIOD_AS_OF
    if not fact.period and not fact.as_of and any(period_matches(report_year, a) for a in asked):
        return PERIOD_UNDATED
    return None


class _QueryMemo:
    """What scoring one query reads once: what it names, per metric (and whether the asked unit
    fits), per subject, unit, date and category, and the question's weighted bigrams."""

    def __init__(self, q: Query, fact_subjects: set[str]):
        self.named = _Named(q)
        self.metrics: dict[tuple[str, bool], _MetricRead] = {}
        self.subjects: dict[str, float] = {}
        self.known: tuple[frozenset[str], float] | None = None
        self.unit = asked_unit(q)
        # one count asked in a counter of its own ("몇 개 분야"): a figure in another unit cannot answer it
        self.counted = counted_unit(q.compact) if q.compact.count("몇") == 1 else None
        self.fits: dict[str, bool] = {}  # a fact's unit → it answers the asked one
        self.periods: dict[tuple[str | None, str | None], float | None] = {}  # (period, as of) → bonus
        self.sizes: dict[str, float | None] = {}  # a qualifier → size_match
        self.size_asked = asked_size(q) is not None  # else size_match is None for every qualifier
        # a qualifier (not named whole, no size), and whether the fact's subject is named → its words' share
        self.qualifiers: dict[tuple[str, bool], float] = {}
        self.metric_compacts = [compact(m) for m in q.metrics]
        self.other_metrics = bool(set(q.metrics) - GENERIC_MEASURES)
        self.named_fact_subjects = [s for s in q.subjects if s in fact_subjects]
        self.subject_compacts = [compact(s) for s in q.subjects]
        self.word_spans: list[tuple[int, int, str]] | None = None  # where subjects' longer words are written


class _MetricRead(NamedTuple):  # a tuple: made for every metric of every query scored
    canonical: bool  # the metric itself is named
    share: float  # how much of its name is named (Index.metric_share)
    other_asked: bool  # another metric is asked and no word of this one is named
    narrower: bool  # every word of it is written, one of them a named metric ("평균 승소율")
    named_letters: float  # a small bonus for the letters of it named (대학원 over 대학)


class Scored(NamedTuple):  # a tuple: made for every record scored
    score: float
    fact: Fact
    subject_share: float
    metric_share: float


_score = attrgetter("score")
_first = itemgetter(0)


class Index:
    """Precomputed bigram weights over all record texts (IDF), for text similarity."""

    def __init__(self, kb: Knowledge, report_year: str):
        self.kb = kb
        self.report_year = report_year
        fact_docs = [bigrams(f"{f.label} {f.subject or ''} {f.metric} {f.qualifier or ''}") for f in kb.facts]
        detail_docs = [bigrams(f"{d.subject} {d.aspect} {d.text}") for d in kb.details]
        schedule_docs = [bigrams(s.what) for s in kb.schedule]
        docs = fact_docs + detail_docs + schedule_docs
        df = Counter(b for d in docs for b in d)
        n = len(docs) or 1
        self.idf = {b: math.log(1 + n / c) for b, c in df.items()}
        self.fact_bigrams = {f.id: b for f, b in zip(kb.facts, fact_docs)}
        self.detail_bigrams = {d.id: b for d, b in zip(kb.details, detail_docs)}
        self.schedule_bigrams = {s.id: b for s, b in zip(kb.schedule, schedule_docs)}
        self.metrics_of_qualifier: dict[str, set[str]] = {}
        # … and of each subject's category ("적정" of 학술용역 심의위원회: 심의 건수 alone)
        self.metrics_of_own_qualifier: dict[tuple[str, str], set[str]] = {}
        self.full_qualifiers = {f.qualifier for f in kb.facts if f.qualifier}
        for f in kb.facts:
            for x in {f.qualifier or "", *(f.qualifier or "").split()} - {""}:
                self.metrics_of_qualifier.setdefault(x, set()).add(f.metric)
                self.metrics_of_own_qualifier.setdefault((f.subject or "", x), set()).add(f.metric)
        self._fact_subjects = {f.subject for f in kb.facts if f.subject}
        # the longer words of the subjects' names ("투자사업" of 50억원 이상 투자사업): a shorter word of
        # another subject written only inside one of them ("사업" of 일자리 사업) does not name it
        self.subject_words = frozenset(
            c for s in self._fact_subjects for w in _words(s) if len(c := compact(w)) >= LONGER_WORD_LETTERS
        )
        # figures that hold in the report's year (`effective_period`): no period asked, they go first
        self.of_report_year = frozenset(
            f.id for f in kb.facts if effective_period(f, report_year).startswith(report_year)
        )
        self.candidates = Candidates(kb, detail_docs)
        self._facts_memo: dict[tuple[object, ...], list[Scored]] = {}
        self._details_memo: dict[tuple[object, ...], list[tuple[float, Detail]]] = {}

    @cached_property
    def detail_rows(self) -> list[tuple[str, str, str, Set[str]]]:
        """Each text item's subject, aspect, section and bigrams, by position (read for every text
        item a question reaches; built at the first question that reads text items)."""
        return [(d.subject, d.aspect, d.section, self.detail_bigrams[d.id]) for d in self.kb.details]

    @cached_property
    def detail_name_words(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """A text item's subject or aspect → its words (`_words`), each with its compact form
        (built at the first question that reads text items)."""
        return {
            name: tuple((w, compact(w)) for w in _words(name))
            for d in self.kb.details
            for name in (d.subject, d.aspect)
            if name
        }

    def similarity(self, q_bigrams: Set[str], doc: Set[str]) -> float:
        """Share of the question's known bigrams (IDF-weighted) that the record contains (a frozenset
        of the question's is read for its known bigrams without a copy)."""
        known, total = self._known(frozenset(q_bigrams))
        if not total:
            return 0.0
        idf = self.idf
        return math.fsum(map(idf.__getitem__, known.intersection(doc))) / total  # fsum: exact, in any order

    @lru_cache(maxsize=1024)  # noqa: B019 - one Index per engine, kept for its lifetime
    def _known(self, q_bigrams: frozenset[str]) -> tuple[frozenset[str], float]:
        """The question's bigrams the records use, and their total weight (computed once per question)."""
        known = frozenset(self.idf.keys() & q_bigrams)
        return known, math.fsum(map(self.idf.__getitem__, known))

    # --- facts ----------------------------------------------------------------------------
    def _read_metric(self, fact: Fact, q: Query, fits: bool, memo: _QueryMemo) -> _MetricRead:
        """How the question names a fact's metric (the same for every fact of that metric)."""
        named = memo.named
        words, compacts, letters, whole = _metric_words(fact.metric)
        canonical_metric = fact.metric in q.metrics
        metric = 1.0 if canonical_metric else self._metric_share(fact.metric, q, fits, named)
        other_asked = memo.other_metrics and not canonical_metric and metric < 1.0
        if other_asked:
            residual = q.residual_names
            for w, c in zip(words, compacts):
                if c not in memo.subject_compacts and named(w, residual):  # (the subject's name in
                    other_asked = False  # "공익감사단 인원" names no measure: 예산 is not it)
                    break
        if other_asked:  # the figure is ruled out: nothing more of it is read
            return _MetricRead(canonical_metric, metric, True, False, 0.0)
        # "평균 승소율" fully named is a narrower 승소율 than the bare 승소율 the question also names
        asked = memo.metric_compacts
        narrower = by_a_letter = False
        if asked and any(m in whole for m in asked):
            # … its one-letter words too, written apart from a number ("재결건수 월 몇 건": 월 재결건수)
            every = compacts + tuple(c for c in map(compact, fact.metric.split()) if len(c) == 1)
            extra = [c for c in every if not any(c in m for m in asked)]
            narrower = bool(extra) and all(_written(c, q.compact) for c in extra)
            by_a_letter = narrower and any(len(c) == 1 for c in extra)
        letters_named = 0
        for w, n in zip(words, letters):
            if named(w):
                letters_named += n
        named_letters = NAMED_LETTER_BONUS * letters_named  # 대학원 over 대학
        if by_a_letter:  # the bare metric cannot hold the letter written: the narrower one wins
            named_letters += NARROWER_BONUS
        return _MetricRead(canonical_metric, metric, False, narrower, named_letters)

    def _read_subject(self, subject: str, q: Query, memo: _QueryMemo) -> float:
        """How much the question names a fact's subject (0, 0.5 … 1)."""
        value = 1.0 if subject in q.subjects else _word_share(subject, memo.named, None)
        if 0.5 <= value < 1.0:
            value = self._unshadowed_share(subject, q, memo)
        if value < 1.0 and any(s in compact(subject) for s in memo.subject_compacts):
            value = max(value, PARTIAL_SUBJECT)  # "민간위탁" names 민간위탁운영평가위원회 in part
        return 0.0 if value < 0.5 else value

    def _unshadowed_share(self, subject: str, q: Query, memo: _QueryMemo) -> float:
        """`_word_share` of a subject not named whole, read with every longer word of another
        subject's name masked out of the question ("투자사업 집행률" does not name the 사업 of 일자리
        사업)."""
        if memo.word_spans is None:
            memo.word_spans = [
                (m.start(), m.end(), c) for c in self.subject_words for m in re.finditer(re.escape(c), q.compact)
            ]
        own = {compact(w) for w in _words(subject)}
        masked = list(q.compact)
        for start, end, c in memo.word_spans:
            if c not in own:
                masked[start:end] = "#" * (end - start)
        return _word_share(subject, memo.named, "".join(masked))

    def score_fact(
        self,
        fact: Fact,
        q: Query,
        q_bigrams: Set[str],
        *,
        need_subject: bool = True,
        memo: _QueryMemo | None = None,
    ) -> Scored | None:
        """`memo` (one per query) keeps what depends only on the metric, the subject, the unit,
        the dates or the category."""
        if memo is None:
            memo = _QueryMemo(q, self._fact_subjects)
        bonus = None
        if q.periods:  # a named period that does not fit rules the figure out at once
            dates = (fact.period, fact.as_of)
            try:
                bonus = memo.periods[dates]
            except KeyError:  # (the first figure of these dates)
                bonus = memo.periods[dates] = _period_bonus(fact, q.periods, self.report_year)
            if bonus is None:
                return None
        qualifier = fact.qualifier
        size = None
        if qualifier and memo.size_asked:  # (no size asked: no category's size is read)
            try:
                size = memo.sizes[qualifier]
            except KeyError:  # (the first figure of this category)
                size = memo.sizes[qualifier] = size_match(qualifier, q)
            if size == 0.0:
                return None  # another household size
        unit = memo.unit
        fits = memo.fits.get(fact.unit)
        if fits is None:
            fits = memo.fits[fact.unit] = unit_fits(unit, fact.unit)
        key = (fact.metric, fits)
        read = memo.metrics.get(key)
        if read is None:
            read = memo.metrics[key] = self._read_metric(fact, q, fits, memo)
        canonical_metric, metric = read.canonical, read.share
        if read.other_asked:
            return None  # "시립대학교 예산": 예산 was asked, "대학원 수" is not it
        if metric < 0.5:
            implied = bool(q.qualifiers) and any(  # (no category named: none implies the metric)
                x in q.qualifiers
                and (len(compact(x)) >= 3 or x in self.full_qualifiers)  # "전체" yes, the 가구 of "1~2인 가구" no
                and (
                    len(self.metrics_of_qualifier[x]) == 1
                    or (fact.subject in q.subjects and len(self.metrics_of_own_qualifier[(fact.subject, x)]) == 1)
                )
                for x in {qualifier or "", *(qualifier or "").split()}
            )
            if not size and not implied:
                return None
            metric = 0.5  # "4인 가구는 얼마?", "사전검토 및 심사 총계": the category names the count
        subject = 0.0
        if fact.subject:
            got_subject = memo.subjects.get(fact.subject)
            if got_subject is None:
                got_subject = memo.subjects[fact.subject] = self._read_subject(fact.subject, q, memo)
            subject = got_subject
        named_fact_subjects = memo.named_fact_subjects
        if need_subject and fact.subject_required and subject < 1.0:
            return None
        if named_fact_subjects and subject == 0.0:
            return None
        if named_fact_subjects and subject < 1.0 and fact.subject not in named_fact_subjects:
            score_penalty = OTHER_SUBJECT_PENALTY  # another subject was named exactly
        elif q.subjects and subject == 0.0:
            score_penalty = (
                OTHER_SUBJECT_PENALTY  # the question is about something else ("학술용역 … 기간" is no 소송 figure)
            )
        else:
            score_penalty = 0.0
        specific = metric == 1.0 and read.narrower
        score = (
            METRIC_WEIGHT * metric
            + SUBJECT_WEIGHT * subject
            + (EXACT_METRIC_BONUS if canonical_metric or specific else 0.0)
            - score_penalty
        )
        score += read.named_letters
        if bonus is not None:
            score += bonus
        elif fact.id in self.of_report_year:
            score += REPORT_YEAR_BONUS
        if fits:
            score += UNIT_BONUS if unit != "원" else MONEY_UNIT_BONUS
        elif memo.counted in COUNTED_NOUNS:
            score -= COUNTER_MISFIT_PENALTY  # "몇 개 분야" is not 39명
        if qualifier:
            if size or qualifier in q.qualifiers:
                qual = 1.0
            elif (got_qual := memo.qualifiers.get((qualifier, subject > 0))) is not None:
                qual = got_qual
            else:  # words inside another named category do not count ("사전검토" in "사전검토 및 심사")
                where = q.residual if q.residual is not None else q.residual_names
                qual = _word_share(qualifier, memo.named, where)
                # "총", "전체": the whole, whatever a table calls its total (합계, 계); a whole word of one
                # letter says too little alone (the 계 of "계산되나요")
                # ("일반직 정원이랑 현원 모두": a part is named, the whole word sums up what is listed)
                if (
                    qual < 1
                    and the_whole(qualifier)
                    and any(the_whole(w) and len(w) >= WHOLE_WORD_LETTERS for w in q.words)
                    and all(the_whole(x) for x in q.qualifiers)
                ):
                    qual = 1.0
                if qual and subject == 0 and _whole_in_one_letter(q) and the_whole(qualifier):
                    qual = 0.0  # "팀은 총 몇 개": one letter names the whole of a table only when its subject is named
                memo.qualifiers[qualifier, subject > 0] = qual
            score += CATEGORY_WEIGHT * qual
            if qual == 1.0:  # "총계" names both 계 and 전체 of "계 전체": the fuller match wins
                score += FULLER_CATEGORY_BONUS * (len(qualifier.split()) - 1)
            if qual < 1 and not _only_defaults(qualifier):
                score -= UNNAMED_CATEGORY_PENALTY * (1 - qual)
            elif qual < 1 and qualifier in PART_DEFAULTS:
                score -= PART_DEFAULT_PENALTY  # "기조실 예산 총액": 총규모, not the 일반회계 총액
        elif q.qualifiers:
            score -= CATEGORY_NOT_HELD_PENALTY
        if fact.section in q.sections:
            score += SECTION_BONUS
        if memo.known is None:
            memo.known = self._known(frozenset(q_bigrams))
        grams, total = memo.known
        idf = self.idf
        text = math.fsum(map(idf.__getitem__, grams.intersection(self.fact_bigrams[fact.id]))) / total if total else 0.0
        score += LETTERS_WEIGHT * text
        return Scored(score, fact, subject, metric)

    @staticmethod
    def metric_share(fact: Fact, q: Query, unit_fits: bool) -> float:
        """How much of the metric's name the question names. A word written only inside a
        named subject ("예산" in "예산담당관") does not count on its own: at least one word must
        stand outside the subjects, or be a "how many" word the asked unit answers."""
        return Index._metric_share(fact.metric, q, unit_fits, _Named(q))

    @staticmethod
    def _metric_share(metric: str, q: Query, unit_fits: bool, named: _Named) -> float:
        counted = _counted_words(metric)
        outside, anywhere = 0, 0.0
        for w in counted:
            if w in GENERIC_MEASURES:  # "수" is named by "몇 명" or by "… 수는", not by the 수 of 수행
                where = q.residual_names if q.residual_names is not None else q.compact
                if unit_fits or _standing_alone(w).search(where):
                    outside += 1
                    anywhere += 1
            elif named(w, q.residual_names):
                outside += 1
                anywhere += 1
            elif unit_fits and _stem_named(w, q, named):
                outside += 1  # "사용한 … 금액" names 사용액, "재결 … 몇 건" 재결건수
                anywhere += 1
            elif named(w):
                anywhere += 0.6  # inside a named subject: weaker ("실" of 기획조정실 for "실 수")
        return anywhere / len(counted) if outside else 0.0

    @property
    def kb_fact_subjects(self) -> set[str]:
        return self._fact_subjects

    def facts(self, q: Query, *, need_subject: bool = True, rows_only: bool = False) -> list[Scored]:
        """The facts the question may ask for, best first. Only the facts it can reach are
        scored (see `Candidates`): the work does not grow with the knowledge base. The answerers
        ask the same query more than once, so the last few results are kept. `rows_only`: only
        table rows' figures (a department's, a country's), the others not scored at all."""
        key = (q.key(), need_subject, rows_only)
        hit = self._facts_memo.get(key)
        if hit is None:
            hit = self._facts(q, need_subject=need_subject, rows_only=rows_only)
            if len(self._facts_memo) >= MEMO_SIZE:
                self._facts_memo.pop(next(iter(self._facts_memo)))
            self._facts_memo[key] = hit
        return list(hit)

    def _facts(self, q: Query, *, need_subject: bool, rows_only: bool) -> list[Scored]:
        memo = _QueryMemo(q, self._fact_subjects)
        qb = question_bigrams(q.compact)
        facts = self.kb.facts
        out = [
            s
            for i in self.candidates.facts(q, need_subject=need_subject, rows_only=rows_only)
            if (s := self.score_fact(facts[i], q, qb, need_subject=need_subject, memo=memo))
        ]
        out.sort(key=_score, reverse=True)  # best first; ties keep the candidates' order (a stable sort)
        return out

    # --- details and schedule --------------------------------------------------------------
    def details(self, q: Query) -> list[tuple[float, Detail]]:
        key = q.key()
        hit = self._details_memo.get(key)
        if hit is None:
            hit = self._details(q)
            if len(self._details_memo) >= MEMO_SIZE:
                self._details_memo.pop(next(iter(self._details_memo)))
            self._details_memo[key] = hit
        return list(hit)

    def _details(self, q: Query) -> list[tuple[float, Detail]]:
        qb = question_bigrams(q.residual_names if q.subjects and q.residual_names else q.compact)
        out = []
        known, total = self._known(frozenset(qb))
        idf = self.idf
        # subjects and aspects recur across text items: each read once
        subject_shares: dict[str, float] = {}
        aspect_shares: dict[str, float] = {}
        where, names = q.compact, _Named(q).names
        name_words = self.detail_name_words

        def share(name: str, where: str = where) -> float:  # word_share, over the words split at load
            pairs = name_words.get(name, ())
            named = 0
            for w, c in pairs:
                if c and (c in where or w in names):
                    named += 1
            return named / len(pairs) if pairs else 0.0

        details, subjects, aspects, sections = self.kb.details, q.subjects, q.aspects, q.sections
        rows = self.detail_rows
        # an aspect is read outside the subjects named ("심사" of 계약심사 names no 심사), and one inside
        # a longer aspect named is that one's part, named too or only written by its letters ("심사" in
        # "심사결과", the 심사 heading of "심사에서 뭐 고쳤어")
        aspect_where = where
        for named_subject in q.subjects:
            aspect_where = aspect_where.replace(compact(named_subject), "#")
        inside = {a for a in aspects if any(a != b and compact(a) in compact(b) for b in aspects)}
        for i in self.candidates.details(q, qb):
            d_subject, d_aspect, d_section, doc = rows[i]
            if d_subject in subjects:
                subject = 1.0
            elif (subject_share := subject_shares.get(d_subject)) is not None:
                subject = subject_share
            else:
                subject = subject_shares[d_subject] = share(d_subject)
            if d_aspect in aspects and d_aspect not in inside:
                aspect = 1.0
            elif not d_aspect:
                aspect = 0.0
            elif (aspect_share := aspect_shares.get(d_aspect)) is not None:
                aspect = aspect_share
            else:
                aspect = share(d_aspect, aspect_where)
                if any(compact(d_aspect) in compact(a) for a in aspects):
                    aspect = min(aspect, PART_ASPECT)
                aspect_shares[d_aspect] = aspect
            text = math.fsum(map(idf.__getitem__, known.intersection(doc))) / total if total else 0.0
            score = (
                DETAIL_SUBJECT_WEIGHT * (subject if subject >= 0.5 else 0)
                + DETAIL_ASPECT_WEIGHT * aspect
                + DETAIL_LETTERS_WEIGHT * text
            )
            if subjects and subject < 0.5 and text < 0.5:
                score *= DETAIL_OTHER_SUBJECT_FACTOR  # "포괄비 금액" is not 재난긴급생활비's 금액
            if d_section in sections:
                score += DETAIL_SECTION_BONUS
            if score > 0:
                out.append((score, details[i]))
        out.sort(key=_first, reverse=True)  # best first; ties keep the candidates' order (a stable sort)
        return out

    def schedule(self, q: Query) -> list[tuple[float, ScheduleItem]]:
        # `similarity` for every item, the question's known bigrams and their weight read once; the
        # subjects a follow-up took from the conversation (none of their letters written) are read as
        # if written ("언제까지 다 줘?" after 재난긴급생활비)
        written = bigrams(q.compact)
        said = q.compact + "".join(c for s in q.subjects if not bigrams(c := compact(s)) & written)
        known, total = self._known(question_bigrams(said))
        idf, bigrams_of = self.idf, self.schedule_bigrams
        out = []
        for s in self.kb.schedule:
            if q.months and not any(_in_month(s, self.report_year, m) for m in q.months):
                continue
            shared = known.intersection(bigrams_of[s.id]) if total else None  # (most items share none)
            text = math.fsum(map(idf.__getitem__, shared)) / total if shared else 0.0
            score = SCHEDULE_LETTERS_WEIGHT * text
            if s.section in q.sections:
                score += SCHEDULE_SECTION_BONUS
            out.append((score, s))
        return sorted(out, key=lambda x: -x[0])


def _in_month(item: ScheduleItem, year: str, month: int) -> bool:
    """The item's date range touches that month of the report's year."""
    ym = f"{year}-{month:02d}"
    start = (item.start or "")[:7]
    end = (item.end or "")[:7]
    if not start:
        return False
    if len(start) == 4:
        start = f"{start}-01"
    if not end:
        return start == ym  # open-ended: only where it starts
    if len(end) == 4:
        end = f"{end}-12"
    return start <= ym <= end


def _prefixes(index: dict[str, set[int]]) -> frozenset[str]:
    """Every beginning of every key (the keys too)."""
    return frozenset(key[:n] for key in index for n in range(1, len(key) + 1))


class Candidates:
    """Which records a question can reach, from maps built once: a fact scores only when a word
    of its metric (or its stem), its metric, a household size or a category naming the metric by
    itself is named; a text
    item when a word of its subject or aspect is named, it shares a bigram with the question or
    it is in a named section. Supersets of what scoring keeps, so answers are the same as scoring
    every record; looked up by the question's substrings, so the work does not grow with the
    knowledge base. Results are record positions in knowledge-base order (ties keep that order)."""

    def __init__(self, kb: Knowledge, detail_bigrams: list[set[str]]):
        self.fact_word: dict[str, set[int]] = {}  # a metric word (compact or as written) or stem
        self.fact_metric: dict[str, set[int]] = {}
        self.fact_qualifier: dict[str, set[int]] = {}
        self.fact_generic: dict[tuple[str, str], set[int]] = {}  # (how-many word, unit)
        self.fact_sized: set[int] = set()
        self.row_fact: set[int] = set()  # a table row's figure: only reached when its subject is named
        self.required_fact: set[int] = set()  # every figure that needs its subject named
        self.subject_word: dict[str, set[int]] = {}  # a word of a fact's subject, or the whole subject
        self.subject_part: dict[str, set[int]] = {}  # any piece of a fact's compact subject
        facts_of_subject: dict[str, set[int]] = {}
        for i, f in enumerate(kb.facts):
            self.fact_metric.setdefault(f.metric, set()).add(i)
            for w in (x for x in re.split(r"[\s·(),/]+", f.metric) if x):
                for key in {w, compact(w)} - {""}:
                    self.fact_word.setdefault(key, set()).add(i)
                for end in _MEASURE_ENDINGS:
                    if w.endswith(end) and len(w) > len(end):
                        stem = w[: -len(end)]
                        for key in {stem, compact(stem)} - {""}:
                            self.fact_word.setdefault(key, set()).add(i)
                if w in GENERIC_MEASURES:
                    self.fact_generic.setdefault((w, f.unit), set()).add(i)
            for x in {f.qualifier or "", *(f.qualifier or "").split()} - {""}:
                self.fact_qualifier.setdefault(x, set()).add(i)
            if "인" in (f.qualifier or ""):
                self.fact_sized.add(i)
            if f.subject_required:
                self.required_fact.add(i)
            if f.subject_required and f.subject:
                self.row_fact.add(i)
            if f.subject:
                facts_of_subject.setdefault(f.subject, set()).add(i)
        for subject, ids in facts_of_subject.items():  # each subject's keys once, for all its facts
            for w in (subject, *_words(subject)):
                for key in {w, compact(w)} - {""}:
                    self.subject_word.setdefault(key, set()).update(ids)
            c = compact(subject)
            for a in range(len(c)):
                for b in range(a + 1, len(c) + 1):
                    self.subject_part.setdefault(c[a:b], set()).update(ids)
        self._details, self._detail_bigrams = kb.details, detail_bigrams  # mapped at the first text item asked
        # a category that names its figure's metric by itself (Index.score_fact's `implied`): a figure
        # reached only through another named category names no metric of it and cannot score
        metrics_of: dict[str, set[str]] = {}
        own_metrics: dict[tuple[str, str], set[str]] = {}  # … or of the subject named
        own_ids: dict[tuple[str, str], set[int]] = {}
        for i, f in enumerate(kb.facts):
            for x in {f.qualifier or "", *(f.qualifier or "").split()} - {""}:
                metrics_of.setdefault(x, set()).add(f.metric)
                own_metrics.setdefault((f.subject or "", x), set()).add(f.metric)
                own_ids.setdefault((f.subject or "", x), set()).add(i)
        full = {f.qualifier for f in kb.facts if f.qualifier}
        self.implying_qualifiers = frozenset(
            x for x, metrics in metrics_of.items() if (len(compact(x)) >= 3 or x in full) and len(metrics) == 1
        )
        self.own_implying: dict[tuple[str, str], set[int]] = {
            key: own_ids[key]
            for key, metrics in own_metrics.items()
            if (len(compact(key[1])) >= 3 or key[1] in full) and len(metrics) == 1
        }
        self.fact_prefixes = _prefixes(self.fact_word)
        self.subject_prefixes = _prefixes(self.subject_word)
        self.fact_subject_names = {f.subject for f in kb.facts if f.subject}
        self.generic_word: dict[str, set[int]] = {}  # a how-many word → every fact it may count
        for (word, _unit), ids in self.fact_generic.items():
            self.generic_word.setdefault(word, set()).update(ids)
        self._fitting: dict[str | None, dict[str, set[int]]] = {}  # see `fitting`

    def fitting(self, asked: str | None) -> dict[str, set[int]]:
        """A how-many word → the facts it may count whose unit answers the asked one (one table
        per asked unit, of which there are a few, kept)."""
        got = self._fitting.get(asked)
        if got is None:
            got = {}
            for (word, unit), ids in self.fact_generic.items():
                if unit_fits(asked, unit):
                    got.setdefault(word, set()).update(ids)
            self._fitting[asked] = got
        return got

    @staticmethod
    def _named(index: dict[str, set[int]], prefixes: frozenset[str], text: str, names: list[str]) -> set[int]:
        """Records under every key written inside the text or equal to one of the names. Each
        place of the text is read forward while what it holds begins some key (`prefixes`)."""
        out: set[int] = set()
        for piece in beginning_pieces(text, prefixes):
            hit = index.get(piece)
            if hit:
                out |= hit
        for name in names:
            hit = index.get(name)
            if hit:
                out |= hit
        return out

    def facts(self, q: Query, *, need_subject: bool = True, rows_only: bool = False) -> list[int]:
        names = [*q.words, *q.subjects, *q.metrics, *q.qualifiers, *q.aspects]
        where = q.residual_names if q.residual_names is not None else q.compact
        out = self._named(self.fact_word, self.fact_prefixes, where, names)
        for m in q.metrics:
            out |= self.fact_metric.get(m, set())
        for x in q.qualifiers:
            if x in self.implying_qualifiers:
                out |= self.fact_qualifier.get(x, set())
            for s in q.subjects:
                out |= self.own_implying.get((s, x), set())
        fitting = self.fitting(asked_unit(q))
        for word, ids in self.generic_word.items():  # a how-many word standing alone, or the unit asked
            if compact(word) in where and _standing_alone(word).search(where):  # (not written: not alone)
                out |= ids
            elif word in fitting:
                out |= fitting[word]
        if asked_size(q) is not None:
            out |= self.fact_sized
        named_subjects = [s for s in q.subjects if s in self.fact_subject_names]
        if need_subject or named_subjects:
            # a figure whose subject is not named (not one word of it, nor inside it) cannot score when
            # it is a table row, nor when the question names the subject of other figures
            reached = self._named(self.subject_word, self.subject_prefixes, q.compact, names)
            for s in q.subjects:
                reached |= self.subject_part.get(compact(s), set())
            if named_subjects:
                out &= reached
            else:
                out -= self.row_fact - reached
        if rows_only:
            out &= self.required_fact
        return sorted(out)

    @cached_property
    def detail_maps(self) -> tuple[dict[str, set[int]], frozenset[str], dict[str, set[int]], dict[str, set[int]]]:
        """Text items by a word of their subject or aspect (with those words' beginnings), by
        bigram and by section: built at the first question that reads text items."""
        word: dict[str, set[int]] = {}
        bigram: dict[str, set[int]] = {}
        section: dict[str, set[int]] = {}
        for i, d in enumerate(self._details):
            for w in (*_words(d.subject), *_words(d.aspect)):
                for key in {w, compact(w)} - {""}:
                    word.setdefault(key, set()).add(i)
            word.setdefault(d.subject, set()).add(i)
            word.setdefault(d.aspect, set()).add(i)
            for gram in self._detail_bigrams[i]:
                bigram.setdefault(gram, set()).add(i)
            section.setdefault(d.section, set()).add(i)
        return word, _prefixes(word), bigram, section

    def details(self, q: Query, q_bigrams: Set[str]) -> list[int]:
        words, prefixes, bigrams, sections = self.detail_maps
        names = [*q.words, *q.subjects, *q.metrics, *q.qualifiers, *q.aspects]
        out = self._named(words, prefixes, q.compact, names)
        for b in q_bigrams:
            if hit := bigrams.get(b):
                out |= hit
        for sid in q.sections:
            out |= sections.get(sid, set())
        return sorted(out)
