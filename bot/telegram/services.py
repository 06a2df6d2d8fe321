"""What the handlers share: the engine (behind one worker thread), conversation contexts,
access, the question log, the id hasher.

The engine is synchronous and may hold a SQLite connection, which belongs to the thread that
opened it. So the engine is loaded and always called on one dedicated worker thread; the event
loop never blocks on it.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from bot.answer import Answer, Conversation

from .access import AccessPolicy
from .config import Settings
from .privacy import Hasher
from .questionlog import QuestionLog
from .sessions import ContextStore


class EngineLike(Protocol):
    def answer(self, question: str, conversation: Conversation | None = None) -> Answer: ...
    def topics(self) -> list[tuple[str, str]]: ...
    def section_summary(self, section_id: str) -> Answer: ...
    def covid_status(self) -> Answer: ...
    def budget_overview(self) -> Answer: ...
    def schedule(self, month: int | None = None) -> Answer: ...
    def source_passage(self, answer: Answer) -> str: ...


class EngineRunner:
    """Runs every engine call on a single worker thread (the thread that loaded the engine)."""

    def __init__(self, engine: EngineLike, executor: ThreadPoolExecutor | None = None):
        self.engine = engine
        self._executor = executor or ThreadPoolExecutor(1, thread_name_prefix="reportbot-engine")

    @classmethod
    def load(cls, factory: Callable[[], EngineLike]) -> EngineRunner:
        """Build the engine on the worker thread (blocking; call before the event loop runs)."""
        executor = ThreadPoolExecutor(1, thread_name_prefix="reportbot-engine")
        try:
            engine = executor.submit(factory).result()
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(engine, executor)

    async def call(self, method: str, *args: Any) -> Any:
        fn = functools.partial(getattr(self.engine, method), *args)
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    async def answer(self, question: str, conversation: Conversation | None) -> Answer:
        return await self.call("answer", question, conversation)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


@dataclass
class Services:
    settings: Settings
    engine: EngineRunner
    contexts: ContextStore
    access: AccessPolicy
    questions: QuestionLog
    hasher: Hasher
    log_texts: bool = False
    topics_cache: list[tuple[str, str]] | None = None

    async def topics(self) -> list[tuple[str, str]]:
        if self.topics_cache is None:
            self.topics_cache = [(str(a), str(b)) for a, b in await self.engine.call("topics")]
        return self.topics_cache


SERVICES_KEY = "reportbot.services"
