"""`python -m bot …` / `reportbot …`: the command line. Parses arguments, calls the library,
prints. No question answering happens here."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot import paths


def _db_path(text: str) -> str:
    """A --db value: a path, not an empty string (which would silently mean the default)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path (leave --db out for the default)")
    return text


def _engine(args: argparse.Namespace):
    from bot.engine import Engine

    return Engine.load(Path(args.db) if getattr(args, "db", None) else None)


def _live_engine(args: argparse.Namespace):
    """ask and chat: the report plus the COVID snapshots of the state database, when it exists
    (the COVID modules, with the state store and YAML, are imported only then)."""
    from bot.envfile import default_state_db, merged_environment

    if default_state_db(merged_environment()).is_file():
        from bot.covid_overlay import load_if_state

        live = load_if_state(Path(args.db) if getattr(args, "db", None) else None)
        if live is not None:
            return live
    return _engine(args)


def cmd_build(args: argparse.Namespace) -> int:
    from bot.build import build_database

    db = Path(args.db) if args.db else paths.knowledge_db()
    start = time.perf_counter()
    kb = build_database(paths.knowledge_dir(), db)
    ms = (time.perf_counter() - start) * 1000
    # loading the engine makes the parsed copies of the YAML (bot/yamlcopy.py) and of what it builds
    # at load (bot/engine/prebuilt.py); then the analyzer's dictionary of the report's names
    from bot.engine import Engine

    names = Engine.load(db, quiet=True).res.vocab.analyzer.user_dictionary()
    print(
        f"built {db}: {len(kb.sections)} sections, {len(kb.facts)} facts, {len(kb.details)} details, "
        f"{len(kb.schedule)} schedule items, {len(kb.tables)} tables, "
        f"{len(kb.discrepancies)} listed discrepancies, totals reconciled ({ms:.0f} ms); "
        f"the analyzer's dictionary of the report's names: {names or 'none (see the warning)'}"
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from bot.knowledge_files import load_knowledge
    from bot.reconcile import load_checks, reconcile

    root = paths.knowledge_dir()
    kb = load_knowledge(root)
    problems, count = reconcile(kb, load_checks(root / "checks.yaml"))
    for p in problems:
        print(p)
    print(
        f"reconciliation: {count} comparisons, {len(kb.discrepancies)} listed discrepancies, {len(problems)} problems"
    )
    return 1 if problems else 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from bot.coverage import coverage, load_exclusions, summary
    from bot.knowledge_files import load_knowledge

    root = paths.knowledge_dir()
    kb = load_knowledge(root)
    uses = coverage(kb, load_exclusions(root / "coverage_exclusions.yaml"))
    for u in uses:
        if args.missing and u.status != "missing":
            continue
        status = {"held": "held", "excluded": f"excluded ({u.reason})", "missing": "MISSING"}[u.status]
        print(f"{u.line:>5}  {u.token:<12} {status}")
    held, total = summary(uses)
    excluded = sum(u.status == "excluded" for u in uses)
    print(f"excluded {excluded} (see knowledge/coverage_exclusions.yaml)")
    print(f"coverage {held}/{total}")
    return 0 if total and held / total >= args.min else 1


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.answer import Conversation
    from bot.terminal import answer_lines, answer_text, clean_input, stdin_lines, utf8_writer

    engine = _live_engine(args)
    write = utf8_writer(sys.stdout, as_json=args.json)
    if args.question == ["-"]:
        answer_lines(engine, stdin_lines(sys.stdin), write, as_json=args.json)
    else:
        write(answer_text(engine, clean_input(" ".join(args.question)), Conversation(), as_json=args.json))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.terminal import run_chat

    engine = _live_engine(args)
    engine.warm()  # a chat is long: its first question should not pay for what the engine builds lazily
    return run_chat(engine)


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluate import evaluate, load_questions

    questions = load_questions(Path(args.file))  # a bad file is reported before the database is opened
    report = evaluate(_engine(args), questions, spaces=not args.no_spaces)
    if args.show:
        for r in report.failures():
            print(f"[{r.outcome}] {r.item_id}: {r.question}  expected {r.expected}")
            print("    " + r.answer.replace("\n", "\n    "))
    for line in report.summary_lines():
        print(line)
    ok = (
        report.accuracy >= args.min_accuracy
        and report.count("wrong_figure") <= args.max_wrong
        and report.count("answered_out_of_scope") <= args.max_out_of_scope
        and report.count("crash") == 0
    )
    if not ok:
        print(
            f"FAILED floors: accuracy ≥ {args.min_accuracy:.0%}, wrong figures ≤ {args.max_wrong}, "
            f"answered out of scope ≤ {args.max_out_of_scope}, crashes 0"
        )
    return 0 if ok else 1


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _is_png(path: Path) -> bool:
    """A file a chart may replace: a PNG image (an earlier chart), nothing else."""
    try:
        with path.open("rb") as f:
            return f.read(len(PNG_MAGIC)) == PNG_MAGIC
    except OSError:
        return False


def cmd_chart(args: argparse.Namespace) -> int:
    from bot.charts import ChartError, load_chartbook

    try:
        book = load_chartbook()
        if args.list:
            for listed in book.topics.values():
                print(f"{listed.id:<20} {listed.title}")
            return 0
        if not args.topic:
            print("error: name a chart (python -m bot chart --list shows them)", file=sys.stderr)
            return 2
        from bot.chartdraw import HEIGHT_PX, WIDTH_PX, render_png

        engine = _engine(args)
        request = " ".join(args.topic)
        found = book.resolve(request, engine.kb, engine.answer)
        if found is None:
            print(f"error: no chart for {request!r} (python -m bot chart --list shows them)", file=sys.stderr)
            return 2
        topic, subjects = found
        data = book.data(topic, engine.kb, subjects)
        png = render_png(data, book)
    except ChartError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    out = Path(args.output or f"{topic}.png")
    if out.is_dir():
        print(f"error: {out} is a folder; give a file name, e.g. -o {out / (topic + '.png')}", file=sys.stderr)
        return 2
    if out.exists() and not _is_png(out):
        print(
            f"error: {out} exists and is not a PNG image; refusing to overwrite it (give another -o)", file=sys.stderr
        )
        return 2
    if not out.parent.is_dir():
        print(f"error: cannot write {out}: folder {out.parent} does not exist", file=sys.stderr)
        return 2
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_bytes(png)
        tmp.replace(out)  # a failed write never leaves half a file under the asked name
    except OSError as e:
        tmp.unlink(missing_ok=True)
        print(f"error: cannot write {out}: {e.strerror or e}", file=sys.stderr)
        return 1
    print(f"{out}: {WIDTH_PX}×{HEIGHT_PX} PNG, {len(png) / 1024:.0f} KiB — {book.caption(data)}")
    return 0


def cmd_telegram(args: argparse.Namespace, rest: list[str]) -> int:
    from bot.telegram.app import main as telegram_main

    return telegram_main(rest)


def cmd_unanswered(args: argparse.Namespace, rest: list[str]) -> int:
    from bot.telegram.questionlog import main_unanswered

    return main_unanswered(rest)


def cmd_bench(args: argparse.Namespace, rest: list[str]) -> int:
    from bot.bench import main as bench_main

    return bench_main(rest)


def cmd_covid(args: argparse.Namespace, rest: list[str]) -> int:
    from bot.covid_cli import main as covid_main

    return covid_main(rest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="reportbot: questions about the Seoul Planning & Coordination Office 2020-04 briefing, "
        "answered with the report's exact figures and sources.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ask", help="answer one question (or '-' for one per line from stdin)")
    p.add_argument("question", nargs="+", help="the question, or - to read questions from stdin")
    p.add_argument("--json", action="store_true", help="print one JSON object per answer")
    p.add_argument("--db", type=_db_path, help="knowledge database path (default: build/knowledge.db)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="talk to the bot in the terminal (/help, /reset, /quit)")
    p.add_argument("--db", type=_db_path, help="knowledge database path")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("build", help="compile knowledge/ into the SQLite database (checks the report's totals)")
    p.add_argument("--db", type=_db_path, help="output path (default: build/knowledge.db)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="run the reconciliation checks and list every problem")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("coverage", help="list every number of the report and whether the knowledge base holds it")
    p.add_argument("--missing", action="store_true", help="list only the numbers not held")
    p.add_argument("--min", type=float, default=0.97, help="exit 1 below this share (default 0.97)")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("eval", help="score the bot on a question set")
    p.add_argument("file", help="a questions YAML file, e.g. tests/eval/questions.yaml")
    p.add_argument("--show", action="store_true", help="print each failure")
    p.add_argument("--no-spaces", action="store_true", help="ask every question with its spaces removed")
    p.add_argument("--min-accuracy", type=float, default=0.95)
    p.add_argument("--max-wrong", type=int, default=0, help="wrong figures allowed (default 0)")
    p.add_argument("--max-out-of-scope", type=int, default=0, help="out-of-scope answers allowed (default 0)")
    p.add_argument("--db", type=_db_path, help="knowledge database path")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("chart", help="draw a chart of the report's figures as PNG (--list shows the charts)")
    p.add_argument("topic", nargs="*", help="a chart name from --list, or words such as '재결건수 추이'")
    p.add_argument("-o", "--output", help="PNG file to write (default: <chart>.png)")
    p.add_argument("--list", action="store_true", help="list the charts")
    p.add_argument("--db", type=_db_path, help="knowledge database path")
    p.set_defaults(func=cmd_chart)

    for name, func, help_ in (
        ("telegram", cmd_telegram, "run the Telegram bot (needs TELEGRAM_BOT_TOKEN; --help for options)"),
        ("unanswered", cmd_unanswered, "list the most frequent unanswered questions from the question log"),
        ("bench", cmd_bench, "measure answer latency, throughput and memory (prints figures)"),
        ("covid", cmd_covid, "COVID snapshots after the report: add, import FILE.csv, list (--help)"),
    ):
        p = sub.add_parser(name, help=help_, add_help=False)
        p.set_defaults(func=func, passthrough=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    from bot.knowledge_files import KnowledgeError

    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if argv and argv[0] in ("telegram", "unanswered", "bench", "covid"):
        args, rest = parser.parse_known_args(argv[:1])
        rest = argv[1:]
    else:
        args, rest = parser.parse_args(argv), []
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        if getattr(args, "passthrough", False):
            return args.func(args, rest)
        return args.func(args)
    except KnowledgeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001  a bug must not greet the user with a traceback; say what failed
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
