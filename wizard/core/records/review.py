"""Review dates: when a decision should be looked at again, and which records are past theirs.

A record may carry `review_by = 2027-06-01`. It is set in the app's save dialog and by
`wizard new --review-by`, which take a date (`2027-06-01`) or a span from today: `12m` (months),
`2y` (years), `6w` (weeks) or `90d` (days), with an optional `+` or `in ` before it. A review is
due (overdue) once today is past its date; `wizard list --due` lists those records and
`wizard rescore --fail-on-due` fails on them. Pure: today is always passed in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from wizard.core.errors import shown

#: The suggestion the save dialog offers one key away.
SUGGESTED_SPAN = "12m"
_SPAN = re.compile(r"^(?:\+|in\s+)?(\d{1,3})\s*([dwmy])$", re.IGNORECASE)
HOW = "a date (2027-06-01) or a span from today (90d, 6w, 12m, 2y)"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter: Jan 31 + 1m = Feb 28/29)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_review_by(text: str, today: dt.date) -> dt.date:
    """A review date as typed; `ValueError` with a message naming what is accepted."""
    text = text.strip()
    match = _SPAN.match(text)
    try:
        if match:
            count, unit = int(match.group(1)), match.group(2).lower()
            if unit == "d":
                return today + dt.timedelta(days=count)
            if unit == "w":
                return today + dt.timedelta(weeks=count)
            return add_months(today, count * (12 if unit == "y" else 1))
        return dt.date.fromisoformat(text)
    except (ValueError, OverflowError):
        raise ValueError(f'"{shown(text)}" is not a review date: give {HOW}') from None


def is_due(review_by: dt.date | None, today: dt.date) -> bool:
    """Whether a review date has passed (a record without one is never due)."""
    return review_by is not None and review_by < today


def days_overdue(review_by: dt.date, today: dt.date) -> int:
    return (today - review_by).days


def review_fields(review_by: dt.date | None, today: dt.date) -> dict[str, Any]:
    """What `list` and `rescore` say of a record's review date, in their JSON and rows."""
    due = is_due(review_by, today)
    return {"review_by": review_by.isoformat() if review_by else None, "review_due": due,
            "review_overdue_days": days_overdue(review_by, today) if due and review_by else None}
