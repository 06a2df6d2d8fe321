"""Inline keyboards and their compact, self-contained callback data (at most 64 bytes).

Callback data forms (no server-side state, so every button still works after a restart):

    t:<section id>          a topic of the report, e.g. "t:III-9" (checked against engine.topics())
    q:<question text>       a question, when "q:" + text fits in 64 bytes of UTF-8
    r:<c|s><n>:<digest>     a longer question: the n-th choice (c) or suggestion (s) of the message
                            the button is on. The text is re-derived from the pressed button's own
                            label (Telegram sends the message and its keyboard back with the tap);
                            <digest> (8 hex digits of SHA-256 of the text) checks it.

`decode` returns None for anything else; handlers answer such taps with a short notice.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answer import Answer

MAX_CALLBACK_BYTES = 64
MAX_BUTTON_TEXT = 120  # longer questions are not offered as buttons
MAX_SUGGESTIONS = 3
MAX_CHOICES = 3

_TOPIC_RE = re.compile(r"^t:([A-Za-z0-9][A-Za-z0-9._-]{0,30})$")
_REF_RE = re.compile(r"^r:([cs])(\d):([0-9a-f]{8})$")


@dataclass(frozen=True)
class Action:
    """What a decoded button asks for. kind: 'topic', 'question' or 'ref'."""

    kind: str
    value: str = ""  # section id (topic) or question text (question)
    ref_kind: str = ""  # 'c' or 's' (ref)
    index: int = 0
    digest: str = ""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in text)


def fits(data: str) -> bool:
    return 0 < len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES


def topic_data(section_id: str) -> str | None:
    data = f"t:{section_id}"
    return data if _TOPIC_RE.match(data) else None


def question_data(text: str, kind: str, index: int) -> str:
    """'q:<text>' when it fits, else the reference form 'r:<kind><index>:<digest>'."""
    if kind not in ("c", "s") or not 0 <= index <= 9:
        raise ValueError("kind must be 'c' or 's' and index 0-9")
    data = f"q:{text}"
    if text.strip() and fits(data) and not _has_control(text):
        return data
    return f"r:{kind}{index}:{_digest(text)}"


def decode(data: object) -> Action | None:
    """The action behind callback data, or None when it is malformed."""
    if not isinstance(data, str) or not fits(data):
        return None
    if m := _TOPIC_RE.match(data):
        return Action("topic", m.group(1))
    if data.startswith("q:"):
        question = data[2:]
        if not question.strip() or _has_control(question):
            return None
        return Action("question", question)
    if m := _REF_RE.match(data):
        return Action("ref", ref_kind=m.group(1), index=int(m.group(2)), digest=m.group(3))
    return None


def resolve_ref(action: Action, data: str, markup: InlineKeyboardMarkup | None) -> str | None:
    """The question behind a reference button, read from the keyboard it was pressed on."""
    if action.kind != "ref" or markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data and _digest(button.text) == action.digest:
                return button.text
    return None


def _question_buttons(texts: Iterable[str], kind: str, limit: int) -> list[list[InlineKeyboardButton]]:
    rows: list[list[InlineKeyboardButton]] = []
    for text in texts:
        if len(rows) >= min(limit, 10):
            break
        text = (text or "").strip()
        if not text or len(text) > MAX_BUTTON_TEXT or _has_control(text):
            continue
        data = question_data(text, kind, len(rows))
        rows.append([InlineKeyboardButton(text, callback_data=data)])
    return rows


def answer_keyboard(answer: Answer) -> InlineKeyboardMarkup | None:
    """Choices when the engine asks back, else up to three suggestions."""
    if not answer.answered and answer.choices:
        rows = _question_buttons(answer.choices, "c", MAX_CHOICES)
    else:
        rows = _question_buttons(answer.suggestions, "s", MAX_SUGGESTIONS)
    return InlineKeyboardMarkup(rows) if rows else None


def examples_keyboard(examples: Sequence[str]) -> InlineKeyboardMarkup | None:
    rows = _question_buttons(examples, "s", len(examples))
    return InlineKeyboardMarkup(rows) if rows else None


def topics_keyboard(topics: Sequence[tuple[str, str]], per_row: int = 2) -> InlineKeyboardMarkup | None:
    buttons: list[InlineKeyboardButton] = []
    for section_id, title in topics:
        data = topic_data(str(section_id))
        if data is None:
            continue
        label = f"{section_id} {title}".strip()
        buttons.append(InlineKeyboardButton(label[:MAX_BUTTON_TEXT], callback_data=data))
    if not buttons:
        return None
    return InlineKeyboardMarkup([buttons[i : i + per_row] for i in range(0, len(buttons), per_row)])
