"""The golden file: the full JSON (`Answer.to_json()`) of every answer over all evaluation turns
(tests/eval/*.yaml, each conversation in order) and of every fixed view, one JSON object a line.

    python tests/golden/make.py           # rewrite tests/golden/answers.jsonl
    python tests/golden/make.py --check   # exit 1 and name the first differences when it changed

A change to the engine that changes any answer shows here; an intended change is regenerated and
listed in the commit message.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent.parent
GOLDEN = Path(__file__).resolve().parent / "answers.jsonl"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def records(engine: Any) -> Iterator[dict[str, Any]]:
    """Every answer the golden file holds, in a fixed order."""
    from bot.answer import Conversation
    from bot.evaluate import load_questions, turns

    for path in sorted((REPO / "tests" / "eval").glob("*.yaml")):
        for i, item in enumerate(load_questions(path)):
            conv = Conversation()
            for n, turn in enumerate(turns(item)):
                ans = engine.answer(str(turn["q"]), conv)
                yield {"where": f"{path.name}:{item.get('id', i + 1)}:{n}", "answer": ans.to_json()}
    yield {"where": "view:topics", "topics": [list(t) for t in engine.topics()]}
    yield {"where": "view:topics_answer", "answer": engine.topics_answer().to_json()}
    yield {"where": "view:covid_status", "answer": engine.covid_status().to_json()}
    yield {"where": "view:budget_overview", "answer": engine.budget_overview().to_json()}
    yield {"where": "view:schedule", "answer": engine.schedule().to_json()}
    for month in range(1, 13):
        yield {"where": f"view:schedule:{month}", "answer": engine.schedule(month).to_json()}
    for sid, _ in engine.topics():
        summary = engine.section_summary(sid)
        yield {"where": f"view:section_summary:{sid}", "answer": summary.to_json()}
        yield {"where": f"view:source_passage:{sid}", "text": engine.source_passage(summary)}
    yield {"where": "view:section_summary:nonexistent", "answer": engine.section_summary("XX").to_json()}
    for q in ("", "   ", "안녕", "고마워", "무엇을 물어볼 수 있어?", "법률지원담당관 예산은?"):
        ans = engine.answer(q)
        yield {"where": f"single:{q!r}", "answer": ans.to_json()}
        yield {"where": f"source_passage:{q!r}", "text": engine.source_passage(ans)}


def lines(engine: Any) -> list[str]:
    return [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records(engine)]


def load_engine() -> Any:
    from bot.engine import Engine

    tmp = Path(tempfile.mkdtemp(prefix="golden-")) / "knowledge.db"
    return Engine.load(tmp, REPO / "knowledge", REPO / "intents.yaml", quiet=True)


def differences(expected: list[str], actual: list[str], limit: int = 10) -> list[str]:
    out = []
    if len(expected) != len(actual):
        out.append(f"{len(actual)} records, golden file has {len(expected)}")
    for e, a in zip(expected, actual):
        if e != a:
            ej, aj = json.loads(e), json.loads(a)
            out.append(f"{ej['where']}:\n  golden: {e}\n  now:    {a}" if ej["where"] == aj["where"] else a)
            if len(out) >= limit:
                break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the golden file instead of writing it")
    args = parser.parse_args(argv)
    actual = lines(load_engine())
    if args.check:
        expected = GOLDEN.read_text(encoding="utf-8").splitlines()
        diff = differences(expected, actual)
        for d in diff:
            print(d)
        print(f"golden: {len(actual)} records, {'differ' if diff else 'identical'}")
        return 1 if diff else 0
    GOLDEN.write_text("\n".join(actual) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN} ({len(actual)} records)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
