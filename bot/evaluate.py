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

import yaml

from bot.answer import Conversation
from bot.engine import Engine


@dataclass
class TurnResult:
    item_id: str
    question: str
    outcome: str  # correct | partial | wrong_figure | missing | declined_answerable | answered_out_of_scope
    expected: list[str]
    answer: str


@dataclass
class Report:
    results: list[TurnResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(r.outcome == outcome for r in self.results)

    @property
    def accuracy(self) -> float:
        return self.count("correct") / len(self.results) if self.results else 0.0

    def failures(self) -> list[TurnResult]:
        return [r for r in self.results if r.outcome != "correct"]

    def summary_lines(self) -> list[str]:
        n = len(self.results)
        return [
            f"questions: {n}",
            f"correct: {self.count('correct')} ({self.accuracy:.1%})",
            f"wrong figures: {self.count('wrong_figure')}",
            f"partial (some of the expected figures, not all): {self.count('partial')}",
            f"answered without the expected text (no figure): {self.count('missing')}",
            f"declined but answerable: {self.count('declined_answerable')}",
            f"answered but out of scope: {self.count('answered_out_of_scope')}",
        ]


def load_questions(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of questions")
    return data


def turns(item: dict) -> Iterator[dict]:
    if "conversation" in item:
        yield from item["conversation"]
    else:
        yield item


_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d")


def judge(turn: dict, answer: dict[str, Any]) -> str:
    """The outcome of one turn, from the JSON answer."""
    text = _SPACE.sub("", answer["answer"])
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


def evaluate(engine: Engine, items: list[dict]) -> Report:
    report = Report()
    for i, item in enumerate(items):
        conv = Conversation()
        for turn in turns(item):
            ans = engine.answer(str(turn["q"]), conv).to_json()
            report.results.append(
                TurnResult(
                    item_id=str(item.get("id", i + 1)),
                    question=str(turn["q"]),
                    outcome=judge(turn, ans),
                    expected=[str(e) for e in turn.get("expect") or []],
                    answer=ans["answer"],
                )
            )
    return report
