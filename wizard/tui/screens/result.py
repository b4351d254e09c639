"""The result, decisive at a glance: the first screen (80×24 and up) holds the recommendation and
its confidence in words, the three strongest reasons, both monthly totals, the break-even sentence
and any exclusion with its source. Below, in the same single scroll region: every contribution (in
a table that wraps, sorted with `s`), what would change the answer (plausible changes first), the
bills' line items and the break-even chart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from wizard.core.cost import CostEstimate
from wizard.core.cost.bill_rows import (
    bill_rows,
    ec2_only_sentence,
    fleet_size,
    middle_headers,
    middle_rows,
)
from wizard.core.questionnaire.display import answer_label, money, printable
from wizard.core.scoring.engine import Evaluation
from wizard.core.scoring.result import Contribution, Sensitivity
from wizard.core.scoring.result_words import (
    NO_PRICING,
    break_even_line,
    break_even_sentence,
    contribution_origin,
    lead_sentence,
    option_labeller,
    reason_sentence,
    reasons,
    ruled_out,
    split_changes,
    strongest_reasons,
    WrittenAnswer,
    written_answers,
)
from wizard.tui.session import Session
from wizard.tui.widgets.break_even_chart import BreakEvenChart
from wizard.tui.widgets.footer import KeyFooter

#: The orders `s` steps through: (column key, heading, descending).
SORTS = (("points", "points", True), ("option", "option", False), ("from", "where from", False))


class ResultScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("s", "sort", "Sort table"),
        Binding("ctrl+s", "app.save", "Save"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.evaluation: Evaluation = session.evaluator.evaluate(session.answers, sensitivity=True)
        self.cost: CostEstimate | None
        self.cost, self.cost_problem = session.evaluator.priced(self.evaluation.answers, curve_points=50)
        self._sort = 0
        self._label = option_labeller(session.questionnaire)

    def compose(self) -> ComposeResult:
        result = self.evaluation.result
        # One scroll region for the whole screen: PageDown and End reach the chart and the buttons.
        with VerticalScroll(id="result-body"):
            yield Static(self._decision(), id="decision")
            yield Static(self._table_heading(), classes="section", id="contributions-heading")
            yield Static(self._contributions(), id="contributions")
            if result.moot():
                yield Static(self._moot(), id="moot")
            yield Static(self._sensitivity(), id="result-sensitivity", classes="section")
            written = written_answers(self.session.questionnaire, self.evaluation.answers, self.evaluation.visible)
            if written:
                yield Static(self._written(written), id="written-answers", classes="section")
            if self.cost is not None:
                yield Static(Content.styled("Monthly cost, line by line", "bold"), classes="section")
                yield Static(self._cost_table(self.cost), id="cost-table")
                if self.cost.lambda_managed is not None and self.cost.fargate is not None:
                    yield Static(self._middle_table(self.cost), id="middle-table")
                yield Static(self._cost_notes(self.cost), id="break-even")
                yield BreakEvenChart(self.cost, id="chart")
            elif self.cost_problem is not None:
                yield Static(Content.assemble(("Not computed: ", "bold $warning"), printable(self.cost_problem)),
                             id="cost-problem", classes="section")
            with Horizontal(id="result-nav"):
                yield Button("← Review", id="to-review")
                yield Button("Save record", id="save", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#result-body").focus()

    # -- the first screen ------------------------------------------------------------------------

    def _decision(self) -> Content:
        result = self.evaluation.result
        parts: list[str | Content | tuple[str, str]] = []
        if result.recommended is None:
            parts.append(("No option fits: every option is ruled out by a hard limit.", "bold $error"))
        else:
            parts += [("Recommended: ", "bold"), (printable(self._label(result.recommended)), "bold $success"),
                      ("  ·  ", "$text-muted"), (f"{result.confidence} confidence", "bold"),
                      "\n", printable(lead_sentence(result, self._label))]
            reasons = strongest_reasons(result)
            if reasons:
                parts.append(("\nWhy", "bold"))
                for i, c in enumerate(reasons, 1):
                    # Sources are in the table below: the summary keeps to the reasons.
                    parts += ["\n", (f"{i}. ", "bold"),
                              printable(reason_sentence(c, self._label(c.option), cited=False))]
        if self.cost is not None:
            cost = self.cost
            currency = cost.pricing.currency
            bills: list[tuple[str, str, Any]] = [  # four bill types, each with a `total_usd`
                ("AWS Lambda", "lambda", cost.lambda_), ("Amazon EC2", "ec2", cost.ec2),
                ("Lambda Managed Instances", "lambda-managed", cost.lambda_managed),
                ("ECS on Fargate", "fargate", cost.fargate)]
            shown = [(name, option, bill) for name, option, bill in bills if bill is not None]
            # Every option's total, two to a line (the four fit 76 columns); the cheapest of those that
            # can run the workload says so. The fleets' sizes head the cost tables below.
            for i, (name, option, bill) in enumerate(shown):
                possible = getattr(bill, "possible", True)
                if i == 0:
                    parts += ["\n", ("A month: ", "bold")]
                else:
                    parts.append(("  ·  ", "$text-muted") if i % 2 else "\n")
                parts += [ f"{name} ", (money(bill.total_usd, currency) if possible else "not possible", "bold")]
                if option == cost.cheapest and len(shown) > 2:
                    parts.append((" (cheapest)", "bold $success"))
            sentence = break_even_sentence(cost)
            if sentence:
                parts += ["\n", printable(sentence)]
        elif self.cost_problem is not None:
            parts += ["\n", ("A month: ", "bold"), ("not computed (see below)", "$warning")]
        elif self.session.evaluator.pricing is None:
            parts += ["\n", ("A month: ", "bold"), (NO_PRICING, "$text-muted")]
        for e in ruled_out(result):
            parts += ["\n", ("✗ Ruled out: ", "bold $error"), (printable(self._label(e.option)), "bold"), " — ",
                      printable(e.reason), ". ",
                      ("Source: ", "$text-muted"), (printable(e.source), "$text-muted")]
        return Content.assemble(*parts)

    # -- contributions ---------------------------------------------------------------------------

    def _table_heading(self) -> Content:
        key, heading, _ = SORTS[self._sort]
        return Content.assemble(
            ("What drove the scores", "bold"), (f" · sorted by {heading} (s: change)", "$text-muted"), "\n",
            ("Points are after stage weights. Scores run 0–100: 0 is the fewest points any option could get "
             "from these answers, 100 the most; what decides is the lead.", "$text-muted"))

    def _sorted(self) -> list[list[Contribution]]:
        """One row per reason (an answer or rule that moves several options with one why), in the order
        `s` sets: by points (the reason's heaviest), by option (the first of its options by name), or by
        where it comes from; heaviest first within each."""
        rows = reasons(self.evaluation.result)  # heaviest first
        key, _, descending = SORTS[self._sort]
        sorters: dict[str, Callable[[list[Contribution]], Any]] = {
            "option": lambda moves: min(self._label(c.option) for c in moves),
            "points": lambda moves: max(abs(c.points) for c in moves),
            "from": lambda moves: moves[0].id,
        }
        rows.sort(key=sorters[key], reverse=descending)  # stable: heaviest first on a tie
        return rows

    def _origin(self, c: Contribution) -> str:
        return contribution_origin(c, self.session.questionnaire)

    def _contributions(self) -> Table:
        """Every contribution to an option still in the running, one row per reason with its options
        and points stacked; the reason wraps, with where the points come from under it, so that nothing
        is cut at 80 columns."""
        table = Table(expand=True, box=None, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column("Option", no_wrap=True)
        table.add_column("Points", justify="right", no_wrap=True)
        table.add_column("Why (and where from)", ratio=1, overflow="fold")
        for moves in self._sorted():
            first = moves[0]
            why = Text(printable(first.why))
            why.append(f"\n{printable(self._origin(first))}", style="dim")
            # `+` and `−` say the sign in words as well as in colour.
            points = Text()
            for i, c in enumerate(moves):
                points.append(("\n" if i else "") + f"{c.points:+g}", style="green" if c.points > 0 else "red")
            table.add_row(Text("\n".join(printable(self._label(c.option)) for c in moves)), points, why)
        return table

    def _moot(self) -> Content:
        moot = self.evaluation.result.moot()
        options = sorted({self._label(c.option) for c in moot})
        total = sum(c.points for c in moot)
        return Content.assemble(
            ("Left aside: ", "bold"),
            printable(f"{len(moot)} contributions ({total:+g} points in all) to {', '.join(options)}, "
                      "which a hard limit rules out: they decide nothing. The saved record keeps them."))

    def action_sort(self) -> None:
        self._sort = (self._sort + 1) % len(SORTS)
        self.query_one("#contributions-heading", Static).update(self._table_heading())
        self.query_one("#contributions", Static).update(self._contributions())

    # -- what would change the answer -------------------------------------------------------------

    def _change_line(self, s: Sensitivity) -> list[str | Content | tuple[str, str]]:
        q = self.session.questionnaire
        question = q.question_index[s.question]
        target = "nothing (all ruled out)" if s.recommended is None else printable(self._label(s.recommended))
        return ["\n• ", (printable(question.prompt), "italic"), "  ",
                printable(f"{answer_label(question, s.alternative)} (now {answer_label(question, s.current)}) → "),
                (target, "bold")]

    def _sensitivity(self) -> Content:
        result = self.evaluation.result
        parts: list[str | Content | tuple[str, str]] = [("What would change the answer", "bold")]
        if not result.sensitivity:
            parts.append("\nNo single changed answer would change the recommendation.")
            return Content.assemble(*parts)
        evaluator = self.session.evaluator
        changes = split_changes(result, self.evaluation.answers, lambda a: evaluator.evaluate(a).result)
        for s in changes.plausible:
            parts += self._change_line(s)
        if not changes.plausible:
            parts.append("\nNo other choice, and no number within ten times the answer, would change it.")
        if changes.distant:
            parts.append(("\nFurther off:", "$text-muted"))
            for s in changes.distant:
                parts += self._change_line(s)
        if changes.limit_flips:
            q = self.session.questionnaire
            flips = "; ".join(
                f"{q.question_index[s.question].prompt.rstrip('?')}: "
                f"{answer_label(q.question_index[s.question], s.alternative)}" for s in changes.limit_flips)
            parts += ["\n", ("Or a hard limit: ", "$text-muted"), (printable(flips), "$text-muted")]
        return Content.assemble(*parts)

    @staticmethod
    def _written(written: list[WrittenAnswer]) -> Content:
        """The answers to text questions, as written (never scored: no contribution shows them)."""
        parts: list[str | tuple[str, str]] = [("Written answers", "bold"), (" · not scored", "$text-muted")]
        for answer in written:
            parts += ["\n", (printable(answer.prompt), "italic"), "\n", printable(answer.text)]
        return Content.assemble(*parts)

    # -- cost ----------------------------------------------------------------------------------------

    def _cost_table(self, cost: CostEstimate) -> Table:
        currency = cost.pricing.currency
        lam, ec2 = cost.lambda_, cost.ec2
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column("", overflow="fold")
        table.add_column("AWS Lambda", justify="right", no_wrap=True)
        table.add_column(printable(f"EC2 ({fleet_size(cost)} × {ec2.instance_type})"), justify="right", no_wrap=True)

        def lam_money(amount: float | None) -> str:  # what Lambda cannot run has no bill to show
            return "—" if amount is None or not lam.possible else money(amount, currency)

        for label, a, b in bill_rows(cost):
            table.add_row(Text(printable(label)), lam_money(a), "—" if b is None else money(b, currency))
        total = money(lam.total_usd, currency) if lam.possible else "not possible"
        table.add_row(Text("Total", style="bold"), Text(total, style="bold"),
                      Text(money(ec2.total_usd, currency), style="bold"))
        return table

    def _middle_table(self, cost: CostEstimate) -> Table:
        """Lambda Managed Instances' and Fargate's bills, rows worded in `bill_rows` like the first table's."""
        currency = cost.pricing.currency
        lmi, far = cost.lambda_managed, cost.fargate
        assert lmi is not None and far is not None  # noqa: S101 (the caller checks)
        left, right = middle_headers(cost)
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column("", overflow="fold")
        table.add_column(printable(left), justify="right", overflow="fold")
        table.add_column(printable(right), justify="right", overflow="fold")

        def shown(amount: float | None, possible: bool) -> str:
            return "—" if amount is None or not possible else money(amount, currency)

        for label, a, b in middle_rows(cost):
            table.add_row(Text(printable(label)), shown(a, lmi.possible), shown(b, far.possible))
        table.add_row(Text("Total", style="bold"),
                      Text(shown(lmi.total_usd, True) if lmi.possible else "not possible", style="bold"),
                      Text(shown(far.total_usd, True) if far.possible else "not possible", style="bold"))
        return table

    def _cost_notes(self, cost: CostEstimate) -> Content:
        prices = (f"Prices: {printable(cost.pricing.region)}, as of {cost.pricing.as_of.isoformat()}", "$text-muted")
        if not cost.lambda_.possible:
            reasons = "; ".join(printable(limit.reason) for limit in cost.lambda_.limits_exceeded)
            return Content.assemble(("AWS Lambda cannot run this workload", "bold"), f": {reasons}\n",
                                    printable(ec2_only_sentence(cost, money(cost.ec2.total_usd,
                                                                            cost.pricing.currency))),
                                    "\n", *self._middle_limits(cost), prices)
        cheaper = "AWS Lambda" if cost.cheaper == "lambda" else "Amazon EC2"
        line = printable(break_even_line(cost))
        return Content.assemble((f"{cheaper} is cheaper", "bold"), " of the two at this volume.\n", line,
                                "\n", *self._middle_limits(cost), (f"Prices: {printable(cost.pricing.region)}, "
                                       f"as of {cost.pricing.as_of.isoformat()}", "$text-muted"),
                                "\n", (f"{len(cost.assumptions)} assumptions: see the saved record's [cost] table",
                                       "$text-muted"))

    @staticmethod
    def _middle_limits(cost: CostEstimate) -> list[str | tuple[str, str]]:
        """Why a middle option has no bill: each of its hard limits, one line each."""
        out: list[str | tuple[str, str]] = []
        for name, bill in (("Lambda Managed Instances", cost.lambda_managed), ("ECS on Fargate", cost.fargate)):
            if bill is not None and not bill.possible:
                reasons = "; ".join(printable(limit.reason) for limit in bill.limits_exceeded) or "a hard limit"
                out += [(f"{name} cannot run it", "bold"), f": {reasons}\n"]
        return out

    # -- buttons -----------------------------------------------------------------------------------

    @on(Button.Pressed, "#to-review")
    def _review(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#save")
    async def _save(self) -> None:
        await self.app.run_action("save")
