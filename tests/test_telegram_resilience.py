"""End to end: errors do not stop the bot; webhook mode; the fake server's own checks."""

from __future__ import annotations

import socket
import time

import aiohttp
import pytest
from telegram.ext import Application

from bot.answer import Answer
from bot.telegram import texts
from bot.telegram.app import build_application, webhook_options
from bot.telegram.config import Settings
from bot.telegram.ratelimit import RetryPolicy
from bot.telegram.services import EngineRunner
from tests.fake_telegram import ApiError, FakeEngine, parse_html, reportbot

USER = 1001
FAST_RETRIES = {"retry_policy": RetryPolicy(attempts=4, base_delay=0.05)}


def boom(question, conversation):
    raise RuntimeError("engine exploded")


async def test_engine_error_is_reported_and_bot_keeps_running(tg, db, caplog):
    async with reportbot(tg, db, engine=FakeEngine({"터져라": boom})):
        tg.send_private("터져라")
        [sorry] = await tg.wait_for("sendMessage")
        tg.send_private("괜찮니?")
        await tg.wait_for("sendMessage", 2)
    assert sorry["text"] == texts.ERROR
    assert tg.texts(USER)[1].startswith("답: 괜찮니?")
    assert any("engine exploded" in (r.exc_text or str(r.exc_info)) for r in caplog.records if r.exc_info)


async def test_telegram_server_error_does_not_stop_polling(tg, db):
    async with reportbot(tg, db, build=FAST_RETRIES):
        tg.fail_next("sendMessage", 500, "Internal Server Error")
        tg.fail_next("getUpdates", 502, "Bad Gateway")
        tg.send_private("하나")
        await tg.wait_for("sendMessage", where=lambda c: c.get("text", "").startswith("답: 하나"))
        tg.send_private("둘")
        await tg.wait_for("sendMessage", where=lambda c: c.get("text", "").startswith("답: 둘"))
        await tg.settle()
    assert [t.split("\n")[0] for t in tg.texts(USER)] == ["답: 하나", "답: 둘"]  # the 500 was retried


async def test_flood_limit_is_retried_by_the_rate_limiter(tg, db):
    async with reportbot(tg, db):
        tg.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        started = time.monotonic()
        tg.send_private("하나")
        await tg.wait_for("sendMessage", where=lambda c: c.get("text", "").startswith("답: 하나"))
    assert time.monotonic() - started >= 1.0
    assert [d for _, d in tg.errors] == ["Too Many Requests: retry after 1"]


async def test_updates_from_edits_and_channels_are_ignored(tg, db):
    async with reportbot(tg, db) as (_, engine):
        chat = tg.private_chat(USER)
        tg.push({"edited_message": {"message_id": 9, "date": 1, "edit_date": 2, "chat": chat,
                                    "from": tg.user(USER), "text": "고친 질문"}})  # fmt: skip
        tg.push({"channel_post": {"message_id": 1, "date": 1, "text": "공지",
                                  "chat": {"id": -100777, "type": "channel", "title": "채널"}}})  # fmt: skip
        tg.push({"my_chat_member": {"chat": tg.group_chat(-100888), "from": tg.user(USER), "date": 1,
                                    "old_chat_member": {"status": "left", "user": tg.bot_user},
                                    "new_chat_member": {"status": "member", "user": tg.bot_user}}})  # fmt: skip
        tg.send_private("진짜 질문")
        await tg.wait_for("sendMessage")
        await tg.settle()
    assert engine.called("answer") == [("진짜 질문",)]
    assert len(tg.calls_to("sendMessage")) == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_mode_with_secret_token(tg, db):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings = Settings(token=tg.token, api_base_url=tg.base_url, state_db=db, webhook_secret="s3cr3t-token")
    engine = FakeEngine()
    app: Application = build_application(settings, EngineRunner(engine))
    options = webhook_options(url, "127.0.0.1", port, settings.webhook_secret)
    assert options["url_path"] == "telegram/hook"
    async with app:
        await app.post_init(app)
        await app.start()
        await app.updater.start_webhook(**options)
        try:
            [hook] = await tg.wait_for("setWebhook")
            assert hook["url"] == url and hook["secret_token"] == "s3cr3t-token"
            tg.send_private("웹훅 질문")
            [msg] = await tg.wait_for("sendMessage")
            assert msg["text"].startswith("답: 웹훅 질문")
            async with aiohttp.ClientSession() as http:
                forged = {"update_id": 999, "message": {"message_id": 1, "date": 1, "text": "가짜",
                                                        "chat": {"id": 1, "type": "private"}}}  # fmt: skip
                async with http.post(url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as r:
                    assert r.status == 403
                async with http.post(url, json=forged) as r:
                    assert r.status == 403
        finally:
            await app.updater.stop()
            await app.stop()
    await app.post_shutdown(app)
    assert tg.deliveries and all(status == 200 for _, status in tg.deliveries)
    assert engine.called("answer") == [("웹훅 질문",)]


async def test_inline_answer_is_cut_to_one_message(tg, db):
    engine = FakeEngine({"길게": Answer("길게", True, "가\n" * 5000)})
    async with reportbot(tg, db, engine=engine):
        tg.inline("길게")
        [call] = await tg.wait_for("answerInlineQuery")
    text = call["results"][0]["input_message_content"]["message_text"]
    assert len(text) <= 4096 and text.endswith("…")
    assert not tg.errors


# -- the fake server itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["<script>x</script>", "a < b", "a > b", "<b>open", "<b><i>x</b></i>", "fish & chips", "&nbsp;", "</b>"],
)
def test_fake_rejects_html_telegram_would_reject(bad):
    with pytest.raises(ApiError):
        parse_html(bad)


def test_fake_accepts_telegram_html():
    assert parse_html('<b>굵게</b> <a href="https://x">링크</a> &lt;&amp;&gt;&quot; <pre>1\n2</pre>') == (
        '굵게 링크 <&>" 1\n2'
    )


async def test_fake_server_validates_requests_like_telegram(tg):
    async with aiohttp.ClientSession() as http:
        base = f"{tg.base_url}{tg.token}"
        async with http.post(f"{base}/sendMessage", json={"chat_id": 5, "text": "가" * 4097}) as r:
            assert r.status == 400 and "too long" in (await r.json())["description"]
        markup = {"inline_keyboard": [[{"text": "x", "callback_data": "가" * 30}]]}
        async with http.post(f"{base}/sendMessage", json={"chat_id": 5, "text": "x", "reply_markup": markup}) as r:
            assert (await r.json())["description"] == "Bad Request: BUTTON_DATA_INVALID"
        async with http.post(f"{tg.base_url}0:wrong/getMe") as r:
            assert r.status == 401
        async with http.get(f"{base}/noSuchMethod") as r:
            assert r.status == 404
        async with http.post(f"{base}/getUpdates", data={"timeout": "0", "offset": "5"}) as r:
            assert (await r.json()) == {"ok": True, "result": []}
    assert [m for m, _ in tg.errors] == ["sendMessage", "sendMessage", "noSuchMethod"]


async def test_fake_control_api_drives_a_running_bot(tg, db):
    async with reportbot(tg, db), aiohttp.ClientSession() as http:
        base = f"http://127.0.0.1:{tg.port}/_fake"
        async with http.post(
            f"{base}/private", json=[{"text": "하나", "user_id": 5}, {"text": "둘", "user_id": 6}]
        ) as r:
            assert len(await r.json()) == 2
        await tg.wait_for("sendMessage", 2)
        async with http.get(f"{base}/calls", params={"method": "sendMessage"}) as r:
            sent = await r.json()
        async with http.get(f"{base}/stats") as r:
            stats = await r.json()
    assert sorted(c["params"]["chat_id"] for c in sent) == [5, 6]
    assert stats["calls"]["sendMessage"] == 2 and stats["error_count"] == 0 and stats["pushed"] == 2
