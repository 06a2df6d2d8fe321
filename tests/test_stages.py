"""Each stage of the pipeline and each answerer on its own: typed values in, typed values out."""

from __future__ import annotations

import pytest

from bot.answer import Answer, Conversation
from bot.engine import compose, guard, kinds, operations, parts, pipeline
from bot.engine.answers import (
    as_of,
    change,
    details,
    greeting,
    listed,
    lookup,
    ranking,
    schedule,
    summary,
    total,
    trend,
    views,
    who,
    why,
)
from bot.engine.resolve import resolve
from bot.engine.route import ROUTES, answerers, frame, route
from bot.engine.turn import Turn
from bot.engine.understand import content_words, days_alone


@pytest.fixture(scope="module")
def res(engine):
    return engine.res


def after(res, *texts: str) -> Conversation:
    """A conversation that has asked these questions, in order."""
    conv = Conversation()
    for text in texts:
        pipeline.run(res, text, conv)
    return conv


def turn_of(res, text: str, conv: Conversation | None = None) -> Turn:
    parsed = pipeline.analyze(pipeline.normalize(text), res)
    q = resolve(res, parsed, conv or Conversation())
    return Turn(parsed, q, frame(parsed.intent, q.periods))


# --- stages -----------------------------------------------------------------------------------
def test_normalize_drops_control_characters_and_extra_spaces():
    assert pipeline.normalize("법률\u200b지원담당관\x00  예산\n") == "법률 지원담당관 예산"
    assert len(pipeline.normalize("가" * 2000)) == 500


def test_analyze_reads_names_periods_and_intent(res):
    p = pipeline.analyze("2019년 법률지원담당관 예산 추이", res)
    assert "법률지원담당관" in p.canon("subject") and "예산" in p.canon("metric")
    assert p.years == ["2019"] and p.intent == "trend"


def test_analyze_reads_the_year_before_a_named_year_as_the_base_of_its_comparison(res):
    assert pipeline.analyze("2019 재결건수 전년 대비 증가율", res).years == ["2018", "2019"]
    assert pipeline.analyze("재결건수 전년 대비 증가율", res).years == []  # the report's year before, as before
    assert pipeline.analyze("2020년 예산 작년 대비", res).years == ["2020"]


def test_analyze_reads_no_period_across_a_space_between_digits(res):
    assert pipeline.analyze("2017~2019 3년 재결건수 합계", res).years == ["2017~2019"]
    assert pipeline.analyze("2018 2019 패소건수", res).years == ["2018", "2019"]


def test_analyze_reads_years_listed_before_one_year_word(res):
    assert pipeline.analyze("17 18 19년 재결건수 합계", res).years == ["2017", "2018", "2019"]
    assert pipeline.analyze("18,19년 재결건수", res).years == ["2018", "2019"]  # a comma, not 1819년
    assert pipeline.analyze("의원실인데요, 2017 2019년 재결건수", res).years == ["2017", "2019"]
    assert pipeline.analyze("재결건수 1,609건인 해", res).years == []  # a thousands comma parts nothing


def test_analyze_leaves_a_category_named_through_another_out_of_the_qualifiers_words(res):
    p = pipeline.analyze("사전검토심사총계몇건이야", res)  # 사전검토 심사 → 전체, not the 사전검토 column
    assert "전체" in p.canon("qualifier") and "사전검토" not in p.residual
    assert "임대차" in pipeline.analyze("계약심사 임대차 몇건이야", res).residual  # a category as itself
    ans = pipeline.run(res, "사전검토심사총계몇건이야", Conversation())
    assert "461건" in ans.text and "31건" not in ans.text


def test_analyze_repairs_no_typo_into_the_first_letter_of_the_next_word(res):
    p = pipeline.analyze("주부심 지정 2019년", res)  # not 주부심제 + 정: 지정 stays as typed
    assert p.compact.startswith("주부심지정") and not any(m.fuzzy for m in p.matches)
    assert "받" not in pipeline.analyze("총인건비 관리시기 어떻게 바꿔", res).compact  # no 어떻게받 (지급방식)
    p = pipeline.analyze("법률지웡 담당관예산", res)  # a typo before the space is still repaired
    assert "법률지원담당관" in p.canon("subject")


def test_analyze_reads_no_name_across_a_name_and_its_particle(res):
    p = pipeline.analyze("2019년 승소가 패소보다 몇건 많아", res)  # 승소 + 가, not 소가 (a suit's value)
    assert "소가" not in p.canon("qualifier")
    assert "소가" in pipeline.analyze("소가 큰 소송", res).canon("qualifier")


def test_analyze_repairs_a_typo_of_an_asking_word_and_reads_a_question_ending(res):
    for text in ("대외협력기금 얼미야", "대외협력기금얼미야"):
        assert pipeline.analyze(text, res).compact.endswith("얼마야"), text
    assert "얼만큼" in pipeline.analyze("얼만큼 늘었어", res).compact  # a word of its own
    assert pipeline.run(res, "정원대비현원몇명부족한가요", Conversation()).answered  # 한가요: an ending


def test_analyze_finds_an_unknown_office_glued_to_a_relative_year(res):
    assert pipeline.analyze("도시계획국올해예산알려주세요", res).out_of_scope == ["도시계획국"]
    assert pipeline.analyze("도시계획국이랑 기조실 예산 비교해 주세요", res).out_of_scope == ["도시계획국"]
    assert pipeline.analyze("그럼기획담당관은올해사업몇개", res).out_of_scope == []


def test_a_numbered_word_the_report_never_writes_is_declined(res):
    for text in ("조직담당관 5급 몇명 있어", "조직담당관5급몇명있어", "의원실인데요,행정국2020년예산얼마인가요"):
        ans = pipeline.run(res, text, Conversation())
        assert not ans.answered, text
    assert pipeline.run(res, "올해 4.6까지 재결몇건 했어", Conversation()).answered


def test_resolve_borrows_subject_and_metric_for_a_follow_up(res):
    conv = Conversation(slots={"subjects": ["법률지원담당관"], "metrics": ["예산"]})
    q = resolve(res, pipeline.analyze("작년은?", res), conv)
    assert q.subjects == ["법률지원담당관"] and q.metrics == ["예산"] and q.periods == ["2019"]


def test_resolve_asks_each_of_the_last_two_turns_when_told_each(res):
    earlier = {"subjects": ["행정심판위원회"], "metrics": ["재결건수"], "periods": ["2019"]}
    conv = Conversation(slots={**earlier, "periods": ["2018"]}, earlier_slots=earlier)
    q = resolve(res, pipeline.analyze("회당 평균은 각각?", res), conv)
    assert q.periods == ["2019", "2018"] and q.subjects == ["행정심판위원회"]
    q = resolve(res, pipeline.analyze("회당 평균은?", res), conv)
    assert q.periods != ["2019", "2018"]


def test_resolve_keeps_a_new_question_to_itself(res):
    conv = Conversation(slots={"subjects": ["법률지원담당관"], "metrics": ["예산"]})
    q = resolve(res, pipeline.analyze("서울 확진자", res), conv)
    assert "법률지원담당관" not in q.subjects and "예산" not in q.metrics


def test_frame_turns_a_span_of_years_into_a_trend():
    assert frame("lookup", ["2017~2099"]) == "trend"
    assert frame("change", ["2017~2099"]) == "trend"
    assert frame("lookup", ["2019"]) == "lookup"
    assert frame("ranking", ["2017~2099"]) == "ranking"


def test_every_route_has_the_answerer_that_always_answers(res):
    for intent in ROUTES:
        if intent not in ("greeting", "thanks", "topics"):
            assert lookup.answer in ROUTES[intent], intent  # later ones serve a kind it did not show
    assert answerers("covid", res.config) == (views.answer, lookup.answer)


def test_route_declines_a_name_the_report_does_not_cover(res):
    ans = route(turn_of(res, "부산 예산은?"), res)
    assert not ans.answered and "부산" in ans.text


def test_guard_declines_an_answer_that_does_not_speak_of_what_was_asked(res):
    t = turn_of(res, "법률지원담당관 예산 자치구")
    unrelated = compose.facts_answer(
        res, t.parsed, t.query, [res.facts_by_id[f.id] for f in res.kb.facts[:1]], intent="lookup", confidence=0.9
    )
    checked = guard.check(res, t.parsed, t.query, unrelated)
    assert not checked.answered and "자치구" in checked.text


def test_guard_leaves_a_fitting_answer(res):
    t = turn_of(res, "법률지원담당관 예산은?")
    ans = route(t, res)
    assert guard.check(res, t.parsed, t.query, ans) is ans


def test_compose_writes_figure_source_and_follow_up_slots(res):
    t = turn_of(res, "법률지원담당관 예산은?")
    fact = next(f for f in res.kb.facts if f.subject == "법률지원담당관" and f.metric == "예산" and f.period == "2020")
    ans = compose.facts_answer(res, t.parsed, t.query, [fact], intent="lookup", confidence=1.0)
    assert "6,369백만원" in ans.text and ans.text.splitlines()[-1].startswith("출처:")
    assert ans.sources and ans.facts[0].id == fact.id and ans.slots["subjects"] == ["법률지원담당관"]


def test_compose_declines_with_examples(res):
    t = turn_of(res, "날씨")
    ans = compose.decline(res, t.parsed, t.query, what="날씨")
    assert not ans.answered and ans.suggestions and "날씨" in ans.text


def test_parts_answers_each_part(res):
    text = "학술용역 심의위원회에서 몇건 심의했고 부적정은 몇건이야"
    t = turn_of(res, text)
    whole = pipeline.answer_parsed(res, t.parsed, t.query)
    ans = parts.answer_parts(res, text, t.parsed, t.query, whole, {}, pipeline.answer_parsed)
    assert ans is not None and len(ans.facts) >= 2


def test_parts_of_a_question_typed_without_spaces(res):
    ans = pipeline.run(res, "학술용역심의몇건했고적정몇건?", Conversation())
    assert "14건" in ans.text and "10건" in ans.text
    ans = pipeline.run(res, "대외협력기금얼마고사업몇개야", Conversation())
    assert "13,747" in ans.text and "17개" in ans.text


def test_a_part_a_text_answers_joins_the_figures(res):
    ans = pipeline.run(res, "학술용역 종합평가 대상 용역은 몇 건이고 몇 단계 평가예요", Conversation())
    assert "78건" in ans.text and "5단계" in ans.text  # a text item's count and a figure
    ans = pipeline.run(res, "연수 참여하고 싶다는 팀 몇개야", Conversation())  # "연수 참여" asks nothing
    assert "33개 팀" in ans.text and "51팀" not in ans.text


def test_two_periods_joined_are_one_question(res):
    ans = pipeline.run(res, "일반회계 사업수 작년이랑 올해 몇 개예요", Conversation())
    assert "59개" in ans.text and "58개" in ans.text and "팀" not in ans.text
    assert parts._periods_together(res, ["사업수 2019년", "2020년 몇 개"]) == ["사업수 2019년 2020년 몇 개"]
    assert parts._periods_together(res, ["예산", "정원"]) == ["예산", "정원"]


@pytest.mark.parametrize(
    "question",
    [
        "학술용역 외부전문가 몇 분야",  # 분야, not 분 (minutes): the longer unit first
        "학술용역 외부전문가 몇개 분야",  # the counter written after 개
    ],
)
def test_the_counter_asked_is_the_one_answered(res, question):
    ans = pipeline.run(res, question, Conversation())
    assert "11개 분야" in ans.text and "39명" not in ans.text


def test_a_category_asked_how_many_people_takes_the_staffing_measures(res):
    ans = pipeline.run(res, "임기제는전체몇명?", Conversation())
    assert "42명" in ans.text and "38명" in ans.text


def test_an_amount_of_one_category_takes_its_tables_measure(res):
    ans = pipeline.run(res, "특별회계 작년 금액", Conversation())
    assert "93,546백만원" in ans.text and "신속집행" not in ans.text


def test_a_whole_category_the_figures_do_not_carry_is_declined(res):
    t = turn_of(res, "특별회계 작년 대상액")  # 신속집행 대상액 has no 회계
    ans = pipeline.answer_parsed(res, t.parsed, t.query)
    assert not ans.answered or "특별회계" in ans.text


def test_a_name_set_aside_is_taken_from_the_whole(res):
    ans = pipeline.run(res, "서울 빼고 전국 확진자 몇 명이야", Conversation())
    assert (ans.lines[0], ans.computed) == (
        "차이: 10,014명",
        "계산: 10,635 − 621",
    ) and "서울시 확진환자: 621명" in ans.text


def test_rows_named_with_their_tables_category_take_its_first_measure(res):
    ans = pipeline.run(res, "법률지원담당관이랑 국제교류담당관 2020 일반회계 차이 얼마나 나요", Conversation())
    assert ans.lines[0] == "법률지원담당관 − 국제교류담당관: 354백만원 (약 4억원)"
    assert ans.text.count("계산:") == 1  # the difference is computed once


def test_a_headline_amount_comes_with_the_tables_exact_figure(res):
    ans = pipeline.run(res, "기금 총액 올해 얼마로 잡혔어?", Conversation())
    assert "9,317억원" in ans.text and "931,722백만원" in ans.text
    ans = pipeline.run(res, "올해 일반회계하고 특별회계 합계 얼마죠", Conversation())
    assert (ans.lines[0], ans.computed) == ("합계: 678,307백만원", "계산: 602,275 + 76,032")


def test_each_row_s_own_total_adds_up_but_a_total_with_its_parts_does_not(res):
    ans = pipeline.run(res, "시투자심사랑 중앙투자심사 건수 합", Conversation())  # 계 of two rows
    assert (ans.lines[0], ans.computed) == ("합계: 56건", "계산: 48 + 8")  # in the order named
    ans = pipeline.run(res, "합계 정원이랑 일반직 정원 합쳐서", Conversation())  # the total and a part of it
    assert "계산:" not in ans.text


@pytest.mark.parametrize(
    ("first", "then", "says"),
    [
        (
            "여성공무원 가장 많은 부서가 어디예요?",
            "가장 적은 데는?",
            "가장 적은 것: 협력상생담당관 7명",
        ),  # the rows again
        ("1차 강화된 사회적 거리두기 언제였어", "2차는?", "4. 6.~4. 19."),  # another round, the same question
    ],
)
def test_a_follow_up_asks_the_last_question_again_of_what_it_names(res, first, then, says):
    conv = Conversation()
    pipeline.run(res, first, conv)
    assert says in pipeline.run(res, then, conv).text


def test_the_more_of_two_asked_is_a_ranking_not_a_department(res):
    ans = pipeline.run(res, "예산담당관이랑 기획담당관 중에 정원 더 많은 데가 어디예요", Conversation())
    assert "예산담당관 40명" in ans.text and "주요기능" not in ans.text


def test_of_the_two_asked_before_is_never_a_ranking_of_days(res):
    conv = Conversation()
    pipeline.run(res, "미국 누적 확진 몇명이야", conv)
    pipeline.run(res, "스페인은?", conv)
    ans = pipeline.run(res, "둘 중에 사망자 더 많은 데는 몇명이야", conv)
    assert "2020.4.16. 2,395명" not in ans.text


def test_a_ranking_answers_the_place_asked(res):
    ans = pipeline.run(res, "예산 두 번째로 많은 부서", Conversation())
    assert ans.lines[0].startswith("예산(2020년)이 2번째로 많은 것: 재정균형발전담당관 202,455백만원")
    ans = pipeline.run(res, "누적 확진자 3등 나라", Conversation())
    assert "3번째로 많은 것: 이탈리아 165,155명" in ans.lines[0]


def test_a_follow_up_naming_another_part_of_the_report_borrows_nothing(res):
    conv = Conversation()
    pipeline.run(res, "시 투자심사 총사업비 얼마", conv)
    assert "3,459" not in pipeline.run(res, "패소는?", conv).text  # not 市 투자심사's figure again
    conv = Conversation()
    pipeline.run(res, "시 투자심사 총사업비 얼마", conv)
    ans = pipeline.run(res, "그해 패소는", conv)  # nothing dated was asked: 그해 means no year
    assert not ans.answered and "그해" in ans.text


def test_a_unit_only_one_metric_is_counted_in_names_it(res):
    assert "216개국" in pipeline.run(res, "몇 개국에서 확진자 나왔어요?", Conversation()).text
    both = pipeline.run(res, "전세계 확진자 몇명이고 몇개국이야", Conversation())
    assert "2,023,423명" in both.text and "216개국" in both.text


def test_the_sections_headline_figure_answers_and_offers_the_others(res):
    ans = pipeline.run(res, "3월말까지 얼마 썼어", Conversation())
    assert ans.answered and "신속집행 집행액: 7조 4,737억원" in ans.text
    assert any(line.startswith("다른 항목:") and "일자리 사업" in line for line in ans.lines)
    named = pipeline.run(res, "일자리 사업 3월말까지 얼마 썼어", Conversation())
    assert "일자리 사업 집행액" in named.text and "다른 항목" not in named.text


def test_a_filler_glued_to_a_name_and_a_part_set_aside_without_asking_how_many(res):
    conv = Conversation()
    pipeline.run(res, "서울확진자몇명이야", conv)
    assert "10,635" in pipeline.run(res, "그럼전국은", conv).text
    assert pipeline.run(res, "서울 제외한 전국 확진자", Conversation()).lines[0] == "차이: 10,014명"


def test_rows_whose_one_figure_exceeds_their_other(res):
    ans = pipeline.run(res, "현원이 정원보다 많은 부서 있어?", Conversation())
    assert ans.lines[0] == "현원이 정원보다 많은 것: 법률지원담당관 (현원 29명, 정원 28명)"
    most = pipeline.run(res, "정원 대비 결원이 가장 큰 부서는 어디인가요", Conversation())
    assert "정원보다 많은 것" not in most.text


def test_the_day_after_or_before_the_date_just_asked(res):
    conv = Conversation()
    pipeline.run(res, "이탈리아 4월 13일 확진자", conv)
    assert "3153명" in pipeline.run(res, "다음날은?", conv).text  # 4.14
    assert "4,092명" in pipeline.run(res, "전날은?", conv).text  # back to 4.13
    assert "2020.4.12." in pipeline.run(res, "전날은?", conv).text  # 4.12: not in the report, said so


def test_the_pipeline_updates_the_conversation(res):
    conv = Conversation()
    ans = pipeline.run(res, "법률지원담당관 예산은?", conv)
    assert conv.turns == 1 and conv.last_answer is ans and conv.slots["subjects"] == ["법률지원담당관"]


def test_a_reference_back_keeps_the_period_asked_and_needs_something_asked(res):
    conv = Conversation()
    pipeline.run(res, "2018년 승소율", conv)
    assert "113" in pipeline.run(res, "그해 패소는", conv).text  # 2018's 패소 건수
    cold = pipeline.run(res, "그해 패소는", Conversation())
    assert not cold.answered and "그해" in cold.text and "113" not in cold.text


# --- answerers: answer(turn, resources) -> Answer | None -----------------------------------------
@pytest.mark.parametrize(
    "module, question, intent, says",
    [
        (lookup, "법률지원담당관 예산은?", "lookup", "6,369"),
        (details, "재난긴급생활비 지급방식", "detail", "서울사랑상품권"),
        (who, "마을변호사 제도는 어느 부서?", "who", "법률지원담당관"),
        (why, "기금 예산이 작년보다 크게 줄어든 이유는?", "why", "기금"),
        (schedule, "5월 일정", "schedule", "5월"),
        (listed, "현안업무 몇 개 보고했어?", "lookup", "현안업무: 12개"),
        (ranking, "일반회계 예산이 가장 많은 부서", "ranking", "가장 많은"),
        (trend, "재결건수 추이", "trend", "추이"),
        (change, "조직담당관 예산 전년 대비 얼마나 늘었어?", "change", "증감"),
        (total, "국제교류담당관과 해외도시협력담당관 예산 합계", "total", "합계"),
        (summary, "소송 현황 요약", "summary", "[III-9]"),
        (as_of, "국내 현황 몇 시 기준이에요? 전국이랑 서울 각각", "as_of", "서울시 기준 시점: 2020.4.17. 10시"),
        (greeting, "안녕", "greeting", "안녕하세요"),
    ],
)
def test_each_answerer_answers_its_kind(res, module, question, intent, says):
    ans = module.answer(turn_of(res, question), res)
    assert isinstance(ans, Answer) and ans.answered, question
    assert ans.intent == intent and says in ans.text, ans.text


def test_share_answerer_computes_the_share(res):
    ans = total.share(turn_of(res, "법률지원담당관 예산은 일반회계의 몇 퍼센트?"), res)
    assert ans is not None and ans.intent == "share" and "%" in ans.text


def test_what_is_named_after_among_is_asked(res):
    ans = pipeline.run(res, "판결확정 중 승소 몇건", Conversation())
    assert "69건" in ans.text and "95건" not in ans.text  # 승소 건수, not 판결확정 건수
    both = pipeline.run(res, "서울 의사환자 몇명이고 그중 검사중은 몇명?", Conversation())
    assert "98,561" in both.text and "5,368" in both.text


def test_changed_lists_the_things_that_grew_and_stays_out_of_one_rows_change(res):
    grew = ranking.changed(turn_of(res, "기금 중에 작년보다 늘어난 거 있어요?"), res)
    assert grew is not None and grew.lines[0] == "전년보다 늘어난 것: 지역개발기금 104백만원 (약 1억원)"
    shrank = ranking.changed(turn_of(res, "예산 줄어든 부서 어디어디"), res)
    assert shrank is not None and "예산담당관" in shrank.lines[0] and "조직담당관" not in shrank.lines[0]
    assert ranking.changed(turn_of(res, "조직담당관 예산 작년보다 얼마나 늘었어?"), res) is None


def test_share_of_two_counts_named_by_their_stems(res):
    ans = pipeline.run(res, "2019년 판결확정 건 중 패소 비율은 몇 %인가요", Conversation())
    assert "21.0%" in ans.text and "110 ÷ 523" in ans.text


def test_answerers_step_aside_for_questions_not_theirs(res):
    t = turn_of(res, "법률지원담당관 예산은?")
    for module in (details, who, why, ranking, trend, summary):
        assert module.answer(t, res) is None or module.answer(t, res).intent != "clarify", module.__name__
    assert total.answer(t, res) is None  # one subject: nothing to add up
    assert views.answer(t, res) is None  # lookup names no view


def test_lookup_declines_a_day_its_measure_lacks_rather_than_a_sibling_of_that_day(res):
    # 스페인's 누적 is of 4.16 only; its 4.13 figure is 신규: the dates are named, no figure printed
    ans = lookup.answer(turn_of(res, "스페인 4.13 누적 확진자"), res)
    assert not ans.answered and "2020.4.16." in ans.text and not ans.facts
    ans = lookup.answer(turn_of(res, "스페인 4.13 신규 확진자"), res)
    assert ans.answered and "4,167" in ans.text
    # a change is of two years, one of them its base: "2019년 … 증감" reads the 2019 figure
    assert lookup.answer(turn_of(res, "감채기금 2019년 최종이랑 증감"), res).answered


def test_views_answer_the_covid_view_unless_a_row_is_named(res):
    assert views.answer(turn_of(res, "코로나 현황"), res).intent == "covid"
    assert views.answer(turn_of(res, "서울 코로나 현황"), res) is None


def test_every_answer_carries_its_parts_so_front_ends_need_not_read_the_text(engine):
    from bot.evaluate import load_questions, turns
    from tests.golden.make import REPO

    answers = [engine.covid_status(), engine.budget_overview(), engine.topics_answer(), engine.schedule(5)]
    answers += [engine.section_summary(sid) for sid, _ in engine.topics()]
    for item in load_questions(REPO / "tests" / "eval" / "questions.yaml"):
        conv = Conversation()
        answers += [engine.answer(str(t["q"]), conv) for t in turns(item)]
    for ans in answers:
        assert ans.parts_text() == ans.text, ans.question
        if ans.answered and ans.sources and ans.intent not in ("greeting", "thanks", "topics"):
            assert ans.source_line is not None, ans.question
    computed = engine.answer("국제교류담당관과 해외도시협력담당관 예산 합계")
    assert computed.computed and computed.computed.startswith("계산:") and computed.computed not in computed.lines
    noted = engine.answer("전국 확진자")
    assert noted.notes and all(n.startswith("※") for n in noted.notes)


def test_resolve_reads_a_qualifier_that_names_other_figures_as_those_words(res):
    conv = Conversation(slots={"subjects": ["신속집행"], "metrics": ["목표 집행률"], "qualifiers": ["상반기"]})
    q = resolve(res, pipeline.analyze("3월말 실적은?", res), conv)  # 실적: 집행액, 집행률 of 신속집행
    assert q.subjects == ["신속집행"] and "실적" not in q.qualifiers
    conv = Conversation(slots={"subjects": ["서울시 소송"], "metrics": ["진행 중 건수"]})
    q = resolve(res, pipeline.analyze("그중 직접수행은?", res), conv)  # another subject's category
    assert "서울시 소송" not in q.subjects


def test_a_dash_cell_is_said_as_none_and_a_follow_up_asking_an_amount_does_not_keep_a_count(res):
    ans = pipeline.run(res, "감채기금 사업 몇개야", Conversation())
    assert "없음" in ans.text and "-개" not in ans.text
    conv = Conversation()
    for q in ("대외협력기금 올해 얼마고 사업 몇개에요", "작년엔 사업 몇개였어요"):
        pipeline.run(res, q, conv)
    ans = pipeline.run(res, "지역개발기금은 올해 얼마", conv)  # 얼마: its budget, not its 사업수
    assert "1,175백만원" in ans.text


def test_share_of_one_named_figure_in_another_of_the_same_thing(res):
    ans = pipeline.run(res, "서울 확진자 중에 퇴원한 비율 몇 % 정도야", Conversation())  # not of 전국's 퇴원
    assert ans.intent == "share" and ans.text.count("43.2%") == 1 and "268 ÷ 621" in ans.text


def test_no_card_of_one_thing_for_another_named_beside_it(res):
    ans = pipeline.run(res, "서울연구원 총인건비 얼마야", Conversation())  # 서울연구원's 조직 is no 총인건비
    assert not ans.answered and "본부" not in ans.text
    ans = pipeline.run(res, "올해 기금 중 재정투융자기금 비중 몇 퍼센트", Conversation())
    assert ans.answered and "51.7" in ans.text


def test_a_span_of_years_is_a_change_between_its_ends_or_a_trend_within_it(res):
    ans = pipeline.run(res, "재결건수 2017년에서 2019년 사이 몇건 늘었어요", Conversation())
    assert "+280건" in ans.text
    ans = pipeline.run(res, "재결건수 2017~2019 추이", Conversation())
    assert ans.intent == "trend" and "1,609" in ans.text and "508" not in ans.text


def test_a_rate_the_lexicon_reads_as_two_figures_is_their_ratio(res):
    ans = pipeline.run(res, "이탈리아 누적 치명률 몇%예요", Conversation())  # 사망자 ÷ 확진자
    assert "13.1%" in ans.text and "21,647 ÷ 165,155" in ans.text
    ans = pipeline.run(res, "미국 누적 기준 치명률", Conversation())
    assert "4.3%" in ans.text and "54.6" not in ans.text


def test_resolve_reads_a_follow_up_asking_only_a_unit_as_the_metric_counted_in_it(res):
    conv = Conversation(slots={"subjects": ["전세계"], "metrics": ["누적 확진자"]})
    q = resolve(res, pipeline.analyze("몇개국이야", res), conv)
    assert q.subjects == ["전세계"] and q.metrics == ["발생 국가 수"]
    conv = Conversation(slots={"subjects": ["법률지원담당관"], "metrics": ["예산"]})
    q = resolve(res, pipeline.analyze("몇 명이야?", res), conv)
    assert q.metrics == ["정원", "현원"]
    q = resolve(res, pipeline.analyze("ㅋㅋㅋ", res), conv)
    assert not q.subjects


@pytest.mark.parametrize(
    "question, says",
    [
        ("기조실 임기제 몇명이야", "임기제 현원: 38명"),  # 몇 명 of a category: 정원 and 현원
        ("기조실담당관 몇개있지", "11담당관"),  # known names end to end are no unknown office
    ],
)
def test_known_names_asked_plainly_are_answered(res, question, says):
    assert says in pipeline.run(res, question, Conversation()).text


def test_a_share_is_of_its_own_total_line(res):
    ans = pipeline.run(res, "시 투자심사 조건부추진 건수가 전체의 몇 퍼센트야", Conversation())
    assert "45.8%" in ans.text and "81.5" not in ans.text  # of 市's 48건, not of 市 + 중앙's 조건부추진


def test_resolve_keeps_the_year_just_asked_for_another_metric_of_the_same_thing(res):
    conv = Conversation()
    pipeline.run(res, "행정심판 재결건수 2019년", conv)
    assert "67건" in pipeline.run(res, "회당평균은?", conv).text  # 2019's, not 2020's 72.6


def test_resolve_keeps_the_day_of_a_days_figure_for_another_metric_not_of_a_total_as_of_it(res):
    conv = Conversation()
    pipeline.run(res, "스페인 4.13 확진자", conv)
    ans = pipeline.run(res, "사망자는?", conv)
    assert "619명" in ans.text and "517명" not in ans.text  # 4.13's deaths, not every day's
    conv = Conversation()
    pipeline.run(res, "신속집행 작년 3월말 집행액", conv)
    assert "21조 3,587" in pipeline.run(res, "대상액은?", conv).text  # as of 2019.3.31, not 2020's
    conv = Conversation()
    pipeline.run(res, "4/16 기준 미국 누적 확진자", conv)  # a total as of 4.16: no day's figure asked
    assert "25,871명" in pipeline.run(res, "사망자는?", conv).text


def test_another_subject_after_two_measures_of_one_asks_both(res):
    conv = Conversation()
    pipeline.run(res, "스페인 4.13 확진자", conv)
    pipeline.run(res, "사망자는?", conv)
    ans = pipeline.run(res, "이탈리아는?", conv)
    assert "이탈리아 신규 확진자 (2020.4.13.): 4,092명" in ans.text and "431명" in ans.text
    conv = Conversation()
    pipeline.run(res, "스페인 4.13 확진자", conv)
    pipeline.run(res, "이탈리아는?", conv)
    ans = pipeline.run(res, "이란은?", conv)  # one measure asked of two: 이란's 확진자, no deaths
    assert "이란 신규 확진자" in ans.text and "사망자" not in ans.text


def test_an_amount_asked_of_a_name_is_the_amount_its_name_with_a_measure_ending_names(res):
    # 신속집행 대상 (39 통계목) has no amount; 신속집행's 대상액 is one
    for text in ("신속집행 대상 얼마", "신속집행대상얼마야"):
        ans = pipeline.run(res, text, Conversation())
        assert "24조 610억원" in ans.text and "39개" not in ans.text, text
    assert "39개" in pipeline.run(res, "신속집행 대상 몇 개", Conversation()).text


def test_a_category_of_a_measure_the_subject_is_not_given_in_is_declined(res):
    # 조직담당관's 예산 is given by 일반회계 only; 기금 is a category of the funds' 예산
    ans = pipeline.run(res, "조직담당관 기금 예산 얼마야", Conversation())
    assert not ans.answered and "조직담당관의 기금" in ans.text
    assert "916,800" in pipeline.run(res, "재정투융자기금이랑 감채기금 합계", Conversation()).text  # 합계: the whole


def test_an_office_named_without_its_ending_is_that_office(res):
    ans = pipeline.run(res, "국제교류 예산 얼마", Conversation())
    assert "국제교류담당관 일반회계 예산 (2020년): 6,015백만원" in ans.text  # not 기획조정실's total
    assert "11,640" in pipeline.run(res, "국제교류랑 해외도시협력 예산 합치면?", Conversation()).text
    assert not pipeline.run(res, "공기업 예산", Conversation()).answered  # 3 letters: no office's name
    assert not pipeline.run(res, "균형발전 예산", Conversation()).answered  # an alias's stem: a policy word


def test_a_total_asked_is_any_tables_total_and_the_owners_by_default(res):
    # "총" reads 계 and 전체: 민간위탁's row is called 계, 기획조정실's 합계; both are totals
    for text in ("올해 예산 총 얼마", "예산 총 얼마"):
        assert "기획조정실 합계 예산 (2020년): 1,610,029백만원" in pipeline.run(res, text, Conversation()).text, text
    assert "8,593억원" in pipeline.run(res, "민간위탁 예산 총 얼마", Conversation()).text


def test_a_change_between_two_years_asked_is_computed_not_the_printed_change_against_another(res):
    # the report prints 회당 평균 재결건수's change against 2019 (5.6건); 2017 → 2020 is 72.6 − 55.4
    ans = pipeline.run(res, "회당 평균 재결건수 2017년 대비 올해 몇 건 늘었어요", Conversation())
    assert "+17.2건" in ans.text and "5.6건" not in ans.text and "2020년 (2020.4.6. 기준) 72.6건" in ans.text
    ans = pipeline.run(res, "회당 평균 재결건수 2017년 대비 2019년 얼마나 늘었나요", Conversation())
    assert "+11.6건" in ans.text
    assert "5.6건" in pipeline.run(res, "회당 평균 재결건수 2019년 대비 올해 얼마나 늘었어", Conversation()).text


def test_a_count_asked_in_a_unit_is_answered_by_the_figures_counted_in_it(res):
    # "몇 회로 확대": 市 투자심사 10회, not the 30일 목표 whose 변경 후 category 확대 also reads
    for text in ("수시 투자심사 총 몇회로 확대해", "수시투자심사총몇회로확대해", "수시 투자심사 총 몇회"):
        assert "10회" in pipeline.run(res, text, Conversation()).text, text
    ans = pipeline.run(res, "위원회 정기심의 몇회로 늘렸어", Conversation())  # a before/after pair in 회
    assert "5회" in ans.text and "8회" in ans.text


def test_a_month_written_before_a_measure_is_a_month_not_the_measures_first_letter(res):
    # "5월재결건수": 5월 and 재결건수, not 월 재결건수 (whose target is of 6~9월)
    for text in ("2020년 5월 재결건수 몇건", "2020년5월재결건수몇건"):
        ans = pipeline.run(res, text, Conversation())
        assert not ans.answered and "5월" in ans.text, text
    assert "145건" in pipeline.run(res, "월 재결건수 몇건", Conversation()).text
    assert "602,275" in pipeline.run(res, "2020 일반회계 예산", Conversation()).text  # 일 after a digit


def test_a_change_of_the_measure_named_is_computed_from_its_own_figures(res):
    # 증가폭/증가분 read the category 증가 of 월 재결건수 증가; 재결건수 was named
    for text in ("행정심판 재결건수 2017년 대비 2018년 증가폭", "행정심판재결건수2017년대비2018년증가분"):
        assert "+181건" in pipeline.run(res, text, Conversation()).text, text


def test_a_unit_in_brackets_is_a_word_of_its_own(res):
    ans = pipeline.run(res, "재정투융자기금이랑 감채기금 합치면 올해 얼마예요(백만원)", Conversation())
    assert "916,800" in ans.text


@pytest.mark.parametrize(
    "question, says",
    [
        ("해외입국자 선별진료소 보건소말고 어디서해", "잠실운동장"),  # 보건소 set aside by 말고
        ("긴급재난지원금 때문에 시 예산 얼마 부담해요", "5,216"),  # 때문에 says nothing
        ("정원 많은 부서 상위 3개 순서대로요", "1. 예산담당관 40명"),  # 상위 … 순서대로 ranks
    ],
)
def test_everyday_ways_of_asking_reach_the_answer(res, question, says):
    assert says in pipeline.run(res, question, Conversation()).text


def test_a_name_set_aside_is_still_out_of_scope_when_asked_for(res):
    assert not pipeline.run(res, "보건소 예산 얼마야", Conversation()).answered


@pytest.mark.parametrize(
    "question, says",
    [
        ("시정시책연구용역비 포괄비 예산 대비 사용액 비율은?", "1,076 ÷ 2,080"),  # 대비 … 비율: a share
        ("현원기준으로여성공무원비율몇퍼센트예요?", "174 ÷ 289"),  # of the report's owner, none named
    ],
)
def test_one_measure_as_a_share_of_another(res, question, says):
    assert says in pipeline.run(res, question, Conversation()).text


def test_a_percentage_change_is_no_share(res):
    ans = pipeline.run(res, "조직담당관 일반회계 작년 대비 몇 % 늘었어요", Conversation())
    assert "+19.2%" in ans.text and "비율:" not in ans.text


def test_a_period_compared_does_not_ask_when(res):
    ans = pipeline.run(res, "신속집행작년같은시기보다얼마더집행했어요", Conversation())  # 같은 시기 = 동기
    assert "2조 6,309" in ans.text
    ans = pipeline.run(res, "경영평가 및 예산편성 지침 반영 시기", Conversation())  # … 시기 asks when
    assert "7월" in ans.text


def test_a_question_ending_is_not_repaired_into_a_name_beginning_with_a_question_word(res):
    p = pipeline.analyze("집행률 몇이에요", res)  # not "몇시에" (an alias of 일시)
    assert p.intent != "schedule" and "몇시" not in p.compact


def test_a_second_question_after_a_question_mark_is_a_part_and_a_purpose_after_it_is_not(res):
    ans = pipeline.run(res, "서울확진 하루새 몇명늘었어? 누적도 같이", Conversation())
    assert "+2명" in ans.text and "621명" in ans.text
    ans = pipeline.run(res, "작년 3월 민간위탁 사무 수는요? 올해랑 비교하게", Conversation())
    assert not ans.answered  # the report has no 2019-03 count; 올해랑 비교하게 asks nothing


def test_both_sides_of_a_change_are_answered(res):
    from bot.engine import before_after

    assert (
        before_after.other_side("변경 전") == "변경 후" and before_after.other_side("관리시기 개선") == "관리시기 현행"
    )
    assert before_after.other_side("전체") is None
    ans = pipeline.run(res, "재결건수 월 몇건에서 몇건으로 늘려", Conversation())  # not the year's 508건
    assert "145건" in ans.text and "200건" in ans.text and "508" not in ans.text
    ans = pipeline.run(res, "총인건비 관리시기 어떻게 바꿔", Conversation())
    assert "1회" in ans.text and "2회" in ans.text
    ans = pipeline.run(res, "재결건수 2018년 몇건에서 2019년 몇건으로 늘었어", Conversation())  # two years compared
    assert "1,510건" in ans.text and "1,609건" in ans.text and "145" not in ans.text


def test_what_follows_among_and_a_measure_named_must_be_what_is_answered(res):
    for text in ("투자심사위원 중 여성 몇명이야", "공익감사단 중 변호사 몇명", "공익감사단 예산 얼마임"):
        assert not pipeline.run(res, text, Conversation()).answered, text
    assert "174명" in pipeline.run(res, "현원 중 여성", Conversation()).text
    assert "69건" in pipeline.run(res, "판결확정 중 승소 몇 건", Conversation()).text
    assert "100명" in pipeline.run(res, "공익감사단 인원", Conversation()).text


def test_everyday_endings_typos_and_words_for_the_reports_measures(res):
    assert "15명" in pipeline.run(res, "투자심사위원 몇명이얌", Conversation()).text  # 이얌: an ending
    assert "2,080" in pipeline.run(res, "포괄비예산얼미", Conversation()).text  # 얼미: 얼마 mistyped
    assert "17명" in pipeline.run(res, "기조실 정원 대비 현원 몇명 부족해", Conversation()).text  # 결원
    assert not pipeline.run(res, "예산 부족한 부서", Conversation()).answered  # no staffing gap asked


def test_several_measures_take_the_count_in_the_counter_asked(res):
    from bot.engine import measures

    assert measures.asked_counters("시 투자심사 몇건 총사업비 얼마") == {"건"}
    text = pipeline.run(res, "시 투자심사 몇건 총사업비 얼마", Conversation()).text
    assert "48건" in text and "3,459억원" in text and "2회" not in text
    text = pipeline.run(res, "중앙투자심사몇건얼마", Conversation()).text  # the 계 line is the thing itself
    assert "8건" in text and "3,642억원" in text


def test_each_of_the_categories_named_is_answered(res):
    text = pipeline.run(res, "학술용역 적정 부적정 몇건씩", Conversation()).text  # 적정 is not 부적정
    assert "10건" in text and "4건" in text
    text = pipeline.run(res, "부적정 판정 몇 건이야", Conversation()).text  # 적정 판정 read across 부적정
    assert "4건" in text and "10건" not in text
    text = pipeline.run(res, "재난긴급생활비 가구별로 얼마씩 줘", Conversation()).text
    assert all(x in text for x in ("30만원", "40만원", "50만원"))


def test_a_count_comes_with_its_rows_share_which_a_follow_up_does_not_carry(res):
    conv = Conversation()
    text = pipeline.run(res, "시투자심사 적정 몇건", conv).text
    assert "10건" in text and "20.8%" in text  # the table row's share of the whole, printed with it
    text = pipeline.run(res, "중앙은 몇건", conv).text
    assert "8건" in text and "%" not in text
    assert "%" not in pipeline.run(res, "2019년 정원 몇명", Conversation()).text  # other columns are other things


def test_a_clause_is_context_only_when_the_rest_still_asks_of_something(res):
    assert pipeline.set_context_aside("당직 중인데 급해서요, 서울 확진자 몇 명?", res) == "서울 확진자 몇 명?"
    text = "투출기관 경영평가하는데 어디?"  # 어디 alone names nothing: the first clause is the question
    assert pipeline.set_context_aside(text, res) == text
    assert "공기업담당관" in pipeline.run(res, text, Conversation()).text


def test_counts_in_a_counter_written_with_개_and_a_rows_ranking_after_its_whole(res):
    text = pipeline.run(res, "정책연수 1월까지 몇팀 몇명 왔어", Conversation()).text
    assert "5개팀" in text and "155명" in text
    assert "1본부 8실 2센터" in pipeline.run(res, "서울연구원 조직 어떻게 돼있어", Conversation()).text
    conv = Conversation()
    pipeline.run(res, "기조실 여성공무원 몇 명이야", conv)
    assert "법률지원담당관 23명" in pipeline.run(res, "그 중에 제일 많은 데는?", conv).text


def test_a_templates_particles_fit_the_word_before_them(res):
    from bot.engine.phrasing import particles

    assert particles("예산이(가) 가장 많은 것") == "예산이 가장 많은 것"
    assert particles("여성 공무원 수이(가) 가장") == "여성 공무원 수가 가장"
    assert particles("2020이(가)") == "2020이(가)"  # not after a Korean syllable: left as written
    assert "UNDP" in pipeline.run(res, "UN 쪽은 어디랑 영상회의 했어요", Conversation()).text


def test_a_tables_row_measured_together_comes_whole(res):
    text = pipeline.run(res, "민간위탁 예산지원형 몇건", Conversation()).text
    assert "357건" in text and "8,564억원" in text  # measures_together (III-05.yaml)
    text = pipeline.run(res, "시투자심사 재검토 비율", Conversation()).text
    assert "6.3%" in text and "3건" in text
    assert "현원" not in pipeline.run(res, "법률지원담당관 정원", Conversation()).text  # two things, not one


def test_a_rate_the_things_named_do_not_print_is_their_share(res):
    text = pipeline.run(res, "학술용역 심의 중 부적정 비율 몇 퍼센트", Conversation()).text
    assert "28.6%" in text and "4 ÷ 14" in text  # 비율 is 투자심사's printed measure, not 학술용역's
    assert "38 ÷ 43" in pipeline.run(res, "행정심판위원 현원 중 외부위원 비율 몇 퍼센트?", Conversation()).text
    assert "6.3%" in pipeline.run(res, "시투자심사 재검토 비율", Conversation()).text  # printed: as printed


def test_a_date_still_to_come_is_not_answered_with_a_past_one(res):
    assert not pipeline.run(res, "C40 다음 영상회의 언제 열려?", Conversation()).answered  # only the 3.27 one
    assert "3. 27" in pipeline.run(res, "C40 회의 언제 했어", Conversation()).text
    assert "10월" in pipeline.run(res, "지역상생 박람회 언제 열려?", Conversation()).text  # a plan: answered
    assert "향후 일정" in pipeline.run(res, "앞으로 일정 알려줘", Conversation()).text


def test_a_ranking_typed_without_spaces_names_no_office(res):
    assert pipeline.analyze("정원제일많은담당관", res).out_of_scope == []  # 제일많은담당관 is no office
    assert pipeline.analyze("도시계획국 예산", res).out_of_scope == ["도시계획국"]
    assert "예산담당관 40명" in pipeline.run(res, "정원제일많은담당관", Conversation()).text
    assert "법무담당관" in pipeline.run(res, "일반회계예산제일적은부서는?", Conversation()).text  # no noun 일적


def test_runs_of_words_that_say_nothing_are_no_content(res):
    from bot.engine.understand import _only_function_words

    assert _only_function_words("올해각각", res.config) and _only_function_words("이랑올해각각", res.config)
    assert not _only_function_words("해외유입", res.config)
    text = pipeline.run(res, "국제교류담당관예산작년올해각각", Conversation()).text
    assert "5,995" in text and "6,015" in text
    assert "60일" in pipeline.run(res, "투자심사기간얼마로줄여", Conversation()).text  # 얼마로줄여: asks
    assert "155개" in pipeline.run(res, "50억이상투자사업몇개고얼마야", Conversation()).text  # no noun 고얼


def test_a_time_asked_glued_to_a_topic_names_no_city(res):
    assert pipeline.analyze("세계현황은몇일몇시기준이에요?", res).out_of_scope == []  # …몇시 is no city
    assert "9시" in pipeline.run(res, "세계현황은몇일몇시기준이에요?", Conversation()).text
    assert pipeline.analyze("서울이랑부산시 확진자", res).out_of_scope  # 부산시 still is one


def test_a_new_question_about_another_part_keeps_nothing_of_the_last(res):
    conv = Conversation()
    pipeline.run(res, "2019년 승소율", conv)
    text = pipeline.run(res, "투자심사 적정 몇건", conv).text  # not 2019's: the report has 2020's only
    assert "10건" in text
    conv = Conversation()
    pipeline.run(res, "서울 확진자", conv)
    assert "10,635" in pipeline.run(res, "전국은?", conv).text  # the same part: the same measure


def test_everyday_forms_of_rankings_shares_and_set_asides(res):
    assert "법률지원담당관" in pipeline.run(res, "현원이 정원보다 많은 담당관 있어요?", Conversation()).text
    text = pipeline.run(res, "일반회계 예산이 작년보다 줄어든 담당관 다 알려줘요", Conversation()).text
    assert "전년보다 줄어든 것" in text and "법무담당관" in text
    assert "10,014" in pipeline.run(res, "전국확진자중에서울빼면몇명", Conversation()).text  # 빼면 sets 서울 aside
    assert "67.4%" in pipeline.run(res, "민간위탁 건수 기준으로 시설이 차지하는 비율", Conversation()).text
    assert "중위소득 100%" in pipeline.run(res, "재난긴급생활비 소득기준 뭐야", Conversation()).text


def test_there_points_at_the_subject_just_answered_and_glued_years_part(res):
    conv = Conversation()
    pipeline.run(res, "지방분권 업무 어느 부서에서 해", conv)  # 조직담당관
    assert "104,073" in pipeline.run(res, "거기 예산 얼마야", conv).text
    assert pipeline.analyze("재결건수201720182019각각", res).years == ["2017", "2018", "2019"]
    assert pipeline.analyze("전화 01012345678", res).years == []


def test_a_date_glued_to_a_known_word_and_a_cut_as_a_decrease(res):
    assert "508건" in pipeline.run(res, "올해 재결건수 몇건이야 4.6기준", Conversation()).text  # no word 6기
    assert not pipeline.run(res, "조직담당관5급몇명", Conversation()).answered  # 5급: still no such word
    text = pipeline.run(res, "작년대비일반회계예산가장많이깎인부서", Conversation()).text
    assert "재정균형발전담당관 -642,382" in text  # 깎인: the largest decrease


def test_places_of_a_ranking_asked():
    from bot.engine.operations import places_asked

    assert places_asked("일반회계예산제일많은부서1,2위합치면얼마") == [1, 2]
    assert places_asked("1위랑3위합치면") == [1, 3]
    assert places_asked("상위3개부서합치면") == [1, 2, 3]
    assert places_asked("제일많은부서합치면") == []


def test_a_ranking_adds_up_only_the_places_named(res):
    ans = pipeline.run(res, "일반회계 올해 예산 제일 많은 부서 1, 2위 합치면 얼마", Conversation())
    assert ans.lines[:2] == ["합계: 470,800백만원", "계산: 268,345 + 202,455"]  # (the ranking computed too)
    ans = pipeline.run(res, "일반회계 예산 가장 많은 부서 합치면", Conversation())
    assert not ans.answered and "합계" in ans.text  # the five listed are no operands


def test_an_aspect_named_inside_a_longer_one_is_that_ones_part(res):
    ans = pipeline.run(res, "서울아레나 제3자 제안공고 심사 때 뭘 축소하라고 했어", Conversation())
    assert "해지시지급금" in ans.text  # 심사결과, not the 심사 item that names the case


def test_a_length_of_time_asked_is_a_schedule_question(res):
    ans = pipeline.run(res, "2차 강화된 사회적 거리두기 기간이 어떻게 돼요", Conversation())
    assert "4. 6.~4. 19." in ans.text


def test_a_category_of_a_row_is_a_share_of_the_rows_total_column(res):
    ans = pipeline.run(res, "시 투자심사 적정 몇건 몇퍼", Conversation())
    assert "10 ÷ 48 × 100" in ans.text and "조건부추진" not in ans.text  # not the other categories' rates


def test_a_percentage_asked_as_몇퍼(res):
    ans = pipeline.run(res, "조직담당관 일반회계 작년 대비 몇퍼 늘었어요", Conversation())
    assert ans.lines[0] == "증감률: +19.2%"


def test_a_text_answer_leaves_no_place_the_report_never_writes_unread(res):
    ans = pipeline.run(res, "C40회의에도쿄도참석했어?", Conversation())
    assert not ans.answered and "도쿄" in ans.text
    ans = pipeline.run(res, "급해서그런데자가격리무단이탈하면어케처리해", Conversation())
    assert ans.answered and "고발" in ans.text  # "데자가" straddles 그런데: no name


def test_an_office_like_ending_inside_a_known_name_is_no_office(res):
    ans = pipeline.run(res, "서울검사결과음성나온사람몇명이에요?", Conversation())
    assert "93,193명" in ans.text


def test_a_place_asked_is_not_answered_by_a_department_or_a_text_naming_none(res):
    ans = pipeline.run(res, "지역상생박람회장소어디야", Conversation())
    assert not ans.answered and "장소" in ans.text
    ans = pipeline.run(res, "생활치료샌터 위치랑 병상수", Conversation())
    assert "태릉" in ans.text and "210병상" in ans.text


def test_a_ranking_of_rows_the_report_does_not_rank_is_declined(res):
    ans = pipeline.run(res, "소송 제일 많이 걸린 부서 어디예요", Conversation())
    assert not ans.answered and "부서별" in ans.text  # not the years of the city's count


def test_the_difference_asked_after_two_turns_is_between_them(res):
    conv = Conversation()
    pipeline.run(res, "행정심판재결건수2018년", conv)
    pipeline.run(res, "2019년은?", conv)
    ans = pipeline.run(res, "차이는요?", conv)
    assert "+99건" in ans.text and "55건" not in ans.text


def test_each_of_a_printed_change_shows_the_two_figures(res):
    ans = pipeline.run(res, "조직담당관 일반회계 작년 대비 올해 각각 얼마예요", Conversation())
    assert "87,315백만원" in ans.text and "104,073백만원" in ans.text


def test_an_amount_asked_after_a_figure_is_the_money_figure_shown_beside_it(res):
    conv = Conversation()
    pipeline.run(res, "작년 동기 일자리 집행률", conv)
    ans = pipeline.run(res, "금액은?", conv)
    assert ans.lines[0].startswith("일자리 사업 전년 동기 집행액") and "재난긴급생활비" not in ans.text


def test_the_amount_not_spent_is_never_the_amount_spent(res):
    ans = pipeline.run(res, "일자리 예산 중 3월말까지 집행 안 된 금액", Conversation())
    assert "4,765억원" not in ans.text or "계산" in ans.text


def test_an_amount_of_a_row_takes_its_tables_measure_in_money(res):
    ans = pipeline.run(res, "대외협력기금 금액이랑 사업수", Conversation())
    assert "13,747백만원" in ans.text and "17개" in ans.text


def test_categories_counted_come_with_their_whole(res):
    ans = pipeline.run(res, "투자심사위원몇명외부내부", Conversation())
    assert ans.lines[0].startswith("투자심사위원회 위원 수: 15명") and "12명" in ans.text and "3명" in ans.text
    ans = pipeline.run(res, "시 투자심사 적정이랑 조건부추진 합쳐서 몇건", Conversation())
    assert ans.lines[0] == "합계: 32건" and "48건" not in ans.text  # an operation over the parts


def test_a_figure_asked_of_a_text_leaves_no_noun_unread(res):
    ans = pipeline.run(res, "CAC플랫폼접속자수얼마나돼요", Conversation())
    assert not ans.answered and "접속" in ans.text
    ans = pipeline.run(res, "현추진목표하루평균신규확진몇명내외야", Conversation())
    assert "50명 내외" in ans.text  # "내외야" is no noun 외야


def test_a_clause_of_context_glued_to_a_known_name_is_no_office(res):
    ans = pipeline.run(res, "급해서그런데전국확진자몇명?", Conversation())
    assert "10,635명" in ans.text


def test_a_word_out_of_scope_in_general_is_in_scope_as_an_aspect_of_a_named_subject(res):
    ans = pipeline.run(res, "행정심판 사이트 주소 뭐야", Conversation())
    assert "www.simpan.go.kr" in ans.text
    ans = pipeline.run(res, "기획조정실 주소", Conversation())
    assert not ans.answered and "주소" in ans.text


def test_the_one_text_item_with_an_aspect_answers_it_in_its_part_of_the_report(res):
    ans = pipeline.run(res, "재결례 게시하는 사이트 주소", Conversation())
    assert "www.simpan.go.kr" in ans.text


def test_a_follow_up_naming_the_plan_of_a_fund_keeps_the_fund(res):
    conv = Conversation()
    pipeline.run(res, "재정투융자기금 작년 최종 얼마예요", conv)
    ans = pipeline.run(res, "올해 계획은?", conv)
    assert "481,442백만원" in ans.text and "민간위탁" not in ans.text


def test_a_ranking_of_the_rows_asked_after_one_row_ranks_them_all(res):
    conv = Conversation()
    pipeline.run(res, "미국누적확진자", conv)
    pipeline.run(res, "스페인은?", conv)
    ans = pipeline.run(res, "표에 있는 나라 중에 누적 사망 제일 많은 데는?", conv)
    assert ans.lines[0] == "누적 사망자가 가장 많은 것: 미국 25,871명"


def test_among_those_keeps_the_year_just_asked(res):
    conv = Conversation()
    pipeline.run(res, "2019년 계약심사 총 몇 건이었어요", conv)
    ans = pipeline.run(res, "그중사전검토는", conv)
    assert "24건" in ans.text and "31건" not in ans.text


def test_a_person_or_a_round_asked_is_not_answered_with_something_else(res):
    assert not pipeline.run(res, "투자심사위원회 위원장 누구야", Conversation()).answered  # no department
    assert not pipeline.run(res, "재정분권TF 3차회의 언제해", Conversation()).answered  # not the 1차회의
    ans = pipeline.run(res, "총인건비 관리 대상 출연기관 몇 개예요?", Conversation())
    assert not ans.answered  # 몇 개 is no count of times (1회, 2회)


def test_a_typo_of_an_asking_ending(res):
    assert "2,627명" in pipeline.run(res, "전국격리중환자수알려주세여", Conversation()).text


def test_a_numbered_round_asked_when_is_that_rounds_dates(res):
    ans = pipeline.run(res, "1차 강화된 사회적거리두기 기간", Conversation())
    assert "3. 22.~4. 5." in ans.text


def test_review_findings_stay_fixed(res):
    from bot.engine.operations import places_asked
    from bot.engine.thresholds import ENDS_IN_PERIOD, rounds_unsaid
    from bot.korean.textnorm import strip_ending

    assert places_asked("상위10개부서합치면") == list(range(1, 11))
    assert places_asked("1위랑12위합치면") == [1, 12]
    assert rounds_unsaid("2차회의", "12차회의") == ["2차"] and rounds_unsaid("2차례심의", "") == []
    assert ENDS_IN_PERIOD.search("2019년") and not ENDS_IN_PERIOD.search("상위 10")
    assert strip_ending("대내외") == "대내외"
    ans = pipeline.run(res, "법률지원담당관 예산 가장 많았던 해", Conversation())
    assert ans.answered and "2020년 6,369백만원" in ans.text  # 담당관 inside a name asks no rows


def test_a_day_asked_is_not_answered_by_a_figures_as_of_date(res):
    ans = pipeline.run(res, "국내 첫 확진자 나온 날", Conversation())
    assert "1.20." in ans.text and "10,635" not in ans.text
    ans = pipeline.run(res, "공기업담당관 사람 몇이야", Conversation())
    assert "21명" in ans.text and "19명" in ans.text  # 사람 asks people: 정원, 현원


def test_compared_and_to_what_show_the_two_figures_and_합은_sums(res):
    ans = pipeline.run(res, "감채기금 2019년 최종이랑 2020년 계획 비교해주세요", Conversation())
    assert "1,248,062백만원" in ans.text and "435,358백만원" in ans.text
    ans = pipeline.run(res, "재정투융자기금과 감채기금 2020년 계획액 합은 얼마죠", Conversation())
    assert ans.lines[0] == "합계: 916,800백만원"


def test_two_subjects_named_each_get_the_figure_asked(res):
    # the letters of one name may weigh more; the other subject named whole is asked as much
    both = pipeline.run(res, "법률지원담당관이랑 법무담당관 예산 각각 얼마예요?", Conversation())
    assert "6,369백만원" in both.text and "758백만원" in both.text
    # "A랑 B 현원": the two subjects' totals, not one subject's categories
    staff = pipeline.run(res, "기획담당관이랑 평가담당관 현원", Conversation())
    assert "기획담당관 합계 현원: 38명" in staff.text and "평가담당관 합계 현원: 30명" in staff.text
    assert "일반직" not in staff.text


def test_a_part_naming_only_subjects_joins_the_next(res):
    assert parts._periods_together(res, ["기획담당관과", "평가담당관 예산"]) == ["기획담당관과 평가담당관 예산"]
    assert parts._periods_together(res, ["기조실 직속기관", "출연기관 어디"]) == [
        "기조실 직속기관",
        "출연기관 어디",
    ]
    ans = pipeline.run(res, "기획담당관과 평가담당관 예산", Conversation())
    assert "1,135백만원" in ans.text and "2,579백만원" in ans.text and "정원" not in ans.text


def test_which_department_asked_by_the_last_word_or_a_category(res):
    # "부서$" in intents.yaml: the question's last word, in a question naming no measure
    assert "법무담당관" in pipeline.run(res, "행정심판 운영 부서", Conversation()).text
    assert not pipeline.run(res, "예산 부족한 부서", Conversation()).answered
    # a category with no measure named: the rows of its table ("특별회계": 예산담당관)
    for q in ("특별회계는 어느 부서 소관이야", "특별회계는어느부서거야"):
        assert pipeline.run(res, q, Conversation()).lines[0].startswith("예산담당관 특별회계")


def test_a_ranking_of_a_kind_of_rows_the_measure_asked_is_not_given_for(res):
    # 확진환자 is 전국's and 서울's; the countries have 누적 and 신규 확진자: ask which
    ans = pipeline.run(res, "확진자 제일 많은 나라 어디", Conversation())
    assert not ans.answered and ans.choices == ["신규 확진자 가장 많은 나라", "누적 확진자 가장 많은 나라"]
    assert "전국" not in ans.text
    # one measure of that name: ranked by it, on the latest day when none is named
    new = pipeline.run(res, "신규 확진자 제일 많은 나라", Conversation())
    assert new.lines[0] == "신규 확진자(2020.4.16.)가 가장 많은 것: 미국 25,802명"


def test_a_tables_printed_change_is_that_of_its_first_measure(res):
    # the 일반회계 table's 증감 is 예산's: a change of 사업수 is computed from its two years
    ans = pipeline.run(res, "기획담당관 사업수 몇 개로 줄었지", Conversation())
    assert ans.lines[0] == "기획담당관 일반회계 사업수: 2019년 3개 → 2020년 2개, 차이 -1개"
    assert "-17백만원" not in ans.text
    assert "-17백만원" in pipeline.run(res, "기획담당관 예산 줄었어?", Conversation()).text
    # a quota raised (증원, words.yaml change_words) asked with 늘리자는
    assert "+2명" in pipeline.run(res, "부단체장 정수 몇명 늘리자는거야", Conversation()).text


def test_a_name_the_measure_answered_holds_is_no_subject_to_follow_up(res):
    conv = Conversation()
    pipeline.run(res, "2019년 소송 승소 몇 건", conv)
    assert "승소" not in conv.slots["subjects"]
    pipeline.run(res, "승소율은?", conv)
    assert "73.0%" in pipeline.run(res, "2018은?", conv).text  # 승소율 of 2018, not 승소 건수


def test_a_category_several_things_have_asked_of_none_asks_which(res):
    ans = pipeline.run(res, "외부위원 내부위원 몇명씩", Conversation())
    assert not ans.answered and len(ans.choices) == 2
    assert any("투자심사위원회" in c for c in ans.choices) and any("행정심판위원회" in c for c in ans.choices)
    # a topic named ("심판위원"): its own figures
    assert "38명" in pipeline.run(res, "심판위원 현원 외부 내부 몇명씩", Conversation()).text


def test_a_category_names_its_subjects_one_measure(res):
    # 적정 is a category of three measures in the report, of one (심의 건수) of 학술용역 심의위원회
    ans = pipeline.run(res, "학술용역 심의 적정 부적정 각각", Conversation())
    assert "심의 건수(적정) (2020.3.): 10건" in ans.text and "심의 건수(부적정) (2020.3.): 4건" in ans.text


def test_a_counter_mistyped_after_how_many(res):
    # 멍 (never in the report) is one letter from 명 alone; 군 of 몇군데 starts a word of its own
    assert res.vocab.repair_counter_typos("공기업담당관 몇멍?") == "공기업담당관 몇명?"
    assert res.vocab.repair_counter_typos("몇멍이야") == "몇명이야"
    assert res.vocab.repair_counter_typos("몇군데 찍어") == "몇군데 찍어"
    assert "21명" in pipeline.run(res, "공기업담당관 몇멍?", Conversation()).text


def test_together_with_is_no_word_of_its_own(res):
    ans = pipeline.run(res, "법률지원담당관정원몇이야?현원이랑같이", Conversation())
    assert "정원: 28명" in ans.text and "현원: 29명" in ans.text


def test_a_change_asked_after_a_figure_is_the_change_printed_beside_it(res):
    conv = Conversation()
    pipeline.run(res, "전국 격리중 환자 몇명", conv)
    ans = pipeline.run(res, "전날보다 몇 줄었어", conv)
    assert ans.lines[0] == "전국 격리중 일일 증감: △51명 (2020.4.17. 0시 기준)"


def test_latin_letters_glued_to_hangul_and_a_glued_asking_determiner(res):
    # "CAC가입도시": CAC stands apart, an unknown name, not the C40 figure
    assert not pipeline.run(res, "CAC가입도시몇개야", Conversation()).answered
    p = pipeline.analyze(pipeline.normalize("TBS 어떤체제로 바꿨어?"), res)
    assert content_words(p, res.config) == ["tbs", "체제"]


def test_glued_ranking_direction_and_which_department(res):
    ans = pipeline.run(res, "여성공무원제일적은과는어디임?", Conversation())
    assert ans.lines[0] == "여성 공무원 수가 가장 적은 것: 협력상생담당관 7명"  # 적은 + 과, no noun 은과
    assert "재정균형발전담당관" in pipeline.run(res, "국고보조금총괄은어디과야", Conversation()).text


def test_review_fixes_day_change_only_many_many_and_a_bare_department(res):
    conv = Conversation()
    pipeline.run(res, "서울 격리중 몇 명", conv)
    assert "일일 증감" not in pipeline.run(res, "일주일 전보다 몇 명 줄었어", conv).text
    assert res.vocab.repair_counter_typos("몇몇 부서 예산") == "몇몇 부서 예산"
    assert not pipeline.run(res, "올해 새로 생긴 부서", Conversation()).answered
    ans = pipeline.run(res, "외부위원 내부위원 몇명씩", Conversation())
    assert ans.choices == ["투자심사위원회 외부 내부 위원 수", "행정심판위원회 외부 내부 위원 현원"]


def test_a_verbs_ending_glued_before_a_counter(res):
    assert "33개 팀" in pipeline.run(res, "연수참여희망한팀몇개", Conversation()).text


def test_where_an_event_is_held_is_a_place_not_the_department(res):
    assert not pipeline.run(res, "지역상생박람회어디서해", Conversation()).answered  # the report names no venue
    assert "법률지원담당관" in pipeline.run(res, "마을변호사 어디서 해", Conversation()).text  # no event: who


def test_how_many_times_in_the_order_named_and_a_keyword_inside_a_longer_word(res):
    ans = pipeline.run(res, "미국 누적확진 중국의 몇 배야", Conversation())
    assert (ans.lines[0], ans.computed) == ("배수: 7.2배", "계산: 604,070 ÷ 83,797")
    assert pipeline.run(res, "중국 누적확진 미국의 몇 배야", Conversation()).lines[0] == "배수: 0.1배"
    # 몇시 (a time of day) inside 몇시간 (a length): no schedule question
    assert "24시간" in pipeline.run(res, "검사시간 몇시간에서 몇시간으로 줄였어", Conversation()).text


def test_follow_ups_the_same_day_and_a_category_of_the_earlier_measure(res):
    conv = Conversation()
    for q in ("미국 4.16 확진자 몇명", "사망자는?"):
        pipeline.run(res, q, conv)
    # 같은날 (words.yaml that_time): the day asked in one of the last two turns, whatever else is named
    assert "5,092명" in pipeline.run(res, "스페인은 같은 날 확진 사망 각각?", conv).text
    conv = Conversation()
    for q in ("예산담당관 정원 현원", "여자는?"):
        pipeline.run(res, q, conv)
    ans = pipeline.run(res, "일반직만 보면?", conv)  # 여성 공무원 수 has no 일반직: 정원 and 현원 have
    assert "일반직 정원: 38명" in ans.text and "일반직 현원: 35명" in ans.text


def test_a_place_asked_right_after_a_ranking_continues_it_in_its_direction(res):
    conv = Conversation()
    pipeline.run(res, "일반회계 예산 부서별로 제일 적은 데는?", conv)
    assert "3번째로 적은 것: 기획담당관" in pipeline.run(res, "세번째는?", conv).lines[0]
    cold = pipeline.run(res, "세번째는?", Conversation())
    assert not cold.answered  # no ranking before it: nothing to continue


def test_a_sum_of_two_things_named_with_one_found_is_declined_not_answered_with_the_one(res):
    ans = pipeline.run(res, "국제협력이랑 해외도시협력 예산 합치면?", Conversation())  # no 국제협력 office
    assert not ans.answered and "5,625" not in ans.text
    conv = Conversation()
    pipeline.run(res, "예산 제일 많은 부서", conv)
    assert not pipeline.run(res, "둘 합치면?", conv).answered  # one thing asked before: no two to add


def test_a_subject_joined_to_the_last_one_adds_both(res):
    conv = Conversation()
    pipeline.run(res, "해외도시협력담당관 예산", conv)
    ans = pipeline.run(res, "국제교류담당관이랑 합치면", conv)
    assert ans.lines[0].startswith("해외도시협력담당관 + 국제교류담당관 예산 합계: 11,640백만원")


def test_counts_asked_twice_are_cut_after_a_count_a_name_stands_before():
    assert parts.cut_at_counts("올해3월말승소몇건패소몇건") == ["올해3월말승소몇건", "패소몇건"]
    assert parts.cut_at_counts("몇 실 몇 관 몇 담당관") == ["몇 실 ", "몇 관 ", "몇 담당관"]
    assert parts.cut_at_counts("외부전문가 몇개 분야 몇명 위촉") == ["외부전문가 몇개 분야 ", "몇명 위촉"]
    assert parts.cut_at_counts("2019년 몇 건에서 2020년 몇 건으로") == ["2019년 몇 건에서 2020년 ", "몇 건으로"]
    assert parts.cut_at_counts("시립대는 대학 몇개 대학원 몇개임") == ["시립대는 대학 몇개", " 대학원 몇개임"]
    assert parts.cut_at_counts("몇 개 사무에 몇 억") == ["몇 개 사무에 ", "몇 억"]


def test_each_measure_named_lists_every_day_of_its_series_not_the_first(res):
    conv = Conversation()
    pipeline.run(res, "이탈리아 사망자는?", conv)
    text = pipeline.run(res, "이란은?", conv).text
    assert "(2020.4.13.): 117명" in text and "(2020.4.16.): 94명" in text


def test_a_category_several_committees_have_goes_to_the_one_half_named(res):
    ans = pipeline.run(res, "심판위원 정원 외부 내부 몇명씩", Conversation())
    assert "행정심판위원회 외부 위원 현원: 38명" in ans.text and "투자심사" not in ans.text


def test_a_topic_word_of_another_part_blocks_figures_picked_by_a_category_alone(res):
    ans = pipeline.run(res, "2017~2019 재결 합계", Conversation())
    assert not ans.answered and "3,654,786" not in ans.text
    assert "45개" in pipeline.run(res, "코로나방역영상회의몇개도시에설명했어", Conversation()).text


def test_a_percentage_change_asked_after_two_turns_takes_both(res):
    conv = Conversation()
    pipeline.run(res, "행정심판 재결건수 2019년", conv)
    pipeline.run(res, "2018년은?", conv)
    assert pipeline.run(res, "몇퍼센트늘었어", conv).lines[0] == "증감률: +6.6%"


def test_a_share_of_a_thing_whose_measures_differ_in_unit_takes_the_one_part_of_a_whole(res):
    ans = pipeline.run(res, "기금 비중 몇 퍼센트", Conversation())
    assert ans.lines[0] == "비중: 57.9%" and "931,722 ÷ 1,610,029" in ans.text


def test_a_ranking_of_things_named_needs_a_distinctive_word_of_each(res):
    ans = pipeline.run(res, "대외협력기금사업중제일큰사업예산", Conversation())
    assert "일자리 사업" not in ans.text


def test_two_names_sharing_their_ending_written_once_are_both_read(res):
    parsed = pipeline.analyze("시랑중앙투자심사건수합계", res)
    assert {"市 투자심사", "중앙투자심사"} <= set(parsed.canon("subject"))
    assert "56건" in pipeline.run(res, "시랑중앙투자심사건수합계", Conversation()).lines[0]


def test_a_one_letter_word_of_a_metric_written_apart_names_the_narrower_metric(res):
    ans = pipeline.run(res, "재결건수 월 몇건까지 늘려", Conversation())
    assert "200건" in ans.text and "508" not in ans.text
    assert "508건" in pipeline.run(res, "재결건수 몇건", Conversation()).text


def test_a_measure_a_subject_gives_under_another_name_is_read_as_that(res):
    ans = pipeline.run(res, "전국 신규 확진 몇명", Conversation())
    assert ans.lines[0].startswith("전국 확진환자 일일 증감: +22명")
    assert "(2020.4.16.): 25,802명" in pipeline.run(res, "미국 신규 확진자", Conversation()).text


def test_a_share_of_two_measures_of_one_subject_both_named(res):
    ans = pipeline.run(res, "포괄비 예산 중 사용한 비율은 몇 퍼센트예요", Conversation())
    assert ans.lines[0] == "비중: 51.7%" and "1,076 ÷ 2,080" in ans.text
    # a measure's stem inside a subject's name names nothing: no share of 집행액 in 신속집행 대상액
    assert "31.1%" not in pipeline.run(res, "지원예산이 신속집행 대상액에서 차지하는 비율", Conversation()).text


def test_the_time_a_measure_stands_at_asked_of_no_one_gives_each_things_time(res):
    ans = pipeline.run(res, "확진자 현황 기준 시각이 언제야", Conversation())
    assert "전국 기준 시점: 2020.4.17. 0시" in ans.text and "서울시 기준 시점: 2020.4.17. 10시" in ans.text
    assert "2020.4.20." in pipeline.run(res, "인력현황 몇일 기준이야", Conversation()).text  # a date, no count of days


def test_a_sum_asked_before_two_parts_is_the_sum_of_each(res):
    ans = pipeline.run(res, "市 투자심사랑 중앙투자심사 합치면 몇 건이고 총사업비 얼마", Conversation())
    assert "심사 건수 합계: 56건" in ans.text and "합계: 7,101억원" in ans.text
    ans = pipeline.run(res, "시 투자심사랑 중앙투자심사 건수 합치면 몇 건이고 총사업비 합계는?", Conversation())
    assert "심사 건수 합계: 56건" in ans.text and "총사업비 합계: 7,101억원" in ans.text


def test_the_most_and_the_least_asked_together_are_both_answered(res):
    ans = pipeline.run(res, "2020 일반회계 가장 많은 부서랑 가장 적은 부서", Conversation())
    assert "가장 많은 것: 예산담당관" in ans.text and "가장 적은 것: 법무담당관" in ans.text
    assert "가장 많은" not in pipeline.run(res, "예산 가장 적은 부서", Conversation()).text


def test_a_numbered_list_a_topic_word_names_is_counted_and_its_items_read(res):
    assert pipeline.run(res, "현안 몇개 보고했어", Conversation()).lines[0] == "현안업무: 12개"
    assert "7. 신속" in pipeline.run(res, "현안7번뭐임", Conversation()).text
    both = pipeline.run(res, "현안업무 보고 몇 건이야? 마지막 12번 제목 뭐야", Conversation())
    assert both.lines[0] == "현안업무: 12건"  # the count asked as well: the whole list


def test_a_list_whose_count_the_question_states_is_listed(res):
    ans = pipeline.run(res, "기획조정실 정책목표 네 가지가 뭔가요", Conversation())
    assert ans.lines[0] == "정책목표: 4개" and "전략 4. 대내외 교류 협력 강화로 도시위상 제고" in ans.text
    # a topic word inside another name (the 목표 of 정책목표) names no list
    assert "정책목표" not in pipeline.run(res, "월 재결건수 목표 몇 건으로 늘려?", Conversation()).text


def test_a_join_typed_without_spaces_splits_the_question_unless_one_operation_takes_both(res):
    ans = pipeline.run(res, "긴급재난지원금국비시비분담비율서울이랑다른지자체각각", Conversation())
    assert "7:3" in ans.text and "8:2" in ans.text
    both = pipeline.run(res, "지원예산올해집행액이랑전년동기집행률", Conversation()).text
    assert "5조 3,547" in both and "26.2" in both
    assert "17명" in pipeline.run(res, "기조실정원이랑현원차이몇명이에요", Conversation()).text  # 306 − 289


def test_a_sum_of_two_things_just_asked_takes_the_first_measure_they_both_have_a_figure_of(res):
    conv = Conversation()
    pipeline.run(res, "재정투융자기금 올해 얼마", conv)
    pipeline.run(res, "감채기금은?", conv)
    ans = pipeline.run(res, "둘 합치면?", conv)  # their 사업수 is a table's dash: nothing to add, not 0
    assert "예산 합계: 916,800백만원" in ans.lines[0] and "사업수 합계" not in ans.text


def test_a_percentage_change_of_one_figure_takes_the_same_figure_a_year_before(res):
    ans = pipeline.run(res, "기조실 예산 총액 작년 대비 감소율 몇 퍼센트", Conversation())
    assert ans.lines[0] == "증감률: -55.9%" and "3,654,786" in ans.text


def test_a_percentage_change_of_a_change_named_by_its_measure_takes_the_figure_it_adds_to(res):
    # 추가 집행액 (전년 동기 대비) 2,641억원 over the 전년 동기 집행액 3,685억원
    ans = pipeline.run(res, "50억이상 투자사업 집행액 전년 동기 대비 몇 퍼센트 증가", Conversation())
    assert ans.lines[0] == "증감률: +71.7%" and "2,641 ÷ 3,685" in ans.text


def test_a_post_asked_of_is_no_department_nor_a_text_that_does_not_speak_of_it(res):
    for question in ("행정심판위원장 누구야", "투자심사위원장누구야"):
        ans = pipeline.run(res, question, Conversation())
        assert not ans.answered and "위원장" in ans.text


def test_the_rows_a_change_picks_are_counted_when_asked_how_many(res):
    ans = pipeline.run(res, "예산 줄어든 담당관 몇 개예요", Conversation())
    assert ans.lines[0].startswith("5개 — 전년보다 줄어든 것: 재정균형발전담당관")
    assert "줄어든 것" not in pipeline.run(res, "정책목표 한줄로 뭐라고 돼있어", Conversation()).text


def test_a_verb_that_joins_two_clauses_makes_two_questions(res):
    from bot.engine.understand import several_asked

    def parsed(text: str):
        return pipeline.analyze(pipeline.normalize(text), res)

    assert several_asked(parsed("긴급재난지원금 국비 시비 비율이 어떻게 되고 타 지자체는요"))  # 되고: a word of its own
    assert several_asked(parsed("재정분권 TF는 몇 번 운영했고 국세 지방세 비중 목표는 뭐예요"))  # 했고: glued on
    assert not several_asked(parsed("긴급재난지원금 국비 시비 비율이 어떻게 돼요"))
    assert not several_asked(parsed("재정분권 추진 어떻게 되고 있어?"))  # 되고 있어: is going
    assert not several_asked(parsed("그리고 서울 확진자는?"))  # nothing before it to join
    ans = pipeline.run(res, "긴급재난지원금 국비 시비 비율이 어떻게 되고 타 지자체는요", Conversation())
    assert "7:3" in ans.text and "8:2" in ans.text


def test_an_aspect_named_whole_comes_before_its_part_read_from_its_letters(res):
    # 심사결과 (뭐 고쳤어) is named; the 심사 item, whose letters the question also writes, is its part
    ans = pipeline.run(res, "제2서소문 청사 임대차계약 심사에서 뭐 고쳤어", Conversation())
    assert "전세권설정" in ans.text


def test_a_short_name_is_not_read_across_a_space_from_inside_one_word_into_the_next(res):
    def names(text: str) -> set[str]:
        return {m.canonical for m in pipeline.analyze(pipeline.normalize(text), res).matches}

    assert "비전" not in names("정부 긴급재난지원금 국비 전체 규모")  # 국[비 전]체
    assert "이내" not in names("위원님이 내일 질의하신다고 해서 미리 확인하는 건데 일반직 정원")  # 님[이 내]일
    assert "예산" in names("조직담당관 예 산 얼마")  # a short name typed with a space in it begins a word
    assert "비전" not in names("예싼 국비 전체 규모")  # nor after a short typo's repair (예싼 → 예산)
    # a chatty clause whose only "name" ran across a space is context, set aside
    ans = pipeline.run(
        res,
        "의원실인데요 위원님이 내일 질의하신다고 해서 미리 확인하는 건데 일반직 정원이랑 현원이 각각 몇 명인가요",
        Conversation(),
    )
    assert "256명" in ans.text and "242명" in ans.text and "분권교육" not in ans.text


def test_a_figure_asked_of_topic_words_alone_must_say_each_of_them(res):
    ans = pipeline.run(res, "영상회의한 국제기구 어디", Conversation())  # the C40 영상회의's 70분 is no 국제기구's
    assert "70분" not in ans.text and "UNDP, UNDRR" in ans.text  # (the bodies of the UN video meeting: aliases.yaml)
    ans = pipeline.run(res, "업무협약 사전검토 및 심사 총계는?", Conversation())  # its part's title says them
    assert ans.answered and "461" in ans.text


def test_the_office_set_aside_is_not_answered_by_its_other_name(res):
    ans = pipeline.run(res, "기조실 말고 일반직 정원", Conversation())  # 기조실 is 기획조정실
    assert not ans.answered and "256" not in ans.text


def test_a_text_of_the_name_set_aside_does_not_answer_the_rest(res):
    ans = pipeline.run(res, "UNDRR 말고 같이 영상회의한 국제기구 어디", Conversation())
    assert not ans.answered and "UNDRR 외" in ans.text


def test_a_year_glued_before_a_known_office_is_no_unknown_office(res):
    assert "75개" in pipeline.run(res, "올해기조실사업수몇개야", Conversation()).text  # 올해 + 기조실
    ans = pipeline.run(res, "올해도시교통실예산얼마야", Conversation())  # an office the report lacks
    assert not ans.answered and "도시교통실" in ans.text


def test_a_share_is_never_computed_of_changes_nor_answered_with_them(res):
    # "전체 대비" found 조직담당관's 증감 alone; its table's total 증감 is -645,131: no share of anything
    ans = pipeline.run(res, "조직담당관 예산 전체 대비 비중", Conversation())
    assert not ans.answered and "-3,849" not in ans.text and "16,758" not in ans.text
    ans = pipeline.run(res, "조직담당관 예산 전체에서 비중", Conversation())
    assert "17.3%" in ans.text
    ans = pipeline.run(res, "재정균형발전담당관 예산 증감 비율", Conversation())  # was -642,382 ÷ 202,455
    assert "-317" not in ans.text and "%" not in ans.text.split("\n")[0]


def test_no_ask_back_over_rows_that_leave_a_word_of_the_question_unsaid(res):
    # every country has a 신규 확진자; only the 추진목표 is a 목표 of 하루 신규 발생
    ans = pipeline.run(res, "신규 확진 하루 목표치 몇 명 수준이야", Conversation())
    assert ans.answered and "50명" in ans.text and not ans.choices
    assert pipeline.run(res, "신규 확진자 몇 명", Conversation()).choices  # which country (or 서울)?


def test_a_share_of_one_thing_counted_two_ways_takes_the_part_counted_as_the_whole_is(res):
    # the world's 누적 확진자 and 미국's 신규 of 4.13: the share is of 미국's 누적 604,070, listed
    ans = pipeline.run(res, "전세계 확진자 중 미국 비중", Conversation())
    assert ans.lines[0] == "비중: 29.9%" and "604,070" in ans.text and "31,633" not in ans.text


def test_a_share_asked_with_an_everyday_verb_for_the_other_measure(res):
    # 썼어 is the lexicon's 사용 (knowledge/aliases.yaml): 사용액's share of the 예산 it names
    ans = pipeline.run(res, "포괄비 예산 중 몇 퍼센트 썼어요", Conversation())
    assert (ans.lines[0], ans.computed) == ("비중: 51.7%", "계산: 1,076 ÷ 2,080 × 100")


def test_a_which_question_about_a_kind_of_organisation_lists_its_members(res):
    # the report writes "직속기관 : 시립대학교(…)", "출연기관 : 서울연구원(…)" (words.yaml organisation_kinds)
    assert "시립대학교" in pipeline.run(res, "기조실 직속기관 어디야", Conversation()).text
    assert "서울연구원" in pipeline.run(res, "출연기관 어디임", Conversation()).text
    # not when the kind is part of a longer name, or something of it is asked
    assert "공기업담당관" in pipeline.run(res, "출연기관 경영평가 담당 어디야", Conversation()).text
    assert "서울연구원" not in pipeline.run(res, "투자출연기관 경영평가 어디서 해", Conversation()).text


def test_a_text_item_saying_every_noun_of_a_what_question_answers_it(res):
    said = details.said_whole(turn_of(res, "뉴스레터 보낸 국제기구 어디야"), res)
    assert said is not None and "METROPOLIS" in said.text  # not the office dealing with 국제기구
    said = details.said_whole(turn_of(res, "서울아레나 심사에서 뭐 축소했어"), res)
    assert said is not None and "해지시지급금" in said.text and "제3자 제안공고" not in said.text
    # who does it: a department's function that says every noun
    said = details.said_whole(turn_of(res, "코로나19대책모니터링부통제관맡은데는"), res)
    assert said is not None and "평가담당관" in said.text
    # a date or a figure asked, a partner of a task (no department's function says it), a name
    # asked (an item counting them names none): not this answerer's
    for q in (
        "서울아레나 심사 날짜 뭐야",
        "뉴스레터 보낸 국제기구 몇 개야",
        "농산물 온라인 판매 어디랑 해",
        "투자심사에서 적정 받은 사업 이름 알려줘",
    ):
        assert details.said_whole(turn_of(res, q), res) is None, q


def test_every_row_of_a_table_asked_by_its_rows_word_is_listed_in_the_tables_order(res):
    ans = ranking.each_row(turn_of(res, "기금 종류별로 올해 금액 각각 알려주세요"), res)
    assert ans is not None
    order = [ans.text.index(f) for f in ("481,442", "435,358", "13,747", "1,175")]
    assert order == sorted(order) and "1,050,470" not in ans.text  # 2020 only, the table's order
    asked = ranking.each_row(turn_of(res, "나라별 확진자"), res)  # 누적 or 신규: asked back
    assert asked is not None and not asked.answered and len(asked.choices) == 2
    # a ranking, or one row named, is not every row
    for q in ("기금 중에 제일 큰 거", "재정투융자기금 예산", "기금 예산"):
        assert ranking.each_row(turn_of(res, q), res) is None, q
    # rows the report does not give by that kind, or not of the category named: declined, never
    # the whole's figure
    for q in ("부서별 승소율", "부서별 기금 예산"):
        ans = ranking.each_row(turn_of(res, q), res)
        assert ans is not None and not ans.answered and "부서별" in ans.text, q
    # a change asked of every row is each row's printed change, its category in the heading
    ans = pipeline.run(res, "부서별로 예산 얼마나 늘었어", Conversation())
    assert "부서별 일반회계 증감" in ans.text and "16,758" in ans.text and "-2,044,757" not in ans.text
    # a bare 항목별 names no rows: no whole's figure for it
    assert not pipeline.run(res, "항목별 예산", Conversation()).answered


def test_a_count_asked_in_cases_of_a_measure_the_report_counts_in_people_is_answered(res):
    # words.yaml counted_as {건: 명}: the measure named, counted in people (93,193명 tested negative)
    assert "93,193명" in pipeline.run(res, "서울 결과음성 몇 건", Conversation()).text
    # not the other way: cases are no people
    assert not pipeline.run(res, "계약심사 총계 몇 명", Conversation()).answered


def test_the_amount_left_is_the_budget_less_the_amount_spent_the_question_names(res):
    # the lexicon reads "쓴 거", "안 쓴 돈" as the spent measure; "남은 돈" asks the difference
    for q, says in (
        ("포괄비 예산에서 쓴 거 빼면 얼마 남아요", "1,004"),
        ("포괄비 남은 돈", "1,004"),
        ("일자리 예산 중에 아직 안 쓴 돈 얼마예요", "8,202"),
    ):
        ans = pipeline.run(res, q, Conversation())
        assert ans.answered and f"차이: {says}" in ans.text, q


def test_a_year_asked_of_a_text_is_shown_by_the_year_it_writes(res):
    # intents.yaml year_asking_words: "’21년 편성분" shows the year asked; a month or a count does not
    ans = pipeline.run(res, "총인건비 초과분 몇년 편성분에서 감액해", Conversation())
    assert ans.answered and "’21년" in ans.text
    assert not pipeline.run(res, "총인건비 초과분 몇 건 감액해", Conversation()).answered


def test_a_rate_asked_by_the_report_s_general_word_is_its_named_rate(res):
    # knowledge/aliases.yaml: "총인건비 인상률" is 정책인상률 2.8% + 자연승급분 1.4% (its note)
    ans = pipeline.run(res, "올해 행안부 총인건비 인상률 얼마야", Conversation())
    assert "2.8%" in ans.text and "1.4%" in ans.text


def test_a_category_named_like_its_tables_whole_comes_with_that_whole(res):
    # III-8 whole_also_called [사전검토]: "계약 사전검토 및 심사 실적" — 사전검토 is a column and the whole
    ans = pipeline.run(res, "올해 4월까지 계약심사 사전검토 몇 건 했어", Conversation())
    assert "사전검토 심사 건수 (2020년): 7건" in ans.text and "전체 심사 건수 (2020년): 86건" in ans.text
    # another category of the table comes alone
    assert "86건" not in pipeline.run(res, "올해 계약심사 민간위탁사업 몇 건", Conversation()).text


def test_a_measure_is_not_read_across_the_end_of_one_name_into_the_next(res):
    # "민간위탁사업비중": 민간위탁사업 then 비중, not the 사업비 straddling them
    ans = pipeline.run(res, "계약심사총계중민간위탁사업비중", Conversation())
    assert ans.answered and "28.9%" in ans.text


def test_a_follow_up_after_every_row_asks_every_row_again(res):
    conv = Conversation()
    pipeline.run(res, "기금별 예산", conv)
    last_year = pipeline.run(res, "작년은?", conv)  # every fund's 2019, not the funds' total
    assert "1,050,470" in last_year.text and "2,313,834" not in last_year.text
    change = pipeline.run(res, "증감은?", conv)
    assert "-812,704" in change.text and "-1,382,112" not in change.text


def test_two_measures_sharing_their_ending_written_once_are_both_read(res):
    parsed = pipeline.analyze("2019년 승소와 패소 건수 합하면?", res)
    assert {"승소 건수", "패소 건수"} <= set(parsed.canon("metric"))
    ans = pipeline.run(res, "2019년 승소와 패소 건수 합하면?", Conversation())
    assert ans.lines[0] == "합계: 489건"


def test_a_sum_of_two_things_named_after_among_leaves_the_whole_out(res):
    ans = pipeline.run(res, "2019년 판결확정 중 승소와 패소를 합하면 몇 건", Conversation())
    assert ans.lines[0] == "합계: 489건" and "523" not in ans.text
    # one thing after 중 taken from the whole: the whole is an operand
    ans = pipeline.run(res, "전국 확진자 중 서울 빼면", Conversation())
    assert ans.lines[0] == "차이: 10,014명"


def test_a_difference_asked_by_its_last_word_is_computed_of_the_measure_named(res):
    ans = pipeline.run(res, "시설위탁이랑 사무위탁 예산 차이", Conversation())
    assert ans.lines[0] == "차이: 5,466억원" and "256건" not in ans.text  # not 시설's 사무 수


def test_a_share_is_not_of_one_measure_s_two_years(res):
    ans = pipeline.run(res, "지원예산 규모랑 신속집행 대상액 대비 비중", Conversation())
    assert ans.lines[0] == "비중: 62.1%" and "14조 9,299 ÷ 24조 610" in ans.text


def test_a_difference_asked_after_two_turns_is_the_printed_change_when_the_report_has_one(res):
    conv = after(res, "지원예산3월말집행액얼마", "작년 동기는")
    assert "2조 532억원" in pipeline.run(res, "차이", conv).text


def test_a_title_said_with_an_honorific_by_whom_the_figure_is_wanted_is_no_subject(res):
    ans = pipeline.run(res, "국장님이 기획담당관 예산 물어보셔서요 얼마야", Conversation())
    assert "1,135백만원" in ans.text
    for text in ("조직담당관 팀장님이 몇명이야", "법률지원담당관 과장님 누구야"):
        assert not pipeline.run(res, text, Conversation()).answered, text


def test_a_follow_up_asking_when_does_not_repeat_the_last_count(res):
    ans = pipeline.run(res, "언제 해", after(res, "민간위탁 종합성과평가 몇개 사무 대상이야"))
    assert "1~11" in ans.text


def test_a_declined_name_leaves_its_measure_and_part_of_the_report_for_the_next(res):
    conv = Conversation()
    assert not pipeline.run(res, "독일 확진자 몇명이야", conv).answered
    assert conv.slots == {"metrics": ["확진환자"], "sections": ["III-1"]}
    assert "4,092" not in pipeline.run(res, "그럼 이탈리아는?", conv).text  # not a day's new cases


def test_a_guess_about_what_will_happen_is_declined_saying_so(res):
    from bot.engine import kinds

    assert kinds.conjecture("서울코로나언제쯤끝날것같아") == "날것같"
    assert kinds.conjecture("자치경찰법안5월에통과될까") == "될까"
    for c in ("마감날까지몇건", "늘어난것같은데몇명이야", "몇명일것같아", "알수있을까요"):
        assert kinds.conjecture(c) is None, c
    ans = pipeline.run(res, "서울 코로나 언제쯤 끝날 것 같아", Conversation())
    assert not ans.answered and "예측" in ans.text


def test_a_day_of_a_date_read_is_no_unknown_count_and_how_many_asks_the_count(res):
    conv = after(res, "행정심판 재결건수 2018년 몇건", "회당평균은")
    ans = pipeline.run(res, "올해는 4월6일까지 몇건", conv)  # 6일 is the date's; 몇 건 the count
    assert "508건" in ans.text and "72.6" not in ans.text
    conv = after(res, "행정심판 재결건수 2018년 몇건", "회당평균은")
    assert "72.6" in pipeline.run(res, "올해는?", conv).text  # the average again


def test_which_or_how_many_said_in_words_is_no_subject(res):
    ans = pipeline.run(res, "시투자심사랑중앙투자심사총사업비어느쪽이더커", Conversation())
    assert "3,642" in ans.text and "3,459" in ans.text


def test_a_question_asking_when_and_how_many_is_answered_in_both_parts(res):
    ans = pipeline.run(res, "C40 영상회의 언제 했고 몇개 도시 참석했어", Conversation())
    assert "3. 27" in ans.text and "45개" in ans.text
    # one schedule asked of two things stays whole
    assert "4월" in pipeline.run(res, "자치분권 교육 운영 및 교재 개발 일정은?", Conversation()).text


def test_a_follow_up_after_a_date_takes_no_measure_of_the_turns_before(res):
    conv = after(res, "민간위탁 종합성과평가 몇개 사무 대상이야", "언제 해")
    assert "4회" in pipeline.run(res, "실무교육은 몇회 하지", conv).text


def test_a_share_asked_is_not_answered_with_a_rate_the_question_does_not_name(res):
    ans = pipeline.run(res, "지원예산이 신속집행 대상의 몇퍼센트", Conversation())
    assert "61.1%" in ans.text and "35.9" not in ans.text  # the printed share, not its 집행률
    assert "77.5%" in pipeline.run(res, "2019년 이긴 비율 몇 %", Conversation()).text  # 승소율 named in other words


def test_a_rate_the_report_never_writes_is_not_answered_with_its_count(res):
    for text in ("2019 패소율", "심판위원 이직률"):  # (충원율 is 현원 over 정원: rates_of_measures)
        ans = pipeline.run(res, text, Conversation())
        assert not ans.answered and text[-2:] in ans.text, text
    assert "77.5%" in pipeline.run(res, "2019 승소율", Conversation()).text
    assert "6,369" in pipeline.run(res, "법률지원담당관 예산", Conversation()).text  # 률 of a name
    assert "0.3%" in pipeline.run(res, "서울 치명률은?", Conversation()).text  # computed


def test_a_which_question_asking_a_change_after_two_subjects_does_not_fail(res):
    conv = after(res, "조직담당관 예산 증감", "평가담당관은?")
    pipeline.run(res, "어디가 더 많이 늘었어?", conv)  # a who-question asking a change: it raised ValueError


def test_a_difference_asked_after_one_measure_of_two_subjects_is_of_the_two(res):
    conv = after(res, "기획담당관 예산", "법무담당관은?")
    ans = pipeline.run(res, "둘 차이는?", conv)
    assert "377백만원" in ans.text and "1,152" not in ans.text  # not 기획담당관's own change


def test_a_ranking_by_a_derived_measure_is_declined_not_ranked_by_a_column(res):
    for text, word in (("결원 가장 많은 부서", "결원"), ("일반회계 증가율 가장 높은 과", "증가율")):
        ans = pipeline.run(res, text, Conversation())
        assert not ans.answered and f"{word} 순위" in ans.text, text  # not 정원's, not 증감's ranking
    assert "예산담당관 40명" in pipeline.run(res, "정원 제일 많은 과", Conversation()).text


def test_a_whole_year_or_several_periods_asked_are_not_answered_with_one_date(res):
    for text in ("2019년 신속집행률 연간", "재결건수 3년 합계"):
        assert not pipeline.run(res, text, Conversation()).answered, text  # not 2019.3.31.'s, not one year's
    assert "24회" in pipeline.run(res, "행정심판 연간 몇회 개최", Conversation()).text
    assert pipeline.run(res, "이란 4일간 사망자 합계", Conversation()).lines[0] == "합계: 420명"


def test_an_amount_written_short_names_its_subject(res):
    assert "2,641억원" in pipeline.run(res, "50억 투자사업 추가 집행액", Conversation()).text


def test_a_difference_of_two_things_named_leaves_a_printed_change_out_and_results_are_computed(res):
    assert pipeline.run(res, "서울 격리중이랑 퇴원 차이", Conversation()).lines[0] == "차이: 83명"
    assert pipeline.run(res, "심판위원 결원", Conversation()).lines[0] == "차이: 7명"  # 결원: 정원 − 현원
    ans = pipeline.run(res, "전국 확진자 그리고 전세계 확진자", Conversation())
    assert "10,635" in ans.text and "2,023,423" in ans.text  # 그리고 joins two parts


def test_a_sum_or_difference_asked_after_two_things_shown_takes_both(res):
    assert pipeline.run(res, "차이는?", after(res, "평가담당관 정원 현원 알려줘")).lines[0] == "차이: 3명"
    conv = after(res, "기획조정실 전체 일반직 현원은?", "임기제는?")
    assert pipeline.run(res, "합치면?", conv).lines[0] == "합계: 280명"
    conv = after(res, "재정투융자기금 올해 얼마", "감채기금은?")  # a card of 예산 and 사업수: the 예산 of both
    assert "916,800백만원" in pipeline.run(res, "둘 합치면?", conv).lines[0]


def test_a_modifier_said_once_before_two_measures_is_of_both(res):
    ans = pipeline.run(res, "이탈리아 누적 확진자랑 사망자", Conversation())
    assert "21,647" in ans.text and "431" not in ans.text  # 누적 사망자, not each day's


def test_a_sum_over_a_tables_rows_named_by_their_kind_adds_every_row(res):
    ans = pipeline.run(res, "표에 나온 5개 나라 누적 확진 합계 얼마예요", Conversation())
    assert ans.lines[0] == "합계: 1,107,044명"  # not 전세계's 2,023,423
    assert pipeline.run(res, "부서 현원 다 합치면", Conversation()).lines[0] == "합계: 289명"
    assert "2,313,834" in pipeline.run(res, "기금 합계 작년 최종 얼마예요", Conversation()).text


def test_everyday_rates_of_two_figures_are_computed(res):
    assert pipeline.run(res, "서울 완치율", Conversation()).lines[0] == "비율: 43.2%"  # 퇴원 ÷ 확진
    assert not pipeline.run(res, "이탈리아 사망률", Conversation()).answered  # deaths per population: not in it


def test_a_category_summed_over_periods_asked_of_one_year_is_that_years_row(res):
    conv = after(res, "계약심사 그 중 민간투자사업은?")  # 계 민간투자사업: 6건 over both years
    assert "5건" in pipeline.run(res, "작년은?", conv).text  # 2019's row, not 2019's 전체 375건


def test_a_guess_is_declined_only_when_no_figure_is_asked_and_it_ends_the_question(res):
    from bot.engine import kinds

    assert kinds.conjecture("서울이제일많을것같은데확진자몇명이야") is None  # a hedge, then the question
    for text, figure in (("서울 확진자 몇 명 될까?", "621명"), ("정원이랑 현원 차이 얼마나 될까?", "17명")):
        assert figure in pipeline.run(res, text, Conversation()).text, text


def test_words_of_time_and_place_are_not_fillers_and_titles_only_with_a_request(res):
    for text in ("서울 첫날 확진자 몇 명?", "당직 인원 몇명", "보좌관 인원 몇명", "19년 합계 재결건수"):
        ans = pipeline.run(res, text, Conversation())
        assert not ans.answered or "1,609" in ans.text, text  # 19년 is 2019, not nineteen years
    ans = pipeline.run(res, "과장님이 코로나 이후 서울 확진자 알려달라고 하셔서", Conversation())
    assert "621명" in ans.text  # 나이 is no word of 코로나이후


def test_a_word_read_as_a_category_of_the_last_subject_is_not_another_measure(res):
    conv = after(res, "민간위탁운영평가위원회 심의 건수는?", "그 중에 재위탁은?")
    assert "13건" in pipeline.run(res, "신규는?", conv).text  # 심의 건수(신규), not 신규 확진자
    assert "25,802" in pipeline.run(res, "신규는?", after(res, "미국 누적 확진자")).text


def test_a_person_named_with_an_honorific_who_wants_the_figure_is_no_unknown_word(res):
    ans = pipeline.run(res, "지금 상황실인데 본부장님이 서울 확진자 몇 명인지 물어보셔서요", Conversation())
    assert "621명" in ans.text
    assert not pipeline.run(res, "보좌관 인원 몇명", Conversation()).answered  # asked of, not asking


def test_an_opinion_asked_is_declined_saying_so_unless_a_figure_is_asked(res):
    from bot.engine import kinds

    assert kinds.opinion("기조실예산줄인거잘한결정이라고봐?") == "라고봐"
    assert kinds.opinion("라고봐서울확진자몇명") is None  # only at the end
    ans = pipeline.run(res, "재난긴급생활비 잘한 정책이라고 봐요", Conversation())
    assert not ans.answered and "의견" in ans.text


def test_both_sides_of_a_change_are_put_together_before_the_guard(res):
    ans = pipeline.run(res, "지원한도가 원래 얼마였다가 얼마로 올랐는지 알려줘", Conversation())
    assert "500만원" in ans.text and "700만원" in ans.text


def test_a_count_of_events_is_named_without_its_last_word_but_a_count_of_things_is_not(res):
    assert "회당 주·부심 지정 건수" in pipeline.analyze("회당 주부심 지정 2017년", res).canon("metric")
    assert not pipeline.analyze("직속기관 예산", res).canon("metric") == ["직속기관 수"]
    assert not pipeline.run(res, "직속기관 예산", Conversation()).answered


def test_a_clause_ending_the_analyzer_takes_for_a_noun_is_no_unread_word(res):
    ans = pipeline.run(res, "기금 작년 최종이랑 올해 계획 각각 얼마였는지 헷갈려서요", Conversation())
    assert "2,313,834" in ans.text and "931,722" in ans.text and "민간위탁" not in ans.text


def test_a_household_size_in_a_range_of_the_last_subject_keeps_that_subject(res):
    conv = after(res, "재난긴급생활비 대상 몇 가구야")
    assert "30만원" in pipeline.run(res, "1인가구는 얼마 받음", conv).text  # 1~2인 가구, not the 정부 지원금's 1인


def test_a_follow_up_of_words_written_in_the_last_subjects_figures_stays_with_it(res):
    conv = after(res, "행정심판위원회 예산 얼마야?")
    ans = pipeline.run(res, "위원 몇명?", conv)
    assert "50명" in ans.text and "투자심사위원회" not in ans.text


def test_the_day_before_the_figures_shown_is_asked_of_that_day(res):
    ans = pipeline.run(res, "어제보다 줄었어?", after(res, "전국 격리중 몇명?"))
    assert "△51명" in ans.text  # 격리중's 일일 증감, not 확진환자's
    ans = pipeline.run(res, "전날은?", after(res, "서울 확진자"))
    assert not ans.answered and "2020.4.16." in ans.text  # not the 4.17 figure again


def test_near_misses_of_a_kind_the_figures_do_not_hold_are_declined(res):
    for text, word in (
        ("작년 이맘때 행정심판 재결건수", "전년 동기"),  # the 2019 figure is the whole year's
        ("2019년 4월 소송 진행중 건수", "4월"),  # a month of a past year, not its year-end
        ("재난긴급생활비 대상자 몇명이야?", "몇 명"),  # 117만 가구 counts no people
        ("현재 감염경로 불명 비율은 몇퍼센트야?", "현재"),  # the 5% is a target
        ("투자심사 부적정 몇건이야?", "부적정"),  # not the 적정 it holds
        ("소송 3년 평균 패소율", "패소율"),  # not the 승소율
    ):
        ans = pipeline.run(res, text, Conversation())
        assert not ans.answered and word in ans.text, text
    assert "32.6%" in pipeline.run(res, "작년 이맘때는요?", after(res, "일자리 사업 집행률")).text
    assert "34" in pipeline.run(res, "자치경찰준비TF 소관부서 몇개였지", Conversation()).text  # "소관부서(34)"
    assert "75.5%" in pipeline.run(res, "소송 3년 평균 승소율", Conversation()).text


def test_a_change_in_the_unit_of_the_figures_just_asked_keeps_their_category(res):
    conv = after(res, "일반회계 2020년 예산 총 몇억이야", "작년 최종은 백만원으로 얼마였어")
    assert "645,131" in pipeline.run(res, "그럼 줄어든 금액은?", conv).text  # 일반회계's, not the 합계's


def test_a_share_asked_is_never_answered_by_counts_alone(res):
    ans = pipeline.run(res, "계약 심사 총계에서 올해 4월까지 건수 비중", Conversation())
    assert not ans.answered and "86건" not in ans.text


def test_a_follow_up_getting_the_last_figures_again_without_its_new_word_is_declined(res):
    ans = pipeline.run(res, "수시는?", after(res, "시 투자심사 정기 몇회?"))
    assert not ans.answered and "수시" in ans.text
    assert "4,106" in pipeline.run(res, "금액은?", after(res, "일자리사업 작년 같은 기간 집행률 얼마였어")).text


def test_the_other_side_of_a_pair_just_asked_is_asked_by_its_word(res):
    ans = pipeline.run(res, "개선?", after(res, "총인건비 관리대상 현행?"))
    assert "정원" in ans.text and "관리 횟수" not in ans.text


def test_a_category_carries_over_only_to_a_measure_of_the_same_table_and_not_to_a_new_count(res):
    conv = after(res, "행정심판 위원 현원 몇명", "외부위원은?")
    assert "8명" in pipeline.run(res, "한번 열때 몇명 뽑아?", conv).text  # 회의별 선정 위원 수, not 외부's 6
    ans = pipeline.run(res, "송무지원 건수랑 비율", Conversation())
    assert "23%" in ans.text and "직접수행" not in ans.text  # the measure's word alone: 송무지원's
    conv = after(res, "시 투자심사 몇건 했어", "조건부추진은?")
    assert "8건" in pipeline.run(res, "중앙투자심사는 몇건", conv).text  # all of 중앙's, not its 조건부추진
    conv = after(res, "일반회계 예산")
    assert "일반회계 증감" in pipeline.run(res, "증감은?", conv).text  # one table: the category stays


def test_a_sum_asked_of_nothing_named_over_two_measures_of_one_thing_is_declined(res):
    conv = after(res, "임기제 공무원 몇명이야", "별정직은?", "관리운영직은?")
    ans = pipeline.run(res, "합치면?", conv)
    assert not ans.answered and "15명" not in ans.text  # not 관리운영직's 정원 7 + 현원 8
    assert "678,307" in pipeline.run(res, "2020년 일반회계랑 특별회계 합치면 얼마예요", Conversation()).text


def test_the_day_before_the_one_day_just_asked_is_compared_with(res):
    ans = pipeline.run(res, "전날보다 몇명 줄었어", after(res, "미국 4월 14일 신규 사망자 몇명"))
    assert "-400명" in ans.text and "2020.4.16." not in ans.text


def test_a_clause_after_a_question_asked_within_a_sentence_is_context(res):
    text = "학술용역 심의위원회에서 적정 판정이 몇 건이었는지 기억이 안나서요"
    assert "10건" in pipeline.run(res, text, Conversation()).text


def test_a_judgement_asked_is_declined_and_days_within_ask_a_length(res):
    assert "의견" in pipeline.run(res, "기조실 정책 잘하고 있는거야? 평가 좀 해줘", Conversation()).text
    assert "30일" in pipeline.run(res, "투자심사 기간 며칠 이내로 줄여", Conversation()).text


def test_a_count_alone_after_a_split_asks_the_measure_the_whole_named_and_no_part_answered(res):
    ans = pipeline.run(res, "전세계 확진 몇개국 몇명이야", Conversation())
    assert "216개국" in ans.text and "2,023,423명" in ans.text


def test_names_typed_across_a_space_from_inside_a_word_are_not_read(res):
    assert "조직담당관" in pipeline.run(res, "민간위탁 업무 담당 부서 어디", Conversation()).text  # 업무, no 법무
    assert "공기업담당관" in pipeline.run(res, "투출기관 경영평가 담당 어디", Conversation()).text  # no 평가담당관
    assert "6,369" in pipeline.run(res, "법률지웡 담당관 예산", Conversation()).text  # a typo still repaired


def test_words_of_chatty_context_that_name_no_report_term_are_fillers(res):
    text = "보좌관인데요 자료 만드는 중이라.. 소송 2019년 총 수행건수랑 승소 건수 좀 알려줄래요?"
    ans = pipeline.run(res, text, Conversation())
    assert "1,082" in ans.text and "379" in ans.text


def test_who_asks_and_how_often_are_no_content(res):
    text = "국장님 보고 들어가기 직전이라 급한데요 민간위탁 현황 총 건수하고 예산 한번만 확인해 주실래요"
    ans = pipeline.run(res, text, Conversation())
    assert not ans.text.startswith("보고서에서 찾을 수 없습니다: 한번")
    assert "22.7" in pipeline.run(res, "작년 같은 시점 신속집행률", Conversation()).text


def test_warming_builds_the_lazy_maps_and_changes_no_answer(engine):
    from bot.engine import Engine

    fresh = Engine.load(quiet=True)
    assert "detail_texts_of_noun" not in fresh.res.__dict__
    fresh.warm()
    assert "detail_texts_of_noun" in fresh.res.__dict__ and "fuzzy_surfaces" in fresh.res.vocab.__dict__
    question = "코로나 대책 모니터링 부통제관 맡은 과 어디야"
    assert fresh.answer(question).text == engine.answer(question).text


def test_review_findings_a_comparison_clause_stays_and_two_counts_of_one_kind_add_up(res):
    ans = pipeline.run(res, "승소율이 몇 퍼센트인지 작년이랑 비교하면 어떤지 궁금해서요", Conversation())
    assert "77.5%" in ans.text and "75.8%" in ans.text
    assert "489건" in pipeline.run(res, "합치면?", after(res, "2019년 승소 건수랑 패소 건수")).text
    ans = pipeline.run(res, "전체는?", after(res, "전체 사업수 몇개", "일반회계는?"))
    assert "75개" in ans.text  # the whole asked again is answered, not said to be missing


def test_fresh56_classes_rows_by_a_counter_a_forecast_of_a_time_to_come_and_a_glued_count(res):
    ans = pipeline.run(res, "표에 나온 5개국 누적 확진 다 더하면", Conversation())
    assert "1,107,044명" in ans.text and "나라별" in ans.text  # the table's rows, named as the table does
    ans = pipeline.run(res, "이번 달 말이면 서울 확진자 몇명까지 늘어날 것 같아?", Conversation())
    assert not ans.answered and "예측" in ans.text
    assert "621명" in pipeline.run(res, "서울 확진자 몇 명 될까?", Conversation()).text  # no time to come
    ans = pipeline.run(res, "긴급재난지원금 대상 전국 가구수랑 서울 가구수", Conversation())
    assert "1,478만" in ans.text and "269만" in ans.text
    assert not pipeline.run(res, "조건부추진 시랑 중앙 합쳐서 몇건", Conversation()).answered  # 市 + 랑 stays unread


def test_a_printed_change_is_not_replaced_by_a_pair_and_a_leading_sentence_of_news_is_context(res):
    ans = pipeline.run(res, "회당 평균 재결건수 작년보다 얼마나 늘었어", Conversation())
    assert "5.6건" in ans.text and "145건" not in ans.text
    text = "야간 당직 서는 중인데 기자가 전화왔어요 ㅠ 전세계 확진 몇명에 몇개국인지 빨리요"
    assert "2,023,423명" in pipeline.run(res, text, Conversation()).text
    assert "145건" in pipeline.run(res, "월 재결건수 몇건에서 몇건으로 늘리는거야", Conversation()).text  # both sides


def test_fresh58_classes_a_change_by_a_count_the_same_measure_and_a_measure_of_another_subject(res):
    ans = pipeline.run(res, "행정심판 재결 월 몇건 늘리는게 목표야", Conversation())
    assert "55건" in ans.text and "200건 (" not in ans.text  # the change the report prints, not the level
    assert "200건" in pipeline.run(res, "월 재결건수 몇건까지 늘려", Conversation()).text  # the level asked
    assert "10,635명" in pipeline.run(res, "국내 누적 확진자", Conversation()).text  # 전국's 확진환자 is cumulative
    assert "확진환자" not in pipeline.run(res, "서울 의사환자 누적", Conversation()).text  # 누적 said of 의사환자
    ans = pipeline.run(res, "신규 확진 하루 몇명 내외로 줄이는게 목표야", after(res, "행정심판 재결건수"))
    assert "50명" in ans.text and "위촉" not in ans.text  # a measure of another part: not the last subject's
    text = "보좌관인데 상임위 질의 준비하다가요, 중앙투자심사 건수랑 총사업비가 얼마였는지 알 수 있을까요"
    assert "3,642억원" in pipeline.run(res, text, Conversation()).text


def test_text_times_reads_the_reports_dates_and_ranges():
    from datetime import date

    from bot.engine import text_times

    got = text_times.spans("잠시멈춤 시행(3. 2~) 이후 거리두기(3. 22~4. 19), ’20. 1. 26.~ 총60여 회", 2020)
    assert got[:2] == [(date(2020, 3, 2), date(2020, 3, 2)), (date(2020, 3, 22), date(2020, 4, 19))]
    assert (date(2020, 1, 26), date(2020, 1, 26)) in got
    assert text_times.spans("집행률 31.1% 달성", 2020) == []  # a percentage is no date


def test_a_text_is_no_answer_for_a_time_it_does_not_reach(res):
    for question in ("4월 20일 이후 거리두기 어떻게 돼", "5월 거리두기 어떻게 돼"):
        ans = pipeline.run(res, question, Conversation())
        assert not ans.answered and "월" in ans.text
    assert pipeline.run(res, "3월 거리두기 어떻게 했어", Conversation()).answered


def test_probe12_ratios_are_the_right_way_up_and_a_part_is_not_added_to_its_whole(res):
    ans = pipeline.run(res, "조직담당관 예산 몇배 늘었어", Conversation())
    assert "1.2배" in ans.text and "104,073 ÷ 87,315" in ans.text  # the later year over the earlier
    ans = pipeline.run(res, "법률지원담당관 정원대비 현원 비율", Conversation())
    assert "29 ÷ 28" in ans.text  # the measure before 대비 is the base
    ans = pipeline.run(res, "서울이랑 전국 확진자 합치면", Conversation())
    assert not ans.answered and "11,256" not in ans.text  # 전국's count holds 서울's
    ans = pipeline.run(res, "서울시 지원금", Conversation())
    assert not ans.answered and "621" not in ans.text  # 서울시 has no 지원금액: not its COVID figures
    ans = pipeline.run(res, "검사 시간 얼마나 걸려", Conversation())
    assert "6시간" in ans.text and "투자심사" not in ans.text


def test_a_year_next_to_the_last_and_another_measure_of_the_same_subject(res):
    conv = Conversation()
    for question in ("재결건수", "재작년은?"):
        pipeline.run(res, question, conv)
    assert "1,329건" in pipeline.run(res, "그 전년은?", conv).text  # 2017, not the report's 전년 (2019)
    assert "1,510건" in pipeline.run(res, "그 이듬해는?", conv).text
    ans = pipeline.run(res, "포괄비 사용 얼마", after(res, "포괄비 예산"))
    assert "1,076백만원" in ans.text and "2,080" not in ans.text


def test_the_amount_of_a_rate_a_glued_number_of_years_and_a_sum_over_years_unnamed(res):
    conv = Conversation()
    for question in ("신속집행 3월말 실적 몇퍼", "작년 같은 때는?"):
        pipeline.run(res, question, conv)
    ans = pipeline.run(res, "그때 금액은", conv)
    assert "4조 8,428억원" in ans.text and "대상액" not in ans.text  # 집행률's amount: 집행액
    assert "4,448건" in pipeline.run(res, "행정심판재결건수2017~20193년합계", Conversation()).text
    assert "69건" not in pipeline.run(res, "3년 승소건수 합계", Conversation()).text  # not one year's


def test_a_comparison_with_a_year_the_figures_lack_is_declined(res):
    ans = pipeline.run(res, "기조실 정원 작년이랑 비교해줘", Conversation())
    assert not ans.answered and "2019년" in ans.text  # 2020's staffing alone compares nothing
    assert "1,382,112" in pipeline.run(res, "기금은 작년 대비 얼마나 줄었어요", Conversation()).text


def test_who_asks_and_a_leading_sentence_are_context_and_a_subjects_other_name_is_read(res):
    text = "기조실 신규 발령받은 주무관인데요 아직 업무 파악중이라ㅎㅎ 혹시 우리 실 관리운영직 정원이 몇명인지"
    assert "7명" in pipeline.run(res, text, Conversation()).text
    text = "지금 회의 들어가기 직전이라 빨리 답 부탁드려요. 서울 확진자가 전국 확진자에서 몇 퍼센트 차지하는지요?"
    assert "5.8%" in pipeline.run(res, text, Conversation()).text
    assert "4.16" in pipeline.run(res, "정부 추경안 국회 언제 냈어", Conversation()).text  # 정부 지원금: 긴급재난지원금
    ans = pipeline.run(res, "법률지원담당관 직원인데 예산 얼마야", Conversation())
    assert "1,610,029" not in ans.text  # the office named by who asks is not dropped for the report's owner


def test_a_sum_of_countries_takes_the_count_to_date_and_an_audit_asked_is_no_thanks(res):
    ans = pipeline.run(res, "미국 스페인 이탈리아 사망자 합계", Conversation())
    assert "66,097명" in ans.text and "2,978" not in ans.text  # 누적, not 4.13's 신규 사망자
    assert pipeline.run(res, "감사 몇건", Conversation()).intent != "thanks"
    assert pipeline.run(res, "감사합니다", Conversation()).intent == "thanks"


def test_a_printed_change_is_of_its_own_measure_only():
    from bot.engine.answers.change import changed_measure

    assert changed_measure("전년 동기 대비 추가 집행액") == "집행액"
    assert changed_measure("회당 평균 재결건수 2019년 대비 증가") == "회당 평균 재결건수"
    assert changed_measure("월 재결건수 증가") == "월 재결건수"  # not 재결건수's change


def test_a_years_count_compared_is_not_answered_by_a_planned_monthly_change(res):
    ans = pipeline.run(res, "2020년 재결건수 작년보다 줄었어?", Conversation())
    assert "55건" not in ans.text


def test_a_shortfall_of_a_part_and_the_whole_is_not_computed_and_an_excess_is_no_shortfall(res):
    ans = pipeline.run(res, "법률지원담당관 관리운영직 결원", Conversation())
    assert not ans.answered and "27" not in ans.text  # 합계 정원 − 관리운영직 현원 is nobody's shortfall
    ans = pipeline.run(res, "법률지원담당관 결원은?", Conversation())
    assert "부족 없음" in ans.text and "1명 많습니다" in ans.text  # 현원 29 > 정원 28
    assert "17명" in pipeline.run(res, "기조실 결원", Conversation()).text
    ans = pipeline.run(res, "별정직 전체", Conversation())
    assert "461" not in ans.text  # a category of the staffing table: not 계약심사's 전체 심사 건수


def test_a_bare_measure_after_a_subject_of_another_part_is_asked_of_that_subject(res):
    ans = pipeline.run(res, "집행률은?", after(res, "포괄비 사용 얼마"))
    assert ans.lines[0] == "포괄비 집행률: 51.7%" and "31.1" not in ans.text  # not 신속집행's, of III-2


def test_rows_asked_by_a_condition_are_not_answered_with_a_total(res):
    for question in ("결원 없는 부서", "사업수 10개 이상 부서"):
        ans = pipeline.run(res, question, Conversation())
        assert not ans.answered and "17명" not in ans.text and "75개" not in ans.text
    assert "11" in pipeline.run(res, "기조실 담당관 몇개", Conversation()).text  # a count, no condition


def test_a_count_of_what_was_held_is_not_answered_by_the_plan(res):
    ans = pipeline.run(res, "투자심사 위원회 몇번 열었어", Conversation())
    assert "10회" not in ans.text  # the plan is no count of sessions held (words.yaml target_words 계획)


def test_the_askers_day_an_opinion_of_a_cut_and_an_amount_asked_of_dates_are_declined(res):
    assert not pipeline.run(res, "어제 미국 확진자", Conversation()).answered  # the asker's yesterday
    assert "18명" in pipeline.run(res, "서울 퇴원자 어제보다 몇명 늘었어", Conversation()).text  # a daily change
    assert not pipeline.run(res, "예산 삭감 잘한거야?", Conversation()).answered
    assert not pipeline.run(res, "해외도시 방역물품 얼마 지원", Conversation()).answered  # no dates for 얼마


def test_review12_findings_short_day_words_ranges_decimals_and_a_time_after_how_much(res):
    from bot.engine import text_times

    assert "그제" not in pipeline.run(res, "그 제도 언제부터 시행됐어?", Conversation()).text
    assert text_times.spans("1.5배 늘어 31.1% 달성", 2020) == []  # decimals are no dates
    ans = pipeline.run(res, "3월 22일부터 4월 19일까지 거리두기 어떻게 했어", Conversation())
    assert "내부 오류" not in ans.text  # a span of days asked is read as one
    ans = pipeline.run(res, "얼마 전 발표한 해외도시 방역물품 지원 일정 알려줘", Conversation())
    assert "200건" not in ans.text
    ans = pipeline.run(res, "월 재결건수 몇 건까지 늘렸어?", Conversation())
    assert "200건" in ans.text  # the level asked
    ans = pipeline.run(res, "예산 1000억 이상인 기금", Conversation())
    assert "결원" not in ans.text


def test_rows_asked_by_a_condition_after_a_row_are_not_answered_by_that_row(res):
    ans = pipeline.run(res, "결원 없는 부서", after(res, "법률지원담당관 예산은?"))
    assert not ans.answered and "29명" not in ans.text


def test_resolve_reads_a_change_word_no_figure_of_the_subject_carries_as_the_change_of_two_years(res):
    earlier = {"subjects": ["서울시 소송"], "metrics": ["승소 건수"], "periods": ["2018"]}
    conv = Conversation(slots={**earlier, "periods": ["2019"]}, earlier_slots=earlier)
    q = resolve(res, pipeline.analyze("증가율", res), conv)
    assert q.periods == ["2018", "2019"] and q.metrics == ["승소 건수"]


def test_resolve_keeps_the_carried_measures_held_in_every_year_asked(res):
    from bot.engine.resolve import held_in_every_period
    from bot.engine.retrieval import Query

    both = ["회당 평균 재결건수 증가", "재결건수"]  # the first is printed for 2020 only
    q = Query(compact="", subjects=["행정심판위원회"], metrics=both, periods=["2017", "2019"])
    assert held_in_every_period(res, q) == ["재결건수"]
    q = Query(compact="", subjects=["행정심판위원회"], metrics=["회당 평균 재결건수 증가"], periods=["2019"])
    assert held_in_every_period(res, q) == ["회당 평균 재결건수 증가"]  # none holds it: kept, for the decline


def test_a_word_many_text_items_say_answers_from_none_of_them_but_from_the_items_just_shown(res):
    assert not pipeline.run(res, "뭐 강화했어", Conversation()).answered  # twenty items say 강화
    conv = after(res, "2차 강화된 거리두기 기간 알려줘요")
    ans = pipeline.run(res, "뭐 강화했어", conv)
    assert ans.answered and "고위험집단" in ans.text
    conv = after(res, "2차 강화된 거리두기 기간 알려줘요")
    assert "고위험집단" not in pipeline.run(res, "몇 개 도시 들어왔어", conv).text  # a figure asked: not the text shown


def test_a_year_before_the_word_for_a_difference_is_no_numbered_round(res):
    from bot.engine.thresholds import rounds_unsaid

    assert rounds_unsaid("2017이랑2020차이", "") == []
    assert rounds_unsaid("3차회의언제", "1차 회의") == ["3차"]
    ans = pipeline.run(res, "회당 평균 재결 2017이랑 2020 차이", Conversation())
    assert ans.answered and "17.2" in ans.text


def test_guard_reads_a_breakdown_asked_glued_to_a_name(res):
    parsed = pipeline.analyze("대외협력기금사업별로얼마씩인지알려줘", res)
    assert guard.glued_per_row_words(res, parsed) == ["사업별"]
    assert not pipeline.run(res, "대외협력기금사업별로얼마씩인지알려줘", Conversation()).answered
    assert guard.glued_per_row_words(res, pipeline.analyze("대외협력기금 얼마", res)) == []


def test_a_period_alone_after_two_measures_of_one_day_asks_both_of_that_period(res):
    conv = after(res, "미국 4.14 신규확진 몇명", "그날 사망자는")
    q = resolve(res, pipeline.analyze("4.15는?", res), conv)
    assert set(q.metrics) == {"신규 확진자", "신규 사망자"} and q.periods == ["2020-04-15"]
    conv = after(res, "미국 4.14 신규확진 몇명")
    assert resolve(res, pipeline.analyze("4.15는?", res), conv).metrics == ["신규 확진자"]


def test_lookup_puts_the_whole_before_a_part_when_no_category_is_named(res):
    ans = pipeline.run(res, "기조실 올해 예산 총액 얼마", Conversation())
    assert "1조 6,100" in ans.text and "6,023" not in ans.text  # not the 일반회계 총액
    assert "6,023" in pipeline.run(res, "일반회계 총액 얼마", Conversation()).text


def test_a_pair_the_report_presents_together_names_both(res):
    ans = pipeline.run(res, "두 지원금 시 예산 합치면", Conversation())
    assert ans.answered and "8,487" in ans.text


def test_a_change_asked_after_two_years_of_a_measure_is_their_change_not_a_category_of_another(res):
    conv = after(res, "2019년 재결건수", "2018년은?")
    ans = pipeline.run(res, "증가분은", conv)  # 증가 is a category of 월 재결건수 only
    assert "99" in ans.text and "55건" not in ans.text


def test_a_target_asked_is_answered_by_the_target_not_by_what_was_done(res):
    ans = pipeline.run(res, "일자리 예산 집행률 목표", Conversation())
    assert "68%" in ans.text and "36.7" not in ans.text
    assert not pipeline.run(res, "일자리사업하반기집행목표는몇퍼센트예요", Conversation()).answered
    assert "55" in pipeline.run(res, "행정심판 재결 월 몇건 늘리는게 목표야", Conversation()).text  # a change aimed at


def test_a_unit_alone_asked_after_a_subject_is_of_its_measures_in_that_unit(res):
    conv = after(res, "정책연수프로그램 1월까지 몇 명 참가")
    ans = pipeline.run(res, "몇 팀?", conv)
    assert "5개팀" in ans.text and "51팀" not in ans.text  # its teams, not 기획조정실's


def test_a_chatty_clause_after_a_question_without_a_mark_is_set_aside(res):
    for text in (
        "서울 확진자 누적 몇명이에요 당직 중인데 급해서요",
        "서울 확진자 누적 몇명이에요? 당직 중인데 급해서요",
    ):
        ans = pipeline.run(res, text, Conversation())
        assert ans.answered and "621" in ans.text, text


def test_one_total_of_two_years_adds_up_but_a_total_asked_by_its_name_is_not_summed(res):
    conv = after(res, "2020년 4월까지 사전검토 심사 총 몇건", "작년은")
    ans = pipeline.run(res, "둘이 합치면", conv)  # 전체 of 2019 and of 2020.4: no part of each other
    assert (ans.lines[0], ans.computed) == ("합계: 461건", "계산: 375 + 86")
    ans = pipeline.run(res, "기조실 예산 합계 작년보다 얼마 줄었어", Conversation())  # the 합계 line, named
    assert "2,044,757" in ans.text and "5,264,815" not in ans.text


def test_a_polite_sentence_before_the_question_is_context_unless_it_asks(res):
    text = "회의 들어가기 전에 하나만요 ㅎㅎ 소송 올해 3월말 기준 신소 건수랑 이월 건수 알려주실래요"
    kept = pipeline.set_context_aside(pipeline.normalize(text), res)
    assert "회의" not in kept and "하나만요" not in kept and "소송" in kept
    assert pipeline.set_context_aside("얼마예요 작년은", res) == "얼마예요 작년은"  # a question of its own
    ans = pipeline.run(res, "재정균형발전담당관 예산이 작년 대비 얼마나 줄었어요? 감소율도요", Conversation())
    assert "-76.0%" in ans.text  # an operation asked after the mark is no purpose clause


def test_a_figure_asked_of_a_name_only_texts_have_reads_it_as_a_subject_and_category(res):
    assert res.figure_readings["계약 사전검토"] == ("계약심사", "사전검토")
    ans = pipeline.run(res, "계약 사전검토 2019년에 몇건", Conversation())
    assert ans.answered and "24건" in ans.text
    ans = pipeline.run(res, "계약 사전검토 대상은?", Conversation())  # a text asked: the texts' own name
    assert "협약" in ans.text and "24건" not in ans.text


def test_two_categories_with_no_measure_take_the_one_measure_each_is_answered_with(res):
    ans = pipeline.run(res, "일반회계 특별회계 각각 얼마", Conversation())
    assert "602,275백만원" in ans.text and "76,032백만원" in ans.text
    assert "사업수" not in ans.text and "증감" not in ans.text


def test_a_ranking_of_things_asked_is_not_answered_with_the_years_of_one_figure(res):
    ans = pipeline.run(res, "대외협력기금사업중제일큰사업예산", Conversation())
    assert not ans.answered and "14,231" not in ans.text
    ans = pipeline.run(res, "재결건수 제일 많았던 해는?", Conversation())  # a year asked: the years ranked
    assert ans.answered and "2019년" in ans.text


def test_a_number_asked_of_texts_that_hold_none_is_declined_naming_the_noun(res):
    ans = pipeline.run(res, "제2서소문 청사 임대보증금 얼마", Conversation())
    assert not ans.answered and "보증금" in ans.text


def test_a_breakdown_by_rows_no_table_has_is_declined_unless_the_report_writes_it(res):
    ans = pipeline.run(res, "평가담당관팀별인원알려줘", Conversation())
    assert not ans.answered and "팀별" in ans.text
    assert pipeline.run(res, "기조실 별정직 몇명", Conversation()).answered  # 별정직: no 기조실별
    assert pipeline.run(res, "부서별 인원 알려줘", Conversation()).answered  # the staffing table's rows


def test_a_list_or_a_head_asked_is_not_answered_with_counts_or_members(res):
    assert not pipeline.run(res, "부적정판정받은용역제목뭐야", Conversation()).answered  # a count names none
    assert not pipeline.run(res, "공익감사단단장누구예요", Conversation()).answered


def test_a_sum_asked_of_one_category_adds_the_sibling_the_last_turn_asked(res):
    conv = after(res, "예산담당관 일반회계 올해 얼마", "작년은?", "몇퍼 줄었어")
    ans = pipeline.run(res, "특별회계까지 합치면 올해 얼마", conv)
    assert (ans.lines[0], ans.computed) == ("합계: 344,377백만원", "계산: 268,345 + 76,032")
    conv = after(res, "민간위탁 예산지원형 몇건", "그중 시설은", "사무는 몇건이고 예산 얼마")
    ans = pipeline.run(res, "자립형까지 합친 예산은", conv)  # 예산지원형 사무 is no sibling of 자립형
    assert "1,578" not in ans.text


def test_the_whole_a_share_is_taken_of_is_found_by_the_share_not_looked_up(res):
    ans = pipeline.run(res, "일반회계 비중은 전체의 몇퍼야", Conversation())
    assert (ans.lines[0], ans.computed) == ("비중: 37.4%", "계산: 602,275 ÷ 1,610,029 × 100")


def test_a_share_of_a_figure_with_no_whole_is_its_things_one_amount_of_the_other(res):
    ans = pipeline.run(res, "포괄비 중 몇퍼 썼어", Conversation())
    assert (ans.lines[0], ans.computed) == ("비중: 51.7%", "계산: 1,076 ÷ 2,080 × 100")


def test_a_follow_up_saying_only_a_unit_word_asks_the_measure_counted_in_it(res):
    conv = after(res, "시립대 대학원 몇개")
    assert "6처" in pipeline.run(res, "처는", conv).text


def test_that_day_after_a_date_shown_is_that_date(res):
    conv = after(res, "전세계 확진자 기준일이 언제야")
    ans = pipeline.run(res, "중국 그날 신규 확진은", conv)
    assert "52명" in ans.text and "2020.4.16." in ans.text
    assert not pipeline.run(res, "중국 그날 신규 확진은", Conversation()).answered  # no day said before


def test_a_text_of_another_thing_with_figures_of_its_own_is_no_answer_about_the_thing_named(res):
    ans = pipeline.run(res, "재난긴급생활비 국비 부담", Conversation())  # 7:3 is 긴급재난지원금's
    assert "7:3" not in ans.text and "5,216" not in ans.text


def test_a_change_in_points_of_two_measures_carried_is_the_rates_change(res):
    conv = after(res, "지원예산 집행률 3월말 기준 얼마예요", "작년 동기는")
    ans = pipeline.run(res, "몇 퍼센트포인트 올라간거야", conv)
    assert "차이 +9.7%p" in ans.text and "계산: 35.9% − 26.2%" in ans.text
    assert "2조 532억원" in pipeline.run(res, "금액으로는", conv).text  # the same change, of the amounts


def test_a_share_after_the_holder_of_the_subject_was_asked_is_of_the_holders_figure(res):
    conv = after(res, "서울 확진자 누적 몇명", "전국은?")
    ans = pipeline.run(res, "서울이 몇프로야", conv)
    assert "5.8%" in ans.text and "계산: 621 ÷ 10,635 × 100" in ans.text
    ans = pipeline.run(res, "서울 확진자 중 퇴원 비율은?", Conversation())  # 서울's own whole, not 전국's
    assert "43.2%" in ans.text
    conv = after(res, "서울 의사환자 몇명", "그중 음성은")  # 전국 never asked: no share of its figure
    assert "521,642" not in pipeline.run(res, "음성 비율은 몇퍼", conv).text


def test_a_noun_glued_to_names_but_set_apart_by_a_particle_is_content(res):
    assert "중앙" in content_words(pipeline.analyze("중앙은조건부몇건", res), res.config)
    assert "예정" not in content_words(pipeline.analyze("분권교육총몇회운영예정", res), res.config)  # a compound
    conv = after(res, "시투자심사적정몇건", "조건부추진은")
    assert "중앙투자심사 조건부추진 심사 건수: 5건" in pipeline.run(res, "중앙은조건부몇건", conv).text  # not 市's 22


def test_a_text_does_not_cover_a_word_the_report_never_writes(res):
    assert not pipeline.run(res, "생활치료센터이용자만족도", Conversation()).answered


def test_a_change_asked_of_a_measure_its_written_letter_narrows_is_of_that_one(res):
    ans = pipeline.run(res, "재결건수 월 몇건에서 몇건으로 늘리는거", Conversation())
    assert "145건" in ans.text and "200건" in ans.text and "1,609" not in ans.text  # 월 재결건수, not yearly


def test_a_sum_of_one_figure_its_line_writes_plus_others_adds_them(res):
    ans = pipeline.run(res, "출연기관 총인건비 인상률 올해 다 합치면", Conversation())
    assert (ans.lines[0], ans.computed) == ("합계: 4.2%", "계산: 2.8 + 1.4")
    assert not pipeline.run(res, "신속집행 예산현액 다 합치면", Conversation()).answered  # its note defines it


def test_a_follow_up_word_of_another_measure_of_the_subject_asks_that_measure(res):
    conv = after(res, "연수프로그램 1월까지 몇팀 참가했어요", "인원은")
    ans = pipeline.run(res, "희망한 팀은", conv)
    assert "33개 팀" in ans.text and "155" not in ans.text
    conv = after(res, "행정심판 재결건수 2019년", "올해는?")
    assert "회당" not in pipeline.run(res, "올해는 4월6일까지 몇건", conv).text  # 몇 건: the count carried


def test_dates_asked_of_a_thing_are_not_its_siblings_dates(res):
    ans = pipeline.run(res, "UNDP랑 영상회의 몇월 며칠에 했어", Conversation())  # the C40 meeting's date is none
    assert not ans.answered and "UNDP" in ans.text
    assert not pipeline.run(res, "중앙투자심사 몇월 며칠에 했어", Conversation()).answered  # 市's dates
    assert "3.6" in pipeline.run(res, "저조사업 개별점검 언제 했어", Conversation()).text
    assert "’20.3.~4." in pipeline.run(res, "민간위탁 코로나19 대응 지침 언제", Conversation()).text  # (its own)


def test_a_follow_up_read_in_the_last_items_is_guarded_too(res):
    conv = after(res, "생활치료센터어디야", "병상은", "언제 문열었어")
    assert not pipeline.run(res, "센터장 누구야", conv).answered  # the 센터's date line names no head


def test_ordinal_words_read_as_the_place_they_say(res):
    assert pipeline.with_ordinals_as_digits("일곱 번째 현안 제목", res) == "7번째 현안 제목"
    assert pipeline.with_ordinals_as_digits("열한번째 현안은", res) == "11번째 현안은"
    assert "현안업무 7." in pipeline.run(res, "일곱번째 현안 제목 뭐예요", Conversation()).text


def test_a_change_asked_of_one_other_year_runs_from_the_year_just_asked(res):
    text = pipeline.run(res, "2019년이랑 몇퍼포인트 차이", after(res, "2018년 소송 승소율")).text
    assert "2018년 73.0% → 2019년 77.5%" in text and "+4.5%p" in text


def test_a_change_word_alone_asks_the_change_of_the_measure_just_asked(res):
    text = pipeline.run(res, "2020년은 얼마나 줄었어", after(res, "2018년 소송 승소율")).text
    assert "2019년 77.5% → 2020년" in text and "-1.7%p" in text  # 2020's own change, not a budget table's 증감
    conv = Conversation()
    pipeline.run(res, "감채기금", conv)
    assert "-812,704" in pipeline.run(res, "증감은?", conv).text  # the 증감 the report prints


def test_a_sum_of_two_things_joined_is_not_split_into_its_parts(res):
    ans = pipeline.run(res, "4인가구 재난긴급생활비랑 긴급재난지원금 합치면", Conversation())
    assert "140만원" in ans.text and "280" not in ans.text and "320" not in ans.text
    both = pipeline.run(res, "시 투자심사랑 중앙투자심사 합쳐서 몇건에 총사업비 얼마", Conversation()).text
    assert "56건" in both and "7,101억원" in both  # a count asked beside: each part still answered


def test_a_sum_computed_after_the_lookup_keeps_its_figure_and_its_formula(res):
    conv = Conversation()
    pipeline.run(res, "사전검토 2019년 몇건", conv)
    pipeline.run(res, "올해 4월까진?", conv)
    ans = pipeline.run(res, "둘이 합치면", conv)  # not listed again beside 전체 (with_namesake_whole)
    assert (ans.lines[0], ans.computed) == ("합계: 31건", "계산: 24 + 7") and "전체" not in ans.text
    assert ans.text == ans.parts_text()


def test_a_thing_compared_with_the_last_asks_both_figures_and_which_has_more_is_no_who(res):
    conv = Conversation()
    pipeline.run(res, "중국 누적 사망자", conv)
    text = pipeline.run(res, "이란이랑 비교하면 어디가 더 많아", conv).text
    assert "중국 누적 사망자: 3,352명" in text and "이란 누적 사망자: 4,777명" in text
    text = pipeline.run(res, "법무담당관이랑 조직담당관 예산 어디가 더 많아", Conversation()).text
    assert "758백만원" in text and "104,073백만원" in text  # not a note that says 차이
    assert pipeline.analyze("행정심판 누가 해", res).intent == "who"


def test_a_share_asked_with_no_of_word_is_taken_of_the_things_one_part_and_whole(res):
    ans = pipeline.run(res, "포괄비몇퍼썼어", Conversation())
    assert (ans.lines[0], ans.computed) == ("비중: 51.7%", "계산: 1,076 ÷ 2,080 × 100")
    assert "68%" in pipeline.run(res, "일자리 상반기 목표 몇퍼", Conversation()).text  # a printed rate stays


def test_the_rest_once_a_part_is_set_aside_is_the_whole_that_holds_it(res):
    assert pipeline.with_the_rest_as_its_whole(res, "서울 빼면 나머지 지역은 몇명") == "서울 빼면 전국은 몇명"
    assert pipeline.with_the_rest_as_its_whole(res, "나머지 예산은?") == "나머지 예산은?"  # nothing set aside
    conv = Conversation()
    pipeline.run(res, "전국 격리중 몇명이에요", conv)
    pipeline.run(res, "서울은?", conv)
    ans = pipeline.run(res, "서울 빼면 나머지 지역은 몇명", conv)
    assert (ans.lines[0], ans.computed) == ("차이: 2,276명", "계산: 2,627 − 351")


def test_a_period_joined_to_the_last_one_is_compared_with_it_but_not_one_compared_with_the_day_before(res):
    conv = Conversation()
    pipeline.run(res, "미국 4월 14일 신규 사망자", conv)
    text = pipeline.run(res, "4월 16일은 전날보다 몇 명 늘었어", conv).text
    assert "2020.4.15. 1,504명 → 2020.4.16. 2,395명" in text and "+891명" in text
    assert pipeline.analyze("20 19년 재결건수", res).years == ["2019"]  # 2019 typed apart, no list


def test_a_comparison_naming_both_sides_or_a_condition_takes_nothing_from_the_last_turn(res):
    conv = Conversation()
    pipeline.run(res, "중국 누적 사망자", conv)
    assert "10,014명" in pipeline.run(res, "서울 확진자는 전국보다 얼마나 적어", conv).text
    conv = Conversation()
    pipeline.run(res, "중국 누적 사망자", conv)
    assert "중국" not in pipeline.run(res, "이란보다 많은 나라는?", conv).text


def test_the_rest_is_not_rewritten_for_a_ranking_each_one_or_a_measure_the_whole_lacks(res):
    for question in (
        "서울 말고 다른 지역 중에 확진자 제일 많은 곳은?",
        "서울 빼고 나머지 지역 확진자 각각 알려줘",
        "서울 빼고 나머지 승소율은?",
    ):
        assert pipeline.with_the_rest_as_its_whole(res, question) == question


def test_a_whole_word_of_one_letter_names_a_tables_whole_only_when_its_subject_is_named(res):
    assert pipeline.run(res, "팀은총몇개임", Conversation()).lines[0] == "기획조정실 팀 수: 51팀"  # not 계약심사 계
    assert "461건" in pipeline.run(res, "계약심사 총 몇건", Conversation()).lines[0]


def test_a_thing_of_one_letter_a_figure_counts_is_a_noun_the_answer_must_read(res):
    ans = pipeline.run(res, "팀은 몇개야?", after(res, "예산담당관 정원"))
    assert not ans.answered and "팀" in ans.text  # not 예산담당관's 사업수
    assert "33명" in pipeline.run(res, "조직담당관실 지금 몇명 일해?", Conversation()).text  # 실 of the office


def test_two_names_sharing_an_ending_may_be_typed_side_by_side_with_no_and(res):
    for question in ("시 중앙 투자심사 총사업비 합계", "시중앙투자심사 총사업비 합계"):
        ans = pipeline.run(res, question, Conversation())
        assert (ans.lines[0], ans.computed) == (
            "市 투자심사 + 중앙투자심사 총사업비 합계: 7,101억원",
            "계산: 3,459억원 + 3,642억원",
        )


def test_a_base_word_after_the_word_asking_the_rate_names_how_it_is_read_not_its_base(res):
    ans = pipeline.run(res, "서울완치율몇퍼야퇴원기준으로", Conversation())
    assert (ans.lines[0], ans.computed) == ("비율: 43.2%", "계산: 268 ÷ 621 × 100")  # not 621 ÷ 268
    assert pipeline.run(res, "서울 확진자 대비 사망자 비율", Conversation()).computed == "계산: 2 ÷ 621 × 100"


def test_a_particle_after_a_date_is_no_typo_of_a_name(res):
    assert pipeline.analyze("올해4월까지는", res).canon("word") == []  # not 빠지는 (제외)


def test_a_sum_over_two_periods_of_a_part_named_with_its_whole_is_the_parts(res):
    conv = after(res, "사전검토 심사 2019년 기타계약 몇건", "올해4월까지는")
    ans = pipeline.run(res, "합치면", conv)
    assert (ans.lines[0], ans.computed) == ("합계: 218건", "계산: 187 + 31")  # not 전체 375 + 86


def test_a_percentage_asked_as_a_share_after_two_siblings_is_of_the_last_one(res):
    conv = after(res, "시 투자심사 적정 몇건", "중앙투자심사 조건부추진은")
    ans = pipeline.run(res, "그건몇퍼야", conv)
    assert "62.5%" in ans.lines[0] and "市" not in ans.text  # not 5 ÷ 22, 市's as the whole


def test_which_members_of_a_kind_named_by_its_last_letter_need_a_text_naming_one(res):
    for question in ("분권교육 받는 구 어디어디야", "지하철 특판전 어느 역에서 했어"):
        ans = pipeline.run(res, question, Conversation())
        assert not ans.answered and "이름" in ans.text  # "선정된 구(10개이내)" and "2개소" name none
    named = Answer(question="", answered=True, text="", lines=["강남구에서 운영"])
    assert kinds.members_unnamed(pipeline.analyze("어느 구에서 해", res), named) == []


def test_a_share_of_a_measure_counting_a_part_of_another_is_of_that_ones_figure_of_the_same_thing(res):
    ans = pipeline.run(res, "법률지원담당관 여성비율", Conversation())
    assert (ans.lines[0], ans.computed) == ("비율: 79.3%", "계산: 23 ÷ 29 × 100")  # not 23 of every office's 174
    assert pipeline.run(res, "기조실 여직원 비율 몇퍼야", Conversation()).computed == "계산: 174 ÷ 289 × 100"


def test_review_mends_a_whole_named_a_part_after_its_whole_and_a_short_shared_ending(res):
    # a share of every office's women when that whole is named, not of the office's 현원
    ans = pipeline.run(res, "전체 여성 공무원 중 법률지원담당관 비율", Conversation())
    assert ans.computed == "계산: 23 ÷ 174 × 100"
    assert pipeline.run(res, "그중 여자 비율", after(res, "기조실 현원")).computed == "계산: 174 ÷ 289 × 100"
    # "몇퍼야" after a part and its whole is the one's share of the other (no rate printed last)
    assert pipeline.run(res, "몇퍼야", after(res, "서울 확진자", "전국은?")).computed == "계산: 621 ÷ 10,635 × 100"
    # no "and" and a short shared ending: "시 계약심사" is 계약심사, not 市 투자심사
    assert "461건" in pipeline.run(res, "시 계약심사 몇건", Conversation()).text
    # "각 자치구 보건소" names every district
    assert pipeline.run(res, "선별진료소 어느 구에 있어", Conversation()).answered


def test_a_number_of_a_group_the_report_never_counts_is_content(res):
    for question in ("서울 완치자 중 20대 몇명", "30대확진자는"):
        ans = pipeline.run(res, question, Conversation())
        assert not ans.answered and "0대" in ans.text  # not 서울's 268 퇴원 or 621 확진환자
    assert "3대 분야" in pipeline.run(res, "온서울 3대 분야", Conversation()).text  # the report writes 3대
    assert "19대" not in content_words(pipeline.analyze("코로나19대응현황", res), res.config, res.vocab)


def test_a_rate_the_thing_has_no_figure_of_is_its_one_measure_of_the_other(res):
    for question in ("포괄비 집행 비율", "포괄비예산집행률"):
        ans = pipeline.run(res, question, Conversation())
        assert (ans.lines[0], ans.computed) == ("포괄비 집행률: 51.7%", "계산: 1,076 ÷ 2,080 × 100")
    assert not pipeline.run(res, "작년 포괄비 집행률", Conversation()).answered  # its 예산 is 2020's
    assert not pipeline.run(res, "학술용역 집행률", Conversation()).answered  # no 사용액 and 예산 of its own
    assert "31.1%" in pipeline.run(res, "신속집행 집행률", Conversation()).lines[0]  # its printed rate


def test_the_one_the_report_marks_with_its_owner(res):
    assert "80만원" in pipeline.run(res, "3인이면 정부꺼?", Conversation()).lines[0]
    assert "140만원" in pipeline.run(res, "4인가구면서울꺼랑정부꺼합쳐서얼마받아", Conversation()).lines[0]
    assert "621명" in pipeline.run(res, "서울꺼 확진자", Conversation()).lines[0]  # Seoul's own, too
    assert "165,155명" in pipeline.run(res, "이탈리아vs스페인누적확진어디가더많아", Conversation()).text


def test_a_part_set_aside_from_a_sum_of_it_and_its_whole_leaves_the_rest(res):
    ans = pipeline.run(res, "서울빼고나머지지역확진자합치면", Conversation())
    assert (ans.lines[0], ans.computed) == ("차이: 10,014명", "계산: 10,635 − 621")  # not 621 + 10,635
    assert not pipeline.run(res, "서울이랑 전국 확진자 합치면", Conversation()).answered  # 서울's are in 전국's


def test_review_mends_a_group_unit_between_numbers_and_words_beginning_with_geo(res):
    assert "77.5%" in pipeline.run(res, "2018대 2019 승소율", Conversation()).text  # 대: versus
    assert "508건" in pipeline.run(res, "재결건수 2019대2020", Conversation()).text
    assert "잠시멈춤" in pipeline.run(res, "서울시 거리두기 기간", Conversation()).text  # not 서울시거 + 리두기
    ans = pipeline.run(res, "포괄비 집행률이랑 일자리 집행률 비교", Conversation())
    assert ans.lines[0].startswith("포괄비 집행률: 51.7%\n")  # the part's computed rate heads the parts


def test_a_word_of_a_text_and_of_a_measure_asked_for_a_figure_is_the_measure(res):
    assert "379건" in pipeline.run(res, "2019년 승소", Conversation()).text  # not the text of what counts as 승소
    assert "승소 기준은" in pipeline.run(res, "승소 기준", Conversation()).text  # the text, no figure asked
    assert not pipeline.run(res, "올해판결확정중승소비율얼마예요", Conversation()).answered  # not 판결확정 and 승소율


def test_one_measure_of_each_year_named_by_its_word_alone(res):
    ans = pipeline.run(res, "2018년이랑 2019년 승소 합치면", Conversation())
    assert (ans.lines[0], ans.computed) == ("합계: 685건", "계산: 306 + 379")
    assert [x.split(": ")[1] for x in pipeline.run(res, "2018년 2019년 패소", Conversation()).lines] == [
        "113건",
        "110건",
    ]


def test_a_share_of_released_or_dead_is_of_the_confirmed_and_a_part_subjects_of_its_whole(res):
    ans = pipeline.run(res, "전국퇴원비율몇퍼야", Conversation())
    assert (ans.lines[0], ans.computed) == ("비율: 73.6%", "계산: 7,829 ÷ 10,635 × 100")
    ans = pipeline.run(res, "서울 비중은", after(res, "전국 의사환자 중 검사중 몇명", "서울은?"))
    assert ans.computed == "계산: 5,368 ÷ 14,268 × 100"  # 서울's of 전국's, whose figures hold it


def test_a_sum_naming_another_measure_after_two_subjects_is_of_both(res):
    ans = pipeline.run(res, "합치면사업비얼마", after(res, "시투자심사몇건", "중앙은?"))
    assert (ans.lines[0], ans.computed) == (
        "市 투자심사 + 중앙투자심사 총사업비 합계: 7,101억원",
        "계산: 3,459억원 + 3,642억원",
    )


def test_a_name_beginning_a_category_of_the_figures_just_shown_is_that_category(res):
    conv = after(res, "계약심사 2020년 몇건")
    ans = pipeline.run(res, "민간위탁은", conv)
    assert (
        ans.lines[0].startswith("계약심사 민간위탁사업 심사 건수 (2020년): 26건") and "다른 항목: 민간위탁" in ans.text
    )
    assert "107건" in pipeline.run(res, "작년은?", conv).text  # the category stays asked
    assert "380개" in pipeline.run(res, "민간위탁은", Conversation()).text  # asked first: the thing itself


def test_review_mends_shares_named_wholes_ages_before_numbers_and_two_measures_after_two_offices(res):
    # a whole named in the follow-up is no part subject's whole (5.8 % was 서울's 확진환자 of 전국's)
    assert "5.8%" not in pipeline.run(res, "확진자 대비 비율은", after(res, "서울 퇴원")).text
    assert "13.4%" not in pipeline.run(res, "서울 격리중 비율", Conversation()).text  # not of 전국's 격리중
    assert not pipeline.run(res, "20대 4월 확진자", Conversation()).answered  # an age and a month, no "versus"
    ans = pipeline.run(res, "정원 현원 차이는", after(res, "법률지원담당관 정원", "예산담당관은?"))
    assert ans.computed == "계산: 40 − 37"  # the last office's two measures, not the two offices
    assert "136건" not in pipeline.run(res, "2020년 송무지원 계획은", Conversation()).text  # its plan, no figure


def test_a_headline_total_of_a_year_it_lacks_is_the_budget_tables_total(res):
    for question in ("작년 최종예산 총액은", "작년최종예산총액은"):
        assert (
            pipeline.run(res, question, Conversation()).lines[0].startswith("기획조정실 합계 예산 (2019년): 3,654,786")
        )
    assert "1조 6,100억원" in pipeline.run(res, "예산 총규모", Conversation()).lines[0]  # 2020's headline stays


def test_everyday_names_of_the_citys_grant(res):
    ans = pipeline.run(res, "2인가구는시생활비랑정부지원금각각얼마", Conversation())
    assert "30만원" in ans.text and "60만원" in ans.text  # 시 생활비: 재난긴급생활비
    assert "210" in pipeline.run(res, "생활치료센타 병상", Conversation()).text  # a typo of 생활치료센터 stays one


def test_a_name_begun_by_an_ending_and_a_verb_glued_before_a_known_name(res):
    ans = pipeline.run(res, "간부급영상회의한국제기구두군데", Conversation())
    assert "UNDP" in ans.text and "전국" not in ans.text  # no 한국 (전국) in 회의한 국제기구
    ans = pipeline.run(res, "뉴스레터보낸국제기구", Conversation())
    assert "CityNet" in ans.text  # no office "보낸국제기구"
    assert not pipeline.run(res, "도시교통실예산", Conversation()).answered  # an office the report lacks


def test_review_mends_other_years_offices_after_verbs_and_the_countries(res):
    # the table's total of another year only when nothing but the total and the year is named
    for question in ("작년 예산 총액이랑 정원", "2019년 소송 예산 총액", "작년 코로나 예산 총액"):
        assert "3,654,786" not in pipeline.run(res, question, Conversation()).text
    assert "-55.9%" in pipeline.run(res, "총예산감소율몇퍼센트예요?2019최종대비", Conversation()).text
    assert not pipeline.run(res, "조직진단하는담당관", Conversation()).answered  # no known name after the verb
    assert "230명" not in pipeline.run(res, "주요국 사망자 가장 많은 곳", Conversation()).text  # not 전국's


def test_a_sum_word_closing_the_question_before_requests_and_a_measure_in_its_whole(res):
    assert (
        operations.closing_tail("좀알려줘?") and operations.closing_tail("은") and not operations.closing_tail("계산")
    )
    assert operations.without_closing_tail("사망자합좀") == "사망자합"
    ans = pipeline.run(res, "시 투심이랑 중앙투심 총사업비 합 좀", Conversation())
    assert (ans.lines[0], ans.computed) == ("합계: 7,101억원", "계산: 3,459 + 3,642")  # in the order named
    # 전국's card, no measure named: 격리중 is among 확진환자, and no printed 일일 증감 is added
    ans = pipeline.run(res, "서울 빼고 나머지 지역 합치면", Conversation())
    assert not ans.answered and "격리중" in ans.text and "13,233" not in ans.text


def test_a_measure_added_to_the_one_just_asked_and_dates_of_the_same_period_a_year_before(res):
    ans = pipeline.run(res, "자연승급분까지 합치면", after(res, "출연기관 총인건비 정책인상률 몇퍼"))
    assert (ans.lines[0], ans.computed) == ("합계: 4.2%", "계산: 2.8 + 1.4")
    conv = after(res, "일자리사업 작년 3월말 집행률")  # 전년 동기 of ’20.3.31.: as of 2019.3.31.
    assert "32.6%" in conv.last_answer.text
    assert (
        "+4.1%p"
        in pipeline.run(res, "몇퍼센트포인트 올랐어", after(res, "일자리사업 작년 3월말 집행률", "올해는")).text
    )
    ans = pipeline.run(res, "추가 집행 금액은", after(res, "50억 이상 투자사업 집행률 3월말", "작년 같은 시기는"))
    assert "2,641억원" in ans.text  # not a day's change of 2019.3.31., a date of no daily series
    assert "22.7%" in pipeline.run(res, "작년 3월말 집행률", Conversation()).text  # the headline's, others offered


def test_a_years_figure_of_the_measure_named_and_a_rate_over_its_base(res):
    ans = pipeline.run(res, "올해 4월까지 심사 건수 작년 전체 대비 몇 퍼센트 수준", Conversation())
    assert ans.computed == "계산: 86 ÷ 375 × 100"  # 2019's 심사 건수, not a 집행률 dated 2019.3.31.
    ans = pipeline.run(res, "법률지원담당관 충원율은", Conversation())
    assert (ans.lines[0], ans.computed) == ("비율: 103.6%", "계산: 29 ÷ 28 × 100")  # 현원 over 정원 (rates_of_measures)
    assert pipeline.run(res, "충원율은?", after(res, "기조실 정원 몇명")).computed == "계산: 289 ÷ 306 × 100"


def test_a_difference_of_two_things_naming_no_measure_and_a_measure_after_a_fund(res):
    ans = pipeline.run(res, "재정투융자기금이랑 감채기금 예산 차이", Conversation())  # not 기금 예산, the category
    assert ans.computed == "계산: 481,442백만원 − 435,358백만원"
    ans = pipeline.run(res, "재정투융자기금감채기금차이2020기준", Conversation())  # the one measure both have
    assert ans.computed == "계산: 481,442백만원 − 435,358백만원"
    ans = pipeline.run(res, "법률지원담당관이랑 조직담당관 차이", Conversation())  # several: which one
    assert ans.intent == "clarify" and "법률지원담당관, 조직담당관 정원 차이" in ans.choices
    assert operations.closing_tail("2020기준") and operations.closing_tail("20년")
    assert not operations.closing_tail("좀" * 500)  # a closing word is among the last words: long tails fail at once


def test_the_things_of_a_category_named_as_its_kind(res):
    ans = pipeline.run(res, "기금 종류 어디어디 있어", Conversation())
    assert ans.lines[0] == "기금 (4개): 재정투융자기금, 감채기금, 대외협력기금, 지역개발기금"
    assert "재정투융자기금 기금 예산 (2020년): 481,442백만원" in ans.text  # each with its figure and source
    assert not pipeline.run(res, "특별회계 이름 뭐뭐야", Conversation()).answered  # 예산담당관 is no kind of it


def test_one_of_two_things_the_report_counts_together_asked_alone(res):
    ans = pipeline.run(res, "반려 및 철회 13건 중에 철회만 몇건", Conversation())
    assert not ans.answered and "철회만" in ans.text  # the report counts 반려 및 철회 together
    assert "13건" in pipeline.run(res, "반려 및 철회 몇건", Conversation()).text


def test_several_names_asked_are_not_answered_without_two_names(res):
    assert not pipeline.run(res, "표준교재 5개 분야 전부 뭐뭐야", Conversation()).answered  # "자치재정 등 5개 분야"
    assert not pipeline.run(res, "포괄비쓴6건용역이름뭐야", Conversation()).answered  # 포괄비's own name only
    assert "②성미산마을" in pipeline.run(res, "서울정책여행 영상 찍는 곳 어디어디야", Conversation()).text
    assert "LA, 밀라노" in pipeline.run(res, "C40 회의 참석 도시 어디어디", Conversation()).text


def test_a_household_size_asked_is_carried_over_as_asked(res):
    conv = after(res, "재난긴급생활비 1인가구 얼마", "정부지원금은?")  # 1~2인 가구's 30만원, then 1인 가구's 40만원
    assert "긴급재난지원금 1인 가구 금액: 40만원" in conv.last_answer.text
    assert pipeline.run(res, "둘이 합치면", conv).computed == "계산: 30만원 + 40만원"
    assert "4인 이상 가구 금액: 100만원" in pipeline.run(res, "정부거는?", after(res, "재난긴급생활비5인가구얼마")).text


def test_review_mends_lists_follow_ups_joint_categories_and_sums_of_two_offices(res):
    conv = after(res, "기금 종류 어디어디 있어")
    assert "지역개발기금 기금 예산 (2019년): 1,071백만원" in pipeline.run(res, "작년은?", conv).text  # every fund
    assert "1. 서울특별시 코로나19 대응현황" in pipeline.run(res, "현안업무 12개 이름", Conversation()).text
    assert "서울연구원" in pipeline.run(res, "출연기관 몇 곳 어디어디", Conversation()).text  # a list of one
    assert "13건" in pipeline.run(res, "반려 및 철회만 몇건", Conversation()).text  # the two together
    ans = pipeline.run(res, "평가담당관 법무담당관 합", Conversation())
    assert ans.intent == "clarify" and "평가담당관, 법무담당관 정원 합계" in ans.choices
    assert "916,800" in pipeline.run(res, "재정투융자기금이랑 감채기금 합치면", Conversation()).text


def test_things_added_or_set_against_each_other_are_of_one_year_and_a_joined_name_keeps_the_measure(res):
    ans = pipeline.run(res, "일반회계랑 특별회계 예산 차이", Conversation())
    assert ans.computed == "계산: 602,275백만원 − 76,032백만원"  # both of 2020, not 특별회계's 2019 93,546
    ans = pipeline.run(res, "중국까지 합치면 얼마", after(res, "미국 누적 확진자"))
    assert ans.computed == "계산: 604,070명 + 83,797명"  # 미국's measure, not 중국's 신규 of two days


def test_second_review_mends_joined_things_a_follow_up_part_and_the_last_measure(res):
    ans = pipeline.run(res, "대외협력기금이랑 지역개발기금만 합치면?", after(res, "기금 종류 어디어디 있어"))
    assert ans.computed == "계산: 13,747백만원 + 1,175백만원"  # the two named, not every fund listed
    ans = pipeline.run(res, "기획담당관이랑 조직담당관 2019년 예산 차이랑 2020년 차이", Conversation())
    assert ans.answered and "86,163" in ans.text  # a later part naming no measure is no question of which
    ans = pipeline.run(res, "스페인도 합치면", after(res, "미국 누적 확진자", "사망자는?"))
    assert "781,703" not in ans.text  # not the first turn's 누적 확진자


def test_a_difference_of_two_categories_of_one_thing(res):
    # of the measure named, else the one both have, else asked back; of the year asked, else the latest
    ans = pipeline.run(res, "2019년 일반회계랑 특별회계 예산 차이", Conversation())
    assert "1,153,860백만원" in ans.text and "증감" not in ans.text
    ans = pipeline.run(res, "일반회계 특별회계 차이", Conversation())
    assert "526,243백만원" in ans.text and "93,546" not in ans.text
    ans = pipeline.run(res, "일반회계랑기금예산차이", Conversation())  # 예산, though read with the name 기금
    assert "931,722백만원 − 602,275백만원"  # the larger less the smaller in ans.text
    assert pipeline.run(res, "일반회계랑 기금 차이", Conversation()).choices  # 예산 or 사업수
    assert "155건" in pipeline.run(res, "민간위탁 시설형이랑 사무형 건수 차이", Conversation()).text
    assert "192,313백만원" in pipeline.run(res, "예산담당관 일반회계랑 특별회계 차이", Conversation()).text


def test_a_verb_glued_after_a_name_is_no_unknown_word_nor_a_units_word(res):
    assert pipeline.run(res, "학술용역심의위원회에서부적정나온거몇건", Conversation()).lines[0].endswith("4건")
    assert "미만" not in guard.unknown_words(res, pipeline.analyze("감염경로 불명 비율 5% 미만", res))


def test_an_event_without_figures_and_a_figure_asked_of_a_text_without_one_are_declined(res):
    # not the 서울정책연수프로그램's 5개팀 for the 박람회; not a text that it is paid, with no figure
    assert not pipeline.run(res, "지역상생 박람회에 지자체 몇곳 참가해?", Conversation()).answered
    assert not pipeline.run(res, "PC방휴업하면휴업지원금얼마주는데?", Conversation()).answered


def test_a_follow_up_computed_of_a_part_named_beside_its_total_or_asked_back_of_two_parts(res):
    conv = after(res, "일반회계 작년 최종 합계 얼마였어", "올해는")
    assert pipeline.run(res, "감소율 몇%야", conv).lines[0] == "증감률: -51.7%"  # 일반회계's, not the 합계 line's
    ans = pipeline.run(res, "사업수는 몇개 줄었어", conv)
    assert "일반회계 사업수: 2019년 59개 → 2020년 58개" in ans.text  # the category is in the label
    conv = after(res, "일반회계랑 특별회계 2019년 예산", "2020년은")
    ans = pipeline.run(res, "감소율은", conv)
    assert ans.choices and all(("일반회계" in c) != ("특별회계" in c) for c in ans.choices)


def test_a_change_of_two_things_is_each_ones_and_a_dash_is_no_measure_to_follow_up(res):
    ans = pipeline.run(res, "둘중어느게더많이줄었어", after(res, "기금중에감채기금작년얼마였어", "재정투융자기금은"))
    assert "-812,704백만원" in ans.text and "-569,028백만원" in ans.text
    ans = pipeline.run(res, "작년이랑 차이는", after(res, "감채기금 올해 계획 얼마야"))  # not of its 사업수 '-'
    assert "435,358백만원 − 1,248,062백만원" in ans.text


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        ("기획조정실조직구성어떻게돼?담당관몇개고팀몇개야", ("11담당관", "51팀")),  # a part asking 몇 twice
        ("긴급재난지원금1인가구랑4인가구각각얼마씩", ("40만원", "100만원")),  # categories joined, no space
    ],
)
def test_a_part_asking_twice_and_two_categories_joined_without_a_space_are_each_answered(res, question, figures):
    text = pipeline.run(res, question, Conversation()).text
    assert all(f in text for f in figures), text


def test_a_part_that_only_joins_names_shares_the_thing_and_measure_named_after_it(res):
    ans = pipeline.run(res, "1인가구랑 2인가구 재난긴급생활비", Conversation())
    assert "긴급재난지원금" not in ans.text and "30만원" in ans.text  # not the first's 긴급재난지원금 40만원
    ans = pipeline.run(res, "서울이랑 전국 사망자 각각 몇 명이에요", Conversation())
    assert "서울시 사망: 2명" in ans.text and "전국 사망: 230명" in ans.text and "서울시 확진환자" not in ans.text
    ans = pipeline.run(res, "대외협력기금 금액이랑 사업수", Conversation())  # a measure of its own: not lent
    assert "사업수" in ans.text
    assert "학술용역" not in pipeline.run(res, "정기심사 몇월몇월에 해", Conversation()).text  # one ask, not two


def test_a_noun_the_analyzer_cut_across_an_among_word_is_no_unread_noun(res):
    ans = pipeline.run(res, "주요국중에누적확진두번째로많은나라는?", Conversation())  # not 주요 + 국중
    assert "스페인 177,633명" in ans.text


def test_review_mends_rates_of_two_things_a_fund_beside_a_category_and_texts_asked_how_much(res):
    assert not pipeline.run(res, "재정투융자기금이랑 감채기금 감소율", Conversation()).answered  # not one's rate
    assert "47백만원" in pipeline.run(res, "법률지원이랑협력상생증가액차이", Conversation()).text
    ans = pipeline.run(res, "일반회계랑 기금 얼마야", Conversation())  # 기금 is lent to no part
    assert "602,275백만원" in ans.text and "931,722백만원" in ans.text
    assert "117만 가구" in pipeline.run(res, "재난긴급생활비 대상 얼마", Conversation()).text
    assert not pipeline.run(res, "PC방휴업하면휴업지원금얼마주는데?", Conversation()).answered  # a day, a round
    ans = pipeline.run(res, "감소율은", after(res, "일반회계", "특별회계"))
    assert ans.choices  # of which category, not 일반회계's picked unasked


def test_second_review_mends_a_difference_asked_after_two_things_or_two_categories(res):
    # after two offices' 정원, not the difference of their budget changes: which measure
    assert pipeline.run(res, "차이는", after(res, "기획담당관이랑 평가담당관 정원")).choices
    ans = pipeline.run(res, "차이는", after(res, "일반회계", "특별회계"))  # the two categories carried
    assert "602,275백만원 − 76,032백만원" in ans.text
    ans = pipeline.run(res, "차이는", after(res, "서울 전국 확진자"))  # of the levels, not the daily changes
    assert "10,635명 − 621명" in ans.text
    ans = pipeline.run(res, "혹시 일반회계랑 특별회계 차이 알려줄수 있어?", Conversation())  # 알려줄: no 줄다
    assert "526,243백만원" in ans.text
    assert "47백만원" in pipeline.run(res, "법률지원이랑협력상생증가액차이", Conversation()).text


@pytest.mark.parametrize(
    ("question", "shown", "unshown"),
    [
        ("시+중앙 투자심사 총사업비 합", ("7,101억원",), ()),  # "+" joins two names sharing an ending
        ("스페인 확진자랑 사망자", ("177,633명", "18,579명", "5,092명"), ()),  # each measure: its days and total
        ("국제기구유치협력사업누가해?", ("해외도시협력담당관",), ()),  # 누가 asks who: no typo of 사업수
        ("정책목표 전략 뭐뭐야", ("전략 1", "전략 4"), ()),  # "전략" names every numbered 전략
        ("총인건비에서빠지는항목예시", ("성과급",), ()),  # 예시 asks the items, no unknown word
        ("감염경로 불명 비율 목표는", ("5% 미만",), ()),  # the figure that speaks every word
        ("주요국중누적사망제일많은나라", ("미국 25,871명",), ()),  # 주요국(가) and 중, no noun 국중
        ("재난긴급생활비랑긴급재난지원금중시예산차이얼마야", ("1,945억원",), ()),  # 중, then 市 예산
        ("당직이라급한데전세계확진216개국기준날짜가언제예요", ("2020.4.16.",), ()),  # context glued before the question
    ],
)
def test_joined_sums_series_cut_to_their_last_day_question_words_and_numbered_items(res, question, shown, unshown):
    text = pipeline.run(res, question, Conversation()).text
    assert all(x in text for x in shown) and not any(x in text for x in unshown), text


def test_figures_of_a_category_listed_in_the_order_named_and_a_series_cut_to_its_latest(res):
    text = pipeline.run(res, "예산담당관 일반회계랑 특별회계 합치면 얼마", Conversation()).text
    assert text.index("일반회계 예산") < text.index("특별회계 예산")
    facts = [f for f in res.kb.facts if f.subject == "스페인"]
    kept = compose.latest_of_each_series(facts, limit=4)
    assert {f.metric for f in kept} == {f.metric for f in facts} and len(kept) == 4
    assert compose.latest_of_each_series(facts[:3], limit=4) == facts[:3]  # within the limit: as given
    text = pipeline.run(res, "학술용역 심의위원 분야별 인원 나와있나요", Conversation()).text
    assert "11개 분야" not in text  # a count of fields answers no headcount


def test_a_plan_asked_is_answered_by_the_figures_planned_and_their_sum_when_the_whole_is_asked(res):
    ans = pipeline.run(res, "올해 학술용역 심의 총 몇번 예정이야", Conversation())  # not March's 2회 held
    assert ans.text.startswith("합계: 12회") and "수시 심의 횟수(연중 계획) (2020년): 8회" in ans.text
    ans = pipeline.run(res, "학술용역심의올해몇번예정", Conversation())  # no whole asked: no sum
    assert "8회" in ans.text and "4회" in ans.text and "합계" not in ans.text
    ans = pipeline.run(res, "교육 참가 인원은 몇명 예정", after(res, "민간위탁 실무교육 몇회 해"))
    assert not ans.answered  # a 2019 count is no plan
    ans = pipeline.run(res, "자치구 분권교육 구별 몇회 총 몇회", Conversation())  # 총 60회 is the whole
    assert "합계" not in ans.text and "60회" in ans.text


def test_a_rate_of_a_category_is_its_share_and_a_count_asked_of_a_text_without_one_is_declined(res):
    ans = pipeline.run(res, "시설형위탁이전체건수에서차지하는비율", Conversation())  # not 투자심사's 비율
    assert "256 ÷ 380 × 100" in ans.text
    ans = pipeline.run(res, "참여한 시민 수는?", Conversation())  # a text of 시민참여 counts no one
    assert not ans.answered and "시민 수" in ans.text


def test_each_of_two_things_carried_gets_its_own_best_figure_unless_a_comparison_is_asked(res):
    conv = after(res, "재난긴급생활비 1인가구 얼마", "정부 지원금은?")
    ans = pipeline.run(res, "5인 가구면 각각?", conv)  # each names its categories its own way
    assert "5인 이상 가구 금액: 50만원" in ans.text and "4인 이상 가구 금액: 100만원" in ans.text
    ans = pipeline.run(res, "둘 중에 사망자 더 많은 데는 몇명이야", after(res, "미국 확진자", "스페인은"))
    assert "1,928 − 619" not in ans.text  # not the first day of each one's series set against each other


@pytest.mark.parametrize(
    ("turns", "shown", "unshown"),
    [
        (("민간위탁 교육 총 몇회 예정",), (), ("8회",)),  # 예정 names no plan of 교육: no committee count
        (("지원예산 집행률 목표",), (), ("35.9%",)),  # no target of 지원예산: its actual rate is none
        (("일자리사업이랑 지원예산", "각각 집행률 목표"), ("68%",), ("35.9%",)),
        (("학술용역 분야 예시",), (), ("11개 분야",)),  # examples asked: no count of them
        (("현안업무 뭐뭐 있어",), (), ("전략",)),  # four text items of twelve are no list
        (("대외협력기금이랑 지역개발기금", "각각 2020년"), ("13,747백만원",), ()),  # two measures: not one each
        (("미국", "이탈리아"), ("4,092명", "578명"), ()),  # two measures' days listed whole
        (("민간위탁위원회 사전검토 기간 얼마로 단축됐어",), ("15~20일",), ()),  # a range says its category
    ],
)
def test_review_mends_plans_targets_examples_lists_each_and_series(res, turns, shown, unshown):
    conv = after(res, *turns[:-1])
    text = pipeline.run(res, turns[-1], conv).text
    assert all(x in text for x in shown) and not any(x in text for x in unshown), text


def test_both_years_carried_are_named_by_a_word_for_both_and_a_base_named_asks_a_share(res):
    ans = pipeline.run(res, "패소 건수 두해 합치면", after(res, "2019년소송승소율", "2018년은?"))
    assert "110 + 113" in ans.text  # 두해: the two years just asked, no unknown word
    ans = pipeline.run(res, "임기제 비율 현원 기준으로 몇 %야", Conversation())  # "기준으로": the base
    assert "비중: 13.1%" in ans.text


@pytest.mark.parametrize(
    ("turns", "shown", "unshown"),
    [
        (("민간위탁 수탁기관 중 제일 큰 곳 어디야",), ("수탁기관별",), ("예산지원형",)),  # not what it ranks
        (("시투자심사48건중에제일큰사업뭐야",), ("사업별",), ("48건",)),  # the report ranks no 사업
        (("2020년 일반회계 예산 중 가장 큰 규모를 차지하는 담당관은",), ("예산담당관",), ()),  # 규모를: an object
        (("승소율제일높은해언제고몇%야",), ("2019년 77.5%",), ()),  # "해언" is the analyzer's, not the report's
        (("시 투자심사 결과 중 제일 많은 유형",), ("조건부추진 22건",), ("계 48건",)),  # no total among its parts
        (("출연기관 총인건비 정책인상률 몇퍼", "자연승급분은?", "합하면"), ("합계: 4.2%",), ()),  # the line adds them
        (("관리운영직 정원 현원", "합치면?"), ("서로 다른 것을 세는 수치",), ()),  # two measures no line adds
        (("시 투자심사랑 중앙투자심사 몇건",), ("48건", "8건"), ()),  # each named, no measure named
        (
            ("시투자심사몇건했어", "조건부추진몇건이고몇퍼야", "중앙은?", "시랑 중앙 합치면 몇건 심사한거야"),
            ("27건",),  # the category carried, as "합치면?" after them
            ("시랑",),
        ),
        (("출연기관 총인건비 자연승급분 얼마", "정책인상률은", "합하면"), ("합계: 4.2%",), ()),  # either order
        (("기획담당관 정원", "현원은", "합치면"), ("서로 다른 것을 세는 수치(정원, 현원)",), ("찾지 못했습니다",)),
        (("민간위탁 중 제일 많은 유형",), ("예산지원형 357건", "자립형 23건"), ("예산지원형 시설",)),  # one level
        (("학술용역심의는어디담당",), ("조직담당관",), ()),  # 어디 담당: who, glued
        (("남자 직원 몇 명이야",), ("289 − 174",), ()),  # 남직원: 현원 − 여성 (knowledge/aliases.yaml)
        (("서울 남자 확진자",), ("남자",), ("621명",)),  # 남자 alone names no measure
        (("기획담당관 여성 몇명", "현원 대비 비율"), ("16 ÷ 38 × 100",), ("÷ 289",)),  # the base named: of 여성
        (("올해 사업 전체 몇개야",), ("75개",), ("86건",)),  # 사업 몇 개 with a word for the whole between
        (
            ("재난긴급생활비예산얼마야", "정부 긴급재난지원금 시 부담은?", "둘이합치면", "국비시비 비율은"),
            ("7:3",),
            ("100%",),
        ),
    ],
)
def test_rankings_of_things_unranked_sums_of_measures_a_line_adds_and_figures_speaking_every_noun(
    res, turns, shown, unshown
):
    conv = after(res, *turns[:-1])
    text = pipeline.run(res, turns[-1], conv).text
    assert all(x in text for x in shown) and not any(x in text for x in unshown), text


@pytest.mark.parametrize(
    ("turns", "shown", "unshown"),
    [
        (
            ("시투자심사몇건했어", "중앙투자심사는몇건이고사업비는", "둘 총사업비 합치면"),
            ("7,101억원",),
            (),
        ),  # 둘, first
        (("시투자심사몇건했어", "중앙투자심사는몇건이고사업비는", "둘총사업비차이"), ("183억원",), ()),
        (("미국 4월 13일 신규 확진 몇 명이었어", "14일은?"), ("29,308명",), ()),  # the month asked before
        (("미국 4월 13일 신규 확진 몇 명이었어", "14일은?", "하루 사이 얼마나 줄었어"), ("-2,325명",), ("4.16",)),
        (("14일은?",), ("찾을 수 없습니다",), ()),  # no month asked before: none guessed
        (("새로 위촉한 심판위원 이름 알려줘",), ("이름",), ("4명",)),  # a count whose remark gives a reason
        (("조건부추진 받은 사업 이름 알려줘",), ("이름",), ("22건",)),  # a category counted, none named
        (("기금 종류 어디어디 있어",), ("재정투융자기금, 감채기금",), ()),  # the names after the count
        (("출연기관 이름 뭐야",), ("서울연구원",), ()),  # a name after its label
        (("임기제 중에 여직원은 몇 명이에요",), ("임기제 중 여직원",), ("174명",)),  # a measure within a category
        (("서울 확진자 중 퇴원 비율",), ("43.2%",), ("찾을 수 없습니다",)),  # 서울's own figures: no category left out
        (("민간위탁 자치구별로 몇 건씩인지 알 수 있어?",), ("자치구별",), ("380건",)),  # "구별" is 분권교육's
        (("분권교육 구별 몇회",), ("6회",), ()),
        (("미국 신규확진 4.15랑 4.16 차이 몇 명이야",), ("+1,356명",), ()),  # a date before 차이: no 16th round
        (("심각단계된날",), ("2.24.",), ()),  # "…된 날": when (intents.yaml schedule)
        (
            ("재난긴급생활비 언제부터 지급했지", "지금까지 나간 돈은 얼마야"),
            ("집행액",),
            ("3,271",),
        ),  # paid out, no budget
        (("일자리 사업 지금까지 나간 돈",), ("4,765억원",), ()),  # 나간 돈: 집행액 (knowledge/aliases.yaml)
        (("패소해서물어준돈총얼마야",), ("패소",), ("기획조정실 합계 예산",)),  # no choice of 소송's part
        (("부적정 판정난 용역 이름 뭐야",), ("부적정 이름",), ("포괄비",)),  # a text of another thing's name
        (("코로나 끝나면 플랫폼 이름 뭘로 확대해",), ("확대",), ("찾을 수 없습니다",)),  # 끝나면: no category written
        (
            ("기획담당관 여성 몇명", "현원 대비 비율", "조직담당관은?"),
            ("22 ÷ 33 × 100",),
            ("174",),
        ),  # the share carried
        (
            ("행정심판 2018년 재결건수", "2019년은?", "둘이 차이", "올해 4월6일까지는"),
            ("508",),
            ("계산할 수 없습니다",),
        ),
        (("서울 의사환자 중 결과음성 비율", "전국은?"), ("521,642 ÷ 535,828",), ()),  # a thing named alone
        (("기획담당관 여성 비율", "조직담당관는?"), ("22 ÷ 33",), ("174",)),  # over its own whole: the part over it
        (("기획담당관 여성 현원 대비 비율", "임기제는?"), (), ("비율:",)),  # a category: of which figures, unsaid
        (
            ("재정투융자기금 감채기금 차이", "대외협력기금은?"),
            ("13,747",),
            ("계산할 수 없습니다",),
        ),  # no difference of one
        (("포괄비 지금까지 나간 돈",), ("1,076",), ()),  # paid out so far: its 사용액
        (("재난긴급생활비 나간 돈",), ("3,271",), ()),  # 나간 돈 alone: its budget
        (("사무별 민간위탁 예산",), ("사무별",), ("1,549",)),  # 사무: a category's word of its own, no kind of them
        (("회계별 예산",), ("예산",), ("회계별",)),  # 일반회계, 특별회계: 회계, a kind of the budget table's categories
        (("C40 회의 몇 개 도시 들어왔어", "몇 분 했어"), ("70분",), ()),  # minutes held: 회의 시간 (aliases.yaml)
        (("주부심지정회당건수올해몇건",), ("25.3건",), ()),  # 지정|회당 glued: no noun 정회
        (("민간위탁운영평가위심의33건중에재위탁몇건",), ("14건",), ()),  # 평가위|심의: no noun 위심
        (("시립대학생수",), ("학생",), ("8대학",)),  # 생수 begins no word of the report (발생수): 학생 stays unknown
        (("투자심사위원몇명이야외부는",), ("15명", "12명"), ()),  # a question ended, glued, then another part
        (("대외협력기금얼마에사업몇개야",), ("13,747", "17개"), ()),
        (("상반기신속집행목표몇퍼센트야금액은",), ("65.0%", "15조 6,397억원"), ("24조",)),  # 금액 beside the rate
        (("온라인 서울정책여행 영상 몇 곳",), ("10개소",), ()),  # places filmed, by any place counter
        (("영상회의한국제기구어디",), ("UNDP, UNDRR",), ()),  # the international bodies of the video meeting
        (
            ("예산얼마에사업몇개야대외협력기금",),
            ("13,747", "17개"),
            ("1,610,029",),
        ),  # the thing named last: every part's
        (("긴급재난지원금몇가구며서울은",), ("269만가구",), ("621명",)),  # 서울: a category of its figures, no part
        (("C40회의몇분했어도시는몇개",), ("70분", "45개"), ()),
        (("올해 학술용역 심의 수시랑 정기 합쳐서 총 몇 번",), ("합계: 12회",), ("14회",)),  # the two categories named
        (("코로나 방역대책반 언제 꾸렸어", "재난안전대책본부는"), ("1. 28.",), ("실무반 수",)),  # when, again
        (("코로나 방역대책반 언제 꾸렸어", "재난안전대책본부 실무반 몇 개야"), ("13개",), ()),  # a figure asked
        (("긴급재난지원금국비시비비율,타지자체는?",), ("7:3", "8:2"), ()),  # a comma with no space joins two parts
    ],
)
def test_both_said_first_a_day_of_the_month_asked_and_names_a_count_does_not_give(res, turns, shown, unshown):
    conv = after(res, *turns[:-1])
    text = pipeline.run(res, turns[-1], conv).text
    assert all(x in text for x in shown) and not any(x in text for x in unshown), text


def test_days_alone_are_days_of_no_month():
    masked = list("14일은?")
    assert days_alone(masked) == [14]
    assert days_alone(list("격리14일간")) == []
    assert days_alone(list("4월14일")) == []


def test_a_place_counter_answers_another():
    from bot.engine.retrieval import unit_fits

    assert unit_fits("곳", "개소") and unit_fits("군데", "개소") and not unit_fits("곳", "명")
