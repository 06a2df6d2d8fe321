"""Unit tests: HTML escaping, answer layout, splitting under 4096, input cleaning."""

from __future__ import annotations

import html
import re

import pytest

from bot.answer import Answer, Source
from bot.telegram import render
from bot.telegram.inputs import clean_question, parse_month, strip_mentions
from tests.fake_telegram import parse_html


def plain(chunks: list[str]) -> str:
    return "\n".join(parse_html(c) for c in chunks)


def test_escape_user_and_knowledge_strings():
    answer = Answer("q", True, "<script>alert('x')</script> & <b>", table="a<b> & c")
    [chunk] = render.render_answer(answer)
    assert "<script>" not in chunk
    assert "&lt;script&gt;" in chunk
    assert "<pre>a&lt;b&gt; &amp; c</pre>" in chunk
    parse_html(chunk)  # well-formed Telegram HTML


def test_answer_layout_with_sources_and_note():
    answer = Answer(
        "q",
        True,
        "첫 줄\n둘째 줄",
        sources=[Source("III-1", "코로나19 대응현황", (250, 243)), Source("III-1", "코로나19 대응현황", (243, 250))],
    )
    [chunk] = render.render_answer(answer, note="질문이 길어요")
    assert chunk.startswith("<i>질문이 길어요</i>\n첫 줄\n둘째 줄")
    assert chunk.count("출처:") == 1  # duplicate sources collapse
    assert "III-1 코로나19 대응현황 (243–250행)" in chunk


def test_engine_source_line_is_italic_and_not_repeated():
    answer = Answer(
        "q",
        True,
        "승소율: 75.5%\n출처: [III-9] 소송수행의 <체계적> 관리",
        sources=[Source("III-9", "소송 현황", (1175,))],
    )
    [chunk] = render.render_answer(answer)
    assert chunk == "승소율: 75.5%\n<i>출처: [III-9] 소송수행의 &lt;체계적&gt; 관리</i>"


def test_unanswered_answer_has_no_source_line():
    answer = Answer("q", False, "보고서에서 찾을 수 없습니다", sources=[Source("I", "일반현황", (1,))])
    assert "출처" not in render.render_answer(answer)[0]


@pytest.mark.parametrize("limit", [4096, 300, 64])
def test_split_respects_limit_and_keeps_everything(limit):
    lines = [f"{i}번째 줄 <값> & 내용 " + "가" * (i % 50) for i in range(400)]
    table = "\n".join(f"행{i:03d} | {'=' * (i % 30)} | <{i}>" for i in range(200))
    answer = Answer("q", True, "\n".join(lines), table=table)
    chunks = render.render_answer(answer, limit=limit)
    assert len(chunks) > 1
    for chunk in chunks:
        assert render.utf16_len(chunk) <= limit
        parse_html(chunk)  # every chunk is balanced: no tag cut in half
    text = plain(chunks).replace("\n", "")  # hard-split lines come back in pieces
    for line in lines[::37] + table.splitlines()[::23]:
        assert line.strip() in text


def test_split_never_cuts_inside_a_tag_or_entity():
    parts = [render.text("&<>" * 3000, "b"), render.pre("x" * 9000)]
    chunks = render.split_html(parts)
    assert all(render.utf16_len(c) <= render.MAX_MESSAGE for c in chunks)
    for chunk in chunks:
        parse_html(chunk)
        assert not re.search(r"&[a-z]*$", chunk)  # no entity cut at the end
    assert plain(chunks).replace("\n", "").count("&<>") == 3000


def test_split_counts_utf16_units_for_emoji():
    chunks = render.split_html([render.text("😀" * 5000)])
    assert len(chunks) == 3
    assert all(render.utf16_len(c) <= 4096 for c in chunks)


def test_ten_thousand_character_answer_splits_into_messages():
    answer = Answer("q", True, ("가나다라마바사 " * 10 + "\n") * 140)
    chunks = render.render_answer(answer)
    assert sum(len(parse_html(c)) for c in chunks) >= 10_000
    assert all(render.utf16_len(c) <= 4096 for c in chunks)


def test_passage_rendering_escapes_report_text():
    answer = Answer("q", True, "t", sources=[Source("III-9", "소송 현황", (1175, 1176))])
    [chunk] = render.render_passage(answer, "1175: 승소율 <75.5%> & 패소")
    assert chunk.startswith("<b>보고서 원문 — III-9 소송 현황 (1175–1176행)</b>")
    assert "<pre>1175: 승소율 &lt;75.5%&gt; &amp; 패소</pre>" in chunk


def test_inline_title_and_description():
    answer = Answer("q", True, "\n  평균 승소율은 75.5%입니다.\n자세히…", sources=[Source("III-9", "소송 현황", (1,))])
    assert render.first_line(answer.text) == "평균 승소율은 75.5%입니다."
    assert render.inline_description(answer) == "III-9 소송 현황"
    assert len(render.first_line("가" * 500)) == render.MAX_INLINE_TITLE


def test_escape_is_plain_html_escape():
    assert render.esc("<a href='x'>&") == html.escape("<a href='x'>&", quote=False)


# -- inputs -----------------------------------------------------------------------------------


def test_clean_question_controls_whitespace_and_nfc():
    decomposed = "\u1112\u1161\u11ab"  # 한 in NFD (as macOS keyboards send it)
    text, truncated = clean_question(f"  {decomposed}\x00\x07 글\t\n질문\u202e  ")
    assert text == "한 글 질문" and not truncated


def test_clean_question_truncates_long_input():
    text, truncated = clean_question("가" * 10_000)
    assert truncated and len(text) == 500


def test_clean_question_keeps_emoji():
    assert clean_question("👨‍👩‍👧 😀")[0] == "👨‍👩‍👧 😀"
    assert clean_question("\x00\x01") == ("", False)
    assert clean_question(None) == ("", False)


@pytest.mark.parametrize("args,month", [([], None), (["5"], 5), (["5월"], 5), (["05", "월"], 5), (["１２월"], 12)])
def test_parse_month(args, month):
    assert parse_month(args) == month


@pytest.mark.parametrize("args", [["abc"], ["13"], ["0월"], ["5", "6"], ["-1"]])
def test_parse_month_rejects(args):
    with pytest.raises(ValueError):
        parse_month(args)


def test_strip_mentions_case_insensitive():
    assert strip_mentions("@ReportBot 예산은?", ["@reportbot"]).strip() == "예산은?"


def test_an_engine_answer_is_laid_out_from_its_parts_not_its_text():
    answer = Answer(
        "q",
        True,
        "전국 확진환자: 10,635명\n※ 불일치\n출처: [III-1] 코로나19",
        lines=["전국 확진환자: 10,635명"],
        notes=["※ 불일치"],
        source_line="출처: [III-1] 코로나19",
        sources=[Source("III-1", "코로나19", (292,))],
    )
    [chunk] = render.render_answer(answer)
    assert chunk == "전국 확진환자: 10,635명\n<i>※ 불일치</i>\n<i>출처: [III-1] 코로나19</i>"
