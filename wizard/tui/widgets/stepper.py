"""The stepper: every stage in a row, the current one marked, completed ones ticked; a click on a
visited stage posts `Stepper.Selected`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from wizard.core.questionnaire.display import printable


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


def _step_label(index: int, title: str, *, current: bool, done: bool, visited: bool) -> Content:
    mark = "●" if current else ("✓" if done else ("○" if visited else "·"))
    return Content(f" {mark} {index + 1} {short_title(title)} ")


def _step_classes(*, current: bool, done: bool, visited: bool) -> dict[str, bool]:
    return {"-current": current, "-done": done, "-locked": not visited}


class Step(Static):
    def __init__(self, index: int, title: str, *, current: bool = False, done: bool = False,
                 visited: bool = False) -> None:
        # Made with its text and classes final: set after mount, they would restyle it on the first screen.
        title = printable(title)
        classes = _step_classes(current=current, done=done, visited=visited)
        super().__init__(_step_label(index, title, current=current, done=done, visited=visited),
                         id=f"step-{index}", classes=" ".join(name for name, on in classes.items() if on),
                         markup=False)
        self.index = index
        self.title = title
        self.tooltip = self._tip(visited)

    def _tip(self, visited: bool) -> Content:
        # A tooltip given as a string is read as markup: the title goes in as Content, literally.
        return Content(self.title if visited else f"{self.title} (not visited yet)")

    def show(self, *, current: bool, done: bool, visited: bool) -> None:
        self.update(_step_label(self.index, self.title, current=current, done=done, visited=visited))
        self.update_classes(_step_classes(current=current, done=done, visited=visited))
        self.tooltip = self._tip(visited)

    def on_click(self, event: Click) -> None:
        self.post_message(Stepper.Selected(self.index))


class Stepper(Horizontal):
    class Selected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, titles: list[str], current: int = 0, done: set[int] | None = None,
                 visited: set[int] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = titles
        self._initial = (current, done or set(), visited or {current})

    def compose(self) -> ComposeResult:
        current, done, visited = self._initial
        for i, title in enumerate(self.titles):
            yield Step(i, title, current=i == current, done=i in done, visited=i in visited)

    def show(self, current: int, done: set[int], visited: set[int]) -> None:
        for step in self.query(Step):
            step.show(current=step.index == current, done=step.index in done, visited=step.index in visited)
