"""Answers computed from several figures: rankings, trends, changes, totals and shares.
Each says what it computed from what.

A mixin of `bot.engine.Engine`: it uses `self.kb`, `self.index`, `self.config` and the
other mixins' methods."""

from __future__ import annotations

import re
from collections import defaultdict

from bot.answer import Answer
from bot.numbers import format_number
from bot.phrasing import (
    computed_value,
    date_label,
    fact_label,
    figure,
    period_label,
    signed,
)
from bot.records import Fact
from bot.retrieval import Query, Scored, word_share
from bot.textnorm import compact
from bot.thresholds import ANSWER_SCORE, CHANGE_WORDS, COMPARED_WITH, PERIOD_WORDS
from bot.understand import Parsed


class ComputedMixin:
    def _ranking_groups(self, q: Query) -> list[list[Fact]]:
        """Comparable figures for a ranking: one metric and period, varying by subject (per
        department, per country) or by category (per outcome), totals left out."""
        named = [x for x in q.subjects if x in self.fact_subjects]
        whole_only = all(x not in self._row_subjects for x in named)  # "기조실에서 … 담당관": rows of it
        scored = [
            s
            for s in self.index.facts(q, need_subject=False)
            if s.metric_share == 1.0
            and (s.subject_share == 1.0 or not named or (whole_only and s.fact.subject_required))
            and s.fact.value is not None
            and s.fact.text not in ("-", "－")
        ]  # "-" is "none", not a zero to rank
        groups: dict[tuple, list[Scored]] = defaultdict(list)
        for s in scored:
            f = s.fact
            if f.subject_required and f.subject not in q.subjects:  # per department / country
                groups[(f.source_table, f.metric, f.period, None, f.qualifier)].append(s)
            else:  # per category of one subject (심사결과 적정 / 조건부추진 …)
                groups[(f.source_table, f.metric, f.period, f.subject, None)].append(s)
        out = []
        named_whole = any(s in self.fact_subjects and s not in self._row_subjects for s in q.subjects)

        def rank(g: list[Scored]) -> tuple:
            per_subject = len({s.fact.subject for s in g}) > 1
            table = self.kb.tables.get(g[0].fact.source_table or "")
            # "정원이 제일 적은 담당관": the question names what varies (rows, or categories)
            kinds = (
                ((table.spec.get("row_kind") if per_subject else table.spec.get("category_kind")) or [])
                if table
                else []
            )
            named_kind = any(compact(k) in q.compact for k in kinds)
            return (not named_kind, per_subject == named_whole, -max(s.score for s in g))

        for members in sorted(groups.values(), key=rank):
            facts = [
                s.fact
                for s in members
                if s.fact.subject_required or (s.fact.qualifier or "").split()[-1:] not in (["계"], ["합계"], ["전체"])
            ]
            if len({(f.subject, f.qualifier) for f in facts}) >= 2:
                out.append(facts)
        return out

    def _ranking_answer(self, p: Parsed, q: Query) -> Answer | None:
        qq = Query(**{**q.__dict__})
        row_kinds = {compact(k) for t in self.kb.tables.values() for k in t.spec.get("row_kind") or ()}
        if (
            q.subjects
            and all(s not in self._row_subjects for s in q.subjects)
            and any(k in p.compact for k in row_kinds)
        ):
            qq.subjects = []  # "기조실에서 정원 제일 적은 담당관": the rows of the whole, not the whole
        if any(w in p.compact for w in ("늘", "줄", "증가", "감소", "증감")):
            qq.metrics = ["증감"]  # "가장 많이 줄어든 부서": rank the printed change
            p.direction = "min" if any(w in p.compact for w in ("줄", "감소")) else "max"
        elif not qq.metrics and (qq.qualifiers or q.subjects):
            # "가장 작은 기금", "시 투자심사 결과 중 제일 많은 유형": rank by the table's first measure
            tables = [
                f.source_table
                for f in self.kb.facts
                if f.source_table
                and (
                    (f.subject_required and f.qualifier and any(x in f.qualifier.split() for x in qq.qualifiers))
                    or f.subject in q.subjects
                )
            ]
            if tables:
                columns = self.kb.tables[tables[0]].spec.get("columns") or {}
                first = next(iter(columns.values()), None)
                if first:
                    qq.metrics = [first["metric"]]
        by_period = bool(
            re.search(r"(던|은|는|한|된|의)(해|년도|연도|날|때|시기)|(어느|몇|무슨)(해|년도|연도|날)", p.compact)
        )
        # "일자리, 50억 이상, 지원예산 중 가장 높은 것": the things named, one figure each
        named = self._named_items(q) if not by_period else []
        series = self._series(qq) if len(named) < 2 and (by_period or not self._ranking_groups(qq)) else []
        if len(series) >= 2:
            items, name = series, (lambda f: period_label(f.period))
        elif len(named) >= 2:
            items, name = named, (lambda f: f.subject or "")
        else:
            groups = self._ranking_groups(qq)
            if not groups:
                return None
            items = groups[0]
            varies_subject = len({f.subject for f in items}) > 1
            name = (lambda f: f.subject or "") if varies_subject else (lambda f: f.qualifier or "")
        reverse = p.direction != "min"
        ordered = sorted(items, key=lambda f: f.value, reverse=reverse)  # type: ignore[arg-type, return-value]
        best = ordered[0]
        ties = [f for f in ordered if f.value == best.value]
        direction = "가장 많은" if reverse else "가장 적은"
        what = f"{best.metric}" + (
            f"({period_label(best.period)})" if best.period and name(best) != period_label(best.period) else ""
        )
        head = self.config.get("ranking").template.format(
            metric=what, direction=direction, items=", ".join(f"{name(f)} {figure(f)}" for f in ties)
        )
        extra = ["순위: " + ", ".join(f"{i + 1}. {name(f)} {f.text}{f.unit}" for i, f in enumerate(ordered[:5]))]
        computed = f"{len(ordered)}개 항목의 {best.metric} 비교"
        ans = self._facts_answer(
            p,
            q,
            ordered[:5],
            intent="ranking",
            confidence=0.8,
            head=head,
            extra=extra,
            computed=computed,
            list_facts=False,
        )
        ans.slots["subjects"] = [best.subject] if best.subject else []
        return ans

    def _named_items(self, q: Query) -> list[Fact]:
        """The best figure of each thing the question names, when it names several (in full or
        in part), for the same period."""
        best: dict[str, Fact] = {}
        for s in self.index.facts(Query(**{**q.__dict__, "subjects": []}), need_subject=False):
            named = s.fact.subject in q.subjects or word_share(s.fact.subject, q) >= 0.5
            if s.metric_share == 1.0 and named and s.fact.value is not None and s.fact.subject not in best:
                best[s.fact.subject or ""] = s.fact
        facts = list(best.values())
        periods = {f.period for f in facts}
        if len(periods) > 1:  # compare like with like: the report's year
            facts = [f for f in facts if (f.period or "").startswith(self.config.report_year)]
        return facts if len(facts) >= 2 else []

    def _series(self, q: Query) -> list[Fact]:
        """Facts of one subject/metric/qualifier across periods, oldest first (a table row wins
        over the same figure quoted in running text)."""
        qq = Query(**{**q.__dict__, "periods": []})
        scored = self.index.facts(qq)
        if not scored:
            return []
        top = scored[0].fact

        def kind(f: Fact) -> str:  # "전년 동기" only says which period: the same kind of figure
            return " ".join(w for w in (f.qualifier or "").split() if w not in PERIOD_WORDS)

        series = [
            s.fact
            for s in scored
            if s.fact.subject == top.subject
            and s.fact.metric == top.metric
            and kind(s.fact) == kind(top)
            and s.fact.period
        ]
        by_period: dict[str, Fact] = {}
        for f in series:
            if f.period not in by_period or (f.source_table and not by_period[f.period].source_table):
                by_period[f.period or ""] = f
        return sorted(by_period.values(), key=lambda f: f.period or "")

    def _trend_answer(self, p: Parsed, q: Query) -> Answer | None:
        series = self._series(q)
        if len(series) < 2:
            return None
        label = " ".join(x for x in (series[0].subject, series[0].qualifier, series[0].metric) if x)
        head = self.config.get("trend").template.format(label=label)
        extra_lines = [
            f"- {period_label(f.period)}: {figure(f)}" + (f" ({date_label(f.as_of)} 기준)" if f.as_of else "")
            for f in series
        ]
        ans = self._facts_answer(
            p, q, series, intent="trend", confidence=0.8, head=head, extra=extra_lines, list_facts=False
        )
        return ans

    def _row_of(self, fact: Fact) -> list[Fact]:
        """The figures printed beside this one: the same table, the same subject."""
        return [g for g in self.kb.facts if g.source_table == fact.source_table and g.subject == fact.subject]

    def _table_holds(self, fact: Fact, metrics: list[str]) -> bool:
        """The fact's table row also holds one of these metrics (the 증감 beside 예산)."""
        return bool(fact.source_table) and any(
            any(compact(g.metric) in compact(m) for m in metrics)  # 예산 총규모 asks about the 예산 row too
            for g in self._row_of(fact)
        )

    def _change_answer(self, p: Parsed, q: Query) -> Answer | None:
        if len([m for m in q.metrics if m not in CHANGE_WORDS]) >= 2:
            return None  # "정원 대비 현원": two figures side by side, a plain lookup
        # the report prints the change itself (증감 column, 일일 증감, 추가 집행액): prefer that figure
        # the printed change spans both years: only a period written in this question narrows it
        # "작년 같은 때보다 얼마나 더": the year named is the base of the comparison, not the figure's
        periods = [] if len(p.periods) == 1 and COMPARED_WITH.search(p.compact) else list(p.periods)
        change_q = Query(**{**q.__dict__, "words": q.words + list(CHANGE_WORDS), "periods": periods})
        named = [m for m in q.metrics if m not in CHANGE_WORDS]
        printed = [
            s
            for s in self.index.facts(change_q)
            if any(w in s.fact.metric for w in CHANGE_WORDS)
            and (s.subject_share == 1.0 or not q.subjects)
            and (
                not named
                or (s.fact.metric == "증감" and self._table_holds(s.fact, named))  # 예산's 증감 column
                or any(  # 집행률's change is not 추가 집행액
                    compact(m) in compact(s.fact.metric) for m in named
                )
            )
        ]
        if printed and printed[0].score >= ANSWER_SCORE:
            f = printed[0].fact
            row = [g for g in self._row_of(f) if g.qualifier == f.qualifier]
            # "예산 증감": with the two years' 예산 it spans
            base = [
                g
                for g in row
                if f.metric == "증감" and g.metric in q.metrics and g.metric not in CHANGE_WORDS and g.period
            ]
            # "격리중 일일 증감": with the 격리중 it changed, as of the same date
            base += [
                g
                for g in row
                if g.period == f.period
                and f.metric.startswith(g.metric + " ")
                and all(w in CHANGE_WORDS or w == "일일" for w in f.metric[len(g.metric) :].split())
            ]
            return self._facts_answer(
                p, q, [f, *sorted(base, key=lambda g: g.period or "")], intent="change", confidence=0.85
            )
        series = self._series(q)
        if len(series) < 2:
            return None
        if q.periods:
            picked = [f for f in series if any((f.period or "").startswith(x) for x in q.periods)]
            if len(picked) >= 2:
                series = picked
            elif picked and picked[0] != series[-1]:
                # "2019 대비": compare with the latest
                series = sorted({*picked, series[-1]}, key=lambda f: f.period or "")
            elif picked:
                # "4.16 … 전날보다": the latest figure itself, compared with the one before it
                series = series[-2:]
        a, b = series[-2], series[-1]
        if a.value is None or b.value is None or a.unit != b.unit:
            return None
        diff = b.value - a.value
        unit = "%p" if a.unit == "%" else a.unit
        decimals = 1 if any("." in x.text for x in (a, b)) else None
        head = self.config.get("change").template.format(
            label=" ".join(x for x in (b.subject, b.metric) if x),
            before=f"{period_label(a.period)} {figure(a)}",
            after=f"{period_label(b.period)} {figure(b)}",
            difference=signed(diff, unit, decimals),
        )
        how = f"{b.text}{b.unit} − {a.text}{a.unit}"
        ans = self._facts_answer(
            p, q, [a, b], intent="change", confidence=0.8, head=head, computed=how, list_facts=False
        )
        return ans

    def _total_answer(self, p: Parsed, q: Query, *, share: bool) -> Answer | None:
        if share:
            direct = self.index.facts(q)
            if direct and direct[0].score >= ANSWER_SCORE and any(w in direct[0].fact.metric for w in ("비중", "비율")):
                return None  # the report prints the share: plain lookup answers it
            scored = [s for s in direct if s.subject_share == 1.0]
            if not scored:
                return None
            f = scored[0].fact
            rows = [
                g
                for g in self.kb.facts
                if g.source_table == f.source_table
                and g.metric == f.metric
                and g.qualifier == f.qualifier
                and g.period == f.period
                and g.subject_required
            ]
            if f.value is None or len(rows) < 2:
                return None
            total = sum(g.value or 0 for g in rows)
            pct = f.value / total * 100 if total else 0
            head = self.config.get("share").template.format(
                label=fact_label(f), figure=figure(f), total=computed_value(total, f.unit), share=format_number(pct, 1)
            )
            how = f"{f.text} ÷ ({len(rows)}개 항목 합계 {format_number(total)}) × 100"
            ans = self._facts_answer(
                p, q, rows, intent="share", confidence=0.75, head=head, computed=how, list_facts=False
            )
            return ans
        if len(q.subjects) < 2:
            return None
        parts: list[Fact] = []
        for subject in q.subjects:
            sq = Query(**{**q.__dict__, "subjects": [subject]})
            scored = [s for s in self.index.facts(sq) if s.fact.subject == subject]
            if scored:
                parts.append(scored[0].fact)
        if len(parts) < 2 or any(f.value is None for f in parts) or len({f.unit for f in parts}) > 1:
            return None
        total = sum(f.value or 0 for f in parts)
        head = self.config.get("total").template.format(
            label=f"{' + '.join(f.subject or '' for f in parts)} {parts[0].metric}",
            figure=computed_value(total, parts[0].unit),
        )
        how = " + ".join(f"{f.text}{f.unit}" for f in parts)
        return self._facts_answer(p, q, parts, intent="total", confidence=0.75, head=head, computed=how)
