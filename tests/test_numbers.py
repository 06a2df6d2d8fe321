"""bot.numbers: reading the report's printed figures and writing them back for people."""

from __future__ import annotations

import pytest

from bot.numbers import format_number, number_tokens, parse_literal, readable_money


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("602,275", 602275),
        ("△51", -51),
        ("+22", 22),
        ("-", 0),
        ("-2,044,757", -2044757),
        ("75.5", 75.5),
        ("1조 6,100", 16100),
        ("24조 610", 240610),
        ("117만", 1170000),
        ("60여", 60),
    ],
)
def test_parse_literal_reads_printed_figures(text, value):
    assert parse_literal(text) == value


@pytest.mark.parametrize("text", ["15~20", "7:3", "", "   ", None, "약간"])
def test_parse_literal_is_none_for_what_is_not_one_number(text):
    assert parse_literal(text) is None


def test_format_number_puts_thousands_commas_on_integers():
    assert format_number(1234567) == "1,234,567"
    assert format_number(1234567.0) == "1,234,567"
    assert format_number(-51) == "-51"


def test_format_number_keeps_one_decimal_unless_told():
    assert format_number(75.5) == "75.5"
    assert format_number(3.14159, 2) == "3.14"


def test_readable_money_rounds_millions_to_eok():
    assert readable_money(602275, "백만원") == "약 6,023억원"


def test_readable_money_writes_jo_and_eok():
    assert readable_money(1610029, "백만원") == "약 1조 6,100억원"


def test_readable_money_leaves_small_eok_figures_alone():
    assert readable_money(3271, "억원") is None  # already readable as printed


def test_readable_money_exact_eok_in_jo_has_no_approximation():
    assert readable_money(240610, "억원") == "24조 610억원"


def test_readable_money_is_none_for_non_money_units():
    assert readable_money(306, "명") is None


def test_number_tokens_removes_commas():
    assert number_tokens("확진환자 2,023,423명") == ["2023423"]


def test_number_tokens_splits_a_date_chain_into_its_parts():
    assert number_tokens("’20.4.6. 기준") == ["20", "4", "6"]


def test_number_tokens_keeps_a_decimal():
    assert number_tokens("승소율 75.5%") == ["75.5"]


def test_number_tokens_of_empty_text():
    assert number_tokens("") == []
