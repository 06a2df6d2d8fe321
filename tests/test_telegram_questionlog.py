"""Unit tests: the SQLite question log (hashed chat ids, stats, unanswered, broken databases)."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.telegram.questionlog import QuestionLog, main_unanswered


class Clock:
    def __init__(self):
        self.now = datetime(2020, 4, 20, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_rows_are_hashed_and_never_hold_raw_ids(tmp_path):
    path = tmp_path / "state.db"
    qlog = QuestionLog(path)
    assert qlog.log_question(555001234, "승소율은?", "figure", True)
    assert qlog.log_question(-1001234567890, "없는 질문", None, False)
    qlog.close()
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT ts, chat, question, intent, answered FROM questions").fetchall()
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert len(rows) == 2
    for ts, chat, *_ in rows:
        assert len(chat) == 64 and all(c in "0123456789abcdef" for c in chat)
        assert ts.endswith("+00:00")
    assert "555001234" not in dump and "1234567890" not in dump
    assert rows[0][2:] == ("승소율은?", "figure", 1)
    assert rows[1][2:] == ("없는 질문", None, 0)


def test_hash_is_salted_and_stable(tmp_path):
    a = QuestionLog(tmp_path / "a.db")
    a.log_question(1, "q", None, True)
    b = QuestionLog(tmp_path / "b.db")
    b.log_question(1, "q", None, True)
    assert a.chat_hash(1) != b.chat_hash(1)  # each database has its own random salt
    again = QuestionLog(tmp_path / "a.db")
    again.stats()
    assert again.chat_hash(1) == a.chat_hash(1)  # ... kept across restarts
    fixed = QuestionLog(tmp_path / "c.db", salt="pepper")
    assert fixed.chat_hash(1) == QuestionLog(tmp_path / "d.db", salt="pepper").chat_hash(1)


def test_stats_and_unanswered(tmp_path):
    clock = Clock()
    qlog = QuestionLog(tmp_path / "s.db", now=clock)
    assert qlog.stats().total == 0
    qlog.log_question(1, "old question", None, False)
    clock.now += timedelta(days=2)
    for chat, question, answered in [(1, "a", True), (2, "b", False), (2, "b", False), (3, "c", False), (3, "a", True)]:
        qlog.log_question(chat, question, "i", answered)
    stats = qlog.stats()
    assert (stats.total, stats.answered, stats.unanswered, stats.chats, stats.last_24h) == (6, 2, 4, 3, 5)
    assert qlog.unanswered(2) == [("b", 2), ("c", 1)]
    assert qlog.unanswered(10)[-1] == ("old question", 1)


def test_corrupt_database_does_not_raise(tmp_path, caplog):
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not a database" * 100)
    qlog = QuestionLog(path)
    assert qlog.log_question(1, "q", None, True) is False
    assert qlog.log_question(1, "q", None, True) is False
    assert qlog.stats() is None and qlog.unanswered() == []
    assert qlog.broken
    assert sum("question log" in r.getMessage() for r in caplog.records) == 1  # warned once


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_location_does_not_raise(tmp_path):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        qlog = QuestionLog(locked / "sub" / "state.db")
        assert qlog.log_question(1, "q", None, True) is False
    finally:
        locked.chmod(0o700)


def test_path_under_a_file_does_not_raise(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    qlog = QuestionLog(blocker / "state.db")  # parent is a file: cannot mkdir
    assert qlog.log_question(1, "q", None, True) is False
    assert qlog.stats() is None


def test_main_unanswered_without_database(tmp_path, capsys):
    path = tmp_path / "missing.db"
    assert main_unanswered(["--db", str(path)]) == 0
    assert "nothing logged" in capsys.readouterr().out
    assert not path.exists()  # reading never creates it


def test_main_unanswered_uses_env_default(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPORTBOT_STATE_DB", str(tmp_path / "env.db"))
    assert main_unanswered([]) == 0
    assert "env.db" in capsys.readouterr().out


def test_main_unanswered_prints_most_frequent(tmp_path, capsys):
    path = tmp_path / "state.db"
    qlog = QuestionLog(path)
    for q in ["없는 것", "없는 것", "다른 것", "답한 것"]:
        qlog.log_question(1, q, None, q == "답한 것")
    qlog.close()
    assert main_unanswered(["--db", str(path), "--limit", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["2", "없는", "것"]
    assert out[2].split() == ["1", "다른", "것"]
    assert not any("답한 것" in line for line in out)


def test_main_unanswered_all_answered_and_corrupt(tmp_path, capsys):
    path = tmp_path / "state.db"
    qlog = QuestionLog(path)
    qlog.log_question(1, "q", None, True)
    qlog.close()
    assert main_unanswered(["--db", str(path)]) == 0
    assert "없습니다" in capsys.readouterr().out
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    assert main_unanswered(["--db", str(bad)]) == 1
    assert "cannot read" in capsys.readouterr().err
