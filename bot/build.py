"""Compile knowledge/ into one SQLite file with sqlite-utils, and keep it fresh.

The file is written to a temporary name and renamed into place, so a reader never sees a half
built database. A `metadata` row holds the hash of every source file: any command that opens
the database rebuilds it when that hash no longer matches, when the file is missing, or when it
is not a readable SQLite database.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from bot.knowledge_files import load_knowledge, sources_hash
from bot.reconcile import reconcile_or_raise
from bot.records import Knowledge

if TYPE_CHECKING:
    import sqlite_utils  # imported when a build runs: `ask` and `chat` on a fresh database do not need it

SCHEMA_VERSION = "2"


def build_database(knowledge_root: Path, db_path: Path) -> Knowledge:
    """Load, reconcile and write the database; returns what was loaded."""
    import sqlite_utils

    kb = load_knowledge(knowledge_root)
    reconcile_or_raise(kb, knowledge_root)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(db_path.name + f".tmp{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    db = sqlite_utils.Database(tmp)
    try:
        _write(db, kb, sources_hash(knowledge_root))
    finally:
        db.close()
    os.replace(tmp, db_path)
    return kb


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


def database_is_fresh(db_path: Path, knowledge_root: Path) -> bool:
    """True when the file is a readable database built from the current sources."""
    if not db_path.is_file():
        return False
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = dict(con.execute("select key, value from metadata").fetchall())
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False
    return rows.get("sources_hash") == sources_hash(knowledge_root) and rows.get("schema_version") == SCHEMA_VERSION


def ensure_database(db_path: Path, knowledge_root: Path, *, quiet: bool = False) -> None:
    """Rebuild the database when it is missing, stale or corrupt (saying why on stderr)."""
    if database_is_fresh(db_path, knowledge_root):
        return
    if not quiet:
        reason = "missing" if not db_path.exists() else "out of date or unreadable"
        print(f"knowledge database {reason}: rebuilding {db_path}", file=sys.stderr)
    build_database(knowledge_root, db_path)
