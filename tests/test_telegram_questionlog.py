"""Unit tests: the SQLite question log (hashed chat ids, stats, unanswered, broken databases)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.telegram.privacy import Hasher, redact
from bot.telegram.questionlog import QuestionLog, main_unanswered

HASHER = Hasher("unit-test-key-0123456789")


class Clock:
    def __init__(self):
        self.now = datetime(2020, 4, 20, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_rows_are_hashed_and_never_hold_raw_ids(tmp_path):
    path = tmp_path / "state.db"
    qlog = QuestionLog(path, HASHER)
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


def test_hash_is_keyed_by_a_secret_that_is_not_in_the_database(tmp_path):
    path = tmp_path / "a.db"
    a = QuestionLog(path, HASHER)
    a.log_question(1, "q", None, True)
    a.close()
    other = QuestionLog(tmp_path / "b.db", Hasher("another-key-0123456789"))
    assert a.chat_hash(1) != other.chat_hash(1)
    assert QuestionLog(path, HASHER).chat_hash(1) == a.chat_hash(1)  # stable across restarts
    conn = sqlite3.connect(path)
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert "unit-test-key" not in dump and "salt" not in dump
    # whoever holds the database alone cannot test candidate ids (no key, no salt)
    assert hashlib.sha256(b":1").hexdigest() not in dump and hashlib.sha256(b"1").hexdigest() not in dump


def test_old_salt_is_removed_from_the_database(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('salt', 'abc')")
    conn.commit()
    conn.close()
    path.chmod(0o644)
    QuestionLog(path, HASHER).log_question(1, "q", None, True)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM meta").fetchone() == (0,)
    conn.close()
    assert path.stat().st_mode & 0o777 == 0o600  # an old 0644 file is tightened


def test_file_mode_is_0600(tmp_path):
    path = tmp_path / "new" / "state.db"
    QuestionLog(path, HASHER).log_question(1, "q", None, True)
    for f in [path, *path.parent.glob("state.db-*")]:
        assert f.stat().st_mode & 0o777 == 0o600, f
    assert path.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize(
    ("question", "kept", "gone"),
    [
        ("제 번호 010-1234-5678 로 알려 주세요", "<전화번호>", "1234-5678"),
        ("01098765432 예산은?", "<전화번호>", "98765432"),
        ("+82 10 1234 5678 연락", "<전화번호>", "1234 5678"),
        ("사무실 02-2133-6000 맞나요", "<전화번호>", "2133-6000"),
        ("메일 hong.gildong@example.co.kr 로", "<이메일>", "hong.gildong"),
        ("주민번호 900101-1234567 입니다", "<주민등록번호>", "1234567"),
        ("9001011234567 조회", "<주민등록번호>", "9001011234567"),
    ],
)
def test_personal_data_is_redacted_before_storing(tmp_path, question, kept, gone):
    path = tmp_path / "state.db"
    QuestionLog(path, HASHER).log_question(1, question, None, False)
    [(stored,)] = sqlite3.connect(path).execute("SELECT question FROM questions").fetchall()
    assert kept in stored and gone not in stored


@pytest.mark.parametrize(
    "figure", ["예산 24조610억원", "2020-04-20 기준", "1,234건", "승소율 75.5%", "2019년 12,345,678천원", "III-9 소송"]
)
def test_report_figures_are_not_redacted(figure):
    assert redact(figure) == figure


def test_retention_purge_deletes_old_questions(tmp_path):
    clock = Clock()
    qlog = QuestionLog(tmp_path / "r.db", HASHER, retention_days=90, now=clock)
    qlog.log_question(1, "오래된 질문", None, False)
    clock.now += timedelta(days=60)
    qlog.log_question(1, "최근 질문", None, False)
    clock.now += timedelta(days=31)
    assert qlog.purge() == 1
    assert qlog.unanswered() == [("최근 질문", 1)]


def test_purge_command(tmp_path, monkeypatch, capsys):
    path = tmp_path / "state.db"
    monkeypatch.setenv("QUESTION_LOG_RETENTION_DAYS", "30")
    qlog = QuestionLog(path, HASHER, now=lambda: datetime.now(UTC) - timedelta(days=40))
    qlog.log_question(1, "old", None, False)
    qlog.close()
    QuestionLog(path, HASHER).log_question(1, "new", None, False)
    assert main_unanswered(["--db", str(path), "--purge"]) == 0
    assert "purged 1 questions" in capsys.readouterr().out
    assert main_unanswered(["--db", str(path), "--purge", "--days", "0"]) == 0
    assert "purged 1 questions" in capsys.readouterr().out
    assert main_unanswered(["--db", str(path)]) == 0
    assert "nothing logged" in capsys.readouterr().out


def test_stats_and_unanswered(tmp_path):
    clock = Clock()
    qlog = QuestionLog(tmp_path / "s.db", HASHER, now=clock)
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
    qlog = QuestionLog(path, HASHER)
    assert qlog.log_question(1, "q", None, True) is False
    assert qlog.log_question(1, "q", None, True) is False
    assert qlog.stats() is None and qlog.unanswered() == []
    assert qlog.broken
    assert sum("state database" in r.getMessage() for r in caplog.records) == 1  # warned once


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_location_does_not_raise(tmp_path):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        qlog = QuestionLog(locked / "sub" / "state.db", HASHER)
        assert qlog.log_question(1, "q", None, True) is False
    finally:
        locked.chmod(0o700)


def test_path_under_a_file_does_not_raise(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    qlog = QuestionLog(blocker / "state.db", HASHER)  # parent is a file: cannot mkdir
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
    qlog = QuestionLog(path, HASHER)
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
    qlog = QuestionLog(path, HASHER)
    qlog.log_question(1, "q", None, True)
    qlog.close()
    assert main_unanswered(["--db", str(path)]) == 0
    assert "없습니다" in capsys.readouterr().out
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    assert main_unanswered(["--db", str(bad)]) == 1
    assert "cannot read" in capsys.readouterr().err
