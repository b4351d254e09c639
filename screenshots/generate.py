"""Render every screen of the wizard to `screenshots/<name>.svg` (120×40).

    python screenshots/generate.py [--out DIR]

The screens come from the same scenarios as the snapshot tests (`tests/tui/scenarios.py`), run
in an empty git repository with an empty data directory, so the pictures do not depend on the
machine. `tests/tui/test_screenshots.py` fails when the committed pictures are out of date.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 40)


async def render(out: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from tests.tui.scenarios import SCENARIOS, make_app

    written = []
    data = Path(os.environ["WIZARD_DATA_DIR"])
    for name, scenario in SCENARIOS.items():
        os.environ["WIZARD_DATA_DIR"] = str(data / name)  # each screen starts without a draft
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await scenario(pilot)
            path = out / f"{name}.svg"
            path.write_text(app.export_screenshot(title=f"wizard — {name}"), encoding="utf-8")
            written.append(path)
    return written


def generate(out: Path) -> list[Path]:
    """Render into `out` from inside a throwaway project, restoring the caller's directory."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    here = Path.cwd()
    saved_env = os.environ.get("WIZARD_DATA_DIR")
    saved_config = os.environ.get("WIZARD_CONFIG")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
        subprocess.run(["git", "config", "user.name", "Test Decider"], cwd=project, check=True)
        os.environ["WIZARD_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["WIZARD_CONFIG"] = str(Path(tmp) / "config.toml")  # the user's settings leave no mark
        os.chdir(project)
        try:
            return asyncio.run(render(out))
        finally:
            os.chdir(here)
            if saved_env is None:
                os.environ.pop("WIZARD_DATA_DIR", None)
            else:
                os.environ["WIZARD_DATA_DIR"] = saved_env
            if saved_config is None:
                os.environ.pop("WIZARD_CONFIG", None)
            else:
                os.environ["WIZARD_CONFIG"] = saved_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    for path in generate(args.out):
        print(path)


if __name__ == "__main__":
    main()
