"""The readable text report of a result, printed with Rich.

Text from questionnaires and answers goes into `Text` objects, never into markup strings, so a
title holding `[bold]` or an escape sequence is shown as it is written.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from wizard.cli.console import LiteralConsole
from wizard.core.questionnaire.display import answer_label, bar
from wizard.core.cost import CostEstimate
from wizard.core.questionnaire.model import Questionnaire
from wizard.core.scoring.result import Result
from wizard.core.scoring.result_words import contribution_origin, option_label, reasons, ruled_out

BAR_WIDTH = 24
#: The narrowest score bar: below it a terminal wraps the labels instead.
MIN_BAR_WIDTH = 10
TOP_CONTRIBUTIONS = 12


def render_report(questionnaire: Questionnaire, result: Result, cost: CostEstimate | None = None,
                  *, cost_note: str | None = None) -> Group:
    """The report; `cost_note` says why there is no cost part (`result_words.NO_PRICING`)."""
    parts: list[object] = [_headline(questionnaire, result), _scores(questionnaire, result)]
    if result.excluded:
        parts.append(_exclusions(questionnaire, result))
    parts.append(_contributions(questionnaire, result))
    parts.append(_sensitivity(questionnaire, result))
    if cost is not None:
        from wizard.cli.cost import render_cost

        parts += [Text(""), render_cost(cost, assumptions=False),
                  Text("(`wizard cost` with the same workload lists every assumption.)", style="dim")]
    elif cost_note is not None:
        parts.append(_lines("Monthly cost", [Text(cost_note)]))
    notes = [p for p in result.problems if p.severity != "error"]
    if notes:
        parts.append(_lines("Notes", (Text(p.message) for p in notes)))
    return Group(*parts)  # type: ignore[arg-type]


def print_report(questionnaire: Questionnaire, result: Result, cost: CostEstimate | None = None,
                 console: Console | None = None, *, cost_note: str | None = None) -> None:
    (console or LiteralConsole(highlight=False)).print(render_report(questionnaire, result, cost, cost_note=cost_note))


def _headline(questionnaire: Questionnaire, result: Result) -> Panel:
    if result.recommended is None:
        head = Text("No option fits: every option is excluded by a hard limit.", style="bold red")
    else:
        head = Text.assemble(("Recommended: ", "bold"), (option_label(questionnaire, result.recommended), "bold green"))
        head.append(f"   confidence {result.confidence}", style="yellow")
        head.append(f" ({result.confidence_reason})", style="dim")
    sub = Text(f"{result.answered} of {result.shown} shown questions answered · {questionnaire.title} "
               f"{questionnaire.version}", style="dim")
    return Panel(Group(head, sub), expand=False)


class _Scores:
    """The score bars, as wide as the terminal allows (at most `BAR_WIDTH` cells): a bar cut short with
    "…" would misstate the score it draws, and the labels and points are never cut."""

    def __init__(self, questionnaire: Questionnaire, result: Result) -> None:
        self.questionnaire = questionnaire
        self.result = result

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        result = self.result
        rows = [(score, option_label(self.questionnaire, score.option),
                 f"{score.points:+g} points of {score.min_points:+g}…{score.max_points:+g}"
                 + ("  excluded" if score.excluded else "")) for score in result.ranking()]
        # Four columns, each padded by a cell on both sides; the score is five cells ("100.0").
        fixed = max((len(label) for _, label, _ in rows), default=0) + 5 + \
            max((len(points) for _, _, points in rows), default=0) + 8
        width = max(MIN_BAR_WIDTH, min(BAR_WIDTH, options.max_width - fixed))
        table = Table(title="Scores", title_justify="left", show_header=False, box=None, padding=(0, 1))
        for score, label, points in rows:
            style = "dim strike" if score.excluded else ("green" if score.option == result.recommended else "")
            table.add_row(
                Text(label, style=style),
                Text(bar(score.score, width), style="red" if score.excluded else "cyan", no_wrap=True),
                Text(f"{score.score:5.1f}", style=style),
                Text(points, style="dim"),
            )
        yield table


def _scores(questionnaire: Questionnaire, result: Result) -> _Scores:
    return _Scores(questionnaire, result)


def _exclusions(questionnaire: Questionnaire, result: Result) -> Group:
    lines: list[Text] = []
    for e in ruled_out(result):
        lines.append(Text.assemble(("✗ " + option_label(questionnaire, e.option), "red"), ": ", e.reason, "."))
        # The source on a line of its own, folded rather than cut, so the link stays whole.
        lines.append(Text("    " + e.source, style="dim", overflow="fold"))
    return _lines("Ruled out by hard limits", lines)


def _contributions(questionnaire: Questionnaire, result: Result) -> Group:
    # One row per reason, its options and points stacked.
    ranked = reasons(result)
    shown = ranked[:TOP_CONTRIBUTIONS]
    more = len(ranked) - len(shown)
    title = "What drove the scores" + (f" (top {len(shown)} of {len(ranked)} reasons; --format json has all)"
                                       if more else "")
    table = Table(title=title, title_justify="left", padding=(0, 1), expand=False)
    table.add_column("Option")
    table.add_column("Points", justify="right")
    table.add_column("From")
    table.add_column("Why", ratio=1, overflow="fold")
    for moves in shown:
        first = moves[0]
        points = Text()
        for i, c in enumerate(moves):
            points.append(("\n" if i else "") + f"{c.points:+g}", style="green" if c.points > 0 else "red")
        table.add_row(Text("\n".join(option_label(questionnaire, c.option) for c in moves)), points,
                      Text(contribution_origin(first, questionnaire)), Text(first.why))
    return Group(table, *moot_lines(questionnaire, result))


def moot_lines(questionnaire: Questionnaire, result: Result) -> list[Text]:
    """One line per excluded option whose points are moot: how many, and that a hard limit rules it out."""
    lines = []
    for option in sorted(result.excluded_options):
        mine = [c for c in result.moot() if c.option == option]
        if mine:
            total = sum(c.points for c in mine)
            lines.append(Text(f"Moot: {len(mine)} contribution{'s' if len(mine) > 1 else ''} ({total:+g} points) to "
                              f"{option_label(questionnaire, option)}, which a hard limit rules out; --format json "
                              f"has them.", style="dim"))
    return lines


def _sensitivity(questionnaire: Questionnaire, result: Result) -> Group:
    index = questionnaire.question_index
    if not result.sensitivity:
        nothing = Text("No single changed answer would change the recommendation.")
        if result.sensitivity_cut_at:
            return _lines("What would change the answer", [nothing, Text(_cut_note(result.sensitivity_cut_at),
                                                                        style="dim")])
        return _lines("What would change the answer", [nothing])
    lines = []
    for s in result.sensitivity:
        question = index.get(s.question)
        shown = (
            (answer_label(question, s.alternative), answer_label(question, s.current))
            if question
            else (str(s.alternative), str(s.current))
        )
        lines.append(
            Text.assemble(
                (s.question, "bold"),
                f" = {shown[0]} (now {shown[1]}) → ",
                (option_label(questionnaire, s.recommended), "green"),
            )
        )
    if result.sensitivity_cut_at:
        lines.append(Text(_cut_note(result.sensitivity_cut_at), style="dim"))
    return _lines("What would change the answer", lines)


def _cut_note(tried: int) -> str:
    return f"(cut short: only the nearest {tried:,} alternative answers were tried; the others were not)"


def _lines(title: str, lines: Iterable[Text]) -> Group:
    return Group(Text(""), Text(title, style="italic"), *(Text("  ") + line for line in lines))
