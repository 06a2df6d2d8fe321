"""End to end (real python-telegram-bot client, fake Bot API): answers in order per chat, chats
in parallel; replies take the context of the answer they reply to; context survives a restart;
edited questions edit the answer; captions are questions; other languages get a Korean
explanation; deep links, /help, /cancel, the empty inline query."""

from __future__ import annotations

import asyncio

from bot.answer import Answer
from bot.telegram import texts
from bot.telegram.ratelimit import SEND_READ_TIMEOUT
from tests.fake_telegram import BOT_USERNAME, FakeEngine, reportbot

USER = 1001
OTHER = 2002
GROUP = -1001234567890
QUESTION = "법률지원담당관 예산은?"
FOLLOW_UP = "작년은?"


def first_lines(tg, chat_id: int) -> list[str]:
    return [t.split("\n")[0] for t in tg.texts(chat_id)]


def seen_for(engine: FakeEngine, question: str) -> list[tuple[str, dict, int]]:
    return [s for s in engine.seen if s[0] == question]


# -- order ------------------------------------------------------------------------------------


async def test_a_slow_chat_keeps_its_order_while_other_chats_go_on(tg, db):
    gate = tg.gate_next("sendChatAction")  # the first question's "typing" hangs (a slow Telegram)
    async with reportbot(tg, db) as (_, engine):
        tg.send_private(QUESTION, user_id=USER)
        await asyncio.wait_for(gate.reached.wait(), 5)
        tg.send_private(FOLLOW_UP, user_id=USER)
        tg.send_private("다른 방 질문", user_id=OTHER)
        await tg.wait_for("sendMessage", where=lambda c: c["chat_id"] == OTHER)
        assert tg.texts(USER) == []  # the follow-up waits for its question…
        gate.open()
        await tg.wait_for("sendMessage", 3)
    assert first_lines(tg, USER) == [f"답: {QUESTION}", f"답: {FOLLOW_UP}"]
    # …and gets the context its question left behind
    assert seen_for(engine, FOLLOW_UP) == [(FOLLOW_UP, {"last_question": QUESTION}, 1)]


async def test_many_users_each_get_question_and_follow_up_in_order(tg, db):
    users = range(3000, 3040)
    tg.hang_next("sendChatAction", 0.05, times=40)  # jitter: slow "typing" for the first ones
    async with reportbot(tg, db, rate_limit=False) as (_, engine):
        for user in users:
            tg.send_private(f"{user} 예산은?", user_id=user)
            tg.send_private(f"{user} 작년은?", user_id=user)
        await tg.wait_for("sendMessage", 2 * len(users), timeout=20)
    for user in users:
        assert first_lines(tg, user) == [f"답: {user} 예산은?", f"답: {user} 작년은?"]
        assert seen_for(engine, f"{user} 작년은?") == [(f"{user} 작년은?", {"last_question": f"{user} 예산은?"}, 1)]
    assert not tg.errors


# -- context ----------------------------------------------------------------------------------


async def test_reply_to_an_older_answer_takes_its_context(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_private(QUESTION)
        await tg.wait_for("sendMessage", 1)
        first_answer = tg.last_bot_message(USER)
        tg.send_private("조직담당관 정원은?")
        await tg.wait_for("sendMessage", 2)
        tg.send_private(FOLLOW_UP, reply_to=first_answer)
        await tg.wait_for("sendMessage", 3)
        tg.send_private("그 전해는?")  # no reply: goes on from the reply's turn
        await tg.wait_for("sendMessage", 4)
    assert seen_for(engine, FOLLOW_UP) == [(FOLLOW_UP, {"last_question": QUESTION}, 1)]
    assert seen_for(engine, "그 전해는?") == [("그 전해는?", {"last_question": FOLLOW_UP}, 2)]


async def test_context_survives_a_restart(tg, db):
    async with reportbot(tg, db):
        tg.send_private(QUESTION)
        await tg.wait_for("sendMessage", 1)
        tg.send_command("budget")
        await tg.wait_for("sendMessage", 2)
    async with reportbot(tg, db) as (_, engine):  # a new process: nothing in memory
        tg.send_private(FOLLOW_UP)
        await tg.wait_for("sendMessage", 3)
        tg.send_command("source")
        await tg.wait_for("sendMessage", 4)
    assert engine.seen == [(FOLLOW_UP, {"last_question": QUESTION}, 1)]
    assert tg.texts(USER)[3].startswith("<b>보고서 원문 — III-1")  # /source of the last answer, after a restart


async def test_cancel_is_reset(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_private(QUESTION)
        await tg.wait_for("sendMessage", 1)
        tg.send_command("cancel")
        await tg.wait_for("sendMessage", 2)
        tg.send_private(FOLLOW_UP)
        await tg.wait_for("sendMessage", 3)
    assert tg.texts(USER)[1] == texts.RESET_DONE
    assert seen_for(engine, FOLLOW_UP) == [(FOLLOW_UP, {}, 0)]


# -- edits ------------------------------------------------------------------------------------


async def test_edited_question_edits_the_earlier_answer(tg, db):
    async with reportbot(tg, db) as (_, engine):
        asked = tg.send_private("승소율은?")
        await tg.wait_for("sendMessage", 1)
        answer = tg.last_bot_message(USER)
        tg.edit(asked, "승소 건수는?")
        [edit] = await tg.wait_for("editMessageText")
        tg.send_private(FOLLOW_UP)
        await tg.wait_for("sendMessage", 2)
        await tg.settle()
    assert edit["message_id"] == answer["message_id"] and edit["text"].startswith("답: 승소 건수는?")
    assert answer["text"].startswith("답: 승소 건수는?")  # the message itself changed
    assert len(tg.texts(USER)) == 2  # no new message for the edit
    assert seen_for(engine, "승소 건수는?") == [("승소 건수는?", {}, 0)]  # the original question's context
    assert seen_for(engine, FOLLOW_UP) == [(FOLLOW_UP, {"last_question": "승소 건수는?"}, 1)]
    assert not tg.errors


async def test_edit_from_a_long_answer_to_a_short_one_removes_the_extra_messages(tg, db):
    long_text = "\n".join(f"{i:04d} 줄 " + "가" * 60 for i in range(200))
    engine = FakeEngine({"길게": Answer("길게", True, long_text)})
    async with reportbot(tg, db, engine=engine):
        asked = tg.send_private("길게")
        await tg.wait_for("sendMessage", 2)
        await tg.settle()
        before = [m["message_id"] for m in tg.bot_messages(USER)]
        tg.edit(asked, "짧게")
        [edit] = await tg.wait_for("editMessageText")
        await tg.wait_for("deleteMessage", len(before) - 1)
    assert len(before) >= 3 and edit["message_id"] == before[0]
    assert [m["message_id"] for m in tg.bot_messages(USER)] == before[:1]
    assert tg.bot_messages(USER)[0]["text"].startswith("답: 짧게")


async def test_edit_of_an_older_question_leaves_the_conversation(tg, db):
    async with reportbot(tg, db) as (_, engine):
        asked = tg.send_private("하나")
        await tg.wait_for("sendMessage", 1)
        tg.send_private("둘")
        await tg.wait_for("sendMessage", 2)
        tg.edit(asked, "하나 고침")
        await tg.wait_for("editMessageText")
        tg.send_private("셋")
        await tg.wait_for("sendMessage", 3)
    assert seen_for(engine, "셋") == [("셋", {"last_question": "둘"}, 2)]


async def test_edits_of_unanswered_messages_are_ignored(tg, db):
    async with reportbot(tg, db) as (_, engine):
        command = tg.send_command("help")
        await tg.wait_for("sendMessage", 1)
        tg.edit(command, "/start")
        tg.send_private("진짜 질문")
        await tg.wait_for("sendMessage", 2)
        await tg.settle()
    assert engine.called("answer") == [("진짜 질문",)]
    assert not tg.calls_to("editMessageText")


# -- captions and languages ---------------------------------------------------------------------


async def test_photo_caption_is_a_question(tg, db):
    async with reportbot(tg, db, allowed_chat_ids=frozenset({GROUP}), allowed_user_ids=frozenset({USER})) as (
        _,
        engine,
    ):
        tg.send_photo("승소율은?")
        await tg.wait_for("sendMessage", 1)
        tg.send_photo(None)
        await tg.wait_for("sendMessage", 2)
        tg.send_photo(f"@{BOT_USERNAME} 확진자 수는?", chat_id=GROUP)
        tg.send_photo("그룹 잡담 사진", chat_id=GROUP)
        await tg.wait_for("sendMessage", 3)
        await tg.settle()
    assert first_lines(tg, USER) == ["답: 승소율은?", texts.EMPTY_QUESTION.split("\n")[0]]
    assert first_lines(tg, GROUP) == ["답: 확진자 수는?"]
    assert engine.called("answer") == [("승소율은?",), ("확진자 수는?",)]


async def test_question_in_another_language_gets_a_korean_explanation(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_private("what is the budget of the legal office?")
        await tg.wait_for("sendMessage", 1)
        tg.send_private("予算はいくらですか")
        await tg.wait_for("sendMessage", 2)
        tg.send_private("COVID")  # one word, maybe a name the report uses: the engine decides
        await tg.wait_for("sendMessage", 3)
    english, japanese, covid = tg.texts(USER)
    assert english == japanese == texts.FOREIGN
    assert "한국어" in english and "예:" in english
    assert [label for label, _ in tg.buttons(tg.bot_messages(USER)[0])] == list(texts.START_EXAMPLES)
    assert covid.startswith("답: COVID")
    assert engine.called("answer") == [("COVID",)]


# -- commands and inline ------------------------------------------------------------------------


async def test_start_payloads_open_the_main_views(tg, db):
    async with reportbot(tg, db) as (_, engine):
        for i, payload in enumerate(["covid", "budget", "topics", "inline", "nonsense"], start=1):
            tg.send_command("start", payload)
            await tg.wait_for("sendMessage", i)
    covid, budget, topics, inline, fallback = tg.texts(USER)
    assert covid.startswith("코로나19 확진자 현황 요약") and "<pre>" in budget
    assert topics == texts.TOPICS_HEADER
    assert f"@{BOT_USERNAME}" in inline
    assert "현안업무보고" in fallback  # an unknown payload: the usual greeting
    assert engine.called("covid_status") == [()] and engine.called("budget_overview") == [()]


async def test_help_names_the_real_username(tg, db):
    async with reportbot(tg, db):
        tg.send_command("help")
        [msg] = await tg.wait_for("sendMessage")
    assert f"@{BOT_USERNAME}" in msg["text"] and "{username}" not in msg["text"] and "봇이름" not in msg["text"]


async def test_empty_inline_query_gets_a_button_explaining_how_to_ask(tg, db):
    async with reportbot(tg, db):
        tg.inline("")
        tg.inline("승소율은?")
        calls = await tg.wait_for("answerInlineQuery", 2)
    empty = next(c for c in calls if not c["results"])
    answered = next(c for c in calls if c["results"])
    assert empty["button"] == {"text": texts.INLINE_HINT_BUTTON, "start_parameter": "inline"}
    assert empty["is_personal"] is True and answered["is_personal"] is True


def test_sends_wait_longer_than_a_slow_telegram():
    assert SEND_READ_TIMEOUT >= 10  # the sendMessage hung 8 s; PTB's default gives up at 5
