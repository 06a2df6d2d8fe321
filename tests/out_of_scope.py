"""Questions the report cannot answer, generated from the knowledge base and tests/data/outside.yaml:
a department with a metric it lacks, other Seoul offices, details of the affiliated bodies the
report does not give, countries and districts with no COVID figure, and periods outside the
report's — each with and without spaces. None of them may be answered with a figure.

`python -m tests.out_of_scope` prints every one answered with a figure and the counts by kind.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import yaml

from bot.answer import Conversation
from bot.engine import Engine

DATA = Path(__file__).parent / "data" / "outside.yaml"


def generate(engine: Engine) -> Iterator[tuple[str, str]]:
    """(kind, question) pairs, each asked once with spaces and once without."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    kb = engine.kb
    yield from _with_spaces_and_without(_questions(data, kb))


def _questions(data: dict, kb) -> Iterator[tuple[str, str]]:
    functions: dict[str, str] = {}
    for d in kb.details:
        functions[d.subject] = functions.get(d.subject, "") + " " + d.text
    departments = sorted({f.subject for f in kb.facts if f.subject and f.subject.endswith("담당관")})
    held = {(f.subject, re.sub(r"\s", "", name)) for f in kb.facts for name in (f.metric, f"{f.qualifier} {f.metric}")}
    for dept in departments:
        for metric, topic in data["department_metrics"].items():
            if topic in functions.get(dept, "") or (dept, re.sub(r"\s", "", metric)) in held:
                continue  # the department handles it: not out of scope
            yield "department × metric it lacks", f"{dept} {metric} 알려줘"
    for office in data["offices"]:
        for metric in data["office_metrics"]:
            yield "another Seoul office", f"{office} {metric}은?"
    for body, metrics in data["affiliates"].items():
        for metric in metrics:
            yield "affiliate detail", f"{body} {metric} 몇이야"
    for place in data["countries"] + data["districts"]:
        for metric in data["covid_metrics"]:
            yield "country or district", f"{place} {metric} 몇 명?"
    for period in data["covid_periods"]:
        for region in data["covid_regions"]:
            yield "COVID period", f"{period} {region} 확진자 수"
    for year in data["budget_years"]:
        for subject in data["budget_subjects"]:
            yield "budget year", f"{year} {subject} 예산"


def _with_spaces_and_without(pairs: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    for kind, q in pairs:
        yield kind, q
        yield kind + " (no spaces)", re.sub(r"\s", "", q)


def answered_with_figure(engine: Engine, question: str) -> bool:
    ans = engine.answer(question, Conversation())
    return ans.answered and bool(ans.facts)


def main() -> int:
    engine = Engine.load(quiet=True)
    total: Counter[str] = Counter()
    bad: Counter[str] = Counter()
    for kind, q in generate(engine):
        total[kind] += 1
        if answered_with_figure(engine, q):
            bad[kind] += 1
            text = engine.answer(q, Conversation()).text.splitlines()[0]
            print(f"[{kind}] {q} → {text}")
    for kind in total:
        print(f"{kind}: {bad[kind]}/{total[kind]} answered with a figure")
    print(f"all: {sum(bad.values())}/{sum(total.values())}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
