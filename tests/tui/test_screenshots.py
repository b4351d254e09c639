"""The pictures in screenshots/ (shown in the README) match the app as it is."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_screenshots_are_current(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "screenshots" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.generate(tmp_path)
    stale = [p.name for p in fresh
             if not (ROOT / "screenshots" / p.name).exists()
             or (ROOT / "screenshots" / p.name).read_text(encoding="utf-8") != p.read_text(encoding="utf-8")]
    assert not stale, f"out of date: {stale}; run `python screenshots/generate.py`"
