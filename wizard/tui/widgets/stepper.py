"""The stepper: every stage in a row, the current one marked, completed ones ticked; a click on a
visited stage posts `Stepper.Selected`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from wizard.core.display import printable


def short_title(title: str, limit: int = 12) -> str:
    """The first words of a stage title that fit in `limit` cells ("Setup & management effort" → "Setup")."""
    words = title.replace("&", " ").split()
    out = ""
    for word in words:
        candidate = f"{out} {word}".strip()
        if len(candidate) > limit:
            break
        out = candidate
    return out or title[:limit]


class Step(Static):
    def __init__(self, index: int, title: str) -> None:
        super().__init__("", id=f"step-{index}", markup=False)
        self.index = index
        self.title = printable(title)

    def show(self, *, current: bool, done: bool, visited: bool) -> None:
        mark = "●" if current else ("✓" if done else ("○" if visited else "·"))
        self.update(Content(f" {mark} {self.index + 1} {short_title(self.title)} "))
        self.set_class(current, "-current")
        self.set_class(done, "-done")
        self.set_class(not visited, "-locked")
        # A tooltip given as a string is read as markup: the title goes in as Content, literally.
        self.tooltip = Content(self.title if visited else f"{self.title} (not visited yet)")

    def on_click(self, event: Click) -> None:
        self.post_message(Stepper.Selected(self.index))


class Stepper(Horizontal):
    class Selected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, titles: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = titles

    def compose(self) -> ComposeResult:
        for i, title in enumerate(self.titles):
            yield Step(i, title)

    def show(self, current: int, done: set[int], visited: set[int]) -> None:
        for step in self.query(Step):
            step.show(current=step.index == current, done=step.index in done, visited=step.index in visited)
