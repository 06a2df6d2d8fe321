"""bot.build and bot.store: compiling knowledge/ into SQLite, keeping it fresh, reading it back."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import sqlite_utils

from bot.build import (
    APPLICATION_ID,
    DatabasePathError,
    _writable,
    build_database,
    database_is_fresh,
    ensure_database,
    replaceable,
)
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
    build_database(KNOWLEDGE, db_path)
    data = bytearray(db_path.read_bytes())
    data[4096:] = bytes(range(256)) * ((len(data) - 4096) // 256) + bytes((len(data) - 4096) % 256)
    db_path.write_bytes(bytes(data))  # the header (and its reportbot mark) survives, the pages do not
    assert not database_is_fresh(db_path, KNOWLEDGE)
    ensure_database(db_path, KNOWLEDGE)
    assert database_is_fresh(db_path, KNOWLEDGE)
    assert "rebuilding" in capsys.readouterr().err


@pytest.mark.parametrize("damage", ["empty", "zero-filled", "cut in the header"])
def test_ensure_database_rebuilds_a_file_with_nothing_left(db_path, damage):
    build_database(KNOWLEDGE, db_path)
    size = db_path.stat().st_size
    content = {"empty": b"", "zero-filled": bytes(size), "cut in the header": db_path.read_bytes()[:40]}[damage]
    db_path.write_bytes(content)
    assert ensure_database(db_path, KNOWLEDGE, quiet=True) == db_path
    assert database_is_fresh(db_path, KNOWLEDGE)


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


# --- faults (issue 10): never overwrite a foreign file, no leftovers, tampering, read-only places


@pytest.mark.parametrize(
    "content",
    [b"# a README\nsome text\n", b"this is not sqlite\x00\xff" * 200, b"SQLite format 3\x00" + bytes(84) + b"x" * 900],
    ids=["text", "binary", "another-sqlite-file"],
)
@pytest.mark.parametrize("action", ["build", "ensure"])
def test_a_file_that_is_not_a_reportbot_database_is_never_replaced(tmp_path, content, action):
    other = tmp_path / "README.md"
    other.write_bytes(content)
    with pytest.raises(DatabasePathError, match="not a reportbot database; refusing to overwrite"):
        if action == "build":
            build_database(KNOWLEDGE, other)
        else:
            ensure_database(other, KNOWLEDGE, quiet=True)
    assert other.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def test_another_sqlite_database_is_never_replaced(tmp_path):
    other = tmp_path / "app.db"
    con = sqlite3.connect(other)
    con.execute("create table t (x)")
    con.commit()
    con.close()
    before = other.read_bytes()
    with pytest.raises(DatabasePathError, match="not a reportbot database"):
        ensure_database(other, KNOWLEDGE, quiet=True)
    assert other.read_bytes() == before


def test_the_build_marks_its_file(db_path):
    build_database(KNOWLEDGE, db_path)
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("pragma application_id").fetchone()[0] == APPLICATION_ID
    finally:
        con.close()
    assert replaceable(db_path)


@pytest.mark.parametrize(
    ("where", "message"),
    [("folder", "is a folder"), ("root", "is a folder"), ("under-a-file", "is a file, not a folder")],
)
def test_a_path_that_cannot_hold_the_database_is_refused_with_one_line(tmp_path, where, message):
    (tmp_path / "plain.txt").write_text("x")
    path = {"folder": tmp_path, "root": Path("/"), "under-a-file": tmp_path / "plain.txt" / "kb.db"}[where]
    before = sorted(p.name for p in tmp_path.iterdir())
    for call in (lambda: build_database(KNOWLEDGE, path), lambda: ensure_database(path, KNOWLEDGE, quiet=True)):
        with pytest.raises(DatabasePathError, match=message) as info:
            call()
        assert "\n" not in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no <dir>.tmpPID left


def test_a_killed_builds_temporary_files_are_removed_by_the_next_build(db_path):
    db_path.parent.mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    pid = int(dead.stdout)  # a process that has ended
    leftovers = [db_path.with_name(f"{db_path.name}.tmp{pid}"), db_path.with_name(f"{db_path.name}.tmp{pid}-journal")]
    for p in leftovers:
        p.write_bytes(b"half a build")
    running = db_path.with_name(f"{db_path.name}.tmp{os.getppid()}")  # a build still running: left alone
    running.write_bytes(b"in progress")
    build_database(KNOWLEDGE, db_path)
    assert sorted(p.name for p in db_path.parent.iterdir()) == sorted([db_path.name, running.name])


def test_a_build_killed_midway_leaves_no_journal(tmp_path):
    db = tmp_path / "knowledge.db"
    script = (
        "import os, signal, sys\n"
        "import bot.build as b\n"
        "real = b._write\n"
        "def dying(db, *a):\n"
        "    real(db, *a)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "b._write = dying\n"
        f"b.build_database(b.Path({str(KNOWLEDGE)!r}), b.Path({str(db)!r}))\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=KNOWLEDGE.parent, timeout=120, check=False)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith("-journal")] == []
    build_database(KNOWLEDGE, db)
    assert [p.name for p in tmp_path.iterdir()] == ["knowledge.db"]


@pytest.mark.parametrize(
    "error", [OSError(28, "No space left on device"), sqlite3.OperationalError("database or disk is full")]
)
def test_a_failed_build_leaves_nothing_behind(tmp_path, monkeypatch, error):
    import bot.build

    def broken(db, *args):
        db["facts"].insert({"id": "half written"})
        raise error

    monkeypatch.setattr(bot.build, "_write", broken)
    with pytest.raises(DatabasePathError, match="No space left on device|database or disk is full"):
        build_database(KNOWLEDGE, tmp_path / "knowledge.db")
    assert list(tmp_path.iterdir()) == []


def test_a_leftover_journal_neither_breaks_reading_nor_forces_rebuilds(db_path, capsys):
    build_database(KNOWLEDGE, db_path)
    journal = db_path.with_name(db_path.name + "-journal")
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(4088))  # a hot journal's magic
    for _ in range(2):
        assert ensure_database(db_path, KNOWLEDGE) == db_path
    assert capsys.readouterr().err == ""
    assert len(read_knowledge(db_path).facts) == len(load_knowledge(KNOWLEDGE).facts)


def test_a_rebuild_removes_a_leftover_journal(db_path):
    build_database(KNOWLEDGE, db_path)
    journal = db_path.with_name(db_path.name + "-journal")
    journal.write_bytes(b"stale")
    build_database(KNOWLEDGE, db_path)
    assert not journal.exists()


@pytest.mark.parametrize("how", ["sql", "bytes"])
def test_a_tampered_database_is_rebuilt_with_a_note(db_path, capsys, how):
    build_database(KNOWLEDGE, db_path)
    if how == "sql":
        con = sqlite3.connect(db_path)
        con.execute("update facts set text = '9,369' where text = '6,369'")
        con.commit()
        con.close()
    else:
        data = db_path.read_bytes()
        assert data.count(b"6,369") >= 1
        db_path.write_bytes(data.replace(b"6,369", b"9,369"))
    assert not database_is_fresh(db_path, KNOWLEDGE)
    ensure_database(db_path, KNOWLEDGE)
    assert "checksum mismatch" in capsys.readouterr().err
    texts = {f.text for f in read_knowledge(db_path).facts}
    assert "6,369" in texts and "9,369" not in texts


def test_a_stale_database_in_a_read_only_folder_is_rebuilt_elsewhere(tmp_path, monkeypatch, capsys):
    import bot.build

    folder = tmp_path / "build"
    db = folder / "knowledge.db"
    build_database(KNOWLEDGE, db)
    con = sqlite3.connect(db)
    con.execute("update metadata set value = 'old' where key = 'sources_hash'")
    con.commit()
    con.close()
    before = db.read_bytes()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    real = bot.build._writable
    monkeypatch.setattr(bot.build, "_writable", lambda p: p.parent != folder and real(p))
    used = ensure_database(db, KNOWLEDGE)
    assert used != db and used.is_relative_to(tmp_path / "tmp")
    assert database_is_fresh(used, KNOWLEDGE)
    assert db.read_bytes() == before  # the configured file is left as it was
    err = capsys.readouterr().err
    assert "not writable" in err and str(used) in err
    assert ensure_database(db, KNOWLEDGE, quiet=True) == used  # the next run reuses it


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_detected(tmp_path):
    folder = tmp_path / "build"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert not _writable(folder / "knowledge.db")
    finally:
        folder.chmod(0o755)


def test_a_read_only_file_system_falls_back_to_a_temporary_place(tmp_path, monkeypatch, capsys):
    import errno

    import bot.build

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    folder = tmp_path / "ro"
    real = bot.build._write_file

    def read_only(tmp, *args):
        if tmp.parent == folder:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(tmp, *args)

    monkeypatch.setattr(bot.build, "_write_file", read_only)
    used = ensure_database(folder / "knowledge.db", KNOWLEDGE)
    assert used.is_relative_to(tmp_path / "tmp") and database_is_fresh(used, KNOWLEDGE)
    assert "not writable: rebuilding into" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == []


def test_a_database_from_before_the_mark_is_still_rebuilt(db_path):
    db_path.parent.mkdir(parents=True)
    old = sqlite_utils.Database(db_path)  # what an earlier build wrote: no application id, a metadata table
    old["metadata"].insert_all([{"key": "sources_hash", "value": "old"}, {"key": "schema_version", "value": "2"}])
    old.close()
    assert ensure_database(db_path, KNOWLEDGE, quiet=True) == db_path
    assert database_is_fresh(db_path, KNOWLEDGE)


def test_no_writable_place_at_all_is_one_line(tmp_path, monkeypatch):
    import bot.build

    (tmp_path / "plain").write_text("x")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "plain"))  # no temporary folder can be made
    monkeypatch.setattr(bot.build, "_writable", lambda p: False)
    with pytest.raises(DatabasePathError, match="is not writable and no temporary folder is") as info:
        ensure_database(tmp_path / "build" / "knowledge.db", KNOWLEDGE, quiet=True)
    assert "\n" not in str(info.value)
