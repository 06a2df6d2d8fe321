"""The question-answering core: a question and the conversation so far in, an `Answer` out.

Pure: no terminal, Telegram, network or clock. `Engine.load()` is the one place that touches
files (it opens the compiled knowledge database and intents.yaml); everything else works on
records in memory.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from bot import paths
from bot.answer import Answer, Conversation, FactRef, Source
from bot.intents import IntentConfig, load_intents
from bot.numbers import format_number
from bot.phrasing import (computed_value, date_label, fact_label, fact_line, figure, period_label, signed,
                          source_line)
from bot.records import Detail, Fact, Knowledge, ScheduleItem
from bot.retrieval import (GENERIC_MEASURES, Index, Query, Scored, effective_period, fact_periods, period_matches,
                           word_share)
from bot.textnorm import MAX_QUESTION_CHARS, bigrams, clean, compact
from bot.understand import Parsed, Vocabulary, content_words, parse

CHANGE_WORDS = ("증감", "증가", "추가", "감소")  # metrics the report prints as a change
# answers checked against the question's words (rankings, trends and summaries answer a topic)
GUARDED_INTENTS = ("lookup", "detail", "who", "schedule", "change")
ANSWER_SCORE = 4.0  # a fact below this is not confidently what was asked
DISTINCTIVE_IDF = 3.0
COUNTERS = "명|건|개|회|가구|곳|개소|팀|병상"
MONTH_IN_TEXT = re.compile(r"\d{1,2}\s*월")
JOINED = re.compile(r"(랑|이랑|하고|및|각각|[,/·]|[가-힣](와|과) )")  # "A랑 B", "A와 B", "A/B 각각"  # a bigram in fewer than about 5% of the records
CERTAIN_SCORE = 8.5  # subject and metric named exactly: no need to check the rest of the question
MAX_FACT_LINES = 6
FOLLOW_UP_SLOTS = ("subjects", "metrics", "qualifiers", "aspects", "sections", "periods")


class Engine:
    """Answers questions about one report from its knowledge base."""

    def __init__(self, kb: Knowledge, config: IntentConfig):
        self.kb = kb
        self.config = config
        self.vocab = Vocabulary(kb, config)
        self.index = Index(kb, config.report_year)
        self.facts_by_id = {f.id: f for f in kb.facts}
        self.discrepancy_notes: dict[str, list[str]] = defaultdict(list)
        for d in kb.discrepancies:
            for fid in d.facts:
                self.discrepancy_notes[fid].append(d.what)
        self.detail_subjects = {d.subject for d in kb.details}
        # units ("억원으로", "몇 개국") explain themselves: they are not content to look up
        config.filler_words |= {compact(f.unit.split()[0]) for f in kb.facts if f.unit.strip()}
        config.filler_words |= GENERIC_MEASURES
        config.filler_words |= {compact(k) for t in kb.tables.values()
                                for k in (t.spec.get("row_kind") or []) + (t.spec.get("category_kind") or [])}
        self._row_subjects = {f.subject for f in kb.facts if f.subject_required}
        self.fact_subjects = {f.subject for f in kb.facts if f.subject}

    @classmethod
    def load(cls, db_path: Path | None = None, knowledge_root: Path | None = None,
             intents_path: Path | None = None, *, quiet: bool = False) -> "Engine":
        """Open (building or rebuilding when needed) the knowledge database and intents.yaml."""
        from bot.build import ensure_database
        from bot.store import read_knowledge

        db = db_path or paths.knowledge_db()
        ensure_database(db, knowledge_root or paths.knowledge_dir(), quiet=quiet)
        return cls(read_knowledge(db), load_intents(intents_path or paths.intents_file()))

    # --- the one entry point ----------------------------------------------------------------
    def answer(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer one question; `conversation` (if given) supplies and receives follow-up context."""
        conv = conversation if conversation is not None else Conversation()
        raw = question or ""
        text = clean(raw)
        if not compact(text):
            ans = Answer(question=raw, answered=False, text=self.config.phrase("empty", examples=self._examples()),
                         intent=None)
            return ans
        parsed = parse(text, self.vocab)
        q = self._resolve(parsed, conv)
        ans = self._dispatch(parsed, q)
        if ans.answered and ans.intent in GUARDED_INTENTS:
            uncovered = self._uncovered_words(parsed, [], extra=ans.text)
            if uncovered:  # the answer does not speak of what was asked: say so, do not guess
                ans = self._decline(parsed, q, what=", ".join(uncovered))
        ans.question = raw
        if len(clean(raw)) >= MAX_QUESTION_CHARS and len(raw) > MAX_QUESTION_CHARS:
            ans.text = self.config.phrase("too_long", n=MAX_QUESTION_CHARS) + "\n" + ans.text
        conv.turns += 1
        if ans.answered and ans.slots:
            conv.slots = {k: list(v) for k, v in ans.slots.items() if k in FOLLOW_UP_SLOTS}
        conv.last_answer = ans
        return ans

    # --- understanding with context ---------------------------------------------------------
    def _resolve(self, p: Parsed, conv: Conversation) -> Query:
        """The question's own slots, completed from the conversation when it is a follow-up:
        "작년은?" keeps subject and metric, "정원은?" the subject, "전국은?" the metric."""
        subjects = [s for s in p.canon("subject") if s in self.fact_subjects or s in self.detail_subjects]
        q = Query(
            compact=p.compact, subjects=subjects, metrics=p.canon("metric"), qualifiers=p.canon("qualifier"),
            aspects=p.canon("aspect"), sections=p.canon("keyword"), periods=p.periods, months=p.months,
            words=p.canon("word"), residual=p.residual, residual_names=p.residual_names,
        )
        prev = conv.slots or {}
        if not prev or p.out_of_scope or p.intent in ("greeting", "thanks", "topics"):
            return q
        if p.intent == "schedule" and q.months and not q.subjects:
            return q  # "5월 일정": a new question, not a follow-up
        fact_subjects = [s for s in q.subjects if s in self.fact_subjects]
        prev_subjects = list(prev.get("subjects") or [])
        inherit: list[str] = []
        if not fact_subjects and not q.metrics and not q.aspects:
            # "작년은?", "승소는?", "증감은?": same subject; same metric unless a new one is named
            inherit = ["subjects", "metrics", "qualifiers", "aspects", "sections"]
            if not q.periods and p.intent in ("change", "trend", "ranking", "share", "total"):
                inherit.append("periods")
            if self._names_a_metric_of(q, prev_subjects):
                inherit.remove("metrics")
                inherit.remove("qualifiers")
                if not q.periods and prev.get("periods"):
                    # "승소는?" after "2019년 총 수행건수": still 2019, when 2019 has one
                    trial = Query(**{**q.__dict__, "subjects": prev_subjects, "periods": list(prev["periods"])})
                    if any(s.metric_share >= 0.5 and s.subject_share >= 0.5 for s in self.index.facts(trial)):
                        inherit.append("periods")
        elif q.metrics and not fact_subjects and prev_subjects:
            trial = Query(**{**q.__dict__, "subjects": prev_subjects})
            if any(s.subject_share == 1.0 for s in self.index.facts(trial)):
                inherit = ["subjects"]
                if not q.qualifiers and prev.get("qualifiers"):
                    trial.qualifiers = list(prev["qualifiers"])
                    if any(s.subject_share == 1.0 for s in self.index.facts(trial)):
                        inherit.append("qualifiers")  # "증감은?" after "일반회계 예산"
        elif fact_subjects and not q.metrics and not q.aspects and (prev.get("metrics") or prev.get("aspects")):
            # "전국은?", "조직담당관은?": the new subject, the same metric
            inherit = ["metrics", "qualifiers", "aspects"]
            if not q.periods:
                inherit.append("periods")
        elif q.aspects and not fact_subjects and prev_subjects:
            inherit = ["subjects"]
        for slot in inherit:
            if slot == "qualifiers" and q.qualifiers:
                continue
            if slot == "subjects":
                q.subjects = list(dict.fromkeys(q.subjects + prev_subjects))
            elif not getattr(q, slot):
                setattr(q, slot, list(prev.get(slot) or []))
        if inherit and not q.sections:
            q.sections = list(prev.get("sections") or [])
        return q

    def _names_a_metric_of(self, q: Query, subjects: list[str]) -> bool:
        """The question's own words name another metric of these subjects ("승소는?" after 총수행건수)."""
        trial = Query(**{**q.__dict__, "subjects": list(dict.fromkeys(q.subjects + subjects))})
        return any(s.metric_share >= 0.5 and s.subject_share >= 0.5 for s in self.index.facts(trial))


    # --- choosing what kind of answer ------------------------------------------------------
    def _dispatch(self, p: Parsed, q: Query) -> Answer:
        if p.out_of_scope:
            return self._decline(p, q, what=", ".join(p.out_of_scope))
        intent = p.intent
        if intent in ("greeting", "thanks"):
            tpl = self.config.get(intent).template
            return Answer(question=p.text, answered=True, text=tpl.format(examples=self._examples()),
                          intent=intent, confidence=1.0, suggestions=self._starter_suggestions())
        if intent == "topics":
            return self.topics_answer()
        if intent == "summary":
            sid = self._section_for(q)
            if sid:
                return self.section_summary(sid)
        if intent in ("schedule", "who", "lookup", "detail") and p.canon("aspect"):
            details = self.index.details(q)
            facts = self.index.facts(q)
            strong = facts and facts[0].metric_share == 1.0 and facts[0].subject_share == 1.0
            if details and details[0][0] >= 4.0 and word_share(details[0][1].aspect, q) == 1.0 and (
                    details[0][1].subject in q.subjects or word_share(details[0][1].subject, q) == 1.0) and not strong:
                return self._details_answer(p, q, details)  # "개선 후 관리시기는?": the 관리시기 row
        if intent == "schedule":
            ans = self._schedule_answer(p, q)
            if ans:
                return ans
        if intent == "who":
            ans = self._who_answer(p, q)
            if ans:
                return ans
        if any("~" in x for x in q.periods) and intent in ("lookup", "change", "detail"):
            intent = "trend"  # "2017년부터": every year since
        if intent == "ranking":
            ans = self._ranking_answer(p, q)
            if ans:
                return ans
        if intent == "trend":
            ans = self._trend_answer(p, q)
            if ans:
                return ans
        if intent == "change":
            ans = self._change_answer(p, q)
            if ans:
                return ans
        if intent in ("total", "share"):
            ans = self._total_answer(p, q, share=intent == "share")
            if ans:
                return ans
        return self._lookup(p, q, prefer_details=intent in ("detail", "who"))

    # --- lookup ------------------------------------------------------------------------------
    def _lookup(self, p: Parsed, q: Query, *, prefer_details: bool = False) -> Answer:
        scored = self.index.facts(q)
        group = self._best_group(scored)
        details = self.index.details(q)
        detail_score = details[0][0] if details else 0.0
        # a detail that speaks of every content word of the question ("성주에서 뭐 팔았어?")
        unknown = self._unknown_words(p)
        covering = bool(details) and detail_score >= 2.0 and bool(content_words(p, self.config)) and not unknown \
            and not self._uncovered_words(p, [], extra=f"{details[0][1].subject} {details[0][1].aspect} {details[0][1].text}")
        detail_ok = (detail_score >= 3.5 or covering) and self._detail_can_count(p, details[0][1])
        fact_ok = bool(group) and group[0].score >= ANSWER_SCORE
        strong_fact = fact_ok and group[0].metric_share == 1.0 and (
            group[0].subject_share >= 0.5 or not q.subjects)
        if unknown and not covering and (not strong_fact or group[0].score < CERTAIN_SCORE + 1.5):
            return self._decline(p, q, what=", ".join(unknown))  # "확진자 연령대 분포": not in the report
        if p.unknown_offices and not (group and group[0].subject_share == 1.0 and q.subjects):
            return self._decline(p, q, what=", ".join(p.unknown_offices))
        other_kinds = {m.surface for m in p.matches if m.kind in ("metric", "qualifier")}
        textual = [x for x in q.subjects if x not in self.fact_subjects and not any(  # 재무국: no figures
            m.canonical == x and m.surface in other_kinds for m in p.matches)]
        if textual and set(q.metrics) - GENERIC_MEASURES and not (group and group[0].subject_share == 1.0):
            return self._decline(p, q, what=f"{', '.join(textual)}의 {', '.join(q.metrics)}")
        detail_named = (not q.subjects or details[0][1].subject in q.subjects
                        or word_share(details[0][1].subject, q) == 1.0) if details else False
        if prefer_details and detail_ok and not strong_fact and (detail_named or not fact_ok) and (
                not fact_ok or detail_score >= group[0].score):
            return self._details_answer(p, q, details)
        if not fact_ok and not q.subjects:
            # "반려 및 철회는 몇 건?": only 市 투자심사 has that category, so it need not be named
            loose = [s for s in self.index.facts(q, need_subject=False) if s.fact.subject_required
                     and s.fact.qualifier and s.fact.qualifier in q.qualifiers]
            if loose and len({s.fact.subject for s in loose}) == 1 and loose[0].score >= ANSWER_SCORE - 1:
                group, fact_ok, strong_fact = self._best_group(loose), True, True
        plain_metrics = [m for m in q.metrics if m not in CHANGE_WORDS]
        for slot, values in (("metrics", plain_metrics), ("periods", q.periods)):
            if fact_ok and len(values) >= 2 and not any("~" in v for v in values):
                # "정원 대비 현원", "작년이랑 올해": the best figure for each one named
                facts = []
                for v in values:
                    best = [s for s in self.index.facts(Query(**{**q.__dict__, slot: [v]}))
                            if slot == "periods" or self._about_metric(s.fact, v)]
                    if best and best[0].score >= ANSWER_SCORE - 1 and best[0].fact not in facts:
                        facts.append(best[0].fact)
                if len(facts) >= 2:
                    return self._facts_answer(p, q, facts, intent="lookup", confidence=min(1.0, group[0].score / 8))
        if fact_ok and JOINED.search(p.text):
            # "대학 몇 개, 대학원 몇 개", "적정/부적정 각각": every figure that fits as well, one each
            same = [s for s in scored if s.metric_share == 1.0 and s.subject_share == group[0].subject_share
                    and s.fact.subject == group[0].fact.subject and s.score >= group[0].score - 1.0
                    and s.fact.period == group[0].fact.period]
            distinct = list({(s.fact.metric, s.fact.qualifier): s.fact for s in same}.values())
            if 2 <= len(distinct) <= MAX_FACT_LINES:
                return self._facts_answer(p, q, distinct, intent="lookup", confidence=min(1.0, group[0].score / 8))
        if fact_ok and len(q.qualifiers) >= 2:
            # "외부 내부 구성": the best figure for each category named
            per_qual = [next((s for s in scored if s.fact.qualifier and x in s.fact.qualifier), None) for x in q.qualifiers]
            facts = list(dict.fromkeys(s.fact for s in per_qual if s and s.score >= group[0].score - 2.1))
            if len(facts) >= 2:
                return self._facts_answer(p, q, facts, intent="lookup", confidence=min(1.0, group[0].score / 8))
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
        if named_subjects and set(q.metrics) - GENERIC_MEASURES and not any(
                s.subject_share == 1.0 for s in scored) and not strong_fact:
            return self._decline(p, q, what=f"{', '.join(named_subjects)}의 {', '.join(q.metrics)}")
        if detail_ok and detail_named and not strong_fact and (
                detail_score >= 6.0 or (details[0][1].subject in q.subjects and detail_score >= 4.5)):
            return self._details_answer(p, q, details)
        if not q.metrics and (q.subjects or q.qualifiers) and not content_words(p, self.config) and not q.aspects:
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
            return self._ask_back(p, q, [s.fact for s in scored[:6]])
        return self._decline(p, q, what=", ".join(unknown) if unknown else None)

    def _uncovered_words(self, p: Parsed, facts: list[Fact], extra: str = "") -> list[str]:
        """Words of the question the report knows but the chosen figures do not speak of
        ("정기심의" answered with a 심의 건수): a sign the answer is about something else."""
        said = bigrams(extra) if extra else set()
        for f in facts:
            said |= bigrams(f"{f.label} {f.subject or ''} {f.metric} {f.qualifier or ''} {f.note or ''}")
        out = []
        for w in content_words(p, self.config):
            grams = {w[i:i + 2] for i in range(len(w) - 1)}
            # only distinctive letters count: "지원", "추진" are everywhere and prove nothing
            known = {g for g in grams if self.index.idf.get(g, 0.0) >= DISTINCTIVE_IDF}
            if known and len(known & said) < len(known) / 2:
                out.append(w)
        return out

    def _detail_can_count(self, p: Parsed, detail: Detail) -> bool:
        """A "how many" question ("입소자 몇 명?") is only answered by a text that counts in
        that unit ("210병상" does not count people)."""
        from bot.retrieval import asked_unit

        unit = asked_unit(Query(compact=p.compact))
        if not unit and re.search(r"(자|원|인|건|횟)수(는|가|를|$)", p.compact):
            unit = COUNTERS  # "신청자 수는?": some count
        if not unit or unit == "원":
            return True
        return bool(re.search(r"\d\s*(" + (unit if unit == COUNTERS else re.escape(unit)) + ")", detail.text))

    def _about_metric(self, fact: Fact, metric: str) -> bool:
        """The fact measures this metric or a narrower one ("누적 사망자" is about 사망)."""
        names = [metric, *self.kb.aliases.get(metric, [])]
        return any(compact(n) in compact(fact.metric) for n in names)

    def _unknown_words(self, p: Parsed) -> list[str]:
        """Words of the question that nothing in the report explains (인구, 전화번호, 뉴욕)."""
        out = []
        for w in content_words(p, self.config):
            grams = {w[i:i + 2] for i in range(len(w) - 1)}
            known = sum(g in self.index.idf for g in grams)
            if known < max(1, len(grams) / 2):
                out.append(w)
        return out

    def _best_group(self, scored: list[Scored]) -> list[Scored]:
        if not scored:
            return []
        top = scored[0].score
        return [s for s in scored if s.score >= top - 0.01]

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

    def _ask_back_for_subject(self, p: Parsed, q: Query, also: list[Fact] | None = None,
                              best_score: float = 0.0) -> Answer | None:
        """No subject named, but the metric is given per subject (per department, per country)
        and matches at least as well as anything else: ask which one rather than pick."""
        if q.subjects:
            return None
        row_scores = [s for s in self.index.facts(q, need_subject=False)
                      if s.fact.subject_required and s.metric_share == 1.0]
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
        return Answer(question=p.text, answered=False, text=text, intent="clarify", confidence=0.4,
                      choices=choices, slots=self._slots(q))

    # --- rendering facts -----------------------------------------------------------------------
    def _facts_answer(self, p: Parsed, q: Query, facts: list[Fact], *, intent: str, confidence: float,
                      head: str | None = None, extra: list[str] | None = None,
                      computed: str | None = None, list_facts: bool = True) -> Answer:
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
        lines.append(source_line([f.section for f in facts], self.kb, self.config))
        return Answer(
            question=p.text, answered=True, text="\n".join(lines), intent=intent, confidence=confidence,
            slots=self._slots(q, facts), sources=self._sources(facts), facts=[self._ref(f) for f in facts],
            suggestions=self._suggestions(facts, q),
        )

    def _ref(self, f: Fact) -> FactRef:
        return FactRef(id=f.id, label=fact_label(f), text=f.text, value=f.value, unit=f.unit, as_of=f.as_of,
                       section=f.section, lines=f.lines)

    def _detail_ref(self, d: Detail) -> FactRef:
        return FactRef(id=d.id, label=f"{d.subject} {d.aspect}".strip(), text=None, value=None, unit=None,
                       as_of=None, section=d.section, lines=d.lines)

    def _schedule_ref(self, s: ScheduleItem) -> FactRef:
        return FactRef(id=s.id, label=s.what, text=None, value=None, unit=None, as_of=None, section=s.section,
                       lines=s.lines)

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
            if subjects and not q.subjects:
                slots["subjects"] = list(dict.fromkeys(subjects))[:1]
            # a follow-up continues with what was answered ("확진자" was answered as 신규 확진자)
            slots["metrics"] = list(dict.fromkeys(f.metric for f in facts))[:2]
        return slots

    def _suggestions(self, facts: list[Fact], q: Query) -> list[str]:
        out: list[str] = []
        if not facts:
            return out
        f = facts[0]
        others = [g for g in self.kb.facts if g.subject == f.subject and g.metric == f.metric
                  and g.qualifier == f.qualifier and g.period != f.period and g.period]
        for g in others[:1]:
            out.append(f"{g.subject or ''} {g.metric} {period_label(g.period)}".strip())
        siblings = [g for g in self.kb.facts if g.subject == f.subject and g.metric != f.metric
                    and g.source_table == f.source_table and not g.period]
        for g in siblings[:1]:
            out.append(f"{g.subject or ''} {g.metric}".strip())
        s = self.kb.sections.get(f.section)
        if s and s.id not in ("I", "II", "III"):
            out.append(f"{s.short} 요약")
        return list(dict.fromkeys(out))[:3]

    # --- declining ---------------------------------------------------------------------------
    def _decline(self, p: Parsed, q: Query, what: str | None = None) -> Answer:
        first = (self.config.phrase("not_found_named", what=what) if what else self.config.phrase("not_found"))
        text = first + "\n" + self.config.phrase("hint", examples=self._examples())
        return Answer(question=p.text, answered=False, text=text, intent=None, confidence=0.0,
                      suggestions=self._starter_suggestions())

    def _decline_period(self, p: Parsed, q: Query, unperiod: list[Scored]) -> Answer:
        available = sorted({period_label(effective_period(s.fact, self.config.report_year)) for s in unperiod[:8]})
        asked = ", ".join(period_label(x) for x in q.periods)
        text = self.config.phrase("not_found_period", period=asked, available=", ".join(available))
        return Answer(question=p.text, answered=False, text=text, intent=None, confidence=0.0,
                      suggestions=[f"{fact_label(unperiod[0].fact)}"])

    def _examples(self) -> str:
        return ", ".join(f"“{e}”" for e in self.config.get("lookup").examples[:3])

    def _starter_suggestions(self) -> list[str]:
        return list(self.config.get("lookup").examples[:3])

    # --- entity card, details, who ---------------------------------------------------------------
    def _entity_card(self, p: Parsed, q: Query) -> Answer | None:
        """No metric named ("감채기금 올해 얼마?", "올해 기금"): the figures of what was named."""
        named = [s for s in q.subjects if s in self.fact_subjects or s in self.detail_subjects]
        q = Query(**{**q.__dict__, "subjects": [s for s in named if s in self.fact_subjects] or
                     ([] if q.qualifiers else named)})
        def fits(f: Fact) -> bool:
            if q.subjects and f.subject not in q.subjects:
                return False
            if not q.subjects and f.subject_required:
                return False
            if q.qualifiers and not (f.qualifier and any(x in f.qualifier.split() or x == f.qualifier
                                                          for x in q.qualifiers)):
                return False
            periods = q.periods or [self.config.report_year]
            return any(period_matches(e, x) for e in fact_periods(f, self.config.report_year) for x in periods)

        if q.subjects and q.qualifiers and not any(f.qualifier and f.subject in q.subjects and any(
                x in f.qualifier for x in q.qualifiers) for f in self.kb.facts):
            q = Query(**{**q.__dict__, "qualifiers": []})  # "계획" is not a category of this fund
        facts = [f for f in self.kb.facts if fits(f)]
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

    def _details_answer(self, p: Parsed, q: Query, details: list[tuple[float, Detail]]) -> Answer:
        top_score, top = details[0]
        if q.subjects and q.aspects:
            chosen = [d for s, d in details if d.subject == top.subject and d.aspect == top.aspect]
        else:
            chosen = [d for s, d in details if s >= top_score - 0.5 and d.subject == top.subject][:4]
        chosen = chosen[:5] or [top]
        lines = [f"{d.subject} {d.aspect}: {d.text}".replace("  ", " ") if d.aspect and not d.aspect.isdigit()
                 else f"{d.subject}: {d.text}" for d in chosen]
        lines.append(source_line([d.section for d in chosen], self.kb, self.config))
        return Answer(question=p.text, answered=True, text="\n".join(lines), intent="detail",
                      confidence=min(1.0, top_score / 7), sources=self._sources(chosen),
                      facts=[self._detail_ref(d) for d in chosen],
                      slots={**self._slots(q), "subjects": [top.subject], "aspects": [top.aspect] if top.aspect else []},
                      suggestions=self._detail_suggestions(top))

    def _detail_suggestions(self, d: Detail) -> list[str]:
        aspects = [x.aspect for x in self.kb.details if x.subject == d.subject and x.aspect != d.aspect and x.aspect]
        return [f"{d.subject} {a}" for a in list(dict.fromkeys(aspects))[:3]]

    def _who_answer(self, p: Parsed, q: Query) -> Answer | None:
        """Who does what: the department a figure belongs to ("특별회계는 어느 부서 예산?"), a
        department's listed functions, then any named body."""
        rows = [s for s in self.index.facts(q, need_subject=False) if s.fact.subject_required
                and s.metric_share == 1.0 and s.fact.qualifier and s.fact.qualifier in q.qualifiers]
        if rows and len({s.fact.subject for s in rows}) <= 3 and not q.subjects:
            facts = list({s.fact.subject: s.fact for s in rows}.values())
            return self._facts_answer(p, q, facts, intent="who", confidence=0.8)
        asking = p.compact
        for word in sorted(self.config.get("who").keywords + tuple(self.config.filler_words), key=len, reverse=True):
            asking = asking.replace(word, " ") if len(word) >= 2 else asking
        qb = bigrams(asking)
        functions = [(self.index.similarity(qb, self.index.detail_bigrams[d.id]), d) for d in self.kb.details
                     if d.aspect in self.config.who_aspects]
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
        lines = [f"{d.subject} — {d.aspect + ': ' if d.aspect and not d.aspect.isdigit() else ''}{d.text}"
                 for d in chosen]
        lines.append(source_line([d.section for d in chosen], self.kb, self.config))
        return Answer(question=p.text, answered=True, text="\n".join(lines), intent="who",
                      confidence=min(1.0, 0.5 + score / 2), sources=self._sources(chosen),
                      facts=[self._detail_ref(d) for d in chosen],
                      slots={**self._slots(q), "subjects": [top.subject]},
                      suggestions=[f"{top.subject} 예산"] if top.subject in self.fact_subjects else [])

    def _schedule_answer(self, p: Parsed, q: Query) -> Answer | None:
        items = self.index.schedule(q)
        if q.months and not (q.subjects or q.metrics or q.sections):
            chosen = sorted((s for _, s in items), key=lambda s: (s.start, s.section))
            if not chosen:
                return None
            return self._schedule_items_answer(p, q, chosen[:15], intent="schedule",
                                               head=f"{', '.join(f'{m}월' for m in q.months)} 일정:")
        if not items or items[0][0] < 1.2:
            return None
        top = items[0][0]
        # a dated remark in the text ("(5월 통과 대응)") may answer "몇 월" better than a schedule line
        dated = [(s, d) for s, d in self.index.details(q) if MONTH_IN_TEXT.search(d.text)]
        qb = bigrams(p.compact)
        if dated and dated[0][0] >= 3.5 and 4 * self.index.similarity(qb, self.index.detail_bigrams[dated[0][1].id]) > top:
            return self._details_answer(p, q, dated)
        chosen = [s for sc, s in items if sc >= top - 0.3][:4]
        return self._schedule_items_answer(p, q, chosen, intent="schedule")

    def _schedule_items_answer(self, p: Parsed, q: Query, items: list[ScheduleItem], *, intent: str,
                               head: str | None = None) -> Answer:
        lines = [head] if head else []
        for s in items:
            label = "계획" if s.kind == "plan" else "실적"
            lines.append(f"- {s.what}: {s.when} ({label}, {s.section})")
        lines.append(source_line([s.section for s in items], self.kb, self.config))
        return Answer(question=p.text, answered=True, text="\n".join(lines), intent=intent, confidence=0.7,
                      sources=self._sources(items), facts=[self._schedule_ref(s) for s in items],
                      slots=self._slots(q))

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
            return Answer(question=p.text, answered=False, text=f"{month}월에 예정된 일정은 보고서에 없습니다.",
                          intent="schedule")
        return self._schedule_items_answer(p, q, items[:25], intent="schedule", head=head)

    # --- ranking, trend, change, totals ------------------------------------------------------------
    def _ranking_groups(self, q: Query) -> list[list[Fact]]:
        """Comparable figures for a ranking: one metric and period, varying by subject (per
        department, per country) or by category (per outcome), totals left out."""
        named = [x for x in q.subjects if x in self.fact_subjects]
        whole_only = all(x not in self._row_subjects for x in named)  # "기조실에서 … 담당관": rows of it
        scored = [s for s in self.index.facts(q, need_subject=False) if s.metric_share == 1.0
                  and (s.subject_share == 1.0 or not named or (whole_only and s.fact.subject_required))
                  and s.fact.value is not None
                  and s.fact.text not in ("-", "－")]  # "-" is "none", not a zero to rank
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
            kinds = ((table.spec.get("row_kind") if per_subject else table.spec.get("category_kind")) or []) if table else []
            named_kind = any(compact(k) in q.compact for k in kinds)
            return (not named_kind, per_subject == named_whole, -max(s.score for s in g))

        for members in sorted(groups.values(), key=rank):
            facts = [s.fact for s in members
                     if s.fact.subject_required or (s.fact.qualifier or "").split()[-1:] not in (["계"], ["합계"], ["전체"])]
            if len({(f.subject, f.qualifier) for f in facts}) >= 2:
                out.append(facts)
        return out

    def _ranking_answer(self, p: Parsed, q: Query) -> Answer | None:
        qq = Query(**{**q.__dict__})
        row_kinds = {compact(k) for t in self.kb.tables.values() for k in t.spec.get("row_kind") or ()}
        if q.subjects and all(s not in self._row_subjects for s in q.subjects) and any(k in p.compact for k in row_kinds):
            qq.subjects = []  # "기조실에서 정원 제일 적은 담당관": the rows of the whole, not the whole
        if any(w in p.compact for w in ("늘", "줄", "증가", "감소", "증감")):
            qq.metrics = ["증감"]  # "가장 많이 줄어든 부서": rank the printed change
            p.direction = "min" if any(w in p.compact for w in ("줄", "감소")) else "max"
        elif not qq.metrics and (qq.qualifiers or q.subjects):
            # "가장 작은 기금", "시 투자심사 결과 중 제일 많은 유형": rank by the table's first measure
            tables = [f.source_table for f in self.kb.facts if f.source_table and (
                (f.subject_required and f.qualifier and any(x in f.qualifier.split() for x in qq.qualifiers))
                or f.subject in q.subjects)]
            if tables:
                columns = self.kb.tables[tables[0]].spec.get("columns") or {}
                first = next(iter(columns.values()), None)
                if first:
                    qq.metrics = [first["metric"]]
        by_period = bool(re.search(r"(던|은|는|한|된|의)(해|년도|연도|날|때|시기)|(어느|몇|무슨)(해|년도|연도|날)", p.compact))
        series = self._series(qq) if by_period or not self._ranking_groups(qq) else []
        if len(series) >= 2:
            items, name = series, (lambda f: period_label(f.period))
        elif len(q.subjects) >= 2:
            items = [next(s.fact for s in scored) for subj in q.subjects
                     if (scored := [s for s in self.index.facts(Query(**{**q.__dict__, "subjects": [subj]}))
                                    if s.fact.subject == subj and s.fact.value is not None])]
            name = (lambda f: f.subject or "")
            if len(items) < 2:
                return None
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
        what = f"{best.metric}" + (f"({period_label(best.period)})" if best.period and name(best) != period_label(best.period) else "")
        head = f"{what}이(가) {direction} 것: " + ", ".join(f"{name(f)} {figure(f)}" for f in ties)
        extra = ["순위: " + ", ".join(f"{i + 1}. {name(f)} {f.text}{f.unit}" for i, f in enumerate(ordered[:5]))]
        computed = f"{len(ordered)}개 항목의 {best.metric} 비교"
        ans = self._facts_answer(p, q, ordered[:5], intent="ranking", confidence=0.8, head=head, extra=extra,
                                 computed=computed, list_facts=False)
        ans.slots["subjects"] = [best.subject] if best.subject else []
        return ans

    def _series(self, q: Query) -> list[Fact]:
        """Facts of one subject/metric/qualifier across periods, oldest first (a table row wins
        over the same figure quoted in running text)."""
        qq = Query(**{**q.__dict__, "periods": []})
        scored = self.index.facts(qq)
        if not scored:
            return []
        top = scored[0].fact
        series = [s.fact for s in scored if s.fact.subject == top.subject and s.fact.metric == top.metric
                  and s.fact.qualifier == top.qualifier and s.fact.period]
        by_period: dict[str, Fact] = {}
        for f in series:
            if f.period not in by_period or (f.source_table and not by_period[f.period].source_table):
                by_period[f.period or ""] = f
        return sorted(by_period.values(), key=lambda f: f.period or "")

    def _trend_answer(self, p: Parsed, q: Query) -> Answer | None:
        series = self._series(q)
        if len(series) < 2:
            return None
        head = f"{series[0].subject or ''} {series[0].qualifier or ''} {series[0].metric} 추이:".replace("  ", " ").strip()
        extra_lines = [f"- {period_label(f.period)}: {figure(f)}" + (f" ({date_label(f.as_of)} 기준)" if f.as_of else "")
                       for f in series]
        ans = self._facts_answer(p, q, series, intent="trend", confidence=0.8, head=head, extra=extra_lines,
                                 list_facts=False)
        return ans

    def _change_answer(self, p: Parsed, q: Query) -> Answer | None:
        if len([m for m in q.metrics if m not in CHANGE_WORDS]) >= 2:
            return None  # "정원 대비 현원": two figures side by side, a plain lookup
        # the report prints the change itself (증감 column, 일일 증감, 추가 집행액): prefer that figure
        change_q = Query(**{**q.__dict__, "words": q.words + list(CHANGE_WORDS)})
        named = [m for m in q.metrics if m not in CHANGE_WORDS]
        printed = [s for s in self.index.facts(change_q)
                   if any(w in s.fact.metric for w in CHANGE_WORDS) and (s.subject_share == 1.0 or not q.subjects)
                   and (not named or s.fact.metric in ("증감",) or any(  # 집행률's change is not 추가 집행액
                       compact(m) in compact(s.fact.metric) for m in named))]
        if printed and printed[0].score >= ANSWER_SCORE:
            f = printed[0].fact
            base = [g for g in self.kb.facts if g.subject == f.subject and g.source_table == f.source_table
                    and g.qualifier == f.qualifier and g.metric in q.metrics and g.period and f.metric == "증감"]
            return self._facts_answer(p, q, [f, *sorted(base, key=lambda g: g.period or "")], intent="change",
                                      confidence=0.85)
        series = self._series(q)
        if len(series) < 2:
            return None
        if q.periods:
            picked = [f for f in series if any((f.period or "").startswith(x) for x in q.periods)]
            if len(picked) >= 2:
                series = picked
            elif picked:
                # "2019 대비": compare with the latest
                series = sorted({*picked, series[-1]}, key=lambda f: f.period or "")
        a, b = series[-2], series[-1]
        if a.value is None or b.value is None or a.unit != b.unit:
            return None
        diff = b.value - a.value
        unit = "%p" if a.unit == "%" else a.unit
        decimals = 1 if any("." in x.text for x in (a, b)) else None
        head = (f"{b.subject or ''} {b.metric}: {period_label(a.period)} {figure(a)} → {period_label(b.period)} "
                f"{figure(b)}, 차이 {signed(diff, unit, decimals)}").strip()
        how = f"{b.text}{b.unit} − {a.text}{a.unit}"
        ans = self._facts_answer(p, q, [a, b], intent="change", confidence=0.8, head=head, computed=how,
                                 list_facts=False)
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
            rows = [g for g in self.kb.facts if g.source_table == f.source_table and g.metric == f.metric
                    and g.qualifier == f.qualifier and g.period == f.period and g.subject_required]
            if f.value is None or len(rows) < 2:
                return None
            total = sum(g.value or 0 for g in rows)
            pct = f.value / total * 100 if total else 0
            head = f"{fact_label(f)}: {figure(f)} — 전체 {computed_value(total, f.unit)} 중 {format_number(pct, 1)}%"
            how = f"{f.text} ÷ ({len(rows)}개 항목 합계 {format_number(total)}) × 100"
            ans = self._facts_answer(p, q, rows, intent="share", confidence=0.75, head=head, computed=how, list_facts=False)
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
        head = f"{' + '.join(f.subject or '' for f in parts)} {parts[0].metric} 합계: {computed_value(total, parts[0].unit)}"
        how = " + ".join(f"{f.text}{f.unit}" for f in parts)
        return self._facts_answer(p, q, parts, intent="total", confidence=0.75, head=head, computed=how)

    # --- sections and fixed views --------------------------------------------------------------
    def _section_for(self, q: Query) -> str | None:
        if q.sections:
            counts: dict[str, int] = defaultdict(int)
            for s in q.sections:
                counts[s] += 1
            return max(counts, key=lambda k: (counts[k], k.startswith("III-")))
        for subject in q.subjects:
            for f in self.kb.facts:
                if f.subject == subject:
                    return f.section
            for d in self.kb.details:
                if d.subject == subject:
                    return d.section
        return None

    def topics(self) -> list[tuple[str, str]]:
        """(section id, short title) for 일반현황, 정책목표 and the twelve current issues."""
        return [(s.id, s.short) for s in self.kb.sections.values() if s.id != "III"]

    def topics_answer(self) -> Answer:
        lines = [self.config.get("topics").template]
        for sid, short in self.topics():
            lines.append(f"- [{sid}] {short}")
        lines.append(self.config.phrase("hint", examples=self._examples()))
        return Answer(question="topics", answered=True, text="\n".join(lines), intent="topics", confidence=1.0,
                      suggestions=self._starter_suggestions())

    def section_summary(self, section_id: str) -> Answer:
        """A section's title, purpose, key figures and next scheduled item."""
        s = self.kb.sections.get(section_id)
        if s is None:
            return Answer(question=section_id, answered=False, text=self.config.phrase("not_found"))
        facts = [self.facts_by_id[i] for i in s.summary_facts if i in self.facts_by_id]
        facts = facts or [f for f in self.kb.facts if f.section == s.id and not f.subject_required and not f.qualifier][:4]
        if len(facts) < 3:
            facts += [f for f in self.kb.facts if f.section == s.id and f not in facts][: 4 - len(facts)]
        plans = [x for x in self.kb.schedule if x.section == s.id and x.kind == "plan"][:2]
        details = [d for d in self.kb.details if d.section == s.id][: max(0, 6 - len(facts))] if len(facts) < 3 else []
        lines = [f"[{s.id}] {s.title}", s.purpose] + [f"- {fact_line(f, self.config)}" for f in facts]
        lines += [f"- {d.aspect}: {d.text}" if d.aspect and not d.aspect.isdigit() else f"- {d.text}" for d in details]
        lines += [f"- 일정: {x.what} ({x.when})" for x in plans]
        lines.append(source_line([s.id], self.kb, self.config))
        src = [Source(section=s.id, title=s.title, lines=tuple(range(s.lines[0], s.lines[1] + 1)))]
        return Answer(question=f"{s.short} 요약", answered=True, text="\n".join(x for x in lines if x),
                      intent="summary", confidence=0.9, sources=src,
                      facts=[self._ref(f) for f in facts] + [self._schedule_ref(x) for x in plans],
                      slots={"sections": [s.id]}, suggestions=[f"{s.short} 일정"])

    def covid_status(self) -> Answer:
        """National and Seoul COVID-19 status with their as-of times (the report's table)."""
        rows = [f for f in self.kb.facts if f.source_table == "covid_domestic"]
        if not rows:
            return Answer(question="covid", answered=False, text=self.config.phrase("not_found"))
        lines = []
        for subject in dict.fromkeys(f.subject for f in rows):
            fs = {f.metric: f for f in rows if f.subject == subject}
            as_of = next(iter(fs.values())).as_of
            parts = [f"{m} {fs[m].text}" + (f"({fs[m + ' 일일 증감'].text})" if m + " 일일 증감" in fs else "")
                     for m in ("확진환자", "격리중", "퇴원", "사망") if m in fs]
            lines.append(f"{subject} ({date_label(as_of)} 기준, 명, 괄호는 일일 증감)")
            lines.append("  " + " · ".join(parts))
            sus = [f"{m} {fs[m].text}" for m in ("의사환자", "검사중", "결과음성") if m in fs]
            if sus:
                lines.append("  " + " · ".join(sus))
        world = [f for f in self.kb.facts if f.subject == "전세계"]
        if world:
            lines.append("전세계: " + ", ".join(f"{f.metric} {f.text}{f.unit}" for f in world)
                         + (f" ({date_label(world[0].as_of)} 기준)" if world[0].as_of else ""))
        used = rows + world
        for f in used:
            for what in self.discrepancy_notes.get(f.id, []):
                note = self.config.phrase("discrepancy", what=what)
                if note not in lines:
                    lines.append(note)
        lines.append(source_line(["III-1"], self.kb, self.config))
        return Answer(question="covid", answered=True, text="\n".join(lines), intent="covid", confidence=1.0,
                      sources=self._sources(used), facts=[self._ref(f) for f in used],
                      suggestions=["서울 확진자 추이", "재난긴급생활비 대상", "코로나19 대응현황 요약"])

    def budget_overview(self) -> Answer:
        """The budget 총괄표 as a monospaced table, in 백만원 as printed."""
        table = self.kb.tables.get("budget_summary")
        if table is None:
            return Answer(question="budget", answered=False, text=self.config.phrase("not_found"))
        header = f"{'구분':<6}{'2019 최종':>12}{'2020':>12}{'증감':>12}"
        rows = [header]
        for r in table.rows:
            rows.append(f"{r['category']:<6}{r['budget_2019']:>12}{r['budget_2020']:>12}{r['change']:>12}")
        facts = [f for f in self.kb.facts if f.source_table == "budget_summary" and f.metric in ("예산", "증감")]
        headline = self.facts_by_id.get("budget.headline.total")
        text = "예산 총괄표 (단위: 백만원)"
        if headline:
            text = f"2020년 예산 총규모: {figure(headline)}\n" + text
        text += "\n" + source_line(["I"], self.kb, self.config)
        return Answer(question="budget", answered=True, text=text, intent="budget", confidence=1.0,
                      sources=self._sources(facts), facts=[self._ref(f) for f in facts], table="\n".join(rows),
                      suggestions=["일반회계 예산이 가장 많은 부서", "기금별 예산", "재정투융자기금 예산"])

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
