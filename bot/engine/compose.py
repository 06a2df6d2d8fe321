"""Compose: turning chosen records into `Answer`s — figure lines, sources, references, slots for
follow-ups, suggestions, asking back and declining."""

from __future__ import annotations

from bot.answer import Answer, FactRef, Source
from bot.engine.measures import operand
from bot.engine.phrasing import fact_label, fact_line, period_label, source_line
from bot.engine.resources import Resources
from bot.engine.retrieval import DEFAULT_QUALIFIERS, Query, Scored, effective_period, size_match
from bot.engine.thresholds import FOLLOW_UP_SLOTS, MAX_CHOICES, MAX_FACT_LINES, MAX_NAMED_CHARS
from bot.engine.understand import Parsed
from bot.korean.textnorm import compact
from bot.records import Detail, Fact, ScheduleItem


def distinct_figures(facts: list[Fact]) -> list[Fact]:
    """Each figure once, also when the report prints it twice (in the text and in a table)."""
    seen: dict[tuple, Fact] = {}
    for f in facts:
        qualifier = None if f.qualifier in DEFAULT_QUALIFIERS else f.qualifier  # "계 사무 수" is the 사무 수
        year = (f.period or f.as_of or "")[:4]
        seen.setdefault((f.subject, compact(f.metric), qualifier, year, f.as_of, f.text), f)
    return list(seen.values())


def latest_of_each_series(facts: list[Fact], limit: int = MAX_FACT_LINES) -> list[Fact]:
    """More figures than `limit`, and no date asked: each dated series (one thing's measure on
    several days or years) shown by its latest figure, so that every thing and measure asked keeps a
    line (several parts' figures: each measure's last day and its total, not the first's four days)."""
    if len(facts) <= limit:
        return facts
    latest: dict[tuple, Fact] = {}
    for f in facts:
        key = (f.subject, f.metric, f.qualifier, f.unit)
        if f.period and (key not in latest or f.period > (latest[key].period or "")):
            latest[key] = f
    return [f for f in facts if not f.period or latest[(f.subject, f.metric, f.qualifier, f.unit)] is f]


def ask_back(res: Resources, p: Parsed, q: Query, facts: list[Fact]) -> Answer:
    topics = {m.canonical: m.surface for m in p.matches if m.kind == "keyword"}
    labels = compact(" ".join(fact_label(f) for f in facts))
    if topics and not any(f.section in topics or compact(w) in labels for f in facts for w in topics.values()):
        # "패소해서 물어준 돈": no choice of 소송's part nor one saying 패소 (기획조정실 예산 is neither)
        return decline(res, p, q, what=", ".join(dict.fromkeys(topics.values())))
    ours = [f for f in facts if f.section in q.sections]
    if ours and len(ours) < len(facts):  # "심판위원 … 외부 내부": the committee of 행정심판's part
        facts = ours
    if len({fact_label(f) for f in facts}) == 1:
        return facts_answer(res, p, q, facts[:1], intent="lookup", confidence=0.6)  # nothing to choose
    choices: list[str] = []
    offered: list[Fact] = []
    for f in facts:
        label = fact_label(f)
        if label not in choices:
            choices.append(label)
            offered.append(f)
        if len(choices) == MAX_CHOICES:
            break
    if (lead := headline_of(res, q, offered)) is not None:
        others = [c for c in choices if c != fact_label(lead)]
        extra = [res.config.phrase("other_choices", choices=", ".join(others))]
        return facts_answer(res, p, q, [lead], intent="lookup", confidence=0.6, extra=extra)
    return ask_back_with(res, p, q, choices)


def ask_back_with(res: Resources, p: Parsed, q: Query, choices: list[str]) -> Answer:
    """Asks which of these (questions to ask instead, at most MAX_CHOICES) is meant."""
    choices = choices[:MAX_CHOICES]
    text = res.config.phrase("ask_back") + "\n" + "\n".join(f"- {c}" for c in choices)
    return Answer(
        question=p.text,
        answered=False,
        text=text,
        intent="clarify",
        confidence=0.4,
        choices=choices,
        slots=slots(res, q),
    )


def headline_of(res: Resources, q: Query, offered: list[Fact]) -> Fact | None:
    """Among the same measure of several things, asked of none by name ("3월말까지 얼마 썼어":
    신속집행, 일자리 사업, 50억이상 투자사업), the one figure the report leads its part with
    (the section's headline figures, `summary_facts`): the others are offered beside it."""
    if q.subjects or len({f.metric for f in offered}) != 1 or len({f.section for f in offered}) != 1:
        return None
    section = res.kb.sections.get(offered[0].section)
    lead = [f for f in offered if section and f.id in section.summary_facts]
    return lead[0] if len(lead) == 1 else None


def offers_others(res: Resources, line: str) -> bool:
    """The line naming the other things a headline figure was chosen among."""
    return line.startswith(res.config.phrase("other_choices", choices=""))


def facts_answer(
    res: Resources,
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
    facts = distinct_figures(facts)
    lines = [head] if head else []
    if list_facts:
        lines += [fact_line(f, res.config) for f in facts]
    lines += extra or []
    computed_line = res.config.phrase("computed", how=computed) if computed else None
    notes: list[str] = []
    for f in facts:
        for what in res.discrepancy_notes.get(f.id, []):
            note = res.config.phrase("discrepancy", what=what)
            if note not in notes:
                notes.append(note)
    return text_answer(
        res,
        p,
        lines,
        facts,
        [ref(res, f) for f in facts],
        intent=intent,
        confidence=confidence,
        slots=slots(res, q, facts),
        suggestions=suggestions(res, facts, q),
        computed=computed_line,
        notes=notes,
    )


def ref(res: Resources, f: Fact) -> FactRef:
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


def detail_ref(res: Resources, d: Detail) -> FactRef:
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


def schedule_ref(res: Resources, s: ScheduleItem) -> FactRef:
    return FactRef(
        id=s.id, label=s.what, text=None, value=None, unit=None, as_of=None, section=s.section, lines=s.lines
    )


def sources(res: Resources, items) -> list[Source]:
    by_section: dict[str, list[int]] = {}
    for it in items:
        by_section.setdefault(it.section, []).extend(it.lines)
    out = []
    for sid, lines in by_section.items():
        s = res.kb.sections.get(sid)
        out.append(Source(section=sid, title=s.title if s else sid, lines=tuple(sorted(set(lines)))))
    return out


def slots(res: Resources, q: Query, facts: list[Fact] | None = None) -> dict:
    slots = {k: list(getattr(q, k)) for k in FOLLOW_UP_SLOTS}
    if facts:
        subjects = [f.subject for f in facts if f.subject]
        if subjects:  # what was answered about, then what was named (not a name the measure
            # answered holds: the 승소 of "소송 승소 몇 건" was 승소 건수, no subject to follow up)
            metrics = [compact(f.metric) for f in facts]
            named = [x for x in q.subjects if x in subjects or not any(compact(x) in m for m in metrics)]
            slots["subjects"] = list(dict.fromkeys(subjects[:1] + named))
        # a follow-up continues with what was answered ("확진자" was answered as 신규 확진자)
        # (of the figures the report gives: not 감채기금's 사업수, a '-' in its table)
        valued = [f for f in facts if operand(f)] or facts
        slots["metrics"] = list(dict.fromkeys(f.metric for f in valued))[:2]
        qualifiers = list(dict.fromkeys(f.qualifier for f in facts if f.qualifier))[:2]
        if qualifiers and len(facts) == 1 and not (q.qualifiers and size_match(qualifiers[0], q) == 1.0):
            slots["qualifiers"] = qualifiers  # (a size asked stays as asked: "1인 가구", answered by 1~2인's)
    return slots


def suggestions(res: Resources, facts: list[Fact], q: Query) -> list[str]:
    out: list[str] = []
    if not facts:
        return out
    f = facts[0]
    others = [
        g
        for g in res.facts_of_subject.get(f.subject, ())
        if g.metric == f.metric and g.qualifier == f.qualifier and g.period != f.period and g.period
    ]
    for g in others[:1]:
        out.append(f"{g.subject or ''} {g.metric} {period_label(g.period)}".strip())
    siblings = [
        g
        for g in res.facts_of_subject.get(f.subject, ())
        if g.metric != f.metric and g.source_table == f.source_table and not g.period
    ]
    for g in siblings[:1]:
        out.append(f"{g.subject or ''} {g.metric}".strip())
    s = res.kb.sections.get(f.section)
    if s and s.id not in res.config.get("summary").extra.get("without_summary", ()):
        out.append(f"{s.short} 요약")
    return list(dict.fromkeys(out))[:3]


def decline(res: Resources, p: Parsed, q: Query, what: str | None = None) -> Answer:
    if what and len(what) > MAX_NAMED_CHARS:  # "가가가…" ten thousand times is not echoed back whole
        what = what[:MAX_NAMED_CHARS] + "…"
    first = res.config.phrase("not_found_named", what=what) if what else res.config.phrase("not_found")
    return decline_saying(res, p, first)


def decline_saying(res: Resources, p: Parsed, first: str) -> Answer:
    """A decline whose first line says why, then how to ask."""
    text = first + "\n" + res.config.phrase("hint", examples=examples(res))
    return not_answered(p.text, text, starter_suggestions(res))


def not_answered(question: str, text: str, suggestions: list[str] | None = None) -> Answer:
    """A decline: nothing the report holds answers the question."""
    return Answer(
        question=question,
        answered=False,
        text=text,
        intent=None,
        confidence=0.0,
        suggestions=suggestions or [],
        lines=text.split("\n"),
    )


def decline_period(res: Resources, p: Parsed, q: Query, unperiod: list[Scored], measure: str = "") -> Answer:
    """The period asked is not in the report (of `measure`, when another measure has it): the
    periods it has instead."""
    available = sorted({period_label(effective_period(s.fact, res.config.report_year)) for s in unperiod[:8]})
    asked = ", ".join(period_label(x) for x in q.periods)
    asked = f"{measure} {asked}" if measure else asked  # "스페인 누적 확진자 2020.4.13.": 신규 has that day
    text = res.config.phrase("not_found_period", period=asked, available=", ".join(available))
    return not_answered(p.text, text, [f"{fact_label(unperiod[0].fact)}"])


def examples(res: Resources) -> str:
    return ", ".join(f"“{e}”" for e in res.config.get("lookup").examples[:3])


def starter_suggestions(res: Resources) -> list[str]:
    return list(res.config.get("lookup").examples[:3])


def detail_lines(res: Resources, intent: str, details: list[Detail], *, aspect_format: str) -> list[str]:
    """The intent's template over each text item; a numbered item's aspect (1, 2, …) is not shown."""
    template = res.config.get(intent).template
    return [
        template.format(
            subject=d.subject,
            aspect=aspect_format.format(d.aspect) if d.aspect and not d.aspect.isdigit() else "",
            text=d.text,
        )
        for d in details
    ]


def details_answer(
    res: Resources, p: Parsed, q: Query, details: list[tuple[float, Detail]], *, every: bool = False
) -> Answer:
    """The best text items of the top item's subject (of its aspect, when the question names a
    subject and an aspect), or `every` item given."""
    top_score, top = details[0]
    if every:
        chosen = [d for _, d in details]
    elif q.subjects and q.aspects:  # (every aspect named: "전략" names 전략 1 … 전략 4)
        named = q.aspects if top.aspect in q.aspects else [top.aspect]
        chosen = [d for s, d in details if d.subject == top.subject and d.aspect in named]
    else:
        chosen = [d for s, d in details if s >= top_score - 0.5 and d.subject == top.subject][:4]
    chosen = chosen[:5] or [top]
    lines = detail_lines(res, "detail", chosen, aspect_format=" {}")
    return text_answer(
        res,
        p,
        lines,
        chosen,
        [detail_ref(res, d) for d in chosen],
        intent="detail",
        confidence=min(1.0, top_score / 7),
        slots={**slots(res, q), "subjects": [top.subject], "aspects": [top.aspect] if top.aspect else []},
        suggestions=detail_suggestions(res, top),
    )


def text_answer(
    res: Resources,
    p: Parsed,
    lines: list[str],
    items: list,
    refs: list[FactRef],
    *,
    intent: str,
    confidence: float,
    slots: dict,
    suggestions: list[str] | None = None,
    computed: str | None = None,
    notes: list[str] | None = None,
) -> Answer:
    """An answer made of records (figures, details, schedule lines), with their sources."""
    source = source_line([it.section for it in items], res.kb, res.config)
    all_lines = [*lines, *([computed] if computed else []), *(notes or []), source]
    return Answer(
        question=p.text,
        answered=True,
        text="\n".join(all_lines),
        lines=list(lines),
        computed=computed,
        notes=list(notes or []),
        source_line=source,
        intent=intent,
        confidence=confidence,
        sources=sources(res, items),
        facts=refs,
        slots=slots,
        suggestions=suggestions or [],
    )


def details_text_answer(
    res: Resources,
    p: Parsed,
    q: Query,
    lines: list[str],
    details: list[Detail],
    *,
    intent: str,
    confidence: float,
    suggestions: list[str] | None = None,
    computed: str | None = None,
) -> Answer:
    """Text items as an answer about their (first) subject: the follow-up asks of that subject."""
    return text_answer(
        res,
        p,
        lines,
        details,
        [detail_ref(res, d) for d in details],
        intent=intent,
        confidence=confidence,
        slots={**slots(res, q), "subjects": [details[0].subject]},
        suggestions=suggestions,
        computed=computed,
    )


def detail_suggestions(res: Resources, d: Detail) -> list[str]:
    aspects = [x.aspect for x in res.details_of_subject.get(d.subject, ()) if x.aspect != d.aspect and x.aspect]
    return [f"{d.subject} {a}" for a in list(dict.fromkeys(aspects))[:3]]


def schedule_items_answer(
    res: Resources, p: Parsed, q: Query, items: list[ScheduleItem], *, intent: str, head: str | None = None
) -> Answer:
    lines = [head] if head else []
    kinds = res.config.get("schedule").extra.get("kinds", {})
    for s in items:
        kind = kinds.get(s.kind, s.kind)
        lines.append(res.config.get("schedule").template.format(what=s.what, when=s.when, kind=kind, section=s.section))
    refs = [schedule_ref(res, s) for s in items]
    return text_answer(res, p, lines, items, refs, intent=intent, confidence=0.7, slots=slots(res, q))


def empty(res: Resources, raw: str) -> Answer:
    """Nothing asked: say how to ask (and that the bytes sent were no text, when they were not:
    bytes that are not UTF-8 arrive as U+FFFD)."""
    key = "not_text" if UNREADABLE in raw else "empty"
    return not_answered(raw, res.config.phrase(key, examples=examples(res)))


UNREADABLE = "\ufffd"  # what a byte that is not UTF-8 becomes on the way in (bot/terminal.py)


def failed(res: Resources, raw: str) -> Answer:
    """One line for a question the engine failed on (the failure itself is logged)."""
    return not_answered(raw, res.config.phrase("failed", examples=examples(res)))
