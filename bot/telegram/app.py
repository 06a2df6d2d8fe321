"""Build and run the Telegram application (python-telegram-bot v22, asyncio).

`python -m bot telegram` calls `main(argv)`: long polling by default, or `--webhook URL`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from . import charts, covid, handlers, texts
from .access import AccessPolicy
from .config import ConfigError, Settings, load_settings
from .logs import configure_logging, redact_secrets
from .ordering import PerChatUpdateProcessor
from .privacy import Hasher
from .questionlog import QuestionLog
from .ratelimit import DEFAULT_RETRY_POLICY, SEND_READ_TIMEOUT, ReliableDelivery, RetryPolicy
from .services import SERVICES_KEY, EngineRunner, Services
from .sessions import Clock, ContextStore
from .statedb import StateDB

log = logging.getLogger(__name__)

NEW_MESSAGES = filters.UpdateType.MESSAGE  # not edits, not channel posts
QUESTION = (filters.TEXT | filters.CAPTION) & ~filters.COMMAND  # a photo's caption is a question too
PURGE_INTERVAL_SECONDS = 24 * 3600
PURGE_TASK_KEY = "reportbot.purge_task"

COMMAND_HANDLERS: tuple[tuple[str, Callable], ...] = (
    ("start", handlers.cmd_start),
    ("help", handlers.cmd_help),
    ("topics", handlers.cmd_topics),
    ("covid", handlers.cmd_covid),
    ("budget", handlers.cmd_budget),
    ("schedule", handlers.cmd_schedule),
    ("source", handlers.cmd_source),
    ("reset", handlers.cmd_reset),
    ("cancel", handlers.cmd_reset),
    ("stats", handlers.cmd_stats),
)


def bot_commands(admin: bool = False) -> list[BotCommand]:
    """The command menu: everyone's, or (admin=True) an admin's own, with the admin commands."""
    pairs = texts.COMMANDS + (texts.ADMIN_COMMANDS if admin else ())
    return [BotCommand(name, description) for name, description in pairs]


def register_handlers(app: Application) -> None:
    """Every handler of the bot, in one place. Group -1 (the access guard) runs first."""
    app.add_handler(TypeHandler(Update, handlers.guard), group=-1)
    charts.register(app)  # /chart and the chart buttons (bot/telegram/charts.py)
    covid.register(app)  # /subscribe, /unsubscribe, /covid with its button, /covid_add, the daily brief
    for name, callback in COMMAND_HANDLERS:
        app.add_handler(CommandHandler(name, callback, filters=NEW_MESSAGES))
    app.add_handler(MessageHandler(filters.COMMAND & NEW_MESSAGES, handlers.on_unknown_command))
    app.add_handler(MessageHandler(QUESTION & filters.ChatType.PRIVATE & NEW_MESSAGES, handlers.on_private_text))
    app.add_handler(MessageHandler(QUESTION & filters.ChatType.GROUPS & NEW_MESSAGES, handlers.on_group_text))
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & NEW_MESSAGES & ~filters.TEXT & ~filters.CAPTION & ~filters.StatusUpdate.ALL,
            handlers.on_private_other,
        )
    )
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & QUESTION, handlers.on_edited_message))
    app.add_handler(CallbackQueryHandler(handlers.on_callback))
    app.add_handler(InlineQueryHandler(handlers.on_inline_query))
    app.add_error_handler(handlers.on_error)


async def publish_profile(app: Application) -> None:
    """The command menus (everyone's without admin commands; each admin's own with them), the
    description and the short description. Best effort: the bot works without them."""
    s: Services = app.bot_data[SERVICES_KEY]
    calls = [("setMyCommands", app.bot.set_my_commands(bot_commands()))]
    for admin in sorted(s.access.admins):
        # fails with "chat not found" until the admin has started a chat with the bot
        calls.append(("setMyCommands (admin)", app.bot.set_my_commands(bot_commands(True), BotCommandScopeChat(admin))))
    calls.append(("setMyDescription", app.bot.set_my_description(texts.DESCRIPTION)))
    calls.append(("setMyShortDescription", app.bot.set_my_short_description(texts.SHORT_DESCRIPTION)))
    for name, call in calls:
        try:
            await call
        except TelegramError as exc:
            log.warning("%s failed (the bot still works): %s", name, exc)


def purge_once(s: Services) -> None:
    questions = s.questions.purge()
    contexts = s.contexts.purge()
    log.info("purge: %d old questions, %d expired conversation records deleted", questions, contexts)


async def purge_daily(s: Services) -> None:
    """Enforce the retention limits: at start-up, then once a day."""
    while True:
        purge_once(s)
        await asyncio.sleep(PURGE_INTERVAL_SECONDS)


async def post_init(app: Application) -> None:
    """After getMe: publish the bot's profile and start the daily purge."""
    await publish_profile(app)
    s: Services = app.bot_data[SERVICES_KEY]
    app.bot_data[PURGE_TASK_KEY] = asyncio.get_running_loop().create_task(purge_daily(s))
    log.info("reportbot is up as @%s", app.bot.username)


async def post_shutdown(app: Application) -> None:
    """Stop the purge, close the state database and stop the engine thread."""
    task = app.bot_data.pop(PURGE_TASK_KEY, None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    s: Services | None = app.bot_data.get(SERVICES_KEY)
    if s is not None:
        s.questions.close()
        s.contexts.close()
        s.engine.shutdown()


def build_application(
    settings: Settings,
    engine: EngineRunner,
    *,
    clock: Clock = time.time,
    question_log: QuestionLog | None = None,
    rate_limit: bool = True,
    concurrent_updates: int = 16,
    retry_policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    read_timeout: float = SEND_READ_TIMEOUT,
    log_texts: bool = False,
) -> Application:
    """The configured Application: handlers, per-chat ordering, retries (and pacing when
    `rate_limit`), API URL, shared services. `clock` gives epoch seconds (context expiry)."""
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tzinfo))
        .concurrent_updates(PerChatUpdateProcessor(concurrent_updates))
        .rate_limiter(ReliableDelivery(pace=rate_limit, policy=retry_policy))
        .read_timeout(read_timeout)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url).base_file_url(settings.api_file_url)
    app = builder.build()
    hasher = Hasher(settings.effective_hash_key)
    state = StateDB(settings.state_db)
    access = AccessPolicy(
        settings.allowed_user_ids, settings.allowed_chat_ids, settings.admin_user_ids,
        group_policy=settings.group_policy,
    )  # fmt: skip
    app.bot_data[SERVICES_KEY] = Services(
        settings=settings,
        engine=engine,
        contexts=ContextStore(state, hasher, settings.conversation_ttl_minutes * 60, clock=clock),
        access=access,
        questions=question_log or QuestionLog(state, hasher, retention_days=settings.retention_days),
        hasher=hasher,
        log_texts=log_texts,
    )
    register_handlers(app)
    return app


def webhook_options(url: str, listen: str, port: int, secret: str | None, drop_pending: bool = False) -> dict:
    """Arguments for run_webhook / Updater.start_webhook: serve the URL's path on listen:port,
    register the URL with Telegram, and require the secret token header when one is set."""
    return {
        "listen": listen,
        "port": port,
        "url_path": urlsplit(url).path.lstrip("/"),
        "webhook_url": url,
        "secret_token": secret,
        "allowed_updates": Update.ALL_TYPES,
        "drop_pending_updates": drop_pending or None,
    }


def load_engine() -> object:
    from bot.covid_overlay import LiveEngine  # imported late: the Telegram layer must not need it to start

    engine = LiveEngine.load()
    engine.warm()  # built before the first update arrives, not during its answer
    return engine


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot telegram",
        description="Run the reportbot Telegram bot (long polling unless --webhook is given).",
    )
    parser.add_argument("--webhook", metavar="URL", help="public HTTPS URL Telegram should POST updates to")
    parser.add_argument("--listen", default="0.0.0.0", help="webhook: address to bind (default 0.0.0.0)")
    parser.add_argument("--port", type=int, default=8443, help="webhook: port to bind (default 8443)")
    parser.add_argument(
        "--drop-pending", action="store_true", help="discard updates that arrived while the bot was down"
    )
    parser.add_argument("--log-level", default="INFO", help="logging level (default INFO)")
    parser.add_argument(
        "--log-texts", action="store_true",
        help="with --log-level DEBUG: also log what people write (ids stay hashed); off by default",
    )  # fmt: skip
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m bot telegram`. Returns the process exit code."""
    args = parse_args(argv)
    try:
        settings = load_settings(env_file=Path(".env"))
        if args.webhook and urlsplit(args.webhook).scheme not in ("http", "https"):
            raise ConfigError("--webhook needs an http(s) URL, e.g. https://bot.example.org/telegram")
    except ConfigError as exc:
        print(f"reportbot telegram: {exc}", file=sys.stderr)
        return 2
    secrets = [settings.token, settings.webhook_secret or "", settings.hash_key or ""]
    configure_logging(args.log_level, secrets=secrets)
    if not settings.hash_key:
        log.debug("REPORTBOT_HASH_KEY is not set: hashing ids with a key derived from the token (development)")
    try:
        engine = EngineRunner.load(load_engine)
    except Exception as exc:  # noqa: BLE001 - report and exit instead of a traceback
        log.error("cannot load the knowledge base (run `python -m bot build` first?): %s", exc)
        return 1
    try:
        app = build_application(settings, engine, log_texts=args.log_texts)
        if args.webhook:
            if not settings.webhook_secret:
                log.warning("TELEGRAM_WEBHOOK_SECRET is not set: anyone who finds the URL can post updates")
            app.run_webhook(
                **webhook_options(args.webhook, args.listen, args.port, settings.webhook_secret, args.drop_pending)
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=args.drop_pending or None)
    except InvalidToken:
        # one line, no token (PTB's own message quotes it), exit 2: a configuration error
        print("reportbot telegram: Telegram rejected TELEGRAM_BOT_TOKEN (revoked or mistyped?); "
              "get the current token from @BotFather", file=sys.stderr)  # fmt: skip
        return 2
    except NetworkError as exc:
        print(f"reportbot telegram: cannot reach Telegram: {redact_secrets(str(exc), secrets)}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one redacted line instead of a traceback
        text = redact_secrets(f"{type(exc).__name__}: {exc}", secrets)
        print(f"reportbot telegram: stopped by an unexpected error: {text}", file=sys.stderr)
        return 1
    return 0
