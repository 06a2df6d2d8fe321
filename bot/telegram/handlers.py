"""The bot's update handlers: small async functions, registered in app.build_application.

Updates of one chat reach these handlers one at a time, in order (ordering.py); every request
they make is retried on transient failures (ratelimit.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Sequence

from telegram import (
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.answer import Answer

from . import charts, keyboards, render, texts
from .inputs import MAX_QUESTION_CHARS, clean_question, is_foreign, parse_month, strip_mentions
from .services import SERVICES_KEY, Services
from .sessions import ChatContext

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
INLINE_CACHE_SECONDS = 30
TYPING_READ_TIMEOUT = 5.0  # "typing" is best effort: a hanging one must not hold the chat's turn long
INLINE_HELP_PAYLOAD = "inline"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)
PRESENT = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


def services(context: Context) -> Services:
    return context.application.bot_data[SERVICES_KEY]


def in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type in GROUP_TYPES


def username(context: Context) -> str:
    return context.bot.username or "bot"


# -- sending ---------------------------------------------------------------------------------


async def reply(
    update: Update,
    context: Context,
    chunks: list[str],
    markup: InlineKeyboardMarkup | None = None,
) -> list[Message]:
    """Send HTML chunks to the update's chat; the keyboard goes on the last one. In groups the
    first chunk replies to the message that asked (when there is one)."""
    chat = update.effective_chat
    if chat is None:
        return []
    message = update.message
    reply_to = None
    if message is not None and chat.type != ChatType.PRIVATE:
        reply_to = ReplyParameters(message.message_id, allow_sending_without_reply=True)
    thread_id = None
    source = update.effective_message
    if source is not None and getattr(source, "is_topic_message", False):
        thread_id = source.message_thread_id
    sent = []
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        sent.append(
            await context.bot.send_message(
                chat.id,
                chunk,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if last else None,
                reply_parameters=reply_to if i == 0 else None,
                message_thread_id=thread_id,
                link_preview_options=NO_PREVIEW,
            )
        )
    return sent


async def reply_text(update: Update, context: Context, html: str, markup=None) -> list[Message]:
    return await reply(update, context, [html], markup)


async def replace_messages(
    context: Context, chat_id: int, old: list[int], chunks: list[str], markup: InlineKeyboardMarkup | None
) -> list[int]:
    """Edit the bot's messages `old` to show `chunks` (sending more, deleting the rest)."""
    ids: list[int] = []
    for i, chunk in enumerate(chunks):
        keyboard = markup if i == len(chunks) - 1 else None
        if i < len(old):
            try:
                await context.bot.edit_message_text(
                    chunk, chat_id, old[i], parse_mode=ParseMode.HTML, reply_markup=keyboard,
                    link_preview_options=NO_PREVIEW,
                )  # fmt: skip
            except BadRequest as exc:
                if "not modified" not in str(exc).lower():
                    raise
            ids.append(old[i])
        else:
            sent = await context.bot.send_message(
                chat_id, chunk, parse_mode=ParseMode.HTML, reply_markup=keyboard, link_preview_options=NO_PREVIEW
            )
            ids.append(sent.message_id)
    for message_id in old[len(chunks) :]:
        with contextlib.suppress(TelegramError):
            await context.bot.delete_message(chat_id, message_id)
    return ids


async def typing(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    with contextlib.suppress(TelegramError):
        await context.bot.send_chat_action(chat.id, ChatAction.TYPING, read_timeout=TYPING_READ_TIMEOUT)


async def ack(update: Update, text: str | None = None) -> None:
    """Answer a button's callback query. Best effort: when Telegram refuses (a query too old, a
    server error after the retries), the button's answer is still sent."""
    if update.callback_query is None:
        return
    try:
        await update.callback_query.answer(text)
    except TelegramError as exc:
        log.warning("answerCallbackQuery failed (%s); the button is answered anyway", exc)


def question_message_id(update: Update) -> int | None:
    return update.message.message_id if update.message is not None else None


async def send_answer(
    update: Update, context: Context, answer: Answer, extra_rows: Sequence[Sequence[InlineKeyboardButton]] = ()
) -> None:
    """Send a canned view (covid, budget, schedule, section summary), with `extra_rows` of buttons
    under its own; it becomes the chat's last answer (for /source) and replies to it keep the
    chat's conversation."""
    chat = update.effective_chat
    markup = charts.with_chart_button(context, answer, keyboards.answer_keyboard(answer))
    if extra_rows:
        markup = InlineKeyboardMarkup([*(markup.inline_keyboard if markup else ()), *extra_rows])
    sent = await reply(update, context, render.render_answer(answer), markup)
    if chat is None:
        return
    store = services(context).contexts
    ctx = store.load(chat.id)
    ctx.last_answer, ctx.question_msg = answer, None
    store.save(chat.id, ctx)
    store.record_turn(chat.id, None, [m.message_id for m in sent], ctx, ctx)


async def engine_answer(update: Update, context: Context, method: str, *args) -> None:
    """Run a canned engine query (covid, budget, schedule, section summary) and send it."""
    await typing(update, context)
    answer = await services(context).engine.call(method, *args)
    await send_answer(update, context, answer)


def context_for(update: Update, context: Context) -> ChatContext:
    """The conversation a question continues: that of the bot's answer it replies to (or whose
    button was pressed) while that is kept, else the chat's latest."""
    s = services(context)
    chat = update.effective_chat
    assert chat is not None
    anchor = None
    if update.callback_query is not None and update.callback_query.message is not None:
        anchor = update.callback_query.message
    elif update.message is not None and update.message.reply_to_message is not None:
        anchor = update.message.reply_to_message
    if anchor is not None and anchor.from_user is not None and anchor.from_user.id == context.bot.id:
        turn = s.contexts.turn_of_answer(chat.id, anchor.message_id)
        if turn is not None:
            return turn.after
    return s.contexts.load(chat.id)


async def refuse_foreign(update: Update, context: Context, question: str) -> None:
    services(context).questions.log_question(update.effective_chat.id, question, "foreign", False)
    await reply_text(update, context, texts.FOREIGN, keyboards.examples_keyboard(texts.START_EXAMPLES))


async def respond_to_question(update: Update, context: Context, raw: str | None) -> None:
    """The core turn: clean the question, ask the engine with the conversation it continues,
    save the context, log the question, send the answer with its buttons."""
    s = services(context)
    chat = update.effective_chat
    if chat is None:
        return
    question, truncated = clean_question(raw)
    if not question:
        await reply_text(update, context, texts.EMPTY_QUESTION)
        return
    if is_foreign(question):
        await refuse_foreign(update, context, question)
        return
    if await charts.answer_chart_request(update, context, question):
        return  # "재결건수 추이 그래프": a picture
    note = texts.TRUNCATED_NOTE.format(limit=MAX_QUESTION_CHARS) if truncated else None
    await typing(update, context)
    ctx = context_for(update, context)
    before = ctx.copy()
    answer = await s.engine.answer(question, ctx.conversation)
    after = ChatContext(ctx.conversation, answer, question_message_id(update))
    s.contexts.save(chat.id, after)
    s.questions.log_question(chat.id, question, answer.intent, answer.answered)
    markup = charts.with_chart_button(context, answer, keyboards.answer_keyboard(answer))
    sent = await reply(update, context, render.render_answer(answer, note), markup)
    s.contexts.record_turn(chat.id, question_message_id(update), [m.message_id for m in sent], before, after)


# -- access ----------------------------------------------------------------------------------


def describe(update: Update, s: Services) -> str:
    """One DEBUG line about an update: kind and hashed ids; the text only with --log-texts."""
    kind = next((k for k in ("message", "edited_message", "callback_query", "inline_query", "my_chat_member")
                 if getattr(update, k, None) is not None), "other")  # fmt: skip
    chat, user = update.effective_chat, update.effective_user
    line = f"update {update.update_id} {kind} chat={s.hasher.short(chat.id if chat else None)} " + (
        f"user={s.hasher.short(user.id if user else None)}"
    )
    if s.log_texts:
        message = update.effective_message
        text = (message.text or message.caption) if message is not None else None
        if update.inline_query is not None:
            text = update.inline_query.query
        elif update.callback_query is not None:
            text = update.callback_query.data
        line += f" text={text!r}"
    return line


async def guard(update: Update, context: Context) -> None:
    """Runs before every other handler (group -1). Outsiders get one polite refusal per chat
    and nothing else: inline queries get an empty result, buttons a short notice."""
    s = services(context)
    if log.isEnabledFor(logging.DEBUG):
        log.debug("%s", describe(update, s))
    if update.my_chat_member is not None:
        await on_my_chat_member(update, context)
        raise ApplicationHandlerStop
    user = update.effective_user
    chat = update.effective_chat
    if s.access.allows(user.id if user else None, chat.id if chat else None, group=in_group(update)):
        return
    with contextlib.suppress(TelegramError):
        if update.inline_query is not None:
            await update.inline_query.answer([], cache_time=INLINE_CACHE_SECONDS, is_personal=True)
        elif update.callback_query is not None:
            await update.callback_query.answer(texts.REFUSAL_SHORT)
        elif update.message is not None and chat is not None and s.access.first_refusal(chat.id):
            await context.bot.send_message(chat.id, texts.REFUSAL)
    log.info("refused update %s from a chat not on the allowlist", update.update_id)
    raise ApplicationHandlerStop


async def on_my_chat_member(update: Update, context: Context) -> None:
    """The bot was added to a group. Not on the allowlist: an admin who added it is told how to
    list the group; anyone else's group is left at once."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type not in GROUP_TYPES:
        return
    joined = change.new_chat_member.status in PRESENT and change.old_chat_member.status not in PRESENT
    if not joined:
        return
    s = services(context)
    adder = change.from_user.id if change.from_user else None
    chat_id = change.chat.id
    if s.access.allows(adder, chat_id, group=True):
        return
    if s.access.is_admin(adder):
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(chat_id, texts.GROUP_NOT_LISTED.format(chat_id=chat_id))
        return
    if s.access.group_policy == "open" and not s.access.is_stranger(adder):
        return
    log.info("left group %s: added by someone not on the allowlist", s.hasher.short(chat_id))
    with contextlib.suppress(TelegramError):
        await context.bot.leave_chat(chat_id)


# -- commands --------------------------------------------------------------------------------


async def cmd_start(update: Update, context: Context) -> None:
    """What the bot knows (the report's topics, from the engine) and three example buttons; with
    a deep-link payload (t.me/<bot>?start=covid|budget|topics|inline), that view instead."""
    payload = (context.args or [""])[0].lower() if context.args else ""
    if payload in START_VIEWS:
        await START_VIEWS[payload](update, context)
        return
    topics = ", ".join(render.esc(title) for _, title in await services(context).topics())
    parts = [texts.START, texts.START_TOPICS.format(topics=topics) if topics else "", texts.START_HINT]
    chunks = render.split_html([render.raw_html(p) for p in parts if p])
    await reply(update, context, chunks, keyboards.examples_keyboard(texts.START_EXAMPLES))


async def cmd_help(update: Update, context: Context) -> None:
    await reply_text(update, context, texts.HELP.format(username=render.esc(username(context))))


async def show_inline_help(update: Update, context: Context) -> None:
    await reply_text(update, context, texts.INLINE_HELP.format(username=render.esc(username(context))))


async def cmd_topics(update: Update, context: Context) -> None:
    markup = keyboards.topics_keyboard(await services(context).topics())
    await reply_text(update, context, texts.TOPICS_HEADER if markup else texts.TOPICS_EMPTY, markup)


async def cmd_covid(update: Update, context: Context) -> None:
    await engine_answer(update, context, "covid_status")


async def cmd_budget(update: Update, context: Context) -> None:
    await engine_answer(update, context, "budget_overview")


START_VIEWS = {"covid": cmd_covid, "budget": cmd_budget, "topics": cmd_topics, INLINE_HELP_PAYLOAD: show_inline_help}


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
    last = context_for(update, context).last_answer if chat else None
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
        services(context).contexts.reset(chat.id)
    await reply_text(update, context, texts.RESET_DONE)


async def cmd_stats(update: Update, context: Context) -> None:
    """Admins only, and only in their private chat with the bot (the list holds questions)."""
    s = services(context)
    user = update.effective_user
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await reply_text(update, context, texts.ADMIN_PRIVATE_ONLY)
        return
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
    # in groups other bots' commands are none of our business
    if chat.type != ChatType.PRIVATE and (not at or target.lower() != username(context).lower()):
        return
    await reply_text(update, context, texts.UNKNOWN_COMMAND)


# -- free text -------------------------------------------------------------------------------


def message_question(message: Message | None) -> str | None:
    """The question of a message: its text, or a photo's (document's…) caption."""
    if message is None:
        return None
    return message.text if message.text is not None else message.caption


async def on_private_text(update: Update, context: Context) -> None:
    await respond_to_question(update, context, message_question(update.message))


async def on_private_other(update: Update, context: Context) -> None:
    """Stickers, uncaptioned photos, voice… in a private chat: ask for text."""
    await reply_text(update, context, texts.EMPTY_QUESTION)


def _mentions_of_bot(message: Message, name: str) -> list[str]:
    wanted = f"@{name}".lower()
    if message.text is not None:
        found = message.parse_entities([MessageEntity.MENTION]).values()
    else:
        found = message.parse_caption_entities([MessageEntity.MENTION]).values()
    return [t for t in found if t.lower() == wanted]


def group_question(message: Message, context: Context) -> str | None:
    """A group message's question when it is for the bot (mention or reply to the bot), else None."""
    text = message_question(message)
    if not text:
        return None
    mentions = _mentions_of_bot(message, username(context))
    replied = message.reply_to_message
    to_bot = (
        replied is not None
        and replied.from_user is not None
        and replied.from_user.id == context.bot.id
        and not getattr(replied, "forum_topic_created", None)
    )
    if not mentions and not to_bot:
        return None
    return strip_mentions(text, mentions)


async def on_group_text(update: Update, context: Context) -> None:
    """In groups, answer only messages that mention the bot or reply to one of its messages."""
    if update.message is None:
        return
    question = group_question(update.message, context)
    if question is not None:
        await respond_to_question(update, context, question)


async def on_edited_message(update: Update, context: Context) -> None:
    """A question was edited: answer the new text from the context the original question had,
    by editing the bot's earlier answer (no new message). Edits of anything else are ignored."""
    message = update.edited_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    s = services(context)
    turn = s.contexts.turn_of_question(chat.id, message.message_id)
    if turn is None:
        return
    raw = group_question(message, context) if in_group(update) else message_question(message)
    question, truncated = clean_question(raw)
    if not question or question.startswith("/"):
        return
    if is_foreign(question):
        s.questions.log_question(chat.id, question, "foreign", False)
        chunks, markup = [texts.FOREIGN], keyboards.examples_keyboard(texts.START_EXAMPLES)
        after = turn.before
    else:
        ctx = turn.before
        answer = await s.engine.answer(question, ctx.conversation)
        after = ChatContext(ctx.conversation, answer, message.message_id)
        s.questions.log_question(chat.id, question, answer.intent, answer.answered)
        note = texts.TRUNCATED_NOTE.format(limit=MAX_QUESTION_CHARS) if truncated else None
        chunks, markup = render.render_answer(answer, note), keyboards.answer_keyboard(answer)
    ids = await replace_messages(context, chat.id, turn.answer_msgs, chunks, markup)
    s.contexts.update_turn(chat.id, turn, ids, after)
    if s.contexts.load(chat.id).question_msg == message.message_id:
        s.contexts.save(chat.id, after)  # it was the latest question: the conversation goes on from the new answer


# -- buttons ---------------------------------------------------------------------------------


async def on_callback(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    action = keyboards.decode(query.data)
    if action is None or update.effective_chat is None:
        await ack(update, texts.BAD_BUTTON)
        return
    if action.kind == "topic":
        topics = dict(await services(context).topics())
        if action.value not in topics:
            await ack(update, texts.UNKNOWN_TOPIC)
            return
        await ack(update)
        await engine_answer(update, context, "section_summary", action.value)
        return
    question = action.value
    if action.kind == "ref":
        markup = getattr(query.message, "reply_markup", None)
        question = keyboards.resolve_ref(action, query.data, markup)
        if question is None:
            await ack(update, texts.EXPIRED_BUTTON)
            return
    await ack(update)
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
    """`@bot 질문` in any chat: the answer as an article (each interpretation when asked back).
    Results are always personal: Telegram must not show one user's results to another."""
    query = update.inline_query
    if query is None:
        return
    question, _ = clean_question(query.query)
    if not question:
        button = InlineQueryResultsButton(texts.INLINE_HINT_BUTTON, start_parameter=INLINE_HELP_PAYLOAD)
        await query.answer([], cache_time=INLINE_CACHE_SECONDS, is_personal=True, button=button)
        return
    engine = services(context).engine
    answer = await engine.answer(question, None)
    answers = [answer]
    if not answer.answered and answer.choices:
        answers = [await engine.answer(choice, None) for choice in answer.choices[:3]] or answers
    results = [_article(a, f"{i}:{a.question or question}") for i, a in enumerate(answers)]
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=True)


# -- errors ----------------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the error, tell the user once that something went wrong (best effort), keep running.
    Sends were already retried (ratelimit.py), so this apology comes only after they are spent."""
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
