"""How every screen looks, at the smallest supported size and a roomy one."""

from __future__ import annotations

import pytest

from .scenarios import SCENARIOS, SIZES, make_app


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_screen(snap_compare, name: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=SCENARIOS[name])
