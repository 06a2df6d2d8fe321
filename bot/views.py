"""Fixed views a front end shows without a question: topics, section summaries, COVID-19
status, the budget table, the report passage behind an answer.

A mixin of `bot.engine.Engine`: it uses `self.kb`, `self.index`, `self.config` and the
other mixins' methods."""

from __future__ import annotations

from bot.answer import Answer, Source
from bot.phrasing import date_label, fact_line, figure, pad, source_line


class ViewsMixin:
    def topics(self) -> list[tuple[str, str]]:
        """(section id, short title) for 일반현황, 정책목표 and the twelve current issues."""
        return [(s.id, s.short) for s in self.kb.sections.values() if s.id != "III"]

    def topics_answer(self) -> Answer:
        lines = [self.config.get("topics").template]
        for sid, short in self.topics():
            lines.append(f"- [{sid}] {short}")
        lines.append(self.config.phrase("hint", examples=self._examples()))
        return Answer(
            question="topics",
            answered=True,
            text="\n".join(lines),
            intent="topics",
            confidence=1.0,
            suggestions=self._starter_suggestions(),
        )

    def section_summary(self, section_id: str) -> Answer:
        """A section's title, purpose, key figures and next scheduled item."""
        s = self.kb.sections.get(section_id)
        if s is None:
            return Answer(question=section_id, answered=False, text=self.config.phrase("not_found"))
        facts = [self.facts_by_id[i] for i in s.summary_facts if i in self.facts_by_id]
        facts = (
            facts or [f for f in self.kb.facts if f.section == s.id and not f.subject_required and not f.qualifier][:4]
        )
        if len(facts) < 3:
            facts += [f for f in self.kb.facts if f.section == s.id and f not in facts][: 4 - len(facts)]
        plans = [x for x in self.kb.schedule if x.section == s.id and x.kind == "plan"][:2]
        details = [d for d in self.kb.details if d.section == s.id][: max(0, 6 - len(facts))] if len(facts) < 3 else []
        head = self.config.get("summary").template.format(section=s.id, title=s.title)
        lines = [head, s.purpose] + [f"- {fact_line(f, self.config)}" for f in facts]
        lines += [f"- {d.aspect}: {d.text}" if d.aspect and not d.aspect.isdigit() else f"- {d.text}" for d in details]
        lines += [f"- 일정: {x.what} ({x.when})" for x in plans]
        lines.append(source_line([s.id], self.kb, self.config))
        src = [Source(section=s.id, title=s.title, lines=tuple(range(s.lines[0], s.lines[1] + 1)))]
        return Answer(
            question=f"{s.short} 요약",
            answered=True,
            text="\n".join(x for x in lines if x),
            intent="summary",
            confidence=0.9,
            sources=src,
            facts=[self._ref(f) for f in facts] + [self._schedule_ref(x) for x in plans],
            slots={"sections": [s.id]},
            suggestions=[f"{s.short} 일정"],
        )

    def covid_status(self) -> Answer:
        """National and Seoul COVID-19 status with their as-of times (the report's table)."""
        rows = [f for f in self.kb.facts if f.source_table == "covid_domestic"]
        if not rows:
            return Answer(question="covid", answered=False, text=self.config.phrase("not_found"))
        lines = []
        for subject in dict.fromkeys(f.subject for f in rows):
            fs = {f.metric: f for f in rows if f.subject == subject}
            as_of = next(iter(fs.values())).as_of
            parts = [
                f"{m} {fs[m].text}" + (f"({fs[m + ' 일일 증감'].text})" if m + " 일일 증감" in fs else "")
                for m in ("확진환자", "격리중", "퇴원", "사망")
                if m in fs
            ]
            lines.append(f"{subject} ({date_label(as_of)} 기준, 명, 괄호는 일일 증감)")
            lines.append("  " + " · ".join(parts))
            sus = [f"{m} {fs[m].text}" for m in ("의사환자", "검사중", "결과음성") if m in fs]
            if sus:
                lines.append("  " + " · ".join(sus))
        world = [f for f in self.kb.facts if f.subject == "전세계"]
        if world:
            lines.append(
                "전세계: "
                + ", ".join(f"{f.metric} {f.text}{f.unit}" for f in world)
                + (f" ({date_label(world[0].as_of)} 기준)" if world[0].as_of else "")
            )
        used = rows + world
        for f in used:
            for what in self.discrepancy_notes.get(f.id, []):
                note = self.config.phrase("discrepancy", what=what)
                if note not in lines:
                    lines.append(note)
        lines.append(source_line(["III-1"], self.kb, self.config))
        return Answer(
            question="covid",
            answered=True,
            text="\n".join(lines),
            intent="covid",
            confidence=1.0,
            sources=self._sources(used),
            facts=[self._ref(f) for f in used],
            suggestions=["서울 확진자 추이", "재난긴급생활비 대상", "코로나19 대응현황 요약"],
        )

    def budget_overview(self) -> Answer:
        """The budget 총괄표 as a monospaced table, in 백만원 as printed."""
        table = self.kb.tables.get("budget_summary")
        if table is None:
            return Answer(question="budget", answered=False, text=self.config.phrase("not_found"))

        def row(cells: list[str]) -> str:
            return pad(cells[0], 8) + "".join(pad(c, 12, right=True) for c in cells[1:])

        rows = [row(["구분", "2019 최종", "2020", "증감"])]
        for r in table.rows:
            rows.append(row([r["category"], r["budget_2019"], r["budget_2020"], r["change"]]))
        facts = [f for f in self.kb.facts if f.source_table == "budget_summary" and f.metric in ("예산", "증감")]
        headline = self.facts_by_id.get("budget.headline.total")
        text = "예산 총괄표 (단위: 백만원)"
        if headline:
            text = f"2020년 예산 총규모: {figure(headline)}\n" + text
        text += "\n" + source_line(["I"], self.kb, self.config)
        return Answer(
            question="budget",
            answered=True,
            text=text,
            intent="budget",
            confidence=1.0,
            sources=self._sources(facts),
            facts=[self._ref(f) for f in facts],
            table="\n".join(rows),
            suggestions=["일반회계 예산이 가장 많은 부서", "기금별 예산", "재정투융자기금 예산"],
        )

    def source_passage(self, answer: Answer, max_lines: int = 20) -> str:
        """The report's own lines behind an answer (for /source)."""
        out = []
        for src in answer.sources:
            lines = [n for n in src.lines if 1 <= n <= len(self.kb.source_lines)]
            if not lines:
                continue
            out.append(f"[{src.section}] {src.title}")
            shown = 0
            for n in range(min(lines), max(lines) + 1):
                text = self.kb.source_lines[n - 1].strip()
                if text and (n in lines or max(lines) - min(lines) <= 6):
                    out.append(f"{n:>4}: {text}")
                    shown += 1
                if shown >= max_lines:
                    out.append("   …")
                    break
        return "\n".join(out) if out else "출처 구절이 없습니다."
