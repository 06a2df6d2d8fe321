"""End to end: the real python-telegram-bot Application, polling the fake Bot API server.

Each test starts the bot (getMe, setMyCommands, deleteWebhook, getUpdates…), pushes updates as
Telegram would and waits (bounded) for the calls the bot makes in return.
"""

from __future__ import annotations

import re

from bot.answer import Answer
from bot.telegram import texts
from tests.fake_telegram import BOT_USERNAME, FakeEngine, reportbot

USER = 1001
GROUP = -1001234567890
LONG_CHOICE = "2020년 서울시 재난긴급생활비 지원 대상 가구 수와 지원 금액, 예산 부담 비율은 어떻게 되나요?"
HANGUL = re.compile(r"[가-힣]")


def ask_back_engine() -> FakeEngine:
    return FakeEngine(
        {
            "예산은?": Answer(
                "예산은?",
                False,
                "어느 예산을 말씀하시나요?",
                intent="clarify",
                choices=["일자리 예산은?", LONG_CHOICE],
            )
        }
    )


# -- startup ----------------------------------------------------------------------------------


async def test_startup_registers_korean_commands(tg, db):
    async with reportbot(tg, db):
        [call] = await tg.wait_for("setMyCommands")
    commands = {c["command"]: c["description"] for c in call["commands"]}
    assert set(commands) == {
        *("start", "help", "topics", "covid", "daily", "subscribe", "unsubscribe", "budget"),
        *("chart", "schedule", "source", "reset", "cancel"),
    }
    assert all(HANGUL.search(d) for d in commands.values())
    assert [c.method for c in tg.calls[:2]] == ["getMe", "setMyCommands"]
    assert tg.descriptions == {"description": texts.DESCRIPTION, "short_description": texts.SHORT_DESCRIPTION}
    assert HANGUL.search(texts.DESCRIPTION) and len(texts.SHORT_DESCRIPTION) <= 120
    assert tg.calls_to("deleteWebhook")
    assert tg.calls_to("getUpdates")
    assert not tg.errors


# -- private chat -----------------------------------------------------------------------------


async def test_private_message_answered_in_html_with_typing(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_private("승소율은?")
        [msg] = await tg.wait_for("sendMessage")
        [action] = tg.calls_to("sendChatAction")
    assert action["action"] == "typing" and action["chat_id"] == USER
    assert tg.calls.index(action) < tg.calls.index(msg)
    assert msg["chat_id"] == USER
    assert msg["parse_mode"] == "HTML"
    assert msg["text"].startswith("답: 승소율은?")
    assert "<i>출처: III-1 코로나19 대응현황 (243–250행)</i>" in msg["text"]
    assert [b["text"] for row in msg["reply_markup"]["inline_keyboard"] for b in row] == [
        "확진자 수는?",
        "재난긴급생활비 지원 대상은?",
    ]
    assert engine.called("answer") == [("승소율은?",)]
    assert not tg.errors


async def test_html_in_question_is_escaped(tg, db):
    async with reportbot(tg, db):
        tg.send_private("<script>alert('x')</script> & <b> 예산은?")
        [msg] = await tg.wait_for("sendMessage")
    assert "<script>" not in msg["text"] and "<b>" not in msg["text"]
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;" in msg["text"]
    assert not tg.errors  # the fake server parses the HTML like Telegram does


async def test_suggestion_button_asks_that_question(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_private("첫 질문")
        await tg.wait_for("sendMessage")
        tg.press("확진자 수는?", chat_id=USER)
        await tg.wait_for("answerCallbackQuery")
        msgs = await tg.wait_for("sendMessage", 2)
    assert msgs[1]["text"].startswith("답: 확진자 수는?")
    assert engine.called("answer")[-1] == ("확진자 수는?",)


async def test_follow_up_uses_the_chat_conversation(tg, db):
    async with reportbot(tg, db) as (_, engine):
        for i, q in enumerate(["승소율은?", "작년은?"], start=1):
            tg.send_private(q)
            await tg.wait_for("sendMessage", i)
        tg.send_private("다른 사람 질문", user_id=2002)
        await tg.wait_for("sendMessage", 3)
    first, second, other = engine.seen
    assert first == ("승소율은?", {}, 0)
    assert second == ("작년은?", {"last_question": "승소율은?"}, 1)  # the chat's context, from the state db
    assert other == ("다른 사람 질문", {}, 0)  # another chat, another context


async def test_conversation_expires_after_ttl_of_silence(tg, db):
    now = [1000.0]
    async with reportbot(tg, db, clock=lambda: now[0], conversation_ttl_minutes=30) as (_, engine):
        tg.send_private("하나")
        await tg.wait_for("sendMessage", 1)
        now[0] += 29 * 60
        tg.send_private("둘")
        await tg.wait_for("sendMessage", 2)
        now[0] += 31 * 60
        tg.send_private("셋")
        await tg.wait_for("sendMessage", 3)
    _, two, three = engine.seen
    assert two == ("둘", {"last_question": "하나"}, 1)
    assert three == ("셋", {}, 0)  # forgotten after 31 minutes of silence


async def test_reset_forgets_the_conversation(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_private("하나")
        await tg.wait_for("sendMessage", 1)
        tg.send_command("reset")
        [_, reset] = await tg.wait_for("sendMessage", 2)
        tg.send_private("둘")
        await tg.wait_for("sendMessage", 3)
        tg.send_command("source")
        await tg.wait_for("sendMessage", 4)
    assert reset["text"] == texts.RESET_DONE
    assert engine.conversations[1].turns == 1  # started over
    assert engine.conversations[1].slots == {"last_question": "둘"}


async def test_ask_back_choices_become_buttons(tg, db):
    async with reportbot(tg, db, engine=ask_back_engine()) as (_, engine):
        tg.send_private("예산은?")
        [msg] = await tg.wait_for("sendMessage")
        buttons = tg.buttons(tg.last_bot_message(USER))
        assert [label for label, _ in buttons] == ["일자리 예산은?", LONG_CHOICE]
        assert buttons[0][1] == "q:일자리 예산은?"
        assert buttons[1][1].startswith("r:c1:")
        assert all(len(data.encode()) <= 64 for _, data in buttons)
        assert "출처" not in msg["text"]
        tg.press(LONG_CHOICE, chat_id=USER)
        await tg.wait_for("sendMessage", 2)
    assert engine.called("answer") == [("예산은?",), (LONG_CHOICE,)]


async def test_buttons_still_work_after_a_restart(tg, db):
    async with reportbot(tg, db, engine=ask_back_engine()):
        tg.send_private("예산은?")
        await tg.wait_for("sendMessage")
    message = tg.last_bot_message(USER)
    tg.clear()
    async with reportbot(tg, db) as (_, fresh_engine):  # new process: no memory of the message
        tg.press(LONG_CHOICE, chat_id=USER)
        tg.press("일자리 예산은?", chat_id=USER)
        await tg.wait_for("sendMessage", 2)
    assert sorted(fresh_engine.called("answer")) == sorted([(LONG_CHOICE,), ("일자리 예산은?",)])
    assert [c.get("text") for c in tg.calls_to("answerCallbackQuery")] == [None, None]  # plain acks
    assert tg.last_bot_message(USER) is not message


async def test_long_answer_is_split_and_keyboard_goes_last(tg, db):
    long_text = "\n".join(f"{i:04d} 줄 <내용> " + "가" * 60 for i in range(400))
    engine = FakeEngine({"길게": Answer("길게", True, long_text, suggestions=["다음?"])})
    async with reportbot(tg, db, engine=engine):
        tg.send_private("길게")
        await tg.wait_for("sendMessage", 2)
        await tg.settle()
    msgs = tg.calls_to("sendMessage")
    assert len(msgs) >= 3
    assert all(len(m["text"]) <= 4096 for m in msgs)
    assert [("reply_markup" in m.params) for m in msgs] == [False] * (len(msgs) - 1) + [True]
    assert not tg.errors


# -- bad input --------------------------------------------------------------------------------


async def test_ten_thousand_characters_are_truncated_with_a_note(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_private("가나다" * 3334)
        [msg] = await tg.wait_for("sendMessage")
    [(question,)] = engine.called("answer")
    assert len(question) == 500
    assert msg["text"].startswith("<i>" + texts.TRUNCATED_NOTE.format(limit=500) + "</i>")
    assert not tg.errors


async def test_emoji_control_characters_and_non_text(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_private("😀🎉👨‍👩‍👧")
        await tg.wait_for("sendMessage", 1)
        tg.send_private("\x00\x01\x02\u200b")
        await tg.wait_for("sendMessage", 2)
        tg.send_private("잘\x07 부탁\x1b해요")
        await tg.wait_for("sendMessage", 3)
        tg.message_update(tg.private_chat(USER), USER, "", location={"latitude": 37.56, "longitude": 126.97})
        await tg.wait_for("sendMessage", 4)
    emoji, control, mixed, location = tg.texts(USER)
    assert emoji.startswith("답: 😀🎉👨‍👩‍👧")
    assert control == texts.EMPTY_QUESTION
    assert mixed.startswith("답: 잘 부탁해요")
    assert location == texts.EMPTY_QUESTION
    assert engine.called("answer") == [("😀🎉👨‍👩‍👧",), ("잘 부탁해요",)]
    assert not tg.errors


# -- commands ---------------------------------------------------------------------------------


async def test_start_shows_examples_as_buttons(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_command("start")
        [msg] = await tg.wait_for("sendMessage")
        tg.press(texts.START_EXAMPLES[0], chat_id=USER)
        await tg.wait_for("sendMessage", 2)
    assert "현안업무보고" in msg["text"]
    labels = [label for label, _ in tg.buttons(tg.bot_messages(USER)[0])]
    assert labels == list(texts.START_EXAMPLES)
    assert engine.called("answer") == [(texts.START_EXAMPLES[0],)]


async def test_help(tg, db):
    async with reportbot(tg, db):
        tg.send_command("help")
        [msg] = await tg.wait_for("sendMessage")
    assert "/schedule" in msg["text"] and not tg.errors


async def test_topics_then_tap_shows_section_summary(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_command("topics")
        await tg.wait_for("sendMessage")
        buttons = tg.buttons(tg.last_bot_message(USER))
        assert ("III-9 소송 현황", "t:III-9") in buttons
        tg.tap("t:III-9", chat_id=USER)
        [ack] = await tg.wait_for("answerCallbackQuery")
        [_, summary] = await tg.wait_for("sendMessage", 2)
    assert ack["callback_query_id"]
    assert summary["text"].startswith("III-9 소송 현황 요약입니다.")
    assert engine.called("section_summary") == [("III-9",)]


async def test_unknown_topic_and_malformed_callback_are_refused(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.tap("t:IX-99", chat_id=USER)
        tg.tap("garbage", chat_id=USER)
        tg.tap("q:\x00", chat_id=USER)
        tg.tap("r:c1:deadbeef", chat_id=USER)  # reference whose button is not on the message
        acks = await tg.wait_for("answerCallbackQuery", 4)
        await tg.settle()
    assert sorted(a["text"] for a in acks) == sorted(
        [texts.UNKNOWN_TOPIC, texts.BAD_BUTTON, texts.BAD_BUTTON, texts.EXPIRED_BUTTON]
    )
    assert not tg.calls_to("sendMessage")
    assert engine.called("answer") == [] and engine.called("section_summary") == []


async def test_covid_and_budget(tg, db):
    async with reportbot(tg, db):
        tg.send_command("covid")
        await tg.wait_for("sendMessage", 1)
        tg.send_command("budget")
        await tg.wait_for("sendMessage", 2)
    covid, budget = tg.texts(USER)
    assert covid.startswith("코로나19 확진자 현황 요약")
    assert "<pre>구분      예산현액  신속집행\n계        24조610억  60%\n&lt;일자리&gt;  1조2967억  68%</pre>" in budget
    assert len(tg.calls_to("sendChatAction")) == 2
    assert not tg.errors


async def test_schedule_month_parsing(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_command("schedule", "5월")
        await tg.wait_for("sendMessage", 1)
        tg.send_command("schedule", "abc")
        await tg.wait_for("sendMessage", 2)
        tg.send_command("schedule", "13")
        await tg.wait_for("sendMessage", 3)
        tg.send_command("schedule")
        await tg.wait_for("sendMessage", 4)
    may, bad, thirteen, everything = tg.texts(USER)
    assert may.startswith("5월 일정")
    assert bad == thirteen == texts.SCHEDULE_BAD_MONTH
    assert everything.startswith("전체 일정")
    assert engine.called("schedule") == [(5,), (None,)]


async def test_source_of_the_last_answer(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_command("source")
        await tg.wait_for("sendMessage", 1)
        tg.send_private("승소율은?")
        await tg.wait_for("sendMessage", 2)
        tg.send_command("source")
        await tg.wait_for("sendMessage", 3)
    none, _, source = tg.texts(USER)
    assert none == texts.NO_SOURCE
    assert source.startswith("<b>보고서 원문 — III-1 코로나19 대응현황 (243–250행)</b>")
    assert "<pre>243: 보고서 원문 &lt;243행&gt; &amp; 내용\n" in source
    assert engine.called("source_passage") == [("승소율은?",)]


async def test_unknown_command_gets_a_hint(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.send_command("nosuchthing", "arg")
        [msg] = await tg.wait_for("sendMessage")
    assert msg["text"] == texts.UNKNOWN_COMMAND
    assert engine.calls == []


# -- groups -----------------------------------------------------------------------------------


async def test_group_answers_only_mentions_replies_and_commands(tg, db):
    async with reportbot(tg, db, allowed_chat_ids=frozenset({GROUP})) as (_, engine):
        tg.send_group("예산 얘기 중인데요")  # not for the bot
        tg.send_group("@someone_else 안녕")
        tg.send_group("/start@other_bot")
        tg.send_group("/nosuch")  # an unknown command not addressed to us
        tg.send_group("승소율은?", mention=True)
        [mention_reply] = await tg.wait_for("sendMessage", 1)
        tg.send_group("그럼 작년은?", reply_to_bot=True)
        await tg.wait_for("sendMessage", 2)
        tg.send_group(f"/help@{BOT_USERNAME}")
        await tg.wait_for("sendMessage", 3)
        tg.send_group("/nosuch@" + BOT_USERNAME)
        await tg.wait_for("sendMessage", 4)
        await tg.settle()
    assert engine.called("answer") == [("승소율은?",), ("그럼 작년은?",)]
    texts_sent = tg.texts(GROUP)
    assert len(texts_sent) == 4
    assert texts_sent[0].startswith("답: 승소율은?")
    assert texts_sent[3] == texts.UNKNOWN_COMMAND
    asked = next(m for m in tg.messages[GROUP] if m.get("text", "").endswith("승소율은?"))
    assert mention_reply["reply_parameters"]["message_id"] == asked["message_id"]
    assert not tg.errors


async def test_group_reply_to_a_human_is_ignored(tg, db):
    async with reportbot(tg, db, allowed_chat_ids=frozenset({GROUP})) as (_, engine):
        human = tg.send_group("사람 메시지", user_id=3003)["message"]
        tg.send_group("답장", user_id=1001, reply_to=human)
        tg.send_group("/start")
        await tg.wait_for("sendMessage", 1)
        await tg.settle()
    assert engine.called("answer") == []
    assert len(tg.texts(GROUP)) == 1


# -- inline mode ------------------------------------------------------------------------------


async def test_inline_query_returns_an_article(tg, db):
    async with reportbot(tg, db) as (_, engine):
        tg.inline("승소율은?")
        [call] = await tg.wait_for("answerInlineQuery")
    assert call["cache_time"] == 30
    [article] = call["results"]
    assert article["type"] == "article"
    assert article["title"] == "답: 승소율은?"
    assert article["description"] == "III-1 코로나19 대응현황"
    assert article["input_message_content"]["parse_mode"] == "HTML"
    assert article["input_message_content"]["message_text"].startswith("답: 승소율은?")
    assert engine.conversations == [None]  # inline answers do not touch any chat's conversation
    assert not tg.errors


async def test_inline_query_ask_back_offers_each_interpretation(tg, db):
    async with reportbot(tg, db, engine=ask_back_engine()):
        tg.inline("예산은?")
        tg.inline("   ")
        calls = await tg.wait_for("answerInlineQuery", 2)
    by_count = sorted(len(c["results"]) for c in calls)
    assert by_count == [0, 2]
    results = max(calls, key=lambda c: len(c["results"]))["results"]
    assert [r["title"] for r in results] == ["답: 일자리 예산은?", f"답: {LONG_CHOICE}"]
    assert len({r["id"] for r in results}) == 2
