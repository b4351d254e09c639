"""The line of a key in a TOML file, for messages an author can jump to.

The parsed TOML has no positions, so the text is scanned once: table headers (`[scoring]`,
`[[stages.questions]]`, whose array items are counted), `key =` lines and the `id = "..."` of each
array item. Each line is filed under every path that names it, in the forms the wizard's messages
use: `stages[0].questions[2].when` and `stages[id="setup"].questions[id="traffic"].when`.

A message's path is looked up as given, then with its last parts cut off one by one, so a finding
deep inside an inline table points at the line of the nearest key the scan saw. The scan is a
heuristic on purpose (multi-line strings are skipped, inline tables are not entered): a wrong guess
costs a line number, never a message.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=\s*(.*)$")
_ID = re.compile(r'^"([^"\\]*)"')
_PART = re.compile(r'([A-Za-z0-9_\-]+|"[^"]*")((?:\[[^\]]*\])*)')


class KeyLines:
    """Where each key path of one TOML text starts (1-based lines)."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        self._ids: dict[tuple[tuple[str, int | None], ...], str] = {}
        counts: dict[tuple[str, ...], int] = {}
        table: tuple[tuple[str, int | None], ...] = ()  # the current table: (name, array index) parts
        in_string = False
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string:
                if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                    in_string = False
                continue
            header = _HEADER.match(line)
            if header:
                names = [n.strip().strip('"') for n in header.group(2).split(".")]
                if header.group(1) == "[[":
                    prefix = tuple(names)
                    counts[prefix] = counts.get(prefix, 0) + 1
                    for other in [k for k in counts if len(k) > len(prefix) and k[: len(prefix)] == prefix]:
                        del counts[other]  # a new item starts its own sub-arrays
                parts = []
                for depth, name in enumerate(names):
                    count = counts.get(tuple(names[: depth + 1]))
                    parts.append((name, None if count is None else count - 1))
                table = tuple(parts)
                self._file(table, None, number)
                continue
            key = _KEY.match(line)
            if not key:
                continue
            name, rest = key.group(1), key.group(2)
            if name == "id" and table and table[-1][1] is not None:
                found = _ID.match(rest.strip())
                if found:
                    self._ids[table] = found.group(1)
                    self._file(table, None, self._lines.get(self._path(table, False), number))
            self._file(table, name, number)
            if rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1:
                in_string = True

    def _path(self, table: tuple[tuple[str, int | None], ...], by_id: bool) -> str:
        out = []
        for depth, (name, index) in enumerate(table):
            ident = self._ids.get(table[: depth + 1]) if by_id else None
            if ident is not None:
                out.append(f'{name}[id="{ident}"]')
            else:
                out.append(name if index is None else f"{name}[{index}]")
        return ".".join(out)

    def _file(self, table: tuple[tuple[str, int | None], ...], key: str | None, number: int) -> None:
        for by_id in (False, True):
            path = self._path(table, by_id)
            if key is not None:
                path = f"{path}.{key}" if path else key
            self._lines.setdefault(path, number)

    def line_of(self, where: str) -> int | None:
        """The line of `where` (a key path as messages write it), else of the nearest enclosing key."""
        where = where.split(" (", 1)[0].split(": ", 1)[0].strip()
        parts = [m.group(0) for m in _PART.finditer(where)]
        while parts:
            path = ".".join(parts)
            if path in self._lines:
                return self._lines[path]
            last = parts[-1]
            if last.endswith("]"):
                parts[-1] = last[: last.rfind("[")]
                if not parts[-1]:
                    parts.pop()
            else:
                parts.pop()
        return None
