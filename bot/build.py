"""Compile knowledge/ into one SQLite file with sqlite-utils, and keep it fresh.

The file is written to a temporary name and renamed into place, so a reader never sees a half
built database; a failed or interrupted build leaves nothing behind (a killed build's temporary
file is removed by the next build). The build marks the file as reportbot's (`PRAGMA
application_id`) and never replaces a file without that mark, so a mistyped REPORTBOT_DB cannot
overwrite someone's file. A `metadata` row holds the hash of every source file and another a
checksum of every row the engine reads: any command that opens the database rebuilds it when the
file is missing, unreadable, built from other sources, or changed since it was built. When the
configured folder is not writable, the rebuild goes to a private temporary folder instead (and
says so).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from bot.knowledge_files import KnowledgeError, load_knowledge, sources_hash
from bot.reconcile import reconcile_or_raise
from bot.records import Knowledge
from bot.store import read_only_uri

if TYPE_CHECKING:
    import sqlite_utils  # imported when a build runs: `ask` and `chat` on a fresh database do not need it

SCHEMA_VERSION = "3"
APPLICATION_ID = 0x52425442  # "RBTB" in the SQLite header (offset 68): this file is reportbot's
SQLITE_MAGIC = b"SQLite format 3\x00"
SIDE_FILES = ("-journal", "-wal", "-shm")  # what SQLite may leave next to a database


class DatabasePathError(KnowledgeError):
    """The configured database path cannot hold the database; the message says why, in one line."""


def build_database(knowledge_root: Path, db_path: Path) -> Knowledge:
    """Load, reconcile and write the database; returns what was loaded."""
    kb = load_knowledge(knowledge_root)
    reconcile_or_raise(kb, knowledge_root)
    check_target(db_path)
    if db_path.is_symlink():
        raise DatabasePathError(
            f"{db_path}: is a symbolic link; refusing to replace it with the knowledge database "
            "(point REPORTBOT_DB or --db at the file itself, or at a new path)"
        )
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DatabasePathError(f"{db_path}: cannot create its folder: {e.strerror}") from e
    remove_stale_temporaries(db_path)
    tmp = db_path.with_name(db_path.name + f".tmp{os.getpid()}")
    try:
        _remove(tmp)
        _write_file(tmp, kb, sources_hash(knowledge_root))
        for suffix in SIDE_FILES:  # a journal left by someone else would be played into the new file
            _remove(db_path.with_name(db_path.name + suffix))
        os.replace(tmp, db_path)
    except (OSError, sqlite3.Error) as e:  # not writable, disk full, …
        reason = getattr(e, "strerror", None) or str(e)
        raise DatabasePathError(f"{db_path}: cannot write the database: {reason}") from e
    finally:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in SIDE_FILES)):
            with contextlib.suppress(OSError):
                _remove(leftover)
    return kb


def _write_file(tmp: Path, kb: Knowledge, source_hash: str) -> None:
    import sqlite_utils  # here: only a build needs it

    db = sqlite_utils.Database(tmp)
    try:
        # a temporary file is thrown away when anything fails: no journal to leave behind
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        _write(db, kb, source_hash)
        db["metadata"].insert({"key": "content_checksum", "value": content_checksum(db.conn)}, pk="key")
    finally:
        db.close()
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)  # on disk before it is renamed into place
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _write(db: sqlite_utils.Database, kb: Knowledge, source_hash: str) -> None:
    db["sections"].insert_all(
        (
            {
                "id": s.id,
                "title": s.title,
                "short": s.short,
                "purpose": s.purpose,
                "line_start": s.lines[0],
                "line_end": s.lines[1],
                "keywords": json.dumps(s.keywords, ensure_ascii=False),
                "summary_facts": json.dumps(s.summary_facts),
            }
            for s in kb.sections.values()
        ),
        pk="id",
    )
    fk = [("section", "sections", "id")]
    db["facts"].insert_all(
        ({**asdict(f), "lines": json.dumps(f.lines)} for f in kb.facts),
        pk="id",
        foreign_keys=fk,
        columns={
            "value": float,
            "text": str,
            "subject": str,
            "qualifier": str,
            "period": str,
            "as_of": str,
            "note": str,
            "source_table": str,
            "subject_required": int,
        },
    )
    db["details"].insert_all(
        ({**asdict(d), "lines": json.dumps(d.lines)} for d in kb.details), pk="id", foreign_keys=fk
    )
    db["schedule"].insert_all(
        ({**asdict(s), "lines": json.dumps(s.lines)} for s in kb.schedule), pk="id", foreign_keys=fk
    )
    for table in kb.tables.values():
        db[table.name].insert_all(
            ({"section": table.section, **row} for row in table.rows),
            pk="line" if _unique_lines(table) else None,
            foreign_keys=fk,
        )
    db["table_specs"].insert_all(
        (
            {"name": t.name, "section": t.section, "file": t.file, "spec": json.dumps(t.spec, ensure_ascii=False)}
            for t in kb.tables.values()
        ),
        pk="name",
        foreign_keys=fk,
    )
    db["aliases"].insert_all(
        [
            *({"alias": a, "canonical": c, "kind": "name"} for c, names in kb.aliases.items() for a in names),
            *({"alias": a, "canonical": c, "kind": "word"} for c, names in kb.words.items() for a in names),
        ],
        pk=("alias", "canonical", "kind"),
        replace=True,
    )
    db["discrepancies"].insert_all(
        ({**asdict(d), "facts": json.dumps(d.facts)} for d in kb.discrepancies),
        pk="check",
        columns={"check": str, "what": str, "stated": str, "computed": str, "difference": str, "facts": str},
    )
    db["passages"].insert_all(
        (
            {"line": i + 1, "section": (kb.section_of_line(i + 1) or _NONE).id, "text": t}
            for i, t in enumerate(kb.source_lines)
            if t.strip()
        ),
        pk="line",
        foreign_keys=fk,
    )
    db["passages"].enable_fts(["text"], create_triggers=False)
    db["facts"].enable_fts(["label", "subject", "metric", "qualifier"], create_triggers=False)
    db["metadata"].insert_all(
        [{"key": "sources_hash", "value": source_hash}, {"key": "schema_version", "value": SCHEMA_VERSION}], pk="key"
    )


class _NoSection:
    id = None


_NONE = _NoSection()


def _unique_lines(table) -> bool:
    lines = [r.get("line") for r in table.rows]
    return len(set(lines)) == len(lines)


def content_checksum(con: sqlite3.Connection) -> str:
    """A hash of every row of every table the engine reads (not the search indexes, not metadata)."""
    h = hashlib.sha256()
    names = [r[0] for r in con.execute("select name from sqlite_master where type = 'table' order by name")]
    for name in names:
        if name == "metadata" or "_fts" in name or name.startswith("sqlite_"):
            continue
        h.update(name.encode() + b"\0")
        rows = con.execute(f'select * from "{name}" order by rowid')  # one update per table: the same bytes
        h.update("".join([repr(tuple(row)) + "\n" for row in rows]).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def database_problem(db_path: Path, knowledge_root: Path) -> str | None:
    """None when the file is a readable database built from the current sources and unchanged
    since; otherwise why it is not (for the note printed before a rebuild)."""
    if not db_path.is_file():
        return "missing"
    try:
        con = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            rows = dict(con.execute("select key, value from metadata").fetchall())
            if rows.get("schema_version") != SCHEMA_VERSION:
                return "from an older version"
            if rows.get("sources_hash") != sources_hash(knowledge_root):
                return "out of date"
            if rows.get("content_checksum") != content_checksum(con):
                return "changed since it was built (checksum mismatch)"
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return "unreadable"
    return None


def database_is_fresh(db_path: Path, knowledge_root: Path) -> bool:
    """True when the file is a readable, unchanged database built from the current sources."""
    return database_problem(db_path, knowledge_root) is None


def ensure_database(db_path: Path, knowledge_root: Path, *, quiet: bool = False) -> Path:
    """Rebuild the database when it is missing, stale, corrupt or changed (saying why on stderr).

    Returns the path to read: `db_path`, or a private temporary file when `db_path` needs a
    rebuild and its folder is not writable."""
    check_target(db_path)
    problem = database_problem(db_path, knowledge_root)
    if problem is None:
        return db_path
    if _writable(db_path):
        _note(quiet, f"knowledge database {problem}: rebuilding {db_path}")
        try:
            build_database(knowledge_root, db_path)
            return db_path
        except DatabasePathError:
            pass  # the folder looked writable but is not (a read-only file system): use the fallback
    fallback = fallback_path(db_path)
    if database_problem(fallback, knowledge_root) is None:
        _note(quiet, f"knowledge database {problem} and {db_path.parent} is not writable: using {fallback}")
        return fallback
    _note(quiet, f"knowledge database {problem} and {db_path.parent} is not writable: rebuilding into {fallback}")
    build_database(knowledge_root, fallback)
    return fallback


def _note(quiet: bool, text: str) -> None:
    if not quiet:
        print(text, file=sys.stderr)


def fallback_path(db_path: Path) -> Path:
    """A private temporary place for a database whose configured folder is not writable."""
    try:
        folder = Path(tempfile.gettempdir()) / f"reportbot-{os.getuid()}"
        folder.mkdir(mode=0o700, exist_ok=True)
        if folder.stat().st_uid != os.getuid() or not _writable(folder / "x"):
            folder = Path(tempfile.mkdtemp(prefix="reportbot-"))
    except OSError as e:
        raise DatabasePathError(
            f"{db_path}: needs a rebuild, but {db_path.parent} is not writable and no temporary folder is ({e})"
        ) from e
    digest = hashlib.sha256(str(db_path.absolute()).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return folder / f"knowledge-{digest}.db"


def _writable(db_path: Path) -> bool:
    """Whether the file can be (re)created where it is: its nearest existing folder is writable."""
    folder = db_path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def check_target(db_path: Path) -> None:
    """Refuse, with one line, a path that cannot or must not hold the database."""
    if db_path.exists() and not db_path.is_dir() and not db_path.is_file():
        raise DatabasePathError(
            f"{db_path}: is not a regular file (a device or a pipe); refusing to use it as the knowledge database"
        )
    if db_path.is_dir():
        raise DatabasePathError(
            f"{db_path}: is a folder; the knowledge database must be a file path (REPORTBOT_DB or --db)"
        )
    folder = db_path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise DatabasePathError(f"{db_path}: cannot be created: {folder} is a file, not a folder")
    if db_path.exists() and not os.access(db_path, os.R_OK):
        raise DatabasePathError(f"{db_path}: cannot be read (permission denied); refusing to overwrite it")
    if db_path.exists() and not replaceable(db_path):
        raise DatabasePathError(
            f"{db_path}: is not a reportbot database; refusing to overwrite it "
            "(set REPORTBOT_DB or --db to another path, or remove the file)"
        )


def replaceable(path: Path) -> bool:
    """A file the build may overwrite: one it wrote (SQLite header and reportbot's application
    id, or an older build's metadata table), or one with nothing left in it (empty, zero-filled,
    cut inside the header)."""
    try:
        with path.open("rb") as f:
            head = f.read(100)
            if not any(head):
                return all(not any(chunk) for chunk in iter(lambda: f.read(1 << 20), b""))
    except OSError:
        return False
    if SQLITE_MAGIC.startswith(head[: len(SQLITE_MAGIC)]) and len(head) < 72:
        return True
    if not head.startswith(SQLITE_MAGIC):
        return False
    app_id = int.from_bytes(head[68:72], "big")
    if app_id == APPLICATION_ID:
        return True
    if app_id:
        return False
    try:  # built before the application id was set: recognised by its metadata row
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return con.execute("select 1 from metadata where key = 'sources_hash'").fetchone() is not None
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False


def remove_stale_temporaries(db_path: Path) -> None:
    """Remove the temporary files of builds that were killed (their process no longer runs)."""
    pattern = re.compile(re.escape(db_path.name) + r"\.tmp(\d+)(-journal|-wal|-shm)?")
    for p in db_path.parent.glob(db_path.name + ".tmp*"):
        m = pattern.fullmatch(p.name)
        if m and not _running(int(m.group(1))):
            _remove(p)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
