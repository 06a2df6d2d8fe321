"""Issue 10: a broken knowledge file, checks.yaml, intents.yaml or question set is reported in one
line naming the file, the line and what is wrong (exit code 2), never with a traceback or
"(please report this question)", and nothing is built from it."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path):
    """A copy of the project's data (knowledge/ and intents.yaml) to break."""
    shutil.copytree(REPO / "knowledge", tmp_path / "knowledge")
    shutil.copy(REPO / "intents.yaml", tmp_path / "intents.yaml")
    return tmp_path


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_bot(home: Path, *args: str) -> Result:
    """`python -m bot ARGS` in this process (the command line's own entry point), with the
    project's data taken from `home`."""
    saved = {
        k: os.environ.get(k) for k in ("REPORTBOT_HOME", "REPORTBOT_DB", "REPORTBOT_KNOWLEDGE_DIR", "REPORTBOT_INTENTS")
    }
    os.environ.update(REPORTBOT_HOME=str(home), REPORTBOT_DB=str(home / "build" / "knowledge.db"))
    os.environ.pop("REPORTBOT_KNOWLEDGE_DIR", None)
    os.environ.pop("REPORTBOT_INTENTS", None)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Result(code, out.getvalue(), err.getvalue())


def assert_one_line_error(result: Result, file: str, line: int | None, what: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    # a note that the database is being built may come first; the error itself is one line
    err = "\n".join(t for t in result.stderr.strip().splitlines() if not t.startswith("knowledge database missing"))
    assert "\n" not in err, err
    assert "Traceback" not in err and "please report" not in err, err
    assert file in err, err
    if line is not None:
        assert re.search(rf"line {line}\b", err), err
    assert re.search(what, err), err


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in t)


@pytest.mark.parametrize(
    "where", ["knowledge/aliases.yaml", "knowledge/tables/appeals.csv", "knowledge/source/report.txt"]
)
def test_invalid_utf8_names_the_file_and_line(home, where):
    path = home / where
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2] + b"\xff\xfe"
    path.write_bytes(b"\n".join(lines))
    for command in ("build", "check"):
        assert_one_line_error(run_bot(home, command), path.name, 3, "invalid UTF-8")
    assert not (home / "build" / "knowledge.db").exists()


def test_a_csv_row_with_extra_cells(home):
    csv = home / "knowledge" / "tables" / "appeals.csv"
    _edit(csv, '1053,2018,,"1,510",62.9', '1053,2018,,"1,510",62.9,99')
    for command in ("build", "check", "coverage"):
        assert_one_line_error(run_bot(home, command), "appeals.csv", 3, "6 cells, but the header has 5")


def test_a_csv_row_with_missing_cells(home):
    csv = home / "knowledge" / "tables" / "appeals.csv"
    _edit(csv, '1053,2018,,"1,510",62.9', '1053,2018,,"1,510"')
    assert_one_line_error(run_bot(home, "build"), "appeals.csv", 3, "4 cells, but the header has 5")


@pytest.mark.parametrize(
    ("rule", "what"),
    [
        ("- {expr: \"fact('org.teams') == 51\"}", "has no `id`"),
        ("- {id: div, expr: \"fact('org.teams') == 1/0\"}", "rule `div`: division by zero"),
        ("- {id: syntax, expr: \"fact('org.teams') == (51\"}", "rule `syntax`: not a valid expression"),
        ("- {id: func, expr: \"fact('org.teams') == open('x')\"}", "rule `func`: unsupported expression"),
        ("- {id: args, expr: \"fact('org.teams') == round()\"}", "rule `args`: cannot evaluate"),
        ("- {id: kind, table: appeals}", "rule `kind`: needs column_total, each_row or expr"),
    ],
    ids=["no-id", "division-by-zero", "syntax", "unknown-function", "no-arguments", "no-equation"],
)
def test_a_bad_check_rule(home, rule, what):
    checks = home / "knowledge" / "checks.yaml"
    line = len(checks.read_text(encoding="utf-8").splitlines()) + 2
    checks.write_text(checks.read_text(encoding="utf-8") + "\n" + rule + "\n", encoding="utf-8")
    for command in ("build", "check"):
        assert_one_line_error(run_bot(home, command), "checks.yaml", line, what)


def test_an_aliases_group_written_as_a_list(home):
    aliases = home / "knowledge" / "aliases.yaml"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "\nextra:\n  - 기조실\n  - 기획조정실\n", encoding="utf-8")
    line = _line_of(aliases, "extra:")
    assert_one_line_error(run_bot(home, "build"), "aliases.yaml", line, "group `extra` must map each name")


@pytest.mark.parametrize("content", ["", "\n\n  \n"], ids=["empty", "blank-lines"])
def test_an_emptied_report(home, content):
    (home / "knowledge" / "source" / "report.txt").write_text(content, encoding="utf-8")
    for command in ("build", "check", "coverage"):
        assert_one_line_error(run_bot(home, command), "report.txt", 1, "the source report is empty")


def test_a_yaml_syntax_error_in_a_section_file(home):
    section = home / "knowledge" / "sections" / "III-07.yaml"
    _edit(section, "    period_column: year\n", "    period_column: [year\n")
    assert_one_line_error(run_bot(home, "build"), "III-07.yaml", None, r"line \d+, column \d+: invalid YAML")


def test_an_intents_syntax_error_names_the_file(home):
    intents = home / "intents.yaml"
    intents.write_text(intents.read_text(encoding="utf-8") + "\nbroken: [unclosed\n", encoding="utf-8")
    result = run_bot(home, "ask", "법률지원담당관 예산은?")
    assert "<unicode string>" not in result.stderr
    assert_one_line_error(result, "intents.yaml", None, r"line \d+, column \d+: invalid YAML")


@pytest.mark.parametrize("content", ["intents: {}\n", "# nothing here\n"])
def test_an_intents_file_without_the_engines_intents(home, content):
    (home / "intents.yaml").write_text(content, encoding="utf-8")
    assert_one_line_error(run_bot(home, "ask", "법률지원담당관 예산은?"), "intents.yaml", None, "missing")


@pytest.mark.parametrize(
    "old, new, what",
    [
        ('report_year: "2020"', "report_year: abc", "report_year"),
        ("whole_names: [서울시]", "whole_names: 5", "whole_names.*list"),
        ('template: "{metric}이(가) {direction} 것: {items}"', 'template: "{metric} {"', "intents.ranking.template"),
        ('template: "{metric}이(가) {direction} 것: {items}"', 'template: "{metric} {bogus}"', "bogus is none"),
        ("집행률: [사용액, 예산]", "집행률: 사용액", r"rates_of_measures\.집행률.*two measures"),
    ],
)
def test_an_intents_value_of_the_wrong_kind_is_named_at_load(home, old, new, what):
    _edit(home / "intents.yaml", old, new)
    assert_one_line_error(run_bot(home, "ask", "법률지원담당관 예산은?"), "intents.yaml", None, what)


def test_a_device_or_a_link_as_the_database_is_left_alone(home, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run_bot(home, "ask", "--db", str(fifo), "법률지원담당관 예산은?")
    assert_one_line_error(result, str(fifo), None, "not a regular file")
    assert fifo.is_fifo()
    target = tmp_path / "empty"
    target.write_bytes(b"")
    link = tmp_path / "link"
    link.symlink_to(target)
    built = run_bot(home, "build", "--db", str(link))
    assert_one_line_error(built, str(link), None, "symbolic link")
    assert link.is_symlink() and target.read_bytes() == b""


def test_a_missing_intents_file(home):
    (home / "intents.yaml").unlink()
    assert_one_line_error(run_bot(home, "ask", "법률지원담당관 예산은?"), "intents.yaml", None, "file not found")


def test_eval_on_a_missing_file(home):
    assert_one_line_error(run_bot(home, "eval", str(home / "nope.yaml")), "nope.yaml", None, "file not found")


@pytest.mark.parametrize(
    ("content", "line", "what"),
    [
        ("- q: 법률지원담당관 예산은?\n  expect: [6,369\n", None, "invalid YAML"),
        ("q: 법률지원담당관 예산은?\n", 1, "expected a list of questions"),
        ("- q: 법률지원담당관 예산은?\n  expect: ['6,369']\n- expect: ['1']\n", 3, "turn without `q`"),
        ("- just a string\n", 1, "must be a mapping"),
        ("- conversation: [{q: '작년은'}, {expect: ['1']}]\n", 1, "turn without `q`"),
    ],
    ids=["syntax", "not-a-list", "no-q", "not-a-mapping", "turn-without-q"],
)
def test_eval_on_a_malformed_file(home, content, line, what):
    questions = home / "questions.yaml"
    questions.write_text(content, encoding="utf-8")
    assert_one_line_error(run_bot(home, "eval", str(questions)), "questions.yaml", line, what)


def test_a_changed_figure_stops_the_build_and_the_check(home):
    section = home / "knowledge" / "sections" / "I.yaml"
    text = section.read_text(encoding="utf-8")
    block = text[text.index("id: org.teams") :]
    assert 'text: "51"' in block[:400]
    section.write_text(text.replace(block, block.replace('text: "51"', 'text: "52"', 1)), encoding="utf-8")
    build = run_bot(home, "build")
    assert build.returncode == 2 and "`org.teams`: `52` is not printed on report.txt line" in build.stderr
    check = run_bot(home, "check")
    assert check.returncode == 1 and "`org.teams`: `52` is not printed" in check.stdout
    assert not (home / "build" / "knowledge.db").exists()


def test_a_wrong_line_reference_stops_the_build(home):
    csv = home / "knowledge" / "tables" / "appeals.csv"
    _edit(csv, "1053,2017,", "1052,2017,")
    result = run_bot(home, "build")
    assert result.returncode == 2 and "`appeals.2017.rulings`: `1,329` is not printed on report.txt line 1052" in (
        result.stderr
    )


def test_every_figure_is_printed_on_its_cited_line():
    from bot.knowledge_files import load_knowledge
    from bot.reconcile import literal_problems

    assert literal_problems(load_knowledge(REPO / "knowledge")) == []


def test_a_csv_saved_with_a_byte_order_mark_is_read(home):
    csv = home / "knowledge" / "tables" / "appeals.csv"
    csv.write_bytes(b"\xef\xbb\xbf" + csv.read_bytes().replace(b"\n", b"\r\n"))  # as Excel saves "CSV UTF-8"
    result = run_bot(home, "build")
    assert result.returncode == 0, result.stderr


def test_a_comma_inside_an_unquoted_flow_value_is_named(home):
    # "{…, label: 검사 소요시간 (개선 후, 1단계), …}": YAML cuts the label at the comma
    section = home / "knowledge" / "sections" / "III-01.yaml"
    _edit(section, 'label: "검사 소요시간 (개선 후, 1단계)"', "label: 검사 소요시간 (개선 후, 1단계)")
    result = run_bot(home, "build")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "covid.test.time_after" in result.stderr and "unknown field `1단계)`" in result.stderr
