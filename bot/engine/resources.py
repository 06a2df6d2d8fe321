"""Resources: everything the stages read, built once at load and never changed afterwards."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType
from typing import TypeVar

from bot.engine.intents import IntentConfig
from bot.engine.prebuilt import Prebuilt
from bot.engine.retrieval import GENERIC_MEASURES, Candidates, Index
from bot.engine.siblings import NameGuard
from bot.engine.thresholds import MIN_ROW_KIND_LETTERS
from bot.engine.understand import Vocabulary
from bot.korean import words
from bot.korean.textnorm import compact
from bot.records import Detail, Fact, Knowledge, ScheduleItem

_LISTING = re.compile(r"\s*([가-힣]{2,8})\s*:")  # "직속기관 : 시립대학교(…)": a kind, then its members

T = TypeVar("T")
K = TypeVar("K")


def aspect_base(aspect: str) -> str:
    """ "추진 계획(전문성 강화)" and "추진계획" are both the aspect 추진계획."""
    return compact(re.sub(r"\s*\(.*\)$", "", aspect))


def _grouped(items: Iterable[T], key: Callable[[T], K]) -> Mapping[K, tuple[T, ...]]:
    groups: dict[K, list[T]] = defaultdict(list)
    for x in items:
        groups[key(x)].append(x)
    return MappingProxyType({k: tuple(v) for k, v in groups.items()})


@dataclass(frozen=True)
class Resources:
    """The knowledge base, intents.yaml and the indexes built from them (read-only)."""

    kb: Knowledge
    config: IntentConfig  # a copy of the loaded one, with the knowledge base's unit words as fillers
    vocab: Vocabulary
    index: Index
    facts_by_id: Mapping[str, Fact]
    details_by_id: Mapping[str, Detail]
    schedule_by_id: Mapping[str, ScheduleItem]
    discrepancy_notes: Mapping[str, tuple[str, ...]]
    detail_subjects: frozenset[str]
    aspect_subjects: Mapping[str, frozenset[str]]
    aspect_sections: Mapping[str, frozenset[str]]
    row_subjects: frozenset[str | None]  # subjects of table rows (a department, a country)
    fact_subjects: frozenset[str]
    facts_of_subject: Mapping[str | None, tuple[Fact, ...]]  # in knowledge-base order
    facts_of_metric: Mapping[str | None, tuple[Fact, ...]]  # a metric → its figures
    facts_of_qualifier: Mapping[str | None, tuple[Fact, ...]]
    facts_of_table: Mapping[str | None, tuple[Fact, ...]]  # a source table → its figures
    details_of_subject: Mapping[str, tuple[Detail, ...]]
    aspects_in_metrics: frozenset[str]  # aspects some figure's metric is named with (a 비전 is no figure)
    name_guard: NameGuard  # the names that pick a figure among its siblings (bot/engine/siblings.py)
    # tables whose row's columns measure one category ("예산지원형 357건, 8,564억원"; the section
    # file's `measures_together`), unlike 정원 and 현원, which are two things
    measured_together: frozenset[str] = frozenset()

    def sections_of(self, subjects: list[str]) -> set[str]:
        """The parts of the report that speak of these subjects (their figures and text items)."""
        out: set[str] = set()
        for s in subjects:
            out |= {f.section for f in self.facts_of_subject.get(s, ())}
            out |= {d.section for d in self.details_of_subject.get(s, ())}
        return out

    def facts_about(self, subjects: Sequence[str | None]) -> list[Fact]:
        """The figures of these subjects, in knowledge-base order."""
        found = {f.id: f for s in subjects for f in self.facts_of_subject.get(s, ())}
        return [f for f in self.kb.facts if f.id in found] if len(subjects) > 1 else list(found.values())

    def facts_near(self, part: Fact) -> Sequence[Fact]:
        """The figures `operations.whole_of` finds a figure's whole among, in knowledge-base order:
        its table's, or for a figure of the text its subject's."""
        if part.source_table:
            return self.facts_of_table.get(part.source_table, ())
        return self.facts_of_subject.get(part.subject, ())

    @classmethod
    def build(cls, kb: Knowledge, loaded: IntentConfig, prebuilt: Prebuilt | None = None) -> Resources:
        """`prebuilt`: a copy of the vocabulary and index built before from the same inputs
        (bot/engine/prebuilt.py), read back instead of building them, or kept when built."""
        # units ("억원으로", "몇 개국") explain themselves: they are not content to look up
        fillers = set(loaded.filler_words)
        fillers |= {compact(f.unit.split()[0]) for f in kb.facts if f.unit.strip()}
        fillers |= GENERIC_MEASURES
        fillers |= set(words.THAT_TIME)  # "그해": the period they point at comes from the conversation
        fillers |= set(words.NEXT_DAY_WORDS) | set(words.DAY_BEFORE_WORDS)  # "다음날은?": likewise
        fillers |= item_kinds_of(kb)
        config = replace(loaded, filler_words=fillers)
        metrics = {f.metric for f in kb.facts}
        notes: dict[str, list[str]] = defaultdict(list)
        for d in kb.discrepancies:
            for fid in d.facts:
                notes[fid].append(d.what)
        aspect_subjects: dict[str, set[str]] = defaultdict(set)
        aspect_sections: dict[str, set[str]] = defaultdict(set)
        for x in kb.details:
            aspect_subjects[x.aspect].add(x.subject)
            aspect_sections[aspect_base(x.aspect)].add(x.section)
        if prebuilt is None:
            vocab, index = Vocabulary(kb, config), Index(kb, config.report_year)
        else:
            # the parts' attributes that are not plain data are given back here, never stored
            vocab = prebuilt.part("vocabulary", Vocabulary, lambda: Vocabulary(kb, config), {"config": config})
            index = prebuilt.part("index", Index, lambda: Index(kb, config.report_year), {"kb": kb, "candidates": None})
            candidates = prebuilt.part("candidates", Candidates, lambda: index.candidates, {"_details": kb.details})
            index.candidates = candidates
            prebuilt.keep()
        return cls(
            kb=kb,
            config=config,
            vocab=vocab,
            index=index,
            facts_by_id=MappingProxyType({f.id: f for f in kb.facts}),
            details_by_id=MappingProxyType({d.id: d for d in kb.details}),
            schedule_by_id=MappingProxyType({s.id: s for s in kb.schedule}),
            discrepancy_notes=MappingProxyType({k: tuple(v) for k, v in notes.items()}),
            detail_subjects=frozenset(x.subject for x in kb.details),
            aspect_subjects=MappingProxyType({k: frozenset(v) for k, v in aspect_subjects.items()}),
            aspect_sections=MappingProxyType({k: frozenset(v) for k, v in aspect_sections.items()}),
            row_subjects=frozenset(f.subject for f in kb.facts if f.subject_required),
            fact_subjects=frozenset(s for f in kb.facts if (s := f.subject)),
            facts_of_subject=_grouped(kb.facts, lambda f: f.subject),
            facts_of_metric=_grouped(kb.facts, lambda f: f.metric),
            facts_of_qualifier=_grouped(kb.facts, lambda f: f.qualifier),
            facts_of_table=_grouped(kb.facts, lambda f: f.source_table),
            details_of_subject=_grouped(kb.details, lambda d: d.subject),
            measured_together=frozenset(n for n, t in kb.tables.items() if t.spec.get("measures_together")),
            aspects_in_metrics=frozenset(a for a in {x.aspect for x in kb.details} if any(a in m for m in metrics)),
            name_guard=NameGuard(
                kb.facts,
                exempt=[
                    config.report_owner,
                    *config.whole_names,
                    *config.filler_words,
                    *config.relative_years,
                    *config.intent_words,
                ],
                report_year=config.report_year,
            ),
        )

    @cached_property
    def figure_readings(self) -> Mapping[str, tuple[str, str]]:
        """Names of text items only that, asked for a figure, read as a figure's subject and one of
        its categories ("계약 사전검토 몇 건": 계약심사's 사전검토 column; the text items' subject is
        the table's title): the name's last words are the category, its first begin the subject's
        name. Only a name with exactly one such reading has one."""
        out: dict[str, tuple[str, str]] = {}
        categories = {  # (subject, category, their compact forms), each once
            (s, c, compact(s), compact(c))
            for f in self.kb.facts
            if (s := f.subject)
            for c in (f.qualifier or "").split()
            if len(c) >= 2
        }
        for name in self.detail_subjects - self.fact_subjects:
            c = compact(name)
            found = {
                (s, cat)
                for s, cat, cs, ccat in categories
                if c.endswith(ccat) and (head := c[: -len(ccat)]) and cs.startswith(head)
            }
            if len(found) == 1:
                out[name] = found.pop()
        return MappingProxyType(out)

    @cached_property
    def counted_letters(self) -> frozenset[str]:
        """The things of one letter a figure counts ("팀" of 팀 수, "처" of 처 수): a noun the guard
        reads although it is one letter long ("팀은 총 몇 개" is not answered with 심사 건수)."""
        return frozenset(
            w
            for f in self.kb.facts
            for w, after in zip(f.metric.split(), f.metric.split()[1:])
            if len(w) == 1 and after in words.GENERIC_MEASURES and after not in words.EVENT_COUNTS
        )

    @cached_property
    def unit_words(self) -> frozenset[str]:
        """The words the figures' units write beyond the unit itself ("미만" of "% 미만"): a question
        naming one ("5% 미만") names nothing the report lacks."""
        return frozenset(compact(w) for f in self.kb.facts for w in f.unit.split()[1:] if len(compact(w)) >= 2)

    @cached_property
    def ordinal_words(self) -> tuple[tuple[re.Pattern[str], int], ...]:
        """The ordinal words ending in 번째 (intents.yaml ranking ordinals; words.yaml ordinal_ending)
        as patterns typed with or without a space before the ending, and the place each is: longest
        first ("열한 번째" before "열 번째")."""
        ending = words.ORDINAL_ENDING
        ordinals = self.config.get("ranking").extra.get("ordinals") or {}
        found = [(w[: -len(ending)], int(n)) for w, n in ordinals.items() if w.endswith(ending) and w != ending]
        return tuple(
            (re.compile(r"(?<![가-힣\d])" + re.escape(head) + r"\s*" + re.escape(ending)), n)
            for head, n in sorted(found, key=lambda x: -len(x[0]))
        )

    @cached_property
    def whole_section_words(self) -> frozenset[str]:
        """Words that ask for a whole section rather than one part of it (intents.yaml, summary),
        compacted at the first question that asks."""
        return frozenset(compact(w) for w in self.config.get("summary").extra.get("whole_section_words", []))

    @cached_property
    def report_words(self) -> str:
        """The report as written, each word after a space: where a stretch begins a word (" 심의")."""
        return " " + " ".join(" ".join(line.split()) for line in self.kb.source_lines)

    @cached_property
    def section_texts(self) -> Mapping[str, str]:
        """Each part of the report as written (compact, its lines only), read at the first question
        that needs one: where a word of a question stands in the report."""
        lines = self.kb.source_lines
        return MappingProxyType(
            {s.id: compact(" ".join(lines[s.lines[0] - 1 : s.lines[1]]), limit=None) for s in self.kb.sections.values()}
        )

    @cached_property
    def detail_texts_of_noun(self) -> Mapping[str, tuple[str, ...]]:
        """A word the report writes in its text items → the items writing it (ids), read at the first
        question that needs it: where a noun no name covers stands ("거제": one item)."""
        out: dict[str, list[str]] = defaultdict(list)
        for d in self.kb.details:
            text = compact(d.text, limit=None)
            for word in {text[i : i + n] for n in (2, 3, 4) for i in range(len(text) - n + 1)}:
                out[word].append(d.id)
        return MappingProxyType({w: tuple(ids) for w, ids in out.items()})

    @cached_property
    def member_listings(self) -> tuple[tuple[str, Detail], ...]:
        """The text items that list the members of a kind of organisation, with that kind
        ("직속기관 : 시립대학교(…)": 직속기관; words.yaml `organisation_kinds`), read at the first
        question that asks which ones."""
        found = ((_LISTING.match(d.text), d) for d in self.kb.details)
        return tuple((m.group(1), d) for m, d in found if m and m.group(1).endswith(words.ORGANISATION_KINDS))

    @cached_property
    def row_kinds(self) -> tuple[str, ...]:
        """The words people use for a table's rows (the section files' `row_kind`: 부서, 기금, 나라),
        compact, longest first."""
        kinds = {compact(k) for t in self.kb.tables.values() for k in t.spec.get("row_kind") or []}
        return tuple(sorted(kinds, key=len, reverse=True))

    @cached_property
    def item_kinds(self) -> frozenset[str]:
        """The words people use for a table's rows or categories (the section files' `row_kind`,
        `category_kind`: 부서, 나라, 유형), compact: what a ranking may rank."""
        return item_kinds_of(self.kb)

    @cached_property
    def per_row(self) -> re.Pattern[str]:
        """A word for a table's rows with a word asking every row after it ("기금별", "부서마다",
        "기금종류별", or "항목별" alone: words.yaml per_row_words, per_row_between); group 1 is the
        row word (longest first)."""
        kinds = "|".join(map(re.escape, self.row_kinds))
        between = "|".join(map(re.escape, words.PER_ROW_BETWEEN))
        marks = "|".join(map(re.escape, words.PER_ROW_WORDS))
        return re.compile(f"({kinds})?(?:{between})?(?:{marks})")

    def rows_asked(self, c: str) -> list[str]:
        """The words for a table's rows the compact question asks every row of ("기금별", "부서마다",
        "기금 종류별로"), in the question's order: a bare "항목별" or "각각" names no rows."""
        return [m.group(1) for m in self.per_row.finditer(c) if m.group(1) and len(m.group(1)) >= MIN_ROW_KIND_LETTERS]

    @cached_property
    def facts_of_category_word(self) -> Mapping[str, tuple[Fact, ...]]:
        """A category, or one word of it, → the figures of it ("임기제", and "사전검토" of "계 사전검토"),
        read at the first question that names a category (`guard.categories_unsaid`)."""
        out: dict[str, list[Fact]] = defaultdict(list)
        for f in self.kb.facts:
            for x in {f.qualifier, *f.qualifier.split()} if f.qualifier else ():
                out[x].append(f)
        return MappingProxyType({x: tuple(fs) for x, fs in out.items()})

    @cached_property
    def label_compacts(self) -> tuple[str, ...]:
        """Every figure's label, compact (read at the first what-question: `details.said_whole`)."""
        return tuple(compact(f.label, limit=None) for f in self.kb.facts)

    @cached_property
    def detail_wholes(self) -> Mapping[str, str]:
        """Every text item's subject, aspect and text, compact, by id (`details.said_whole`)."""
        return MappingProxyType({d.id: compact(f"{d.subject}{d.aspect}{d.text}", limit=None) for d in self.kb.details})

    @cached_property
    def figure_texts(self) -> str:
        """Every figure's label and remark, compact, read at the first question that needs them: is a
        word written of a figure too ("재결례": www.simpan.go.kr 게시 is a figure's remark)."""
        return compact(" ".join(f"{f.label} {f.note or ''}" for f in self.kb.facts), limit=None)

    @cached_property
    def detail_subjects_of_section(self) -> Mapping[str, tuple[str, ...]]:
        """A part of the report → the subjects of its text items, in knowledge-base order (read at
        the first question that needs them: a question then reads only its parts')."""
        out: dict[str, dict[str, None]] = defaultdict(dict)
        for d in self.kb.details:
            out[d.section][d.subject] = None
        return MappingProxyType({section: tuple(subjects) for section, subjects in out.items()})


def item_kinds_of(kb: Knowledge) -> frozenset[str]:
    """The section files' `row_kind` and `category_kind` words of every table, compact."""
    return frozenset(
        compact(k)
        for t in kb.tables.values()
        for k in (*(t.spec.get("row_kind") or ()), *(t.spec.get("category_kind") or ()))
    )
