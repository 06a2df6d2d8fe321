"""`python -m bot covid add|import|list`: COVID snapshots after the report, in the state database.

    python -m bot covid add --region 서울 --as-of "2020-04-18 10:00" \\
        --confirmed 628 --isolated 343 --released 283 --deaths 2 --source "서울시 홈페이지"
    python -m bot covid import snapshots.csv      # all rows or none (layout: bot/covid_snapshots.py)
    python -m bot covid list [--region 서울] [--all]

Every rule is checked before anything is stored; each problem is one line naming the row and
field. `--force` stores a snapshot whose parts do not add up (with a warning, as the report
itself does not always add up); `--replace` corrects a stored snapshot, keeping the old one in
history (`list --all`). A running bot picks the new figures up without a restart.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.covid_snapshots import (
    Candidate,
    Problem,
    counts_line,
    date_text,
    is_report,
    load_config,
    parse_row,
    read_csv,
    region_names,
    report_snapshots,
    submit,
    timeline,
)
from bot.state import COUNT_FIELDS, SQLiteStateStore, StateError, StoredSnapshot

CLI_USER = "cli"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot covid", description="COVID-19 snapshots after the report")
    parser.add_argument("--state-db", type=Path, help="state database (default: REPORTBOT_STATE_DB)")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("add", help="add one snapshot")
    p.add_argument("--region", required=True, help="전국, 서울 or a country of the report")
    p.add_argument("--as-of", required=True, dest="as_of", help='"YYYY-MM-DD HH:MM" (Asia/Seoul)')
    for f in COUNT_FIELDS:
        p.add_argument(f"--{f}", help="count (optional)" if f in ("suspected", "testing", "negative") else "count")
    p.add_argument("--source", default="", help="where the figures come from")
    for q in (p, sub.add_parser("import", help="add every row of a CSV file, or none")):
        q.add_argument("--force", action="store_true", help="store even when the parts do not add up")
        q.add_argument(
            "--replace", action="store_true", help="correct a stored snapshot (the old one stays in history)"
        )
    sub.choices["import"].add_argument("file", type=Path, help="CSV file (header: region,as_of,confirmed,…)")
    p = sub.add_parser("list", help="list the snapshots, the report's first")
    p.add_argument("--region", help="only this region")
    p.add_argument("--all", action="store_true", help="also the snapshots a correction replaced")
    return parser


def _knowledge():
    from bot import paths
    from bot.build import ensure_database
    from bot.store import read_knowledge

    db = paths.knowledge_db()
    ensure_database(db, paths.knowledge_dir())
    return read_knowledge(db)


def _state_path(args: argparse.Namespace) -> Path:
    if args.state_db:
        return args.state_db
    from bot.covid_overlay import default_state_db

    return default_state_db()


def _tz():
    from bot.telegram.config import DEFAULT_TZ, merged_environment, zone

    return zone(merged_environment().get("TZ") or DEFAULT_TZ)


def _open_store(args: argparse.Namespace) -> SQLiteStateStore:
    from bot.telegram.config import merged_environment

    # the bot's key, so that the CLI user's hash is stable; none set: a random key of this process
    return SQLiteStateStore(
        _state_path(args), hash_key=merged_environment().get("REPORTBOT_HASH_KEY", "").strip() or None
    )


def _store_rows(args: argparse.Namespace, kb, candidates: list[Candidate]) -> int:
    store = _open_store(args)
    try:
        who = store.hash_id(f"{CLI_USER}:{getpass.getuser()}")
        stored, problems = submit(
            store, kb, candidates, datetime.now(UTC), _tz(), who, force=args.force, replace_existing=args.replace
        )
    finally:
        store.close()
    if problems:
        return _reject(problems)
    for s in stored:
        warn = f"  (warning: {s.warning})" if s.warning else ""
        print(f"added {s.region} {s.as_of}: {counts_line(load_config(), s)}{warn}")
    print(f"{len(stored)} snapshot(s) stored in {_state_path(args)}")
    return 0


def _reject(problems: list[Problem]) -> int:
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    print(f"nothing stored ({len(problems)} problem(s))", file=sys.stderr)
    return 1


def cmd_add(args: argparse.Namespace) -> int:
    kb = _knowledge()
    raw = {"region": args.region, "as_of": args.as_of, "source": args.source}
    raw |= {f: getattr(args, f) for f in COUNT_FIELDS}
    cand, problems = parse_row(raw, None, region_names(kb, load_config()))
    if problems or cand is None:
        return _reject(problems)
    return _store_rows(args, kb, [cand])


def cmd_import(args: argparse.Namespace) -> int:
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    kb = _knowledge()
    candidates, problems = read_csv(text, region_names(kb, load_config()))
    if problems:
        return _reject(problems)
    return _store_rows(args, kb, candidates)


def _list_line(s: StoredSnapshot) -> str:
    who = "보고서" if is_report(s) else f"{s.added_by[:10]} {s.added_at}"
    flags = " [replaced]" if s.replaced_by else ""
    flags += f" [warning: {s.warning}]" if s.warning else ""
    source = f" 출처 {s.source}" if s.source and not is_report(s) else ""
    return f"{s.region:<6} {s.as_of}  {counts_line(load_config(), s)}  ({who}){source}{flags}"


def cmd_list(args: argparse.Namespace) -> int:
    kb = _knowledge()
    path = _state_path(args)
    stored: list[StoredSnapshot] = []
    if path.exists():
        store = _open_store(args)
        try:
            stored = store.snapshots(include_replaced=args.all)
        finally:
            store.close()
    region = region_names(kb, load_config()).get((args.region or "").replace(" ", "")) if args.region else None
    if args.region and region is None:
        print(f"error: field region: '{args.region}' is not a region the report tracks", file=sys.stderr)
        return 1
    series = timeline(report_snapshots(kb), [s for s in stored if s.replaced_by is None])
    replaced = [s for s in stored if s.replaced_by]
    for name, items in series.items():
        if region and name != region:
            continue
        for s in sorted([*items, *(r for r in replaced if r.region == name)], key=lambda s: (s.as_of, s.id or 0)):
            print(_list_line(s))
    newest = {name: date_text(items[-1].as_of) for name, items in series.items()}
    print("newest: " + ", ".join(f"{k} {v}" for k, v in newest.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"add": cmd_add, "import": cmd_import, "list": cmd_list}[args.action](args)
    except StateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
