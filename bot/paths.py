"""Where the project's files are: one place, overridable by environment variables.

REPORTBOT_HOME   folder holding knowledge/ and intents.yaml (default: the checkout)
REPORTBOT_DB     the compiled knowledge database (default: $REPORTBOT_HOME/build/knowledge.db)
REPORTBOT_PARSED JSON copies of the YAML read at start (default: $REPORTBOT_HOME/build/parsed)
"""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    env = os.environ.get("REPORTBOT_HOME")
    return Path(env) if env else Path(__file__).resolve().parent.parent


def knowledge_dir() -> Path:
    env = os.environ.get("REPORTBOT_KNOWLEDGE_DIR")
    return Path(env) if env else home() / "knowledge"


def intents_file() -> Path:
    env = os.environ.get("REPORTBOT_INTENTS")
    return Path(env) if env else home() / "intents.yaml"


def knowledge_db() -> Path:
    env = os.environ.get("REPORTBOT_DB")
    return Path(env) if env else home() / "build" / "knowledge.db"


def parsed_dir() -> Path:
    """Where the JSON copies of intents.yaml and words.yaml are kept (bot/yamlcopy.py)."""
    env = os.environ.get("REPORTBOT_PARSED")
    return Path(env) if env else home() / "build" / "parsed"
