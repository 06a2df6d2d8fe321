"""Views a front end shows without a question: topics, section summaries, COVID-19 status, the
budget table, the report passage behind an answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.answer import Answer, Source
from bot.engine import compose
from bot.engine.phrasing import date_label, fact_line, figure, pad, source_line
from bot.engine.resources import Resources
from bot.engine.turn import Turn


def topics(res: Resources) -> list[tuple[str, str]]:
    """(section id, short title) for 일반현황, 정책목표 and the twelve current issues."""
    return [(s.id, s.short) for s in res.kb.sections.values() if s.id != "III"]


def topics_answer(res: Resources) -> Answer:
    lines = [res.config.get("topics").template]
    for sid, short in topics(res):
        lines.append(f"- [{sid}] {short}")
    lines.append(res.config.phrase("hint", examples=compose.examples(res)))
    return Answer(
        question="topics",
        answered=True,
        text="\n".join(lines),
        intent="topics",
        confidence=1.0,
        suggestions=compose.starter_suggestions(res),
    )


def section_summary(res: Resources, section_id: str) -> Answer:
    """A section's title, purpose, key figures and next scheduled item."""
    s = res.kb.sections.get(section_id)
    if s is None:
        return Answer(question=section_id, answered=False, text=res.config.phrase("not_found"))
    facts = [res.facts_by_id[i] for i in s.summary_facts if i in res.facts_by_id]
    facts = facts or [f for f in res.kb.facts if f.section == s.id and not f.subject_required and not f.qualifier][:4]
    if len(facts) < 3:
        facts += [f for f in res.kb.facts if f.section == s.id and f not in facts][: 4 - len(facts)]
    plans = [x for x in res.kb.schedule if x.section == s.id and x.kind == "plan"][:2]
    details = [d for d in res.kb.details if d.section == s.id][: max(0, 6 - len(facts))] if len(facts) < 3 else []
    head = res.config.get("summary").template.format(section=s.id, title=s.title)
    lines = [head, s.purpose] + [f"- {fact_line(f, res.config)}" for f in facts]
    lines += [f"- {d.aspect}: {d.text}" if d.aspect and not d.aspect.isdigit() else f"- {d.text}" for d in details]
    lines += [f"- 일정: {x.what} ({x.when})" for x in plans]
    lines = [x for x in lines if x]
    source = source_line([s.id], res.kb, res.config)
    src = [Source(section=s.id, title=s.title, lines=tuple(range(s.lines[0], s.lines[1] + 1)))]
    return Answer(
        question=f"{s.short} 요약",
        answered=True,
        text="\n".join([*lines, source]) if source else "\n".join(lines),
        lines=lines,
        source_line=source or None,
        intent="summary",
        confidence=0.9,
        sources=src,
        facts=[compose.ref(res, f) for f in facts] + [compose.schedule_ref(res, x) for x in plans],
        slots={"sections": [s.id]},
        suggestions=[f"{s.short} 일정"],
    )


def view_spec(res: Resources, view: str) -> dict[str, Any]:
    """What intents.yaml says a view shows (under the intent naming it with `view:`)."""
    for intent in res.config.intents:
        if intent.extra.get("view") == view:
            return intent.extra
    raise KeyError(f"intents.yaml: no intent has view: {view}")


def covid_status(res: Resources) -> Answer:
    """National and Seoul COVID-19 status with their as-of times (the report's table)."""
    spec = view_spec(res, "covid_status")
    rows = [f for f in res.kb.facts if f.source_table == spec["table"]]
    if not rows:
        return Answer(question="covid", answered=False, text=res.config.phrase("not_found"))
    lines = []
    daily = str(spec["daily_change"])
    for subject in dict.fromkeys(f.subject for f in rows):
        fs = {f.metric: f for f in rows if f.subject == subject}
        as_of = next(iter(fs.values())).as_of
        parts = [
            f"{m} {fs[m].text}" + (f"({fs[m + daily].text})" if m + daily in fs else "")
            for m in spec["columns"]
            if m in fs
        ]
        lines.append(str(spec["heading"]).format(subject=subject, date=date_label(as_of)))
        lines.append("  " + " · ".join(parts))
        sus = [f"{m} {fs[m].text}" for m in spec["suspected"] if m in fs]
        if sus:
            lines.append("  " + " · ".join(sus))
    world = res.facts_of_subject.get(spec["world"], ())
    if world:
        lines.append(
            "전세계: "
            + ", ".join(f"{f.metric} {f.text}{f.unit}" for f in world)
            + (f" ({date_label(world[0].as_of)} 기준)" if world[0].as_of else "")
        )
    used = rows + list(world)
    notes: list[str] = []
    for f in used:
        for what in res.discrepancy_notes.get(f.id, []):
            note = res.config.phrase("discrepancy", what=what)
            if note not in lines and note not in notes:
                notes.append(note)
    source = source_line([spec["section"]], res.kb, res.config)
    return Answer(
        question="covid",
        answered=True,
        text="\n".join([*lines, *notes, source]),
        lines=lines,
        notes=notes,
        source_line=source,
        intent="covid",
        confidence=1.0,
        sources=compose.sources(res, used),
        facts=[compose.ref(res, f) for f in used],
        suggestions=[str(x) for x in spec["suggestions"]],
    )


def budget_overview(res: Resources) -> Answer:
    """The budget 총괄표 as a monospaced table, in 백만원 as printed."""
    spec = view_spec(res, "budget_overview")
    table = res.kb.tables.get(spec["table"])
    if table is None:
        return Answer(question="budget", answered=False, text=res.config.phrase("not_found"))

    def row(cells: list[str]) -> str:
        return pad(cells[0], 8) + "".join(pad(c, 12, right=True) for c in cells[1:])

    columns: dict[str, str] = spec["columns"]
    rows = [row([str(c) for c in columns.values()])]
    for r in table.rows:
        rows.append(row([r[k] for k in columns]))
    facts = [f for f in res.kb.facts if f.source_table == spec["table"] and f.metric in spec["metrics"]]
    headline = res.facts_by_id.get(spec["headline"])
    lines = [str(spec["title"])]
    if headline:
        lines.insert(0, f"{spec['headline_label']}: {figure(headline)}")
    source = source_line([spec["section"]], res.kb, res.config)
    return Answer(
        question="budget",
        answered=True,
        text="\n".join([*lines, source]),
        lines=lines,
        source_line=source,
        intent="budget",
        confidence=1.0,
        sources=compose.sources(res, facts),
        facts=[compose.ref(res, f) for f in facts],
        table="\n".join(rows),
        suggestions=[str(x) for x in spec["suggestions"]],
    )


def source_passage(res: Resources, answer: Answer, max_lines: int = 20) -> str:
    """The report's own lines behind an answer (for /source)."""
    out = []
    for src in answer.sources:
        lines = [n for n in src.lines if 1 <= n <= len(res.kb.source_lines)]
        if not lines:
            continue
        out.append(f"[{src.section}] {src.title}")
        shown = 0
        for n in range(min(lines), max(lines) + 1):
            text = res.kb.source_lines[n - 1].strip()
            if text and (n in lines or max(lines) - min(lines) <= 6):
                out.append(f"{n:>4}: {text}")
                shown += 1
            if shown >= max_lines:
                out.append("   …")
                break
    return "\n".join(out) if out else "출처 구절이 없습니다."


VIEWS: dict[str, Callable[[Resources], Answer]] = {
    "covid_status": covid_status,
    "budget_overview": budget_overview,
    "topics_answer": topics_answer,
}  # the views intents.yaml may name with `view:`


def answer(turn: Turn, res: Resources) -> Answer | None:
    """The intent's view ("코로나 현황"), unless one row was named ("서울 코로나 현황")."""
    view = res.config.get(turn.intent).extra.get("view")
    if not view or any(s in res.row_subjects for s in turn.query.subjects):
        return None
    return VIEWS[view](res)


def topics_route(turn: Turn, res: Resources) -> Answer | None:
    return topics_answer(res)
