"""bot.reconcile: the report's own totals are checked; failures must be exactly the listed ones."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.knowledge_files import load_knowledge
from bot.reconcile import load_checks, reconcile, run_checks

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"


def _reconcile(root: Path) -> tuple[list[str], int]:
    return reconcile(load_knowledge(root), load_checks(root / "checks.yaml"))


def _discrepancies(root: Path) -> list[dict]:
    return yaml.safe_load((root / "discrepancies.yaml").read_text(encoding="utf-8"))


def _write_discrepancies(root: Path, entries: list[dict]) -> None:
    (root / "discrepancies.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def knowledge_copy(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    return root


@pytest.fixture
def altered_budget(knowledge_copy):
    """法률지원담당관's 2020 budget changed by one (6,369 → 6,368), so 합계 no longer adds up."""
    csv = knowledge_copy / "tables" / "budget_general.csv"
    text = csv.read_text(encoding="utf-8")
    old = '141,법률지원담당관,"5,732",2,"6,369",2,637'
    assert old in text
    csv.write_text(text.replace(old, old.replace("6,369", "6,368")), encoding="utf-8")
    return knowledge_copy


def test_real_knowledge_reconciles():
    problems, count = _reconcile(KNOWLEDGE)
    assert problems == []
    assert count > 100


@pytest.mark.parametrize("entry", _discrepancies(KNOWLEDGE), ids=lambda e: e["check"])
def test_every_listed_discrepancy_really_fails(entry):
    kb = load_knowledge(KNOWLEDGE)
    failures, _ = run_checks(kb, load_checks(KNOWLEDGE / "checks.yaml"))
    failing = {f.check: f for f in failures}
    assert entry["check"] in failing
    assert abs(failing[entry["check"]].stated - float(entry["stated"].replace(",", ""))) < 1e-9


def test_an_altered_figure_is_reported_with_file_row_and_expected_sum(altered_budget):
    problems, _ = _reconcile(altered_budget)
    total = [p for p in problems if p.startswith("budget_general.total#budget_2020")]
    assert len(total) == 1, problems
    message = total[0]
    assert "tables/budget_general.csv" in message
    assert "합계" in message
    assert "stated 602,275" in message
    assert "computed 602,274" in message
    assert "not listed" in message
    # the row's own change column no longer matches either
    assert any(p.startswith("budget_general.change#법률지원담당관") for p in problems)


def test_build_refuses_an_altered_figure_without_a_traceback(altered_budget, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTBOT_")}
    env.update(
        REPORTBOT_KNOWLEDGE_DIR=str(altered_budget), REPORTBOT_DB=str(tmp_path / "db" / "knowledge.db"), PYTHONUTF8="1"
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "build"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode != 0
    assert "budget_general.total#budget_2020" in result.stderr
    assert "602,275" in result.stderr and "602,274" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "db" / "knowledge.db").exists()


def test_an_unlisted_failure_makes_reconcile_fail(knowledge_copy):
    entries = _discrepancies(knowledge_copy)
    removed = entries.pop(0)
    _write_discrepancies(knowledge_copy, entries)
    problems, _ = _reconcile(knowledge_copy)
    assert len(problems) == 1
    assert problems[0].startswith(removed["check"])
    assert "not listed" in problems[0]


def test_a_listed_check_that_holds_makes_reconcile_fail(knowledge_copy):
    entries = _discrepancies(knowledge_copy)
    entries.append(
        {"check": "staffing.headline_quota", "what": "bogus", "stated": "306", "computed": "305", "difference": "1"}
    )
    _write_discrepancies(knowledge_copy, entries)
    problems, _ = _reconcile(knowledge_copy)
    assert problems == ["discrepancies.yaml lists `staffing.headline_quota`, but that check holds"]


def test_a_listed_discrepancy_with_wrong_figures_makes_reconcile_fail(knowledge_copy):
    entries = _discrepancies(knowledge_copy)
    entries[0]["computed"] = "10,700"
    _write_discrepancies(knowledge_copy, entries)
    problems, _ = _reconcile(knowledge_copy)
    assert len(problems) == 1 and "differ from the check's" in problems[0]
