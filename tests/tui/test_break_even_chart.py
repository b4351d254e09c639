"""The break-even chart: log axes read as volumes and money, the crossing and the workload's volume
marked where they are, a legend whose entries are the colours of their lines, and only EC2 (with
the reason) when Lambda cannot run the workload.

The behaviour tests price the steady-API example the way the app does. The snapshots draw a
made-up curve on top of such an estimate, so that they show the chart and not the cost model's
latest figures."""

from __future__ import annotations

import math
import tomllib

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Static

from wizard.core.questionnaire.catalog import default_questionnaire_path
from wizard.core.cost import CostEstimate, CurvePoint
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.questionnaire.model import load_questionnaire
from wizard.tui.widgets.break_even_chart import (
    EC2_STYLE,
    FLOOR_USD,
    LAMBDA_STYLE,
    NBSP,
    BillPlot,
    BreakEvenChart,
    Canvas,
    chart_plan,
    header,
    log_ticks,
    money_label,
    volume_label,
)

from . import scenarios

#: Too long a run for Lambda's 15-minute timeout.
NO_LAMBDA = {"avg_duration_ms": 1_200_000, "longest_run_s": 1200}
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def priced(**changes: object) -> CostEstimate:
    """The steady-API example (with `changes`) priced as the result screen prices it."""
    answers = {**tomllib.loads(scenarios.EXAMPLE.read_text())["answers"], **changes}
    answers = {qid: tuple(v) if isinstance(v, list) else v for qid, v in answers.items()}
    cost, problem = Evaluator.load(load_questionnaire(default_questionnaire_path())).priced(answers, curve_points=50)
    assert cost is not None, problem
    return cost


def made_up(cost: CostEstimate) -> CostEstimate:
    """`cost` with a fixed curve: Lambda free up to 1M requests then $3.40 a million, EC2 $15 an
    instance, at least 2, one per 25M requests, and the middle options (when they can run it) as
    below; the workload at 400M requests a month."""
    def lam(r: float) -> float:
        return round(max(0.0, r - 1e6) * 3.4e-6, 2)

    def ec2(r: float) -> float:
        return 15.0 * max(2, math.ceil(r / 25e6))

    crossing = next(r for r in range(1_000_000, 100_000_000, 1000) if (lam(r) > ec2(r)) != (lam(1e6) > ec2(1e6)))
    low, high = crossing / 10, 400e6 * 10
    def managed(r: float) -> float:  # three instances at least, $40 each with the fee, one per 60M requests
        return round(40.0 * max(3, math.ceil(r / 60e6)) + r * 0.2e-6, 2)

    def fargate(r: float) -> float:  # two tasks at least, $20 each, one per 30M requests
        return 20.0 * max(2, math.ceil(r / 30e6))

    far = cost.fargate is not None and cost.fargate.possible
    lmi = cost.lambda_managed is not None and cost.lambda_managed.possible
    curve = tuple(CurvePoint(requests_per_month=r, lambda_usd=lam(r), ec2_usd=ec2(r),
                             lambda_managed_usd=managed(r) if lmi else None, fargate_usd=fargate(r) if far else None)
                  for r in (low * (high / low) ** (i / 49) for i in range(50)))
    return cost.model_copy(update={
        "curve": curve, "requests_per_month": 400_000_000,
        "break_even_requests_per_month": crossing if cost.lambda_.possible else None})


class ChartApp(App[None]):
    """The chart alone, filling the terminal."""

    CSS = "#chart { height: 1fr; }"

    def __init__(self, cost: CostEstimate) -> None:
        super().__init__()
        self.cost = cost

    def compose(self) -> ComposeResult:
        yield BreakEvenChart(self.cost, id="chart")


def rendered(plot: BillPlot) -> list[list[tuple[str, Style | None]]]:
    """The plot as drawn: each cell's character and style, row by row from the top."""
    text = plot.render()
    assert isinstance(text, Text)
    rows = []
    for line in text.split("\n"):
        styles: list[Style | None] = [None] * len(line.plain)
        for span in line.spans:
            for i in range(span.start, min(span.end, len(styles))):
                styles[i] = span.style if isinstance(span.style, Style) else Style.parse(span.style)
        rows.append(list(zip(line.plain, styles, strict=True)))
    return rows


def rgb(style: Style | None) -> tuple[int, int, int] | None:
    """The foreground colour of a cell as (r, g, b)."""
    if style is None or style.color is None or style.color.triplet is None:
        return None
    return tuple(style.color.triplet)  # type: ignore[return-value]


def text_of(rows: list[list[tuple[str, Style | None]]]) -> list[str]:
    return ["".join(char for char, _ in row) for row in rows]


# -- what is drawn, from the estimate alone -----------------------------------------------------


def test_ticks_read_as_volumes_and_money_in_order() -> None:
    assert [volume_label(v) for v in (1_000, 15_023_958, 170_000_000, 2e9)] == ["1k", "15M", "170M", "2B"]
    assert [money_label(v) for v in (0.01, 0.1, 10, 1_000, 45_000, 2e6)] == \
        ["$0.01", "$0.1", "$10", "$1k", "$45k", "$2M"]
    # Whole decades; 3 × a decade too when a range holds fewer than three.
    assert log_ticks(1_500_000, 26e9) == [1e7, 1e8, 1e9, 1e10]
    assert log_ticks(2e8, 2e10) == [3e8, 1e9, 3e9, 1e10]
    plan = chart_plan(priced())
    assert list(plan.x_ticks) == sorted(plan.x_ticks) and list(plan.y_ticks) == sorted(plan.y_ticks)
    assert plan.x_labels == tuple(volume_label(t) for t in plan.x_ticks)
    assert all(label.startswith("$") and "e" not in label for label in plan.y_labels)
    assert plan.x_range == (plan.series[0].requests[0], plan.series[0].requests[-1])
    low, high = plan.y_range  # whole decades around every bill drawn
    assert all(low <= usd < high for s in plan.series for usd in s.usd)
    assert math.log10(low).is_integer() and math.log10(high).is_integer()


def test_each_line_is_its_own_option_s_bills_and_the_legend_says_so() -> None:
    cost = priced()
    lam, managed, fargate, ec2 = chart_plan(cost).series
    assert [(s.option, s.label) for s in (lam, managed, fargate, ec2)] == [
        ("lambda", "AWS Lambda"), ("lambda-managed", "Lambda Managed Instances"), ("fargate", "ECS on Fargate"),
        ("ec2", "Amazon EC2")]
    assert lam.usd == tuple(max(FLOOR_USD, p.lambda_usd) for p in cost.curve)
    assert ec2.usd == tuple(max(FLOOR_USD, p.ec2_usd) for p in cost.curve)
    assert managed.usd == tuple(max(FLOOR_USD, p.lambda_managed_usd or 0) for p in cost.curve)
    assert fargate.usd == tuple(max(FLOOR_USD, p.fargate_usd or 0) for p in cost.curve)
    assert len({s.color for s in (lam, managed, fargate, ec2)}) == 4
    # The legend: each label follows a sample of its line in the line's colour.
    legend = header(chart_plan(cost))
    for series in (lam, managed, fargate, ec2):
        at = legend.plain.replace(NBSP, " ").index(f"{series.sample} {series.label}")
        styles = [str(span.style) for span in legend.spans if span.start <= at < span.end]
        assert styles == [f"${series.color}"]


def test_the_crossing_and_the_workload_are_marked_at_their_volumes() -> None:
    cost = priced()
    assert cost.break_even_requests_per_month is not None
    crossing, workload = chart_plan(cost).markers
    assert crossing.requests == cost.break_even_requests_per_month
    assert crossing.label == f"break-even {volume_label(cost.break_even_requests_per_month)} req/mo"
    assert workload.requests == cost.requests_per_month and workload.label.startswith("workload ")


def test_bills_of_zero_sit_on_the_floor_and_the_chart_says_so() -> None:
    cost = made_up(priced())
    assert min(p.lambda_usd for p in cost.curve) == 0
    plan = chart_plan(cost)
    assert min(plan.series[0].usd) == FLOOR_USD == plan.y_range[0]
    assert "$0 drawn at $0.01" in plan.notes and "$0 drawn at $0.01" in header(plan).plain


def test_without_lambda_only_ec2_is_drawn_and_the_chart_says_why() -> None:
    cost = priced(**NO_LAMBDA)
    assert not cost.lambda_.possible
    plan = chart_plan(cost)
    # A 20-minute run: Lambda Managed Instances share Lambda's timeout; Fargate has none.
    assert [s.option for s in plan.series] == ["fargate", "ec2"]
    assert [m.name for m in plan.markers] == ["workload"]  # no Lambda-EC2 break-even without Lambda
    assert plan.notes == ("no AWS Lambda line: not possible, 2 hard limits rule it out",)
    legend = header(plan).plain
    legend = legend.replace(NBSP, " ")
    assert f"{LAMBDA_STYLE[2]} AWS Lambda" not in legend and f"{EC2_STYLE[2]} Amazon EC2" in legend


# -- what the plot shows -------------------------------------------------------------------------


@pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))
async def test_axes_are_log_and_the_crossing_is_at_the_break_even(size: tuple[int, int]) -> None:
    cost = priced()
    assert cost.break_even_requests_per_month is not None
    app = ChartApp(cost)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        plot = app.query_one(BillPlot)
        lines = text_of(rendered(plot))
        monitor = plot.plt.monitor
        assert monitor.xscale[0] == "log" and monitor.yscale[0] == "log"

        # The volume axis: a tick (┬ on the frame) under each label, decades the same width apart.
        frame, labels = lines[-2], lines[-1]
        ticks = [i for i, char in enumerate(frame) if char == "┬"]
        plan = plot.plan
        assert labels.split() == list(plan.x_labels)
        assert max(ticks) - min(ticks) - (len(ticks) - 1) * (ticks[1] - ticks[0]) in range(-2, 3)
        # The bill axis: a tick (┤) at each label, decades the same height apart.
        rows = [i for i, line in enumerate(lines) if "┤" in line]
        assert [lines[i].split("┤")[0].strip() for i in rows] == list(reversed(plan.y_labels))
        gaps = {b - a for a, b in zip(rows, rows[1:], strict=False)}
        assert max(gaps) - min(gaps) <= 1

        # The break-even marker (┴ on the frame) sits where its volume falls between two ticks.
        decade = ticks[1] - ticks[0]
        first = plan.x_ticks[0]
        for marker in plan.markers:
            expected = ticks[0] + decade * math.log10(marker.requests / first)
            column = min((i for i, char in enumerate(frame) if char == "┴"), key=lambda i: abs(i - expected))
            assert abs(column - expected) <= 1.5, marker
            top = lines[1 + [m.name for m in plan.markers].index(marker.name)]
            assert marker.label in top  # labelled in the top rows, right next to its line
            at = top.index(marker.label)
            assert column in (at - 1, at + len(marker.label))
        assert Canvas(plan, *plot.size).column(cost.break_even_requests_per_month) == \
            [i for i, char in enumerate(frame) if char == "┴"][0] - frame.index("└") - 1


async def test_each_line_is_drawn_in_its_legend_colour() -> None:
    cost = priced()
    app = ChartApp(cost)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        plot = app.query_one(BillPlot)
        colour = {s.option: Color.parse(app.theme_variables[s.color]).rgb for s in plot.plan.series}
        cells = rendered(plot)
        # At the right end Lambda's bill is the higher one: its colour is the higher line there.
        last = text_of(cells)[0].index("┐") - 1
        drawn = [(row, rgb(style)) for row, line in enumerate(cells)
                 for char, style in line[last:last + 1] if "⠁" <= char <= "⣿"]
        assert cost.curve[-1].lambda_usd > cost.curve[-1].ec2_usd
        highest = {c: min(row for row, col in drawn if col == c) for _, c in drawn}
        assert highest[colour["lambda"]] < highest[colour["ec2"]]
        # The middle options' dotted lines, each in its own legend colour, distinct from the other two.
        dots = {rgb(style) for line in cells for char, style in line if char == "•"}
        assert colour["lambda-managed"] in dots and colour["fargate"] in dots
        assert len(set(colour.values())) == 4


async def test_without_lambda_the_plot_has_one_line_and_the_header_the_reason() -> None:
    app = ChartApp(priced(**NO_LAMBDA))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one(BillPlot)
        lambda_colour = Color.parse(app.theme_variables["warning"]).rgb
        lines = [char for line in rendered(plot) for char, style in line if "⠁" <= char <= "⣿"]
        assert lines and not [char for line in rendered(plot) for char, style in line
                              if "⠁" <= char <= "⣿" and rgb(style) == lambda_colour]
        said = str(app.query_one(".chart-header", Static).render())
        assert "no AWS Lambda line: not possible, 2 hard limits rule it out" in said and "break-even" not in said


async def test_the_result_screen_shows_the_chart_of_its_estimate() -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await scenarios.result(pilot)
        chart = app.screen.query_one("#chart", BreakEvenChart)
        assert chart.cost == app.screen.cost  # type: ignore[attr-defined]
        drawn = [s.option for s in chart.query_one(BillPlot).plan.series]
        assert drawn == ["lambda", "lambda-managed", "fargate", "ec2"]


# -- looks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))
@pytest.mark.parametrize("case", ["both", "no-lambda"])
def test_chart(snap_compare, case: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    cost = made_up(priced(**(NO_LAMBDA if case == "no-lambda" else {})))
    assert snap_compare(ChartApp(cost), terminal_size=size)
