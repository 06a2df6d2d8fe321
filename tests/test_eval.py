"""The evaluation floor in CI: the bot over tests/eval/questions.yaml, as `python -m bot eval`
scores it. A wrong figure is the worst failure; out-of-scope questions must all be declined."""

from __future__ import annotations

from bot.evaluate import evaluate

MIN_ACCURACY = 0.95
MAX_WRONG_FIGURES = 0
MAX_ANSWERED_OUT_OF_SCOPE = 0


def test_question_set_is_large_and_varied(eval_questions):
    turns = sum(len(i.get("conversation", [i])) for i in eval_questions)
    declines = [i for i in eval_questions if i.get("decline")]
    conversations = [i for i in eval_questions if "conversation" in i]
    assert turns >= 400 and len(declines) >= 40 and len(conversations) >= 20


def test_eval_floors(engine, eval_questions):
    report = evaluate(engine, eval_questions)
    failures = "\n".join(f"[{r.outcome}] {r.question} → {r.answer[:80]!r}" for r in report.failures()[:15])
    assert report.count("answered_out_of_scope") <= MAX_ANSWERED_OUT_OF_SCOPE, failures
    assert report.count("wrong_figure") <= MAX_WRONG_FIGURES, failures
    assert report.accuracy >= MIN_ACCURACY, failures
