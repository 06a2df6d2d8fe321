"""Reading the compiled knowledge database back into records (read-only).

The file is opened read-only and immutable: nothing is ever written to it after the build, so a
journal left next to it, a read-only folder or a concurrent rebuild (which renames a new file
into place) cannot make reading fail."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bot.records import (
    Detail,
    Discrepancy,
    Fact,
    Knowledge,
    ScheduleItem,
    Section,
    Table,
)


def read_only_uri(db_path: Path) -> str:
    """The SQLite URI that opens `db_path` read-only, ignoring journals and locks."""
    return db_path.absolute().as_uri() + "?mode=ro&immutable=1"


def stored_checksum(db_path: Path) -> str | None:
    """The content checksum the build stored (`bot.build.content_checksum`); None when there is none."""
    con = sqlite3.connect(read_only_uri(db_path), uri=True)
    try:
        row = con.execute("select value from metadata where key = 'content_checksum'").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()
    return str(row[0]) if row and row[0] else None


def read_knowledge(db_path: Path) -> Knowledge:
    """Everything the engine needs, from a database `build` wrote."""
    con = sqlite3.connect(read_only_uri(db_path), uri=True)
    con.row_factory = sqlite3.Row
    try:
        kb = Knowledge()
        for r in con.execute("select * from sections"):
            kb.sections[r["id"]] = Section(
                id=r["id"],
                title=r["title"],
                short=r["short"],
                purpose=r["purpose"],
                lines=(r["line_start"], r["line_end"]),
                keywords=tuple(json.loads(r["keywords"])),
                summary_facts=tuple(json.loads(r["summary_facts"])),
            )
        for r in con.execute("select * from facts order by rowid"):
            d = dict(r)
            d["lines"] = tuple(json.loads(d["lines"]))
            d["subject_required"] = bool(d["subject_required"])
            kb.facts.append(Fact(**d))
        for r in con.execute("select * from details order by rowid"):
            kb.details.append(Detail(**{**dict(r), "lines": tuple(json.loads(r["lines"]))}))
        for r in con.execute("select * from schedule order by rowid"):
            kb.schedule.append(ScheduleItem(**{**dict(r), "lines": tuple(json.loads(r["lines"]))}))
        for r in con.execute("select * from table_specs"):
            rows = tuple(
                {k: v for k, v in dict(x).items() if k != "section"}
                for x in con.execute(f'select * from "{r["name"]}" order by rowid')
            )
            kb.tables[r["name"]] = Table(
                name=r["name"], section=r["section"], file=r["file"], spec=json.loads(r["spec"]), rows=rows
            )
        for r in con.execute("select alias, canonical, kind from aliases"):
            target = kb.words if r["kind"] == "word" else kb.aliases
            target.setdefault(r["canonical"], []).append(r["alias"])
        for r in con.execute("select * from discrepancies"):
            kb.discrepancies.append(Discrepancy(**{**dict(r), "facts": tuple(json.loads(r["facts"]))}))
        kb.source_lines = [""] * max((r[0] for r in con.execute("select line from passages")), default=0)
        for r in con.execute("select line, text from passages"):
            kb.source_lines[r["line"] - 1] = r["text"]
        return kb
    finally:
        con.close()
