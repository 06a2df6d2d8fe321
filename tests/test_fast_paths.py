"""The engine's fast paths give what the plain definitions they replace give (issue 7's speed
work): the compact form, names found by reading forward over name beginnings, the skipped
morphological analysis, and the bench's memory figures."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.guard import _room_for_a_noun
from bot.engine.retrieval import Candidates
from bot.korean import textnorm
from bot.korean.textnorm import MAX_QUESTION_CHARS, clean

JAMO = "ㄱㄴㄷㅏㅓㅗab"
LETTERS = " \t\n\u3000\xa0\x00\u200bΣσa가힣·_-–~%:/+△.,!?ΑΣ 　ﾞｶ①Ⅻ예산담당관"


def _compact_as_defined(text: str, limit: int | None = MAX_QUESTION_CHARS) -> str:
    text = clean(text, limit).lower().replace("·", "").replace("_", "")
    return re.sub(r"\s+", "", re.sub(r"[^\w.~%:+/\-△]", "", text))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=LETTERS, max_size=40), st.sampled_from([MAX_QUESTION_CHARS, None, 5]))
def test_compact_is_clean_without_punctuation_and_spaces(text, limit):
    assert textnorm.compact.__wrapped__(text, limit) == _compact_as_defined(text, limit)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=LETTERS, min_size=490, max_size=560))
def test_compact_cuts_a_long_text_where_clean_does(text):
    assert textnorm.compact.__wrapped__(text) == _compact_as_defined(text)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 12), st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=5))
def test_room_for_a_noun_is_two_uncovered_letters_in_a_row(length, spans):
    covered = {i for a, b in spans for i in range(a, b)}
    brute = any(i not in covered and i + 1 not in covered for i in range(length - 1))
    assert _room_for_a_noun(length, spans) == brute


def test_names_read_forward_are_every_key_written_in_the_text(engine):
    candidates = engine.res.index.candidates
    index, prefixes = candidates.subject_word, candidates.subject_prefixes
    for text in ["법률지원담당관예산은", "서울시민간위탁사무예산", "기획조정실정원현원", "ㅋㅋ", ""]:
        every = set().union(
            *(index[text[i:j]] for i in range(len(text)) for j in range(i + 1, len(text) + 1) if text[i:j] in index)
        )
        assert Candidates._named(index, prefixes, text, []) == every


def test_the_bench_reads_memory_by_kind():
    from bot.bench import _bot_process_memory, rss_parts

    assert rss_parts().startswith("peak ")
    alone = _bot_process_memory([([("법률지원담당관 예산은?", {})], "one")])
    assert alone.startswith("peak ") and "anonymous" in alone and "mecab-ko-dic" in alone


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ㄱㄴㄷㅏㅓㅗab", min_size=0, max_size=7),
    st.text(alphabet="ㄱㄴㄷㅏㅓㅗab", min_size=0, max_size=7),
)
def test_spellings_one_letter_apart_share_a_one_letter_less_form(a, b):
    from bot.engine.understand import _distance, _one_letter_less

    if _distance(a, b, 1) <= 1:
        assert _one_letter_less(a) & _one_letter_less(b)


def test_two_letter_typos_found_through_the_index_are_those_one_letter_away(engine):
    from bot.engine.understand import _distance, _one_letter_less
    from bot.korean.textnorm import jamo

    vocab = engine.res.vocab
    syllables = sorted({ch for s, _ in vocab.short_metrics for ch in s}) + ["가", "싼", "웜", "힣"]
    for a in syllables:
        for b in syllables:
            typed = jamo(a + b)
            index = vocab.short_metric_variants
            maybe = {i for v in _one_letter_less(typed) if v in index for i in index[v]}
            every = {i for i, (_, s_jamo) in enumerate(vocab.short_metrics) if _distance(typed, s_jamo, 1) <= 1}
            assert every <= maybe


def test_scoring_the_candidates_is_scoring_every_figure(engine, monkeypatch):
    """Candidates are a superset of what scoring keeps: for the queries the evaluation questions
    make, scoring only them gives the same figures and scores, in the same order, as scoring all."""
    import copy

    from bot.answer import Conversation
    from bot.engine import retrieval
    from bot.evaluate import load_questions, turns
    from bot.korean.textnorm import bigrams
    from tests.conftest import REPO

    index = engine.res.index
    seen: list[tuple[retrieval.Query, bool, bool]] = []
    scored = retrieval.Index._facts

    def recording(self, q, *, need_subject, rows_only):
        seen.append((copy.deepcopy(q), need_subject, rows_only))
        return scored(self, q, need_subject=need_subject, rows_only=rows_only)

    monkeypatch.setattr(retrieval.Index, "_facts", recording)
    for item in load_questions(REPO / "tests" / "eval" / "questions.yaml")[:150]:
        conv = Conversation()
        for turn in turns(item):
            index._facts_memo.clear()
            engine.answer(str(turn["q"]), conv)
    monkeypatch.undo()
    assert len(seen) > 100
    for q, need_subject, rows_only in seen:
        memo = retrieval._QueryMemo(q, index.kb_fact_subjects)
        every = [
            s
            for i, f in enumerate(index.kb.facts)
            if (not rows_only or i in index.candidates.required_fact)
            and (s := index.score_fact(f, q, bigrams(q.compact), need_subject=need_subject, memo=memo))
        ]
        every.sort(key=lambda s: -s.score)
        got = index._facts(q, need_subject=need_subject, rows_only=rows_only)
        assert [(s.fact.id, s.score) for s in got] == [(s.fact.id, s.score) for s in every], q
