"""Charts on Telegram, end to end: the real Application and engine against the fake Bot API;
every chart arrives by sendPhoto as a 1200×800 PNG with a one-line caption naming its source."""

from __future__ import annotations

import pytest

from bot.charts import load_chartbook
from bot.telegram import charts as tg_charts
from tests.fake_telegram import FakeEngine, reportbot

USER = 1001
GROUP = -1001234567890
BUTTON = load_chartbook().button_label


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def photo_of(tg, call) -> bytes:
    png = tg.uploaded(call["photo"])
    assert png is not None, call.params
    return png


async def test_chart_menu_has_every_topic_and_each_button_sends_its_photo(tg, db, engine):
    book = load_chartbook()
    sections = {"appeals": "[III-7]", "win_rate": "[III-9]", "budget_departments": "[I]", "funds": "[I]",
                "rapid_execution": "[III-2]", "covid_countries": "[III-1]", "covid_domestic": "[III-1]"}  # fmt: skip
    async with reportbot(tg, db, engine=engine):
        tg.send_command("chart")
        [menu] = await tg.wait_for("sendMessage")
        buttons = tg.buttons(tg.last_bot_message(USER))
        assert [label for label, _ in buttons] == [t.title for t in book.topics.values()]
        assert menu["text"] == book.phrase("menu")
        for i, (label, data) in enumerate(buttons, start=1):
            tg.press(label, chat_id=USER)
            photos = await tg.wait_for("sendPhoto", i)
            topic = data.removeprefix("g:")
            call = photos[-1]
            assert png_size(photo_of(tg, call)) == (1200, 800), topic
            assert call["caption"].startswith(book.topics[topic].title), topic
            assert f"출처: {sections[topic]}" in call["caption"] and "\n" not in call["caption"]
    assert not tg.errors


@pytest.mark.parametrize(
    "question,section,title_part",
    [
        ("재결건수 추이 그래프", "[III-7]", "재결건수"),
        ("부서별 예산 비교 차트", "[I]", "부서별 예산"),
        ("미국 확진자 추이 그림", "[III-1]", "미국"),
        ("신속집행 목표랑 집행률 그래프", "[III-2]", "신속집행"),
    ],
)
async def test_chart_questions_are_answered_with_a_photo(tg, db, engine, question, section, title_part):
    async with reportbot(tg, db, engine=engine):
        tg.send_private(question)
        [photo] = await tg.wait_for("sendPhoto")
        [action] = tg.calls_to("sendChatAction")
    assert action["action"] == "upload_photo"
    assert f"출처: {section}" in photo["caption"] and title_part in photo["caption"]
    assert png_size(photo_of(tg, photo)) == (1200, 800)
    assert not tg.calls_to("sendMessage")  # the picture is the answer
    assert not tg.errors


async def test_trend_answer_offers_a_chart_button(tg, db, engine):
    async with reportbot(tg, db, engine=engine):
        tg.send_private("재결건수 추이")
        [answer] = await tg.wait_for("sendMessage")
        assert "1,329" in answer["text"]
        buttons = tg.buttons(tg.last_bot_message(USER))
        assert buttons[0] == (BUTTON, "g:appeals")
        tg.press(BUTTON, chat_id=USER)
        [photo] = await tg.wait_for("sendPhoto")
        assert "[III-7]" in photo["caption"]

        tg.send_private("미국 신규 확진자 추이")
        await tg.wait_for("sendMessage", 2)
        assert tg.buttons(tg.last_bot_message(USER))[0] == (BUTTON, "g:covid_countries:미국")
        tg.press(BUTTON, chat_id=USER)
        [_, us] = await tg.wait_for("sendPhoto", 2)
        assert "미국" in us["caption"]

        tg.send_private("법률지원담당관 예산은?")  # not a trend: no chart button
        await tg.wait_for("sendMessage", 3)
        assert BUTTON not in [label for label, _ in tg.buttons(tg.last_bot_message(USER))]
    assert not tg.errors


async def test_a_chart_request_naming_no_chart_gets_the_menu(tg, db, engine):
    async with reportbot(tg, db, engine=engine):
        tg.send_private("날씨 그래프")
        [menu] = await tg.wait_for("sendMessage")
    assert menu["text"] == load_chartbook().phrase("menu")
    assert len(tg.buttons(tg.last_bot_message(USER))) == len(load_chartbook().topics)
    assert not tg.calls_to("sendPhoto")


async def test_chart_command_with_words_and_in_a_group(tg, db, engine):
    async with reportbot(tg, db, engine=engine, allowed_chat_ids=frozenset({GROUP, 1001})):
        tg.send_command("chart", "기금")
        [photo] = await tg.wait_for("sendPhoto")
        assert photo["caption"].startswith("기금별 예산")
        tg.send_group("승소율 그래프", chat_id=GROUP, mention=True)
        [_, in_group] = await tg.wait_for("sendPhoto", 2)
    assert in_group["chat_id"] == GROUP and "[III-9]" in in_group["caption"]
    assert in_group["reply_parameters"]["message_id"]  # replies to the asking message in a group


async def test_bad_and_stale_chart_buttons_get_a_notice(tg, db, engine):
    async with reportbot(tg, db, engine=engine):
        tg.tap("g:no_such_chart", chat_id=USER)
        [notice] = await tg.wait_for("answerCallbackQuery")
    assert notice["text"] == load_chartbook().phrase("unknown_topic")
    assert not tg.calls_to("sendPhoto") and not tg.errors


async def test_without_a_knowledge_base_charts_say_so_and_questions_still_work(tg, db):
    async with reportbot(tg, db, engine=FakeEngine()) as (_, engine):
        tg.send_command("chart")
        [msg] = await tg.wait_for("sendMessage")
        assert msg["text"] == load_chartbook().phrase("no_charts")
        tg.send_private("재결건수 그래프")  # no charts: the engine answers as before
        await tg.wait_for("sendMessage", 2)
    assert engine.called("answer") == [("재결건수 그래프",)]


def test_callback_data_fits_and_round_trips():
    data = tg_charts.callback_data("covid_countries", ["미국", "이탈리아"])
    assert data == "g:covid_countries:미국,이탈리아" and len(data.encode()) <= 64
    assert tg_charts.decode(data) == ("covid_countries", ["미국", "이탈리아"])
    assert tg_charts.callback_data("covid_countries", ["가" * 30]) == "g:covid_countries"  # too long: all panels
    assert tg_charts.decode("g:") is None and tg_charts.decode("t:III-1") is None and tg_charts.decode(None) is None


class Snapshots:
    def points(self, subject, metric):
        from bot.charts import SnapshotPoint

        return [SnapshotPoint("2020-04-20 00:00", 10661, "10,661", "상황판")] if subject == "전국" else []


async def test_snapshots_set_on_the_bot_join_the_covid_chart_and_are_not_cached(tg, db, engine):
    async with reportbot(tg, db, engine=engine) as (app, _):
        tg.send_private("전국 확진환자 그래프")
        [before] = await tg.wait_for("sendPhoto")
        app.bot_data[tg_charts.SNAPSHOTS_KEY] = Snapshots()
        tg.send_private("전국 확진환자 그래프")
        [_, after] = await tg.wait_for("sendPhoto", 2)
        tg.send_private("재결건수 그래프")  # a chart of the report only is drawn once, then sent from memory
        tg.send_private("재결건수 그래프")
        [*_, first, second] = await tg.wait_for("sendPhoto", 4)
    assert photo_of(tg, before) != photo_of(tg, after)
    assert photo_of(tg, first) == photo_of(tg, second)
    assert len(app.bot_data[tg_charts.PNG_CACHE_KEY]) == 2  # 전국 without snapshots, and 재결건수
