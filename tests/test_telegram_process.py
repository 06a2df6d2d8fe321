"""The real entry point in a child process: `main([])` polls the fake server, answers, and
shuts down cleanly on SIGTERM/SIGINT (question log closed, exit code 0, token never logged)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.fake_telegram import FakeTelegram

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import sys
from tests.fake_telegram import FakeEngine
import bot.telegram.app as telegram_app
telegram_app.load_engine = FakeEngine  # the Telegram layer under test, a canned engine behind it
sys.exit(telegram_app.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
async def test_main_polls_answers_and_stops_gracefully(tmp_path, stop_signal):
    state_db = tmp_path / "state" / "state.db"
    async with FakeTelegram() as tg:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(REPO),
            "TELEGRAM_BOT_TOKEN": tg.token,
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "REPORTBOT_STATE_DB": str(state_db),
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", CHILD, "--log-level", "DEBUG",
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            await tg.wait_for("getUpdates", timeout=30)
            tg.send_private("프로세스 질문")
            [msg] = await tg.wait_for("sendMessage", timeout=10)
            assert msg["text"].startswith("답: 프로세스 질문")
            proc.send_signal(stop_signal)
            async with asyncio.timeout(20):
                stdout, stderr = await proc.communicate()
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    log = stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, log[-3000:]
    assert tg.token not in log and tg.token.split(":")[1] not in log  # never logged…
    assert "<redacted>" in log  # …although PTB's DEBUG lines print the API URL
    assert [c.method for c in tg.calls[:2]] == ["getMe", "setMyCommands"]
    # the log database was closed: SQLite removes the WAL file on the last clean close
    assert state_db.exists()
    assert not Path(f"{state_db}-wal").exists()
    with sqlite3.connect(state_db) as conn:
        assert conn.execute("SELECT question FROM questions").fetchall() == [("프로세스 질문",)]
