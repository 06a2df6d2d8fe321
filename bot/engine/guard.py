"""Guard: an answer must speak of what was asked. Words of the question the report knows but the
chosen records do not mention, words nothing in the report explains, counts a text cannot give;
and the names that pick one figure among its siblings (a table row's subject, a category of the
metric answered, a month), which the figures answered must carry ("공기업담당관 특별회계 예산" is
not answered with its 일반회계 예산, "5월 확진자" not with the 4.17 figure)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.answer import Answer
from bot.engine import compose, kinds, operations, text_times
from bot.engine.resources import Resources
from bot.engine.retrieval import GENERIC_MEASURES, Query, asked_unit, counted_unit, unit_fits
from bot.engine.thresholds import (
    AMONG,
    COUNTED_UNITS,
    COUNTERS,
    DATED_NAME_LETTERS,
    DISTINCTIVE_IDF,
    GUARDED_INTENTS,
    MAX_FACT_LINES,
    SIBLING_BIGRAMS,
    SPOKEN_SHARE,
    rounds_unsaid,
)
from bot.engine.understand import (
    Parsed,
    a_person_asking,
    content_words,
    one_reporting_a_question,
    set_aside,
    several_asked,
    word_spans,
)
from bot.korean import words
from bot.korean.textnorm import bigrams, compact, starts_an_ending, strip_ending
from bot.records import Detail, Fact


def asks_every_row(res: Resources, p: Parsed, word: str) -> bool:
    """ "나라별", "기금 항목별": a word asking every row of a table the question names (`Resources.per_row`),
    no word of a thing."""
    return bool(res.per_row.fullmatch(word)) and bool(res.rows_asked(p.compact))


def uncovered_words(res: Resources, p: Parsed, facts: list[Fact], extra: str = "") -> list[str]:
    """Words of the question the report knows but the chosen figures do not speak of
    ("정기심의" answered with a 심의 건수): a sign the answer is about something else."""
    words = content_words(p, res.config)
    words += [w for w in glued_per_row_words(res, p) if w not in words]
    if not words:
        return []  # (most questions: the letters said need not be read)
    said = bigrams(extra) if extra else set()
    for f in facts:
        said |= bigrams(f"{f.label} {f.subject or ''} {f.metric} {f.qualifier or ''} {f.note or ''}")
    out = []
    for w in words:
        if asks_every_row(res, p, w) or any(w in compact(f.unit) for f in facts):
            continue  # (a word of the figure's own unit: "미만" of "5% 미만")
        if any(f.subject and compact(f.subject) + w in res.vocab.report_text for f in facts):
            continue  # "긴급재난지원금 지급": the subject's own business, as the report says it
        grams = {w[i : i + 2] for i in range(len(w) - 1)}
        # only distinctive letters count: "지원", "추진" are everywhere and prove nothing
        known = {g for g in grams if res.index.idf.get(g, 0.0) >= DISTINCTIVE_IDF}
        if known and len(known & said) < len(known) / 2:
            out.append(w)
    if out and extra:  # a word of another name of a subject the answer speaks of ("정부 지원금": 긴급재난지원금)
        c = compact(extra)
        names = {n for s, ns in res.vocab.subject_names.items() if compact(s) in c for n in ns}
        out = [w for w in out if not any(w in n for n in names)]
    return out


_DIGIT = re.compile(r"\d")


def noun_asked(p: Parsed, asking: Sequence[str]) -> str:
    """The noun right before the first word that asks ("임대보증금 얼마": 임대보증금), or the asking word."""
    at = min((i for w in asking if (i := p.compact.find(w)) >= 0), default=len(p.compact))
    before = [n for n, _, end in p.analyzer.nouns(p.text) if end <= at]
    return before[-1] if before else next((w for w in asking if w in p.compact), "")


def breakdowns_unknown(res: Resources, p: Parsed, facts: list[Fact]) -> list[str]:
    """ "팀별 인원" answered with figures that break nothing down (no two of one measure): a breakdown
    by a kind of row no table has (`Resources.rows_asked` finds none) and the figures' part of the
    report never writes (nor the noun's last letters: "출연기관별" as its "기관별"), nor an intent's
    word ("연도별": a trend)."""
    per_row = words.PER_ROW_WORDS[0]
    if per_row not in p.compact or res.rows_asked(p.compact) or not facts or any(f.value is None for f in facts):
        return []
    if len({(f.metric, f.unit) for f in facts}) < len(facts):
        return []  # several figures of one measure: a breakdown shown
    starts = {start for _, start, _ in p.analyzer.nouns(p.text)} | {m.start for m in p.matches}
    # written where the figures stand ("자치구별" of 민간위탁: the report's "구별" is 분권교육's), or
    # the kind of their part's categories ("회계별": 일반회계, 특별회계 of 일반현황's budget table)
    sections = {f.section for f in facts}
    where = "".join(res.section_texts.get(s, "") for s in sections) + " ".join(
        f"{kind}{per_row}" for kind in _kinds_of_categories(res, sections)
    )
    return [
        n + per_row
        for n, _, end in _nouns_before_per_row(p)
        if end not in starts  # "별정직": a word of its own
        and not any(n[i:] + per_row in where for i in range(len(n)))
        and not any(n + per_row in k for k in res.config.intent_word_set)
    ]


def _kinds_of_categories(res: Resources, sections: set[str]) -> set[str]:
    """The last letters two or more one-word categories of these parts share, the kind they are
    (일반회계, 특별회계: 회계); not a category's word of its own ("예산지원형 사무": 사무)."""
    words_ = {f.qualifier for f in res.kb.facts if f.section in sections and f.qualifier and " " not in f.qualifier}
    tails: dict[str, set[str]] = {}
    for w in words_:
        for i in range(1, len(w) - 1):
            tails.setdefault(w[i:], set()).add(w)
    return {t for t, ws in tails.items() if len(ws) >= 2}


def glued_per_row_words(res: Resources, p: Parsed) -> list[str]:
    """ "사업별" typed glued to a name ("대외협력기금사업별로"): a breakdown asked, read as the word
    it is when typed apart (a noun of the analyzer and the per-row letter after it), outside names."""
    return [
        n + words.PER_ROW_WORDS[0]
        for n, start, end in _nouns_before_per_row(p)
        if len(n) >= 2 and not any(m.start < end + 1 and start < m.end for m in p.matches)
    ]


def _nouns_before_per_row(p: Parsed) -> list[tuple[str, int, int]]:
    """The analyzer's nouns the per-row letter follows in the compact question ("팀" of "팀별")."""
    per_row = words.PER_ROW_WORDS[0]
    if per_row not in p.compact:
        return []
    return [(n, start, end) for n, start, end in p.analyzer.nouns(p.text) if p.compact.startswith(per_row, end)]


def detail_can_count(res: Resources, p: Parsed, detail: Detail) -> bool:
    """A "how many" question ("입소자 몇 명?") is only answered by a text that counts in
    that unit ("210병상" does not count people)."""
    unit = asked_unit(Query(compact=p.compact))
    if not unit and (m := re.search(r"몇([가-힣])([가-힣])?", p.compact)):
        unit = "|".join(re.escape(u) for u in (m.group(1) + (m.group(2) or ""), m.group(1)))  # 몇 장, 몇 가구
    if not unit and re.search(r"(자|원|인|건|횟)수(는|가|를|$)", p.compact):
        unit = COUNTERS  # "신청자 수는?": some count
    if not unit or unit == "원":
        return True
    pattern = unit if "|" in unit else re.escape(unit)
    return bool(re.search(r"\d[\d,]*\s*(만|천|억)?\s*(" + pattern + ")", detail.text))


def unknown_words(res: Resources, p: Parsed) -> list[str]:
    """Words of the question that nothing in the report explains (인구, 전화번호, 뉴욕)."""
    out = []
    for w in content_words(p, res.config, res.vocab):
        if asks_every_row(res, p, w) or w in res.unit_words:
            continue
        if w[:1].isdigit():  # a number's word: read against the report's text already ("5급", "20대")
            out.append(w)
            continue
        grams = {w[i : i + 2] for i in range(len(w) - 1)}
        known = sum(g in res.index.idf for g in grams)
        if known < max(1, len(grams) / 2):
            out.append(w)
    return out


def unread_nouns(
    res: Resources, p: Parsed, answer_text: str, sections: frozenset[str] = frozenset(), every: bool = False
) -> list[str]:
    """Nouns of the question (by the morphological analyzer, so also inside words typed without
    spaces) that no known name covers, no filler explains and the answer does not mention, and
    that say something: a word the report never writes, or one of its distinctive words.
    "서울확진자중해외유입몇명" answered with all of 서울's 확진자 leaves 해외유입 unread."""
    said = compact(answer_text)
    # a topic word reads a noun only of its own part of the report ("공익감사단 변호사": 변호사 is a
    # word of 소송, the answer 민간위탁's 공익감사단 인원), and not the thing counted when the figures
    # were picked by their subject alone ("민간위탁 수탁기관 몇 곳" is not answered with its 사무 수)
    by_subject_alone = bool(sections) and bool(p.canon("subject")) and not p.canon("metric")
    spans = [
        (m.start, m.end)
        for m in p.matches
        if m.kind != "keyword"
        or not sections
        or (m.canonical in sections and not (by_subject_alone and counted(p.compact, m.end)))
    ]
    if not _room_for_a_noun(len(compact(p.text)), spans):
        return []  # known names cover all but single letters: no noun of two can be unread (no analyzer run)
    out: list[str] = []
    for noun, start, end in p.analyzer.nouns(p.text):
        # a noun of one letter says something only when it is a thing a figure counts, not glued to
        # a name before it ("팀은 총 몇 개": 팀; not the 실 of "조직담당관실")
        counted_alone = noun in res.counted_letters and not any(b == start for _, b in spans)
        if (len(noun) < 2 and not counted_alone) or any(a < end and start < b for a, b in spans):
            continue
        if p.compact[max(0, start - 1) : start] == "몇":
            continue  # "몇 개야": a counter and an ending the analyzer took for a noun
        if noun in said or noun in res.config.relative_years:
            continue
        if noun in res.config.filler_words and not counted_alone:  # (팀: a unit, and a thing counted)
            continue
        if noun in res.config.each_words:  # "두해": both things just asked
            continue
        if a_person_asking(p.compact, end, p.text) or one_reporting_a_question(p.compact, end):
            continue  # "본부장님이 … 물어보셔서", "상황실에서 … 물어보는데": who wants the figure, not what is asked
        if noun in words.ENDING_SET or noun in res.config.context_endings:
            continue  # "몇명이얌", "헷갈려서요": an ending the analyzer took for a noun
        if noun[:1] in words.GENERIC_MEASURES and noun[1:] in words.GLUED_AND_PARTICLES:
            continue  # "가구수랑" read as 가구 + 수랑: the count's 수 and its "and" (not 市 of "시랑")
        if begins_a_name_said(res, noun, said):
            continue  # "시랑 중앙 합치면" after 市 투자심사 and 중앙투자심사: 시(투자심사) and 중앙(투자심사)
        if in_a_filler(res, p.compact, noun, start):
            continue  # "다음" of "다음날" (a filler word the analyzer cut in two)
        if any(noun in w or w in noun for w in res.config.intent_word_set if len(w) >= 2):
            continue
        if straddles_a_word(p.compact, start, end, res.config.asking_and_endings | AMONG_WORD_SET):
            # "제일적은" read as 제 + 일적, "몇개고얼마" as 고얼, "주요국중에" as 주요 + 국중: the noun is
            # half an asking word or an "among" word (words.yaml among_words)
            continue
        if a_name_ending_before_among(res, p.compact, noun, start):
            continue  # "주요국중": 주요국(가), then 중, not a noun 국중
        if not any(a < start for a, _ in spans) and p.compact.startswith(tuple(res.config.context_endings), end):
            continue  # "당직이라급한데…": a noun before any name, glued to a clause's ending: the asker's context
        grams = {noun[i : i + 2] for i in range(len(noun) - 1)}
        unknown = noun not in res.vocab.report_text
        if unknown and joins_two_report_words(res, p.compact, start, end):
            continue  # "위심" of "운영평가위심의", "정회" of "지정회당": two words the report writes, glued
        distinctive = all(res.index.idf.get(g, 0.0) >= DISTINCTIVE_IDF for g in grams)
        # the thing a count asks of, across a word for the whole ("사업 전체 몇 개"): the figures must count it
        counted_whole = len(noun) >= 2 and counted_across_the_whole(p.compact, end)
        if unknown or distinctive or every or counted_whole:
            out.append(noun)
    return out


def begins_a_name_said(res: Resources, noun: str, said: str) -> bool:
    """The noun is the first letters of a subject's name and a glued "and" (words.yaml
    glued_and_particles), the subject is in the answer and the rest of its name too, as the name
    of the other thing joined ("시랑 중앙": 시 of 시투자심사, whose 투자심사 중앙투자심사 shares)."""
    for particle in words.GLUED_AND_PARTICLES:
        head = noun[: -len(particle)] if noun.endswith(particle) else ""
        if head and any(
            compact(subject) in said
            and any(n.startswith(head) and len(n) > len(head) and n[len(head) :] in said for n in names)
            for subject, names in res.vocab.subject_names.items()
        ):
            return True
    return False


NAMES_LISTED = re.compile(
    r"[가-힣A-Za-z)](?:, |·|、)[가-힣A-Za-z(]|[①-⑳][^①-⑳]+[①-⑳]"
)  # "LA, 밀라노", "아산·괴산", "①…②"
LISTED_LINE = re.compile(r"\s*(?:\d{1,2}[.)]|[-•]\s)")  # "1. 코로나19 …", "- 주요기능: …": one item a line
COUNT_OF_THINGS = re.compile(r"(?<![\d.])(?:[2-9]|[1-9]\d)(?:건|개|곳|가지)")  # "6건 용역": several things


def said_lines(ans: Answer) -> list[str]:
    """The answer's own lines, without the source line (a section's title names much it does not say)."""
    return [line for line in ans.lines if line != ans.source_line]


def names_unlisted(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """Several names asked (intents.yaml names_asking_words, or a name word after a count of
    things: "6건 용역 이름") answered by lines that list no two names: the word asked."""
    config = res.config
    several = next((w for w in config.names_asking_words if w in p.compact), None)
    if several is None and COUNT_OF_THINGS.search(p.compact):
        several = next((w for w in config.name_asking_words if w in p.compact), None)
    if several is None:
        return []
    lines = said_lines(ans)
    if NAMES_LISTED.search("\n".join(lines)) or sum(bool(LISTED_LINE.match(x)) for x in lines) >= 2:
        return []
    if any(r.value == 1 for r in ans.facts):
        return []  # a list of one ("출연기관 몇 곳 어디어디": 1개, 서울연구원)
    texts = [res.details_by_id[r.id] for r in ans.facts if r.id in res.details_by_id]
    if len(texts) >= 2 and all(d.aspect in p.canon("aspect") for d in texts):
        return []  # the text items of every aspect named, one a line ("전략 뭐뭐": 전략 1 … 전략 4)
    return [several]


WEB_ADDRESS = re.compile(r"[a-z0-9-]+\.(?:go|or|co)\.kr|www\.", re.IGNORECASE)  # "www.simpan.go.kr"
NAMED_AFTER_A_LABEL = re.compile(r"[가-힣]:\s*[가-힣A-Za-z]")  # "출연기관: 서울연구원"


def names_given(ans: Answer, facts: list[Fact]) -> bool:
    """The answer names things: its lines list names ("재정투융자기금, 감채기금"), or a figure's
    remark names one after its label ("출연기관: 서울연구원") or gives a web address; not a remark that
    gives a reason ("전문성 강화를 위해 위촉")."""
    notes = [f.note or "" for f in facts]
    return bool(NAMES_LISTED.search("\n".join(said_lines(ans)))) or any(
        WEB_ADDRESS.search(n) or NAMED_AFTER_A_LABEL.search(n) for n in notes
    )


def category_left_out(p: Parsed, facts: list[Fact]) -> list[str]:
    """A measure asked within a category ("임기제 중에 여직원": a category named before 중, a measure
    after it) answered by the category's own figure (임기제 현원 38명) beside a figure of that measure
    outside the category (all staff's 여성 174명): the measure within the category, which the report
    does not give."""
    taken = [(m.start, m.end) for m in p.matches]
    for found in AMONG.finditer(p.compact):
        at, end = found.span()
        if any(a < end and at < b for a, b in taken):
            continue  # "격리중": part of a name
        before = [m for m in p.matches if m.end <= at and m.kind == "qualifier"]
        after = [m for m in p.matches if m.start >= end and m.kind == "metric"]
        categories, measures = {m.canonical for m in before}, {m.canonical for m in after}
        inside = [f for f in facts if _of_category(f, categories)]  # (임기제 현원: the category's own figure)
        held = {f.metric for f in inside}  # (a measure the category's figures give is answered within it)
        outside = [f for f in facts if f.metric in measures - held and not _of_category(f, categories)]
        if before and after and inside and outside:
            return [f"{before[-1].surface} 중 {after[0].surface}"]
    return []


def _of_category(f: Fact, categories: set[str]) -> bool:
    """The figure is of one of the categories, or of a part of one ("예산지원형 시설": 예산지원형)."""
    return any(compact(c) in compact(f.qualifier or "") for c in categories)


def category_counted_for_names(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """Names asked of the things of a category ("조건부추진 받은 사업 이름") answered by lines that
    count that category ("조건부추진 22건"): a count of them names none of them (unless the names
    follow it: "기금 (4개): 재정투융자기금, …")."""
    asked = next((w for w in res.config.name_asking_words if w in p.compact), None)
    if asked is None:
        return []
    said = compact("\n".join(said_lines(ans)))
    counted = any(
        re.search(re.escape(compact(x)) + r"\(?\d[\d,.]*(?:건|개|곳|명)(?!\)?:)", said) for x in p.canon("qualifier")
    )
    return [asked] if counted else []


def one_of_a_joined_category(p: Parsed, facts: list[Fact]) -> list[str]:
    """One of two things the report counts together ("반려 및 철회": words.yaml and_word) asked
    alone (words.yaml only_particles: "철회만 몇 건"): their joint figure does not answer it."""
    missing = []
    for f in facts:
        for name in (f.qualifier, f.metric):
            parts = [compact(x) for x in (name or "").split(words.AND_WORD)]
            if len(parts) < 2:
                continue
            rest = p.compact.replace(compact(name or ""), " ")  # ("반려 및 철회만": the two together)
            alone = [x for x in parts if x and any(x + only in rest for only in words.ONLY_PARTICLES)]
            missing += [x + words.ONLY_PARTICLES[0] for x in alone]  # "철회만"
    return list(dict.fromkeys(missing))


def part_for_whole(res: Resources, p: Parsed, facts: list[Fact]) -> list[str]:
    """The whole of a thing counted ("C40 회원도시 전부 몇 개", words.yaml whole_words) answered by
    figures that count only some of it: each figure's measure names what the question counts
    (도시) with a word the question does not say (참석 도시 수: those attending)."""
    whole = next((w for w in words.WHOLE_WORDS if w in p.compact), None)
    figures = [f for f in facts if f.value is not None]
    if whole is None or not figures or counted_unit(p.compact) not in words.COUNTERS:
        return []  # a count of the whole ("전체 … 몇 개"), not a rate of a whole ("전체 예산 감소율")

    def said(w: str) -> bool:  # (or by another word for it, knowledge/aliases.yaml words: 여자 for 여성)
        return w in p.compact or any(compact(x) in p.compact for x in res.kb.words.get(w, ()))

    # a measure named whole by another name of it ("여자 직원": 여성 공무원 수), not by a counting
    # phrase of its aliases ("도시 몇 개" names 참석 도시 수 only as a count of 도시)
    named = {m.canonical for m in p.matches if m.kind == "metric" and "몇" not in m.surface}

    def of_a_part(f: Fact) -> bool:
        if f.metric in named:
            return False
        said_ = [
            said(w)
            for w in map(compact, f.metric.split())
            if len(w) >= 2 and w not in GENERIC_MEASURES and w not in words.WHOLE_MEASURE_WORDS
        ]
        return any(said_) and not all(said_)

    if all(of_a_part(f) for f in figures):
        before = p.text[: p.text.find(whole)].strip() if whole in p.text else ""
        return [f"{before} {whole}" if before else whole]
    return []


def _after_a_particle(c: str, end: int) -> Iterator[str]:
    """What follows the word ending at `end`, after each particle it may have (or none)."""
    rest = c[end:]
    for particle in ("", *words.ORG_PARTICLES):
        if rest.startswith(particle):
            yield rest[len(particle) :]


def counted(c: str, end: int) -> bool:
    """The word ending at `end` is what a count asks of: "몇" or a count word follows it, after a
    particle or none ("수탁기관 몇 곳", "검사 건수", "위원은 몇 명")."""
    return any(
        after.startswith("몇") or any(after.startswith(w) for w in words.GENERIC_MEASURES if len(w) >= 2)
        for after in _after_a_particle(c, end)
    )


def counted_across_the_whole(c: str, end: int) -> bool:
    """The word ending at `end` is what a count asks of, with a word for its whole in between
    ("사업 전체 몇 개", "사업은 총 몇 개": words.yaml whole_words, whole_measure_words)."""
    wholes = (*words.WHOLE_WORDS, *words.WHOLE_MEASURE_WORDS)
    return any(
        after.startswith(whole) and after[len(whole) :].startswith("몇")
        for after in _after_a_particle(c, end)
        for whole in wholes
    )


def other_names(res: Resources, facts: Sequence[Fact]) -> str:
    """Every name of the figures' subjects, to read a question's nouns against (a noun of another
    name of a subject answered is read: 민간·자치구 of 지원예산)."""
    return " ".join(n for f in facts for n in res.vocab.subject_names.get(f.subject or "", ()))


def suffixed_names(res: Resources, p: Parsed) -> list[str]:
    """A name the question ends with a letter that makes it another measure ("참가비": a cost, not
    the 참가 counts; words.yaml measure_suffixes), so written nowhere in the report: unread."""
    out = []
    c = p.compact
    for m in p.matches:
        end = m.end
        if end >= len(c) or c[end] not in words.MEASURE_SUFFIXES:
            continue
        if any(o.start <= end < o.end for o in p.matches) or any(
            c.startswith(w, end) for w in res.config.asking_and_endings
        ):
            continue  # "예산비교", "사업비": the letter begins a word of its own, or is in a name
        rest = c[end + 1 :]
        if rest and not starts_an_ending(rest) and not any(rest.startswith(w) for w in res.config.asking_and_endings):
            continue  # "예산 비싸?": 비 begins a word of its own
        if c[m.start : end + 1] not in res.vocab.report_text:
            out.append(c[m.start : end + 1])
    return list(dict.fromkeys(out))


def _years_unsaid_by_texts(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """A year other than the report's asked ("내년 총인건비 인상률", "작년 …") of texts that do not
    speak of it: the texts are of the report's time, not of the year asked."""
    if any(r.text is not None for r in ans.facts):
        return []  # figures: their years are checked by the name guard
    body = ans.text
    return [
        f"{y}년"
        for y in p.years
        if y.isdigit()
        and y != res.config.report_year
        and not any(f in body for f in (y, f"’{y[2:]}", f"'{y[2:]}", f"{y[2:]}년"))
    ]


def _amount_asked_of_dates(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """An amount asked ("해외도시 방역물품 얼마 지원") answered with dates only (a schedule): not it,
    unless a time or a length of time is asked too ("얼마 동안", "언제")."""
    c = p.compact
    word = words.AMOUNT_ASKING
    at = c.find(word)
    if ans.intent != "schedule" or at < 0 or c.startswith(words.AMOUNT_NOT_BEFORE, at + len(word)):
        return []  # ("얼마 전 발표한 …": a time, not an amount)
    if any(w in c for w in (*res.config.when_asking_words, *res.config.duration_words)):
        return []
    return [word]


AMONG_HEAD_LETTERS_BEFORE = 2  # "주요국중": the letters typed before a noun's head that may begin its word
AMONG_WORD_SET = frozenset(w for w in words.AMONG_WORDS if len(w) >= 2)  # "중에", "가운데" ("중" alone ends many nouns)


def joins_two_report_words(res: Resources, c: str, start: int, end: int) -> bool:
    """The analyzer's noun start..end of the compact question is the last letters of a stretch the
    report writes and the first letters of a word it writes (each of two letters or more, reaching
    beyond the noun on its side): words typed glued and cut in the wrong place ("지정|회당" read as 정회,
    "운영평가위|심의" as 위심); not a stretch inside a word ("시립대학|생수": 생수 of 발생수)."""
    report, words_ = res.vocab.report_text, res.report_words
    for cut in range(start + 1, end):
        left = any(c[a:cut] in report for a in range(max(0, cut - MAX_GLUED_WORD), start))
        right = any(" " + c[cut:b] in words_ for b in range(end + 1, min(len(c), cut + MAX_GLUED_WORD) + 1))
        if left and right:
            return True
    return False


MAX_GLUED_WORD = 4  # the longest piece of a word read on either side of a wrong cut


def straddles_a_word(c: str, start: int, end: int, words_: frozenset[str]) -> bool:
    """The stretch start..end of the compact question overlaps one of these words written there
    without holding it whole."""
    for w in words_:
        at = c.find(w, max(0, start - len(w) + 1))
        while 0 <= at < end:
            if start < at + len(w) and not (start <= at and at + len(w) <= end):
                return True
            at = c.find(w, at + 1)
    return False


def count_word_asked(p: Parsed) -> str | None:
    """A typed word that is a count's generic word and its ending, after another ("시민 수는":
    words.yaml generic_measures): a figure asked, as 몇 asks one; the two words, to name it."""
    typed = p.text.split()
    for before, word in zip(typed, typed[1:], strict=False):
        if (count := strip_ending(compact(word))) in words.GENERIC_MEASURES:
            return f"{strip_ending(compact(before))} {count}"
    return None


def a_name_ending_before_among(res: Resources, c: str, noun: str, start: int) -> bool:
    """A noun the report never writes, ending in an "among" word (words.yaml among_words), whose
    letters before it end a word the report writes with the letters typed before them ("국중" of
    주요국중: 주요국 of 주요국가, then 중); or beginning with one, whose letters after it begin a word
    the report writes ("중시" of 지원금중시예산: 중, then 市 예산)."""
    if noun in res.vocab.report_text:
        return False
    for w in words.AMONG_WORDS:
        head = len(noun) - len(w)
        if head > 0 and noun.endswith(w) and start >= 1:
            return c[max(0, start - AMONG_HEAD_LETTERS_BEFORE) : start + head] in res.vocab.report_text
        if head > 0 and noun.startswith(w) and start >= 1:  # "…지원금중시예산": 중, then 시 예산 (市 예산)
            rest = c[start + len(w) : start + len(noun) + AMONG_HEAD_LETTERS_BEFORE]
            return len(rest) > AMONG_HEAD_LETTERS_BEFORE and rest in res.vocab.report_text
    return False


def in_a_filler(res: Resources, c: str, noun: str, start: int) -> bool:
    """The noun at `start` of the compact question is part of a filler word written there."""
    for w in res.config.filler_words:
        if noun in w and len(w) > len(noun):
            at = c.find(w, max(0, start - len(w)))
            if 0 <= at <= start and start + len(noun) <= at + len(w):
                return True
    return False


def _room_for_a_noun(length: int, spans: list[tuple[int, int]]) -> bool:
    """Two letters in a row of the compact question that no span covers."""
    covered = [False] * length
    for a, b in spans:
        for i in range(max(0, a), min(b, length)):
            covered[i] = True
    run = 0
    for taken in covered:
        run = 0 if taken else run + 1
        if run >= 2:
            return True
    return False


def unspoken_subjects(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """Subjects the question names (as typed, not from the conversation) that the answer neither
    names nor answers from their part of the report: "계약심사로 절감한 금액" is not answered with
    재난긴급생활비's 금액. The report's owner and the city it speaks for are everyone's subject; a
    name inside a longer name of the question ("서울" in 서울시립대) is that name's business, and so
    is a name across a space from a one-letter tail ("정책목표 중 국제교류" holds no 중국)."""
    said: set[str] | None = None  # the answer's letter pairs, read at the first name to check
    sections = {r.section for r in ans.facts}
    figures = any(r.value is not None for r in ans.facts)
    exempt = set(res.config.scope_names)
    by_span: dict[tuple[int, int], list[str]] = {}
    for m in p.matches:
        if m.kind in ("subject", "keyword"):
            by_span.setdefault((m.start, m.end), []).append(m.canonical if m.kind == "subject" else "")
    # a topic word ("재결" of 행정심판) is held to its part of the report as a name is when figures
    # answer a question naming no subject and no measure: they were picked by a category alone
    topic_alone = not p.canon("subject") and not p.canon("metric") and any(r.text is not None for r in ans.facts)
    named_sections = {m.canonical for m in p.matches if m.kind == "keyword"} if topic_alone else set()
    out: list[str] = []
    for (start, end), names in by_span.items():
        subjects = [n for n in names if n]
        if (not subjects and not topic_alone) or exempt & set(subjects) or straddles(p, start, end):
            continue
        if any(o.start <= start and end <= o.end and o.end - o.start > end - start for o in p.matches):
            continue
        spans_sections = {m.canonical for m in p.matches if m.kind == "keyword" and (m.start, m.end) == (start, end)}
        spans_sections |= res.sections_of(subjects)
        # an office or an event the report gives no figure of ("재무국 신속집행률": its role is
        # written, no figure; "지역상생 박람회 … 몇 곳": its plan) is not answered by another's figures
        # of its part of the report (intents.yaml event_words)
        figureless = (
            bool(subjects)
            and figures
            and not any(res.facts_of_subject.get(s) for s in subjects)
            and all(compact(s).endswith((*words.ORG_SUFFIXES, *res.config.event_words)) for s in subjects)
        )
        if spans_sections & sections and not figureless:
            continue
        if not subjects and (
            named_sections & sections or any(p.compact[start:end] in res.section_texts.get(x, "") for x in sections)
        ):
            continue  # the part answered from is named by another word, or writes this one ("코로나")
        forms = {n for s in subjects for n in res.vocab.subject_names.get(s, frozenset({compact(s)}))}
        if said is None:
            said = bigrams(ans.text)
        if not any(spoken(n, said) for n in forms | {p.compact[start:end]}):
            out.append(p.compact[start:end])
    return out


def unspoken_among(res: Resources, p: Parsed, ans: Answer, facts: list[Fact]) -> list[str]:
    """The noun right after 중 ("among": what is asked) that the figures answered neither are of
    nor speak of: "투자심사위원 중 여성 몇 명" is not answered with the committee's size,
    "공익감사단 중 변호사" not with its 100명."""
    if ans.intent != "lookup" or ans.computed or operations.asked(p.compact, res.config):
        return []  # a ranking, share or sum among them reads the words after 중 itself
    taken = [(m.start, m.end) for m in p.matches]
    said: set[str] | None = None  # the answer's letter pairs, read at the first noun to check
    out: list[str] = []
    for found in AMONG.finditer(p.compact):
        at, end = found.span()
        if any(a < end and at < b for a, b in taken):
            continue  # "격리중", "진행 중": part of a name
        first = next(((n, a, b) for n, a, b in p.analyzer.nouns(p.text) if a == end), None)  # right after it
        if first is None:
            continue
        noun, start, stop = first
        if len(noun) < 2 or noun in res.config.filler_words or noun in res.config.relative_years:
            continue
        # a known name there ("그중 여자는": 여성) is read as the name the question was resolved with
        names = [m.canonical for m in p.matches if m.kind != "keyword" and m.start <= start and stop <= m.end]
        if said is None:
            said = bigrams(ans.text)
        for name in names or [noun]:
            held = any(name in f"{f.metric} {f.qualifier or ''} {f.subject or ''}" for f in facts)
            if not held and not spoken(name, said) and not spoken(noun, said):
                out.append(noun)
                break
    return out


def set_aside_answered(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """A name the question sets aside ("태릉 말고 다른 생활치료센터", "사전검토 빼고"; intents.yaml
    except_words) that every figure answered is of: what was asked is the rest, which these are not
    (a figure computed without it, "서울 빼고 전국": 전국 − 서울, is the rest); nor a text of it
    ("UNDRR 말고 같이 영상회의한 국제기구": not UNDRR's 명칭)."""
    if ans.computed or not ans.facts or operations.asked(p.compact, res.config):
        return []  # (an operation asked computes the rest itself, or says it cannot)
    for m in p.matches:
        if m.kind == "keyword" or not set_aside(p.compact, m.end, res.config):
            continue
        named = {compact(m.surface), compact(m.canonical)} if m.kind == "subject" else {compact(m.surface)}
        if all(any(x in compact(r.label) for x in named) for r in ans.facts):  # (figures and texts alike)
            rest = dict.fromkeys(x.surface for x in p.matches if x.start >= m.end and x.kind in ("subject", "metric"))
            name = m.canonical if compact(m.canonical) == m.surface else m.surface  # "UNDRR", not "undrr"
            return [" ".join([f"{name} 외의", *rest]) if rest else f"{name} 외"]
    return []


def categories_unsaid_by_texts(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """A name asked of a category the question names (부적정, 재검토) that a text answer never says:
    "부적정 판정난 용역 이름" is not answered with 포괄비's 명칭, nor "재검토 받은 사업명" with
    행정심판위원회's."""
    if not ans.facts or any(r.id not in res.details_by_id for r in ans.facts):
        return []  # (figures: categories_unsaid)
    asked = next((w for w in res.config.name_asking_words if w in p.compact), None)
    if asked is None:
        return []
    said = bigrams(" ".join(said_lines(ans)))
    # (each as the report writes it, and not inside another: "부적정" holds 적정; "끝나면" is 변경 후 told)
    named = [m for m in p.matches if m.kind == "qualifier" and m.surface == compact(m.canonical)]
    named = [m for m in named if not any(o is not m and o.start <= m.start and m.end <= o.end for o in named)]
    return [f"{x} {asked}" for x in dict.fromkeys(m.canonical for m in named) if not spoken(compact(x), said)]


def categories_unsaid(res: Resources, p: Parsed, facts: list[Fact]) -> list[str]:
    """A category the question names (임기제, 기금) that no figure answered is of, nor says in its
    label, though figures of the same measure or table are given by it: "기획담당관 여성 임기제
    몇명" is not answered with all its 여성 공무원, "평가담당관 기금 사업" not with its 일반회계
    사업수 (the report crosses no such categories); not when another category named is answered
    ("일반회계, 특별회계, 기금 각각": the two found are shown). A category that is also the subject of a figure
    answered is that figure's ("기금 예산": 기금 총액), and a whole (계, 전체) is every figure's."""
    figures = [f for f in facts if f.value is not None]
    if not figures or not p.canon("qualifier"):
        return []
    # (every figure answered says its category, a range too: "15~20일" of 변경 후)
    said = " ".join(compact(f"{f.label} {f.qualifier or ''} {f.metric}") for f in facts)
    subjects = {f.subject for f in figures}
    metrics = {f.metric for f in figures}
    tables = {f.source_table for f in figures if f.source_table}
    out = []
    for x in dict.fromkeys(p.canon("qualifier")):
        whole = x.split()[-1] in words.WHOLE_MEASURE_WORDS
        if compact(x) in said and not whole:
            return []  # one category named is answered: the others are the parts' business
        if x in subjects or whole or compact(x) in said:
            continue
        if any(f.qualifier and f.qualifier.split()[-1] == x.split()[-1] for f in figures):
            continue  # one kind of category, of another size ("3인 가구" of "3~4인 가구": retrieval's)
        given = res.facts_of_category_word.get(x, ())
        if any(f.metric in metrics or (f.source_table and f.source_table in tables) for f in given):
            out.append(x)
        elif given and tables and all(f.source_table and f.source_table not in tables for f in given):
            out.append(x)  # a category of another table only ("별정직 전체": not 계약심사's 전체 심사 건수)
    return out


def topic_words_unsaid(res: Resources, p: Parsed, ans: Answer, facts: list[Fact]) -> list[str]:
    """A figure asked of nothing but topic words (no subject, no measure, no "얼마"/"몇") must say
    each of them: "영상회의한 국제기구 어디" is not answered with the C40 영상회의's 70분, which
    no 국제기구 held."""
    figures = [f for f in facts if f.value is not None]
    if not figures or ans.intent != "lookup" or p.canon("subject") or p.canon("metric"):
        return []
    if any(w in p.compact for w in res.config.figure_asking_words):
        return []
    # what the figures say, and the title of their part ("업무협약 사전검토 및 심사 총계": its total)
    said = bigrams(
        " ".join(f"{f.label} {f.subject or ''} {f.metric} {f.qualifier or ''} {f.note or ''}" for f in figures)
    )
    said |= bigrams(" ".join(res.kb.sections[f.section].title for f in figures if f.section in res.kb.sections))
    topics = dict.fromkeys(m.surface for m in p.matches if m.kind == "keyword")
    return [w for w in topics if not spoken(w, said)]


def topics_of_other_parts(res: Resources, p: Parsed, facts: list[Fact]) -> list[str]:
    """A measure asked of a topic word of one part of the report and of no subject ("C40 예산",
    "2019년 소송 예산") is not answered by the figure of another part that never writes the word
    (기획조정실's budget in 일반현황); a topic the figures' part writes too ("코로나 방역 … 해외도시
    몇 개": the 도시외교 part speaks of 코로나19) may be answered there."""
    figures = [f for f in facts if f.value is not None]
    if not figures or p.canon("subject") or not p.canon("metric"):
        return []
    sections = {f.section for f in figures}
    texts = [res.section_texts.get(x, "") for x in sections]
    read_otherwise = {(m.start, m.end) for m in p.matches if m.kind != "keyword"}  # "목표": an aspect too
    return list(
        dict.fromkeys(
            m.surface
            for m in p.matches
            if m.kind == "keyword"
            and m.canonical not in sections
            and (m.start, m.end) not in read_otherwise
            and not any(compact(m.surface) in t for t in texts)
        )
    )


def person_of_office(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """ "예산담당관 이름 누구야" (intents.yaml person_of_office_words) asks the person heading the
    office named: answered only with that office's own items (its functions, its figures), it is
    declined — the report names no person."""
    asked = [w for w in res.config.person_of_office_words if w in p.compact]
    offices = {m.canonical for m in p.matches if m.kind == "subject" and m.canonical.endswith(words.ORG_SUFFIXES)}
    if not asked or not offices or not ans.facts:
        return []
    own = all(any(compact(r.label).startswith(compact(o)) for o in offices) for r in ans.facts)
    return [f"{o}의 담당자" for o in sorted(offices)] if own else []


_COUNTED_NUMBER = re.compile(r"\d[\d,.]*\s*(?:만|천|억)?\s*([가-힣]*)")  # a number and the word after it
_PERCENT = re.compile(r"\d[\d,.]*\s*%")  # a percentage counts nothing


def uncounted(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """A count asked in a unit ("몇 명", "몇 회"), or an amount of money ("총액"), that no figure
    answered is in: "임기제 몇 명" is not answered with 461건, "몇 회로 확대" not with 30일,
    "총인건비 총액" not with its rates. A figure of the measure named, in the unit the report
    counts it in (words.yaml counted_as: "결과음성 몇 건", 93,193명), is in it."""
    money = next((w for w in words.MONEY_WORDS if w in p.compact), None)
    unit = counted_unit(p.compact) or ("원" if money else None)
    figures = [r for r in ans.facts if r.value is not None]
    if (
        unit in COUNTED_UNITS
        and unit != "%"
        and ans.facts
        and not figures
        and "몇" in p.compact
        and not several_asked(p)
    ):
        # texts only: a number of theirs counts in the unit asked, or in none said ("소관부서(34)");
        # not only in other units ("대상자 몇 명": 117만 가구 counts no people)
        text = _PERCENT.sub("", "\n".join(ans.lines))
        if any(a == "" or a.startswith(unit) for a in (m.group(1) for m in _COUNTED_NUMBER.finditer(text))):
            return []
        return [f"몇 {unit}"]
    if (
        (unit not in COUNTED_UNITS and unit != "원")
        or not figures
        or any(unit_fits(unit, r.unit or "") for r in figures)
    ):
        return []
    named = set(p.canon("metric"))
    if unit in words.COUNTED_AS and all(
        r.unit == words.COUNTED_AS[unit] and r.id in res.facts_by_id and res.facts_by_id[r.id].metric in named
        for r in figures
    ):
        return []
    if several_asked(p):
        return []  # several things asked ("몇 건이고 예산은"): the parts answer them
    if re.search(r"\d\s*" + re.escape(unit), "\n".join(ans.lines)):
        return []  # a computed line in that unit ("비중: 44.6%")
    if unit == "원" and money:
        return [money]
    return [f"몇 {unit}"] if "몇" in p.compact else [unit]


def target_for_actual(p: Parsed, facts: list[Fact]) -> list[str]:
    """What is so now ("현재 감염경로 불명 비율", words.yaml actual_words) answered only by targets
    (a figure whose label says 목표: words.yaml target_words): the word asked, to decline."""
    actual = next((w for w in words.ACTUAL_WORDS if w in p.compact), None)
    figures = [f for f in facts if f.value is not None]
    if actual is None or not figures or any(w in p.compact for w in words.TARGET_WORDS):
        return []
    return [actual] if all(any(w in f.label for w in words.TARGET_WORDS) for f in figures) else []


def targets_unshown(res: Resources, p: Parsed, facts: list[Fact]) -> list[Fact]:
    """A target asked ("일자리 예산 집행률 목표", words.yaml goal_words) of a thing the report gives a
    target of, answered only by figures that are none (the 36.7 % of 3.31, not the 68 % aimed at)
    nor a change of a measure it aims at ("월 몇 건 늘리는 게 목표": 월 재결건수's 증가): its targets,
    to offer instead."""
    said = [label_word for w, label_word in words.GOAL_WORDS.items() if w in p.compact]
    if not facts or not said:
        return []

    def aimed(f: Fact) -> bool:
        return any(w in f"{f.label} {f.note or ''}" for w in said)

    if any(aimed(f) for f in facts):
        return []
    subjects = dict.fromkeys([*(f.subject for f in facts), *p.canon("subject")])  # (answered, or named)
    targets = [t for s in subjects for t in res.facts_of_subject.get(s or "", ()) if aimed(t)]
    if any(f.metric != t.metric and f.metric.startswith(t.metric) for f in facts for t in targets):
        return []
    return targets


def aim_not_answered(res: Resources, p: Parsed, facts: list[Fact]) -> list[str]:
    """A target or plan asked (words.yaml goal_words: "몇 명 예정") with no time named, answered by
    figures none of which is one, and either of things with no target at all or all of a year before
    the report's ("2019.6.~7." 교육 인원): the word asking, to decline (a past figure is no plan)."""
    asked = [w for w, label_word in words.GOAL_WORDS.items() if w in p.compact]
    if (
        not asked
        or p.periods
        or not facts
        or any(label_word in f.label for f in facts for label_word in words.GOAL_WORDS.values())
    ):
        return []
    # a target the report always labels so (the word asking is the label's: 목표), of things that have
    # none at all ("지원예산 집행률 목표": its 35.9 % is done); a plan may be a figure of the year (예정)
    labelled = [w for w in asked if words.GOAL_WORDS[w] == w]
    theirs = [t for s in {f.subject for f in facts} for t in res.facts_of_subject.get(s or "", ())]
    if labelled and not any(w in t.label for t in theirs for w in labelled):
        return labelled[:1]
    years = [(f.period or f.as_of or "")[:4] for f in facts]
    if all(y.isdigit() and y < str(res.config.report_year) for y in years):
        return asked[:1]
    return []


_YEAR_SPAN = re.compile(r"(\d{4})~(\d{4})")  # a span of years as the engine writes it ("2017~2019")
SPAN_YEARS_READ = 12  # a span of years longer than this ("2017년부터": every year since) is not checked year by year


def span_years_missing(res: Resources, q: Query, facts: list[Fact]) -> list[str]:
    """A span of years asked ("17~19년 총수행건수 합치면") of measures the report gives for only
    some of its years (no 2017 총수행건수): the years missing, to decline; no sum or trend over part
    of the span."""
    spans = [m for x in q.periods if (m := _YEAR_SPAN.fullmatch(x))]
    figures = [f for f in facts if f.value is not None]
    if not spans or not figures:
        return []
    measured = {(f.subject, f.metric) for f in figures}
    have: set[int] = set()
    for f in (*figures, *(g for s, _ in measured for g in res.facts_of_subject.get(s or "", ()))):
        if (f.subject, f.metric) not in measured:
            continue
        period = f.period or ""
        if span := _YEAR_SPAN.fullmatch(period):
            have.update(range(int(span[1]), int(span[2]) + 1))
        else:
            have.update(int(y) for y in re.findall(r"\d{4}", period))
    out: list[str] = []
    for span in spans:
        first, last = int(span[1]), int(span[2])
        if last - first <= SPAN_YEARS_READ:
            out += [f"{y}년" for y in range(first, last + 1) if y not in have]
    return out


def start_unshown(p: Parsed, ans: Answer) -> list[str]:
    """When something begins (words.yaml start_asking_words) answered by texts that show no
    beginning (start_marks): "자치경찰 … 시범실시 계획수립(5월 통과 대응)" tells when a plan is made,
    "지급 동참: 4.2" when the city joined; the word asked, to decline."""
    asked = next((w for w in words.START_ASKING_WORDS if w in p.compact), None)
    if asked is None or any(r.value is not None for r in ans.facts):  # (figures are read elsewhere)
        return []
    said = compact(ans.text)
    return [] if any(m in said for m in words.START_MARKS) else [asked]


def asked_of(p: Parsed, subject: str) -> str:
    """ "계약심사의 금액": a subject with what the question asks of it, for a decline to name."""
    asked = next((m.surface for m in p.matches if m.kind in ("metric", "aspect")), "")
    return f"{subject}의 {asked}" if asked else subject


def straddles(p: Parsed, start: int, end: int) -> bool:
    """The name begins on the last letter of a spaced word and runs into the next word ("중 국제"
    read as 중국)."""
    return any(start == b - 1 and end > b for _, b in word_spans(p.text, p.compact))


def spoken(name: str, said: set[str]) -> bool:
    """Most of a name's letter pairs are in the answer's: "주부심제" is spoken of by "주·부심제"."""
    grams = bigrams(name)
    return bool(grams) and len(grams & said) >= SPOKEN_SHARE * len(grams)


def check(res: Resources, parsed: Parsed, q: Query, ans: Answer) -> Answer:
    """An answer of a guarded intent that does not speak of what was asked becomes a decline, and
    so does any figure answer that does not carry a sibling-picking name of the question, and an
    ask-back whose choices leave a noun of the question unread ("런던 확진자": no choice is 런던's)."""
    if not ans.answered and ans.choices and (unread := unread_nouns(res, parsed, ans.text)):
        return compose.decline(res, parsed, q, what=", ".join(unread))
    if ans.answered and (suffixed := suffixed_names(res, parsed)):  # "참가비": no 참가 figure, nor text
        return compose.decline(res, parsed, q, what=", ".join(suffixed))
    facts = [res.facts_by_id[r.id] for r in ans.facts if r.id in res.facts_by_id] if ans.answered else []
    if ans.answered and ans.intent in GUARDED_INTENTS:
        uncovered = uncovered_words(res, parsed, facts, extra=ans.text)
        if uncovered:  # the answer does not speak of what was asked: say so, do not guess
            return compose.decline(res, parsed, q, what=", ".join(uncovered))
    if ans.answered and facts and (targets := targets_unshown(res, parsed, facts)):
        # "집행률 목표": the 68 % aimed at, not the 36.7 % (guarded in turn: "하반기 목표" is no 상반기's)
        if len({(t.subject, t.metric, t.period) for t in targets}) == 1 and len(targets) <= MAX_FACT_LINES:
            # one measure's targets, by category ("학술용역 심의 몇 번 예정": 수시 8회, 정기 4회): each of them
            targeted = compose.facts_answer(
                res, parsed, q, targets, intent=ans.intent or "lookup", confidence=ans.confidence
            )
            return check(res, parsed, q, targeted)
        return check(res, parsed, q, compose.ask_back(res, parsed, q, targets))
    if ans.answered and ans.facts:
        missing = [asked_of(parsed, s) for s in unspoken_subjects(res, parsed, ans)]
        missing += person_of_office(res, parsed, ans)
        missing += res.name_guard.unaccounted(parsed, facts)
        missing += unspoken_among(res, parsed, ans, facts)
        if any(r.text is not None for r in ans.facts):  # figures: every noun of the question read
            # the report's owner's figures when no subject was named ("평가 예산 얼마": not 기획조정실's
            # total): any noun left unread names something else, however common a word of the report
            owners = not parsed.canon("subject") and all(f.subject == res.config.report_owner for f in facts)
            sections = frozenset(r.section for r in ans.facts)
            if owners and facts:  # (read against the figures' own labels, not the other items offered)
                missing += unread_nouns(res, parsed, " ".join(f.label for f in facts), sections, every=True)
            else:  # (a noun of another name of a subject answered is read: 민간·자치구 of 지원예산)
                missing += unread_nouns(res, parsed, f"{ans.text} {other_names(res, facts)}", sections)
        elif ans.intent in ("detail", "lookup") and (
            any(w in parsed.compact for w in res.config.figure_asking_words) or count_word_asked(parsed)
        ):
            missing += unread_nouns(res, parsed, ans.text)  # a figure asked of a text: every noun read
            texts = [res.details_by_id[r.id].text for r in ans.facts if r.id in res.details_by_id]
            if len(texts) == len(ans.facts) and not any(_DIGIT.search(t) for t in texts):
                # "임대보증금 얼마", "시민 수는": no number
                missing.append(count_word_asked(parsed) or noun_asked(parsed, res.config.figure_asking_words))
        else:  # texts: no place or person the report never writes ("C40회의에도쿄도참석했어": 도쿄)
            proper = parsed.analyzer.proper_nouns(parsed.text)
            missing += [
                n for n in unread_nouns(res, parsed, ans.text) if n in proper and n not in res.vocab.report_text
            ]
        # "이름 뭐뭐야" is not answered by a count, unless a figure's remark names them
        # ("3대 분야 — 따뜻한 방역, 따뜻한 연결, 따뜻한 경제"; "www.simpan.go.kr 게시")
        if all(r.value is not None for r in ans.facts) and not any(f.note for f in facts):
            missing += [w for w in res.config.name_asking_words if w in parsed.compact]
            if ans.intent == "lookup" and not any(w in parsed.compact for w in res.config.figure_asking_words):
                missing += [w for w in res.config.which_asking_words if w in parsed.compact][:1]
        elif all(r.value is not None for r in ans.facts) and not names_given(ans, facts):
            # … nor by a count whose remark gives a reason ("신규 위촉 4명 — 전문성 강화를 위해 위촉")
            missing += [w for w in res.config.name_asking_words if w in parsed.compact]
        missing += kinds.unshown(res, parsed, ans)
        missing += kinds.members_unnamed(parsed, ans)
        missing += _amount_asked_of_dates(res, parsed, ans)
        missing += breakdowns_unknown(res, parsed, facts)
        missing += part_for_whole(res, parsed, facts)
        missing += one_of_a_joined_category(parsed, facts)
        missing += category_left_out(parsed, facts)
        missing += target_for_actual(parsed, facts)
        missing += aim_not_answered(res, parsed, facts)
        missing += start_unshown(parsed, ans)
        missing += span_years_missing(res, q, facts)
        missing += set_aside_answered(res, parsed, ans)
        missing += topic_words_unsaid(res, parsed, ans, facts)
        missing += topics_of_other_parts(res, parsed, facts)
        missing += categories_unsaid(res, parsed, facts)
        missing += categories_unsaid_by_texts(res, parsed, ans)
        missing += dates_of_another(res, parsed, ans)
        missing += _years_unsaid_by_texts(res, parsed, ans)
        if not any(r.text is not None for r in ans.facts):  # texts (figures: their periods are checked)
            missing += text_times.unsaid(parsed, ans.text, res.config.report_year)
        said = compact(ans.text)
        missing += rounds_unsaid(parsed.compact, said)  # "3차 회의" is not the 1차
        # names unlisted are said only when nothing else is missing ("구 이름" says it already)
        missing = missing or names_unlisted(res, parsed, ans) or category_counted_for_names(res, parsed, ans)
        if missing:
            return compose.decline(res, parsed, q, what=", ".join(dict.fromkeys(missing)))
    return ans


def dates_of_another(res: Resources, p: Parsed, ans: Answer) -> list[str]:
    """Dates asked of a thing the question names, answered with the dates of a sibling of it (a
    thing whose name shares SIBLING_BIGRAMS letter pairs with its, neither holding the other's name)
    that the dates' lines name instead ("UNDP랑 영상회의 몇월 며칠": not the C40 영상회의's date;
    "중앙투자심사 몇월 며칠": not 市 투자심사's), when they say none of the letter pairs that tell it from
    that kin: the thing asked. The lines are read without their source line (a section's title names
    no date's thing)."""
    if ans.intent != "schedule" or not ans.answered:
        return []
    lines = compact(ans.text)
    for section in res.kb.sections.values():  # (the source line's titles)
        lines = lines.replace(compact(section.title), " ").replace(compact(section.short), " ")
    exempt = set(res.config.scope_names)
    named = [m for m in p.matches if m.kind == "subject" and m.canonical not in exempt]
    unsaid = [m for m in named if not any(n in lines for n in res.vocab.subject_names.get(m.canonical, ()))]
    if not unsaid:
        return []  # (most answers: every thing asked is named in its lines; no other name is looked for)
    pairs = bigrams(lines)
    shown = [
        s
        for s, names in res.vocab.subject_names.items()
        if s not in exempt
        and not any(m.canonical == s for m in named)
        and any(len(n) >= DATED_NAME_LETTERS and n in lines for n in names)
    ]
    out = []
    for m in unsaid:
        own, grams = compact(m.canonical), bigrams(m.canonical)
        for s in shown:
            if compact(s) in own or own in compact(s) or len(bigrams(s) & grams) < SIBLING_BIGRAMS:
                continue  # (no part or whole of it, no kin)
            if not (grams - bigrams(s)) & pairs:  # the lines say nothing that tells it from its kin
                out.append(m.canonical)
                break
    return out
