"""Several questions in one message: each part answered, the later parts borrowing from the earlier."""

from __future__ import annotations

from collections.abc import Callable

from bot.answer import Answer, Conversation, FactRef
from bot.engine import compose, guard, operations
from bot.engine.phrasing import fact_line
from bot.engine.resolve import resolve
from bot.engine.resources import Resources
from bot.engine.retrieval import Query, counted_unit, unit_fits
from bot.engine.thresholds import (
    AND_SPLIT,
    CLAUSE_SPLIT,
    COUNTED_AFTER,
    ENDS_IN_PERIOD,
    FOLLOW_UP_SLOTS,
    GLUED_CLAUSE_SPLIT,
    MAX_FACT_LINES,
    MAX_QUESTION_PARTS,
)
from bot.engine.understand import Parsed, asked_again, content_words, glued_joins, parse
from bot.korean import words
from bot.korean.textnorm import compact, starts_an_ending, strip_ending
from bot.korean.words import COUNTER_NOUNS, COUNTERS_BEFORE_NOUN, GENERIC_MEASURES
from bot.records import Detail, Fact, ScheduleItem


def answer_parts(
    res: Resources,
    text: str,
    parsed: Parsed,
    q: Query,
    whole: Answer,
    before: dict | None,
    answer_parsed: Callable[[Resources, Parsed, Query], Answer],
) -> Answer | None:
    """ "몇 건 심의했고 부적정은 몇 건?", "예산 규모랑 집행 목표율": each part asked is answered,
    the parts after the first borrowing its subject. None when the question has no two parts."""
    if parsed.out_of_scope or parsed.unknown_offices:
        return None  # "도시교통실 정원과 현원": no part may answer for another office
    whole_metrics = {res.facts_by_id[r.id].metric for r in whole.facts if r.id in res.facts_by_id}
    one_of_each = len(q.metrics) >= 2 and whole_metrics == set(q.metrics) and len(whole.facts) == len(q.metrics)
    if whole.answered and one_of_each:
        return None  # one figure of each measure asked: answered whole ("이탈리아 누적 확진자랑 사망자")
    split = (lambda x: split_and(res, x)) if len(whole_metrics) < 2 else (lambda x: [x])  # "정원과 현원" answered whole
    read: dict[str, Parsed] = {}  # pieces parsed to join them (`_only_subjects`), not parsed again below
    pieces = _periods_together(res, [y for x in CLAUSE_SPLIT.split(text) if x for y in split(x) if compact(y)], read)
    if len(pieces) < 2 and (glued := [m.end() for m in GLUED_CLAUSE_SPLIT.finditer(text)]):
        pieces = [text[a:b] for a, b in zip([0, *glued], [*glued, len(text)]) if compact(text[a:b])]
    op = operations.asked(text, res.config)
    two_operands = op in TWO_OPERANDS  # "정원이랑현원차이": one operation's
    if two_operands and _computed_of_every_subject(res, parsed, q, whole):
        return None  # "4인가구 재난긴급생활비랑 긴급재난지원금 합치면": the whole summed what its parts name
    if two_operands and whole.choices:
        return None  # "일반회계랑 기금 차이": asked back of which measure; no part answers that
    if len(pieces) < 2 and not two_operands and (joins := glued_joins(parsed)):  # "서울이랑다른지자체각각"
        pieces = [parsed.compact[a:b] for a, b in zip([0, *joins], [*joins, len(parsed.compact)])]
        pieces = _periods_together(res, pieces)
    if len(pieces) < 2 and text.count("몇") >= 2:  # "몇 실 몇 관 몇 담당관", "승소 몇 건 패소 몇 건"
        pieces = cut_at_counts(text)
    if len(pieces) < 2 and (ends := asked_again(parsed)):
        typed = parsed.text
        pieces = [typed[a:b] for a, b in zip([0, *ends], [*ends, len(typed)]) if compact(typed[a:b])]
    if len(pieces) < 2:
        return None
    pieces = lend_shared_names(res, text, pieces, read)
    # a part asking "몇" twice is two ("조직 어떻게 돼? | 담당관 몇 개고 | 팀 몇 개야")
    if len(pieces) >= 2:  # (one piece was cut at its counts above)
        pieces = [x for piece in pieces for x in (cut_at_counts(piece) if _counts_twice(piece) else [piece])]
    pieces = pieces[:MAX_QUESTION_PARTS]
    conv = Conversation()  # each part borrows from the parts before it (and the turn before), not the whole
    conv.slots = dict(before or {})
    facts: list[Fact] = []
    texts: list[Detail | ScheduleItem] = []  # the text items and dates that answer a part ("이름이 뭐야", "언제 했고")
    lines: list[str] = []  # every part's lines, in the order asked
    not_found: list[str] = []  # "평균연령" of "예산, 정원, 평균연령": said, not dropped in silence
    computed: list[str] = []  # the lines a part computed (a sum and its formula), before every figure
    summed = op == "sum"
    answered: set[str] = set()  # the measures the parts so far asked
    for piece in pieces:
        p = read.pop(piece, None) or parse(piece, res.vocab)
        if not p.has_content() and not counted_unit(p.compact):  # "몇 개국이야" asks the unit's count
            not_found += [w for w in guard.unknown_words(res, p) if w not in not_found]
            continue
        if not p.has_content() and (left := _measures_left(parsed, answered)):
            # "전세계 확진 몇개국 몇명이야": the count alone asks the measure the whole named that no
            # part before answered (확진), of the whole's subjects: read as "전세계 확진 몇명이야"
            named = [m.surface for m in parsed.matches if m.kind == "subject"]
            p = parse(" ".join([*dict.fromkeys(named), *left, piece]), res.vocab)
        part_q = resolve(res, p, conv)
        if not part_q.periods and not p.periods:
            part_q.periods = list(q.periods)  # "2018년 총 수행건수와 승소율": both of 2018
        part = answer_parsed(res, p, part_q)
        if not part.answered or not part.facts:
            not_found += [w for w in guard.unknown_words(res, p) if w not in not_found]
            if part_q.subjects:  # "기조실 조직 규모 … 몇 실": the next parts are about 기조실
                conv.slots = {**conv.slots, "subjects": list(part_q.subjects)}
            continue
        conv.slots = {k: list(v) for k, v in part.slots.items() if k in FOLLOW_UP_SLOTS} or conv.slots
        conv.last_answer = part  # ("…몇퍼센트고 금액은": the amount shown beside the rate just answered)
        answered.update(part_q.metrics)
        part_texts = [d for r in part.facts if (d := _text_of(res, r.id)) is not None]
        if part_texts and len(part_texts) == len(part.facts):  # a text answers this part: its lines
            if not _asks(res, p.compact):
                continue  # a piece of a clause cut short ("연수 참여" of "연수 참여하고 싶다는 팀")
            if any(d in texts for d in part_texts):
                continue  # the same text items again
            texts += part_texts
            lines += part.lines  # as the part's answer wrote them (a head line, then the items)
            continue
        mine = [f for ref in part.facts if (f := res.facts_by_id.get(ref.id)) is not None]
        if part.intent in COMPUTING_INTENTS:  # "A랑 B 합치면 몇 건이고": the part's sum and its formula
            said = {fact_line(f, res.config) for f in mine}
            computed += [line for line in part.lines if line not in said] + ([part.computed] if part.computed else [])
        elif summed and len(mine) >= 2 and (done := operations.compute("sum", mine, res.kb.facts)):
            # "… 합치면 몇 건이고 총사업비 얼마": the sum asked before the parts is of each of them
            computed += [done.line, res.config.phrase("computed", how=done.how)]
        for fact in mine:
            if fact not in facts:
                facts.append(fact)
                lines.append(fact_line(fact, res.config))
    asked = [f.id for f in facts] + [d.id for d in texts]
    if len(asked) < 2 or (whole.answered and {f.id for f in whole.facts} >= set(asked)):
        return None
    extra = [res.config.phrase("not_found_named", what=", ".join(not_found))] if not_found else None
    if not texts:
        return compose.facts_answer(
            res,
            parsed,
            q,
            (facts if q.periods else compose.latest_of_each_series(facts))[:MAX_FACT_LINES],
            intent="lookup",
            confidence=0.8,
            extra=extra,
            head="\n".join(computed) or None,
        )
    kept = lines[:MAX_FACT_LINES]
    figures = [f for f in facts if fact_line(f, res.config) in kept]
    details = list(texts)
    return compose.text_answer(
        res,
        parsed,
        kept + (extra or []),
        [*figures, *details],
        [*(compose.ref(res, f) for f in figures), *(_text_ref(res, d) for d in details)],
        intent="lookup",
        confidence=0.8,
        slots=compose.slots(res, q, figures),
    )


def _measures_left(parsed: Parsed, answered: set[str]) -> list[str]:
    """The measures the whole question writes (as written) that no part so far asked."""
    return [m.surface for m in parsed.matches if m.kind == "metric" and not {m.surface, m.canonical} & answered]


def _text_of(res: Resources, record_id: str) -> Detail | ScheduleItem | None:
    """The text item or dated line a part's answer cites."""
    return res.details_by_id.get(record_id) or res.schedule_by_id.get(record_id)


def _text_ref(res: Resources, record: Detail | ScheduleItem) -> FactRef:
    return compose.detail_ref(res, record) if isinstance(record, Detail) else compose.schedule_ref(res, record)


def _counts_twice(text: str) -> bool:
    """Two counts asked with more than a counter between them ("담당관 몇 개고 팀 몇 개야"), not one
    ask repeated ("몇월몇월": which months)."""
    between = compact(text).split("몇")[1:-1]
    return bool(between) and all(len(x) > 2 for x in between)


def cut_at_counts(text: str) -> list[str]:
    """A question asking "몇" more than once, one part for each: cut right after a count's counter
    when a name stands before its 몇 ("승소 몇 건 | 패소 몇 건"), else before the next 몇, the
    counter then naming the thing counted ("몇 실 | 몇 관 | 몇 담당관", "몇 개 사무에 | 몇 억").
    A counter the counted noun may follow (words.yaml counters_before_noun: "몇 개 분야") ends its
    count only before one plain word of its own that is no counter noun ("대학 몇 개 | 대학원 몇 개")."""
    at = [i for i in range(len(text)) if text.startswith("몇", i)]
    cuts = [0]
    for here, after in zip(at, at[1:]):
        named_before = len(compact(text[cuts[-1] : here])) >= 2
        counter = COUNTED_AFTER.match(text, here)
        between = compact(text[counter.end() : after]) if counter and counter.end() <= after else ""
        ends = named_before and counter is not None and counter.end() <= after and not starts_an_ending(between)
        if ends and counter and compact(counter.group()[1:]) in COUNTERS_BEFORE_NOUN:
            ends = (
                len(text[counter.end() : after].split()) == 1
                and len(between) >= 2
                and between not in COUNTER_NOUNS
                and strip_ending(between) == between
            )
        cut = counter.end() if ends and counter else after
        cuts.append(cut)
    cuts.append(len(text))
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if compact(text[a:b])]


TWO_OPERANDS = ("difference", "sum", "times", "share", "percent_change", "rate_of")  # joined: its operands
COMPUTING_INTENTS = ("total", "change", "share")  # a part they answer computed its first lines


def _asks(res: Resources, c: str) -> bool:
    """The piece asks something a text can say (a figure, a name, which one, when, what)."""
    config = res.config
    asking = (
        *config.figure_asking_words,
        *config.name_asking_words,
        *config.which_asking_words,
        *config.when_asking_words,
        *config.text_asking_words,
    )
    return any(w in c for w in asking)


def _computed_of_every_subject(res: Resources, parsed: Parsed, q: Query, whole: Answer) -> bool:
    """The whole question was answered by one computation over two figures or more, of every
    subject named that has figures (of a name read as two subjects, "서울시꺼": of either)."""
    if not (whole.answered and whole.computed and len(whole.facts) >= 2):
        return False
    facts = [res.facts_by_id[r.id] for r in whole.facts if r.id in res.facts_by_id]
    readings: dict[tuple[int, int], set[str]] = {}  # where a subject is named → the subjects read there
    for m in parsed.matches:
        if m.kind == "subject" and m.canonical in q.subjects and m.canonical in res.fact_subjects:
            readings.setdefault((m.start, m.end), set()).add(m.canonical)
    named = {s for s in q.subjects if s in res.fact_subjects}
    of = {f.subject for f in facts}
    counted = counted_unit(q.compact)  # "합쳐서 몇 건에 총사업비 얼마": a count asked beside
    return (
        len(named) >= 2
        and all(of & read for read in readings.values())
        and named - {s for read in readings.values() for s in read} <= of
        and set(q.metrics) <= {f.metric for f in facts}
        and all(unit_fits(counted, f.unit) for f in facts if counted)
    )


def _periods_together(res: Resources, pieces: list[str], read: dict[str, Parsed] | None = None) -> list[str]:
    """ "사업수 작년이랑 올해 몇 개": a part that ends in a period joins the next one (two periods of
    one question, answered together), not a question of its own; so does a part that only names
    subjects ("기획담당관과 평가담당관 예산": both asked what the next part asks)."""
    out: list[str] = []
    for piece in pieces:
        if out and (_ends_in_period(res, out[-1]) or _only_subjects(res, out[-1], read)):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _only_subjects(res: Resources, piece: str, read: dict[str, Parsed] | None = None) -> bool:
    """The piece names subjects and nothing else: no metric, category, aspect, period, asking word
    or other content word ("기획조정실 직속기관하고" asks of 직속기관)."""
    if piece.rstrip().endswith("?"):
        return False  # "시립대 규모 어케 돼?": a question of its own
    p = parse(piece, res.vocab)
    if read is not None:
        read[piece] = p  # (kept for answering the piece when it stays one)
    asked_of = ("metric", "qualifier", "aspect")
    return (
        bool(p.canon("subject"))
        and not any(m.kind in asked_of for m in p.matches)
        and not (p.periods or p.months)
        and not _asks(res, p.compact)
        and not content_words(p, res.config)
    )


def _ends_in_period(res: Resources, piece: str) -> bool:
    words_ = piece.split()
    last = words_[-1] if words_ else ""
    return bool(ENDS_IN_PERIOD.search(last)) or compact(last) in res.config.relative_years


def lend_shared_names(res: Resources, text: str, pieces: list[str], read: dict[str, Parsed]) -> list[str]:
    """A part that only joins a name to the next ("1인가구랑 | 2인가구 재난긴급생활비", "시설이랑 |
    사무 건수"; words.yaml and_particles, glued_and_particles) shares the thing the next part names
    and the measures every later part names, of each kind it names none of itself: both households'
    재난긴급생활비, not the first's figure of another thing."""
    joins = (*words.AND_PARTICLES, *words.GLUED_AND_PARTICLES)
    joined, at = [], 0
    for piece in pieces:  # (the join ends the part, or was cut away after it: "1인가구랑 2인가구")
        found = text.find(piece, at)
        at = found + len(piece) if found >= 0 else at
        joined.append(compact(piece).endswith(joins) or (found >= 0 and text[at:].lstrip().startswith(joins)))
    out = list(pieces)
    seen: dict[str, Parsed] = {}

    def parsed(piece: str) -> Parsed:  # (each piece read once, however many parts before it look)
        if piece not in seen:
            seen[piece] = read.get(piece) or parse(piece, res.vocab)
        return seen[piece]

    for i in range(len(out) - 2, -1, -1):
        if not joined[i]:
            continue
        mine = parsed(out[i])
        if not _names_alone(mine, joins):
            continue  # "대외협력기금 금액이랑 | 사업수": a measure of its own
        nxt = parsed(out[i + 1])
        categories = {(m.start, m.end) for m in nxt.matches if m.kind == "qualifier"}
        things = [  # the next part's own thing, not a name that is also a category ("기금": 일반회계's sibling)
            m.surface
            for m in nxt.matches
            if m.kind == "subject" and (m.start, m.end) not in categories and not mine.canon("subject")
        ]
        measures = [  # (from every part after it: "시설이랑 | 사무 건수하고 | 예산": both measures)
            m.surface
            for later in out[i + 1 :]
            for m in parsed(later).matches
            if not mine.canon("metric")
            and (m.kind == "metric" or (m.kind == "word" and m.canonical in GENERIC_MEASURES))
        ]
        lent = [*things, *measures]
        if lent:
            own = out[i].rstrip()
            own = next((own[: -len(j)] for j in sorted(joins, key=len, reverse=True) if own.endswith(j)), own)
            out[i] = f"{own} {' '.join(dict.fromkeys(lent))}"
    return out


def _names_alone(p: Parsed, joins: tuple[str, ...]) -> bool:
    """The part says nothing but known names, a join after them and an "among" word between them
    ("예산지원형 중 시설이랑", "1인가구랑"): no measure word of its own."""
    if any(m.kind in ("metric", "word") for m in p.matches):
        return False  # "금액이랑", "건수랑": a measure of its own
    left = list(p.compact)
    for m in p.matches:
        left[m.start : m.end] = [""] * (m.end - m.start)
    rest = "".join(left)
    for word in sorted((*joins, *words.AMONG_WORDS), key=len, reverse=True):
        rest = rest.replace(word, "")
    return bool(p.matches) and not rest


def split_and(res: Resources, text: str) -> list[str]:
    """ "건수와 예산액" is two parts; "재정균형과 예산" (an office) and "심사 결과" (a noun) are one."""
    pieces, start = [], 0
    for m in AND_SPLIT.finditer(text):
        words = text[: m.start() + 1].split()
        word = compact(words[-1]) if words else ""
        if len(word) < 3 or word in res.vocab.names or word in res.config.not_entity_words:
            continue
        pieces.append(text[start : m.start() + 1])
        start = m.end()
    pieces.append(text[start:])
    return pieces
