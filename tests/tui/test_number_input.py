"""Numbers as people type them."""

from __future__ import annotations

import pytest

from wizard.core.numbers import NotANumber, parse_number, read_number


@pytest.mark.parametrize(("text", "value"), [
    ("1500", 1500), ("1,500", 1500), ("1_500", 1500), ("2.5", 2.5), ("1e6", 1_000_000), ("3M", 3_000_000),
    ("250k", 250_000), ("1.5B", 1_500_000_000), ("-5", -5), (".5", 0.5), ("2,000,000", 2_000_000),
    ("1,500.5", 1500.5), ("1,500k", 1_500_000),
])
def test_numbers_and_suffixes(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "12x", "1e400", "", "3MB", "--1", "1,5", "12,34", "1,50", ",5", "1,5M"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(("text", "comma"), [("1,5", True), ("1,50,0", True), (",5", True), ("abc", False),
                                             ("3MB", False)])
def test_one_reader_says_why_text_is_not_a_number(text: str, comma: bool) -> None:
    with pytest.raises(NotANumber) as refused:
        read_number(text)
    assert refused.value.comma is comma
