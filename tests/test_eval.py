"""The evaluation floors in CI: the bot over the question sets, as `python -m bot eval` scores
them. A wrong figure is the worst failure; out-of-scope questions must all be declined.

questions.yaml is the main set; holdout.yaml, blind2.yaml and blind3.yaml were each written
separately by someone who had seen neither the other sets nor the engine (all have since been used
to find failures, so none is blind any more). Every set: no wrong figure, nothing out of scope
answered. A partial answer (some expected figures printed, not all) is no wrong figure, but it is
not correct either."""

from __future__ import annotations

import pytest

from bot.evaluate import evaluate, judge, load_questions
from tests.conftest import REPO

MIN_ACCURACY = 0.95
MAX_WRONG_FIGURES = 0
MAX_ANSWERED_OUT_OF_SCOPE = 0


def test_question_set_is_large_and_varied(eval_questions):
    turns = sum(len(i.get("conversation", [i])) for i in eval_questions)
    declines = [i for i in eval_questions if i.get("decline")]
    conversations = [i for i in eval_questions if "conversation" in i]
    assert turns >= 400 and len(declines) >= 40 and len(conversations) >= 20


@pytest.mark.parametrize(
    "name, min_accuracy",
    [("questions.yaml", MIN_ACCURACY), ("holdout.yaml", MIN_ACCURACY), ("blind2.yaml", 0.93), ("blind3.yaml", 0.93)],
)
def test_eval_floors(engine, name, min_accuracy):
    report = evaluate(engine, load_questions(REPO / "tests" / "eval" / name))
    failures = "\n".join(f"[{r.outcome}] {r.question} → {r.answer[:80]!r}" for r in report.failures()[:15])
    assert report.count("answered_out_of_scope") <= MAX_ANSWERED_OUT_OF_SCOPE, failures
    assert report.count("wrong_figure") <= MAX_WRONG_FIGURES, failures
    assert report.accuracy >= min_accuracy, failures


@pytest.mark.parametrize(
    "answer_text, outcome",
    [
        ("예산: 3,271억원 / 부담 비율: 100%", "correct"),
        ("예산: 3,271억원", "partial"),
        ("소송 소요예산: 5,257백만원", "wrong_figure"),
        ("보고서에 설명이 있습니다", "missing"),
    ],
)
def test_judge_tells_partial_from_wrong(answer_text, outcome):
    turn = {"q": "예산 규모와 부담 비율", "expect": ["3,271", "100%"]}
    assert judge(turn, {"answer": answer_text, "answered": True}) == outcome


def test_judge_reads_a_date_with_or_without_the_dot_that_closes_it():
    answer = {"answer": "서울시 기준 시점: 2020.4.17. 10시", "answered": True}
    assert judge({"q": "몇시 기준", "expect": ["4.17 10시"]}, answer) == "correct"
    assert judge({"q": "며칠", "expect": ["2020.4.17."]}, answer) == "correct"
    assert judge({"q": "몇시 기준", "expect": ["4.16 10시"]}, answer) == "wrong_figure"


class _Crashing:
    """An engine whose second question raises: the run scores it and goes on."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def answer(self, question, conversation):
        self.asked.append(question)
        if len(self.asked) == 2:
            raise IndexError("boom")
        from bot.answer import Answer

        return Answer(question=question, text="6,369백만원", answered=True)


def test_a_crash_is_scored_and_the_run_goes_on():
    items = [{"q": "법률지원담당관 예산 얼마", "expect": ["6,369"]}] * 3
    engine = _Crashing()
    report = evaluate(engine, items, spaces=False)  # type: ignore[arg-type]
    assert [r.outcome for r in report.results] == ["correct", "crash", "correct"]
    assert engine.asked[0] == "법률지원담당관예산얼마"
    assert any(line == "crashes: 1" for line in report.summary_lines())


# The fifth set and the fresh sets of 2026-11-29/30 (written from the report alone, run once, then
# used to find causes) are held where they stand now, so no change makes them worse; the goal
# remains 0 wrong figures and 0 out-of-scope answers, as for the sets above.
# name: (accuracy, wrong figures, out of scope)
FRESH_RATCHETS = {
    "blind4.yaml": (1.0, 0, 0),
    "fresh1.yaml": (0.96, 0, 1),
    "fresh2.yaml": (0.95, 1, 1),
    "fresh3.yaml": (0.97, 1, 0),
    "fresh4.yaml": (0.99, 0, 0),
    "fresh5.yaml": (0.98, 0, 0),
    "fresh6.yaml": (0.96, 0, 0),
    "fresh7.yaml": (0.96, 0, 0),
    "fresh8.yaml": (0.98, 0, 1),
    "fresh9.yaml": (0.98, 0, 0),
    "fresh10.yaml": (0.99, 0, 0),
    "fresh11.yaml": (0.96, 0, 1),
    "fresh12.yaml": (0.97, 0, 0),
    "fresh13.yaml": (0.97, 0, 1),
    "fresh14.yaml": (0.97, 1, 1),
    "fresh15.yaml": (0.98, 0, 0),
    "fresh16.yaml": (0.98, 0, 0),
    "fresh17.yaml": (0.95, 0, 1),
    "fresh18.yaml": (0.97, 0, 0),
    "fresh19.yaml": (0.96, 0, 0),
    "fresh20.yaml": (0.97, 0, 0),
    "fresh21.yaml": (0.98, 2, 0),
    "fresh22.yaml": (0.96, 3, 1),
    "fresh23.yaml": (0.97, 1, 1),  # first run (d46c877): 0.90, 3, 1
    "fresh24.yaml": (0.98, 1, 0),  # first run (3d51088): 0.94, 2, 1
    "fresh25.yaml": (0.98, 2, 0),  # first run (da87fb4, sealed until then): 0.96, 5, 1
    "fresh26.yaml": (0.98, 0, 0),  # first run (3c08a74): 0.94, 3, 1
    "fresh27.yaml": (0.97, 0, 0),  # its first run (6bccb53, sealed until the session's last engine change)
    "fresh28.yaml": (0.97, 0, 0),  # first run (ae98f8b): 0.95, 0, 0 (in scope 94.3 %)
    "fresh29.yaml": (0.97, 0, 0),  # first run (ae98f8b): 0.92, 4, 3
    "fresh30.yaml": (0.98, 0, 0),  # first run (99cdaf9): 0.94, 0, 2
    "fresh31.yaml": (0.98, 1, 0),  # first run (c22bc14, sealed until then): 0.96, 2, 2
    "fresh32.yaml": (0.98, 0, 0),  # first run (55898cf, sealed until then): 0.95, 4, 2
    "fresh33.yaml": (0.97, 0, 1),  # its first run (7787943, sealed until the session's last engine change)
    "fresh34.yaml": (0.97, 1, 0),  # first run (331202f, the engine the session of 2026-11-30 began with): 0.94, 5, 2
    "fresh35.yaml": (0.98, 0, 0),  # first run (0cab27c, sealed until then): 0.95, 1, 3
    "fresh36.yaml": (0.99, 0, 0),  # first run (0cab27c, sealed until then): 0.97, 1, 0
    "fresh37.yaml": (0.99, 0, 0),  # first run (c3de420, sealed until then): 0.97, 1, 1
    "fresh38.yaml": (0.98, 1, 0),  # its first run (3702b22, sealed until the session's last engine change)
    "fresh39.yaml": (0.97, 1, 0),  # first run (b61c1b1, the engine the session of 2026-11-30 began with): 0.95, 1, 2
    "fresh40.yaml": (0.98, 0, 1),  # first run (b61c1b1): 0.96, 3, 1
    "fresh41.yaml": (0.97, 0, 1),  # first run (12784a2, sealed until then): 0.96, 0, 2
    "fresh42.yaml": (0.98, 0, 2),  # first run (12784a2, written after it): 0.96, 1, 2
    "fresh43.yaml": (0.97, 1, 1),  # its first run (fcd68a4, sealed until the session's last engine change): 0.95, 3, 2
    "fresh44.yaml": (0.99, 0, 1),  # first run (7e2fb09, the session of 2026-11-30 evening's first change): 0.97, 1, 2
    "fresh45.yaml": (0.98, 0, 0),  # first run (e3c973c, sealed until then): 0.96, 2, 1
    "fresh46.yaml": (1.0, 0, 0),  # first run (1c5cfed, written mid-session): 0.98, 1, 0
    "fresh47.yaml": (0.98, 0, 0),  # first run (f23e294, sealed until then): 0.97, 0, 1 (in scope 98.0 %)
    "fresh48.yaml": (0.97, 0, 0),  # its first run (79c4590, sealed until the session's last engine change)
    "fresh49.yaml": (0.99, 0, 0),  # first run 97.0 %, 1 wrong, 0/49 (2778839, the session-start engine)
    "fresh50.yaml": (0.98, 1, 1),  # first run 95.3 %, 4 wrong, 1/48 (67b6d62, sealed until the last engine change)
    "fresh51.yaml": (0.98, 0, 0),  # first run 97.7 %, 2 wrong, 0/48 (67b6d62, sealed until the last engine change)
    "fresh52.yaml": (0.95, 0, 0),  # first run 90.4 %, 2 wrong, 4/48 (9aed3b3, the session-start engine; in scope)
    "fresh53.yaml": (0.97, 1, 2),  # first run 93.9 %, 1 wrong, 6/61 (ad3b7e0, sealed until the last engine change)
    "fresh54.yaml": (0.94, 1, 0),  # first run 92.4 %, 5 wrong, 1/44 (e497c4b, the session-start engine; in scope)
    "fresh55.yaml": (0.97, 0, 0),  # first run 94.7 %, 1 wrong, 1/56 (6cf6554, sealed until then; in scope)
    "fresh56.yaml": (0.96, 0, 3),  # first run 94.8 %, 2 wrong, 5/54 (6652af0, sealed until then; in scope)
    "fresh57.yaml": (0.97, 0, 1),  # first run 95.0 %, 1 wrong, 2/54 (2a2cadb, sealed until then; in scope)
    "fresh58.yaml": (0.97, 0, 0),  # first run 93.1 %, 2 wrong, 2/49 (edd9f40, the session-start engine; in scope)
    "fresh59.yaml": (0.95, 1, 0),  # first run 92.4 %, 2 wrong, 2/59 (1a0d1bc, sealed until then; in scope)
    "fresh60.yaml": (0.96, 0, 1),  # first run 92.0 %, 6 wrong, 4/48 (541b67a, the session-start engine; in scope)
    "fresh61.yaml": (0.94, 1, 1),  # first run 91.5 %, 4 wrong, 1/42 (bcada67, sealed until then; in scope)
    "fresh62.yaml": (0.98, 0, 1),  # first run 95.0 %, 1 wrong, 1/40 (05f85f1, the session-start engine; in scope)
    "fresh63.yaml": (0.95, 1, 2),  # first run 92.0 %, 2 wrong, 4/43 (812fb07, sealed until then; in scope)
    "fresh64.yaml": (0.97, 1, 1),  # first run 93.1 %, 5 wrong, 8/48 (442eb18, the session-start engine; in scope)
    "fresh65.yaml": (0.97, 0, 2),  # first run 97.9 %, 0 wrong, 3/42 (7fe3a48, sealed until then; in scope)
    "fresh66.yaml": (0.97, 0, 0),  # first run 92.9 %, 5 wrong, 3/42 (b2a9449, at session start; in scope)
    "fresh67.yaml": (0.95, 2, 2),  # first run 93.9 %, 4 wrong, 3/52 (bc6e17d, sealed until then; in scope)
    "fresh68.yaml": (0.97, 0, 2),  # first run 95.2 %, 4 wrong, 4/44 (c2bfbad, at session start; in scope)
    "fresh69.yaml": (0.95, 0, 4),  # first run 94.9 %, 2 wrong, 7/51 (9feb3ec, sealed until then; in scope)
    "fresh70.yaml": (0.95, 0, 1),  # first run 91.7 %, 6 wrong, 3/52 (809414f, at session start; in scope)
    "fresh71.yaml": (0.96, 0, 1),  # first run 93.6 %, 1 wrong, 5/42 (2e1e2f9, sealed until then; in scope)
    "fresh72.yaml": (0.97, 0, 0),  # first run 96.1 %, 0 wrong, 1/48 (93dc521, at session start; in scope)
    "fresh73.yaml": (0.98, 0, 1),  # first run 97.4 %, 0 wrong, 1/52 (dec6794, run after the first changes; in scope)
    "fresh74.yaml": (0.94, 0, 3),  # first run 94.3 %, 1 wrong, 6/45 (6a160fa, sealed until then; in scope)
    "fresh75.yaml": (0.98, 0, 0),  # first run 94.9 %, 3 wrong, 1/41 (b0f3850, at session start; in scope)
    "fresh76.yaml": (0.95, 1, 1),  # first run 94.9 %, 1 wrong, 2/43 (5035d84, sealed until then; in scope)
    "fresh77.yaml": (0.96, 1, 2),  # first run 93.8 %, 2 wrong, 5/40 (f382cbc, at session start; in scope)
    "fresh78.yaml": (0.96, 2, 2),  # first run 95.6 %, 3 wrong, 3/45 (a8d828f, sealed until then; in scope)
    "fresh79.yaml": (0.94, 1, 1),  # first run 92.9 %, 2 wrong, 2/47 (a947bbc, after the last engine change; in scope)
    "fresh80.yaml": (0.95, 1, 1),  # first run 92.2 %, 3 wrong, 2/46 (4b8e0cd, session start; used for causes)
    "fresh81.yaml": (0.94, 1, 1),  # first run 92.3 %, 1 wrong, 1/52 (90ab352, sealed until then; in scope)
    "fresh82.yaml": (0.96, 1, 1),  # first run 96.3 %, 1 wrong, 1/41 (f3ffd81, after the last engine change; in scope)
    "fresh83.yaml": (0.96, 2, 1),  # first run 94.3 %, 4 wrong, 1/55 (6913ba6); CF-274 keeps 조건부추진 (reviewed)
    "fresh84.yaml": (0.96, 1, 1),  # first run 95.2 %, 3 wrong, 1/42 (2bc31c2, sealed until the last engine change)
    "fresh85.yaml": (0.97, 0, 1),  # first run 96.5 %, 1 wrong, 2/46 (7dd0bfa: the final engine, run once)
    "fresh86.yaml": (0.96, 0, 1),  # first run 93.4 %, 1 wrong, 6/59 (ce900b9, session start); used for causes
    "fresh87.yaml": (0.96, 1, 4),  # first run 96.4 %, 2 wrong, 4/56 (46728d3, sealed until then, run once)
    "fresh88.yaml": (0.95, 2, 4),  # first run 95.6 %, 3 wrong, 4/63 (8bd4a9c, sealed until then, run once)
}


@pytest.mark.parametrize("name", sorted(FRESH_RATCHETS))
def test_fresh_sets_do_not_get_worse(engine, name):
    min_accuracy, max_wrong, max_out_of_scope = FRESH_RATCHETS[name]
    report = evaluate(engine, load_questions(REPO / "tests" / "eval" / name))
    assert report.count("crash") == 0
    assert report.count("wrong_figure") <= max_wrong
    assert report.count("answered_out_of_scope") <= max_out_of_scope
    assert report.accuracy >= min_accuracy
