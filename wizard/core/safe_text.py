"""The one escaping function for every text the wizard prints or draws.

Text from a file, a file name or an error message can hold characters that drive a terminal or
reorder what it shows: C0 and C1 controls (ESC starts a sequence; U+009B and U+009D are one-byte
CSI and OSC, so an OSC 52 sequence can set the user's clipboard), DEL, and the bidirectional
embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F,
U+061C) that make text read in another order than it is stored. `escape` turns each into a visible
escape (`\\x1b`, `\\u202e`); so does a lone surrogate, which is how Python holds a byte of a file
name that is not UTF-8 (shown as the byte, `\\xff`).

`escape_json` and `escape_toml` do the same to JSON and TOML that is already serialised: there these
characters can only stand inside a string, where `\\u009b` means the same character, so the data
read back is unchanged and a terminal showing the output sees nothing raw.

Pure: no terminal, no Rich, no Textual.
"""

from __future__ import annotations

import re

#: Bidirectional formatting characters: embeddings and overrides, isolates, and the marks.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}\ud800-\udfff]")
_UNSAFE_KEEP_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI}\ud800-\udfff]")
#: What JSON and TOML writers leave raw inside strings (they escape C0 controls themselves).
_UNSAFE_IN_STRINGS = re.compile(f"[\x7f-\x9f{BIDI}\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def escape(text: object, *, keep_lines: bool = False) -> str:
    """Text as it may reach a terminal or a screen: every control, bidi and surrogate character as a
    visible escape; with `keep_lines`, newlines and tabs are kept as they are."""
    pattern = _UNSAFE_KEEP_LINES if keep_lines else _UNSAFE
    return pattern.sub(_visible, str(text))


def is_safe(text: str, *, keep_lines: bool = False) -> bool:
    """Whether `escape` would leave the text as it is."""
    pattern = _UNSAFE_KEEP_LINES if keep_lines else _UNSAFE
    return pattern.search(text) is None


def _unicode_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a file name's stray byte: shown as the character U+00XX
        code -= 0xDC00
    return f"\\u{code:04x}"


def escape_json(text: str) -> str:
    """Serialised JSON with DEL, C1, bidi and surrogate characters as `\\uXXXX` escapes."""
    return _UNSAFE_IN_STRINGS.sub(_unicode_escape, text)


def escape_toml(text: str) -> str:
    """Serialised TOML (basic strings only, as tomli-w writes it) with DEL, C1 and bidi characters as
    `\\uXXXX` escapes, which TOML reads back as the same characters."""
    return _UNSAFE_IN_STRINGS.sub(_unicode_escape, text)
