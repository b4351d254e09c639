"""The result: recommendation and confidence, score bars, exclusions with sources, every
contribution in a sortable table, what would change the answer, and the cost comparison with
a break-even chart."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Static
from rich.cells import cell_len
from rich.text import Text

from wizard.core.cost import BREAK_EVEN_HIGH, BREAK_EVEN_LOW, CostEstimate
from wizard.core.cost.bill_rows import bill_rows, fleet_size
from wizard.core.display import answer_label, money, printable
from wizard.core.engine import Evaluation
from wizard.tui.session import Session
from wizard.tui.widgets.break_even_chart import BreakEvenChart
from wizard.tui.widgets.footer import KeyFooter
from wizard.tui.widgets.score_panel import score_content


CONTRIBUTION_COLUMNS = (("option", "Option"), ("points", "Points"), ("from", "From"), ("why", "Why"))
#: The least width `From` and `Why` are cut to; below that the table scrolls sideways.
MIN_FROM, MIN_WHY = 24, 20


def contribution_widths(rows: list[tuple[str, Text, str, str]], available: int, padding: int) -> tuple[int, ...]:
    """Column widths for the contributions table in `available` cells: `Option` and `Points` whole,
    then `From` and `Why` sharing the rest (`Why` first to give way, then `From`)."""
    def widest(header: str, cells: list[str]) -> int:
        return max([cell_len(header) + 2, *(cell_len(cell) for cell in cells)])  # + 2: room for " ▼"

    option = widest("Option", [r[0] for r in rows])
    points = widest("Points", [r[1].plain for r in rows])
    origin = widest("From", [r[2] for r in rows])
    why = widest("Why", [r[3] for r in rows])
    room = available - option - points - 4 * padding
    if origin + why <= room:
        return option, points, origin, why
    origin = max(min(origin, room - MIN_WHY, room // 2), min(origin, MIN_FROM))
    return option, points, origin, max(MIN_WHY, room - origin)


class ResultScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+s", "app.save", "Save"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.evaluation: Evaluation = session.evaluator.evaluate(session.answers, sensitivity=True)
        self.cost: CostEstimate | None
        self.cost, self.cost_problem = session.evaluator.priced(self.evaluation.answers, curve_points=50)
        self._sort: tuple[str, bool] = ("points", True)

    def compose(self) -> ComposeResult:
        q = self.session.questionnaire
        result = self.evaluation.result
        yield Static(self._headline(), id="headline")
        with VerticalScroll(id="result-body"):  # focusable: Page Up/Down and arrows scroll it
            with Horizontal(id="result-top"):
                yield Static(score_content(q, result, width=24, compact=True), id="result-scores")
                yield Static(self._sensitivity(), id="result-sensitivity")
            if result.excluded:
                yield Static(self._exclusions(), id="result-exclusions")
            yield Static(Content.styled("What drove the scores (click a column to sort)", "bold"), classes="section")
            yield DataTable(id="contributions", zebra_stripes=True, cursor_type="row")
            yield Static("", id="why-detail", markup=False)
            if self.cost is not None:
                yield Static(Content.styled("Monthly cost", "bold"), classes="section")
                with Horizontal(id="cost-row"):
                    yield DataTable(id="cost-table", show_cursor=False)
                    with Vertical(id="cost-notes"):
                        yield Static(self._cost_notes(self.cost), id="break-even")
                yield BreakEvenChart(self.cost, id="chart")
            elif self.cost_problem is not None:
                yield Static(Content.styled("Monthly cost", "bold"), classes="section")
                yield Static(Content.assemble(("Not computed: ", "bold $warning"), printable(self.cost_problem)),
                             id="cost-problem", classes="section")
        with Horizontal(id="result-nav"):
            yield Button("← Review", id="to-review")
            yield Button("Save record", id="save", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#result-body").focus()
        self._fill_contributions()
        if self.cost is not None:
            self._fill_cost(self.cost)

    # -- headline and blocks --------------------------------------------------------------------

    def _headline(self) -> Content:
        result = self.evaluation.result
        q = self.session.questionnaire
        if result.recommended is None:
            return Content.styled("No option fits: every option is excluded by a hard limit.", "bold $error")
        return Content.assemble(
            ("Recommended: ", "bold"), (printable(q.option(result.recommended).label), "bold $success"),
            "   ", (f"confidence {result.confidence}", "bold $warning"), " — ", printable(result.confidence_reason),
        )

    def _exclusions(self) -> Content:
        q = self.session.questionnaire
        parts: list[str | Content | tuple[str, str]] = [("Ruled out by hard limits", "bold")]
        for e in self.evaluation.result.excluded:
            parts += ["\n", ("✗ ", "$error"), (printable(q.option(e.option).label), "bold"), ": ", printable(e.reason),
                      "\n  ", (printable(e.source), "$text-muted")]
        return Content.assemble(*parts)

    def _sensitivity(self) -> Content:
        q = self.session.questionnaire
        items = self.evaluation.result.sensitivity
        parts: list[str | Content | tuple[str, str]] = [("What would change the answer", "bold")]
        if not items:
            parts.append("\nNo single changed answer would change the recommendation.")
        for s in items:
            question = q.question_index[s.question]
            target = "nothing (all excluded)" if s.recommended is None else printable(q.option(s.recommended).label)
            parts += ["\n• ", (printable(question.prompt), "italic"), "\n  ",
                      f"{answer_label(question, s.alternative)} (now {answer_label(question, s.current)}) → ",
                      (target, "bold")]
        return Content.assemble(*parts)

    # -- contributions ---------------------------------------------------------------------------

    def _contribution_rows(self) -> list[tuple[str, Text, str, str]]:
        """Option, points, where the points come from and why, in the chosen order."""
        q = self.session.questionnaire
        rows = list(self.evaluation.result.contributions)
        key, descending = self._sort
        sorters = {
            "option": lambda c: q.option(c.option).label,
            "points": lambda c: abs(c.points),
            "from": lambda c: c.id,
            "why": lambda c: c.why,
        }
        # Heaviest first within what the chosen column groups (Python's sort is stable, reversed too).
        rows.sort(key=lambda c: abs(c.points), reverse=True)
        rows.sort(key=sorters[key], reverse=descending)
        out = []
        for c in rows:
            if c.source == "question":
                origin = f"{c.id} = {answer_label(q.question_index[c.id], c.answer)}"
            else:
                origin = f"rule {c.id}"
            points = Text(f"{c.points:+g}", style="green" if c.points > 0 else "red", justify="right")
            out.append((printable(q.option(c.option).label), points, printable(origin), printable(c.why)))
        return out

    def _fill_contributions(self) -> None:
        """(Re)build the table with columns that share the width it has: `From` and `Why` are cut
        with an ellipsis rather than pushed out of sight (the whole row shows below the table)."""
        table = self.query_one("#contributions", DataTable)
        cursor = table.cursor_row
        rows = self._contribution_rows()
        widths = contribution_widths(rows, table.scrollable_content_region.width or self.size.width - 4,
                                     2 * table.cell_padding)
        table.clear(columns=True)
        sorted_by, descending = self._sort
        for (key, label), width in zip(CONTRIBUTION_COLUMNS, widths, strict=True):
            # The sorted column says so, and which way: "Points ▼".
            shown = f"{label} {'▼' if descending else '▲'}" if key == sorted_by else label
            table.add_column(shown, key=key, width=width)
        for option, points, origin, why in rows:
            # Rich Text cells: literal text (no markup), cut with an ellipsis at the column's width.
            table.add_row(Text(option, no_wrap=True, overflow="ellipsis"), points,
                          Text(origin, no_wrap=True, overflow="ellipsis"), Text(why, no_wrap=True, overflow="ellipsis"))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1), animate=False)

    def on_resize(self) -> None:
        if self.is_mounted:
            self.call_after_refresh(self._fill_contributions)

    @on(DataTable.RowHighlighted, "#contributions")
    def _why(self, event: DataTable.RowHighlighted) -> None:
        """The whole reason of the highlighted row, which the table may cut short."""
        if not 0 <= event.cursor_row < event.data_table.row_count:
            return
        row = event.data_table.get_row_at(event.cursor_row)
        self.query_one("#why-detail", Static).update(
            Content.assemble((f"{row[0].plain} {row[1].plain}", "bold"), " · ", row[2].plain, "\n", row[3].plain))

    @on(DataTable.HeaderSelected, "#contributions")
    def _sort_by(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        current, descending = self._sort
        self._sort = (key, not descending if key == current else key == "points")
        self._fill_contributions()

    # -- cost ----------------------------------------------------------------------------------------

    def _fill_cost(self, cost: CostEstimate) -> None:
        currency = cost.pricing.currency
        lam, ec2 = cost.lambda_, cost.ec2
        table = self.query_one("#cost-table", DataTable)
        table.add_columns("", "AWS Lambda", Text(printable(f"EC2 ({fleet_size(cost)} × {ec2.instance_type})")))

        def lam_money(amount: float | None) -> str:  # what Lambda cannot run has no bill to show
            return "—" if amount is None or not lam.possible else money(amount, currency)

        for label, a, b in bill_rows(cost):
            table.add_row(Text(label), Text(lam_money(a), justify="right"),
                          Text("—" if b is None else money(b, currency), justify="right"))
        total = money(lam.total_usd, currency) if lam.possible else "not possible"
        table.add_row(Text("Total", style="bold"), Text(total, style="bold", justify="right"),
                      Text(money(ec2.total_usd, currency), style="bold", justify="right"))

    def _cost_notes(self, cost: CostEstimate) -> Content:
        prices = (f"Prices: {printable(cost.pricing.region)}, as of {cost.pricing.as_of.isoformat()}", "$text-muted")
        if not cost.lambda_.possible:
            reasons = "; ".join(printable(limit.reason) for limit in cost.lambda_.limits_exceeded)
            return Content.assemble(("AWS Lambda cannot run this workload", "bold"), f": {reasons}\n",
                                    f"Amazon EC2 is the only option: {money(cost.ec2.total_usd, cost.pricing.currency)}"
                                    " a month\n", prices)
        crossing = cost.break_even_requests_per_month
        cheaper = "AWS Lambda" if cost.cheaper == "lambda" else "Amazon EC2"
        line = (f"Break-even: {crossing:,} requests a month" if crossing is not None
                else f"Break-even: none between {BREAK_EVEN_LOW:,} and {BREAK_EVEN_HIGH:,} requests a month")
        return Content.assemble((f"{cheaper} is cheaper", "bold"), " at this volume.\n", line,
                                "\n", (f"Prices: {printable(cost.pricing.region)}, "
                                       f"as of {cost.pricing.as_of.isoformat()}", "$text-muted"),
                                "\n", (f"{len(cost.assumptions)} assumptions: see the saved record's [cost] table",
                                       "$text-muted"))

    # -- buttons -----------------------------------------------------------------------------------

    @on(Button.Pressed, "#to-review")
    def _review(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.app.action_save()  # type: ignore[attr-defined]
