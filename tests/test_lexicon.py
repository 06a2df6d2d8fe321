"""knowledge/aliases.yaml, the reviewed lexicon of everyday words for the report's terms (issue 8):
every entry maps to a term the knowledge base uses, no name is written twice in a group (YAML
would silently keep only the last), and everyday words are answered with the report's figures,
without taking the questions that other words, or their typos, ask."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.knowledge_files import load_knowledge
from bot.korean.textnorm import compact

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
ALIASES = KNOWLEDGE / "aliases.yaml"
NAME_GROUPS = {"subjects": "subject", "metrics": "metric", "qualifiers": "qualifier", "aspects": "aspect"}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="module")
def terms(kb) -> dict[str, set[str]]:
    """The knowledge base's names by kind, as the question matcher reads them."""
    qualifiers: set[str] = set()
    for f in kb.facts:
        if f.qualifier:
            qualifiers |= {f.qualifier, *f.qualifier.split()}
    aspects: set[str] = set()
    for d in kb.details:
        if d.aspect and not d.aspect.isdigit():
            base = re.sub(r"\s*\(.*\)$", "", d.aspect)
            aspects |= {d.aspect, base, *(p for p in base.split() if len(p) >= 3)}
    return {
        "subject": {f.subject for f in kb.facts if f.subject} | {d.subject for d in kb.details},
        "metric": {f.metric for f in kb.facts},
        "qualifier": qualifiers,
        "aspect": aspects,
        "keyword": {k for s in kb.sections.values() for k in s.keywords},
    }


def test_no_name_is_written_twice_in_a_group():
    root = yaml.compose(ALIASES.read_text(encoding="utf-8"))
    groups = [k.value for k, _ in root.value]
    assert len(groups) == len(set(groups)), f"a group written twice: {groups}"
    for group_key, group in root.value:
        keys = [k.value for k, _ in group.value]
        repeated = {k for k in keys if keys.count(k) > 1}
        assert not repeated, f"{group_key.value}: {sorted(repeated)} written twice (YAML keeps only the last)"


def test_every_entry_maps_to_a_term_of_its_kind(terms):
    data = yaml.safe_load(ALIASES.read_text(encoding="utf-8"))
    assert set(data) == {*NAME_GROUPS, "words"}
    for group, kind in NAME_GROUPS.items():
        for canonical in data[group]:
            assert canonical in terms[kind], f"{group}: {canonical} is no {kind} of the knowledge base"


def test_every_word_is_written_inside_a_name(terms):
    """A `words:` entry names a word inside the report's names (하루 → the 일일 of 일일 증감)."""
    data = yaml.safe_load(ALIASES.read_text(encoding="utf-8"))
    names = {compact(n) for kind in terms.values() for n in kind}
    names |= {compact(a) for group in NAME_GROUPS for others in data[group].values() for a in others}
    for word in data["words"]:
        assert any(compact(word) in n for n in names), f"words: {word} is inside no name"


# One everyday question per section, each with a figure (or text) of the report it must get.
EVERYDAY = [
    ("기조실 계약직 정원 몇 명", "42"),  # 계약직 → 임기제
    ("기조실 기능직 현원", "8"),  # 기능직 → 관리운영직
    ("조직담당관 사업 몇 개야", "12"),
    ("시립대 단과대 몇 개", "8"),
    ("서울 나은 사람 몇 명", "268"),  # → 퇴원
    ("서울 치료 중인 환자", "351"),  # → 격리중 (patients under treatment, not 자가격리자)
    ("재난긴급생활비 뭘로 줘", "서울사랑상품권"),  # → 지급방식
    ("재난긴급생활비 받는 가구 몇 가구야", "117만"),
    ("재대본 실무반 몇 개로 늘렸어", "13"),
    ("하루 평균 신규 확진자 목표는 몇 명", "50"),  # → 하루 평균 신규 발생 목표
    ("일자리사업 3월말까지 얼마 썼어", "4,765"),  # → 집행액
    ("신속집행 작년 이맘때 집행률", "22.7"),  # → 전년 동기
    ("코로나 끝나면 플랫폼 뭘로 바꿔", "Cities Against Epidemic"),
    ("부단체장 몇 명 늘려달라고 했어", "2"),
    ("재정분권 TF 몇 번 돌렸어", "2"),  # → 운영 횟수
    ("민평위 새로 들어온 거 몇 건", "13"),  # → 신규
    ("직접수행 학술용역 몇 건 뽑았어", "9"),  # → 선정
    ("행심위원 새로 몇 명 모셨어", "4"),  # → 신규 위촉
    ("민자사업 심사 몇 건", "6"),
    ("2019년 소송 몇 건 이겼어", "379"),
    ("2019년 소송 몇 건 졌어", "110"),
    ("올해 3월까지 새로 들어온 소송 몇 건", "117"),  # → 신소
    ("시 투자심사 조건부 몇 건", "22"),
    ("출연기관 호봉 승급분", "1.4"),  # → 자연승급분
    ("성주에서 뭐 팔았어", "참외"),
]

# Questions other words ask, that an everyday word (or a typo of one) once took.
NOT_TAKEN = [
    ("코로나 발생 국가 몇 개국이야?", "216"),  # 가몇개 is no typo of "과 몇 개"
    ("재난긴급생활비 얼마 받을 수 있어요?", "50만원"),  # 얼마 받을 수 있어 asks the amount, not who
    ("행정심판 개최 시 위원 몇 명 선정해?", "8"),  # 시위원 is no typo of "새 위원"
    ("서울 확진자 하루 사이 몇 명 늘었어?", "+2"),  # 몇 명 늘 is no 증원
    ("C40 영상회의 몇 분 진행됐나요?", "70"),
]


@pytest.mark.parametrize("question, expected", EVERYDAY + NOT_TAKEN)
def test_everyday_words_get_the_reports_figures(engine, question, expected):
    answer = engine.answer(question)
    assert answer.answered and expected in answer.text, answer.text
