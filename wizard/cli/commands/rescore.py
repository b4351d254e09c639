"""`wizard rescore`: whether the recommendations of decision records still hold under the current
questionnaire and prices, as text, JSON or a Markdown pull-request comment; `--update` writes the new
results into the records."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.cli.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_CHANGED,
    EXIT_OK,
    default_dir,
    jobs,
    print_unreadable,
    unreadable_json,
)
from wizard.cli.commands.common import console as make_console
from wizard.cli.output import say_json
from wizard.core.errors import InputFileError, escape_controls
from wizard.core.files.paths import is_decisions_dir, path_kind
from wizard.core.records.record_set import Batch, Questionnaires, label_of, records_in
from wizard.core.records.model import read_record_bytes
from wizard.core.records.rescore_batch import Outcome, due, rescore_files, rescore_one
from wizard.core.records.rescore_batch import summary as count
from wizard.core.records.review import review_fields

if TYPE_CHECKING:
    from rich.text import Text


def run(args: argparse.Namespace) -> int:
    target: Path = default_dir(args.target)
    kind = path_kind(target)
    if kind == "missing" and not is_decisions_dir(target):
        raise InputFileError(target, "no such file or directory")
    questionnaires = Questionnaires(args.questionnaire, args.pricing)
    today = dt.date.today()
    if kind == "file":
        # One named record: anything wrong with it is bad input (exit 2).
        record, data = read_record_bytes(target)
        outcomes = [rescore_one(target, record, questionnaires, update=args.update, today=today, original=data)]
        batch = Batch()
    else:
        paths = records_in(target)  # as `wizard list`: the decisions directory, not made yet, holds none
        outcomes, unreadable = rescore_files(paths, questionnaires, update=args.update, today=today,
                                             jobs=jobs(args.jobs, len(paths)))
        batch = Batch(directory=target, unreadable=unreadable)

    from wizard.cli.authoring import warn_findings

    used = (questionnaires.loaded_by_id(i) for i in dict.fromkeys(o.questionnaire_id for o in outcomes))
    findings = warn_findings((q for q in used if q is not None), args.pricing)
    if args.format == "json":
        _print_rescore_json(outcomes, batch)
    elif args.format == "markdown":
        _print_rescore_markdown(outcomes, batch, questionnaires)
    else:
        _print_rescore_text(outcomes, batch, questionnaires, update=args.update)
    if batch.unreadable and not outcomes:
        return EXIT_BAD_INPUT
    # A record whose answers no longer validate is not confirmed: it fails like a changed one.
    if any(o.diff.verdict != "holds" for o in outcomes):
        return EXIT_CHANGED
    if getattr(args, "fail_on_due", False) and any(due(o, today) for o in outcomes):
        return EXIT_CHANGED
    if findings and getattr(args, "strict", False):
        return EXIT_CHANGED
    return EXIT_OK


def _print_rescore_markdown(outcomes: list[Outcome], batch: Batch, questionnaires: Questionnaires) -> None:
    from wizard.core.records.rescore_markdown import Entry, rescore_markdown

    entries = [Entry(file=_from_cwd(o.path), title=o.title, diff=o.diff, bills=o.bills, currency=o.currency,
                     review_by=o.review_by, questionnaire_changed=o.questionnaire_changed, migrated=o.migrated)
               for o in outcomes]
    ids = {o.questionnaire_id for o in outcomes}
    loaded = questionnaires.loaded_by_id(next(iter(ids))) if len(ids) == 1 else None
    text = rescore_markdown(entries, lambda option: label_of(loaded, option),
                            unreadable=[(str(p), reason) for p, reason in batch.unreadable])
    sys.stdout.write(escape_controls(text, keep_lines=True))


def _from_cwd(path: Path) -> str:
    """The path as a pull-request comment shows it: relative to where the command runs (the checkout
    in CI), not the runner's absolute workspace path."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def _print_rescore_json(outcomes: list[Outcome], batch: Batch) -> None:
    records = []
    for o in outcomes:
        diff = o.diff
        records.append(
            {
                "file": str(o.path),
                "title": o.title,
                "status": o.status,
                "holds": diff.verdict == "holds",
                "moved": diff.moved,
                "updated": o.updated,
                "questionnaire": {
                    "id": o.questionnaire_id,
                    "old_version": o.old_version,
                    "new_version": o.new_version,
                    "changed": o.questionnaire_changed,
                },
                **diff.to_json(),
                **review_fields(o.review_by, dt.date.today()),
                "migrated": list(o.migrated),
            }
        )
    say_json({"records": records, "unreadable": unreadable_json(batch),
              "summary": count(outcomes, len(batch.unreadable))}, default=str)


def _print_rescore_text(
    outcomes: list[Outcome], batch: Batch, questionnaires: Questionnaires, *, update: bool
) -> None:
    from rich.text import Text

    # On a terminal, lines wrap at its width between words; into a file or a pipe, one line per
    # finding (for grep).
    console = make_console(soft_wrap=not sys.stdout.isatty())
    lines: list[Text] = []
    for o in outcomes:
        lines.extend(_rescore_lines(o, questionnaires, update=update))
    if lines:
        console.print(Text("\n").join(lines))  # one print: Rich's per-call cost adds up over 1,000 records
    elif not batch.unreadable and batch.directory is not None:
        console.print(Text(f"No decision records in {batch.directory}."))
    print_unreadable(console, batch)
    s = count(outcomes, len(batch.unreadable))
    summary = f"{s['records']} record{'s' if s['records'] != 1 else ''}: {s['hold']} hold, {s['changed']} changed"
    if s["invalid"]:
        summary += f", {s['invalid']} invalid"
    if s["unreadable"]:
        summary += f"; {s['unreadable']} unreadable"
    if s["review_due"]:
        summary += f"; {s['review_due']} past {'their' if s['review_due'] != 1 else 'its'} review date"
    if update:
        summary += f"; {s['updated']} updated"
        if s["invalid"]:
            summary += " (invalid records are not written: correct their answers first)"
    elif any(o.needs_update and not o.diff.invalid for o in outcomes):
        summary += " (--update writes the new results into the records)"
    console.print(Text(summary + ".", style="bold"))


def _rescore_lines(o: Outcome, questionnaires: Questionnaires, *, update: bool = False) -> Iterator[Text]:
    from rich.text import Text

    from wizard.core.questionnaire.display import show_value

    diff = o.diff
    loaded = questionnaires.loaded_by_id(o.questionnaire_id)
    index = loaded.questionnaire.question_index if loaded is not None else {}

    def label(option: str | None) -> str:
        return label_of(loaded, option)

    head = Text.assemble((str(o.path), "bold"), "  ")
    verdict = diff.verdict
    if verdict == "invalid":
        count = len(diff.answer_problems)
        head.append("INVALID  ", style="bold red")
        head.append(f"{count} saved answer{'s' if count != 1 else ''} no longer fit{'s' if count == 1 else ''} "
                    f"the questionnaire; without {'them' if count != 1 else 'it'}: ")
        if diff.recommendation_changed:
            head.append(f"{label(diff.old_recommended)} → {label(diff.new_recommended)}")
        else:
            head.append(label(diff.new_recommended))
    elif verdict == "changed":
        head.append("CHANGED  ", style="bold red")
        head.append(f"{label(diff.old_recommended)} → {label(diff.new_recommended)}")
    else:
        head.append("holds  ", style="green")
        head.append(label(diff.new_recommended))
    confidence = (
        diff.new_confidence
        if diff.old_confidence == diff.new_confidence
        else f"{diff.old_confidence} → {diff.new_confidence}"
    )
    head.append(f"  (confidence {confidence})", style="dim")
    if not diff.moved and not o.questionnaire_changed and not diff.answer_problems:
        head.append("  nothing moved", style="dim")
    yield head

    ind = "    "
    if due(o, dt.date.today()) and o.review_by is not None:
        yield Text(f"  review overdue: it was to be reviewed by {o.review_by.isoformat()}", style="yellow")
    if o.migrated:
        kept = "written into the record" if o.updated else "the record keeps the old ones until --update"
        yield Text(f"  answers migrated by the questionnaire ({kept}):", style="cyan")
        for note in o.migrated:
            yield Text(ind + note)
    if o.questionnaire_changed:
        yield Text(
            f"  questionnaire {o.questionnaire_id} {o.old_version}"
            + (f" → {o.new_version}" if o.old_version != o.new_version else "")
            + " (the file changed since the record was made)",
            style="dim",
        )
    if diff.answer_problems:
        yield Text("  answers that no longer fit (left out of the new score; the record keeps them; correct them, "
                   "or `wizard open` the record, and rescore):", style="yellow")
        for p in diff.answer_problems:
            yield Text(ind + p.message)
    if not _same(diff.old_margin, diff.new_margin):
        yield Text(f"  margin {_show_points(diff.old_margin)} → {_show_points(diff.new_margin)}")
    for sm in diff.scores:
        points = ""
        if sm.old_points is not None and sm.new_points is not None and sm.old_points != sm.new_points:
            points = f" ({sm.old_points:+g} → {sm.new_points:+g} points)"
        excl = f"  {sm.note}" if sm.note else ""
        yield Text(
            f"  score {label(sm.option)} {_show_points(sm.old_score)} → {_show_points(sm.new_score)}{points}{excl}"
        )
    for e in diff.exclusions_added:
        yield Text.assemble(("  + excluded ", "red"), label(e.option), f": {e.reason} ({e.constraint})")
    for e in diff.exclusions_removed:
        yield Text.assemble(("  − no longer excluded ", "green"), label(e.option), f": {e.reason} ({e.constraint})")
    if diff.costs and all(c.new is None for c in diff.costs):
        # No estimate now (a workload answer is missing or no longer fits): one line, not one per figure.
        was = {c.item: c.old for c in diff.costs}
        yield Text("  cost: no estimate now (a workload answer is missing or does not fit); it was "
                   f"Lambda {_show(was.get('lambda.total_usd'))}, EC2 {_show(was.get('ec2.total_usd'))}")
    else:
        for c in diff.costs:
            shown = _show_money if c.item.endswith("_usd") else _show
            yield Text(f"  cost {_cost_item(c.item)}: {shown(c.old)} → {shown(c.new)}")
    if diff.contributions:
        yield Text("  why:", style="italic")
        for m in diff.contributions:
            if m.source == "question":
                unit = index[m.id].unit if m.id in index else None
                origin = f"{m.id} = {show_value(m.answer, unit)}"
            else:
                origin = f"rule {m.id}"
            if m.change == "appeared":
                mark, style, pts = "+", "green", f"{m.new_points:+g} new"
            elif m.change == "disappeared":
                mark, style, pts = "−", "red", f"{m.old_points:+g} gone"
            else:
                mark, style, pts = "~", "yellow", f"{m.old_points:+g} → {m.new_points:+g}"
            line = Text.assemble((f"{ind}{mark} ", style), f"{label(m.option)} {pts}  ", (origin, "bold"))
            if m.why:
                line.append(f": {m.why}")
            yield line
    if o.updated:
        yield Text(f"  updated {o.path}", style="cyan")
    elif update and verdict == "invalid" and o.needs_update:
        yield Text("  not updated: its answers no longer fit", style="yellow")


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


def _show_points(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _cost_item(item: str) -> str:
    """`lambda.total_usd` → `Lambda total`: a cost figure as the reports name it."""
    option, _, figure = item.partition(".")
    name = {"lambda": "Lambda", "ec2": "EC2"}.get(option, option)
    return f"{name} {figure.removesuffix('_usd').replace('_', ' ')}".strip()


def _show_money(value: Any) -> str:
    from wizard.core.questionnaire.display import money

    return money(float(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else _show(value)


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
