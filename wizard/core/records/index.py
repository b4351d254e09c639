"""The index page of a repository's decisions (`wizard export --index DIR` writes it as DIR/README.md).

A table of every decision, newest first: date, title (a link to the decision), status,
recommendation with its confidence, and review date (marked when past); then the supersede chains,
oldest first (`A → B → C`: A was superseded by B, B by C). Text from the records is escaped like the
Markdown export's. Pure: the caller reads the records and says where each link points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wizard.core.records.markdown import cell, escape, link
from wizard.core.records.model import DecisionRecord

#: The page's first line: `wizard export --index` replaces only a README.md that starts with it.
INDEX_MARKER = "<!-- written by wizard export --index; rewritten on every run -->"


@dataclass(frozen=True)
class Indexed:
    """One decision on the page: its record, its file name, and the link to it from the page."""

    name: str
    record: DecisionRecord
    href: str


def index_markdown(items: Sequence[Indexed], label: Callable[[str | None], str], *,
                   today: dt.date | None = None, title: str = "Decisions") -> str:
    """The page; `label` names an option (its label in the questionnaire, else its id)."""
    today = today or dt.date.today()
    out = [INDEX_MARKER, f"# {escape(title)}", ""]
    if not items:
        return "\n".join([*out, "No decision records yet."]) + "\n"
    out += [f"{len(items)} decision{'s' if len(items) != 1 else ''}, newest first.", "",
            "| Date | Decision | Status | Recommended | Review by |", "| --- | --- | --- | --- | --- |"]
    for item in sorted(items, key=lambda i: (i.record.date, i.name), reverse=True):
        r = item.record
        status = r.status.value + (f" by {_stem(r.superseded_by)}" if r.superseded_by else "")
        review = "—"
        if r.review_by is not None:
            review = r.review_by.isoformat() + (" **(due)**" if r.review_by < today else "")
        recommended = f"{label(r.result.recommended)} ({r.result.confidence})"
        out.append(f"| {r.date.isoformat()} | {link(r.title, item.href)} | {cell(status)} | {cell(recommended)} "
                   f"| {review} |")
    chains = supersede_chains(items)
    if chains:
        out += ["", "## Superseded decisions", ""]
        by_name = {i.name: i for i in items}
        for chain in chains:
            out.append("* " + " → ".join(
                link(f"{by_name[n].record.title} ({by_name[n].record.date.isoformat()})", by_name[n].href)
                if n in by_name else escape(_stem(n)) for n in chain))
    return "\n".join(out) + "\n"


def supersede_chains(items: Sequence[Indexed]) -> list[list[str]]:
    """Every chain of records linked by `superseded_by` (or `supersedes`), oldest first, by file name.
    A name missing from the directory ends its chain; a loop is cut where it closes."""
    successor: dict[str, str] = {}
    for item in items:
        if item.record.superseded_by:
            successor[item.name] = _name(item.record.superseded_by)
        for old in item.record.supersedes:
            successor.setdefault(_name(old), item.name)
    targets = set(successor.values())
    starts = sorted((n for n in successor if n not in targets), key=_order(items))
    chains = []
    for start in starts or sorted(successor, key=_order(items))[:1]:  # only a loop: cut it anywhere
        chain, seen = [start], {start}
        while chain[-1] in successor and successor[chain[-1]] not in seen:
            chain.append(successor[chain[-1]])
            seen.add(chain[-1])
        chains.append(chain)
    return chains


def _order(items: Sequence[Indexed]) -> Callable[[str], tuple[str, str]]:
    dates = {i.name: i.record.date.isoformat() for i in items}
    return lambda name: (dates.get(name, ""), name)


def _name(reference: str) -> str:
    """A record's file name from a link (`a.toml`, `../old/a.toml`)."""
    return reference.rsplit("/", 1)[-1]


def _stem(name: str) -> str:
    return _name(name).removesuffix(".toml")
