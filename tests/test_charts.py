"""Charts: every topic draws from the knowledge base (its numbers are the report's), in a font
that has every glyph of its text, as a PNG of a sane size; requests and answers find their chart;
the command line draws and lists; answering a question never imports matplotlib."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from bot.charts import ChartError, SnapshotPoint, load_chartbook, select
from bot.numbers import parse_literal

REPO = Path(__file__).resolve().parent.parent
MAX_PNG_BYTES = 300 * 1024


@pytest.fixture(scope="module")
def book():
    return load_chartbook(REPO / "charts.yaml")


@pytest.fixture(scope="module")
def drawn(book, engine):
    """Every topic, drawn once: {topic: (data, figure, png)}."""
    from bot.chartdraw import draw, render_png

    out = {}
    for topic in book.topics:
        data = book.data(topic, engine.kb)
        out[topic] = (data, draw(data, book), render_png(data, book))
    return out


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def visible_texts(fig) -> list:
    from matplotlib.text import Text

    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def bar_values(fig) -> list[float]:
    """The length of every bar drawn (height of a vertical bar, width of a horizontal one)."""
    from matplotlib.patches import Rectangle

    out = []
    for ax in fig.axes:
        for patch in ax.patches:
            if isinstance(patch, Rectangle) and patch.get_width() > 0 and patch.get_height() > 0:
                out.append(round(patch.get_width() if patch.get_x() == 0 else patch.get_height(), 6))
    return out


def table_values(kb, table: str, column: str, keep=lambda row: True) -> dict[str, float]:
    t = kb.tables[table]
    key = t.spec.get("subject_column") or t.spec.get("period_column")
    return {str(r[key]): parse_literal(str(r[column])) for r in t.rows if keep(r)}


# -- every topic --------------------------------------------------------------------------------


def test_every_topic_is_listed_and_draws(book, drawn):
    expected = {"appeals", "win_rate", "budget_departments", "funds", "rapid_execution", "covid_countries",
                "covid_domestic"}  # fmt: skip
    assert set(book.topics) == expected == set(drawn)


def test_pngs_are_1200_by_800_and_small(drawn):
    for topic, (_, _, png) in drawn.items():
        assert png_size(png) == (1200, 800), topic
        assert len(png) < MAX_PNG_BYTES, (topic, len(png))


def test_the_font_in_use_has_every_glyph_of_every_text(book, drawn):
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from bot.chartdraw import font_files

    package_fonts = set(font_files(book.font["package"], book.font["regular"], book.font["bold"]))
    fonts: dict[str, FT2Font] = {}
    for topic, (_, fig, _) in drawn.items():
        texts = visible_texts(fig)
        assert any("출처: [" in t.get_text() for t in texts), topic
        for t in texts:
            path = str(font_manager.findfont(t.get_fontproperties(), fallback_to_default=False))
            assert path in package_fonts, (topic, t.get_text(), path)  # the package's NanumGothic, explicitly
            font = fonts.setdefault(path, FT2Font(path))
            missing = [c for c in t.get_text() if not c.isspace() and font.get_char_index(ord(c)) == 0]
            assert not missing, (topic, t.get_text(), missing)


def test_every_text_is_inside_the_picture(drawn):
    for topic, (_, fig, _) in drawn.items():
        fig.canvas.draw()  # as savefig does: legends find their place when drawn
        renderer = fig.canvas.get_renderer()
        for t in visible_texts(fig):
            box = t.get_window_extent(renderer)
            assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= 1200 and box.y1 <= 800, (topic, t.get_text(), box)


def test_each_chart_says_units_as_of_and_source(drawn):
    units = {"appeals": "(건)", "win_rate": "(%)", "budget_departments": "(백만원)", "funds": "(백만원)",
             "rapid_execution": "(%)", "covid_countries": "(명)", "covid_domestic": "(명)"}  # fmt: skip
    sections = {"appeals": "[III-7]", "win_rate": "[III-9]", "budget_departments": "[I]", "funds": "[I]",
                "rapid_execution": "[III-2]", "covid_countries": "[III-1]", "covid_domestic": "[III-1]"}  # fmt: skip
    for topic, (data, fig, _) in drawn.items():
        texts = [t.get_text() for t in visible_texts(fig)]
        axis_labels = [ax.get_ylabel() or ax.get_xlabel() for ax in fig.axes]
        assert all(label.endswith(units[topic]) for label in axis_labels), (topic, axis_labels)
        assert data.as_of in texts, topic
        assert any(t.startswith("출처: " + sections[topic]) for t in texts), (topic, texts)


# -- the numbers are the knowledge base's ----------------------------------------------------------


def test_appeals_chart_is_the_appeals_table(engine, drawn):
    data, fig, _ = drawn["appeals"]
    want = table_values(engine.kb, "appeals", "rulings", lambda r: r["year"] in ("2017", "2018", "2019"))
    assert {p.category: p.value for p in data.series[0].points} == want == {"2017": 1329, "2018": 1510, "2019": 1609}
    assert bar_values(fig) == [want[y] for y in ("2017", "2018", "2019")]
    labels = [t.get_text() for t in visible_texts(fig) if t.get_gid() == "value"]
    assert labels == ["1,329", "1,510", "1,609"]  # every value fits on its bar


def test_win_rate_chart_is_the_litigation_table_with_its_average(engine, drawn):
    data, fig, _ = drawn["win_rate"]
    want = table_values(engine.kb, "litigation", "win_rate")
    assert {p.category: p.value for p in data.series[0].points} == want
    assert [p.category for p in data.series[0].points] == ["2018", "2019", "2020"]  # years left to right
    assert bar_values(fig) == [want["2018"], want["2019"], want["2020"]]
    assert data.reference is not None and data.reference.fact_id == "s9.avg_win_rate" and data.reference.value == 75.5
    assert any("(3.31. 기준)" in t.get_text() for t in visible_texts(fig))  # 2020 is as of ’20.3.31.


@pytest.mark.parametrize("topic,table", [("budget_departments", "budget_general"), ("funds", "budget_fund")])
def test_budget_charts_are_the_budget_tables(engine, drawn, topic, table):
    data, fig, _ = drawn[topic]
    before, after = data.series

    def not_total(r):
        return r.get("department", r.get("fund")) != "합계"

    assert {p.category: p.value for p in before.points} == table_values(engine.kb, table, "budget_2019", not_total)
    assert {p.category: p.value for p in after.points} == table_values(engine.kb, table, "budget_2020", not_total)
    assert sorted(bar_values(fig)) == sorted(p.value for s in data.series for p in s.points)
    assert data.unit == "백만원"
    [remark] = [d.text for d in engine.kb.details if d.subject == "예산 총괄표" and d.aspect == "주석"]
    assert data.notes == (f"주: {remark}",)  # the report's own note on the 2019/2020 gap, from the knowledge base
    assert f"주: {remark}" in {t.get_text() for t in visible_texts(fig)}


def test_rapid_execution_chart_has_the_rates_and_targets_of_iii_2(engine, drawn):
    data, fig, _ = drawn["rapid_execution"]
    facts = {f.id: f.value for f in engine.kb.facts}
    last_year, this_year, target = data.series
    assert [p.fact_id for p in last_year.points] == [
        "s2.rapid.exec_rate_2019", "s2.job.exec_rate_2019", "s2.invest.exec_rate_2019", "s2.support.exec_rate_2019"
    ]  # fmt: skip
    assert [p.fact_id for p in this_year.points] == [
        "s2.rapid.exec_rate_2020", "s2.job.exec_rate_2020", "s2.invest.exec_rate_2020", "s2.support.exec_rate_2020"
    ]  # fmt: skip
    assert {p.fact_id for p in target.points} == {"s2.rapid.target_rate", "s2.job.target_rate"}
    for p in (*last_year.points, *this_year.points, *target.points):
        assert p.value == facts[p.fact_id]
    assert sorted(bar_values(fig)) == sorted(p.value for s in (last_year, this_year) for p in s.points)
    assert {"상반기 목표 65.0%", "상반기 목표 68%"} <= {t.get_text() for t in visible_texts(fig)}
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == ["신속집행", "일자리 사업", "50억원 이상 투자사업", "지원예산"]  # subjects carry no as-of line


def test_covid_countries_chart_is_the_countries_table(engine, drawn):
    data, fig, _ = drawn["covid_countries"]
    assert [s.subject for s in data.series] == ["중국", "미국", "스페인", "이탈리아", "이란"]
    for s in data.series:
        row = next(r for r in engine.kb.tables["covid_countries"].rows if r["country"] == s.subject)
        assert [p.category for p in s.points] == ["2020-04-13", "2020-04-14", "2020-04-15", "2020-04-16"]
        assert [p.value for p in s.points] == [parse_literal(row[f"new_04{d}"]) for d in ("13", "14", "15", "16")]
    assert bar_values(fig) == [p.value for s in data.series for p in s.points]
    assert "3,153" in {t.get_text() for t in visible_texts(fig)}  # the report's bare 3153, grouped


def test_a_discrepancy_of_the_report_is_marked(engine, drawn):
    data, fig, _ = drawn["covid_domestic"]
    national = next(s for s in data.series if s.subject == "전국")
    [point] = national.points
    assert point.value == 10635 and point.flag and "10,635" in point.flag
    texts = {t.get_text() for t in visible_texts(fig)}
    assert "※10,635" in texts
    assert any(t.startswith("※ 보고서 수치 불일치: 전국 확진환자(10,635)") for t in texts)
    # charts without a listed discrepancy carry no such note
    assert not drawn["appeals"][0].notes


# -- snapshots join the COVID time series ---------------------------------------------------------


class Snapshots:
    def __init__(self, points):
        self.asked: list[tuple[str, str]] = []
        self._points = points

    def points(self, subject, metric):
        self.asked.append((subject, metric))
        return self._points.get((subject, metric), [])


def test_snapshots_add_dated_points_to_the_covid_series(book, engine):
    from bot.chartdraw import draw

    source = Snapshots({("전국", "확진환자"): [SnapshotPoint("2020-04-20 00:00", 10661, "10,661", "상황판 4.20.")]})
    data = book.data("covid_domestic", engine.kb, snapshots=source)
    national = next(s for s in data.series if s.subject == "전국")
    assert [(p.category, p.value, p.fact_id) for p in national.points] == [
        ("2020-04-17 00:00", 10635, "covid_domestic.전국.confirmed"),
        ("2020-04-20 00:00", 10661, None),
    ]
    assert any("상황판 4.20." in n for n in data.notes)
    assert {t.get_text() for t in visible_texts(draw(data, book))} >= {"10,661", "4.20. 0시"}
    # a chart of the report only never asks for snapshots
    book.data("appeals", engine.kb, snapshots=source)
    assert {a for a, _ in source.asked} == {"전국", "서울시"}


# -- which chart a request or an answer asks for --------------------------------------------------


@pytest.mark.parametrize(
    "question,topic,subjects",
    [
        ("재결건수 추이 그래프", "appeals", []),
        ("부서별 예산 비교 차트", "budget_departments", []),
        ("미국 확진자 추이 그림", "covid_countries", ["미국"]),
        ("승소율 그래프로 보여줘", "win_rate", []),
        ("기금별 예산 차트", "funds", []),
        ("신속집행 목표 대비 집행률 그래프", "rapid_execution", []),
        ("이태리랑 스페인 확진자 그래프", "covid_countries", ["스페인", "이탈리아"]),
        ("covid_countries 미국", "covid_countries", ["미국"]),
    ],
)
def test_requests_name_their_chart(book, engine, question, topic, subjects):
    assert book.resolve(question, engine.kb) == (topic, subjects)


def test_chart_words_make_a_request(book):
    assert book.is_request("재결건수 추이 그래프") and book.is_request("예산 차트") and book.is_request("그림으로")
    assert not book.is_request("재결건수 추이") and not book.is_request("법률지원담당관 예산은?")


def test_trend_answers_find_their_chart(book, engine):
    assert book.for_answer(engine.answer("재결건수 추이"), engine.kb) == ("appeals", [])
    assert book.for_answer(engine.answer("승소율 추이"), engine.kb) == ("win_rate", [])
    assert book.for_answer(engine.answer("미국 신규 확진자 추이"), engine.kb) == ("covid_countries", ["미국"])
    assert book.for_answer(engine.answer("마을변호사 제도는 어느 부서?"), engine.kb) is None


def test_a_request_without_chart_words_of_its_own_asks_the_engine(book, engine):
    # no word of charts.yaml names 스페인 신규 확진자 … but the engine's answer holds the figures
    found = book.resolve("4월 스페인 일일 확진 추이 그래프", engine.kb, engine.answer)
    assert found == ("covid_countries", ["스페인"])
    assert book.resolve("날씨 그래프", engine.kb, engine.answer) is None


def test_one_subject_chart_has_that_panel_only(book, engine):
    data = book.data("covid_countries", engine.kb, ["미국"])
    assert [s.subject for s in data.series] == ["미국"] and "미국" in data.title
    assert "[III-1]" in book.caption(data)


# -- charts.yaml mistakes are one clear line ------------------------------------------------------


def test_chartbook_errors_name_the_problem(tmp_path, engine):
    import yaml

    real = yaml.safe_load((REPO / "charts.yaml").read_text(encoding="utf-8"))
    bad = tmp_path / "charts.yaml"

    def write(**changes):
        bad.write_text(yaml.safe_dump({**real, **changes}, allow_unicode=True), encoding="utf-8")

    write(topics={"x": {"kind": "pie", "series": [{"metric": "승소율"}]}})
    with pytest.raises(ChartError, match="kind 'pie'"):
        load_chartbook(bad)
    write(phrases={"caption": "{title}"})
    with pytest.raises(ChartError, match="`phrases` lacks source, footer"):
        load_chartbook(bad)
    write(topics={"x": {"series": [{"metric": "없는지표", "table": "appeals"}]}})
    book = load_chartbook(bad)
    with pytest.raises(ChartError, match="selects no fact"):
        book.data("x", engine.kb)
    with pytest.raises(ChartError, match="unknown chart topic 'y'"):
        book.data("y", engine.kb)
    with pytest.raises(ChartError, match="not found"):
        load_chartbook(tmp_path / "missing.yaml")


def test_series_select_facts_not_numbers(book):
    for topic in book.topics.values():
        for spec in topic.series:
            assert not any(isinstance(v, (int, float)) for v in spec.values()), topic.id


def test_select_is_by_metric_and_period(engine):
    facts = select(engine.kb, {"table": "appeals", "metric": "재결건수", "periods": ["2018"]})
    assert [f.id for f in facts] == ["appeals.2018.rulings"]


def test_a_flag_is_kept_with_the_point(book, engine):
    data = book.data("covid_domestic", engine.kb)
    seoul = next(s for s in data.series if s.subject == "서울시")
    assert all(p.flag is None for p in seoul.points)
    assert dataclasses.replace(seoul.points[0]).value == 621


# -- the command line -----------------------------------------------------------------------------


def run_bot(*args: str, cwd: Path, db: Path) -> subprocess.CompletedProcess:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTBOT_")}
    env.update(REPORTBOT_DB=str(db), PYTHONUTF8="1")
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)  # fmt: skip


def test_cli_lists_and_draws(tmp_path, book):
    db = tmp_path / "kb.db"
    listed = run_bot("chart", "--list", cwd=REPO, db=db)
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == list(book.topics)

    out = tmp_path / "appeals.png"
    drawn = run_bot("chart", "재결건수", "추이", "-o", str(out), cwd=REPO, db=db)
    assert drawn.returncode == 0, drawn.stderr
    assert png_size(out.read_bytes()) == (1200, 800)
    assert "[III-7]" in drawn.stdout and str(out) in drawn.stdout


def test_cli_bad_requests_get_one_line_and_no_file(tmp_path):
    db = tmp_path / "kb.db"
    assert run_bot("build", cwd=REPO, db=db).returncode == 0
    unknown = run_bot("chart", "날씨", "-o", str(tmp_path / "x.png"), cwd=REPO, db=db)
    assert unknown.returncode == 2 and unknown.stderr.startswith("error: no chart for '날씨'")
    assert len(unknown.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()
    nowhere = run_bot("chart", "appeals", "-o", str(tmp_path / "no" / "x.png"), cwd=REPO, db=db)
    assert nowhere.returncode == 2 and nowhere.stderr.startswith("error: cannot write")
    kept = tmp_path / "notes.txt"
    kept.write_text("not a picture")
    refused = run_bot("chart", "appeals", "-o", str(kept), cwd=REPO, db=db)
    assert refused.returncode == 2 and "refusing to overwrite" in refused.stderr
    assert kept.read_text() == "not a picture"
    folder = run_bot("chart", "appeals", "-o", str(tmp_path), cwd=REPO, db=db)
    assert folder.returncode == 2 and "folder" in folder.stderr
    empty = run_bot("chart", cwd=REPO, db=db)
    assert empty.returncode == 2 and "--list" in empty.stderr


# -- matplotlib only when a chart is drawn --------------------------------------------------------

COLD_START = """
import sys
from bot.cli import main
code = main(["ask", "--db", sys.argv[1], "재결건수 추이"])
import bot.charts, bot.telegram.app, bot.telegram.charts  # the chart code itself loads lazily too
assert code == 0
print(sorted(m for m in sys.modules if m.split(".")[0] in ("matplotlib", "koreanize_matplotlib", "PIL")))
"""


def test_ask_never_imports_matplotlib(tmp_path):
    result = subprocess.run([sys.executable, "-c", COLD_START, str(tmp_path / "kb.db")], cwd=REPO,
                            capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1,329건" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"
