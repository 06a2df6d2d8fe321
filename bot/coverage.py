"""How much of the report the knowledge base holds: every number written in the report text,
and whether a record that cites that line holds it too.

A number on line L counts as held when some fact, table row, detail, schedule item or section
heading citing line L contains the same digits (commas ignored; dates match in either form,
"2020-03-31" holds ’20.3.31.). Numbers deliberately left out are listed with a reason in
knowledge/coverage_exclusions.yaml.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge_files import KnowledgeError, read_yaml
from bot.numbers import number_tokens
from bot.records import Knowledge


@dataclass(frozen=True)
class NumberUse:
    line: int
    token: str
    status: str  # "held", "excluded" or "missing"
    reason: str = ""


def _variants(token: str) -> set[str]:
    """A number and its other spellings: 03 ↔ 3, 2020 ↔ 20."""
    out = {token, token.lstrip("0") or "0"}
    if len(token) == 4 and token.startswith(("19", "20")):
        out.add(token[2:])
    return out


def _held_by_line(kb: Knowledge) -> dict[int, set[str]]:
    held: dict[int, set[str]] = defaultdict(set)

    def add(lines, *texts):
        tokens: set[str] = set()
        for t in texts:
            for tok in number_tokens(str(t or "")):
                tokens |= _variants(tok)
        for line in lines:
            held[line] |= tokens

    for f in kb.facts:
        add(f.lines, f.text, f.label, f.note, f.qualifier, f.period, f.as_of, f.subject, f.metric)
    for d in kb.details:
        add(_span(d.lines), d.text, d.aspect, d.subject)
    for s in kb.schedule:
        add(_span(s.lines), s.what, s.when, s.start, s.end)
    for s in kb.sections.values():
        add([s.lines[0]], s.id, s.title, s.short)
        add(range(s.lines[0], s.lines[1] + 1), s.purpose)
    for t in kb.tables.values():
        span = _span(t.spec.get("lines") or ())
        headers = [t.spec.get("as_of")] + [
            v for m in (t.spec.get("columns") or {}).values() for k, v in (m or {}).items() if k in ("period", "as_of")
        ]
        add(span, *headers)
        for row in t.rows:
            cells = [v for k, v in row.items() if k != "line"]
            add([int(row["line"]), *span], *cells)
    return held


def _span(lines) -> list[int]:
    """A text item's lines run from its first to its last line."""
    return list(range(min(lines), max(lines) + 1)) if lines else []


def load_exclusions(path: Path) -> list[dict]:
    if not path.exists():
        return []
    data = read_yaml(path) or []
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise KnowledgeError(f"{path}: expected a list of exclusions (- lines: [...], reason: ...)")
    return data


def _excluded(line: int, token: str, exclusions: list[dict]) -> str | None:
    for e in exclusions:
        lines = e.get("lines") or [e.get("line")]
        lo, hi = (lines[0], lines[-1])
        if lo <= line <= hi and (not e.get("numbers") or token in {str(n) for n in e["numbers"]}):
            return str(e.get("reason") or "")
    return None


def coverage(kb: Knowledge, exclusions: list[dict]) -> list[NumberUse]:
    """Every number occurrence of the report, with whether it is held, excluded or missing."""
    held = _held_by_line(kb)
    out = []
    for i, text in enumerate(kb.source_lines, start=1):
        for tok in number_tokens(text):
            if not tok:
                continue
            here = held.get(i, set())
            if _variants(tok) & here or ("." in tok and all(_variants(p) & here for p in tok.split("."))):
                out.append(NumberUse(i, tok, "held"))
            elif (reason := _excluded(i, tok, exclusions)) is not None:
                out.append(NumberUse(i, tok, "excluded", reason))
            else:
                out.append(NumberUse(i, tok, "missing"))
    return out


def summary(uses: list[NumberUse]) -> tuple[int, int]:
    """(held, total) where total leaves out the listed exclusions."""
    counted = [u for u in uses if u.status != "excluded"]
    return sum(u.status == "held" for u in counted), len(counted)
