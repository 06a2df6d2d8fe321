"""Scoring the bot against a question set (tests/eval/questions.yaml).

Each item states the strings its answer must contain (`expect`) or that it must be declined
(`decline: true`); a `conversation` is a list of such turns sharing context. The answers are
taken from the JSON shape of `ask --json`, the stable interface other tools use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.answer import Conversation
from bot.engine import Engine
from bot.knowledge_files import KnowledgeError, item_lines, parse_yaml, read_text


@dataclass
class TurnResult:
    item_id: str
    question: str
    outcome: str  # correct | partial | wrong_figure | missing | declined_answerable | answered_out_of_scope | crash
    expected: list[str]
    answer: str
    decline: bool = False


@dataclass
class Report:
    results: list[TurnResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(r.outcome == outcome for r in self.results)

    @property
    def accuracy(self) -> float:
        return self.count("correct") / len(self.results) if self.results else 0.0

    @property
    def in_scope(self) -> list[TurnResult]:
        return [r for r in self.results if not r.decline]

    @property
    def in_scope_accuracy(self) -> float:
        scoped = self.in_scope
        return sum(r.outcome == "correct" for r in scoped) / len(scoped) if scoped else 0.0

    def failures(self) -> list[TurnResult]:
        return [r for r in self.results if r.outcome != "correct"]

    def summary_lines(self) -> list[str]:
        n = len(self.results)
        out_of_scope = n - len(self.in_scope)
        declined = sum(r.decline and r.outcome == "correct" for r in self.results)
        return [
            f"questions: {n}",
            f"correct: {self.count('correct')} ({self.accuracy:.1%})",
            f"in scope correct: {self.in_scope_accuracy:.1%} of {len(self.in_scope)}",
            f"out of scope declined: {declined}/{out_of_scope}",
            f"crashes: {self.count('crash')}",
            f"wrong figures: {self.count('wrong_figure')}",
            f"partial (some of the expected figures, not all): {self.count('partial')}",
            f"answered without the expected text (no figure): {self.count('missing')}",
            f"declined but answerable: {self.count('declined_answerable')}",
            f"answered but out of scope: {self.count('answered_out_of_scope')}",
        ]


def load_questions(path: Path) -> list[dict]:
    """The question set; a missing or malformed file is a one-line KnowledgeError naming the file
    and the line."""
    text = read_text(path)
    data = parse_yaml(text, path) or []
    if not isinstance(data, list):
        raise KnowledgeError(f"{path}: line 1: expected a list of questions (- q: …)")
    if not data:
        raise KnowledgeError(f"{path}: line 1: no questions (expected a list: - q: …)")
    lines = item_lines(text)
    for i, item in enumerate(data):
        line = lines[i] if isinstance(lines, list) and i < len(lines) else "?"
        if not isinstance(item, dict):
            raise KnowledgeError(f"{path}: line {line}: item {i + 1} must be a mapping with `q` or `conversation`")
        if "conversation" in item and not isinstance(item["conversation"], list):
            raise KnowledgeError(f"{path}: line {line}: item {i + 1}: `conversation` must be a list of turns")
        for turn in turns(item):
            if not isinstance(turn, dict) or turn.get("q") is None:
                raise KnowledgeError(f"{path}: line {line}: item {i + 1} has a turn without `q`")
            if not isinstance(turn.get("expect") or [], list):
                raise KnowledgeError(f"{path}: line {line}: item {i + 1}: `expect` must be a list")
    return data


def turns(item: dict) -> Iterator[dict]:
    if "conversation" in item:
        yield from item["conversation"]
    else:
        yield item


_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d")


_DATE_DOT = re.compile(r"(\d)\.(?=\s)")  # "2020.4.17. 10시": the report's dot closing a date


def judge(turn: dict, answer: dict[str, Any]) -> str:
    """The outcome of one turn, from the JSON answer. An expected string is found in the answer as
    written, or with the dot that closes a date dropped ("4.17 10시" in "2020.4.17. 10시")."""
    text = _SPACE.sub("", answer["answer"]) + "\n" + _SPACE.sub("", _DATE_DOT.sub(r"\1", answer["answer"]))
    declined = not answer["answered"] and not answer.get("choices")
    if turn.get("decline"):
        return "correct" if declined else "answered_out_of_scope"
    expected = [str(e) for e in turn.get("expect") or []]
    if not answer["answered"]:
        return "declined_answerable"
    if all(_SPACE.sub("", e) in text for e in expected):
        return "correct"
    gave_figure = any(_NUMBER.search(e) for e in expected) and bool(_NUMBER.search(text))
    if gave_figure and any(_NUMBER.search(e) and _SPACE.sub("", e) in text for e in expected):
        return "partial"  # "예산 규모와 부담 구조": the 예산 printed, the 부담 비율 not
    return "wrong_figure" if gave_figure else "missing"


def without_spaces(question: str) -> str:
    """The question as typed by someone who never presses the space bar."""
    return _SPACE.sub("", question)


def evaluate(engine: Engine, items: list[dict], *, spaces: bool = True) -> Report:
    """Every turn of every item, conversations in order; `spaces=False` asks each question
    with its spaces removed. An exception on one turn is scored as a crash, and the rest go on."""
    report = Report()
    for i, item in enumerate(items):
        conv = Conversation()
        for turn in turns(item):
            question = str(turn["q"]) if spaces else without_spaces(str(turn["q"]))
            try:
                ans = engine.answer(question, conv).to_json()
                outcome, text = judge(turn, ans), ans["answer"]
            except Exception as e:  # scored, never fatal: one failing question ends no run
                outcome, text = "crash", f"{type(e).__name__}: {e}"
            report.results.append(
                TurnResult(
                    item_id=str(item.get("id", i + 1)),
                    question=question,
                    outcome=outcome,
                    expected=[str(e) for e in turn.get("expect") or []],
                    answer=text,
                    decline=bool(turn.get("decline")),
                )
            )
    return report
