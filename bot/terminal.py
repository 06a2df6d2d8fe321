"""The interactive terminal front end (`python -m bot chat`): readline editing, /help, /reset,
/quit. It keeps one Conversation and prints what the engine answers."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from bot.answer import Answer, Conversation
from bot.textnorm import MAX_QUESTION_CHARS

HELP = """명령: /help 도움말 · /topics 주제 목록 · /covid 코로나19 현황 · /budget 예산 총괄표
      /schedule [월] 일정 · /source 마지막 답의 원문 · /reset 대화 초기화 · /quit 종료
질문 예: 법률지원담당관 예산은? → 작년은? → 정원은?"""


FAILED = "이 질문은 처리하지 못했습니다. 다른 말로 다시 물어봐 주세요."  # one question failed; the rest go on
MONTH_HINT = "월을 1~12 숫자로 입력해 주세요. 예: /schedule 5"
_SURROGATE = re.compile("[\ud800-\udfff]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def clean_input(text: str) -> str:
    """Text from the command line or stdin as valid Unicode: bytes that are not UTF-8 (which
    Python keeps as lone surrogates) and lone surrogates become U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that does not stand for a byte
        return _SURROGATE.sub("\ufffd", text)


def stdin_lines(stdin: IO[str]) -> Iterator[str]:
    """Lines of stdin decoded as UTF-8 with replacement (whatever the locale says), without the
    line end; a bad byte never stops the stream."""
    buffer = getattr(stdin, "buffer", None)
    if buffer is None:  # already text (a test's StringIO)
        for line in stdin:
            yield clean_input(line.rstrip("\n"))
        return
    for raw in buffer:
        yield raw.decode("utf-8", "replace").rstrip("\n").rstrip("\r")


def utf8_writer(stdout: IO[str], *, as_json: bool) -> Callable[[str], None]:
    """Print one answer and flush. JSON always goes out as UTF-8; text in the terminal's encoding;
    neither can fail on a character the encoding lacks."""
    buffer = getattr(stdout, "buffer", None)

    def write(text: str) -> None:
        text = _SURROGATE.sub("\ufffd", text)
        if as_json and buffer is not None:
            stdout.flush()
            buffer.write(text.encode("utf-8") + b"\n")
            buffer.flush()
            return
        encoding = getattr(stdout, "encoding", None) or "utf-8"
        stdout.write(text.encode(encoding, "replace").decode(encoding) + "\n")
        stdout.flush()

    return write


def echo(question: str) -> str:
    """The question as a JSON answer repeats it: at most the part the engine reads."""
    return question if len(question) <= MAX_QUESTION_CHARS else question[:MAX_QUESTION_CHARS] + "…"


def failed_json(question: str, error: Exception) -> dict[str, Any]:
    """The JSON line of a question that raised: the stable keys, not answered, and the error."""
    return Answer(question=echo(question), answered=False, text=FAILED).to_json() | {"error": type(error).__name__}


def answer_text(engine, question: str, conv: Conversation, *, as_json: bool, where: str = "") -> str:
    """One answer as `ask` prints it (text, or a JSON line echoing at most the truncated question).
    A question that raises gets a one-line answer saying so, and a line on stderr."""
    try:
        ans = engine.answer(question, conv)
        if as_json:
            return json.dumps(ans.to_json() | {"question": echo(question)}, ensure_ascii=False)
        return ans.full_text()
    except Exception as e:  # noqa: BLE001  one failing question never ends a stream or a chat
        print(f"error: {where}{type(e).__name__}: {e}", file=sys.stderr)
        conv.reset()
        return json.dumps(failed_json(question, e), ensure_ascii=False) if as_json else FAILED


def answer_lines(engine, lines: Iterable[str], write: Callable[[str], None], *, as_json: bool) -> None:
    """`ask -`: one answer per line, consecutive lines one conversation, a blank line a new one."""
    conv = Conversation()
    for n, question in enumerate(lines, start=1):
        if not question.strip():
            conv = Conversation()
            continue
        write(answer_text(engine, question, conv, as_json=as_json, where=f"line {n}: "))


CANCELLED = "(입력을 취소했습니다. 끝내려면 /quit 또는 Ctrl-D)"
UNREADABLE = "입력을 읽지 못했습니다 (터미널의 문자 인코딩을 확인해 주세요). 다시 입력해 주세요."
GREETING = "reportbot — 기획조정실 현안업무보고(2020.4.) 질의응답. /help 도움말, /quit 종료"


def run_chat(engine, stdin=None, stdout=None) -> int:
    """Read questions until EOF or /quit; returns the exit code. Ctrl-C cancels the line being
    typed (or the answer being made), never the chat; one failing question never ends it; bytes
    that are not UTF-8 and characters the terminal cannot print never stop it either."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    write = utf8_writer(stdout, as_json=False)
    interactive = stdin.isatty()
    history: Any = None
    if interactive:
        try:
            import readline

            history = readline  # line editing and history for input()
        except ImportError:
            pass
    piped = None if interactive else stdin_lines(stdin)
    conv = Conversation()
    write(GREETING)
    while True:
        if piped is not None:
            line = next(piped, None)
            if line is None:
                return 0
        else:
            try:
                line = read_line(history, write)
            except EOFError:
                write("")
                return 0
        line = clean_input(line).strip()
        if not line:
            continue
        try:
            reply = handle_line(engine, conv, line)
        except KeyboardInterrupt:
            reply = CANCELLED
        except Exception as e:  # noqa: BLE001  one failing question never ends the chat
            print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
            conv.reset()
            reply = FAILED
        if reply is None:
            return 0
        write(reply + "\n")


def read_line(history, write: Callable[[str], None]) -> str:
    """One line typed at the prompt ("" when Ctrl-C cancelled it).

    A Ctrl-C pressed just as the prompt appears can reach Python only after readline has already
    read the next line; the interrupt then comes with that line, which readline has put in its
    history. That line was typed after the Ctrl-C, so it is returned, not swallowed."""
    before = history.get_current_history_length() if history else 0
    try:
        return input("질문> ")
    except KeyboardInterrupt:
        after = history.get_current_history_length() if history else 0
        if after > before:
            return history.get_history_item(after) or ""
        write("\n" + CANCELLED)
        return ""
    except UnicodeDecodeError:  # the terminal sent bytes its encoding does not allow
        write(UNREADABLE)
        return ""


def handle_line(engine, conv: Conversation, line: str) -> str | None:
    """One line of input → the text to print (None means quit)."""
    if line.startswith("/"):
        command, _, arg = line[1:].partition(" ")
        command = command.lower()
        if command in ("quit", "exit", "q"):
            return None
        if command == "help":
            return HELP
        if command == "reset":
            conv.reset()
            return "대화를 초기화했습니다."
        if command == "topics":
            return engine.topics_answer().full_text()
        if command == "covid":
            return engine.covid_status().full_text()
        if command == "budget":
            return engine.budget_overview().full_text()
        if command == "schedule":
            month = parse_month(arg)
            if arg.strip() and month is None:
                return MONTH_HINT
            return engine.schedule(month).full_text()
        if command == "source":
            if conv.last_answer is None:
                return "아직 답한 질문이 없습니다."
            return engine.source_passage(conv.last_answer)
        return f"알 수 없는 명령입니다: /{command}\n{HELP}"
    return engine.answer(line, conv).full_text()


def parse_month(arg: str) -> int | None:
    """'5', '5월', ' 12 ', '０５' → the month; anything else ('⁵', 5,000 digits, '13') → None."""
    text = arg.strip().removesuffix("월").strip().translate(_FULLWIDTH_DIGITS)
    if re.fullmatch(r"[0-9]{1,2}", text) and 1 <= int(text) <= 12:
        return int(text)
    return None
