"""The evaluation floors in CI: the bot over the question sets, as `python -m bot eval` scores
them. A wrong figure is the worst failure; out-of-scope questions must all be declined.

questions.yaml is the main set; holdout.yaml was written separately by someone who had not seen
it or the engine (it has since been used to find failures, so it is no longer blind)."""

from __future__ import annotations

import pytest

from bot.evaluate import evaluate, load_questions
from tests.conftest import REPO

MIN_ACCURACY = 0.95
MAX_WRONG_FIGURES = 0
MAX_ANSWERED_OUT_OF_SCOPE = 0


def test_question_set_is_large_and_varied(eval_questions):
    turns = sum(len(i.get("conversation", [i])) for i in eval_questions)
    declines = [i for i in eval_questions if i.get("decline")]
    conversations = [i for i in eval_questions if "conversation" in i]
    assert turns >= 400 and len(declines) >= 40 and len(conversations) >= 20


@pytest.mark.parametrize("name", ["questions.yaml", "holdout.yaml"])
def test_eval_floors(engine, name):
    report = evaluate(engine, load_questions(REPO / "tests" / "eval" / name))
    failures = "\n".join(f"[{r.outcome}] {r.question} → {r.answer[:80]!r}" for r in report.failures()[:15])
    assert report.count("answered_out_of_scope") <= MAX_ANSWERED_OUT_OF_SCOPE, failures
    assert report.count("wrong_figure") <= MAX_WRONG_FIGURES, failures
    assert report.accuracy >= MIN_ACCURACY, failures
