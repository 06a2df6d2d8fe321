"""Drawing a `ChartData` as a PNG with matplotlib (Agg, no pyplot, no display).

This is the only module that imports matplotlib, and only inside its functions: answering a
question never pays for it. The Korean font comes from a Python package named in charts.yaml
(koreanize-matplotlib ships NanumGothic) and is selected explicitly; no system font is used.
"""

from __future__ import annotations

import importlib.util
import io
import math
from functools import cache
from pathlib import Path
from typing import Any

from bot.charts import ChartBook, ChartData, ChartError, Point, Series, date_label, is_period

WIDTH_PX, HEIGHT_PX, DPI = 1200, 800, 100
TITLE_SIZE, TEXT_SIZE, SMALL_SIZE, VALUE_SIZE = 19, 12, 10.5, 11.5
COLORS = ("#9db4cc", "#1f5f99", "#e07b39", "#4c9a5b", "#8064a2")  # earlier year light, later dark
TARGET_COLOR, FLAG_COLOR, REFERENCE_COLOR = "#c0392b", "#c0392b", "#7f8c8d"
VALUE_MARGIN = 1.18  # room above the tallest bar for its value
MIN_VALUE_SIZE = 8.0  # a value label is shrunk down to this size before it is left out
PANEL_COLUMNS = 3
EDGE_PX = 12  # the least room left of an axes' labels
LIGHT = 0.6  # a bar lighter than this (0 black … 1 white) holds a dark value label
ROOM_SHARE = 0.96  # a value label over a bar is at most this share of its width
INSIDE_MIN_HEIGHTS = 3  # a bar this many label-heights tall holds its value inside
BOLD = 600  # NanumGothicBold's weight


@cache
def font_files(package: str, regular: str, bold: str) -> tuple[str, str]:
    """The regular and bold font files shipped inside `package` (found without importing it)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ChartError(f"Korean font package {package!r} is not installed (pip install koreanize-matplotlib)")
    base = Path(next(iter(spec.submodule_search_locations)))
    files = (base / regular, base / bold)
    for f in files:
        if not f.is_file():
            raise ChartError(f"Korean font {f} is missing from package {package!r}")
    return str(files[0]), str(files[1])


@cache
def _setup(regular: str, bold: str) -> str:
    """Register the package's fonts with matplotlib (once) and return their family name."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    for path in (regular, bold):
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=regular).get_name()


def font_family(book: ChartBook) -> str:
    regular, bold = font_files(book.font["package"], book.font["regular"], book.font["bold"])
    return _setup(regular, bold)


def render_png(data: ChartData, book: ChartBook) -> bytes:
    """The chart as PNG bytes, WIDTH_PX × HEIGHT_PX."""
    fig = draw(data, book)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def draw(data: ChartData, book: ChartBook) -> Any:
    """The chart as a matplotlib Figure (tests read its bars and texts)."""
    family = font_family(book)
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(
        {"font.family": family, "axes.unicode_minus": False, "font.size": TEXT_SIZE, "axes.titlesize": TEXT_SIZE}
    ):
        fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        FigureCanvasAgg(fig)
        footer = _footer_lines(data, book)
        bottom = 0.09 + 0.032 * len(footer)
        fig.text(0.03, 0.955, data.title, fontsize=TITLE_SIZE, fontweight=BOLD, va="top")
        fig.text(0.97, 0.955, data.as_of, fontsize=SMALL_SIZE, ha="right", va="top", color="#444444")
        for i, line in enumerate(footer):
            flagged = line.startswith("※")
            fig.text(0.03, 0.03 + 0.032 * (len(footer) - 1 - i), line, fontsize=SMALL_SIZE,
                     color=FLAG_COLOR if flagged else "#333333")  # fmt: skip
        if data.kind == "panels":
            _panels(fig, data, bottom)
        else:
            left = 0.24 if data.kind == "hbars" else 0.09
            ax = fig.add_axes((left, bottom + 0.04, 0.95 - left, 0.86 - bottom - 0.04))
            (_hbars if data.kind == "hbars" else _bars)(ax, data)
        _keep_inside(fig)  # measured, not drawn: savefig draws the picture once
        for ax in fig.axes:
            _drop_crowded_labels(fig, ax)
    return fig


def _keep_inside(fig: Any) -> None:
    """Move an axes right when its tick or axis labels (wide numbers such as 1,400,000) would be
    cut at the left edge of the picture."""
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        left = ax.get_tightbbox(renderer).x0
        if left < EDGE_PX:
            pos = ax.get_position()
            dx = (EDGE_PX - left) / fig.bbox.width
            ax.set_position((pos.x0 + dx, pos.y0, pos.width - dx, pos.height))


def _footer_lines(data: ChartData, book: ChartBook) -> list[str]:
    sources = ", ".join(
        book.phrase("source", section=s, title=t) + (f" ({a}–{b}행)" if a and b != a else f" ({a}행)" if a else "")
        for s, t, (a, b) in data.sources
    )
    return [book.phrase("footer", sources=sources), *data.notes]


def axis_label(data: ChartData) -> str:
    return f"{data.axis} ({data.unit})" if data.unit else data.axis


def value_text(p: Point, unit: str) -> str:
    """The figure as the report prints it ("1,329", "73.0"), grouped by thousands where the report
    left a long number bare ("3153" → "3,153"), with % for rates and ※ for a discrepancy."""
    text = f"{int(p.text):,}" if p.text.isdigit() else p.text
    text += "%" if unit == "%" else ""
    return f"※{text}" if p.flag else text


def category_label(category: str, points: list[Point]) -> str:
    """ "2020" with its own as-of date when the point has one ("2020\n(3.31. 기준)")."""
    label = date_label(category)
    if not is_period(category):
        return label  # a subject: its as-of dates are in the legend and the header
    dates = {p.as_of for p in points if p.category == category and p.as_of and p.as_of[:10] != category[:10]}
    if len(dates) == 1:
        label += f"\n({date_label(dates.pop())} 기준)"
    return label


def _thousands(ax: Any, axis: str) -> None:
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:,.1f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _style_axes(ax: Any, grid: str) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis=grid, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def _grouped(data: ChartData) -> list[tuple[Series, list[float], list[Point], float]]:
    """Each bar series with its bars' positions on the category axis (side by side in a group),
    its points in category order and the width of one bar."""
    bars = [s for s in data.series if s.style == "bar"]
    cats = list(data.categories)
    band = 0.8 / max(1, len(bars))
    out = []
    for i, s in enumerate(bars):
        points = sorted((p for p in s.points if p.category in cats), key=lambda p: cats.index(p.category))
        out.append((s, [cats.index(p.category) - 0.4 + band * (i + 0.5) for p in points], points, band))
    return out


def _mark(rect: Any, p: Point) -> None:
    """A figure the report itself contradicts: outlined and hatched in red."""
    if p.flag:
        rect.set_edgecolor(FLAG_COLOR)
        rect.set_linewidth(2)
        rect.set_hatch("//")


def _bars(ax: Any, data: ChartData) -> None:
    groups = _grouped(data)
    bars = [s for s, *_ in groups]
    cats = list(data.categories)
    top = 0.0
    for i, (s, xs, pts, width) in enumerate(groups):
        color = COLORS[(i + (1 if len(groups) == 1 else 0)) % len(COLORS)]
        rects = ax.bar(xs, [p.value for p in pts], width * 0.92, label=s.label, color=color)
        for rect, p in zip(rects, pts):
            _mark(rect, p)
            _value_label(ax, rect.get_x() + rect.get_width() / 2, p.value, value_text(p, data.unit), p, "bottom", rect)
        top = max([top, *(p.value for p in pts)])
    for s in data.series:
        if s.style != "target":
            continue
        for p in s.points:
            if p.category not in cats:
                continue
            x = cats.index(p.category)
            ax.hlines(p.value, x - 0.45, x + 0.45, colors=TARGET_COLOR, linewidth=2.5, linestyles="--",
                      label=s.label if p is s.points[0] else None)  # fmt: skip
            ax.annotate(f"{s.label} {value_text(p, data.unit)}", (x + 0.45, p.value), xytext=(0, 4),
                        textcoords="offset points", ha="right", va="bottom", color=TARGET_COLOR,
                        fontsize=VALUE_SIZE, gid="note")  # fmt: skip
            top = max(top, p.value)
    if data.reference is not None:
        ref = data.reference
        ax.axhline(ref.value, color=REFERENCE_COLOR, linestyle=":", linewidth=1.8,
                   label=f"{data.reference_label} {value_text(ref, data.unit)}")  # fmt: skip
        top = max(top, ref.value)
    ax.set_xticks(range(len(cats)), [category_label(c, [p for s in bars for p in s.points]) for c in cats])
    ax.set_ylabel(axis_label(data))
    ax.set_ylim(0, top * VALUE_MARGIN if top > 0 else 1)
    ax.set_xlim(-0.6, len(cats) - 0.4)
    _thousands(ax, "y")
    _style_axes(ax, "y")
    if len(bars) > 1 or data.reference is not None or any(s.style != "bar" for s in data.series):
        ax.legend(loc="upper left", frameon=False, ncols=min(4, len(data.series)))


def _hbars(ax: Any, data: ChartData) -> None:
    cats = list(data.categories)
    right = 0.0
    for i, (s, ys, pts, height) in enumerate(_grouped(data)):
        rects = ax.barh(ys, [p.value for p in pts], height * 0.9, label=s.label, color=COLORS[i % len(COLORS)])
        for rect, p in zip(rects, pts):
            _mark(rect, p)
            _value_label(ax, p.value, rect.get_y() + rect.get_height() / 2, value_text(p, data.unit), p, "left")
        right = max([right, *(p.value for p in pts)])
    ax.set_yticks(range(len(cats)), [date_label(c) for c in cats])
    ax.invert_yaxis()  # the report's order, top to bottom
    ax.set_xlabel(axis_label(data))
    ax.set_xlim(0, right * VALUE_MARGIN if right > 0 else 1)
    _thousands(ax, "x")
    _style_axes(ax, "x")
    ax.legend(loc="lower right", frameon=False)


def _panels(fig: Any, data: ChartData, bottom: float) -> None:
    n = len(data.series)
    cols = min(PANEL_COLUMNS, n)
    rows = math.ceil(n / cols)
    grid = fig.add_gridspec(rows, cols, left=0.08, right=0.97, top=0.86, bottom=bottom + 0.05, hspace=0.55, wspace=0.3)
    for i, s in enumerate(data.series):
        ax = fig.add_subplot(grid[i // cols, i % cols])
        cats = [p.category for p in s.points]
        values = [p.value for p in s.points]
        if s.style == "line":
            ax.plot(range(len(cats)), values, marker="o", color=COLORS[1], linewidth=2)
            for x, p in enumerate(s.points):
                if p.flag:
                    ax.plot([x], [p.value], marker="o", markersize=11, markerfacecolor="none", color=FLAG_COLOR)
                _value_label(ax, x, p.value, value_text(p, data.unit), p, "bottom")
            ax.set_xlim(-0.6, len(cats) - 0.4)
        else:
            rects = ax.bar(
                range(len(cats)), values, 0.7, color=[COLORS[0] if p.snapshot else COLORS[1] for p in s.points]
            )
            for rect, p in zip(rects, s.points):
                _value_label(
                    ax, rect.get_x() + rect.get_width() / 2, p.value, value_text(p, data.unit), p, "bottom", rect
                )
        ax.set_title(s.label, fontweight=BOLD, y=1.0, pad=8)  # a fixed place: no costly auto-placing
        ax.set_xticks(range(len(cats)), [date_label(c) for c in cats])
        top = max(values) if values else 0
        ax.set_ylim(0, top * VALUE_MARGIN if top > 0 else 1)
        ax.set_ylabel(axis_label(data), fontsize=SMALL_SIZE)
        _thousands(ax, "y")
        _style_axes(ax, "y")


def _value_label(ax: Any, x: float, y: float, text: str, p: Point, where: str, bar: Any = None) -> None:
    """A figure's value next to its point, or over its (vertical) `bar`, within the bar's width."""
    color = FLAG_COLOR if p.flag else "#222222"
    if where == "bottom":
        t = ax.annotate(text, (x, y), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                        fontsize=VALUE_SIZE, color=color, gid="value")  # fmt: skip
    else:
        t = ax.annotate(text, (x, y), xytext=(4, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=VALUE_SIZE, color=color, gid="value")  # fmt: skip
    t.room = bar.get_width() if bar is not None else None
    t.bar_height = y if bar is not None else None
    if bar is not None:  # inside a light bar the value is dark, inside a dark one white
        red, green, blue, _ = bar.get_facecolor()
        t.inside_color = "#1b2a3a" if 0.299 * red + 0.587 * green + 0.114 * blue > LIGHT else "white"


def _inside_tall_bars(ax: Any, renderer: Any) -> None:
    """A value over a tall bar goes inside its top (white), clear of lines drawn across the bars."""
    for t in ax.texts:
        height = getattr(t, "bar_height", None)
        if t.get_gid() != "value" or not height:
            continue
        px = abs(ax.transData.transform((0, height))[1] - ax.transData.transform((0, 0))[1])
        if px > INSIDE_MIN_HEIGHTS * t.get_window_extent(renderer).height:
            t.xyann = (0, -5)
            t.set_va("top")
            t.set_color(getattr(t, "inside_color", "white"))
            t.set_fontweight(BOLD)


def _drop_crowded_labels(fig: Any, ax: Any) -> None:
    """A value label must fit: inside the axes, no wider than its bar, clear of the other labels
    (target and reference labels are placed first). One that does not is made smaller, down to
    MIN_VALUE_SIZE, then left out."""
    renderer = fig.canvas.get_renderer()
    _inside_tall_bars(ax, renderer)
    box = ax.get_window_extent(renderer)
    placed = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() == "note"]
    for t in [t for t in ax.texts if t.get_gid() == "value"]:
        room = getattr(t, "room", None)
        room_px = None
        if room:
            x0 = ax.transData.transform((0, 0))[0]
            room_px = abs(ax.transData.transform((room, 0))[0] - x0) * ROOM_SHARE
        while True:
            ext = t.get_window_extent(renderer)
            fits = ext.x0 >= box.x0 - 2 and ext.x1 <= box.x1 + 2 and ext.y1 <= box.y1 + 2
            fits = fits and (room_px is None or ext.width <= room_px)
            if fits and not any(ext.overlaps(o) for o in placed):
                placed.append(ext)
                break
            if t.get_fontsize() - 1 < MIN_VALUE_SIZE:
                t.set_visible(False)
                break
            t.set_fontsize(t.get_fontsize() - 1)
