"""On-call COVID updates in Telegram: subscriptions, a daily brief, a push when a snapshot is
added, and /covid_add for admins. Registered by `register(app)` (one line in app.py).

    /daily                      today's brief, now
    /subscribe (/alerts), /unsubscribe  (also buttons under /covid) — allowlisted chats only: a chat in
                                ALLOWED_CHAT_IDS, a private chat of a user in ALLOWED_USER_IDS,
                                or an admin
    /covid_add 서울 2020-04-18 10:00 확진=628 격리중=343 퇴원=283 사망=2 [의사환자=… 검사중=…
               결과음성=…] [출처=…] [정정]     admins only, in their private chat; a preview with 저장 / 취소 buttons

A repeating JobQueue job (`tick`, every TICK_SECONDS) does the timed work, with the clock of
`CovidService.now` (tests drive it by hand, no real waiting):
  * reloads the engine's view when a snapshot was added from the CLI or `python -m bot build`
    ran (SIGHUP does the same at once);
  * pushes each new snapshot, with the change since the previous one, to every subscriber;
  * sends the daily brief once a day at COVID_BRIEF_TIME (default: covid.yaml, 11:00) in TZ.
What was sent is recorded in the state store, so a restart neither repeats nor forgets it.
Broadcasts are paced (BROADCAST_PER_SECOND overall, one message per chat) and unsubscribe a
chat that blocked the bot or no longer exists. Transient failures are retried by the bot's one
delivery layer (`ratelimit.ReliableDelivery`: backoff, short flood-waits); a flood-wait longer
than it waits for an interactive reply comes back here and the broadcast waits it out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import signal
import time as _time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.covid_snapshots import (
    CovidConfig,
    brief_lines,
    load_config,
    parse_row,
    previous,
    region_names,
    report_snapshots,
    snapshot_block,
    submit,
    validate,
)
from bot.state import COUNT_FIELDS, SQLiteStateStore, StateError, StateStore, StoredSnapshot

from . import handlers, render, texts
from .config import merged_environment
from .ratelimit import retry_after_seconds
from .services import SERVICES_KEY, Services

log = logging.getLogger(__name__)

COVID_KEY = "reportbot.covid"
TICK_SECONDS = 30.0  # how often the bot looks for new snapshots and the brief time
BRIEF_GRACE = timedelta(hours=3)  # a bot started later than this after the brief time skips that day's
BROADCAST_PER_SECOND = 25.0  # below Telegram's ~30 messages per second overall
BROADCAST_WORKERS = 8
MAX_FLOOD_WAITS = 4  # flood-waits one broadcast message waits out before it counts as failed
MAX_PENDING = 50  # /covid_add previews waiting for 저장 / 취소
JOB_DAILY = "covid_daily_brief"  # last day the brief went out (local date)
JOB_PUSHED = "covid_pushed_up_to"  # highest snapshot id already pushed
CALLBACK = re.compile(r"^cv:(sub|unsub|ok|force|no)(?::([0-9a-f]{8}))?$")
Context = ContextTypes.DEFAULT_TYPE


def utc_now() -> datetime:
    return datetime.now(UTC)


class Pacer:
    """At most `per_second` sends overall: each caller waits for its own time slot."""

    def __init__(self, per_second: float, clock: Callable[[], float] = _time.monotonic, sleep=asyncio.sleep):
        self.interval = 1.0 / per_second
        self.clock = clock
        self.sleep = sleep
        self._next = 0.0

    async def wait(self) -> None:
        now = self.clock()
        slot = max(now, self._next)
        self._next = slot + self.interval
        if slot > now:
            await self.sleep(slot - now)


@dataclass
class BroadcastResult:
    sent: int = 0
    unsubscribed: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


@dataclass
class CovidService:
    store: StateStore
    cfg: CovidConfig
    tz: tzinfo
    brief_time: time
    allowed_users: frozenset[int]
    allowed_chats: frozenset[int]
    admins: frozenset[int]
    now: Callable[[], datetime] = utc_now
    per_second: float = BROADCAST_PER_SECOND
    workers: int = BROADCAST_WORKERS
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    pending: dict[str, tuple[int, list, bool]] = field(default_factory=dict)  # /covid_add previews
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    sighup: bool = False

    def may_subscribe(self, user_id: int | None, chat_id: int, private: bool) -> bool:
        if user_id is not None and user_id in self.admins:
            return True
        return chat_id in self.allowed_chats or (private and user_id is not None and user_id in self.allowed_users)


def parse_brief_time(text: str) -> time:
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text or "")
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError(f"COVID_BRIEF_TIME must be HH:MM, not '{text}'")
    return time(int(m.group(1)), int(m.group(2)))


def service_for(app: Application) -> CovidService:
    s: Services = app.bot_data[SERVICES_KEY]
    cfg = load_config()
    env = merged_environment()
    try:
        at = parse_brief_time(env.get("COVID_BRIEF_TIME") or cfg.daily_brief_time)
    except ValueError as exc:
        log.warning("%s; using %s", exc, cfg.daily_brief_time)
        at = parse_brief_time(cfg.daily_brief_time)
    return CovidService(
        store=SQLiteStateStore(s.settings.state_db, hash_key=s.settings.effective_hash_key),
        cfg=cfg,
        tz=s.settings.tzinfo,
        brief_time=at,
        allowed_users=s.access.allowed_users,
        allowed_chats=s.access.allowed_chats,
        admins=s.access.admins,
    )


def covid(context: Context | Application) -> CovidService:
    app = context if isinstance(context, Application) else context.application
    return app.bot_data[COVID_KEY]


def register(app: Application) -> None:
    """The COVID handlers (before the generic ones, so /covid gets its subscribe button) and the tick."""
    app.bot_data[COVID_KEY] = service_for(app)
    only_new = filters.UpdateType.MESSAGE
    for name, callback in (
        ("subscribe", cmd_subscribe),
        ("unsubscribe", cmd_unsubscribe),
        ("covid", cmd_covid),
        ("covid_add", cmd_covid_add),
        ("daily", cmd_daily),
        ("alerts", cmd_subscribe),
    ):
        app.add_handler(CommandHandler(name, callback, filters=only_new))
    app.add_handler(CallbackQueryHandler(on_button, pattern=CALLBACK))
    if app.job_queue is not None:
        app.job_queue.run_repeating(tick, interval=TICK_SECONDS, first=1.0, name="covid tick")
    else:  # pragma: no cover - the job-queue extra is a dependency
        log.warning("no JobQueue (install python-telegram-bot[job-queue]): no daily brief, no pushes")
    app.post_shutdown = _chain(app.post_shutdown, _close_store)


def _chain(first, second):
    async def both(app: Application) -> None:
        if first is not None:
            await first(app)
        await second(app)

    return both


async def _close_store(app: Application) -> None:
    svc = app.bot_data.get(COVID_KEY)
    if svc is not None:
        if svc.sighup:
            with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError, ValueError):
                asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        svc.store.close()


def report_kb(context: Context):
    """The report's knowledge base of the running LiveEngine (None with another engine)."""
    live = handlers.services(context).engine.engine
    report = getattr(live, "report", None)
    return getattr(report, "kb", None)


# -- subscriptions -------------------------------------------------------------------------------


def subscription_button(subscribed: bool) -> list[InlineKeyboardButton]:
    if subscribed:
        return [InlineKeyboardButton("🔕 코로나19 알림 해지", callback_data="cv:unsub")]
    return [InlineKeyboardButton("🔔 코로나19 알림 구독", callback_data="cv:sub")]


async def _set_subscription(update: Update, context: Context, on: bool) -> str:
    svc = covid(context)
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return ""
    if on and not svc.may_subscribe(user.id if user else None, chat.id, chat.type == "private"):
        return svc.cfg.phrase("subscribe_not_allowed")
    try:
        if on:
            new = svc.store.subscribe(chat.id, svc.now().isoformat(timespec="seconds"))
            tz = getattr(svc.tz, "key", None) or str(svc.tz)
            when = svc.brief_time.strftime("%H:%M")
            return svc.cfg.phrase("subscribed", time=when, tz=tz) if new else svc.cfg.phrase("already_subscribed")
        gone = svc.store.unsubscribe(chat.id)
        return svc.cfg.phrase("unsubscribed") if gone else svc.cfg.phrase("not_subscribed")
    except StateError as exc:
        log.warning("subscription not changed: %s", exc)
        return svc.cfg.phrase("state_unavailable")


async def cmd_subscribe(update: Update, context: Context) -> None:
    await handlers.reply_text(update, context, render.esc(await _set_subscription(update, context, True)))


async def cmd_unsubscribe(update: Update, context: Context) -> None:
    await handlers.reply_text(update, context, render.esc(await _set_subscription(update, context, False)))


async def cmd_covid(update: Update, context: Context) -> None:
    """The COVID status (newest snapshots), with a subscribe / unsubscribe button for allowed chats."""
    svc, chat, user = covid(context), update.effective_chat, update.effective_user
    await handlers.typing(update, context)
    answer = await handlers.services(context).engine.call("covid_status")
    rows = []
    if chat is not None and svc.may_subscribe(user.id if user else None, chat.id, chat.type == "private"):
        try:
            rows.append(subscription_button(svc.store.is_subscribed(chat.id)))
        except StateError as exc:
            log.warning("cannot read subscriptions: %s", exc)
    await handlers.send_answer(update, context, answer, rows)


async def cmd_daily(update: Update, context: Context) -> None:
    """Today's brief, now, in this chat (what subscribers get at the brief time)."""
    svc, runner = covid(context), handlers.services(context).engine
    if not hasattr(runner.engine, "covid_series"):
        await engine_status(update, context)
        return
    await runner.call("refresh")
    series = await runner.call("covid_series")
    local = svc.now().astimezone(svc.tz)
    lines = brief_lines(svc.cfg, series, _label(local.strftime("%Y-%m-%d")))
    await handlers.reply(update, context, render.render_lines(lines))


async def engine_status(update: Update, context: Context) -> None:
    await handlers.engine_answer(update, context, "covid_status")


# -- /covid_add ----------------------------------------------------------------------------------

_ADD_KEYS = {"확진": "confirmed", "격리중": "isolated", "격리": "isolated", "퇴원": "released", "사망": "deaths"}
_ADD_KEYS |= {"의사환자": "suspected", "검사중": "testing", "결과음성": "negative", "음성": "negative"}
_ADD_KEYS |= {f: f for f in COUNT_FIELDS} | {"출처": "source", "source": "source"}
ADD_USAGE = (
    "사용법: <code>/covid_add 서울 2020-04-18 10:00 확진=628 격리중=343 퇴원=283 사망=2</code>\n"
    "선택: 의사환자=… 검사중=… 결과음성=… 출처=… (공백 없이), 정정(같은 시각 수치를 바로잡을 때)"
)


def parse_add_args(args: list[str]) -> tuple[dict[str, str], bool, list[str]]:
    """ "서울 2020-04-18 10:00 확진=628 …" → the row's fields, whether it corrects one, and problems."""
    raw: dict[str, str] = {}
    replace, loose, problems = False, [], []
    for a in args:
        key, sep, value = a.partition("=")
        if sep:
            if key not in _ADD_KEYS:
                problems.append(f"field {key}: unknown (확진, 격리중, 퇴원, 사망, 의사환자, 검사중, 결과음성, 출처)")
            else:
                raw[_ADD_KEYS[key]] = value
        elif a in ("정정", "--replace"):
            replace = True
        else:
            loose.append(a)
    if loose:
        raw["region"] = loose[0]
        raw["as_of"] = " ".join(loose[1:])
    return raw, replace, problems


async def cmd_covid_add(update: Update, context: Context) -> None:
    svc, user, chat = covid(context), update.effective_user, update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:  # admin commands: only in an admin's private chat
        await handlers.reply_text(update, context, texts.ADMIN_PRIVATE_ONLY)
        return
    if user is None or user.id not in svc.admins:
        await handlers.reply_text(update, context, render.esc(svc.cfg.phrase("admin_only")))
        return
    if not context.args:
        await handlers.reply_text(update, context, ADD_USAGE)
        return
    kb = report_kb(context)
    if kb is None:
        await handlers.reply_text(update, context, render.esc(svc.cfg.phrase("state_unavailable")))
        return
    raw, replace, problems = parse_add_args(list(context.args))
    cand, found = parse_row(raw, None, region_names(kb, svc.cfg))
    lines = problems + [str(p) for p in found]
    if cand is not None and not problems:
        try:
            existing = svc.store.snapshots()
        except StateError:
            await handlers.reply_text(update, context, render.esc(svc.cfg.phrase("state_unavailable")))
            return
        now_local = svc.now().astimezone(svc.tz).replace(tzinfo=None)
        checks = validate([cand], [*report_snapshots(kb), *existing], now_local, replace_existing=replace)
        lines += [str(p) for p in checks if not p.forcible]
        forcible = [f"{p.field}: {p.message}" for p in checks if p.forcible]
        if not lines:
            token = secrets.token_hex(4)
            while len(svc.pending) >= MAX_PENDING:
                svc.pending.pop(next(iter(svc.pending)))  # the oldest unconfirmed preview expires
            svc.pending[token] = (user.id, [cand], replace)
            preview = [
                f"{cand.snapshot.region} {cand.snapshot.as_of}",
                *snapshot_block(svc.cfg, cand.snapshot, None)[1:2],
            ]
            preview += [f"⚠ {x}" for x in forcible]
            ok = ("경고와 함께 저장", f"cv:force:{token}") if forcible else ("저장", f"cv:ok:{token}")
            buttons = [
                [
                    InlineKeyboardButton(ok[0], callback_data=ok[1]),
                    InlineKeyboardButton("취소", callback_data=f"cv:no:{token}"),
                ]
            ]
            await handlers.reply(
                update, context, render.render_lines(["저장할까요?", *preview]), InlineKeyboardMarkup(buttons)
            )
            return
    await handlers.reply(update, context, render.render_lines(["저장하지 않았습니다:", *lines]))


async def _confirm_add(update: Update, context: Context, token: str, force: bool) -> None:
    svc, user = covid(context), update.effective_user
    pending = svc.pending.get(token)
    query = update.callback_query
    if pending is None or user is None or pending[0] != user.id:
        await query.answer("만료된 입력입니다. /covid_add 로 다시 입력해 주세요.")
        return
    svc.pending.pop(token, None)
    await query.answer()
    _, candidates, replace = pending
    kb = report_kb(context)
    try:
        stored, problems = submit(
            svc.store,
            kb,
            candidates,
            svc.now(),
            svc.tz,
            svc.store.hash_id(user.id),
            force=force,
            replace_existing=replace,
        )
    except StateError as exc:
        log.warning("snapshot not stored: %s", exc)
        await handlers.reply_text(update, context, render.esc(svc.cfg.phrase("state_unavailable")))
        return
    if problems:
        await handlers.reply(update, context, render.render_lines(["저장하지 않았습니다:", *map(str, problems)]))
        return
    s = stored[0]
    await handlers.reply_text(update, context, render.esc(f"저장했습니다: {s.region} {s.as_of}"))
    context.application.create_task(run_tick(context.application))  # the push goes out at once


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    m = CALLBACK.match(query.data or "") if query else None
    if query is None or m is None:
        return
    action, token = m.group(1), m.group(2)
    if action in ("sub", "unsub"):
        text = await _set_subscription(update, context, action == "sub")
        await query.answer(text[:200])
        with contextlib.suppress(TelegramError, StateError):
            chat = update.effective_chat
            if chat is not None and query.message is not None:
                markup = query.message.reply_markup
                rows = (
                    [
                        list(r)
                        for r in markup.inline_keyboard
                        if not any((b.callback_data or "").startswith("cv:") for b in r)
                    ]
                    if markup
                    else []
                )
                rows.append(subscription_button(covid(context).store.is_subscribed(chat.id)))
                await query.edit_message_reply_markup(InlineKeyboardMarkup(rows))
        return
    if token is None:
        await query.answer()
        return
    if action == "no":
        covid(context).pending.pop(token, None)
        await query.answer("취소했습니다.")
        return
    await _confirm_add(update, context, token, force=action == "force")


# -- timed work ----------------------------------------------------------------------------------


async def tick(context: Context) -> None:
    await run_tick(context.application)


async def run_tick(app: Application) -> None:
    """Reload when the data changed, push new snapshots, send the daily brief when it is due."""
    svc = covid(app)
    runner = app.bot_data[SERVICES_KEY].engine
    if not hasattr(runner.engine, "covid_series"):
        return  # an engine without snapshots (tests with a canned engine)
    if not svc.sighup:
        svc.sighup = True
        install_sighup(app)
    async with svc.lock:
        try:
            await runner.call("refresh")
            series = await runner.call("covid_series")
            await _push_new(app, svc, series)
            await _daily_brief(app, svc, series)
        except StateError as exc:
            log.warning("COVID updates skipped this time: %s", exc)


async def _push_new(app: Application, svc: CovidService, series: dict[str, list[StoredSnapshot]]) -> None:
    added = [s for items in series.values() for s in items if s.id is not None]
    top = max((s.id or 0 for s in added), default=0)
    marker = svc.store.last_run(JOB_PUSHED)
    if marker is None:  # first start: what is stored now is not news
        svc.store.record_run(JOB_PUSHED, str(top))
        return
    new = sorted((s for s in added if (s.id or 0) > int(marker)), key=lambda s: (s.region, s.as_of))
    if not new:
        return
    svc.store.record_run(JOB_PUSHED, str(top))  # before sending: a restart never repeats a push
    lines = []
    for s in new:
        lines.append(svc.cfg.phrase("push_title", region=s.region, as_of=_label(s.as_of)))
        lines += snapshot_block(svc.cfg, s, previous(series[s.region], s))[1:]
    result = await broadcast(app, svc, "\n".join(lines))
    log.info("pushed %d new snapshot(s): %s", len(new), result)


async def _daily_brief(app: Application, svc: CovidService, series: dict[str, list[StoredSnapshot]]) -> None:
    local = svc.now().astimezone(svc.tz)
    due = datetime.combine(local.date(), svc.brief_time, tzinfo=local.tzinfo)
    today = local.date().isoformat()
    if local < due or (svc.store.last_run(JOB_DAILY) or "") >= today:
        return
    svc.store.record_run(JOB_DAILY, today)  # before sending: one brief a day, also across restarts
    if local - due > BRIEF_GRACE:
        log.info("daily brief of %s skipped: the bot was not running at %s", today, svc.brief_time)
        return
    text = "\n".join(brief_lines(svc.cfg, series, _label(local.strftime("%Y-%m-%d"))))
    result = await broadcast(app, svc, text)
    log.info("daily brief sent: %s", result)


def _label(iso: str) -> str:
    from bot.covid_snapshots import date_text

    return date_text(iso)


async def broadcast(app: Application, svc: CovidService, text: str) -> BroadcastResult:
    """Send `text` to every subscriber, paced; blocked or deleted chats are unsubscribed."""
    result = BroadcastResult()
    chats = svc.store.subscribers()
    if not chats:
        return result
    body = render.render_lines(text.split("\n"))[0]
    pacer = Pacer(svc.per_second, sleep=svc.sleep)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for c in chats:
        queue.put_nowait(c)

    async def worker() -> None:
        while not queue.empty():
            chat_id = queue.get_nowait()
            await _send_one(app, svc, pacer, chat_id, body, result)

    await asyncio.gather(*(worker() for _ in range(min(svc.workers, len(chats)))))
    for chat_id in result.unsubscribed:
        with contextlib.suppress(StateError):
            svc.store.unsubscribe(chat_id)
    return result


async def _send_one(
    app: Application, svc: CovidService, pacer: Pacer, chat_id: int, body: str, result: BroadcastResult
) -> None:
    for _ in range(MAX_FLOOD_WAITS):
        await pacer.wait()
        try:
            await app.bot.send_message(chat_id, body, disable_notification=False)
            result.sent += 1
            return
        except Forbidden:  # blocked by the user, kicked from the group, deactivated
            result.unsubscribed.append(chat_id)
            return
        except BadRequest as exc:
            if "chat not found" in str(exc).lower() or "deactivated" in str(exc).lower():
                result.unsubscribed.append(chat_id)
            else:
                log.warning("push to a chat refused: %s", exc)
                result.failed.append(chat_id)
            return
        except RetryAfter as exc:  # a flood-wait the delivery layer did not wait out: a broadcast may
            await svc.sleep(retry_after_seconds(exc))
        except NetworkError as exc:  # timeouts, 5xx: the delivery layer already retried with backoff
            log.warning("push to a chat failed: %s", exc)
            break
    result.failed.append(chat_id)


def install_sighup(app: Application) -> None:
    """SIGHUP reloads at once (POSIX; elsewhere the tick reloads within TICK_SECONDS)."""
    with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError, ValueError):
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, lambda: app.create_task(run_tick(app)))
