"""End to end: failures lose nothing. Transient send failures (5xx, 429, a dropped connection, a
timeout) are retried within a bound, so each update gets exactly one reply; a failing
answerCallbackQuery does not drop the button's answer; a restart in the middle neither loses nor
doubles anything."""

from __future__ import annotations

import pytest

from bot.telegram import texts
from bot.telegram.ratelimit import RetryPolicy
from tests.fake_telegram import FakeTelegram, reportbot

USER = 1001
FAST = RetryPolicy(attempts=4, base_delay=0.05)
QUICK = {"retry_policy": FAST}


def inject(tg: FakeTelegram, kind: str, method: str = "sendMessage") -> None:
    if kind == "500":
        tg.fail_next(method, 500, "Internal Server Error")
    elif kind == "502":
        tg.fail_next(method, 502, "Bad Gateway")
    elif kind == "429":
        tg.fail_next(method, 429, "Too Many Requests: retry after 1", retry_after=1)
    elif kind == "drop":
        tg.drop_next(method)
    elif kind == "timeout":
        tg.hang_next(method, 1.3, drop=True)  # no answer within the bot's read timeout (1 s here)
    elif kind == "slow":
        tg.hang_next(method, 0.6)  # a slow answer that does come: awaited, not sent twice
    else:  # pragma: no cover
        raise ValueError(kind)


@pytest.mark.parametrize("kind", ["500", "502", "429", "drop", "timeout", "slow"])
async def test_transient_send_failure_still_gives_exactly_one_answer(tg, db, kind, caplog):
    inject(tg, kind)
    async with reportbot(tg, db, build={**QUICK, "read_timeout": 1.0}):
        tg.send_private("하나")
        await tg.wait_for("sendMessage", where=lambda c: c["text"].startswith("답: 하나"), timeout=10)
        await tg.settle(quiet=0.3)
    assert [t.split("\n")[0] for t in tg.texts(USER)] == ["답: 하나"]  # one answer, no apology before it
    retried = [r.getMessage() for r in caplog.records if "sendMessage failed" in r.getMessage()]
    if kind == "slow":
        assert len(tg.calls_to("sendMessage")) == 1 and not retried  # waited for, not sent again
    else:
        assert len(retried) == (0 if kind == "429" else 1)  # a flood wait is waited out by the pacer


async def test_one_short_apology_only_after_the_retries_are_spent(tg, db):
    tg.fail_next("sendMessage", 500, "Internal Server Error", times=FAST.attempts)
    async with reportbot(tg, db, build=QUICK):
        tg.send_private("하나")
        await tg.wait_for("sendMessage", where=lambda c: c["text"] == texts.ERROR)
        tg.send_private("둘")
        await tg.wait_for("sendMessage", 2)
        await tg.settle()
    assert [t.split("\n")[0] for t in tg.texts(USER)] == [texts.ERROR, "답: 둘"]
    assert len(tg.errors) == FAST.attempts  # tried exactly `attempts` times, then gave up


async def test_bad_request_is_not_retried(tg, db):
    tg.fail_next("sendMessage", 400, "Bad Request: chat not found")
    async with reportbot(tg, db, build=QUICK):
        tg.send_private("하나")
        await tg.wait_for("sendMessage", where=lambda c: c["text"] == texts.ERROR)
        await tg.settle()
    assert tg.texts(USER) == [texts.ERROR]
    assert [m for m, _ in tg.errors] == ["sendMessage"]


@pytest.mark.parametrize(
    ("code", "description", "times"),
    [
        (500, "Internal Server Error", FAST.attempts),
        (400, "Bad Request: query is too old and response timeout expired", 1),
    ],
)
async def test_failing_callback_answer_does_not_drop_the_buttons_answer(tg, db, code, description, times):
    async with reportbot(tg, db, build=QUICK):
        tg.send_private("첫 질문")
        await tg.wait_for("sendMessage", 1)
        tg.fail_next("answerCallbackQuery", code, description, times=times)
        tg.press("확진자 수는?", chat_id=USER)
        await tg.wait_for("sendMessage", 2)
        await tg.settle()
    assert [t.split("\n")[0] for t in tg.texts(USER)] == ["답: 첫 질문", "답: 확진자 수는?"]


async def test_every_update_gets_exactly_one_reply_across_failures_and_a_restart(tg, db):
    """Four chats ask, press a button and edit, while sends fail in every transient way; the bot
    restarts in the middle (some updates in flight, more arriving while it is down)."""
    users = [5001, 5002, 5003, 5004]
    expected: dict[int, list[str]] = {u: [] for u in users}

    def ask(user: int, text: str) -> dict:
        expected[user].append(text)
        return tg.send_private(text, user_id=user)

    for kind in ["500", "502", "drop", "429"]:
        inject(tg, kind)
    tg.fail_next("answerCallbackQuery", 500, "Internal Server Error", times=FAST.attempts)
    async with reportbot(tg, db, build=QUICK):
        asked = {u: ask(u, f"{u} 예산은?") for u in users}
        await tg.wait_for("sendMessage", len(users), timeout=10)
        tg.press("확진자 수는?", chat_id=users[0], user_id=users[0])
        expected[users[0]].append("확진자 수는?")
        tg.edit(asked[users[1]], f"{users[1]} 정원은?")
        inject(tg, "500", "editMessageText")
        for u in users:  # in flight when the bot stops
            ask(u, f"{u} 두 번째")
    for u in users:  # arrive while the bot is down
        ask(u, f"{u} 작년은?")
    inject(tg, "drop")
    async with reportbot(tg, db, build=QUICK) as (_, engine):
        total = sum(len(v) for v in expected.values())
        await tg.wait_for("sendMessage", total, timeout=15)
        await tg.wait_for("editMessageText")
        await tg.settle(quiet=0.3)
    for u in users:
        answers = [t.split("\n")[0] for t in tg.texts(u)]
        assert answers == [f"답: {q}" for q in expected[u]], u  # each exactly once, in order
    [edit] = [c for c in tg.calls_to("editMessageText") if c.error is None]
    assert edit["chat_id"] == users[1] and edit["text"].startswith(f"답: {users[1]} 정원은?")
    # after the restart the follow-up continued the conversation from before it
    for u in users:
        [(_, slots, _)] = [s for s in engine.seen if s[0] == f"{u} 작년은?"]
        assert slots == {"last_question": f"{u} 두 번째"}
    assert texts.ERROR not in tg.texts()
