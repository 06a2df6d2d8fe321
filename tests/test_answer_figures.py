"""Property: every number an answer prints is a figure of the knowledge base, or is computed
from the figures the answer lists in `facts` (a sum, a difference, a share) — never invented."""

from __future__ import annotations

import itertools
import re

import pytest

from bot.answer import Conversation
from bot.evaluate import turns
from bot.numbers import format_number, number_tokens, readable_money

_DATE = re.compile(r"\d{4}\.\d{1,2}\.(\d{1,2}\.)?( \d{1,2}시( \d{1,2}분)?)?|\d{4}년|\[[IV]+(-\d+)?\]")


def _tokens(text: str) -> set[str]:
    out = set()
    for t in number_tokens(text):
        out.add(t)
        out.add(t.lstrip("0") or "0")
    return out


@pytest.fixture(scope="module")
def known_numbers(engine) -> set[str]:
    kb = engine.kb
    texts = []
    for f in kb.facts:
        texts += [
            f.text,
            f.label,
            f.note or "",
            f.qualifier or "",
            f.unit,
            f.as_of or "",
            f.period or "",
            f.subject or "",
            f.metric,
        ]
        if f.value is not None:
            texts.append(format_number(f.value))
            texts.append(readable_money(f.value, f.unit) or "")
    for d in kb.details:
        texts += [d.text, d.aspect, d.subject]
    for s in kb.schedule:
        texts += [s.what, s.when]
    for s in kb.sections.values():
        texts += [s.id, s.title, s.short, s.purpose]
    for d in kb.discrepancies:  # the notes quote the report's figures and the computed ones
        texts += [d.what, d.stated, d.computed, d.difference]
    known = set()
    for t in texts:
        known |= _tokens(t)
    return known


def _computed(facts) -> set[str]:
    """Numbers an answer may derive from its own facts: sums, differences, shares, ranks."""
    values = [f.value for f in facts if f.value is not None]
    out = {str(i) for i in range(1, 11)}
    for v in values:
        for text in (format_number(v), readable_money(v, "백만원") or "", readable_money(v, "억원") or ""):
            out |= _tokens(text)
    if values:
        out |= _tokens(format_number(sum(values)))
        out |= _tokens(readable_money(sum(values), facts[0].unit or "") or "")
        out |= _tokens(str(len(values)))
    for a, b in itertools.permutations(values, 2):
        out |= _tokens(format_number(a - b)) | _tokens(format_number(a - b, 1))
        if b:
            out |= _tokens(format_number(a / b * 100, 1))
            out |= _tokens(format_number((a - b) / b * 100, 1))  # a percentage change
        unit = facts[0].unit or ""
        out |= _tokens(readable_money(a - b, unit) or "")
    total = sum(values)
    if total:
        for v in values:
            out |= _tokens(format_number(v / total * 100, 1))
    return out


def test_every_number_in_every_answer_is_a_known_or_computed_figure(engine, eval_questions, known_numbers):
    strays = []
    for item in eval_questions:
        conv = Conversation()
        for turn in turns(item):
            ans = engine.answer(str(turn["q"]), conv)
            text = _DATE.sub(" ", ans.full_text())
            allowed = known_numbers | _computed(ans.facts) | _tokens(str(turn["q"]))
            unknown = _tokens(text) - allowed
            if unknown:
                strays.append((turn["q"], sorted(unknown), ans.text[:120]))
    assert not strays, f"{len(strays)} answers print numbers from nowhere, e.g. {strays[:5]}"
