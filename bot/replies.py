"""Turning chosen records into `Answer`s: figure lines, sources, references, slots for
follow-ups, suggestions, asking back and declining.

A mixin of `bot.engine.Engine`: it uses `self.kb`, `self.index`, `self.config` and the
other mixins' methods."""

from __future__ import annotations

from bot.answer import Answer, FactRef, Source
from bot.phrasing import fact_label, fact_line, period_label, source_line
from bot.records import Detail, Fact, ScheduleItem
from bot.retrieval import DEFAULT_QUALIFIERS, Query, Scored, effective_period
from bot.textnorm import compact
from bot.thresholds import FOLLOW_UP_SLOTS
from bot.understand import Parsed


def _distinct_figures(facts: list[Fact]) -> list[Fact]:
    """Each figure once, also when the report prints it twice (in the text and in a table)."""
    seen: dict[tuple, Fact] = {}
    for f in facts:
        qualifier = None if f.qualifier in DEFAULT_QUALIFIERS else f.qualifier  # "계 사무 수" is the 사무 수
        year = (f.period or f.as_of or "")[:4]
        seen.setdefault((f.subject, compact(f.metric), qualifier, year, f.as_of, f.text), f)
    return list(seen.values())


class RepliesMixin:
    def _ask_back(self, p: Parsed, q: Query, facts: list[Fact]) -> Answer:
        if len({fact_label(f) for f in facts}) == 1:
            return self._facts_answer(p, q, facts[:1], intent="lookup", confidence=0.6)  # nothing to choose
        choices: list[str] = []
        for f in facts:
            label = fact_label(f)
            if label not in choices:
                choices.append(label)
            if len(choices) == 3:
                break
        text = self.config.phrase("ask_back") + "\n" + "\n".join(f"- {c}" for c in choices)
        return Answer(
            question=p.text,
            answered=False,
            text=text,
            intent="clarify",
            confidence=0.4,
            choices=choices,
            slots=self._slots(q),
        )

    def _facts_answer(
        self,
        p: Parsed,
        q: Query,
        facts: list[Fact],
        *,
        intent: str,
        confidence: float,
        head: str | None = None,
        extra: list[str] | None = None,
        computed: str | None = None,
        list_facts: bool = True,
    ) -> Answer:
        # a figure is listed once, also when the report prints it twice (in the text and in a table)
        facts = _distinct_figures(facts)
        lines = [head] if head else []
        if list_facts:
            lines += [fact_line(f, self.config) for f in facts]
        lines += extra or []
        if computed:
            lines.append(self.config.phrase("computed", how=computed))
        notes = []
        for f in facts:
            for what in self.discrepancy_notes.get(f.id, []):
                note = self.config.phrase("discrepancy", what=what)
                if note not in notes:
                    notes.append(note)
        lines += notes
        return self._text_answer(
            p,
            lines,
            facts,
            [self._ref(f) for f in facts],
            intent=intent,
            confidence=confidence,
            slots=self._slots(q, facts),
            suggestions=self._suggestions(facts, q),
        )

    def _ref(self, f: Fact) -> FactRef:
        return FactRef(
            id=f.id,
            label=fact_label(f),
            text=f.text,
            value=f.value,
            unit=f.unit,
            as_of=f.as_of,
            section=f.section,
            lines=f.lines,
        )

    def _detail_ref(self, d: Detail) -> FactRef:
        return FactRef(
            id=d.id,
            label=f"{d.subject} {d.aspect}".strip(),
            text=None,
            value=None,
            unit=None,
            as_of=None,
            section=d.section,
            lines=d.lines,
        )

    def _schedule_ref(self, s: ScheduleItem) -> FactRef:
        return FactRef(
            id=s.id, label=s.what, text=None, value=None, unit=None, as_of=None, section=s.section, lines=s.lines
        )

    def _sources(self, items) -> list[Source]:
        by_section: dict[str, list[int]] = {}
        for it in items:
            by_section.setdefault(it.section, []).extend(it.lines)
        out = []
        for sid, lines in by_section.items():
            s = self.kb.sections.get(sid)
            out.append(Source(section=sid, title=s.title if s else sid, lines=tuple(sorted(set(lines)))))
        return out

    def _slots(self, q: Query, facts: list[Fact] | None = None) -> dict:
        slots = {k: list(getattr(q, k)) for k in FOLLOW_UP_SLOTS}
        if facts:
            subjects = [f.subject for f in facts if f.subject]
            if subjects:  # what was answered about, then what was named
                slots["subjects"] = list(dict.fromkeys(subjects[:1] + list(q.subjects)))
            # a follow-up continues with what was answered ("확진자" was answered as 신규 확진자)
            slots["metrics"] = list(dict.fromkeys(f.metric for f in facts))[:2]
            qualifiers = list(dict.fromkeys(f.qualifier for f in facts if f.qualifier))[:2]
            if qualifiers and len(facts) == 1:
                slots["qualifiers"] = qualifiers
        return slots

    def _suggestions(self, facts: list[Fact], q: Query) -> list[str]:
        out: list[str] = []
        if not facts:
            return out
        f = facts[0]
        others = [
            g
            for g in self.kb.facts
            if g.subject == f.subject
            and g.metric == f.metric
            and g.qualifier == f.qualifier
            and g.period != f.period
            and g.period
        ]
        for g in others[:1]:
            out.append(f"{g.subject or ''} {g.metric} {period_label(g.period)}".strip())
        siblings = [
            g
            for g in self.kb.facts
            if g.subject == f.subject and g.metric != f.metric and g.source_table == f.source_table and not g.period
        ]
        for g in siblings[:1]:
            out.append(f"{g.subject or ''} {g.metric}".strip())
        s = self.kb.sections.get(f.section)
        if s and s.id not in ("I", "II", "III"):
            out.append(f"{s.short} 요약")
        return list(dict.fromkeys(out))[:3]

    def _decline(self, p: Parsed, q: Query, what: str | None = None) -> Answer:
        first = self.config.phrase("not_found_named", what=what) if what else self.config.phrase("not_found")
        text = first + "\n" + self.config.phrase("hint", examples=self._examples())
        return Answer(
            question=p.text,
            answered=False,
            text=text,
            intent=None,
            confidence=0.0,
            suggestions=self._starter_suggestions(),
        )

    def _decline_period(self, p: Parsed, q: Query, unperiod: list[Scored]) -> Answer:
        available = sorted({period_label(effective_period(s.fact, self.config.report_year)) for s in unperiod[:8]})
        asked = ", ".join(period_label(x) for x in q.periods)
        text = self.config.phrase("not_found_period", period=asked, available=", ".join(available))
        return Answer(
            question=p.text,
            answered=False,
            text=text,
            intent=None,
            confidence=0.0,
            suggestions=[f"{fact_label(unperiod[0].fact)}"],
        )

    def _examples(self) -> str:
        return ", ".join(f"“{e}”" for e in self.config.get("lookup").examples[:3])

    def _starter_suggestions(self) -> list[str]:
        return list(self.config.get("lookup").examples[:3])

    def _detail_lines(self, intent: str, details: list[Detail], *, aspect_format: str) -> list[str]:
        """The intent's template over each text item; a numbered item's aspect (1, 2, …) is not shown."""
        template = self.config.get(intent).template
        return [
            template.format(
                subject=d.subject,
                aspect=aspect_format.format(d.aspect) if d.aspect and not d.aspect.isdigit() else "",
                text=d.text,
            )
            for d in details
        ]

    def _details_answer(self, p: Parsed, q: Query, details: list[tuple[float, Detail]]) -> Answer:
        top_score, top = details[0]
        if q.subjects and q.aspects:
            chosen = [d for s, d in details if d.subject == top.subject and d.aspect == top.aspect]
        else:
            chosen = [d for s, d in details if s >= top_score - 0.5 and d.subject == top.subject][:4]
        chosen = chosen[:5] or [top]
        lines = self._detail_lines("detail", chosen, aspect_format=" {}")
        return self._text_answer(
            p,
            lines,
            chosen,
            [self._detail_ref(d) for d in chosen],
            intent="detail",
            confidence=min(1.0, top_score / 7),
            slots={**self._slots(q), "subjects": [top.subject], "aspects": [top.aspect] if top.aspect else []},
            suggestions=self._detail_suggestions(top),
        )

    def _text_answer(
        self,
        p: Parsed,
        lines: list[str],
        items: list,
        refs: list[FactRef],
        *,
        intent: str,
        confidence: float,
        slots: dict,
        suggestions: list[str] | None = None,
    ) -> Answer:
        """An answer made of records (figures, details, schedule lines), with their sources."""
        lines = [*lines, source_line([it.section for it in items], self.kb, self.config)]
        return Answer(
            question=p.text,
            answered=True,
            text="\n".join(lines),
            intent=intent,
            confidence=confidence,
            sources=self._sources(items),
            facts=refs,
            slots=slots,
            suggestions=suggestions or [],
        )

    def _detail_suggestions(self, d: Detail) -> list[str]:
        aspects = [x.aspect for x in self.kb.details if x.subject == d.subject and x.aspect != d.aspect and x.aspect]
        return [f"{d.subject} {a}" for a in list(dict.fromkeys(aspects))[:3]]

    def _schedule_items_answer(
        self, p: Parsed, q: Query, items: list[ScheduleItem], *, intent: str, head: str | None = None
    ) -> Answer:
        lines = [head] if head else []
        for s in items:
            kind = "계획" if s.kind == "plan" else "실적"
            lines.append(
                self.config.get("schedule").template.format(what=s.what, when=s.when, kind=kind, section=s.section)
            )
        refs = [self._schedule_ref(s) for s in items]
        return self._text_answer(p, lines, items, refs, intent=intent, confidence=0.7, slots=self._slots(q))
