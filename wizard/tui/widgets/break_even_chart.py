"""The break-even chart of the result screen: every priced option's monthly bill against the monthly
volume, on log scales, with Lambda's and EC2's crossing and the workload's own volume marked.

Why log scales: the curve (`CostEstimate.curve`) runs from a tenth of the smaller to ten times
the larger of the workload's volume and the break-even, and the bills from cents to tens of
thousands of dollars. On linear axes every decade but the last sits in the bottom row, and the
crossing with it; on log axes each decade of volume and of money gets the same room.

What it draws:

- a header saying what the axes are, and a legend whose entries are styled like their lines;
  the legend sits above the plot, where it cannot cover a line;
- a line per option that can run the workload: AWS Lambda only when `cost.lambda_.possible`,
  otherwise the header says in one short label why Lambda has no line; Lambda Managed Instances
  and ECS on Fargate (dotted) when the estimate prices them and they can run it;
- a vertical marker and a label at `break_even_requests_per_month` ("break-even 15M req/mo") and
  at the workload's own volume ("workload 2B req/mo");
- ticks on whole decades, read as volumes (1k, 1M, 1B) and money ($0.01, $10, $1k, $100k).

A bill of $0 (Lambda inside the free tier) has no place on a log axis: it is drawn at
`FLOOR_USD`, the smallest amount a bill shows, and the header says so when that happens.

`chart_plan` works out everything drawn from the estimate alone (no Textual, no plotext): the
tests check it, and `BillPlot` turns it into plotext calls at each render, for the size the plot
has then (which ticks and labels fit depends on it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult, RenderResult
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static
from textual_plotext import PlotextPlot

from wizard.core.cost import CostEstimate
from wizard.core.questionnaire.display import short_number

#: Where a bill of $0 is drawn: a log axis has no zero, and a cent is the least a bill shows.
FLOOR_USD = 0.01
#: Least rows between two labelled ticks of the bill axis, and blank columns between two labels
#: of the volume axis (plotext drops a label without a blank either side, leaving gaps at random).
Y_TICK_GAP, X_TICK_GAP = 1.5, 2
#: Rows of the plot taken by other things than the canvas: the frame's top and bottom lines and
#: the volume labels under it.
PLOT_CHROME_ROWS = 3
#: Columns of the plot taken by the frame's left and right lines (the bill labels come on top).
PLOT_CHROME_COLUMNS = 2

Option = Literal["lambda", "lambda-managed", "fargate", "ec2"]


@dataclass(frozen=True)
class Series:
    """One line and its legend entry: the line and the entry both take `label`, `color` (a theme
    variable, so that they follow the app's theme) and `marker` (`sample` is how it looks)."""

    option: Option
    label: str
    color: str
    marker: str
    sample: str
    requests: tuple[float, ...]
    usd: tuple[float, ...]


@dataclass(frozen=True)
class Marker:
    """A vertical line at a volume, labelled."""

    name: Literal["break-even", "workload"]
    requests: float
    label: str
    color: str


@dataclass(frozen=True)
class ChartPlan:
    """Everything the chart draws. Ranges and ticks are in data units (requests, USD), both axes log."""

    series: tuple[Series, ...]
    markers: tuple[Marker, ...]
    x_range: tuple[float, float]
    x_ticks: tuple[float, ...]
    x_labels: tuple[str, ...]
    y_range: tuple[float, float]
    y_ticks: tuple[float, ...]
    y_labels: tuple[str, ...]
    #: Short remarks for the header: why Lambda has no line, bills drawn at the floor, no crossing.
    notes: tuple[str, ...]


LAMBDA_STYLE = ("warning", "braille", "⠒⠒⠒")
EC2_STYLE = ("primary", "braille", "⠒⠒⠒")
#: The middle options: dotted lines, so that they stay apart from the two whose crossing the chart
#: marks, in colours of their own in every theme (`accent` is `warning` in some, `secondary` too dark
#: on a dark background): Lambda Managed Instances a lighter Lambda, Fargate pink.
MANAGED_STYLE = ("warning-lighten-3", "dot", "•••")
FARGATE_STYLE = ("error-lighten-2", "dot", "•••")
#: Joins a legend entry's sample and words, so that an entry wraps as a whole at 80 columns.
NBSP = "\u00a0"
BREAK_EVEN_COLOR = "success"
WORKLOAD_COLOR = "foreground"
OPTION_LABELS: dict[Option, str] = {"lambda": "AWS Lambda", "lambda-managed": "Lambda Managed Instances",
                                    "fargate": "ECS on Fargate", "ec2": "Amazon EC2"}


def volume_label(requests: float) -> str:
    """A volume to two significant figures: 15,023,958 → 15M, 2,000,000,000 → 2B."""
    return short_number(float(f"{requests:.2g}"))


def money_label(usd: float) -> str:
    """A tick of the bill axis: $0.01, $1, $10, $1k, $45k."""
    return f"${usd:g}" if usd < 1 else f"${short_number(float(f'{usd:.3g}'))}"


def log_ticks(low: float, high: float) -> list[float]:
    """The powers of ten from `low` to `high` (each end included when it is one), with 3 × each
    power of ten added when that gives fewer than three ticks."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    tolerance = 1e-9 * high
    ticks = [10.0**k for k in range(first, last + 1) if low - tolerance <= 10.0**k <= high + tolerance]
    if len(ticks) < 3:
        ticks = sorted(t for k in range(first, last + 1) for t in (10.0**k, 3 * 10.0**k)
                       if low - tolerance <= t <= high + tolerance)
    return ticks


def chart_plan(cost: CostEstimate) -> ChartPlan:
    """What to draw for `cost`; its curve must have at least two points."""
    points = cost.curve
    requests = tuple(p.requests_per_month for p in points)
    notes: list[str] = []
    series: list[Series] = []
    raw: list[float] = []
    if cost.lambda_.possible:
        color, marker, sample = LAMBDA_STYLE
        raw += [p.lambda_usd for p in points]
        series.append(Series("lambda", OPTION_LABELS["lambda"], color, marker, sample, requests,
                             tuple(max(FLOOR_USD, p.lambda_usd) for p in points)))
    else:  # a line for what Lambda cannot run would be a bill nobody gets
        count = len(cost.lambda_.limits_exceeded)
        ruled = f"{count} hard limits rule it out" if count > 1 else "a hard limit rules it out"
        notes.append(f"no AWS Lambda line: not possible, {ruled}")
    # The middle options between Lambda and EC2, each when it can run the workload (else no line).
    managed = [p.lambda_managed_usd for p in points]
    if cost.lambda_managed is not None and cost.lambda_managed.possible and None not in managed:
        color, marker, sample = MANAGED_STYLE
        values = [float(v) for v in managed if v is not None]
        raw += values
        series.append(Series("lambda-managed", OPTION_LABELS["lambda-managed"], color, marker, sample, requests,
                             tuple(max(FLOOR_USD, v) for v in values)))
    fargate = [p.fargate_usd for p in points]
    if cost.fargate is not None and cost.fargate.possible and None not in fargate:
        color, marker, sample = FARGATE_STYLE
        values = [float(v) for v in fargate if v is not None]
        raw += values
        series.append(Series("fargate", OPTION_LABELS["fargate"], color, marker, sample, requests,
                             tuple(max(FLOOR_USD, v) for v in values)))
    color, marker, sample = EC2_STYLE
    raw += [p.ec2_usd for p in points]
    series.append(Series("ec2", OPTION_LABELS["ec2"], color, marker, sample, requests,
                         tuple(max(FLOOR_USD, p.ec2_usd) for p in points)))
    if min(raw) < FLOOR_USD:
        notes.append(f"$0 drawn at {money_label(FLOOR_USD)}")

    low, high = requests[0], requests[-1]
    markers: list[Marker] = []
    crossing = cost.break_even_requests_per_month
    if crossing is not None and low <= crossing <= high:
        markers.append(Marker("break-even", crossing, f"break-even {volume_label(crossing)} req/mo", BREAK_EVEN_COLOR))
    elif cost.lambda_.possible:
        notes.append(f"no Lambda–EC2 break-even: {OPTION_LABELS[cost.cheaper]} is cheaper all along")
    if low <= cost.requests_per_month <= high:
        markers.append(Marker("workload", float(cost.requests_per_month),
                              f"workload {volume_label(cost.requests_per_month)} req/mo", WORKLOAD_COLOR))

    # The bill axis: from the decade under the smallest bill to the first decade at least twice
    # the largest, so that the top rows stay clear for the markers' labels.
    drawn = [usd for s in series for usd in s.usd]
    bottom = 10.0 ** math.floor(math.log10(min(drawn)) + 1e-9)
    top = 10.0 ** math.ceil(math.log10(2 * max(drawn)) - 1e-9)
    x_ticks, y_ticks = log_ticks(low, high), log_ticks(bottom, top)
    return ChartPlan(
        series=tuple(series), markers=tuple(markers),
        x_range=(low, high), x_ticks=tuple(x_ticks), x_labels=tuple(short_number(t) for t in x_ticks),
        y_range=(bottom, top), y_ticks=tuple(y_ticks), y_labels=tuple(money_label(t) for t in y_ticks),
        notes=tuple(notes),
    )


# -- where things land on the canvas ------------------------------------------------------------


@dataclass(frozen=True)
class Canvas:
    """The data area of a plot `width` × `height` cells drawn from `plan`, as plotext lays it out:
    the bill labels on the left, a frame line either side, the volume labels under the frame."""

    plan: ChartPlan
    width: int
    height: int

    @property
    def columns(self) -> int:
        return self.width - PLOT_CHROME_COLUMNS - max(map(len, self.plan.y_labels), default=0)

    @property
    def rows(self) -> int:
        return self.height - PLOT_CHROME_ROWS

    def column(self, requests: float) -> int:
        """The canvas column of a volume (0 on the left), as plotext rounds it."""
        low, high = (math.log10(v) for v in self.plan.x_range)
        return math.floor(round(0.5 + (self.columns - 1) * (math.log10(requests) - low) / (high - low), 8))

    def requests_at(self, column: float) -> float:
        """The volume in the middle of a canvas column."""
        low, high = (math.log10(v) for v in self.plan.x_range)
        return float(10.0 ** (low + column * (high - low) / max(1, self.columns - 1)))

    def usd_at(self, row: float) -> float:
        """The bill in the middle of a canvas row (0 at the bottom)."""
        bottom, top = (math.log10(v) for v in self.plan.y_range)
        return float(10.0 ** (bottom + row * (top - bottom) / max(1, self.rows - 1)))

    def row(self, usd: float) -> float:
        """The canvas row of a bill (0 at the bottom), unrounded."""
        bottom, top = (math.log10(v) for v in self.plan.y_range)
        return (self.rows - 1) * (math.log10(usd) - bottom) / (top - bottom)

    def y_ticks(self) -> tuple[list[float], list[str]]:
        """Every tick of the plan, or every second, third… when the rows are too few for each to
        have its own, `Y_TICK_GAP` rows from the next."""
        step = _step([self.row(t) for t in self.plan.y_ticks], [0] * len(self.plan.y_ticks), Y_TICK_GAP)
        return list(self.plan.y_ticks[::step]), list(self.plan.y_labels[::step])

    def x_ticks(self) -> tuple[list[float], list[str]]:
        """Every tick of the plan, or every second, third… when their labels would be too close."""
        labels = self.plan.x_labels
        step = _step([self.column(t) for t in self.plan.x_ticks], [len(label) for label in labels], X_TICK_GAP)
        return list(self.plan.x_ticks[::step]), list(labels[::step])

    def label_spots(self) -> list[tuple[float, float, Literal["left", "right"]]]:
        """Where each marker's label goes, as (volume, bill, alignment) for plotext's `text`.

        The first marker's label takes the top row, the next the row under it. A label goes left
        of its marker, ending next to it, when it fits there: both bills grow with the volume, so
        left of a marker and near the top of the axis is where the lines are not. Otherwise it
        starts right of the marker."""
        spots: list[tuple[float, float, Literal["left", "right"]]] = []
        for i, marker in enumerate(self.plan.markers):
            column = self.column(marker.requests)
            usd = self.usd_at(self.rows - 1 - i)
            if column - 1 >= len(marker.label):
                spots.append((self.requests_at(column - 1), usd, "right"))
            else:
                spots.append((self.requests_at(column + 1), usd, "left"))
        return spots


def _step(positions: list[float], sizes: list[int], gap: float) -> int:
    """The least k such that, keeping every k-th tick, each is at least `gap` apart from the next,
    counted between their labels (`sizes` long, centred on their positions)."""
    for k in range(1, len(positions)):
        kept = list(zip(positions[::k], sizes[::k], strict=True))
        if all(b - a - (sa + sb) / 2 >= gap for (a, sa), (b, sb) in zip(kept, kept[1:], strict=False)):
            return k
    return max(1, len(positions))


class BillPlot(PlotextPlot):
    """The plot part of the chart, drawn again at each render for its size then.

    Plotext's build turns the data, ticks and lines into log units in place, so a plot is drawn
    afresh before each build; limits (`xlim`, `ylim`) it takes in the units it plots, log10 here."""

    def __init__(self, plan: ChartPlan, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plan = plan

    def render(self) -> RenderResult:
        self.draw(self.size.width, self.size.height)
        return super().render()

    def _rgb(self, variable: str) -> tuple[int, int, int]:
        return Color.parse(self.app.theme_variables[variable]).rgb

    def draw(self, width: int, height: int) -> None:
        plan, plt = self.plan, self.plt
        canvas = Canvas(plan, width, height)
        plt.clear_data()
        plt.xscale("log")
        plt.yscale("log")
        plt.xlim(*(math.log10(v) for v in plan.x_range))
        plt.ylim(*(math.log10(v) for v in plan.y_range))
        plt.xticks(*canvas.x_ticks())
        plt.yticks(*canvas.y_ticks())
        for s in plan.series:
            plt.plot(list(s.requests), list(s.usd), marker=s.marker, color=self._rgb(s.color))
        if canvas.rows < len(plan.markers) or canvas.columns < 2:  # no room for the markers' labels
            return
        background = self._rgb("surface")
        for marker, (x, y, alignment) in zip(plan.markers, canvas.label_spots(), strict=True):
            plt.vline(marker.requests, self._rgb(marker.color))
            plt.text(marker.label, x, y, color=self._rgb(marker.color), background=background, alignment=alignment)


def header(plan: ChartPlan) -> Content:
    """What the axes are, the legend (each entry styled like its line) and the plan's notes."""
    parts: list[str | Content | tuple[str, str]] = [
        ("Monthly bill (USD) by requests a month", "bold"), ", both axes on log scales\n"]
    # Lambda's and EC2's entries on one line, the middle options' on the next: each line fits 80
    # columns, so that no entry is split from its sample by the wrapping.
    first = [s for s in plan.series if s.option in ("lambda", "ec2")]
    second = [s for s in plan.series if s.option not in ("lambda", "ec2")]
    for i, line in enumerate(group for group in (first, second) if group):
        if i:
            parts.append("\n")
        for s in line:
            parts += [(s.sample, f"${s.color}"), NBSP, (s.label.replace(" ", NBSP), "bold"), "   "]
    parts += [(f"{note}   ", "$text-muted") for note in plan.notes]
    return Content.assemble(*parts).rstrip()


class BreakEvenChart(Vertical):
    """The break-even chart for a `CostEstimate`: a header with the legend, then the plot.

    Both bills on log axes, the break-even and the workload's volume marked and labelled; only
    EC2 when Lambda cannot run the workload. See the module's docstring for why and how."""

    def __init__(self, cost: CostEstimate, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cost = cost
        self.plan = chart_plan(cost) if len(cost.curve) >= 2 else None

    def compose(self) -> ComposeResult:
        if self.plan is None:
            yield Static("No curve to draw.", classes="chart-header")
            return
        yield Static(header(self.plan), classes="chart-header")
        yield BillPlot(self.plan, id="chart-plot")
