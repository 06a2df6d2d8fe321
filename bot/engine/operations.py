"""Operations asked over the figures an answer found: a percentage change, a share, a sum, a
difference ("조직담당관 예산 증가율 몇 퍼센트", "현원 중 여성 비율", "2018년이랑 2019년 승소건수
합치면", "정원에서 현원 빼면").

The question's words pick the operation (intents.yaml `operations`, each a list of word groups:
one word of every group must be in the question); the operands are the figures the answer
already lists (of the one measure asked), and only a share of a single figure looks up its whole:
its table's total line, or the sum of the table's rows. The computed line goes first, with the
formula, and the figures stay listed beneath it. When the figures do not allow the operation, the
pipeline declines saying what is missing (`missing_operand`), or leaves the answer as it was
where the report's own change or total already answers the question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.engine import measures
from bot.engine.compose import distinct_figures
from bot.engine.intents import IntentConfig, OperationTable, operation_table
from bot.engine.measures import operand  # (operations.operand, as every stage calls it)
from bot.engine.thresholds import COMPARED_WITH
from bot.korean import words
from bot.korean.numbers import format_number
from bot.korean.textnorm import compact
from bot.records import Fact

CHANGE_METRIC_WORDS = ("증감",)  # a printed change column: its base is the earlier figure of its row
TOTAL_WORDS = ("합계", "총계", "계", "전체")  # how a table names its total line


@dataclass(frozen=True)
class Computed:
    line: str  # "증감률: +19.2%"
    how: str  # "(104,073 − 87,315) ÷ 87,315 × 100"
    facts: tuple[Fact, ...]  # the figures it was computed from


def detect(
    question: str,
    operations: Mapping[str, Sequence[Sequence[str]]],
    unless: Mapping[str, Sequence[str]] | None = None,
) -> str | None:
    """The first operation all of whose word groups the compact question meets and none of whose
    `unless` words it holds ("몇 %p 올랐어" asks a difference of rates, not a percentage change)."""
    return first_operation(compact(question), operation_table(operations, unless))


def asked(question: str, config: IntentConfig) -> str | None:
    """`detect` with intents.yaml's operations, their words compacted once (`IntentConfig.operation_table`)."""
    return first_operation(compact(question), config.operation_table)


CLOSING = "$"  # an operation word written "합$" counts only where the question ends ("사망자 합")
CLOSING_MARKS = re.compile(r"[?.!~]*$")  # the marks a question may end with
MAX_CLOSING_TAIL = 24  # letters after a closing word at most ("합 좀 알려주실래요"): it is among the last words
CLOSING_YEAR = re.compile(r"\d{2,4}(?:년도|년)?")  # a year a closing word may be followed by ("2020", "20년")
KEPT = 64  # the operations of the last questions read (the stages of one question ask two or three times)
_kept: dict[str, tuple[OperationTable, str | None]] = {}


def first_operation(c: str, table: OperationTable) -> str | None:
    hit = _kept.get(c)
    if hit is not None and hit[0] is table:
        return hit[1]
    found = _first_operation(c, table)
    if len(_kept) >= KEPT:
        _kept.clear()
    _kept[c] = (table, found)  # the table is kept with it: an answer is only ever given for that table
    return found


def _first_operation(c: str, table: OperationTable) -> str | None:
    for name, groups, unless in table:
        ruled_out = False
        for w in unless:
            if w in c:
                ruled_out = True
                break
        if ruled_out or not groups:
            continue
        for group in groups:
            for w in group:
                if w in c if w[-1:] != CLOSING else _holds(c, w):
                    break
            else:
                break  # no word of this group
        else:
            return name
    return None


def _holds(c: str, word: str) -> bool:
    """The compact question holds the word; a closing word only as its last word."""
    if not word.endswith(CLOSING):
        return word in c
    at = c.rfind(word[:-1])
    return at >= 0 and closing_tail(c[at + len(word) - 1 :])


def closing_tail(rest: str) -> bool:
    """The rest of a question is only endings and requests (words.yaml endings: "은", "좀",
    "얼마야", "알려줘"), a year and a restriction ("2020 기준") and marks: what it names was the
    question's last word ("합 좀 알려줘", "차이 2020 기준")."""
    rest = CLOSING_MARKS.sub("", rest)
    if len(rest) > MAX_CLOSING_TAIL:
        return False
    ends = {0}
    for i in range(len(rest)):
        if i in ends:
            ends.update(i + len(e) for e in CLOSING_WORDS if rest.startswith(e, i))
            if year := CLOSING_YEAR.match(rest, i):
                ends.add(year.end())
    return len(rest) in ends


CLOSING_WORDS = (*words.ENDINGS, *words.RESTRICTION_WORDS)  # what may follow a closing word


def without_closing_tail(c: str) -> str:
    """The compact question without its closing endings, requests and marks ("사망자 합 좀" → "사망자합")."""
    for i in range(max(0, len(c) - MAX_CLOSING_TAIL), len(c) + 1):
        if closing_tail(c[i:]):
            return c[:i]
    return c


_PLACES = re.compile(r"((?:\d+\s*(?:위|등)?\s*(?:,|·|와|과|랑|이랑|하고|및)\s*)+\d+)\s*(?:위|등)")
_TOP = re.compile(r"상위\s*(\d+)")


def places_asked(c: str) -> list[int]:
    """The places of a ranking a question adds up or compares ("1, 2위 합치면": 1 and 2; "상위 3개":
    1 to 3); none when it names no places."""
    if m := _PLACES.search(c):
        return sorted({int(d) for d in re.findall(r"\d+", m.group(1))} - {0})
    if m := _TOP.search(c):
        return list(range(1, int(m.group(1)) + 1))
    return []


THOSE_AMONG = re.compile("[그이저](?:" + "|".join(map(re.escape, words.AMONG_WORDS)) + ")")  # "그중", "이 가운데"


def asks_a_change(compact_question: str) -> bool:
    """The question asks how something changed ("줄었어", "증가액": words.yaml change_ranking_words)
    or compares with something ("작년보다"), not only "차이는"."""
    return any(w in compact_question for w in words.CHANGE_RANKING_WORDS) or bool(
        COMPARED_WITH.search(compact_question)
    )


def another_whole_named(matches: Sequence[Any], compact_question: str, whole_measure: str) -> bool:
    """The question names a whole ("전체", "… 중", "… 대비": words.yaml whole_words, among_words,
    base_words) other than the measure given: "전체 여성 중 법률지원담당관 비율" takes the share of
    every office's women, not of 현원 ("현원 가운데 여성 비율" names 현원 itself; "그중" the ones
    just asked)."""
    asked = THOSE_AMONG.sub("", compact_question)  # "그중 여자 비율": among the ones just asked, no whole named
    said = [w for w in (*words.WHOLE_WORDS, *words.AMONG_WORDS, *words.BASE_WORDS) if w in asked]
    if not said:
        return False
    own = [m for m in matches if m.kind == "metric" and m.canonical == whole_measure]
    return not any(compact_question.startswith(tuple(words.AMONG_WORDS + words.BASE_WORDS), m.end) for m in own)


def whole_measure_of_a_share(
    wholes_of_measures: Mapping[str, str], metric: str, matches: Sequence[Any], compact_question: str
) -> str | None:
    """The measure a share of `metric` is taken of (intents.yaml wholes_of_measures: 여성 공무원 수 of
    현원), unless the question names another whole (`another_whole_named`); None otherwise."""
    whole = wholes_of_measures.get(metric)
    if whole is None or another_whole_named(matches, compact_question, whole):
        return None
    return whole


def share_asking_words(config: IntentConfig) -> tuple[str, ...]:
    """The words asking a share or a rate (intents.yaml operations share and rate_of), compact."""
    return tuple(compact(w) for name in ("share", "rate_of") for w in config.operation_words(name))


def base_named(
    matches: Sequence[Any], compact_question: str, figures: Sequence[Fact], share_words: Sequence[str] = ()
) -> Fact | None:
    """Of two figures, the one whose measure the question names right before a base word ("정원 대비
    현원 비율": 정원, the whole the other is measured against; words.yaml base_words), before the
    word asking the share (`share_words`, when given: "완치율 몇퍼야 퇴원 기준으로" names how the rate
    is read, no base)."""
    if len(figures) != 2:
        return None
    for m in matches:
        if m.kind != "metric" or not compact_question.startswith(words.BASE_WORDS, m.end):
            continue
        if share_words and not any(compact_question.find(w, m.end) >= 0 for w in share_words):
            continue
        named = [f for f in figures if f.metric == m.canonical]
        if len(named) == 1:
            return named[0]
    return None


def _part_and_whole(two: Sequence[Fact], base: Fact | None) -> tuple[Fact, Fact]:
    """(part, whole) of two figures: the other over the base named, else the smaller over the larger."""
    small, large = sorted(two, key=lambda f: f.value or 0)
    if base is not None and base in two:
        return (large if base is small else small), base
    return small, large


def compute(op: str, facts: Sequence[Fact], kb_facts: Sequence[Fact], base: Fact | None = None) -> Computed | None:
    """The operation over the figures; a share is the smaller of two over the larger, or the other
    over `base` when the question names the base ("정원 대비 현원": 29 ÷ 28)."""
    numeric = distinct_figures([f for f in facts if operand(f)])
    if op == "percent_change":
        return _percent_change(numeric, kb_facts)
    if op in ("share", "ratio"):  # of amounts, not of changes ("예산 증감 비율": not 증감 ÷ 예산)
        numeric = [f for f in numeric if f.metric not in CHANGE_METRIC_WORDS and (f.value or 0) >= 0]
    if op == "ratio":  # "치명률": two figures the question's word names, of two measures in one unit
        if len(numeric) != 2 or numeric[0].unit != numeric[1].unit:
            return None
        small, large = _part_and_whole(numeric, base)
        if not large.value:
            return None
        pct = (small.value or 0) / large.value * 100
        return Computed(f"비율: {format_number(pct, 1)}%", f"{small.text} ÷ {large.text} × 100", (small, large))
    if op == "share":
        numeric = _latest_of_each(numeric)
    if op == "share" and len(numeric) == 2:
        numeric = _one_kind_of_count(numeric, kb_facts)
    if op == "share" and len({f.unit for f in numeric}) > 1:
        # several measures of one thing ("기금 비중": its card): the first that is part of a whole
        parts = [f for f in numeric if f.metric not in CHANGE_METRIC_WORDS and whole_of(f, kb_facts)]
        numeric = parts[:1] or numeric
    if (op == "difference" and len(numeric) > 2) or op == "sum":
        # "격리중이랑 퇴원 차이": the two things named, not 퇴원's printed 일일 증감 beside them; a
        # sum adds no printed change to the figures it changed (10,635 + 22)
        levels = [f for f in numeric if not printed_change(f)]
        numeric = levels if len(levels) >= 2 else numeric
    numeric = _one_measure(numeric)
    exact = [measures.exact_of(f, kb_facts) for f in numeric]
    if numeric and all(exact):  # headline amounts (6,023억원 + 760억원): the tables' exact ones they round
        numeric = [f for f in exact if f]
    if op == "share" and numeric and len([f for f in numeric if _same_measure(f, numeric[0])]) == 1:
        # one figure of the measure asked: its share of its table's whole
        whole = whole_of(numeric[0], kb_facts)
        numeric = [numeric[0], whole] if whole else numeric
    if len({f.unit for f in numeric}) != 1 or len(numeric) < 2:
        return None
    unit = numeric[0].unit
    if op == "sum":
        if any(_counted_twice(t, f) for t in numeric if _is_total(t) for f in numeric if f is not t):
            return None  # a total line among its parts: summing would count them twice
        # (each its own row's total, "市 투자심사 계 + 중앙투자심사 계": rows of their own, added up;
        # one total of two years, "2019년 전체 375건 + 2020년 전체 86건": no part of the other)
        total = sum(f.value or 0 for f in numeric)
        return Computed(f"합계: {format_number(total)}{unit}", " + ".join(f.text for f in numeric), tuple(numeric))
    if len(numeric) != 2:
        return None
    small, large = sorted(numeric, key=lambda f: f.value or 0)
    if op == "times":  # the figure named first ÷ the other (`numeric` in the order asked)
        first, second = numeric
        if not second.value:
            return None
        times = (first.value or 0) / second.value
        return Computed(f"배수: {format_number(times, 1)}배", f"{first.text} ÷ {second.text}", (first, second))
    if op == "difference":
        return Computed(
            f"차이: {format_number((large.value or 0) - (small.value or 0))}{unit}",
            f"{large.text} − {small.text}",
            (large, small),
        )
    part, whole = _part_and_whole(numeric, base)
    if whole is base and not whole.value:
        part, whole = small, large  # a base of nothing measures nothing: the smaller over the larger
    if op == "share" and whole.value and unit != "%" and (whole is base or (part.value or 0) >= 0):
        pct = (part.value or 0) / whole.value * 100
        return Computed(f"비중: {format_number(pct, 1)}%", f"{part.text} ÷ {whole.text} × 100", (part, whole))
    return None


def printed_change(f: Fact) -> bool:
    """A figure the report prints as a change: a word of its measure begins with a change word
    (증감, "전년 동기 대비 추가 집행액"; words.yaml change_words)."""
    return any(part.startswith(words.CHANGE_WORDS) for part in f.metric.split())


def missing_operand(op: str, figures: Sequence[Fact], subjects_named: int) -> bool:
    """An operation the figures found could not serve because one of its figures is missing —
    not one the report already answers: a printed change (증감) is the difference asked, and a
    single figure asked to be summed is the report's own total unless two subjects were named."""
    if op == "difference" and figures and all(printed_change(f) for f in figures):
        return False  # the report's own change answers it (증감, 추가 집행액)
    if any(f.metric in CHANGE_METRIC_WORDS for f in figures):
        return False  # the report's own change answers it
    if op == "sum" and any(_is_total(f) for f in figures):
        return False  # the report's own total answers it
    if op == "sum" and len(distinct_figures(list(figures))) == 1:
        return subjects_named >= 2
    return True


def _percent_change(facts: list[Fact], kb_facts: Sequence[Fact]) -> Computed | None:
    exact = list(dict.fromkeys(measures.exact_of(f, kb_facts) or f for f in facts))
    if len(exact) == 1 and (twin := _year_before(exact[0], kb_facts)):
        # one figure ("예산 총액 작년 대비 감소율": a headline and the table's exact figure it rounds):
        # the exact one and the same figure of the year before
        facts = [twin, exact[0]]
    for change in facts:
        if change.value is not None:
            base = _base_of(change, kb_facts) if change.metric in CHANGE_METRIC_WORDS else _base_named(change, kb_facts)
            if base and base.value:
                pct = change.value / base.value * 100
                return Computed(f"증감률: {_signed(pct)}%", f"{change.text} ÷ {base.text} × 100", (change, base))
    pairs = [
        (a, b)
        for a in facts
        for b in facts
        if a is not b
        and (a.subject, a.metric, measures.kind_of(a), a.unit) == (b.subject, b.metric, measures.kind_of(b), b.unit)
        and (a.period or a.as_of or "") < (b.period or b.as_of or "")
    ]
    if len(pairs) != 1:
        return None
    old, new = pairs[0]
    if old.value is None or new.value is None:
        return None
    if old.unit == "%":
        return Computed(f"증감: {_signed(new.value - old.value)}%p", f"{new.text} − {old.text}", (new, old))
    if not old.value:
        return None
    pct = (new.value - old.value) / old.value * 100
    return Computed(f"증감률: {_signed(pct)}%", f"({new.text} − {old.text}) ÷ {old.text} × 100", (new, old))


def _base_of(change: Fact, kb_facts: Sequence[Fact]) -> Fact | None:
    """The earlier figure a printed change was taken from: same table row, an earlier period."""
    row = [
        f
        for f in kb_facts
        if f.source_table
        and f.source_table == change.source_table
        and f.subject == change.subject
        and f.qualifier == change.qualifier
        and f.metric not in CHANGE_METRIC_WORDS
        and f.unit == change.unit
        and f.period
        and f.value is not None
    ]
    periods = sorted({f.period for f in row if f.period})
    if len(periods) < 2:
        return None
    earlier = [f for f in row if f.period == periods[0]]
    return earlier[0] if len(earlier) == 1 else None


def _base_named(change: Fact, kb_facts: Sequence[Fact]) -> Fact | None:
    """The earlier figure a change named by its measure adds to ("추가 집행액" of 2020, 전년 동기
    대비: the same thing's 집행액 of the period before): same subject and unit, that measure, a
    category that only says the period, one of them."""
    head, _, measured = change.metric.partition(" ")
    if head not in words.CHANGE_WORDS or not measured or not change.period:
        return None
    earlier = [
        f
        for f in kb_facts
        if (f.subject, f.metric, f.unit) == (change.subject, measured, change.unit)
        and not measures.kind_of(f)
        and (f.period or "") < change.period
        and operand(f)
    ]
    return earlier[0] if len(earlier) == 1 else None


def _year_before(fact: Fact, kb_facts: Sequence[Fact]) -> Fact | None:
    """The one figure of the same subject, measure, category, unit and table a year before."""
    if not fact.period or not fact.period[:4].isdigit() or fact.value is None:
        return None
    before = str(int(fact.period[:4]) - 1)
    found = [
        f
        for f in kb_facts
        if (f.subject, f.metric, f.qualifier, f.unit, f.source_table)
        == (fact.subject, fact.metric, fact.qualifier, fact.unit, fact.source_table)
        and (f.period or "")[:4] == before
        and operand(f)
    ]
    return found[0] if len(found) == 1 else None


def as_taken(listed: Sequence[Fact], done: Computed) -> list[Fact]:
    """The figures to list beside a computed line: those listed, with any the operation did not
    take replaced by those it took in their place (미국's 누적 확진자 for its 신규, `_one_kind_of_count`);
    a figure of a measure the operation took none of is no part of it ("시설위탁이랑 사무위탁 예산
    차이": not 시설's 사무 수)."""
    measures = {(f.metric, f.unit) for f in done.facts}
    kept = [f for f in listed if f in done.facts or (f.metric, f.unit) in measures]
    dropped = [f for f in kept if f not in done.facts]
    taken = [f for f in done.facts if f not in listed]
    if dropped and taken:
        return [f for f in kept if f in done.facts] + taken
    if len(kept) < len(listed):
        return kept + taken
    return list(listed)


def _latest_of_each(facts: list[Fact]) -> list[Fact]:
    """One figure of each thing measured: a measure's figure of two years is no part and whole
    ("지원예산 규모랑 신속집행 대상액 대비 비중": 2020's 대상액, not 2019's of 2020's). The latest
    of each, where the figures are of more than one thing; of one thing, all of them."""

    def thing(f: Fact) -> tuple:
        qualifier = None if compact(f.qualifier or "") in words.PERIOD_WORDS else f.qualifier  # 전년 동기: a period
        return f.subject, f.metric, qualifier, f.unit

    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        groups.setdefault(thing(f), []).append(f)
    if len(groups) < 2 or all(len(g) == 1 for g in groups.values()):
        return facts
    latest = {k: max(g, key=lambda f: f.period or f.as_of or "") for k, g in groups.items()}
    return [f for f in facts if latest[thing(f)] is f]


def _one_kind_of_count(pair: list[Fact], kb_facts: Sequence[Fact]) -> list[Fact]:
    """A share of two figures of one thing counted in two ways ("전세계 확진자 중 미국": the world's
    누적 확진자, 미국's 신규 확진자 of a day) is of the part's figure counted as the whole is (미국's
    누적 확진자), or none: one day's new cases are no share of a cumulative count."""
    a, b = pair
    if a.metric == b.metric or a.metric.split()[-1] != b.metric.split()[-1]:
        return pair  # one measure, or two measures of different things (예산 of 대상액)
    whole, part = sorted(pair, key=lambda f: f.value or 0, reverse=True)
    same = [
        f
        for f in kb_facts
        if (f.subject, f.metric, f.unit) == (part.subject, whole.metric, whole.unit) and operand(f) and f is not whole
    ]
    return [whole, same[0]] if len(same) == 1 else []


def _one_measure(facts: list[Fact]) -> list[Fact]:
    """The figures of the one measure several are given for (예산 of 일반회계 and 특별회계 beside
    their 사업수 and 증감): figures of several measures are no operands of one operation. The
    measure of the answer's first figure, when it has several; else the only one that has."""
    if len({(f.metric, f.unit) for f in facts}) <= 1:
        return facts
    groups: dict[tuple[str, str], list[Fact]] = {}
    for f in facts:
        groups.setdefault((f.metric, f.unit), []).append(f)
    first = groups[(facts[0].metric, facts[0].unit)]  # the answer lists the measure asked first
    if len(first) >= 2:
        return first
    several = [g for g in groups.values() if len(g) >= 2]
    return several[0] if len(several) == 1 else facts


def _same_measure(a: Fact, b: Fact) -> bool:
    return (a.metric, a.unit) == (b.metric, b.unit)


def _is_total(f: Fact) -> bool:
    """A table's total line ("합계 정원", "계 심사 건수")."""
    return any(w == x for x in (compact(f.subject or ""), compact(f.qualifier or "")) for w in TOTAL_WORDS)


def names_the_totals(compact_question: str, sum_words: Sequence[str], figures: Sequence[Fact]) -> bool:
    """Every summing word the question says is the name of the total lines found ("예산 합계 작년보다
    얼마 줄었어": the 합계 row of two years, not their sum)."""
    if not figures or not all(_is_total(f) for f in figures):
        return False
    ended = without_closing_tail(compact_question)
    said = [
        w
        for x in sum_words
        if (w := compact(x).rstrip(CLOSING)) and (ended.endswith(w) if x.endswith(CLOSING) else w in compact_question)
    ]
    names = {compact(x) for f in figures for x in (f.subject or "", *(f.qualifier or "").split())}
    return bool(said) and all(w in names for w in said)


def siblings(a: Fact, b: Fact) -> bool:
    """Two categories of one thing's measure on one day, as deep as each other, neither a total
    (일반회계 and 특별회계 of 예산담당관's 예산 2020; not 예산지원형 사무 and 자립형)."""
    same = (a.subject, a.metric, a.unit, a.period, a.as_of) == (b.subject, b.metric, b.unit, b.period, b.as_of)
    same = same and bool(a.source_table) == bool(b.source_table)  # (일반회계's table and 특별회계's: both rows)
    depth = len((a.qualifier or "").split())
    return (
        same
        and a.qualifier != b.qualifier
        and depth > 0
        and depth == len((b.qualifier or "").split())
        and not (_is_total(a) or _is_total(b))
    )


def _counted_twice(total: Fact, other: Fact) -> bool:
    """`other` is counted in `total` (a part of the same day's table), or is the same day's total of
    the same thing: a total of another day or another thing's own total is not. (A total of no
    period, the 계 row over the years, counts every year's.)"""
    if total.period and other.period and (total.period, total.as_of) != (other.period, other.as_of):
        return False
    return not _is_total(other) or other.subject == total.subject


def _total_beside(f: Fact, part: Fact) -> bool:
    """The total column of the part's own row: its category is the part's with a total word in
    place of the part's own ("계 전체" beside "계 민간위탁사업")."""
    if f.subject != part.subject:
        return False
    mine, theirs = set((part.qualifier or "").split()), set((f.qualifier or "").split())
    own, other = mine - theirs, theirs - mine
    return bool(own and other) and all(w in TOTAL_WORDS for w in other) and not any(w in TOTAL_WORDS for w in own)


def whole_of(part: Fact, kb_facts: Sequence[Fact]) -> Fact | None:
    """The total a figure is a share of: the total line of its table ("계", "합계") for the same
    metric, unit and date when there is exactly one; else the sum of the table's rows of that
    metric, category and date ("기금 중 재정투융자기금": the four funds); for a figure of the text,
    its subject's one figure of that measure and date with no category ("부적정 4건" of 심의 14건).
    None for rates. `kb_facts`: every figure, or only those it can be among (`Resources.facts_near`)."""
    if part.unit == "%":
        return None
    if not part.source_table:
        whole = [
            f
            for f in kb_facts
            if not f.source_table
            and f is not part
            and (f.subject, f.metric, f.unit, f.period, f.as_of)
            == (part.subject, part.metric, part.unit, part.period, part.as_of)
            and part.qualifier
            and (not f.qualifier or _is_total(f))
            and (f.value or 0) > (part.value or 0)
        ]
        return whole[0] if len(whole) == 1 else None
    same = [
        f
        for f in kb_facts
        if f.source_table == part.source_table
        and (f.metric, f.unit, f.period, f.as_of) == (part.metric, part.unit, part.period, part.as_of)
        and f.value is not None
    ]
    wholes = [
        f
        for f in same
        if f is not part and (f.value or 0) > (part.value or 0) and (_is_total(f) or _total_beside(f, part))
    ]
    own = [f for f in wholes if f.subject == part.subject]  # 市 투자심사's 계, not 중앙's too
    if len(wholes) == 1 or len(own) == 1:
        return wholes[0] if len(wholes) == 1 else own[0]
    rows = [f for f in same if f.subject_required and f.qualifier == part.qualifier and not _is_total(f)]
    if len(rows) < 2 or part not in rows:
        return None
    total = sum(f.value or 0 for f in rows)
    return replace(
        part, id=f"{part.source_table}.rows", subject=None, text=format_number(total), value=total, label="합계"
    )


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + format_number(value, 1)
