"""End to end: allowlists, admin-only /stats, and what the question log stores."""

from __future__ import annotations

import sqlite3

from bot.answer import Answer
from bot.telegram import texts
from tests.fake_telegram import FakeEngine, reportbot

ALLOWED = 1001
OUTSIDER = 6666
ADMIN = 4242
GROUP = -1009999


async def test_outsider_gets_exactly_one_refusal_and_nothing_else(tg, db):
    async with reportbot(tg, db, allowed_user_ids=frozenset({ALLOWED})) as (_, engine):
        tg.send_private("질문", user_id=OUTSIDER)
        tg.send_private("또 질문", user_id=OUTSIDER)
        tg.send_command("start", user_id=OUTSIDER)
        tg.send_command("stats", user_id=OUTSIDER)
        tg.inline("승소율은?", user_id=OUTSIDER)
        tg.tap("t:III-9", chat_id=OUTSIDER)
        [inline] = await tg.wait_for("answerInlineQuery")
        [ack] = await tg.wait_for("answerCallbackQuery")
        tg.send_private("허용된 질문", user_id=ALLOWED)  # the allowed user is served normally
        await tg.wait_for("sendMessage", where=lambda c: c["chat_id"] == ALLOWED)
        await tg.settle()
    assert tg.texts(OUTSIDER) == [texts.REFUSAL]
    assert inline["results"] == []
    assert ack["text"] == texts.REFUSAL_SHORT
    assert not tg.calls_to("sendChatAction") or all(c["chat_id"] == ALLOWED for c in tg.calls_to("sendChatAction"))
    assert engine.called("answer") == [("허용된 질문",)]
    assert engine.called("section_summary") == [] and engine.called("topics") == []


async def test_allowed_chat_lets_everyone_in_it_ask(tg, db):
    async with reportbot(tg, db, allowed_chat_ids=frozenset({GROUP})) as (_, engine):
        tg.send_group("승소율은?", chat_id=GROUP, user_id=OUTSIDER, mention=True)
        await tg.wait_for("sendMessage", where=lambda c: c["chat_id"] == GROUP)
        tg.send_group("다른 방", chat_id=-1005555, user_id=OUTSIDER, mention=True)
        tg.send_group("다른 방 또", chat_id=-1005555, user_id=OUTSIDER, mention=True)
        await tg.wait_for("sendMessage", where=lambda c: c["chat_id"] == -1005555)
        await tg.settle()
    assert tg.texts(-1005555) == [texts.REFUSAL]
    assert engine.called("answer") == [("승소율은?",)]


async def test_admin_is_always_allowed(tg, db):
    settings = {"allowed_user_ids": frozenset({ALLOWED}), "admin_user_ids": frozenset({ADMIN})}
    async with reportbot(tg, db, **settings):
        tg.send_private("관리자 질문", user_id=ADMIN)
        [msg] = await tg.wait_for("sendMessage")
    assert msg["text"].startswith("답: 관리자 질문")


async def test_stats_for_admins_only(tg, db):
    tg.private_chat(ADMIN)  # the admin has talked to the bot before: its chat exists
    async with reportbot(tg, db, admin_user_ids=frozenset({ADMIN})):
        for user, question in [(ALLOWED, "하나"), (ALLOWED, "둘"), (2002, "셋")]:
            tg.send_private(question, user_id=user)
        await tg.wait_for("sendMessage", 3)
        tg.send_command("stats", user_id=ALLOWED)
        [refusal] = await tg.wait_for("sendMessage", where=lambda c: c["text"] == texts.ADMIN_ONLY)
        tg.send_command("stats", user_id=ADMIN)
        [stats] = await tg.wait_for("sendMessage", where=lambda c: c["chat_id"] == ADMIN)
    assert refusal["chat_id"] == ALLOWED
    assert stats["text"].startswith("<b>질문 통계</b>")
    assert "전체 질문: 3" in stats["text"]
    assert "대화방 수: 2" in stats["text"]
    assert "최근 24시간: 3" in stats["text"]
    assert not tg.errors
    # the admin command is in the admin's own menu only
    everyone = [c["command"] for c in tg.commands_for()]
    admins = [c["command"] for c in tg.commands_for({"type": "chat", "chat_id": ADMIN})]
    assert "stats" not in everyone and "stats" in admins and set(everyone) < set(admins)


async def test_admin_commands_never_answer_in_a_group(tg, db):
    question = "내 번호는 010-1234-5678 예산은?"
    engine = FakeEngine({question: Answer(question, False, "보고서에서 찾을 수 없습니다")})
    settings = {"admin_user_ids": frozenset({ADMIN}), "allowed_chat_ids": frozenset({GROUP}),
                "allowed_user_ids": frozenset({ALLOWED})}  # fmt: skip
    async with reportbot(tg, db, engine=engine, **settings):
        tg.send_private(question, user_id=ALLOWED)
        await tg.wait_for("sendMessage")
        tg.send_command("stats", user_id=ADMIN, chat_id=GROUP, addressed=True)
        [reply] = await tg.wait_for("sendMessage", where=lambda c: c["chat_id"] == GROUP)
        tg.send_command("stats", user_id=ADMIN)
        [private] = await tg.wait_for("sendMessage", where=lambda c: c["chat_id"] == ADMIN)
    assert reply["text"] == texts.ADMIN_PRIVATE_ONLY  # no figures, no questions for the group
    assert "010" not in private["text"] and "&lt;전화번호&gt;" in private["text"]  # stored redacted


async def test_question_log_rows_are_hashed(tg, db):
    async with reportbot(tg, db):
        tg.send_private("승소율은?", user_id=55501234)
        await tg.wait_for("sendMessage")
        tg.send_command("help", user_id=55501234)  # commands are not questions
        await tg.wait_for("sendMessage", 2)
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT chat, question, intent, answered FROM questions").fetchall()
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert len(rows) == 1
    chat, question, intent, answered = rows[0]
    assert (question, intent, answered) == ("승소율은?", "fake.echo", 1)
    assert len(chat) == 64 and chat != "55501234"
    assert "55501234" not in dump
    assert "User55501234" not in dump  # no names either


async def test_corrupt_question_log_does_not_stop_answers(tg, db, caplog):
    db.write_bytes(b"not a database at all " * 50)
    async with reportbot(tg, db, admin_user_ids=frozenset({ALLOWED})):
        tg.send_private("하나")
        await tg.wait_for("sendMessage", 1)
        tg.send_private("둘")
        await tg.wait_for("sendMessage", 2)
        tg.send_command("stats")
        await tg.wait_for("sendMessage", 3)
    first, second, stats = tg.texts(ALLOWED)
    assert first.startswith("답: 하나") and second.startswith("답: 둘")
    assert stats == texts.STATS_UNAVAILABLE
    assert any("question log" in r.getMessage() for r in caplog.records)


# -- groups: allowlisted by default --------------------------------------------------------------


async def test_allowed_user_in_an_unlisted_group_is_refused_there(tg, db):
    settings = {"allowed_user_ids": frozenset({ALLOWED}), "allowed_chat_ids": frozenset({GROUP})}
    async with reportbot(tg, db, **settings) as (_, engine):
        tg.send_group("승소율은?", chat_id=-1007777, user_id=ALLOWED, mention=True)
        tg.send_group("또?", chat_id=-1007777, user_id=ALLOWED, mention=True)
        await tg.wait_for("sendMessage", where=lambda c: c["chat_id"] == -1007777)
        tg.send_group("확진자 수는?", chat_id=GROUP, user_id=OUTSIDER, mention=True)
        await tg.wait_for("sendMessage", where=lambda c: c["chat_id"] == GROUP)
        tg.send_private("개인 대화는 돼요", user_id=ALLOWED)
        await tg.wait_for("sendMessage", where=lambda c: c["chat_id"] == ALLOWED)
        await tg.settle()
    assert tg.texts(-1007777) == [texts.REFUSAL]  # once, then silence
    assert engine.called("answer") == [("확진자 수는?",), ("개인 대화는 돼요",)]


async def test_open_bot_answers_no_group_by_default(tg, db):
    async with reportbot(tg, db) as (_, engine):  # no allowlists at all
        tg.send_group("승소율은?", chat_id=-1007777, mention=True)
        await tg.wait_for("sendMessage")
        await tg.settle()
    assert tg.texts(-1007777) == [texts.REFUSAL] and engine.called("answer") == []


async def test_group_policy_open_restores_groups_for_allowed_users(tg, db):
    settings = {"allowed_user_ids": frozenset({ALLOWED}), "group_policy": "open"}
    async with reportbot(tg, db, **settings) as (_, engine):
        tg.send_group("승소율은?", chat_id=-1007777, user_id=ALLOWED, mention=True)
        await tg.wait_for("sendMessage")
    assert engine.called("answer") == [("승소율은?",)]


async def test_bot_leaves_a_group_a_stranger_added_it_to(tg, db):
    settings = {"allowed_user_ids": frozenset({ALLOWED}), "admin_user_ids": frozenset({ADMIN}),
                "allowed_chat_ids": frozenset({GROUP})}  # fmt: skip
    async with reportbot(tg, db, **settings):
        tg.add_bot_to_group(-1008888, by=OUTSIDER)
        tg.add_bot_to_group(-1008889, by=ALLOWED)  # an allowed user, but the group is not listed
        [_, _] = await tg.wait_for("leaveChat", 2)
        tg.add_bot_to_group(-1008890, by=ADMIN)
        [note] = await tg.wait_for("sendMessage")
        tg.add_bot_to_group(GROUP, by=OUTSIDER)  # listed: stays, says nothing
        await tg.settle()
    assert sorted(tg.left_chats) == [-1008889, -1008888]
    assert note["chat_id"] == -1008890 and "-1008890" in note["text"]  # how to list it
    assert len(tg.calls_to("sendMessage")) == 1


async def test_inline_results_are_always_personal(tg, db):
    async with reportbot(tg, db, allowed_user_ids=frozenset({ALLOWED})):
        tg.inline("승소율은?", user_id=ALLOWED)
        tg.inline("승소율은?", user_id=OUTSIDER)
        calls = await tg.wait_for("answerInlineQuery", 2)
    assert all(c["is_personal"] is True for c in calls)
    assert sorted(len(c["results"]) for c in calls) == [0, 1]


async def test_retention_purge_runs_at_start_up(tg, db):
    from datetime import UTC, datetime, timedelta

    from bot.telegram.config import Settings
    from bot.telegram.privacy import Hasher
    from bot.telegram.questionlog import QuestionLog

    hasher = Hasher(Settings(token=tg.token).effective_hash_key)
    old = QuestionLog(db, hasher, now=lambda: datetime.now(UTC) - timedelta(days=31))
    old.log_question(ALLOWED, "한 달 넘은 질문", None, False)
    old.close()
    async with reportbot(tg, db, retention_days=30):
        tg.send_private("새 질문")
        await tg.wait_for("sendMessage")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT question FROM questions").fetchall() == [("새 질문",)]
    conn.close()
