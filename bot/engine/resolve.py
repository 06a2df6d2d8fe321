"""Resolve follow-up: which slots a question borrows from the conversation so far ("작년은?" keeps
the subject and metric, "정원은?" the subject, "전국은?" the metric). Parsed + Conversation → Query."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from bot.answer import Conversation
from bot.engine import before_after, kinds, operations
from bot.engine.related import first_measure
from bot.engine.resources import Resources
from bot.engine.retrieval import (
    GENERIC_MEASURES,
    Query,
    asked_unit,
    counted_unit,
    holds_period,
    size_match,
    unit_fits,
)
from bot.engine.thresholds import (
    AMONG,
    ASKING,
    CARRIED_METRIC_SHARE,
    CHANGE_WORDS,
    COMMON_UNITS,
    COMPARED_WITH,
    JOINED,
    MAX_CHOICES,
    MAX_FILLER_LETTERS,
    MEASURE_HEAD_LETTERS,
    NUMBERED,
    PERIOD_WORDS,
    SIBLING_BIGRAMS,
    THAT_TIME,
    WHOLE_WORD_LETTERS,
)
from bot.engine.understand import Match, Parsed, content_words, several_asked, without_names
from bot.korean import words
from bot.korean.textnorm import bigrams, compact, strip_ending
from bot.records import Fact


def text_name_as_figure(res: Resources, p: Parsed, q: Query) -> Query:
    """A figure asked of a name only text items have, read as a figure's subject and category
    (`Resources.figure_readings`: "계약 사전검토 2019년에 몇 건" is 계약심사's 사전검토 count)."""
    readings = [res.figure_readings[s] for s in q.subjects if s in res.figure_readings]
    if not readings or not any(w in p.compact for w in res.config.figure_asking_words):
        return q
    subjects = [res.figure_readings[s][0] if s in res.figure_readings else s for s in q.subjects]
    categories = [c for _, c in readings if c not in q.qualifiers]
    return replace(q, subjects=list(dict.fromkeys(subjects)), qualifiers=[*q.qualifiers, *categories])


def with_row_unit_defaults(res: Resources, q: Query) -> Query:
    """A how-many asked of things that names no metric ("공기업담당관 사람 몇 명이야", "기조실 임기제
    몇 명") asks for the metrics bot/korean/words.yaml `row_unit_defaults` gives for that unit,
    where every thing named has them; with no thing named, where every category named has them
    ("임기제 몇 명": its 정원 and 현원)."""
    if q.metrics or not (q.subjects or q.qualifiers):
        return q
    defaults = words.ROW_UNIT_DEFAULTS.get(asked_unit(q) or "", ())
    if q.subjects:
        named = [res.facts_of_subject.get(s, ()) for s in q.subjects]
    else:
        kinds = [x for x in q.qualifiers if x not in words.DEFAULT_QUALIFIERS]  # "전체" picks no kind
        named = [res.facts_of_qualifier.get(x, ()) for x in kinds]
    held = [m for m in defaults if named and all(any(f.metric == m for f in facts) for facts in named)]
    return replace(q, metrics=held) if held else q


def with_unit_measure(res: Resources, q: Query) -> Query:
    """A count asked in a unit only one metric of the report is counted in ("몇 개국": 발생 국가
    수, the one figure in 개국) names that metric, when the question names none or only metrics
    never counted in it ("몇 개국에서 확진자 나왔어": not 확진자, in 명)."""
    unit = counted_unit(q.compact)
    if not unit or unit in COMMON_UNITS:
        return q
    metrics = {f.metric for f in res.kb.facts if f.unit == unit}
    if len(metrics) != 1 or set(q.metrics) & metrics:
        return q
    return replace(q, metrics=sorted(metrics), words=[w for w in q.words if w not in q.metrics])


def with_table_measure(res: Resources, q: Query) -> Query:
    """Rows of a table named with the table's category but no metric ("법률지원담당관이랑
    국제교류담당관 2020 일반회계 차이"): the table's first measure (예산 of the 일반회계 table); also
    with no row named, when an amount is asked in the table's unit ("특별회계 작년 금액"), and with
    no category named, when an amount is asked of rows of a table in money ("대외협력기금 금액")."""
    if q.metrics or not (q.qualifiers or (q.subjects and any(w in q.compact for w in words.MONEY_WORDS))):
        return q
    for name, table in res.kb.tables.items():
        if q.qualifiers and table.spec.get("qualifier") not in q.qualifiers:
            continue
        if not q.qualifiers and not unit_fits("원", table.spec.get("unit") or ""):
            continue  # "대외협력기금 금액": an amount asked of a row, the measure of a table in money
        if not q.subjects and (len(q.qualifiers) > 1 or not unit_fits(asked_unit(q), table.spec.get("unit") or "")):
            continue  # no row named: only an amount asked of the one category ("특별회계 작년 금액")
        first = first_measure(table.spec)
        rows = all(any(f.source_table == name for f in res.facts_of_subject.get(s, ())) for s in q.subjects)
        if first and rows:
            return replace(q, metrics=[first])
    return q


def amount_of_last(res: Resources, p: Parsed, conv: Conversation) -> Query | None:
    """A follow-up asking only an amount of money ("금액은?", "액수는"; words.yaml money_words)
    asks the figure in money the last answer showed (of its subject, category and period), when
    it showed exactly one; None otherwise."""
    if p.canon("subject") or p.canon("metric") or p.canon("qualifier") or p.periods:
        return None
    asked = THAT_TIME.sub("", p.compact)  # "그때 금액은": of the time just asked, as the figures are
    if strip_ending(asked) not in words.MONEY_WORDS or conv.last_answer is None:
        return None
    shown = [f for r in conv.last_answer.facts if (f := res.facts_by_id.get(r.id)) is not None and f.value is not None]
    money = [f for f in shown if unit_fits("원", f.unit)] or [a for f in shown if (a := amount_of_rate(res, f))]
    if conv.last_answer.intent == "change" and (sides := _two_sides(money)):
        # "금액으로는?" after 집행률 2019 → 2020: the same change of the amounts
        return Query(
            compact=p.compact,
            subjects=[sides[0].subject] if sides[0].subject else [],
            metrics=[sides[0].metric],
            periods=[f.period for f in sides if f.period],
            sections=[sides[0].section],
        )
    if len(money) != 1:
        return None
    f = money[0]
    return Query(
        compact=p.compact,
        subjects=[f.subject] if f.subject else [],
        metrics=[f.metric],
        qualifiers=[f.qualifier] if f.qualifier else [],
        periods=[f.period[:4]] if f.period else [],
        sections=[f.section],
    )


def _two_sides(figures: list[Fact]) -> list[Fact]:
    """Two figures of one subject and measure at two times (the sides of a change), oldest first."""
    if len(figures) != 2 or len({(f.subject, f.metric, f.unit) for f in figures}) != 1:
        return []
    if len({f.period for f in figures}) != 2 or not all(f.period for f in figures):
        return []
    return sorted(figures, key=lambda f: f.period or "")


def amount_of_rate(res: Resources, rate: Fact) -> Fact | None:
    """The amount a rate is of, on its line ("집행률" 22.7%: 집행액 4조 8,428억원 of the same subject,
    category and time; words.yaml rate_suffixes, amount_ending)."""
    metric = rate.metric
    suffix = next((e for e in words.RATE_SUFFIXES if metric.endswith(e)), None)
    if rate.unit != "%" or suffix is None:
        return None
    amount = metric[: -len(suffix)] + words.AMOUNT_ENDING
    found = [
        f
        for f in res.facts_of_subject.get(rate.subject or "", ())
        if f.metric == amount and f.qualifier == rate.qualifier and f.as_of == rate.as_of and f.period == rate.period
    ]
    return found[0] if len(found) == 1 else None


ASKED_HOW_MANY = "몇"  # a question that begins with it asks a count and names nothing before it


def measured_in(res: Resources, q: Query, subjects: list[str]) -> Query:
    """A follow-up asking only a unit ("몇 개국이야?" after 전세계 확진자): the one metric of the
    subject just asked about that is counted in it, or a table row's metrics for that unit
    (words.yaml row_unit_defaults: "몇 명" of a department); else the question as it is."""
    if subjects and (named := _named_by_its_unit(res, q, subjects)):
        return replace(q, subjects=list(subjects), metrics=named)  # "처는?" after 시립대 대학원: its 6처
    unit = asked_unit(q)
    if not unit or not subjects:
        return q
    metrics = {f.metric for s in subjects for f in res.facts_of_subject.get(s, ()) if unit in f.unit}
    if len(metrics) == 1:
        return replace(q, subjects=list(subjects), metrics=sorted(metrics))
    rows = with_row_unit_defaults(res, replace(q, subjects=list(subjects)))  # 몇 명: 정원 and 현원
    if rows.metrics:
        return rows
    # the unit alone asked, naming what is counted ("몇 팀?" after 정책연수 참가 인원: its 참가 and 희망
    # 팀 수, not 기획조정실's 51팀)
    counted = sorted(m for m in metrics if unit in m)
    if 1 < len(counted) <= MAX_CHOICES and q.compact.startswith(ASKED_HOW_MANY):
        return replace(q, subjects=list(subjects), metrics=counted)
    return q


def _named_by_its_unit(res: Resources, q: Query, subjects: list[str]) -> list[str]:
    """The one measure of the last subjects whose figure is counted in the word the follow-up says
    alone, its ending aside ("처는?": 시립대학교's 처 수, counted in 처)."""
    word = strip_ending(q.compact.rstrip("?"))
    metrics = {f.metric for s in subjects for f in res.facts_of_subject.get(s, ()) if word and f.unit == word}
    return sorted(metrics) if len(metrics) == 1 else []


def in_the_last_subject(res: Resources, p: Parsed, q: Query, subjects: list[str]) -> Query:
    """A follow-up naming nothing known, whose words are written in the figures of the subject just
    asked about ("위원 몇명?" after 행정심판위원회 예산: its 심판위원 정원 and 현원): of that subject, not
    of another whose figures hold the same letters (투자심사위원회 위원 수). Else the question as it is."""
    words_ = content_words(p, res.config)
    if not words_ or not subjects:
        return q
    labels = " ".join(compact(f.label) for s in subjects for f in res.facts_of_subject.get(s, ()))
    if all(w in labels for w in words_):
        return replace(q, subjects=list(subjects))
    return q


def _in_unit_of(word: str, unit: str) -> bool:
    """The unit a word asks (words.yaml unit_words: 금액 → 원) fits the figure's unit (백만원)."""
    return unit_fits(words.UNIT_WORDS.get(compact(word), ""), unit)


def measured_together(res: Resources, metrics: list[str], prev: dict, subjects: list[str]) -> bool:
    """The measures named now and those just asked are columns of one table of these subjects
    ("증감은?" after "일반회계 예산": the budget table's) or figures of one line of the report, or
    nothing was asked before: then a category of the one carries over to the other. "몇 명 뽑아"
    (회의별 선정 위원 수) after "외부위원은?" (위원 현원) is no 외부 figure."""
    before = list(prev.get("metrics") or ())
    if not before:
        return True
    old = [f for m in before for f in res.facts_of_metric.get(m, ()) if f.subject in subjects]
    new = [f for m in metrics for f in res.facts_of_metric.get(m, ()) if f.subject in subjects]
    if not new:
        return True  # a word of the measure only ("비율" of 송무지원 비율): the category says which
    tables = {f.source_table for f in old if f.source_table}
    lines = {n for f in old for n in f.lines}  # or written on one line of the report ("445건(77%)")
    return any(f.source_table in tables or lines.intersection(f.lines) for f in new)


def other_sides_asked(p: Parsed, prev: dict) -> list[str]:
    """The other side of the pair an aspect just asked is one side of ("관리대상 현행" → "관리대상
    개선", words.yaml before_after_pairs), when the question names that side's word."""
    out = []
    for aspect in prev.get("aspects") or ():
        other = before_after.other_side(aspect)
        if other and compact(other.split()[-1]) in p.compact and compact(aspect.split()[-1]) not in p.compact:
            out.append(other)
    return out


def endpoints(periods: list[str]) -> list[str]:
    """A span of years ("2017~2019") as its first and last year, the two a change is between."""
    out: list[str] = []
    for x in periods:
        out += [y for y in x.split("~") if y not in out] if "~" in x else [x]
    return out


def change_of_previous(res: Resources, q: Query, prev: dict, asks_change: bool = False) -> Query | None:
    """A follow-up naming only a change ("증감은?", "증가는?"), or asking one and naming nothing
    ("전날보다 몇 명 줄었어"), asks for the change of the figure just answered, when the report
    prints one beside it (a metric holding the previous one and a change word)."""
    names_a_change = bool(q.metrics) and all(m in CHANGE_WORDS for m in q.metrics)
    if q.subjects or not (names_a_change or (asks_change and not q.metrics)):
        return None
    subjects, metrics = list(prev.get("subjects") or []), list(prev.get("metrics") or [])
    changes = sorted(
        {
            f.metric
            for s in subjects
            for f in res.facts_of_subject.get(s, ())
            for m in metrics
            if f.metric != m and f.metric.startswith(m) and any(w in f.metric for w in CHANGE_WORDS)
        }
    )
    if not subjects or not changes:
        return None
    return replace(q, subjects=subjects, metrics=changes, qualifiers=list(prev.get("qualifiers") or []))


def change_of_the_last_measure(res: Resources, p: Parsed, q: Query, prev: dict) -> Query | None:
    """A change asked naming no subject and, as its measure, only a change word ("얼마나 줄었어":
    증감), whose report prints no change beside the figure just answered (`change_of_previous`):
    the change of that figure's measure, of the same subjects."""
    subjects, metrics = list(prev.get("subjects") or []), list(prev.get("metrics") or [])
    if p.intent != "change" or q.subjects or not q.metrics or not (subjects and metrics):
        return None
    if not all(m in CHANGE_WORDS for m in q.metrics) or all(m in CHANGE_WORDS for m in metrics):
        return None
    if any(f.subject in subjects for m in q.metrics for f in res.facts_of_metric.get(m, ())):
        return None  # "증감은?" after 감채기금: the report prints its 증감
    return replace(
        q,
        subjects=subjects,
        metrics=metrics,
        qualifiers=q.qualifiers or list(prev.get("qualifiers") or []),
        sections=q.sections or list(prev.get("sections") or []),
        periods=q.periods or list(prev.get("periods") or []),  # "얼마나 줄었어" after 2018년's: 2018's change
    )


def compares_with_the_day_before(c: str) -> bool:
    """The compact question compares with the day before ("전날보다", "어제보다") or with nothing
    named ("몇 명 늘었어"), not with a week, a month or a date ("일주일 전보다", "4월 13일보다")."""
    compared = [m.start() for m in COMPARED_WITH.finditer(c)]
    return not compared or all(any(c[:at].endswith(w) for w in words.DAY_BEFORE_WORDS) for at in compared)


def rate_as_share(res: Resources, p: Parsed, q: Query) -> Query:
    """ "학술용역 부적정 비율": a rate the things named (or whose categories are) print no figure of,
    with a share asked, is the share to compute (부적정 4건 of 14건), not a measure to look up (비율 is
    투자심사's)."""
    named = [s for s in q.subjects if s in res.fact_subjects]
    if not named:  # … or the things whose categories are named ("시설형 위탁 비율": 민간위탁's 시설 category)
        named = list(
            dict.fromkeys(f.subject for x in q.qualifiers for f in res.facts_of_qualifier.get(x, ()) if f.subject)
        )
    if not named or not q.metrics or "share" not in (operations.asked(p.compact, res.config), p.intent):
        return q
    share_words = set(res.config.operation_words("share"))
    theirs = {f.metric for f in res.facts_about(named)}
    rates = [m for m in q.metrics if m in share_words and m not in theirs]
    return replace(q, metrics=[m for m in q.metrics if m not in rates]) if rates else q


def whole_of_a_share(res: Resources, p: Parsed, q: Query) -> Query:
    """ "일반회계 비중은 전체의 몇 %": the whole (전체, 합계: a table's total line) a share of another
    category is taken of is no category to look up; the share finds it (`operations.whole_of`)."""
    if "share" not in (operations.asked(p.compact, res.config), p.intent) or named_among(p) is not None:
        return q  # ("합계 중 일반회계 비중": the whole named before 중 is where to look, `among`)
    parts = [x for x in q.qualifiers if x not in operations.TOTAL_WORDS]
    if not parts or len(parts) == len(q.qualifiers):
        return q
    return replace(
        q,
        qualifiers=parts,
        words=[w for w in q.words if w not in operations.TOTAL_WORDS],
    )


def among(res: Resources, p: Parsed, q: Query) -> Query:
    """ "판결확정 중 승소 몇 건": what is named after 중 (among) is asked, what is named before it is
    only where to look; its metric and words are dropped, unless an operation asks for both
    ("판결확정 건 중 패소 비율": a share of the one in the other; not a sum or difference of two
    things named after 중) or both are asked ("의사환자 몇 명이고 그중 음성은?")."""
    op = operations.asked(p.compact, res.config)
    if several_asked(p) and not op:
        return q
    hit = named_among(p)
    if hit is None:
        return q
    named_before, after = hit
    if op and (res.config.operations_computes.get(op, op) not in ("sum", "difference") or len(after) < 2):
        return q  # "판결확정 건 중 패소 비율", "전국 중 서울 빼면": the whole is an operand; "판결확정 중
        # 승소와 패소 합하면": the two things after 중 are the operands, the whole only where they are
    before = {m.canonical for m in named_before}
    return replace(
        q,
        compact=without_names(q.compact, named_before, AMONG_KINDS),
        metrics=[x for x in q.metrics if x not in before],
        words=[x for x in q.words if x not in before],
    )


AMONG_KINDS = ("metric", "word")  # the names read on either side of 중
WORDED_INTENTS = ("schedule", "who", "why")  # asking a date, a doer or a reason: no figure's measure


def named_among(p: Parsed) -> tuple[list[Match], set[str]] | None:
    """ "판결확정 중 승소": the names said before 중 (where to look) and after it (what is asked),
    for the first 중 with both; what is named after 중 too is no name before it ("일반회계 예산 중
    조직담당관 소관 예산")."""
    taken = [(m.start, m.end) for m in p.matches]
    for found in AMONG.finditer(p.compact):
        at, end = found.span()
        if any(a < end and at < b for a, b in taken):
            continue  # "격리중", "진행 중": part of a name
        after = {m.canonical for m in p.matches if m.start >= end and m.kind in AMONG_KINDS}
        named_before = [m for m in p.matches if m.end <= at and m.kind in AMONG_KINDS and m.canonical not in after]
        gap = p.compact[max(m.end for m in named_before) : at] if named_before else ""
        if ASKING.search(gap):
            continue  # "의사환자 몇 명이고 그중 음성은": the first thing is asked too
        if named_before and after - GENERIC_MEASURES:
            return named_before, after
    return None


def one_day_asked(prev: dict, shown: Sequence[str]) -> str | None:
    """The one day the last question asked ("2020-04-14"), else the one day its figures are of."""
    dates = [x for x in prev.get("periods") or [] if len(x) == len("2020-04-13")] or list(shown)
    return dates[0] if len(dates) == 1 else None


def _day_before_held(res: Resources, day: str) -> bool:
    """The report has figures of the day before `day`: a daily series (4.13 before 4.14), not a
    yearly figure stated at a date (’19.3.31.'s 집행률, whose day before is nothing)."""
    before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    return any(before in (f.period, (f.as_of or "")[:10]) for f in res.kb.facts)


def next_or_previous_day(p: Parsed, prev: dict, shown: Sequence[str] = ()) -> str | None:
    """The day after (before) the one date just asked, or else the one day the figures just shown
    are as of (`shown`: "서울 확진자" then "전날은?" asks of 4.16, not the 4.17 figure again), when the
    question says so ("다음날은?", "전날은?"; not "전날보다", which compares); or the day of that
    month written alone ("14일은?" after "미국 4월 13일 신규 확진")."""
    day = one_day_asked(prev, shown)
    if day is None:
        return None
    if len(p.days) == 1:
        written = f"{day[:8]}{p.days[0]:02d}"
        try:
            return date.fromisoformat(written).isoformat()
        except ValueError:  # "31일은?" after a day of April
            return None
    if any(w in p.compact for w in words.NEXT_DAY_WORDS):
        shift = 1
    elif any(
        p.compact.find(w) >= 0 and not COMPARED_WITH.match(p.compact, p.compact.find(w) + len(w))
        for w in words.DAY_BEFORE_WORDS
    ):
        shift = -1
    else:
        return None
    return (date.fromisoformat(day) + timedelta(days=shift)).isoformat()


def year_next_to_the_last(p: Parsed, prev: dict) -> str | None:
    """The year before (after) the one year just asked, when the question says so of that year ("그
    전년은?", "그 이듬해는?": words.yaml year_before_that_words, year_after_that_words)."""
    years = {x[:4] for x in prev.get("periods") or () if x[:4].isdigit()}
    if len(years) != 1:
        return None
    if any(w in p.compact for w in words.YEAR_BEFORE_THAT_WORDS):
        return str(int(next(iter(years))) - 1)
    if any(w in p.compact for w in words.YEAR_AFTER_THAT_WORDS):
        return str(int(next(iter(years))) + 1)
    return None


def days_shown(res: Resources, conv: Conversation) -> list[str]:
    """The one day every figure of the last answer is as of ("2020-04-17"), or nothing."""
    last = conv.last_answer
    if last is None or not last.answered:
        return []
    days = {(f.as_of or "")[:10] for r in last.facts if (f := res.facts_by_id.get(r.id)) is not None}
    return sorted(days) if len(days) == 1 and len(next(iter(days))) == len("2020-04-17") else []


def unnested_measures(p: Parsed) -> list[str]:
    """The measures named, less one whose letters overlap those of a measure naming it and more
    ("연수 희망 팀수": 참여 희망 팀 수, not also the 팀 수 its last letters spell)."""
    spans = [m for m in p.matches if m.kind == "metric"]

    def inside_another(m: Match) -> bool:
        mine = set(m.canonical.split())
        return any(
            o.canonical != m.canonical and o.start < m.end and m.start < o.end and mine < set(o.canonical.split())
            for o in spans
        )

    return [x for x in p.canon("metric") if not all(inside_another(m) for m in spans if m.canonical == x)]


def words_in_one_letter(p: Parsed) -> list[str]:
    """The words named through a synonym typed only in one letter (the 총 of "팀은 총 몇 개")."""
    longer = {m.canonical for m in p.matches if m.kind == "word" and len(m.surface) >= WHOLE_WORD_LETTERS}
    return [w for w in p.canon("word") if w not in longer]


def resolve(res: Resources, p: Parsed, conv: Conversation) -> Query:
    """The question's own slots, completed from the conversation when it is a follow-up:
    "작년은?" keeps subject and metric, "정원은?" the subject, "전국은?" the metric."""
    subjects = [s for s in p.canon("subject") if s in res.fact_subjects or s in res.detail_subjects]
    q = Query(
        compact=p.compact,
        subjects=subjects,
        metrics=unnested_measures(p),
        qualifiers=p.canon("qualifier"),
        aspects=p.canon("aspect"),
        sections=p.canon("keyword"),
        periods=p.periods,
        months=p.months,
        words=p.canon("word"),
        short_words=words_in_one_letter(p),
        residual=p.residual,
        residual_names=p.residual_names,
    )
    q = text_name_as_figure(res, p, q)
    q = with_row_unit_defaults(res, q)
    q = with_table_measure(res, q)
    q = with_unit_measure(res, q)
    q = with_the_same_measure(res, q, p)
    q = with_a_shared_modifier(res, q)
    q = rate_as_share(res, p, q)
    q = whole_of_a_share(res, p, q)
    q = among(res, p, q)
    if p.intent == "change":
        q.periods = endpoints(q.periods)  # "2017년에서 2019년 사이 몇 건 늘었어": 2017 → 2019
    prev = conv.slots or {}
    if (
        conv.period_alone
        and not p.periods
        and (p.canon("subject") or p.canon("metric") or _timeless(p.canon("qualifier")))
        and not THAT_TIME.search(p.compact)  # that year, said so
        and not any(w in p.compact for w in words.AMONG_THOSE_WORDS)  # among that turn's figures
        and not p.says_each  # "각각": both turns
    ):
        # "작년은?" then "그럼 사업수는?": the year was that turn's; a new thing asked is of the report's time
        # (a day stays: "4.14는?" then "이란은?" asks 이란's 4.14)
        timeless = _timeless(list(prev.get("qualifiers") or []))
        days = [x for x in prev.get("periods") or [] if len(x) == len("2020-04-14")]  # not a month
        prev = {**prev, "periods": days, "qualifiers": timeless}
    shown = days_shown(res, conv)  # the one day the last answer's figures are of, if any
    if not q.periods and (day := next_or_previous_day(p, prev, shown)):
        q.periods = [day]  # "다음날은?" after "이탈리아 4월 13일 확진자": 4.14
    elif not q.periods and not prev.get("periods") and shown and THAT_TIME.search(p.compact):
        q.periods = list(shown)  # "중국 그날 신규 확진은" after "전세계 기준일이 언제야": the day shown
    if not prev or p.out_of_scope or p.intent in ("greeting", "thanks", "topics"):
        return q
    if p.intent == "schedule" and q.months and not q.subjects:
        return q  # "5월 일정": a new question, not a follow-up
    prev_subjects = list(prev.get("subjects") or [])
    if not q.subjects and prev_subjects and (sides := other_sides_asked(p, prev)):
        # "개선?" after "관리대상 현행": the other side of that pair, of the same subject
        return replace(
            q, subjects=prev_subjects, aspects=sides, qualifiers=[], sections=list(prev.get("sections") or [])
        )
    # "전날보다 몇 명 줄었어": the change of a day (the printed 일일 증감), not "일주일 전보다"
    day_change = p.intent == "change" and not q.periods and compares_with_the_day_before(p.compact)
    if (both := of_two_subjects(res, p, q, conv)) is not None:
        return both  # "둘 차이는?" after 기획담당관 예산 and 법무담당관's: of the two, not one's change
    change_of = change_of_previous(res, q, prev, asks_change=day_change)
    if change_of:
        return change_of  # "증감은?" after "서울 확진자": 서울시's 확진환자 일일 증감, not the budget's 증감
    if (between := of_two_periods(res, p, q, conv)) is not None:
        return between  # "얼마나 늘었어" after 2019년 재결건수 and "2017년은?": 2017 → 2019
    if (carried := change_of_the_last_measure(res, p, q, prev)) is not None:
        q = carried  # "2020년은 얼마나 줄었어" after 2019년 승소율: of 승소율, not some table's 증감
    if day_change and (day := one_day_asked(prev, shown)) and _day_before_held(res, day):
        # "전날보다 몇 명 줄었어" after 미국 4.14 신규 사망자, whose report prints no daily change: 4.13 → 4.14
        q.periods = [(date.fromisoformat(day) - timedelta(days=1)).isoformat(), day]
    if not q.subjects and prev_subjects:
        q.subjects = sibling_subject(res, p, prev_subjects)  # "중앙은?" after 市 투자심사: 중앙투자심사
    if (amount := amount_of_last(res, p, conv)) is not None:
        return amount  # "금액은?" after 일자리 사업's 집행률: the money figure just shown beside it
    if q.aspects and not q.subjects and prev.get("metrics") and p.intent == "change":
        # "줄어든 금액은?" after 일반회계 예산: the unit every figure just asked is in (words.yaml
        # unit_words), not the 금액 text of another thing (after 집행률 and 집행액 it picks the 집행액)
        units = {f.unit for m in prev["metrics"] for f in res.facts_of_metric.get(m, ()) if f.subject in prev_subjects}
        q.aspects = [a for a in q.aspects if not (units and all(_in_unit_of(a, u) for u in units))]
    fact_subjects = [s for s in q.subjects if s in res.fact_subjects]
    if not fact_subjects and prev_subjects and (left := category_not_measure(res, p, q, prev_subjects)) is not None:
        q.metrics = left  # "신규는?" after 심의 건수(재위탁): its 신규 category, not 신규 확진자
    inherit: list[str] = []
    says_something = bool(
        q.periods or q.qualifiers or q.words or q.subjects or q.metrics or q.aspects or p.intent != "lookup"
    ) or bool(NUMBERED.search(p.compact))  # "2차는?": another round of what was just asked
    if not says_something:
        measured = measured_in(res, q, prev_subjects)  # "ㅋㅋㅋ" is no follow-up question; "몇 개국이야?" is
        return measured if measured is not q else in_the_last_subject(res, p, q, prev_subjects)
    if not fact_subjects and not q.metrics and not q.aspects:
        # "작년은?", "승소는?", "증감은?": same subject; same metric unless a new one is named
        inherit = ["subjects", "metrics", "qualifiers", "aspects", "sections"]
        if q.sections and not set(q.sections) & res.sections_of(prev_subjects):
            return q  # "패소는?" after 市 투자심사: another part of the report, no follow-up of that one
        if p.intent == "ranking" and all(s in res.row_subjects for s in prev_subjects):
            inherit.remove("subjects")  # "가장 적은 데는?" after a ranking: the rows again, not its first
        if p.intent in WORDED_INTENTS and not asks_a_figure_or_change(res, p):
            inherit.remove("metrics")  # "언제 해?" after "종합성과평가 몇 개 사무": its date, not the count again
        if not q.periods and (
            p.intent in ("change", "trend", "ranking", "share", "total")
            or THAT_TIME.search(p.compact)
            or any(w in p.compact for w in words.AMONG_THOSE_WORDS)
        ):
            inherit.append("periods")  # "그 해 회당 평균은?", "그중 사전검토는": the year just asked about
        if q.qualifiers and not qualifier_belongs_to(res, q, prev_subjects):
            q.qualifiers = [x for x in q.qualifiers if not read_as_word(p, x)]  # "3월말 실적은?": 집행액·집행률
        if q.qualifiers and p.periods and all(compact(x) in PERIOD_WORDS for x in q.qualifiers):
            if not qualifier_belongs_to(res, q, prev_subjects):
                q.qualifiers = []  # "작년 같은 기간은?" after 학술용역: its year before, not 신속집행's 전년 동기
        if q.qualifiers and not qualifier_belongs_to(res, q, prev_subjects):
            if carried_nearby(res, q.qualifiers, prev_subjects):
                inherit = ["sections"]  # "그중 직접수행은?" after 서울시 소송: 직접수행 is another subject's
            else:  # "올해 계획은?" after 기조실 기금: a word, not 민간위탁's 개최 계획 in another part
                q.qualifiers = []
        elif names_a_metric_of(res, q, prev_subjects) and "metrics" in inherit:
            inherit.remove("metrics")  # the category (일반회계) stays: "차이는?" is still 일반회계's
            if not q.periods and prev.get("periods"):
                # "승소는?" after "2019년 총 수행건수": still 2019, when 2019 has one
                trial = replace(q, subjects=prev_subjects, periods=list(prev["periods"]))
                if any(s.metric_share >= 0.5 and s.subject_share >= 0.5 for s in res.index.facts(trial)):
                    inherit.append("periods")
    elif q.metrics and not fact_subjects and prev_subjects:
        if (
            p.intent == "ranking"
            and all(s in res.row_subjects for s in prev_subjects)
            and all(any(f.metric in q.metrics for f in res.facts_of_subject.get(s, ())) for s in prev_subjects)
        ):
            return q  # "나라 중에 누적 사망 제일 많은 데는?" after 스페인: the rows ranked, not the last one
        trial = replace(q, subjects=prev_subjects)
        # the measure named is the last subject's: most of it, or its last word ("사망자는?" after 미국:
        # 누적 사망자), not a word before it ("신규 확진 … 목표" after 행정심판: no 심판위원 신규 위촉)
        heads = {compact(m.split()[-1])[:MEASURE_HEAD_LETTERS] for m in q.metrics}
        heads |= {compact(m.surface) for m in p.matches if m.kind == "metric"}  # 인원 (정원, 현원): 참가 인원
        if any(
            s.subject_share == 1.0
            and (s.metric_share > CARRIED_METRIC_SHARE or any(h in compact(s.fact.metric) for h in heads))
            for s in res.index.facts(trial)
        ):
            inherit = ["subjects"]
            if not q.qualifiers and prev.get("qualifiers") and measured_together(res, q.metrics, prev, prev_subjects):
                trial.qualifiers = list(prev["qualifiers"])
                if any(s.subject_share == 1.0 for s in res.index.facts(trial)):
                    inherit.append("qualifiers")  # "증감은?" after "일반회계 예산"
            if not q.periods and (THAT_TIME.search(p.compact) or of_the_period_asked(res, q, prev, conv)):
                inherit.append("periods")  # "그 해 회당 평균은?"; "회당 평균은?" after "2019년 재결건수"
        elif bare_measure_of_another_part(res, p, q, prev_subjects):
            inherit = ["subjects"]  # "집행률은?" after 포괄비: 포괄비's, which the report lacks; not 신속집행's
    elif fact_subjects and not q.metrics and not q.aspects and (prev.get("metrics") or prev.get("aspects")):
        # "전국은?", "조직담당관은?": the new subject, the same metric, unless it is measured in
        # another unit than the one asked ("지역개발기금은 얼마" after 사업 몇 개: an amount, no count)
        # (no subject before: "독일 확진자" declined, then "이탈리아는?": the part of the report it asked of)
        if not res.sections_of(fact_subjects) & (res.sections_of(prev_subjects) or set(prev.get("sections") or ())):
            return q  # "투자심사 적정 몇건" after "2019년 승소율": another part of the report, its own question
        # (a share asks "몇 %" of the figures compared, in whatever unit they are counted)
        differs = p.intent != "share" and unit_differs(res, q, prev)
        inherit = ["qualifiers", "aspects"] if differs else ["metrics", "qualifiers", "aspects"]
        if "metrics" in inherit and names_its_own_measure(res, q, fact_subjects, prev_subjects):
            inherit.remove("metrics")  # "포괄비 사용 얼마" after 포괄비 예산: its 사용액, not the 예산 again
        if counted_unit(p.compact) and not all(compact(x) in PERIOD_WORDS for x in prev.get("qualifiers") or ()):
            inherit.remove("qualifiers")  # "중앙투자심사는 몇 건" after 市's 조건부추진: its count, all of it
        if not q.periods:
            inherit.append("periods")
        if "metrics" in inherit and (asked := measures_asked_of_one(conv)):
            q.metrics = asked  # "이탈리아는?" after "스페인 4.13 확진자", "사망자는?": both, of 이탈리아
    elif q.aspects and not fact_subjects and prev_subjects:
        inherit = ["subjects"]
    if (
        not inherit
        and prev_subjects
        and any(w in p.compact for w in words.AMONG_THOSE_WORDS)
        and set(q.subjects) <= set(prev_subjects)
    ):
        inherit = ["subjects", "metrics", "periods"]  # "그중 사전검토는" after 2019년 계약심사: of those
    for slot in inherit:
        if slot == "qualifiers" and q.qualifiers:
            continue
        if slot == "subjects":
            q.subjects = list(dict.fromkeys(q.subjects + prev_subjects))
        elif not getattr(q, slot):
            setattr(q, slot, list(prev.get(slot) or []))
    if inherit and not q.sections:
        q.sections = list(prev.get("sections") or [])
    if (
        "metrics" in inherit
        and not fact_subjects
        and p.periods
        and not p.canon("metric")
        and p.intent == "lookup"
        and not counted_unit(p.compact)  # ("올해는 몇 건": the count of the two, `counted_again`)
    ):
        q.metrics = measures_asked_of_one(conv) or q.metrics  # "4.15는?" after 미국 4.14 신규확진, 사망자: both
    if "qualifiers" in inherit and p.periods and not p.canon("qualifier"):
        q.qualifiers = [of_one_period(x) for x in q.qualifiers]  # "작년은?" after "그 중 민간투자사업은?"
    if inherit and not p.canon("subject") and not p.periods and (p.says_each or _of_both(res, p, conv)):
        q = each_of_last_two(q, conv.earlier_slots, prev)
    # one thing named joins the last turn's ("국제교류담당관이랑 합치면"); two named are the operands
    # themselves ("대외협력기금이랑 지역개발기금만 합치면" after a list of four)
    if len(set(fact_subjects)) == 1 and set(prev_subjects) - set(q.subjects) and _with_the_last(res, p):
        q.subjects = list(dict.fromkeys(prev_subjects + q.subjects))  # "국제교류담당관이랑 합치면"
        if not p.canon("metric") and prev.get("metrics"):
            q.metrics = list(prev["metrics"])  # "중국까지 합치면" after 미국 누적 확진자: of that, the last asked
    prev_metrics = list(prev.get("metrics") or [])
    if (
        not fact_subjects
        and len(prev_metrics) == len(set(p.canon("metric"))) == 1
        and prev_metrics != q.metrics
        and _with_the_last(res, p)
    ):
        q.metrics = [*prev_metrics, *q.metrics]  # "자연승급분까지 합치면" after 정책인상률: one measure each
    if not fact_subjects and len(prev_metrics) == 1 and (base := base_alone(res, p)) and prev_metrics != [base]:
        q.metrics = list(dict.fromkeys([*prev_metrics, *q.metrics]))  # "현원 대비 비율" after 여성: 여성 of 현원
    # the last turn's period, or the one before's when the question names its own measure
    asked_before = prev.get("periods") or (conv.earlier_slots.get("periods") if p.canon("metric") else None)
    if not q.periods and asked_before and THAT_TIME.search(p.compact):
        q.periods = list(asked_before)  # "스페인은 같은 날 …": the day just asked, whatever else is named
    if "metrics" in inherit and not p.canon("metric"):
        q.metrics = counted_again(p, q.metrics, list(conv.earlier_slots.get("metrics") or []))
    if p.intent == "share" and (held := held_by_the_last(res, q, prev_subjects)):
        q.subjects = [*q.subjects, *held]  # "서울이 몇프로야" after 전국's: of 전국's, which holds 서울's
    if "metrics" in inherit and not p.canon("metric") and (own := measures_of_its_word(res, p, q)):
        q.metrics = own  # "희망한 팀은" after 정책연수 참가 인원: its 참여 희망 팀 수, not the 참가 인원 again
    if "metrics" in inherit and p.canon("qualifier") and not p.canon("metric"):  # a category named now
        q.metrics = measures_of_category(res, q, q.metrics, list(conv.earlier_slots.get("metrics") or []))
    if "metrics" in inherit and p.periods and q.metrics and not res.index.facts(q):
        # "4.14는?" after 미국 누적 확진자: no 누적 of 4.14, but that day's figures of 미국
        metric_words = [w for m in q.metrics for w in m.split() if len(w) >= 2]
        trial = replace(q, metrics=[], words=list(dict.fromkeys(q.words + metric_words)))
        if any(s.subject_share == 1.0 for s in res.index.facts(trial)):
            q.metrics, q.words = trial.metrics, trial.words  # 신규 확진자 shares 확진자 with 누적 확진자
    if "metrics" in inherit and p.periods and len(q.metrics) > 1 and not p.canon("metric"):
        q.metrics = held_in_every_period(res, q)  # "2017 대비 2019" after 재결건수 and one printed 2017, 2020 only
    if (other := period_of_the_last(p, q, prev)) is not None:
        q.periods = sorted([other, *q.periods])  # "2019년이랑 몇 %p 차이" after 2018년 승소율: 2018 → 2019
    return q


def base_alone(res: Resources, p: Parsed) -> str | None:
    """The one measure the question names, when it names it as the base of a share ("현원 대비 비율":
    words.yaml base_words after it), so the measure whose share is asked is the one just asked."""
    shares = operations.share_asking_words(res.config)  # ("비율" names the share asked, no measure)
    named = [m for m in p.matches if m.kind == "metric" and m.surface not in shares and m.canonical not in shares]
    if len({m.canonical for m in named}) != 1:
        return None
    return named[0].canonical if p.compact.startswith(words.BASE_WORDS, named[0].end) else None


def period_of_the_last(p: Parsed, q: Query, prev: dict) -> str | None:
    """The one period the last turn asked, when a change of the same thing is asked now naming one
    other period of the same kind (a year after a year, a day after a day) joined to it ("2019년이랑
    … 차이", "2019년과 비교하면") and nothing else: the change runs between the two. ("2019년은 얼마나
    늘었어" asks 2019's own change; "4.16은 전날보다" names what it is compared with.)"""
    named = [m for m in p.canon("metric") if m not in CHANGE_WORDS]
    if p.intent != "change" or p.canon("subject") or named or len(p.periods) != 1:
        return None
    last = list(prev.get("periods") or [])
    if len(last) != 1 or q.periods != p.periods or q.metrics != list(prev.get("metrics") or []):
        return None
    if not PERIOD_JOINED.search(p.compact) or any(w in p.compact for w in words.DAY_BEFORE_WORDS):
        return None
    now, then = p.periods[0], last[0]
    same_kind = len(now) == len(then) and "~" not in now + then
    return then if same_kind and then != now else None


# a period written, then a word joining it to another ("2019년이랑", "4.16과", "2019하고")
PERIOD_JOINED = re.compile(
    r"\d(?:년도|년|월|일)?(?:" + words.alternatives((*words.JOINED_WORDS, *words.AND_PARTICLES)) + ")"
)


def held_by_the_last(res: Resources, q: Query, last: list[str]) -> list[str]:
    """The subjects just asked about whose figures hold a subject asked now (intents.yaml
    parts_of_wholes: 전국's hold 서울시's), not named again: the whole its share is taken of."""
    holders = [res.config.parts_of_wholes.get(s) for s in q.subjects]
    return [h for h in dict.fromkeys(holders) if h and h in last and h not in q.subjects]


def measures_of_its_word(res: Resources, p: Parsed, q: Query) -> list[str]:
    """The measures of the subjects carried whose name holds, as a word, the first word the follow-up
    says in the lexicon's report term (knowledge/aliases.yaml words: 원하는 → 희망) other than a count or
    change word: at most MAX_CHOICES of them; none when a measure carried already holds it."""
    if p.intent != "lookup":
        return []  # ("작년이랑 차이": the change of the measures carried)
    for w in p.canon("word"):
        if w in GENERIC_MEASURES or w in CHANGE_WORDS:
            continue  # "몇 건" (건수) counts whatever was carried
        if any(compact(w) in compact(m) for m in q.metrics):
            return []
        found = sorted({f.metric for s in q.subjects for f in res.facts_of_subject.get(s, ()) if w in f.metric.split()})
        if 0 < len(found) <= MAX_CHOICES:
            return found
    return []


def held_in_every_period(res: Resources, q: Query) -> list[str]:
    """The measures carried from the last turn that the subjects hold in every period asked (all of
    them when none does: the decline then names the period)."""
    year = res.config.report_year
    theirs = [f for s in q.subjects for f in res.facts_of_subject.get(s, ())]
    held = [
        m
        for m in q.metrics
        if all(any(f.metric == m and holds_period(f, [x], year) for f in theirs) for x in q.periods)
    ]
    return held or q.metrics


def with_the_same_measure(res: Resources, q: Query, p: Parsed) -> Query:
    """A measure the subjects named lack, given by them under another name for the same thing
    (intents.yaml same_measures: "전국 신규 확진" is 전국's 확진환자 일일 증감). A measure named by its
    first word alone beside another they hold is that word said of the other ("서울 의사환자 누적":
    no 확진환자). A headline measure asked of a year it is not printed for is read first
    (`_of_another_year`)."""
    q = _of_another_year(res, q, p)
    subjects = [s for s in q.subjects if s in res.fact_subjects]
    if not subjects or not q.metrics:
        return q
    held = {f.metric for s in subjects for f in res.facts_of_subject.get(s, ())}
    metrics = []
    for m in q.metrics:
        same = [x for x in res.config.same_measures.get(m, ()) if x in held]
        if same and _named_by_its_modifier(p, m) and any(x in held for x in q.metrics if x != m):
            same = []
        metrics += same[:1] if m not in held and same else [m]
    return replace(q, metrics=metrics) if metrics != q.metrics else q


def _of_another_year(res: Resources, q: Query, p: Parsed) -> Query:
    """A headline measure printed for one year, asked of another (intents.yaml
    measures_of_other_years: "작년 예산 총액" is the budget table's 2019 예산, its 합계 row): of the
    thing named, or, when the question names nothing but such measures and the years, of the
    report's owner."""
    other = res.config.measures_of_other_years
    if not q.periods or not q.metrics or not all(m in other for m in q.metrics):
        return q
    subjects = [s for s in q.subjects if s in res.fact_subjects]
    if not q.subjects and all(m.kind in ("metric", "word") or m.surface in words.COMPARED_WITH for m in p.matches):
        subjects = [res.config.report_owner]  # "작년 최종예산 총액은": the report's own total
    if not subjects or len(subjects) != len(q.subjects or subjects):
        return q
    held = {f.metric for s in subjects for f in res.facts_of_subject.get(s, ())}
    if any(m not in held or other[m] not in held or _of_a_period(res, subjects, m, q.periods) for m in q.metrics):
        return q
    return replace(q, metrics=list(dict.fromkeys(other[m] for m in q.metrics)))


def _of_a_period(res: Resources, subjects: list[str], metric: str, periods: list[str]) -> bool:
    """The subjects hold a figure of the measure for a period asked (then it is asked as named)."""
    return any(
        f.metric == metric and holds_period(f, periods, res.config.report_year)
        for s in subjects
        for f in res.facts_of_subject.get(s, ())
    )


def _named_by_its_modifier(p: Parsed, metric: str) -> bool:
    """The measure is written only as its first word ("누적" for 누적 확진자)."""
    first = compact(metric.split()[0]) if " " in metric else None
    surfaces = [compact(m.surface) for m in p.matches if m.kind == "metric" and m.canonical == metric]
    return first is not None and bool(surfaces) and all(s == first for s in surfaces)


def with_a_shared_modifier(res: Resources, q: Query) -> Query:
    """A measure the subjects lack, named beside one whose first word they hold it with ("이탈리아
    누적 확진자랑 사망자", either order: 누적 사망자, not every 사망자 of the days): that word is said of
    both. The word is the measure's as the report names it (총 확진자 is 누적 확진자)."""
    subjects = [s for s in q.subjects if s in res.fact_subjects]
    if not subjects or len(q.metrics) < 2:
        return q
    held = {f.metric for s in subjects for f in res.facts_of_subject.get(s, ())}
    modifiers = {m.split()[0] for m in q.metrics if m in held and " " in m}
    metrics = []
    for m in q.metrics:
        with_it = [
            h
            for h in held
            if " " in h and h.split()[0] in modifiers and compact(h.split(" ", 1)[1]).startswith(compact(m))
        ]
        metrics += with_it if m not in held and len(with_it) == 1 else [m]
    return replace(q, metrics=metrics) if metrics != q.metrics else q


def _with_the_last(res: Resources, p: Parsed) -> bool:
    """ "국제교류담당관이랑 합치면", "서울하고 차이는": a subject joined to what the last turn asked, and
    a sum or difference of the two."""
    op = operations.asked(p.compact, res.config)
    if op and res.config.operations_computes.get(op, op) in ("sum", "difference") and JOINED.search(p.text):
        return True
    if op and res.config.operations_computes.get(op, op) == "sum" and _name_included(p):
        return True  # "자연승급분까지 합치면"
    return compared_with_a_name(p)  # "이란이랑 비교하면 어디가 더 많아" after 중국's: the two compared


def _name_included(p: Parsed) -> bool:
    """A name of a thing or measure is said with a particle that adds it to something (words.yaml
    inclusive_particles: "자연승급분까지", "사망자도")."""
    return any(
        m.kind in ("subject", "metric") and p.compact.startswith(words.INCLUSIVE_PARTICLES, m.end) for m in p.matches
    )


def compared_with_a_name(p: Parsed) -> bool:
    """The one subject named is what something is compared with (words.yaml comparison_words right
    after its name: "이란이랑 비교하면", "이란보다"), in no ranking."""
    if p.intent == "ranking" or len(set(p.canon("subject"))) != 1:
        return False  # "서울 확진자는 전국보다": both sides named; "이란보다 많은 나라는": a condition
    return any(m.kind == "subject" and p.compact.startswith(words.COMPARISON_WORDS, m.end) for m in p.matches)


def _rate_just_printed(res: Resources, conv: Conversation) -> bool:
    """The last answer printed a rate of what it asked ("중앙투자심사 조건부추진 비율: 62.5%"): a
    share asked next ("그건 몇 퍼야") is that one's, not one of the last two things in the other."""
    last = conv.last_answer
    shown = [res.facts_by_id.get(r.id) for r in last.facts] if last is not None else []
    return any(f is not None and f.unit == "%" and not operations.printed_change(f) for f in shown)


def _of_both(res: Resources, p: Parsed, conv: Conversation, categories: list[str] | None = None) -> bool:
    """ "차이는요?", "합치면?", "몇 퍼센트 늘었어?" naming nothing else: the difference, the sum or
    the percentage change of what the last two turns asked (the first word group of intents.yaml
    operations difference, sum and percent_change). `categories`: the qualifiers that count as
    named (default: all)."""
    if p.canon("metric") or (p.canon("qualifier") if categories is None else categories):
        return False
    return _operation_of_two(res, p, conv) is not None


def _operation_of_two(res: Resources, p: Parsed, conv: Conversation) -> str | None:
    """The operation of two figures the question asks by its first word group (intents.yaml
    operations difference, sum, percent_change: "차이", "합치면", "몇 퍼센트 늘었어"), or None."""
    for name in ("difference", "sum", "percent_change"):
        groups = res.config.operations.get(name) or []
        if groups and any(compact(w) in p.compact for w in groups[0] if not w.endswith(operations.CLOSING)):
            # (a share asked after a printed rate, "그건 몇 퍼야", is that rate's: `_rate_just_printed`)
            if name != "percent_change" or p.intent != "share" or not _rate_just_printed(res, conv):
                return name
            return None
    return None


def of_two_subjects(res: Resources, p: Parsed, q: Query, conv: Conversation) -> Query | None:
    """ "차이는?", "합계는?" naming nothing after two turns that asked one measure of two subjects
    ("기획담당관 예산", "법무담당관은?"): that measure of both, for the operation to take; after a
    turn that asked two measures of one subject ("정원 현원"), those two."""
    earlier, last = conv.earlier_slots or {}, conv.slots or {}
    a, b = list(earlier.get("subjects") or []), list(last.get("subjects") or [])
    if (of_another := _another_measure_of_both(res, p, q, a, b, earlier, last, conv)) is not None:
        return of_another
    if p.canon("subject") or p.periods or not _of_both(res, p, conv):
        return None
    if b and len(last.get("metrics") or []) == 2 and not p.canon("metric") and _one_unit(res, b, last["metrics"]):
        # "정원 현원 알려줘" then "차이는?": the two measures just shown, not the subject's 증감
        return replace(
            q,
            subjects=b,
            metrics=list(last["metrics"]),
            qualifiers=list(last.get("qualifiers") or []),
            sections=list(last.get("sections") or []),
            periods=list(last.get("periods") or []),
        )
    if not (a and b) or set(a) & set(b):
        return None
    if not last.get("metrics") or earlier.get("metrics") != last.get("metrics"):
        return None
    return replace(
        q,
        subjects=list(dict.fromkeys(a + b)),
        metrics=list(last["metrics"]),
        qualifiers=q.qualifiers or list(last.get("qualifiers") or []),
        sections=q.sections or list(last.get("sections") or []),
        periods=list(last.get("periods") or []),
    )


def _timeless(qualifiers: list[str]) -> list[str]:
    """The categories that are no period word ("특별회계", not "상반기")."""
    return [x for x in qualifiers if compact(x) not in PERIOD_WORDS]


def of_two_periods(res: Resources, p: Parsed, q: Query, conv: Conversation) -> Query | None:
    """A change or a difference asked naming nothing else ("2년 사이 얼마나 늘었어", "차이는?")
    after two turns that asked one measure of one subject in two periods ("2019년 재결건수", "2017년
    은?"): the change between those periods, earlier to later."""
    earlier, last = conv.earlier_slots or {}, conv.slots or {}
    categories = [x for x in p.canon("qualifier") if x not in CHANGE_WORDS or _category_of(res, x, last)]
    if p.canon("subject") or p.periods or categories:
        return None  # a change word is a category only of the subjects whose figures carry it
    named = p.canon("metric")
    asks_change = not named and any(w in p.compact for w in res.config.change_asking_words)  # "증가분은"
    if not (_of_both(res, p, conv, categories) or asks_change or (named and all(m in CHANGE_WORDS for m in named))):
        return None
    subjects, metrics = list(last.get("subjects") or []), list(last.get("metrics") or [])
    before, now = list(earlier.get("periods") or []), list(last.get("periods") or [])
    if not (subjects and metrics) or earlier.get("subjects") != subjects or earlier.get("metrics") != metrics:
        return None
    if len(before) != 1 or len(now) != 1 or before == now:
        return None
    theirs = [f for s in subjects for f in res.facts_of_subject.get(s, ())]
    measured = [f for f in theirs if f.metric in metrics]
    tables = {f.source_table for f in measured if f.source_table}
    printed = [f for f in theirs if f.metric not in metrics and any(w in f.metric for w in CHANGE_WORDS)]
    if any(f.source_table in tables or f.metric.startswith(tuple(metrics)) for f in printed):
        return None  # the report prints the change (the budget table's 증감): that answers
    units = {f.unit for f in measured}
    if any(compact(a) in words.UNIT_WORDS and not all(_in_unit_of(a, u) for u in units) for a in p.canon("aspect")):
        return None  # "차이 금액은" after two 집행률: an amount beside them, not the rates' difference
    return replace(
        q,
        subjects=subjects,
        metrics=metrics,
        qualifiers=list(last.get("qualifiers") or []),
        sections=list(last.get("sections") or []),
        periods=sorted(before + now),
    )


def _category_of(res: Resources, qualifier: str, slots: dict) -> bool:
    """Some figure of the subjects and measure just asked carries this qualifier as its category
    (not 월 재결건수's 증가 after 재결건수: "증가분은" is the change of the 재결건수 asked)."""
    subjects, metrics = slots.get("subjects") or [], slots.get("metrics") or []
    return any(
        f.subject in subjects and (not metrics or f.metric in metrics)
        for f in res.facts_of_qualifier.get(qualifier, ())
    )


def _one_unit(res: Resources, subjects: list[str], metrics: list[str]) -> bool:
    """The measures of the subjects are figures in one unit, neither a printed change (정원 and 현원;
    not 예산 and 사업수, nor 예산 and its 증감)."""
    units = {f.unit for s in subjects for f in res.facts_of_subject.get(s, ()) if f.metric in metrics}
    return len(units) == 1 and not any(w in m for m in metrics for w in CHANGE_WORDS)


def category_not_measure(res: Resources, p: Parsed, q: Query, prev_subjects: list[str]) -> list[str] | None:
    """The measures left when a word read both as a measure and as a category is the category of
    the subjects asked before, who lack that measure ("신규": 신규 확진자, or 심의 건수's 신규); else None."""
    if not q.metrics or not q.qualifiers or not qualifier_belongs_to(res, q, prev_subjects):
        return None
    held = {f.metric for s in prev_subjects for f in res.facts_of_subject.get(s, ())}
    categories = {(m.start, m.end) for m in p.matches if m.kind == "qualifier"}
    read_twice = {m.canonical for m in p.matches if m.kind == "metric" and (m.start, m.end) in categories}
    if not read_twice or any(m in held for m in read_twice):
        return None
    return [m for m in q.metrics if m not in read_twice]


def of_one_period(qualifier: str) -> str:
    """A table's category summed over its periods ("계 민간투자사업"), asked again of one period: the
    category of that period's row (민간투자사업)."""
    head, _, rest = qualifier.partition(" ")
    return rest if rest and head in operations.TOTAL_WORDS else qualifier


def _another_measure_of_both(
    res: Resources, p: Parsed, q: Query, a: list[str], b: list[str], earlier: dict, last: dict, conv: Conversation
) -> Query | None:
    """ "합치면 사업비 얼마" after two turns that asked one measure of two subjects ("시 투자심사
    몇 건", "중앙은?"): the measure named now, of both, summed or set against each other; only
    when both hold it and the question names no subject, period or category of its own."""
    if (
        p.canon("subject")
        or p.periods
        or p.canon("qualifier")
        or len(q.metrics) != 1
        or not (a and b)
        or set(a) & set(b)
    ):
        return None  # ("정원 현원 차이는" after two offices: the last one's two measures)
    if _operation_of_two(res, p, conv) not in ("sum", "difference"):
        return None
    if not last.get("metrics") or earlier.get("metrics") != last.get("metrics") or q.metrics == last["metrics"]:
        return None
    held = [{f.metric for f in res.facts_of_subject.get(s, ())} for s in a + b]
    if not all(set(q.metrics) <= h for h in held):
        return None
    return replace(q, subjects=list(dict.fromkeys(a + b)), periods=list(last.get("periods") or []))


def each_of_last_two(q: Query, earlier: dict, last: dict) -> Query:
    """ "회당 평균은 각각?" after "2019년 재결건수" and "2018년은?": the subjects, years, categories or
    measures the last two turns asked about, both (intents.yaml each_words)."""

    def both(slot: str) -> list[str]:
        a, b = list(earlier.get(slot) or []), list(last.get(slot) or [])
        return list(dict.fromkeys(a + b)) if a and b and a != b else []

    if subjects := both("subjects"):
        return replace(q, subjects=subjects)
    if periods := both("periods"):
        return replace(q, periods=periods)
    if qualifiers := both("qualifiers"):  # "임기제는?" after 일반직 현원, then "합치면?"
        return replace(q, qualifiers=qualifiers)
    if metrics := both("metrics"):  # "자연승급분은?" after 정책인상률, then "합하면": one measure each
        return replace(q, metrics=metrics)
    return q


def sibling_subject(res: Resources, p: Parsed, prev_subjects: list[str]) -> list[str]:
    """The one subject that holds a word of the question and shares the rest of its name with
    the subject just asked about ("중앙" + 투자심사), or none."""
    prev = bigrams(" ".join(prev_subjects))
    for w in content_words(p, res.config):
        found = [
            s
            for s in sorted(res.fact_subjects)
            if w in compact(s) and s not in prev_subjects and len(bigrams(s) & prev) >= SIBLING_BIGRAMS
        ]
        if len(found) == 1:
            return found
    return []


def unit_differs(res: Resources, q: Query, prev: dict) -> bool:
    """The question asks a unit ("얼마": 원) none of the figures of the metrics just asked is in."""
    asked = asked_unit(q)
    units = {f.unit for m in prev.get("metrics") or () for f in res.facts_of_metric.get(m, ())}
    return asked is not None and bool(units) and not any(asked in u for u in units)


def asks_a_figure_or_change(res: Resources, p: Parsed) -> bool:
    """The question asks a figure or a change too ("어디가 더 많이 늘었어": not only which one)."""
    return kinds.asks_a_figure(res, p) or any(w in p.compact for w in res.config.change_asking_words)


COUNT_ASKING = "몇"  # "몇 건", "몇 명": a count asked


def counted_again(p: Parsed, last: list[str], earlier: list[str]) -> list[str]:
    """ "올해는 몇 건" after "재결건수" and "회당 평균은": the count asked before the average, when the
    question asks how many and says no average word (bot/korean/words.yaml average_words)."""
    if not last or COUNT_ASKING not in p.compact or any(w in p.compact for w in words.AVERAGE_WORDS):
        return last  # "올해는?" after the average: the average again
    if not all(any(w in compact(m) for w in words.AVERAGE_WORDS) for m in last):
        return last
    counts = [e for e in earlier if any(compact(m).endswith(compact(e)) for m in last)]
    return counts or last


def measures_asked_of_one(conv: Conversation) -> list[str]:
    """The measures of the last two turns when they asked two measures of one subject (of one
    period): the second turn named only its measure ("사망자는?" after "스페인 4.13 확진자")."""
    last, before = conv.slots or {}, conv.earlier_slots or {}
    metrics = list(dict.fromkeys(list(before.get("metrics") or []) + list(last.get("metrics") or [])))
    same = all(before.get(k) == last.get(k) for k in ("subjects", "periods", "qualifiers"))
    if not last.get("metrics"):
        return []  # the last turn asked no measure ("언제 해?"): nothing of two measures asked
    return metrics if last.get("subjects") and same and len(metrics) > len(last.get("metrics") or []) else []


def of_the_period_asked(res: Resources, q: Query, prev: dict, conv: Conversation) -> bool:
    """The turn before named a year or a day, the figures it showed were of that period (a day's
    new cases, a year's count; not a total as of that day), and the new metric has a figure of it
    for the same subject: one of that period or as of that day ("사망자는?" after "스페인 4.13
    확진자": 4.13's; "대상액은?" after "작년 3월말 집행액": the one as of 2019.3.31)."""
    shown = {
        f.period
        for r in (conv.last_answer.facts if conv.last_answer else ())
        if (f := res.facts_by_id.get(r.id)) is not None and f.period
    }
    named = [
        x
        for x in prev.get("periods") or []
        if x[:4].isdigit()
        and len(x) in (len("2020"), len("2020-04-13"))
        and any(y.startswith(x) or x.startswith(y) for y in shown)
    ]
    if not named:
        return False
    trial = replace(q, subjects=list(prev.get("subjects") or []), periods=list(prev.get("periods") or []))
    return any(
        s.subject_share == 1.0
        and s.metric_share >= 0.5
        and any((s.fact.period or "").startswith(x) or s.fact.as_of == x for x in named)
        for s in res.index.facts(trial)
    )


def read_as_word(p: Parsed, qualifier: str) -> bool:
    """The qualifier's words are also read as a word of other names ("실적": 집행액, 집행률)."""
    spans = {(m.start, m.end) for m in p.matches if m.kind == "qualifier" and m.canonical == qualifier}
    return any(m.kind == "word" and (m.start, m.end) in spans and m.canonical != qualifier for m in p.matches)


def measures_of_category(res: Resources, q: Query, last: list[str], earlier: list[str]) -> list[str]:
    """ "일반직만 보면?" after "정원 현원" and "여자는?": the measures of the turn before the last
    when only they are given for the category named (여성 공무원 수 has no 일반직)."""

    def carry(metrics: list[str]) -> bool:
        return any(
            f.metric in metrics and f.qualifier and any(x in f.qualifier.split() for x in q.qualifiers)
            for s in q.subjects
            for f in res.facts_of_subject.get(s, ())
        )

    return list(earlier) if earlier and not carry(last) and carry(earlier) else last


def qualifier_belongs_to(res: Resources, q: Query, subjects: list[str]) -> bool:
    """Some figure of these subjects carries one of the question's qualifiers (as its category, or
    written in its remark: "2020년 계획" of the funds' 2020 budget; or a household size its category
    holds: "1인 가구" in 재난긴급생활비's 1~2인 가구), or no figure anywhere does."""
    qualifiers = q.qualifiers
    carriers = {f.subject for x in qualifiers for f in res.facts_of_qualifier.get(x, ())}
    if not carriers or carriers & set(subjects):
        return True
    if any(size_match(f.qualifier or "", q) for s in subjects for f in res.facts_of_subject.get(s, ())):
        return True
    return any(
        x in (f.note or "").split() for s in subjects for f in res.facts_of_subject.get(s, ()) for x in qualifiers
    )  # a word of the remark ("계획" of "2020년 계획"), not letters inside one


def carried_nearby(res: Resources, qualifiers: list[str], subjects: list[str]) -> bool:
    """Some figure carrying one of the qualifiers is in a part of the report that speaks of these
    subjects: a category of a neighbour, which a follow-up may turn to."""
    near = res.sections_of(subjects)
    return any(f.section in near for x in qualifiers for f in res.facts_of_qualifier.get(x, ()))


def bare_measure_of_another_part(res: Resources, p: Parsed, q: Query, subjects: list[str]) -> bool:
    """A follow-up naming only a measure ("집행률은?", "몇팀?") the last subjects lack, whose every
    figure is in another part of the report than theirs: it asks of them, not of that part."""
    if p.canon("subject") or p.canon("qualifier") or p.canon("aspect") or p.periods:
        return False
    if len(strip_ending(p.residual)) > MAX_FILLER_LETTERS:
        return False  # more than the measure is said ("신규 확진 하루 몇 명 내외로 줄이는게 목표야")
    measures = [(m.start, m.end) for m in p.matches if m.kind == "metric"]
    if any(m.kind == "keyword" and not any(a <= m.start and m.end <= b for a, b in measures) for m in p.matches):
        return False  # a topic word said besides the measure ("투자사업 집행률"): a question of that part
    parts = {f.section for m in q.metrics for f in res.facts_of_metric.get(m, ())}
    return bool(parts) and not parts & res.sections_of(subjects)


def names_its_own_measure(res: Resources, q: Query, subjects: list[str], last: list[str]) -> bool:
    """The last subjects named again with a word of another of their measures ("포괄비 사용" after
    포괄비 예산: its 사용액)."""
    return set(subjects) <= set(last) and bool(q.words) and names_a_metric_of(res, q, subjects)


def names_a_metric_of(res: Resources, q: Query, subjects: list[str]) -> bool:
    """The question's own words name another metric of these subjects ("승소는?" after 총수행건수)."""
    trial = replace(q, subjects=list(dict.fromkeys(q.subjects + subjects)))
    return any(s.metric_share >= 0.5 and s.subject_share >= 0.5 for s in res.index.facts(trial))
