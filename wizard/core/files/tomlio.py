"""Reading TOML into validated models, and writing it.

Every reader in the wizard goes through `load_model`, so every malformed file ends in the same
kind of one-line message: the file, then TOML's line and column or the key that is wrong.

TOML is parsed by tomli, the library that the standard library's `tomllib` is a copy of: same
parser, same API and errors, but its wheels are compiled (mypyc), which reads a decision record
about three times faster; `wizard rescore` and `wizard list` read thousands of them.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, get_args

import tomli
from pydantic import BaseModel, ValidationError

from wizard.core.errors import (
    MAX_SHOWN,
    InputFileError,
    SchemaError,
    TomlSyntaxError,
    os_reason,
    shown,
)
from wizard.core.safe_text import escape_toml

M = TypeVar("M", bound=BaseModel)

#: Largest data file the wizard reads; a bigger one is refused rather than parsed.
MAX_FILE_BYTES = 16 * 1024 * 1024


#: Largest JSON file the wizard reads: AWS Price List offers of one service and Region, or the output
#: of `aws pricing get-products`. The all-Region AmazonEC2 offer (several GB) is refused; parsing it
#: would need a streaming parser and far more memory than a command-line tool should take.
MAX_JSON_BYTES = 512 * 1024 * 1024


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file (a symlink to one is fine), at most `limit` of them.

    A FIFO, a device or a socket is refused before it is read, the file is opened without blocking
    (a FIFO swapped in meanwhile cannot hang the reader), and at most `limit` + 1 bytes are read,
    so a file whose size says 0 (`/proc`) or that grows while it is read cannot get past the limit.
    Every failure is one `InputFileError` naming the file.
    """
    try:
        _require_regular(path, os.stat(path).st_mode)
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise InputFileError(path, "no such file") from None
    except PermissionError:
        raise InputFileError(path, "permission denied") from None
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {os_reason(exc)}") from None
    except ValueError:  # a NUL byte in the name (a file can name another, e.g. `pricing = "\x00"`)
        raise InputFileError(path, "cannot read: the name holds a NUL byte") from None
    try:
        _require_regular(path, os.fstat(fd).st_mode)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except BlockingIOError:
        raise InputFileError(path, "cannot read: it would block (not a regular file)") from None
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {os_reason(exc)}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise InputFileError(path, f"file is too large (more than {limit} bytes; the limit is {limit})")
    return b"".join(chunks)


_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _require_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputFileError(path, "is a directory, not a file")
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    raise InputFileError(path, f"is {kind}, not a regular file; only regular files are read")


def parse_toml(data: bytes, path: Path | str) -> dict[str, Any]:
    """Parse TOML bytes; a syntax error names the file, line and column."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TomlSyntaxError(path, f"invalid TOML: not UTF-8 text (byte {exc.start})") from None
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some Windows editors write, means nothing
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise TomlSyntaxError(path, f"invalid TOML: {exc}") from None
    except ValueError as exc:  # Python refuses to read an integer of more than 4,300 digits
        detail = "a number has too many digits" if "digits" in str(exc) else str(exc)
        raise TomlSyntaxError(path, f"invalid TOML: {detail}") from None
    except RecursionError:
        raise TomlSyntaxError(path, "invalid TOML: nested too deeply") from None


def read_json(path: Path, limit: int = MAX_JSON_BYTES) -> Any:
    """Read and parse a JSON file of at most `limit` bytes; a syntax error names the file, line and column."""
    import json  # loaded by the few commands that read JSON, not at every start

    data = read_bytes(path, limit)
    try:
        return json.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as exc:
        raise InputFileError(path, f"invalid JSON: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InputFileError(path, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise InputFileError(path, "invalid JSON: nested too deeply") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise InputFileError(path, f"invalid JSON: {exc}") from None


def read_toml(path: Path) -> dict[str, Any]:
    return parse_toml(read_bytes(path), path)


def validate(model: type[M], data: Mapping[str, Any], path: Path | str) -> M:
    """Validate parsed TOML against a model; errors name the key path, ids included."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = _error_lines(exc.errors(include_url=False), data, _key_names(model))
        raise SchemaError(path, lines[0] + (f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""),
                          details=lines) from None
    except RecursionError:
        raise SchemaError(path, "nested too deeply") from None


def load_model(model: type[M], path: Path) -> M:
    return validate(model, read_toml(path), path)


# Names pydantic puts into an error location that are not keys of the file: union tags and
# validator wrappers. The condition union's tags are chosen so they never collide with keys.
_NOT_KEYS = {"comparison", "all-of", "any-of", "not-of", "str", "int", "float", "bool", "list[str]",
             "tuple[str, ...]", "is-instance[tuple]", "single-question", "multi-question", "number-question",
             "boolean-question", "text-question"}


def format_location(loc: Sequence[int | str], data: Any) -> str:
    """Render an error location as a TOML key path: `stages[id="setup"].questions[0].min`."""
    parts: list[str] = []
    node: Any = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and 0 <= item < len(node):
                node = node[item]
                if isinstance(node, Mapping) and isinstance(node.get("id"), str):
                    label = f'[id="{shown(node["id"])}"]'
            else:
                node = None
            parts.append(label)
            continue
        if isinstance(node, Mapping) and item in node:
            node = node[item]
        elif item in _NOT_KEYS or "[" in item:
            continue
        else:
            node = None
        parts.append(("." if parts else "") + _key(str(item)))
    return "".join(parts)


def find_number(node: Any, bad: Callable[[float], bool], where: str = "") -> tuple[str, float] | None:
    """The key path and value of the first number in parsed TOML for which `bad` holds, or None."""
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return (where, node) if bad(node) else None
    if isinstance(node, Mapping):
        for key, value in node.items():
            found = find_number(value, bad, f"{where}.{_key(str(key))}" if where else _key(str(key)))
            if found:
                return found
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found = find_number(value, bad, f"{where}[{i}]")
            if found:
                return found
    return None


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(key: str) -> str:
    """A key as TOML writes it: bare when it can be, else quoted (cut short, control characters escaped)."""
    if _BARE_KEY.fullmatch(key) and len(key) <= MAX_SHOWN:
        return key
    return '"' + shown(key).replace('"', '\\"') + '"'


# What a value of each member of a union of plain types is, in the words of a message.
_UNION_WORDS = {"bool": "true or false", "int": "a number", "float": "a number", "str": "text",
                "tuple[str, ...]": "a list of texts", "list[str]": "a list of texts"}


def _key_names(model: type[BaseModel]) -> frozenset[str]:
    """Every key a file of this model can hold, at any depth: what "did you mean" picks from."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                return
            seen.add(annotation)
            for name, info in annotation.model_fields.items():
                names.add(info.alias or name)
                visit(info.annotation)
            return
        for arg in get_args(annotation):
            visit(arg)

    visit(model)
    return frozenset(names)


def _error_lines(errors: Sequence[Any], data: Any, keys: frozenset[str] = frozenset()) -> list[str]:
    """One line per error. A value that fits no member of a union of plain types (an answer: text,
    a number, true/false or a list of texts) gives pydantic one error per member; those become one
    line saying what was expected."""
    lines: list[str] = []
    unions: dict[tuple[Any, ...], tuple[int, list[str]]] = {}
    for err in errors:
        loc = tuple(err.get("loc", ()))
        at = next((i for i in range(len(loc) - 1, -1, -1)
                   if loc[i] in _UNION_WORDS and not _has_key(data, loc[:i], loc[i])), None)
        if at is None:
            lines.append(format_error(err, data, keys))
            continue
        head = loc[:at]
        if head not in unions:
            unions[head] = (len(lines), [])
            lines.append("")
        unions[head][1].append(str(loc[at]))
    for head, (index, members) in unions.items():
        words = list(dict.fromkeys(_UNION_WORDS[m] for m in members))
        expected = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
        where = format_location(head, data)
        lines[index] = f"{where}: expected {expected}" if where else f"expected {expected}"
    return lines


def _has_key(data: Any, path: Sequence[Any], key: Any) -> bool:
    node = data
    for item in path:
        if isinstance(node, Mapping) and item in node:
            node = node[item]
        elif isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node):
            node = node[item]
        else:
            return False
    return isinstance(node, Mapping) and key in node


#: pydantic's wording of a wrong type, in the words of a TOML file.
_TYPE_WORDS = {
    "dict_type": "expected a table", "model_type": "expected a table", "model_attributes_type": "expected a table",
    "list_type": "expected a list", "tuple_type": "expected a list",
    "string_type": "expected text (a quoted string)",
    "bool_type": "expected true or false", "bool_parsing": "expected true or false",
    "int_type": "expected a whole number", "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number", "float_parsing": "expected a number",
    "date_type": "expected a date such as 2026-11-27", "date_parsing": "expected a date such as 2026-11-27",
    "date_from_datetime_parsing": "expected a date such as 2026-11-27",
    "date_from_datetime_inexact": "expected a date such as 2026-11-27",
    "datetime_type": "expected a date and time such as 2026-11-27T09:30:00",
    "datetime_parsing": "expected a date and time such as 2026-11-27T09:30:00",
    "datetime_from_date_parsing": "expected a date and time such as 2026-11-27T09:30:00",
}


#: Id patterns of the file formats, in words (pydantic would print the regular expression).
_PATTERN_WORDS = {
    r"^[a-z][a-z0-9_]*$": "must start with a lowercase letter and hold only lowercase letters, digits and "
                          "underscores (no hyphens: a question id is a key of answers files and records, "
                          "written bare in `--set id=value`: `peak_rps`, not `peak-rps`)",
    r"^[a-z][a-z0-9_-]*$": "must start with a lowercase letter and hold only lowercase letters, digits, "
                           "underscores and hyphens",
}


def format_error(err: Any, data: Any, keys: frozenset[str] = frozenset()) -> str:
    where = format_location(err.get("loc", ()), data)
    kind = err.get("type")
    msg = str(err.get("msg", "invalid value"))
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "question_kind":  # the question union found no kind it knows: said of the `kind` key
        given = err.get("input")
        where = f"{where}.kind" if where else "kind"
        missing = isinstance(given, Mapping) and "kind" not in given
        msg = "required key is missing" if missing else f"expected {err.get('ctx', {}).get('expected', 'a kind')}"
    elif kind == "extra_forbidden":
        msg = "unknown key"
        loc = err.get("loc", ())
        close = difflib.get_close_matches(str(loc[-1]), sorted(keys), n=1, cutoff=0.6) if loc and keys else []
        if close:
            msg += f' (did you mean "{close[0]}"?)'
    elif kind == "string_pattern_mismatch" and isinstance(err.get("ctx"), Mapping) and \
            err["ctx"].get("pattern") in _PATTERN_WORDS:
        msg = _PATTERN_WORDS[err["ctx"]["pattern"]]
    elif kind == "missing":
        msg = "required key is missing"
    elif kind in _TYPE_WORDS:
        msg = _TYPE_WORDS[kind]
    elif kind == "literal_error" and isinstance(err.get("ctx"), Mapping) and "expected" in err["ctx"]:
        msg = f"expected {err['ctx']['expected']}"
    else:  # "Input should be greater than 0" → "must be greater than 0"
        msg = msg.replace("Input should be ", "must be ", 1)
    return f"{where}: {msg}" if where else msg


def dump_toml(data: Mapping[str, Any], header: str = "") -> str:
    plain = _plain(data)
    # tomli-w writes "\r\n" in a multi-line string as a bare line break, read back as "\n": a file
    # holding a carriage return before a newline gets every string on one line, escaped, instead.
    # C1 and bidi controls, which tomli-w leaves raw, are written as `\u009b` escapes: the same text
    # when read back, and nothing that drives a terminal when the file is shown.
    import tomli_w  # loaded by what writes files, not by what only reads them

    return escape_toml(header + tomli_w.dumps(plain, multiline_strings=not _has_crlf(plain)))


def _has_crlf(value: Any) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, Mapping):
        return any(_has_crlf(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_crlf(v) for v in value)
    return False


def _plain(value: Any) -> Any:
    """tomli-w writes lists, not tuples; None has no TOML form and is left out."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value if v is not None]
    return value
