"""`wizard list`: the decision records of a directory, as a table or as JSON."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.cli.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    default_dir,
    jobs,
    print_unreadable,
    unreadable_json,
)
from wizard.cli.commands.common import console as make_console
from wizard.cli.output import say, say_json
from wizard.core.records.listing import list_records
from wizard.core.records.record_set import Batch, Questionnaires, records_in

if TYPE_CHECKING:
    from rich.text import Text


def run(args: argparse.Namespace) -> int:
    directory = default_dir(args.directory)
    paths = records_in(directory)  # the repository's decisions directory, not made yet: no records
    questionnaires = Questionnaires(args.questionnaire, args.pricing)
    rows, unreadable = list_records(paths, questionnaires, jobs(args.jobs, len(paths)))
    batch = Batch(directory=directory, unreadable=unreadable)
    from wizard.cli.list_filters import filtered, keep

    read = len(rows)
    rows = keep(rows, args)
    if args.format == "json":
        say_json({"directory": str(directory), "records": rows, "unreadable": unreadable_json(batch)})
    else:
        _print_list(directory, rows, batch)
        if filtered(args) and read:
            say(f"{len(rows)} of {read} records match.")
    return EXIT_BAD_INPUT if batch.unreadable and not read else EXIT_OK


#: Below this many columns `wizard list` keeps four columns (date, title, status, recommended): the
#: questionnaire is named once under the table (or under each title when the records use several),
#: and a record's "superseded by" and "changed since" marks go under its title.
LIST_WIDE = 110


def _print_list(directory: Path, rows: list[dict[str, Any]], batch: Batch) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = make_console()
    if not rows and not batch.unreadable:
        console.print(Text(f"No decision records in {directory}."))
        return
    if rows:
        width = console.width
        wide = width >= LIST_WIDE
        versions = {f"{r['questionnaire']['id']} {r['questionnaire']['version']}" for r in rows}
        one_questionnaire = next(iter(versions)) if len(versions) == 1 else None
        table_rows = [_cells(row, wide=wide, one_questionnaire=one_questionnaire) for row in rows]
        headings = ("Date", "Title", "Status", "Recommended", "Questionnaire", "Changed since")[:len(table_rows[0])]
        widths = _widths([[heading, *(cells[i].plain for cells in table_rows)] for i, heading in enumerate(headings)],
                         width, shares=(7, 5, 9, 7) if wide else (6, 4))
        table = Table(title=Text(f"Decision records in {directory}"), title_justify="left", padding=(0, 1),
                      box=box.SIMPLE_HEAD, show_edge=False)
        for heading, column_width in zip(headings, widths, strict=True):
            table.add_column(heading, overflow="fold", width=column_width)
        for cells in table_rows:
            table.add_row(*cells)
        if not wide and one_questionnaire is not None:
            table.caption = Text(f"Questionnaire: {one_questionnaire}", style="dim")
            table.caption_justify = "left"
        console.print(table)
        changed = sum(
            1
            for r in rows
            if r["questionnaire"]["changed"] or r["pricing"]["changed"] or not r["questionnaire"]["found"]
        )
        if changed:
            console.print(
                Text(
                    f"{changed} of {len(rows)} records were made with another questionnaire or other prices; "
                    f"`wizard rescore {directory}` says whether their recommendations still hold.",
                    style="dim",
                )
            )
    print_unreadable(console, batch)


def _widths(columns: list[list[str]], width: int, shares: tuple[int, ...]) -> list[int | None]:
    """The width of each column of `wizard list` (the first is the date, the second the title), so that
    the table fits `width` and nothing is cut: every column wraps between words, and a word longer than
    its column folds. When the table fits as it is, every column is as wide as its longest line
    (None: Rich's own measure). Otherwise each column after the title is held to its share of the
    width (`width // share`), never below its longest word, and the title takes the rest."""
    lines = [[line for text in texts for line in text.splitlines()] for texts in columns]
    longest_line = [max((len(line) for line in column), default=1) for column in lines]
    longest_word = [max((len(word) for line in column for word in line.split()), default=1) for column in lines]
    # A separator between columns, and one cell of padding each side of a column (no outer edges).
    room = width - (len(columns) - 1) - 2 * len(columns)
    if sum(longest_line) <= room:
        return [None] * len(columns)
    others = [min(longest_line[i], max(longest_word[i], width // share)) for i, share in enumerate(shares, start=2)]
    # The title is wide enough for its longest word (the file name) when that is at most half the
    # width: the other columns give way, down to their longest words, the one with most to spare first.
    want = min(longest_word[1], width // 2)
    while room - longest_line[0] - sum(others) < want:
        spare = [others[i] - longest_word[i + 2] for i in range(len(others))]
        if max(spare, default=0) <= 0:
            break
        others[spare.index(max(spare))] -= 1
    title = room - longest_line[0] - sum(others)
    if title < min(longest_word[1], 12):
        return [None] * len(columns)  # too narrow for any layout: Rich shares the cut, folding every column
    return [longest_line[0], title, *others]


def _cells(row: dict[str, Any], *, wide: bool, one_questionnaire: str | None) -> list[Text]:
    """One record's cells: date, title (with its file name under it), status, recommendation, and on
    a wide terminal the questionnaire and what changed since; on a narrow one those go under the title."""
    from rich.text import Text

    q = row["questionnaire"]
    marks = []
    if not q["found"]:
        marks.append("questionnaire not found")
    elif q["changed"]:
        marks.append("questionnaire" + (f" → {q['current_version']}" if q["current_version"] != q["version"] else ""))
    if row["pricing"]["changed"]:
        marks.append(f"prices → {row['pricing']['current']['as_of']}")
    # The file name under the title: what `wizard show`, `open` and `rescore` are given.
    title = Text.assemble(row["title"], ("\n" + row["file"], "dim"))
    status = row["status"]
    recommended = Text.assemble((row["recommended_label"], "green"), f" ({row['confidence']})")
    status_style = "dim" if row["status"] in ("superseded", "deprecated", "rejected") else ""
    if row["review_due"]:  # overdue reviews stand out in the table, whatever its width
        status = f"{status}\nreview due {row['review_by']}"
        status_style = "bold red"
    if wide:
        if row["superseded_by"]:
            status += f" by {row['superseded_by']}"
        return [Text(row["date"]), title, Text(status, style=status_style), recommended,
                Text(f"{q['id']} {q['version']}"),
                Text("! " + ", ".join(marks), style="yellow") if marks else Text("—", style="dim")]
    # Narrow: what the left-out columns said goes under the title.
    if row["superseded_by"]:
        title.append(f"\nby {row['superseded_by']}", style="dim")
    if one_questionnaire is None:
        title.append(f"\n{q['id']} {q['version']}", style="dim")
    if marks:
        title.append("\n! changed since: " + ", ".join(marks), style="yellow")
    return [Text(row["date"]), title, Text(status, style=status_style), recommended]
