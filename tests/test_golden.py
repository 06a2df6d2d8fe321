"""Every answer over the evaluation turns and every view is exactly the golden file's
(tests/golden/answers.jsonl; regenerate with `python tests/golden/make.py` and list why)."""

from __future__ import annotations

from tests.golden.make import GOLDEN, differences, lines


def test_answers_are_the_golden_files(engine):
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    diff = differences(expected, lines(engine))
    assert not diff, "\n".join(diff)
