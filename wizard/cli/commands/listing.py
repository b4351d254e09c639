"""`wizard list`: the decision records of a directory, as a table or as JSON."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

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
from wizard.core.record_list import list_records
from wizard.core.record_set import Batch, Questionnaires, records_in


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


#: Below this many columns `wizard list` keeps four columns (date, title, status, recommended) and
#: lets the title take the cut: the questionnaire is named once under the table (or under each
#: title when the records use several), and a record's "superseded by" and "changed since" marks
#: go under its title.
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
        wide = console.width >= LIST_WIDE
        versions = {f"{r['questionnaire']['id']} {r['questionnaire']['version']}" for r in rows}
        one_questionnaire = next(iter(versions)) if len(versions) == 1 else None
        table = Table(
            title=Text(f"Decision records in {directory}"), title_justify="left", padding=(0, 1), box=box.SIMPLE_HEAD
        )
        table.add_column("Date", no_wrap=True)
        # Wide enough for the file names it shows (they are what the other commands take), within reason.
        longest_file = max(len(r["file"]) for r in rows)
        table.add_column("Title", ratio=1, overflow="fold", min_width=max(12, min(longest_file, 40)))
        table.add_column("Status", overflow="fold")
        table.add_column("Recommended", no_wrap=not wide and console.width >= 80)
        if wide:
            table.add_column("Questionnaire")
            table.add_column("Changed since")
        for row in rows:
            q = row["questionnaire"]
            marks = []
            if not q["found"]:
                marks.append("questionnaire not found")
            elif q["changed"]:
                marks.append(
                    "questionnaire" + (f" → {q['current_version']}" if q["current_version"] != q["version"] else "")
                )
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
                table.add_row(
                    Text(row["date"]),
                    title,
                    Text(status, style=status_style),
                    recommended,
                    Text(f"{q['id']} {q['version']}"),
                    Text("! " + ", ".join(marks), style="yellow") if marks else Text("—", style="dim"),
                )
                continue
            # Narrow: what the left-out columns said goes under the title, which takes the cut.
            if row["superseded_by"]:
                title.append(f"\nby {row['superseded_by']}", style="dim")
            if one_questionnaire is None:
                title.append(f"\n{q['id']} {q['version']}", style="dim")
            if marks:
                title.append("\n! changed since: " + ", ".join(marks), style="yellow")
            table.add_row(Text(row["date"]), title, Text(status, style=status_style), recommended)
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
