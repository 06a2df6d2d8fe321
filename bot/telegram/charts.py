"""Charts on Telegram: `/chart` (a menu of chart buttons), chart requests in questions
("재결건수 추이 그래프" → a PNG by sendPhoto with a one-line caption naming the source section),
and a "그래프" button under the trend answers whose figures a chart holds.

Hooked into the bot with three calls: `register(app)` in app.register_handlers,
`answer_chart_request(...)` at the start of a question turn and `with_chart_button(...)` on an
answer's keyboard. Which charts exist, their words and wording are in charts.yaml; matplotlib is
imported (by bot.chartdraw) only when the first chart is drawn, on a worker thread of its own.

Callback data: "g:<topic>" or "g:<topic>:<subject>,<subject>" (at most 64 bytes).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.answer import Answer
from bot.charts import ChartBook, ChartError, SnapshotSource, load_chartbook

from .services import SERVICES_KEY

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
BOOK_KEY = "reportbot.charts"
PNG_CACHE_KEY = "reportbot.charts.png"
SNAPSHOTS_KEY = "reportbot.charts.snapshots"  # a SnapshotSource, set by whoever keeps snapshots
CALLBACK_PREFIX = "g:"
_CALLBACK_RE = re.compile(r"^g:([a-z0-9_]{1,40})(?::(.{1,40}))?$")
MAX_CALLBACK_BYTES = 64
MAX_CAPTION = 1024  # Telegram's limit for a photo caption
MENU_COLUMNS = 2

_drawing: ThreadPoolExecutor | None = None


def register(app: Application) -> None:
    """`/chart` and the chart buttons; call before the bot's catch-all command and button handlers."""
    app.add_handler(CommandHandler("chart", cmd_chart, filters=filters.UpdateType.MESSAGE))
    app.add_handler(CallbackQueryHandler(on_chart_button, pattern=f"^{CALLBACK_PREFIX}"))


# -- the chart book and the knowledge base --------------------------------------------------------


def _book(context: Context) -> ChartBook | None:
    data = context.application.bot_data
    if BOOK_KEY not in data:
        try:
            data[BOOK_KEY] = load_chartbook()
        except ChartError as exc:
            log.error("charts disabled: %s", exc)
            data[BOOK_KEY] = None
    return data[BOOK_KEY]


def _kb(context: Context) -> Any:
    """The knowledge base of the engine behind the bot (None for an engine without one)."""
    services = context.application.bot_data.get(SERVICES_KEY)
    engine = getattr(getattr(services, "engine", None), "engine", None)  # Services.engine is the runner
    return getattr(engine, "kb", None)


def callback_data(topic: str, subjects: list[str] | tuple[str, ...] = ()) -> str:
    data = f"{CALLBACK_PREFIX}{topic}"
    if subjects:
        longer = f"{data}:{','.join(subjects)}"
        if len(longer.encode("utf-8")) <= MAX_CALLBACK_BYTES:
            return longer
    return data


def decode(data: object) -> tuple[str, list[str]] | None:
    if not isinstance(data, str) or len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        return None
    m = _CALLBACK_RE.match(data)
    if not m:
        return None
    return m.group(1), [s for s in (m.group(2) or "").split(",") if s]


def menu(book: ChartBook, kb: Any) -> InlineKeyboardMarkup | None:
    buttons = [InlineKeyboardButton(t.title, callback_data=callback_data(t.id)) for t in book.available(kb)]
    if not buttons:
        return None
    return InlineKeyboardMarkup([buttons[i : i + MENU_COLUMNS] for i in range(0, len(buttons), MENU_COLUMNS)])


def with_chart_button(
    context: Context, answer: Answer, markup: InlineKeyboardMarkup | None
) -> InlineKeyboardMarkup | None:
    """An answer's keyboard, with a "그래프" button when it is a trend whose figures a chart holds."""
    book, kb = _book(context), _kb(context)
    if book is None or kb is None or answer.intent not in book.button_intents:
        return markup
    found = book.for_answer(answer, kb)
    if found is None:
        return markup
    rows = [list(r) for r in markup.inline_keyboard] if markup else []
    rows.insert(0, [InlineKeyboardButton(book.button_label, callback_data=callback_data(*found))])
    return InlineKeyboardMarkup(rows)


# -- handlers -------------------------------------------------------------------------------------


async def cmd_chart(update: Update, context: Context) -> None:
    """`/chart` shows the menu; `/chart 재결건수` draws that chart at once."""
    book, kb = _book(context), _kb(context)
    if book is None or kb is None:
        await _say(update, context, book.phrase("no_charts") if book else "그래프를 그릴 수 없습니다.")
        return
    request = " ".join(context.args or [])
    found = book.resolve(request, kb) if request.strip() else None
    if found is None:
        await _say(update, context, book.phrase("menu"), menu(book, kb))
        return
    await send_chart(update, context, *found)


async def on_chart_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    book, kb = _book(context), _kb(context)
    found = decode(query.data)
    if book is None or kb is None or found is None or found[0] not in book.topics:
        with contextlib.suppress(TelegramError):
            await query.answer(book.phrase("unknown_topic") if book else "그래프를 그릴 수 없습니다.")
        return
    await query.answer()
    await send_chart(update, context, *found)


async def answer_chart_request(update: Update, context: Context, question: str) -> bool:
    """A question asking for a picture ("재결건수 추이 그래프") gets the chart, or the menu when
    no chart holds what it names. False (the engine answers) when it asks for no picture."""
    book, kb = _book(context), _kb(context)
    if book is None or kb is None or not book.is_request(question):
        return False
    services = context.application.bot_data[SERVICES_KEY]
    found = book.resolve(question, kb)
    if found is None:
        rest = book.without_request_words(question)
        if rest.strip():
            found = book.for_answer(await services.engine.answer(rest, None), kb)
    chat = update.effective_chat
    if chat is not None:
        services.questions.log_question(chat.id, question, "chart", found is not None)
    if found is None:
        await _say(update, context, book.phrase("menu"), menu(book, kb))
        return True
    await send_chart(update, context, *found)
    return True


# -- drawing and sending --------------------------------------------------------------------------


async def send_chart(update: Update, context: Context, topic: str, subjects: list[str]) -> None:
    chat = update.effective_chat
    book, kb = _book(context), _kb(context)
    if chat is None or book is None or kb is None:
        return
    with contextlib.suppress(TelegramError):
        await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_PHOTO)
    snapshots: SnapshotSource | None = context.application.bot_data.get(SNAPSHOTS_KEY)
    try:
        png, caption = await _drawn(context, book, kb, topic, tuple(subjects), snapshots)
    except ChartError as exc:
        log.warning("chart %s not drawn: %s", topic, exc)
        await _say(update, context, book.phrase("drawing_failed", why=str(exc)))
        return
    await context.bot.send_photo(
        chat.id,
        png,
        caption=html.escape(caption[:MAX_CAPTION], quote=False),
        filename=f"{topic}.png",
        reply_parameters=_reply_to(update),
        message_thread_id=_thread(update),
    )


async def _drawn(
    context: Context, book: ChartBook, kb: Any, topic: str, subjects: tuple[str, ...], snapshots: Any
) -> tuple[bytes, str]:
    """PNG and caption; the same chart of the same knowledge base is drawn once."""
    cache: dict = context.application.bot_data.setdefault(PNG_CACHE_KEY, {})
    key = (id(kb), topic, subjects)
    live = snapshots is not None and book.topics[topic].snapshots  # snapshot charts change: never cached
    if not live and key in cache:
        return cache[key]

    def work() -> tuple[bytes, str]:
        from bot.chartdraw import render_png

        data = book.data(topic, kb, subjects, snapshots)
        return render_png(data, book), book.caption(data)

    global _drawing
    if _drawing is None:
        _drawing = ThreadPoolExecutor(1, thread_name_prefix="reportbot-charts")
    result = await asyncio.get_running_loop().run_in_executor(_drawing, work)
    if not live:
        cache[key] = result
    return result


def _reply_to(update: Update) -> ReplyParameters | None:
    chat, message = update.effective_chat, update.message
    if chat is None or message is None or chat.type == ChatType.PRIVATE:
        return None
    return ReplyParameters(message.message_id, allow_sending_without_reply=True)


def _thread(update: Update) -> int | None:
    source = update.effective_message
    return source.message_thread_id if source is not None and getattr(source, "is_topic_message", False) else None


async def _say(update: Update, context: Context, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(
            chat.id,
            html.escape(text, quote=False),
            reply_markup=markup,
            reply_parameters=_reply_to(update),
            message_thread_id=_thread(update),
        )
