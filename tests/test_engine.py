"""The question-answering core, one behaviour per test: text in, Answer out."""

from __future__ import annotations

import pytest

from bot.answer import NOT_FOUND, Conversation


def ask(engine, question, conv=None):
    return engine.answer(question, conv)


@pytest.mark.parametrize(
    "question, figure",
    [
        ("법률지원담당관 예산은?", "6,369"),
        ("법률지원과 예산", "6,369"),  # alias
        ("법 률 지 원 담 당 관 예산", "6,369"),  # letter-spaced
        ("법률지원담당관예산얼마야", "6,369"),  # no spaces, ending
        ("법률지웡담당관 예산", "6,369"),  # one-letter typo
        ("예산담당간 정원", "40"),  # typo in the department
        ("기조실 정원", "306"),
        ("재정균형과 작년 예산", "844,837"),  # alias + relative year
        ("2019년 승소율", "77.5"),
        ("4월 16일 스페인 신규 확진자", "5,092"),
        ("4/16 스페인 신규 확진자", "5,092"),
        ("4.16 스페인 신규 확진자", "5,092"),
        ("서울 확진자?", "621"),
        ("코로너 서울 확진자", "621"),
        ("승소률 3년평균", "75.5"),  # the narrower 평균 승소율, not this year's 승소율
        ("기조실 직원 몇명?", "289"),  # 직원 means 현원
        ("포괄비를 사용한 용역의 금액은?", "1,076"),
        ("재난지원금 서울 몇가구", "269만"),
        ("올해 행정심판 재결 지금까지 몇 건 했어?", "508"),  # 재결 + 몇 건 names 재결건수
    ],
)
def test_lookup_prints_the_reports_figure(engine, question, figure):
    ans = ask(engine, question)
    assert ans.answered, ans.text
    assert figure in ans.text


def test_answer_carries_unit_as_of_and_source(engine):
    ans = ask(engine, "법률지원담당관 정원")
    assert "28명" in ans.text
    assert "2020.4.20." in ans.text  # as-of date of the staffing table
    assert ans.sources and ans.sources[0].section == "I"
    assert "출처: [I] 일반현황" in ans.text
    assert ans.facts and ans.facts[0].lines == (31,)


def test_money_is_also_readable_in_eok(engine):
    assert "602,275백만원 (약 6,023억원)" in ask(engine, "일반회계 2020년 예산은?").text


def test_follow_ups_keep_the_department(engine):
    conv = Conversation()
    assert "6,369" in ask(engine, "법률지원담당관 예산은?", conv).text
    assert "5,732" in ask(engine, "작년은?", conv).text
    assert "28" in ask(engine, "정원은?", conv).text


def test_follow_up_keeps_the_metric(engine):
    conv = Conversation()
    assert "621" in ask(engine, "서울 확진자?", conv).text
    assert "10,635" in ask(engine, "전국은?", conv).text


def test_a_question_with_its_own_entities_overrides_the_context(engine):
    conv = Conversation()
    ask(engine, "법률지원담당관 예산은?", conv)
    ans = ask(engine, "조직담당관 정원은?", conv)
    assert "35" in ans.text and "조직담당관" in ans.text


def test_report_discrepancy_is_noted(engine):
    ans = ask(engine, "전국 확진자")
    assert "10,635" in ans.text
    assert "불일치" in ans.text


@pytest.mark.parametrize(
    "question",
    [
        "부산시 예산은?",
        "2021년 예산",
        "내일 날씨 어때?",
        "일본 확진자",
        "독일 확진자 몇 명?",
        "교통정책과 정원",
        "도시교통실의 2020년 정원과 현원은 각각 몇 명입니까?",
        "비트코인 시세",
        "2015년 승소율",
        "조직담당관 전화번호 알려줘",
        "서울확진 남녀비율",  # 남녀 is not in the report, though 확진 and 비율 are
        "서울시 출연기관은 모두 몇 개입니까?",  # only 기조실's one 출연기관 is in the report
    ],
)
def test_out_of_scope_is_declined_never_guessed(engine, question):
    ans = ask(engine, question)
    assert not ans.answered
    assert NOT_FOUND in ans.text
    assert not ans.facts


def test_ranking_names_the_department(engine):
    ans = ask(engine, "일반회계 예산이 가장 많은 부서")
    assert "예산담당관" in ans.text and "268,345" in ans.text
    ans = ask(engine, "여성 공무원이 제일 적은 곳")
    assert "협력상생담당관" in ans.text and "7명" in ans.text


def test_change_uses_the_printed_change(engine):
    ans = ask(engine, "조직담당관 예산 전년 대비 얼마나 늘었어?")
    assert "16,758" in ans.text


def test_trend_lists_every_year(engine):
    ans = ask(engine, "재결건수 추이")
    for figure in ("1,329", "1,510", "1,609", "508"):
        assert figure in ans.text


def test_computed_answers_say_what_was_computed(engine):
    ans = ask(engine, "국제교류담당관과 해외도시협력담당관 예산 합계")
    assert ans.answered
    assert "11,640" in ans.text  # 6,015 + 5,625
    assert "계산" in ans.text


def test_who_is_in_charge(engine):
    assert "법률지원담당관" in ask(engine, "마을변호사 제도는 어느 부서?").text


def test_schedule_by_topic_and_by_month(engine):
    assert "6월" in ask(engine, "총인건비 분석 언제?").text
    may = ask(engine, "5월 일정")
    assert may.answered and may.text.count("\n- ") + may.text.startswith("- ") >= 3


def test_programme_details(engine):
    assert "117만 가구" in ask(engine, "재난긴급생활비 대상").text
    assert "서울사랑상품권" in ask(engine, "재난긴급생활비 지급방식").text


def test_section_summary_and_topics(engine):
    summary = ask(engine, "소송 현황 요약")
    assert summary.intent == "summary" and "581" in summary.text
    topics = engine.topics()
    assert len([t for t in topics if t[0].startswith("III-")]) == 12


def test_ambiguous_question_asks_back_with_at_most_three_choices(engine):
    ans = ask(engine, "확진자 몇명?")
    assert not ans.answered
    assert 2 <= len(ans.choices) <= 3


@pytest.mark.parametrize("question", ["", "   ", "😀😀😀", "\x00\x07", "'; DROP TABLE facts; --", "가" * 10_000])
def test_bad_input_gets_a_message_not_a_crash(engine, question):
    ans = ask(engine, question)
    assert isinstance(ans.text, str) and ans.text.strip()


def test_fixed_views(engine):
    covid = engine.covid_status()
    assert "621" in covid.text and "10,635" in covid.text and "2020.4.17." in covid.text
    budget = engine.budget_overview()
    assert budget.table and "1,610,029" in budget.table
    assert "6월" in engine.schedule(6).text
    assert "[III-9]" in engine.source_passage(ask(engine, "2019년 승소율"))


def test_json_shape_is_stable(engine):
    data = ask(engine, "법률지원담당관 예산은?").to_json()
    assert set(data) >= {"question", "answered", "answer", "intent", "confidence", "sources", "facts", "suggestions"}
    assert data["sources"][0] == {"section": "I", "title": "일반현황", "lines": [141]}


def test_a_question_of_several_parts_gets_each_figure(engine):
    ans = ask(engine, "학술용역 심의위원회에서 몇건 심의했고 부적정은 몇건이야")
    assert "14건" in ans.text and "4건" in ans.text
    ans = ask(engine, "올해 일자리 예산 규모랑 상반기 집행 목표율 알려주세요")
    assert "1조 2,967" in ans.text and "68%" in ans.text
    ans = ask(engine, "민간위탁 중 예산지원형 시설 위탁의 건수와 예산액은 얼마입니까?")
    assert "256건" in ans.text and "7,015" in ans.text
    ans = ask(engine, "2018년 서울시 소송의 총 수행건수와 승소율은 어떻게 됩니까?")
    assert "1,065" in ans.text and "73.0%" in ans.text  # the year holds for both parts


def test_and_after_an_office_name_is_no_second_part(engine):
    ans = ask(engine, "재정균형과 예산")
    assert ans.answered and len(ans.facts) == 1 and "재정균형발전담당관" in ans.text


def test_a_follow_up_category_of_another_subject_moves_to_it(engine):
    conv = Conversation()
    assert "581" in ask(engine, "소송 진행중 몇 건이야?", conv).text
    assert "445" in ask(engine, "그중 직접수행은?", conv).text


def test_why_questions_are_answered_from_the_reports_notes(engine):
    ans = ask(engine, "기금 예산이 작년보다 크게 줄어든 이유는?")
    assert ans.intent == "why" and "순세계잉여금" in ans.text


def test_a_cut_short_name_names_the_programme(engine):
    assert "155명" in ask(engine, "서울정책연수 1월까지 몇 명 참가했나요").text


def test_a_message_without_content_is_no_follow_up(engine):
    conv = Conversation()
    ask(engine, "법률지원담당관 예산은?", conv)
    assert not ask(engine, "ㅋㅋㅋ", conv).answered


def test_a_figure_printed_twice_in_the_report_is_listed_once(engine):
    ans = ask(engine, "올해 행정심판 회당 평균 재결건수 얼마?")
    assert ans.text.count("72.6") == 1


def test_a_date_the_metric_lacks_moves_to_that_days_figures(engine):
    conv = Conversation()
    assert "604,070" in ask(engine, "미국 누적확진", conv).text
    ans = ask(engine, "4.14는?", conv)  # no 누적 of 4.14: that day's new cases, labelled so
    assert "29,308" in ans.text and "신규" in ans.text
    assert "1,617" in ask(engine, "이란은?", conv).text


def test_a_follow_up_word_names_the_sibling_subject(engine):
    conv = Conversation()
    assert "48건" in ask(engine, "올해 시 투자심사 몇 건 했어요?", conv).text
    ans = ask(engine, "중앙은?", conv)  # 중앙 + 투자심사: 중앙투자심사, same metric
    assert "중앙투자심사" in ans.text and "8건" in ans.text


def test_which_department_holds_a_category(engine):
    for question in ("특별회계는 어느 부서 예산?", "기획조정실 특별회계 예산액은 얼마이며, 소관 부서는 어디입니까?"):
        ans = ask(engine, question)
        assert "예산담당관" in ans.text and "76,032" in ans.text  # this year's figure, not 2019's


def test_a_daily_change_comes_with_the_level_it_changed(engine):
    ans = ask(engine, "전국격리중 증감")
    assert "△51" in ans.text and "2,627" in ans.text


def test_a_part_the_report_lacks_is_said_not_dropped(engine):
    ans = ask(engine, "조직담당관 예산, 정원, 평균연령")
    assert "104,073" in ans.text and "35명" in ans.text
    assert NOT_FOUND in ans.text and "평균연령" in ans.text


def test_how_many_affairs_and_budget_of_entrustment(engine):
    ans = ask(engine, "민간위탁 지금 몇 개 사무에 예산 얼마야?")
    assert "380" in ans.text and "8,593" in ans.text
    assert ans.text.count("380") == 1  # the text's and the table's 380 are one figure


def test_a_change_of_one_metric_is_never_another_tables_change(engine):
    for question in ("승소율 작년 대비 변화", "2019년 대비 2020년 승소율 변화"):
        ans = ask(engine, question)
        assert "77.5" in ans.text and "75.8" in ans.text and "백만원" not in ans.text


def test_the_year_compared_with_is_the_base_not_the_figure(engine):
    ans = ask(engine, "신속집행 전체로 보면 작년 같은 때보다 얼마나 더 집행했어?")
    assert "6,309" in ans.text  # the printed 추가 집행액, not 2019's 집행액


def test_a_planned_monthly_figure(engine):
    assert "200건" in ask(engine, "행정심판 재결건수 월 몇 건까지 늘릴 계획이야").text


def test_a_two_part_follow_up_borrows_the_turn_before(engine):
    conv = Conversation()
    ask(engine, "민간위탁 지금 몇 개 사무에 예산 얼마야?", conv)
    ans = ask(engine, "그중 시설 위탁은 몇 건이고 예산은?", conv)
    assert "256" in ans.text and "7,015" in ans.text


def test_the_caches_grown_by_answers_are_set_aside_from_full_collections(engine, monkeypatch):
    from bot.engine import core

    settled: list[int] = []
    monkeypatch.setattr(core, "SETTLE_EVERY", 2)
    monkeypatch.setattr(core, "settle", lambda: settled.append(1))
    answers = [engine.answer(q) for q in ("법률지원담당관 예산은?", "서울 확진자?", "2019년 승소율", "예산 얼마야")]
    assert len(settled) == 2  # every second answer
    assert all(a.text for a in answers) and answers[0].answered
