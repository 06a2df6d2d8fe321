"""Follow-up questions: which slots a question borrows from the conversation so far
("작년은?" keeps the subject and metric, "정원은?" the subject, "전국은?" the metric).

A mixin of `bot.engine.Engine`: it uses `self.kb`, `self.index`, `self.config` and the
other mixins' methods."""

from __future__ import annotations

import re

from bot.answer import Conversation
from bot.retrieval import Query
from bot.textnorm import bigrams, compact
from bot.understand import Parsed, content_words

THAT_TIME = re.compile(r"그해|그때|당시|같은해|그년도")


class ContextMixin:
    def _resolve(self, p: Parsed, conv: Conversation) -> Query:
        """The question's own slots, completed from the conversation when it is a follow-up:
        "작년은?" keeps subject and metric, "정원은?" the subject, "전국은?" the metric."""
        subjects = [s for s in p.canon("subject") if s in self.fact_subjects or s in self.detail_subjects]
        q = Query(
            compact=p.compact,
            subjects=subjects,
            metrics=p.canon("metric"),
            qualifiers=p.canon("qualifier"),
            aspects=p.canon("aspect"),
            sections=p.canon("keyword"),
            periods=p.periods,
            months=p.months,
            words=p.canon("word"),
            residual=p.residual,
            residual_names=p.residual_names,
        )
        prev = conv.slots or {}
        if not prev or p.out_of_scope or p.intent in ("greeting", "thanks", "topics"):
            return q
        if p.intent == "schedule" and q.months and not q.subjects:
            return q  # "5월 일정": a new question, not a follow-up
        prev_subjects = list(prev.get("subjects") or [])
        if not q.subjects and prev_subjects:
            q.subjects = self._sibling_subject(p, prev_subjects)  # "중앙은?" after 市 투자심사: 중앙투자심사
        fact_subjects = [s for s in q.subjects if s in self.fact_subjects]
        inherit: list[str] = []
        says_something = bool(
            q.periods or q.qualifiers or q.words or q.subjects or q.metrics or q.aspects or p.intent != "lookup"
        )
        if not says_something:
            return q  # "ㅋㅋㅋ" is no follow-up question
        if not fact_subjects and not q.metrics and not q.aspects:
            # "작년은?", "승소는?", "증감은?": same subject; same metric unless a new one is named
            inherit = ["subjects", "metrics", "qualifiers", "aspects", "sections"]
            if not q.periods and (
                p.intent in ("change", "trend", "ranking", "share", "total") or THAT_TIME.search(p.compact)
            ):
                inherit.append("periods")  # "그 해 회당 평균은?": the year just asked about
            if q.qualifiers and not self._qualifier_belongs_to(q.qualifiers, prev_subjects):
                inherit = ["sections"]  # "그중 직접수행은?" after 서울시 소송: 직접수행 is another subject's
            elif self._names_a_metric_of(q, prev_subjects):
                inherit.remove("metrics")  # the category (일반회계) stays: "차이는?" is still 일반회계's
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
                if not q.periods and THAT_TIME.search(p.compact):
                    inherit.append("periods")  # "그 해 회당 평균은?"
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
        if "metrics" in inherit and p.periods and q.metrics and not self.index.facts(q):
            # "4.14는?" after 미국 누적 확진자: no 누적 of 4.14, but that day's figures of 미국
            words = [w for m in q.metrics for w in m.split() if len(w) >= 2]
            trial = Query(**{**q.__dict__, "metrics": [], "words": list(dict.fromkeys(q.words + words))})
            if any(s.subject_share == 1.0 for s in self.index.facts(trial)):
                q.metrics, q.words = trial.metrics, trial.words  # 신규 확진자 shares 확진자 with 누적 확진자
        return q

    def _sibling_subject(self, p: Parsed, prev_subjects: list[str]) -> list[str]:
        """The one subject that holds a word of the question and shares the rest of its name with
        the subject just asked about ("중앙" + 투자심사), or none."""
        prev = bigrams(" ".join(prev_subjects))
        for w in content_words(p, self.config):
            found = [
                s
                for s in sorted(self.fact_subjects)
                if w in compact(s) and s not in prev_subjects and len(bigrams(s) & prev) >= 2
            ]
            if len(found) == 1:
                return found
        return []

    def _qualifier_belongs_to(self, qualifiers: list[str], subjects: list[str]) -> bool:
        """Some figure of these subjects carries one of the qualifiers, or no figure anywhere does."""
        carriers = {f.subject for f in self.kb.facts if f.qualifier in qualifiers}
        return not carriers or bool(carriers & set(subjects))

    def _names_a_metric_of(self, q: Query, subjects: list[str]) -> bool:
        """The question's own words name another metric of these subjects ("승소는?" after 총수행건수)."""
        trial = Query(**{**q.__dict__, "subjects": list(dict.fromkeys(q.subjects + subjects))})
        return any(s.metric_share >= 0.5 and s.subject_share >= 0.5 for s in self.index.facts(trial))
