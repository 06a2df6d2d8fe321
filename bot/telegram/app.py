"""Build and run the Telegram application (python-telegram-bot v22, asyncio).

`python -m bot telegram` calls `main(argv)`: long polling by default, or `--webhook URL`.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
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

from . import covid, handlers, texts
from .access import AccessPolicy
from .config import ConfigError, Settings, load_settings
from .logs import configure_logging
from .questionlog import QuestionLog
from .ratelimit import MessageRateLimiter
from .services import SERVICES_KEY, EngineRunner, Services
from .sessions import Clock, SessionStore

log = logging.getLogger(__name__)

NEW_MESSAGES = filters.UpdateType.MESSAGE  # not edits, not channel posts

COMMAND_HANDLERS: tuple[tuple[str, Callable], ...] = (
    ("start", handlers.cmd_start),
    ("help", handlers.cmd_help),
    ("topics", handlers.cmd_topics),
    ("covid", handlers.cmd_covid),
    ("budget", handlers.cmd_budget),
    ("schedule", handlers.cmd_schedule),
    ("source", handlers.cmd_source),
    ("reset", handlers.cmd_reset),
    ("stats", handlers.cmd_stats),
)


def bot_commands() -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in texts.COMMANDS]


def register_handlers(app: Application) -> None:
    """Every handler of the bot, in one place. Group -1 (the access guard) runs first."""
    app.add_handler(TypeHandler(Update, handlers.guard), group=-1)
    covid.register(app)  # /subscribe, /unsubscribe, /covid with its button, /covid_add, the daily brief
    for name, callback in COMMAND_HANDLERS:
        app.add_handler(CommandHandler(name, callback, filters=NEW_MESSAGES))
    app.add_handler(MessageHandler(filters.COMMAND & NEW_MESSAGES, handlers.on_unknown_command))
    app.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & NEW_MESSAGES,
            handlers.on_private_text,
        )
    )
    app.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS & NEW_MESSAGES,
            handlers.on_group_text,
        )
    )
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & NEW_MESSAGES & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            handlers.on_private_other,
        )
    )
    app.add_handler(CallbackQueryHandler(handlers.on_callback))
    app.add_handler(InlineQueryHandler(handlers.on_inline_query))
    app.add_error_handler(handlers.on_error)


async def post_init(app: Application) -> None:
    """After getMe: publish the command menu (Korean descriptions)."""
    try:
        await app.bot.set_my_commands(bot_commands())
    except TelegramError as exc:
        log.warning("setMyCommands failed (the bot still works): %s", exc)
    log.info("reportbot is up as @%s", app.bot.username)


async def post_shutdown(app: Application) -> None:
    """Close the question log and stop the engine thread."""
    s: Services | None = app.bot_data.get(SERVICES_KEY)
    if s is not None:
        s.questions.close()
        s.engine.shutdown()


def build_application(
    settings: Settings,
    engine: EngineRunner,
    *,
    clock: Clock = time.monotonic,
    question_log: QuestionLog | None = None,
    rate_limit: bool = True,
    concurrent_updates: int = 16,
) -> Application:
    """The configured Application: handlers, rate limiter, API URL, shared services."""
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tzinfo))
        .concurrent_updates(concurrent_updates)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if rate_limit:
        builder = builder.rate_limiter(MessageRateLimiter(max_retries=2))
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url).base_file_url(settings.api_file_url)
    app = builder.build()
    app.bot_data[SERVICES_KEY] = Services(
        settings=settings,
        engine=engine,
        sessions=SessionStore(settings.conversation_ttl_minutes * 60, clock=clock),
        access=AccessPolicy(settings.allowed_user_ids, settings.allowed_chat_ids, settings.admin_user_ids),
        questions=question_log or QuestionLog(settings.state_db, salt=settings.log_salt),
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

    return LiveEngine.load()


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
    configure_logging(args.log_level, secrets=[settings.token, settings.webhook_secret or ""])
    try:
        engine = EngineRunner.load(load_engine)
    except Exception as exc:  # noqa: BLE001 - report and exit instead of a traceback
        log.error("cannot load the knowledge base (run `python -m bot build` first?): %s", exc)
        return 1
    app = build_application(settings, engine)
    if args.webhook:
        if not settings.webhook_secret:
            log.warning("TELEGRAM_WEBHOOK_SECRET is not set: anyone who finds the URL can post updates")
        app.run_webhook(
            **webhook_options(args.webhook, args.listen, args.port, settings.webhook_secret, args.drop_pending)
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=args.drop_pending or None)
    return 0
