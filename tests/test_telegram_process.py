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


# recognisable, so that any output path that leaks it is caught
TOKEN = "987654321:LEAKCHECK_secretHalf_9f8e7d6c5b4a3210"
SECRET_HALF = TOKEN.split(":")[1]
USER = 424242
QUESTION = "프로세스 질문 비밀문장"


async def finish(proc: asyncio.subprocess.Process, seconds: float = 30) -> str:
    """Everything the child wrote (stderr, then stdout) once it exits (killed after `seconds`)."""
    try:
        async with asyncio.timeout(seconds):
            stdout, stderr = await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return stderr.decode("utf-8", "replace") + stdout.decode("utf-8", "replace")


def child_env(tg: FakeTelegram, state_db: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO),
        "TELEGRAM_BOT_TOKEN": tg.token,
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "REPORTBOT_STATE_DB": str(state_db),
        **extra,
    }


@pytest.mark.parametrize(("stop_signal", "log_texts"), [(signal.SIGTERM, False), (signal.SIGINT, True)])
async def test_main_polls_answers_and_stops_gracefully(tmp_path, stop_signal, log_texts):
    state_db = tmp_path / "state" / "state.db"
    async with FakeTelegram(TOKEN) as tg:
        env = child_env(tg, state_db, REPORTBOT_ENV="production", REPORTBOT_HASH_KEY="process-test-key-0123456789")
        flags = ["--log-level", "DEBUG"] + (["--log-texts"] if log_texts else [])
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", CHILD, *flags,
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            await tg.wait_for("getUpdates", timeout=30)
            tg.send_private(QUESTION, user_id=USER)
            [msg] = await tg.wait_for("sendMessage", timeout=10)
            assert msg["text"].startswith(f"답: {QUESTION}")
            proc.send_signal(stop_signal)
        except BaseException:
            proc.kill()
            raise
        finally:
            log = await finish(proc)
    assert proc.returncode == 0, log[-3000:]
    assert TOKEN not in log and SECRET_HALF not in log  # never printed or logged
    assert str(USER) not in log  # ids are logged hashed only…
    assert " message chat=" in log and "user=" in log
    if log_texts:
        assert QUESTION in log  # …texts only when asked for
    else:
        assert QUESTION not in log and "프로세스" not in log
    assert [c.method for c in tg.calls[:2]] == ["getMe", "setMyCommands"]
    # the log database was closed: SQLite removes the WAL file on the last clean close
    assert state_db.exists()
    assert not Path(f"{state_db}-wal").exists()
    with sqlite3.connect(state_db) as conn:
        assert conn.execute("SELECT question FROM questions").fetchall() == [(QUESTION,)]
    assert state_db.stat().st_mode & 0o777 == 0o600


async def run_child(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    output = await finish(proc)
    return proc.returncode, output


async def test_rejected_token_exits_2_with_one_line_and_no_token(tmp_path):
    async with FakeTelegram() as tg:  # the fake knows another token: getMe answers 401
        env = child_env(tg, tmp_path / "state.db", TELEGRAM_BOT_TOKEN=TOKEN)
        code, output = await run_child(env, tmp_path)
    assert code == 2, output
    assert TOKEN not in output and SECRET_HALF not in output
    [line] = output.strip().splitlines()
    assert "TELEGRAM_BOT_TOKEN" in line and "Traceback" not in output


async def test_production_mode_needs_the_hash_key(tmp_path):
    async with FakeTelegram(TOKEN) as tg:
        code, output = await run_child(child_env(tg, tmp_path / "state.db", REPORTBOT_ENV="production"), tmp_path)
    assert code == 2
    [line] = output.strip().splitlines()
    assert "REPORTBOT_HASH_KEY" in line and TOKEN not in output and SECRET_HALF not in output
    assert not tg.calls  # stopped before talking to Telegram
