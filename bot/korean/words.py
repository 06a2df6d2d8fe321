"""The Korean word lists of bot/korean/words.yaml, read once at import (with the C YAML loader,
or from its parsed copy: bot/yamlcopy.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot import yamlcopy

WORDS_FILE = Path(__file__).with_name("words.yaml")


def _load(path: Path) -> dict[str, Any]:
    from bot.knowledge_files import KnowledgeError, read_yaml  # one line naming the file and line

    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping of word lists")
    return data


_W = yamlcopy.load(WORDS_FILE, "words", _load)


def _value(key: str, kind: type) -> Any:
    """words.yaml's value under `key`, of the kind the engine reads (one line naming it if not)."""
    value = _W.get(key)
    if not isinstance(value, kind):
        from bot.knowledge_files import KnowledgeError

        what = "a list" if kind is list else "a mapping" if kind is dict else "text"
        raise KnowledgeError(f"{WORDS_FILE}: `{key}` must be {what}" + (" (it is missing)" if value is None else ""))
    return value


def _strs(key: str) -> tuple[str, ...]:
    return tuple(str(x) for x in _value(key, list))


def _map(key: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in _value(key, dict).items()}


ENDINGS = tuple(sorted(_strs("endings"), key=len, reverse=True))  # longest first
ENDING_SET = frozenset(ENDINGS)
PREDICATE_LAST_LETTERS = tuple(str(_value("predicate_last_letters", str)))
NUMBER_UNIT_LETTERS = frozenset(str(_value("number_unit_letters", str)))
GROUP_UNITS = frozenset(str(_value("group_units", str)).split())
FUTURE_LAST_LETTERS = tuple(str(_value("future_last_letters", str)))
VERB_PARTS = _strs("verb_parts")
GENERIC_MEASURES = frozenset(_strs("generic_measures"))
EVENT_COUNTS = frozenset(_strs("event_counts"))
MEASURE_ENDINGS = _strs("measure_endings")
ASKED_UNITS = _strs("asked_units")
UNIT_OF = _map("unit_of")
UNIT_WORDS = _map("unit_words")
COUNTED_AS = _map("counted_as")
MONEY_WORDS = tuple(_strs("money_words"))
PLUS_SIGNS = tuple(_strs("plus_signs"))
EQUALS_SIGN = str(_value("equals_sign", str))
MONEY_UNITS = _strs("money_units")
MONEY_UNITS_ASKED = _strs("money_units_asked")
COUNTERS = _strs("counters")
PLACE_COUNTERS = _strs("place_counters")
COUNTER_NOUNS = frozenset(_strs("counter_nouns"))
ROW_UNIT_DEFAULTS = {str(k): tuple(str(x) for x in v) for k, v in (_W.get("row_unit_defaults") or {}).items()}
DEFAULT_QUALIFIERS = frozenset(_strs("default_qualifiers"))
PART_DEFAULTS = frozenset(_strs("part_defaults"))
CHANGE_WORDS = _strs("change_words")
PERIOD_WORDS = frozenset(_strs("period_words"))
CHANGE_RANKING_WORDS = _strs("change_ranking_words")
DECREASE_WORDS = _strs("decrease_words")
ASKING_WORDS = _strs("asking_words")
QUESTION_END_LETTERS = _strs("question_end_letters")
RESTRICTION_WORDS = _strs("restriction_words")
WHEN_ASKED_WORDS = _strs("when_asked_words")
ASKING_DETERMINERS = _strs("asking_determiners")
MEMBER_SUFFIX_KINDS = _strs("member_suffix_kinds")
CLAUSE_JOIN_PARTICLES = _strs("clause_join_particles")
CLAUSE_JOIN_WORDS = _strs("clause_join_words")
ORGANISATION_KINDS = _strs("organisation_kinds")
CLAUSE_SPLIT_ENDINGS = _strs("clause_split_endings")
AND_WORD = str(_value("and_word", str))
ONLY_PARTICLES = _strs("only_particles")
POLITE_END = str(_value("polite_end", str))
ORDINAL_ENDING = str(_value("ordinal_ending", str))
AND_PARTICLES = _strs("and_particles")
GLUED_AND_PARTICLES = _strs("glued_and_particles")
JOINED_WORDS = _strs("joined_words")
QUESTION_STARTS = _strs("question_starts")
NOT_TYPO_TARGETS = _strs("not_typo_targets")
INCLUSIVE_PARTICLES = tuple(sorted(_strs("inclusive_particles"), key=len, reverse=True))
CHANGED_MODIFIERS = _strs("changed_modifiers")
MEASURE_SUFFIXES = _strs("measure_suffixes")
THAT_ONE = _strs("that_one")
REST_WORDS = _strs("rest_words")
SHORTFALL_WORDS = _strs("shortfall_words")
ROW_CONDITION_ENDINGS = _strs("row_condition_endings")
SHORTFALL_PAIRS = tuple(tuple(str(x) for x in pair) for pair in _value("shortfall_pairs", list))
WHOLE_WORDS = _strs("whole_words")
COUNT_WHOLE_WORDS = _strs("count_whole_words")
TOTAL_ASKED = _strs("total_asked")
WHOLE_MEASURE_WORDS = frozenset(_strs("whole_measure_words"))
NATIVE_NUMBERS = {k: int(v) for k, v in _map("native_numbers").items()}
COUNTERS_BEFORE_NOUN = _strs("counters_before_noun")
COMPARED_WITH = _strs("compared_with")
THAT_TIME = _strs("that_time")
AMONG_WORDS = _strs("among_words")
HONORIFICS = _strs("honorifics")
AVERAGE_WORDS = _strs("average_words")
RATE_SUFFIXES = _strs("rate_suffixes")
WHOLE_YEAR_WORDS = _strs("whole_year_words")
CONJECTURE_ENDINGS = _strs("conjecture_endings")
CONJECTURE_VERBS = _strs("conjecture_verbs")
AFTER_TIME_WORDS = _strs("after_time_words")
FUTURE_TIME_WORDS = _strs("future_time_words")
OPINION_ENDINGS = _strs("opinion_endings")
ACTUAL_WORDS = _strs("actual_words")
NEGATION_PREFIXES = _strs("negation_prefixes")
TARGET_WORDS = _strs("target_words")
GOAL_WORDS = _map("goal_words")  # the word asking → the word of the label of a figure that answers it
PERSON_ASKING_WORDS = _strs("person_asking_words")
REQUEST_REPORTED_WORDS = _strs("request_reported_words")
ASKER_PARTICLES = _strs("asker_particles")
CLOCK_UNITS = _strs("clock_units")
START_ASKING_WORDS = _strs("start_asking_words")
START_MARKS = _strs("start_marks")
REPORTING_WORDS = _strs("reporting_words")
AMONG_THOSE_WORDS = _strs("among_those_words")
RANKED_ANY_WORDS = _strs("ranked_any_words")
PER_ROW_WORDS = _strs("per_row_words")
PER_ROW_BETWEEN = _strs("per_row_between")
NEXT_DAY_WORDS = _strs("next_day_words")
LEADING_PARTICLES = tuple(sorted(_strs("leading_particles"), key=len, reverse=True))  # longest first
UPCOMING_WORDS = _strs("upcoming_words")
FROM_TO_WORDS = _strs("from_to_words")
CHANGE_BY_WORDS = _strs("change_by_words")
BASE_WORDS = _strs("base_words")
AMOUNT_ASKING = str(_value("amount_asking", str))
AMOUNT_NOT_BEFORE = _strs("amount_not_before")
AMOUNT_ENDING = str(_value("amount_ending", str))
ASKERS_DAY_WORDS = _strs("askers_day_words")
ASKERS_TODAY_WORDS = _strs("askers_today_words")
DAILY_CASE_WORDS = _strs("daily_case_words")
YEAR_BEFORE_THAT_WORDS = _strs("year_before_that_words")
YEAR_AFTER_THAT_WORDS = _strs("year_after_that_words")
TO_A_LEVEL_ENDINGS = _strs("to_a_level_endings")
BEFORE_AFTER_PAIRS = tuple((str(a), str(b)) for a, b in _value("before_after_pairs", list))
DAY_BEFORE_WORDS = _strs("day_before_words")
ADNOMINAL_ENDINGS = _strs("adnominal_endings")
COMPARISON_PREFIXES = _strs("comparison_prefixes")
COMPARISON_WORDS = _strs("comparison_words")
OFFICE_SUFFIXES = _strs("office_suffixes")
ORG_SUFFIXES = _strs("org_suffixes")
ORG_PARTICLES = _strs("org_particles")


def alternatives(items: tuple[str, ...]) -> str:
    """A regular-expression alternation of literal words, in their order."""
    return "|".join(re.escape(x) for x in items)
