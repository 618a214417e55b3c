"""Geometry for the server-rendered SVG trend charts.

The trend is drawn as small multiples: one small bar chart per category, each
titled with the category's name, all on the same scale. Nothing depends on
colour: each panel says what it shows, each bar carries its number, and the
current (unfinished) week is hatched and explained in a legend. The same
numbers are also given as a table next to the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .selectors import Trend
from .weeks import IsoWeek

WIDTH = 300
HEIGHT = 130
LEFT = 8
RIGHT = 8
TOP = 18
BOTTOM = 20


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    week: IsoWeek
    centre: float
    is_current: bool

    @property
    def value_y(self) -> float:
        return round(self.y - 3, 1)


@dataclass(frozen=True)
class Panel:
    name: str
    total: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    label_y: float
    panels: list[Panel]

    @property
    def axis_end(self) -> int:
        return self.width - RIGHT


def trend_chart(trend: Trend, current: IsoWeek) -> Chart:
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(trend.weeks), 1)
    peak = max((max(series.values) for series in trend.series), default=0) or 1
    panels = []
    for series in trend.series:
        bars = []
        for index, (week, value) in enumerate(zip(trend.weeks, series.values, strict=True)):
            height = round(plot_height * value / peak, 1)
            x = LEFT + index * slot + slot * 0.15
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(TOP + plot_height - height, 1),
                    width=round(slot * 0.7, 1),
                    height=height,
                    value=value,
                    week=week,
                    centre=round(x + slot * 0.35, 1),
                    is_current=week == current,
                )
            )
        panels.append(Panel(name=series.name, total=series.total, bars=bars))
    return Chart(width=WIDTH, height=HEIGHT, baseline=TOP + plot_height, label_y=HEIGHT - 6, panels=panels)
