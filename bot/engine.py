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
from bot.answer import Answer, Conversation
from bot.computed import ComputedMixin
from bot.context import ContextMixin
from bot.context_clauses import strip_context
from bot.guard import NameGuard
from bot.intents import IntentConfig, load_intents
from bot.operations import compute, detect
from bot.lookup import LookupMixin
from bot.records import Fact, Knowledge
from bot.replies import RepliesMixin
from bot.retrieval import GENERIC_MEASURES, Index, Query, word_share
from bot.textnorm import MAX_QUESTION_CHARS, clean, compact
from bot.textual import TextualMixin
from bot.thresholds import (
    AND_SPLIT,
    ASKING,
    CLAUSE_JOIN,
    CLAUSE_SPLIT,
    FOLLOW_UP_SLOTS,
    GUARDED_INTENTS,
    MAX_FACT_LINES,
)
from bot.understand import Parsed, Vocabulary, parse
from bot.views import ViewsMixin


def aspect_base(aspect: str) -> str:
    """ "추진 계획(전문성 강화)" and "추진계획" are both the aspect 추진계획."""
    return compact(re.sub(r"\s*\(.*\)$", "", aspect))


class Engine(ContextMixin, LookupMixin, ComputedMixin, TextualMixin, ViewsMixin, RepliesMixin):
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
        self.aspect_subjects: dict[str, set[str]] = defaultdict(set)
        self.aspect_sections: dict[str, set[str]] = defaultdict(set)
        for d in kb.details:
            self.aspect_subjects[d.aspect].add(d.subject)
            self.aspect_sections[aspect_base(d.aspect)].add(d.section)
        # units ("억원으로", "몇 개국") explain themselves: they are not content to look up
        config.filler_words |= {compact(f.unit.split()[0]) for f in kb.facts if f.unit.strip()}
        config.filler_words |= GENERIC_MEASURES
        config.filler_words |= {
            compact(k)
            for t in kb.tables.values()
            for k in (t.spec.get("row_kind") or []) + (t.spec.get("category_kind") or [])
        }
        self._row_subjects = {f.subject for f in kb.facts if f.subject_required}
        self.fact_subjects = {f.subject for f in kb.facts if f.subject}
        self.name_guard = NameGuard(
            kb.facts, exempt=[config.report_owner, *config.whole_names, *config.filler_words, *config.relative_years, *config.intent_words]
        )

    @classmethod
    def load(
        cls,
        db_path: Path | None = None,
        knowledge_root: Path | None = None,
        intents_path: Path | None = None,
        *,
        quiet: bool = False,
    ) -> "Engine":
        """Open (building or rebuilding when needed) the knowledge database and intents.yaml."""
        from bot.build import ensure_database
        from bot.store import read_knowledge

        db = db_path or paths.knowledge_db()
        db = ensure_database(db, knowledge_root or paths.knowledge_dir(), quiet=quiet)
        return cls(read_knowledge(db), load_intents(intents_path or paths.intents_file()))

    def answer(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer one question; `conversation` (if given) supplies and receives follow-up context."""
        conv = conversation if conversation is not None else Conversation()
        raw = question or ""
        text = clean(raw)
        if not compact(text):
            ans = Answer(
                question=raw, answered=False, text=self.config.phrase("empty", examples=self._examples()), intent=None
            )
            return ans
        text = strip_context(text, self.config.context_endings, self._names_known)
        parsed = parse(text, self.vocab)
        q = self._resolve(parsed, conv)
        ans = self._answer_parsed(parsed, q)
        figures_asked = ans.intent in ("lookup", "clarify", None)  # a schedule or a who-answer stays whole
        if figures_asked and (len(ASKING.findall(parsed.compact)) >= 2 or CLAUSE_JOIN.search(text)):
            ans = self._answer_parts(text, parsed, q, ans, conv.slots) or ans
        ans = self._with_operation(text, ans)
        ans.question = raw
        if len(clean(raw)) >= MAX_QUESTION_CHARS and len(raw) > MAX_QUESTION_CHARS:
            ans.text = self.config.phrase("too_long", n=MAX_QUESTION_CHARS) + "\n" + ans.text
        conv.turns += 1
        if ans.answered and ans.slots:
            conv.slots = {k: list(v) for k, v in ans.slots.items() if k in FOLLOW_UP_SLOTS}
        conv.last_answer = ans
        return ans

    def _names_known(self, c: str) -> bool:
        """A compact clause names a subject, metric, qualifier or aspect the report knows."""
        found, _ = self.vocab.find(c)
        return any(m.kind in ("subject", "metric", "qualifier", "aspect") for m in found)

    def _with_operation(self, text: str, ans: Answer) -> Answer:
        """A percentage change, share, sum or difference asked of the figures found goes first."""
        op = detect(text, self.config.operations) if ans.answered and ans.facts else None
        if not op:
            return ans
        facts = [self.facts_by_id[r.id] for r in ans.facts if r.id in self.facts_by_id]
        done = compute(op, facts, self.kb.facts)
        if done is None or compact(done.line) in compact(ans.text):
            return ans
        how = self.config.phrase("computed", how=done.how)
        ans.text = f"{done.line}\n{how}\n{ans.text}"
        return ans

    def _answer_parsed(self, parsed: Parsed, q: Query) -> Answer:
        ans = self._dispatch(parsed, q)
        if ans.answered and ans.intent in GUARDED_INTENTS:
            facts = [self.facts_by_id[r.id] for r in ans.facts if r.id in self.facts_by_id]
            uncovered = self._uncovered_words(parsed, facts, extra=ans.text)
            if uncovered:  # the answer does not speak of what was asked: say so, do not guess
                ans = self._decline(parsed, q, what=", ".join(uncovered))
        if ans.answered and ans.facts:
            facts = [self.facts_by_id[r.id] for r in ans.facts if r.id in self.facts_by_id]
            missing = self.name_guard.unaccounted(parsed, facts)
            if missing:
                ans = self._decline(parsed, q, what=", ".join(missing))
        return ans

    def _answer_parts(
        self, text: str, parsed: Parsed, q: Query, whole: Answer, before: dict | None = None
    ) -> Answer | None:
        """ "몇 건 심의했고 부적정은 몇 건?", "예산 규모랑 집행 목표율": each part asked is answered,
        the parts after the first borrowing its subject. None when the question has no two parts."""
        if parsed.out_of_scope or parsed.unknown_offices:
            return None  # "도시교통실 정원과 현원": no part may answer for another office
        whole_metrics = {self.facts_by_id[r.id].metric for r in whole.facts if r.id in self.facts_by_id}
        split_and = self._split_and if len(whole_metrics) < 2 else lambda x: [x]  # "정원과 현원" answered whole
        pieces = [y for x in CLAUSE_SPLIT.split(text) if x for y in split_and(x) if compact(y)]
        if len(pieces) < 2 and text.count("몇") >= 2:  # "몇 실 몇 관 몇 담당관"
            at = [i for i in range(len(text)) if text.startswith("몇", i)]
            pieces = [text[: at[1]]] + [text[a:b] for a, b in zip(at[1:], at[2:] + [len(text)])]
        if len(pieces) < 2:
            return None
        conv = Conversation()  # each part borrows from the parts before it (and the turn before), not the whole
        conv.slots = dict(before or {})
        facts: list[Fact] = []
        not_found: list[str] = []  # "평균연령" of "예산, 정원, 평균연령": said, not dropped in silence
        for piece in pieces:
            p = parse(piece, self.vocab)
            if not p.has_content():
                not_found += [w for w in self._unknown_words(p) if w not in not_found]
                continue
            part_q = self._resolve(p, conv)
            if not part_q.periods and not p.periods:
                part_q.periods = list(q.periods)  # "2018년 총 수행건수와 승소율": both of 2018
            part = self._answer_parsed(p, part_q)
            if not part.answered or not part.facts:
                not_found += [w for w in self._unknown_words(p) if w not in not_found]
                if part_q.subjects:  # "기조실 조직 규모 … 몇 실": the next parts are about 기조실
                    conv.slots = {**conv.slots, "subjects": list(part_q.subjects)}
                continue
            conv.slots = {k: list(v) for k, v in part.slots.items() if k in FOLLOW_UP_SLOTS} or conv.slots
            for ref in part.facts:
                fact = self.facts_by_id.get(ref.id)
                if fact and fact not in facts:
                    facts.append(fact)
        if len(facts) < 2 or (whole.answered and {f.id for f in whole.facts} >= {f.id for f in facts}):
            return None
        extra = [self.config.phrase("not_found_named", what=", ".join(not_found))] if not_found else None
        return self._facts_answer(parsed, q, facts[:MAX_FACT_LINES], intent="lookup", confidence=0.8, extra=extra)

    def _split_and(self, text: str) -> list[str]:
        """ "건수와 예산액" is two parts; "재정균형과 예산" (an office) and "심사 결과" (a noun) are one."""
        pieces, start = [], 0
        for m in AND_SPLIT.finditer(text):
            words = text[: m.start() + 1].split()
            word = compact(words[-1]) if words else ""
            if len(word) < 3 or word in self.vocab.names or word in self.config.not_entity_words:
                continue
            pieces.append(text[start : m.start() + 1])
            start = m.end()
        pieces.append(text[start:])
        return pieces

    def _dispatch(self, p: Parsed, q: Query) -> Answer:
        if p.out_of_scope:
            return self._decline(p, q, what=", ".join(p.out_of_scope))
        intent = p.intent
        if intent in ("greeting", "thanks"):
            tpl = self.config.get(intent).template
            return Answer(
                question=p.text,
                answered=True,
                text=tpl.format(examples=self._examples()),
                intent=intent,
                confidence=1.0,
                suggestions=self._starter_suggestions(),
            )
        if intent == "topics":
            return self.topics_answer()
        view = self.config.get(intent).extra.get("view") if intent in self.config.names else None
        if view and not any(s in self._row_subjects for s in q.subjects):
            return getattr(self, view)()  # "코로나 현황": the status view (not "서울 코로나 현황"'s one row)
        if intent == "summary":
            # an aspect only one section has, and that names nothing else ("대응 방향"), not "현황"
            other_kinds = {m.surface for m in p.matches if m.kind != "aspect"}
            whole = {compact(w) for w in self.config.get("summary").extra.get("whole_section_words", [])}
            aspects = [
                m.canonical
                for m in p.matches
                if m.kind == "aspect"
                and m.surface not in other_kinds
                and m.surface not in whole
                and len(self.aspect_sections[aspect_base(m.canonical)]) == 1
            ]
            details = [(s, d) for s, d in self.index.details(q) if aspects and word_share(d.aspect, q) == 1.0]
            if details and details[0][0] >= 4.0:
                return self._details_answer(p, q, details)  # "코로나19 대응 방향 요약": that part only
            sid = self._section_for(q)
            if sid:
                return self.section_summary(sid)
        if intent in ("schedule", "who", "lookup", "detail") and p.canon("aspect"):
            details = self.index.details(q)
            facts = self.index.facts(q)
            strong = facts and facts[0].metric_share == 1.0 and facts[0].subject_share == 1.0
            if (
                details
                and details[0][0] >= 4.0
                and word_share(details[0][1].aspect, q) == 1.0
                and (
                    details[0][1].subject in q.subjects
                    or word_share(details[0][1].subject, q) == 1.0
                    or (  # only 정책목표 has a 비전, no figure is called that, no other body is named
                        len(self.aspect_subjects.get(details[0][1].aspect, ())) == 1
                        and not any(details[0][1].aspect in f.metric for f in self.kb.facts)
                        and not any(compact(details[0][1].aspect) in k for i in self.config.intents for k in i.keywords)
                        and not [s for s in q.subjects if s in self.fact_subjects and s != self.config.report_owner]
                    )
                )
                and not strong
            ):
                return self._details_answer(p, q, details)  # "개선 후 관리시기는?": the 관리시기 row
        if intent == "schedule":
            ans = self._schedule_answer(p, q)
            if ans:
                return ans
        if intent == "who":
            ans = self._who_answer(p, q)
            if ans:
                return ans
        if intent == "why":
            ans = self._why_answer(p, q)
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
