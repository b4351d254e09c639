"""Plain-text formatting shared by the text report and the full-screen app (no Rich, no Textual)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.core.conditions import Value

if TYPE_CHECKING:
    from wizard.core.questionnaire import Question


def show_value(value: Value | None, unit: str | None = None) -> str:
    """An answer as a person reads it: yes/no, lists joined, thousands separated, with its unit."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "none"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text} {unit}" if unit else text


def bar(score: float, width: int) -> str:
    """A 0–100 score as a bar of `width` cells."""
    filled = max(0, min(width, round(score / 100 * width)))
    return "█" * filled + "░" * (width - filled)


def money(amount: float, currency: str = "USD") -> str:
    return f"${amount:,.2f}" if currency == "USD" else f"{amount:,.2f} {currency}"


def answer_label(question: Question, value: Value | None) -> str:
    """An answer in the words the question offered it: choice labels rather than stored values."""
    if question.kind == "single" and isinstance(value, str):
        choice = question.choice(value)
        return choice.label if choice else value
    if question.kind == "multi" and isinstance(value, tuple):
        labels = [(c.label if (c := question.choice(v)) else v) for v in value]
        return ", ".join(labels) if labels else "none"
    return show_value(value, question.unit)


def short_number(x: float) -> str:
    """1,000 → 1k, 2,500,000 → 2.5M: axis labels and compact figures."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{x / size:g}{suffix}"
    return f"{x:g}"
