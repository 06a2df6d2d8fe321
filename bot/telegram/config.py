"""Settings of the Telegram front end: environment variables plus an optional `.env` file.

The real environment wins over `.env`, read by bot/envfile.py (deliberately tiny, no dependency):
`KEY=value` lines, `#` comments, optional `export ` prefix, optional single or double quotes.

Nothing here ever puts the bot token into an error message, a repr or a log line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# the .env reader and the state database's place, in a module of their own (`ask` reads them too)
from bot.envfile import default_state_db, merged_environment, parse_dotenv, read_dotenv  # noqa: F401

TOKEN_RE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,64}$")
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

DEFAULT_TZ = "Asia/Seoul"
DEFAULT_TTL_MINUTES = 30.0
DEFAULT_RETENTION_DAYS = 90.0
MIN_HASH_KEY_CHARS = 16
GROUP_POLICIES = ("allowlist", "open")


def zone(name: str) -> tzinfo:
    """The time zone `name`. Asia/Seoul works even without tz data on the system (UTC+9, no DST
    since 1988); any other unknown name raises ZoneInfoNotFoundError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name == DEFAULT_TZ:
            return timezone(timedelta(hours=9), "KST")
        raise ZoneInfoNotFoundError(name) from None


class ConfigError(ValueError):
    """A setting is missing or malformed; the message is one line and safe to print."""


def parse_id_list(value: str | None, name: str) -> frozenset[int]:
    """'1, 2,-1003' → {1, 2, -1003}; empty → empty set. Anything else is a ConfigError."""
    ids: set[int] = set()
    for part in re.split(r"[,\s]+", value or ""):
        if not part:
            continue
        if not re.fullmatch(r"-?\d{1,20}", part):
            raise ConfigError(f"{name}: '{part[:20]}' is not a numeric Telegram id")
        ids.add(int(part))
    return frozenset(ids)


def file_url_for(base_url: str) -> str:
    """The file URL that goes with a Bot API base URL: …/bot → …/file/bot."""
    idx = base_url.rfind("/bot")
    if idx < 0:
        return base_url.rstrip("/") + "/file/bot"
    return base_url[:idx] + "/file" + base_url[idx:]


@dataclass(frozen=True)
class Settings:
    token: str = field(repr=False)
    allowed_user_ids: frozenset[int] = frozenset()
    allowed_chat_ids: frozenset[int] = frozenset()
    admin_user_ids: frozenset[int] = frozenset()
    tz: str = DEFAULT_TZ
    api_base_url: str | None = None
    state_db: Path = Path("data") / "state.db"
    conversation_ttl_minutes: float = DEFAULT_TTL_MINUTES
    webhook_secret: str | None = field(default=None, repr=False)
    hash_key: str | None = field(default=None, repr=False)
    production: bool = False
    retention_days: float = DEFAULT_RETENTION_DAYS
    group_policy: str = "allowlist"

    @property
    def effective_hash_key(self) -> str:
        """REPORTBOT_HASH_KEY, or (development only) a key derived from the token."""
        from .privacy import key_from_token

        return self.hash_key or key_from_token(self.token)

    @property
    def tzinfo(self) -> tzinfo:
        return zone(self.tz)

    @property
    def api_file_url(self) -> str | None:
        return file_url_for(self.api_base_url) if self.api_base_url else None


def validate_token(token: str | None) -> str:
    token = (token or "").strip()
    if not token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set (put it in the environment or in ./.env; get one from @BotFather)"
        )
    if not TOKEN_RE.match(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN is malformed (expected '<digits>:<about 35 letters, digits, _ or ->')")
    return token


def parse_retention_days(env: Mapping[str, str]) -> float:
    raw = env.get("QUESTION_LOG_RETENTION_DAYS", "").strip()
    try:
        days = float(raw) if raw else DEFAULT_RETENTION_DAYS
    except ValueError:
        raise ConfigError("QUESTION_LOG_RETENTION_DAYS must be a number of days") from None
    if not 0 < days <= 3650:
        raise ConfigError("QUESTION_LOG_RETENTION_DAYS must be more than 0 and at most 3650")
    return days


def parse_hash_key(env: Mapping[str, str], production: bool) -> str | None:
    key = (env.get("REPORTBOT_HASH_KEY", "") or env.get("REPORTBOT_LOG_SALT", "")).strip() or None
    if key is None and production:
        raise ConfigError(
            "REPORTBOT_HASH_KEY is not set: production mode (REPORTBOT_ENV=production) needs a secret key "
            "for the hashed ids of the question log (e.g. `openssl rand -hex 32`)"
        )
    if key is not None and len(key) < MIN_HASH_KEY_CHARS:
        raise ConfigError(f"REPORTBOT_HASH_KEY is too short (at least {MIN_HASH_KEY_CHARS} characters)")
    return key


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Read every setting; raise ConfigError (one safe line) on the first bad one."""
    env = merged_environment(environ, env_file)
    token = validate_token(env.get("TELEGRAM_BOT_TOKEN"))

    tz = env.get("TZ", "").strip() or DEFAULT_TZ
    try:
        zone(tz)
    except ZoneInfoNotFoundError:
        raise ConfigError(f"TZ: unknown time zone '{tz[:40]}' (e.g. Asia/Seoul)") from None

    ttl_raw = env.get("CONVERSATION_TTL_MINUTES", "").strip()
    try:
        ttl = float(ttl_raw) if ttl_raw else DEFAULT_TTL_MINUTES
    except ValueError:
        raise ConfigError("CONVERSATION_TTL_MINUTES must be a number of minutes") from None
    if not 0 < ttl <= 7 * 24 * 60:
        raise ConfigError("CONVERSATION_TTL_MINUTES must be between 0 and 10080 (one week)")

    base_url = env.get("TELEGRAM_API_BASE_URL", "").strip() or None
    if base_url and not re.match(r"^https?://", base_url):
        raise ConfigError("TELEGRAM_API_BASE_URL must start with http:// or https://")

    secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or None
    if secret and not SECRET_RE.match(secret):
        raise ConfigError("TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (1-256 characters)")

    mode = env.get("REPORTBOT_ENV", "").strip().lower() or "development"
    if mode not in ("production", "development"):
        raise ConfigError("REPORTBOT_ENV must be 'production' or 'development'")
    production = mode == "production"

    group_policy = env.get("GROUP_POLICY", "").strip().lower() or "allowlist"
    if group_policy not in GROUP_POLICIES:
        raise ConfigError("GROUP_POLICY must be 'allowlist' (default) or 'open'")

    return Settings(
        token=token,
        allowed_user_ids=parse_id_list(env.get("ALLOWED_USER_IDS"), "ALLOWED_USER_IDS"),
        allowed_chat_ids=parse_id_list(env.get("ALLOWED_CHAT_IDS"), "ALLOWED_CHAT_IDS"),
        admin_user_ids=parse_id_list(env.get("ADMIN_USER_IDS"), "ADMIN_USER_IDS"),
        tz=tz,
        api_base_url=base_url,
        state_db=default_state_db(env),
        conversation_ttl_minutes=ttl,
        webhook_secret=secret,
        hash_key=parse_hash_key(env, production),
        production=production,
        retention_days=parse_retention_days(env),
        group_policy=group_policy,
    )
