"""The console every command prints text through."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from wizard.core.questionnaire.display import printable


class LiteralConsole(Console):
    """A console that never lets text from a file drive the terminal: a control character in any
    text it prints (an escape sequence in a title, a record's context) comes out as a visible escape
    (`\\x1b[31m`). Markup is no concern: text from files goes into `Text` objects, never into markup."""

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and not segment.text.isprintable() and segment.text != "\n":
                yield Segment(printable(segment.text), segment.style)
            else:
                yield segment
