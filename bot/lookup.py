"""Answering a question with figures: choosing the facts, checking that they are what
was asked (named metric and subject, the question's own words), or asking back / declining.

A mixin of `bot.engine.Engine`: it uses `self.kb`, `self.index`, `self.config` and the
other mixins' methods."""

from __future__ import annotations

import re

from bot.answer import Answer
from bot.phrasing import fact_label
from bot.records import Detail, Fact
from bot.retrieval import (
    DEFAULT_QUALIFIERS,
    GENERIC_MEASURES,
    Query,
    Scored,
    asked_unit,
    fact_periods,
    period_matches,
    word_share,
)
from bot.textnorm import bigrams, compact
from bot.thresholds import (
    ANSWER_SCORE,
    CERTAIN_SCORE,
    CHANGE_WORDS,
    COUNTERS,
    DISTINCTIVE_IDF,
    JOINED,
    MAX_FACT_LINES,
)
from bot.understand import Parsed, content_words


class LookupMixin:
    def _lookup(self, p: Parsed, q: Query, *, prefer_details: bool = False) -> Answer:
        scored = self.index.facts(q)
        group = self._best_group(scored)
        details = self.index.details(q)
        detail_score = details[0][0] if details else 0.0
        # a detail that speaks of every content word of the question ("성주에서 뭐 팔았어?")
        unknown = self._unknown_words(p)
        covering = (
            bool(details)
            and detail_score >= 2.0
            and bool(content_words(p, self.config))
            and not unknown
            and not self._uncovered_words(
                p, [], extra=f"{details[0][1].subject} {details[0][1].aspect} {details[0][1].text}"
            )
        )
        detail_ok = (detail_score >= 3.5 or covering) and self._detail_can_count(p, details[0][1])
        fact_ok = bool(group) and group[0].score >= ANSWER_SCORE
        strong_fact = fact_ok and group[0].metric_share == 1.0 and (group[0].subject_share >= 0.5 or not q.subjects)
        if unknown and not covering:
            return self._decline(p, q, what=", ".join(unknown))  # "확진자 연령대 분포": not in the report
        if p.unknown_offices and not (group and group[0].subject_share == 1.0 and q.subjects):
            return self._decline(p, q, what=", ".join(p.unknown_offices))
        other_kinds = {m.surface for m in p.matches if m.kind in ("metric", "qualifier")}
        textual = [
            x
            for x in q.subjects
            if x not in self.fact_subjects
            and not any(  # 재무국: no figures
                m.canonical == x and m.surface in other_kinds for m in p.matches
            )
        ]
        if textual and set(q.metrics) - GENERIC_MEASURES and not (group and group[0].subject_share == 1.0):
            return self._decline(p, q, what=f"{', '.join(textual)}의 {', '.join(q.metrics)}")
        detail_named = (
            (not q.subjects or details[0][1].subject in q.subjects or word_share(details[0][1].subject, q) == 1.0)
            if details
            else False
        )
        if (
            prefer_details
            and detail_ok
            and not strong_fact
            and (detail_named or not fact_ok)
            and (not fact_ok or detail_score >= group[0].score)
        ):
            return self._details_answer(p, q, details)
        if not fact_ok and not q.subjects:
            # "반려 및 철회는 몇 건?": only 市 투자심사 has that category, so it need not be named
            loose = [
                s
                for s in self.index.facts(q, need_subject=False)
                if s.fact.subject_required and s.fact.qualifier and s.fact.qualifier in q.qualifiers
            ]
            if loose and len({s.fact.subject for s in loose}) == 1 and loose[0].score >= ANSWER_SCORE - 1:
                group, fact_ok, strong_fact = self._best_group(loose), True, True
        several = self._several_figures(p, q, group, scored) if fact_ok else None
        if several:
            return several
        if fact_ok and group[0].score < CERTAIN_SCORE:
            uncovered = self._uncovered_words(p, [s.fact for s in group])
            if uncovered:
                if detail_ok and details[0][0] >= 4.5:
                    return self._details_answer(p, q, details)
                return self._decline(p, q, what=", ".join(uncovered))
        if fact_ok:
            return self._facts_or_ask(p, q, group)
        if q.periods and not scored:
            unperiod = self.index.facts(Query(**{**q.__dict__, "periods": []}))
            if unperiod and unperiod[0].score >= ANSWER_SCORE - 1:
                return self._decline_period(p, q, unperiod)
        named_subjects = [x for x in q.subjects if x in self.fact_subjects]
        if (
            named_subjects
            and set(q.metrics) - GENERIC_MEASURES
            and not any(s.subject_share == 1.0 for s in scored)
            and not strong_fact
        ):
            return self._decline(p, q, what=f"{', '.join(named_subjects)}의 {', '.join(q.metrics)}")
        if (
            detail_ok
            and detail_named
            and not strong_fact
            and (detail_score >= 6.0 or (details[0][1].subject in q.subjects and detail_score >= 4.5))
        ):
            return self._details_answer(p, q, details)
        # "몇 가구가 신청했나요?" asks one count, not a list of figures ("몇 억" asks an amount)
        counting = "몇" in p.compact and asked_unit(Query(compact=p.compact)) not in ("원", "억원", "%")
        whole = {compact(w) for w in self.config.get("summary").extra.get("whole_section_words", [])}
        specific_aspects = [m for m in p.matches if m.kind == "aspect" and m.surface not in whole]
        if (
            not q.metrics
            and (q.subjects or q.qualifiers)
            and not content_words(p, self.config)
            and not specific_aspects  # "서울 코로나 현황": 현황 asks for the figures
            and not counting
        ):
            card = self._entity_card(p, q)
            if card:
                return card
        ask = self._ask_back_for_subject(p, q, best_score=group[0].score if group else 0.0)
        if ask:
            return ask
        if detail_ok and not q.periods:
            return self._details_answer(p, q, details)
        if group and group[0].score >= ANSWER_SCORE - 1.5 and not unknown:
            close = [s.fact for s in scored if s.score >= group[0].score - 0.5]
            if len({fact_label(f) for f in close}) == 1:
                return self._facts_answer(p, q, close[:1], intent="lookup", confidence=group[0].score / 8)
            if group[0].subject_share == 1.0 or group[0].metric_share == 1.0:
                # half a subject and a "몇 개" name nothing to choose from: "서울시 출연기관 몇 개"
                return self._ask_back(p, q, [s.fact for s in scored[:6]])
        return self._decline(p, q, what=", ".join(unknown) if unknown else None)

    def _several_figures(self, p: Parsed, q: Query, group: list[Scored], scored: list[Scored]) -> Answer | None:
        """Questions that ask for several figures at once: two metrics, two years, a list joined
        by 랑/와/·, or two categories. None when the question asks for one."""
        plain_metrics = [m for m in q.metrics if m not in CHANGE_WORDS]
        spans = {m.canonical: (m.start, m.end) for m in p.matches if m.kind == "metric"}
        for slot, values in (("metrics", plain_metrics), ("periods", q.periods)):
            if slot == "metrics" and len({spans.get(v, v) for v in values}) < 2:
                continue  # one word read two ways ("예산 총액": 총규모 or a 회계's 총액) is one thing asked
            if len(values) >= 2 and not any("~" in v for v in values):
                # "정원 대비 현원", "작년이랑 올해": the best figure for each one named
                facts = []
                for v in values:
                    best = [
                        s
                        for s in self.index.facts(Query(**{**q.__dict__, slot: [v]}))
                        if slot == "periods" or self._about_metric(s.fact, v)
                    ]
                    if (
                        best
                        and best[0].score >= ANSWER_SCORE - 1
                        and best[0].subject_share >= group[0].subject_share  # not 소송's 소요예산 for 재난긴급생활비
                        and best[0].fact not in facts
                    ):
                        facts.append(best[0].fact)
                if len(facts) >= 2:
                    return self._facts_answer(p, q, facts, intent="lookup", confidence=min(1.0, group[0].score / 8))
        if JOINED.search(p.text):
            # "대학 몇 개, 대학원 몇 개", "적정/부적정 각각": every figure that fits as well, one each
            same = [
                s
                for s in scored
                if s.metric_share >= 0.75
                and s.subject_share == group[0].subject_share
                and s.fact.subject == group[0].fact.subject
                and s.score >= group[0].score - 1.0
                and s.fact.period == group[0].fact.period
            ]
            distinct = list({(s.fact.metric, s.fact.qualifier): s.fact for s in same}.values())
            if 2 <= len(distinct) <= MAX_FACT_LINES:
                return self._facts_answer(p, q, distinct, intent="lookup", confidence=min(1.0, group[0].score / 8))
        if len(q.qualifiers) >= 2:
            # "외부 내부 구성": the best figure for each category named
            per_qual = [
                next((s for s in scored if s.fact.qualifier and x in s.fact.qualifier), None) for x in q.qualifiers
            ]
            facts = list(dict.fromkeys(s.fact for s in per_qual if s and s.score >= group[0].score - 2.1))
            if len(facts) >= 2:
                return self._facts_answer(p, q, facts, intent="lookup", confidence=min(1.0, group[0].score / 8))
        return None

    def _uncovered_words(self, p: Parsed, facts: list[Fact], extra: str = "") -> list[str]:
        """Words of the question the report knows but the chosen figures do not speak of
        ("정기심의" answered with a 심의 건수): a sign the answer is about something else."""
        said = bigrams(extra) if extra else set()
        for f in facts:
            said |= bigrams(f"{f.label} {f.subject or ''} {f.metric} {f.qualifier or ''} {f.note or ''}")
        out = []
        for w in content_words(p, self.config):
            if any(f.subject and compact(f.subject) + w in self.vocab.report_text for f in facts):
                continue  # "긴급재난지원금 지급": the subject's own business, as the report says it
            grams = {w[i : i + 2] for i in range(len(w) - 1)}
            # only distinctive letters count: "지원", "추진" are everywhere and prove nothing
            known = {g for g in grams if self.index.idf.get(g, 0.0) >= DISTINCTIVE_IDF}
            if known and len(known & said) < len(known) / 2:
                out.append(w)
        return out

    def _detail_can_count(self, p: Parsed, detail: Detail) -> bool:
        """A "how many" question ("입소자 몇 명?") is only answered by a text that counts in
        that unit ("210병상" does not count people)."""
        unit = asked_unit(Query(compact=p.compact))
        if not unit and (m := re.search(r"몇([가-힣])([가-힣])?", p.compact)):
            unit = "|".join(re.escape(u) for u in (m.group(1) + (m.group(2) or ""), m.group(1)))  # 몇 장, 몇 가구
        if not unit and re.search(r"(자|원|인|건|횟)수(는|가|를|$)", p.compact):
            unit = COUNTERS  # "신청자 수는?": some count
        if not unit or unit == "원":
            return True
        pattern = unit if "|" in unit else re.escape(unit)
        return bool(re.search(r"\d[\d,]*\s*(만|천|억)?\s*(" + pattern + ")", detail.text))

    def _about_metric(self, fact: Fact, metric: str) -> bool:
        """The fact measures this metric or a narrower one ("누적 사망자" is about 사망)."""
        names = [metric, *self.kb.aliases.get(metric, [])]
        return any(compact(n) in compact(fact.metric) for n in names)

    def _unknown_words(self, p: Parsed) -> list[str]:
        """Words of the question that nothing in the report explains (인구, 전화번호, 뉴욕)."""
        out = []
        for w in content_words(p, self.config, self.vocab.unexplained):
            grams = {w[i : i + 2] for i in range(len(w) - 1)}
            known = sum(g in self.index.idf for g in grams)
            if known < max(1, len(grams) / 2):
                out.append(w)
        return out

    def _best_group(self, scored: list[Scored]) -> list[Scored]:
        """The best figures: ties, and other metrics of the same thing that fit as well
        ("신속집행 실적" is both 집행률 and 집행액)."""
        if not scored:
            return []
        top = scored[0]
        return [
            s
            for s in scored
            if s.score >= top.score - 0.01
            or (
                s.score >= top.score - 0.3
                and s.metric_share == 1.0
                and s.fact.metric != top.fact.metric
                and (s.fact.subject, s.fact.period, s.fact.qualifier)
                == (top.fact.subject, top.fact.period, top.fact.qualifier)
            )
        ]

    def _facts_or_ask(self, p: Parsed, q: Query, group: list[Scored]) -> Answer:
        subjects = {s.fact.subject for s in group}
        if len(subjects) > 1 and not q.subjects and len(group) > 1:
            return self._ask_back(p, q, [s.fact for s in group])
        if len(group) > MAX_FACT_LINES:
            return self._ask_back(p, q, [s.fact for s in group])
        if not q.subjects and group[0].subject_share == 0.0:
            ask = self._ask_back_for_subject(p, q, also=[s.fact for s in group], best_score=group[0].score)
            if ask:
                return ask
        facts = [s.fact for s in group]
        return self._facts_answer(p, q, facts, intent="lookup", confidence=min(1.0, group[0].score / 8))

    def _ask_back_for_subject(
        self, p: Parsed, q: Query, also: list[Fact] | None = None, best_score: float = 0.0
    ) -> Answer | None:
        """No subject named, but the metric is given per subject (per department, per country)
        and matches at least as well as anything else: ask which one rather than pick."""
        if q.subjects:
            return None
        row_scores = [
            s for s in self.index.facts(q, need_subject=False) if s.fact.subject_required and s.metric_share == 1.0
        ]
        if not row_scores or row_scores[0].score <= best_score + 0.3:
            return None
        rows = [s.fact for s in row_scores]
        options: list[Fact] = list(also or [])
        seen = {f.subject for f in options}
        for f in rows:
            if f.subject not in seen:
                options.append(f)
                seen.add(f.subject)
        if len({fact_label(f) for f in options}) < 2:
            return None
        return self._ask_back(p, q, options)

    def _entity_card(self, p: Parsed, q: Query) -> Answer | None:
        """No metric named ("감채기금 올해 얼마?", "올해 기금"): the figures of what was named."""
        named = [s for s in q.subjects if s in self.fact_subjects or s in self.detail_subjects]
        q = Query(
            **{
                **q.__dict__,
                "subjects": [s for s in named if s in self.fact_subjects] or ([] if q.qualifiers else named),
            }
        )

        def fits(f: Fact) -> bool:
            if q.subjects and f.subject not in q.subjects:
                return False
            if not q.subjects and f.subject_required:
                return False
            if q.qualifiers and not (
                f.qualifier and any(x in f.qualifier.split() or x == f.qualifier for x in q.qualifiers)
            ):
                return False
            periods = q.periods or [self.config.report_year]
            return any(period_matches(e, x) for e in fact_periods(f, self.config.report_year) for x in periods)

        if (
            q.subjects
            and q.qualifiers
            and not any(
                f.qualifier and f.subject in q.subjects and any(x in f.qualifier for x in q.qualifiers)
                for f in self.kb.facts
            )
        ):
            q = Query(**{**q.__dict__, "qualifiers": []})  # "계획" is not a category of this fund
        facts = [f for f in self.kb.facts if fits(f)]
        specific = [x for x in q.qualifiers if x not in DEFAULT_QUALIFIERS]
        facts.sort(key=lambda f: -sum(x in (f.qualifier or "").split() or x == f.qualifier for x in specific))
        if q.subjects and not q.qualifiers:
            facts = [f for f in facts if f.qualifier in (None, "합계", "일반회계") or not f.source_table] or facts
        details = [d for d in self.kb.details if d.subject in q.subjects] if not q.periods else []
        if not facts and not details:
            return None
        facts = facts[:4]
        extra = [f"- {d.aspect}: {d.text}" if d.aspect else f"- {d.text}" for d in details[:3]]
        head = f"{' '.join(q.subjects or q.qualifiers)}:"
        ans = self._facts_answer(p, q, facts, intent="lookup", confidence=0.7, head=head, extra=extra)
        ans.sources = self._sources([*facts, *details[:3]])
        ans.facts += [self._detail_ref(d) for d in details[:3]]
        return ans
