"""COVID-19 status as a time series: the report's own figures are the first snapshots, newer
ones are added at run time (CLI, Telegram) into the state database.

Pure: the wording comes from covid.yaml, snapshots and the clock are passed in. Here live
parsing an input row, every validation rule (each problem names its row and field), the
report's snapshots read from the knowledge base, and the change since the previous snapshot.

CSV layout (`python -m bot covid import FILE.csv`), UTF-8, header row first:

    region,as_of,confirmed,isolated,released,deaths,suspected,testing,negative,source
    서울,2020-04-18 10:00,628,343,283,2,,,,서울시 홈페이지

region: 전국, 서울 (서울시) or one of the report's countries; as_of: YYYY-MM-DD HH:MM in
Asia/Seoul; confirmed, isolated, released, deaths: required non-negative integers (1,234 is
read as 1234; a country needs only confirmed and deaths); suspected, testing, negative:
optional; source: a free note. Rows are counted like lines of the file (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path

import yaml

from bot import paths
from bot.records import Fact, Knowledge
from bot.state import COUNT_FIELDS, StateStore, StoredSnapshot

REQUIRED = ("confirmed", "isolated", "released", "deaths")
COUNTRY_REQUIRED = ("confirmed", "deaths")  # the report's country table has no 격리중, 퇴원
CUMULATIVE = ("confirmed", "released", "deaths", "suspected", "negative")  # never go down
CSV_COLUMNS = ("region", "as_of", *COUNT_FIELDS, "source")
REPORT = "report"  # `added_by` of the report's own snapshots
DOMESTIC_TABLE = "covid_domestic"
COUNTRY_TABLE = "covid_countries"
# the report's columns of each table holding a snapshot's counts
REPORT_COLUMNS = {
    DOMESTIC_TABLE: {f: f for f in COUNT_FIELDS},
    COUNTRY_TABLE: {"confirmed": "cum_cases", "deaths": "cum_deaths"},
}
MAX_COUNT = 10**10  # more people than the world has is a typo


@dataclass(frozen=True)
class CovidConfig:
    regions: dict[str, list[str]]
    metrics: dict[str, str]
    country_metrics: dict[str, str]
    labels: dict[str, str]
    report_words: list[str]
    newest_words: list[str]
    filler_words: list[str]
    daily_brief_time: str
    phrases: dict[str, str]

    def phrase(self, key: str, **kw: object) -> str:
        return self.phrases[key].format(**kw)

    def metric(self, field_: str, country: bool) -> str:
        return (self.country_metrics.get(field_) if country else None) or self.metrics[field_]


@lru_cache(maxsize=4)
def _load_config(path: str) -> CovidConfig:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return CovidConfig(
        regions={str(k): [str(x) for x in v or []] for k, v in (data.get("regions") or {}).items()},
        metrics={str(k): str(v) for k, v in data["metrics"].items()},
        country_metrics={str(k): str(v) for k, v in (data.get("country_metrics") or {}).items()},
        labels={str(k): str(v) for k, v in data["labels"].items()},
        report_words=[str(w) for w in data.get("report_words") or []],
        newest_words=[str(w) for w in data.get("newest_words") or []],
        filler_words=[str(w) for w in data.get("filler_words") or []],
        daily_brief_time=str(data.get("daily_brief_time") or "11:00"),
        phrases={str(k): str(v) for k, v in data["phrases"].items()},
    )


def load_config(path: Path | None = None) -> CovidConfig:
    return _load_config(str(path or paths.home() / "covid.yaml"))


# -- regions and the report's snapshots --------------------------------------------------------


def report_countries(kb: Knowledge) -> list[str]:
    return list(dict.fromkeys(f.subject for f in kb.facts if f.source_table == COUNTRY_TABLE and f.subject))


def region_names(kb: Knowledge, cfg: CovidConfig) -> dict[str, str]:
    """Every accepted way to write a region (compact) → the name the report uses."""
    out: dict[str, str] = {}
    for name, others in cfg.regions.items():
        for x in [name, *others]:
            out[re.sub(r"\s+", "", x)] = name
    for c in report_countries(kb):
        out[c] = c
    return out


def is_country(region: str, kb: Knowledge) -> bool:
    return region in report_countries(kb)


def report_facts_by_region(kb: Knowledge) -> dict[str, dict[str, list[Fact]]]:
    """region → count field → the report's facts of that count (the figure and its 일일 증감)."""
    out: dict[str, dict[str, list[Fact]]] = {}
    for table, columns in REPORT_COLUMNS.items():
        for f in kb.facts:
            if f.source_table != table or not f.subject:
                continue
            col = f.id.rsplit(".", 1)[-1]
            for field_, report_col in columns.items():
                if col in (report_col, f"{report_col}_change"):
                    out.setdefault(f.subject, {}).setdefault(field_, []).append(f)
    return out


def report_snapshots(kb: Knowledge) -> list[StoredSnapshot]:
    """The report's own COVID status per region (the first snapshot of each)."""
    out = []
    for region, by_field in report_facts_by_region(kb).items():
        counts: dict[str, int | None] = {f: None for f in COUNT_FIELDS}
        as_of = ""
        for field_, facts in by_field.items():
            main = next((f for f in facts if not f.id.endswith("_change")), None)
            if main is not None and main.value is not None:
                counts[field_] = int(main.value)
                as_of = as_of or (main.as_of or "")
        if len(as_of) == 10:
            as_of += " 00:00"
        out.append(StoredSnapshot(region=region, as_of=as_of, counts=counts, source="보고서", added_by=REPORT))
    return out


def is_report(s: StoredSnapshot) -> bool:
    return s.added_by == REPORT


# -- input rows --------------------------------------------------------------------------------

_AS_OF = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?(?:[ T]+(\d{1,2})(?::(\d{2}))?(?:시)?)$")
_INT = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


@dataclass(frozen=True)
class Problem:
    """One reason a row is not stored: its row (None for a single add) and field."""

    row: int | None
    field: str
    message: str
    forcible: bool = False  # a sum that does not add up: stored with --force, with a warning

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        hint = " (store anyway with --force)" if self.forcible else ""
        return f"{where}field {self.field}: {self.message}{hint}"


@dataclass
class Candidate:
    row: int | None
    snapshot: StoredSnapshot
    warnings: list[str] = field(default_factory=list)


def parse_as_of(text: str) -> str | None:
    """'2020-04-18 10:00', '2020.4.18 10시' → '2020-04-18 10:00'; None when not a date and time."""
    m = _AS_OF.match(text.strip())
    if not m:
        return None
    y, mo, d, hh, mm = m.groups()
    try:
        when = datetime(int(y), int(mo), int(d), int(hh), int(mm or 0))
    except ValueError:
        return None
    return when.strftime("%Y-%m-%d %H:%M")


def parse_row(
    raw: dict[str, str | None], row: int | None, regions: dict[str, str]
) -> tuple[Candidate | None, list[Problem]]:
    """A row of text fields (CSV, CLI options, Telegram) → a snapshot, or the problems."""
    problems: list[Problem] = []
    region_text = re.sub(r"\s+", "", raw.get("region") or "")
    region = regions.get(region_text)
    if not region_text:
        problems.append(Problem(row, "region", "missing"))
    elif region is None:
        known = ", ".join(dict.fromkeys(regions.values()))
        problems.append(Problem(row, "region", f"'{raw.get('region')}' is not a region the report tracks ({known})"))
    as_of_text = (raw.get("as_of") or "").strip()
    as_of = parse_as_of(as_of_text) if as_of_text else None
    if not as_of_text:
        problems.append(Problem(row, "as_of", "missing (YYYY-MM-DD HH:MM)"))
    elif as_of is None:
        problems.append(Problem(row, "as_of", f"'{as_of_text}' is not a date and time (YYYY-MM-DD HH:MM)"))
    counts: dict[str, int | None] = {}
    for f in COUNT_FIELDS:
        text = (raw.get(f) or "").strip()
        if not text:
            counts[f] = None
            if f in (REQUIRED if region in load_config().regions or region is None else COUNTRY_REQUIRED):
                problems.append(Problem(row, f, "missing (a non-negative integer)"))
            continue
        if not _INT.match(text) or int(text.replace(",", "")) > MAX_COUNT:
            problems.append(Problem(row, f, f"'{text}' is not a non-negative integer"))
            counts[f] = None
            continue
        counts[f] = int(text.replace(",", ""))
    if problems:
        return None, problems
    source = re.sub(r"\s+", " ", (raw.get("source") or "").strip())
    snap = StoredSnapshot(region=region or "", as_of=as_of or "", counts=counts, source=source)
    return Candidate(row, snap), []


def read_csv(text: str, regions: dict[str, str]) -> tuple[list[Candidate], list[Problem]]:
    """The rows of an import file (header first), or every problem found in them."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    problems: list[Problem] = []
    if not header:
        return [], [Problem(1, "header", f"the file is empty (expected: {','.join(CSV_COLUMNS)})")]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    missing = [h for h in ("region", "as_of", *REQUIRED) if h not in header]
    if unknown:
        problems.append(Problem(1, unknown[0], f"unknown column (columns: {','.join(CSV_COLUMNS)})"))
    if missing:
        problems.append(Problem(1, missing[0], "required column missing"))
    if problems:
        return [], problems
    candidates = []
    for i, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): v for k, v in raw.items()}
        if None in raw or len([v for v in raw.values() if v is not None]) != len(header):
            problems.append(Problem(i, "row", f"expected {len(header)} columns"))
            continue
        if not any((v or "").strip() for v in row.values()):
            continue  # a blank line
        cand, found = parse_row(row, i, regions)
        problems += found
        if cand:
            candidates.append(cand)
    if not candidates and not problems:
        problems.append(Problem(None, "file", "no rows"))
    return candidates, problems


# -- validation --------------------------------------------------------------------------------


def validate(
    candidates: Sequence[Candidate],
    existing: Iterable[StoredSnapshot],
    now_local: datetime,
    *,
    force: bool = False,
    replace_existing: bool = False,
) -> list[Problem]:
    """Check every rule before anything is stored; returns the problems (empty: store them all).
    With `force`, a sum that does not add up is kept as a warning on the candidate instead."""
    known = [s for s in existing if s.replaced_by is None]
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    limit = now_local.strftime("%Y-%m-%d %H:%M")
    for c in candidates:
        s, row = c.snapshot, c.row
        if s.as_of > limit:
            problems.append(Problem(row, "as_of", f"{s.as_of} is in the future (now {limit})"))
        key = (s.region, s.as_of)
        if key in seen:
            problems.append(Problem(row, "as_of", f"{s.region} {s.as_of} appears twice in this input"))
            continue
        seen.add(key)
        same = [k for k in known if (k.region, k.as_of) == key]
        if any(is_report(k) for k in same):
            problems.append(Problem(row, "as_of", f"{s.region} {s.as_of} is the report's own snapshot; it is kept"))
        elif same and not replace_existing:
            problems.append(
                Problem(row, "as_of", f"{s.region} {s.as_of} is already stored (a correction needs --replace)")
            )
        others = [k for k in known if k.region == s.region and k.as_of != s.as_of]
        before = max((k for k in others if k.as_of < s.as_of), key=lambda k: k.as_of, default=None)
        after = min((k for k in others if k.as_of > s.as_of), key=lambda k: k.as_of, default=None)
        for f in CUMULATIVE:
            v = s.counts.get(f)
            if v is None:
                continue
            b = before.counts.get(f) if before else None
            a = after.counts.get(f) if after else None
            if before is not None and b is not None and v < b:
                problems.append(Problem(row, f, f"{v:,} is below {b:,} of the previous snapshot ({before.as_of})"))
            elif after is not None and a is not None and v > a:
                problems.append(Problem(row, f, f"{v:,} is above {a:,} of the next snapshot ({after.as_of})"))
        for what, total, parts in (
            ("confirmed", "confirmed", ("isolated", "released", "deaths")),
            ("suspected", "suspected", ("testing", "negative")),
        ):
            values = [s.counts.get(x) for x in parts]
            t = s.counts.get(total)
            if t is None or any(v is None for v in values):
                continue
            summed = sum(v for v in values if v is not None)
            if summed != t:
                names = " + ".join(parts)
                msg = f"{t:,} ≠ {names} = {summed:,}"
                if force:
                    c.warnings.append(f"{what}: {msg}")
                else:
                    problems.append(Problem(row, what, msg, forcible=True))
        known = [k for k in known if not (replace_existing and (k.region, k.as_of) == key)] + [s]
    return problems


def with_warnings(c: Candidate, added_by: str, added_at: str) -> StoredSnapshot:
    return replace(c.snapshot, added_by=added_by, added_at=added_at, warning="; ".join(c.warnings) or None)


# -- history and changes -----------------------------------------------------------------------


def timeline(report: Iterable[StoredSnapshot], stored: Iterable[StoredSnapshot]) -> dict[str, list[StoredSnapshot]]:
    """region → its current snapshots, oldest first (the report's, then the added ones)."""
    out: dict[str, list[StoredSnapshot]] = {}
    for s in [*report, *(x for x in stored if x.replaced_by is None)]:
        out.setdefault(s.region, []).append(s)
    for items in out.values():
        items.sort(key=lambda s: (s.as_of, not is_report(s)))
    return out


def previous(series: Sequence[StoredSnapshot], s: StoredSnapshot, field_: str | None = None) -> StoredSnapshot | None:
    """The snapshot before `s` in its region's series (holding `field_`, when given)."""
    before = [x for x in series if x.as_of < s.as_of and (field_ is None or x.counts.get(field_) is not None)]
    return before[-1] if before else None


def day_before(a: str, b: str) -> bool:
    """`a` is on the calendar day before `b`."""
    return date.fromisoformat(b[:10]) - date.fromisoformat(a[:10]) == timedelta(days=1)


def signed_count(n: int) -> str:
    """The report's way: +22, △51, - for none."""
    return f"+{n:,}" if n > 0 else (f"△{-n:,}" if n < 0 else "-")


def date_text(as_of: str) -> str:
    """'2020-04-18 10:00' → '2020.4.18. 10시' (as the answers write it)."""
    from bot.phrasing import date_label

    return date_label(as_of)


def change_line(cfg: CovidConfig, s: StoredSnapshot, prev: StoredSnapshot | None) -> str:
    """ "직전(2020.4.17. 10시) 대비 확진 +7 · 격리중 △8 · …" """
    if prev is None:
        return cfg.phrase("no_change_base")
    parts = [
        f"{cfg.labels[f]} {signed_count(v - p)}"
        for f in COUNT_FIELDS
        if (v := s.counts.get(f)) is not None and (p := prev.counts.get(f)) is not None
    ]
    return cfg.phrase("change", as_of=date_text(prev.as_of), changes=" · ".join(parts))


def counts_line(cfg: CovidConfig, s: StoredSnapshot) -> str:
    return " · ".join(f"{cfg.labels[f]} {v:,}" for f in COUNT_FIELDS if (v := s.counts.get(f)) is not None)


def snapshot_block(cfg: CovidConfig, s: StoredSnapshot, prev: StoredSnapshot | None) -> list[str]:
    """A region's status in a brief or a push: counts, the change since the previous one."""
    head = f"{s.region} ({date_text(s.as_of)} 기준" + (", 보고서)" if is_report(s) else ")")
    lines = [head, "  " + counts_line(cfg, s)] + (["  " + change_line(cfg, s, prev)] if prev else [])
    if s.source and not is_report(s):
        lines.append(f"  출처: {s.source}")
    return lines


def brief_lines(cfg: CovidConfig, series: dict[str, list[StoredSnapshot]], when: str) -> list[str]:
    """The daily brief: the newest snapshot of each region with its change."""
    lines = [cfg.phrase("brief_title", date=when)]
    for region, items in series.items():
        if region not in cfg.regions and all(is_report(s) for s in items):
            continue  # a country only once figures newer than the report were added
        newest = items[-1]
        lines += snapshot_block(cfg, newest, previous(items, newest))
    return lines


# -- storing ---------------------------------------------------------------------------------


def submit(
    store: StateStore,
    kb: Knowledge,
    candidates: Sequence[Candidate],
    now_utc: datetime,
    tz: tzinfo,
    added_by: str,
    *,
    force: bool = False,
    replace_existing: bool = False,
) -> tuple[list[StoredSnapshot], list[Problem]]:
    """Validate every candidate against the report's and the stored snapshots, then store them
    all in one transaction, or nothing (returning the problems)."""
    existing = [*report_snapshots(kb), *store.snapshots()]
    problems = validate(
        candidates,
        existing,
        now_utc.astimezone(tz).replace(tzinfo=None),
        force=force,
        replace_existing=replace_existing,
    )
    if problems:
        return [], problems
    added_at = now_utc.astimezone(UTC).isoformat(timespec="seconds")
    rows = [with_warnings(c, added_by, added_at) for c in candidates]
    return store.add_snapshots(rows, replace=replace_existing), []
