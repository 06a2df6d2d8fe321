"""The kind of answer a question asks: a question asking when must be answered with a date or a
length of time (a number of days for "며칠로"), one asking a figure with a number, one asking how
much something grew with a change (intents.yaml when_asking_words, figure_asking_words,
change_asking_words). The router passes over an answerer whose answer does not show the kind
asked; the guard declines such an answer naming the word. (A count in a unit, "몇 명", is checked
on the final answer: guard.uncounted.)"""

from __future__ import annotations

import re

from bot.answer import Answer, FactRef
from bot.engine.resources import Resources
from bot.engine.thresholds import (
    CHANGE_WORDS,
    DAYS_ASKING,
    NOT_FIGURES,
    PERIOD_WORDS,
    ROUND_ASKED,
    ROUND_NUMBER,
    SHOWS_DAYS,
    SHOWS_FIGURE,
    SHOWS_WHEN,
    SHOWS_YEAR,
)
from bot.engine.understand import Parsed, occurrences, without_names, words_outside_names
from bot.korean import words
from bot.korean.textnorm import compact, final_consonant

AS_OF_NOTE = re.compile(r"\([^()]*기준\)")  # a figure line's as-of date ("(2020.4.17. 0시 기준)")
CLOCK_HOUR = re.compile(r"\d+시")  # "0시 기준": an hour, not the 시기 a question asks


def unshown(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """A question asking when ("캠페인 기간") answered without a date or a length, or asking a
    figure ("인상률 얼마예요") answered with a text that shows no number, or how much a figure grew
    ("하루에 몇 명 늘었어") answered with one figure that is no change: the word asked."""
    body = "\n".join(ans.lines)
    asked = _asked_text(p)
    if when := [w for w in res.config.when_asking_words if w in asked]:
        if any(w in asked for w in DAYS_ASKING):  # "며칠로 줄여": a number of days, not a month
            return [] if SHOWS_DAYS.search(body) else when[:1]
        # the date a figure is as of ("(2020.4.17. 0시 기준)") is not the date asked
        return [] if SHOWS_WHEN.search(AS_OF_NOTE.sub("", body)) else when[:1]
    if person := _posts_asked(p, res.config.person_asking_words):
        # "위원회 위원장 누구야": a person, not the department that does the work nor a text that
        # does not speak of the post
        if ans.intent == "who" or not any(w in compact(body) for w in person):
            return person[:1]
    if any(w in p.compact for w in res.config.place_asking_words) or asks_where_an_event_is(res, p):
        # "박람회 장소 어디야": the department that runs it is no place, nor a text naming none
        said = compact(body)
        if ans.intent == "who" or not any(m in said for m in res.config.place_marks):
            return [res.config.place_asking_words[0]]  # the place ("어디서 열려" is named 장소)
    if (grew := [w for w in res.config.change_asking_words if w in p.compact]) and not shows_change(res, ans):
        return grew[:1]
    ranked = [w for w in res.config.get("ranking").keywords if w in p.compact][:1] if p.intent == "ranking" else []
    if ranked and ans.facts and all(r.value is None for r in ans.facts):
        # "총인건비 가장 많은 기관": a ranking, not a text about the thing ("가장 많은" named)
        return [_with_the_next_word(p.text, ranked[0])]
    numbers = NOT_FIGURES.sub("", body)
    if ROUND_ASKED not in p.compact:
        numbers = ROUND_NUMBER.sub("", numbers)
    if not any(r.value is not None for r in ans.facts) and not SHOWS_FIGURE.search(numbers):
        if _asks_a_year(res, p.compact) and SHOWS_YEAR.search(body):
            return []  # "몇 년 편성분": the year written is the figure asked
        return [w for w in res.config.figure_asking_words if w in p.compact][:1]
    return []


def members_unnamed(p: Parsed, ans: Answer) -> list[str]:
    """Which members of a kind are asked ("분권교육 받는 구 어디어디야", "특판전 어느 역에서 했어") of
    a kind whose members are named with its last letter (words.yaml member_suffix_kinds: 강남구,
    시청역), and the answer names none ("선정된 구(10개이내)", "2개소"): the kind asked."""
    asked = [kind for kind in _kinds_asked(p) if not _names_a_member(kind, "\n".join(ans.lines))]
    return [f"{kind} 이름" for kind in asked[:1]]


def _kinds_asked(p: Parsed) -> list[str]:
    """The kinds (words.yaml member_suffix_kinds), read as nouns of their own, that the question asks
    which of: followed by 어디 (a particle between), or after 어느/무슨/어떤."""
    c, out = p.compact, list[str]()
    if not any(k in c for k in words.MEMBER_SUFFIX_KINDS) or not (
        WHERE in c or any(d in c for d in words.ASKING_DETERMINERS)
    ):
        return out  # nothing asked of a kind: the analyzer is not run for it
    for noun, start, end in p.analyzer.nouns(p.text):
        if noun not in words.MEMBER_SUFFIX_KINDS:
            continue
        after = MEMBER_PARTICLE.sub("", c[end : end + MEMBER_LOOKAHEAD])
        if after.startswith(WHERE) or c[:start].endswith(tuple(words.ASKING_DETERMINERS)):
            out.append(noun)
    return out


def _names_a_member(kind: str, text: str) -> bool:
    """A word of the text ends in the kind's last letter after a letter of its own, and is no kind
    word itself ("강남구에" names one; "자치구", "구별" do not), or the text says each of the kinds
    ("각 자치구 보건소")."""
    last = kind[-1]
    if re.search(EACH + r"\s*(?:" + "|".join(map(re.escape, words.MEMBER_SUFFIX_KINDS)) + ")", text):
        return True  # "각 자치구 보건소": every one of them
    for token in HANGUL_WORD.findall(text):
        for i in range(1, len(token)):
            if token[i] == last and token[: i + 1] not in words.MEMBER_SUFFIX_KINDS:
                return True
    return False


WHERE = "어디"  # the word asking where, or which ones ("어디어디")
EACH = "각"  # "각 자치구": each of the kind, every member named
MEMBER_LOOKAHEAD = 6  # the letters after a kind read for 어디 ("구는 어디", "역에서 어디")
MEMBER_PARTICLE = re.compile(r"^(?:은|는|이|가|을|를|에서|에|으로|로|들)")
HANGUL_WORD = re.compile(r"[가-힣]+")


def _asks_a_year(res: Resources, c: str) -> bool:
    """ "몇 년 편성분": a year asked (intents.yaml year_asking_words), not a length of time ("몇 년
    동안", duration_words)."""
    return any(
        not any(c.startswith(d, at + len(w)) for d in res.config.duration_words)
        for w in res.config.year_asking_words
        for at in occurrences(c, w)
    )


def _with_the_next_word(text: str, word: str) -> str:
    """The word as typed with the word after it ("가장 많은"), or the word alone."""
    m = re.search(re.escape(word) + r"\s*[가-힣]{1,2}", text)
    return m.group(0) if m else word


def _posts_asked(p: Parsed, posts: list[str]) -> list[str]:
    """The posts asked of ("위원장"): written outside the known names, or read as a noun of its own
    by the analyzer (the 위원장 of "행정심판위원장", which runs past the name 심판위원; not the 회장
    of "박람회장소")."""
    found = words_outside_names(p, posts)
    if len(found) < len(posts) and any(w in p.compact for w in posts if w not in found):
        nouns = {n for n, _, _ in p.analyzer.nouns(p.text)}
        found += [w for w in posts if w not in found and w in nouns]
    return found


def asks_where_an_event_is(res: Resources, p: Parsed) -> bool:
    """ "지역상생 박람회 어디서 해": where an event is held (intents.yaml event_place_words, event_words)."""
    c = p.compact
    return any(w in c for w in res.config.event_place_words) and any(e in c for e in res.config.event_words)


CHANGE_ARROWS = ("→", "↑", "↓")  # how the report's remarks print a change ("월 145건→200건")


def shows_an_arrow(text: str) -> bool:
    """The text prints a change with an arrow."""
    return any(a in text for a in CHANGE_ARROWS)


def shows_change(res: Resources, ans: Answer) -> bool:
    """A change printed (a 증감 figure, an arrow), computed, or one measure at two times or stages to
    see it between ("총규모" beside "합계 예산" of the same year is no change)."""
    figures = [r for r in ans.facts if r.value is not None]
    return (
        ans.computed is not None
        or any(w in r.label for r in figures for w in CHANGE_WORDS)
        or shows_an_arrow("\n".join(ans.lines))
        or not figures
        or _at_two_times(res, figures)
    )


def _at_two_times(res: Resources, figures: list[FactRef]) -> bool:
    """Two of the figures are one measure of one subject at two times or stages (9 → 13 실무반)."""
    seen: dict[tuple[str | None, str], tuple[str | None, str | None]] = {}
    for r in figures:
        f = res.facts_by_id.get(r.id)
        if f is None:
            return True  # a figure of a new snapshot: its time is not read here
        key, when = (f.subject, f.metric), (f.period, f.qualifier)
        if seen.setdefault(key, when) != when:
            return True
    return False


def _asked_text(p: Parsed) -> str:
    """The compact question without compared periods and clock hours: where a word asking when is
    looked for (read once per question: the router and the guard both ask)."""
    hit = p.memo.get(ASKED_TEXT)
    if hit is None:
        hit = p.memo[ASKED_TEXT] = CLOCK_HOUR.sub("#", compact_without_periods(p))
    return hit


ASKED_TEXT = "text asked when"  # the key of `_asked_text` in a question's memo


def compact_without_periods(p: Parsed) -> str:
    """The compact question without the words that only name a period compared ("같은 시기")."""
    return without_names(p.compact, [m for m in p.matches if m.canonical in PERIOD_WORDS], ("word",))


def conjecture(c: str) -> str | None:
    """The words that end the compact question asking a guess about what will happen ("…끝날것같아",
    "…통과될까요"; bot/korean/words.yaml conjecture_endings, conjecture_verbs), or None. Only at the
    end: "많을 것 같은데 몇 명이야" asks a figure; "그날까지" is no question ending."""
    end = CONJECTURE_TAIL.sub("", c)
    for verb in words.CONJECTURE_VERBS:
        if end.endswith(verb):
            return verb
    for ending in words.CONJECTURE_ENDINGS:
        for tail in (ending, ending + "아", ending + "애", ending + "니", ending + "냐"):
            at = len(end) - len(tail)
            if at > 0 and end.endswith(tail) and final_consonant(end[at - 1]) == "ㄹ" and end[at - 1] != "일":
                return end[at - 1 : at + len(ending)]  # "몇 명일 것 같아" guesses nothing ahead
    return None


def of_time_to_come(c: str) -> bool:
    """The compact question names a time to come (bot/korean/words.yaml future_time_words)."""
    return any(w in c for w in words.FUTURE_TIME_WORDS)


def opinion(c: str) -> str | None:
    """The words that end the compact question asking an opinion ("…잘한거라고봐?", "…어떻게생각해요";
    bot/korean/words.yaml opinion_endings), or None. Only at the end, like a conjecture."""
    end = CONJECTURE_TAIL.sub("", c)
    return next((e for e in words.OPINION_ENDINGS if end.endswith(e)), None)


CONJECTURE_TAIL = re.compile(r"(요|용|\?|!|\.|~|ㅠ|ㅜ)+$")  # what may follow a question's last word


def asks_a_figure(res: Resources, p: Parsed) -> bool:
    """The question asks a figure (intents.yaml figure_asking_words: 몇, 얼마 …)."""
    return any(w in p.compact for w in res.config.figure_asking_words)
