"""Plain-text formatting shared by the text report and the full-screen app (no Rich, no Textual)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from wizard.core.errors import escape_controls

if TYPE_CHECKING:  # annotations only: the app's first frame is drawn before pydantic loads
    from wizard.core.questionnaire.conditions import Value
    from wizard.core.questionnaire.model import Question


def printable(text: object) -> str:
    """Text from a file as every screen shows it: control characters other than newline and tab
    (an escape sequence in a title) as visible escapes (`\\x1b[31m`), never sent to the terminal.
    Markup needs no escaping here: renderers put text into `Text`/`Content`, never into markup."""
    return escape_controls(str(text), keep_lines=True)


def show_value(value: Value | None, unit: str | None = None) -> str:
    """An answer as a person reads it: yes/no, lists joined, thousands separated, with its unit."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return printable(", ".join(value)) if value else "none"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else printable(value)
    return f"{text} {printable(unit_for(value, unit))}" if unit else text


def unit_for(value: object, unit: str) -> str:
    """The unit as said with this value: "1 function", "2 functions" (plural word units only; "ms",
    "MB" and symbols stay as they are)."""
    if value == 1 and len(unit) > 3 and unit.isalpha() and unit.islower() and unit.endswith("s"):
        return unit[:-1]
    return unit


def bar(score: float, width: int) -> str:
    """A 0–100 score as a bar of `width` cells."""
    if not math.isfinite(score):
        score = 0.0
    filled = max(0, min(width, round(score / 100 * width)))
    return "█" * filled + "░" * (width - filled)


def money(amount: float, currency: str = "USD") -> str:
    return f"${amount:,.2f}" if currency == "USD" else f"{amount:,.2f} {currency}"


def answer_label(question: Question, value: Value | None) -> str:
    """An answer in the words the question offered it: choice labels rather than stored values."""
    if not question.choice_values:
        return show_value(value, question.unit)
    if isinstance(value, str):
        choice = question.choice(value)
        return printable(choice.label if choice else value)
    if isinstance(value, tuple):
        labels = [(c.label if (c := question.choice(v)) else v) for v in value]
        return printable(", ".join(labels)) if labels else "none"
    return show_value(value, question.unit)


def short_number(x: float) -> str:
    """1,000 → 1k, 2,500,000 → 2.5M: axis labels and compact figures."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{x / size:g}{suffix}"
    return f"{x:g}"
