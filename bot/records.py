"""The kinds of knowledge the bot holds, as plain immutable records.

Loaded from knowledge/ by `knowledge_files`, stored in SQLite by `build`, read back by `store`:
every layer speaks these types, so the engine never sees YAML, CSV or SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    short: str
    purpose: str
    lines: tuple[int, int]
    keywords: tuple[str, ...] = ()
    summary_facts: tuple[str, ...] = ()  # ids of the figures a summary shows first


@dataclass(frozen=True)
class Fact:
    """One figure of the report: who/what, what is measured, for when, as printed."""

    id: str
    section: str
    label: str
    subject: str | None
    metric: str
    text: str
    value: float | None
    unit: str
    lines: tuple[int, ...]
    qualifier: str | None = None
    period: str | None = None
    as_of: str | None = None
    note: str | None = None
    source_table: str | None = None
    subject_required: bool = False  # a table row's subject: only answer when it is named


@dataclass(frozen=True)
class Detail:
    """A text item: a department's function, a programme's rule, a named committee."""

    id: str
    section: str
    subject: str
    aspect: str
    text: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class ScheduleItem:
    id: str
    section: str
    what: str
    when: str
    start: str
    end: str
    kind: str  # "plan" or "event"
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Table:
    """A report table as transcribed: its spec from the section file and its CSV rows."""

    name: str
    section: str
    file: str
    spec: dict
    rows: tuple[dict, ...]


@dataclass(frozen=True)
class Discrepancy:
    check: str
    what: str
    stated: str
    computed: str
    difference: str
    facts: tuple[str, ...] = ()


@dataclass
class Knowledge:
    sections: dict[str, Section] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    details: list[Detail] = field(default_factory=list)
    schedule: list[ScheduleItem] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # canonical name → other names
    words: dict[str, list[str]] = field(default_factory=dict)  # a word inside names → its synonyms
    discrepancies: list[Discrepancy] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)  # report.txt, index 0 = line 1

    def section_of_line(self, line: int) -> Section | None:
        best = None
        for s in self.sections.values():
            if s.lines[0] <= line <= s.lines[1]:
                if best is None or (s.lines[1] - s.lines[0]) < (best.lines[1] - best.lines[0]):
                    best = s
        return best
