"""bot.knowledge_files: reading knowledge/ (section YAML, table CSVs) into records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge_files import KnowledgeError, load_knowledge

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
SECTION_IDS = {"I", "II", "III", *(f"III-{i}" for i in range(1, 13))}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(KNOWLEDGE)


@pytest.fixture
def knowledge_copy(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    return root


def test_every_report_section_is_present(kb):
    assert set(kb.sections) == SECTION_IDS


def test_every_fact_belongs_to_a_known_section(kb):
    assert kb.facts
    assert {f.section for f in kb.facts} <= set(kb.sections)


def test_every_fact_cites_lines_within_the_report(kb):
    n = len(kb.source_lines)
    bad = [(f.id, f.lines) for f in kb.facts if not f.lines or not all(1 <= line <= n for line in f.lines)]
    assert bad == []


def test_section_line_ranges_lie_within_the_report(kb):
    n = len(kb.source_lines)
    for s in kb.sections.values():
        assert 1 <= s.lines[0] <= s.lines[1] <= n, s.id


def test_fact_text_is_printed_on_one_of_its_lines(kb):
    def printed(fact):
        text = fact.text.replace(" ", "")
        return any(text in kb.source_lines[line - 1].replace(" ", "") for line in fact.lines)

    missing = [f.id for f in kb.facts if not printed(f)]
    share = 1 - len(missing) / len(kb.facts)
    assert share >= 0.95, f"only {share:.1%} of facts found on their lines; e.g. {missing[:10]}"


def test_ids_are_unique(kb):
    ids = [x.id for x in (*kb.facts, *kb.details, *kb.schedule)]
    assert len(ids) == len(set(ids))


def test_a_staffing_row_becomes_one_fact_per_cell(kb):
    row = {
        f.metric + ("/" + f.qualifier if f.qualifier else ""): f
        for f in kb.facts
        if f.source_table == "staffing" and f.subject == "법률지원담당관"
    }
    assert row["정원/합계"].value == 28
    assert row["현원/합계"].value == 29
    assert row["여성 공무원 수"].value == 23
    assert all(f.lines == (31,) and f.subject_required for f in row.values())


def test_blank_table_cells_give_no_fact(kb):
    ids = {f.id for f in kb.facts}
    # 법률지원담당관 has no 별정직 and no 관리운영직 정원 in the report (blank cells)
    assert "staffing.법률지원담당관.special_quota" not in ids
    assert "staffing.법률지원담당관.special_current" not in ids
    assert "staffing.법률지원담당관.admin_quota" not in ids
    assert "staffing.법률지원담당관.admin_current" in ids


def test_table_total_row_names_the_whole_office(kb):
    total = next(f for f in kb.facts if f.id == "staffing.계.quota")
    assert total.subject == "기획조정실" and total.value == 306 and not total.subject_required


def test_malformed_yaml_raises_knowledge_error_naming_the_file(knowledge_copy):
    (knowledge_copy / "sections" / "III-09.yaml").write_text("id: [III-9\ntitle: : :\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"III-09\.yaml"):
        load_knowledge(knowledge_copy)


def test_missing_csv_raises_knowledge_error_naming_the_file(knowledge_copy):
    (knowledge_copy / "tables" / "litigation.csv").unlink()
    with pytest.raises(KnowledgeError, match=r"litigation\.csv"):
        load_knowledge(knowledge_copy)


def test_missing_knowledge_folder_raises_knowledge_error(tmp_path):
    with pytest.raises(KnowledgeError, match="not found"):
        load_knowledge(tmp_path / "nowhere")
