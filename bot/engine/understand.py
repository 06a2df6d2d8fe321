"""From a Korean question to slots: which subjects, metrics, qualifiers, aspects, periods,
months and topics it names, which intent it has, and which names it uses that the report
does not cover.

The vocabulary is built from the knowledge base itself plus knowledge/aliases.yaml, so a fact
added to knowledge/ is recognised without code. Matching works on the compact form (no spaces,
so particles and letter-spacing do not matter); names of three syllables or more also match
with a one-letter typo (two for long names), compared letter by letter (jamo).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import chain
from typing import Any

from bot import paths
from bot.engine.intents import IntentConfig
from bot.engine.once import once
from bot.engine.thresholds import (
    ASKED_THEN_MORE,
    ASKED_THEN_MORE_GLUED,
    CLAUSE_JOIN,
    MAX_FILLER_LETTERS,
    MAX_TYPO_SEGMENT,
    MEASURE_STEM_MIN,
    NUMBERED,
    ROUND_TO_SCHEDULE,
    SEVERAL_ASKING,
    SHARED_HEAD_LETTERS,
    SHARED_METRIC_HEAD_LETTERS,
    SHORTENED_NAME_MIN,
)
from bot.korean import morph, words
from bot.korean.textnorm import (
    beginning_pieces,
    clean,
    compact,
    jamo,
    looks_like_predicate,
    starts_an_ending,
    strip_ending,
)
from bot.records import Knowledge

KINDS = ("subject", "metric", "qualifier", "aspect", "keyword")
NUMBERED_ASPECT = re.compile(r"(\D+?)\s*\d+")  # "전략 1": one of a numbered series of items
# the kinds of name read with an ending they share with the next one, and how many letters before it
SHARED_HEAD_KINDS = {"subject": SHARED_HEAD_LETTERS, "metric": SHARED_METRIC_HEAD_LETTERS}
# with no "and" between, the shared ending is a long one ("시 중앙 투자심사": 투자심사; not the 심사 of
# "시 계약심사", which is 계약심사 with 시 before it)
NO_AND_SHARED_ENDING = 3


@dataclass(frozen=True)
class Match:
    surface: str  # compact text found in the question (after typo repair: the known name)
    canonical: str
    kind: str
    start: int
    end: int
    fuzzy: bool = False


@dataclass
class Parsed:
    """What one question says, before any conversation context is applied."""

    text: str  # cleaned question
    compact: str  # compact form, typos repaired
    matches: list[Match] = field(default_factory=list)
    years: list[str] = field(default_factory=list)  # "2019"
    dates: list[str] = field(default_factory=list)  # "2020-04-16"
    months: list[int] = field(default_factory=list)
    days: list[int] = field(default_factory=list)  # a day of no month written ("14일은?"): the month asked before
    intent: str = "lookup"
    direction: str | None = None  # ranking: "max" or "min"
    by_last_word: bool = False  # the intent was read from a last-word keyword only ("운영 부서")
    out_of_scope: list[str] = field(default_factory=list)
    unknown_offices: list[str] = field(default_factory=list)
    residual: str = ""  # the compact question without its subject and metric names
    residual_names: str = ""  # … without its subject and qualifier names (where a metric's words may stand)
    says_each: bool = False  # asks of both things just asked ("각각", "둘 총사업비 합치면")
    memo: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)  # content words read
    analyzer: morph.Analyzer = field(default=morph.PLAIN, repr=False, compare=False)  # the one that read it

    def canon(self, kind: str) -> list[str]:
        seen: list[str] = []
        for m in self.matches:
            if m.kind == kind and m.canonical not in seen:
                seen.append(m.canonical)
        return seen

    @property
    def periods(self) -> list[str]:
        return self.dates + [y for y in self.years if not any(d.startswith(y) for d in self.dates)]

    def has_content(self) -> bool:
        return bool(self.matches or self.periods or self.months)


class Vocabulary:
    """Every name the knowledge base uses, by compact surface form."""

    def __init__(self, kb: Knowledge, config: IntentConfig):
        self.config = config
        names: dict[str, set[tuple[str, str]]] = defaultdict(set)

        def add(surface: str, canonical: str, kind: str) -> None:
            c = compact(surface)
            if c:
                names[c].add((canonical, kind))

        for f in kb.facts:
            if f.subject:
                add(f.subject, f.subject, "subject")
            add(f.metric, f.metric, "metric")
            for q in _qualifier_parts(f.qualifier):
                add(q, q, "qualifier")
        for d in kb.details:
            add(d.subject, d.subject, "subject")
            if d.aspect and not d.aspect.isdigit():
                add(d.aspect, d.aspect, "aspect")
                base = re.sub(r"\s*\(.*\)$", "", d.aspect)
                add(base, d.aspect, "aspect")
                for part in base.split():  # "관리시기 개선" is asked as "관리시기"
                    if len(part) >= 3:
                        add(part, part, "aspect")
                if (numbered := NUMBERED_ASPECT.fullmatch(base)) is not None:
                    add(numbered[1], d.aspect, "aspect")  # "전략" of 전략 1 … 전략 4: every one of them
        for s in kb.sections.values():
            for k in s.keywords:
                add(k, s.id, "keyword")
        known_kinds: dict[str, set[str]] = defaultdict(set)
        for pairs in names.values():
            for canonical, kind in pairs:
                known_kinds[canonical].add(kind)
        for word, synonyms in kb.words.items():
            for syn in [word, *synonyms]:
                add(syn, word, "word")
        for canonical, aliases in kb.aliases.items():
            kinds = known_kinds.get(canonical) or {"subject"}
            for alias in aliases:
                for kind in kinds:
                    add(alias, canonical, kind)
                    # a counting phrase of a count ("사업 몇 개" of 사업 수) with a word for the whole
                    # before 몇 ("사업 전체 몇 개")
                    if (at := compact(alias).find("몇")) > 0 and compact(canonical).endswith(
                        tuple(words.GENERIC_MEASURES)
                    ):
                        for whole in words.COUNT_WHOLE_WORDS:
                            add(compact(alias)[:at] + whole + compact(alias)[at:], canonical, kind)
        # an office named without its ending ("국제교류" of 국제교류담당관), when the stem names nothing else
        office_stems: set[tuple[str, str]] = set()
        for surface, pairs in list(names.items()):
            for canonical, kind in list(pairs):
                for suffix in words.OFFICE_SUFFIXES:
                    stem = surface[: -len(suffix)]
                    if (
                        kind == "subject"
                        and surface == compact(canonical)  # its own name, not an alias ("균형발전" is a policy)
                        and surface.endswith(suffix)
                        and len(stem) >= SHORTENED_NAME_MIN
                        and all(k == "keyword" for _, k in names.get(stem, ()))
                    ):
                        names[stem].add((canonical, kind))
                        office_stems.add((canonical, stem))
        self.office_stems = frozenset(office_stems)
        # a count of events named without its last word ("회당 주부심 지정" of … 지정 건수), when that
        # stem names nothing else and no other measure (a count of things is not: 직속기관 of 직속기관 수
        # is the thing itself, "직속기관 예산" asks no count)
        stems: dict[str, set[str]] = defaultdict(set)
        for f in kb.facts:
            head, _, last = f.metric.rpartition(" ")
            if head and last in words.EVENT_COUNTS and len(stem := compact(head)) >= MEASURE_STEM_MIN:
                stems[stem].add(f.metric)
        for stem, metrics in stems.items():
            if len(metrics) == 1 and stem not in names:
                names[stem].add((next(iter(metrics)), "metric"))
        # a surface → its (canonical, kind) pairs, sorted once here (the order matches are listed in)
        self.names = {c: tuple(sorted(pairs)) for c, pairs in names.items()}
        # surfaces that only name topics (a topic word hides no name inside it)
        self.keyword_only = frozenset(c for c, pairs in self.names.items() if all(k == "keyword" for _, k in pairs))
        # longest first, so "예산담당관" wins over "예산" at the same place
        self.surfaces = sorted(self.names, key=len, reverse=True)
        self.short_metrics = [
            (s, jamo(s)) for s in self.surfaces if len(s) == 2 and any(k == "metric" for _, k in self.names[s])
        ]
        self.fact_subjects = {f.subject for f in kb.facts if f.subject}
        self.metric_grams = frozenset(
            g for f in kb.facts for m in [compact(f.metric)] for g in (m[i : i + 2] for i in range(len(m) - 1))
        )
        self.subject_surfaces = [s for s in self.surfaces if any(k == "subject" for _, k in self.names[s])]
        subject_names: dict[str, set[str]] = defaultdict(set)  # a subject → every compact name of it
        for surface in self.subject_surfaces:
            for canonical, kind in self.names[surface]:
                if kind == "subject":
                    subject_names[canonical].add(surface)
        self.subject_names = {k: frozenset(v | {compact(k)}) for k, v in subject_names.items()}
        self.report_text = compact(" ".join(kb.source_lines), limit=None)
        self.report_bigrams = frozenset(self.report_text[i : i + 2] for i in range(len(self.report_text) - 1))
        # every number written with the letter after it ("3대", "21대"): a group the report counts
        self.written_counts = frozenset(n + unit for n, unit in _WRITTEN_COUNT.findall(self.report_text))
        self.name_prefixes = frozenset(s[:n] for s in self.names for n in range(1, len(s) + 1))

    @cached_property
    def analyzer(self) -> morph.Analyzer:
        """The morphological analyzer with the report's names kept whole (made at the first question)."""
        return morph.Analyzer(self.surfaces, paths.parsed_dir())

    @cached_property
    def short_metric_variants(self) -> dict[str, list[int]]:
        """Each two-letter metric name's letters (jamo), whole and with one letter left out → the
        names: two spellings one letter apart always share one of these (then measured exactly)."""
        index: dict[str, list[int]] = defaultdict(list)
        for i, (_, s_jamo) in enumerate(self.short_metrics):
            for v in _one_letter_less(s_jamo):
                if i not in index[v]:
                    index[v].append(i)
        return index

    @cached_property
    def fuzzy_surfaces(self) -> list[tuple[str, str, set[str]]]:
        """The names a typo may stand for, with their letters (jamo) and syllables: built at the
        first question that has a stretch no name covers (a plain `ask` may never need them)."""
        # a name beginning with a question word ("몇시에") is no repair of "몇이에요"
        return [
            (s, jamo(s), set(s))
            for s in self.surfaces
            if len(s) >= 3 and _hangul_share(s) >= 0.6 and not s.startswith(NOT_TYPO_TARGETS)
        ]

    @cached_property
    def fuzzy_by_char(self) -> dict[str, list[int]]:
        """A syllable → the fuzzy names holding it, by position (longest names first)."""
        by_char: dict[str, list[int]] = defaultdict(list)
        for i, (_, _, chars) in enumerate(self.fuzzy_surfaces):
            for ch in chars:
                by_char[ch].append(i)
        return by_char

    @cached_property
    def fuzzy_minus_lengths(self) -> list[int]:
        """Minus each fuzzy name's length: ascending, for bisect."""
        return [-len(name) for name, _, _ in self.fuzzy_surfaces]

    @cached_property
    def fuzzy_need(self) -> list[int]:
        """Syllables a fuzzy name must share with a stretch to be tried (fewer: more than its typos)."""
        return [max(2, len(name) - 1 - (len(name) >= 5)) for name, _, _ in self.fuzzy_surfaces]

    def repair_short_typos(self, c: str, matches: list[Match], starts: set[int]) -> str:
        """Two-letter metric names typed with one wrong letter ("예싼", "정웜" for 예산, 정원): a
        two-letter stretch that starts a word (or follows a known name), that no name covers and
        the report never writes, within one letter (jamo) of exactly one two-letter metric name,
        is read as that name. A stretch ending in a particle ("정은" of 규정은) is none."""
        taken = [False] * len(c)
        for m in matches:
            for i in range(m.start, min(m.end, len(c))):
                taken[i] = True
        typed_starts, starts = starts, starts | {m.end for m in matches}
        out = list(c)
        for i in range(len(c) - 1):
            window = c[i : i + 2]
            if i not in starts or taken[i] or taken[i + 1] or window[1] in PARTICLE_LETTERS:
                continue
            if i + 1 in typed_starts or c.startswith(ASKING_STARTS, i + 1):
                continue  # "참가비 얼마", "참가비얼마": 비 and the next word's first letter are no 비율
            if window in self.report_bigrams or _hangul_share(window) < 1:
                continue
            near = self._short_typos(window)
            if len(near) == 1:
                out[i : i + 2] = list(near[0])
                taken[i] = taken[i + 1] = True
        return "".join(out)

    @cached_property
    def _short_typos(self) -> Callable[[str], tuple[str, ...]]:
        """`_read_short_typos`, kept for the last two-letter stretches read (the same ones recur)."""
        return lru_cache(maxsize=TYPO_SEGMENTS_KEPT)(self._read_short_typos)

    def _read_short_typos(self, window: str) -> tuple[str, ...]:
        """The two-letter metric names within one letter (jamo) of a two-letter stretch."""
        typed = jamo(window)
        index = self.short_metric_variants
        maybe = {i for v in _one_letter_less(typed) if v in index for i in index[v]}
        return tuple({s for i in maybe for s, s_jamo in [self.short_metrics[i]] if _distance(typed, s_jamo, 1) <= 1})

    def repair_counter_typos(self, text: str) -> str:
        """ "몇멍" → 몇명: a letter after 몇 (not 몇 again: 몇몇) that the report never writes, ending the word (or
        followed by an ending: "몇멍이야", not "몇군데"), within one letter (jamo) of exactly one
        one-syllable counter (words.yaml `counters`), is that counter."""
        if "몇" not in text:
            return text

        def repaired(m: re.Match[str]) -> str:
            typed, rest = m.group(2), m.group(3)
            if typed == "몇" or typed in self.report_letters or (rest and not starts_an_ending(rest)):
                return m.group(0)
            near = [u for u in self.counter_letters if _distance(jamo(typed), jamo(u), 1) <= 1]
            return m.group(1) + near[0] + rest if len(near) == 1 else m.group(0)

        return _AFTER_HOW_MANY.sub(repaired, text)

    def repair_asking_typos(self, text: str) -> str:
        """ "얼미야" → 얼마야: two letters the report never writes together, starting as a two-letter
        asking word (words.yaml `asking_words`) does, within one letter (jamo) of it and ending
        the word or followed by an ending, are that word (also glued: "기금얼미야")."""
        out = text
        for at in range(len(text) - 1):
            typed = text[at : at + 2]
            if typed in self.report_bigrams or typed in ASKING_PAIRS or typed[0] not in ASKING_FIRST:
                continue
            near = [w for w in ASKING_PAIRS if w[0] == typed[0] and _distance(jamo(typed), jamo(w), 1) <= 1]
            rest = re.match(r"[가-힣]*", text[at + 2 :])
            tail = rest.group(0) if rest else ""
            if len(near) == 1 and (not tail or starts_an_ending(tail) or near[0] + tail in words.ENDING_SET):
                out = out[:at] + near[0] + out[at + 2 :]  # "얼만큼" stays: 큼 is no ending
        return out

    @cached_property
    def report_letters(self) -> frozenset[str]:
        return frozenset(self.report_text)

    @cached_property
    def counter_letters(self) -> tuple[str, ...]:
        return tuple(u for u in words.COUNTERS if len(u) == 1)

    def shortens_a_name(self, word: str) -> bool:
        """An office-like word that is a known name cut short ("민간위탁위원회" for
        민간위탁운영평가위원회): a known subject starting as it does and ending in the same office word."""
        ending = next((e for e in sorted(words.ORG_SUFFIXES, key=len, reverse=True) if word.endswith(e)), "")
        head = word[:2]
        return bool(ending) and any(
            s.startswith(head) and s.endswith(ending) and len(s) > len(word) for s in self.subject_surfaces
        )

    def unexplained(self, piece: str) -> bool:
        """A run of letters the report never writes, nor a typo of a known name ("건스" of 건수)."""
        if any(piece[i : i + 2] in self.report_bigrams for i in range(len(piece) - 1)):
            return False
        typed = jamo(piece)
        return not any(_distance(typed, s, 1) <= 1 for s in self.jamo_by_length.get(len(piece), ()))

    @cached_property
    def jamo_by_length(self) -> dict[int, list[str]]:
        """Every known name split into letters (jamo), by its length in syllables."""
        by_length: dict[int, list[str]] = defaultdict(list)
        for s in self.surfaces:
            by_length[len(s)].append(jamo(s))
        return by_length

    # --- matching -------------------------------------------------------------------------
    def find(self, text: str, word_ends: frozenset[int] = frozenset()) -> tuple[list[Match], str]:
        """Names in a compact question, non-overlapping, longest first; and the question with
        fuzzy-matched typos replaced by the names they stand for (then read again, so that
        "법률지웡담당관" is the whole name 법률지원담당관, not its first four letters). `word_ends`:
        where the typed words end (a typo is not repaired into the next word, see `_fuzzy`)."""
        found, repaired = self._find(text, fuzzy=True, word_ends=word_ends)
        if repaired != text:
            first = found
            again, _ = self._find(repaired, fuzzy=False, word_ends=word_ends)  # (a repair keeps the length)
            fuzzy_spans = [(m.start, m.end) for m in found if m.fuzzy]
            found = [
                Match(
                    m.surface,
                    m.canonical,
                    m.kind,
                    m.start,
                    m.end,
                    fuzzy=any(a < m.end and m.start < b for a, b in fuzzy_spans),
                )
                for m in again
            ]
            found += [m for m in first if m.fuzzy and not any(a.start <= m.start and m.end <= a.end for a in found)]
            found.sort(key=lambda m: (m.start, -m.end))
        return found, repaired

    def _find(self, text: str, *, fuzzy: bool, word_ends: frozenset[int] = frozenset()) -> tuple[list[Match], str]:
        taken = [False] * len(text)
        spans: list[tuple[int, int]] = []
        found: list[Match] = []
        # the names written in the question, read forward from each place while what it holds
        # begins some name (not every name searched for: the work grows with the question, not
        # with the knowledge base); then taken longest first, leftmost first
        n = len(text)
        names, prefixes, keyword_only = self.names, self.name_prefixes, self.keyword_only
        written: list[tuple[int, int]] = []
        for start in range(n):
            for end in range(start + 1, n + 1):
                piece = text[start:end]
                if piece not in prefixes:
                    break
                if piece in names:
                    written.append((start - end, start))
        written.sort()
        for minus_length, start in written:
            end = start - minus_length
            s = text[start:end]
            # a name inside a longer name is not named ("예산" in "예산담당관"); names that
            # merely overlap both count ("신속집행 대상" and "대상액" in "신속집행대상액")
            kinds = names[s]
            if s in keyword_only:
                # a topic word only hints at the section; it hides no name inside it
                found.extend(Match(s, c, k, start, end) for c, k in kinds)
            elif start and text[start - 1].isdigit() and s[0] in words.NUMBER_UNIT_LETTERS:
                continue  # "5월재결건수": the 월 is 5월's, not the first letter of 월 재결건수
            elif _across_words(start, end, word_ends):
                continue  # "국비 전체": no 비전, the end of one typed word and the start of the next
            elif self._stem_from_inside_a_word(s, kinds, start, end, word_ends):
                continue  # "경영평가 담당": no 평가담당(관), which begins inside 경영평가
            elif all(k == "metric" for _, k in kinds) and self._cuts_a_next_name(text, start, end, spans):
                continue  # "민간위탁사업비중": no 사업비, the end of 민간위탁사업 and the start of 비중
            elif any(k == "qualifier" for _, k in kinds) and self._ends_in_a_name(text, start, end, spans):
                continue  # "감채기금예산": no 기금 예산 (the 기금 category), the end of 감채기금 and the measure 예산
            elif not any(a <= start and end <= b for a, b in spans) and not _across_a_particle(text, start, end, spans):
                spans.append((start, end))
                for i in range(start, end):
                    taken[i] = True
                found.extend(Match(s, c, k, start, end) for c, k in kinds)
        repaired = text
        for seg_start, seg_end in _free_segments(taken, min_len=3, max_len=MAX_TYPO_SEGMENT) if fuzzy else []:
            for m in self._fuzzy(text[seg_start:seg_end], seg_start, word_ends):
                found.extend(m)
                repaired = (
                    repaired[: m[0].start] + m[0].surface + repaired[m[0].end :]
                    if len(m[0].surface) == m[0].end - m[0].start
                    else repaired
                )
        found.sort(key=lambda m: (m.start, -m.end))
        return found, repaired

    def _stem_from_inside_a_word(
        self, s: str, kinds: tuple[tuple[str, str], ...], start: int, end: int, word_ends: frozenset[int]
    ) -> bool:
        """An office named by another name than its own (an alias, its name without the ending) that
        begins inside a typed word and runs over a space into the next ("경영평가 담당": no 평가담당)."""
        subjects = [c for c, k in kinds if k == "subject"]
        offices = bool(subjects) and all(c.endswith(tuple(words.OFFICE_SUFFIXES)) for c in subjects)
        other_name = offices and all(compact(c) != s for c in subjects)
        return other_name and start != 0 and start not in word_ends and any(start < e < end for e in word_ends)

    def _cuts_a_next_name(self, text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        """The name begins inside a longer name already read and ends inside a name that begins
        where that one ends: it straddles two names written one after the other (read of measure
        names only: a subject's other name may overlap another, "기조실전체": 실 전체)."""
        for a, b in spans:
            if a < start < b < end:
                for stop in range(end + 1, len(text) + 1):
                    piece = text[b:stop]
                    if piece not in self.name_prefixes:
                        break
                    if piece in self.names:
                        return True
        return False

    def _ends_in_a_name(self, text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        """The name begins inside a longer name already read, and what it holds past that one's end
        is a measure's name of its own: a name and a measure written one after the other, read
        again as a third."""
        return any(
            a < start < b < end and any(k == "metric" for _, k in self.names.get(text[b:end], ())) for a, b in spans
        )

    def with_shortened_names(self, text: str, c: str, found: list[Match]) -> list[Match]:
        """A long name cut short ("서울정책연수" for 서울정책연수프로그램) names it when no other
        name starts the same way; the shorter names inside the cut ("서울") then do not count."""
        offset = 0
        for word in text.split():
            w = strip_ending(compact(word))
            at = c.find(w, offset)
            if at < 0:
                continue
            offset = at + len(w)
            if len(w) < 5:
                continue
            inside = [m for m in found if m.kind == "subject" and at <= m.start and m.end <= at + len(w)]
            if any(len(w) - (m.end - m.start) < 3 for m in inside) or any(
                m.start <= at and at + len(w) <= m.end and m.kind == "subject" and len(m.surface) >= len(w)
                for m in found
            ):
                continue
            owners = set(self.subject_heads.get(w, ()))
            if len(owners) == 1:
                found = [m for m in found if not (at <= m.start and m.end <= at + len(w) and m.kind != "keyword")]
                found.append(Match(w, owners.pop(), "subject", at, at + len(w)))
        return sorted(found, key=lambda m: (m.start, -m.end))

    def without_stems_beside_others(self, found: list[Match]) -> list[Match]:
        """An office's stem ("국제교류" of 국제교류담당관) beside another thing named that is no office
        ("정책목표 중 국제교류 관련 전략") is a topic there, not the office."""
        stems = [m for m in found if m.kind == "subject" and (m.canonical, m.surface) in self.office_stems]
        if not stems:
            return found
        others = [
            m
            for m in found
            if m.kind == "subject"
            and m not in stems
            and not compact(m.canonical).endswith(tuple(words.OFFICE_SUFFIXES))
        ]
        return [m for m in found if m not in stems] if others else found

    def without_names_begun_by_an_ending(self, text: str, found: list[Match]) -> list[Match]:
        """A name that runs into a longer one and begins where the analyzer reads an ending or a
        verb ("영상회의한국제기구": no 한국, whose 한 ends 회의한, before 국제기구)."""
        ends_by_start: dict[int, int] = {}  # where a name begins → the furthest end of one begun there
        for o in found:
            ends_by_start[o.start] = max(o.end, ends_by_start.get(o.start, 0))
        crossing = [
            m
            for m in found
            if m.kind != "keyword" and any(ends_by_start.get(at, 0) > m.end for at in range(m.start + 1, m.end))
        ]
        if not crossing:
            return found
        bound = self.analyzer.bound_starts(text)
        dropped = [m for m in crossing if m.start in bound]
        return [m for m in found if m not in dropped] if dropped else found

    def with_shared_heads(self, c: str, found: list[Match], word_ends: frozenset[int] = frozenset()) -> list[Match]:
        """Two names sharing their ending, written once ("시랑 중앙투자심사", "시 중앙 투자심사": 시
        투자심사 and 중앙투자심사): a few letters joined to a subject name, or typed as a word of their
        own right before it (or beginning the question), are a subject when, with the name's ending,
        they spell another subject's name. The same for measures joined by "and" ("승소와 패소 건수":
        승소 건수 and 패소 건수): the letters may be a word read on its own before (승소), which the
        measure's name then reads. (`word_ends`: where the typed words end.)"""
        added: list[Match] = []
        # letters already read as a name take no other ending; a measure's head may be read as a
        # word, keyword or text subject before (승소), the measure's reading comes beside it
        every_span = [(x.start, x.end) for x in found]
        spans_of_kind = {k: [(x.start, x.end) for x in found if x.kind == k] for k in SHARED_HEAD_KINDS}
        for m in found:
            if m.kind not in SHARED_HEAD_KINDS:
                continue
            taken = every_span if m.kind == "subject" else spans_of_kind[m.kind]
            for particle in ("", *words.JOINED_WORDS, *words.AND_PARTICLES):
                at = m.start - len(particle)
                if at < 1 or c[at : m.start] != particle or (not particle and m.kind != "subject"):
                    continue  # (measures written side by side are no shared ending: "국비 시비 비율")
                for n in range(1, SHARED_HEAD_KINDS[m.kind] + 1):
                    start = at - n
                    if start < 0 or any(a < at and start < b for a, b in taken):
                        continue
                    if not particle and not (start == 0 or (start in word_ends and at in word_ends)):
                        continue  # with no "and", the letters are a whole typed word, or begin the question
                    if owner := self._with_the_ending_of(c[start:at], m, 0 if particle else NO_AND_SHARED_ENDING):
                        added.append(Match(c[start:at], owner, m.kind, start, at))
                        break
        return sorted(found + added, key=lambda x: (x.start, -x.end)) if added else found

    def _with_the_ending_of(self, head: str, m: Match, min_ending: int = 0) -> str | None:
        """The one other name of the match's kind the letters spell with an ending of the name
        matched ("시" + "투자심사" of 중앙투자심사: 市 투자심사; "승소" + "건수" of 패소 건수), or None;
        an ending of at least `min_ending` letters."""
        for cut in range(1, len(m.surface) - max(1, min_ending - 1)):
            pairs = self.names.get(head + m.surface[cut:], ())
            owners = [cn for cn, k in pairs if k == m.kind and cn != m.canonical]
            if len(owners) == 1:
                return owners[0]
        return None

    @cached_property
    def subject_heads(self) -> dict[str, frozenset[str]]:
        """The beginning (five letters or more) of a longer subject name → the subjects so named."""
        heads: dict[str, set[str]] = defaultdict(set)
        for s in self.subject_surfaces:
            owners = {cn for cn, k in self.names[s] if k == "subject"}
            for n in range(5, len(s)):
                heads[s[:n]] |= owners
        return {head: frozenset(owners) for head, owners in heads.items()}

    def _fuzzy(self, segment: str, offset: int, word_ends: frozenset[int] = frozenset()) -> list[list[Match]]:
        """Typos: the best known name within one (or two, for long names) letters of a window. A
        window running into the next typed word and ending inside it must spell the name's end
        there as typed: "어떻게 바꿔" holds no 어떻게받, "주부심 지정" no 주부심제 (the typo would be
        the next word's first letter), while "법률지웡 담당관예산" is 법률지원담당관."""
        ends = frozenset(e - offset for e in word_ends if offset < e <= offset + len(segment))  # in the segment
        return [
            [Match(s, c, k, offset + i, offset + i + width, fuzzy=True) for c, k in self.names[s]]
            for s, i, width in self._typos(segment, ends)
            if not self._a_word_before_a_space(segment, s, i, width, ends)
            and not _a_particle_after_a_date(segment, i)
            and not _a_question_word_changed(segment, s, i, width)
        ]

    def _a_word_before_a_space(self, segment: str, name: str, i: int, width: int, ends: frozenset[int]) -> bool:
        """The window runs over a typed space, and the word typed before it is one the report writes
        while the name has other letters there: "업무 담당" is 업무 and 담당, no typo of 법무담당관."""
        cut = next((e for e in sorted(ends) if i < e < i + width), None)
        if cut is None or width != len(name):
            return False
        typed = segment[i:cut]
        return typed != name[: cut - i] and len(typed) >= 2 and typed in self.report_text

    @cached_property
    def _typos(self) -> Callable[[str, frozenset[int]], tuple[tuple[str, int, int], ...]]:
        """`_read_typos`, kept for the last stretches read (the same unknown words recur)."""
        return lru_cache(maxsize=TYPO_SEGMENTS_KEPT)(self._read_typos)

    def _read_typos(self, segment: str, word_ends: frozenset[int]) -> tuple[tuple[str, int, int], ...]:
        """Each name a window of the segment is a typo of: (name, where the window starts, its width);
        `word_ends`: where typed words end, counted in the segment."""
        results: list[tuple[str, int, int]] = []
        used = [False] * len(segment)
        # a name longer than the segment and one more letter is no typo in it
        first = bisect_left(self.fuzzy_minus_lengths, -(len(segment) + 1))
        lists = [names[bisect_left(names, first) :] for ch in set(segment) if (names := self.fuzzy_by_char.get(ch))]
        # fuzzy name → letters it shares with the segment (counted in C), kept when enough are shared
        shared = Counter(chain.from_iterable(lists))
        need = self.fuzzy_need
        close = sorted(i for i, k in shared.items() if k >= need[i])
        if not close:
            return ()
        at: dict[str, list[int]] = defaultdict(list)  # a letter → where the segment has it
        for i, ch in enumerate(segment):
            at[ch].append(i)
        size = len(segment)
        for index in close:
            s, s_jamo, s_chars = self.fuzzy_surfaces[index]
            n = len(s)
            allowed = 1 if n <= 6 else 2  # a long name may have two wrong letters
            best = None
            for width in (n, n - 1, n + 1):
                # only windows that start with the name's first letter or end with its last
                starts = {i for i in at.get(s[0], ()) if i + width <= size}
                starts.update(i - width + 1 for i in at.get(s[-1], ()) if i - width + 1 >= 0)
                for i in sorted(starts):
                    if any(used[i : i + width]):
                        continue
                    window = segment[i : i + width]
                    if word_ends and _into_next_word(window, s, i, word_ends):
                        continue
                    d = _distance(jamo(window), s_jamo, allowed)
                    if d <= allowed and (best is None or d < best[0]):
                        best = (d, i, width)
            if best:
                _, i, width = best
                for j in range(i, i + width):
                    used[j] = True
                results.append((s, i, width))
        return tuple(results)


def _a_particle_after_a_date(segment: str, i: int) -> bool:
    """The window begins with a particle of two letters or more written right after a date or a
    number ("4월까지는": no typo of 빠지는, the 제외 of "빠지는"; words.yaml endings)."""
    before = segment[i - 1 : i]
    return (
        bool(before)
        and (before.isdigit() or before in words.NUMBER_UNIT_LETTERS)
        and any(segment.startswith(e, i) for e in words.ENDING_SET if len(e) >= 2)
    )


def _into_next_word(window: str, name: str, start: int, word_ends: frozenset[int]) -> bool:
    """The window crosses the end of a typed word, ends inside the next one, and differs from the
    name in the letters it takes from that word."""
    end = start + len(window)
    if end in word_ends:
        return False
    crossed = [e for e in word_ends if start < e < end]
    if not crossed:
        return False
    tail = end - max(crossed)
    return window[-tail:] != name[-tail:]


def _one_letter_less(text: str) -> set[str]:
    """The text, and the text with each one of its letters left out."""
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}


def _distance(a: str, b: str, cutoff: int) -> int:
    """Levenshtein distance (RapidFuzz), above `cutoff` reported as cutoff + 1. RapidFuzz is
    imported at the first typo, not by every `ask`."""
    global _levenshtein
    if _levenshtein is None:
        from rapidfuzz.distance import Levenshtein

        _levenshtein = Levenshtein.distance
    return int(_levenshtein(a, b, score_cutoff=cutoff))


_levenshtein: Callable[..., int] | None = None
TYPO_SEGMENTS_KEPT = 4096  # stretches no name covers whose typo reading is kept


_PERIOD_WORD = re.compile(r"^\W?\d{2,4}(년|월)")


def _qualifier_parts(q: str | None) -> list[str]:
    """A qualifier and its words ("전년 동기" → also "동기"), but never a bare period ("’19년"),
    which the period reader handles."""
    if not q:
        return []
    parts = [q] + [p for p in q.split() if len(p) >= 2 and p != q]
    return [p for p in parts if not _PERIOD_WORD.match(p) and len(compact(p)) >= 2]  # "총" names nothing alone


def _hangul_share(s: str) -> float:
    return sum("가" <= ch <= "힣" for ch in s) / max(1, len(s))


def _free_segments(taken: list[bool], min_len: int, max_len: int) -> list[tuple[int, int]]:
    out, start = [], None
    for i, t in enumerate(taken + [True]):
        if not t and start is None:
            start = i
        elif t and start is not None:
            if min_len <= i - start <= max_len:
                out.append((start, i))
            start = None
    return out


# --- periods ------------------------------------------------------------------------------
_FULL_DATE = re.compile(r"(?:(20\d\d|\d\d)[.년/-])?(\d{1,2})월(\d{1,2})일")
_DOT_DATE = re.compile(r"(?<![\d,.])(\d{1,2})[./](\d{1,2})(?![\d,]|\.\d)")
_YEAR4 = re.compile(r"(?<!\d)(20[0-3]\d|201\d)(?:년|년도)?(?!\d)")
_YEAR2 = re.compile(r"(?<![\d.,])'?([12]\d)년(?:도)?")
# "17~19년", "17년부터 19년까지": the years between, both included (the first year's 년 may be left out)
_YEAR2_RANGE = re.compile(r"(?<![\d.,])'?([12]\d)(?:년도|년)?(?:부터|에서|~|-)'?([12]\d)년(?:도)?")
# "17 18 19년", "18,19년": years listed before one 년, in order (a "|" marks where a space or a mark
# stood between the digits, `digit_breaks`; "20 19년" is 2019 typed apart, no list)
_YEAR2_LIST = re.compile(r"(?<![\d.])[12]\d(?:\|[12]\d)+년(?:도)?")


def _years_listed(m: re.Match[str]) -> list[str]:
    """The years a `_YEAR2_LIST` match lists, when they rise ("17|18|19년"); none otherwise."""
    listed = re.findall(r"[12]\d", m.group(0))
    return ["20" + y for y in listed] if listed == sorted(set(listed)) else []


_MONTH = re.compile(r"(?<![\d.~])(\d{1,2})월(?!\d{1,2}일)")
_MONTH_END = re.compile(r"(?<![\d.~])(\d{1,2})월말")
_YEAR_PAIR = re.compile(r"(?<!\d)(20[0-3]\d)(20[0-3]\d)(?!\d)")
_DAY_AFTER_RANGE = re.compile(r"#(부터|에서|~|-)(\d{1,2})일")
_LAST_DAY = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


_COMPARISON = re.compile(
    "(" + words.alternatives(words.COMPARISON_PREFIXES) + ")?(" + words.alternatives(words.COMPARISON_WORDS) + ")"
)
_RANGE = re.compile(r"(부터|에서|~|-)")


def digit_breaks(text: str) -> list[int]:
    """Where, in the compact question, a space or a mark stood between two digits ("2017~2019 3년":
    the 3 of 3년 is no fifth digit of 2019; "18,19년": two years), a thousands comma ("1,609") aside."""
    if not _DIGIT.search(text):
        return []
    out: list[int] = []
    at = 0  # letters of the compact question seen so far
    last = ""
    gap = ""  # what compacting drops since the last letter kept
    for i, ch in enumerate(text):
        kept = compact(ch, None)
        if not kept:
            gap += ch
            continue
        if gap and last.isdigit() and kept[0].isdigit() and not _THOUSANDS.match(text, i - len(gap)):
            out.append(at)
        last, gap = kept[-1], ""
        at += len(kept)
    return sorted({*out, *glued_years(compact(text, None))})


_THOUSANDS = re.compile(r",\d{3}(?!\d)")  # "1,609": one number


_GLUED_YEARS = re.compile(r"(?<!\d)((?:(?:19|20)\d\d){2,4})(?!\d)")


_YEAR_THEN_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?=\d{1,2}(?:년|개년))")  # "20193년": 2019, then 3년


def glued_years(letters: str) -> list[int]:
    """Where years typed without a space between them part ("재결건수201720182019": 2017, 2018,
    2019; no run of digits is read as one number of twelve), and a year from a number of years
    after it ("2017~20193년합계": 2019 and 3년)."""
    between = [m.start() + i for m in _GLUED_YEARS.finditer(letters) for i in range(4, len(m.group(1)), 4)]
    return between + [m.end() for m in _YEAR_THEN_YEARS.finditer(letters)]


def apart_at(letters: list[str], breaks: list[int]) -> str:
    """The letters joined, with a "|" before each break (a place no period runs across)."""
    out = list(letters)
    for i in sorted(breaks, reverse=True):
        out.insert(i, "|")
    return "".join(out)


def find_periods(masked: str, config: IntentConfig, plain: str = "") -> tuple[list[str], list[str], list[int]]:
    """Years, dates and months written in a compact question whose known names are masked
    (relative years are read from the plain question: they are never part of a name)."""
    year = config.report_year
    end_year = next((y for w, y in config.relative_years.items() if w and w in plain), year)
    if _DIGIT.search(masked):
        years, dates, months = _written_periods(masked, year, end_year)
    else:
        years, dates, months = [], [], []  # no digit: no date, year or month written (most questions)
    typed = list(years)
    year_before = str(int(year) - 1)
    base_is_year_before = False
    for word, y, pattern in _relative_year_patterns(tuple(config.relative_years.items())):
        if word not in plain:
            continue
        # "작년 대비", "전년보다", "전년 동기 대비" compare with that year; they do not ask for it
        for m in pattern.finditer(plain):
            if len(word) == 1 and plain[m.end() : m.end() + 1] in VERB_AFTER_ONE_LETTER:
                continue  # "올랐어" is a verb (오르다), not 올 (this year)
            if word and not _COMPARISON.match(plain, m.end()):
                years.append(y)
                break
            base_is_year_before |= bool(word) and y == year_before
        plain = plain.replace(word, "#")
    if base_is_year_before and len(typed) == 1 and typed[0].isdigit() and typed[0] != year and not dates:
        # "2019년 재결건수 전년 대비": the year before the one named, not the report's year before
        years.insert(0, str(int(typed[0]) - 1))
    return _unique(years), _unique(dates), _unique(months)


def _written_periods(masked: str, year: str, end_year: str) -> tuple[list[str], list[str], list[int]]:
    """Years, dates and months written in digits; `end_year`: the year of "3월말"."""
    years: list[str] = []
    dates: list[str] = []
    months: list[int] = []
    # one year written with a day of no year of its own ("2019년 3월말", "2019년 4월 16일"): that
    # year's day, not the report's (nor the year and the report's day as two times asked)
    written = {m.group(1) for m in _YEAR4.finditer(_FULL_DATE.sub("#", masked))}
    of_year = next(iter(written)) if len(written) == 1 else None
    used = False  # a day took the year written
    for m in _MONTH_END.finditer(masked):  # "3월말" is the last day of March
        mo = int(m.group(1))
        if 1 <= mo <= 12:
            dates.append(f"{of_year or end_year}-{mo:02d}-{_LAST_DAY[mo]:02d}")
            used = used or of_year is not None
    masked = _MONTH_END.sub("#", masked)
    for m in _FULL_DATE.finditer(masked):
        mo, d = int(m.group(2)), int(m.group(3))
        y = m.group(1)
        y = y if not y or len(y) == 4 else "20" + y
        if 1 <= mo <= 12 and 1 <= d <= _LAST_DAY[mo]:
            dates.append(f"{y or of_year or year}-{mo:02d}-{d:02d}")
            used = used or (not y and of_year is not None)
    masked = _FULL_DATE.sub("#", masked)
    if used:
        masked = re.sub(rf"(?<!\d){of_year}(?:년도|년)?(?!\d)", "#", masked)  # the days' year, asked once
    if len(dates) == 1 and (day := _DAY_AFTER_RANGE.search(masked)):
        # "4월 13일부터 16일까지": the second day is in the first one's month
        d2 = int(day.group(2))
        first = dates[0]
        if int(first[-2:]) < d2 <= _LAST_DAY[int(first[5:7])]:
            dates = [f"{first}~{first[:8]}{d2:02d}"]
            masked = _DAY_AFTER_RANGE.sub("#", masked)
    for m in _DOT_DATE.finditer(masked):
        mo, d = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12 and 1 <= d <= _LAST_DAY[mo]:
            dates.append(f"{year}-{mo:02d}-{d:02d}")
    if len(dates) == 2 and re.search(r"#(부터|에서|~|-)#", _DOT_DATE.sub("#", masked)):
        dates = [f"{min(dates)}~{max(dates)}"]
    masked = _DOT_DATE.sub("#", masked)
    masked = _YEAR_PAIR.sub(r"\1,\2", masked)  # "2018 2019" compacts to 20182019: two years
    for m in _YEAR4.finditer(masked):
        years.append(m.group(1))
    if len(years) == 1 and re.search(r"(20[0-3]\d|201\d)(년|년도)?(부터|이후)", masked):
        years = [f"{years[0]}~2099"]  # "2017년부터": every year since
    elif len(years) == 2 and re.search(r"(20[0-3]\d|201\d)(년|년도)?(부터|에서|~|-)(20[0-3]\d|201\d)", masked):
        years = [f"{min(years)}~{max(years)}"]  # "2017년부터 2019년까지": the years between, both included
    masked = _YEAR4.sub("#", masked)
    for m in _YEAR2_RANGE.finditer(masked):
        y1, y2 = int(m.group(1)), int(m.group(2))
        if y1 < y2:
            years.append(f"20{y1:02d}~20{y2:02d}")
    masked = _YEAR2_RANGE.sub(lambda m: "#" if int(m.group(1)) < int(m.group(2)) else m.group(0), masked)
    for m in _YEAR2_LIST.finditer(masked):
        years.extend(_years_listed(m))
    masked = _YEAR2_LIST.sub(lambda m: "#" if _years_listed(m) else m.group(0), masked)
    for m in _YEAR2.finditer(masked):
        years.append("20" + m.group(1))
    masked = _YEAR2.sub("#", masked)
    for m in _MONTH.finditer(masked):
        mo = int(m.group(1))
        if 1 <= mo <= 12:
            months.append(mo)
    return years, dates, months


@lru_cache(maxsize=8)
def _relative_year_patterns(years: tuple[tuple[str, str], ...]) -> list[tuple[str, str, re.Pattern[str]]]:
    """Relative year words ("작년") longest first, each with its pattern (one table per configuration)."""
    return [(word, y, re.compile(re.escape(word))) for word, y in sorted(years, key=lambda kv: -len(kv[0]))]


def _unique(xs: list) -> list:
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


# --- intent and scope ---------------------------------------------------------------------
def detect_intent(
    c: str, config: IntentConfig, has_names: bool = False, measured: bool = False
) -> tuple[str, str | None]:
    """The first intent a keyword of which the question writes; a last-word keyword ("부서$")
    counts in a question naming no measure ("행정심판 운영 부서", not "예산 부족한 부서")."""
    written = written_keywords(c, config)
    last = strip_ending(c) if not measured else ""  # "운영 부서요?": 부서 is the last word
    for intent, keywords in zip(config.intents, config.keyword_sets):
        if intent.max_length is not None and (
            len(c) > intent.max_length or has_names or any(w in c for w in config.figure_asking_words)
        ):
            continue  # a greeting is a short message naming nothing ("감사" in 통합회계감사 is not thanks)
            # and asking no figure ("감사 몇 건": an audit's count)
        ends = [k for k in intent.last_words if last and last.endswith(k)]  # (`last` is c when c has no ending)
        if written.isdisjoint(keywords) and not ends:
            continue
        unless = [compact(str(u)) for u in intent.extra.get("unless") or ()]  # "몇시" inside "몇시간"
        hits = [k for k in intent.keywords if k in written and not any(k in u and u in c for u in unless)] + ends
        if intent.max_length is not None:
            hits = [k for k in hits if len(c) - len(k) <= 4]  # "감사합니다", not "통합회계감사 …"
        if hits:
            direction = None
            if intent.name == "ranking":
                asc = [compact(x) for x in intent.extra.get("ascending", [])]
                plain = c
                for word in config.relative_years:  # the 작 of 작년 is no "작은"
                    plain = plain.replace(word, "#") if word else plain
                direction = "min" if any(a in plain for a in asc) else "max"
            if intent.name in ROUND_TO_SCHEDULE and _asks_when_of_a_round(c, config):
                return "schedule", None
            return intent.name, direction
    if _asks_when_of_a_round(c, config):
        return "schedule", None  # "2차 강화된 사회적 거리두기 기간": the dates of that round
    return "lookup", None


def _asks_when_of_a_round(c: str, config: IntentConfig) -> bool:
    """ "2차 … 기간", "3차회의 언제": a numbered round and a word asking when."""
    return bool(NUMBERED.search(c)) and any(w in c for w in config.when_asking_words)


def written_keywords(c: str, config: IntentConfig) -> frozenset[str]:
    """The intent keywords written in the compact question (each place of it read forward while
    what it holds begins some keyword, not every keyword searched for)."""
    return config.all_keywords.intersection(beginning_pieces(c, config.keyword_beginnings))


_OFFICE = re.compile("(" + words.alternatives(words.OFFICE_SUFFIXES) + ")$")
_ORG_LIKE = re.compile(
    "([가-힣A-Za-z][가-힣A-Za-z0-9]{1,7}?(?:"
    + words.alternatives(words.ORG_SUFFIXES)
    + "))(?:"
    + words.alternatives(words.ORG_PARTICLES)
    + ")?$"
)


def out_of_scope_names(
    text: str,
    c: str,
    matches: list[Match],
    config: IntentConfig,
    metric_grams: frozenset[str] = frozenset(),
    analyzer: morph.Analyzer = morph.PLAIN,
) -> list[str]:
    """Names the question uses that the report does not cover: listed ones (other cities,
    countries, topics) and office- or place-like words (…과, …국, …시, …구) it does not know."""
    named = [(mt.start, mt.end) for mt in matches if mt.kind != "keyword"]

    def inside_a_name(at: int, n: int) -> bool:  # "노래" of 노래방 (다중이용시설)
        return any(a <= at and at + n <= b and b - a > n for a, b in named)

    def across_a_name(at: int, n: int) -> bool:
        """ "사랑" of "시 투자심사랑" begins inside 시투자심사 and runs past it, where the analyzer
        begins no noun, neither there nor where the known name ends (it does begin 시장 in
        서울시장, and 장 after 기획조정실 in 기획조정실장)."""
        ends = [b for a, b in named if a < at < b < at + n]
        if not ends:
            return False
        starts = {start for _, start, _ in analyzer.nouns(text)}
        return at not in starts and not any(b in starts for b in ends)

    @once
    def starts() -> frozenset[int]:
        return analyzer.morpheme_starts(text)

    found = [
        name
        for name in config.out_of_scope
        if name
        and name in c
        and any(
            (at in starts() or any(a < at < b for a, b in named))  # "승인도" is no 인도 (across a name: below)
            and not across_a_name(at, len(name))
            and not inside_a_name(at, len(name))
            and not set_aside(c, at + len(name), config)
            and not a_person_asking(c, at + len(name), text)
            for at in occurrences(c, name)
        )
    ]
    # words as typed, and the runs between known names: "도시교통실" of "도시교통실정원은" is a word too
    words_read = text.split() + unmatched_runs(c, matches, text) + heads_before_names(c, matches, text)
    periods = _period_split(tuple(config.relative_years))  # made once per configuration
    pieces = {x for w in words_read for x in _apart_from_periods(compact(w), periods)}
    # … and a word glued to a period or a comma ("도시계획국올해예산", "의원실인데요,행정국2020년예산"),
    # unless its office-like ending is a known name's ("그럼기획담당관은올해": 기획담당관)
    words_read += [x for x in pieces if not _ends_in_a_name(x, c, named)]
    for word in words_read:
        m = _ORG_LIKE.match(compact(word))
        if not m:
            continue
        name = _after_particle(m.group(1))  # "행정심판이랑소청": 소청 (이랑 ends 행정심판)
        rest = _without_leading_filler(name, config)
        if rest != name and (len(rest) < 2 or any(c[a:b] == rest for a, b in named)):
            continue  # "그럼전국은": a filler glued to 전국, a known name (or to one letter: 때문에시)
        after = _after_context(name, config)
        if after != name and any(c[a:b] == after for a, b in named):
            continue  # "급해서그런데전국": a clause of context glued to 전국, a known name
        if (
            name in config.not_entity_words
            or "몇" in name  # "몇개국", "은몇시": a count or a time asked (no name holds 몇)
            or any(w in name for w in config.which_asking_words)
            or any(w in name for w in config.ranking_words)
        ):
            continue  # "몇개국", "몇가구", "어느과", "제일많은담당관": a count, a place or a ranking asked
        stem = name[:-1] if name.endswith(("과", "와")) else ""
        grams = {stem[i : i + 2] for i in range(len(stem) - 1)}
        if grams and len(grams & metric_grams) * 2 >= len(grams):
            continue  # "목표율과 목표 금액": "and", not an office called 목표율과
        at = c.find(name)
        cut = max((e for e in analyzer.bound_ends(text) if at < e < at + len(name)), default=0) if at >= 0 else 0
        if (
            cut
            and c[cut : at + len(name)] not in (*words.ORG_SUFFIXES, *words.ORGANISATION_KINDS)
            and any(mt.start == cut and mt.end == at + len(name) for mt in matches)
        ):
            continue  # "뉴스레터보낸국제기구": a verb, then a known name (국제기구), no office 보낸국제기구
        if at < 0 or any(mt.start <= at and at + len(name) - 1 <= mt.end for mt in matches if mt.kind != "keyword"):
            continue  # a known name (or a typo of one) stands there, perhaps with 과/와 ("and")
        last = at + len(name) - 1
        if any(a <= last < b and b > last + 1 for a, b in named):
            continue  # "서울검사결과음성": the office-like ending 과 is inside a known name (결과음성) running on
        if any(at < a and b == at + len(name) for a, b in named) and any(a == at for a, _ in named):
            continue  # "확진자가전국": the office-like ending is a known name's (전국), after other words
        if all(any(a <= i < b for a, b in named) for i in range(at, at + len(name))):
            continue  # "기조실담당관": known names end to end (기조실, 담당관 수)
        found.append(name)
    return _unique(found)


def _ends_in_a_name(word: str, c: str, named: list[tuple[int, int]]) -> bool:
    m = _ORG_LIKE.match(word)
    at = c.find(word)
    if not m or at < 0:
        return True  # no office-like word: nothing to read
    last = at + len(m.group(1)) - 1
    return any(a <= last < b for a, b in named)


def _after_context(name: str, config: IntentConfig) -> str:
    """What follows the last ending of a clause of context in a word ("급해서그런데전국" → 전국)."""
    ends = [name.rfind(e) + len(e) for e in config.context_endings if len(e) >= 2 and e in name]
    at = max(ends, default=0)
    return name[at:] if 0 < at < len(name) else name


def _without_leading_filler(name: str, config: IntentConfig) -> str:
    """A word without the filler or the year it was typed glued to ("그럼전국" → 전국, "올해기조실"
    → 기조실)."""
    for n in range(min(len(name) - 1, MAX_FILLER_LETTERS), 1, -1):
        if name[:n] in config.filler_words or name[:n] in config.relative_years:
            return name[n:]
    return name


def _apart_from_periods(word: str, periods: re.Pattern[str]) -> list[str]:
    """The pieces of a word typed with a year, a number or a comma glued to it ("도시계획국올해":
    도시계획국; "의원실인데요,행정국2020년": 의원실인데요, 행정국); `periods`: `_period_split`'s pattern."""
    pieces = [x for x in periods.split(word) if x]
    return pieces if len(pieces) > 1 or (pieces and pieces[0] != word) else []


@lru_cache(maxsize=8)
def _period_split(years: tuple[str, ...]) -> re.Pattern[str]:
    longest_first = sorted((y for y in years if len(y) >= 2), key=len, reverse=True)
    return re.compile("|".join([*(re.escape(y) for y in longest_first), r"\d+(?:년도|년|월|일)?", r"[,.!?·~]"]))


WORD_BREAKS = re.compile(r"[\s()\[\]{}<>「」『』]+")  # spaces and brackets end a word


def occurrences(c: str, name: str) -> list[int]:
    """Every place `name` begins in `c` (overlapping ones too), found with `str.find`: most names
    are nowhere in the question, which that tells at once."""
    if not name:
        return list(range(len(c)))
    out: list[int] = []
    at = c.find(name)
    while at >= 0:
        out.append(at)
        at = c.find(name, at + 1)
    return out


NOT_TYPO_TARGETS = words.NOT_TYPO_TARGETS  # names that begin so are not typo targets (words.yaml)
ASKING_PAIRS = tuple(w for w in words.ASKING_WORDS if len(w) == 2)  # "얼마": its typos are repaired
ASKING_FIRST = frozenset(w[0] for w in ASKING_PAIRS)  # a question word the letter begins ("얼마")
PARTICLE_LETTERS = "은는이가을를의에도만와과로"  # a two-letter stretch ending so is a word and its particle


def set_aside(c: str, end: int, config: IntentConfig) -> bool:
    """The name ending at `end` of the compact question is set aside ("보건소 말고 어디서", "서울 빼고
    전국"; intents.yaml except_words): not what is asked."""
    return any(c.startswith(w, end) for w in config.except_words)


def a_person_asking(c: str, end: int, text: str) -> bool:
    """The title ending at `end` is said with an honorific and what that person asked or wants is
    reported ("과장님이 … 달라고 하시는데", "국장님 보고 들어가기 전이라 급한데"): the person who wants
    the figure, not what is asked, unless the question asks about a person ("법률지원담당관 과장님
    누구야"; bot/korean/words.yaml honorifics, person_asking_words, request_reported_words)."""
    typed = [compact(w) for w in text.split()]  # "나이" is no word of "코로나이후"
    if not c.startswith(words.HONORIFICS, end) or any(w.startswith(words.PERSON_ASKING_WORDS) for w in typed):
        return False
    return any(w in c[end:] for w in words.REQUEST_REPORTED_WORDS)  # "팀장님이 몇 명이야" asks of 팀장s


def one_reporting_a_question(c: str, end: int) -> bool:
    """The noun ending at `end` takes a subject particle and a verb of asking follows ("상황실에서 이란
    누적 사망자 물어보는데", "기자가 … 물어보네요"; words.yaml asker_particles, reporting_words): the
    one who passes the question on, not what is asked."""
    return c.startswith(words.ASKER_PARTICLES, end) and any(w in c[end:] for w in words.REPORTING_WORDS)


def _titled(word: str) -> str:
    """The word before an honorific it ends in ("본부장님": 본부장, "기자분": 기자), or ""."""
    return next((word[: -len(h)] for h in words.HONORIFICS if word.endswith(h) and len(word) > len(h) + 1), "")


STRADDLING_NAME_LETTERS = 2  # a name this short typed across a space, inside both words, is none


def _across_words(start: int, end: int, word_ends: frozenset[int]) -> bool:
    """A short name whose letters run from inside one typed word into the inside of the next
    ("국비 전체" holds 비전, "우리 예산" 리예): neither its beginning nor its end is a word's."""
    return (
        end - start <= STRADDLING_NAME_LETTERS
        and any(e in word_ends for e in range(start + 1, end))
        and start != 0
        and start not in word_ends
        and end not in word_ends
    )


def _across_a_particle(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """The name runs from inside a name already read over that name's particle only: "소가" of
    "승소가 패소보다" is 승소 and its 가, not the 소가 (a suit's value)."""
    return any(a < start < b and end == b + 1 and text[b] in PARTICLE_LETTERS for a, b in spans)


VERB_AFTER_ONE_LETTER = set("라랐려렸린릴림")  # after 올: 올라/올랐/올려 are 오르다/올리다, not 올해


@lru_cache(maxsize=16)  # the stages of one question ask for the same spans several times
def word_spans(text: str, c: str) -> tuple[tuple[int, int], ...]:
    """Where each typed word stands in the compact question (start, end)."""
    out: list[tuple[int, int]] = []
    at = 0
    for word in (compact(w) for w in text.split()):
        found = c.find(word, at) if word else -1
        if found >= 0:
            at = found + len(word)
            out.append((found, at))
    return tuple(out)


def word_starts(text: str, c: str) -> set[int]:
    """Where each typed word begins in the compact question."""
    return {start for start, _ in word_spans(text, c)}


def heads_before_names(c: str, matches: list[Match], text: str) -> list[str]:
    """What a typed word holds before a metric's or subject's name in it: "도시계획국" of
    "도시계획국정원은" (the office is read as a word of its own, as if a space stood there)."""
    named = [m for m in matches if m.kind in ("metric", "subject", "qualifier") and not m.fuzzy]
    if not named:
        return []
    return [c[start : m.start] for start, end in word_spans(text, c) for m in named if start + 2 <= m.start < end]


def unmatched_runs(c: str, matches: list[Match], text: str, min_len: int = 3) -> list[str]:
    """The stretches of a compact question that no known name covers (topic words cover nothing),
    each within one typed word: "도시교통실" of "도시교통실정원은", not "제일적은담당관" of
    "제일 적은 담당관은", whose words the typist kept apart."""
    taken = [False] * len(c)
    for m in matches:
        if m.kind != "keyword":
            for i in range(m.start, min(m.end, len(c))):
                taken[i] = True
    word_of = [0] * len(c)
    for n, (start, end) in enumerate(word_spans(text, c)):
        for i in range(start, end):
            word_of[i] = n
    return [c[a:b] for a, b in _free_segments(taken, min_len=min_len, max_len=len(c)) if word_of[a] == word_of[b - 1]]


def parse(question: str, vocab: Vocabulary) -> Parsed:
    text = vocab.repair_asking_typos(vocab.repair_counter_typos(clean(question)))
    c = compact(text)
    word_ends = frozenset(end for _, end in word_spans(text, c))
    matches, repaired = vocab.find(c, word_ends)
    short = vocab.repair_short_typos(repaired, matches, word_starts(text, repaired))
    if short != repaired:  # "예싼" → 예산: read again with the repaired two-letter name (same length)
        matches, repaired = vocab.find(short, word_ends)
        matches = [replace(m, fuzzy=m.fuzzy or short[m.start : m.end] != c[m.start : m.end]) for m in matches]
    matches = vocab.with_shortened_names(text, repaired, matches)
    matches = vocab.with_shared_heads(repaired, matches, word_ends)
    matches = vocab.without_stems_beside_others(matches)
    matches = vocab.without_names_begun_by_an_ending(text, matches)
    masked = list(repaired)
    for m in matches:
        if not m.fuzzy:
            for i in range(m.start, m.end):
                masked[i] = "#"
    years, dates, months = find_periods(apart_at(masked, digit_breaks(text)), vocab.config, repaired)
    # intent words are read outside subject names ("담당" in "법률지원담당관" asks nobody's job)
    # … and outside words that only name a period compared ("같은 시기" is 동기, no "when")
    intent_text = without_names(
        repaired,
        [m for m in matches if m.canonical in vocab.fact_subjects or m.canonical in words.PERIOD_WORDS],
        ("subject", "word"),
    )
    intent, direction = detect_intent(
        intent_text,
        vocab.config,
        has_names=any(m.kind in ("subject", "metric") for m in matches),
        measured=any(m.kind == "metric" for m in matches),
    )
    # read again only for an intent that has last-word keywords (who), not for every question
    chosen = vocab.config.get(intent) if intent in vocab.config.names else None
    by_last_word = (
        chosen is not None
        and bool(chosen.last_words)
        and written_keywords(intent_text, vocab.config).isdisjoint(chosen.keywords)
    )
    p = Parsed(
        text=text,
        compact=repaired,
        matches=matches,
        years=years,
        dates=dates,
        months=months,
        days=[] if dates or months else days_alone(masked),
        intent=intent,
        direction=direction,
        by_last_word=by_last_word,
        says_each=says_each(repaired, matches, vocab.config),
    )
    p.analyzer = vocab.analyzer
    names = out_of_scope_names(
        text, c, matches, vocab.config, vocab.metric_grams, vocab.analyzer
    )  # as typed, not repaired
    p.out_of_scope = [
        n
        for n in names
        if n in vocab.config.out_of_scope or (n not in vocab.report_text and not vocab.shortens_a_name(n))
    ]
    # offices the report mentions in passing (재무국, 택시물류과) but holds no figures for
    p.unknown_offices = [
        n
        for n in names
        if n not in p.out_of_scope
        and _OFFICE.search(n)
        and not any(x in s for s in vocab.surfaces for x in {n, n[:-1] if n.endswith(("과", "와")) else n})
    ]
    # a category named by another's words ("사전검토 심사" for 전체) does not name that other
    # category ("계 사전검토"): the stretch it covers is left out too
    named = [m for m in matches if m.kind != "qualifier" or compact(m.canonical) not in m.surface]
    p.residual = without_names(repaired, named, ("subject", "metric", "qualifier"))
    # a metric's words may stand anywhere but inside the name of a subject with figures
    # ("예산" in "예산담당관") or of a category ("예산" in "예산지원형")
    p.residual_names = without_names(
        repaired,
        [m for m in matches if m.kind == "qualifier" or (m.kind == "subject" and m.canonical in vocab.fact_subjects)],
        ("subject", "qualifier"),
    )
    return p


_DAY_ALONE = re.compile(r"(?<![\d./월~-])(\d{1,2})일(?!\d|간|동안|이내|만에|째|부터|까지)")


def days_alone(masked: list[str]) -> list[int]:
    """Days of the month written without a month ("14일은?"; not "14일간", "4월 14일")."""
    return [d for m in _DAY_ALONE.finditer("".join(masked)) if 1 <= (d := int(m.group(1))) <= 31]


def says_each(c: str, matches: list[Match], config: IntentConfig) -> bool:
    """The question asks of both things just asked: an each word anywhere ("각각", "둘 합"), or an
    opener said first and followed at once by a name or measure ("둘 총사업비 합치면")."""
    return any(w in c for w in config.each_words) or any(
        c.startswith(w) and any(m.start == len(w) for m in matches) for w in config.each_openers
    )


def without_names(text: str, matches: list[Match], kinds: tuple[str, ...]) -> str:
    """The compact text without the stretches the matches of these kinds cover."""
    spans = sorted((m.start, m.end) for m in matches if m.kind in kinds and m.end <= len(text))
    if not spans:
        return text
    kept, at = [], 0
    for start, end in spans:  # the stretches between the covered ones (which may overlap)
        if start > at:
            kept.append(text[at:start])
        at = max(at, end)
    kept.append(text[at:])
    return "".join(kept)


def several_asked(p: Parsed) -> bool:
    """The question asks two things or more: two asking words ("몇 건 … 몇 건"), a joined clause
    ("예산이랑 목표율", "…늘었어? 누적도", "서울이랑다른지자체각각" typed without spaces) or a question
    ended inside the message and another asked after it (`asked_again`)."""
    return _several_asked(p.compact, p.text) or bool(glued_joins(p)) or bool(asked_again(p))


def asked_again(p: Parsed) -> list[int]:
    """Where in the text a question ended inside the message (thresholds.ASKED_THEN_MORE) and the
    rest asks something of its own: a measure, an aspect or a category named, or a count or an
    amount asked ("몇 명이야 외부는", "몇 건 했어 총사업비는"); not a subject or a time alone, which
    narrows the question before it ("사망자 몇 명이야 미국은"), nor a restriction ("…얼마야 일반회계
    기준으로는": words.yaml restriction_words)."""
    out: list[int] = []
    subjects = {(x.start, x.end) for x in p.matches if x.kind == "subject"}  # ("서울은": not 서울's category)
    categories = {(x.start, x.end) for x in p.matches if x.kind == "qualifier"}
    glued = not any(ch.isspace() for ch in p.text.strip())  # (typed without spaces: no space marks the end)
    for m in (ASKED_THEN_MORE_GLUED if glued else ASKED_THEN_MORE).finditer(p.text):
        at = len(compact(p.text[: m.end()]))
        rest = p.compact[at:]
        if any(w in rest for w in words.RESTRICTION_WORDS):
            continue
        if glued and subjects and not any(b <= at for _, b in subjects):
            continue  # "예산얼마에사업몇개야대외협력기금": the thing named last is every part's
        own = any(
            x.start >= at and x.kind in ("metric", "aspect", "qualifier") and (x.start, x.end) not in subjects
            for x in p.matches
        ) or (  # another subject after a question of a subject's own ("종합성과평가 몇개 사무야 통합회계감사는"),
            # not a place that is also a category of the figures ("긴급재난지원금 몇 가구며 서울은": 서울's)
            any(a >= at and (a, b) not in categories for a, b in subjects) and any(b <= at for _, b in subjects)
        )
        if own or any(w in rest for w in words.ASKING_WORDS):
            out.append(m.end())
    return out


GLUED_JOINS = ("이랑", "랑", "하고")  # "서울이랑다른지자체": a join no space marks (와/과 end too many words)


def glued_joins(p: Parsed) -> list[int]:
    """Where in the compact question a join glued to a name ends, more following it without a
    space ("서울이랑|다른지자체각각"): the places a question typed without spaces joins two things."""
    out: list[int] = []
    for m in p.matches:
        if m.kind not in ("subject", "metric", "qualifier") or m.canonical in words.PERIOD_WORDS:
            continue  # a word's or a period's join ("작년이랑 올해") is one question's
        for j in GLUED_JOINS:
            end = m.end + len(j)
            if p.compact.startswith(j, m.end) and end < len(p.compact) and end not in out:
                if not any(o.start < end <= o.end or o.start == m.end for o in p.matches if o is not m):
                    out.append(end)  # (the join is no part of a longer name: 상황실 … "하고" words)
                break
    inside = word_spans(p.text, p.compact)  # a join glued on: its end falls inside a typed word
    return [at for at in sorted(out) if any(a < at < b for a, b in inside)]


@lru_cache(maxsize=16)  # three stages of one question ask
def _several_asked(c: str, text: str) -> bool:
    return len(SEVERAL_ASKING.findall(c)) >= 2 or bool(CLAUSE_JOIN.search(text))


def words_outside_names(p: Parsed, candidates: Iterable[str]) -> list[str]:
    """The candidate words written in the compact question at a place no known name covers (a
    topic keyword aside), in the candidates' order: the 담당관 of "담당관별" but not of
    법률지원담당관, the 회장 of "협의회 회장" but not of "박람회장소"."""
    spans = [(m.start, m.end) for m in p.matches if m.kind != "keyword"]
    out = []
    for w in candidates:
        at = p.compact.find(w)
        while at >= 0:
            if not any(a < at + len(w) and at < b for a, b in spans):
                out.append(w)
                break
            at = p.compact.find(w, at + 1)
    return out


def content_words(p: Parsed, config: IntentConfig, vocab: Vocabulary | None = None) -> list[str]:
    """The question's words that no known name, period or filler explains (compact, no ending).
    With the vocabulary, also the runs of partly known words the report never writes ("남녀" of
    남녀비율: `Vocabulary.unexplained`) and the numbers of a group it never counts ("20대").
    Read once per question and configuration (several stages ask)."""
    key = (id(config), id(vocab))
    hit = p.memo.get(key)
    if hit is None:
        hit = p.memo[key] = _content_words(p, config, vocab)
    return list(hit)


_DIGIT = re.compile(r"\d")
_AFTER_HOW_MANY = re.compile(r"(몇\s*)([가-힣])([가-힣]*)")  # the letter a count is asked in, the rest of its word
DAY_UNIT = "일"  # "6일" of "4월 6일": a day of a date the period reader read
_WRITTEN_COUNT = re.compile(r"(?<!\d)(\d+)([가-힣])")  # a whole number and its first letter after
_AGAINST_A_NUMBER = re.compile(r"(\d+)([가-힣])(\d+)")  # a number, one letter, and another number
_COUNTED = re.compile(r"(\d+)([가-힣]+)")  # a number and the letters after it: "5급", "3대", "6까지"
_NOT_LETTER = re.compile(r"[^가-힣A-Za-z]")


def _content_words(p: Parsed, config: IntentConfig, vocab: Vocabulary | None) -> list[str]:
    out = []
    unexplained = vocab.unexplained if vocab is not None else None
    if vocab is not None:
        out += _counted_words(p, vocab)
    verbs: frozenset[int] | None = None  # where verbs begin: the analyzer asked only when it matters, once
    for w, at, overlapping in _word_readings(p, config):
        if overlapping and unexplained is None and not any(m.fuzzy for m in overlapping):
            out += _nouns_beside_names(p, config, w, at)  # "중앙은총몇건": 중앙
            continue
        if overlapping and (unexplained is None or any(m.fuzzy for m in overlapping)):
            continue  # a known name, or its typo
        if verbs is None:
            verbs = _verb_starts(p)
        if at in verbs:
            continue  # "채우는", "나온": a verb, not a name
        if not overlapping:
            out.append(w)
        elif unexplained is not None:
            if verbs is None:
                verbs = _verb_starts(p)
            runs = [  # "이랑소청": 소청; not "나온거" of "부적정나온거몇건", a verb
                _after_particle(x) for x, start in _uncovered(w, at, overlapping) if start not in verbs
            ]
            pieces = [strip_ending(x) for x in runs if unexplained(x)]
            out += [x for x in pieces if not _says_nothing(x, config)]
    return out


def _nouns_beside_names(p: Parsed, config: IntentConfig, w: str, at: int) -> list[str]:
    """The analyzer's nouns inside a typed word that also holds known names, none of them overlapping
    a name and each set apart by a particle or an ending ("중앙은총몇건이었지": 중앙 beside 총 and 건수),
    as a word typed apart would be read; nouns compounded with a name are the name's ("기금운용")."""
    out = []
    followed, preceded = p.analyzer.apart_starts(p.text)
    for noun, start, end in p.analyzer.nouns(p.text):
        if start < at or end > at + len(w) or len(noun) < 2:
            continue
        if start not in followed and not (start in preceded and start > at):  # (a word typed apart before)
            continue
        if any(m.start < end and start < m.end for m in p.matches) or _says_nothing(noun, config):
            continue
        out.append(noun)
    return out


def _verb_starts(p: Parsed) -> frozenset[int]:
    """Where verbs and adjectives begin in the compact question (`Analyzer.predicate_starts`), read
    once per question (both kinds of content words ask)."""
    hit = p.memo.get(VERB_STARTS)
    if hit is None:
        hit = p.memo[VERB_STARTS] = p.analyzer.predicate_starts(p.text)
    return hit


VERB_STARTS = "verb starts"  # the key of `_verb_starts` in a question's memo


def _word_readings(p: Parsed, config: IntentConfig) -> list[tuple[str, int, list[Match]]]:
    """Each typed word that may say something (no number, filler, ending or intent word): its
    compact form without its ending, where that stands in the compact question, and the names
    overlapping it. Read once per question and configuration (both kinds of content words use it)."""
    key = ("word readings", id(config))
    hit = p.memo.get(key)
    if hit is not None:
        return hit
    out = []
    offset = 0
    covering: dict[int, list[int]] = {}  # position in the compact question → the matches over it
    for i, m in enumerate(p.matches):
        for pos in range(m.start, m.end):
            covering.setdefault(pos, []).append(i)
    for word in WORD_BREAKS.split(p.text):  # "얼마예요(백만원)": two words
        c = compact(word)
        at_word = p.compact.find(c, offset)
        if at_word >= 0:
            offset = at_word + len(c)
        if _DIGIT.search(word):
            continue  # numbers and dates are read by the period reader
        raw = _NOT_LETTER.sub("", c)
        w = strip_ending(raw)
        if raw in config.filler_words or looks_like_predicate(raw) or raw.startswith(("알려", "보여", "말해")):
            continue
        if at_word >= 0 and (person := _titled(w)) and a_person_asking(p.compact, at_word + len(person), p.text):
            continue  # "본부장님이 … 물어보셔서", "기자분이 … 물어보셔서": who wants the figure
        head = next((d for d in words.ASKING_DETERMINERS if w.startswith(d) and len(w) - len(d) >= 2), "")
        w = w[len(head) :]  # "어떤체제로": 체제
        if _says_nothing(w, config):
            continue
        at = p.compact.find(w, max(0, at_word)) if at_word >= 0 else -1
        if at < 0:
            continue
        over = sorted({i for pos in range(at, at + len(w)) for i in covering.get(pos, ())})
        out.append((w, at, [p.matches[i] for i in over]))
    p.memo[key] = out
    return out


def _counted_words(p: Parsed, vocab: Vocabulary) -> list[str]:
    """A number's word the report never writes ("5급" of 조직담당관5급몇명), or a group it never
    counts ("20대" of "완치자 중 20대", `_a_group_counted`): content it lacks (the numbers and dates
    themselves are read by the period reader; a number before an ending, "4.6까지", counts nothing)."""
    out: list[str] = []
    named = {m.surface for m in p.matches}  # "4.6기준": a date and a known word (기준), not 6기
    days = {int(x[-2:]) for x in p.periods if len(x) == len("2020-04-06")}  # "4월 6일까지": the date read
    # "2018대 2019", "4.15대 4.16": a number the unit's letter sets against the next (대 is "versus")
    against = {
        n for n, unit, m in _AGAINST_A_NUMBER.findall(p.compact) if unit in words.GROUP_UNITS and len(n) == len(m)
    }  # (of as many digits: "2018대2019", "19대20"; not "20대4월", an age and a month)
    for word in WORD_BREAKS.split(p.text):
        if _DIGIT.search(word):
            counted = [
                (
                    n + (words.ORDINAL_ENDING if run.startswith(words.ORDINAL_ENDING) else run[:1]),  # "2번째", "5급"
                    n not in against and _a_group_counted(run, named),
                )
                for n, run in _COUNTED.findall(compact(word))
                if not starts_an_ending(run)
                and not any(run.startswith(x) for x in named)
                and not (run.startswith(DAY_UNIT) and int(n) in days)
            ]
            out += [x for x, group in counted if vocab.unexplained(x) or (group and x not in vocab.written_counts)]
    return out


def _a_group_counted(run: str, named: set[str]) -> bool:
    """The letters after a number begin with a unit whose number names a group (words.yaml
    group_units: "20대"), standing alone, before an ending or a known name ("20대확진자"); not the
    first letter of another word ("19대응", "2018대비")."""
    rest = run[1:]
    return run[:1] in words.GROUP_UNITS and (
        not rest or starts_an_ending(rest) or any(rest.startswith(x) for x in named)
    )


def _says_nothing(word: str, config: IntentConfig) -> bool:
    """Fillers, endings, "몇 …" and intent words: no content to look up."""
    return (
        len(word) < 2
        or word in config.filler_words
        or word in config.relative_years
        or word in config.each_words  # "두해", "둘다": both things just asked, no name
        or word.startswith(ASKING_STARTS)
        or looks_like_predicate(word)
        or _holds_intent_word(word, config)
        or _asking_word_typo(word)
        or _only_function_words(word, config)
    )


ASKING_STARTS = words.QUESTION_STARTS  # "얼마로줄여": an asking word and its verb


def _a_question_word_changed(segment: str, name: str, i: int, width: int) -> bool:
    """A typo's repair would change a letter that begins a question word as typed ("사업누가해":
    누가 asks who, no typo of 사업수); words.yaml question_starts."""
    if width != len(name):
        return False
    return any(segment[j] != name[j - i] and segment.startswith(ASKING_STARTS, j) for j in range(i, i + width))


def _after_particle(run: str) -> str:
    """A run after a known name without the particle that ends that name ("행정심판이랑소청": 소청;
    "국내현황은몇시": 몇시), when two letters or more are left, or a verb's ending ("희망한팀": 팀)."""
    for particle in words.LEADING_PARTICLES:
        if run.startswith(particle) and len(run) - len(particle) >= 2:
            return run[len(particle) :]
    for ending in words.ADNOMINAL_ENDINGS:  # "희망한팀": 팀 (a counter), the 한 ends the verb before it
        rest = run[len(ending) :]
        if run.startswith(ending) and (len(rest) >= 2 or rest in words.COUNTERS):
            return rest
    return run


def _only_function_words(word: str, config: IntentConfig) -> bool:
    """The word is words that say nothing run together ("올해각각", "이랑올해각각": a relative year,
    a particle, a joining word), each a filler, relative year, joining word or ending."""
    if len(word) > MAX_RUN_READ:
        return False
    known = config.function_words
    can_end = [True] + [False] * len(word)  # can_end[i]: word[:i] is such words
    for i in range(len(word)):
        if can_end[i]:
            for j in range(i + 1, len(word) + 1):
                if word[i:j] in known:
                    can_end[j] = True
    return can_end[-1]


MAX_RUN_READ = 12  # a longer run of letters is no run of function words


@lru_cache(maxsize=4096)
def _asking_word_typo(word: str) -> bool:
    """An asking word with one letter mistyped ("얼미" for 얼마): it asks, it names nothing."""
    return any(
        len(w) >= 2 and len(word) == len(w) and word != w and _distance(jamo(word), jamo(w), 1) <= 1
        for w in words.ASKING_WORDS
    )


def _holds_intent_word(word: str, config: IntentConfig) -> bool:
    """Some keyword of an intent is written inside the word (its substrings looked up, each
    place read forward while what it holds begins a keyword)."""
    return _holds_one_of(word, config.intent_word_set)


@lru_cache(maxsize=4096)  # the same typed words recur (as strip_ending's)
def _holds_one_of(word: str, words: frozenset[str]) -> bool:
    begins = _beginnings(words)
    n = len(word)
    for i in range(n - 1):
        for j in range(i + 1, n + 1):
            piece = word[i:j]
            if piece not in begins:
                break
            if piece in words:
                return True
    return False


@lru_cache(maxsize=8)
def _beginnings(words: frozenset[str]) -> frozenset[str]:
    """Every beginning of every word (the words too)."""
    return frozenset(w[:n] for w in words for n in range(1, len(w) + 1))


def _uncovered(word: str, at: int, matches: list[Match]) -> list[tuple[str, int]]:
    """The runs of a word (starting at `at` in the compact question) that no match covers, each
    with where it starts in the compact question."""
    covered = [False] * len(word)
    for m in matches:
        for i in range(max(0, m.start - at), min(len(word), m.end - at)):
            covered[i] = True
    runs: list[tuple[str, int]] = []
    run, start = "", 0
    for i, (ch, cov) in enumerate(zip(word, covered)):
        if cov:
            if run:
                runs.append((run, start))
            run = ""
        else:
            if not run:
                start = at + i
            run += ch
    return runs + [(run, start)] if run else runs
