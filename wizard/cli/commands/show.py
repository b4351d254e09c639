"""`wizard show`: one decision record, as the score report prints it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.cli.commands.common import EXIT_OK
from wizard.cli.commands.common import console as make_console
from wizard.core.records.record_set import Questionnaires, stand_in
from wizard.core.records.model import DecisionRecord, read_record

if TYPE_CHECKING:
    from rich.text import Text

    from wizard.core.questionnaire.model import LoadedQuestionnaire


def run(args: argparse.Namespace) -> int:
    record = read_record(args.record)
    questionnaires = Questionnaires(args.questionnaire, None)
    loaded = questionnaires.maybe(record, args.record)
    from rich.console import Group
    from rich.text import Text

    from wizard.cli.report import render_report

    console = make_console()
    console.print(Group(*show_header(args.record, record, loaded)))
    console.print(render_report(loaded.questionnaire if loaded else stand_in(record), record.result, record.cost))
    if loaded is None:
        console.print(
            Text(
                f'(questionnaire "{record.questionnaire.id}" not found: options and questions are shown by id)',
                style="dim",
            )
        )
    return EXIT_OK


def show_header(path: Path, record: DecisionRecord, loaded: LoadedQuestionnaire | None) -> list[Text]:
    from rich.text import Text

    lines = [Text(record.title, style="bold")]
    status = Text(record.status.value, style="bold")
    if record.superseded_by:
        status.append(f" by {record.superseded_by}")
    meta = Text.assemble((str(path), "dim"), "  ·  ", record.date.isoformat(), "  ·  ", status)
    if record.deciders:
        meta.append("  ·  deciders: " + ", ".join(record.deciders))
    lines.append(meta)
    ref = record.questionnaire
    q = Text(f"Questionnaire {ref.id} {ref.version}", style="dim")
    if loaded is not None and loaded.sha256 != ref.sha256:
        q.append(f" (changed since: now {loaded.questionnaire.version}; `wizard rescore` compares)", style="yellow")
    if record.rescored:
        q.append(f" · rescored {record.rescored.isoformat()}", style="dim")
    lines.append(q)
    if record.supersedes:
        lines.append(Text("Supersedes: " + ", ".join(record.supersedes), style="dim"))
    if record.tags:
        lines.append(Text("Tags: " + ", ".join(record.tags), style="dim"))
    if record.suggested:
        lines.append(Text("Suggested answers accepted unchanged: " + ", ".join(record.suggested), style="dim"))
    if record.context.strip():
        # One Text a line: Rich splits one long Text's output line by line from its start each
        # time, which grows with the square of the context's length.
        lines += [Text(""), Text("Context", style="italic"),
                  *(Text(line) for line in record.context.strip().splitlines())]
    lines.append(Text(""))
    return lines
