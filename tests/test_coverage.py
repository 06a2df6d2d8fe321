"""bot.coverage: how many of the report's numbers the knowledge base holds (must not fall)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.coverage import coverage, load_exclusions, summary
from bot.knowledge_files import load_knowledge

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
MIN_COVERAGE = 0.97


def _coverage_of(root: Path) -> tuple[int, int]:
    return summary(coverage(load_knowledge(root), load_exclusions(root / "coverage_exclusions.yaml")))


@pytest.fixture(scope="module")
def real_coverage():
    return _coverage_of(KNOWLEDGE)


def test_coverage_of_the_report_stays_at_least_97_percent(real_coverage):
    held, total = real_coverage
    assert total > 500
    assert held / total >= MIN_COVERAGE, f"coverage {held}/{total}"


def test_removing_a_fact_lowers_coverage(tmp_path, real_coverage):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    path = root / "sections" / "III-01.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if "id: covid.test.time_before," not in line]
    assert len(kept) == len(lines) - 1, "the fact to remove was not found"
    path.write_text("".join(kept), encoding="utf-8")

    held, total = _coverage_of(root)
    assert total == real_coverage[1]
    assert held < real_coverage[0]


def test_every_exclusion_has_a_reason():
    exclusions = load_exclusions(KNOWLEDGE / "coverage_exclusions.yaml")
    assert exclusions
    for e in exclusions:
        assert str(e.get("reason") or "").strip(), e
        assert e.get("line") or e.get("lines"), e


def test_every_number_is_held_excluded_or_missing():
    uses = coverage(load_knowledge(KNOWLEDGE), load_exclusions(KNOWLEDGE / "coverage_exclusions.yaml"))
    assert {u.status for u in uses} <= {"held", "excluded", "missing"}
    assert all(u.reason for u in uses if u.status == "excluded")
