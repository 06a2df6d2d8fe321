"""Per-chat conversation state, kept in memory and forgotten after a stretch of silence.

The clock is injected (a callable returning seconds) so tests can move time forward.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answer import Answer, Conversation

Clock = Callable[[], float]


@dataclass
class ChatSession:
    conversation: Conversation = field(default_factory=Conversation)
    last_answer: Answer | None = None
    last_seen: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class SessionStore:
    """Conversations by chat id, expiring `ttl_seconds` after the chat's last activity."""

    def __init__(self, ttl_seconds: float, clock: Clock = time.monotonic, max_chats: int = 100_000):
        self.ttl = ttl_seconds
        self.clock = clock
        self.max_chats = max_chats
        self._sessions: dict[int, ChatSession] = {}
        self._touches = 0

    def __len__(self) -> int:
        return len(self._sessions)

    def _expired(self, session: ChatSession, now: float) -> bool:
        return now - session.last_seen > self.ttl

    def session(self, chat_id: int) -> ChatSession:
        """The chat's live session (a fresh one after the TTL of silence); marks activity."""
        now = self.clock()
        session = self._sessions.get(chat_id)
        if session is None or self._expired(session, now):
            lock = session.lock if session is not None else asyncio.Lock()
            session = ChatSession(lock=lock)
            self._sessions[chat_id] = session
        session.last_seen = now
        self._touches += 1
        if self._touches % 1000 == 0 or len(self._sessions) > self.max_chats:
            self.prune()  # forget chats that went silent, so memory stays bounded
        return session

    def peek(self, chat_id: int) -> ChatSession | None:
        """The chat's session if it has not expired, without marking activity."""
        session = self._sessions.get(chat_id)
        if session is None or self._expired(session, self.clock()):
            return None
        return session

    def lock(self, chat_id: int) -> asyncio.Lock:
        """The chat's lock (one turn at a time per chat). Marks activity, so the session cannot
        be pruned between taking the lock and using the session."""
        return self.session(chat_id).lock

    def remember(self, chat_id: int, answer: Answer) -> None:
        self.session(chat_id).last_answer = answer

    def last_answer(self, chat_id: int) -> Answer | None:
        session = self.peek(chat_id)
        return session.last_answer if session else None

    def reset(self, chat_id: int) -> None:
        session = self._sessions.get(chat_id)
        if session is not None:
            session.conversation.reset()
            session.last_answer = None

    def prune(self) -> int:
        """Drop expired sessions (and the oldest ones beyond max_chats); return how many."""
        now = self.clock()
        before = len(self._sessions)
        for chat_id in [c for c, s in self._sessions.items() if self._expired(s, now) and not s.lock.locked()]:
            del self._sessions[chat_id]
        if len(self._sessions) > self.max_chats:
            oldest = sorted(self._sessions.items(), key=lambda kv: kv[1].last_seen)
            for chat_id, s in oldest[: len(self._sessions) - self.max_chats]:
                if not s.lock.locked():
                    del self._sessions[chat_id]
        return before - len(self._sessions)
