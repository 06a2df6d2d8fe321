"""bot.build and bot.store: compiling knowledge/ into SQLite, keeping it fresh, reading it back."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from bot.build import build_database, database_is_fresh, ensure_database
from bot.knowledge_files import load_knowledge
from bot.reconcile import ReconciliationError
from bot.store import read_knowledge

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
TABLES = [
    "sections",
    "facts",
    "details",
    "schedule",
    "staffing",
    "budget_general",
    "passages",
    "metadata",
    "aliases",
    "discrepancies",
]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    for name in ("REPORTBOT_HOME", "REPORTBOT_KNOWLEDGE_DIR", "REPORTBOT_INTENTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REPORTBOT_DB", str(tmp_path / "env.db"))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "build" / "knowledge.db"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One database for the tests that only read it."""
    path = tmp_path_factory.mktemp("built") / "knowledge.db"
    build_database(KNOWLEDGE, path)
    return path


@pytest.fixture
def knowledge_copy(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    return root


def _counts(path: Path) -> dict[str, int]:
    db = sqlite_utils.Database(path)
    try:
        return {name: db[name].count for name in db.table_names()}
    finally:
        db.close()


def _sources_hash(path: Path) -> str:
    db = sqlite_utils.Database(path)
    try:
        return db["metadata"].get("sources_hash")["value"]
    finally:
        db.close()


def test_build_creates_the_tables(built):
    names = set(sqlite_utils.Database(built).table_names())
    assert set(TABLES) <= names


def test_build_fills_the_main_tables(built):
    counts = _counts(built)
    assert all(counts[t] > 0 for t in TABLES), counts


def test_facts_reference_sections(built):
    fks = sqlite_utils.Database(built)["facts"].foreign_keys
    assert any(fk.column == "section" and fk.other_table == "sections" and fk.other_column == "id" for fk in fks)


def test_full_text_search_exists_for_passages_and_facts(built):
    db = sqlite_utils.Database(built)
    assert db["passages"].detect_fts() == "passages_fts"
    assert db["facts"].detect_fts() == "facts_fts"


def test_full_text_search_finds_win_rate(built):
    db = sqlite_utils.Database(built)
    assert list(db["passages"].search("승소율"))
    assert list(db["facts"].search("승소율"))


def test_build_leaves_no_temporary_file(built):
    assert [p.name for p in built.parent.iterdir()] == [built.name]


def test_build_is_idempotent(db_path):
    build_database(KNOWLEDGE, db_path)
    first = (_counts(db_path), _sources_hash(db_path))
    build_database(KNOWLEDGE, db_path)
    assert (_counts(db_path), _sources_hash(db_path)) == first


def test_database_is_fresh_after_build(built):
    assert database_is_fresh(built, KNOWLEDGE)


def test_database_is_stale_after_a_knowledge_edit(knowledge_copy, db_path):
    build_database(knowledge_copy, db_path)
    assert database_is_fresh(db_path, knowledge_copy)
    aliases = knowledge_copy / "aliases.yaml"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert not database_is_fresh(db_path, knowledge_copy)


def test_database_stays_fresh_when_only_a_timestamp_changes(knowledge_copy, db_path):
    build_database(knowledge_copy, db_path)
    os.utime(knowledge_copy / "aliases.yaml")  # freshness is by content hash, not mtime
    assert database_is_fresh(db_path, knowledge_copy)


def test_database_is_not_fresh_when_missing(db_path):
    assert not database_is_fresh(db_path, KNOWLEDGE)


def test_ensure_database_rebuilds_a_missing_file(db_path, capsys):
    ensure_database(db_path, KNOWLEDGE)
    assert database_is_fresh(db_path, KNOWLEDGE)
    assert "missing" in capsys.readouterr().err


def test_ensure_database_rebuilds_a_corrupt_file(db_path, capsys):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(bytes(range(256)) * 16)
    assert not database_is_fresh(db_path, KNOWLEDGE)
    ensure_database(db_path, KNOWLEDGE)
    assert database_is_fresh(db_path, KNOWLEDGE)
    assert "rebuilding" in capsys.readouterr().err


def test_ensure_database_leaves_a_fresh_file_alone(db_path, capsys):
    build_database(KNOWLEDGE, db_path)
    before = db_path.stat().st_mtime_ns
    ensure_database(db_path, KNOWLEDGE)
    assert db_path.stat().st_mtime_ns == before
    assert capsys.readouterr().err == ""


def test_read_knowledge_round_trips_what_was_loaded(built):
    loaded = load_knowledge(KNOWLEDGE)
    stored = read_knowledge(built)
    assert (len(stored.facts), len(stored.details), len(stored.schedule)) == (
        len(loaded.facts),
        len(loaded.details),
        len(loaded.schedule),
    )
    assert stored.facts == loaded.facts
    assert stored.details == loaded.details
    assert stored.schedule == loaded.schedule
    assert stored.sections == loaded.sections
    assert stored.discrepancies == loaded.discrepancies
    assert set(stored.tables) == set(loaded.tables)


def test_database_opens_read_only(built):
    con = sqlite3.connect(f"file:{built}?mode=ro", uri=True)
    try:
        assert con.execute("select count(*) from facts").fetchone()[0] == len(load_knowledge(KNOWLEDGE).facts)
        with pytest.raises(sqlite3.OperationalError):
            con.execute("delete from facts")
    finally:
        con.close()


def test_build_reconciles_against_the_checks_of_the_folder_it_is_given(knowledge_copy, db_path):
    # A rule that fails, added only to the copy: building that copy must refuse it.
    checks = knowledge_copy / "checks.yaml"
    checks.write_text(
        checks.read_text(encoding="utf-8") + "\n- {id: bogus.teams, expr: \"fact('org.teams') == 52\"}\n",
        encoding="utf-8",
    )
    with pytest.raises(ReconciliationError, match="bogus.teams"):
        build_database(knowledge_copy, db_path)
