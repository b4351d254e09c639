"""The result screen: the table of contributions (every column in sight at any width, sorting by a
click on a header, the whole reason of the highlighted row below it) and a cost panel without a
Lambda bill when Lambda cannot run the workload."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Static

from wizard.tui.screens.result import MIN_FROM, MIN_WHY, ResultScreen, contribution_widths

from . import scenarios


def rows(*cells: tuple[str, str, str, str]) -> list[tuple[str, Text, str, str]]:
    return [(option, Text(points), origin, why) for option, points, origin, why in cells]


def test_columns_keep_their_natural_width_when_they_fit() -> None:
    table = rows(("AWS Lambda", "+2", "rule short", "Short reason."))
    assert contribution_widths(table, 200, 2) == (10, 8, 10, 13)  # headers keep room for " ▼"


def test_from_and_why_share_what_is_left_and_neither_falls_below_its_minimum() -> None:
    table = rows(("Amazon EC2", "+2.4", "x" * 90, "y" * 120))
    option, points, origin, why = contribution_widths(table, 116, 2)
    assert (option, points) == (10, 8)
    assert option + points + origin + why + 4 * 2 == 116  # exactly the width there is
    assert origin >= MIN_FROM and why >= MIN_WHY and why >= origin
    # Narrower than the minimums allow: the table keeps them and scrolls sideways.
    assert contribution_widths(table, 40, 2)[2:] == (MIN_FROM, MIN_WHY)


def test_a_short_from_column_is_not_padded() -> None:
    table = rows(("Amazon EC2", "+2", "rule a", "z" * 300))
    option, points, origin, why = contribution_widths(table, 120, 2)
    assert origin == len("rule a") and option + points + origin + why + 8 == 120


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_every_column_is_in_sight(size: tuple[int, int]) -> None:
    app = scenarios.make_app()
    async with app.run_test(size=size) as pilot:
        await scenarios.result(pilot)
        assert isinstance(app.screen, ResultScreen)
        table = app.screen.query_one("#contributions", DataTable)
        contributions = app.screen.evaluation.result.contributions
        assert table.row_count == len(contributions)
        assert [str(c.label) for c in table.columns.values()] == ["Option", "Points ▼", "From", "Why"]
        # The table is no wider than its place: nothing to scroll sideways to.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.max_scroll_x == 0


async def test_a_click_on_a_header_sorts_and_the_highlighted_row_is_shown_whole() -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await scenarios.result(pilot)
        assert isinstance(app.screen, ResultScreen)
        screen = app.screen
        table = screen.query_one("#contributions", DataTable)
        points = [abs(float(table.get_row_at(i)[1].plain)) for i in range(table.row_count)]
        assert points == sorted(points, reverse=True)  # by weight, the default

        await pilot.click("#contributions", offset=(2, 0))  # the "Option" header
        await pilot.pause()
        options = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert options == sorted(options) and len(set(options)) == 2  # A to Z; both options have points
        assert [str(c.label) for c in table.columns.values()] == ["Option ▲", "Points", "From", "Why"]
        # Within one option, the heaviest contributions first.
        for name in set(options):
            weights = [abs(float(table.get_row_at(i)[1].plain)) for i in range(table.row_count)
                       if table.get_row_at(i)[0].plain == name]
            assert weights == sorted(weights, reverse=True)
        await pilot.click("#contributions", offset=(2, 0))  # again: Z to A
        await pilot.pause()
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == sorted(options, reverse=True)

        table.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        row = table.get_row_at(table.cursor_row)
        full = next(c.why for c in screen.evaluation.result.contributions if c.why == row[3].plain)
        detail = str(screen.query_one("#why-detail", Static).render())
        assert full in detail and row[2].plain in detail

        # A resize lays the columns out again and keeps the row the cursor is on.
        before = table.cursor_row
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert table.cursor_row == before
        assert table.virtual_size.width <= table.scrollable_content_region.width


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
        assert isinstance(app.screen, ResultScreen)
        table = app.screen.query_one("#cost-table", DataTable)
        total = table.get_row_at(table.row_count - 1)
        assert total[1].plain == "not possible" and total[2].plain.startswith("$")
        notes = str(app.screen.query_one("#break-even", Static).render())
        assert "AWS Lambda cannot run this workload" in notes and "900 s" in notes
        assert "Amazon EC2 is the only option" in notes and "cheaper" not in notes


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
        problem = str(app.screen.query_one("#cost-problem", Static).render())
        assert problem.startswith("Not computed: ") and "4,000,000 MB" in problem

