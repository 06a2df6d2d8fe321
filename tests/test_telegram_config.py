"""Unit tests: settings from the environment / .env, and main()'s exit code on a bad token."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.telegram import app as telegram_app
from bot.telegram.config import (
    ConfigError,
    default_state_db,
    file_url_for,
    load_settings,
    parse_dotenv,
    parse_id_list,
)

TOKEN = "123456789:AAFakeTokenForOfflineTests-0123456789"
REPO = Path(__file__).resolve().parents[1]


def test_parse_id_lists():
    assert parse_id_list("", "X") == frozenset()
    assert parse_id_list(None, "X") == frozenset()
    assert parse_id_list(" 1, 2 ,-1001234567890,, 2", "X") == {1, 2, -1001234567890}
    assert parse_id_list("1 2", "X") == {1, 2}
    with pytest.raises(ConfigError, match="ALLOWED_USER_IDS"):
        parse_id_list("12,abc", "ALLOWED_USER_IDS")


def test_parse_dotenv():
    text = """
# comment
TELEGRAM_BOT_TOKEN=abc:def
export ALLOWED_USER_IDS = "1,2"
TZ='Asia/Seoul'
CONVERSATION_TTL_MINUTES=15 # minutes
EMPTY=
not a line
1BAD=x
"""
    assert parse_dotenv(text) == {
        "TELEGRAM_BOT_TOKEN": "abc:def",
        "ALLOWED_USER_IDS": "1,2",
        "TZ": "Asia/Seoul",
        "CONVERSATION_TTL_MINUTES": "15",
        "EMPTY": "",
    }


def test_load_settings_defaults():
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=None)
    assert s.token == TOKEN
    assert s.tz == "Asia/Seoul"
    assert s.conversation_ttl_minutes == 30
    assert s.allowed_user_ids == s.allowed_chat_ids == s.admin_user_ids == frozenset()
    assert s.api_base_url is None
    assert s.state_db == Path("data/state.db")
    assert TOKEN not in repr(s)
    assert (s.production, s.hash_key, s.retention_days, s.group_policy) == (False, None, 90, "allowlist")
    assert s.effective_hash_key and TOKEN not in s.effective_hash_key  # development: derived from the token


def test_privacy_settings():
    key = "k" * 32
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "REPORTBOT_ENV": "production", "REPORTBOT_HASH_KEY": key,
           "QUESTION_LOG_RETENTION_DAYS": "30", "GROUP_POLICY": "open"}  # fmt: skip
    s = load_settings(env, env_file=None)
    assert (s.production, s.hash_key, s.effective_hash_key, s.retention_days, s.group_policy) == (
        True, key, key, 30, "open",
    )  # fmt: skip
    assert key not in repr(s)


def test_load_settings_everything():
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "ALLOWED_USER_IDS": "1,2",
        "ALLOWED_CHAT_IDS": "-100",
        "ADMIN_USER_IDS": "1",
        "TZ": "UTC",
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        "REPORTBOT_STATE_DB": "/tmp/x/state.db",
        "CONVERSATION_TTL_MINUTES": "5",
        "TELEGRAM_WEBHOOK_SECRET": "s3cret_-",
    }
    s = load_settings(env, env_file=None)
    assert (s.allowed_user_ids, s.allowed_chat_ids, s.admin_user_ids) == ({1, 2}, {-100}, {1})
    assert s.tz == "UTC" and s.conversation_ttl_minutes == 5
    assert s.api_base_url == "http://127.0.0.1:8081/bot"
    assert s.api_file_url == "http://127.0.0.1:8081/file/bot"
    assert s.state_db == Path("/tmp/x/state.db")
    assert s.webhook_secret == "s3cret_-"


def test_environment_overrides_dotenv(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nADMIN_USER_IDS=7\nTZ=UTC\n", encoding="utf-8")
    s = load_settings({"TZ": "Asia/Seoul"}, env_file=env_file)
    assert s.token == TOKEN and s.admin_user_ids == {7} and s.tz == "Asia/Seoul"


def test_state_db_default_follows_xdg():
    assert default_state_db({"XDG_DATA_HOME": "/home/u/.local/share"}) == Path(
        "/home/u/.local/share/reportbot/state.db"
    )
    assert default_state_db({"XDG_DATA_HOME": "/x", "REPORTBOT_STATE_DB": "/data/state.db"}) == Path("/data/state.db")


def test_file_url_for():
    assert file_url_for("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url_for("http://h:1/custom") == "http://h:1/custom/file/bot"


@pytest.mark.parametrize(
    "env,match",
    [
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TZ": "Mars/Olympus"}, "TZ"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "CONVERSATION_TTL_MINUTES": "soon"}, "CONVERSATION_TTL"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "CONVERSATION_TTL_MINUTES": "-1"}, "CONVERSATION_TTL"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": "has space"}, "TELEGRAM_WEBHOOK_SECRET"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "REPORTBOT_ENV": "production"}, "REPORTBOT_HASH_KEY is not set"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "REPORTBOT_HASH_KEY": "short"}, "REPORTBOT_HASH_KEY is too short"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "REPORTBOT_ENV": "prod"}, "REPORTBOT_ENV"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "QUESTION_LOG_RETENTION_DAYS": "0"}, "QUESTION_LOG_RETENTION_DAYS"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "QUESTION_LOG_RETENTION_DAYS": "forever"}, "QUESTION_LOG_RETENTION_DAYS"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "GROUP_POLICY": "everyone"}, "GROUP_POLICY"),
    ],
)
def test_bad_settings(env, match):
    with pytest.raises(ConfigError, match=match):
        load_settings(env, env_file=None)


BAD_TOKENS = [
    "",
    "   ",
    "abc",
    "12345:short",
    "notdigits:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    TOKEN + "!x",
    TOKEN + " extra",
]


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_main_exits_2_on_missing_or_malformed_token(token, monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    if token:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    assert telegram_app.main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "TELEGRAM_BOT_TOKEN" in err
    if token.strip():
        assert token.strip() not in err
        assert token.strip().split(":")[-1] not in err


def test_main_exit_2_as_subprocess_never_prints_token(tmp_path):
    secret = "987654321:THIS_IS_SECRET_BUT_MALFORMED!!"
    env = {"PATH": "/usr/bin:/bin", "TELEGRAM_BOT_TOKEN": secret, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from bot.telegram.app import main; sys.exit(main([]))"],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "malformed" in proc.stderr
    assert "THIS_IS_SECRET" not in proc.stderr and "987654321" not in proc.stderr


def test_main_reads_token_from_dotenv(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nTZ=Nowhere/Nothing\n", encoding="utf-8")
    # the token is found in .env; the next bad setting is what stops it (still exit 2)
    assert telegram_app.main([]) == 2
    err = capsys.readouterr().err
    assert "TZ" in err and TOKEN not in err


def test_main_rejects_non_http_webhook(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    assert telegram_app.main(["--webhook", "bot.example.org/x"]) == 2
    assert "--webhook" in capsys.readouterr().err


def test_log_formatter_redacts_token_in_messages_and_tracebacks():
    import logging

    from bot.telegram.logs import RedactingFormatter

    formatter = RedactingFormatter(logging.Formatter("%(message)s"), [TOKEN, TOKEN.split(":")[1]])
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/getMe failed")
    except RuntimeError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "url %s", (f"/bot{TOKEN}/x",), sys.exc_info())
    text = formatter.format(record)
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    assert text.count("<redacted>") == 2


def test_seoul_time_zone_works_without_system_tz_data(monkeypatch):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfoNotFoundError

    from bot.telegram import config

    def missing(name):
        raise ZoneInfoNotFoundError(name)

    monkeypatch.setattr(config, "ZoneInfo", missing)
    tz = config.zone("Asia/Seoul")
    assert tz.utcoffset(datetime(2020, 4, 20)) == timedelta(hours=9)
    assert load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=None).tzinfo.utcoffset(None) == timedelta(hours=9)
    with pytest.raises(ConfigError, match="TZ"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "TZ": "Europe/Paris"}, env_file=None)


def test_env_example_is_complete_and_valid():
    """Every setting the bot reads is in .env.example and docs/telegram.md, and the example loads."""
    import re

    example = (REPO / ".env.example").read_text(encoding="utf-8")
    docs = (REPO / "docs" / "telegram.md").read_text(encoding="utf-8")
    source = (REPO / "bot" / "telegram" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env\.get\("([A-Z_]+)"', source)) | {"REPORTBOT_STATE_DB"}
    listed = set(parse_dotenv(example))
    assert read - {"XDG_DATA_HOME", "REPORTBOT_LOG_SALT"} <= listed  # the old salt name is only an alias
    assert all(f"`{key}`" in docs for key in listed)
    settings = load_settings({**parse_dotenv(example), "TELEGRAM_BOT_TOKEN": TOKEN}, env_file=None)
    assert settings.group_policy == "allowlist" and settings.retention_days == 90
