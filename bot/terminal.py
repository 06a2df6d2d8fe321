"""The interactive terminal front end (`python -m bot chat`): readline editing, /help, /reset,
/quit. It keeps one Conversation and prints what the engine answers."""

from __future__ import annotations

import sys

from bot.answer import Conversation

HELP = """명령: /help 도움말 · /topics 주제 목록 · /covid 코로나19 현황 · /budget 예산 총괄표
      /schedule [월] 일정 · /source 마지막 답의 원문 · /reset 대화 초기화 · /quit 종료
질문 예: 법률지원담당관 예산은? → 작년은? → 정원은?"""


def run_chat(engine, stdin=None, stdout=None) -> int:
    """Read questions until EOF or /quit; returns the exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass
    conv = Conversation()
    print("reportbot — 기획조정실 현안업무보고(2020.4.) 질의응답. /help 도움말, /quit 종료", file=stdout)
    while True:
        try:
            line = input("질문> ") if interactive else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            print(file=stdout)
            return 0
        if not interactive and line == "":
            return 0
        line = line.strip()
        if not line:
            continue
        reply = handle_line(engine, conv, line)
        if reply is None:
            return 0
        print(reply + "\n", file=stdout, flush=True)


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
                return "월을 1~12 숫자로 입력해 주세요. 예: /schedule 5"
            return engine.schedule(month).full_text()
        if command == "source":
            if conv.last_answer is None:
                return "아직 답한 질문이 없습니다."
            return engine.source_passage(conv.last_answer)
        return f"알 수 없는 명령입니다: /{command}\n{HELP}"
    return engine.answer(line, conv).full_text()


def parse_month(arg: str) -> int | None:
    """'5', '5월', ' 12 ' → the month; anything else → None."""
    text = arg.strip().removesuffix("월").strip()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return None
