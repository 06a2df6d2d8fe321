"""`python -m bot bench`: speed and memory, printed as figures (nothing is asserted).

Measures the database build, engine load, answer latency over the evaluation questions, and —
when run from a checkout (tests/fake_telegram.py present) — Telegram round trips through the real
python-telegram-bot client against the fake Bot API server on 127.0.0.1. Every loop is bounded in
count and time, and all traffic stays on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bot import paths

if TYPE_CHECKING:
    from bot.engine import Engine


def _rss_mb() -> float:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _questions(path: Path) -> list[str]:
    from bot.evaluate import load_questions, turns

    return [str(t["q"]) for item in load_questions(path) for t in turns(item)]


def bench_engine(questions: list[str], repeat: int) -> Engine:
    from bot.answer import Conversation
    from bot.build import build_database
    from bot.engine import Engine

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "knowledge.db"
        builds = []
        for _ in range(3):
            start = time.perf_counter()
            build_database(paths.knowledge_dir(), db)
            builds.append(time.perf_counter() - start)
        print(f"build: {min(builds) * 1000:.0f} ms (best of 3), database {db.stat().st_size / 1024:.0f} KiB")
        start = time.perf_counter()
        engine = Engine.load(db, quiet=True)
        print(
            f"engine load: {(time.perf_counter() - start) * 1000:.0f} ms, "
            f"{len(engine.kb.facts)} facts, {len(engine.vocab.surfaces)} names"
        )
    latencies = []
    start_all = time.perf_counter()
    for _ in range(repeat):
        conv = Conversation()
        for q in questions:
            t = time.perf_counter()
            engine.answer(q, conv)
            latencies.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - start_all
    print(
        f"answers: {len(latencies)} in {total:.2f} s = {len(latencies) / total:.0f}/s on one core; "
        f"latency p50 {_percentile(latencies, 50):.1f} ms, p95 {_percentile(latencies, 95):.1f} ms, "
        f"max {max(latencies):.1f} ms"
    )
    long_q = "법률지원담당관 예산 " * 60
    t = time.perf_counter()
    engine.answer(long_q)
    print(f"a {len(long_q)}-character question: {(time.perf_counter() - t) * 1000:.1f} ms")
    print(f"memory: peak RSS {_rss_mb():.0f} MiB")
    return engine


def bench_charts(engine: Engine, rounds: int) -> None:
    """Drawing every chart of charts.yaml as PNG: the first (which imports matplotlib), then each."""
    from bot.charts import load_chartbook

    book = load_chartbook()
    start = time.perf_counter()
    from bot.chartdraw import render_png

    render_png(book.data(next(iter(book.topics)), engine.kb), book)
    first = (time.perf_counter() - start) * 1000
    times, sizes = [], []
    for _ in range(rounds):
        for topic in book.topics:
            t = time.perf_counter()
            sizes.append(len(render_png(book.data(topic, engine.kb), book)) / 1024)
            times.append((time.perf_counter() - t) * 1000)
    print(
        f"charts: first {first:.0f} ms (imports matplotlib); then {len(times)} drawings of {len(book.topics)} charts "
        f"p50 {_percentile(times, 50):.0f} ms, max {max(times):.0f} ms; PNG {min(sizes):.0f}–{max(sizes):.0f} KiB"
    )


async def _bench_telegram(questions: list[str], count: int, seconds: float) -> None:
    from bot.engine import Engine

    try:
        sys.path.insert(0, str(paths.home()))
        from tests.fake_telegram import FakeTelegram, reportbot
    except ImportError:
        print("telegram: skipped (tests/fake_telegram.py is not here; run from a checkout)")
        return
    engine = Engine.load(quiet=True)
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeTelegram() as tg:
            async with reportbot(tg, Path(tmp) / "state.db", engine=engine, rate_limit=False):
                rtts = []
                deadline = time.monotonic() + seconds
                start = time.perf_counter()
                sent = 0
                for i in range(count):
                    if time.monotonic() > deadline:
                        break
                    before = len(tg.calls_to("sendMessage"))
                    t = time.perf_counter()
                    tg.send_private(questions[i % len(questions)], user_id=5000 + i % 50)
                    await tg.wait_for("sendMessage", count=before + 1, timeout=10)
                    rtts.append((time.perf_counter() - t) * 1000)
                    sent += 1
                serial = time.perf_counter() - start
                burst = min(count, 200)
                before = len(tg.calls_to("sendMessage"))
                t = time.perf_counter()
                for i in range(burst):
                    tg.send_private(questions[i % len(questions)], user_id=7000 + i)
                await tg.wait_for("sendMessage", count=before + burst, timeout=max(10.0, seconds))
                burst_s = time.perf_counter() - t
    print(
        f"telegram (fake Bot API on 127.0.0.1, rate limiter off): {sent} sequential questions in "
        f"{serial:.2f} s, round trip p50 {_percentile(rtts, 50):.1f} ms, p95 {_percentile(rtts, 95):.1f} ms; "
        f"burst of {burst} from {burst} users answered in {burst_s:.2f} s = {burst / burst_s:.0f} answers/s"
    )
    print(f"memory after telegram: peak RSS {_rss_mb():.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot bench", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default=str(paths.home() / "tests" / "eval" / "questions.yaml"))
    parser.add_argument("--repeat", type=int, default=3, help="passes over the questions (default 3)")
    parser.add_argument("--charts", type=int, default=3, help="passes over the charts (0 = skip)")
    parser.add_argument("--telegram", type=int, default=300, help="Telegram questions to send (0 = skip)")
    parser.add_argument("--seconds", type=float, default=30.0, help="time bound for the Telegram part")
    args = parser.parse_args(argv)
    try:
        questions = _questions(Path(args.questions))
    except FileNotFoundError:
        questions = ["법률지원담당관 예산은?", "작년은?", "서울 확진자?", "2019년 승소율", "재결건수 추이"]
    engine = bench_engine(questions, max(1, args.repeat))
    if args.charts > 0:
        bench_charts(engine, args.charts)
    if args.telegram > 0:
        asyncio.run(_bench_telegram(questions, args.telegram, args.seconds))
    return 0
