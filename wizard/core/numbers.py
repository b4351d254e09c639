"""Numbers as people type them, shared by the app's number questions and the CLI's options."""

from __future__ import annotations

import math
import re

_SUFFIXES = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
_NUMBER = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([kmbgt]?)$", re.IGNORECASE)
#: Commas are taken only where they group thousands (1,500 or 2,000,000.5): `1,5` is someone's 1.5,
#: and reading it as 15 would be a silent error.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:e[+-]?\d+)?\s*[kmbgt]?$", re.IGNORECASE)
NOT_A_NUMBER = "Enter a number, e.g. 1500, 2.5, 3M or 1e6."
NOT_A_WHOLE_NUMBER = "Enter a whole number, e.g. 1500, 3M or 1e6."
COMMA_MESSAGE = "Use a dot for decimals (1.5); a comma only groups thousands (1,500)."


def without_grouping(text: str) -> str | None:
    """`text` without its thousands separators (`,` in groups of three, `_` anywhere); None when a
    comma is anything else (`1,5`, `12,34`)."""
    text = text.strip()
    if "," in text:
        if not _GROUPED.match(text):
            return None
        text = text.replace(",", "")
    return text.replace("_", "")


def misplaced_comma(text: str) -> bool:
    """A comma that is not a thousands separator (`1,5`, `,5`, `1,50,0`): someone's decimal point."""
    return "," in text and without_grouping(text) is None


class NotANumber(ValueError):
    """Text that does not read as a number; `comma` when a comma in it groups no thousands, so that
    every reader can say so in its own voice (the app in a sentence, the CLI in an argument error)."""

    def __init__(self, text: str) -> None:
        super().__init__(COMMA_MESSAGE if misplaced_comma(text) else NOT_A_NUMBER)
        self.text = text
        self.comma = misplaced_comma(text)


def read_number(text: str) -> int | float:
    """`parse_number` for a reader that must refuse what is not a number: `NotANumber` says why."""
    number = parse_number(text)
    if number is None:
        raise NotANumber(text.strip())
    return number


def parse_number(text: str) -> int | float | None:
    """A number as people type it: 1500, 1,500, 1_500, 2.5, 1e6, 3M, 250k, 1.5B; None if it is not one."""
    plain = without_grouping(text)
    match = _NUMBER.match(plain) if plain is not None else None
    if not match:
        return None
    number = float(match.group(1)) * _SUFFIXES.get(match.group(2).lower(), 1)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number
