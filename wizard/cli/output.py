"""What the commands print, and what happens when stdout itself fails.

- `say` prints a line of text with every control, bidi and surrogate character escaped
  (`safe_text.escape`); `say_json` prints JSON with C1, bidi and surrogate characters as `\\uXXXX`.
- `guarded_stdout` wraps stdout for the length of a command. A reader that goes away (`| head`)
  ends the output quietly: the command runs to its end and exits with the code it would have had
  (for `rescore`, whether the recommendations hold). Any other failure to write (`> /dev/full`)
  becomes a one-line `WriteError` (exit 2). A closed stdout (`>&-`) is refused before the command
  runs (`stdout_closed`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

from wizard.core.errors import WriteError, one_line, os_reason
from wizard.core.safe_text import escape, escape_json

STDOUT_CLOSED = "wizard: cannot write the output: stdout is closed"


def say(text: object, *, file: IO[str] | None = None) -> None:
    """One line (or more) of text, escaped for the terminal."""
    print(escape(text, keep_lines=True), file=file)


def say_json(data: Any, **options: Any) -> None:
    """Data as indented JSON, with nothing in it that can drive a terminal."""
    print(escape_json(json.dumps(data, indent=2, ensure_ascii=False, **options)))


def stdout_closed() -> bool:
    return sys.stdout is None


class _GuardedStream:
    """A text stream that forwards to `stream`; see the module's docstring."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        #: The reader went away: what is written from now on is dropped.
        self.broken = False

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                return self._stream.write(text)
            except OSError as exc:
                self._fail(exc)
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self._stream.flush()
            except OSError as exc:
                self._fail(exc)

    def finish(self, code: int) -> int:
        """The command's exit code, once what it printed is flushed (a failure to write is a
        `WriteError` here, inside the command, rather than a message from the interpreter at exit)."""
        self.flush()
        return code

    def _fail(self, exc: OSError) -> None:
        self.broken = True
        _silence(self._stream)
        if not isinstance(exc, BrokenPipeError):
            raise WriteError(f"stdout: cannot write the output: {os_reason(exc)}") from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _silence(stream: IO[str]) -> None:
    """Point the stream's file descriptor at /dev/null, so that what is still buffered (and the
    interpreter's last flush) goes nowhere instead of failing again."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(null, fd)
    except OSError:
        pass
    finally:
        os.close(null)


@contextlib.contextmanager
def guarded_stdout() -> Iterator[_GuardedStream]:
    """Run a command with stdout guarded (the command ends with `guard.finish(code)`)."""
    original = sys.stdout
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 is shown, never a crash
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    guard = _GuardedStream(original)
    sys.stdout = guard
    try:
        yield guard
    finally:
        sys.stdout = original
        try:
            original.flush()
        except OSError:  # already reported, or the reader is gone: nothing more to say at exit
            _silence(original)


def usage_error(prog: str, message: str) -> str:
    """A usage error as one line: `wizard cost: argument --jobs: ... (see wizard cost --help)`."""
    return f"{prog}: {one_line(message)} (see {prog} --help)"
