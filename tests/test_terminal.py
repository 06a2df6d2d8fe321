"""Issue 10, the command line: bad bytes and surrogates, strict UTF-8 locales, huge lines, a
question that raises, bad /schedule arguments and Ctrl-C at the prompt — every line is answered,
the output is always valid UTF-8, and nothing ends the stream or the chat."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.terminal import (
    FAILED,
    MONTH_HINT,
    answer_lines,
    clean_input,
    handle_line,
    parse_month,
    run_chat,
    stdin_lines,
    utf8_writer,
)
from bot.textnorm import MAX_QUESTION_CHARS

REPO = Path(__file__).resolve().parent.parent
QUESTION = "법률지원담당관 예산은?"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from bot.build import build_database

    path = tmp_path_factory.mktemp("terminal") / "knowledge.db"
    build_database(REPO / "knowledge", path)
    return path


def run_bytes(args: list[bytes | str], stdin: bytes, db: Path, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("REPORTBOT_", "PYTHONIO", "PYTHONUTF8"))}
    full.update(REPORTBOT_DB=str(db), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=REPO,
        env=full,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def json_lines(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]  # strict: valid UTF-8 or fail


class Flaky:
    """The real engine, except that a question containing 'boom' raises (a bug in one question)."""

    def __init__(self, engine):
        self.engine = engine

    def answer(self, question, conversation=None):
        if "boom" in question:
            raise RuntimeError("boom")
        return self.engine.answer(question, conversation)

    def __getattr__(self, name):
        return getattr(self.engine, name)


def test_clean_input_replaces_undecodable_bytes_and_lone_surrogates():
    assert clean_input("a\udcffb") == "a\ufffdb"  # a raw 0xFF byte in argv
    assert clean_input("a\ud800b") == "a\ufffdb"  # a lone surrogate
    assert clean_input(QUESTION) == QUESTION
    assert clean_input("😀") == "😀"


@pytest.mark.parametrize("locale", ["utf-8:strict", "utf-8", "ascii:strict"])
def test_a_bad_byte_on_stdin_never_stops_the_stream(db, locale):
    stdin = f"{QUESTION}\n".encode() + b"a\xffb\xed\xa0\x80c\n" + f"{QUESTION}\n".encode()
    result = run_bytes(["ask", "--json", "-"], stdin, db, PYTHONIOENCODING=locale)
    assert result.returncode == 0, result.stderr
    answers = json_lines(result.stdout)
    assert len(answers) == 3
    assert "6,369" in answers[0]["answer"] and "6,369" in answers[2]["answer"]
    assert "\ufffd" in answers[1]["question"] and "\xff" not in answers[1]["question"]
    assert b"Traceback" not in result.stderr


def test_bytes_that_are_no_text_are_named(db):
    result = run_bytes(["ask", "-"], b"\xff\xfe\n", db, PYTHONIOENCODING="utf-8")
    assert result.returncode == 0, result.stderr
    assert "UTF-8" in result.stdout.decode() and len(result.stdout.decode().strip().splitlines()) == 1


def test_a_lone_surrogate_in_the_question_gives_valid_json(db):
    result = run_bytes(["ask", "--json", b"a\xed\xa0\x80b\xff"], b"", db, PYTHONIOENCODING="utf-8:strict")
    assert result.returncode == 0, result.stderr
    (answer,) = json_lines(result.stdout)
    assert answer["question"].startswith("a\ufffd")
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in json.dumps(answer, ensure_ascii=False))


def test_text_answers_survive_a_terminal_that_cannot_print_korean(db):
    result = run_bytes(["ask", QUESTION], b"", db, PYTHONIOENCODING="ascii:strict")
    assert result.returncode == 0, result.stderr
    assert b"6,369" in result.stdout


def test_the_json_echo_of_a_huge_line_is_the_truncated_question(db):
    huge = "가" * 2_000_000
    result = run_bytes(["ask", "--json", "-"], f"{huge}\n{QUESTION}\n".encode(), db)
    assert result.returncode == 0, result.stderr
    first, second = json_lines(result.stdout)
    assert len(first["question"]) <= MAX_QUESTION_CHARS + 1
    assert len(result.stdout) < 20_000
    assert "6,369" in second["answer"]


def test_one_question_that_raises_does_not_end_the_stream(engine, capsys):
    out = io.StringIO()
    lines = stdin_lines(io.StringIO(f"{QUESTION}\nboom 예산\n서울 확진자?\n"))
    answer_lines(Flaky(engine), lines, utf8_writer(out, as_json=True), as_json=True)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(answers) == 3
    assert "6,369" in answers[0]["answer"] and "621" in answers[2]["answer"]
    assert answers[1] | {"answer": None} == {
        "question": "boom 예산",
        "answered": False,
        "answer": None,
        "intent": None,
        "confidence": 0.0,
        "sources": [],
        "facts": [],
        "suggestions": [],
        "choices": [],
        "slots": {},
        "error": "RuntimeError",
    }
    assert answers[1]["answer"] == FAILED
    err = capsys.readouterr().err
    assert err.strip() == "error: line 2: RuntimeError: boom"


def test_one_question_that_raises_does_not_end_the_chat(engine, capsys):
    out = io.StringIO()
    assert run_chat(Flaky(engine), stdin=io.StringIO(f"boom\n{QUESTION}\n"), stdout=out) == 0
    assert FAILED in out.getvalue() and "6,369" in out.getvalue()
    assert "RuntimeError" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arg", "month"),
    [
        ("5", 5),
        ("5월", 5),
        (" 12 ", 12),
        ("05 월", 5),
        ("５", 5),
        ("⁵", None),
        ("9" * 5000, None),
        ("13", None),
        ("0", None),
        ("오월", None),
        ("-1", None),
    ],
)
def test_parse_month(arg, month):
    assert parse_month(arg) == month


@pytest.mark.parametrize("arg", ["⁵", "9" * 5000, "١", "5.5"])
def test_a_bad_schedule_argument_gets_a_hint(engine, arg):
    from bot.answer import Conversation

    assert handle_line(engine, Conversation(), f"/schedule {arg}") == MONTH_HINT


def test_bad_schedule_arguments_do_not_end_the_chat(db):
    stdin = f"/schedule ⁵\n/schedule {'9' * 5000}\n{QUESTION}\n".encode()
    result = run_bytes(["chat"], stdin, db, PYTHONIOENCODING="utf-8")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert out.count(MONTH_HINT) == 2 and "6,369" in out
    assert result.stderr == b""


def _has_pty() -> bool:
    try:
        import pty

        for fd in pty.openpty():
            os.close(fd)
    except (ImportError, OSError):
        return False
    return sys.platform.startswith("linux")


def _pty_chat(db: Path, gap: float, warm: bool, typed: str = "") -> str:
    """Runs the chat in a pseudo-terminal: Ctrl-C as soon as the prompt appears (or once `typed`
    is echoed), then a question."""
    import pty

    env = {**os.environ, "REPORTBOT_DB": str(db), "PYTHONUTF8": "1"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the chat, in the terminal
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "bot", "chat"], env)
    buf = b""

    def read_until(pattern: bytes, count: int, timeout: float = 30) -> bool:
        nonlocal buf
        deadline = time.monotonic() + timeout
        while buf.count(pattern) < count and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.001)[0]:
                try:
                    buf += os.read(fd, 65536)
                except OSError:
                    break
        return buf.count(pattern) >= count

    prompt = "질문> ".encode()
    try:
        read_until(prompt, 1)
        if warm:
            os.write(fd, "서울 확진자?\r".encode())
            read_until(prompt, 2)
        if typed:
            os.write(fd, typed.encode())
            read_until(typed.encode(), 1)
        os.write(fd, b"\x03")
        if typed:
            read_until("취소했습니다".encode(), 1)
        time.sleep(gap)
        os.write(fd, f"{QUESTION}\r".encode())
        read_until(b"6,369", 1, timeout=10)
        os.write(fd, b"/quit\r")
        read_until(b"\x00", 1, timeout=2)  # until the chat has ended (EOF)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return buf.decode("utf-8", "replace")


@pytest.mark.skipif(not _has_pty(), reason="needs a Linux pseudo-terminal")
def test_ctrl_c_right_at_the_prompt_does_not_swallow_the_next_question(db):
    outputs = [_pty_chat(db, gap, warm) for gap in (0, 0.001) for warm in (False, True)]
    assert all("6,369" in out for out in outputs), outputs


@pytest.mark.skipif(not _has_pty(), reason="needs a Linux pseudo-terminal")
def test_ctrl_c_cancels_the_line_not_the_chat(db):
    # On a loaded machine the Ctrl-C can reach the terminal before readline has taken the typed
    # letters over from the kernel's line editing; three tries, one of which must show the cancel.
    outs = [_pty_chat(db, 0, False, typed="재결건수 추") for _ in range(3)]
    out = next((o for o in outs if "입력을 취소했습니다" in o), outs[-1])
    assert "입력을 취소했습니다" in out and "6,369" in out, outs
    assert "508" not in out  # the half-typed line was dropped, not answered


@pytest.mark.parametrize("locale", ["utf-8:strict", "ascii:strict"])
def test_the_chat_survives_bad_bytes_and_a_strict_locale(db, locale):
    stdin = b"a\xffb\n" + f"{QUESTION}\n".encode()
    result = run_bytes(["chat"], stdin, db, PYTHONIOENCODING=locale)
    assert result.returncode == 0, result.stderr
    assert b"6,369" in result.stdout
    assert result.stderr == b""
