"""Answers from text rather than figures: who is in charge of what, and when things happen.

A mixin of `bot.engine.Engine`: it uses `self.kb`, `self.index`, `self.config` and the
other mixins' methods."""

from __future__ import annotations

from bot.answer import Answer
from bot.records import Fact
from bot.retrieval import Query
from bot.textnorm import bigrams
from bot.thresholds import MONTH_IN_TEXT
from bot.understand import Parsed


class TextualMixin:
    def _who_answer(self, p: Parsed, q: Query) -> Answer | None:
        """Who does what: the department a figure belongs to ("특별회계는 어느 부서 예산?"), a
        department's listed functions, then any named body."""
        named = [s for s in q.subjects if s != self.config.report_owner]  # 기획조정실 holds every department
        rows = [
            s
            for s in self.index.facts(Query(**{**q.__dict__, "subjects": named}), need_subject=False)
            if s.fact.subject_required
            and s.metric_share == 1.0
            and s.fact.qualifier
            and s.fact.qualifier in q.qualifiers
        ]
        if rows and len({s.fact.subject for s in rows}) <= 3 and not named:
            best: dict[str, Fact] = {}
            for s in rows:  # the best figure of each department
                best.setdefault(s.fact.subject, s.fact)
            return self._facts_answer(p, q, list(best.values()), intent="who", confidence=0.8)
        asking = p.compact
        for word in sorted(self.config.get("who").keywords + tuple(self.config.filler_words), key=len, reverse=True):
            asking = asking.replace(word, " ") if len(word) >= 2 else asking
        qb = bigrams(asking)
        functions = [
            (self.index.similarity(qb, self.index.detail_bigrams[d.id]), d)
            for d in self.kb.details
            if d.aspect in self.config.who_aspects
        ]
        functions.sort(key=lambda x: -x[0])
        if functions and functions[0][0] >= 0.3:
            score, top = functions[0]
            chosen = [top] + [d for s, d in functions[1:3] if s >= score - 0.05 and d.subject != top.subject][:1]
        else:
            details = self.index.details(q)
            if not details or details[0][0] < 1.6:
                return None
            score, top = details[0]
            score /= 4
            chosen = [top]
        lines = self._detail_lines("who", chosen, aspect_format="{}: ")
        return self._text_answer(
            p,
            lines,
            chosen,
            [self._detail_ref(d) for d in chosen],
            intent="who",
            confidence=min(1.0, 0.5 + score / 2),
            slots={**self._slots(q), "subjects": [top.subject]},
            suggestions=[f"{top.subject} 예산"] if top.subject in self.fact_subjects else [],
        )

    def _why_answer(self, p: Parsed, q: Query) -> Answer | None:
        """Why: the report's notes and backgrounds ("기금 예산이 크게 줄어든 이유는?")."""
        asking = p.compact
        for word in sorted(self.config.get("why").keywords, key=len, reverse=True):
            asking = asking.replace(word, " ")
        qb = bigrams(asking)
        reasons = [
            (self.index.similarity(qb, self.index.detail_bigrams[d.id]), d)
            for d in self.kb.details
            if any(d.aspect.startswith(a) for a in self.config.why_aspects)
        ]
        reasons.sort(key=lambda x: -x[0])
        if not reasons or reasons[0][0] < 0.3:
            return None
        score, top = reasons[0]
        template = self.config.get("why").template
        lines = [template.format(subject=top.subject, aspect=f"{top.aspect}: ", text=top.text)]
        return self._text_answer(
            p,
            lines,
            [top],
            [self._detail_ref(top)],
            intent="why",
            confidence=min(1.0, 0.5 + score / 2),
            slots={**self._slots(q), "subjects": [top.subject]},
        )

    def _schedule_answer(self, p: Parsed, q: Query) -> Answer | None:
        items = self.index.schedule(q)
        if q.months and not (q.subjects or q.metrics or q.sections):
            chosen = sorted((s for _, s in items), key=lambda s: (s.start, s.section))
            if not chosen:
                return None
            return self._schedule_items_answer(
                p, q, chosen[:15], intent="schedule", head=f"{', '.join(f'{m}월' for m in q.months)} 일정:"
            )
        if not items or items[0][0] < 1.2:
            return None
        top = items[0][0]
        # a dated remark in the text ("(5월 통과 대응)") may answer "몇 월" better than a schedule line
        dated = [(s, d) for s, d in self.index.details(q) if MONTH_IN_TEXT.search(d.text)]
        qb = bigrams(p.compact)
        if (
            dated
            and dated[0][0] >= 3.5
            and 4 * self.index.similarity(qb, self.index.detail_bigrams[dated[0][1].id]) > top
        ):
            return self._details_answer(p, q, dated)
        chosen = [s for sc, s in items if sc >= top - 0.3][:4]
        return self._schedule_items_answer(p, q, chosen, intent="schedule")

    def schedule(self, month: int | None = None) -> Answer:
        """Everything scheduled (plans), or everything touching one month of the report's year."""
        q = Query(compact="", months=[month] if month else [])
        if month:
            items = sorted((s for _, s in self.index.schedule(q)), key=lambda s: (s.start, s.section))
            head = f"{month}월 일정:"
        else:
            items = sorted((s for s in self.kb.schedule if s.kind == "plan"), key=lambda s: (s.start, s.section))
            head = "향후 일정 (추진 계획):"
        p = Parsed(text=f"{month}월 일정" if month else "일정", compact="")
        if not items:
            return Answer(
                question=p.text, answered=False, text=f"{month}월에 예정된 일정은 보고서에 없습니다.", intent="schedule"
            )
        return self._schedule_items_answer(p, q, items[:25], intent="schedule", head=head)
