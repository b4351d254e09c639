"""The status of a decision record, in a module of its own: the command line offers these as choices
while it builds its parser, before (and without) loading the pydantic models of `records.py`."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"
