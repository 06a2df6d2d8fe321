"""On-call COVID updates through the real Application and the fake Bot API: subscriptions (only
allowlisted chats, surviving a restart), the daily brief and the on-change push with a clock the
test moves by hand, a blocked subscriber, a 1,000-subscriber broadcast, /covid_add, reload."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.covid_overlay import LiveEngine
from bot.covid_snapshots import load_config, parse_row, region_names, submit
from bot.engine.intents import load_intents
from bot.state import SQLiteStateStore
from bot.telegram import covid, texts
from bot.telegram.app import build_application
from bot.telegram.config import Settings
from bot.telegram.ratelimit import RetryPolicy
from bot.telegram.services import EngineRunner
from tests.fake_telegram import running

REPO = Path(__file__).resolve().parent.parent
ADMIN = 9001
ALLOWED = 1001
STRANGER = 4004
GROUP = -100555
KST = timezone(timedelta(hours=9))


class Clock:
    """UTC now, moved by the test."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set_kst(self, y: int, mo: int, d: int, h: int, mi: int = 0) -> None:
        self.at = datetime(y, mo, d, h, mi, tzinfo=UTC) - timedelta(hours=9)


class NoWait:
    """asyncio.sleep without waiting: records how long the bot would have slept."""

    def __init__(self):
        self.slept: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.slept.append(seconds)
        await asyncio.sleep(0)


@contextlib.asynccontextmanager
async def bot(tg, state_db: Path, kb, clock: Clock, *, per_second: float = 1000.0, **settings_):
    """The bot on the fake Bot API. Its delivery layer retries at once and leaves every flood-wait
    to the broadcast, which waits on the test's clock (NoWait)."""
    live = LiveEngine(kb, load_intents(REPO / "intents.yaml"), SQLiteStateStore(state_db))
    allowlists = {
        "allowed_user_ids": frozenset({ALLOWED}),
        "allowed_chat_ids": frozenset({GROUP}),
        "admin_user_ids": frozenset({ADMIN}),
    }
    settings = Settings(token=tg.token, api_base_url=tg.base_url, state_db=state_db, **{**allowlists, **settings_})
    tg.private_chat(ADMIN)  # the admin has talked to the bot before: the admin's command menu can be set
    no_waits = RetryPolicy(base_delay=0.0, max_retry_after=0.0)
    app = build_application(settings, EngineRunner(live), rate_limit=False, retry_policy=no_waits)
    svc = covid.covid(app)
    svc.now, svc.per_second, svc.sleep = clock, per_second, NoWait()
    for job in app.job_queue.jobs():
        job.schedule_removal()  # the test runs the tick itself, with its clock
    async with running(app):
        yield app, svc, live


def add_snapshot(state_db: Path, kb, as_of: str, c: int, i: int, r: int, d: int, region: str = "서울") -> None:
    """What `python -m bot covid add` does, from another connection (another process)."""
    store = SQLiteStateStore(state_db)
    raw = {"region": region, "as_of": as_of, "confirmed": str(c), "isolated": str(i), "released": str(r)}
    cand, problems = parse_row({**raw, "deaths": str(d)}, None, region_names(kb, load_config()))
    assert not problems
    _, problems = submit(store, kb, [cand], datetime(2020, 5, 1, tzinfo=UTC), KST, "cli")
    assert not problems, problems
    store.close()


def first_tick_done(state: Path) -> bool:
    store = SQLiteStateStore(state)
    try:
        return store.last_run(covid.JOB_PUSHED) is not None
    finally:
        store.close()


def sent_to(tg, chat_id: int) -> list[str]:
    return [c["text"] for c in tg.calls_to("sendMessage") if c["chat_id"] == chat_id]


@pytest.fixture
def clock():
    c = Clock(datetime(2020, 4, 18, 0, 0, tzinfo=UTC))
    c.set_kst(2020, 4, 18, 9, 0)
    return c


async def test_only_allowlisted_chats_subscribe_and_it_survives_a_restart(tg, tmp_path, engine, clock):
    state = tmp_path / "state.db"
    async with bot(tg, state, engine.kb, clock):
        tg.send_command("subscribe", user_id=ALLOWED)
        [msg] = await tg.wait_for("sendMessage")
        assert "구독했습니다" in msg["text"] and "11:00" in msg["text"]
        tg.send_command("subscribe", user_id=STRANGER, chat_id=GROUP, addressed=True)  # an allowed group
        tg.send_command("subscribe", user_id=ADMIN, chat_id=-100999, addressed=True)  # an admin in a group not listed
        tg.send_command("subscribe", user_id=ALLOWED, chat_id=-100777, addressed=True)  # a group not listed
        await tg.wait_for("sendMessage", count=4)
    assert sent_to(tg, -100999) == sent_to(tg, -100777) == [texts.REFUSAL]  # groups: the allowlist only
    async with bot(tg, state, engine.kb, clock) as (_, svc, _):  # a new process, the same database
        assert sorted(svc.store.subscribers()) == [GROUP, ALLOWED]
        tg.send_command("unsubscribe", user_id=ALLOWED)
        await tg.wait_for("sendMessage", count=5)
        assert svc.store.subscribers() == [GROUP]
    assert "해지했습니다" in sent_to(tg, ALLOWED)[-1]


async def test_in_an_open_bot_only_admins_subscribe(tg, tmp_path, engine, clock):
    """Anyone may ask an open bot (no allowlists), but pushes go only where an admin subscribed."""
    open_bot = {"allowed_user_ids": frozenset(), "allowed_chat_ids": frozenset()}
    async with bot(tg, tmp_path / "state.db", engine.kb, clock, **open_bot) as (_, svc, _):
        tg.send_command("subscribe", user_id=STRANGER)
        tg.send_command("subscribe", user_id=ADMIN)
        await tg.wait_for("sendMessage", count=2)
        assert svc.store.subscribers() == [ADMIN]
    assert "허용된 대화방만" in sent_to(tg, STRANGER)[0]


async def test_covid_command_has_a_subscribe_button_that_toggles(tg, tmp_path, engine, clock):
    async with bot(tg, tmp_path / "state.db", engine.kb, clock) as (_, svc, _):
        tg.send_command("covid", user_id=ALLOWED)
        [msg] = await tg.wait_for("sendMessage")
        assert "서울시 (2020.4.17. 10시 기준" in msg["text"]
        assert ("🔔 코로나19 알림 구독", "cv:sub") in tg.buttons(tg.last_bot_message(ALLOWED))
        tg.tap("cv:sub", chat_id=ALLOWED)
        await tg.wait_for("editMessageReplyMarkup")
        assert svc.store.subscribers() == [ALLOWED]
        assert ("🔕 코로나19 알림 해지", "cv:unsub") in tg.buttons(tg.last_bot_message(ALLOWED))
        tg.tap("cv:unsub", chat_id=ALLOWED)
        await tg.wait_for("editMessageReplyMarkup", count=2)
        assert svc.store.subscribers() == []
    assert not tg.errors


async def test_daily_brief_at_eleven_seoul_time_once_a_day_also_across_restarts(tg, tmp_path, engine, clock):
    state = tmp_path / "state.db"
    async with bot(tg, state, engine.kb, clock) as (app, svc, _):
        svc.store.subscribe(ALLOWED, "t")
        clock.set_kst(2020, 4, 18, 10, 59)
        await covid.run_tick(app)
        assert sent_to(tg, ALLOWED) == []
        clock.set_kst(2020, 4, 18, 11, 0)
        await covid.run_tick(app)
        [brief] = sent_to(tg, ALLOWED)
        assert brief.startswith("코로나19 현황 브리핑 (2020.4.18.)")
        assert "서울시 (2020.4.17. 10시 기준, 보고서)" in brief and "확진 621" in brief
        clock.set_kst(2020, 4, 18, 11, 1)
        await covid.run_tick(app)
        assert len(sent_to(tg, ALLOWED)) == 1
    clock.set_kst(2020, 4, 18, 11, 30)
    async with bot(tg, state, engine.kb, clock) as (app, svc, _):  # restarted: not twice the same day
        await covid.run_tick(app)
        assert len(sent_to(tg, ALLOWED)) == 1
        clock.set_kst(2020, 4, 19, 11, 0)
        await covid.run_tick(app)
        assert len(sent_to(tg, ALLOWED)) == 2 and "(2020.4.19.)" in sent_to(tg, ALLOWED)[-1]


async def test_daily_brief_time_is_configurable(tg, tmp_path, engine, clock, monkeypatch):
    monkeypatch.setenv("COVID_BRIEF_TIME", "08:30")
    async with bot(tg, tmp_path / "state.db", engine.kb, clock) as (app, svc, _):
        svc.store.subscribe(ALLOWED, "t")
        clock.set_kst(2020, 4, 18, 8, 30)
        await covid.run_tick(app)
        assert len(sent_to(tg, ALLOWED)) == 1


async def test_new_snapshot_is_pushed_with_the_change_and_answers_reload(tg, tmp_path, engine, clock):
    state = tmp_path / "state.db"
    async with bot(tg, state, engine.kb, clock) as (app, svc, _):
        svc.store.subscribe(ALLOWED, "t")
        svc.store.subscribe(GROUP, "t")
        await covid.run_tick(app)  # the first tick: what is stored is not news
        add_snapshot(state, engine.kb, "2020-04-18 10:00", 628, 343, 283, 2)  # from the CLI, while running
        await covid.run_tick(app)
        [push] = sent_to(tg, ALLOWED)
        assert push.startswith("코로나19 새 수치: 서울시 2020.4.18. 10시 기준")
        assert "확진 628" in push and "직전(2020.4.17. 10시) 대비 확진 +7 · 격리중 △8 · 퇴원 +15 · 사망 -" in push
        assert sent_to(tg, GROUP) == [push]
        await covid.run_tick(app)
        assert len(sent_to(tg, ALLOWED)) == 1  # pushed once
        tg.send_private("서울 확진자", user_id=ALLOWED)  # the running bot answers with it, no restart
        await tg.wait_for("sendMessage", count=3)
        answer = sent_to(tg, ALLOWED)[-1]
        assert "628명 (2020.4.18. 10시 기준)" in answer and "보고서(2020.4.17. 10시) 이후 추가된 수치" in answer


async def test_blocked_and_deleted_chats_are_unsubscribed_not_retried(tg, tmp_path, engine, clock):
    state = tmp_path / "state.db"
    async with bot(tg, state, engine.kb, clock) as (app, svc, _):
        for chat in (ALLOWED, 2002, 2003):
            svc.store.subscribe(chat, "t")
        tg.blocked.add(2002)
        tg.deleted.add(2003)
        await covid.run_tick(app)
        add_snapshot(state, engine.kb, "2020-04-18 10:00", 628, 343, 283, 2)
        await covid.run_tick(app)
        assert svc.store.subscribers() == [ALLOWED]
        assert len(sent_to(tg, ALLOWED)) == 1
        attempts = len([c for c in tg.calls_to("sendMessage") if c["chat_id"] in (2002, 2003)])
        assert attempts == 2  # one each, no retries
        add_snapshot(state, engine.kb, "2020-04-19 10:00", 630, 340, 288, 2)
        await covid.run_tick(app)
        assert len([c for c in tg.calls_to("sendMessage") if c["chat_id"] in (2002, 2003)]) == 2


async def test_broadcast_to_1000_subscribers_loses_none(tg, tmp_path, engine, clock):
    state = tmp_path / "state.db"
    async with bot(tg, state, engine.kb, clock) as (app, svc, _):
        chats = list(range(10_001, 11_001))
        for chat in chats:
            svc.store.subscribe(chat, "t")
        tg.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3, times=5)
        tg.fail_next("sendMessage", 502, "Bad Gateway", times=2)
        result = await asyncio.wait_for(covid.broadcast(app, svc, "테스트 브리핑"), timeout=120)
    assert result.sent == 1000 and not result.failed and not result.unsubscribed
    delivered = {chat: [m for m in tg.bot_messages(chat) if m["text"] == "테스트 브리핑"] for chat in chats}
    assert all(len(got) == 1 for got in delivered.values())  # every one, once
    assert len(tg.errors) == 7  # the flood-waits and server errors, each retried
    assert svc.sleep.slept.count(3.0) == 5  # each flood-wait was waited out (on the test's clock)


async def test_pacer_keeps_the_overall_rate(tmp_path):
    now = [0.0]
    slept: list[float] = []

    async def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    pacer = covid.Pacer(25.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(101):
        await pacer.wait()
    assert now[0] == pytest.approx(4.0)  # 100 intervals of 1/25 s: 25 messages per second


async def test_covid_add_for_admins_with_confirmation(tg, tmp_path, engine, clock):
    state = tmp_path / "state.db"
    clock.set_kst(2020, 4, 20, 10, 0)
    async with bot(tg, state, engine.kb, clock) as (app, svc, _):
        svc.store.subscribe(ALLOWED, "t")
        await covid.run_tick(app)
        tg.send_command("covid_add", "서울 2020-04-18 10:00 확진=628 격리중=343 퇴원=283 사망=2", user_id=ALLOWED)
        [refused] = await tg.wait_for("sendMessage")
        assert "관리자만" in refused["text"]
        tg.send_command("covid_add", "서울 2020-04-18 10:00 확진=628 격리중=343 퇴원=-1 사망=2", user_id=ADMIN)
        await tg.wait_for("sendMessage", count=2)
        assert "field released: '-1' is not a non-negative integer" in sent_to(tg, ADMIN)[-1]
        tg.send_command(
            "covid_add", "서울 2020-04-18 10:00 확진=628 격리중=343 퇴원=283 사망=2 출처=브리핑", user_id=ADMIN
        )
        await tg.wait_for("sendMessage", count=3)
        assert sent_to(tg, ADMIN)[-1].startswith("저장할까요?")
        assert svc.store.snapshots() == []
        [(label, data), _] = tg.buttons(tg.last_bot_message(ADMIN))
        assert label == "저장"
        tg.tap(data, chat_id=ADMIN)
        await tg.wait_for("sendMessage", count=5)
        [s] = svc.store.snapshots()
        assert (s.region, s.as_of, s.source) == ("서울시", "2020-04-18 10:00", "브리핑")
        assert s.added_by == svc.store.hash_id(ADMIN) and str(ADMIN) not in s.added_by
        assert "저장했습니다" in sent_to(tg, ADMIN)[-1]
        assert sent_to(tg, ALLOWED)[-1].startswith("코로나19 새 수치: 서울시")  # pushed at once
        tg.send_command("covid_add", "서울 2020-04-19 10:00 확진=640 격리중=343 퇴원=283 사망=2", user_id=ADMIN)
        await tg.wait_for("sendMessage", count=6)
        assert ("경고와 함께 저장", tg.buttons(tg.last_bot_message(ADMIN))[0][1]) in tg.buttons(
            tg.last_bot_message(ADMIN)
        )
    assert not tg.errors


async def test_covid_add_only_in_an_admins_private_chat(tg, tmp_path, engine, clock):
    async with bot(tg, tmp_path / "state.db", engine.kb, clock) as (_, svc, _):
        args = "서울 2020-04-18 10:00 확진=628 격리중=343 퇴원=283 사망=2"
        tg.send_command("covid_add", args, user_id=ADMIN, chat_id=GROUP, addressed=True)  # an allowed group
        [notice] = await tg.wait_for("sendMessage")
        assert notice["text"] == texts.ADMIN_PRIVATE_ONLY and not tg.buttons(tg.last_bot_message(GROUP))
        assert svc.store.snapshots() == []
    admin_menu = [c["command"] for c in tg.commands_for({"type": "chat", "chat_id": ADMIN})]
    assert "covid_add" in admin_menu and "covid_add" not in [c["command"] for c in tg.commands_for()]


async def test_sighup_reloads_and_pushes_at_once(tg, tmp_path, engine, clock):
    state = tmp_path / "state.db"
    async with bot(tg, state, engine.kb, clock) as (app, svc, _):
        svc.store.subscribe(ALLOWED, "t")
        await covid.run_tick(app)  # installs the SIGHUP handler
        add_snapshot(state, engine.kb, "2020-04-18 10:00", 628, 343, 283, 2)
        os.kill(os.getpid(), signal.SIGHUP)
        [push] = await tg.wait_for("sendMessage")
        assert push["text"].startswith("코로나19 새 수치: 서울시")


async def test_real_processes_cli_add_then_sighup_pushes_and_answers(tmp_path):
    """The bot (`python -m bot telegram`) and the CLI (`python -m bot covid add`) as separate
    processes on one state database: SIGHUP makes the running bot push and answer the new figures."""
    from tests.fake_telegram import FakeTelegram

    state = tmp_path / "state.db"
    async with FakeTelegram() as tg:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(REPO),
            "TELEGRAM_BOT_TOKEN": tg.token,
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "REPORTBOT_STATE_DB": str(state),
            "REPORTBOT_DB": str(tmp_path / "knowledge.db"),
            "ALLOWED_USER_IDS": str(ALLOWED),
            # the daily brief is due twelve hours from now (never while this runs): only the push is sent
            "COVID_BRIEF_TIME": (datetime.now(KST) + timedelta(hours=12)).strftime("%H:%M"),
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "telegram", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            await tg.wait_for("getUpdates", timeout=60)
            tg.send_command("subscribe", user_id=ALLOWED)
            [msg] = await tg.wait_for("sendMessage", timeout=10)
            assert "구독했습니다" in msg["text"]
            async with asyncio.timeout(20):  # the bot's first tick has run: what is stored is not news
                while not first_tick_done(state):
                    await asyncio.sleep(0.1)
            cli = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "covid", "add", "--region", "서울", "--as-of", "2020-04-18 10:00",
                "--confirmed", "628", "--isolated", "343", "--released", "283", "--deaths", "2",
                cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            _, err = await asyncio.wait_for(cli.communicate(), timeout=60)
            assert cli.returncode == 0, err.decode()
            proc.send_signal(signal.SIGHUP)
            await tg.wait_for("sendMessage", count=2, timeout=10)
            assert sent_to(tg, ALLOWED)[-1].startswith("코로나19 새 수치: 서울시 2020.4.18. 10시 기준")
            tg.send_private("서울 확진자", user_id=ALLOWED)
            await tg.wait_for("sendMessage", count=3, timeout=10)
            assert "628명 (2020.4.18. 10시 기준)" in sent_to(tg, ALLOWED)[-1]
            proc.send_signal(signal.SIGTERM)
            async with asyncio.timeout(20):
                _, stderr = await proc.communicate()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    assert proc.returncode == 0, stderr.decode("utf-8", "replace")[-3000:]


async def test_daily_command_shows_todays_brief_and_alerts_subscribes(tg, tmp_path, engine, clock):
    async with bot(tg, tmp_path / "state.db", engine.kb, clock) as (_, svc, _):
        tg.send_command("daily", user_id=ALLOWED)
        [msg] = await tg.wait_for("sendMessage")
        assert msg["text"].startswith("코로나19 현황 브리핑 (2020.4.18.)") and "확진 621" in msg["text"]
        tg.send_command("alerts", user_id=ALLOWED)
        await tg.wait_for("sendMessage", count=2)
        assert svc.store.subscribers() == [ALLOWED]
