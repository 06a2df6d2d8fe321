"""`.env` values and where the state database is: what `ask` and `chat` read to know whether
COVID snapshots exist, without the Telegram settings and their imports (bot/telegram/config.py).

The `.env` parser is deliberately tiny (no dependency): `KEY=value` lines, `#` comments, optional
`export ` prefix, optional single or double quotes. The real environment wins over `.env`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

_KEY_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_dotenv(text: str) -> dict[str, str]:
    """Parse the text of a `.env` file. Malformed lines are skipped, never fatal."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not _KEY_RE.match(key):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            # an unquoted value may carry a trailing " # comment"
            value = re.split(r"\s+#", value, maxsplit=1)[0].strip()
        values[key] = value
    return values


def read_dotenv(path: Path) -> dict[str, str]:
    """The values of `path`, or {} when it does not exist or cannot be read."""
    try:
        return parse_dotenv(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}


def merged_environment(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> dict[str, str]:
    """`.env` values overlaid by the real environment (the environment wins)."""
    merged = read_dotenv(env_file) if env_file is not None else {}
    merged.update(os.environ if environ is None else environ)
    return merged


def default_state_db(env: Mapping[str, str]) -> Path:
    """REPORTBOT_STATE_DB, else $XDG_DATA_HOME/reportbot/state.db, else ./data/state.db."""
    if env.get("REPORTBOT_STATE_DB"):
        return Path(env["REPORTBOT_STATE_DB"]).expanduser()
    if env.get("XDG_DATA_HOME"):
        return Path(env["XDG_DATA_HOME"]).expanduser() / "reportbot" / "state.db"
    return Path("data") / "state.db"
