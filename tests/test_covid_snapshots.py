"""COVID snapshots after the report: the state store, every validation rule, the CLI, and the
answers (newest, by date, change since the previous one, 보고서 기준, a date without one)."""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.covid_overlay import LiveEngine
from bot.covid_snapshots import load_config, parse_row, read_csv, region_names, submit
from bot.engine.intents import load_intents
from bot.state import SQLiteStateStore
from bot.telegram.privacy import Hasher

REPO = Path(__file__).resolve().parent.parent
KST = timezone(timedelta(hours=9))
NOW = datetime(2020, 4, 21, 3, 0, tzinfo=UTC)  # 2020-04-21 12:00 in Seoul
HEADER = "region,as_of,confirmed,isolated,released,deaths,suspected,testing,negative,source\n"


@pytest.fixture
def store(tmp_path):
    s = SQLiteStateStore(tmp_path / "state.db")
    yield s
    s.close()


@pytest.fixture
def regions(engine):
    return region_names(engine.kb, load_config())


def row(region="서울", as_of="2020-04-18 10:00", c="628", i="343", r="283", d="2", **extra) -> dict:
    return {"region": region, "as_of": as_of, "confirmed": c, "isolated": i, "released": r, "deaths": d, **extra}


def add(store, engine, regions, *rows, force=False, replace=False, now=NOW):
    cands = []
    for n, raw in enumerate(rows, start=2):
        cand, problems = parse_row(raw, n, regions)
        assert not problems, problems
        cands.append(cand)
    return submit(store, engine.kb, cands, now, KST, "tester", force=force, replace_existing=replace)


def problems_of(store, engine, regions, *rows, **kw) -> list[str]:
    _, problems = add(store, engine, regions, *rows, **kw)
    return [str(p) for p in problems]


# -- the store ---------------------------------------------------------------------------------


def test_store_keeps_snapshots_with_who_and_when_and_counts_revisions(store, engine, regions):
    assert store.revision() == 0
    _, problems = add(store, engine, regions, row())
    assert not problems
    [s] = store.snapshots()
    assert (s.region, s.as_of, s.counts["confirmed"], s.counts["suspected"]) == (
        "서울시",
        "2020-04-18 10:00",
        628,
        None,
    )
    assert s.added_by == "tester" and s.added_at == "2020-04-21T03:00:00+00:00"
    assert store.revision() == 1
    assert len(store.hash_id(42)) == 64 and store.hash_id(42) == store.hash_id(42) != store.hash_id(43)


def test_hash_id_is_keyed_and_no_key_or_salt_is_stored(tmp_path):
    path = tmp_path / "state.db"
    con = sqlite3.connect(path)  # a file of the older version, which stored its salt
    con.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('salt', 'abc');")
    con.close()
    key = "state-test-key-0123456789"
    a = SQLiteStateStore(path, hash_key=key)
    assert a.hash_id(42) == hmac.new(key.encode(), b"42", hashlib.sha256).hexdigest()
    assert a.hash_id(42) == Hasher(key).full(42)  # the question log's hash of the same id
    a.subscribe(5, "t")
    b = SQLiteStateStore(path, hash_key=key)  # another process with the same key
    assert b.hash_id(42) == a.hash_id(42)
    c, d = SQLiteStateStore(path), SQLiteStateStore(path)  # no key: a random one per process
    assert c.hash_id(42) != d.hash_id(42) != a.hash_id(42)
    for s in (a, b, c, d):
        s.close()
    dump = "\n".join(sqlite3.connect(path).iterdump())
    assert key not in dump and "salt" not in dump and "abc" not in dump
    assert path.stat().st_mode & 0o777 == 0o600


def test_store_subscriptions_and_job_runs_persist(tmp_path):
    path = tmp_path / "state.db"
    a = SQLiteStateStore(path)
    assert a.subscribe(5, "t") is True and a.subscribe(5, "t") is False
    a.subscribe(6, "t")
    a.record_run("daily", "2020-04-18")
    a.close()
    b = SQLiteStateStore(path)  # a new process, the same file
    assert b.subscribers() == [5, 6] and b.is_subscribed(6)
    assert b.last_run("daily") == "2020-04-18"
    assert b.unsubscribe(5) is True and b.unsubscribe(5) is False
    assert b.subscribers() == [6]
    b.close()


def test_no_sql_outside_the_state_module():
    mine = [REPO / "bot" / "covid_snapshots.py", REPO / "bot" / "covid_overlay.py", REPO / "bot" / "covid_cli.py"]
    for path in [*mine, REPO / "bot" / "telegram" / "covid.py"]:
        text = path.read_text(encoding="utf-8")
        assert "sqlite" not in text.lower() or "SQLiteStateStore" in text, path
        assert not any(w in text for w in ("SELECT ", "INSERT ", "UPDATE ", "CREATE TABLE")), path


# -- validation, one rule at a time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (row(c="-5"), "field confirmed: '-5' is not a non-negative integer"),
        (row(i="1.5"), "field isolated: '1.5' is not a non-negative integer"),
        (row(d="두명"), "field deaths: '두명' is not a non-negative integer"),
        (row(r=""), "field released: missing"),
        (row(region="부산"), "field region: '부산' is not a region the report tracks"),
        (row(as_of="4월 18일"), "field as_of: '4월 18일' is not a date and time"),
        (row(as_of="2020-02-30 10:00"), "field as_of: '2020-02-30 10:00' is not a date and time"),
    ],
)
def test_each_bad_field_is_named_with_its_row(raw, expected, regions):
    cand, problems = parse_row(raw, 7, regions)
    assert cand is None
    assert any(str(p).startswith("row 7, " + expected) for p in problems), problems


def test_a_country_needs_only_confirmed_and_deaths(store, engine, regions):
    assert not problems_of(
        store, engine, regions, row(region="미국", as_of="2020-04-17 09:00", c="632548", i="", r="", d="31071")
    )
    text = LiveEngine(engine.kb, load_intents(REPO / "intents.yaml"), store).answer("미국 누적 확진자").text
    assert "미국 누적 확진자: 632,548명 (2020.4.17. 9시 기준)" in text and "이후 추가된 수치" in text
    _, problems = parse_row(row(region="서울", i=""), 2, regions)
    assert [str(p) for p in problems] == ["row 2, field isolated: missing (a non-negative integer)"]


def test_counts_with_thousands_separators_are_read(regions):
    cand, problems = parse_row(row(region="전국", c="10,653", i="2,576", r="7,845", d="232"), None, regions)
    assert not problems and cand.snapshot.counts["confirmed"] == 10653


def test_cumulative_counts_never_go_below_the_previous_snapshot(store, engine, regions):
    # the report's own 서울 snapshot (621 확진, 268 퇴원 on 4.17) is the first one
    assert problems_of(store, engine, regions, row(c="620", i="350", r="268", d="2")) == [
        "row 2, field confirmed: 620 is below 621 of the previous snapshot (2020-04-17 10:00)"
    ]
    assert not problems_of(store, engine, regions, row())
    found = problems_of(store, engine, regions, row(as_of="2020-04-19 10:00", c="627", i="342", r="283", d="2"))
    assert found == ["row 2, field confirmed: 627 is below 628 of the previous snapshot (2020-04-18 10:00)"]
    # going back in time: above the next snapshot is wrong too
    found = problems_of(store, engine, regions, row(as_of="2020-04-17 20:00", c="630", i="345", r="283", d="2"))
    assert found == ["row 2, field confirmed: 630 is above 628 of the next snapshot (2020-04-18 10:00)"]


def test_the_parts_must_add_up_unless_forced_and_then_a_warning_is_stored(store, engine, regions):
    bad = row(c="640", i="343", r="283", d="2")
    assert problems_of(store, engine, regions, bad) == [
        "row 2, field confirmed: 640 ≠ isolated + released + deaths = 628 (store anyway with --force)"
    ]
    assert store.snapshots() == []
    assert not problems_of(store, engine, regions, bad, force=True)
    [s] = store.snapshots()
    assert s.warning == "confirmed: 640 ≠ isolated + released + deaths = 628"


def test_as_of_in_the_future_is_refused(store, engine, regions):
    found = problems_of(store, engine, regions, row(as_of="2020-04-21 12:01"), now=NOW)
    assert found == ["row 2, field as_of: 2020-04-21 12:01 is in the future (now 2020-04-21 12:00)"]
    assert not problems_of(store, engine, regions, row(as_of="2020-04-21 12:00"), now=NOW)


def test_a_duplicate_needs_replace_and_the_old_one_stays_in_history(store, engine, regions):
    assert not problems_of(store, engine, regions, row())
    again = row(c="629", i="344")
    assert problems_of(store, engine, regions, again) == [
        "row 2, field as_of: 서울시 2020-04-18 10:00 is already stored (a correction needs --replace)"
    ]
    assert not problems_of(store, engine, regions, again, replace=True)
    [current] = store.snapshots()
    assert current.counts["confirmed"] == 629
    history = store.snapshots(include_replaced=True)
    assert [s.counts["confirmed"] for s in history] == [628, 629]
    assert history[0].replaced_by == current.id
    # the report's own snapshot is never replaced
    found = problems_of(store, engine, regions, row(as_of="2020-04-17 10:00", c="621", i="351", r="268"), replace=True)
    assert found == ["row 2, field as_of: 서울시 2020-04-17 10:00 is the report's own snapshot; it is kept"]


def test_a_failed_import_stores_nothing(store, engine, regions):
    text = HEADER + "서울,2020-04-18 10:00,628,343,283,2,,,,A\n서울,2020-04-19 10:00,600,300,298,2,,,,B\n"
    cands, problems = read_csv(text, regions)
    assert not problems and len(cands) == 2
    stored, problems = submit(store, engine.kb, cands, NOW, KST, "tester")
    assert str(problems[0]) == "row 3, field confirmed: 600 is below 628 of the previous snapshot (2020-04-18 10:00)"
    assert stored == [] and store.snapshots() == [] and store.revision() == 0


def test_import_rows_checked_against_each_other_and_bad_files(regions):
    _, problems = read_csv(
        HEADER + "서울,2020-04-18 10:00,628,343,283,2,,,,\n서울,2020-04-18 10:00,x,343,283,2,,,,\n", regions
    )
    assert [str(p) for p in problems] == ["row 3, field confirmed: 'x' is not a non-negative integer"]
    _, problems = read_csv("region,as_of,confirmed,isolated,released,deaths,colour\n", regions)
    assert str(problems[0]).startswith("row 1, field colour: unknown column")
    _, problems = read_csv("region,as_of,confirmed\n", regions)
    assert str(problems[0]) == "row 1, field isolated: required column missing"
    _, problems = read_csv(HEADER + "서울,2020-04-18 10:00,628\n", regions)
    assert str(problems[0]) == "row 2, field row: expected 10 columns"


def test_duplicate_rows_inside_one_import(store, engine, regions):
    found = problems_of(store, engine, regions, row(), row())
    assert found == ["row 3, field as_of: 서울시 2020-04-18 10:00 appears twice in this input"]


# -- answers ----------------------------------------------------------------------------------


@pytest.fixture
def live(store, engine, regions):
    add(
        store,
        engine,
        regions,
        row(),
        row(region="전국", as_of="2020-04-18 00:00", c="10653", i="2576", r="7845", d="232"),
    )
    add(
        store,
        engine,
        regions,
        row(as_of="2020-04-20 10:00", c="635", i="330", r="303", d="2", source="서울시 홈페이지"),
    )
    return LiveEngine(engine.kb, load_intents(REPO / "intents.yaml"), store)


def test_answers_use_the_newest_snapshot_and_say_it_is_newer_than_the_report(live):
    ans = live.answer("서울 확진자 몇 명?")
    assert ans.answered
    assert "서울시 확진환자: 635명 (2020.4.20. 10시 기준)" in ans.text
    assert "보고서(2020.4.17. 10시) 이후 추가된 수치" in ans.text and "서울시 홈페이지" in ans.text
    assert "621" not in ans.text
    assert "전국 확진환자: 10,653명 (2020.4.18. 0시 기준)" in live.answer("전국 확진자").text


def test_a_date_picks_that_days_snapshot(live):
    assert "628명 (2020.4.18. 10시 기준)" in live.answer("4월 18일 서울 확진자").text
    report_day = live.answer("4월 17일 서울 확진자")
    assert "621명 (2020.4.17. 10시 기준)" in report_day.text and "이후 추가된" not in report_day.text


def test_change_since_the_previous_snapshot_shows_both(live):
    text = live.answer("서울 확진자 어제보다 몇 명 늘었어?").text
    assert "+7명" in text and "628명 → 635명" in text and "2020.4.18. 10시" in text
    text = live.answer("전국 확진자 하루 증감").text  # the day before: 일일 증감 like the report's
    assert "전국 확진환자 일일 증감: +18명" in text and "10,635명 → 10,653명" in text


def test_report_figures_on_request(live):
    ans = live.answer("보고서 기준 서울 확진자")
    assert "621명 (2020.4.17. 10시 기준)" in ans.text and "635" not in ans.text
    assert ans.question == "보고서 기준 서울 확진자"


def test_report_figures_as_a_follow_up_and_newest_words(live):
    from bot.answer import Conversation

    conv = Conversation()
    assert "635명" in live.answer("서울 확진자", conv).text
    again = live.answer("보고서 기준으로는?", conv)
    assert "서울시 확진환자: 621명 (2020.4.17. 10시 기준)" in again.text and again.question == "보고서 기준으로는?"
    assert "635명 (2020.4.20. 10시 기준)" in live.answer("오늘 서울 확진자").text
    assert "635명 (2020.4.20. 10시 기준)" in live.answer("서울 확진자 최신").text


def test_trend_over_the_snapshots(live):
    text = live.answer("서울 확진자 추이").text
    assert "- 2020.4.17.: 621명" in text and "- 2020.4.18.: 628명" in text and "- 2020.4.20.: 635명" in text


def test_a_date_without_a_snapshot_names_the_nearest_dates(live):
    ans = live.answer("4월 19일 서울 확진자")
    assert not ans.answered
    assert ans.text == "2020.4.19. 서울시 코로나19 수치가 없습니다. 가장 가까운 날: 2020.4.18., 2020.4.20."


def test_status_view_and_other_figures(live):
    status = live.covid_status().text
    assert "서울시 (2020.4.20. 10시 기준" in status and "확진환자 635" in status
    assert "미국 누적 확진자: 604,070명" in live.answer("미국 누적 확진자").text  # untouched
    assert "6,369백만원" in live.answer("법률지원담당관 예산은?").text


def test_follow_up_with_a_date(live):
    from bot.answer import Conversation

    conv = Conversation()
    live.answer("서울 확진자", conv)
    assert "628명" in live.answer("4월 18일은?", conv).text


def test_reload_without_restart(store, engine, regions):
    live = LiveEngine(engine.kb, load_intents(REPO / "intents.yaml"), store)
    assert "621명" in live.answer("서울 확진자").text and live.refresh() is False
    other = SQLiteStateStore(store.path)  # the CLI, another connection
    add(other, engine, regions, row())
    other.close()
    assert live.refresh() is True
    assert "628명" in live.answer("서울 확진자").text


# -- the command line ---------------------------------------------------------------------------


def run_covid(*args: str, state: Path, command: str = "covid") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTBOT_")}
    env.update(REPORTBOT_STATE_DB=str(state), PYTHONUTF8="1", REPORTBOT_DB=str(state.parent / "kb.db"))
    return subprocess.run(
        [sys.executable, "-m", "bot", command, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_add_import_list(tmp_path):
    state = tmp_path / "state.db"
    r = run_covid("add", "--region", "서울", "--as-of", "2020-04-18 10:00", "--confirmed", "628", "--isolated",
                  "343", "--released", "283", "--deaths", "x", state=state)  # fmt: skip
    assert r.returncode == 1 and "field deaths: 'x' is not a non-negative integer" in r.stderr
    assert "Traceback" not in r.stderr
    r = run_covid("add", "--region", "서울", "--as-of", "2020-04-18 10:00", "--confirmed", "628", "--isolated",
                  "343", "--released", "283", "--deaths", "2", "--source", "서울시", state=state)  # fmt: skip
    assert r.returncode == 0, r.stderr
    csv = tmp_path / "more.csv"
    csv.write_text(HEADER + "전국,2020-04-18 00:00,10653,2576,7845,232,,,,KDCA\n서울,2020-04-18 22:00,1,1,0,0,,,,\n")
    r = run_covid("import", str(csv), state=state)
    assert r.returncode == 1 and "row 3, field confirmed: 1 is below 628" in r.stderr and "nothing stored" in r.stderr
    csv.write_text(HEADER + "전국,2020-04-18 00:00,10653,2576,7845,232,,,,KDCA\n")
    assert run_covid("import", str(csv), state=state).returncode == 0
    out = run_covid("list", state=state).stdout
    assert "서울시    2020-04-18 10:00  확진 628" in out and "전국     2020-04-18 00:00  확진 10,653" in out
    assert "(보고서)" in out
    assert run_covid("import", str(tmp_path / "missing.csv"), state=state).returncode == 1
    answer = run_covid("서울 확진자", state=state, command="ask").stdout  # the terminal answers with it too
    assert "628명 (2020.4.18. 10시 기준)" in answer and "이후 추가된 수치" in answer


def test_reload_after_python_m_bot_build(tmp_path):
    from bot.build import build_database

    kb_db = tmp_path / "knowledge.db"
    live = LiveEngine.load(tmp_path / "state.db", kb_db, quiet=True)
    assert live.refresh() is False
    before = live.report
    build_database(REPO / "knowledge", kb_db)  # what `python -m bot build` does while the bot runs
    assert live.refresh() is True and live.report is not before
    assert "621명" in live.answer("서울 확진자").text


def test_a_broken_state_database_never_stops_the_answers(tmp_path, engine):
    bad = tmp_path / "state.db"
    bad.write_bytes(b"this is not a database" * 100)
    live = LiveEngine(engine.kb, load_intents(REPO / "intents.yaml"), SQLiteStateStore(bad))
    assert "621명" in live.answer("서울 확진자").text
    assert live.refresh() is False
