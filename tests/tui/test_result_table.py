"""The result screen: decisive at a glance at 80×24 and 120×40, one scroll region, contributions
to ruled-out options apart, a sort key, nothing cut, and a cost panel without a Lambda bill when
Lambda cannot run the workload."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.containers import ScrollableContainer
from textual.widgets import DataTable, Static

from wizard.tui.screens.result import ResultScreen

from . import scenarios


def text(screen: ResultScreen, selector: str) -> str:
    return " ".join(str(screen.query_one(selector, Static).render()).split())


@pytest.mark.parametrize("size", scenarios.SIZES)
async def test_the_first_screen_holds_the_decision(size: tuple[int, int]) -> None:
    app = scenarios.make_app()
    async with app.run_test(size=size) as pilot:
        await scenarios.result(pilot)
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        decision = screen.query_one("#decision")
        # In sight without scrolling.
        assert screen.query_one("#result-body").scroll_y == 0
        assert decision.region.bottom <= size[1] - 1, (decision.region, size)
        words = text(screen, "#decision")
        # EC2 by a whisker over Fargate at nearly the same bill: the confidence says so in words.
        assert "Recommended: Amazon EC2" in words and "low confidence" in words
        assert "a lead of" in words
        assert all(f"{i}. " in words for i in (1, 2, 3))
        assert "AWS Lambda $" in words and "Amazon EC2 $" in words  # both totals, side by side
        assert "Lambda Managed Instances $" in words and "ECS on Fargate $" in words  # and the middle roads
        assert "(cheapest)" in words
        assert screen.cost is not None and screen.query_one("#middle-table") is not None
        console = Console(width=size[0] - 4, record=True, file=io.StringIO())
        console.print(screen._middle_table(screen.cost))
        middle = console.export_text()
        assert "Management fee" in middle and "Instances / tasks" in middle and "Total" in middle
        assert "the bills cross at" in words
        assert "…" not in words


async def test_an_exclusion_is_on_the_first_screen_with_its_source() -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await scenarios.start_filled(pilot, avg_duration_ms=1_200_000, longest_run_s=1200)
        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        words = text(screen, "#decision")
        assert "Ruled out: AWS Lambda" in words and "Source: https://" in words
        assert screen.query_one("#decision").region.bottom <= 23
        # Contributions to Lambda decide nothing now: the table leaves them out and one line says so.
        assert "AWS Lambda" not in str(screen._contributions().columns[0]._cells)
        assert "Left aside:" in text(screen, "#moot") and "AWS Lambda" in text(screen, "#moot")


async def test_one_scroll_region_and_end_reaches_the_buttons() -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await scenarios.result(pilot)
        screen = app.screen
        assert not screen.query(DataTable)
        scrolling = [w for w in screen.query(ScrollableContainer) if w.max_scroll_y > 0]
        assert [w.id for w in scrolling] == ["result-body"]
        await pilot.press("end")
        await pilot.pause()
        nav = screen.query_one("#result-nav").region
        assert nav.bottom <= 23 and nav.y >= 0


async def test_sorting_has_a_key_shown_in_the_footer() -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await scenarios.result(pilot)
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        footer = " ".join(str(k.render()) for k in screen.query("FooterKey"))
        assert "Sort table" in footer
        rows = screen._sorted()
        points = [max(abs(c.points) for c in moves) for moves in rows]
        assert points == sorted(points, reverse=True)
        await pilot.press("s")
        await pilot.pause()
        options = [min(screen._label(c.option) for c in moves) for moves in screen._sorted()]
        assert options == sorted(options)
        assert "sorted by option" in text(screen, "#contributions-heading")


async def test_a_reason_that_moves_several_options_is_one_row() -> None:
    """Four options: a reason that gives points to three of them is written once, its options and
    points stacked beside it, and every contribution is in some row."""
    app = scenarios.make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await scenarios.result(pilot)
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        rows = screen._sorted()
        whys = [moves[0].why for moves in rows]
        assert len(whys) == len(set(whys))
        assert any(len(moves) > 1 for moves in rows)
        assert all(len({c.why for c in moves}) == 1 for moves in rows)
        assert sorted(id(c) for moves in rows for c in moves) == sorted(
            id(c) for c in screen.evaluation.result.argued())


async def test_what_would_change_lists_plausible_changes_before_hard_limits() -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await scenarios.result(pilot)
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        words = text(screen, "#result-sensitivity")
        if "Or a hard limit:" in words:
            head, tail = words.split("Or a hard limit:")
            assert "•" not in tail  # one line, last
            assert tail.count(":") == tail.count(";") + 1  # each question and its answer apart
            assert "900,001" not in head and "10,241" not in head


async def test_a_workload_lambda_cannot_run_has_no_lambda_bill(isolated: Path) -> None:
    # A 20-minute run: over Lambda's 900 s timeout. The cost panel, the sidebar and the chart say so
    # instead of showing a Lambda bill nobody could get.
    app = scenarios.make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await scenarios.start_filled(pilot, avg_duration_ms=1_200_000, longest_run_s=1200)
        sidebar = str(app.screen.query_one("#scores").render())
        assert "Lambda not possible" in " ".join(sidebar.split()) and "EC2" in sidebar
        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        assert screen.cost is not None
        total = screen._cost_table(screen.cost).columns[1]._cells[-1]
        assert str(total) == "not possible"
        notes = text(screen, "#break-even")
        assert "AWS Lambda cannot run this workload" in notes and "900 s" in notes
        assert "Amazon EC2 is the only option" in notes and "cheaper" not in notes
        # Fargate has no 15-minute timeout: its bill stays; LMI shares Lambda's limit and says so.
        assert "Lambda Managed Instances cannot run it" in notes
        fargate_total = screen._middle_table(screen.cost).columns[2]._cells[-1]
        assert str(fargate_total).startswith("$")
        assert "Lambda not possible" in " ".join(sidebar.split()) and "Fargate $" in " ".join(sidebar.split())


async def test_a_workload_no_instance_type_holds_says_why_there_is_no_bill(isolated: Path) -> None:
    # 4,000,000 MB server workers are a valid answer, but no instance type in the pricing file has
    # that much memory: the sidebar and the result screen say why there is no bill instead of leaving it out.
    app = scenarios.make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await scenarios.start_filled(pilot, server_memory_mb=4_000_000)
        sidebar = " ".join(str(app.screen.query_one("#scores").render()).split())
        assert "Monthly bill not computed:" in sidebar and "the largest has" in sidebar
        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert not app.screen.query("#cost-table")
        problem = text(app.screen, "#cost-problem")
        assert problem.startswith("Not computed: ") and "4,000,000 MB" in problem


@pytest.mark.parametrize("size", scenarios.SIZES)
async def test_the_sidebar_holds_four_bars_four_bills_and_the_leader(size: tuple[int, int]) -> None:
    app = scenarios.make_app()
    async with app.run_test(size=size) as pilot:
        await scenarios.start_filled(pilot)
        scores = app.screen.query_one("#scores")
        words = " ".join(str(scores.render()).split())
        for label in ("AWS Lambda", "Lambda Managed Instances", "ECS on Fargate", "Amazon EC2"):
            assert label in words
        assert words.count("█") + words.count("░") > 0  # the bars
        for bill in ("Lambda $", "Lambda Managed $", "Fargate $", "EC2 $"):
            assert bill in words
        assert "Leading: Amazon EC2" in words and "by " in words and "points" in words
        # Every line of it in sight, at 80×24 too.
        assert scores.region.bottom <= size[1] - 1 and scores.region.right <= size[0], (scores.region, size)
        assert scores.virtual_size.height <= scores.region.height
