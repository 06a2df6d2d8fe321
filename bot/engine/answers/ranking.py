"""Ranking: the most or least of comparable figures (per department, per country, per category, per year)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from itertools import takewhile

from bot.answer import Answer
from bot.engine import compose, guard, operations, related
from bot.engine.phrasing import figure, particles, period_label
from bot.engine.resources import Resources
from bot.engine.retrieval import Query, Scored, asked_unit, counted_unit, unit_fits, word_share
from bot.engine.thresholds import DISTINCTIVE_IDF, EACH_ROW_CONFIDENCE, JOINED, MAX_CHOICES, MIN_ROW_KIND_LETTERS
from bot.engine.turn import Turn
from bot.engine.understand import Parsed, occurrences, words_outside_names
from bot.korean import words
from bot.korean.textnorm import compact
from bot.records import Fact


def ranking_groups(res: Resources, q: Query) -> list[list[Fact]]:
    """Comparable figures for a ranking: one metric and period, varying by subject (per
    department, per country) or by category (per outcome), totals left out."""
    named = [x for x in q.subjects if x in res.fact_subjects]
    whole_only = all(x not in res.row_subjects for x in named)  # "기조실에서 … 담당관": rows of it
    scored = [
        s
        for s in res.index.facts(q, need_subject=False)
        if s.metric_share == 1.0
        and (s.subject_share == 1.0 or not named or (whole_only and s.fact.subject_required))
        and s.fact.value is not None
        and s.fact.text not in ("-", "－")
    ]  # "-" is "none", not a zero to rank
    groups: dict[tuple, list[Scored]] = defaultdict(list)
    for s in scored:
        f = s.fact
        if f.subject_required and f.subject not in q.subjects:  # per department / country
            groups[(f.source_table, f.metric, f.period, None, f.qualifier)].append(s)
        else:  # per category of one subject (심사결과 적정 / 조건부추진 …)
            groups[(f.source_table, f.metric, f.period, f.subject, None)].append(s)
    out = []
    named_whole = any(s in res.fact_subjects and s not in res.row_subjects for s in q.subjects)

    def rank(g: list[Scored]) -> tuple:
        per_subject = len({s.fact.subject for s in g}) > 1
        table = res.kb.tables.get(g[0].fact.source_table or "")
        # "정원이 제일 적은 담당관": the question names what varies (rows, or categories)
        kinds = (
            ((table.spec.get("row_kind") if per_subject else table.spec.get("category_kind")) or []) if table else []
        )
        named_kind = any(compact(k) in q.compact for k in kinds)
        return (not named_kind, per_subject == named_whole, -max(s.score for s in g))

    # equally good: a total over the periods, then the latest day ("신규 확진자": 4.16, not 4.13)
    latest_first = sorted(groups.values(), key=lambda g: g[0].fact.period or "~", reverse=True)
    for members in sorted(latest_first, key=rank):
        per_subject = len({s.fact.subject for s in members}) > 1  # (the rows' own totals are ranked: 합계 정원)
        categories = {s.fact.qualifier or "" for s in members}
        facts = [
            s.fact
            for s in members
            if per_subject
            or (
                (s.fact.qualifier or "").split()[-1:] not in (["계"], ["합계"], ["전체"])
                and not any(
                    (s.fact.qualifier or "").startswith(f"{x} ") for x in categories
                )  # 예산지원형 시설: in 예산지원형
            )
        ]
        if len({(f.subject, f.qualifier) for f in facts}) >= 2:
            out.append(facts)
    return out


def ranked_query(res: Resources, p: Parsed, q: Query) -> Query:
    """The query whose figures are ranked: of the rows of a whole the question names by their kind
    ("기조실에서 정원 제일 적은 담당관": the rows, not the whole), or of the whole just asked
    ("기조실 여성공무원 몇 명" → "그 중에 제일 많은 데는?")."""
    qq = replace(q)
    row_kinds = {compact(k) for t in res.kb.tables.values() for k in t.spec.get("row_kind") or ()}
    rows_asked = any(k in p.compact for k in row_kinds) or any(w in p.compact for w in words.AMONG_THOSE_WORDS)
    if q.subjects and all(s not in res.row_subjects for s in q.subjects) and rows_asked:
        qq.subjects = []
    return qq


def changed(turn: Turn, res: Resources) -> Answer | None:
    """ "기금 중에 작년보다 늘어난 거 있어요?", "예산 늘어난 부서 어디어디": the things whose printed
    change (증감) grew, or shrank, each with its change; none is an answer too."""
    p, q = turn.parsed, turn.query
    picks_rows = any(w in p.compact for w in words.CHANGED_MODIFIERS)  # "예산 줄어든 담당관"
    if turn.intent not in ("change", "ranking") and not picks_rows:
        return None  # asked of one thing ("정책목표 한줄로", "몇 개로 줄었어"): not the rows that changed
    counted = picks_rows and counted_unit(p.compact) in COUNTS_OF_ROWS  # "… 담당관 몇 개": how many of them
    which_words = res.config.get("ranking").extra.get("which_changed_words") or ()
    asks_which = _rows_named_after(res, p.compact) or any(w in p.compact for w in which_words)  # "늘어난 기금은?"
    if not asks_which or not any(w in p.compact for w in words.CHANGE_RANKING_WORDS):
        return None
    if any(s in res.row_subjects for s in q.subjects):
        return None  # one row named ("서울 확진자 늘었어?"): its own change, not a list
    groups = ranking_groups(res, replace(ranked_query(res, p, q), metrics=["증감"]))
    if not groups:
        return None
    items = sorted(groups[0], key=lambda f: f.value or 0.0)
    shrank = any(w in p.compact for w in words.DECREASE_WORDS)
    picked = (
        [f for f in items if (f.value or 0.0) < 0] if shrank else [f for f in reversed(items) if (f.value or 0.0) > 0]
    )
    name = (lambda f: f.subject or "") if len({f.subject for f in items}) > 1 else (lambda f: f.qualifier or "")
    extra = res.config.get("ranking").extra
    head = particles(
        extra["changed_template"].format(
            direction=extra["decrease_word" if shrank else "increase_word"],
            items=", ".join(f"{name(f)} {figure(f)}" for f in picked) or extra["none_word"],
        )
    )
    if counted:  # the count asked first, the things counted after it
        head = f"{len(picked)}개 — {head}"
    listed = ["전체: " + ", ".join(f"{name(f)} {f.text}{f.unit}" for f in reversed(items))]
    return compose.facts_answer(
        res,
        p,
        q,
        picked or items,
        intent="ranking",
        confidence=0.8,
        head=head,
        extra=listed,
        computed=f"{len(items)}개 항목의 {items[0].metric} 비교",
        list_facts=False,
    )


def _rows_named_after(res: Resources, c: str) -> bool:
    """A change modifies a kind of table rows ("늘어난 기금은?", "줄어든 부서": which of them; the
    section files' `row_kind`), not a measure ("늘어난 금액은?") nor "the thing" ("감소한 거예요")."""
    return any(
        c.startswith(res.row_kinds, at + len(modifier))
        for modifier in words.CHANGED_MODIFIERS
        for at in occurrences(c, modifier)
    )


COUNTS_OF_ROWS = ("개", "곳")  # "몇 개", "몇 곳": a count of the rows that changed


def exceeding(turn: Turn, res: Resources) -> Answer | None:
    """ "현원이 정원보다 많은 부서 있어?": the rows whose one figure is above (below) their other,
    each with both; none is an answer too."""
    p, q = turn.parsed, turn.query
    spec = res.config.get("ranking")
    if len(q.metrics) != 2 or not any(w in p.compact for w in spec.extra.get("which_changed_words") or ()):
        return None
    if any(w in p.compact for w in spec.extra.get("superlative_words") or ()):
        return None  # "정원 대비 결원이 가장 큰 부서": the most, not every one above
    base_at = next((m.start for m in p.matches if m.kind == "word" and m.canonical in words.COMPARED_WITH), None)
    named = [m for m in p.matches if m.kind == "metric" and m.canonical in q.metrics]
    base = next((m.canonical for m in named if m.end == base_at), None)
    if base is None:
        return None
    asked = next(m for m in q.metrics if m != base)
    rows: dict[str, dict[str, Fact]] = {}
    for metric in (asked, base):
        groups = ranking_groups(res, replace(ranked_query(res, p, q), metrics=[metric]))
        for f in groups[0] if groups else []:
            rows.setdefault(f.subject or "", {})[metric] = f
    pairs = [(r[asked], r[base]) for r in rows.values() if asked in r and base in r]
    if len(pairs) < 2:
        return None
    less = p.direction == "min"
    picked = [(a, b) for a, b in pairs if (a.value or 0) < (b.value or 0) if less] or [
        (a, b) for a, b in pairs if not less and (a.value or 0) > (b.value or 0)
    ]
    head = particles(
        spec.extra["exceeding_template"].format(
            asked=asked,
            base=base,
            direction=spec.extra["fewer_word" if less else "more_word"],
            items=", ".join(f"{a.subject} ({asked} {figure(a)}, {base} {figure(b)})" for a, b in picked)
            or spec.extra["none_word"],
        )
    )
    facts = [f for pair in picked for f in pair] or [pairs[0][0]]
    return compose.facts_answer(
        res, p, q, facts, intent="ranking", confidence=0.8, head=head,
        computed=f"{len(pairs)}개 항목의 {asked}·{base} 비교", list_facts=False,
    )  # fmt: skip


def ranking_answer(res: Resources, p: Parsed, q: Query) -> Answer | None:
    if (word := two_measures_in_one_word(p)) and word in res.config.operation_words("difference"):
        # "결원 가장 많은 부서": 결원 is 정원 − 현원 of each row, no column the report ranks
        return compose.decline(res, p, q, what=res.config.phrase("ranking_of", what=word))
    if unranked := items_unranked(res, p):
        # "시투자심사 중 제일 큰 사업", "수탁기관 중 제일 큰 곳": the report ranks its categories, not those
        metric = next((m.canonical for m in p.matches if m.kind == "metric"), "")
        what = res.config.phrase("rows_of", kind=unranked, metric=metric) if metric else ""
        return compose.decline(res, p, q, what=what or res.config.phrase("ranking_of", what=f"{unranked}별"))
    qq = ranked_query(res, p, q)
    direction = p.direction
    if any(w in p.compact for w in words.CHANGE_RANKING_WORDS):
        qq.metrics = ["증감"]  # "가장 많이 줄어든 부서": rank the printed change
        direction = "min" if any(w in p.compact for w in words.DECREASE_WORDS) else "max"
    elif not qq.metrics and (qq.qualifiers or q.subjects):
        # "가장 작은 기금", "시 투자심사 결과 중 제일 많은 유형": rank by the table's first measure
        tables = [
            f.source_table
            for f in res.kb.facts
            if f.source_table
            and (
                (f.subject_required and f.qualifier and any(x in f.qualifier.split() for x in qq.qualifiers))
                or f.subject in q.subjects
            )
        ]
        if tables:
            columns = res.kb.tables[tables[0]].spec.get("columns") or {}
            first = next(iter(columns.values()), None)
            if first:
                qq.metrics = [first["metric"]]
    by_period = bool(
        re.search(r"(던|은|는|한|된|의|을|ㄹ)(해|년도|연도|날|때|시기)|(어느|몇|무슨)(해|년도|연도|날)", p.compact)
    ) or any(w in p.compact for w in words.WHEN_ASKED_WORDS)  # "언제 제일 많았어"
    # "일자리, 50억 이상, 지원예산 중 가장 높은 것": the things named, one figure each
    named = named_items(res, q) if not by_period else []
    # "둘 중에 더 많은 데": the two things asked before, never the days of one of them
    of_two = p.says_each
    series = (
        related.series(res, qq)
        if len(named) < 2 and (by_period or (not of_two and not ranking_groups(res, qq)))
        else []
    )
    if len(series) >= 2 and (kind := _rows_asked(res, p)):
        # "소송 제일 많이 걸린 부서": departments asked, the years of one figure are no answer
        what = res.config.phrase("rows_of", kind=kind, metric=series[0].metric)
        return compose.decline(res, p, q, what=what)
    asked = asked_unit(q)
    if len(series) >= 2 and not by_period and not q.metrics and not unit_fits(asked, series[0].unit):
        # no year asked ("언제", "많았던 해"), no measure named or carried, and the unit asked (or
        # none) is not the figures' ("가장 큰 소송 소가 얼마야": an amount, not 총수행건수 by year)
        unread = guard.unread_nouns(res, p, " ".join(f.label for f in series))
        return compose.decline(res, p, q, what=", ".join(unread) or None)
    if len(series) >= 2 and not by_period and not q.periods:
        # "대외협력기금 사업 중 제일 큰 사업 예산", "패소한 소송 중 배상액 제일 큰 거": things asked,
        # not a time; the years of one figure are no ranking of them
        unread = guard.unread_nouns(res, p, " ".join(f.label for f in series))
        return compose.decline(res, p, q, what=", ".join(unread) or None)
    if len(series) >= 2:
        items, name = series, (lambda f: period_label(f.period))
    elif len(named) >= 2:
        items, name = named, (lambda f: f.subject or "")
    else:
        groups = ranking_groups(res, qq)
        if not groups:
            return None
        kind = _rows_asked(res, p)
        if kind and not _of_kind(res, groups[0], kind):
            # "확진자 제일 많은 나라": 확진환자 is given for 전국 and 서울, the countries have their own measures
            measures = _measures_of_kind(res, p, kind)
            if len(measures) == 1:
                groups = ranking_groups(res, replace(qq, metrics=measures))
            if len(measures) != 1 or not groups or not _of_kind(res, groups[0], kind):
                return _ask_which_measure(res, p, q, kind, measures, direction)
        items = groups[0]
        varies_subject = len({f.subject for f in items}) > 1
        name = (lambda f: f.subject or "") if varies_subject else (lambda f: f.qualifier or "")
    reverse = direction != "min"
    ordered = sorted(items, key=lambda f: f.value, reverse=reverse)  # type: ignore[arg-type, return-value]
    best = ordered[0]
    ties = [f for f in ordered if f.value == best.value]
    most = spec_extra(res, "most_word" if reverse else "least_word")
    what = f"{best.metric}" + (
        f"({period_label(best.period)})" if best.period and name(best) != period_label(best.period) else ""
    )
    spec = res.config.get("ranking")
    place = place_asked(p.compact, spec.extra.get("ordinals") or {})
    if place and 1 < place <= len(ordered):  # "두 번째로 많은 부서": that place, the ranking below
        nth = ordered[place - 1]
        head = particles(
            spec.extra["place_template"].format(
                metric=what, place=place, direction="많은" if reverse else "적은", items=f"{name(nth)} {figure(nth)}"
            )
        )
        best = nth
    else:
        head = particles(
            spec.template.format(metric=what, direction=most, items=", ".join(f"{name(f)} {figure(f)}" for f in ties))
        )
        if both_ends_asked(res, p):  # "가장 많은 부서랑 가장 적은 부서": the other end too
            last = ordered[-1]
            other = [f for f in ordered if f.value == last.value]
            head += "\n" + particles(
                spec.template.format(
                    metric=what,
                    direction=spec_extra(res, "least_word" if reverse else "most_word"),
                    items=", ".join(f"{name(f)} {figure(f)}" for f in other),
                )
            )
    extra = ["순위: " + ", ".join(f"{i + 1}. {name(f)} {f.text}{f.unit}" for i, f in enumerate(ordered[:5]))]
    computed = f"{len(ordered)}개 항목의 {best.metric} 비교"
    ans = compose.facts_answer(
        res,
        p,
        q,
        ordered[:5],
        intent="ranking",
        confidence=0.8,
        head=head,
        extra=extra,
        computed=computed,
        list_facts=False,
    )
    ans.slots["subjects"] = [best.subject] if best.subject else []
    ans.slots["direction"] = ["max" if reverse else "min"]  # "두번째는?" next: the same ranking
    return ans


_PLACE = re.compile(r"(\d)(?:등|위|번째)")


def two_measures_in_one_word(p: Parsed) -> str | None:
    """A word of the question read as two measures at once (결원: 정원 and 현원; 인원 too), or None."""
    spans: dict[tuple[int, int], set[str]] = {}
    for m in p.matches:
        if m.kind == "metric":
            spans.setdefault((m.start, m.end), set()).add(m.canonical)
    return next((p.compact[a:b] for (a, b), names in spans.items() if len(names) >= 2), None)


def _kind_tables(res: Resources, kind: str) -> set[str]:
    """The tables whose rows people call by this word (`row_kind`: "나라" of the countries' table)."""
    return {name for name, t in res.kb.tables.items() if kind in {compact(k) for k in t.spec.get("row_kind") or ()}}


def _of_kind(res: Resources, facts: list[Fact], kind: str) -> bool:
    """The figures ranked are rows of a table of that kind."""
    return len({f.subject for f in facts}) > 1 and (facts[0].source_table or "") in _kind_tables(res, kind)


def _measures_of_kind(res: Resources, p: Parsed, kind: str) -> list[str]:
    """The measures of the tables of that kind whose name holds a measure word of the question
    ("확진자": 누적 확진자, 신규 확진자)."""
    said = [compact(m.surface) for m in p.matches if m.kind == "metric"]
    tables = _kind_tables(res, kind)
    found = [f.metric for f in res.kb.facts if f.source_table in tables and any(w in compact(f.metric) for w in said)]
    return list(dict.fromkeys(found))


def _ask_which_measure(
    res: Resources, p: Parsed, q: Query, kind: str, measures: list[str], direction: str | None
) -> Answer:
    """Asks which of the kind's measures is meant (at most MAX_CHOICES), or declines naming the
    ranking the report does not give ("부서별 확진환자")."""
    spoken = next((m.canonical for m in p.matches if m.kind == "metric"), "")
    if not 2 <= len(measures) <= MAX_CHOICES:
        return compose.decline(res, p, q, what=res.config.phrase("rows_of", kind=kind, metric=spoken))
    most = spec_extra(res, "least_word" if direction == "min" else "most_word")
    return compose.ask_back_with(res, p, q, [f"{m} {most} {kind}" for m in measures])


def spec_extra(res: Resources, key: str) -> str:
    """A word of the ranking intent of intents.yaml ("가장 많은")."""
    return str(res.config.get("ranking").extra[key])


NAMING_KINDS = ("subject", "metric", "qualifier", "aspect")  # a noun of these names the figures ranked
CONTENT_NOUN_TAGS = ("NNG", "NNP")  # a noun of its own (not a bound one: 것, 데, 건)
OBJECT_PARTICLE_TAG = "JKO"  # 을, 를


def items_unranked(res: Resources, p: Parsed) -> str:
    """A noun the question calls the things ranked that the report ranks no such things by, or ''.
    The things ranked are the noun after the superlative ("제일 큰 사업", "예산 제일 큰 수탁기관")
    or, when that is a word for anything ("곳", "거"), the last noun before 중 ("수탁기관 중 제일 큰
    곳"). Such a noun is fine when it is a word for a table's rows or categories (the section files'
    `row_kind`, `category_kind`), names the figures (a subject, measure or category of the
    question), or is a word for any ranking's items (words.yaml ranked_any_words)."""
    read = p.analyzer.morphemes(p.text)
    superlatives = {compact(w) for w in res.config.get("ranking").extra.get("superlative_words") or ()}
    at = next((i for i, m in enumerate(read) if m[0] in superlatives), None)
    if at is None:
        return ""
    kinds = res.item_kinds
    named = [(m.start, m.end) for m in p.matches if m.kind in NAMING_KINDS]

    def unranked(piece: str, start: int, end: int) -> bool:
        return (
            piece in res.vocab.report_text  # (a word the report never writes is another guard's: "해언" of "해언제")
            and piece not in kinds
            and piece not in words.RANKED_ANY_WORDS
            and not any(a < end and start < b for a, b in named)
        )

    head, run = None, []
    for i in range(at + 1, len(read) - 1):
        if "ETM" in read[i][3]:
            head = read[i + 1]
            run = list(takewhile(lambda m: m[3] in CONTENT_NOUN_TAGS, read[i + 1 :]))
            if not read[i + 2 : i + 3] or not read[i + 2][3].startswith(OBJECT_PARTICLE_TAG):
                break  # ("가장 큰 규모를 차지하는 담당관": 규모 is what the 담당관 has, the 담당관 is ranked)
    if head is not None and head[3] in CONTENT_NOUN_TAGS:
        if any(m[0] in kinds or m[0] in words.RANKED_ANY_WORDS for m in run):
            return ""  # "가장 큰 위탁 유형": a word for the categories, however it begins
        return head[0] if unranked(*head[:3]) else ""
    among = next((i for i in range(at - 1, 0, -1) if read[i][0] in words.AMONG_WORDS and read[i][3] == "NNB"), None)
    before = read[among - 1] if among is not None else None
    if before is not None and before[3] in CONTENT_NOUN_TAGS and unranked(*before[:3]):
        return before[0]
    return ""


def _rows_asked(res: Resources, p: Parsed) -> str:
    """The kind of rows a table ranks that the question names as a word of its own ("부서",
    "나라"; a table's `row_kind`, "곳" aside: any place of a ranking is one), not inside a known
    name (the 담당관 of 법률지원담당관, the 과 of 결과), or ''."""
    kinds = {compact(k) for t in res.kb.tables.values() for k in t.spec.get("row_kind") or ()} - {"곳"}
    longest_first = [k for k in sorted(kinds, key=len, reverse=True) if len(k) >= MIN_ROW_KIND_LETTERS]
    return next(iter(words_outside_names(p, longest_first)), "")


def place_asked(c: str, ordinals: dict[str, int]) -> int | None:
    """The place of a ranking a compact question asks: "두번째로" → 2, "3등" → 3 (none: the first)."""
    for word, n in ordinals.items():
        if compact(word) in c:
            return int(n)
    m = _PLACE.search(c)
    return int(m.group(1)) if m else None


def named_items(res: Resources, q: Query) -> list[Fact]:
    """The best figure of each thing the question names, when it names several (in full or
    in part), for the same period."""
    best: dict[str, Fact] = {}
    for s in res.index.facts(replace(q, subjects=[]), need_subject=False):
        named = s.fact.subject in q.subjects or (
            word_share(s.fact.subject, q) >= 0.5 and _distinctive_word_named(res, s.fact.subject, q)
        )
        if s.metric_share == 1.0 and named and s.fact.value is not None and s.fact.subject not in best:
            best[s.fact.subject or ""] = s.fact
    facts = list(best.values())
    periods = {f.period for f in facts}
    if len(periods) > 1:  # compare like with like: the report's year
        facts = [f for f in facts if (f.period or "").startswith(res.config.report_year)]
    return facts if len(facts) >= 2 else []


def both_ends_asked(res: Resources, p: Parsed) -> bool:
    """The most and the least asked together: words of both directions (intents.yaml ranking
    descending, ascending) and two superlatives or a join between them ("가장 큰 부서랑 작은 부서")."""
    extra = res.config.get("ranking").extra
    plain = p.compact
    for word in res.config.relative_years:  # the 작 of 작년 is no "작은"
        plain = plain.replace(word, "#") if word else plain
    down = any(compact(w) in plain for w in extra.get("ascending") or ())
    up = any(compact(w) in plain for w in extra.get("descending") or ())
    superlatives = sum(plain.count(compact(w)) for w in extra.get("superlative_words") or ())
    return down and up and (superlatives >= 2 or bool(JOINED.search(p.text)))


def _distinctive_word_named(res: Resources, subject: str | None, q: Query) -> bool:
    """Letters of the name the question writes that are not everywhere in the report ("일자리" of
    일자리 사업 names it, "50억" 50억원 이상 투자사업; the "사업" of either names every programme)."""
    c = compact(subject or "")
    return any(
        c[i : i + 2] in q.compact and res.index.idf.get(c[i : i + 2], 0.0) >= DISTINCTIVE_IDF for i in range(len(c) - 1)
    )


def answer(turn: Turn, res: Resources) -> Answer | None:
    return ranking_answer(res, turn.parsed, turn.query)


def each_row(turn: Turn, res: Resources) -> Answer | None:
    """ "기금별 예산", "부서마다 현원 몇 명", "기금 종류별로 올해 금액": every row of the table whose
    rows the question names so, of the measure asked (the table's first measure when none is),
    at the latest period unless one is named, in the table's order. Not a ranking (no most or
    least asked), not of one row named."""
    p, q = turn.parsed, turn.query
    kinds = res.rows_asked(p.compact)
    summing = operations.asked(p.compact, res.config) == "sum"
    # "5개 나라 누적 확진 합계", "부서 현원 다 합치면": every row, to be summed (of a year named: lookup)
    to_sum = not kinds and summing and not p.periods
    if to_sum:  # a word of its own, not inside a name (담당관 of 기획담당관, 국가 of 국가보조금)
        names = [(m.start, m.end) for m in p.matches if m.kind != "keyword"]
        kinds = [
            k
            for k in res.row_kinds
            if len(k) >= MIN_ROW_KIND_LETTERS
            and any(
                not any(a <= at and at + len(k) <= b and b - a > len(k) for a, b in names)
                for at in occurrences(p.compact, k)
            )
        ][:1]
    if not kinds or any(s in res.row_subjects for s in q.subjects):
        return None
    operation_words = [
        w for name in res.config.operations if not (summing and name == "sum") for w in res.config.operation_words(name)
    ]
    if any(w in p.compact for w in (*res.config.get("ranking").keywords, *operation_words)):
        return None  # "부서별 제일 많은 데", "부서별 결원" (정원 − 현원): a ranking or an operation asked
    tables = _kind_tables(res, kinds[0])
    qq = replace(q, subjects=[s for s in q.subjects if s in res.row_subjects])
    if p.intent == "change":
        qq.metrics = ["증감"]  # "부서별로 예산 얼마나 늘었어": each row's printed change (as rankings of changes)
    if not qq.metrics:
        firsts = [next(iter((res.kb.tables[t].spec.get("columns") or {}).values()), None) for t in sorted(tables)]
        qq.metrics = [c["metric"] for c in firsts if c][:1]

    def of_kind(query: Query) -> list[list[Fact]]:
        return [g for g in ranking_groups(res, query) if (g[0].source_table or "") in tables]

    groups = of_kind(qq)
    if not groups:  # "나라별 확진자": the kind's measures holding the word asked (누적, 신규)
        measures = _measures_of_kind(res, p, kinds[0])
        if 2 <= len(measures) <= MAX_CHOICES:
            each = words.PER_ROW_WORDS[0]
            return compose.ask_back_with(res, p, q, [f"{kinds[0]}{each} {m}" for m in measures])
        if len(measures) == 1:
            groups = of_kind(replace(qq, metrics=measures))
    # a category named that the rows are not of ("부서별 기금 예산": funds are listed by fund only)
    named = [x for x in p.canon("qualifier") if compact(x) not in {compact(k) for k in kinds}]
    if to_sum:
        named = [x for x in named if x not in operations.TOTAL_WORDS]  # "합계": the sum asked, no category
    groups = [g for g in groups if all(x in (g[0].qualifier or "").split() or x == g[0].qualifier for x in named)]
    if to_sum and (not groups or len({g[0].source_table for g in groups}) > 1):
        return None  # "기금 합계": the report's own total; "부서 예산 합계": 일반회계 and 특별회계, its total line
    if not groups:  # "부서별 승소율": no such rows; not the whole's figure either
        metric = next((m.canonical for m in p.matches if m.kind == "metric"), "")
        asked = " ".join([*named, metric]).strip()  # (the words asked only, not a measure assumed)
        return compose.decline(res, p, q, what=res.config.phrase("rows_of", kind=kinds[0], metric=asked))
    rows = sorted(groups[0], key=lambda f: f.lines)
    first = rows[0]
    # the rows' category in the heading: "부서별 일반회계 예산", the departments' 특별회계 is another table
    category = first.qualifier or ""
    if compact(category) == kinds[0] or (category.split() or [""])[-1] in words.WHOLE_MEASURE_WORDS:
        category = ""  # (the kind itself, or the rows' own totals: "부서별 현원")
    what = " ".join(x for x in (category, first.metric) if x)
    what += f" ({period_label(first.period)})" if first.period else ""
    # (named by the table's own first word for its rows: "나라별", however the question said it, "5개국")
    shown = (
        next(iter(res.kb.tables[first.source_table].spec.get("row_kind") or []), kinds[0])
        if first.source_table
        else kinds[0]
    )
    head = res.config.phrase("rows_of", kind=shown, metric=what) + ":"
    ans = compose.facts_answer(res, p, q, rows, intent="lookup", confidence=EACH_ROW_CONFIDENCE, head=head)
    ans.slots["subjects"] = qq.subjects  # "그 중에 제일 많은 데는?" next: among the rows, not one row's years
    ans.slots["rows"] = [kinds[0]]  # "작년은?", "사업수는?" next: every row again (pipeline.continue_rows)
    ans.slots["tables"] = sorted(tables)  # … of a measure these tables give
    return ans
