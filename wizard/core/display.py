"""Plain-text formatting shared by the text report and the full-screen app (no Rich, no Textual)."""

from __future__ import annotations

from wizard.core.conditions import Value


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
