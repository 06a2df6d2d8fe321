"""Guard: an answer must speak of what was asked. Words of the question the report knows but the
chosen records do not mention, words nothing in the report explains, counts a text cannot give;
and the names that pick one figure among its siblings (a table row's subject, a category of the
metric answered, a month), which the figures answered must carry ("공기업담당관 특별회계 예산" is
not answered with its 일반회계 예산, "5월 확진자" not with the 4.17 figure)."""

from __future__ import annotations

import re

from bot.answer import Answer
from bot.engine import compose
from bot.engine.resources import Resources
from bot.engine.retrieval import Query, asked_unit
from bot.engine.thresholds import COUNTERS, DISTINCTIVE_IDF, GUARDED_INTENTS
from bot.engine.understand import Parsed, content_words
from bot.korean import morph
from bot.korean.textnorm import bigrams, compact
from bot.records import Detail, Fact


def uncovered_words(res: Resources, p: Parsed, facts: list[Fact], extra: str = "") -> list[str]:
    """Words of the question the report knows but the chosen figures do not speak of
    ("정기심의" answered with a 심의 건수): a sign the answer is about something else."""
    words = content_words(p, res.config)
    if not words:
        return []  # (most questions: the letters said need not be read)
    said = bigrams(extra) if extra else set()
    for f in facts:
        said |= bigrams(f"{f.label} {f.subject or ''} {f.metric} {f.qualifier or ''} {f.note or ''}")
    out = []
    for w in words:
        if any(f.subject and compact(f.subject) + w in res.vocab.report_text for f in facts):
            continue  # "긴급재난지원금 지급": the subject's own business, as the report says it
        grams = {w[i : i + 2] for i in range(len(w) - 1)}
        # only distinctive letters count: "지원", "추진" are everywhere and prove nothing
        known = {g for g in grams if res.index.idf.get(g, 0.0) >= DISTINCTIVE_IDF}
        if known and len(known & said) < len(known) / 2:
            out.append(w)
    return out


def detail_can_count(res: Resources, p: Parsed, detail: Detail) -> bool:
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


def unknown_words(res: Resources, p: Parsed) -> list[str]:
    """Words of the question that nothing in the report explains (인구, 전화번호, 뉴욕)."""
    out = []
    for w in content_words(p, res.config, res.vocab.unexplained):
        grams = {w[i : i + 2] for i in range(len(w) - 1)}
        known = sum(g in res.index.idf for g in grams)
        if known < max(1, len(grams) / 2):
            out.append(w)
    return out


def unread_nouns(res: Resources, p: Parsed, answer_text: str) -> list[str]:
    """Nouns of the question (by the morphological analyzer, so also inside words typed without
    spaces) that no known name covers, no filler explains and the answer does not mention, and
    that say something: a word the report never writes, or one of its distinctive words.
    "서울확진자중해외유입몇명" answered with all of 서울's 확진자 leaves 해외유입 unread."""
    said = compact(answer_text)
    spans = [(m.start, m.end) for m in p.matches]
    if not _room_for_a_noun(len(compact(p.text)), spans):
        return []  # known names cover all but single letters: no noun of two can be unread (no analyzer run)
    out: list[str] = []
    for noun, start, end in morph.nouns(p.text):
        if len(noun) < 2 or any(a < end and start < b for a, b in spans):
            continue
        if p.compact[max(0, start - 1) : start] == "몇":
            continue  # "몇 개야": a counter and an ending the analyzer took for a noun
        if noun in res.config.filler_words or noun in res.config.relative_years or noun in said:
            continue
        if any(noun in w or w in noun for w in res.config.intent_word_set if len(w) >= 2):
            continue
        grams = {noun[i : i + 2] for i in range(len(noun) - 1)}
        unknown = noun not in res.vocab.report_text
        distinctive = all(res.index.idf.get(g, 0.0) >= DISTINCTIVE_IDF for g in grams)
        if unknown or distinctive:
            out.append(noun)
    return out


def _room_for_a_noun(length: int, spans: list[tuple[int, int]]) -> bool:
    """Two letters in a row of the compact question that no span covers."""
    covered = [False] * length
    for a, b in spans:
        for i in range(max(0, a), min(b, length)):
            covered[i] = True
    run = 0
    for taken in covered:
        run = 0 if taken else run + 1
        if run >= 2:
            return True
    return False


def check(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """An answer of a guarded intent that does not speak of what was asked becomes a decline, and
    so does any figure answer that does not carry a sibling-picking name of the question."""
    if ans.answered and ans.intent in GUARDED_INTENTS:
        facts = [res.facts_by_id[r.id] for r in ans.facts if r.id in res.facts_by_id]
        uncovered = uncovered_words(res, parsed, facts, extra=ans.text)
        if uncovered:  # the answer does not speak of what was asked: say so, do not guess
            return compose.decline(res, parsed, q, what=", ".join(uncovered))
    if ans.answered and ans.facts:
        facts = [res.facts_by_id[r.id] for r in ans.facts if r.id in res.facts_by_id]
        missing = res.name_guard.unaccounted(parsed, facts)
        if any(r.text is not None for r in ans.facts):  # figures: every noun of the question read
            missing += unread_nouns(res, parsed, ans.text)
        if all(r.value is not None for r in ans.facts):  # "이름 뭐뭐야" is not answered by a count
            missing += [w for w in res.config.name_asking_words if w in parsed.compact]
        if missing:
            return compose.decline(res, parsed, q, what=", ".join(missing))
    return ans
