"""Per-chat conversation context, kept in the state database so that a restart (or a second
replica) continues a conversation.

* A chat's live context (the engine's `Conversation` and the last answer, for /source) expires
  after `ttl_seconds` of silence.
* Every answered question is a *turn*: the message that asked, the bot's answer messages, and
  the context before and after it. A reply to an older answer takes the context after that
  answer's turn; an edited question is answered again from the context before its turn. Turns
  are kept for TURN_RETENTION_SECONDS.
* Chats are stored under keyed hashes of their ids; question texts are redacted.
* When the database is unusable, contexts live in memory (lost at restart) and the bot goes on.

The clock is injected (a callable returning epoch seconds) so tests can move time forward.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.answer import Answer, Conversation, FactRef, Source

from . import statedb
from .privacy import Hasher, redact

Clock = Callable[[], float]

TURN_RETENTION_SECONDS = 48 * 3600  # how long a reply to an old answer, or an edit, still finds it
MAX_MEMORY_CHATS = 10_000  # bound of the in-memory fallback


# -- serialising what the engine and the handlers keep -------------------------------------------


def _known_fields(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    data = dataclasses.asdict(answer)
    data["question"] = redact(answer.question or "")
    data["text"] = redact(answer.text or "")
    return data


def answer_from_dict(data: dict[str, Any] | None) -> Answer | None:
    if not data:
        return None
    values = _known_fields(Answer, data)
    values["sources"] = [Source(**_known_fields(Source, s) | {"lines": tuple(s.get("lines") or ())})
                         for s in data.get("sources") or []]  # fmt: skip
    values["facts"] = [FactRef(**_known_fields(FactRef, f) | {"lines": tuple(f.get("lines") or ())})
                       for f in data.get("facts") or []]  # fmt: skip
    return Answer(**values)


@dataclass
class ChatContext:
    """What one chat carries from turn to turn."""

    conversation: Conversation = field(default_factory=Conversation)
    last_answer: Answer | None = None
    question_msg: int | None = None  # the user's message the last answer answered

    def dumps(self) -> str:
        # every field of the engine's Conversation but the answer object (kept once, below)
        conversation = {
            f.name: getattr(self.conversation, f.name)
            for f in dataclasses.fields(Conversation)
            if f.name != "last_answer"
        }
        return json.dumps(
            {
                "conversation": conversation,
                "last_answer": answer_to_dict(self.last_answer) if self.last_answer else None,
                "question_msg": self.question_msg,
            },
            ensure_ascii=False,
            default=str,
        )

    @classmethod
    def loads(cls, text: str | None) -> ChatContext:
        """The context in `text`; whatever part cannot be read starts fresh (never an error)."""
        try:
            data = json.loads(text or "{}")
            if not isinstance(data, dict):
                return cls()
        except ValueError:
            return cls()
        try:
            conversation = Conversation(**_known_fields(Conversation, data.get("conversation") or {}))
            conversation.slots = dict(conversation.slots or {})
            conversation.earlier_slots = dict(conversation.earlier_slots or {})
            conversation.turns = int(conversation.turns or 0)
            conversation.operation = conversation.operation if isinstance(conversation.operation, str) else None
        except (ValueError, TypeError, AttributeError):
            conversation = Conversation()
        try:
            answer = answer_from_dict(data.get("last_answer"))
        except (ValueError, TypeError, AttributeError):
            answer = None
        question_msg = data.get("question_msg")
        conversation.last_answer = answer
        return cls(conversation, answer, question_msg if isinstance(question_msg, int) else None)

    def copy(self) -> ChatContext:
        return ChatContext.loads(self.dumps())


@dataclass(frozen=True)
class Turn:
    id: int
    question_msg: int | None
    answer_msgs: list[int]
    before: ChatContext
    after: ChatContext


def _turn(row: Any) -> Turn | None:
    if row is None:
        return None
    try:
        msgs = [int(m) for m in json.loads(row["answer_msgs"] or "[]")]
    except (ValueError, TypeError):
        msgs = []
    return Turn(int(row["id"]), row["question_msg"], msgs, ChatContext.loads(row["before"]),
                ChatContext.loads(row["after"]))  # fmt: skip


class ContextStore:
    """Conversation contexts by chat, in the state database (memory when it is unusable)."""

    def __init__(
        self,
        db: statedb.StateDB | None,
        hasher: Hasher,
        ttl_seconds: float,
        *,
        clock: Clock = time.time,
        turn_retention: float = TURN_RETENTION_SECONDS,
    ):
        self.db = db
        self.hasher = hasher
        self.ttl = ttl_seconds
        self.turn_retention = turn_retention
        self.clock = clock
        self._memory: OrderedDict[str, tuple[str, float]] = OrderedDict()

    def _key(self, chat_id: int) -> str:
        return self.hasher.full(chat_id)

    def _usable(self) -> bool:
        return self.db is not None and not self.db.broken

    # -- the live context ----------------------------------------------------------------------
    def load(self, chat_id: int) -> ChatContext:
        """The chat's context, or a fresh one after `ttl_seconds` of silence."""
        key = self._key(chat_id)
        found = None
        if self._usable():
            found = self.db.run("reading a conversation", statedb.load_context, key, default=None)
        if found is None:
            found = self._memory.get(key)
        if found is None or self.clock() - found[1] > self.ttl:
            return ChatContext()
        return ChatContext.loads(found[0])

    def save(self, chat_id: int, ctx: ChatContext) -> None:
        key, state, now = self._key(chat_id), ctx.dumps(), self.clock()
        if self._usable():
            self.db.run("saving a conversation", statedb.save_context, key, state, now, default=None)
            if self._usable():
                return
        self._memory[key] = (state, now)
        self._memory.move_to_end(key)
        while len(self._memory) > MAX_MEMORY_CHATS:
            self._memory.popitem(last=False)

    def last_answer(self, chat_id: int) -> Answer | None:
        return self.load(chat_id).last_answer

    def reset(self, chat_id: int) -> None:
        """Forget the chat's conversation (its live context and its turns)."""
        key = self._key(chat_id)
        self._memory.pop(key, None)
        if self._usable():
            self.db.run("forgetting a conversation", statedb.forget_chat, key, default=None)

    # -- turns (for replies and edits) ---------------------------------------------------------
    def record_turn(
        self, chat_id: int, question_msg: int | None, answer_msgs: list[int], before: ChatContext, after: ChatContext
    ) -> None:
        if not self._usable() or not answer_msgs:
            return
        self.db.run(
            "saving a turn", statedb.insert_turn, self._key(chat_id), question_msg, answer_msgs,
            before.dumps(), after.dumps(), self.clock(), default=0,
        )  # fmt: skip

    def update_turn(self, chat_id: int, turn: Turn, answer_msgs: list[int], after: ChatContext) -> None:
        if self._usable():
            self.db.run(
                "updating a turn", statedb.update_turn, turn.id, self._key(chat_id), answer_msgs, after.dumps(),
                default=None,
            )  # fmt: skip

    def _fresh(self, turn: Turn | None, row: Any) -> Turn | None:
        if turn is None or self.clock() - float(row["created"]) > self.turn_retention:
            return None
        return turn

    def turn_of_question(self, chat_id: int, message_id: int) -> Turn | None:
        """The turn that answered the user's message `message_id`, while it is kept."""
        if not self._usable():
            return None
        row = self.db.run("reading a turn", statedb.turn_by_question, self._key(chat_id), message_id, default=None)
        return self._fresh(_turn(row), row)

    def turn_of_answer(self, chat_id: int, message_id: int) -> Turn | None:
        """The turn whose answer is the bot's message `message_id`, while it is kept."""
        if not self._usable():
            return None
        row = self.db.run("reading a turn", statedb.turn_by_answer, self._key(chat_id), message_id, default=None)
        return self._fresh(_turn(row), row)

    def purge(self) -> int:
        """Forget expired contexts and turns; how many rows went."""
        now = self.clock()
        for key in [k for k, (_, t) in self._memory.items() if now - t > self.ttl]:
            del self._memory[key]
        if not self._usable():
            return 0
        return self.db.run(
            "purging conversations", statedb.purge_context, now - self.ttl, now - self.turn_retention, default=0
        )

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
