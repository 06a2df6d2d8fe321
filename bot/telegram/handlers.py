"""The bot's update handlers: small async functions, registered in app.build_application."""

from __future__ import annotations

import contextlib
import hashlib
import logging

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.answer import Answer

from . import charts, keyboards, render, texts
from .inputs import MAX_QUESTION_CHARS, clean_question, parse_month, strip_mentions
from .services import SERVICES_KEY, Services

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
INLINE_CACHE_SECONDS = 30
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def services(context: Context) -> Services:
    return context.application.bot_data[SERVICES_KEY]


# -- sending ---------------------------------------------------------------------------------


async def reply(
    update: Update,
    context: Context,
    chunks: list[str],
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Send HTML chunks to the update's chat; the keyboard goes on the last one. In groups the
    first chunk replies to the message that asked (when there is one)."""
    chat = update.effective_chat
    if chat is None:
        return None
    message = update.message
    reply_to = None
    if message is not None and chat.type != ChatType.PRIVATE:
        reply_to = ReplyParameters(message.message_id, allow_sending_without_reply=True)
    thread_id = None
    source = update.effective_message
    if source is not None and getattr(source, "is_topic_message", False):
        thread_id = source.message_thread_id
    sent = None
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        sent = await context.bot.send_message(
            chat.id,
            chunk,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if last else None,
            reply_parameters=reply_to if i == 0 else None,
            message_thread_id=thread_id,
            link_preview_options=NO_PREVIEW,
        )
    return sent


async def reply_text(update: Update, context: Context, html: str, markup=None) -> Message | None:
    return await reply(update, context, [html], markup)


async def typing(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    with contextlib.suppress(TelegramError):
        await context.bot.send_chat_action(chat.id, ChatAction.TYPING)


async def send_answer(update: Update, context: Context, answer: Answer, note: str | None = None) -> None:
    chat = update.effective_chat
    if chat is not None:
        services(context).sessions.remember(chat.id, answer)
    markup = charts.with_chart_button(context, answer, keyboards.answer_keyboard(answer))
    await reply(update, context, render.render_answer(answer, note), markup)


async def engine_answer(update: Update, context: Context, method: str, *args) -> None:
    """Run a canned engine query (covid, budget, schedule, section summary) and send it."""
    await typing(update, context)
    answer = await services(context).engine.call(method, *args)
    await send_answer(update, context, answer)


async def respond_to_question(update: Update, context: Context, raw: str | None) -> None:
    """The core turn: clean the question, ask the engine with the chat's conversation, log it,
    send the answer with its buttons."""
    s = services(context)
    chat = update.effective_chat
    if chat is None:
        return
    question, truncated = clean_question(raw)
    if not question:
        await reply_text(update, context, texts.EMPTY_QUESTION)
        return
    if await charts.answer_chart_request(update, context, question):
        return  # "재결건수 추이 그래프": a picture
    note = texts.TRUNCATED_NOTE.format(limit=MAX_QUESTION_CHARS) if truncated else None
    await typing(update, context)
    async with s.sessions.lock(chat.id):
        session = s.sessions.session(chat.id)
        answer = await s.engine.answer(question, session.conversation)
        session.last_answer = answer
    s.questions.log_question(chat.id, question, answer.intent, answer.answered)
    await send_answer(update, context, answer, note)


# -- access ----------------------------------------------------------------------------------


async def guard(update: Update, context: Context) -> None:
    """Runs before every other handler (group -1). Outsiders get one polite refusal per chat
    and nothing else: inline queries get an empty result, buttons a short notice."""
    access = services(context).access
    if not access.restricted:
        return
    user = update.effective_user
    chat = update.effective_chat
    if access.allows(user.id if user else None, chat.id if chat else None):
        return
    with contextlib.suppress(TelegramError):
        if update.inline_query is not None:
            await update.inline_query.answer([], cache_time=INLINE_CACHE_SECONDS, is_personal=True)
        elif update.callback_query is not None:
            await update.callback_query.answer(texts.REFUSAL_SHORT)
        elif update.message is not None and chat is not None and access.first_refusal(chat.id):
            await context.bot.send_message(chat.id, texts.REFUSAL)
    log.info("refused update %s from a chat not on the allowlist", update.update_id)
    raise ApplicationHandlerStop


# -- commands --------------------------------------------------------------------------------


async def cmd_start(update: Update, context: Context) -> None:
    """What the bot knows (the report's topics, from the engine) and three example buttons."""
    topics = ", ".join(render.esc(title) for _, title in await services(context).topics())
    parts = [texts.START, texts.START_TOPICS.format(topics=topics) if topics else "", texts.START_HINT]
    chunks = render.split_html([render.raw_html(p) for p in parts if p])
    await reply(update, context, chunks, keyboards.examples_keyboard(texts.START_EXAMPLES))


async def cmd_help(update: Update, context: Context) -> None:
    await reply_text(update, context, texts.HELP)


async def cmd_topics(update: Update, context: Context) -> None:
    markup = keyboards.topics_keyboard(await services(context).topics())
    await reply_text(update, context, texts.TOPICS_HEADER if markup else texts.TOPICS_EMPTY, markup)


async def cmd_covid(update: Update, context: Context) -> None:
    await engine_answer(update, context, "covid_status")


async def cmd_budget(update: Update, context: Context) -> None:
    await engine_answer(update, context, "budget_overview")


async def cmd_schedule(update: Update, context: Context) -> None:
    try:
        month = parse_month(list(context.args or []))
    except ValueError:
        await reply_text(update, context, texts.SCHEDULE_BAD_MONTH)
        return
    await engine_answer(update, context, "schedule", month)


async def cmd_source(update: Update, context: Context) -> None:
    s = services(context)
    chat = update.effective_chat
    last = s.sessions.last_answer(chat.id) if chat else None
    if last is None:
        await reply_text(update, context, texts.NO_SOURCE)
        return
    await typing(update, context)
    passage = await s.engine.call("source_passage", last)
    if not (passage or "").strip():
        await reply_text(update, context, texts.NO_PASSAGE)
        return
    await reply(update, context, render.render_passage(last, passage))


async def cmd_reset(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is not None:
        services(context).sessions.reset(chat.id)
    await reply_text(update, context, texts.RESET_DONE)


async def cmd_stats(update: Update, context: Context) -> None:
    s = services(context)
    user = update.effective_user
    if not s.access.is_admin(user.id if user else None):
        await reply_text(update, context, texts.ADMIN_ONLY)
        return
    stats = s.questions.stats()
    if stats is None:
        await reply_text(update, context, texts.STATS_UNAVAILABLE)
        return
    lines = [
        f"전체 질문: {stats.total}",
        f"답변: {stats.answered} / 답하지 못함: {stats.unanswered}",
        f"대화방 수: {stats.chats}",
        f"최근 24시간: {stats.last_24h}",
    ]
    top = s.questions.unanswered(5)
    if top:
        lines.append("")
        lines.append("자주 나온 미답변 질문:")
        lines.extend(f"{n}× {q}" for q, n in top)
    chunks = render.split_html([render.raw_html("<b>질문 통계</b>"), render.text("\n".join(lines))])
    await reply(update, context, chunks)


async def on_unknown_command(update: Update, context: Context) -> None:
    message = update.message
    chat = update.effective_chat
    if message is None or chat is None or not message.text:
        return
    command = message.text.split(maxsplit=1)[0]
    _, at, target = command.partition("@")
    if chat.type != ChatType.PRIVATE:
        # in groups other bots' commands are none of our business
        if not at or target.lower() != (context.bot.username or "").lower():
            return
    await reply_text(update, context, texts.UNKNOWN_COMMAND)


# -- free text -------------------------------------------------------------------------------


async def on_private_text(update: Update, context: Context) -> None:
    await respond_to_question(update, context, update.message.text if update.message else None)


async def on_private_other(update: Update, context: Context) -> None:
    """Stickers, photos, voice… in a private chat: ask for text."""
    await reply_text(update, context, texts.EMPTY_QUESTION)


def _mentions_of_bot(message: Message, username: str) -> list[str]:
    wanted = f"@{username}".lower()
    found = message.parse_entities([MessageEntity.MENTION]).values()
    return [t for t in found if t.lower() == wanted]


async def on_group_text(update: Update, context: Context) -> None:
    """In groups, answer only messages that mention the bot or reply to one of its messages."""
    message = update.message
    if message is None or not message.text:
        return
    mentions = _mentions_of_bot(message, context.bot.username or "")
    replied = message.reply_to_message
    to_bot = (
        replied is not None
        and replied.from_user is not None
        and replied.from_user.id == context.bot.id
        and not getattr(replied, "forum_topic_created", None)
    )
    if not mentions and not to_bot:
        return
    await respond_to_question(update, context, strip_mentions(message.text, mentions))


# -- buttons ---------------------------------------------------------------------------------


async def on_callback(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    action = keyboards.decode(query.data)
    if action is None or update.effective_chat is None:
        await query.answer(texts.BAD_BUTTON)
        return
    if action.kind == "topic":
        topics = dict(await services(context).topics())
        if action.value not in topics:
            await query.answer(texts.UNKNOWN_TOPIC)
            return
        await query.answer()
        await engine_answer(update, context, "section_summary", action.value)
        return
    question = action.value
    if action.kind == "ref":
        markup = getattr(query.message, "reply_markup", None)
        question = keyboards.resolve_ref(action, query.data, markup)
        if question is None:
            await query.answer(texts.EXPIRED_BUTTON)
            return
    await query.answer()
    await respond_to_question(update, context, question)


# -- inline mode -----------------------------------------------------------------------------


def _article(answer: Answer, key: str) -> InlineQueryResultArticle:
    chunks = render.render_answer(answer, limit=render.MAX_MESSAGE - 50)
    body = chunks[0] if len(chunks) == 1 else chunks[0] + "\n…"
    return InlineQueryResultArticle(
        id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:32],
        title=render.first_line(answer.text),
        description=render.inline_description(answer),
        input_message_content=InputTextMessageContent(body, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW),
    )


async def on_inline_query(update: Update, context: Context) -> None:
    """`@bot 질문` in any chat: the answer as an article (each interpretation when asked back)."""
    query = update.inline_query
    if query is None:
        return
    question, _ = clean_question(query.query)
    if not question:
        await query.answer([], cache_time=INLINE_CACHE_SECONDS)
        return
    engine = services(context).engine
    answer = await engine.answer(question, None)
    answers = [answer]
    if not answer.answered and answer.choices:
        answers = [await engine.answer(choice, None) for choice in answer.choices[:3]] or answers
    results = [_article(a, f"{i}:{a.question or question}") for i, a in enumerate(answers)]
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS)


# -- errors ----------------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the error, tell the user something went wrong (best effort), keep running."""
    update_id = getattr(update, "update_id", None)
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        if update.effective_chat is not None and (update.message or update.callback_query):
            await context.bot.send_message(update.effective_chat.id, texts.ERROR)
    except Exception:  # noqa: BLE001 - the error handler itself must never raise
        log.warning("could not tell chat about the error of update %s", update_id)
