"""The engine's thresholds and patterns, in one place: the numbers that decide between
answering, asking back and declining."""

import re

from bot.korean import words

CHANGE_WORDS = words.CHANGE_WORDS  # metrics the report prints as a change (bot/korean/words.yaml)
# answers checked against the question's words (rankings, trends and summaries answer a topic)
GUARDED_INTENTS = ("lookup", "detail", "who", "why", "schedule", "change")
ANSWER_SCORE = 4.0  # a fact below this is not confidently what was asked
SPOKEN_SHARE = 0.5  # an answer speaks of a name when it holds at least half of the name's letter pairs
DISTINCTIVE_IDF = 3.0  # a bigram in fewer than about 5% of the records
COUNTERS = "|".join(words.COUNTERS)
MONTH_IN_TEXT = re.compile(r"\d{1,2}\s*월")
JOINED = re.compile(
    "(" + words.alternatives(words.JOINED_WORDS) + "|[,/·]|[가-힣](" + words.alternatives(words.AND_PARTICLES) + ") )"
)  # "A랑 B", "A와 B", "A/B 각각"
CERTAIN_SCORE = 8.5  # subject and metric named exactly: no need to check the rest of the question
MAX_FACT_LINES = 6
# two measures' day series listed whole ("스페인 확진 사망": four days and a total each)
MAX_SERIES_LINES = 2 * MAX_FACT_LINES
MAX_CHOICES = 3  # an ask-back offers at most this many choices (more is no quick answer to give)
MAX_QUESTION_PARTS = MAX_FACT_LINES  # "몇 건 " × 120: as many parts as an answer lists figures, not 120 lookups
# a run of this many letters with no known name in it is not a typo of one (typo repair is
# quadratic in the run's length: 490 letters of "법률지웡담당관…" took 25 ms)
MAX_TYPO_SEGMENT = 60
SHORTENED_NAME_MIN = (
    4  # an office's name less its ending names it from this many letters ("국제교류"; "평가" is too short)
)
# a measure's name less its last, generic word (건수, 수: words.yaml generic_measures) names it from
# this many letters ("회당 주부심 지정" of 회당 주·부심 지정 건수; "심사" of 심사 건수 is too short)
MEASURE_STEM_MIN = 4
WHOLE_WORD_LETTERS = 2  # a word naming the whole ("전체") says so from two letters (the 계 of "계산" does not)
MAX_FILLER_LETTERS = 4  # a filler glued before a name ("그럼전국") is at most this long
SHARED_HEAD_LETTERS = 2  # "시랑 중앙투자심사": the letters before 랑 that take the next name's ending
SHARED_METRIC_HEAD_LETTERS = 3  # "승소와 패소 건수", "확진자랑 사망자 수": a measure's word before 와, up to 3 letters
PERIOD_WORDS = words.PERIOD_WORDS  # qualifier words that only name the period compared
FOLLOW_UP_SLOTS = ("subjects", "metrics", "qualifiers", "aspects", "sections", "periods")

# several questions in one message: "몇 건 … 몇 건", "예산이랑 목표율", "몇 개 사무에 예산 얼마"
ASKING = re.compile(words.alternatives(words.ASKING_WORDS))
SEVERAL_ASKING = re.compile(words.alternatives(words.ASKING_WORDS + words.WHEN_ASKED_WORDS))  # two: two questions
COUNTED_AFTER = re.compile(r"몇\s*(?:" + COUNTERS + ")")  # "몇 건", "몇 개": a count and its counter
CLAUSE_JOIN = re.compile(
    "[가-힣]("
    + words.alternatives(words.CLAUSE_JOIN_PARTICLES)
    # "…늘었어? 누적도"; a comma, spaced or not ("비율,타지자체는")
    + rf") |[가-힣],\s*[가-힣]| {words.AND_WORD} |[가-힣]/[가-힣]|[?？]\s*[가-힣]"
    + "|(?<=\\S) ("  # after a word, not the first ("그리고 서울은?"), nor "되고 있어" (is going)
    + words.alternatives(words.CLAUSE_JOIN_WORDS)
    + ") (?!있)"
)
CLAUSE_SPLIT = re.compile(
    rf"\s*[,/]\s*|(?<=[?？])\s*|\s+{words.AND_WORD}\s+"
    + r"|\s+(?:"
    + words.alternatives(words.CLAUSE_JOIN_WORDS)  # "… 그리고 …": the word itself, not 그리 and its ending
    + r")\s+|(?<=[가-힣])(?:"
    + words.alternatives(words.CLAUSE_SPLIT_ENDINGS)
    + r")\s+"
)
# … and typed without spaces: an asking word, its counter and a joining ending ("몇건했고적정몇건",
# "얼마고사업몇개"): the next part begins after the ending
GLUED_CLAUSE_SPLIT = re.compile(
    r"(?:몇[가-힣]{0,2}?|얼마)(?:"
    + words.alternatives(tuple(e for e in words.CLAUSE_SPLIT_ENDINGS if e.endswith(("고", "며"))))
    + r")(?=[가-힣])"
)
# … and after a question ended inside the message: "몇" or "얼마", a few words, a final ending,
# then a part that asks again: a count or an amount, or a thing ending in 은/는/도 ("몇 명이야
# 외부는", "몇 건 했어 총사업비는"; not a word that qualifies the first: "몇 명이야 정원 기준으로")
ASKED_THEN_MORE = re.compile(
    r"(?:몇|얼마)[^?？,]{0,12}?(?:"
    + words.alternatives(words.QUESTION_END_LETTERS)
    + r"|(?<![인는은던까])지)"  # (지 ends a question, not "얼마인지" asked within a sentence nor 까지)
    + r"(?=\s+(?:[^?？]*?(?:몇|얼마)|[^?？]*[은는도]요?\s*[?？]?\s*$))"
)
# … and typed without spaces: a count or an amount asked, a few letters, an ending that closes it
# (words.yaml question_end_letters, or 고, 며, 에 that join the next), then a part that asks again or
# ends in 은/는/도 ("몇명이야|외부는", "얼마에|사업몇개야", "몇만가구고|예산은얼마")
ASKED_THEN_MORE_GLUED = re.compile(
    r"(?:몇|얼마)[가-힣]{0,3}?(?:"
    + words.alternatives((*words.QUESTION_END_LETTERS, "고", "며", "에"))
    + r")(?=[가-힣]+?(?:몇|얼마)|[가-힣]+[은는도]요?[?？]?$)"
)
AND_SPLIT = re.compile(
    "(?<=[가-힣])[" + "".join(words.AND_PARTICLES) + r"]\s+"
)  # "건수와 예산액": split unless the word is a name (재정균형과)
COMPARED_WITH = re.compile(words.alternatives(words.COMPARED_WITH))  # "작년보다": the year is the base of a comparison
# Units many metrics are counted in: asking one names no metric by itself (unlike 개국, 병상)
COMMON_UNITS = frozenset({"명", "건", "회", "개", "%", "원", "억원", "일", "월", "시간", "분", "곳", "팀", "개소"})
AMONG = re.compile(words.alternatives(words.AMONG_WORDS))  # "판결확정 중 승소": what follows 중 is asked
THAT_TIME = re.compile(words.alternatives(words.THAT_TIME))  # "그 해 회당 평균은?": the period just asked about
DETAIL_SCORE = 4.0  # a text item this close to the question (aspect and subject named) answers it as text

# --- cutoffs of the answerers, each with why it has its value --------------------------------
# facts: scores add 3 for a named metric, 3 for a named subject, up to 2 for a category, ~1 for a
# period and 1.5 for shared letters (see Index.score_fact)
NEAR_SCORE = ANSWER_SCORE - 1  # one point short: a period or a category not named, the rest is
HINT_SCORE = ANSWER_SCORE - 1.5  # half a name and a unit: enough to offer the one figure, or ask back
TIE_SCORE = 0.01  # figures this close are equally good (rounding of the summed weights)
SAME_THING_SCORE = 0.3  # another metric of the same row this close also answers ("실적": 집행률 and 집행액)
CLOSE_SCORE = 0.5  # figures this close to the best one read as the same answer
JOINED_SCORE = 1.0  # in "A랑 B", a figure this close to the best one is the other thing asked
CARRIED_METRIC_SHARE = 0.5  # a measure asked keeps the last subject when more of one of its figures' is named …
MEASURE_HEAD_LETTERS = 2  # … or the first letters of its last word (사망자: 누적 사망자; 확진자: 확진환자)
PART_METRIC_SHARE = 0.5  # a figure whose measure is half named ("위원 현원" for "위원 몇 명") may be meant
CATEGORY_SCORE = 2.1  # in "외부 내부", a category's best figure may lose its category bonus (2.0)
SHARED_METRIC = 0.75  # "A랑 B" lists figures whose metric is this much named (3 of 4 words)
CONFIDENCE_SCALE = 8.0  # a fact's score over this is its answer's confidence (8: metric, subject, period)
# text items: 2 for a named subject, 2.5 for a named aspect, 3 for shared letters (Index.details)
COVERING_DETAIL = 2.0  # a text speaking of every word of the question needs no more than a subject
DETAIL_OK = 3.5  # a subject and some shared letters, or an aspect and many
DETAIL_OVER_UNCOVERED = 4.5  # a text this close wins over figures that miss a word of the question
DETAIL_STRONG = 6.0  # subject, aspect and letters: a text item is the answer, not a figure
# who and why: the share of the question's letters (IDF-weighted) a function or a note holds
WHO_SHARE = 0.3  # a department's listed function this close names the task
WHO_SECOND = 0.05  # a second department as close as this shares the task
WHO_DETAIL_SCORE = 1.6  # else any text item this close (subject or aspect named) says who
WHY_SHARE = 0.3  # a note or background this close gives the reason
# schedule: 4 × the share of the question's letters an item's text holds
SCHEDULE_SCORE = 1.2  # under 30 % of the letters: no schedule item is meant

# --- how a record is scored against a question (bot/engine/retrieval.py) ----------------------
# a fact: metric and subject weigh alike; a category, a period, the unit and shared letters less
METRIC_WEIGHT = 3  # × the share of the metric's name the question names
OWNER_SCORE = METRIC_WEIGHT * (1 - PART_METRIC_SHARE)  # another owner of a category this close may be meant
SUBJECT_WEIGHT = 3  # × the share of the subject's name
EXACT_METRIC_BONUS = 0.8  # the metric itself named, or a narrower one fully written ("평균 승소율")
NARROWER_BONUS = 1.0  # … by a one-letter word, over the bare one ("재결건수 월 몇 건": 월 재결건수)
NAMED_LETTER_BONUS = 0.05  # per letter of the metric named: the longer name wins (대학원 over 대학)
OTHER_SUBJECT_PENALTY = 1.5  # another subject was named, or the question is about something else
LONGER_WORD_LETTERS = 3  # a subject's word this long hides shorter ones written inside it ("투자사업" ⊃ 사업)
PARTIAL_SUBJECT = 0.6  # a named subject inside this one's name ("민간위탁" in 민간위탁운영평가위원회)
PERIOD_OWN, PERIOD_AS_OF, PERIOD_UNDATED = (
    1.0,
    0.6,
    0.3,
)  # the asked period is the figure's period, as-of date, report year
REPORT_YEAR_BONUS = 0.3  # no period asked: the report's year first
COUNTER_MISFIT_PENALTY = 1.0  # a count asked in a counter noun ("몇 개 분야") that the figure is not in
COUNTED_NOUNS = words.COUNTER_NOUNS  # counters no other unit stands for (bot/korean/words.yaml)
UNIT_BONUS, MONEY_UNIT_BONUS = 0.7, 0.3  # the asked unit ("몇 명") fits; "얼마" fits any amount, less
CATEGORY_WEIGHT = 2.0  # × the share of the category's name named
FULLER_CATEGORY_BONUS = 0.3  # per extra word of a fully named category ("계 전체" for "총계")
UNNAMED_CATEGORY_PENALTY = 0.6  # × the unnamed share of a category that is not a default reading
PART_DEFAULT_PENALTY = 0.4  # 일반회계 unnamed: the whole (총규모) wins
WHOLE_CATEGORY_LETTERS = 4  # a category written whole this long (특별회계) is asked, not a passing word (계획)
CATEGORY_NOT_HELD_PENALTY = 0.2  # a category was named, this figure has none
SECTION_BONUS = 0.5  # the question names the figure's topic
LETTERS_WEIGHT = 1.5  # × the share of the question's letters (IDF-weighted) the figure's names hold
# a text item: subject, aspect and shared letters
DETAIL_SUBJECT_WEIGHT, DETAIL_ASPECT_WEIGHT, DETAIL_LETTERS_WEIGHT = 2.0, 2.5, 3
PART_ASPECT = 0.5  # an aspect named only inside a longer one named ("심사" in "심사결과") counts half
DETAIL_OTHER_SUBJECT_FACTOR = 0.5  # another subject named and few letters shared: half ("포괄비 금액")
DETAIL_SECTION_BONUS = 0.3
# a schedule item: shared letters, its topic named
SCHEDULE_LETTERS_WEIGHT, SCHEDULE_SECTION_BONUS = 4, 0.5

# What an answer must show for a question asking when (intents.yaml when_asking_words): a date
# ("3. 22", "4월", "17일"), a time ("9시"), a length ("30일", "6개월", "2주") or a part of a year.
SHOWS_WHEN = re.compile(
    r"\d\s*(\.\s*\d|월|일|주|개월|년|시)|상반기|하반기|분기|연중|연말|연초|매주|매월|매년|상시|수시"
)
SHOWS_DAYS = re.compile(r"\d\s*일")  # … and for "며칠" (DAYS_ASKING): a number of days
DAYS_ASKING = (
    "며칠로",
    "며칠에서",
    "며칠만에",
    "며칠간",
    "며칠걸",
    "며칠이나",
    "몇일로",
    "몇일간",
    "몇일에서",
    "며칠이내",
    "몇일이내",
    "며칠안에",
)  # a length
SHOWS_FIGURE = re.compile(r"\d")  # … and for a question asking a figure (figure_asking_words),
# once the numbers that are no figure are left out: months ("1∼2월중"), years, section numbers,
# the disease's name ("코로나19")
NOT_FIGURES = re.compile(
    r"\d+\s*(?:[~∼-]\s*\d+\s*)?월|\d{4}\s*년|[’']\d\d|[IVX]+-\d+|코로나\s*19|COVID-?\s*19"
    r"|(?<![\d.])(?:1[0-2]|[1-9])\.(?:[12]\d|3[01]|[1-9])(?![\d.%])(?=\s|$)"
)  # … and a day ("3.30 구청장협의회")
ROUND_NUMBER = re.compile(r"\d+차(?=\s)")  # "1차 사회적 거리두기": no figure, unless rounds are asked …
ROUND_ASKED = "몇차"  # … ("몇 차예요")
SHOWS_YEAR = re.compile(r"[’']\d\d\s*년|\d{4}\s*년")  # a year written (’21년, 2021년), for a year asked
# Units a count asks in ("몇 명", "몇 회", "몇 %") that an answer's figures must be in: the counters,
# times and lengths; not money (printed in several units) nor 분 (minutes, or "몇 분" for people).
COUNTED_UNITS = frozenset({*words.COUNTERS, "회", "일", "시간", "%"})
# a numbered round ("3차 회의"), not 2차례 or 1차관, nor a year or a date before 차이 ("2020 차이", "4.16 차이")
NUMBERED = re.compile(r"(?<![\d./])\d{1,2}차(?!례|관|원)")


def rounds_unsaid(question: str, text: str) -> list[str]:
    """The numbered rounds of the compact question ("3차") that the compact text does not write
    (as a number of its own: "2차" is not in "12차")."""
    return [n for n in NUMBERED.findall(question) if not re.search(r"(?<!\d)" + re.escape(n), text)]


EACH_ROW_CONFIDENCE = 0.8  # every row of a table asked by its rows' word: the rows are certain
MIN_ROW_KIND_LETTERS = 2  # a ranking's row kind asked as a word of its own: 부서, 나라 (not the 과 of 결과)
# a question's part that ends in a period (a year, ’19, a month, a date) joins the next one
ENDS_IN_PERIOD = re.compile(r"(?:(?:19|20)\d\d\s*년?|\d\d\s*년|[’']\d\d|\d{1,2}\s*월|\d{1,2}\.\s*\d{1,2}\.?)\s*$")
SETTLE_EVERY = 200  # answers between two settlings of the caches (bot/engine/core.py): each walks what they kept
ROUND_TO_SCHEDULE = ("detail",)  # intents a numbered round asked when turns to a schedule question
MAX_NAMED_CHARS = 30  # a decline names what it could not find, cut to this many characters
# Two things are siblings when their names share at least this many letter pairs ("중앙투자심사" and
# "市 투자심사": 투자, 자심, 심사): one is asked for as the other's kin ("중앙은?"), and its dates are
# no answer for the other.
SIBLING_BIGRAMS = 2
DATED_NAME_LETTERS = 3  # a name this long, written in a date's line, names what the date is of (not "시")

NOTHING_THERE = ("-", "–", "—")  # a table's dash: no figure, not a zero to add nor a measure to follow up
