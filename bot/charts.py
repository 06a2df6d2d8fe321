"""What a chart shows, read from charts.yaml and the knowledge base (no drawing here).

`load_chartbook()` reads charts.yaml; `ChartBook.data(topic, kb)` selects the topic's facts from
the knowledge records and returns a `ChartData` — categories, series of points (each with the
fact it came from), unit, as-of dates, sources and the report's discrepancies that touch it.
`bot.chartdraw` turns a `ChartData` into a PNG (and is the only module that imports matplotlib).

Dated points from elsewhere (the COVID snapshots of the state database) join a `snapshots: true`
topic through any object with the `SnapshotSource` shape; the chart marks where they come from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from bot import paths
from bot.records import Fact, Knowledge
from bot.textnorm import compact

KINDS = ("bars", "hbars", "panels")
STYLES = ("bar", "target", "line")
SELECTOR_KEYS = ("section", "table", "metric", "subjects", "periods", "qualifier")
PHRASES = ("caption", "source", "footer", "as_of", "as_of_partial", "report_as_of", "discrepancy", "snapshot", "remark",
           "menu", "no_charts", "drawing_failed", "unknown_topic")  # fmt: skip
FONT_KEYS = ("package", "regular", "bold")


class ChartError(Exception):
    """charts.yaml is malformed, a topic is unknown or selects nothing; the message says which."""


@dataclass(frozen=True)
class SnapshotPoint:
    """A dated figure from outside the report (e.g. a COVID snapshot in the state database)."""

    at: str  # ISO date or date-time, "2020-04-20" or "2020-04-20 10:00"
    value: float
    text: str  # as shown, e.g. "10,674"
    source: str  # where it comes from, e.g. "질병관리본부 4.20. 발표"


class SnapshotSource(Protocol):
    def points(self, subject: str, metric: str) -> Iterable[SnapshotPoint]: ...


@dataclass(frozen=True)
class Point:
    category: str  # the subject or the period/date the point stands for
    value: float
    text: str  # the figure as printed in the report (or the snapshot)
    fact_id: str | None  # None for a snapshot point
    as_of: str | None = None
    flag: str | None = None  # the report's own inconsistency touching this figure
    snapshot: str | None = None  # the snapshot's source, for points not from the report


@dataclass(frozen=True)
class Series:
    label: str
    style: str
    points: tuple[Point, ...]
    subject: str | None = None  # a panel's subject


@dataclass(frozen=True)
class ChartData:
    topic: str
    title: str
    kind: str
    axis: str
    unit: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    reference: Point | None
    reference_label: str | None
    as_of: str
    sources: tuple[tuple[str, str, tuple[int, int]], ...]  # (section id, title, (first, last line))
    notes: tuple[str, ...]  # discrepancies, snapshot origins

    @property
    def facts(self) -> list[str]:
        ids = [p.fact_id for s in self.series for p in s.points if p.fact_id]
        return ids + ([self.reference.fact_id] if self.reference and self.reference.fact_id else [])

    def source_text(self, phrase: str) -> str:
        return ", ".join(phrase.format(section=s, title=t) for s, t, _ in self.sources)


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    words: tuple[str, ...]
    kind: str
    axis: str
    series: tuple[dict, ...]
    categories: tuple[str, ...] = ()
    reference: dict | None = None
    snapshots: bool = False
    remarks: tuple[dict, ...] = ()  # text items of the report shown under the chart (subject, aspect)


@dataclass
class ChartBook:
    topics: dict[str, Topic]
    request_words: tuple[str, ...]
    phrases: dict[str, str]
    font: dict[str, str]
    button_intents: frozenset[str] = frozenset()
    button_label: str = "그래프"
    button_min_shared: int = 2
    _fact_sets: dict[int, dict[str, set[str]]] = field(default_factory=dict, repr=False)

    def phrase(self, key: str, **fields: object) -> str:
        return self.phrases[key].format(**fields)

    # -- what a chart holds -------------------------------------------------------------------
    def data(
        self,
        topic_id: str,
        kb: Knowledge,
        subjects: Sequence[str] = (),
        snapshots: SnapshotSource | None = None,
    ) -> ChartData:
        """The topic's figures from `kb` (only `subjects`' panels when given)."""
        topic = self.topics.get(topic_id)
        if topic is None:
            raise ChartError(f"unknown chart topic {topic_id!r} (known: {', '.join(self.topics)})")
        flags = _flags(kb, self.phrases["discrepancy"])
        selected = [select(kb, spec) for spec in topic.series]
        for spec, facts in zip(topic.series, selected):
            if not facts:
                raise ChartError(
                    f"chart {topic_id}: series {spec.get('label')!r} selects no fact of the knowledge base"
                )
        key = _category_key([f for facts in selected for f in facts])
        series: list[Series] = []
        for spec, facts in zip(topic.series, selected):
            style = str(spec.get("style") or "bar")
            if topic.kind == "panels":
                by_subject: dict[str, list[Fact]] = {}
                for f in facts:
                    by_subject.setdefault(f.subject or "", []).append(f)
                for subject, group in by_subject.items():
                    if subjects and subject not in subjects:
                        continue
                    points = [_point(f, _when(f), flags) for f in group]
                    if snapshots is not None and topic.snapshots:
                        points += _snapshot_points(snapshots, subject, group[0].metric)
                    points.sort(key=lambda p: p.category)
                    series.append(Series(subject, style, tuple(points), subject=subject))
            else:
                points = [_point(f, key(f), flags) for f in facts]
                series.append(Series(str(spec.get("label") or facts[0].metric), style, tuple(points)))
        if not series:
            raise ChartError(f"chart {topic_id}: none of {', '.join(subjects)} is on it")
        title = topic.title + (f" — {', '.join(s.label for s in series)}" if subjects else "")
        units = {f.unit for f in _facts_of(kb, series)}
        if len(units) != 1:
            raise ChartError(f"chart {topic_id}: its figures have different units ({', '.join(sorted(units))})")
        categories = _categories(topic, series)
        series = [Series(s.label, s.style, _ordered(s.points, categories), s.subject) for s in series]
        reference = ref_label = None
        if topic.reference:
            found = select(kb, topic.reference)
            if len(found) != 1:
                raise ChartError(f"chart {topic_id}: its reference selects {len(found)} facts, not one")
            reference, ref_label = _point(found[0], "", flags), found[0].label
        used = _facts_of(kb, series) + ([kb_fact(kb, reference.fact_id)] if reference and reference.fact_id else [])
        notes = list(dict.fromkeys(p.flag for s in series for p in s.points if p.flag))
        for spec in topic.remarks:
            remark = [d for d in kb.details if d.subject == spec.get("subject") and d.aspect == spec.get("aspect")]
            if not remark:
                raise ChartError(f"chart {topic_id}: remark {spec} names no text item of the knowledge base")
            notes += [self.phrase("remark", text=d.text) for d in remark]
        origins = list(dict.fromkeys(p.snapshot for s in series for p in s.points if p.snapshot))
        if origins:
            notes.append(self.phrase("snapshot", what=", ".join(origins)))
        return ChartData(
            topic=topic.id,
            title=title,
            kind=topic.kind,
            axis=topic.axis,
            unit=units.pop(),
            categories=categories,
            series=tuple(series),
            reference=reference,
            reference_label=ref_label,
            as_of=self._as_of(used),
            sources=_sources(kb, used),
            notes=tuple(notes),
        )

    def _as_of(self, facts: list[Fact]) -> str:
        dates = sorted({f.as_of for f in facts if f.as_of})
        if not dates:
            return self.phrase("report_as_of")
        key = "as_of" if all(f.as_of for f in facts) else "as_of_partial"
        return self.phrase(key, dates=", ".join(date_label(d, full=True) for d in dates))

    def caption(self, data: ChartData) -> str:
        """One line under the picture: its title and the report sections it comes from."""
        return self.phrase("caption", title=data.title, sources=data.source_text(self.phrases["source"]))

    # -- which chart a question or an answer asks for -----------------------------------------
    def is_request(self, text: str) -> bool:
        c = compact(text).lower()
        return any(w in c for w in self.request_words)

    def without_request_words(self, text: str) -> str:
        out = text
        for w in sorted(self.request_words, key=len, reverse=True):
            out = re.sub(re.escape(w), " ", out, flags=re.IGNORECASE)
        return " ".join(out.split())

    def match(self, text: str, kb: Knowledge) -> tuple[str, list[str]] | None:
        """The topic a question names (by the words of charts.yaml) and the panel subjects it
        names; None when no topic word is in it. The longest total match wins."""
        c = compact(text)
        best: tuple[int, str] | None = None
        for topic in self.topics.values():
            score = sum(len(w) for w in topic.words if w in c)
            if score and (best is None or score > best[0]):
                best = (score, topic.id)
        if best is None:
            return None
        return best[1], self.subjects_named(best[1], c, kb)

    def resolve(
        self, text: str, kb: Knowledge, ask: Callable[[str], Any] | None = None
    ) -> tuple[str, list[str]] | None:
        """The chart a request names: a topic id ("appeals", "covid_countries 미국"), else the
        words of charts.yaml ("재결건수 추이 그래프"), else — with `ask` (the engine's answer
        function) — the chart holding the figures the engine answers the request with."""
        words = text.split()
        if words and words[0] in self.topics:
            return words[0], self.subjects_named(words[0], compact(" ".join(words[1:])), kb)
        found = self.match(text, kb)
        if found is None and ask is not None:
            question = self.without_request_words(text)
            found = self.for_answer(ask(question), kb) if compact(question) else None
        return found

    def for_answer(self, answer: Any, kb: Knowledge) -> tuple[str, list[str]] | None:
        """The chart holding the figures of an engine answer (None for an unanswered one)."""
        if answer is None or not answer.answered:
            return None
        return self.for_facts([f.id for f in answer.facts], kb)

    def subjects_named(self, topic_id: str, compact_text: str, kb: Knowledge) -> list[str]:
        topic = self.topics[topic_id]
        if topic.kind != "panels":
            return []
        named = []
        for subject in self._panel_subjects(topic, kb):
            names = [subject, *kb.aliases.get(subject, [])]
            if any(compact(n) and compact(n) in compact_text for n in names):
                named.append(subject)
        return named

    def _panel_subjects(self, topic: Topic, kb: Knowledge) -> list[str]:
        return list(dict.fromkeys(f.subject for spec in topic.series for f in select(kb, spec) if f.subject))

    def for_facts(self, fact_ids: Iterable[str], kb: Knowledge) -> tuple[str, list[str]] | None:
        """The chart holding most of these facts (at least `button_min_shared`), with the panel
        subjects they belong to: the chart of an answer."""
        wanted = set(fact_ids)
        best: tuple[int, str] | None = None
        for topic_id, ids in self._fact_index(kb).items():
            shared = len(wanted & ids)
            if shared >= self.button_min_shared and (best is None or shared > best[0]):
                best = (shared, topic_id)
        if best is None:
            return None
        topic = self.topics[best[1]]
        subjects: list[str] = []
        if topic.kind == "panels":
            by_id = {f.id: f for f in kb.facts}
            named = (by_id[i].subject for i in wanted & self._fact_index(kb)[topic.id])
            subjects = [s for s in dict.fromkeys(named) if s]
        return topic.id, subjects

    def _fact_index(self, kb: Knowledge) -> dict[str, set[str]]:
        key = id(kb)
        if key not in self._fact_sets:
            index = {}
            for topic in self.topics.values():
                ids = {f.id for spec in topic.series for f in select(kb, spec)}
                index[topic.id] = ids
            self._fact_sets = {key: index}  # one knowledge base at a time
        return self._fact_sets[key]

    def available(self, kb: Knowledge) -> list[Topic]:
        """The topics whose every series finds its facts in `kb`."""
        return [t for t in self.topics.values() if all(select(kb, s) for s in t.series)]


# -- selecting facts ------------------------------------------------------------------------------


def select(kb: Knowledge, spec: dict) -> list[Fact]:
    """The facts a series (or reference) names, in knowledge-base order."""
    periods = [str(p) for p in spec.get("periods") or ()]
    subjects = [str(s) for s in spec.get("subjects") or ()]
    out = []
    for f in kb.facts:
        if spec.get("table") and f.source_table != spec["table"]:
            continue
        if spec.get("section") and f.section != spec["section"]:
            continue
        if f.metric != spec.get("metric") or f.value is None:
            continue
        if periods and f.period not in periods:
            continue
        if subjects and f.subject not in subjects:
            continue
        if spec.get("qualifier") and f.qualifier != spec["qualifier"]:
            continue
        out.append(f)
    return out


def kb_fact(kb: Knowledge, fact_id: str) -> Fact:
    return next(f for f in kb.facts if f.id == fact_id)


def _facts_of(kb: Knowledge, series: Sequence[Series]) -> list[Fact]:
    ids = {p.fact_id for s in series for p in s.points if p.fact_id}
    return [f for f in kb.facts if f.id in ids]


def _flags(kb: Knowledge, phrase: str) -> dict[str, str]:
    flags: dict[str, str] = {}
    for d in kb.discrepancies:
        for fid in d.facts:
            flags.setdefault(fid, phrase.format(what=d.what))
    return flags


def _point(f: Fact, category: str, flags: dict[str, str]) -> Point:
    return Point(category, float(f.value or 0), f.text, f.id, f.as_of, flags.get(f.id))


def _when(f: Fact) -> str:
    """A panel point's place on the time axis: its period (a day) or its as-of date-time."""
    return f.period or f.as_of or ""


def _category_key(facts: list[Fact]):
    """Groups of subjects (one period) are placed by subject; one subject's years by period."""
    if len({f.subject for f in facts}) > 1:
        return lambda f: f.subject or ""
    return lambda f: f.period or f.as_of or f.subject or ""


def _snapshot_points(source: SnapshotSource, subject: str, metric: str) -> list[Point]:
    return [Point(p.at, float(p.value), p.text, None, p.at, None, p.source) for p in source.points(subject, metric)]


def _categories(topic: Topic, series: list[Series]) -> tuple[str, ...]:
    seen = list(dict.fromkeys(p.category for s in series for p in s.points))
    if topic.kind == "panels":
        return tuple(sorted(seen))  # dates and date-times in ISO form
    if topic.categories:
        return tuple(c for c in topic.categories if c in seen) + tuple(c for c in seen if c not in topic.categories)
    if all(is_period(c) for c in seen):
        return tuple(sorted(seen))  # years and dates run left to right
    return tuple(seen)


def _ordered(points: tuple[Point, ...], categories: tuple[str, ...]) -> tuple[Point, ...]:
    order = {c: i for i, c in enumerate(categories)}
    return tuple(sorted(points, key=lambda p: order.get(p.category, len(order))))


def _sources(kb: Knowledge, facts: list[Fact]) -> tuple[tuple[str, str, tuple[int, int]], ...]:
    lines: dict[str, list[int]] = {}
    for f in facts:
        lines.setdefault(f.section, []).extend(f.lines)
    out = []
    for sid, ls in lines.items():
        section = kb.sections.get(sid)
        title = section.title if section else sid
        out.append((sid, title, (min(ls), max(ls)) if ls else (0, 0)))
    return tuple(out)


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")


def is_period(category: str) -> bool:
    """ "2019", "2020-04-13", "2020-04-17 10:00" are periods; "50억원 이상 투자사업" is not."""
    return bool(_DAY.match(category) or re.fullmatch(r"\d{4}", category))


def date_label(value: str, *, full: bool = False) -> str:
    """ "2020-04-13" → "4.13." (full: "2020.4.13."), "2020-04-17 10:00" → "4.17. 10시"; others as is."""
    m = _DAY.match(value or "")
    if not m:
        return value
    y, mo, d, h, mi = m.groups()
    text = f"{y}.{int(mo)}.{int(d)}." if full else f"{int(mo)}.{int(d)}."
    if h is not None:
        text += f" {int(h)}시" if mi == "00" else f" {int(h)}:{mi}"
    return text


# -- charts.yaml ----------------------------------------------------------------------------------


def charts_file() -> Path:
    return paths.home() / "charts.yaml"


def load_chartbook(path: Path | None = None) -> ChartBook:
    path = path or charts_file()
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as e:
        raise ChartError(f"{path}: charts file not found") from e
    except yaml.YAMLError as e:
        raise ChartError(f"{path}: invalid YAML: {e}") from e
    topics = {}
    for tid, spec in (data.get("topics") or {}).items():
        spec = spec or {}
        kind = str(spec.get("kind") or "bars")
        if kind not in KINDS:
            raise ChartError(f"{path}: topic {tid}: kind {kind!r} is not one of {', '.join(KINDS)}")
        series = tuple(dict(s) for s in spec.get("series") or ())
        if not series:
            raise ChartError(f"{path}: topic {tid} has no series")
        for s in series:
            if not s.get("metric"):
                raise ChartError(f"{path}: topic {tid}: a series lacks `metric`")
            if str(s.get("style") or "bar") not in STYLES:
                raise ChartError(f"{path}: topic {tid}: style {s.get('style')!r} is not one of {', '.join(STYLES)}")
            unknown = set(s) - set(SELECTOR_KEYS) - {"label", "style"}
            if unknown:
                raise ChartError(f"{path}: topic {tid}: unknown series key(s) {', '.join(sorted(unknown))}")
        topics[str(tid)] = Topic(
            id=str(tid),
            title=str(spec.get("title") or tid),
            words=tuple(compact(str(w)) for w in spec.get("words") or ()),
            kind=kind,
            axis=str(spec.get("axis") or ""),
            series=series,
            categories=tuple(str(c) for c in spec.get("categories") or ()),
            reference=dict(spec["reference"]) if spec.get("reference") else None,
            snapshots=bool(spec.get("snapshots")),
            remarks=tuple(dict(r) for r in spec.get("remarks") or ()),
        )
    phrases = {k: str(v) for k, v in (data.get("phrases") or {}).items()}
    font = {k: str(v) for k, v in (data.get("font") or {}).items()}
    for what, have, need in (("phrases", phrases, PHRASES), ("font", font, FONT_KEYS)):
        missing = [k for k in need if k not in have]
        if missing:
            raise ChartError(f"{path}: `{what}` lacks {', '.join(missing)}")
    return ChartBook(
        topics=topics,
        request_words=tuple(compact(str(w)).lower() for w in data.get("request_words") or ()),
        phrases=phrases,
        font=font,
        button_intents=frozenset(str(x) for x in data.get("button_intents") or ()),
        button_label=str(data.get("button_label") or "그래프"),
        button_min_shared=int(data.get("button_min_shared") or 2),
    )
