"""Unit tests: inline keyboards and callback data (round trip, ≤ 64 bytes, malformed rejected)."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answer import Answer
from bot.telegram import keyboards, texts
from bot.telegram.keyboards import MAX_CALLBACK_BYTES, decode

LONG = "2020년 서울시 재난긴급생활비 지원 대상 가구 수와 지원 금액, 예산 부담 비율은 어떻게 되나요?"


def all_data(markup: InlineKeyboardMarkup | None) -> list[str]:
    return [b.callback_data for row in (markup.inline_keyboard if markup else []) for b in row]


@pytest.mark.parametrize("section", ["I", "II", "III-1", "III-12"])
def test_topic_round_trip(section):
    data = keyboards.topic_data(section)
    assert data == f"t:{section}"
    assert decode(data) == keyboards.Action("topic", section)


def test_short_question_round_trip():
    data = keyboards.question_data("승소율은?", "s", 0)
    assert data == "q:승소율은?"
    assert decode(data) == keyboards.Action("question", "승소율은?")


def test_long_question_uses_reference_and_resolves_from_keyboard():
    assert len(f"q:{LONG}".encode()) > MAX_CALLBACK_BYTES
    answer = Answer("q", False, "어느 것을 말씀하시나요?", choices=["짧은 질문?", LONG])
    markup = keyboards.answer_keyboard(answer)
    data = all_data(markup)
    assert data[0] == "q:짧은 질문?"
    assert data[1].startswith("r:c1:")
    action = decode(data[1])
    assert action.kind == "ref" and action.ref_kind == "c" and action.index == 1
    # after a restart nothing is remembered: the text comes back from the tapped keyboard
    assert keyboards.resolve_ref(action, data[1], markup) == LONG


def test_reference_rejects_a_keyboard_whose_label_changed():
    data = keyboards.question_data(LONG, "s", 0)
    forged = InlineKeyboardMarkup([[InlineKeyboardButton("다른 질문", callback_data=data)]])
    assert keyboards.resolve_ref(decode(data), data, forged) is None
    assert keyboards.resolve_ref(decode(data), data, None) is None


def test_every_callback_fits_64_bytes():
    questions = ["가" * n for n in range(1, 80)] + ["a" * 200, LONG, "😀" * 40]
    for i, q in enumerate(questions):
        data = keyboards.question_data(q, "s", i % 10)
        assert len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES
        assert decode(data) is not None
    for example in texts.START_EXAMPLES:
        assert keyboards.question_data(example, "s", 0) == f"q:{example}"


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "x",
        "q:",
        "q:   ",
        "q:\x00drop",
        "t:",
        "t:../../etc",
        "t:III 1",
        "r:c1:zzzzzzzz",
        "r:x1:0123abcd",
        "r:c12:0123abcd",
        "q:" + "가" * 30,  # 92 bytes: longer than Telegram allows
        "z:III-1",
        123,
    ],
)
def test_malformed_data_rejected(data):
    assert decode(data) is None


def test_answer_keyboard_suggestions_max_three_and_choices_win():
    answered = Answer("q", True, "t", suggestions=["a?", "b?", "c?", "d?"])
    assert all_data(keyboards.answer_keyboard(answered)) == ["q:a?", "q:b?", "q:c?"]
    asking = Answer("q", False, "t", choices=["x?", "y?"], suggestions=["a?"])
    assert all_data(keyboards.answer_keyboard(asking)) == ["q:x?", "q:y?"]
    assert keyboards.answer_keyboard(Answer("q", True, "t")) is None


def test_answer_keyboard_skips_unusable_texts():
    answer = Answer("q", True, "t", suggestions=["", "  ", "가" * 500, "ok?"])
    assert all_data(keyboards.answer_keyboard(answer)) == ["q:ok?"]


def test_topics_keyboard_two_per_row_and_bad_ids_skipped():
    markup = keyboards.topics_keyboard([("I", "일반현황"), ("II", "정책목표"), ("III-1", "코로나19"), ("bad id", "x")])
    rows = markup.inline_keyboard
    assert [len(r) for r in rows] == [2, 1]
    assert rows[1][0].text == "III-1 코로나19"
    assert all_data(markup) == ["t:I", "t:II", "t:III-1"]
