"""Total and share: a sum of named figures, or one figure's share of its table's total, computed."""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Answer
from bot.engine import compose, measures, operations
from bot.engine.answers.change import changed_measure
from bot.engine.measures import asked_kinds, kind_of_unit
from bot.engine.phrasing import computed_value, fact_label, figure
from bot.engine.resources import Resources
from bot.engine.retrieval import Query, holds_period
from bot.engine.thresholds import ANSWER_SCORE, CHANGE_WORDS, COMPARED_WITH, TIE_SCORE
from bot.engine.turn import Turn
from bot.engine.understand import Parsed
from bot.korean.numbers import format_number
from bot.korean.textnorm import compact
from bot.korean.words import (
    CHANGE_RANKING_WORDS,
    DAY_BEFORE_WORDS,
    MEASURE_ENDINGS,
    PERIOD_WORDS,
    RESTRICTION_WORDS,
    SHORTFALL_WORDS,
    UNIT_WORDS,
)
from bot.records import Fact

SHARE_WORDS = ("비율", "비중")  # metric names that ask the share itself, not a figure of it


def total_answer(res: Resources, p: Parsed, q: Query, *, share: bool) -> Answer | None:
    if share:
        if len(q.subjects) >= 2 or len([m for m in q.metrics if m not in SHARE_WORDS]) >= 2:
            return None  # "서울이 전국의 몇 %", "치명률": a share of another named figure, not of a table's sum
        direct = res.index.facts(q)
        if direct and direct[0].score >= ANSWER_SCORE and any(w in direct[0].fact.metric for w in ("비중", "비율")):
            return None  # the report prints the share: plain lookup answers it
        scored = [s for s in direct if s.subject_share == 1.0]
        if not scored:
            return None
        f = scored[0].fact
        if operations.whole_measure_of_a_share(res.config.wholes_of_measures, f.metric, p.matches, p.compact):
            return None  # "법률지원담당관 여성 비율": of its own 현원 (the pipeline's share), not all offices' women
        whole = operations.whole_of(f, res.facts_near(f))  # its table's total line, or its rows' sum
        if f.value is None or whole is None or not whole.value or whole.value == f.value:
            return None  # a total line's share of itself answers nothing
        pct = f.value / whole.value * 100
        head = res.config.get("share").template.format(
            label=fact_label(f),
            figure=figure(f),
            total=computed_value(whole.value, f.unit),
            share=format_number(pct, 1),
        )
        how = f"{f.text} ÷ {whole.text} × 100"
        cited = [f, whole] if whole.id in res.facts_by_id else [f]  # a total line is cited, a rows' sum is not one
        ans = compose.facts_answer(
            res, p, q, cited, intent="share", confidence=0.75, head=head, computed=how, list_facts=False
        )
        return ans
    parts = figures_of_each(res, q)
    if parts is None:
        return None
    total = sum(f.value or 0 for f in parts)
    head = res.config.get("total").template.format(
        label=f"{' + '.join(f.subject or '' for f in parts)} {parts[0].metric}",
        figure=computed_value(total, parts[0].unit),
    )
    how = " + ".join(f"{f.text}{f.unit}" for f in parts)
    return compose.facts_answer(res, p, q, parts, intent="total", confidence=0.75, head=head, computed=how)


def figures_of_each(res: Resources, q: Query) -> list[Fact] | None:
    """The same figure of each of the several things named ("국제교류담당관이랑 해외도시협력담당관
    예산"), when every one has it in one unit."""
    if len(q.subjects) < 2:
        return None
    # several measures asked (a follow-up keeps the last answer's 예산 and 사업수): the first each has
    for metrics in [[m] for m in q.metrics] if len(q.metrics) > 1 else [q.metrics]:
        parts: list[Fact] = []
        for subject in q.subjects:
            sq = replace(q, subjects=[subject], metrics=metrics)
            scored = [s for s in res.index.facts(sq) if s.fact.subject == subject]
            tied = [s.fact for s in scored if s.score >= scored[0].score - TIE_SCORE] if scored else []
            if len(tied) > 1 and not q.periods:
                # "미국 스페인 사망자 합계": each day's 신규 and the 누적 alike: the count to date (no day
                # of its own), when there is one; else which is not said
                levels = [f for f in tied if not f.period]
                if len(levels) != 1:
                    return None
                tied = levels
            if tied:
                parts.append(tied[0])
        if len(parts) >= 2 and all(operations.operand(f) for f in parts) and len({f.unit for f in parts}) == 1:
            return parts
    return None


def metrics_of_one(res: Resources, q: Query) -> list[Fact] | None:
    """The figures of two metrics named of the one subject named, in one unit ("현원 대비 여성")."""
    held = {f.metric for s in q.subjects for f in res.facts_of_subject.get(s, ())}
    metrics = [m for m in q.metrics if m not in SHARE_WORDS and m in held]
    if len(metrics) != 2:
        return None
    parts: list[Fact] = []
    for metric in metrics:
        scored = [s for s in res.index.facts(replace(q, metrics=[metric])) if s.fact.subject in q.subjects]
        if not scored or scored[0].fact.metric != metric or scored[0].fact in parts:
            return None
        parts.append(scored[0].fact)
    if any(f.value is None for f in parts) or len({f.unit for f in parts}) > 1:
        return None
    return parts


def counts_named(res: Resources, p: Parsed, q: Query) -> list[Fact] | None:
    """Two counts named by their stems ("판결확정", "패소" for 판결확정 건수, 패소 건수: a metric is
    its stem and a measure ending, bot/korean/words.yaml measure_endings) that one subject alone
    holds, in the question's period: its two figures."""
    said = {m.surface for m in p.matches} | {compact(m.canonical) for m in p.matches}
    stems: dict[str, str] = {}  # metric → its stem said in the question
    for metric in filter(None, res.facts_of_metric):
        for end in MEASURE_ENDINGS:
            stem = compact(metric)[: -len(end)]
            if compact(metric).endswith(end) and len(stem) >= 2 and stem in said:
                stems[metric] = stem
    if len(set(stems.values())) != 2:
        return None
    holders = {
        s: {f.metric for f in res.facts_of_subject.get(s, ()) if f.metric in stems}
        for s in {f.subject for m in stems for f in res.facts_of_metric[m] if f.subject}
    }
    both = [s for s, held in holders.items() if {stems[m] for m in held} == set(stems.values())]
    if len(both) != 1:
        return None
    one = replace(q, subjects=both, metrics=sorted(holders[both[0]]))
    if len(one.metrics) != 2:
        return None
    return metrics_of_one(res, one)


def compare(turn: Turn, res: Resources) -> Answer | None:
    """ "A가 B보다 몇 명 많아", "A와 B 예산 차이": the same figure of two named things and their
    difference."""
    q = turn.query
    # "A랑 B 차이": the difference between the two, not their printed 증감 figures
    q = replace(
        q, words=[w for w in q.words if w not in CHANGE_WORDS], metrics=[m for m in q.metrics if m not in CHANGE_WORDS]
    )
    if not turn.parsed.canon("metric"):  # "차이는" after 서울's and 전국's 확진자: of the levels carried, not their
        q = replace(q, metrics=list(dict.fromkeys(changed_measure(m) or m for m in q.metrics)))  # 일일 증감
    if len(q.subjects) == 2:
        if _over_time(res, turn.parsed):
            return None  # "A는 작년보다 얼마 줄고 B는 얼마 늘었어": each one's change
        q = _measure_of_the_kind_asked(res, turn.parsed, q)
        if _nothing_but_a_difference(res, turn.parsed, q) and (
            choices := measures_to_choose(res, "difference_of_which", q.subjects)
        ):
            # "법률지원담당관이랑 조직담당관 차이": of which measure (정원, 현원, 예산 …)
            return compose.ask_back_with(res, turn.parsed, q, choices)
        parts = figures_of_each(res, q)
        if parts is None or len(parts) != 2 or parts[0].metric != parts[1].metric:
            return None
    else:  # two categories of one thing ("일반회계랑 특별회계"), or two measures ("승소가 패소보다")
        categories = two_categories(turn.parsed, q)
        if categories and _over_time(res, turn.parsed):
            return None  # "일반회계는 작년보다 얼마 줄고 특별회계는": each one's change
        of_each = figures_of_categories(res, q, categories) if categories else [[], []]
        common = _measures_of_both(turn.parsed, of_each)
        if len(common) >= 2 and not q.metrics:  # (several measures in both, none named: which one)
            choices = [res.config.phrase("difference_of_which", items=", ".join(categories), metric=m) for m in common]
            return compose.ask_back_with(res, turn.parsed, q, choices)
        found = one_figure_of_each(res, turn.parsed, of_each, common[0]) if len(common) == 1 else None
        parts = found or _two_measures_of_one(res, turn.parsed, q)  # (not either one's change)
        if parts is None:
            return None
    a, b = parts
    if (base := _base_of_comparison(turn.parsed, parts)) is not None:
        a, b = (b, a) if base is a else (a, b)  # "A가 B보다 많아": A − B, whichever is named first
        if any(w in turn.parsed.compact for w in SHORTFALL_WORDS):
            a, b = b, a  # "현원이 정원보다 몇 명 모자라": 정원 − 현원, what falls short
    elif (a.value or 0) < (b.value or 0):
        a, b = b, a  # "A랑 B 차이", no base named: the larger less the smaller (as operations.compute)
    name_a, name_b = (
        (a.subject, b.subject)
        if a.subject != b.subject
        else (a.metric, b.metric)
        if a.metric != b.metric
        else (a.qualifier, b.qualifier)
    )
    head = (
        res.config.get("change")
        .extra.get("compare_template", "{a} − {b}: {difference}")
        .format(a=name_a, b=name_b, difference=computed_value((a.value or 0) - (b.value or 0), a.unit))
    )
    how = f"{a.text}{a.unit} − {b.text}{b.unit}"
    return compose.facts_answer(res, turn.parsed, q, parts, intent="change", confidence=0.75, head=head, computed=how)


def two_categories(p: Parsed, q: Query) -> list[str]:
    """The two categories the question names of one thing ("일반회계랑 특별회계 차이"; a name that is
    both a category and a thing counts as the category), or, naming none, the two it carries from
    the last turn; neither a restriction ("기준") nor a period word ("작년"), with at most one other
    thing named (whose categories they are)."""
    named = [
        x
        for x in dict.fromkeys(p.canon("qualifier"))
        if compact(x) not in RESTRICTION_WORDS and compact(x) not in PERIOD_WORDS
    ]
    if not named and not p.canon("subject"):  # "차이는" after "일반직이랑 임기제 정원": the two carried,
        named = [  # neither a total line ("기금 합계" then "차이는" asks 기금's change)
            x for x in q.qualifiers if compact(x) not in (*RESTRICTION_WORDS, *PERIOD_WORDS, *operations.TOTAL_WORDS)
        ]
    if len(named) != 2 or len([s for s in q.subjects if s not in named]) > 1:
        return []
    return named


def figures_of_categories(res: Resources, q: Query, categories: list[str]) -> list[list[Fact]]:
    """Each category's figures (no change, no headline amount: the table's exact one stands for it)
    of one thing (the one named, else the report's owner: 기획조정실's 일반회계 and 특별회계), of
    the measure named when one is."""
    holder = next((s for s in q.subjects if s not in categories), res.config.report_owner)
    held = res.facts_of_subject.get(holder, ())
    named = [m for m in q.metrics if m not in CHANGE_WORDS]
    return [
        [
            f
            for f in held
            if f.qualifier == c
            and operations.operand(f)
            and f.metric not in CHANGE_WORDS
            and (not named or f.metric in named)
            and measures.exact_of(f, held) is None
        ]
        for c in categories
    ]


def _measures_of_both(p: Parsed, of_each: list[list[Fact]]) -> list[str]:
    """The measures both lists of figures have, narrowed to the one the question writes ("기금예산":
    예산, though read as part of the name 기금, knowledge/aliases.yaml) or to the kind it asks
    ("건수 차이": the count)."""
    common = [m for m in dict.fromkeys(f.metric for f in of_each[0]) if any(g.metric == m for g in of_each[1])]
    if len(common) >= 2 and len(written := [m for m in common if compact(m) in p.compact]) == 1:
        return written
    if len(common) >= 2 and (kinds := _kinds_asked(p)):
        units = {f.metric: f.unit for f in of_each[0]}
        return [m for m in common if kind_of_unit(units[m]) in kinds] or common
    return common


def one_figure_of_each(res: Resources, p: Parsed, of_each: list[list[Fact]], metric: str) -> list[Fact] | None:
    """Of each list, the one figure of the measure, of the period asked, else of the latest year
    they all have (no 2019 figure beside a 2020 one); None unless each has exactly one, in one unit."""
    of_each = [[f for f in facts if f.metric == metric] for facts in of_each]
    if p.periods:
        of_each = [[f for f in facts if holds_period(f, p.periods, res.config.report_year)] for facts in of_each]
    elif years := set.intersection(*({f.period for f in facts if f.period} for facts in of_each)):
        of_each = [[f for f in facts if f.period == max(years)] for facts in of_each]
    if any(len(facts) != 1 for facts in of_each) or len({facts[0].unit for facts in of_each}) != 1:
        return None
    return [facts[0] for facts in of_each]


def _kinds_asked(p: Parsed) -> frozenset[str]:
    """The kinds of measure asked ("몇 명", "얼마"), or named by a word that only says which kind
    (bot/korean/words.yaml unit_words: 건수 a count, 금액 money)."""
    said = {kind_of_unit(u) for w, u in UNIT_WORDS.items() if compact(w) in p.compact}
    return asked_kinds(p.text) | {k for k in said if k}


def _base_of_comparison(p: Parsed, parts: list[Fact]) -> Fact | None:
    """The figure named right before 보다/대비 ("승소가 패소보다": 패소), or None."""
    c = p.compact
    ats = [m.start() for m in COMPARED_WITH.finditer(c)]
    for at in ats:
        named = [compact(m.canonical) for m in p.matches if m.end == at and m.kind != "keyword"]
        hits = [f for f in parts if any(n and n in compact(f.label) for n in named)]
        if len(hits) == 1:
            return hits[0]
    return None


def _nothing_but_a_difference(res: Resources, p: Parsed, q: Query) -> bool:
    """The question names two things itself and asks their difference in a number ("A랑 B 차이는",
    intents.yaml operations: not "차이가 뭐야"), naming no measure, category or kind of figure
    (words of change or of a period, "작년", and of a restriction, "기준", name none)."""
    op = operations.asked(p.compact, res.config)
    named = [w for w in q.words if w not in CHANGE_WORDS and compact(w) not in PERIOD_WORDS]
    categories = [x for x in q.qualifiers if compact(x) not in RESTRICTION_WORDS]
    return (
        not (q.metrics or named or categories or asked_kinds(p.text))
        and len(set(p.canon("subject"))) >= 2  # (both named here: a follow-up's measure is the last turn's)
        and op is not None
        and res.config.operations_computes.get(op, op) == "difference"
    )


def _measures_in_common(res: Resources, subjects: list[str]) -> list[str]:
    """The measures (no change) every thing named has a figure of, in the first one's order."""
    held = [
        [f.metric for f in res.facts_of_subject.get(s, ()) if f.metric not in CHANGE_WORDS and operations.operand(f)]
        for s in subjects
    ]
    if not held:
        return []
    return [m for m in dict.fromkeys(held[0]) if all(m in h for h in held[1:])]


def measures_to_choose(res: Resources, phrase: str, things: list[str], shown: set[str] | None = None) -> list[str]:
    """The questions to ask back ("A, B 정원 차이"; intents.yaml phrases `phrase`) when the things
    have two or more measures in common (of those `shown`, when given), else none."""
    shared = [m for m in _measures_in_common(res, things) if shown is None or m in shown]
    names = ", ".join(things)
    return [res.config.phrase(phrase, items=names, metric=m) for m in shared] if len(shared) >= 2 else []


def _measure_of_the_kind_asked(res: Resources, p: Parsed, q: Query) -> Query:
    """With no measure named, the one measure (no change) every thing named has in the kind asked
    ("감채기금이 재정투융자기금보다 얼마 더 많아": money, their 예산), or, no kind asked, the one
    measure they have in common ("재정투융자기금 감채기금 차이": 예산)."""
    if q.metrics:
        return q
    if _nothing_but_a_difference(res, p, q):
        shared = _measures_in_common(res, q.subjects)
        return replace(q, metrics=shared) if len(shared) == 1 else q
    if not (kinds := asked_kinds(p.text)):
        return q
    held = [
        {
            f.metric
            for f in res.facts_of_subject.get(s, ())
            if f.metric not in CHANGE_WORDS and kind_of_unit(f.unit) in kinds
        }
        for s in q.subjects
    ]
    common = set.intersection(*held) if held else set()
    return replace(q, metrics=[common.pop()]) if len(common) == 1 else q


def _two_measures_of_one(res: Resources, p: Parsed, q: Query) -> list[Fact] | None:
    """The figures of two measures named of one thing (the report's owner when none is named),
    or two counts named by their stems, in the question's period."""
    c = p.compact
    if len(q.subjects) > 1 or _over_time(res, p) or p.says_each:
        return None  # a change in time, or each figure asked ("각각 몇 명"), not their difference
    if not any(w in c for w in res.config.figure_asking_words):
        return None  # "정원 대비 현원 알려줘": the two figures, no difference asked
    parts = metrics_of_one(res, replace(q, subjects=q.subjects or [res.config.report_owner]))
    if parts is None and not q.metrics:
        parts = counts_named(res, p, q)
    if parts and set(q.metrics) - {f.metric for f in parts} - set(CHANGE_WORDS):
        return None  # a measure named that neither figure is ("심판위원 정원 대비 결원": the 위원's)
    return parts


def _over_time(res: Resources, p: Parsed) -> bool:
    """The question asks how something changed ("늘었고", "감소폭", "전날 대비", "작년 대비"), not how
    two measures differ (bot/korean/words.yaml change_ranking_words, day_before_words, compared_with
    after intents.yaml relative_years before the report's year)."""
    c = p.compact
    if any(w in c for w in (*CHANGE_RANKING_WORDS, *DAY_BEFORE_WORDS)):
        return True
    # "작년보다", "작년 대비": compared with a year before; not "작년에" (the year both are of)
    before = tuple(w for w, year in res.config.relative_years.items() if year < res.config.report_year)
    return any(c[: m.start()].endswith(before) for m in COMPARED_WITH.finditer(c))


def share_of_named(turn: Turn, res: Resources) -> Answer | None:
    """ "서울 확진자가 전국의 몇 %": the same figure of two named things, the one's share of the other;
    "서울 확진자 중에 퇴원한 비율": two named figures of one thing, the one's share of the other."""
    q = turn.query
    share_words = res.config.operation_words("share")  # intents.yaml operations.share
    if not any(compact(w) in turn.parsed.compact for w in share_words):
        return None  # "A 대비 B" without 비율/비중 asks a difference
    if operations.asked(turn.parsed.compact, res.config) == "percent_change":
        return None  # "작년 대비 몇 % 늘었어": a percentage change, not a share
    if len(q.subjects) == 2:
        parts, how = figures_of_each(res, q), "share"
    elif len(q.subjects) <= 1:  # two measures of one thing, the report's owner when none is named
        parts = metrics_of_one(res, replace(q, subjects=q.subjects or [res.config.report_owner]))
        if parts is None and not q.subjects:  # "판결확정 건 중 패소 비율": the one thing counting both
            parts = counts_named(res, turn.parsed, q)
        how = "ratio"
    else:
        parts, how = None, ""
    share_words = operations.share_asking_words(res.config)
    base = operations.base_named(turn.parsed.matches, turn.parsed.compact, parts, share_words) if parts else None
    done = operations.compute(how, parts, res.kb.facts, base=base) if parts else None
    if parts is None or done is None:
        return None
    parts = operations.as_taken(parts, done)
    return compose.facts_answer(
        res, turn.parsed, q, parts, intent="share", confidence=0.75, head=done.line, computed=done.how
    )


def answer(turn: Turn, res: Resources) -> Answer | None:
    """The sum of the figures of several named things."""
    return total_answer(res, turn.parsed, turn.query, share=False)


def share(turn: Turn, res: Resources) -> Answer | None:
    """One figure's share of its table's total."""
    return total_answer(res, turn.parsed, turn.query, share=True)
