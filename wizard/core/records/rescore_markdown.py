"""`wizard rescore --format markdown`: a pull-request comment of what moved in the recorded decisions.

When nothing moved (every recommendation holds, no score, bill or exclusion moved, no answer
stopped fitting), it is one line: `All 3 decisions hold.` Otherwise a table with one row per
record (its verdict, the recommendation before and after, and each monthly bill before and after
with its change), then one collapsed `<details>` section per moved record with the reasons: the
answers that no longer fit, the exclusions that appeared or went, the contributions that moved
(with their why) and the cost figures that moved. Overdue reviews and unreadable files follow.

Every piece of text from a record or questionnaire goes through `markdown.escape`, so a title
holding `|`, `<script>` or `[x](y)` renders as written. Pure: no files, no terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from wizard.core.questionnaire.display import money
from wizard.core.records.markdown import cell, code, escape
from wizard.core.questionnaire.model import Questionnaire
from wizard.core.records.rescore import RescoreDiff
from wizard.core.scoring.result_words import origin

#: The comment's first line: the GitHub Action finds its own earlier comment by it.
MARKER = "<!-- wizard-rescore -->"
#: The bills shown, in this order: (key in `Entry.bills`, column heading).
BILLS = (("lambda", "AWS Lambda / month"), ("ec2", "Amazon EC2 / month"))


@dataclass(frozen=True)
class Entry:
    """One rescored record, as the comment shows it."""

    file: str
    title: str
    diff: RescoreDiff
    #: Bill → (before, after) in `currency`; None: no estimate, or the option cannot run the workload.
    bills: Mapping[str, tuple[float | None, float | None]]
    currency: str = "USD"
    review_by: dt.date | None = None
    #: The questionnaire file changed since the record was made.
    questionnaire_changed: bool = False
    #: What the questionnaire's migrations changed in the saved answers.
    migrated: tuple[str, ...] = ()

    @property
    def moved(self) -> bool:
        return self.diff.verdict != "holds" or self.diff.moved


def change(before: float | None, after: float | None, currency: str = "USD") -> str:
    """A bill before and after with its change: `$12.00 → $30.00 (+$18.00, +150%)`, or `$12.00` alone."""
    if before is None and after is None:
        return "—"
    if before is None or after is None:
        return f"{_money(before, currency)} → {_money(after, currency)}"
    if abs(after - before) < 0.005:
        return money(after, currency)
    delta = after - before
    sign = "+" if delta > 0 else "−"
    percent = f", {sign}{abs(delta) / before:.0%}" if before > 0 else ""
    return f"{money(before, currency)} → {money(after, currency)} ({sign}{money(abs(delta), currency)}{percent})"


def _money(amount: float | None, currency: str) -> str:
    return "—" if amount is None else money(amount, currency)


def rescore_markdown(entries: Sequence[Entry], label: Callable[[str | None], str], *,
                     unreadable: Iterable[tuple[str, str]] = (), today: dt.date | None = None,
                     questionnaire: Questionnaire | None = None) -> str:
    """The comment; `label` names an option (its label in the questionnaire, else its id), and
    `questionnaire`, when given, words the answers as the report and the app do (`result_words.origin`;
    without it, stored values)."""
    today = today or dt.date.today()
    unreadable = list(unreadable)
    due = [e for e in entries if e.review_by is not None and e.review_by < today]
    moved = [e for e in entries if e.moved]
    n = len(entries)
    if not moved and not unreadable and not due:
        return f"{MARKER}\nAll {n} decision{'s' if n != 1 else ''} hold.\n"
    verdicts = [e.diff.verdict for e in entries]
    head = (f"### Recorded decisions: {verdicts.count('changed')} changed, {verdicts.count('invalid')} invalid, "
            f"{verdicts.count('holds')} hold")
    out = [MARKER, head, ""]
    if entries:
        out += [
            "| Decision | Verdict | Recommended | " + " | ".join(h for _, h in BILLS) + " |",
            "| --- | --- | --- | " + " | ".join("---:" for _ in BILLS) + " |",
        ]
        for e in entries:
            d = e.diff
            rec = (f"{label(d.old_recommended)} → {label(d.new_recommended)}" if d.recommendation_changed
                   else label(d.new_recommended))
            verdict = {"holds": "holds", "changed": "**changed**", "invalid": "**invalid**"}[d.verdict]
            bills = " | ".join(cell(change(*e.bills.get(k, (None, None)), e.currency)) for k, _ in BILLS)
            out.append(f"| {cell(e.title)}<br>{code(e.file)} | {verdict} | {cell(rec)} | {bills} |")
    for e in moved:
        out += ["", *_details(e, label, questionnaire)]
    if due:
        out += ["", "Past their review date:", ""]
        out += [f"* {escape(e.title)} ({code(e.file)}): review by {e.review_by.isoformat()}"  # type: ignore[union-attr]
                for e in due]
    if unreadable:
        out += ["", "Unreadable:", ""]
        out += [f"* {code(name)}: {escape(reason)}" for name, reason in unreadable]
    out += ["", "_`wizard rescore --update` writes the new results into the records; `wizard open RECORD` "
                "revises a decision._"]
    return "\n".join(out) + "\n"


def _details(e: Entry, label: Callable[[str | None], str], questionnaire: Questionnaire | None) -> list[str]:
    d = e.diff
    lines = [f"<details><summary>{escape(e.title)}: {d.verdict}</summary>", ""]
    if e.questionnaire_changed:
        lines.append("* The questionnaire changed since the record was made.")
    for note in e.migrated:
        lines.append(f"* Answer migrated: {escape(note)}")
    for p in d.answer_problems:
        lines.append(f"* Answer no longer fits (left out of the new score): {escape(p.message)}")
    if d.old_confidence != d.new_confidence:
        lines.append(f"* Confidence {escape(d.old_confidence)} → {escape(d.new_confidence)}")
    for x in d.exclusions_added:
        lines.append(f"* Now excluded: {escape(label(x.option))}: {escape(x.reason)} ({code(x.constraint)})")
    for x in d.exclusions_removed:
        lines.append(f"* No longer excluded: {escape(label(x.option))}: {escape(x.reason)} ({code(x.constraint)})")
    for m in d.contributions:
        where = origin(m.source, m.id, m.answer, questionnaire)
        if m.change == "appeared":
            points = f"{m.new_points:+g} new"
        elif m.change == "disappeared":
            points = f"{m.old_points:+g} gone"
        else:
            points = f"{m.old_points:+g} → {m.new_points:+g}"
        why = f": {escape(m.why)}" if m.why else ""
        lines.append(f"* {escape(label(m.option))} {points} ({code(where)}){why}")
    for c in d.costs:
        if c.item.endswith("_usd"):
            shown = change(c.old, c.new, e.currency)
        else:
            shown = f"{_plain(c.old)} → {_plain(c.new)}"
        lines.append(f"* Cost {code(c.item)}: {escape(shown)}")
    if len(lines) == 2:
        lines.append("* Only figures rounded away moved.")
    lines += ["", "</details>"]
    return lines


def _plain(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
