"""Filters of `wizard list` (`--status`, `--tag`, `--since`, `--due`) and the review-date options of
`wizard rescore` (`--fail-on-due`): their arguments, and the rows they keep.

A review is due once today is past the record's `review_by` (see `wizard.core.records.review`).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable
from typing import Any

from wizard.core.records.status import Status


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2026-01-31, got {text!r}") from None


def add_list_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", action="append", choices=[s.value for s in Status], metavar="STATUS",
                        help="only records with this status (repeatable: any of them); "
                             + ", ".join(s.value for s in Status))
    parser.add_argument("--tag", action="append", metavar="TAG",
                        help="only records with this tag (repeatable: every one of them)")
    parser.add_argument("--since", type=_date, metavar="DATE", help="only records dated on or after DATE")
    parser.add_argument("--due", action="store_true", help="only records past their review date (review_by)")


def add_rescore_due(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fail-on-due", action="store_true",
                        help="exit 1 when a record is past its review date (review_by), for CI")


def keep(rows: Iterable[dict[str, Any]], args: argparse.Namespace) -> list[dict[str, Any]]:
    """The `wizard list` rows that pass the filters given."""
    statuses = set(getattr(args, "status", None) or ())
    tags = set(getattr(args, "tag", None) or ())
    since: dt.date | None = getattr(args, "since", None)
    due = getattr(args, "due", False)
    return [
        row for row in rows
        if (not statuses or row["status"] in statuses)
        and tags <= set(row.get("tags", ()))
        and (since is None or row["date"] >= since.isoformat())
        and (not due or row["review_due"])
    ]


def filtered(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "status", None) or getattr(args, "tag", None) or getattr(args, "since", None)
                or getattr(args, "due", False))
