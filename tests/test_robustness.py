"""No question breaks the engine: arbitrary text (control and zero-width characters, lone
surrogates, long runs of digits, particles and names) is answered without an exception, and
the next normal question of the same conversation is still answered right. Speed is shown by
`python -m bot bench`, not asserted here."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import Conversation
from bot.engine import pipeline

NORMAL = ("법률지원담당관 예산은?", "6,369")

_pieces = st.sampled_from(
    [
        "1",
        "6,369 ",
        "몇 건 ",
        "은 ",
        "랑 ",
        "와 ",
        "법률지원담당관",
        "예산",
        "4인",
        "4.16",
        "2019년",
        "\u200b",
        "\x00",
        "\ufeff",
        "\ud800",
        "\U0001f600",
        "ㅋ",
        "~",
        "△",
        " ",
        "\n",
        "市",
        "작년",
        "증감",
        "가장",
    ]
)
_runs = st.tuples(_pieces, st.integers(min_value=1, max_value=200)).map(lambda t: t[0] * t[1])
questions = st.one_of(
    st.text(max_size=600),
    st.lists(st.one_of(_pieces, _runs), max_size=12).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=questions)
def test_any_text_is_answered_and_the_next_question_still_right(engine, question):
    conv = Conversation()
    ans = engine.answer(question, conv)
    assert isinstance(ans.text, str) and ans.text
    ans.to_json()
    after = engine.answer(NORMAL[0], conv)
    assert after.answered and NORMAL[1] in after.text


@pytest.mark.parametrize(
    "question",
    ["1" * 500, "6,369 " * 80, "몇 건 " * 120, "법률지원담당관 예산 " * 60, "\ud800\udfff" * 100, "\x00" * 300],
)
def test_long_runs_are_answered(engine, question):
    ans = engine.answer(question)
    assert ans.text and "오류" not in ans.text


def test_the_change_from_the_day_before_a_dated_figure(engine):
    ans = engine.answer("스페인 4.16 확진자 전날보다 얼마나 늘었어?")
    assert ans.answered and ans.intent == "change"
    assert "3,045" in ans.text and "5,092" in ans.text and "+2,047" in ans.text


def test_a_failure_inside_one_question_is_one_logged_line(engine, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "run", broken)
    with caplog.at_level(logging.ERROR):
        ans = engine.answer("법률지원담당관 예산은?")
    assert not ans.answered and len(ans.text.splitlines()) == 1 and "boom" not in ans.text
    assert any("boom" in r.exc_text for r in caplog.records if r.exc_text)


def test_a_decline_does_not_echo_ten_thousand_letters_and_an_empty_question_file_is_an_error(engine, tmp_path):
    from bot.answer import Conversation
    from bot.evaluate import load_questions
    from bot.knowledge_files import KnowledgeError

    ans = engine.answer("가" * 10_000, Conversation())
    assert len(ans.text) < 300
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(KnowledgeError, match="no questions"):
        load_questions(empty)
