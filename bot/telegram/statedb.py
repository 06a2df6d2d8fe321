"""All SQL of the Telegram front end, in one place: its tables in the state database
(REPORTBOT_STATE_DB, SQLite), so they can later move behind a shared state store.

Tables (ids are keyed hashes, see privacy.py; times are UTC; names start with tg_ except the
question log's, which older versions created; other modules may keep their own tables here):
    questions       the question log: ts (ISO 8601), chat, question (redacted), intent, answered
    tg_context      a chat's live conversation context: chat, state (JSON), updated (epoch s)
    tg_turns        one answered question: the message that asked, the bot's answer messages,
                    the context before and after it (for edits and replies), created (epoch s)
    tg_answer_msgs  which turn a bot message belongs to (a reply to it takes that turn's context)

The file is created with mode 0600 (and tightened to 0600 when it already exists); SQLite gives
its -wal and -shm files the same mode.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

SCHEMA = (
    (
        "CREATE TABLE IF NOT EXISTS questions (id INTEGER PRIMARY KEY, ts TEXT, chat TEXT, question TEXT, "
        "intent TEXT, answered INTEGER)"
    ),
    "CREATE INDEX IF NOT EXISTS idx_questions_ts ON questions (ts)",
    "CREATE INDEX IF NOT EXISTS idx_questions_answered_question ON questions (answered, question)",
    "CREATE TABLE IF NOT EXISTS tg_context (chat TEXT PRIMARY KEY, state TEXT NOT NULL, updated REAL NOT NULL)",
    (
        "CREATE TABLE IF NOT EXISTS tg_turns (id INTEGER PRIMARY KEY, chat TEXT NOT NULL, question_msg INTEGER, "
        "answer_msgs TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, created REAL NOT NULL)"
    ),
    "CREATE INDEX IF NOT EXISTS idx_tg_turns_question ON tg_turns (chat, question_msg)",
    "CREATE INDEX IF NOT EXISTS idx_tg_turns_created ON tg_turns (created)",
    (
        "CREATE TABLE IF NOT EXISTS tg_answer_msgs (chat TEXT NOT NULL, message_id INTEGER NOT NULL, "
        "turn INTEGER NOT NULL, PRIMARY KEY (chat, message_id))"
    ),
)
# an old version kept its hashing salt in the same file (table meta), which made the hashes testable
FORGET_OLD_SALT = "DELETE FROM meta WHERE key = 'salt'"

FILE_MODE = 0o600
DIR_MODE = 0o700


def create_private_file(path: Path) -> None:
    """Create `path` (and missing parent folders) readable by the owner only; tighten an
    existing file to 0600."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=DIR_MODE, exist_ok=True)
    if not path.exists():
        # open and close a file only while it does not exist yet: closing any descriptor of a
        # file drops every POSIX lock this process holds on it, those of its open SQLite
        # connections too (another process would then delete the WAL under them: lost writes)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, FILE_MODE))
    if (path.stat().st_mode & 0o777) != FILE_MODE:
        os.chmod(path, FILE_MODE)
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            if extra.exists() and (extra.stat().st_mode & 0o777) != FILE_MODE:
                os.chmod(extra, FILE_MODE)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating) the state database with the schema above."""
    create_private_file(path)
    conn = sqlite3.connect(path, timeout=2.0, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        with contextlib.suppress(sqlite3.OperationalError):  # e.g. no shared memory: default journal
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        for statement in SCHEMA:
            conn.execute(statement)
        with contextlib.suppress(sqlite3.OperationalError):  # no such table (or another one's meta)
            conn.execute(FORGET_OLD_SALT)
    except BaseException:
        conn.close()
        raise
    return conn


def connect_readonly(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


# -- question log ------------------------------------------------------------------------------


def insert_question(conn: sqlite3.Connection, ts: str, chat: str, question: str, intent: str | None, answered: bool):
    conn.execute(
        "INSERT INTO questions (ts, chat, question, intent, answered) VALUES (?, ?, ?, ?, ?)",
        (ts, chat, question, intent, 1 if answered else 0),
    )


def question_counts(conn: sqlite3.Connection, since: str) -> sqlite3.Row:
    return conn.execute(
        "SELECT COUNT(*) AS total, COALESCE(SUM(answered), 0) AS answered, COUNT(DISTINCT chat) AS chats, "
        "COALESCE(SUM(CASE WHEN ts >= ? THEN 1 ELSE 0 END), 0) AS last_24h FROM questions",
        (since,),
    ).fetchone()


def unanswered_questions(conn: sqlite3.Connection, limit: int) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT question, COUNT(*) AS n, MAX(ts) AS last FROM questions WHERE answered = 0 "
        "GROUP BY question ORDER BY n DESC, last DESC LIMIT ?",
        (max(0, int(limit)),),
    )
    return [(r["question"], int(r["n"])) for r in rows]


def purge_questions(conn: sqlite3.Connection, before: str) -> int:
    """Delete questions logged before `before` (ISO 8601 UTC); how many were deleted."""
    return conn.execute("DELETE FROM questions WHERE ts < ?", (before,)).rowcount


# -- conversation context ----------------------------------------------------------------------


def load_context(conn: sqlite3.Connection, chat: str) -> tuple[str, float] | None:
    row = conn.execute("SELECT state, updated FROM tg_context WHERE chat = ?", (chat,)).fetchone()
    return (row["state"], float(row["updated"])) if row else None


def save_context(conn: sqlite3.Connection, chat: str, state: str, updated: float) -> None:
    conn.execute(
        "INSERT INTO tg_context (chat, state, updated) VALUES (?, ?, ?) "
        "ON CONFLICT (chat) DO UPDATE SET state = excluded.state, updated = excluded.updated",
        (chat, state, updated),
    )


def delete_context(conn: sqlite3.Connection, chat: str) -> None:
    conn.execute("DELETE FROM tg_context WHERE chat = ?", (chat,))


def insert_turn(
    conn: sqlite3.Connection, chat: str, question_msg: int | None, answer_msgs: list[int], before: str, after: str,
    created: float,
) -> int:  # fmt: skip
    with conn:
        conn.execute("BEGIN")
        cur = conn.execute(
            "INSERT INTO tg_turns (chat, question_msg, answer_msgs, before, after, created) VALUES (?, ?, ?, ?, ?, ?)",
            (chat, question_msg, json.dumps(answer_msgs), before, after, created),
        )
        turn = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT OR REPLACE INTO tg_answer_msgs (chat, message_id, turn) VALUES (?, ?, ?)",
            [(chat, m, turn) for m in answer_msgs],
        )
    return turn


def update_turn(conn: sqlite3.Connection, turn: int, chat: str, answer_msgs: list[int], after: str) -> None:
    with conn:
        conn.execute("BEGIN")
        conn.execute(
            "UPDATE tg_turns SET answer_msgs = ?, after = ? WHERE id = ?", (json.dumps(answer_msgs), after, turn)
        )
        conn.execute("DELETE FROM tg_answer_msgs WHERE turn = ?", (turn,))
        conn.executemany(
            "INSERT OR REPLACE INTO tg_answer_msgs (chat, message_id, turn) VALUES (?, ?, ?)",
            [(chat, m, turn) for m in answer_msgs],
        )


_TURN_COLUMNS = "id, question_msg, answer_msgs, before, after, created"


def turn_by_question(conn: sqlite3.Connection, chat: str, message_id: int) -> sqlite3.Row | None:
    return conn.execute(
        f"SELECT {_TURN_COLUMNS} FROM tg_turns WHERE chat = ? AND question_msg = ? ORDER BY id DESC LIMIT 1",
        (chat, message_id),
    ).fetchone()


def turn_by_answer(conn: sqlite3.Connection, chat: str, message_id: int) -> sqlite3.Row | None:
    return conn.execute(
        f"SELECT {_TURN_COLUMNS} FROM tg_turns WHERE id = "
        "(SELECT turn FROM tg_answer_msgs WHERE chat = ? AND message_id = ?)",
        (chat, message_id),
    ).fetchone()


def purge_context(conn: sqlite3.Connection, contexts_before: float, turns_before: float) -> int:
    """Forget contexts silent since `contexts_before` and turns older than `turns_before`."""
    with conn:
        conn.execute("BEGIN")
        n = conn.execute("DELETE FROM tg_context WHERE updated < ?", (contexts_before,)).rowcount
        n += conn.execute("DELETE FROM tg_turns WHERE created < ?", (turns_before,)).rowcount
        conn.execute("DELETE FROM tg_answer_msgs WHERE turn NOT IN (SELECT id FROM tg_turns)")
    return n


def forget_chat(conn: sqlite3.Connection, chat: str) -> None:
    """Everything kept about one chat's conversation (not its anonymous question log rows)."""
    with conn:
        conn.execute("BEGIN")
        conn.execute("DELETE FROM tg_context WHERE chat = ?", (chat,))
        conn.execute("DELETE FROM tg_turns WHERE chat = ?", (chat,))
        conn.execute("DELETE FROM tg_answer_msgs WHERE chat = ?", (chat,))


def row_dict(row: sqlite3.Row | None) -> dict[str, Any] | None:
    return dict(row) if row is not None else None


class StateDB:
    """The state database, opened lazily. A database that cannot be opened or written (corrupt
    file, read-only volume, full disk) never stops the bot: `run` warns once, marks it broken
    and returns the default from then on (callers fall back to memory or to no log)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self.broken = False

    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.path)
        return self._conn

    def run(self, action: str, fn: Callable[..., T], *args: Any, default: T) -> T:
        if self.broken:
            return default
        try:
            return fn(self.connection(), *args)
        except Exception as exc:  # noqa: BLE001 - a broken state database must never stop the bot
            if not self.broken:
                log.warning(
                    "state database %s disabled after error while %s: %s (the bot keeps answering)",
                    self.path, action, exc,
                )  # fmt: skip
            self.broken = True
            self.close()
            return default

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
