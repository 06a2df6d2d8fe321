"""End to end through the real command line: `python -m bot …` in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
QUESTION = "법률지원담당관 예산은?"
SUBCOMMANDS = ["ask", "chat", "build", "check", "coverage", "eval", "chart", "telegram", "unanswered", "bench"]


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTBOT_")}
    env.update(REPORTBOT_DB=str(db), PYTHONUTF8="1", PYTHONIOENCODING="utf-8", **extra)
    return env


def run_bot(
    *args: str, db: Path, stdin: str | None = None, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env or _env(db),
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A database built once for the module (in a temporary folder, never in the checkout)."""
    from bot.build import build_database

    path = tmp_path_factory.mktemp("cli") / "knowledge.db"
    build_database(REPO / "knowledge", path)
    return path


def test_help_lists_every_subcommand(db):
    result = run_bot("--help", db=db)
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert name in result.stdout, name


def test_build_prints_built(tmp_path):
    result = run_bot("build", db=tmp_path / "built.db")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built ")
    assert (tmp_path / "built.db").is_file()


def test_coverage_ends_with_held_over_total(db):
    result = run_bot("coverage", db=db)
    assert result.returncode == 0, result.stdout[-500:]
    assert re.match(r"^coverage \d+/\d+$", result.stdout.strip().splitlines()[-1])


def test_check_reports_no_problems(db):
    result = run_bot("check", db=db)
    assert result.returncode == 0
    assert result.stdout.strip().endswith("0 problems")


def test_ask_prints_the_figure(db):
    result = run_bot("ask", QUESTION, db=db)
    assert result.returncode == 0
    assert "6,369" in result.stdout


def test_ask_json_prints_one_object_with_the_stable_keys(db):
    result = run_bot("ask", "--json", QUESTION, db=db)
    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    for key in ("question", "answered", "answer", "intent", "confidence", "sources", "facts", "suggestions"):
        assert key in obj, key
    assert obj["question"] == QUESTION
    assert obj["answered"] is True
    assert "6,369" in obj["answer"]
    assert obj["sources"]
    for source in obj["sources"]:
        assert {"section", "title", "lines"} <= set(source)


def test_ask_stdin_keeps_context_until_a_blank_line(db):
    result = run_bot("ask", "--json", "-", db=db, stdin=f"{QUESTION}\n작년은?\n\n작년은?\n")
    assert result.returncode == 0
    answers = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [a["question"] for a in answers] == [QUESTION, "작년은?", "작년은?"]
    assert "6,369" in answers[0]["answer"]
    assert "5,732" in answers[1]["answer"]  # follow-up: the same department, a year earlier
    assert not answers[2]["answered"] or "5,732" not in answers[2]["answer"]  # a new conversation


def test_chat_answers_and_handles_commands(db):
    result = run_bot("chat", db=db, stdin=f"/help\n{QUESTION}\n/reset\n/quit\n")
    assert result.returncode == 0
    assert "6,369" in result.stdout
    assert "/quit" in result.stdout  # the help text
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "question",
    ["", "가" * 10_000, "😀😀", "'; DROP TABLE facts; --", "\x07abc\x1b"],
    ids=["empty", "very-long", "emoji-only", "sql", "control-chars"],
)
def test_ask_survives_bad_input(db, question):
    result = run_bot("ask", question, db=db)
    assert result.returncode == 0
    assert result.stdout.strip()
    assert "Traceback" not in result.stderr


def test_ask_survives_a_nul_character_on_stdin(db):
    # NUL cannot be passed as a command-line argument, so it comes through `ask -`.
    result = run_bot("ask", "-", db=db, stdin="\x00\x07abc\n")
    assert result.returncode == 0
    assert result.stdout.strip()
    assert "Traceback" not in result.stderr


def test_sql_in_a_question_leaves_the_database_intact(db):
    run_bot("ask", "'; DROP TABLE facts; --", db=db)
    assert "6,369" in run_bot("ask", QUESTION, db=db).stdout


def test_ask_rebuilds_a_corrupt_database(tmp_path, db):
    corrupt = tmp_path / "corrupt.db"
    data = db.read_bytes()
    corrupt.write_bytes(data[:100] + b"this is not sqlite\x00\xff" * 200)  # its header, then garbage
    result = run_bot("ask", QUESTION, db=corrupt)
    assert result.returncode == 0
    assert "6,369" in result.stdout
    assert "rebuilding" in result.stderr
    assert "Traceback" not in result.stderr


def test_ask_never_overwrites_a_file_that_is_not_its_database(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# not a database\n", encoding="utf-8")
    result = run_bot("ask", QUESTION, db=readme)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "refusing to overwrite" in result.stderr
    assert "please report" not in result.stderr
    assert readme.read_text(encoding="utf-8") == "# not a database\n"
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


@pytest.mark.skipif(not (REPO / "bot" / "telegram" / "app.py").exists(), reason="no Telegram front end")
def test_telegram_without_a_token_exits_with_one_line(tmp_path):
    env = {k: v for k, v in _env(tmp_path / "tg.db").items() if k != "TELEGRAM_BOT_TOKEN"}
    env["PYTHONPATH"] = str(REPO)
    # run from an empty folder, so that no ./.env with a real token is picked up
    result = run_bot("telegram", db=tmp_path / "tg.db", cwd=tmp_path, env=env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in lines[0]


def test_unknown_subcommand_exits_with_usage(db):
    result = run_bot("frobnicate", db=db)
    assert result.returncode != 0
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr


def test_answers_do_not_depend_on_the_hash_seed(tmp_path):
    """Sets iterate in a different order under another PYTHONHASHSEED; answers must not change."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    questions = "재결건수 추이\n신속집행 실적 얼마나 돼\n일반회계 예산이 가장 많은 부서\n확진자 몇명?\n"
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "REPORTBOT_DB": str(tmp_path / f"kb{seed}.db")}
        run = subprocess.run(
            [sys.executable, "-m", "bot", "ask", "--json", "-"],
            input=questions,
            text=True,
            capture_output=True,
            cwd=repo,
            env=env,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("where", ["folder", "root", "under-a-file"])
def test_a_database_path_that_cannot_hold_the_database_is_one_line(tmp_path, where):
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    path = {"folder": tmp_path, "root": Path("/"), "under-a-file": tmp_path / "plain.txt" / "kb.db"}[where]
    for args in (["ask", QUESTION], ["build"], ["chat"]):
        result = run_bot(*args, db=path, stdin="")
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {path}: "), result.stderr
        assert "Traceback" not in result.stderr and "please report" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt"]  # no <dir>.tmpPID left
    assert sorted(p.name for p in tmp_path.parent.iterdir() if p.name.startswith(tmp_path.name + ".tmp")) == []


def test_an_empty_db_path_is_refused_not_taken_for_the_default():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--db", "", "기조실 정원"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and "empty path" in done.stderr and "Traceback" not in done.stderr
