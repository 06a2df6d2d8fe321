"""The README's quick start is what CI runs: its test command must be `.ci/run`'s, verbatim."""

from __future__ import annotations

import re

from tests.conftest import REPO


def _quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_a_run_and_a_test_command():
    run, test = _quick_start_commands()[:2]
    assert "python -m bot" in run and "pytest" in test


def test_ci_runs_the_readmes_test_command_verbatim():
    test = _quick_start_commands()[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci
