"""The code checks CI runs, inside pytest (the README's test command): ruff (lint and format) and
mypy over bot/ as configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    pytest.importorskip("ruff", reason="dev dependency: pip install -e '.[dev]'")
    lint = _run("ruff", "check", "bot", "tests")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run("ruff", "format", "--check", "bot/engine", "bot/korean", "bot/bench.py", "tests/golden")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_mypy_finds_nothing():
    pytest.importorskip("mypy", reason="dev dependency: pip install -e '.[dev]'")
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
