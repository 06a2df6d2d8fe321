"""The stages a question goes through, each a plain function over typed values:

normalize (text) → set context aside (text) → analyze (`Parsed`) → resolve follow-up (`Query`) →
check a reference back ("그해" with nothing asked before) → frame (`Turn`) → route → answerer →
guard → several parts → both sides of a change → complete measures → operate → check the rate asked → check the count
asked → compose (`Answer`, conversation updated).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import Answer, Conversation
from bot.engine import before_after, compose, guard, kinds, measures, operations, parts
from bot.engine.answers import details, ranking, total
from bot.engine.context_clauses import clause_ending, strip_context, strip_trailing
from bot.engine.resolve import days_shown, named_among, resolve, year_next_to_the_last
from bot.engine.resources import Resources
from bot.engine.retrieval import DEFAULT_QUALIFIERS, Query, counted_unit, the_whole
from bot.engine.route import frame, route
from bot.engine.thresholds import (
    ASKING,
    CHANGE_WORDS,
    COMPARED_WITH,
    DETAIL_SCORE,
    FOLLOW_UP_SLOTS,
    JOINED,
    NUMBERED,
    PERIOD_WORDS,
)
from bot.engine.turn import Turn
from bot.engine.understand import Parsed, parse, set_aside, several_asked, word_spans
from bot.korean import words
from bot.korean.numbers import format_number
from bot.korean.textnorm import MAX_QUESTION_CHARS, clean, compact, strip_ending
from bot.records import Fact

# answers a several-part question may replace ("C40 영상회의 언제 했고 몇 개 도시": a date and a figure)
FIGURE_INTENTS = ("lookup", "clarify", "total", "schedule", None)


SCRIPT_BOUNDARY = re.compile(r"(?<=[A-Za-z])(?=[가-힣])|(?<=[가-힣])(?=[A-Za-z])")


def normalize(raw: str) -> str:
    """NFKC, no control characters, single spaces, at most MAX_QUESTION_CHARS; a word of Latin
    letters glued to Hangul stands apart ("CAC가입도시" is CAC and 가입도시)."""
    return SCRIPT_BOUNDARY.sub(" ", clean(raw))


def with_ordinals_as_digits(text: str, res: Resources) -> str:
    """Ordinal words ending in 번째 ("일곱 번째", intents.yaml ranking ordinals) written as digits
    ("7번째"), as every stage reads a place asked."""
    if words.ORDINAL_ENDING not in text.replace(" ", ""):
        return text  # (most questions: no pattern is tried)
    for word, n in res.ordinal_words:
        text = word.sub(f"{n}{words.ORDINAL_ENDING}", text)
    return text


def set_context_aside(text: str, res: Resources) -> str:
    """Leading clauses of chatty context ("당직 중인데 급해서요,") and a trailing clause of purpose
    ("…? 의원실 자료에 넣으려고요") that name nothing the report knows."""

    def known(clause: str) -> bool:  # (a clause naming a time asked is no chatter: "작년 거 급하게 좀요")
        c = compact(clause)
        return names_known(res, clause) or any(w in c for w in res.config.relative_years if len(w) >= 2)

    def holds_a_question_word(clause: str) -> bool:
        c = compact(clause)
        return any(w in c for w in res.config.question_words)

    def asks(clause: str) -> bool:
        # a sentence ending in the bare polite 요 that holds a word asking ("얼마예요", "왜요") is a
        # question of its own, however short ("얼마 안돼서 그런데": a connective, context)
        polite = clause_ending(clause, res.config.context_endings) == words.POLITE_END
        return polite and holds_a_question_word(clause)

    def kept_after(clause: str) -> bool:
        # a clause telling who asks ("…물어보셔서요") explains the person named; after a question asked
        # within the sentence, one naming a period or an intent's word asks something too ("…몇 퍼센트인지
        # 작년이랑 비교하면 어떤지 궁금해서요"), while after a question mark it is a purpose ("? 올해랑 비교하려고요")
        c = compact(clause)
        words_asking = (*res.config.relative_years, *res.config.intent_word_set)
        asks = "?" not in text and any(w in c for w in words_asking if len(w) >= 2)
        # (a request told of a person named in the question: "본부장님이 … 물어보셔서요"; "당직 중인데
        # 급해서요" tells no one's)
        person = any(w in compact(text) for w in (*words.HONORIFICS, *res.config.asker_words))
        reported = person and any(w in c for w in words.REQUEST_REPORTED_WORDS)
        operation = any(w in c for w in res.config.operation_word_set if len(w) >= 2)  # "? 감소율도요"
        question = holds_a_question_word(clause)  # "? 왜요"
        return names_known(res, clause) or asks or reported or operation or question

    after = [*res.config.trailing_context_endings, *res.config.context_endings]

    def ends_a_question(word: str) -> bool:  # "몇명이에요": a figure asked, a question's last letter
        c = compact(word)
        return bool(c) and c[-1] in words.QUESTION_END_LETTERS and any(w in c for w in res.config.figure_asking_words)

    text = strip_trailing(text, after, kept_after, res.config.asked_within_endings, ends_a_question)
    return strip_context(
        text,
        res.config.context_endings,
        known,
        res.config.asker_words,
        lambda t: names_known(res, t, THINGS),
        asks=asks,
    )


NAMES = ("subject", "metric", "qualifier")  # what a clause naming something the report knows names
THINGS = ("subject", "qualifier")  # … and a thing of its own, a measure aside


def names_known(res: Resources, text: str, kinds: tuple[str, ...] = NAMES) -> bool:
    """A clause names a subject, metric or qualifier (`kinds`) the report knows, as written (a typo's
    repair is no name: "확인 좀 하려고" holds no 확진; nor are letters across a space: "위원님이 내일"
    holds no 이내)."""
    c = compact(text)
    found, _ = res.vocab.find(c, frozenset(end for _, end in word_spans(text, c)))
    return any(m.kind in kinds and not m.fuzzy for m in found)


def figures_of(res: Resources, ans: Answer) -> list[Fact]:
    """The knowledge-base figures (with a value) an answer lists."""
    return [res.facts_by_id[r.id] for r in ans.facts if r.id in res.facts_by_id and r.value is not None]


def other_measure_named(res: Resources, parsed: Parsed, fact: Fact) -> Fact | None:
    """The one other figure of the fact's subject, in its unit, of the same period and not part of a
    table, whose measure the question writes (whole, or its stem: "사용한" for 사용액): with a
    share or a difference asked, the other side of it. None when its table gives the whole."""
    if fact.source_table or fact.unit == "%":
        return None
    outside = list(parsed.compact)  # the letters outside the names of subjects ("집행" of 신속집행 names nothing)
    for m in parsed.matches:
        if m.kind == "subject":
            outside[m.start : m.end] = "#" * (m.end - m.start)
    where = "".join(outside)
    # … and the lexicon's words for them, as the report writes them ("썼어" is 사용: 사용액's stem)
    # (and the measures it reads from everyday words: "안 쓴 돈" is 집행액 or 사용액)
    lexicon = {compact(m.canonical) for m in parsed.matches if m.kind in ("word", "metric")}

    def written(metric: str) -> bool:
        c = compact(metric)
        return c in where or c in lexicon or (len(c) >= 3 and (c[:-1] in where or c[:-1] in lexicon))

    if not written(fact.metric):
        return None  # both sides are named: "예산 중 사용한"
    found = [
        f
        for f in res.facts_of_subject.get(fact.subject, ())
        if f is not fact
        and f.value is not None
        and f.unit == fact.unit
        and f.metric != fact.metric
        and not f.source_table
        and (f.period or "")[:4] == (fact.period or "")[:4]
        and written(f.metric)
    ]
    return found[0] if len(found) == 1 else None


def unnamed_rates(parsed: Parsed, figures: list[Fact]) -> bool:
    """Every figure is a rate of one subject whose measure the question names neither as the report
    writes it nor by another word for it, and none is a printed share."""
    named = set(parsed.canon("metric"))
    return (
        bool(figures)
        and len({f.subject for f in figures}) == 1
        and all(f.unit == "%" for f in figures)
        and not any(f.metric in named or compact(f.metric) in parsed.compact for f in figures)
        and not any(w in f.metric for f in figures for w in total.SHARE_WORDS)
    )


def printed_share(res: Resources, subject: str | None) -> Fact | None:
    """The one share the report prints for the subject (a % figure whose measure says 비중 or 비율)."""
    shares = [
        f
        for f in res.facts_of_subject.get(subject, ())
        if f.unit == "%" and any(w in f.metric for w in total.SHARE_WORDS)
    ]
    return shares[0] if len(shares) == 1 else None


REST = re.compile("|".join(r"\s*".join(map(re.escape, compact(w))) for w in words.REST_WORDS))


def with_the_rest_as_its_whole(res: Resources, text: str, parsed: Parsed | None = None) -> str:
    """ "서울 빼면 나머지 지역은 몇 명": the rest, once a part is set aside, names the whole that holds
    the part (intents.yaml parts_of_wholes: 서울시's figures are held by 전국's): "서울 빼면 전국은 몇 명".
    `parsed`: the text analyzed already (else it is analyzed here, when a rest word is written)."""
    rest = REST.search(text)
    if rest is None:
        return text
    parsed = parsed or analyze(text, res)
    if parsed.intent == "ranking" or parsed.says_each:
        return text  # "나머지 지역 중 제일 많은 곳", "나머지 지역 각각": the regions, which the report lacks
    holders = [
        res.config.parts_of_wholes[m.canonical]
        for m in parsed.matches
        if m.kind == "subject"
        and m.canonical in res.config.parts_of_wholes
        and set_aside(parsed.compact, m.end, res.config)
    ]
    if not holders:
        return text
    held = {f.metric for f in res.facts_of_subject.get(holders[0], ())}
    if any(m not in held for m in parsed.canon("metric")):
        return text  # "서울 빼고 나머지 승소율은": no measure of the whole's, nothing to take a part from
    return f"{text[: rest.start()]}{holders[0]}{text[rest.end() :]}"


def set_aside_figure(res: Resources, parsed: Parsed, whole: Fact) -> Fact | None:
    """The figure of a name the question sets aside ("서울 빼고 전국 확진자": 서울시's 확진환자;
    "사전검토 빼고 심사 건수": the 사전검토 category's), measured as `whole` is and as of the same
    day: the one figure to take from it."""
    found: list[Fact] = []
    for m in parsed.matches:
        if m.kind not in ("subject", "qualifier") or not set_aside(parsed.compact, m.end, res.config):
            continue
        found += [
            f
            for f in res.kb.facts
            if f is not whole
            and (f.metric, f.unit, f.period) == (whole.metric, whole.unit, whole.period)
            and (f.as_of or "")[:10] == (whole.as_of or "")[:10]  # the same day (전국 0시, 서울 10시)
            and f.value is not None
            and (
                f.subject == m.canonical
                if m.kind == "subject"
                else f.subject == whole.subject and m.canonical in (f.qualifier or "").split()
            )
        ]
    return found[0] if len(found) == 1 else None


def _things_named(res: Resources, parsed: Parsed, q: Query) -> int:
    """How many things the question puts together: its subjects, or at least two where it joins
    names ("국제교류랑 해외도시협력", "A/B 각각") or says both ("둘 합치면", intents.yaml each_words)."""
    joined = JOINED.search(parsed.text) or parsed.says_each
    spans = [n for x in SPAN_OF_PERIODS.findall(parsed.compact) if (n := int(x)) <= MAX_SPAN_OF_PERIODS]
    return max(len(q.subjects), 2 if joined else 0, *spans)


# "3년 합계", "4일간 다 합치면", "3년 승소건수 합계": a number of years or days whose figures a sum takes
SPAN_OF_PERIODS = re.compile(
    r"(?<![\d.월])(\d{1,2})(?:년|일|개월|주)(?:간|동안|치)?(?=.*(?:합|총|다합|다더|전체|누적|더하))"
)
MAX_SPAN_OF_PERIODS = 10  # "19년 합계" is 2019's, not nineteen years ("3년 합계": three)


def operate(res: Resources, text: str, parsed: Parsed, q: Query, ans: Answer, carried: str | None = None) -> Answer:
    """A percentage change, share, sum or difference asked of the figures found (or `carried` from
    the turn before: `operation_carried`) goes first; one the figures do not allow is declined
    (intents.yaml `decline_uncomputed`), never answered with the figures as they are."""
    figures = figures_of(res, ans)
    if len(figures) < 2:
        carried = None  # (carried to two figures found, never to one and a whole looked for)
    op = (operations.asked(text, res.config) or carried) if ans.answered and figures else None
    if not op and ans.answered and not ans.computed and _share_of_its_whole(res, parsed, figures):
        op = "share"  # "포괄비 몇퍼 썼어", "여직원 비율": a share asked with no "of" word (중, 의), of its whole
    how = res.config.operations_computes.get(op, op) if op else None
    part = set_aside_figure(res, parsed, figures[0]) if len(figures) == 1 and how in (None, "difference") else None
    if not op and part:
        op = how = "difference"  # "서울 제외한 전국 확진자": the whole without the part set aside
    if how == "sum" and (rest := the_rest_of_a_whole(res, parsed, figures)) is not None:
        op = how = "difference"  # "서울 빼고 나머지 지역 합치면": the whole without the part set aside
        figures, part = [rest[0]], rest[1]
        ans = compose.facts_answer(res, parsed, q, list(rest), intent="lookup", confidence=ans.confidence)
    if not op or not how:
        return ans
    if how == "share" and unnamed_rates(parsed, figures):
        # "지원예산이 신속집행 대상의 몇 퍼센트": not its 집행률, a rate the question does not name;
        # the subject's one printed share, or nothing
        printed = printed_share(res, figures[0].subject)
        if printed is None:
            first = res.config.phrase("not_computed", what=res.config.phrase("operation_share"))
            return compose.not_answered(parsed.text, first, compose.starter_suggestions(res))
        return compose.facts_answer(res, parsed, q, [printed], intent="lookup", confidence=ans.confidence)
    if ans.computed and (how in ("share", "ratio") if ans.intent == "share" else how == "difference"):
        # the share or compare answerer computed it already ("A − B: 354백만원"), a share of two
        # figures as the one over the other
        ans.operation = ans.operation or ("ratio" if how == "share" and len(figures) == 2 else how)
        return ans
    if ans.intent == "ranking" and how == "percent_change":
        # "증가율 가장 높은 과": the rows were ranked by their figures, not by that rate
        rate_words = res.config.operation_words(op)
        word = next((w for w in rate_words if w in parsed.compact), res.config.phrase("rate_word"))
        return compose.decline(res, parsed, q, what=res.config.phrase("ranking_of", what=word))
    if ans.intent == "ranking" and how in ("sum", "difference"):
        # "제일 많은 부서 1, 2위 합치면": the places named, in the ranking's order; none named: the
        # figures a ranking lists are no operands
        places = operations.places_asked(text)
        if not places or places[-1] > len(figures) or (how == "difference" and len(places) != 2):
            first = res.config.phrase("not_computed", what=res.config.phrase(f"operation_{how}"))
            return compose.not_answered(parsed.text, first, compose.starter_suggestions(res))
        figures = [figures[i - 1] for i in places]
    if how in ("sum", "difference") and len(figures) > 2 and (whole := named_among(parsed)) and len(whole[1]) >= 2:
        # "판결확정 중 승소와 패소 합하면": the two named after 중 are the operands, not the whole
        wholes = [compact(m.canonical) for m in whole[0]]
        kept = [f for f in figures if not any(w in compact(f.metric) for w in wholes)]
        if 2 <= len(kept) < len(figures):
            figures = kept
            ans = compose.facts_answer(res, parsed, q, kept, intent=ans.intent or "lookup", confidence=ans.confidence)
    if how == "difference" and part:
        figures = [figures[0], part]  # "서울 빼고 전국 확진자": 전국's less 서울's, both listed
        ans = compose.facts_answer(res, parsed, q, figures, intent=ans.intent or "lookup", confidence=ans.confidence)
    if (
        how == "difference"
        and figures
        and all(operations.printed_change(f) for f in figures)
        and not operations.asks_a_change(parsed.compact)
        and len(things := list(dict.fromkeys(f.subject for f in figures if f.subject))) >= 2
    ):
        # "차이는" after two offices: the difference between them, not between their printed changes
        choices = total.measures_to_choose(res, "difference_of_which", things)
        if choices:
            return compose.ask_back_with(res, parsed, q, choices)
        first = res.config.phrase("not_computed", what=res.config.phrase("operation_difference"))
        return compose.not_answered(parsed.text, first, compose.starter_suggestions(res))
    if how == "difference" and _categories_crossed(figures):
        # "법률지원담당관 관리운영직 결원": its 합계 정원 less its 관리운영직 현원 is nobody's shortfall
        first = res.config.phrase("not_computed", what=res.config.phrase("operation_difference"))
        return compose.not_answered(parsed.text, first, compose.starter_suggestions(res))
    if how == "difference" and (over := _over_the_expected(parsed, figures)) is not None:
        return compose.facts_answer(
            res,
            parsed,
            q,
            figures,
            intent=ans.intent or "lookup",
            confidence=ans.confidence,
            head=res.config.phrase(
                "no_shortfall",
                expected=over[0].metric,
                actual=over[1].metric,
                n=format_number((over[1].value or 0) - (over[0].value or 0)),
                unit=over[0].unit or "",
            ),
            computed=f"{over[0].text} − {over[1].text}",
        )
    if how == "times":  # "미국 … 중국의 몇 배": in the order the question names them
        figures = sorted(figures, key=lambda f: _named_at(parsed, f.subject))
        figures = _later_first(parsed, figures)
    its_whole = None
    if how == "share" and (pair := measure_and_its_whole(res, parsed, figures)):
        # "법률지원담당관 여성 비율": of its 현원 (23 of 29), not of every office's women (23 of 174)
        figures, its_whole = pair, pair[1]
        ans = compose.facts_answer(res, parsed, q, figures, intent=ans.intent or "lookup", confidence=ans.confidence)
    if (
        how == "share"
        and its_whole is None
        and len(figures) == 1
        and not parsed.canon("metric")  # ("확진자 대비 비율은" names the whole: not 전국's)
        and (of := whole_subjects_figure(res, figures[0]))
    ):
        # "서울 비중은" after 서울's 검사중: of 전국's, whose figures hold 서울's (intents.yaml parts_of_wholes)
        figures, its_whole = [figures[0], of], of
        ans = compose.facts_answer(res, parsed, q, figures, intent=ans.intent or "lookup", confidence=ans.confidence)
    if how in ("share", "difference") and len(figures) == 1 and (other := other_measure_named(res, parsed, figures[0])):
        # "포괄비 예산 중 사용한 비율", "포괄비 예산에서 쓴 거 빼면": the subject's other figure the
        # question names, part or whole
        figures = [figures[0], other]
        ans = compose.facts_answer(res, parsed, q, figures, intent=ans.intent or "lookup", confidence=ans.confidence)
    if how == "sum" and measures_of_one_unnamed(parsed, figures) and not written_as_a_sum(res, figures):
        # "합치면?" after 관리운영직's 정원 and 현원, after 스페인's 확진자 and 사망자: two measures of one
        # thing the question does not name add up to nothing
        unlike = ", ".join(dict.fromkeys(f.metric for f in figures if operations.operand(f)))
        first = res.config.phrase("unlike_measures", items=unlike)
        return compose.not_answered(parsed.text, first, compose.starter_suggestions(res))
    if how == "sum" and operations.names_the_totals(parsed.compact, res.config.operation_words("sum"), figures):
        return ans  # "예산 합계": the table's 합계 line, asked by its name
    if how == "sum" and (choices := measures_to_add_of_two(res, parsed, figures)):
        # "평가담당관 법무담당관 합": of which measure (정원, 현원, 예산 …), as a difference asks back
        return compose.ask_back_with(res, parsed, q, choices)
    if how == "sum" and (held := part_in_whole(res, figures) or measure_in_whole(res, figures)):
        text = res.config.phrase("part_in_whole", part=held[0], whole=held[1])
        return compose.not_answered(parsed.text, text, compose.starter_suggestions(res))
    if how == "sum" and (added := added_on_its_line(res, figures)):
        # "총인건비 인상률 다 합치면": 정책인상률 2.8% and the 자연승급분 1.4% its line adds to it
        figures = [figures[0], *added]
        ans = compose.facts_answer(res, parsed, q, figures, intent=ans.intent or "lookup", confidence=ans.confidence)
    if how in ("sum", "difference") and (named := of_the_categories_named(parsed, figures)) != figures:
        # "수시랑 정기 합쳐서": the figures of the two categories named, not the meetings held so far beside them
        figures = named
        ans = compose.facts_answer(res, parsed, q, figures, intent=ans.intent or "lookup", confidence=ans.confidence)
    if how in ("sum", "difference") and not parsed.periods and (same_time := of_one_time(res, figures)) != figures:
        # "일반회계랑 특별회계 예산 차이": both of 2020, not 특별회계's 2019 figure beside 일반회계's 2020
        figures = same_time
        ans = compose.facts_answer(res, parsed, q, figures, intent=ans.intent or "lookup", confidence=ans.confidence)
    share_words = operations.share_asking_words(res.config)
    base = operations.base_named(parsed.matches, parsed.compact, figures, share_words)  # "정원 대비 현원"
    if how == "ratio" and base is None:
        base = base_of_the_rate(res, parsed, figures)  # "충원율": over 정원, whichever is larger
    if its_whole is not None:  # the one figure over the whole it counts a part of
        done = operations.compute("ratio", figures, res.kb.facts, base=its_whole)
    else:
        done = operations.compute(how, figures, res.kb.facts, base=base)
    if done is None and how == "share" and (pair := part_and_whole_of_one(res, figures)):
        # "포괄비 몇 퍼센트 썼어": its 사용 건수 has no whole; its 사용액 of its 예산 is the share asked
        figures, done = pair, operations.compute(how, pair, res.kb.facts)
        ans = compose.facts_answer(res, parsed, q, figures, intent=ans.intent or "lookup", confidence=ans.confidence)
    if done is None:
        # a share the figures do not give is never answered by printed changes as they are
        # ("조직담당관 예산 전체 대비 비중": not its 증감)
        # nor by counts alone ("총계에서 올해 건수 비중": not the 86건): a share is a printed percentage
        # or ratio (measures.RATE_SHOWN: "61.1%" in a remark, "7:3")
        unshared = how == "share" and (
            all(f.metric in operations.CHANGE_METRIC_WORDS for f in figures)
            or (ans.intent != "ranking" and not measures.RATE_SHOWN.search(ans.text))
        )  # (a ranking "… 중 가장 큰 규모를 차지하는": the place asked, no share)
        if unshared or (
            op in res.config.strict_operations
            and operations.missing_operand(op, figures, _things_named(res, parsed, q))
        ):
            what = res.config.phrase(f"operation_{op}")
            first = res.config.phrase("not_computed", what=what)
            return compose.not_answered(parsed.text, first, compose.starter_suggestions(res))
        return ans
    if compact(done.line) in compact(ans.text):
        return ans
    taken = operations.as_taken(figures, done)
    if how == "share" and len(taken) == 1:  # the whole a share was taken of is listed when the report prints it
        taken += [f for f in done.facts if f not in taken and f.id in res.facts_by_id]
    if taken != figures:
        ans = compose.facts_answer(res, parsed, q, taken, intent=ans.intent or "lookup", confidence=ans.confidence)
    # (a share over the base named, or over the thing's own whole, is the part over its whole, of
    # whatever two figures come next: "조직담당관은?" after "기획담당관 여성 비율" is 22 ÷ 33)
    ans.operation = "ratio" if how == "share" and (base is not None or its_whole is not None) else how
    how = res.config.phrase("computed", how=done.how)
    if ans.computed:  # (the answerer computed something already: both formulas stay, this one first)
        ans.lines[:0] = [done.line, how]
    else:  # the computed figure heads the lines; its formula is the answer's `computed`, as an answerer's is
        ans.lines.insert(0, done.line)
        ans.computed = how
    ans.text = ans.parts_text()
    return ans


def with_the_last_sibling(res: Resources, parsed: Parsed, q: Query, conv: Conversation, ans: Answer) -> Answer:
    """A sum asked of one figure ("특별회계까지 합치면" after 예산담당관's 일반회계) adds its sibling's
    figure shown or asked just before: the same thing's measure, day and unit, of the category the last
    turn asked or showed, as deep (일반회계 and 특별회계; not 예산지원형 사무 and 자립형), neither a total."""
    if operations.asked(parsed.compact, res.config) != "sum" or conv.last_answer is None:
        return ans
    figures = [f for f in figures_of(res, ans) if operations.operand(f)]
    if len(figures) != 1:
        return ans
    one = figures[0]
    asked = set(conv.slots.get("qualifiers") or ())
    last = [f for f in figures_of(res, conv.last_answer) if operations.operand(f)]
    last += [f for f in res.facts_of_subject.get(one.subject, ()) if f.qualifier in asked and operations.operand(f)]
    siblings = list(dict.fromkeys(f for f in last if operations.siblings(f, one)))
    if len(siblings) != 1:
        return ans
    return compose.facts_answer(res, parsed, q, [siblings[0], one], intent=ans.intent or "lookup", confidence=0.75)


def of_which_category_carried(res: Resources, parsed: Parsed, q: Query, conv: Conversation, ans: Answer) -> Answer:
    """A figure computed or a change asked as a follow-up ("감소율 몇%야", "차이는", "사업수는 몇 개
    줄었어"), the question naming no thing and no category, when the conversation carries two or more
    categories of one thing (asked: "일반회계 … 합계", "기금 합계") and the figures found are of one
    of them: the one that is no total line when the others are ("합계" beside it names the table's
    line, not what is asked), else asked back which (intents.yaml category_of_which), never answered of
    one picked unasked."""
    if conv.last_answer is None or not ans.answered or parsed.canon("subject"):
        return ans
    if [x for x in parsed.canon("qualifier") if compact(x) not in PERIOD_WORDS]:
        return ans
    if not operations.asked(parsed.compact, res.config) and ans.intent != "change":
        return ans
    categories = [x for x in q.qualifiers if compact(x) not in PERIOD_WORDS]  # (carried: none is named)
    found = figures_of(res, ans)
    subjects = {f.subject for f in found}
    held = {f.qualifier for f in found if f.qualifier in categories}
    of_one = [  # (each category a figure of the thing found: not a category of another thing)
        c for c in categories if any(f.qualifier == c for s in subjects for f in res.facts_of_subject.get(s or "", ()))
    ]
    if len(subjects) != 1 or len(of_one) < 2:
        return ans
    parts = [c for c in of_one if compact(c) not in operations.TOTAL_WORDS]
    if len(parts) == 1 and held == {parts[0]}:
        return ans  # of the one part named beside its total line already
    if len(parts) == 1:
        # "일반회계 작년 최종 합계" then "감소율 몇%야": of the one part named beside its total line
        of_part = replace(q, qualifiers=[x for x in q.qualifiers if x not in of_one or x == parts[0]])
        again = answer_parsed(res, parsed, of_part)
        return again if again.answered and {f.qualifier for f in figures_of(res, again)} == {parts[0]} else ans
    if len(held) != 1:
        return ans
    levels = [f.metric for f in [*found, *figures_of(res, conv.last_answer)] if f.metric not in CHANGE_WORDS]
    metric = levels[0] if levels else found[0].metric  # (감소율 asked: of 예산, not of its 증감)
    choices = [
        res.config.phrase("category_of_which", items=c, metric=metric, asked=parsed.text.strip()) for c in of_one
    ]
    return compose.ask_back_with(res, parsed, q, choices)


def part_and_whole_of_one(res: Resources, figures: list[Fact]) -> list[Fact] | None:
    """The two amounts of the one thing the figures are of, when it has exactly two in one unit of
    money, of two measures, neither a change (포괄비's 사용액 and 예산): a share of it asked is the
    one of the other. None for anything else."""
    subjects = {f.subject for f in figures}
    if len(subjects) != 1 or None in subjects:
        return None
    held = [
        f
        for f in res.facts_of_subject.get(subjects.pop(), ())
        if operations.operand(f) and not operations.printed_change(f) and measures.kind_of_unit(f.unit) == "money"
    ]
    if len(held) != 2 or held[0].unit != held[1].unit or held[0].metric == held[1].metric:
        return None  # (one measure of two years is no part and whole: 조직담당관's 예산 2019, 2020)
    return held


def _share_of_its_whole(res: Resources, parsed: Parsed, figures: list[Fact]) -> bool:
    """A share asked of the one thing's one part and whole ("포괄비 몇퍼 썼어"), or a share word
    ("비율") said of a measure that counts a part of another ("여성 비율": of 현원)."""
    if parsed.intent == "share" and part_and_whole_of_one(res, figures):
        return True
    said = any(w in parsed.compact for w in operations.share_asking_words(res.config))
    return (parsed.intent == "share" or said) and measure_and_its_whole(res, parsed, figures) is not None


def measure_and_its_whole(res: Resources, parsed: Parsed, figures: list[Fact]) -> list[Fact] | None:
    """The one figure and the figure of the measure it counts a part of, of the same thing, period
    and unit (intents.yaml wholes_of_measures: 여성 공무원 수 of 현원's whole, 합계): a share of it
    asked with no whole named is the one of the other. None for anything else, and when the question
    names a whole ("전체 여성 중 법률지원담당관 비율": of every office's women)."""
    operands = [f for f in figures if operations.operand(f)]
    if len(operands) != 1 or operands[0].metric not in parsed.canon("metric"):
        return None  # the part is named in the question ("서울 퇴원 비율"), not only shown before
    part = operands[0]
    measure = operations.whole_measure_of_a_share(
        res.config.wholes_of_measures, part.metric, parsed.matches, parsed.compact
    )
    if measure is None:
        return None  # no such measure, or "전체 여성 중 …": of the whole named
    wholes = [
        f
        for f in res.facts_of_subject.get(part.subject or "", ())
        if f.metric == measure
        and f.period == part.period
        and f.unit == part.unit
        and (f.qualifier is None or the_whole(f.qualifier))
        and operations.operand(f)
    ]
    return [part, wholes[0]] if len(wholes) == 1 else None


def measures_of_one_unnamed(parsed: Parsed, figures: list[Fact]) -> bool:
    """The figures are two or more measures of one subject that count different things (their last
    words differ: 정원 and 현원, 확진자 and 사망자; not 승소 건수 and 패소 건수, two counts of one kind),
    and the question names none of them nor any thing or category (a follow-up: "합치면?")."""
    operands = [f for f in figures if operations.operand(f)]
    return (
        not any(parsed.canon(k) for k in ("metric", "subject", "qualifier"))
        and len({f.metric.split()[-1] for f in operands}) >= 2
        and len({f.subject for f in operands}) == 1
    )


def _categories_crossed(figures: list[Fact]) -> bool:
    """Two measures of one subject, one of the whole and one of a part (합계 정원, 관리운영직 현원):
    no difference of them."""
    if len(figures) != 2:
        return False
    a, b = figures
    wholes = [f.qualifier is None or f.qualifier in DEFAULT_QUALIFIERS for f in (a, b)]
    return a.subject == b.subject and a.metric != b.metric and wholes[0] != wholes[1]


def _over_the_expected(parsed: Parsed, figures: list[Fact]) -> tuple[Fact, Fact] | None:
    """(expected, actual) when a shortfall is asked ("결원") of a pair of measures the report sets
    against each other (words.yaml shortfall_pairs: 정원, 현원) and the actual exceeds the expected:
    there is no shortfall (법률지원담당관: 현원 29, 정원 28)."""
    if len(figures) != 2 or not any(w in parsed.compact for w in words.SHORTFALL_WORDS):
        return None
    for expected_metric, actual_metric in words.SHORTFALL_PAIRS:
        expected = [f for f in figures if f.metric == expected_metric]
        actual = [f for f in figures if f.metric == actual_metric]
        if len(expected) == len(actual) == 1 and (actual[0].value or 0) > (expected[0].value or 0):
            return expected[0], actual[0]
    return None


def written_as_a_sum(res: Resources, figures: list[Fact]) -> bool:
    """One figure's note adds the others to it ("정책인상률 2.8% + 자연승급분 1.4%", whichever was
    asked first): measures of one thing that the report itself adds up."""
    if len(figures) < 2:
        return False
    for f in figures:
        added = {g.id for g in added_on_its_line(res, [f])}
        if all(g.id in added for g in figures if g.id != f.id):
            return True
    return False


def added_on_its_line(res: Resources, figures: list[Fact]) -> list[Fact]:
    """One figure asked to be summed, whose note writes it plus others of its subject in its unit
    and time ("정책인상률 2.8% + 자연승급분 1.4%"; words.yaml plus_signs): those others, each named after
    a plus sign. A note that defines the figure ("예산현액 = 본예산 + 이월예산") adds nothing to it."""
    note = compact(figures[0].note or "") if len(figures) == 1 else ""
    signs = [at for sign in words.PLUS_SIGNS if (at := note.find(sign)) >= 0]
    f = figures[0] if figures else None
    if f is None or not signs or words.EQUALS_SIGN in note or compact(f.metric) not in note:
        return []
    first = min(signs)
    return [
        g
        for g in res.facts_of_subject.get(f.subject or "", ())
        if g.id != f.id
        and g.value is not None
        and (g.unit, g.period) == (f.unit, f.period)
        and note.find(compact(g.metric), first) > first
        and not operations.printed_change(g)
    ]


def the_rest_of_a_whole(res: Resources, parsed: Parsed, figures: list[Fact]) -> tuple[Fact, Fact] | None:
    """(whole, part) when the figures to add hold a subject's and the whole's that counts it, and the
    question sets the part aside ("서울 빼고 나머지 지역 합치면": what the rest add up to is 전국's
    less 서울시's), of one measure and unit. None otherwise."""
    held = part_in_whole(res, figures)
    if held is None or not any(
        m.kind == "subject" and m.canonical == held[0] and set_aside(parsed.compact, m.end, res.config)
        for m in parsed.matches
    ):
        return None
    parts = [f for f in figures if f.subject == held[0] and operations.operand(f)]
    wholes = [f for f in figures if f.subject == held[1] and operations.operand(f)]
    if len(parts) != 1 or len(wholes) != 1 or (parts[0].metric, parts[0].unit) != (wholes[0].metric, wholes[0].unit):
        return None
    return wholes[0], parts[0]


def whole_subjects_figure(res: Resources, part: Fact) -> Fact | None:
    """The figure of the same measure, unit, period and day of the subject whose figures hold the
    part's subject (intents.yaml parts_of_wholes: 서울시's are in 전국's), or None."""
    whole = res.config.parts_of_wholes.get(part.subject or "")
    if whole is None or not operations.operand(part):
        return None
    same = [
        f
        for f in res.facts_of_subject.get(whole, ())
        if (f.metric, f.unit, f.period, f.qualifier) == (part.metric, part.unit, part.period, part.qualifier)
        and (f.as_of or "")[:10] == (part.as_of or "")[:10]
        and operations.operand(f)
    ]
    return same[0] if len(same) == 1 else None


def base_of_the_rate(res: Resources, parsed: Parsed, figures: list[Fact]) -> Fact | None:
    """The one figure of the measure a rate the question names is taken over (intents.yaml
    rates_of_measures: 충원율 is 현원 over 정원), or None."""
    for rate, (_, whole) in res.config.rates_of_measures.items():
        if compact(rate) in parsed.compact:
            over = [f for f in figures if f.metric == whole and operations.operand(f)]
            return over[0] if len(over) == 1 else None
    return None


def part_in_whole(res: Resources, figures: list[Fact]) -> tuple[str, str] | None:
    """(part, whole) when the figures to add hold a subject's and the one's whose figures count it
    (intents.yaml parts_of_wholes: 서울시's 확진환자 are in 전국's)."""
    subjects = {f.subject for f in figures}
    for part, whole in res.config.parts_of_wholes.items():
        if part in subjects and whole in subjects:
            return part, whole
    return None


def of_the_categories_named(parsed: Parsed, figures: list[Fact]) -> list[Fact]:
    """Of the figures, those of the categories the question names, when two or more of them are
    named and each has its figure among them ("수시랑 정기 합쳐서": 8회 and 4회, not also 2회 held)."""
    named = parsed.canon("qualifier")
    of_named = [f for f in figures if f.qualifier in named]
    if len(named) < 2 or {f.qualifier for f in of_named} != set(named):
        return figures
    return of_named


def of_one_time(res: Resources, figures: list[Fact]) -> list[Fact]:
    """Two things' figures of one measure to add or set against each other, no year asked: each
    of the later year where its own thing has a figure of that year (the same measure and
    category), so that no figure of one year meets another's of the year before ("일반회계랑
    특별회계 예산 차이": 특별회계's 2020 76,032, not its 2019 93,546). A table's rows are no pair."""
    groups: dict[tuple[str, str], list[Fact]] = {}
    for f in figures:
        groups.setdefault((f.metric, f.unit), []).append(f)
    swap: dict[Fact, Fact] = {}
    for pair in groups.values():
        years = {f.period for f in pair if f.period and f.period.isdigit()}
        if len(pair) != 2 or len(years) != 2 or len({(f.subject, f.qualifier) for f in pair}) != 2:
            continue
        latest = max(years)
        for f in pair:
            same = [
                g
                for g in res.facts_of_subject.get(f.subject or "", ())
                if (g.metric, g.qualifier, g.unit, g.period) == (f.metric, f.qualifier, f.unit, latest)
                and operations.operand(g)
            ]
            if f.period != latest and len(same) == 1:
                swap[f] = same[0]
    return list(dict.fromkeys(swap.get(f, f) for f in figures)) if swap else figures


def measures_to_add_of_two(res: Resources, parsed: Parsed, figures: list[Fact]) -> list[str]:
    """Two or more things' figures to add, of several measures they have in common (of those the
    figures show), and no measure named in the question: the sums to ask back ("평가담당관 법무담당관
    합": "평가담당관, 법무담당관 정원 합계" …), else none."""
    operands = [f for f in figures if operations.operand(f) and not operations.printed_change(f)]
    things = list(dict.fromkeys(f.subject for f in operands if f.subject))
    if parsed.canon("metric") or len(things) < 2:
        return []
    return total.measures_to_choose(res, "sum_of_which", things, shown={f.metric for f in operands})


def measure_in_whole(res: Resources, figures: list[Fact]) -> tuple[str, str] | None:
    """(part, whole) when the figures to add hold one subject's measure and the measure that counts
    it (intents.yaml wholes_of_measures: 전국's 격리중 are among its 확진환자), named "subject measure"."""
    measured = {(f.subject, f.metric) for f in figures if operations.operand(f)}
    for subject, metric in sorted(measured, key=str):
        whole = res.config.wholes_of_measures.get(metric)
        if whole and (subject, whole) in measured:
            return f"{subject} {metric}", f"{subject} {whole}"
    return None


def _later_first(parsed: Parsed, figures: list[Fact]) -> list[Fact]:
    """One measure of one subject at two times, no year named ("조직담당관 예산 몇 배 늘었어"): the
    later time over the earlier (a year named keeps the order it is named in)."""
    levels = [f for f in figures if not operations.printed_change(f)]  # (not the 증감 printed beside them)
    if parsed.years or len({(f.subject, f.metric) for f in levels}) != 1 or not all(f.period for f in levels):
        return figures
    return sorted(levels, key=lambda f: f.period or "", reverse=True) + [f for f in figures if f not in levels]


def _named_at(parsed: Parsed, subject: str | None) -> int:
    """Where the question names the subject (its first match), or after everything."""
    return next(
        (m.start for m in parsed.matches if m.kind == "subject" and m.canonical == subject), len(parsed.compact)
    )


def with_their_whole(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """ "투자심사위원 몇 명 외부 내부": categories of one figure listed for a count asked come with
    the whole they are parts of (위원 수 15명), when every one is a part of the same whole."""
    if not ans.answered or ans.computed or ans.intent != "lookup" or not counted_unit(parsed.compact):
        return ans
    if operations.asked(parsed.compact, res.config):
        return ans  # "적정이랑 조건부추진 합쳐서": an operation over the parts, not their whole
    figures = figures_of(res, ans)
    if len(figures) < 2 or len(figures) != len(ans.facts) or not all(f.qualifier for f in figures):
        return ans
    wholes = {operations.whole_of(f, res.facts_near(f)) for f in figures}
    whole = next(iter(wholes)) if len(wholes) == 1 else None
    if whole is None or whole.id not in res.facts_by_id or whole in figures:
        return ans
    return compose.facts_answer(res, parsed, q, [whole, *figures], intent="lookup", confidence=ans.confidence)


def with_their_sum(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """ "학술용역 심의 총 몇 번 예정": the whole asked (words.yaml total_asked) of categories of one
    measure the report gives no whole of (수시 8회, 정기 4회): their sum beside them."""
    if not ans.answered or ans.computed or not any(w in parsed.compact for w in words.TOTAL_ASKED):
        return ans
    figures = figures_of(res, ans)
    if len(figures) < 2 or len(figures) != len(ans.facts) or not all(f.qualifier for f in figures):
        return ans
    if len({(f.subject, f.metric, f.period, f.unit) for f in figures}) != 1 or any(
        the_whole(f.qualifier or "") or set((f.qualifier or "").split()) & words.WHOLE_MEASURE_WORDS for f in figures
    ):
        return ans  # ("구별 6회, 총 60회": one of them is the whole already)
    if len(ASKING.findall(parsed.compact)) > 1:
        return ans  # "구별 몇 회, 총 몇 회": each asked, not their sum
    if any(operations.whole_of(f, res.facts_near(f)) is not None for f in figures):
        return ans  # the report gives their whole (with_their_whole shows it)
    done = operations.compute("sum", figures, res.kb.facts)
    if done is None:
        return ans
    return compose.facts_answer(
        res,
        parsed,
        q,
        figures,
        intent=ans.intent or "lookup",
        confidence=ans.confidence,
        head=done.line,
        computed=done.how,
    )


def with_namesake_whole(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """A figure of a table's category whose name the table also gives its whole (the section
    files' `whole_also_called`: 사전검토 of "계약 사전검토 및 심사 실적") comes with its row's
    whole beside it: "계약 사전검토 몇 건" is read either way, both figures say which is which."""
    if not ans.answered or ans.computed or ans.intent != "lookup":
        return ans
    figures = figures_of(res, ans)
    added = []
    for f in figures:
        table = res.kb.tables.get(f.source_table or "")
        names = (table.spec.get("whole_also_called") or []) if table else []
        if f.qualifier and f.qualifier.split()[-1] in names:
            whole = operations.whole_of(f, res.facts_near(f))
            if whole is not None and whole not in figures and whole not in added:
                added.append(whole)
    if not added:
        return ans
    return compose.facts_answer(res, parsed, q, [*figures, *added], intent="lookup", confidence=ans.confidence)


def complete_measures(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """ "몇 개고 얼마야": a kind of measure asked but missing from a plain figure answer is added
    from the figures printed beside it (bot/engine/measures.py)."""
    if not ans.answered or ans.intent != "lookup" or ans.computed:
        return ans
    asked = measures.asked_kinds(parsed.text)
    figures = figures_of(res, ans)
    if not figures:
        return ans
    one = figures[0] if len(ans.facts) == 1 and len(figures) == 1 else None
    beside = res.facts_of_subject.get(one.subject, ()) if one else ()  # the one figure's subject's figures
    if len(asked) >= 2:
        missing = asked - {measures.kind_of_unit(f.unit) for f in figures}
        # companions share their figure's subject: only those subjects' figures are read (in kb order)
        counters = measures.asked_counters(parsed.text)
        extra = (
            measures.companions(
                figures, missing, res.facts_about(list({f.subject for f in figures})), counters=counters
            )
            if missing
            else []
        )
    elif one and (exact := measures.exact_of(one, beside)):
        extra = [exact]  # "기금 총액 9,317억원": and the table's 931,722백만원 it rounds
    elif one and (kind := measures.kind_of_unit(one.unit)) and not operations.asked(parsed.compact, res.config):
        # "적정 몇 건": 10건 and the 20.8 % printed beside it, as the report gives them together
        extra = measures.companions(
            [one], set(measures.MEASURE_KINDS) - {kind}, beside, same_line=True, together=res.measured_together
        )
    else:
        extra = []
    if not extra:
        return ans
    offered = [line for line in ans.lines if compose.offers_others(res, line)]  # kept: "다른 항목: …"
    shown = compose.facts_answer(
        res, parsed, q, figures + extra, intent="lookup", confidence=ans.confidence, extra=offered or None
    )
    # a follow-up continues the kinds of measure asked, not a share shown beside a count
    kinds = asked | {measures.kind_of_unit(f.unit) for f in figures}
    unasked = {f.metric for f in extra if measures.kind_of_unit(f.unit) not in kinds} - {f.metric for f in figures}
    if unasked and "metrics" in shown.slots:
        shown.slots = {**shown.slots, "metrics": [m for m in shown.slots["metrics"] if m not in unasked]}
    return shown


def check_rate(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """A rate asked that the figures answered (and any operation on them) do not show is declined
    naming it: "여성 비율" is not answered with a count of women."""
    if not ans.answered or not any(r.value is not None for r in ans.facts):
        return ans
    if measures.rate_unanswered(parsed.text, ans.text):
        return compose.decline(res, parsed, q, what=res.config.phrase("rate_word"))
    if (rate := rate_named(res, parsed)) and (not measures.RATE_SHOWN.search(ans.text) or other_rate_shown(rate, ans)):
        return compose.decline(res, parsed, q, what=rate)  # "2019 패소율": not the 패소 건수, nor the 승소율
    return ans


def check_whole_year(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """A whole year asked ("2019년 신속집행률 연간"; bot/korean/words.yaml whole_year_words) is not
    answered with figures that all stand at a date inside that year (2019.3.31.): declined naming it."""
    said = next((w for w in words.WHOLE_YEAR_WORDS if w in parsed.compact), None)
    if not said or not ans.answered or not parsed.periods:
        return ans
    dated = [r.as_of for r in ans.facts if r.value is not None]
    if dated and all(d and not d.endswith(YEAR_END) for d in dated):
        return compose.decline(res, parsed, q, what=f"{parsed.periods[0][:4]}년 {said}")
    return ans


YEAR_END = "-12-31"  # a figure as of this day covers its whole year


def other_rate_shown(rate: str, ans: Answer) -> bool:
    """A looked-up figure answers a rate the report never writes without saying its stem: another
    rate ("패소율" answered by 승소율). A rate of change (증가율, 감소율) is computed, not looked up."""
    stem = rate[:-1]
    return ans.computed is None and stem not in compact(ans.text) and not any(w in stem for w in CHANGE_WORDS)


def rate_named(res: Resources, parsed: Parsed) -> str | None:
    """A rate the question names in a word ending in 율 or 률 (bot/korean/words.yaml rate_suffixes)
    that the report never writes (패소율, 완치율; not 집행률 or 승소율, whose figures it prints), outside
    the names it matched (keywords do not count as names). The word is read as the two letters
    before the suffix and the suffix (RATE_WORD), so a longer rate is tested by its last three."""
    names = [(m.start, m.end) for m in parsed.matches if m.kind != "keyword"]
    for found in RATE_WORD.finditer(parsed.compact):
        suffix = found.end() - 1  # the 률 of 법률지원담당관 is a name's
        if found.group() not in res.vocab.report_text and not any(a <= suffix < b for a, b in names):
            return found.group()
    return None


RATE_WORD = re.compile("[가-힣]{2}(?:" + words.alternatives(words.RATE_SUFFIXES) + ")")  # "패소율"


DATE_INTENTS = ("as_of", "schedule")  # their answers are dates: "몇일 기준" asks one, no count of days


def check_count(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """A count asked in a unit ("몇 명", "몇 회") that no figure of the final answer is in is
    declined naming it: "임기제 몇 명" is not answered with 461건, "몇 회로 확대" not with 30일."""
    if ans.answered and ans.intent not in DATE_INTENTS and (missing := guard.uncounted(res, parsed, ans)):
        return compose.decline(res, parsed, q, what=", ".join(missing))
    return ans


def check_changed_nothing(res: Resources, parsed: Parsed, q: Query, conv: Conversation, ans: Answer) -> Answer:
    """A follow-up naming a new category, aspect or measure ("수시는?" after 정기 심사 횟수) that gets
    the very figures of the last answer, none of them saying the new word, was not understood: it
    is declined naming the word, not answered with the same figures again."""
    last = conv.last_answer
    if not ans.answered or not ans.facts or last is None or not last.answered or parsed.canon("subject"):
        return ans
    if parsed.periods or {r.id for r in ans.facts} != {r.id for r in last.facts}:
        return ans
    before = {x for k in ("metrics", "qualifiers", "aspects") for x in last.slots.get(k) or ()}
    said = compact(ans.text)
    new = [x for k in ("qualifier", "aspect", "metric") for x in parsed.canon(k) if x not in before]
    unsaid = [
        x
        for x in new
        if compact(x) not in said
        and compact(x) not in PERIOD_WORDS
        and compact(x) not in words.UNIT_WORDS  # ("금액은?" after 집행률 and 집행액: the 집행액 shown is it)
        and compact(x) not in words.WHOLE_MEASURE_WORDS  # ("전체는?": the whole shown again is its answer)
    ]
    return compose.decline(res, parsed, q, what=", ".join(unsaid)) if unsaid else ans


def check_reference(res: Resources, parsed: Parsed, q: Query, conv: Conversation) -> Answer | None:
    """A word pointing back at the period just asked ("그해", "그때") with no period asked before:
    declined naming it (there is no year or date it can mean)."""
    if conv.slots.get("periods") or (parsed.canon("metric") and conv.earlier_slots.get("periods")):
        return None  # a period asked in the last turn (or the one before, the measure named now)
    if days_shown(res, conv):
        return None  # the one day the last answer's figures are of ("기준일이 언제야" then "그날 …")
    word = next((w for w in words.THAT_TIME if w in parsed.compact), None)
    if not word:
        return None
    return compose.decline_saying(res, parsed, res.config.phrase("refers_to_nothing", word=word))


def category_or_its_namesake(res: Resources, parsed: Parsed, q: Query, conv: Conversation) -> Answer | None:
    """ "민간위탁은" after 계약심사's count: a name asked alone that is a thing of its own and also
    begins a category of the figures just shown (계약심사's 민간위탁사업) is read in that context,
    as the category's figure, and the thing of its own is offered beside it."""
    last = conv.slots or {}
    subjects, metrics = list(last.get("subjects") or []), list(last.get("metrics") or [])
    named = [m for m in parsed.matches if m.kind == "subject"]
    if not (subjects and metrics) or len({m.canonical for m in named}) != 1 or parsed.periods:
        return None
    if any(m.kind in ("metric", "qualifier") for m in parsed.matches) or named[0].canonical in subjects:
        return None
    head = compact(named[0].surface)
    if (
        compact(parsed.text) not in {head + e for e in ("", *words.LEADING_PARTICLES)}
        and compact(strip_ending(parsed.compact)) != head
    ):
        return None  # the name and at most a particle: "민간위탁은", "민간위탁?"
    periods = list(last.get("periods") or [])
    categories = [
        f
        for s in subjects
        for f in res.facts_of_subject.get(s, ())
        if f.metric in metrics
        and f.qualifier
        and any(compact(w) != head and compact(w).startswith(head) for w in f.qualifier.split())
        and (not periods or f.period in periods)
    ]
    if len({f.qualifier for f in categories}) != 1:
        return None
    asked = replace(q, subjects=subjects, metrics=metrics, qualifiers=[categories[0].qualifier or ""], periods=periods)
    other = [res.config.phrase("other_choices", choices=named[0].canonical)]
    return compose.facts_answer(res, parsed, asked, categories[:1], intent="lookup", confidence=0.6, extra=other)


def of_the_last_items(res: Resources, parsed: Parsed, q: Query, conv: Conversation) -> Answer | None:
    """ "뭐 강화했어" after a text answer (the 2차 거리두기's dates), naming nothing the report
    knows: the items just shown whose words say every noun of the question, not an item of the
    whole report that happens to say one of them."""
    last = conv.last_answer
    if last is None or not last.answered or not last.facts or parsed.matches or parsed.periods:
        return None
    if any(w in parsed.compact for w in res.config.figure_asking_words):
        return None  # "몇 개 도시 들어왔어": a figure, not the text shown
    texts = [res.details_by_id.get(f.id) for f in last.facts]
    dated = [res.schedule_by_id.get(f.id) for f in last.facts]
    if None in texts and None in dated:
        return None  # the last answer showed figures, not text items only (the analyzer is not asked)
    nouns = details.question_nouns(res, parsed.text, parsed.analyzer)
    if not nouns:
        return None
    ans = None
    if all(d is not None for d in texts):
        said = [d for d in texts if d is not None and all(n in res.detail_wholes[d.id] for n in nouns)]
        ans = compose.details_answer(res, parsed, q, [(DETAIL_SCORE, d) for d in said], every=True) if said else None
    elif all(d is not None for d in dated):
        saying = [d for d in dated if d is not None and all(n in compact(d.what) for n in nouns)]
        ans = compose.schedule_items_answer(res, parsed, q, saying, intent="schedule") if saying else None
    # guarded as any answer ("센터장 누구야" after 생활치료센터's date: its line names no 센터장)
    return guard.check(res, parsed, q, ans) if ans is not None else None


def analyze(text: str, res: Resources) -> Parsed:
    """Names, periods, intent and out-of-scope words of the question itself."""
    return parse(text, res.vocab)


def continue_ranking(res: Resources, parsed: Parsed, conv: Conversation) -> Parsed:
    """ "두번째는?", "3등은?" right after a ranking, naming nothing else: that place of the same
    ranking, in its direction; "작년엔?": the same ranking of that year."""
    last = conv.last_answer
    if parsed.intent == "ranking" or last is None or not last.answered or last.intent != "ranking":
        return parsed
    asks_more = any(w in parsed.compact for w in (*res.config.figure_asking_words, *words.THAT_ONE))
    if (
        said_only_a_period(parsed)
        and parsed.periods
        and not asks_more
        and analyze(normalize(last.question), res).periods
    ):
        # the ranking named its year ("올해 기금 중 제일 큰 거"): "작년엔?" ranks again; a ranking among
        # a question's rows ("그 중에 제일 많은 유형은?") leaves the year to that question, and "그거 작년엔
        # 얼마였어요" asks of the first one (words.yaml that_one)
        return replace(parsed, intent="ranking", direction=next(iter(last.slots.get("direction") or ()), None))
    if parsed.canon("metric") or parsed.canon("subject") or parsed.canon("qualifier"):
        return parsed
    if ranking.place_asked(parsed.compact, res.config.get("ranking").extra.get("ordinals") or {}) is None:
        return parsed
    direction = next(iter(last.slots.get("direction") or ()), None)
    return replace(parsed, intent="ranking", direction=direction)


def continue_rows(res: Resources, text: str, parsed: Parsed, conv: Conversation) -> Parsed:
    """ "작년은?", "사업수는?" right after every row of a table ("기금별 예산"), naming no thing of its
    own: every row again, of that year or measure (read as "기금별 사업수는?"), not the whole's."""
    last = conv.last_answer
    if last is None or not last.answered:
        return parsed
    kinds = last.slots.get("rows") or []
    if not kinds or parsed.intent not in ("lookup", "change") or parsed.canon("subject"):
        return parsed
    if any(w in parsed.compact for w in words.AMONG_THOSE_WORDS) or res.rows_asked(parsed.compact):
        return parsed  # "그 중에 제일 많은 데는?": a ranking of those rows; its own rows asked
    given = {f.metric for t in (last.slots.get("tables") or []) for f in res.facts_of_table.get(t, ())}
    if parsed.canon("metric") and not set(parsed.canon("metric")) & given:
        return parsed  # "확진자는?" after 기금별 예산: not a measure of those rows, its own question
    named = bool(parsed.canon("metric")) or parsed.intent == "change"  # "증감은?"
    measure_only = named and not parsed.canon("qualifier") and not parsed.periods
    if not (said_only_a_period(parsed) or measure_only):
        return parsed
    measure = "" if named else " ".join(last.slots.get("metrics") or [])  # "작년은?": the same measure
    return analyze(f"{kinds[0]}{words.PER_ROW_WORDS[0]} {measure} {text}", res)


def continue_round(parsed: Parsed, conv: Conversation) -> Parsed:
    """ "2차는?" right after a question of the 1차 of something, naming nothing else: the same kind of
    question (when, what) of that round."""
    last = conv.last_answer
    if last is None or not last.answered or last.intent in (None, parsed.intent, "ranking"):
        return parsed
    if parsed.intent != "lookup" or not NUMBERED.search(parsed.compact):
        return parsed
    if parsed.canon("metric") or parsed.canon("subject") or parsed.canon("qualifier") or parsed.canon("aspect"):
        return parsed
    return replace(parsed, intent=last.intent)


def operation_carried(res: Resources, parsed: Parsed, conv: Conversation) -> str | None:
    """The operation the last answer computed, asked again of another thing named alone ("조직담당관은?"
    after "기획담당관 여성 … 현원 대비 비율": 22 ÷ 33, not the two figures; "전국은?" after 서울's 음성 비율)."""
    if conv.operation not in CARRIED_OPERATIONS:
        return None  # (a sum or difference is of the two things named: "대외협력기금은?" after one asks its figure)
    if operations.asked(parsed.compact, res.config) or parsed.intent != "lookup":
        return None
    if parsed.canon("metric") or parsed.canon("aspect") or parsed.periods:
        return None  # a measure or time named: a question of its own ("둘이 차이" then "올해는")
    # a thing named alone carries it ("전국은?" after 서울's), not a category ("임기제는?", "조직담당관
    # 일반직은?" after a department's 여성 비율: of which figures, the question does not say)
    things = set(parsed.canon("subject"))
    categories = set(parsed.canon("qualifier")) - things  # (전국: a thing, and the category of its figures)
    return conv.operation if things and not categories else None


CARRIED_OPERATIONS = ("ratio", "share")  # the operations a follow-up naming another thing asks again


def continue_schedule(parsed: Parsed, conv: Conversation) -> Parsed:
    """ "재난안전대책본부는?" right after a date answered ("방역대책반 언제 꾸렸어": 1.20.): when, of
    the thing named alone, not its figures."""
    last = conv.last_answer
    if last is None or not last.answered or last.intent != "schedule" or parsed.intent != "lookup":
        return parsed
    if not parsed.canon("subject") or any(parsed.canon(k) for k in ("metric", "aspect", "qualifier")):
        return parsed
    if parsed.periods or counted_unit(parsed.compact) or ASKING.search(parsed.compact):
        return parsed  # ("몇 명이야", "얼마야": a figure asked)
    return replace(parsed, intent="schedule")


def continue_change(parsed: Parsed, conv: Conversation) -> Parsed:
    """ "금액으로는?" right after a change computed or printed (집행률 26.2% → 35.9%): the same change,
    of the amount (`resolve.amount_of_last` finds its two sides); words.yaml money_words."""
    last = conv.last_answer
    if last is None or not last.answered or last.intent != "change" or parsed.intent == "change":
        return parsed
    if parsed.canon("subject") or parsed.canon("metric") or parsed.canon("qualifier") or parsed.periods:
        return parsed
    if strip_ending(parsed.compact) not in words.MONEY_WORDS:
        return parsed
    return replace(parsed, intent="change")


def answer_parsed(res: Resources, parsed: Parsed, q: Query) -> Answer:
    """Route, answer and guard one (part of a) question. Both sides of a change asked are put
    together before the guard ("원래 얼마였다가 얼마로 올랐는지": one side alone shows no change)."""
    ans = route(Turn(parsed, q, frame(parsed.intent, q.periods)), res)
    ans = before_after.answer_both_sides(res, parsed, q, ans)
    ans = before_after.answer_the_change(res, parsed, q, ans)
    return guard.check(res, parsed, q, ans)


def said_only_a_period(parsed: Parsed) -> bool:
    """The question names a time and nothing else ("작년은?", "작년 같은 때는요?": 전년 동기)."""
    timed = [x for x in parsed.canon("qualifier") if compact(x) in PERIOD_WORDS]
    others = [x for k in ("subject", "metric", "aspect") for x in parsed.canon(k)]
    others += [x for x in parsed.canon("qualifier") if compact(x) not in PERIOD_WORDS]
    return bool(parsed.periods or timed) and not others


def check_rows_asked(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """Rows asked by a condition, the question's last word a word for a table's rows ("결원 없는 부서",
    "사업수 10개 이상 부서"), answered with figures of no row (기획조정실's 결원 17명): declined naming
    them, not answered with a total. A count of rows ("몇 곳") is a figure."""
    if not ans.answered or ans.intent not in ("lookup", "total", "change"):
        return ans
    last = strip_ending(parsed.compact)
    kind = next((k for k in res.row_kinds if last.endswith(k) and len(last) > len(k)), None)
    if kind is None or not last[: -len(kind)].endswith(words.ROW_CONDITION_ENDINGS):
        return ans  # "기조실 담당관 몇 개", "올해 기금": a count or a figure, no condition
    figures = figures_of(res, ans)
    if not figures or (parsed.canon("subject") and any(f.subject in res.row_subjects for f in figures)):
        return ans  # (a row the question names answers it; one carried from the last turn does not)
    text = res.config.phrase("rows_by_condition", kind=kind)
    return compose.not_answered(parsed.text, text, compose.starter_suggestions(res))


def check_time_compared(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """A comparison with another year asked ("기조실 정원 작년이랑 비교해줘") answered with figures of
    one time only and nothing computed: the year compared with is not in the report for them."""
    if parsed.intent != "change" or ans.intent == "change" or not ans.answered or ans.computed:
        return ans
    figures = figures_of(res, ans)
    if not figures or len({(f.period, f.as_of) for f in figures}) > 1:
        return ans
    if any(operations.printed_change(f) for f in figures) or kinds.shows_an_arrow(ans.text):
        return ans  # the report's own change (기금 증감, "145건→200건")
    other = [y for w, y in res.config.relative_years.items() if w and w in parsed.text and y != res.config.report_year]
    if not other or any(other[0] in (f.period or f.as_of or "") for f in figures):
        return ans
    return compose.decline(res, parsed, q, what=f"{other[0]}년")


DAILY_CHANGE = " 일일 증감"  # the report's daily change of a COVID measure: "확진환자 일일 증감"


def askers_days(c: str, day_words: tuple[str, ...]) -> list[str]:
    """The asker's day words the compact question says, not as what it compares with ("어제보다 몇
    명 늘었어" compares with the day before: the daily change)."""
    return [w for w in day_words if w in c and not COMPARED_WITH.match(c, c.find(w) + len(w))]


def latest_for_the_askers_day(text: str, res: Resources) -> str:
    """ "서울 오늘 확진 몇 명 늘었어", "당직실인데요 서울 어제 사망자 늘었나요": a day's change of a
    measure the report counts daily, asked of the asker's today or yesterday (words.yaml
    askers_today_words, askers_day_words), is the report's latest daily change, printed with its
    date: the day word is read as no period. Without a change asked ("어제 미국 확진자") it stays."""
    c = compact(text)
    days = askers_days(c, (*words.ASKERS_TODAY_WORDS, *words.ASKERS_DAY_WORDS))
    if not days or not any(w in c for w in (*res.config.change_asking_words, *words.DAILY_CASE_WORDS)):
        return text
    found, _ = res.vocab.find(c, frozenset())
    measures = {
        x
        for m in found
        if m.kind == "metric" and not m.fuzzy
        for x in (m.canonical, *res.config.same_measures.get(m.canonical, ()))  # 신규 확진자: 확진환자 일일 증감
    }
    daily = {x if x.endswith(DAILY_CHANGE) else x + DAILY_CHANGE for x in measures}
    subjects = {m.canonical for m in found if m.kind == "subject" and not m.fuzzy}
    holders = {f.subject for x in daily for f in res.facts_of_metric.get(x, ())}
    if not holders or not subjects <= holders:
        return text  # (a country's figures are its days' 신규 counts, no printed daily change)
    for w in days:
        text = text.replace(w, " ")
    return text


def of_the_askers_day(res: Resources, parsed: Parsed, q: Query, conv: Conversation) -> Answer | None:
    """ "어제 미국 확진자" with no day asked or shown before: the asker's yesterday, which the report
    (of April 2020) does not reach, like 오늘 (words.yaml askers_day_words); after a day shown it is
    that day's day before (resolve.next_or_previous_day)."""
    c = parsed.compact
    said = askers_days(c, words.ASKERS_DAY_WORDS)
    if not said or parsed.periods or (conv.slots or {}).get("periods") or days_shown(res, conv):
        return None
    return compose.decline(res, parsed, q, what=said[0])


def of_the_year_next_to_the_last(parsed: Parsed, conv: Conversation) -> Parsed:
    """ "그 전년은?" after "재작년은?": 2017, not the report's 전년 (2019) its words also say."""
    year = year_next_to_the_last(parsed, conv.slots or {})
    return replace(parsed, years=[year], dates=[]) if year is not None else parsed


def run(res: Resources, raw: str, conv: Conversation) -> Answer:
    """One question through every stage; `conv` supplies and receives the follow-up context."""
    text = normalize(raw)
    if not compact(text):
        return compose.empty(res, raw)
    text = latest_for_the_askers_day(set_context_aside(with_ordinals_as_digits(text, res), res), res)
    parsed = analyze(text, res)
    if (whole := with_the_rest_as_its_whole(res, text, parsed)) != text:
        text, parsed = whole, analyze(whole, res)  # (read again only when rewritten)
    parsed = continue_round(continue_ranking(res, parsed, conv), conv)
    parsed = continue_change(parsed, conv)
    parsed = continue_schedule(parsed, conv)
    parsed = continue_rows(res, text, parsed, conv)
    parsed = of_the_year_next_to_the_last(parsed, conv)
    q = resolve(res, parsed, conv)
    ans = (
        check_reference(res, parsed, q, conv)
        or of_the_askers_day(res, parsed, q, conv)
        or of_the_last_items(res, parsed, q, conv)
        or category_or_its_namesake(res, parsed, q, conv)
        or answer_parsed(res, parsed, q)
    )
    if ans.intent in FIGURE_INTENTS and several_asked(parsed):
        by_parts = parts.answer_parts(res, text, parsed, q, ans, conv.slots, answer_parsed)
        checked = guard.check(res, parsed, q, by_parts) if by_parts is not None else ans  # guarded as one
        # dates found for the whole stay when its parts, put together, are declined ("교육 운영 및
        # 교재 개발 일정": one schedule asked of two things)
        ans = ans if ans.intent == "schedule" and ans.answered and not checked.answered else checked
    ans = complete_measures(res, parsed, q, ans)
    ans = with_the_last_sibling(res, parsed, q, conv, ans)
    ans = of_which_category_carried(res, parsed, q, conv, ans)
    carried = operation_carried(res, parsed, conv)
    ans = operate(res, text, parsed, q, ans, carried)
    ans = with_their_whole(res, parsed, q, ans)
    ans = with_their_sum(res, parsed, q, ans)
    ans = with_namesake_whole(res, parsed, q, ans)
    ans = check_rate(res, parsed, q, ans)
    ans = check_count(res, parsed, q, ans)
    ans = check_whole_year(res, parsed, q, ans)
    ans = check_time_compared(res, parsed, q, ans)
    ans = check_rows_asked(res, parsed, q, ans)
    ans = check_changed_nothing(res, parsed, q, conv, ans)
    ans.question = raw
    if len(raw) > MAX_QUESTION_CHARS and len(clean(raw)) >= MAX_QUESTION_CHARS:
        note = res.config.phrase("too_long", n=MAX_QUESTION_CHARS)
        ans.text = note + "\n" + ans.text
        ans.lines.insert(0, note)
    conv.turns += 1
    if not ans.answered and parsed.out_of_scope and q.metrics and not q.subjects:
        # "독일 확진자" declined, then "그럼 이탈리아는?": the measure asked stays for the next name
        conv.earlier_slots, conv.slots = conv.slots, {"metrics": list(q.metrics), "sections": list(q.sections)}
    if ans.answered and ans.slots:
        conv.earlier_slots = conv.slots
        conv.slots = {k: list(v) for k, v in ans.slots.items() if k in FOLLOW_UP_SLOTS}
        conv.period_alone = said_only_a_period(parsed)
    conv.operation = ans.operation if ans.answered else None
    conv.last_answer = ans
    return ans
