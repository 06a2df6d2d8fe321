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
from dataclasses import dataclass, field

from bot.records import Detail, Fact, Knowledge, ScheduleItem
from bot.textnorm import bigrams, compact

# Qualifiers a question need not name: the table's default reading.
DEFAULT_QUALIFIERS = {"합계", "계", "일반회계"}


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

    def named(self, word: str) -> bool:
        """The question names this word: as a recognised name, or written in it."""
        c = compact(word)
        return bool(c) and (c in self.compact or word in self.subjects or word in self.metrics
                            or word in self.qualifiers or word in self.aspects)


def _words(text: str | None) -> list[str]:
    if not text:
        return []
    words = [w for w in re.split(r"[\s·(),/]+", text) if w]
    long = [w for w in words if len(compact(w)) >= 2]
    return long or words


def word_share(text: str | None, q: Query) -> float:
    """How much of a multi-word name the question names (0..1)."""
    words = _words(text)
    if not words:
        return 0.0
    return sum(q.named(w) for w in words) / len(words)


def effective_period(fact: Fact, report_year: str) -> str:
    """When a figure holds: its period, else its as-of date, else the report's year."""
    return fact.period or (fact.as_of or "")[:10] or report_year


def period_matches(eff: str, asked: str) -> bool:
    if "~" in eff:
        lo, hi = eff.split("~", 1)
        return lo[: len(asked)] <= asked <= (hi[: len(asked)] or "9999")
    return eff.startswith(asked) if len(asked) == 4 else eff == asked


@dataclass(frozen=True)
class Scored:
    score: float
    fact: Fact
    subject_share: float
    metric_share: float


class Index:
    """Precomputed bigram weights over all record texts (IDF), for text similarity."""

    def __init__(self, kb: Knowledge, report_year: str):
        self.kb = kb
        self.report_year = report_year
        docs = [bigrams(f"{f.label} {f.subject or ''} {f.metric} {f.qualifier or ''}") for f in kb.facts]
        docs += [bigrams(f"{d.subject} {d.aspect} {d.text}") for d in kb.details]
        docs += [bigrams(s.what) for s in kb.schedule]
        df = Counter(b for d in docs for b in d)
        n = len(docs) or 1
        self.idf = {b: math.log(1 + n / c) for b, c in df.items()}
        self.fact_bigrams = {f.id: bigrams(f"{f.label} {f.subject or ''} {f.metric} {f.qualifier or ''}")
                             for f in kb.facts}
        self.detail_bigrams = {d.id: bigrams(f"{d.subject} {d.aspect} {d.text}") for d in kb.details}
        self.schedule_bigrams = {s.id: bigrams(s.what) for s in kb.schedule}

    def similarity(self, q_bigrams: set[str], doc: set[str]) -> float:
        """Share of the question's known bigrams (IDF-weighted) that the record contains."""
        known = [b for b in q_bigrams if b in self.idf]
        total = sum(self.idf[b] for b in known)
        if not total:
            return 0.0
        return sum(self.idf[b] for b in known if b in doc) / total

    # --- facts ----------------------------------------------------------------------------
    def score_fact(self, fact: Fact, q: Query, q_bigrams: set[str], *, need_subject: bool = True) -> Scored | None:
        metric = 1.0 if fact.metric in q.metrics else word_share(fact.metric, q)
        if metric < 0.5:
            return None
        subject = 0.0
        if fact.subject:
            subject = 1.0 if fact.subject in q.subjects else word_share(fact.subject, q)
            if subject < 0.5:
                subject = 0.0
        named_fact_subjects = [s for s in q.subjects if s in self.kb_fact_subjects]
        if need_subject and fact.subject_required and subject < 1.0:
            return None
        if named_fact_subjects and subject == 0.0:
            return None
        eff = effective_period(fact, self.report_year)
        score = 3 * metric + 3 * subject
        if q.periods:
            if not any(period_matches(eff, p) for p in q.periods):
                return None
            score += 1.0
        elif eff.startswith(self.report_year):
            score += 0.3
        if fact.qualifier:
            qual = word_share(fact.qualifier, q)
            score += 1.5 * qual
            if qual < 1 and fact.qualifier not in DEFAULT_QUALIFIERS:
                score -= 0.6 * (1 - qual)
        elif q.qualifiers:
            score -= 0.2
        if fact.section in q.sections:
            score += 0.5
        score += 1.5 * self.similarity(q_bigrams, self.fact_bigrams[fact.id])
        return Scored(score, fact, subject, metric)

    @property
    def kb_fact_subjects(self) -> set[str]:
        if not hasattr(self, "_fact_subjects"):
            self._fact_subjects = {f.subject for f in self.kb.facts if f.subject}
        return self._fact_subjects

    def facts(self, q: Query, *, need_subject: bool = True) -> list[Scored]:
        qb = bigrams(q.compact)
        out = [s for f in self.kb.facts if (s := self.score_fact(f, q, qb, need_subject=need_subject))]
        return sorted(out, key=lambda s: -s.score)

    # --- details and schedule --------------------------------------------------------------
    def details(self, q: Query) -> list[tuple[float, Detail]]:
        qb = bigrams(q.compact)
        out = []
        for d in self.kb.details:
            subject = 1.0 if d.subject in q.subjects else word_share(d.subject, q)
            aspect = 1.0 if d.aspect in q.aspects else (word_share(d.aspect, q) if d.aspect else 0.0)
            text = self.similarity(qb, self.detail_bigrams[d.id])
            score = 2.5 * (subject if subject >= 0.5 else 0) + 1.5 * aspect + 4 * text
            if d.section in q.sections:
                score += 0.3
            if score > 0:
                out.append((score, d))
        return sorted(out, key=lambda x: -x[0])

    def schedule(self, q: Query) -> list[tuple[float, ScheduleItem]]:
        qb = bigrams(q.compact)
        out = []
        for s in self.kb.schedule:
            if q.months and not any(_in_month(s, self.report_year, m) for m in q.months):
                continue
            score = 4 * self.similarity(qb, self.schedule_bigrams[s.id])
            if s.section in q.sections:
                score += 0.5
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
