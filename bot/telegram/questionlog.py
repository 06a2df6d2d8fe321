"""SQLite log of the questions people ask (for finding gaps in the knowledge base).

One row per question: time (UTC ISO 8601), a salted SHA-256 hash of the chat id (never the raw
id, never a name), the question, the engine's intent and whether it was answered.

The salt is REPORTBOT_LOG_SALT when set, else a random value stored in the database's `meta`
table on first use. A database that cannot be opened or written (corrupt file, read-only
volume, full disk) never stops the bot: the log warns once and turns itself off.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import secrets
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

log = logging.getLogger(__name__)

Now = Callable[[], datetime]


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


_SCHEMA_COLUMNS = {
    "id": int,
    "ts": str,
    "chat": str,
    "question": str,
    "intent": str,
    "answered": int,
}


def _stats(db: sqlite_utils.Database, now: datetime) -> Stats:
    row = next(
        db.query(
            "SELECT COUNT(*) AS total, COALESCE(SUM(answered), 0) AS answered, "
            "COUNT(DISTINCT chat) AS chats, "
            "COALESCE(SUM(CASE WHEN ts >= :since THEN 1 ELSE 0 END), 0) AS last_24h "
            "FROM questions",
            {"since": iso(now - timedelta(hours=24))},
        )
    )
    total, answered = int(row["total"]), int(row["answered"])
    return Stats(total, answered, total - answered, int(row["chats"]), int(row["last_24h"]))


def _unanswered(db: sqlite_utils.Database, limit: int) -> list[tuple[str, int]]:
    rows = db.query(
        "SELECT question, COUNT(*) AS n, MAX(ts) AS last FROM questions WHERE answered = 0 "
        "GROUP BY question ORDER BY n DESC, last DESC LIMIT :limit",
        {"limit": max(0, int(limit))},
    )
    return [(r["question"], int(r["n"])) for r in rows]


class QuestionLog:
    """Append-only question log. Opened lazily; every method is safe to call when broken."""

    def __init__(self, path: Path | str, salt: str | None = None, now: Now = utc_now):
        self.path = Path(path)
        self._salt = salt
        self._now = now
        self._db: sqlite_utils.Database | None = None
        self.broken = False

    # -- internals -------------------------------------------------------------------------
    def _fail(self, action: str, exc: BaseException) -> None:
        if not self.broken:
            log.warning(
                "question log %s disabled after error while %s: %s (the bot keeps answering)",
                self.path,
                action,
                exc,
            )
        self.broken = True
        self.close()

    def _open(self) -> sqlite_utils.Database:
        if self._db is not None:
            return self._db
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(self.path)
        try:
            db.execute("PRAGMA busy_timeout = 2000")
            try:
                db.enable_wal()
            except sqlite3.OperationalError:
                pass  # e.g. a file system without shared memory; the default journal works too
            db["questions"].create(_SCHEMA_COLUMNS, pk="id", if_not_exists=True)
            db["questions"].create_index(["ts"], if_not_exists=True)
            db["questions"].create_index(["answered", "question"], if_not_exists=True)
            db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
            if self._salt is None:
                rows = list(db.query("SELECT value FROM meta WHERE key = 'salt'"))
                if rows:
                    self._salt = rows[0]["value"]
                else:
                    self._salt = secrets.token_hex(16)
                    db["meta"].insert({"key": "salt", "value": self._salt}, replace=True)
        except BaseException:
            db.close()
            raise
        self._db = db
        return db

    def chat_hash(self, chat_id: int) -> str:
        salt = self._salt or ""
        return hashlib.sha256(f"{salt}:{chat_id}".encode()).hexdigest()

    # -- API -------------------------------------------------------------------------------
    def log_question(self, chat_id: int, question: str, intent: str | None, answered: bool) -> bool:
        """Record one question; False (after a single warning) when the log is unusable."""
        if self.broken:
            return False
        try:
            db = self._open()
            db["questions"].insert(
                {
                    "ts": iso(self._now()),
                    "chat": self.chat_hash(chat_id),
                    "question": question,
                    "intent": intent,
                    "answered": 1 if answered else 0,
                }
            )
            return True
        except Exception as exc:  # noqa: BLE001 - a broken log must never stop the bot
            self._fail("writing", exc)
            return False

    def stats(self) -> Stats | None:
        """Counts over the whole log, or None when it cannot be read."""
        if self.broken:
            return None
        try:
            return _stats(self._open(), self._now())
        except Exception as exc:  # noqa: BLE001 - a broken log must never stop the bot
            self._fail("reading stats", exc)
            return None

    def unanswered(self, limit: int = 20) -> list[tuple[str, int]]:
        """Most frequent unanswered questions as (question, count)."""
        if self.broken:
            return []
        try:
            return _unanswered(self._open(), limit)
        except Exception as exc:  # noqa: BLE001 - a broken log must never stop the bot
            self._fail("reading", exc)
            return []

    def close(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            try:
                db.close()
            except sqlite3.Error:  # pragma: no cover
                pass


def open_readonly(path: Path) -> sqlite_utils.Database:
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    return sqlite_utils.Database(conn)


def main_unanswered(argv: list[str] | None = None) -> int:
    """`python -m bot unanswered`: print the most frequent unanswered questions."""
    from bot.telegram.config import default_state_db, merged_environment

    parser = argparse.ArgumentParser(
        prog="python -m bot unanswered",
        description="Most frequent questions the bot could not answer (from the question log).",
    )
    parser.add_argument("--limit", type=int, default=20, help="how many to show (default 20)")
    parser.add_argument("--db", type=Path, default=None, help="question log (default: REPORTBOT_STATE_DB)")
    args = parser.parse_args(argv)
    path = args.db or default_state_db(merged_environment())
    if not path.exists():
        print(f"아직 기록된 질문이 없습니다 (nothing logged yet: {path} does not exist).")
        return 0
    try:
        db = open_readonly(path)
        try:
            if "questions" not in db.table_names():
                rows, stats = [], None
            else:
                rows, stats = _unanswered(db, args.limit), _stats(db, utc_now())
        finally:
            db.close()
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
