"""The name guard (bot/guard.py) and the generated out-of-scope questions (tests/out_of_scope.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.answer import Conversation
from bot.engine import guard
from bot.engine.siblings import NameGuard, carried, months_fit, year_fits
from bot.engine.understand import Parsed
from bot.records import Fact
from tests.out_of_scope import answered_with_figure, generate

# Generated out-of-scope questions answered with a figure: none may be (issue 10).
MAX_GENERATED_ANSWERED = 0


def _fact(**kw) -> Fact:
    base = dict(id="x", section="I", label="", subject=None, metric="예산", text="1", value=1.0, unit="명", lines=(1,))
    return Fact(**{**base, **kw})


def test_a_range_qualifier_carries_a_number_inside_it():
    f = _fact(
        subject="재난긴급생활비", metric="지원금액", qualifier="3~4인 가구", label="재난긴급생활비 3~4인 가구 금액"
    )
    assert carried("3인 가구", f)
    assert not carried("5인 가구", f)
    assert carried("5인 가구", _fact(qualifier="5인 이상 가구"))
    assert not carried("3개 기관", f)


def test_a_sibling_category_of_the_metric_must_be_carried():
    general = _fact(id="a", subject="공기업담당관", qualifier="일반회계", subject_required=True)
    special = _fact(id="b", subject="예산담당관", qualifier="특별회계", subject_required=True)
    plan = _fact(id="c", subject="재정투융자기금", qualifier="계획", subject_required=True)
    guard = NameGuard([general, special, plan], exempt=["기획조정실"])
    assert guard._picks_among_siblings("qualifier", "특별회계", {"예산"})
    # a category written whole (4 letters or more) is asked also of a figure it is no category of
    # ("특별회계 작년 금액" is not 신속집행 대상액); a short one only of its own metric's figures
    assert guard._picks_among_siblings("qualifier", "특별회계", {"정원"})
    assert not guard._picks_among_siblings("qualifier", "계획", {"정원"})
    assert guard._picks_among_siblings("subject", "예산담당관", {"예산"})
    assert not guard._picks_among_siblings("subject", "기획조정실", {"예산"})


def test_a_month_must_fit_a_dated_figure():
    covid = _fact(metric="확진환자", as_of="2020-04-17 10:00")
    assert months_fit(4, [], [covid])
    assert not months_fit(5, [], [covid])
    assert months_fit(5, [], [_fact(period="2020")])  # a yearly figure is no figure of a wrong month
    assert months_fit(7, [], [_fact(period="2020-06~2020-09")])
    assert not months_fit(4, ["2019"], [covid])


def test_generated_out_of_scope_questions_get_no_figure(engine):
    bad: Counter[str] = Counter()
    total = 0
    for kind, question in generate(engine):
        total += 1
        if answered_with_figure(engine, question):
            bad[kind] += 1
    assert total >= 400
    assert sum(bad.values()) <= MAX_GENERATED_ANSWERED, bad
    for kind in ("department × metric it lacks", "affiliate detail", "budget year", "another Seoul office"):
        assert bad[kind] == 0, kind


def test_named_qualifier_is_not_answered_with_its_sibling(engine):
    ans = engine.answer("공기업담당관 특별회계 예산", Conversation())
    assert not ans.answered and "특별회계" in ans.text
    ans = engine.answer("예산담당관 특별회계 예산", Conversation())
    assert ans.answered and "76,032" in ans.text


def test_operations_are_read_from_the_question_and_computed_from_the_figures(engine):
    from bot.engine.operations import compute, detect

    ops = engine.config.operations
    assert detect("조직담당관예산증가율몇퍼센트", ops) == "percent_change"
    assert detect("현원중여성비율몇퍼센트야", ops) == "share"
    assert detect("2018년이랑2019년승소건수합치면", ops) == "sum"
    assert detect("정원에서 현원 빼면 몇 명", ops) == "difference"
    assert detect("긴급재난지원금이랑 재난긴급생활비 차이가 뭐야", ops) is None
    assert detect("이탈리아 4.13~4.16 사망자 합은?", ops) == "sum"  # 합 as the question's last word
    assert detect("민간위탁 종합성과평가 대상 몇개", ops) is None  # …not the 합 of 종합
    assert detect("법률지원담당관 예산", ops) is None
    a = _fact(id="a", metric="정원", value=306.0, text="306")
    b = _fact(id="b", metric="현원", value=289.0, text="289")
    assert compute("difference", [a, b], []).line == "차이: 17명"
    assert compute("share", [a, b], []).line == "비중: 94.4%"
    old = _fact(id="o", subject="조직담당관", period="2019", value=87315.0, text="87,315", unit="백만원")
    new = _fact(id="n", subject="조직담당관", period="2020", value=104073.0, text="104,073", unit="백만원")
    assert compute("percent_change", [new, old], []).line == "증감률: +19.2%"
    assert compute("share", [a, _fact(id="c", unit="건", value=3.0)], []) is None  # other units: nothing


def test_a_percentage_change_is_answered_with_its_formula(engine):
    ans = engine.answer("조직담당관 예산 증가율 몇 퍼센트야", Conversation())
    assert ans.answered and "19.2%" in ans.text and "÷" in ans.text


def test_a_clause_of_context_is_set_aside():
    from bot.engine.context_clauses import strip_context

    endings = ["인데", "서요", "는데"]

    def known(c: str) -> bool:
        return "확진" in c or "예산" in c

    assert strip_context("당직 중인데 급해서요, 지금 서울 확진자 몇 명?", endings, known) == "지금 서울 확진자 몇 명?"
    assert strip_context("예산 보는데 법률지원담당관은?", endings, known) == "예산 보는데 법률지원담당관은?"
    assert strip_context("서울 확진자", endings, known) == "서울 확진자"


def test_chatty_context_does_not_block_the_question(engine):
    ans = engine.answer("당직 중인데 급해서요, 지금 서울 확진자 몇 명?", Conversation())
    assert ans.answered and "621" in ans.text


def test_a_noun_nothing_reads_blocks_a_figure(engine):
    ans = engine.answer("서울확진자중해외유입몇명", Conversation())
    assert not ans.answered and "해외" in ans.text
    ans = engine.answer("서울확진자몇명", Conversation())
    assert ans.answered and "621" in ans.text
    ans = engine.answer("민간위탁 사무 총 몇 개야", Conversation())  # "개야" is no noun
    assert ans.answered and "380" in ans.text


def test_a_topic_word_of_another_part_of_the_report_reads_no_noun(engine):
    # 변호사 is a topic word of 소송 (III-9); the figures answering are of 민간위탁 (III-5), 법무 (I)
    for text in ("공익감사단 변호사 몇명", "법률지원담당관 변호사 몇 명 근무해?"):
        ans = engine.answer(text, Conversation())
        assert not ans.answered and "변호사" in ans.text, text
    assert "100명" in engine.answer("공익감사단 몇명", Conversation()).text


def test_the_thing_counted_is_not_read_by_a_topic_word_when_figures_were_picked_by_subject_alone(engine):
    for text in ("민간위탁 수탁기관 몇 곳", "민간위탁수탁기관몇개야", "미국 검사 건수 얼마나 돼"):
        ans = engine.answer(text, Conversation())
        assert not ans.answered, text
    # a topic word that is not what is counted still reads its noun
    assert "45개" in engine.answer("영상회의로 몇 개 해외도시에 방역정책 설명했어", Conversation()).text
    assert "380" in engine.answer("민간위탁 사무 몇 개", Conversation()).text


def test_the_whole_counted_is_not_answered_with_a_count_of_some_of_it(engine):
    # 45 is the C40 member cities that attended a meeting (참석 도시 수), not every member city
    for text in ("C40 회원도시 전부 몇 개야", "C40 전체 회원도시 몇 개예요"):
        ans = engine.answer(text, Conversation())
        assert not ans.answered and "전" in ans.text, text
    assert "45개" in engine.answer("C40 회원도시 몇 개", Conversation()).text
    assert "380" in engine.answer("민간위탁 전체 몇 개", Conversation()).text  # 사무 수: no part of it
    assert "55.9" in engine.answer("전체 예산 감소율 몇 퍼센트예요", Conversation()).text  # no count
    # a measure whose own word is the whole (누적) is no part; 모두 sums up what is listed
    assert "177,633명" in engine.answer("스페인 확진자 전체 몇 명", Conversation()).text
    ans = engine.answer("일반직 정원이랑 현원 모두 몇 명", Conversation())
    assert "256명" in ans.text and "242명" in ans.text and "289명" not in ans.text


def test_the_owners_figures_given_by_default_leave_no_noun_unread(engine):
    # no subject named: 기획조정실's total answers "예산 얼마", not "평가 예산 얼마" (평가 is a
    # word the report writes everywhere, so only a default answer holds it to be read)
    for text in ("평가 예산 얼마", "평가예산"):
        ans = engine.answer(text, Conversation())
        assert not ans.answered and "평가" in ans.text, text
    assert "1,610,029" in engine.answer("예산 얼마", Conversation()).text
    assert "306명" in engine.answer("기조실 정원", Conversation()).text


def test_counted_reads_the_word_before_a_count():
    assert guard.counted("수탁기관몇곳", 4) and guard.counted("검사건수", 2) and guard.counted("위원은몇명", 2)
    assert not guard.counted("영상회의로몇개", 4) and not guard.counted("수탁기관", 4)


def test_an_operation_the_figures_cannot_serve_is_declined_not_answered_with_one_figure(engine):
    ans = engine.answer("재난긴급생활비랑 전국 확진자 합치면 얼마예요", Conversation())  # 억원 and 명
    assert not ans.answered and "계산할 수 없습니다" in ans.text and "3,271" not in ans.text
    ans = engine.answer("재난긴급생활비랑 긴급재난지원금 시 예산 합치면 얼마예요", Conversation())
    assert ans.answered and "8,487" in ans.text
    ans = engine.answer("긴급재난지원금이랑 재난긴급생활비 차이가 뭐야?", Conversation())  # what differs: text
    assert "계산할 수 없습니다" not in ans.text


def test_a_range_of_two_years_reads_every_year_between(engine):
    ans = engine.answer("2017년부터 2019년까지 재결건수 다 합치면 몇 건", Conversation())
    assert ans.answered and "4,448" in ans.text and "1,510" in ans.text


def test_a_year_must_fit_a_dated_figure(engine):
    assert year_fits("2019", [_fact(period="2019")]) and not year_fits("2021", [_fact(period="2020")])
    assert year_fits("2020", [_fact(period="2018-07~2020-06")]) and year_fits("2021", [_fact()])
    ans = engine.answer("2021년 기조실 예산안 얼마로 올라가요", Conversation())
    assert not ans.answered and "2021" in ans.text


def test_a_count_and_an_amount_asked_at_once_are_both_answered(engine):
    from bot.engine.measures import asked_kinds, kind_of_unit

    assert asked_kinds("50억이상투자사업몇개고얼마야") == {"count", "money"}
    assert asked_kinds("소송몇건몇%") == {"count", "percent"}
    assert asked_kinds("얼마나늘었어") == set()
    assert (kind_of_unit("억원"), kind_of_unit("건"), kind_of_unit("%"), kind_of_unit("월")) == (
        "money",
        "count",
        "percent",
        None,
    )
    ans = engine.answer("50억 이상 투자사업 몇개고 얼마야", Conversation())
    assert "155" in ans.text and "4조 5,898" in ans.text


def test_how_many_people_of_a_department_means_its_staffing(engine):
    ans = engine.answer("공기업담당관사람몇명이야", Conversation())
    assert ans.answered and "21" in ans.text and "19" in ans.text  # 정원 21, 현원 19


def test_context_glued_to_the_question_and_a_vacancy_count(engine):
    ans = engine.answer("당직중인데급해서요서울격리중몇명", Conversation())
    assert ans.answered and "351" in ans.text
    ans = engine.answer("기조실 전체 결원 몇 명이에요?", Conversation())  # 결원 = 정원 − 현원
    assert ans.answered and "17명" in ans.text


def test_names_asked_are_not_answered_with_a_count(engine):
    ans = engine.answer("기조실 3관 이름 뭐뭐야", Conversation())
    assert not ans.answered and "3관" not in ans.text


def test_a_change_asked_as_a_follow_up_is_the_change_of_the_figure_just_answered(engine):
    conv = Conversation()
    assert "621" in engine.answer("서울 확진자", conv).text
    ans = engine.answer("증감은?", conv)
    assert ans.answered and "+2" in ans.text and "백만원" not in ans.text


def test_a_rate_asked_is_not_answered_with_a_count(engine):
    ans = engine.answer("해외도시협력담당관 여성 비율", Conversation())
    assert ans.lines[0] == "비율: 81.2%" and ans.computed == "계산: 13 ÷ 16 × 100"  # of its 현원, not the 13명
    assert "60.2%" in engine.answer("현원 중 여성 비율 몇 퍼센트", Conversation()).text  # computed: 174 ÷ 289


def test_two_named_things_compared_show_both_figures_and_the_difference(engine):
    ans = engine.answer("법률지원담당관이법무담당관보다예산얼마더많아", Conversation())
    assert ans.answered and "5,611" in ans.text and "6,369" in ans.text and "758" in ans.text
    # two measures of one thing: their difference, not either one's change over the years
    ans = engine.answer("2019년 승소가 패소보다 몇건 많아", Conversation())
    assert ans.answered and "379" in ans.text and "110" in ans.text and "269" in ans.text
    ans = engine.answer("정원이 현원보다 몇명 많아", Conversation())
    assert ans.answered and "17명" in ans.text
    ans = engine.answer("민간위탁 시설이 사무보다 예산 얼마 더 많아", Conversation())  # two categories
    assert ans.answered and "5,466" in ans.text
    ans = engine.answer("서울 확진 하루새 몇명 늘었고 퇴원은 몇명 늘었어", Conversation())  # a change, not a difference
    assert "353" not in ans.text
    ans = engine.answer("기획담당관 예산 작년보다 얼마 줄고 평가담당관은 얼마 늘었어? 각각", Conversation())
    assert ans.answered and "-17" in ans.text and "631" in ans.text  # each one's change, not B − A
    # no measure named: the one in the kind asked (얼마: money) both have; "작년에" is their year, no change
    ans = engine.answer("감채기금이 재정투융자기금보다 작년에 얼마 더 많았어", Conversation())
    assert ans.answered and "197,592" in ans.text and "2019년" in ans.text


def test_a_change_modifying_a_noun_asks_which_rows_changed(engine):
    ans = engine.answer("작년 대비 늘어난 기금은?", Conversation())
    assert ans.answered and "지역개발기금 104" in ans.text and "감채기금" not in ans.text.split("\n")[0]
    ans = engine.answer("기조실 총예산 작년 대비 몇 퍼센트 감소한 거예요", Conversation())  # how much, not which
    assert "55.9" in ans.text


def test_a_range_of_days_in_one_month_is_summed_over_every_day(engine):
    ans = engine.answer("4월 13일부터 16일까지 미국 신규 확진자 합계", Conversation())
    assert ans.answered and "111,189" in ans.text
    ans = engine.answer("기조실 정원 합계", Conversation())  # the table's own total: nothing summed twice
    assert "306" in ans.text and "계산" not in ans.text


def test_a_sum_takes_the_one_measure_asked_and_cut_words_ask_a_change(engine):
    ans = engine.answer("예산담당관 일반회계랑 특별회계 올해 합계는", Conversation())
    assert "344,377" in ans.text  # 268,345 + 76,032, not their 사업수 or 증감
    ans = engine.answer("해외도시협력담당관 예산 얼마 깎였어", Conversation())
    assert "237" in ans.text


def test_two_years_typed_apart_and_a_share_within_a_row(engine):
    assert "223" in engine.answer("2018 2019 패소건수 합쳐서 몇건이에요", Conversation()).text
    assert "60.2%" in engine.answer("기조실 현원 중 여성 비율 몇 퍼센트에요", Conversation()).text
    ans = engine.answer("기조실 정원보다 몇명 모자라?", Conversation())  # one figure: no difference to show
    assert "306명" not in ans.text or "17" in ans.text


def test_an_office_glued_before_a_name_is_read_and_a_shortened_name_is_not_foreign(engine):
    ans = engine.answer("도시계획국일반회계예산은?", Conversation())
    assert not ans.answered and "도시계획국" in ans.text
    ans = engine.answer("민간위탁위원회정기심의몇회로늘렸어", Conversation())  # 민간위탁운영평가위원회, cut short
    assert "민간위탁위원회에 대한" not in ans.text


def test_a_lone_surrogate_is_set_aside_and_the_question_answered(engine):
    ans = engine.answer("\ud800 법률지원담당관 예산", Conversation())
    assert ans.answered and "6,369" in ans.text


def test_two_letter_metric_names_with_one_wrong_letter(engine):
    assert "202,455" in engine.answer("재정균형발전담당관 올해 예싼", Conversation()).text
    assert "40명" in engine.answer("예산담당관정웜몇명", Conversation()).text
    ans = engine.answer("계약심사단 운영규정은 예규 몇 호예요?", Conversation())  # 정은 is 규정 + 은, no 정원
    assert "정원" not in ans.text


def test_a_share_of_a_table_without_a_total_line_is_of_its_rows(engine):
    ans = engine.answer("올해 기금중 재정투융자기금 비중 몇퍼", Conversation())
    assert ans.answered and "51.7%" in ans.text and "931,722" in ans.text  # 481,442 of the four funds


def test_olratda_is_a_verb_not_this_year(engine):
    ans = engine.answer("승소율 2018년 대비 2019년 얼마나 올랐어", Conversation())
    assert "+4.5%p" in ans.text and "75.8" not in ans.text  # 2018 → 2019, not 2019 → 2020


def test_a_subject_named_must_be_the_one_answered(engine):
    ans = engine.answer("계약심사로절감한금액얼마예요", Conversation())  # not 재난긴급생활비's 금액
    assert not ans.answered and "계약심사의 금액" in ans.text
    ans = engine.answer("대외협력기금 사업 몇개고 얼마야", Conversation())  # not 행정심판위원회's 사업
    assert "대외협력기금" in ans.text and "행정심판" not in ans.text
    ans = engine.answer("자치경찰 정례회의 몇번", Conversation())  # its section's figure speaks of it
    assert ans.answered and "7회" in ans.text


def test_a_name_across_a_space_from_a_one_letter_word_is_no_name(engine):
    ans = engine.answer("정책목표 중 국제교류 관련 전략은?", Conversation())  # no 중국 in "중 국제"
    assert ans.answered and "도시위상" in ans.text


def test_the_kind_asked_must_be_shown():
    from bot.answer import Answer
    from bot.engine import kinds

    class Res:  # the word lists the check reads (intents.yaml)
        class config:  # noqa: N801
            when_asking_words = ["언제", "기간", "몇월"]
            figure_asking_words = ["얼마", "몇"]
            year_asking_words = ["몇년"]
            duration_words = ["동안", "간"]
            change_asking_words = ["늘었"]
            place_asking_words = ["장소", "위치"]
            event_place_words = ["어디서"]
            event_words = ["박람회"]
            place_marks = ["운동장", "보건소"]
            person_asking_words = ["위원장"]

    def shown(question: str, line: str) -> list[str]:
        return kinds.unshown(Res, Parsed(text=question, compact=question), Answer("", True, line, lines=[line]))  # type: ignore[arg-type]

    assert shown("캠페인기간", "성과: 30% 이상") == ["기간"]
    assert shown("캠페인기간", "3. 2 ~ 3. 15") == []
    assert shown("체크리스트언제배포", "상반기 배포") == []
    assert shown("인상률얼마예요", "추진 배경: 인상률 준수는 경영평가로") == ["얼마"]
    assert shown("인상률얼마예요", "인상률 통보: 1∼2월중 (실적, III-11)") == ["얼마"]  # a month is no figure
    assert shown("법안몇월통과", "5월 통과 대응") == []  # 몇 월 asks when
    assert shown("초과분몇년편성분에서감액", "초과분 감액(’21년 편성분)") == []  # 몇 년: the year written
    assert shown("초과분몇건감액", "초과분 감액(’21년 편성분)") == ["몇"]  # a year is no count
    assert shown("감액몇년동안해", "초과분 감액(’21년 편성분)") == ["몇"]  # a length of time is no year
    assert shown("박람회장소", "농·특산물 장터 운영") == ["장소"]  # names no place
    assert shown("선별진료소위치", "각 자치구 보건소 및 잠실운동장") == []
    assert shown("박람회어디서해", "농·특산물 장터 운영") == ["장소"]  # where an event is held
    assert shown("위원장누구야", "심사방법: 위원 15명 내외 심의") == ["위원장"]  # a post: no text without it


def test_an_answer_passed_over_for_one_that_shows_the_kind_asked(engine):
    ans = engine.answer("잠시멈춤캠페인기간", Conversation())  # not its 성과 (30%)
    assert ans.answered and "3. 15" in ans.text.replace("3.15", "3. 15")


@pytest.mark.parametrize(
    "before, question, says",
    [
        (("시 투자심사 몇건 했어", "중앙은?"), "총사업비 각각 얼마야", ("3,459", "3,642")),
        (("미국 누적확진 몇이야", "스페인은?"), "둘 중 누적사망 더 많은 나라는", ("미국 25,871명", "스페인 18,579명")),
    ],
)
def test_a_follow_up_asking_each_or_of_the_two_reads_both_things_just_asked(engine, before, question, says):
    conv = Conversation()
    for q in before:
        engine.answer(q, conv)
    ans = engine.answer(question, conv)
    assert all(x in ans.text for x in says)


def test_a_growth_asked_is_not_answered_with_the_figure_itself(engine):
    ans = engine.answer("서울 의사환자 하루에 몇 명 늘었어", Conversation())  # no daily change of 의사환자
    assert not ans.answered
    ans = engine.answer("서울 확진자 하루에 몇 명 늘었어", Conversation())
    assert ans.answered and "+2명" in ans.text
    # a change asked as a noun, answered by two measures of one year (총규모 beside 합계 예산)
    ans = engine.answer("전체 예산 감소액 얼마야", Conversation())
    assert not ans.answered and "감소액" in ans.text
    ans = engine.answer("실무반 몇개에서 몇개로 늘렸어", Conversation())  # one measure at two stages
    assert ans.answered and "9" in ans.text and "13" in ans.text


def test_an_ask_back_that_leaves_a_noun_unread_is_a_decline(engine):
    ans = engine.answer("런던 확진자 몇명이야", Conversation())  # the report names 런던, not its cases
    assert not ans.answered and not ans.choices and "런던" in ans.text


def test_what_is_left_and_what_is_short_are_computed_differences(engine):
    ans = engine.answer("포괄비 예산에서 쓰고 남은 거 얼마예요", Conversation())  # 예산 − 사용액
    assert ans.answered and "1,004" in ans.text and "2,080 − 1,076" in ans.text
    ans = engine.answer("기조실 정원보다 몇명 모자라?", Conversation())  # 정원 − 현원
    assert ans.answered and "17명" in ans.text


def test_one_named_figure_as_a_share_of_another_and_two_summed(engine):
    ans = engine.answer("서울 확진자가 전국의 몇 퍼센트야", Conversation())
    assert ans.answered and "5.8%" in ans.text and "621 ÷ 10,635" in ans.text
    ans = engine.answer("시 투자심사랑 중앙투자심사 건수 합치면요", Conversation())  # no 사랑 in "심사랑"
    assert ans.answered and "56건" in ans.text
    ans = engine.answer("기획조정실장은 누구야?", Conversation())  # 실장 is read in 기획조정실장
    assert not ans.answered


def test_points_asked_of_two_rates_are_their_difference_not_a_percentage_change(engine):
    ans = engine.answer("신속집행 집행률 전년 동기 대비 몇 %p 올랐어요", Conversation())
    assert ans.answered and "8.4%p" in ans.text


def test_self_quarantined_people_are_not_patients_in_isolation(engine):
    ans = engine.answer("서울 자가격리자 지금 몇명이야", Conversation())  # 격리중 is confirmed patients
    assert "351" not in ans.text


def test_which_one_asked_is_not_answered_with_a_count(engine):
    ans = engine.answer("학술용역 부적정 4건 무슨 용역이었어요", Conversation())  # names, not 4건
    assert not ans.answered
    ans = engine.answer("일자리 사업 집행률 지금 어느 정도예요?", Conversation())  # 어느 정도 asks the figure
    assert ans.answered and "36.7" in ans.text


@pytest.mark.parametrize(
    "question, says",
    [
        ("무단이탈자한테 뭐 채워?", "안심밴드"),  # 한테 is a particle, 채워 a verb
        ("pc방 노래방 어떻게 하라고했어", "휴업 권고"),  # 노래 (out of scope) inside 노래방
        ("민간위탁업무어느과에서 해", "조직담당관"),  # 어느과 asks a department, names none
    ],
)
def test_everyday_words_around_a_known_name_do_not_block_it(engine, question, says):
    ans = engine.answer(question, Conversation())
    assert ans.answered and says in ans.text


def test_a_count_asked_in_a_unit_is_not_answered_in_another(engine):
    ans = engine.answer("수시 투자심사 총 몇회로 확대해", Conversation())  # 10회, not 30일 nor 48건
    assert ans.answered and "10회" in ans.text and "30일" not in ans.text and "48건" not in ans.text
    ans = engine.answer("임기제 전체 몇 명 꾸려져 있어", Conversation())  # not 461건: its 정원 and 현원
    assert ans.answered and "42명" in ans.text and "38명" in ans.text and "건" not in ans.text


def test_a_count_in_its_unit_and_a_computed_percentage_pass(engine):
    assert "28명" in engine.answer("법률지원담당관 몇 명이야", Conversation()).text
    assert "60.2%" in engine.answer("현원 중 여성 비율 몇 퍼센트야", Conversation()).text


def test_a_comparison_with_a_year_the_printed_change_does_not_compare_with_is_computed(engine):
    ans = engine.answer("회당 평균 재결건수 2017년 대비 올해 얼마나 늘었어요", Conversation())  # printed: vs 2019
    assert ans.answered and "+17.2건" in ans.text and "5.6건" not in ans.text
    ans = engine.answer("신속집행 작년 같은때보다 얼마 더 썼어요", Conversation())  # 전년 동기 대비 is 2019's
    assert ans.answered and "2조 6,309" in ans.text


def test_an_amount_of_money_asked_is_not_answered_with_rates(engine):
    ans = engine.answer("출연기관 총인건비 총액이 얼마예요", Conversation())  # the report gives rates only
    assert not ans.answered and "총액" in ans.text
    assert engine.answer("감채기금 올해 얼마", Conversation()).answered


def test_a_difference_between_two_named_things_is_not_of_their_printed_changes(engine):
    ans = engine.answer("법률지원담당관이랑 국제교류담당관 2020 일반회계 차이 얼마나 나요", Conversation())
    assert "637 − 20" not in ans.text  # not 증감 − 증감
    ans = engine.answer("조직담당관이 기획담당관보다 정원 몇 명 많아", Conversation())
    assert "35명 − 39명" in ans.text


def test_a_length_in_days_asked_is_answered_in_days_and_a_range_is_no_date(engine):
    ans = engine.answer("투자심사 기간 며칠로 줄이는거야", Conversation())  # not the plan's months
    assert ans.answered and "30일" in ans.text
    conv = Conversation()
    engine.answer("재난긴급생활비 얼마 줘", conv)
    ans = engine.answer("언제까지 다 줘?", conv)  # "30~50만원" shows no date
    assert "30~50만원" not in ans.text or "5.29" in ans.text.replace(" ", "")


def test_context_before_and_a_purpose_after_the_question_are_set_aside():
    from bot.engine.context_clauses import strip_context, strip_trailing

    def known(c: str) -> bool:
        return "민간위탁" in c or "재결" in c

    assert strip_context("팀장님이 물어보셔서 급하게 찾는 건데 민간위탁 사무 몇 개야", ["셔서", "건데"], known) == (
        "민간위탁 사무 몇 개야"
    )
    assert (
        strip_trailing("재결건수 몇 건이에요? 의원실 자료에 넣으려고요", ["려고요"], known) == "재결건수 몇 건이에요?"
    )
    assert strip_trailing("재결건수 몇 건이에요? 재결례도 보려고요", ["려고요"], known).endswith("보려고요")


def test_a_name_made_a_cost_is_not_answered_with_the_name_s_figures(engine):
    # no 비율 repaired from 비 and the first letter of 얼마
    for q in ("서울정책연수프로그램참가비얼마야", "서울정책연수프로그램 참가비 얼마야"):
        ans = engine.answer(q, Conversation())
        assert not ans.answered and "참가비" in ans.text, q
    assert engine.answer("예산비교", Conversation()).answered  # 비 begins a word of its own
    assert engine.answer("투자심사 대상 사업비 기준", Conversation()).answered  # 사업비 is a name


def test_what_happened_on_a_day_is_the_report_s_dated_lines_of_that_day(engine):
    ans = engine.answer("1월4일에 뭐 꾸렸어?", Conversation())
    assert ans.answered and "원인불명 폐렴 대책반" in ans.text and "1월 4일" in ans.text
    assert not engine.answer("5월 4일에 뭐 했어", Conversation()).answered  # nothing dated that day


def test_a_ranking_asked_is_not_answered_with_texts(engine):
    ans = engine.answer("출연기관별 총인건비 가장 많은 기관 어디예요", Conversation())  # no figure per 출연기관
    assert not ans.answered and "기관별 순위" in ans.text  # the things ranked, named
    assert engine.answer("일반회계 예산이 가장 많은 부서", Conversation()).answered


def test_an_office_the_report_gives_no_figure_of_is_not_answered_with_another_s(engine):
    ans = engine.answer("재무국 올해 신속집행률 얼마야", Conversation())  # 재무국's role is written, no figure
    assert not ans.answered and "재무국" in ans.text
    assert engine.answer("재무국 역할", Conversation()).answered


def test_a_year_asked_of_texts_that_do_not_speak_of_it_is_declined(engine):
    for q in ("내년 총인건비 인상률", "작년총인건비인상률", "작년에 총인건비 위반한 기관 어디예요"):
        assert not engine.answer(q, Conversation()).answered, q
    assert engine.answer("총인건비 위반하면 어떻게 돼", Conversation()).answered


def test_the_disease_s_name_is_no_figure_a_text_shows(engine):
    ans = engine.answer("11번가 농산물 판매액 얼마 나왔어", Conversation())  # the text shows 코로나19, no amount
    assert not ans.answered


@pytest.mark.parametrize(
    "turns, says",
    [
        (("조직담당관 예산 얼마야", "작년은?", "그럼사업수는?"), "12개"),  # 2020's, not 2019's 11개
        (("법률지원담당관예산얼마야", "작년은?", "그럼 법무담당관은?"), "758"),
        (("일자리 사업 3월말 집행률 몇이에요", "작년 같은 때는요?", "그럼 50억 이상 투자사업은?"), "13.8"),
        (("2019년 재결건수", "2018년은?", "그 해 회당 평균은?"), "62.9"),  # "그 해": the year just asked
    ],
)
def test_a_period_said_alone_holds_for_its_own_turn(engine, turns, says):
    conv = Conversation()
    for q in turns:
        ans = engine.answer(q, conv)
    assert ans.answered and says in ans.text


def test_another_year_after_a_ranking_of_a_year_ranks_again(engine):
    conv = Conversation()
    engine.answer("올해 기금 중에 제일 큰 거 뭐예요", conv)
    ans = engine.answer("작년엔?", conv)
    assert ans.answered and "감채기금 1,248,062" in ans.text  # 2019's first, not 재정투융자기금's 2019
    conv = Conversation()
    engine.answer("올해 기금 중 제일 큰 거 뭐에요", conv)
    ans = engine.answer("그거 작년엔 얼마였어요", conv)  # that one's 2019 figure
    assert ans.answered and ans.text.startswith("재정투융자기금") and "1,050,470" in ans.text


def test_a_text_item_of_the_thing_named_comes_before_another_s_of_the_same_aspect(engine):
    ans = engine.answer("서울연구원 조직 어떻게 돼", Conversation())  # its 구성, not 기획조정실's 조직
    assert ans.answered and "1본부 8실 2센터" in ans.text


def test_a_noun_of_one_text_item_alone_answers_a_what_question_with_it(engine):
    for q in ("거제뭐판매", "성주에서 뭐 팔았어", "아산 괴산은 무슨 판매 지원했어요?"):
        ans = engine.answer(q, Conversation())
        assert ans.answered and "거제(우럭·참돔)" in ans.text, q
    assert not engine.answer("거제 인구 몇명", Conversation()).answered  # a figure: no text by a noun alone
    ans = engine.answer("재결례 어디 게시해", Conversation())  # 재결례 is a figure's remark too
    assert "simpan.go.kr" in ans.text
    ans = engine.answer("재난긴급생활비 상품권 뭘로 줘", Conversation())  # not every rule of the programme
    assert "대상" not in ans.text


def test_the_year_before_asked_of_what_has_none_is_declined_not_another_s(engine):
    conv = Conversation()
    engine.answer("학술용역 심의 적정 몇건", conv)
    ans = engine.answer("작년 같은 기간은?", conv)  # not 신속집행's 전년 동기
    assert not ans.answered and "2019" in ans.text


def test_figures_only_of_a_name_set_aside_do_not_answer_the_rest(engine):
    ans = engine.answer("태릉 말고 다른 생활치료센터 병상 몇개야", Conversation())
    assert not ans.answered and "태릉 외의 생활치료센터" in ans.text and "210" not in ans.text
    assert engine.answer("태릉 생활치료센터 병상 몇개야", Conversation()).answered
    ans = engine.answer("서울 빼고 전국 확진자", Conversation())  # the rest, computed
    assert ans.answered and "10,635 − 621" in ans.text


@pytest.mark.parametrize(
    "question, says, answered",
    [
        ("예산 늘어난 비율 얼마야", "조직담당관 16,758", False),  # a measure after 늘어난, no rows
        ("1월 20일 런던에서 무슨 일", "방역대책반", False),  # not Seoul's lines of that day
        ("예산 비싸?", "1,610,029", True),  # 비 begins a word of its own
        ("패소가 승소보다 몇 건 많아", "패소 건수 − 승소 건수: -47건", True),  # A − B as asked
    ],
)
def test_what_a_review_of_the_session_found(engine, question, says, answered):
    ans = engine.answer(question, Conversation())
    assert (says in ans.text) == answered, ans.text


def test_a_pinned_text_and_a_day_s_lines_are_answered_in_a_chat_too(engine):
    conv = Conversation()  # the last turn's subject is no name of a new question
    for q in ("법률지원담당관 예산 얼마야", "작년은?"):
        engine.answer(q, conv)
    assert "거제(우럭·참돔)" in engine.answer("거제뭐판매", conv).text
    assert "원인불명 폐렴 대책반" in engine.answer("1월4일에 뭐 꾸렸어", conv).text


def test_a_noun_of_another_name_of_the_subject_answered_is_read(engine):
    # 자치구 is in 지원예산's other name "민간·자치구·투출기관 지원예산"; 정부 in "정부 긴급재난지원금"
    ans = engine.answer("민간·자치구지원예산규모", Conversation())
    assert ans.answered and "14조 9,299" in ans.text
    assert engine.answer("3인이면정부꺼?", Conversation()).answered


def test_a_person_asked_of_an_office_named_is_not_that_office_s_functions(engine):
    ans = engine.answer("예산담당관 이름 누구야", Conversation())  # the report names no person
    assert not ans.answered and "예산담당관의 담당자" in ans.text
    assert not engine.answer("예산담당관 누구야", Conversation()).answered  # nor its figures
    assert "법률지원담당관" in engine.answer("서울시 소송 수행은 누가 맡고 있나요?", Conversation()).text


def test_a_category_named_that_the_figures_answered_are_not_of_is_declined(engine):
    # the staffing table gives 임기제 and 여성 공무원, never women among 임기제
    ans = engine.answer("기획담당관 여성 임기제 몇명", Conversation())
    assert not ans.answered and "임기제" in ans.text
    assert "42명" in engine.answer("기조실 임기제 몇명", Conversation()).text  # the category's own figures
    assert "40만원" in engine.answer("재난긴급생활비 3인가구 얼마야", Conversation()).text  # a size of 3~4인
    assert not engine.answer("기획담당관 기금 사업수", Conversation()).answered  # not its 일반회계 사업수
    ans = engine.answer("2020년 일반회계, 특별회계, 기금 각각 얼마인가요", Conversation())
    assert ans.answered and "602,275" in ans.text  # not declined for 기금 (its figure is still left out)
