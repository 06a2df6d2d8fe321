"""Details: a text item (a programme's rule, a committee's members) when the question names its
aspect ("개선 후 관리시기는?") and no figure fits as well."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine import compose
from bot.engine.resources import Resources
from bot.engine.retrieval import word_share
from bot.engine.thresholds import DETAIL_SCORE, rounds_unsaid
from bot.engine.turn import Turn
from bot.engine.understand import Parsed, words_outside_names
from bot.korean.morph import Analyzer
from bot.korean.textnorm import compact
from bot.records import Detail

ASKED_WITH_ASPECT = ("schedule", "who", "lookup", "detail")  # intents an aspect word may turn to a text item
PINNED_STORY_ITEMS = 3  # a pinned item's subject of this many items or fewer: its other aspects shown too
MIN_SAID_NOUNS = 2  # one noun alone pins an item only where no other item writes it (`pinned`)
WHO_CONFIDENCE = 0.8  # a department whose function says every noun of a who-question
SAID_ITEMS = 3  # more items of one subject saying every noun: the question is not sharp enough


def answer(turn: Turn, res: Resources) -> Answer | None:
    p, q = turn.parsed, turn.query
    if p.intent not in ASKED_WITH_ASPECT or not p.canon("aspect"):
        return None
    facts = res.index.facts(q)
    if facts and facts[0].metric_share == 1.0 and facts[0].subject_share == 1.0:
        return None  # a figure named whole: no text item is read
    details = res.index.details(q)
    if not details:
        return None
    # a text item of the thing named, of an aspect asked ("서울연구원 조직": its 구성), comes first
    aspects = {compact(a) for a in p.canon("aspect")}
    own = [(s, d) for s, d in details if d.subject in q.subjects and compact(d.aspect) in aspects]
    if own and details[0][1].subject not in q.subjects:
        details = own + [x for x in details if x not in own]
    score, top = details[0]
    if word_share(top.aspect, q) != 1.0:
        return None
    if rounds_unsaid(p.compact, compact(top.text)):
        return None  # "2차 … 기간": not a text of another round, or of all of them
    named = top.subject in q.subjects or word_share(top.subject, q) == 1.0
    # only 정책목표 has a 비전, no figure is called that, no other body is named
    only_one = (
        len(res.aspect_subjects.get(top.aspect, ())) == 1
        and top.aspect not in res.aspects_in_metrics
        and not any(compact(top.aspect) in k for i in res.config.intents for k in i.keywords)
        and not [s for s in q.subjects if s in res.fact_subjects and s != res.config.report_owner]
    )
    # "재결례 … 사이트 주소": the one text item with that aspect, in the part of the report named
    in_its_part = only_one and not q.subjects and top.section in q.sections and p.intent in ("lookup", "detail")
    if score < DETAIL_SCORE and not in_its_part:
        return None
    if named or only_one:
        return compose.details_answer(res, p, q, details)
    return None


def pinned(turn: Turn, res: Resources) -> Answer | None:
    """ "거제 뭐 팔았어", "참외 누가 팔아줬어": a question naming nothing the report knows as a name
    (but the city's), asking what (intents.yaml text_asking_words, which_asking_words), with a noun
    the report writes in one text item alone and of no figure (거제 only in "… 거제(우럭·참돔) 등
    직원 판매·홍보 추진"; nouns of two to four letters, as `Resources.detail_texts_of_noun` indexes
    them): that item. (A when-question is the schedule's: its dated line is sharper.)"""
    p, q = turn.parsed, turn.query
    everyones = {res.config.report_owner, *res.config.whole_names}  # "서울사랑상품권": 서울 names no one
    # what the question itself names (in a chat, the last turn's subject is no name of this one)
    if set(p.canon("subject")) - everyones or p.canon("metric") or p.canon("aspect"):
        return None
    if p.intent not in ASKED_WITH_ASPECT:
        return None
    if not any(w in p.compact for w in res.config.what_asking_words):
        return None
    if any(w in p.compact for w in res.config.figure_asking_words):
        return None  # a figure asked: no text item answers it by a noun alone
    texts = res.detail_texts_of_noun
    spans = [(m.start, m.end) for m in p.matches if m.kind != "keyword"]  # (a topic word may pin: "CAC")
    pins = {
        texts[n][0]
        for n, start, end in p.analyzer.nouns(p.text)
        if len(n) >= 2
        and len(texts.get(n, ())) == 1
        and n not in res.figure_texts
        and not any(a < end and start < b for a, b in spans)  # "시해" of 게시해: half a known word
        and n not in res.config.intent_word_set  # "방식", "내용": what is asked, not of what
    }
    if len(pins) != 1:
        return None  # no noun of one text item alone, or nouns of two
    (detail_id,) = pins
    top = res.details_by_id[detail_id]
    topics = {m.canonical for m in p.matches if m.kind == "keyword"}
    if topics and top.section not in topics:
        return None  # "C40 영상회의 … 방식": a topic of another part of the report is named
    # with its subject's items of other aspects when they are a short story ("효창독립 100년공원": its
    # 사전검토 and the council's vote), not the same aspect's other lines (a department's other
    # 주요기능) nor a programme's every rule (재난긴급생활비's 대상, 금액, …)
    items = res.details_of_subject.get(top.subject, ())
    same = [top] + ([d for d in items if d.aspect != top.aspect] if len(items) <= PINNED_STORY_ITEMS else [])
    return compose.details_answer(res, p, q, [(DETAIL_SCORE, d) for d in same])


def said_whole(turn: Turn, res: Resources) -> Answer | None:
    """ "뉴스레터 보낸 국제기구 어디야", "서울아레나 심사에서 뭐 축소했어": a question asking what
    (intents.yaml text_asking_words, no figure_asking_words) whose nouns (two letters or more, but
    the words that ask) are all said by one subject alone (not the report's owner or the whole
    city, whose items speak of everything), and by no figure's label. The answer is the items
    saying every noun (subject, aspect and text read together; all its items when its name says
    every noun), three at most. Two nouns at least: one noun is `pinned`'s."""
    p = turn.parsed
    if p.intent not in ASKED_WITH_ASPECT:
        return None
    # who does it: a department's function saying every noun ("부통제관 맡은 데"), not a partner
    # named in another item ("농산물 온라인 판매 어디랑 해": `who` finds 11번가 by its task)
    doer = bool(words_outside_names(p, res.config.doer_asking_words))  # (not the 담당 of 조직담당관)
    if not doer and not any(w in p.compact for w in res.config.text_asking_words):
        return None  # (a name asked, "적정 받은 사업 이름", is not said by an item counting them)
    if any(w in p.compact for w in (*res.config.figure_asking_words, *res.config.when_asking_words)):
        return None  # a figure or a date asked: the answerers of those
    aspects = tuple(compact(a) for a in p.canon("aspect"))  # (an aspect named is said too: "어떻게 구성돼")
    nouns = tuple(dict.fromkeys((*question_nouns(res, p.text, p.analyzer), *aspects)))
    if len(nouns) < MIN_SAID_NOUNS:
        return None
    if any(all(n in label for n in nouns) for label in res.label_compacts):
        return None  # a figure's label says them too: a figure may be what is asked
    found: list[list[Detail]] = []
    everyones = {res.config.report_owner, *res.config.whole_names}  # their items speak of everything
    for subject, of_subject in res.details_of_subject.items():
        if subject in everyones:
            continue
        items = [d for d in of_subject if not doer or d.aspect in res.config.who_aspects]
        name = compact(subject, limit=None)
        if all(n in name for n in nouns) and items:
            found.append(items)
        elif said := [d for d in items if all(n in res.detail_wholes[d.id] for n in nouns)]:
            found.append(said)
    if len(found) != 1 or len(found[0]) > SAID_ITEMS:
        return None
    if doer:  # a department's function, written as the who answer writes it
        lines = compose.detail_lines(res, "who", found[0], aspect_format="{}: ")
        return compose.details_text_answer(res, p, turn.query, lines, found[0], intent="who", confidence=WHO_CONFIDENCE)
    return compose.details_answer(res, p, turn.query, [(DETAIL_SCORE, d) for d in found[0]], every=True)


def question_nouns(res: Resources, text: str, analyzer: Analyzer) -> tuple[str, ...]:
    """The question's nouns of two letters or more, but the words that ask (intents.yaml), also
    who does it."""
    asking = res.config.intent_word_set
    doer = res.config.doer_asking_words  # ("담당" is no noun of the task: every department's name has it)
    return tuple(
        dict.fromkeys(n for n, _, _ in analyzer.nouns(text) if len(n) >= 2 and n not in asking and n not in doer)
    )


def said_by_one_subject(res: Resources, p: Parsed, top: Detail) -> bool:
    """A noun of the question the item says is said by the items of its subject only ("효창": the
    park's; not "강화", which twenty items of eleven subjects say)."""
    nouns = [n for n in question_nouns(res, p.text, p.analyzer) if n in res.detail_wholes[top.id]]
    return any(
        {d.subject for d in res.details_by_id.values() if n in res.detail_wholes[d.id]} == {top.subject} for n in nouns
    )
