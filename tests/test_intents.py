"""intents.yaml is edited by people who do not read the code: check what they can get wrong."""

from __future__ import annotations

import pytest

from bot.engine.intents import load_intents
from bot.engine.understand import parse
from tests.conftest import REPO

CONFIG = load_intents(REPO / "intents.yaml")


def test_every_intent_has_examples_a_template_and_slots():
    for intent in CONFIG.intents:
        assert intent.examples, intent.name
        assert intent.template, intent.name
        assert isinstance(intent.slots, tuple), intent.name


@pytest.mark.parametrize("intent", [i for i in CONFIG.intents if i.name != "lookup"], ids=lambda i: i.name)
def test_examples_are_understood_as_their_intent(engine, intent):
    for example in intent.examples:
        assert parse(example, engine.res.vocab).intent == intent.name, example


def test_lookup_examples_are_answered(engine):
    for example in CONFIG.get("lookup").examples:
        assert engine.answer(example).answered, example


def test_phrases_format_with_their_fields():
    assert "2020.4.20." in CONFIG.phrase("as_of", date="2020.4.20.")
    assert "부산" in CONFIG.phrase("not_found_named", what="부산")
    assert CONFIG.phrase("not_found").startswith("보고서에서 찾을 수 없습니다")


def test_an_intent_without_an_answerer_fails_at_load(engine):
    from dataclasses import replace

    from bot.engine import Engine
    from bot.engine.intents import Intent
    from bot.engine.route import RoutingError

    new = Intent(name="weather", keywords=("날씨",), examples=("날씨",), template="{label}")
    with pytest.raises(RoutingError, match="weather"):
        Engine(engine.kb, replace(CONFIG, intents=[*CONFIG.intents, new]))
    unknown_view = Intent(name="map", keywords=("지도",), examples=("지도",), template="", extra={"view": "map"})
    with pytest.raises(RoutingError, match="map"):
        Engine(engine.kb, replace(CONFIG, intents=[*CONFIG.intents, unknown_view]))


def test_loading_leaves_the_given_config_unchanged(engine):
    config = load_intents(REPO / "intents.yaml")
    before = set(config.filler_words)
    from bot.engine import Engine

    Engine(engine.kb, config)
    assert config.filler_words == before


def test_a_last_word_keyword_counts_only_at_the_end_of_a_question_naming_no_measure():
    from bot.engine.understand import detect_intent

    config = load_intents(REPO / "intents.yaml")
    who = config.get("who")
    assert "부서" in who.last_words and "부서$" not in who.keywords and "부서" not in who.keywords
    assert detect_intent("행정심판운영부서요", config)[0] == "who"
    assert detect_intent("부서운영예산", config)[0] != "who"
    assert detect_intent("예산부족한부서", config, measured=True)[0] != "who"


def test_얼마_더_asks_a_change_but_a_keyword_inside_an_unless_phrase_does_not():
    from bot.engine.understand import detect_intent

    config = load_intents(REPO / "intents.yaml")
    assert detect_intent("금액으로얼마더썼어요", config)[0] == "change"  # how much more
    assert detect_intent("예산담당관일반회계예산이얼마더라", config)[0] == "lookup"  # only recalls
