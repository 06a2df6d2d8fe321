"""The question log: what people ask, for finding gaps in the knowledge base.

One row per question in the state database: time (UTC ISO 8601), a keyed hash (HMAC-SHA256)
of the chat id (never the raw id, never a name; the key comes from the environment and is not
stored), the question with phone numbers, e-mail addresses and resident registration numbers
masked, the engine's intent and whether it was answered. Rows older than the retention limit
(QUESTION_LOG_RETENTION_DAYS, default 90) are deleted by a daily purge.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from . import statedb
from .privacy import Hasher, redact

Now = Callable[[], datetime]

DEFAULT_RETENTION_DAYS = 90


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Stats:
    total: int
    answered: int
    unanswered: int
    chats: int
    last_24h: int


def _stats(conn: sqlite3.Connection, now: datetime) -> Stats:
    row = statedb.question_counts(conn, iso(now - timedelta(hours=24)))
    total, answered = int(row["total"]), int(row["answered"])
    return Stats(total, answered, total - answered, int(row["chats"]), int(row["last_24h"]))


class QuestionLog:
    """Append-only question log with a retention limit. Every method is safe when the
    database is broken (the bot keeps answering without a log)."""

    def __init__(
        self,
        db: statedb.StateDB | Path | str,
        hasher: Hasher,
        *,
        retention_days: float = DEFAULT_RETENTION_DAYS,
        now: Now = utc_now,
    ):
        self.db = db if isinstance(db, statedb.StateDB) else statedb.StateDB(db)
        self.hasher = hasher
        self.retention = timedelta(days=retention_days)
        self._now = now

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def broken(self) -> bool:
        return self.db.broken

    def chat_hash(self, chat_id: int) -> str:
        return self.hasher.full(chat_id)

    def log_question(self, chat_id: int, question: str, intent: str | None, answered: bool) -> bool:
        """Record one question (redacted); False when the log is unusable."""
        row = (iso(self._now()), self.chat_hash(chat_id), redact(question), intent, answered)
        return self.db.run("writing the question log", _insert, row, default=False)

    def stats(self) -> Stats | None:
        """Counts over the whole log, or None when it cannot be read."""
        return self.db.run("reading stats", _stats, self._now(), default=None)

    def unanswered(self, limit: int = 20) -> list[tuple[str, int]]:
        """Most frequent unanswered questions as (question, count)."""
        return self.db.run("reading the question log", statedb.unanswered_questions, limit, default=[])

    def purge(self) -> int:
        """Delete questions older than the retention limit; how many were deleted."""
        cutoff = iso(self._now() - self.retention)
        return self.db.run("purging the question log", statedb.purge_questions, cutoff, default=0)

    def close(self) -> None:
        self.db.close()


def _insert(conn: sqlite3.Connection, row: tuple) -> bool:
    statedb.insert_question(conn, *row)
    return True


def _purge_main(path: Path, days: float | None, env: dict[str, str]) -> int:
    from bot.telegram.config import ConfigError, parse_retention_days

    try:
        keep = days if days is not None else parse_retention_days(env)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if keep < 0:
        print("error: --days must be 0 or more", file=sys.stderr)
        return 2
    if not path.exists():
        print(f"nothing to purge: {path} does not exist")
        return 0
    now = utc_now()
    cutoff = now - timedelta(days=keep) if keep else now + timedelta(days=1)  # 0: everything
    try:
        conn = statedb.connect(path)
        try:
            questions = statedb.purge_questions(conn, iso(cutoff))
            contexts = statedb.purge_context(conn, cutoff.timestamp(), cutoff.timestamp())
            conn.execute("VACUUM")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        print(f"error: cannot purge {path}: {exc}", file=sys.stderr)
        return 1
    print(f"purged {questions} questions and {contexts} conversation records older than {keep:g} days from {path}")
    return 0


def main_unanswered(argv: list[str] | None = None) -> int:
    """`python -m bot unanswered`: print the most frequent unanswered questions."""
    from bot.telegram.config import default_state_db, merged_environment

    parser = argparse.ArgumentParser(
        prog="python -m bot unanswered",
        description="Most frequent questions the bot could not answer (from the question log).",
    )
    parser.add_argument("--limit", type=int, default=20, help="how many to show (default 20)")
    parser.add_argument("--db", type=Path, default=None, help="question log (default: REPORTBOT_STATE_DB)")
    parser.add_argument(
        "--purge", action="store_true",
        help="delete questions (and conversation state) older than the retention limit, then exit",
    )  # fmt: skip
    parser.add_argument(
        "--days", type=float, default=None,
        help="with --purge: keep this many days (default QUESTION_LOG_RETENTION_DAYS or 90; 0 deletes all)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    env = merged_environment()
    path = args.db or default_state_db(env)
    if args.purge:
        return _purge_main(path, args.days, env)
    if not path.exists():
        print(f"아직 기록된 질문이 없습니다 (nothing logged yet: {path} does not exist).")
        return 0
    try:
        conn = statedb.connect_readonly(path)
        try:
            if not statedb.has_table(conn, "questions"):
                rows, stats = [], None
            else:
                rows, stats = statedb.unanswered_questions(conn, args.limit), _stats(conn, utc_now())
        finally:
            conn.close()
    except sqlite3.Error as exc:
        print(f"error: cannot read question log {path}: {exc}", file=sys.stderr)
        return 1
    if not rows:
        if stats is None or stats.total == 0:
            print(f"아직 기록된 질문이 없습니다 (nothing logged yet in {path}).")
        else:
            print(f"답하지 못한 질문이 없습니다 ({stats.total}개 질문 모두 답변).")
        return 0
    print(f"답하지 못한 질문 (많이 물은 순, 전체 {stats.unanswered if stats else '?'}건):")
    width = max(len(str(n)) for _, n in rows)
    for question, n in rows:
        print(f"{n:>{width}}  {question}")
    return 0
