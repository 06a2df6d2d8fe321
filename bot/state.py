"""The bot's writable state: one small store behind a Protocol, one SQLite implementation.

Everything the bot writes at run time goes through `StateStore`: COVID snapshots added after
the report (with who added them, hashed, and when; corrections keep the old row in history),
Telegram subscriptions, and the last run of each scheduled job. The conversation contexts and
the question log of the Telegram front end (`bot.telegram.statedb`, tables `questions` and
`tg_*`) live in the same file and are meant to move behind it too.

Ids are stored only as keyed hashes (HMAC-SHA256, `bot.telegram.privacy.Hasher`) with the key
of the question log (REPORTBOT_HASH_KEY); the key is never written to the database.

No SQL leaves this module: callers speak `StoredSnapshot`, chat ids and plain values, so a
PostgreSQL implementation for several replicas can replace `SQLiteStateStore` later.

REPORTBOT_STATE_DB   the database file (see `bot.telegram.config.default_state_db`)
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bot.telegram.privacy import Hasher
from bot.telegram.statedb import FORGET_OLD_SALT, create_private_file

# the counts of a snapshot, in the order the report prints them
COUNT_FIELDS = ("confirmed", "isolated", "released", "deaths", "suspected", "testing", "negative")


@dataclass(frozen=True)
class StoredSnapshot:
    """One COVID status as stored: a region's counts at one as-of time."""

    region: str
    as_of: str  # "YYYY-MM-DD HH:MM", Asia/Seoul
    counts: dict[str, int | None]
    source: str = ""
    added_by: str = ""  # keyed hash of the Telegram user id, or of the CLI user
    added_at: str = ""  # UTC ISO 8601
    warning: str | None = None  # stored despite a failed check (--force)
    id: int | None = None
    replaced_by: int | None = None  # a correction replaced it: kept in history, not answered
    extra: dict = field(default_factory=dict)


class StateStore(Protocol):
    """What the bot keeps between runs. Implementations: `SQLiteStateStore`."""

    def snapshots(self, *, include_replaced: bool = False) -> list[StoredSnapshot]: ...
    def add_snapshots(self, snapshots: Sequence[StoredSnapshot], *, replace: bool = False) -> list[StoredSnapshot]: ...
    def revision(self) -> int: ...
    def subscribe(self, chat_id: int, now: str) -> bool: ...
    def unsubscribe(self, chat_id: int) -> bool: ...
    def subscribers(self) -> list[int]: ...
    def is_subscribed(self, chat_id: int) -> bool: ...
    def last_run(self, job: str) -> str | None: ...
    def record_run(self, job: str, when: str) -> None: ...
    def hash_id(self, raw_id: int | str) -> str: ...
    def close(self) -> None: ...


class StateError(RuntimeError):
    """The state database cannot be opened, read or written; the message is one line."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS covid_snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region TEXT NOT NULL,
    as_of TEXT NOT NULL,
    confirmed INTEGER, isolated INTEGER, released INTEGER, deaths INTEGER,
    suspected INTEGER, testing INTEGER, negative INTEGER,
    source TEXT NOT NULL DEFAULT '',
    added_by TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL DEFAULT '',
    warning TEXT,
    replaced_by INTEGER
);
CREATE INDEX IF NOT EXISTS covid_snapshots_region ON covid_snapshots (region, as_of);
CREATE TABLE IF NOT EXISTS subscriptions (chat_id INTEGER PRIMARY KEY, since TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS job_runs (job TEXT PRIMARY KEY, last_run TEXT NOT NULL);
"""


class SQLiteStateStore:
    """`StateStore` in one SQLite file (WAL, so the CLI may write while the bot reads)."""

    def __init__(self, path: Path | str, hash_key: str | None = None):
        """`hash_key`: the secret of `hash_id` (REPORTBOT_HASH_KEY); without one, a random key of
        this process (its hashes then match no other process's)."""
        self.path = Path(path)
        self._hasher = Hasher(hash_key or secrets.token_hex(32))
        self._lock = threading.Lock()
        self._con: sqlite3.Connection | None = None

    # -- connection --------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        if self._con is not None:
            return self._con
        try:
            create_private_file(self.path)  # mode 0600, like the bot's own tables (bot.telegram.statedb)
            con = sqlite3.connect(self.path, timeout=5, check_same_thread=False, isolation_level=None)
            con.row_factory = sqlite3.Row
            try:
                con.execute("PRAGMA journal_mode = WAL")
                con.execute("PRAGMA synchronous = NORMAL")  # WAL: still never corrupt, no fsync per write
            except sqlite3.OperationalError:
                pass  # a file system without shared memory: the default journal works too
            con.executescript(_SCHEMA)
            con.execute(FORGET_OLD_SALT)  # an older version stored its hashing salt here
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"cannot open the state database {self.path}: {exc}") from exc
        self._con = con
        return con

    def _run(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db().execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as exc:
                raise StateError(f"state database {self.path}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            con, self._con = self._con, None
            if con is not None:
                con.close()

    # -- identity ----------------------------------------------------------------------------
    def hash_id(self, raw_id: int | str) -> str:
        """Keyed hash (HMAC-SHA256) of a user or chat id, as the question log stores chat ids."""
        return self._hasher.full(raw_id)

    # -- COVID snapshots ---------------------------------------------------------------------
    def snapshots(self, *, include_replaced: bool = False) -> list[StoredSnapshot]:
        where = "" if include_replaced else "WHERE replaced_by IS NULL"
        rows = self._run(f"SELECT * FROM covid_snapshots {where} ORDER BY region, as_of, id")
        return [
            StoredSnapshot(
                region=r["region"],
                as_of=r["as_of"],
                counts={f: r[f] for f in COUNT_FIELDS},
                source=r["source"],
                added_by=r["added_by"],
                added_at=r["added_at"],
                warning=r["warning"],
                id=r["id"],
                replaced_by=r["replaced_by"],
            )
            for r in rows
        ]

    def add_snapshots(self, snapshots: Sequence[StoredSnapshot], *, replace: bool = False) -> list[StoredSnapshot]:
        """Store all of them in one transaction (all or nothing). With `replace`, a current
        snapshot of the same region and as-of is kept in history, marked as replaced."""
        cols = ("region", "as_of", *COUNT_FIELDS, "source", "added_by", "added_at", "warning")
        stored: list[StoredSnapshot] = []
        with self._lock:
            con = self._db()
            try:
                con.execute("BEGIN IMMEDIATE")
                for s in snapshots:
                    values = (s.region, s.as_of, *(s.counts.get(f) for f in COUNT_FIELDS))
                    values += (s.source, s.added_by, s.added_at, s.warning)
                    cur = con.execute(
                        f"INSERT INTO covid_snapshots ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                        values,
                    )
                    new_id = cur.lastrowid
                    old = con.execute(
                        "SELECT id FROM covid_snapshots WHERE region = ? AND as_of = ? AND id != ? "
                        "AND replaced_by IS NULL",
                        (s.region, s.as_of, new_id),
                    ).fetchall()
                    if old and not replace:
                        raise StateError(f"{s.region} {s.as_of} is already stored (a correction needs --replace)")
                    con.executemany(
                        "UPDATE covid_snapshots SET replaced_by = ? WHERE id = ?", [(new_id, r["id"]) for r in old]
                    )
                    stored.append(StoredSnapshot(**{**s.__dict__, "id": new_id}))
                con.execute(
                    "INSERT INTO meta (key, value) VALUES ('revision', '1') "
                    "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
                )
                con.execute("COMMIT")
            except BaseException as exc:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StateError(f"state database {self.path}: {exc}") from exc
                raise
        return stored

    def revision(self) -> int:
        """A number that grows with every change of the snapshots (to reload without restart)."""
        rows = self._run("SELECT value FROM meta WHERE key = 'revision'")
        return int(rows[0]["value"]) if rows else 0

    # -- subscriptions -----------------------------------------------------------------------
    def subscribe(self, chat_id: int, now: str) -> bool:
        """True when the chat was not subscribed before."""
        with self._lock:
            try:
                cur = self._db().execute(
                    "INSERT OR IGNORE INTO subscriptions (chat_id, since) VALUES (?, ?)", (int(chat_id), now)
                )
            except sqlite3.Error as exc:
                raise StateError(f"state database {self.path}: {exc}") from exc
            return cur.rowcount == 1

    def unsubscribe(self, chat_id: int) -> bool:
        with self._lock:
            try:
                cur = self._db().execute("DELETE FROM subscriptions WHERE chat_id = ?", (int(chat_id),))
            except sqlite3.Error as exc:
                raise StateError(f"state database {self.path}: {exc}") from exc
            return cur.rowcount == 1

    def subscribers(self) -> list[int]:
        return [int(r["chat_id"]) for r in self._run("SELECT chat_id FROM subscriptions ORDER BY since, chat_id")]

    def is_subscribed(self, chat_id: int) -> bool:
        return bool(self._run("SELECT 1 FROM subscriptions WHERE chat_id = ?", (int(chat_id),)))

    # -- scheduled jobs ----------------------------------------------------------------------
    def last_run(self, job: str) -> str | None:
        rows = self._run("SELECT last_run FROM job_runs WHERE job = ?", (job,))
        return rows[0]["last_run"] if rows else None

    def record_run(self, job: str, when: str) -> None:
        self._run(
            "INSERT INTO job_runs (job, last_run) VALUES (?, ?) "
            "ON CONFLICT(job) DO UPDATE SET last_run = excluded.last_run",
            (job, when),
        )
