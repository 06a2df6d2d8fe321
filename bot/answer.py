"""The data the question-answering core hands to every front end (CLI, Telegram, eval).

Front ends never look inside the engine: they render an `Answer` and keep a `Conversation`
between turns. Both are plain dataclasses so they serialise to JSON without custom code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

NOT_FOUND = "보고서에서 찾을 수 없습니다"


@dataclass(frozen=True)
class Source:
    """Where a fact stands in the report: section id, section title, source line numbers."""

    section: str
    title: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class FactRef:
    """One knowledge-base fact an answer used, with its provenance."""

    id: str
    label: str
    text: str | None  # the report's literal figure, or None for a text item
    value: float | None
    unit: str | None
    as_of: str | None
    section: str
    lines: tuple[int, ...]


@dataclass
class Answer:
    """What the engine says to one question.

    `answered` is False when the bot declines or asks back; `choices` then holds up to three
    interpretations (each a question the user can send as is).
    """

    question: str
    answered: bool
    text: str
    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.0
    sources: list[Source] = field(default_factory=list)
    facts: list[FactRef] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    table: str | None = None  # optional monospaced block (rendered in <pre> on Telegram)
    # The parts `text` is made of, so a front end can lay them out without reading the text:
    # text == "\n".join(lines + [computed] + notes + [source_line]) (None left out).
    lines: list[str] = field(default_factory=list)  # the answer itself: figures, texts, choices
    computed: str | None = None  # how a figure was computed ("계산: …")
    operation: str | None = None  # … by which operation of the engine ("ratio": the part over its base)
    notes: list[str] = field(default_factory=list)  # remarks such as the report's own discrepancies
    source_line: str | None = None  # where it stands in the report ("출처: [I] 일반현황")

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape of `python -m bot ask --json`."""
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.full_text(),
            "intent": self.intent,
            "confidence": round(self.confidence, 3),
            "sources": [{"section": s.section, "title": s.title, "lines": list(s.lines)} for s in self.sources],
            "facts": [asdict(f) | {"lines": list(f.lines)} for f in self.facts],
            "suggestions": list(self.suggestions),
            "choices": list(self.choices),
            "slots": dict(self.slots),
        }

    def __post_init__(self) -> None:
        if not (self.lines or self.computed or self.notes or self.source_line is not None):
            self.lines = self.text.split("\n") if self.text else []  # an answer of plain lines

    def parts_text(self) -> str:
        """The text rebuilt from its parts (equal to `text` for every answer the engine writes)."""
        parts = [*self.lines, *([self.computed] if self.computed else []), *self.notes]
        return "\n".join(parts + ([self.source_line] if self.source_line is not None else []))

    def full_text(self) -> str:
        """Answer text with its table block, as a terminal shows it."""
        return self.text if not self.table else f"{self.text}\n{self.table}"


@dataclass
class Conversation:
    """What a follow-up question may borrow from earlier turns (kept by the front end)."""

    slots: dict[str, Any] = field(default_factory=dict)
    last_answer: Answer | None = None
    turns: int = 0
    earlier_slots: dict[str, Any] = field(default_factory=dict)  # the turn's before: "각각" asks both
    period_alone: bool = False  # the last turn named only a period ("작년은?"): it holds for that turn
    operation: str | None = None  # the operation the last answer computed ("share"): "조직담당관은?" asks it again

    def reset(self) -> None:
        self.slots.clear()
        self.earlier_slots.clear()
        self.period_alone = False
        self.operation = None
        self.last_answer = None
        self.turns = 0
