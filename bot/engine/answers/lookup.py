"""Lookup: one figure (or a few) named by metric, subject, category and period; asks back or declines when unsure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.answer import Answer
from bot.engine import compose, guard, measures, operations
from bot.engine.answers.details import said_by_one_subject
from bot.engine.once import once
from bot.engine.phrasing import fact_label
from bot.engine.resources import Resources
from bot.engine.retrieval import (
    DEFAULT_QUALIFIERS,
    GENERIC_MEASURES,
    PART_DEFAULTS,
    Query,
    Scored,
    asked_unit,
    counted_unit,
    fact_periods,
    holds_period,
    period_matches,
    the_whole,
    unit_fits,
    word_share,
)
from bot.engine.thresholds import (
    ANSWER_SCORE,
    CATEGORY_SCORE,
    CERTAIN_SCORE,
    CHANGE_WORDS,
    CLOSE_SCORE,
    CONFIDENCE_SCALE,
    COVERING_DETAIL,
    DETAIL_OK,
    DETAIL_OVER_UNCOVERED,
    DETAIL_STRONG,
    HINT_SCORE,
    JOINED,
    JOINED_SCORE,
    MAX_FACT_LINES,
    MAX_SERIES_LINES,
    NEAR_SCORE,
    NUMBERED,
    OWNER_SCORE,
    PART_METRIC_SHARE,
    SAME_THING_SCORE,
    SHARED_METRIC,
    TIE_SCORE,
    rounds_unsaid,
)
from bot.engine.turn import Turn
from bot.engine.understand import Parsed, content_words, several_asked
from bot.korean.textnorm import bigrams, compact
from bot.korean.words import COUNTERS, MEASURE_ENDINGS
from bot.records import Detail, Fact

PREFERS_DETAILS = ("detail", "who")  # a text item may answer before a figure
SPEAKING_CANDIDATES = 8  # the figures read for one that speaks every word the best ones leave unspoken


def lookup(res: Resources, p: Parsed, q: Query, *, prefer_details: bool = False) -> Answer:
    if (bare := _a_figure_of_a_texts_word(res, p, q)) is not None:
        figures = lookup(res, p, bare, prefer_details=prefer_details)
        measured = [res.facts_by_id[r.id].metric for r in figures.facts if r.id in res.facts_by_id]
        if figures.answered and measured and all(any(x in m for x in q.subjects) for m in measured):
            return figures  # "2019년 승소": its 승소 건수, not the text about what 승소 counts
    scored = whole_first(q, counted_first(p, res.index.facts(q)))
    group = best_group(res, scored, asked_subjects(res, p, q))
    unknown = guard.unknown_words(res, p)
    named_nothing = not (q.subjects or q.metrics or q.qualifiers or q.aspects or q.sections or q.periods)

    # the text items are read only when a branch asks (a plain figure answer never does)
    @once
    def details() -> list[tuple[float, Detail]]:
        # "2차 … 기간": only a text of that round (no round named: every text, none read for one)
        found = res.index.details(q)
        if NUMBERED.search(p.compact):
            found = [(s, d) for s, d in found if not rounds_unsaid(p.compact, compact(d.text))]
        return found

    @once
    def detail_score() -> float:
        return details()[0][0] if details() else 0.0

    @once
    def covering() -> bool:  # a detail that speaks of every content word of the question ("성주에서 뭐 팔았어?")
        top = details()[0][1] if details() else None
        return (
            top is not None
            and detail_score() >= COVERING_DETAIL
            and bool(said := content_words(p, res.config))
            and not unknown
            and not any(res.vocab.unexplained(w) for w in said)  # (a word the report never writes: no text covers it)
            and not guard.uncovered_words(res, p, [], extra=f"{top.subject} {top.aspect} {top.text}")
        )

    @once
    def detail_ok() -> bool:
        if named_nothing and details() and not covering() and not said_by_one_subject(res, p, details()[0][1]):
            return False  # "뭐 강화했어": a word twenty items say, naming none of them
        return (detail_score() >= DETAIL_OK or covering()) and guard.detail_can_count(res, p, details()[0][1])

    @once
    def detail_named() -> bool:
        if not details():
            return False
        top = details()[0][1]
        return not q.subjects or top.subject in q.subjects or word_share(top.subject, q) == 1.0

    fact_ok = bool(group) and group[0].score >= ANSWER_SCORE
    strong_fact = fact_ok and group[0].metric_share == 1.0 and (group[0].subject_share >= 0.5 or not q.subjects)
    if unknown and not covering():
        return compose.decline(res, p, q, what=", ".join(unknown))  # "확진자 연령대 분포": not in the report
    if fact_ok and (elsewhen := of_other_periods(res, q, group)):
        return compose.decline_period(res, p, q, elsewhen, measure=fact_label(elsewhen[0].fact))
    if p.unknown_offices and not (group and group[0].subject_share == 1.0 and q.subjects):
        return compose.decline(res, p, q, what=", ".join(p.unknown_offices))
    if (rate := rate_of_two_measures(res, p, q)) is not None:
        return rate  # "포괄비 집행 비율": its 사용액 of its 예산
    other_kinds = {m.surface for m in p.matches if m.kind in ("metric", "qualifier")}
    textual = [
        x
        for x in q.subjects
        if x not in res.fact_subjects
        and not any(  # 재무국: no figures
            m.canonical == x and m.surface in other_kinds for m in p.matches
        )
    ]
    if textual and set(q.metrics) - GENERIC_MEASURES and not (group and group[0].subject_share == 1.0):
        return compose.decline(res, p, q, what=f"{', '.join(textual)}의 {', '.join(q.metrics)}")
    if (
        prefer_details
        and detail_ok()
        and not strong_fact
        and (detail_named() or not fact_ok)
        and (
            not fact_ok
            or detail_score() >= group[0].score
            # a figure its category alone implies, and a text of the aspect named ("총인건비 관리대상
            # 기존엔": the 관리대상 text, not the 관리 횟수 of 현행)
            or (group[0].metric_share < 1.0 and any(a in details()[0][1].aspect for a in q.aspects))
        )
    ):
        return compose.details_answer(res, p, q, details())
    if not fact_ok and not q.subjects:
        # "반려 및 철회는 몇 건?": only 市 투자심사 has that category, so it need not be named
        loose = [
            s
            for s in res.index.facts(q, need_subject=False, rows_only=True)
            if s.fact.subject_required and s.fact.qualifier and s.fact.qualifier in q.qualifiers
        ]
        if loose and len({s.fact.subject for s in loose}) == 1 and loose[0].score >= NEAR_SCORE:
            group, fact_ok, strong_fact = best_group(res, loose), True, True
    if fact_ok and not (q.subjects or q.sections) and (ask := ask_back_for_category_owner(res, p, q, group, scored)):
        return ask
    if fact_ok and (each := of_each_subject(res, p, q)) is not None:
        return each
    several = several_figures(res, p, q, group, scored) if fact_ok else None
    if several:
        return several
    if fact_ok and group[0].score < CERTAIN_SCORE:
        uncovered = unspoken(res, p, [s.fact for s in group])
        if uncovered and (speaking := figures_speaking_every_word(res, p, q, scored, group)):
            group, uncovered = speaking, []
        if uncovered:
            if detail_ok() and details()[0][0] >= DETAIL_OVER_UNCOVERED:
                return compose.details_answer(res, p, q, details())
            return compose.decline(res, p, q, what=", ".join(uncovered))
    if fact_ok:
        return facts_or_ask(res, p, q, group)
    if q.periods and not scored:
        unperiod = res.index.facts(replace(q, periods=[]))
        if unperiod and unperiod[0].score >= NEAR_SCORE:
            return compose.decline_period(res, p, q, unperiod)
    named_subjects = [x for x in q.subjects if x in res.fact_subjects]
    if (
        named_subjects
        and set(q.metrics) - GENERIC_MEASURES
        and not any(s.subject_share == 1.0 for s in scored)
        and not strong_fact
    ):
        return compose.decline(res, p, q, what=f"{', '.join(named_subjects)}의 {', '.join(q.metrics)}")
    if (
        detail_ok()
        and detail_named()
        and not strong_fact
        and (
            detail_score() >= DETAIL_STRONG
            or (details()[0][1].subject in q.subjects and detail_score() >= DETAIL_OVER_UNCOVERED)
        )
    ):
        return compose.details_answer(res, p, q, details())
    if not fact_ok and not q.metrics and (each := of_each_category(res, p, q)) is not None:
        return each  # "일반회계 특별회계 각각 얼마": each one's figure, as asked alone
    # "몇 가구가 신청했나요?" asks one count, not a list of figures ("몇 억" asks an amount)
    counting = "몇" in p.compact and asked_unit(Query(compact=p.compact)) not in ("원", "억원", "%")
    whole = res.whole_section_words
    specific_aspects = [m for m in p.matches if m.kind == "aspect" and m.surface not in whole]
    if (
        not q.metrics
        and (q.subjects or q.qualifiers)
        and not content_words(p, res.config)
        and not specific_aspects  # "서울 코로나 현황": 현황 asks for the figures
        and not counting
    ):
        card = entity_card(res, p, q)
        if card:
            return card
    ask = ask_back_for_subject(
        res, p, q, best_score=group[0].score if group else 0.0, best=group[0].fact if group else None
    )
    if ask:
        return ask
    if detail_ok() and not q.periods:
        texts = compose.details_answer(res, p, q, details())
        if detail_named() or details()[0][1].subject not in res.fact_subjects:
            return texts
        # a text of another thing that has figures of its own ("재난긴급생활비 국비 부담": 7:3 is
        # 긴급재난지원금's) says nothing of the thing named: declined, naming what the guard finds unread
        checked = guard.check(res, p, q, texts)
        if not checked.answered:
            return checked
        said = f"{', '.join(q.subjects)}의 {q.residual_names}" if q.residual_names else ", ".join(q.subjects)
        return compose.decline(res, p, q, what=said or None)
    if group and group[0].score >= HINT_SCORE and not unknown:
        close = [s.fact for s in scored if s.score >= group[0].score - CLOSE_SCORE]
        if len({fact_label(f) for f in close}) == 1:
            return compose.facts_answer(
                res, p, q, close[:1], intent="lookup", confidence=group[0].score / CONFIDENCE_SCALE
            )
        if _one_measure_of_each_period(res, q, close):  # "2018년 2019년 패소": the one figure of each year
            ordered = sorted(close, key=lambda f: f.period or "")
            return compose.facts_answer(
                res, p, q, ordered, intent="lookup", confidence=group[0].score / CONFIDENCE_SCALE
            )
        if group[0].subject_share == 1.0 or group[0].metric_share == 1.0:
            # half a subject and a "몇 개" name nothing to choose from: "서울시 출연기관 몇 개"
            return compose.ask_back(res, p, q, [s.fact for s in scored[:6]])
    return compose.decline(res, p, q, what=", ".join(unknown) if unknown else None)


def _one_measure_of_each_period(res: Resources, q: Query, close: list[Fact]) -> bool:
    """The figures are one measure of one thing, one of each period the question names (two or more)."""
    if len(q.periods) < 2 or len(close) != len(q.periods):
        return False
    if len({(f.subject, f.metric, f.qualifier, f.unit) for f in close}) != 1:
        return False
    return all(sum(holds_period(f, [x], res.config.report_year) for f in close) == 1 for x in q.periods)


def _a_figure_of_a_texts_word(res: Resources, p: Parsed, q: Query) -> Query | None:
    """The query without its subjects, when each is a thing only texts speak of whose name is also
    read as a word of a measure ("승소": the text of what counts as one, and 승소 건수) and the
    question asks a figure (a period, "몇", an operation): the measure's word, not the text's thing."""
    if not q.subjects or any(x in res.fact_subjects for x in q.subjects):
        return None
    words_read = {m.canonical for m in p.matches if m.kind == "word"}
    if not all(x in words_read for x in q.subjects):
        return None
    spans = {(m.start, m.end) for m in p.matches if m.kind == "subject" and m.canonical in q.subjects}
    if any(
        m.kind in ("metric", "qualifier", "aspect")
        and (m.start, m.end) not in spans
        and not (m.kind == "metric" and any(x in m.canonical for x in q.subjects))  # (승소율 beside 승소)
        for m in p.matches
    ):
        return None  # "2020년 송무지원 계획": a text of it asked (its plan), not a figure
    if not (q.periods or "몇" in p.compact or operations.asked(p.compact, res.config)):
        return None
    return replace(q, subjects=[])


def rate_of_two_measures(res: Resources, p: Parsed, q: Query) -> Answer | None:
    """A rate asked of the one thing named, which the report gives for other things only
    (intents.yaml rates_of_measures: 집행률 is 사용액 of 예산): its one figure of the other, computed,
    when it has exactly one of each, in one unit and of the period asked. The rate's own measures may
    be named beside it ("예산 집행 비율"). None otherwise."""
    rates = [m for m in q.metrics if m in res.config.rates_of_measures]
    subjects = [x for x in q.subjects if x in res.fact_subjects]
    if len(rates) != 1 or len(subjects) != 1 or len(q.subjects) != 1:
        return None
    rate = rates[0]
    part_measure, whole_measure = res.config.rates_of_measures[rate]
    if set(q.metrics) - {rate, part_measure, whole_measure}:
        return None
    held = [f for f in res.facts_of_subject.get(subjects[0], ()) if operations.operand(f)]
    if any(f.metric == rate for f in held):
        return None  # its own printed rate is looked up
    parts = [f for f in held if f.metric == part_measure]
    wholes = [f for f in held if f.metric == whole_measure]
    if len(parts) != 1 or len(wholes) != 1 or parts[0].unit != wholes[0].unit:
        return None
    dated = fact_periods(wholes[0], res.config.report_year)
    if q.periods and not all(any(period_matches(e, x) for e in dated) for x in q.periods):
        return None  # ("작년 포괄비 집행률": the 예산 is 2020's)
    done = operations.compute("ratio", [parts[0], wholes[0]], res.kb.facts, base=wholes[0])
    if done is None:
        return None
    ans = compose.facts_answer(res, p, q, [parts[0], wholes[0]], intent="share", confidence=1.0)
    ans.lines.insert(0, f"{subjects[0]} {rate}: {done.line.split(': ', 1)[-1]}")
    ans.computed = res.config.phrase("computed", how=done.how)
    ans.text = ans.parts_text()
    return ans


def of_other_periods(res: Resources, q: Query, group: list[Scored]) -> list[Scored]:
    """The measure named, of other periods only, when the figures of the period asked are another
    measure's, of the same subject ("스페인 4.13 누적 확진자": the 누적 is of 4.16, the 4.13 figure is
    신규): the dates the report has, for a decline, not a sibling measure of that day."""
    if not q.periods or not q.metrics or any(s.fact.metric in q.metrics for s in group):
        return []
    named = [
        s
        for s in res.index.facts(replace(q, periods=[]))
        if s.fact.metric in q.metrics
        and s.fact.subject == group[0].fact.subject
        and not any(w in s.fact.metric for w in CHANGE_WORDS)  # a change is of two periods: one is its base
    ]
    dated = [e for s in named for e in fact_periods(s.fact, res.config.report_year)]
    if any(period_matches(e, x) for e in dated for x in q.periods):
        return []  # the measure named has a figure of that period: the scoring weighed it
    return named if named and named[0].score >= NEAR_SCORE else []


def several_figures(res: Resources, p: Parsed, q: Query, group: list[Scored], scored: list[Scored]) -> Answer | None:
    """Questions that ask for several figures at once: two metrics, two years, a list joined
    by 랑/와/·, or two categories. None when the question asks for one."""
    plain_metrics = [m for m in q.metrics if m not in CHANGE_WORDS]
    # "안 쓴 거 얼마" (예산 − 집행액): one word for two figures an operation needs, not one read two ways
    op = operations.asked(p.compact, res.config)
    two_operands = op in ("difference", "sum") or op in res.config.operations_computes
    spans: dict[str, set[tuple[int, int]]] = {}
    for m in p.matches:
        if m.kind == "metric":
            spans.setdefault(m.canonical, set()).add((m.start, m.end))
    for slot, values in (("metrics", plain_metrics), ("periods", q.periods)):
        if slot == "metrics" and len({frozenset(spans.get(v, {v})) for v in values}) < 2 and not two_operands:
            continue  # one word read two ways ("예산 총액": 총규모 or a 회계's 총액) is one thing asked
        if len(values) >= 2 and not any("~" in v for v in values):
            # "정원 대비 현원", "작년이랑 올해": the best figure for each one named (of the part named
            # with its whole: "2019년 올해 전체 중 기타계약" asks 기타계약's, the whole beside it)
            facts = []
            parts = [x for x in q.qualifiers if not the_whole(x)]
            of_part = replace(q, qualifiers=parts) if parts and len(parts) < len(q.qualifiers) else q
            for v in values:
                best = [
                    s
                    for s in res.index.facts(
                        replace(q, metrics=[v]) if slot == "metrics" else replace(of_part, periods=[v])
                    )
                    if (
                        about_metric(res, s.fact, v)
                        if slot == "metrics"
                        # a year's figure of the measure named, not another's dated near it
                        else not plain_metrics
                        or any(
                            about_metric(res, s.fact, x)
                            for m in plain_metrics
                            for x in (m, res.config.measures_of_other_years.get(m, m))
                        )
                    )
                ]
                if (
                    best
                    and best[0].score >= NEAR_SCORE
                    and best[0].subject_share >= group[0].subject_share  # not 소송's 소요예산 for 재난긴급생활비
                    and best[0].fact not in facts
                ):
                    # every figure of the same thing as good as the best, as the measure asked alone
                    # lists them (each day of a series, its total to date), not the first of them
                    first = best[0].fact
                    facts.append(first)
                    facts += [
                        s.fact
                        for s in best[1:]
                        if not q.periods
                        and s.score >= best[0].score - TIE_SCORE
                        and (s.fact.period not in (None, first.period) or s.fact.metric != first.metric)
                        and (s.fact.subject, s.fact.qualifier) == (first.subject, first.qualifier)
                        and s.fact not in facts
                    ]
            if len(facts) >= 2:
                return compose.facts_answer(
                    res,
                    p,
                    q,
                    facts if q.periods else compose.latest_of_each_series(facts, MAX_SERIES_LINES),
                    intent="lookup",
                    confidence=min(1.0, group[0].score / CONFIDENCE_SCALE),
                )
    # "A랑 B" joining two subjects named, both among the best figures, is for facts_or_ask
    joined_subjects = {s.fact.subject for s in group} & set(q.subjects)
    if JOINED.search(p.text) and len(joined_subjects) < 2:
        # "대학 몇 개, 대학원 몇 개", "적정/부적정 각각": every figure of the one thing that fits as well
        same = [
            s
            for s in scored
            if s.metric_share >= SHARED_METRIC
            and s.subject_share == group[0].subject_share
            and s.fact.subject == group[0].fact.subject
            and s.score >= group[0].score - JOINED_SCORE
            and s.fact.period == group[0].fact.period
        ]
        distinct = in_order_named(p, list({(s.fact.metric, s.fact.qualifier): s.fact for s in same}.values()))
        if 2 <= len(distinct) <= MAX_FACT_LINES:
            return compose.facts_answer(
                res, p, q, distinct, intent="lookup", confidence=min(1.0, group[0].score / CONFIDENCE_SCALE)
            )
    categories = [x for x in q.qualifiers if x not in _overlapped_categories(p)]
    if len(categories) >= 2:
        # "외부 내부 구성": the best figure for each category named
        # … of the one thing asked: "기금 계획 총액" is not also 민평위's 계획 횟수
        ours = [s for s in scored if s.fact.subject == group[0].fact.subject]
        per_qual = [_of_category(ours, x) for x in categories]
        facts = list(dict.fromkeys(s.fact for s in per_qual if s and s.score >= group[0].score - CATEGORY_SCORE))
        if len(facts) >= 2:
            return compose.facts_answer(
                res, p, q, facts, intent="lookup", confidence=min(1.0, group[0].score / CONFIDENCE_SCALE)
            )
    return None


def figures_speaking_every_word(
    res: Resources, p: Parsed, q: Query, scored: list[Scored], group: list[Scored]
) -> list[Scored]:
    """The best figures leave a word of the question unspoken: the next best that speak every one,
    if they fit well enough to answer ("감염경로 불명 비율 목표": 감염경로 불명 사례 비율 목표, not
    the 목표 비율 of 국세·지방세, whose measure's name is matched whole)."""
    unit = asked_unit(q)  # (of the unit asked, if one is: "분야별 인원" is no 분야 수)
    others = [
        s
        for s in scored[:SPEAKING_CANDIDATES]
        if s not in group and s.score >= ANSWER_SCORE and (unit is None or unit_fits(unit, s.fact.unit))
    ]
    speaking = [s for s in others if not unspoken(res, p, [s.fact])]
    return best_group(res, speaking)


def unspoken(res: Resources, p: Parsed, facts: list[Fact]) -> list[str]:
    """The words of the question the figures leave unspoken: a content word their names do not
    account for, or a noun of the question their lines do not say ("국비시비 비율": 국비, which
    재난긴급생활비's 시비 부담 비율 does not say; 긴급재난지원금's 국비:시비 분담 비율 does)."""
    lines = " ".join(f"{f.label} {f.text}{f.unit} {f.note or ''}" for f in facts)
    return guard.uncovered_words(res, p, facts) or guard.unread_nouns(
        res, p, f"{lines} {guard.other_names(res, facts)}"
    )


def of_each_subject(res: Resources, p: Parsed, q: Query) -> Answer | None:
    """ "5인 가구면 각각?" after two things (intents.yaml each_words): the best figure of each one,
    however differently each names its categories (재난긴급생활비 5인 이상, 긴급재난지원금 4인 이상)."""
    if len(q.subjects) < 2 or len(q.metrics) > 1 or not p.says_each:
        return None  # (several measures asked: more than one figure of each)
    if operations.asked(p.compact, res.config):
        return None  # "둘 중에 더 많은 데": a comparison, not each figure
    facts = []
    for subject in q.subjects:
        of_one = replace(q, subjects=[subject])
        best = res.index.facts(of_one)
        if not best or best[0].score < ANSWER_SCORE or best[0].fact.subject != subject or best[0].subject_share < 1.0:
            continue
        top = best[0].fact
        if any(s.score >= best[0].score - TIE_SCORE and s.fact.subject == subject for s in best[1:]):
            return None  # several of its figures as good (a series of days, two measures): not one each
        alone = compose.facts_answer(res, p, of_one, [top], intent="lookup", confidence=0.8)
        if not guard.check(res, p, of_one, alone).answered:
            return None  # one's best figure is not what was asked of it ("적정" of 중앙투자심사: none)
        facts.append(top)
    if len(facts) != len(q.subjects):
        return None  # (one of them has no such figure: the plain answer says what there is)
    return compose.facts_answer(res, p, q, facts, intent="lookup", confidence=0.8)


def in_order_named(p: Parsed, facts: list[Fact], by: str = "category") -> list[Fact]:
    """The figures in the order the question names their category or measure ("일반회계+특별회계":
    일반회계 first), or `by` "subject" their subject; a figure named by none keeps its place after
    those named."""
    kinds = ("subject",) if by == "subject" else ("qualifier", "metric")
    at: dict[str, int] = {}
    for m in p.matches:
        if m.kind in kinds:
            at.setdefault(m.canonical, m.start)
    unnamed = len(p.compact)
    if by == "subject":
        return sorted(facts, key=lambda f: at.get(f.subject or "", unnamed))
    return sorted(facts, key=lambda f: min(at.get(f.qualifier or "", unnamed), at.get(f.metric, unnamed)))


def of_each_category(res: Resources, p: Parsed, q: Query) -> Answer | None:
    """Two or more categories named with no measure ("일반회계 특별회계 각각 얼마"): each one's figure
    of the one measure all of them have as each alone is answered, in the kind asked (an amount),
    not a printed change, nor a headline that rounds a figure beside it."""
    categories = [x for x in q.qualifiers if x not in _overlapped_categories(p)]
    if len(categories) < 2:
        return None
    kinds = measures.asked_kinds(p.text)
    each: list[dict[tuple, Fact]] = []
    for category in categories:
        one = lookup(res, p, replace(q, qualifiers=[category]))
        facts = [res.facts_by_id[r.id] for r in one.facts if r.id in res.facts_by_id] if one.answered else []
        facts = [
            f
            for f in facts
            if f.value is not None
            and category in (f.qualifier or "")
            and not operations.printed_change(f)
            and f.metric not in CHANGE_WORDS
            and (not kinds or measures.kind_of_unit(f.unit) in kinds)
        ]
        facts = [f for f in facts if (exact := measures.exact_of(f, facts)) is None or exact is f]
        by_measure: dict[tuple, Fact] = {}
        for f in facts:
            by_measure.setdefault((f.subject, f.metric, f.unit), f)
        if not by_measure or one.choices:
            return None
        each.append(by_measure)
    common = set.intersection(*(set(m) for m in each))
    if len(common) != 1:
        return None
    key = common.pop()
    return compose.facts_answer(res, p, q, [m[key] for m in each], intent="lookup", confidence=0.75)


def counted_first(p: Parsed, scored: list[Scored]) -> list[Scored]:
    """A count asked in a unit ("몇 회로 확대해") is answered by the figures counted in it, not by any
    other of the thing named as well (a 30일 that fits a category better counts no 회)."""
    unit = counted_unit(p.compact)
    if not scored or unit not in COUNTERS or unit_fits(unit, scored[0].fact.unit or ""):
        return scored
    top = scored[0]
    fitting = [
        s
        for s in scored
        if unit_fits(unit, s.fact.unit or "")
        and s.subject_share >= top.subject_share
        and s.metric_share >= top.metric_share
    ]
    if not fitting:
        return scored
    # one count asked: only figures in its unit answer it, or one whose measure the question names
    # ("승소 몇건이야 승소율은"); several counts asked ("몇 팀 몇 명"): the others follow
    rest = [s for s in scored if s not in fitting and (several_asked(p) or s.metric_share == 1.0)]
    return fitting + rest


def about_metric(res: Resources, fact: Fact, metric: str) -> bool:
    """The fact measures this metric or a narrower one ("누적 사망자" is about 사망)."""
    names = [metric, *res.kb.aliases.get(metric, [])]
    return any(compact(n) in compact(fact.metric) for n in names)


def ask_back_for_category_owner(
    res: Resources, p: Parsed, q: Query, group: list[Scored], scored: list[Scored]
) -> Answer | None:
    """No subject or topic named (nor carried from the turn before), a category named that
    several things have ("외부위원 내부위원 몇 명씩": 투자심사위원회's and 행정심판위원회's), each
    with a figure at most a half-named measure behind the best: ask which, rather than pick."""
    if not q.qualifiers:
        return None
    owners: dict[str, Fact] = {}
    for s in scored:
        words_ = (s.fact.qualifier or "").split()
        if (
            s.fact.subject
            and any(x == s.fact.qualifier or x in words_ for x in q.qualifiers)
            and s.metric_share >= PART_METRIC_SHARE
            and s.score >= group[0].score - OWNER_SCORE
        ):
            owners.setdefault(s.fact.subject, s.fact)
    if len(owners) < 2 or group[0].fact.subject not in owners:
        return None
    # one owner the question half names beside the measure ("심판위원 외부 내부": 행정심판위원회)
    said = bigrams(p.compact) - bigrams(" ".join([*q.metrics, *q.qualifiers]))
    named = [x for x in owners if bigrams(x) & said]
    if len(named) == 1:
        return lookup(res, p, replace(q, subjects=named))
    asked = " ".join(q.qualifiers)  # each choice names the owner, every category asked and its measure
    return compose.ask_back_with(res, p, q, [f"{f.subject} {asked} {f.metric}" for f in owners.values()])


def asked_subjects(res: Resources, p: Parsed, q: Query) -> list[str]:
    """The subjects named, less those set aside ("서울 제외한 전국": 서울 is no subject asked)."""
    aside = {
        m.canonical
        for m in p.matches
        if m.kind == "subject" and any(p.compact.startswith(w, m.end) for w in res.config.except_words)
    }
    return [s for s in q.subjects if s not in aside]


def whole_first(q: Query, scored: list[Scored]) -> list[Scored]:
    """No category named: the figure of the whole (no category, or only a default one) comes first
    when it names the thing and measure asked as fully as the best one, a part ("기조실 예산 총액":
    the 총규모, not the 일반회계 총액 whose label says 총액 too), and scores close to it."""
    if q.qualifiers or not scored or _whole(scored[0].fact.qualifier):
        return scored
    top = scored[0]
    whole = next(
        (
            s
            for s in scored
            if s.score >= top.score - CLOSE_SCORE
            and _whole(s.fact.qualifier)
            and s.fact.metric in q.metrics  # a measure named ("예산 총액" reads 총규모 too), not a wider one
            and (s.fact.subject, s.fact.period) == (top.fact.subject, top.fact.period)
            and (s.subject_share, s.metric_share) == (top.subject_share, top.metric_share) == (1.0, 1.0)
        ),
        None,
    )
    if whole is None:
        return scored
    return [whole._replace(score=top.score + TIE_SCORE * 2)] + [s for s in scored if s is not whole]


def _whole(qualifier: str | None) -> bool:
    """No category, or only a default reading that is no part (합계; not 일반회계: PART_DEFAULTS)."""
    return not qualifier or (set(qualifier.split()) <= DEFAULT_QUALIFIERS and qualifier not in PART_DEFAULTS)


def best_group(res: Resources, scored: list[Scored], named: Sequence[str] = ()) -> list[Scored]:
    """The best figures: ties, other metrics of the same thing that fit as well ("신속집행 실적"
    is both 집행률 and 집행액), and the same figure of another subject named whole ("법률지원담당관
    이랑 법무담당관 예산", "시 투자심사랑 중앙투자심사 몇건": the letters of one name may weigh more,
    the other is asked as much)."""
    if not scored:
        return []
    top = scored[0]
    tied = {(s.fact.metric, s.fact.period, s.fact.qualifier) for s in scored if s.score >= top.score - TIE_SCORE}
    return [
        s
        for s in scored
        if s.score >= top.score - TIE_SCORE
        or (
            s.score >= top.score - SAME_THING_SCORE
            and s.metric_share == 1.0
            and s.fact.metric != top.fact.metric
            and (s.fact.subject, s.fact.period, s.fact.qualifier)
            == (top.fact.subject, top.fact.period, top.fact.qualifier)
        )
        or (
            s.fact.subject in named
            and s.fact.subject != top.fact.subject
            and s.subject_share == top.subject_share == 1.0
            and s.metric_share == top.metric_share  # (the measure named or, "몇 건", only its word: alike)
            and (len(tied) == 1 or s.metric_share == 1.0)  # (a measure only hinted: of one best figure alone)
            and (s.fact.metric, s.fact.period, s.fact.qualifier) in tied
        )
    ]


def facts_or_ask(res: Resources, p: Parsed, q: Query, group: list[Scored]) -> Answer:
    subjects = {s.fact.subject for s in group}
    if len(subjects) > 1 and not q.subjects and len(group) > 1:
        return compose.ask_back(res, p, q, [s.fact for s in group])
    if len(group) > MAX_FACT_LINES:
        return compose.ask_back(res, p, q, [s.fact for s in group])
    if not q.subjects and group[0].subject_share == 0.0:
        ask = ask_back_for_subject(res, p, q, also=[s.fact for s in group], best_score=group[0].score)
        if ask:
            return ask
    facts = [s.fact for s in group]
    if len({f.subject for f in facts}) > 1:
        facts = in_order_named(p, facts, "subject")  # "종합성과평가 몇 개 사무야 통합회계감사는": 38, then 228
    return compose.facts_answer(
        res, p, q, facts, intent="lookup", confidence=min(1.0, group[0].score / CONFIDENCE_SCALE)
    )


def speaks_more(p: Parsed, best: Fact, rows: list[Fact]) -> bool:
    """The figure speaks every lexicon word the question names (as named or as typed), and some
    word no row speaks: the rows, however well their measure matches, are something else."""
    said = [compact(f"{f.label} {f.metric} {f.qualifier or ''}") for f in rows]
    mine = compact(f"{best.label} {best.metric} {best.qualifier or ''}")
    words = {(compact(m.canonical), m.surface) for m in p.matches if m.kind == "word" and len(m.canonical) >= 2}
    unsaid_by_rows = any(not any(w in x or typed in x for x in said) for w, typed in words)
    return unsaid_by_rows and all(w in mine or typed in mine for w, typed in words)


def ask_back_for_subject(
    res: Resources,
    p: Parsed,
    q: Query,
    also: list[Fact] | None = None,
    best_score: float = 0.0,
    best: Fact | None = None,
) -> Answer | None:
    """No subject named, but the metric is given per subject (per department, per country)
    and matches at least as well as anything else: ask which one rather than pick, unless the best
    figure of another kind speaks words of the question no row does (`speaks_more`)."""
    if q.subjects:
        return None
    row_scores = [
        s
        for s in res.index.facts(q, need_subject=False, rows_only=True)
        if s.fact.subject_required and s.metric_share == 1.0
    ]
    if not row_scores or row_scores[0].score <= best_score + 0.3:
        return None
    rows = [s.fact for s in row_scores]
    if best is not None and speaks_more(p, best, rows):
        return None  # "신규 확진 하루 목표치": the 목표 it names, not a country's 신규 확진자
    options: list[Fact] = list(also or [])
    seen = {f.subject for f in options}
    for f in rows:
        if f.subject not in seen:
            options.append(f)
            seen.add(f.subject)
    if len({fact_label(f) for f in options}) < 2:
        return None
    return compose.ask_back(res, p, q, options)


def distinct_things(res: Resources, p: Parsed, named: list[str]) -> list[str]:
    """The named subjects that are things of their own, measured unlike each other: not the
    report's owner or the city, not a word also read as a category (기금), and no two sharing a
    metric (two 담당관's 일반회계)."""
    qualifiers = set(p.canon("qualifier"))
    own = [s for s in named if s not in res.config.scope_names and s not in qualifiers]
    measured = [{f.metric for f in res.facts_of_subject.get(s, ())} for s in own]
    return own if len(own) > 1 and not set.intersection(*measured) else own[:1]


def measures_they_lack(res: Resources, p: Parsed, theirs: Sequence[Fact]) -> list[str]:
    """Measures the question names through a word (지원금 → 지원금액) that none of the subject's
    figures is of."""
    held = {f.metric for f in theirs}
    operating = res.config.naming_operation_words
    named = [
        m.canonical
        for m in p.matches
        if m.kind == "word"
        and m.canonical in res.facts_of_metric
        and not any(w and w in compact(m.surface) for w in operating)  # "비중", "퍼센트", "차이": operations
    ]
    return [] if not named or held & set(named) else list(dict.fromkeys(named))


def entity_card(res: Resources, p: Parsed, q: Query) -> Answer | None:
    """No metric named ("감채기금 올해 얼마?", "올해 기금"): the figures of what was named."""
    named = [s for s in q.subjects if s in res.fact_subjects or s in res.detail_subjects]
    if len(distinct_things(res, p, named)) > 1:
        return None  # "서울연구원 총인건비": one's figures beside another's answer neither
    q = replace(q, subjects=[s for s in named if s in res.fact_subjects] or ([] if q.qualifiers else named))
    theirs = res.facts_about(q.subjects) if q.subjects else []

    def fits(f: Fact) -> bool:
        if q.subjects and f.subject not in q.subjects:
            return False
        if not q.subjects and f.subject_required:
            return False
        return of_the_category_and_time(f)

    def of_the_category_and_time(f: Fact) -> bool:
        if q.qualifiers and not (
            f.qualifier and any(x in f.qualifier.split() or x == f.qualifier for x in q.qualifiers)
        ):
            return False
        return holds_period(f, q.periods or [res.config.report_year], res.config.report_year)

    if (
        q.subjects
        and q.qualifiers
        and not any(f.qualifier and any(x in f.qualifier for x in q.qualifiers) for f in theirs)
    ):
        # a category another figure of the same measure is given in ("조직담당관 기금 예산": 예산 is
        # given by 일반회계 for it, by 기금 for the funds) is not in the report for this subject
        measures = {f.metric for f in theirs}
        missing = [
            x
            for x in q.qualifiers
            if x not in DEFAULT_QUALIFIERS  # "합계": the whole, whatever its parts are called
            and any(f.metric in measures for f in res.facts_of_qualifier.get(x, ()))
        ]
        if missing:
            return compose.decline(res, p, q, what=f"{', '.join(q.subjects)}의 {', '.join(missing)}")
        q = replace(q, qualifiers=[])  # "계획" is not a category of this fund
    facts = [f for f in (theirs if q.subjects else res.kb.facts) if fits(f)]
    if q.subjects and (unmeasured := measures_they_lack(res, p, theirs)):
        # "서울시 지원금": a measure's word (지원금액) the subject has no figure of: not 서울시's 확진환자
        return compose.decline(res, p, q, what=f"{', '.join(q.subjects)}의 {', '.join(unmeasured)}")
    if asked_unit(q) == "원" and not any(unit_fits("원", f.unit or "") for f in facts):
        # "신속집행 대상 얼마": an amount asked of a thing none of whose figures is one, whose name
        # with a measure ending (words.yaml measure_endings) is another's amount: 신속집행's 대상액
        amounts = [
            f
            for f in res.kb.facts
            if unit_fits("원", f.unit or "")
            and of_the_category_and_time(f)
            and any(
                compact(f"{f.subject}{f.metric}") == compact(s) + end for s in q.subjects for end in MEASURE_ENDINGS
            )
        ]
        if amounts:
            return compose.facts_answer(res, p, q, amounts[:4], intent="lookup", confidence=0.7)
    specific = [x for x in q.qualifiers if x not in DEFAULT_QUALIFIERS]
    facts.sort(key=lambda f: -sum(x in (f.qualifier or "").split() or x == f.qualifier for x in specific))
    if q.subjects and not q.qualifiers:
        facts = [f for f in facts if f.qualifier in (None, "합계", "일반회계") or not f.source_table] or facts
    details = [d for d in res.kb.details if d.subject in q.subjects] if not q.periods and q.subjects else []
    if not facts and not details:
        return None
    facts = facts[:4]
    extra = [f"- {d.aspect}: {d.text}" if d.aspect else f"- {d.text}" for d in details[:3]]
    head = f"{', '.join(q.subjects or q.qualifiers)}:"
    ans = compose.facts_answer(res, p, q, facts, intent="lookup", confidence=0.7, head=head, extra=extra)
    ans.sources = compose.sources(res, [*facts, *details[:3]])
    ans.facts += [compose.detail_ref(res, d) for d in details[:3]]
    return ans


def answer(turn: Turn, res: Resources) -> Answer | None:
    """The fallback of every route: never None (a figure, a text item, an ask-back or a decline)."""
    return lookup(res, turn.parsed, turn.query, prefer_details=turn.intent in PREFERS_DETAILS)


def _of_category(scored: list[Scored], name: str) -> Scored | None:
    """The best figure of a category named: one whose category is that word ("적정"), else one
    whose category holds it (not 부적정 for 적정 when 적정 has its own)."""
    exact = next((s for s in scored if name in (s.fact.qualifier or "").split()), None)
    return exact or next((s for s in scored if s.fact.qualifier and name in s.fact.qualifier), None)


def _overlapped_categories(p: Parsed) -> set[str]:
    """Categories read only across the end of an earlier one ("부적정 판정": 적정 판정 is no second
    category named)."""
    quals = sorted((m for m in p.matches if m.kind == "qualifier"), key=lambda m: m.start)
    over: set[str] = set()
    alone: set[str] = set()
    reach, i = -1, 0  # the furthest end of the categories read that begin before this one (linear in them)
    for m in quals:
        while i < len(quals) and quals[i].start < m.start:
            reach, i = max(reach, quals[i].end), i + 1
        (over if m.start < reach else alone).add(m.canonical)
    return over - alone
