"""`Engine`: the entry other code uses — `Engine.load()`, `engine.answer(text, conversation)` and the
fixed views. Pure: `Engine.load()` is the one place that touches files; the work is done by the
stages in `bot.engine.pipeline` over one immutable `Resources`."""

from __future__ import annotations

import gc
from pathlib import Path

from bot import paths
from bot.answer import Answer, Conversation
from bot.engine import compose, pipeline, prebuilt
from bot.engine.answers import schedule, views
from bot.engine.intents import IntentConfig, load_intents
from bot.engine.resources import Resources
from bot.engine.route import check_routes
from bot.engine.thresholds import SETTLE_EVERY
from bot.records import Knowledge

LOGGER = "bot.engine"  # failures inside one question are logged here
WARM_QUESTION = "법률지원담당관예산얼마"  # Engine.warm: glued words, which the analyzer reads (opening it)


def settle() -> None:
    """What the process holds once an engine is loaded (the knowledge base, its indexes, the modules)
    lives as long as the engine: it is left out of Python's full garbage collections, which would
    otherwise walk all of it now and then in the middle of a question, finding nothing (30 ms at a
    time, 90 ms with a knowledge base ten times larger). Reference counting still frees it."""
    gc.freeze()


class Engine:
    """Answers questions about one report from its knowledge base."""

    def __init__(self, kb: Knowledge, config: IntentConfig, *, resources: Resources | None = None):
        check_routes(config)
        self.res = resources if resources is not None else Resources.build(kb, config)
        self._answered = 0

    @classmethod
    def load(
        cls,
        db_path: Path | None = None,
        knowledge_root: Path | None = None,
        intents_path: Path | None = None,
        *,
        quiet: bool = False,
    ) -> Engine:
        """Open (building or rebuilding when needed) the knowledge database and intents.yaml."""
        from bot.build import ensure_database  # imported here: `ask` needs it only when the database is stale
        from bot.store import read_knowledge

        collecting = gc.isenabled()
        gc.disable()  # everything made now lives as long as the engine: nothing for a collection to find
        try:
            db = ensure_database(db_path or paths.knowledge_db(), knowledge_root or paths.knowledge_dir(), quiet=quiet)
            intents = intents_path or paths.intents_file()
            config = load_intents(intents)
            # the records, vocabulary and index read back from build/parsed/ when made before from the same inputs
            pre = prebuilt.for_database(db, intents)
            kb = pre.knowledge(lambda: read_knowledge(db)) if pre is not None else read_knowledge(db)
            resources = Resources.build(kb, config, pre)
            engine = cls(kb, config, resources=resources)
        finally:
            if collecting:
                gc.enable()
        settle()
        return engine

    def warm(self) -> None:
        """Build now what the engine otherwise builds at the first question that needs it (the
        word maps read lazily so that a one-off `ask` starts fast, and the analyzer): the
        long-running front ends (terminal chat, Telegram) call it at start, so that no user's first
        question pays for it."""
        from functools import cached_property

        res = self.res
        for obj in (res, res.vocab, res.index, res.config):
            for name, attr in type(obj).__dict__.items():
                if isinstance(attr, cached_property):
                    getattr(obj, name)
        pipeline.run(res, WARM_QUESTION, Conversation())  # the analyzer and its user dictionary open

    # read-only views of the resources, for front ends and the bench
    @property
    def kb(self) -> Knowledge:
        return self.res.kb

    @property
    def config(self) -> IntentConfig:
        return self.res.config

    def answer(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer one question; `conversation` (if given) supplies and receives follow-up context.
        A failure inside one question is logged and answered with one line; it never propagates."""
        conv = conversation if conversation is not None else Conversation()
        # the per-string caches (morphemes, name words, scored queries) grow with the questions and
        # live as long as the engine: every SETTLE_EVERY answers what the young collections kept is
        # set aside like the engine itself (`settle`), so that no full collection walks the caches in
        # the middle of a question (they made the slowest answers: 15 ms instead of 4)
        self._answered += 1
        if self._answered % SETTLE_EVERY == 0:
            gc.collect(1)  # the young garbage first (the engine makes none that only a collection frees)
            settle()
        try:
            return pipeline.run(self.res, question or "", conv)
        except Exception:  # one failing question must not end a chat or the bot
            import logging  # here: a plain `ask` does not need the logging package

            logging.getLogger(LOGGER).exception("question failed: %r", question)
            return compose.failed(self.res, question or "")

    def topics(self) -> list[tuple[str, str]]:
        return views.topics(self.res)

    def topics_answer(self) -> Answer:
        return views.topics_answer(self.res)

    def section_summary(self, section_id: str) -> Answer:
        return views.section_summary(self.res, section_id)

    def covid_status(self) -> Answer:
        return views.covid_status(self.res)

    def budget_overview(self) -> Answer:
        return views.budget_overview(self.res)

    def schedule(self, month: int | None = None) -> Answer:
        return schedule.schedule_view(self.res, month)

    def source_passage(self, answer: Answer, max_lines: int = 20) -> str:
        return views.source_passage(self.res, answer, max_lines)
