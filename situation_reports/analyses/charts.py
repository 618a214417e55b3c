"""Geometry of the analyses' server-rendered SVG charts.

Two kinds, both readable in print and without colour:

- a comparison chart: one row per category or place, a solid bar for the
  period and a hatched, outlined bar for the same period a year earlier,
  each with its number written at its end and a legend that names both;
- the trend per category as small multiples, drawn by the weekly report's
  own `situation_reports.charts.trend_chart` (per week for a tertial or a
  quarter, per month for a year, where 53 weekly bars would not be legible).

The SVG carries its colours as presentation attributes, so the PDF renderer
draws it as the browser does; the numbers are always given as a table too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..charts import Chart, trend_chart
from ..selectors import CategorySeries, Trend

WIDTH = 640
LABEL_WIDTH = 190
VALUE_SPACE = 44
ROW = 30
TOP = 30
BAR = 10
MAX_LABEL = 30


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    full_label: str
    current: int
    previous: int
    y: float
    current_width: float
    previous_width: float

    @property
    def current_y(self) -> float:
        return self.y + 3

    @property
    def previous_y(self) -> float:
        return self.y + 3 + BAR + 2

    @property
    def text_y(self) -> float:
        return self.y + 3 + BAR + 1

    @property
    def current_value_x(self) -> float:
        return LABEL_WIDTH + self.current_width + 4

    @property
    def previous_value_x(self) -> float:
        return LABEL_WIDTH + self.previous_width + 4

    @property
    def current_value_y(self) -> float:
        return self.current_y + BAR - 1

    @property
    def previous_value_y(self) -> float:
        return self.previous_y + BAR - 1


@dataclass(frozen=True)
class ComparisonChart:
    width: int
    height: int
    label_x: int
    bar_x: int
    rows: list[ComparisonRow]


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def comparison_chart(rows: list[tuple[str, int, int]]) -> ComparisonChart | None:
    """`rows` are (label, this period, a year earlier); None when all are zero."""
    peak = max((max(current, previous) for _, current, previous in rows), default=0)
    if not peak:
        return None
    plot = WIDTH - LABEL_WIDTH - VALUE_SPACE
    chart_rows = [
        ComparisonRow(
            label=_short(label),
            full_label=label,
            current=current,
            previous=previous,
            y=TOP + index * ROW,
            current_width=round(plot * current / peak, 1),
            previous_width=round(plot * previous / peak, 1),
        )
        for index, (label, current, previous) in enumerate(rows)
    ]
    return ComparisonChart(
        width=WIDTH, height=TOP + len(rows) * ROW + 6, label_x=LABEL_WIDTH - 6, bar_x=LABEL_WIDTH, rows=chart_rows
    )


@dataclass(frozen=True)
class Slot:
    """A bar's place on the trend's axis: a week or a month. Stands in for
    the IsoWeek that `trend_chart` expects; its template reads `label`."""

    label: str
    title: str
    week: str = ""


def small_multiples(slots: list[Slot], series: list[CategorySeries]) -> Chart:
    return trend_chart(Trend(weeks=slots, series=series), current=None)
