"""Shared fixtures: one engine per test session, built from knowledge/ into a temporary file
(tests never write into the checkout)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# the JSON copies of the YAML read at start (bot/yamlcopy.py) go to a folder of the test session,
# for every process the tests start too (set before bot.korean.words is imported; this module is
# imported twice, as conftest and as tests.conftest: one folder)
_PARSED = os.environ.get("REPORTBOT_TEST_PARSED") or tempfile.mkdtemp(prefix="reportbot-parsed-")
os.environ["REPORTBOT_TEST_PARSED"] = os.environ["REPORTBOT_PARSED"] = _PARSED


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_PARSED, ignore_errors=True)


@pytest.fixture(scope="session")
def engine(tmp_path_factory):
    from bot.engine import Engine

    db = tmp_path_factory.mktemp("kb") / "knowledge.db"
    return Engine.load(db, REPO / "knowledge", REPO / "intents.yaml", quiet=True)


@pytest.fixture(scope="session")
def eval_questions():
    from bot.evaluate import load_questions

    return load_questions(REPO / "tests" / "eval" / "questions.yaml")


@pytest.fixture
async def tg():
    """A fake Bot API server on 127.0.0.1 (tests/fake_telegram.py), started for one test."""
    from tests.fake_telegram import FakeTelegram

    async with FakeTelegram() as server:
        yield server


@pytest.fixture
def db(tmp_path):
    """Where a test's question log lives."""
    return tmp_path / "state.db"
