"""Reading TOML into validated models, and writing files atomically.

Every reader in the wizard goes through `load_model`, so every malformed file ends in the same
kind of one-line message: the file, then TOML's line and column or the key that is wrong.
"""

from __future__ import annotations

import errno
import os
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import tomli_w
from pydantic import BaseModel, ValidationError

from wizard.core.errors import InputFileError, RecordExistsError, SchemaError, TomlSyntaxError, WriteError

M = TypeVar("M", bound=BaseModel)

#: Largest data file the wizard reads; a bigger one is refused rather than parsed.
MAX_FILE_BYTES = 16 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise InputFileError(path, "is a directory, not a file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputFileError(path, f"file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(path, "no such file") from None
    except PermissionError:
        raise InputFileError(path, "permission denied") from None
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {exc.strerror or exc}") from None


def parse_toml(data: bytes, path: Path | str) -> dict[str, Any]:
    """Parse TOML bytes; a syntax error names the file, line and column."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TomlSyntaxError(path, f"invalid TOML: not UTF-8 text (byte {exc.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlSyntaxError(path, f"invalid TOML: {exc}") from None
    except RecursionError:
        raise TomlSyntaxError(path, "invalid TOML: nested too deeply") from None


def read_toml(path: Path) -> dict[str, Any]:
    return parse_toml(read_bytes(path), path)


def validate(model: type[M], data: Mapping[str, Any], path: Path | str) -> M:
    """Validate parsed TOML against a model; errors name the key path, ids included."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [format_error(err, data) for err in exc.errors(include_url=False)]
        raise SchemaError(path, lines[0] + (f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""),
                          details=lines) from None
    except RecursionError:
        raise SchemaError(path, "nested too deeply") from None


def load_model(model: type[M], path: Path) -> M:
    return validate(model, read_toml(path), path)


# Names pydantic puts into an error location that are not keys of the file: union tags and
# validator wrappers. The condition union's tags are chosen so they never collide with keys.
_NOT_KEYS = {"comparison", "all-of", "any-of", "not-of", "str", "int", "float", "bool", "list[str]",
             "tuple[str, ...]", "is-instance[tuple]"}


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
                    label = f'[id="{node["id"]}"]'
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
        parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def format_error(err: Any, data: Any) -> str:
    where = format_location(err.get("loc", ()), data)
    msg = str(err.get("msg", "invalid value"))
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if err.get("type") == "extra_forbidden":
        msg = "unknown key"
    elif err.get("type") == "missing":
        msg = "required key is missing"
    return f"{where}: {msg}" if where else msg


def dump_toml(data: Mapping[str, Any], header: str = "") -> str:
    return header + tomli_w.dumps(_plain(data), multiline_strings=True)


def _plain(value: Any) -> Any:
    """tomli-w writes lists, not tuples; None has no TOML form and is left out."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value if v is not None]
    return value


def atomic_write_text(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write a file so that it is either the complete old version or the complete new one.

    The text goes to a hidden temporary file in the same directory, is flushed and fsynced, then
    renamed over the target (or, when not overwriting, hard-linked to it, which fails if the
    target exists). The temporary file is removed whatever happens.
    """
    path = Path(path)
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{directory}: cannot create directory: {_reason(exc)}") from None
    if not overwrite and path.exists():
        raise RecordExistsError(f"{path}: already exists (not replaced)")
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        # mkstemp makes the file private (0600); a record is meant to be shared and committed, so
        # give it the mode of the file it replaces, or the one the umask gives a new file.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp_name, path)
        else:
            try:
                os.link(tmp_name, path)
            except FileExistsError:
                raise RecordExistsError(f"{path}: already exists (not replaced)") from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                # A filesystem without hard links: fall back to a rename after the check above.
                os.replace(tmp_name, path)
                tmp_name = None
        _fsync_dir(directory)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {_reason(exc)}; nothing was changed") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
            except OSError:
                pass


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)
