"""End to end with the real engine behind the Telegram front end.

The `engine` fixture (tests/conftest.py) is `Engine.load(...)` built into a temporary file.
"""

from __future__ import annotations

import pytest

from bot.telegram import texts
from tests.fake_telegram import reportbot

pytest.importorskip("bot.engine")

USER = 1001


async def test_real_engine_questions_buttons_and_commands(tg, tmp_path, engine):
    async with reportbot(tg, tmp_path / "state.db", engine=engine):
        # a figure, with the engine's own source line in italics and suggestions as buttons
        tg.send_private("소송 평균 승소율은?")
        [answer] = await tg.wait_for("sendMessage")
        assert "75.5" in answer["text"]
        assert "<i>출처:" in answer["text"]
        suggestions = tg.buttons(tg.last_bot_message(USER))
        assert 1 <= len(suggestions) <= 3

        # a follow-up borrows the subject from the conversation
        tg.send_private("작년은?")
        [_, follow_up] = await tg.wait_for("sendMessage", 2)
        assert "2019" in follow_up["text"]

        # a suggestion button
        tg.press(suggestions[0][0], chat_id=USER)
        await tg.wait_for("sendMessage", 3)

        # a vague question in a fresh conversation: whatever buttons come back (interpretations
        # when the engine asks back, else suggestions) are valid and answer when pressed
        tg.send_command("reset")
        await tg.wait_for("sendMessage", 4)
        tg.send_private("예산은?")
        await tg.wait_for("sendMessage", 5)
        buttons = tg.buttons(tg.last_bot_message(USER))
        assert buttons and all(len(d.encode()) <= 64 for _, d in buttons)
        tg.press(buttons[0][0], chat_id=USER)
        [*_, chosen] = await tg.wait_for("sendMessage", 6)
        assert chosen["text"] != texts.ERROR

        # topics keyboard → section summary
        tg.send_command("topics")
        await tg.wait_for("sendMessage", 7)
        topic_buttons = {d: label for label, d in tg.buttons(tg.last_bot_message(USER))}
        assert "t:III-9" in topic_buttons and "t:I" in topic_buttons
        tg.tap("t:III-9", chat_id=USER)
        await tg.wait_for("answerCallbackQuery")
        [*_, summary] = await tg.wait_for("sendMessage", 8)
        assert "III-9" in summary["text"]

        # canned views
        for command, args in [("covid", ""), ("budget", ""), ("schedule", "5월"), ("source", "")]:
            count = len(tg.calls_to("sendMessage"))
            tg.send_command(command, args)
            await tg.wait_for("sendMessage", count + 1)
            await tg.settle()

        # inline mode
        tg.inline("재난긴급생활비 지원 대상은?")
        [inline] = await tg.wait_for("answerInlineQuery")
        await tg.settle()

    sent = tg.texts(USER)
    assert texts.ERROR not in sent
    assert any("<pre>" in t for t in sent)  # the budget table
    assert any(t.startswith("<b>보고서 원문") for t in sent)  # /source
    assert inline["results"] and inline["results"][0]["type"] == "article"
    assert not tg.errors  # every message was valid Telegram HTML within the limits


async def test_real_engine_context_survives_restart_and_follows_replies(tg, tmp_path, engine):
    state = tmp_path / "state.db"
    async with reportbot(tg, state, engine=engine):
        tg.send_private("소송 평균 승소율은?")
        await tg.wait_for("sendMessage", 1)
        lawsuits = tg.last_bot_message(USER)
        tg.send_private("법률지원담당관 예산은?")
        await tg.wait_for("sendMessage", 2)
    async with reportbot(tg, state, engine=engine):  # restarted: the context is in the state db
        tg.send_private("작년은?", reply_to=lawsuits)  # a reply to the older answer takes its context
        [*_, follow_up] = await tg.wait_for("sendMessage", 3)
    assert "2019" in follow_up["text"] and "승소" in follow_up["text"]
