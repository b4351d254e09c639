"""Rewriting a record without losing what people wrote into it by hand.

`rescore --update` and `supersede` change a few keys of a record (`status`, `superseded_by`,
`supersedes`; or `[result]`, `[cost]`, `[questionnaire]`, `[tool]` and `rescored`). Writing the
record anew would drop every comment. `edit_in_place` starts from the file as it is (parsed with
tomlkit, which keeps comments and layout) and replaces only the top-level keys whose value changed,
each with the text the wizard writes for it (tomli-w's). The edited text must read back as exactly
the new record; when it does not (tomlkit has quirks with some layouts), the record is written
anew, as before, so an edit can lose comments but never data.
"""

from __future__ import annotations

from typing import Any

import tomli
import tomlkit
from tomlkit.exceptions import TOMLKitError


def edit_in_place(original: bytes, new_text: str) -> str:
    """`original` with the top-level keys that differ from `new_text` replaced; else `new_text`.

    The `#:schema` line is the new text's (or none), whatever the original had."""
    body = original.split(b"\n", 1)[-1] if original.startswith(b"#:schema") else original
    if b"#" not in body:
        return new_text  # no comment to keep: the record is written as the wizard writes it
    header, new_body = _split_header(new_text)
    try:
        old_text = _split_header(original.decode("utf-8").removeprefix("\ufeff"))[1]
        wanted = tomli.loads(new_body)
        before = tomli.loads(old_text)
        doc = tomlkit.parse(old_text)
        fresh = tomlkit.parse(new_body)
        for key in [k for k in before if k not in wanted]:
            del doc[key]
        for key, value in wanted.items():
            if key in before and _same(before[key], value):
                continue
            if key in doc:
                doc[key] = fresh[key]
            else:
                doc.add(key, fresh[key])
        edited = doc.as_string()
        if tomli.loads(edited) != wanted:
            return new_text
    except (UnicodeDecodeError, tomli.TOMLDecodeError, TOMLKitError, ValueError, KeyError, TypeError):
        return new_text
    return header + edited


def _split_header(text: str) -> tuple[str, str]:
    """(the `#:schema` line with its newline, or "", the rest)."""
    if text.startswith("#:schema"):
        head, _, rest = text.partition("\n")
        return head + "\n", rest
    return "", text


def _same(a: Any, b: Any) -> bool:
    return bool(type(a) is type(b) and a == b)
