"""The engine's thresholds and patterns, in one place: the numbers that decide between
answering, asking back and declining."""

import re

from bot.korean import words

CHANGE_WORDS = words.CHANGE_WORDS  # metrics the report prints as a change (bot/korean/words.yaml)
# answers checked against the question's words (rankings, trends and summaries answer a topic)
GUARDED_INTENTS = ("lookup", "detail", "who", "why", "schedule", "change")
ANSWER_SCORE = 4.0  # a fact below this is not confidently what was asked
DISTINCTIVE_IDF = 3.0  # a bigram in fewer than about 5% of the records
COUNTERS = "|".join(words.COUNTERS)
MONTH_IN_TEXT = re.compile(r"\d{1,2}\s*월")
JOINED = re.compile(r"(랑|이랑|하고|및|각각|[,/·]|[가-힣](와|과) )")  # "A랑 B", "A와 B", "A/B 각각"
CERTAIN_SCORE = 8.5  # subject and metric named exactly: no need to check the rest of the question
MAX_FACT_LINES = 6
MAX_QUESTION_PARTS = MAX_FACT_LINES  # "몇 건 " × 120: as many parts as an answer lists figures, not 120 lookups
# a run of this many letters with no known name in it is not a typo of one (typo repair is
# quadratic in the run's length: 490 letters of "법률지웡담당관…" took 25 ms)
MAX_TYPO_SEGMENT = 60
PERIOD_WORDS = words.PERIOD_WORDS  # qualifier words that only name the period compared
FOLLOW_UP_SLOTS = ("subjects", "metrics", "qualifiers", "aspects", "sections", "periods")

# several questions in one message: "몇 건 … 몇 건", "예산이랑 목표율", "몇 개 사무에 예산 얼마"
ASKING = re.compile(r"몇|얼마|어떻게|비율은|비중은")
CLAUSE_JOIN = re.compile(r"[가-힣](이랑|랑|하고|와|과|며|이고) |[가-힣], | 및 |[가-힣]/[가-힣]")
CLAUSE_SPLIT = re.compile(r"\s*[,/]\s*|\s+및\s+|(?<=[가-힣])(?:이랑|랑|하고|이고|했고|고|에|중에|이며|며)\s+")
AND_SPLIT = re.compile(r"(?<=[가-힣])[와과]\s+")  # "건수와 예산액": split unless the word is a name (재정균형과)
COMPARED_WITH = re.compile(r"보다|대비|에비해|비해서?")  # "작년보다": the year is the base of a comparison
THAT_TIME = re.compile(r"그해|그때|당시|같은해|그년도")  # "그 해 회당 평균은?": the period just asked about
DETAIL_SCORE = 4.0  # a text item this close to the question (aspect and subject named) answers it as text
