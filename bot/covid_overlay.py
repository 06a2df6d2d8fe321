"""COVID snapshots added after the report, given to the engine as the same dated figures (`Fact`)
the report's COVID table already is: an overlay over the knowledge base, not a new engine.

`LiveEngine` holds three engines over three views of the same records:
  * current   the report, with each region's COVID counts replaced by its newest snapshot (and the
              change since the one before it): what a question without a date gets;
  * history   the report plus, for each region and day, that day's last snapshot: a question
              naming a date ("4월 18일 서울 확진자") gets that day's figures;
  * report    the report alone: "보고서 기준 …" keeps the report's own figures.
Answers that use an added snapshot say its as-of time and that it is newer than the report. A
date with no snapshot is declined with the nearest dates that have one.

`refresh()` reloads when the snapshots changed (the state store's revision) or the knowledge
database was rebuilt (`python -m bot build`), so a running bot needs no restart.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from bot import paths
from bot.answer import Answer, Conversation
from bot.covid_snapshots import (
    COUNTRY_TABLE,
    DOMESTIC_TABLE,
    CovidConfig,
    date_text,
    day_before,
    is_country,
    is_report,
    load_config,
    previous,
    report_facts_by_region,
    report_snapshots,
    signed_count,
    timeline,
)
from bot.engine import Engine
from bot.engine.intents import IntentConfig, load_intents
from bot.engine.understand import parse
from bot.records import Fact, Knowledge
from bot.state import COUNT_FIELDS, StateError, StateStore, StoredSnapshot
from bot.textnorm import clean, compact

log = logging.getLogger(__name__)

SNAPSHOT_PREFIX = "covid_snapshot."
LEFTOVERS = {
    "으로",
    "으로는",
    "으로요",
    "으로는요",
    "로는",
    "는",
    "은",
    "에는",
    "에서는",
    "상",
    "상으로는",
    "로",
    "요",
    "이면",
    "이라면",
}
UNIT = "명"


def snapshot_facts(
    s: StoredSnapshot, series: list[StoredSnapshot], kb: Knowledge, cfg: CovidConfig, *, table: str, fields=COUNT_FIELDS
) -> list[Fact]:
    """An added snapshot as the report's kind of facts: each count, and its change since the
    previous snapshot of the region (named 일일 증감 like the report's when that was the day before)."""
    country = is_country(s.region, kb)
    out = []
    for f in fields:
        v = s.counts.get(f)
        if v is None:
            continue
        metric = cfg.metric(f, country)
        base: dict[str, Any] = {
            "section": "III-1",
            "subject": s.region,
            "unit": UNIT,
            "lines": (),
            "as_of": s.as_of,
            "source_table": table,
            "subject_required": True,
        }
        out.append(
            Fact(
                id=f"{SNAPSHOT_PREFIX}{s.id}.{f}",
                label=f"{s.region} {metric}",
                metric=metric,
                text=f"{v:,}",
                value=float(v),
                **base,
            )
        )
        prev = previous(series, s, f)
        if prev is not None:
            p = prev.counts[f] or 0
            change = f"{metric} 일일 증감" if day_before(prev.as_of, s.as_of) else f"{metric} 증감"
            out.append(
                Fact(
                    id=f"{SNAPSHOT_PREFIX}{s.id}.{f}_change",
                    label=f"{s.region} {change}",
                    metric=change,
                    text=signed_count(v - p) if v != p else "0",
                    value=float(v - p),
                    note=f"직전 {date_text(prev.as_of)} 기준 {p:,}{UNIT} → {v:,}{UNIT}",
                    **base,
                )
            )
    return out


def overlay(kb: Knowledge, stored: list[StoredSnapshot], cfg: CovidConfig) -> tuple[Knowledge, Knowledge]:
    """The current and the history views of the knowledge base with the added snapshots."""
    by_region = report_facts_by_region(kb)
    series = timeline(report_snapshots(kb), stored)
    added_regions = [r for r, items in series.items() if any(not is_report(s) for s in items)]  # in order
    replaced_ids = {f.id for r in added_regions for facts in by_region.get(r, {}).values() for f in facts}
    base = [f for f in kb.facts if f.id not in replaced_ids]
    current: list[Fact] = []
    history: list[Fact] = []
    for region in added_regions:
        items = series[region]
        table = COUNTRY_TABLE if is_country(region, kb) else DOMESTIC_TABLE
        for f in COUNT_FIELDS:  # the newest figure of each count
            holding = [s for s in items if s.counts.get(f) is not None]
            if not holding:
                continue
            newest = holding[-1]
            if is_report(newest):
                current += by_region.get(region, {}).get(f, [])
            else:
                current += snapshot_facts(newest, items, kb, cfg, table=table, fields=(f,))
        by_day: dict[str, StoredSnapshot] = {}
        for s in items:  # that day's last snapshot
            by_day[s.as_of[:10]] = s
        for s in by_day.values():
            if is_report(s):
                history += [
                    replace(f, period=(f.as_of or "")[:10] or None)
                    for fs in by_region.get(region, {}).values()
                    for f in fs
                ]
            else:
                history += [
                    replace(f, period=s.as_of[:10])
                    for f in snapshot_facts(s, items, kb, cfg, table=f"{SNAPSHOT_PREFIX}{s.id}")
                ]
    summary_ids = {f.id for f in kb.facts if f.source_table == DOMESTIC_TABLE and f.id.endswith(".confirmed")}
    newest_confirmed = [f.id for f in current if f.id.endswith(".confirmed") and f.id.startswith(SNAPSHOT_PREFIX)]

    def with_summaries(facts: list[Fact], new_ids: list[str]) -> Knowledge:
        sections = dict(kb.sections)
        s = sections.get("III-1")
        if s is not None and new_ids:  # the section summary shows the newest figures
            kept = [i for i in s.summary_facts if i not in summary_ids or i not in replaced_ids]
            sections["III-1"] = replace(s, summary_facts=tuple(new_ids + kept))
        return replace(kb, facts=base + facts, sections=sections)

    return with_summaries(current, newest_confirmed), replace(kb, facts=base + history)


def _without(text: str, words: list[str]) -> str:
    """The text with these words removed, also when written with spaces ("보고서 기준")."""
    for w in sorted(words, key=len, reverse=True):
        text = re.sub(r"\s*".join(map(re.escape, w)), " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


class LiveEngine:
    """The engine contract (answer, topics, covid_status, …) over the report and its snapshots."""

    def __init__(
        self,
        kb: Knowledge,
        intents: IntentConfig,
        store: StateStore | None,
        cfg: CovidConfig | None = None,
        *,
        reload_kb: Any = None,
    ):
        self.cfg = cfg or load_config()
        self.store = store
        self._intents = intents
        self._reload_kb = reload_kb  # () -> Knowledge | None: a rebuilt knowledge base, when there is one
        self.report = Engine(kb, intents)
        self._revision = -1
        self._warned = False
        self.snapshots: list[StoredSnapshot] = []
        self.current = self.report
        self.history = self.report
        self.refresh()

    @classmethod
    def load(cls, state_db: Path | None = None, db_path: Path | None = None, *, quiet: bool = False) -> LiveEngine:
        """The report's knowledge base (built when needed) and the snapshots of the state database
        (REPORTBOT_STATE_DB, or its default)."""
        from bot.build import ensure_database
        from bot.state import SQLiteStateStore
        from bot.store import read_knowledge

        db = db_path or paths.knowledge_db()
        ensure_database(db, paths.knowledge_dir(), quiet=quiet)
        stamp = [_file_stamp(db)]

        def reload_kb() -> Knowledge | None:
            now = _file_stamp(db)
            if now is None or now == stamp[0]:
                return None
            stamp[0] = now
            return read_knowledge(db)

        store = SQLiteStateStore(state_db or default_state_db())
        return cls(read_knowledge(db), load_intents(paths.intents_file()), store, reload_kb=reload_kb)

    def warm(self) -> None:
        """Build at start what the engines answering build at their first question (Engine.warm)."""
        for engine in {id(e): e for e in (self.report, self.current, self.history)}.values():
            engine.warm()

    # -- reloading ---------------------------------------------------------------------------
    def refresh(self, *, force: bool = False) -> bool:
        """Rebuild the views when the snapshots or the knowledge database changed. True when it did."""
        kb = self._reload_kb() if self._reload_kb else None
        if kb is not None:
            self.report = Engine(kb, load_intents(paths.intents_file()))
            force = True
        try:
            revision = self.store.revision() if self.store is not None else 0
            if revision == self._revision and not force:
                return False
            snapshots = self.store.snapshots() if self.store is not None else []
        except StateError as exc:  # a broken state database never stops the answers
            if not self._warned:
                log.warning("COVID snapshots unavailable, answering from the report (and the last ones read): %s", exc)
            self._warned = True
            if kb is not None:
                self.current = self.history = self.report
            return kb is not None
        self._warned = False
        self._revision = revision
        self.snapshots = snapshots
        if not self.snapshots:
            self.current = self.history = self.report
            return True
        current, history = overlay(self.report.kb, self.snapshots, self.cfg)
        config = replace(
            self.report.config,
            filler_words=self.report.config.filler_words | {compact(w) for w in self.cfg.filler_words},
        )
        self.current = Engine(current, config)
        self.history = Engine(history, config)
        return True

    # -- answering ---------------------------------------------------------------------------
    def answer(self, question: str, conversation: Conversation | None = None) -> Answer:
        text = question or ""
        if any(compact(w) in compact(clean(text)) for w in self.cfg.report_words):  # "보고서 기준 서울 확진자"
            ans = self.report.answer(self._rest_or_previous(text, self.cfg.report_words, conversation), conversation)
            ans.question = question
            return ans
        if self.current is self.report:
            return self.report.answer(question, conversation)
        parsed = parse(clean(text), self.history.res.vocab)
        if parsed.dates or parsed.intent == "trend":  # "4월 18일 서울 확진자", "서울 확진자 추이"
            ans = self.history.answer(question, conversation)
            if not ans.answered:
                ans = self._no_snapshot_on(parsed.dates, parsed, conversation) or ans
        else:  # "오늘 서울 확진자", "최신 전국 현황": the newest is what the current view answers
            ans = self.current.answer(_without(text, self.cfg.newest_words), conversation)
            ans.question = question
        return self._mark_newer(ans)

    @staticmethod
    def _rest_or_previous(text: str, words: list[str], conversation: Conversation | None) -> str:
        """The question without `words`; when nothing is left ("보고서 기준으로는?"), the question before."""
        rest = _without(text, words)
        leftover = re.sub(r"[^가-힣A-Za-z0-9]", "", rest)
        previous_q = conversation.last_answer.question if conversation and conversation.last_answer else None
        if previous_q and (not leftover or leftover in LEFTOVERS):
            return previous_q
        return rest

    def _no_snapshot_on(self, dates: list[str], parsed, conversation: Conversation | None) -> Answer | None:
        """ "4월 20일 서울 확진자" with no snapshot that day: the nearest days that have one."""
        series = timeline(report_snapshots(self.report.kb), self.snapshots)
        named = [m.canonical for m in parsed.matches if m.kind == "subject" and m.canonical in series]
        if not named and conversation is not None:
            named = [s for s in (conversation.slots or {}).get("subjects", []) if s in series]
        day = dates[0][:10]
        if not named or "~" in dates[0]:
            return None
        region = named[0]
        days = sorted({s.as_of[:10] for s in series[region]})
        if day in days:
            return None
        asked = date.fromisoformat(day)
        nearest = sorted(days, key=lambda d: (abs((date.fromisoformat(d) - asked).days), d))[:2]
        text = self.cfg.phrase(
            "no_snapshot_on",
            date=date_text(day),
            region=region,
            nearest=", ".join(date_text(d) for d in sorted(nearest)),
        )
        return Answer(question=parsed.text, answered=False, text=text, intent=None, confidence=0.0)

    def _mark_newer(self, ans: Answer) -> Answer:
        """An answer with added snapshots says their as-of time and that they are newer than the report."""
        ids = {r.id.split(".")[1] for r in ans.facts if r.id.startswith(SNAPSHOT_PREFIX)}
        if not ids:
            return ans
        used = [s for s in self.snapshots if str(s.id) in ids]
        which = "; ".join(
            self.cfg.phrase("snapshot_origin", region=s.region, as_of=date_text(s.as_of), source=s.source or "미기재")
            for s in sorted(used, key=lambda s: (s.region, s.as_of))
        )
        report = ", ".join(
            sorted(
                {date_text(s.as_of) for s in report_snapshots(self.report.kb) if s.region in {u.region for u in used}}
            )
        )
        notes = [self.cfg.phrase("newer_than_report", report=report, which=which)]
        notes += [
            self.cfg.phrase(
                "snapshot_warning", region=s.region, as_of=date_text(s.as_of), warning=self._korean(s.warning)
            )
            for s in used
            if s.warning
        ]
        if ans.source_line is None and ans.lines and ans.lines[-1].startswith("출처"):  # an answer of plain lines
            ans.lines, ans.source_line = ans.lines[:-1], ans.lines[-1]
        ans.notes = [*ans.notes, *notes]  # the notes go before the source line, in the text and in the parts
        ans.text = ans.parts_text()
        return ans

    def covid_series(self) -> dict[str, list[StoredSnapshot]]:
        """region → its snapshots, oldest first: the report's, then the added ones (for briefs and pushes)."""
        return timeline(report_snapshots(self.report.kb), self.snapshots)

    def _korean(self, text: str) -> str:
        """A stored warning ("confirmed: 640 ≠ isolated + …") with the counts' Korean names."""
        for f in sorted(COUNT_FIELDS, key=len, reverse=True):
            text = text.replace(f, self.cfg.labels[f])
        return text

    # -- the rest of the engine contract ------------------------------------------------------
    def covid_status(self) -> Answer:
        return self._mark_newer(self.current.covid_status())

    def section_summary(self, section_id: str) -> Answer:
        return self._mark_newer(self.current.section_summary(section_id))

    def __getattr__(self, name: str) -> Any:  # topics, budget_overview, schedule, source_passage, kb …
        if name in ("current", "report"):
            raise AttributeError(name)
        return getattr(self.current, name)


def default_state_db() -> Path:
    from bot.telegram.config import default_state_db as from_env
    from bot.telegram.config import merged_environment

    return from_env(merged_environment())


def load_if_state(db_path: Path | None = None) -> LiveEngine | None:
    """The live engine when the state database exists and holds snapshots (`ask`, `chat`), else None."""
    from bot.state import SQLiteStateStore, StateError

    state = default_state_db()
    if not state.is_file():
        return None
    store = SQLiteStateStore(state)
    try:
        if not store.snapshots():
            return None
    except StateError:
        return None
    finally:
        store.close()
    return LiveEngine.load(state, db_path)
