"""A fake Telegram Bot API server (aiohttp.web on 127.0.0.1) for offline tests and benchmarks.

    async with FakeTelegram() as tg:
        app = build_application(Settings(token=tg.token, api_base_url=tg.base_url, ...), engine)
        async with running(app):
            tg.send_private("질문")
            [call] = await tg.wait_for("sendMessage")

What it does:
  * serves /bot{token}/{method} (GET or POST; JSON, url-encoded or multipart bodies; form values
    decoded the way python-telegram-bot encodes them);
  * getUpdates is a real long poll: queued updates with update_id >= offset (Telegram's rule:
    offset = last seen id + 1), waiting up to min(timeout, max_poll_wait) for new ones;
  * sendMessage & co. return proper Message objects and keep every bot message per chat, so a
    test can press a button of a message the bot sent (`press`, `tap`) or reply to it;
  * like Telegram it rejects bad requests with 400: malformed HTML (parse_mode=HTML), texts over
    4096 characters, empty texts, callback_data over 64 bytes, bad commands, long callback
    answers; such rejections are also kept in `errors`;
  * records every call (method + decoded params) in `calls`; `wait_for` waits for them;
  * setWebhook switches it to webhook delivery: pushed updates are POSTed to the URL with the
    X-Telegram-Bot-Api-Secret-Token header (getUpdates then answers 409 like Telegram);
  * `fail_next(method, ...)` injects errors (e.g. 429 with retry_after, 500), `drop_next` closes
    the connection without an answer (the call is not carried out), `hang_next` answers late
    (or, with drop=True, hangs and then drops) for resilience tests;
  * edits (`edit`), captioned photos (`send_photo`), the bot being added to a group
    (`add_bot_to_group`); command menus per scope (`commands_for`), the bot's descriptions,
    leaveChat and deleteMessage;
  * a small control API under /_fake/ (push updates, read calls and counts) and a standalone
    mode, `python -m tests.fake_telegram --port 8081`, so a load benchmark can run the server,
    the bot and the driver in separate processes.

Also here, because tests and the benchmark share them: `running(app)` (start an Application
against this server the way run_polling would) and `FakeEngine` (the engine contract, canned).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from aiohttp import ClientSession, ClientTimeout, web

DEFAULT_TOKEN = "123456789:AAFakeTokenForOfflineTests-0123456789"
BOT_ID = 7_000_000_001
BOT_USERNAME = "reportbot_test_bot"
MAX_MESSAGE = 4096
MAX_CAPTION = 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024  # Telegram's limit for a photo upload

# Parameters python-telegram-bot sends as raw strings (everything else is JSON-encoded).
STRING_FIELDS = {
    "text", "caption", "parse_mode", "query", "inline_query_id", "callback_query_id", "action",
    "url", "secret_token", "description", "short_description", "name", "language_code",
    "next_offset", "inline_message_id", "switch_pm_text", "switch_pm_parameter", "emoji",
    "title", "message_text", "ip_address", "business_connection_id", "message_effect_id",
    "scope_type", "file_id", "sticker", "photo", "document",
}  # fmt: skip

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
    "code", "pre", "blockquote", "tg-emoji",
}  # fmt: skip
_TAG_RE = re.compile(r"^<(/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>$")
_ENTITY_RE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """Validate Telegram-HTML like Telegram does; return the plain text. Raises ApiError."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0

    def plain(chunk: str) -> None:
        if ">" in chunk:
            raise ApiError(400, "Bad Request: can't parse entities: unescaped '>'")
        for amp in re.finditer("&", chunk):
            if not _ENTITY_RE.match(chunk, amp.start()):
                raise ApiError(400, "Bad Request: can't parse entities: unsupported HTML entity")
        out.append(html.unescape(chunk))

    while pos < len(text):
        lt = text.find("<", pos)
        if lt < 0:
            plain(text[pos:])
            break
        plain(text[pos:lt])
        gt = text.find(">", lt)
        if gt < 0:
            raise ApiError(400, "Bad Request: can't parse entities: unclosed start tag")
        m = _TAG_RE.match(text[lt : gt + 1])
        if not m or m.group(2).lower() not in ALLOWED_TAGS:
            raise ApiError(400, f"Bad Request: can't parse entities: unsupported start tag {text[lt : gt + 1][:30]!r}")
        closing, name = m.group(1) == "/", m.group(2).lower()
        if closing:
            if not stack or stack[-1] != name:
                raise ApiError(400, f"Bad Request: can't parse entities: unmatched end tag </{name}>")
            stack.pop()
        else:
            stack.append(name)
        pos = gt + 1
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: can't find end tag for <{stack[-1]}>")
    return "".join(out)


def message_text(text: Any, parse_mode: Any, *, strict: bool = True) -> str:
    """The text Telegram would show, after validating it like sendMessage does."""
    if not isinstance(text, str):
        raise ApiError(400, "Bad Request: message text is empty")
    plain = parse_html(text) if strict and str(parse_mode or "").upper() == "HTML" else text
    if not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(plain) > MAX_MESSAGE:
        raise ApiError(400, "Bad Request: message is too long")
    return plain


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG (from its IHDR chunk) or a JPEG (its SOF marker); None otherwise."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data) and data[i] == 0xFF:
            marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
            if 0xC0 <= marker <= 0xC3:
                return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(data[i + 5 : i + 7], "big")
            i += 2 + length
    return None


def check_markup(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not str(button.get("text", "")).strip():
                raise ApiError(400, "Bad Request: BUTTON_TEXT_EMPTY")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def decode_value(key: str, value: str) -> Any:
    if key in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


@dataclass(frozen=True)
class Fault:
    """A connection-level failure injected by drop_next/hang_next/gate_next."""

    delay: float
    drop: bool
    gate: Gate | None = None


@dataclass
class Gate:
    """Holds one call until `open()`: `reached` is set when the call arrives."""

    reached: asyncio.Event = field(default_factory=asyncio.Event)
    opened: asyncio.Event = field(default_factory=asyncio.Event)

    def open(self) -> None:
        self.opened.set()


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    error: str | None = None  # the error the server answered with (the call was not carried out)

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


class FakeTelegram:
    """The fake server. Use as `async with FakeTelegram() as tg:` (or start()/stop())."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_id: int = BOT_ID,
        bot_username: str = BOT_USERNAME,
        max_poll_wait: float = 0.5,
        strict_html: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.token = token
        self.bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Report Bot",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.max_poll_wait = max_poll_wait
        self.strict_html = strict_html
        self.host = host
        self.port = port
        self.calls: list[Call] = []
        self.by_method: dict[str, list[Call]] = {}  # the same calls, by method (cheap lookups under load)
        self.pushed_at: dict[int, float] = {}  # update_id -> time.monotonic() when pushed (for latency)
        self.errors: list[tuple[str, str]] = []  # (method, description) of every 4xx/5xx sent
        self.updates: list[dict] = []  # pending (not yet confirmed) updates
        self.commands: list[dict] = []
        self.scoped_commands: dict[str, list[dict]] = {}  # scope (JSON) -> commands
        self.descriptions: dict[str, str] = {}  # "description" / "short_description"
        self.left_chats: list[int] = []
        self.webhook: dict[str, Any] | None = None
        self.deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status) in webhook mode
        self.chats: dict[int, dict] = {}
        self.blocked: set[int] = set()  # chats whose user blocked the bot: sendMessage gets 403
        self.deleted: set[int] = set()  # chats that no longer exist: sendMessage gets 400 chat not found
        self.messages: dict[int, list[dict]] = {}  # chat id -> every message (users' and bot's)
        self.files: dict[str, bytes] = {}  # digest -> bytes of every uploaded file (sendPhoto …)
        self._update_ids = itertools.count(1)
        self._ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self._failures: dict[str, list[ApiError | Fault]] = {}
        self._runner: web.AppRunner | None = None
        self._changed: asyncio.Condition | None = None
        self._closing: asyncio.Event | None = None
        self._client: ClientSession | None = None
        self._tasks: set[asyncio.Task] = set()

    # -- lifecycle -----------------------------------------------------------------------------
    async def start(self) -> FakeTelegram:
        self._changed = asyncio.Condition()
        self._closing = asyncio.Event()
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_post("/_fake/push", self._control_push)
        app.router.add_post("/_fake/private", self._control_private)
        app.router.add_get("/_fake/calls", self._control_calls)
        app.router.add_get("/_fake/stats", self._control_stats)
        app.router.add_post("/_fake/reset", self._control_reset)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._closing is not None:
            self._closing.set()
        await self._notify()
        for task in list(self._tasks):
            task.cancel()
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """What to give ApplicationBuilder().base_url() (python-telegram-bot appends the token)."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    # -- recording & waiting -------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        return list(self.by_method.get(method, []))

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self.by_method.setdefault(call.method, []).append(call)

    def texts(self, chat_id: int | None = None) -> list[str]:
        """The `text` of every sendMessage carried out (to one chat, if given), in order."""
        return [
            c.params.get("text", "")
            for c in self.calls_to("sendMessage")
            if c.error is None and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def clear(self) -> None:
        self.calls.clear()
        self.by_method.clear()
        self.errors.clear()

    async def _notify(self) -> None:
        if self._changed is None:
            return
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        where: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
    ) -> list[Call]:
        """Wait until at least `count` calls of `method` (matching `where`) were carried out
        (calls the server refused with an error do not count)."""
        assert self._changed is not None, "server not started"

        def matching() -> list[Call]:
            calls = [c for c in self.by_method.get(method, []) if c.error is None]
            return calls if where is None else [c for c in calls if where(c)]

        try:
            async with asyncio.timeout(timeout):
                async with self._changed:
                    await self._changed.wait_for(lambda: len(matching()) >= count)
        except TimeoutError:
            seen = [(c.method, {k: v for k, v in c.params.items() if k != "results"}) for c in self.calls[-10:]]
            raise AssertionError(
                f"timed out after {timeout}s waiting for {count}× {method}; "
                f"got {len(matching())}; errors={self.errors}; last calls={seen}"
            ) from None
        return matching()

    async def settle(self, quiet: float = 0.15, timeout: float = 5.0) -> None:
        """Wait until no call other than getUpdates arrived for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = [c for c in self.calls if c.method != "getUpdates" and c.at > time.monotonic() - quiet]
            if not busy:
                return
            await asyncio.sleep(quiet / 3)

    def fail_next(
        self, method: str, code: int = 500, description: str = "Internal Server Error",
        *, retry_after: int | None = None, times: int = 1,
    ) -> None:  # fmt: skip
        """Make the next `times` calls of `method` fail with this error."""
        params = {"retry_after": retry_after} if retry_after is not None else None
        self._failures.setdefault(method, []).extend(ApiError(code, description, params) for _ in range(times))

    def drop_next(self, method: str, *, times: int = 1) -> None:
        """Close the connection of the next `times` calls of `method` without answering (and
        without carrying them out), like a dropped connection."""
        self._failures.setdefault(method, []).extend(Fault(0.0, drop=True) for _ in range(times))

    def hang_next(self, method: str, seconds: float, *, drop: bool = False, times: int = 1) -> None:
        """Let the next `times` calls of `method` wait `seconds` first; then carry them out and
        answer (a slow server) or, with drop=True, close the connection without doing anything."""
        self._failures.setdefault(method, []).extend(Fault(seconds, drop=drop) for _ in range(times))

    def gate_next(self, method: str) -> Gate:
        """Hold the next call of `method` until the returned gate is opened (then carry it out)."""
        gate = Gate()
        self._failures.setdefault(method, []).append(Fault(0.0, drop=False, gate=gate))
        return gate

    # -- building updates ----------------------------------------------------------------------
    def user(self, user_id: int, first_name: str | None = None) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}", "language_code": "ko"}

    def private_chat(self, user_id: int) -> dict:
        chat = {"id": user_id, "type": "private", "first_name": f"User{user_id}"}
        self.chats.setdefault(user_id, chat)
        return self.chats[user_id]

    def group_chat(self, chat_id: int, title: str = "테스트 그룹") -> dict:
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        self.chats.setdefault(chat_id, chat)
        return self.chats[chat_id]

    def _chat(self, chat_id: Any) -> dict:
        if isinstance(chat_id, str) and re.fullmatch(r"-?\d+", chat_id):
            chat_id = int(chat_id)
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id not in self.chats:
            return self.private_chat(chat_id) if chat_id > 0 else self.group_chat(chat_id)
        return self.chats[chat_id]

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    @staticmethod
    def entities_for(text: str) -> list[dict]:
        """The entities Telegram would detect: a leading /command and @mentions."""
        entities = []
        if m := re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text):
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(m.group(0))})
        for m in re.finditer(r"(?<![\w/])@[A-Za-z0-9_]{3,32}", text):
            entities.append(
                {"type": "mention", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group(0))}
            )
        return entities

    def push(self, update: dict) -> dict:
        """Queue an update (an update_id is assigned) or deliver it to the webhook."""
        update = {"update_id": next(self._update_ids), **update}
        self.pushed_at[update["update_id"]] = time.monotonic()
        if self.webhook:
            task = asyncio.get_running_loop().create_task(self._deliver(update))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        else:
            self.updates.append(update)
            if self._changed is not None:
                asyncio.get_running_loop().create_task(self._notify())
        return update

    def message_update(
        self, chat: dict, user_id: int, text: str, *, reply_to: dict | None = None, **extra: Any
    ) -> dict:
        message = {
            "message_id": self._next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": chat,
            "from": self.user(user_id),
            "text": text,
            **extra,
        }
        if entities := self.entities_for(text):
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self.messages.setdefault(chat["id"], []).append(message)
        return self.push({"message": message})

    def edit(self, message: dict, text: str) -> dict:
        """The user edits one of their messages (`message` as returned in a pushed update)."""
        original = message.get("message", message)
        edited = {**original, "edit_date": int(time.time())}
        key = "caption" if "caption" in original else "text"
        edited[key] = text
        entities = self.entities_for(text)
        edited.pop("entities", None)
        edited.pop("caption_entities", None)
        if entities:
            edited["caption_entities" if key == "caption" else "entities"] = entities
        return self.push({"edited_message": edited})

    def send_photo(self, caption: str | None, *, chat_id: int = 1001, user_id: int = 1001, **extra: Any) -> dict:
        """A photo with an optional caption, in a private chat (default) or a group."""
        chat = self.private_chat(user_id) if chat_id == user_id else self.group_chat(chat_id)
        photo = [{"file_id": "AgAD-photo", "file_unique_id": "u1", "width": 90, "height": 90}]
        message = {
            "message_id": self._next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": chat,
            "from": self.user(user_id),
            "photo": photo,
            **extra,
        }
        if caption is not None:
            message["caption"] = caption
            if entities := self.entities_for(caption):
                message["caption_entities"] = entities
        self.messages.setdefault(chat["id"], []).append(message)
        return self.push({"message": message})

    def add_bot_to_group(self, chat_id: int, *, by: int) -> dict:
        """User `by` adds the bot to the group `chat_id` (a my_chat_member update)."""
        return self.push(
            {
                "my_chat_member": {
                    "chat": self.group_chat(chat_id),
                    "from": self.user(by),
                    "date": int(time.time()),
                    "old_chat_member": {"status": "left", "user": self.bot_user},
                    "new_chat_member": {"status": "member", "user": self.bot_user},
                }
            }
        )

    def commands_for(self, scope: dict | None = None) -> list[dict]:
        """The command menu set for `scope` (None: the default scope)."""
        key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return self.scoped_commands.get(key, [])

    def send_private(self, text: str, *, user_id: int = 1001, **extra: Any) -> dict:
        """A user writes to the bot in a private chat (chat id = user id)."""
        return self.message_update(self.private_chat(user_id), user_id, text, **extra)

    def send_group(
        self, text: str, *, chat_id: int = -1001234567890, user_id: int = 1001,
        mention: bool = False, reply_to_bot: bool = False, reply_to: dict | None = None, **extra: Any,
    ) -> dict:  # fmt: skip
        """A user writes in a group; `mention` prefixes @botname, `reply_to_bot` replies to the
        bot's last message in that group, `reply_to` to any given message."""
        if mention:
            text = f"@{self.bot_user['username']} {text}"
        if reply_to_bot:
            reply_to = self.last_bot_message(chat_id)
            assert reply_to is not None, "the bot has not written in this group yet"
        return self.message_update(self.group_chat(chat_id), user_id, text, reply_to=reply_to, **extra)

    def send_command(
        self, command: str, args: str = "", *, user_id: int = 1001, chat_id: int | None = None,
        addressed: bool = False,
    ) -> dict:  # fmt: skip
        """`/command args` in a private chat (default) or in the group `chat_id`."""
        name = command.lstrip("/")
        text = f"/{name}" + (f"@{self.bot_user['username']}" if addressed else "") + (f" {args}" if args else "")
        if chat_id is None or chat_id == user_id:
            return self.send_private(text, user_id=user_id)
        return self.send_group(text, chat_id=chat_id, user_id=user_id)

    def tap(self, data: str, *, chat_id: int, user_id: int | None = None, message: dict | None = None) -> dict:
        """A user presses an inline button with callback `data` on `message` (default: the bot's
        latest message in the chat that has such a button)."""
        if message is None:
            message = next(
                (m for m in reversed(self.bot_messages(chat_id)) if data in [d for _, d in self.buttons(m)]),
                None,
            ) or {
                "message_id": self._next_message_id(chat_id),
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": self.bot_user,
                "text": "…",
            }
        user_id = user_id if user_id is not None else (chat_id if chat_id > 0 else 1001)
        query = {
            "id": str(next(self._ids)),
            "from": self.user(user_id),
            "chat_instance": f"ci{chat_id}",
            "data": data,
            "message": message,
        }
        return self.push({"callback_query": query})

    def press(self, label: str, *, chat_id: int, user_id: int | None = None) -> dict:
        """Press the button labelled `label` on the bot's latest message that has it."""
        for message in reversed(self.bot_messages(chat_id)):
            for text, data in self.buttons(message):
                if text == label:
                    return self.tap(data, chat_id=chat_id, user_id=user_id, message=message)
        raise AssertionError(f"no button {label!r} in chat {chat_id}")

    def inline(self, query: str, *, user_id: int = 1001) -> dict:
        """A user types `@bot query` in some chat."""
        inline_query = {
            "id": str(next(self._ids)),
            "from": self.user(user_id),
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }
        return self.push({"inline_query": inline_query})

    # -- the bot's messages --------------------------------------------------------------------
    def bot_messages(self, chat_id: int) -> list[dict]:
        return [m for m in self.messages.get(chat_id, []) if m.get("from", {}).get("id") == self.bot_user["id"]]

    def last_bot_message(self, chat_id: int) -> dict | None:
        messages = self.bot_messages(chat_id)
        return messages[-1] if messages else None

    @staticmethod
    def buttons(message: dict | None) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button of a message."""
        markup = (message or {}).get("reply_markup") or {}
        return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]

    # -- HTTP ----------------------------------------------------------------------------------
    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = {k: decode_value(k, v) for k, v in request.query.items()}
        if request.method != "POST" or not request.can_read_body:
            return params
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, str):
                    params[key] = decode_value(key, value)
                    continue
                data = value.file.read()  # an uploaded file: kept by digest, named in the params
                digest = hashlib.sha256(data).hexdigest()[:16]
                self.files[digest] = data
                params[key] = f"<file {value.filename} {digest}>"
        return params

    def uploaded(self, value: Any) -> bytes | None:
        """The bytes of a file a call uploaded (its param reads "<file NAME DIGEST>")."""
        m = re.fullmatch(r"<file (.*) ([0-9a-f]{16})>", str(value or ""))
        return self.files.get(m.group(2)) if m else None

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = await self._params(request)
        handler = getattr(self, f"api_{method.lower()}", None)
        call = Call(method, params)
        try:
            if failures := self._failures.get(method):
                failure = failures.pop(0)
                if isinstance(failure, ApiError):
                    raise failure
                if failure.gate is not None:
                    failure.gate.reached.set()
                    await failure.gate.opened.wait()
                if failure.delay:
                    await asyncio.sleep(failure.delay)
                if failure.drop:
                    self.errors.append((method, "connection dropped"))
                    if request.transport is not None:
                        request.transport.abort()
                    await self._notify()
                    raise asyncio.CancelledError  # no answer at all
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(params)
        except ApiError as err:
            call.error = err.description
            self._record(call)
            self.errors.append((method, err.description))
            await self._notify()
            body: dict[str, Any] = {"ok": False, "error_code": err.code, "description": err.description}
            if err.parameters:
                body["parameters"] = err.parameters
            return web.json_response(body, status=err.code)
        self._record(call)  # after the result (a long poll is recorded when it returns)
        await self._notify()
        return web.json_response({"ok": True, "result": result})

    # -- control API (drive the server from another process, e.g. a load benchmark) -------------
    #   POST /_fake/push     an update object (without update_id) or a list of them → [update_id…]
    #   POST /_fake/private  {"text": …, "user_id": 1001} or a list of them → [update_id…]
    #   GET  /_fake/calls?method=sendMessage&since=0 → [{"method", "params", "at"}…] (at: monotonic)
    #   GET  /_fake/stats    → calls per method, pending updates, errors, push times
    #   POST /_fake/reset    forget calls and errors
    async def _control_push(self, request: web.Request) -> web.Response:
        body = await request.json()
        updates = body if isinstance(body, list) else [body]
        return web.json_response([self.push(u)["update_id"] for u in updates])

    async def _control_private(self, request: web.Request) -> web.Response:
        body = await request.json()
        items = body if isinstance(body, list) else [body]
        ids = [self.send_private(str(i["text"]), user_id=int(i.get("user_id", 1001)))["update_id"] for i in items]
        return web.json_response(ids)

    async def _control_calls(self, request: web.Request) -> web.Response:
        method = request.query.get("method")
        since = int(request.query.get("since", "0"))
        calls = self.by_method.get(method, []) if method else self.calls
        return web.json_response([{"method": c.method, "params": c.params, "at": c.at} for c in calls[since:]])

    async def _control_stats(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "calls": {m: len(c) for m, c in self.by_method.items()},
                "pending_updates": len(self.updates),
                "errors": self.errors[-50:],
                "error_count": len(self.errors),
                "pushed": len(self.pushed_at),
                "now": time.monotonic(),
            }
        )

    async def _control_reset(self, request: web.Request) -> web.Response:
        self.clear()
        return web.json_response(True)

    # -- API methods ---------------------------------------------------------------------------
    async def api_getme(self, p: dict) -> dict:
        return self.bot_user

    async def api_getupdates(self, p: dict) -> list[dict]:
        if self.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            )
        offset = int(p.get("offset") or 0)
        limit = max(1, min(100, int(p.get("limit") or 100)))
        timeout = float(p.get("timeout") or 0)
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

        def ready() -> list[dict]:
            return [u for u in self.updates if u["update_id"] >= offset][:limit]

        if not ready() and timeout > 0 and self._changed is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(min(timeout, self.max_poll_wait)):
                    async with self._changed:
                        await self._changed.wait_for(lambda: bool(ready()) or self._closing.is_set())
        return ready()

    async def api_sendmessage(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        if chat["id"] in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat["id"] in self.deleted:
            raise ApiError(400, "Bad Request: chat not found")
        text = message_text(p.get("text"), p.get("parse_mode"), strict=self.strict_html)
        check_markup(p.get("reply_markup"))
        message = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        if thread := p.get("message_thread_id"):
            message["message_thread_id"] = thread
        reply = p.get("reply_parameters") or {}
        if isinstance(reply, dict) and reply.get("message_id"):
            original = self._find_message(chat["id"], reply["message_id"])
            if original is not None:
                message["reply_to_message"] = original
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        self.messages.setdefault(chat["id"], []).append(message)
        return message

    async def api_sendphoto(self, p: dict) -> dict:
        """Like Telegram: the photo is an upload (a PNG or JPEG it can read) or a file_id; the
        caption is checked like a message text, at most 1024 characters."""
        chat = self._chat(p.get("chat_id"))
        photo = p.get("photo")
        data = self.uploaded(photo)
        if data is not None:
            size = image_size(data)
            if size is None:
                raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
            if len(data) > MAX_PHOTO_BYTES:
                raise ApiError(400, "Bad Request: file is too big")
            width, height = size
            file_id = f"photo-{hashlib.sha256(data).hexdigest()[:16]}"
        elif isinstance(photo, str) and photo and not photo.startswith("<file"):
            width, height, file_id, data = 0, 0, photo, b""
        else:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
            "photo": [{"file_id": file_id, "file_unique_id": file_id[-16:], "width": width, "height": height,
                       "file_size": len(data)}],
        }  # fmt: skip
        if p.get("caption") is not None:
            caption = message_text(p["caption"], p.get("parse_mode"), strict=self.strict_html)
            if utf16_len(caption) > MAX_CAPTION:
                raise ApiError(400, "Bad Request: message caption is too long")
            message["caption"] = caption
        check_markup(p.get("reply_markup"))
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        if thread := p.get("message_thread_id"):
            message["message_thread_id"] = thread
        self.messages.setdefault(chat["id"], []).append(message)
        return message

    def _find_message(self, chat_id: int, message_id: Any) -> dict | None:
        return next((m for m in self.messages.get(chat_id, []) if m["message_id"] == message_id), None)

    async def api_editmessagetext(self, p: dict) -> dict | bool:
        if p.get("inline_message_id"):
            message_text(p.get("text"), p.get("parse_mode"), strict=self.strict_html)
            return True
        chat = self._chat(p.get("chat_id"))
        message = self._find_message(chat["id"], p.get("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        text = message_text(p.get("text"), p.get("parse_mode"), strict=self.strict_html)
        check_markup(p.get("reply_markup"))
        if text == message.get("text") and p.get("reply_markup") == message.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        message["text"] = text
        message["edit_date"] = int(time.time())
        if "reply_markup" in p:
            message["reply_markup"] = p["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return message

    async def api_editmessagereplymarkup(self, p: dict) -> dict | bool:
        if p.get("inline_message_id"):
            return True
        chat = self._chat(p.get("chat_id"))
        message = self._find_message(chat["id"], p.get("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        check_markup(p.get("reply_markup"))
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return message

    async def api_sendchataction(self, p: dict) -> bool:
        self._chat(p.get("chat_id"))
        if p.get("action") not in {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
                                   "upload_voice", "upload_document", "choose_sticker", "find_location",
                                   "record_video_note", "upload_video_note"}:  # fmt: skip
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    async def api_answercallbackquery(self, p: dict) -> bool:
        if not p.get("callback_query_id"):
            raise ApiError(400, "Bad Request: QUERY_ID_INVALID")
        if len(p.get("text") or "") > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def api_answerinlinequery(self, p: dict) -> bool:
        if not p.get("inline_query_id"):
            raise ApiError(400, "Bad Request: QUERY_ID_INVALID")
        results = p.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        for result in results:
            if not 1 <= len(str(result.get("id", "")).encode()) <= 64:
                raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
            content = result.get("input_message_content") or {}
            if "message_text" in content:
                message_text(content["message_text"], content.get("parse_mode"), strict=self.strict_html)
            check_markup(result.get("reply_markup"))
        return True

    async def api_setmycommands(self, p: dict) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be an array")
        for command in commands:
            if not _COMMAND_RE.match(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        scope = p.get("scope") or {"type": "default"}
        if scope.get("type") == "chat" and int(scope.get("chat_id", 0)) not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        self.scoped_commands[json.dumps(scope, sort_keys=True)] = commands
        if scope == {"type": "default"}:
            self.commands = commands
        return True

    async def api_getmycommands(self, p: dict) -> list[dict]:
        return self.commands_for(p.get("scope"))

    async def api_deletemycommands(self, p: dict) -> bool:
        self.scoped_commands.pop(json.dumps(p.get("scope") or {"type": "default"}, sort_keys=True), None)
        return True

    async def api_setmydescription(self, p: dict) -> bool:
        if len(p.get("description") or "") > 512:
            raise ApiError(400, "Bad Request: description is too long")
        self.descriptions["description"] = p.get("description") or ""
        return True

    async def api_setmyshortdescription(self, p: dict) -> bool:
        if len(p.get("short_description") or "") > 120:
            raise ApiError(400, "Bad Request: short description is too long")
        self.descriptions["short_description"] = p.get("short_description") or ""
        return True

    async def api_leavechat(self, p: dict) -> bool:
        self.left_chats.append(self._chat(p.get("chat_id"))["id"])
        return True

    async def api_deletemessage(self, p: dict) -> bool:
        chat = self._chat(p.get("chat_id"))
        message = self._find_message(chat["id"], p.get("message_id"))
        if message is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        self.messages[chat["id"]].remove(message)
        return True

    async def api_setwebhook(self, p: dict) -> bool:
        if not str(p.get("url") or "").startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = {"url": p["url"], "secret_token": p.get("secret_token")}
        if p.get("drop_pending_updates"):
            self.updates.clear()
        for update in self.updates:  # hand over what is still queued
            task = asyncio.get_running_loop().create_task(self._deliver(update))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self.updates.clear()
        return True

    async def api_deletewebhook(self, p: dict) -> bool:
        self.webhook = None
        if p.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def api_getwebhookinfo(self, p: dict) -> dict:
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    async def api_close(self, p: dict) -> bool:
        return True

    async def api_logout(self, p: dict) -> bool:
        return True

    # -- webhook delivery ----------------------------------------------------------------------
    async def _deliver(self, update: dict) -> None:
        assert self.webhook is not None
        if self._client is None:
            self._client = ClientSession(timeout=ClientTimeout(total=10))
        headers = {}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
        status = 0
        for _ in range(20):  # the webhook server may still be starting
            try:
                async with self._client.post(self.webhook["url"], json=update, headers=headers) as resp:
                    status = resp.status
                    break
            except OSError:
                await asyncio.sleep(0.05)
        self.deliveries.append((update["update_id"], status))
        await self._notify()


# -- driving an Application against the fake ---------------------------------------------------


@contextlib.asynccontextmanager
async def running(app: Any, *, poll_timeout: float = 10.0) -> AsyncIterator[Any]:
    """Run a python-telegram-bot Application the way run_polling does (initialize, post_init,
    start, start_polling with poll_interval=0), then stop it and call post_shutdown."""
    async with app:
        if app.post_init:
            await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=poll_timeout)
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
    if app.post_shutdown:
        await app.post_shutdown(app)


class FakeEngine:
    """The engine contract of bot/engine.py with canned answers; records every call.

    `responses` maps a question to an Answer or to a callable(question, conversation) -> Answer.
    Any other question gets "답: <question>" with one source and two suggestions.
    """

    TOPICS: ClassVar[list[tuple[str, str]]] = [
        ("I", "일반현황"),
        ("II", "정책목표"),
        ("III-1", "코로나19 대응현황"),
        ("III-2", "적극적 재정집행"),
        ("III-9", "소송 현황"),
    ]

    def __init__(self, responses: dict[str, Any] | None = None, *, delay: float = 0.0):
        self.responses = dict(responses or {})
        self.delay = delay
        self.calls: list[tuple[str, tuple]] = []
        self.conversations: list[Any] = []  # the Conversation object each answer() received
        # (question, slots, turns) of each answer() as the conversation was when it was called
        self.seen: list[tuple[str, dict, int]] = []

    @staticmethod
    def _answer_type():
        from bot.answer import Answer, Source

        return Answer, Source

    def answer(self, question: str, conversation: Any = None) -> Any:
        Answer, Source = self._answer_type()
        if self.delay:
            time.sleep(self.delay)
        self.calls.append(("answer", (question,)))
        self.conversations.append(conversation)
        if conversation is not None:
            self.seen.append((question, dict(conversation.slots), conversation.turns))
        canned = self.responses.get(question)
        if callable(canned):
            result = canned(question, conversation)
        elif canned is not None:
            result = canned
        else:
            result = Answer(
                question=question,
                answered=True,
                text=f"답: {question}",
                intent="fake.echo",
                confidence=0.9,
                sources=[Source("III-1", "코로나19 대응현황", (243, 250))],
                suggestions=["확진자 수는?", "재난긴급생활비 지원 대상은?"],
            )
        if conversation is not None:
            conversation.turns += 1
            conversation.last_answer = result
            conversation.slots["last_question"] = question
        return result

    def topics(self) -> list[tuple[str, str]]:
        self.calls.append(("topics", ()))
        return list(self.TOPICS)

    def section_summary(self, section_id: str) -> Any:
        Answer, Source = self._answer_type()
        self.calls.append(("section_summary", (section_id,)))
        title = dict(self.TOPICS).get(section_id, "?")
        return Answer(
            question=f"{section_id} 요약",
            answered=True,
            text=f"{section_id} {title} 요약입니다.",
            intent="section.summary",
            sources=[Source(section_id, title, (10, 20))],
        )

    def covid_status(self) -> Any:
        Answer, Source = self._answer_type()
        self.calls.append(("covid_status", ()))
        return Answer("코로나19 현황", True, "코로나19 확진자 현황 요약", "covid.status",
                      sources=[Source("III-1", "코로나19 대응현황", (243, 330))])  # fmt: skip

    def budget_overview(self) -> Any:
        Answer, Source = self._answer_type()
        self.calls.append(("budget_overview", ()))
        table = "구분      예산현액  신속집행\n계        24조610억  60%\n<일자리>  1조2967억  68%"
        return Answer("예산 개요", True, "상반기 신속집행 예산 개요", "budget.overview",
                      sources=[Source("III-2", "적극적 재정집행", (594, 640))], table=table)  # fmt: skip

    def schedule(self, month: int | None = None) -> Any:
        Answer, Source = self._answer_type()
        self.calls.append(("schedule", (month,)))
        label = f"{month}월" if month else "전체"
        return Answer(f"{label} 일정", True, f"{label} 일정: 해외도시 외교 정책 방향 수립", "schedule",
                      sources=[Source("III-3", "도시외교", (774, 774))])  # fmt: skip

    def source_passage(self, answer: Any) -> str:
        self.calls.append(("source_passage", (answer.question,)))
        lines = [line for s in answer.sources for line in s.lines]
        return "\n".join(f"{n}: 보고서 원문 <{n}행> & 내용" for n in lines)

    def called(self, method: str) -> list[tuple]:
        return [args for name, args in self.calls if name == method]


@contextlib.asynccontextmanager
async def reportbot(
    tg: FakeTelegram,
    state_db: Any,
    *,
    engine: Any = None,
    clock: Callable[[], float] | None = None,
    rate_limit: bool = True,
    build: dict[str, Any] | None = None,
    **settings: Any,
) -> AsyncIterator[tuple[Any, Any]]:
    """Start reportbot's Telegram application against `tg` (polling); yields (app, engine).

    `settings` are extra Settings fields (allowed_user_ids=frozenset({1}), admin_user_ids=…);
    `build` extra arguments of build_application (retry_policy=…, read_timeout=…)."""
    from bot.telegram.app import build_application
    from bot.telegram.config import Settings
    from bot.telegram.services import EngineRunner

    engine = engine if engine is not None else FakeEngine()
    config = Settings(token=tg.token, api_base_url=tg.base_url, state_db=state_db, **settings)
    app = build_application(
        config, EngineRunner(engine), clock=clock or time.time, rate_limit=rate_limit, **(build or {})
    )
    async with running(app):
        yield app, engine


async def _serve_forever(args: Any) -> None:
    async with FakeTelegram(args.token, host=args.host, port=args.port, max_poll_wait=args.max_poll_wait) as tg:
        print(f"fake Bot API on {tg.base_url} (token {tg.token}); control API under /_fake/", flush=True)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    """`python -m tests.fake_telegram --port 8081`: run the fake server on its own (for load tests;
    point the bot at it with TELEGRAM_API_BASE_URL=http://127.0.0.1:8081/bot)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--max-poll-wait", type=float, default=0.5)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve_forever(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
