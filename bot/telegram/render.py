"""Turn answers into Telegram HTML messages: escape, lay out, split under the length limit.

Every string that comes from a user or from the knowledge base goes through `esc`. Messages are
built from parts (plain text, text wrapped in one tag, preformatted blocks); splitting happens at
line boundaries between balanced fragments, so a tag is never cut in half. A single line longer
than the limit is cut inside its text and each piece gets its own tags.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.answer import Answer, Source

MAX_MESSAGE = 4096  # Telegram's limit for one message text (in UTF-16 units after parsing)
MAX_INLINE_TITLE = 100
MAX_INLINE_DESCRIPTION = 200
SOURCE_PREFIX = "출처:"  # a line of the engine's text naming where the answer comes from


def esc(text: object) -> str:
    """HTML-escape text for Telegram's HTML parse mode (<, >, &)."""
    return html.escape(str(text), quote=False)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Part:
    """A piece of a message. kind: 'text' (escaped, optionally wrapped in `tag`), 'pre', 'html'."""

    kind: str
    content: str
    tag: str | None = None


def text(content: str, tag: str | None = None) -> Part:
    return Part("text", content, tag)


def pre(content: str) -> Part:
    return Part("pre", content)


def raw_html(fragment: str) -> Part:
    """Trusted, already escaped, single-line HTML produced by this package."""
    return Part("html", fragment)


def _hard_split(line: str, budget: int) -> list[str]:
    """Cut a raw line into pieces whose escaped form fits `budget` UTF-16 units."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        width = utf16_len(esc(ch))
        if current and size + width > budget:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    if current or not pieces:
        pieces.append("".join(current))
    return pieces


def _units(parts: Iterable[Part], limit: int) -> list[str]:
    """Balanced HTML fragments, each at most `limit` long, to be joined with newlines."""
    units: list[str] = []
    for part in parts:
        if part.kind == "html":
            units.append(part.content)
        elif part.kind == "text":
            open_, close = (f"<{part.tag}>", f"</{part.tag}>") if part.tag else ("", "")
            budget = max(1, limit - len(open_) - len(close))
            for line in part.content.split("\n"):
                for piece in _hard_split(line, budget) if utf16_len(esc(line)) > budget else [line]:
                    units.append(f"{open_}{esc(piece)}{close}" if piece else "")
        elif part.kind == "pre":
            budget = max(1, limit - len("<pre></pre>"))
            lines: list[str] = []
            for line in part.content.split("\n"):
                lines.extend(_hard_split(line, budget) if utf16_len(esc(line)) > budget else [line])
            block: list[str] = []
            size = 0
            for line in lines:
                width = utf16_len(esc(line)) + (1 if block else 0)
                if block and size + width > budget:
                    units.append("<pre>" + "\n".join(esc(x) for x in block) + "</pre>")
                    block, size = [], 0
                    width -= 1
                block.append(line)
                size += width
            if block:
                units.append("<pre>" + "\n".join(esc(x) for x in block) + "</pre>")
        else:  # pragma: no cover - programming error
            raise ValueError(f"unknown part kind {part.kind!r}")
    return units


def split_html(parts: Sequence[Part], limit: int = MAX_MESSAGE) -> list[str]:
    """Lay out `parts` as one or more HTML messages, each at most `limit` UTF-16 units."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for unit in _units(parts, limit):
        width = utf16_len(unit) + (1 if current else 0)
        if current and size + width > limit:
            chunks.append("\n".join(current))
            current, size = [], 0
            width = utf16_len(unit)
        current.append(unit)
        size += width
    if current:
        chunks.append("\n".join(current))
    chunks = [c.strip("\n") for c in chunks]
    return [c for c in chunks if c.strip()] or ["…"]


def source_label(source: Source) -> str:
    lines = ""
    if source.lines:
        lo, hi = min(source.lines), max(source.lines)
        lines = f" ({lo}행)" if lo == hi else f" ({lo}–{hi}행)"
    return f"{source.section} {source.title}".strip() + lines


def sources_line(sources: Sequence[Source], limit: int = 3) -> str | None:
    seen: list[str] = []
    for src in sources:
        label = source_label(src)
        if label not in seen:
            seen.append(label)
    if not seen:
        return None
    more = f" 외 {len(seen) - limit}곳" if len(seen) > limit else ""
    return f"{SOURCE_PREFIX} " + "; ".join(seen[:limit]) + more


def answer_parts(answer: Answer, note: str | None = None) -> list[Part]:
    """Note (italic), the engine's text (its own "출처:" lines in italic), the table as <pre>,
    and a source line built from answer.sources when the text does not carry one."""
    parts: list[Part] = []
    if note:
        parts.append(text(note, "i"))
    if answer.source_line is not None or answer.computed or answer.notes:  # the engine's structure
        parts += [text(line) for line in answer.lines]
        parts += [text(line, "i") for line in [answer.computed, *answer.notes] if line]
        has_source = bool(answer.source_line)
    else:  # an answer given as text alone (its "출처:" lines in italic)
        body = answer.text.strip("\n") or "…"
        parts += [text(line, "i" if line.lstrip().startswith(SOURCE_PREFIX) else None) for line in body.split("\n")]
        has_source = SOURCE_PREFIX in body
    if answer.table and answer.table.strip():
        parts.append(pre(answer.table.rstrip("\n")))
    src = answer.source_line or (sources_line(answer.sources) if answer.answered and not has_source else None)
    if src:
        parts.append(text(src, "i"))
    return parts


def render_answer(answer: Answer, note: str | None = None, limit: int = MAX_MESSAGE) -> list[str]:
    """The answer as one or more HTML messages (keyboard goes on the last one)."""
    return split_html(answer_parts(answer, note), limit)


def render_passage(answer: Answer, passage: str, limit: int = MAX_MESSAGE) -> list[str]:
    """The report lines behind an answer, under a header naming the sections."""
    header = sources_line(answer.sources) or "출처"
    body = passage.strip("\n") or "(원문 줄 정보가 없습니다)"
    return split_html([text("보고서 원문 — " + header.removeprefix(f"{SOURCE_PREFIX} "), "b"), pre(body)], limit)


def first_line(value: str, limit: int = MAX_INLINE_TITLE) -> str:
    for line in value.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return "…"


def inline_description(answer: Answer) -> str | None:
    if not answer.sources:
        return None
    src = answer.sources[0]
    label = f"{src.section} {src.title}".strip()
    return label[:MAX_INLINE_DESCRIPTION] or None


def render_lines(lines: Iterable[str], tag: str | None = None, limit: int = MAX_MESSAGE) -> list[str]:
    """Plain (escaped) lines as messages."""
    return split_html([text("\n".join(lines), tag)], limit)
