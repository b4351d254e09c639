"""The user's settings: `config.toml` in the user config directory, overridden by `WIZARD_*` variables.

```toml
theme = "textual-dark"              # the app's theme; saved when changed in the command palette
pricing = "~/prices/eu-west-1.toml" # the default pricing file (instead of the questionnaire's)
decisions_dir = "docs/adr"          # where records are listed and saved (relative: to the git root)
```

`WIZARD_THEME`, `WIZARD_PRICING` and `WIZARD_DECISIONS_DIR` override the file; `WIZARD_CONFIG`
names another file. A file that cannot be read, or a key with a wrong value, gives one line naming
it (`Settings.problem`) and the defaults for what it could not read; nothing fails because of it.
"""

from __future__ import annotations

import os
import tomli
from dataclasses import dataclass, replace
from pathlib import Path

CONFIG_ENV = "WIZARD_CONFIG"
KEYS = ("theme", "pricing", "decisions_dir")


@dataclass(frozen=True)
class Settings:
    theme: str | None = None
    pricing: Path | None = None
    decisions_dir: Path | None = None
    #: One line for the user when the file or a key could not be used (None: all fine).
    problem: str | None = None


def config_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("lambda-ec2-wizard", appauthor=False)) / "config.toml"


def _path(value: str) -> Path:
    return Path(value).expanduser()


def load_settings(path: Path | None = None) -> Settings:
    """The settings from the file, then the environment on top."""
    path = path or config_path()
    settings = Settings()
    problems: list[str] = []
    try:
        data = tomli.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError) as exc:
        data = {}
        problems.append(f"{path}: cannot be read ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); "
                        "using the defaults")
    for key, value in data.items():
        if key not in KEYS:
            problems.append(f"{path}: unknown key {key!r} (known: {', '.join(KEYS)}); ignored")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{path}: {key} must be a non-empty string; using the default")
        elif key == "theme":
            settings = replace(settings, theme=value)
        elif key == "pricing":
            settings = replace(settings, pricing=_path(value))
        else:
            settings = replace(settings, decisions_dir=_path(value))
    env = {key: os.environ.get(f"WIZARD_{key.upper()}") for key in KEYS}
    if env["theme"]:
        settings = replace(settings, theme=env["theme"])
    if env["pricing"]:
        settings = replace(settings, pricing=_path(env["pricing"]))
    if env["decisions_dir"]:
        settings = replace(settings, decisions_dir=_path(env["decisions_dir"]))
    return replace(settings, problem=problems[0] if problems else None)


def save_setting(key: str, value: str, path: Path | None = None) -> str | None:
    """Set one key in the file, keeping the others; returns a one-line problem, or None when written."""
    from wizard.core.errors import WizardError
    from wizard.core.files.atomic_write import atomic_write_text
    from wizard.core.files.tomlio import dump_toml

    if key not in KEYS:
        raise ValueError(key)
    path = path or config_path()
    try:
        data = tomli.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
        return f"{path}: cannot be read, so the {key} was not saved"
    data[key] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, dump_toml(data), overwrite=True)
    except (OSError, WizardError) as exc:
        return f"{path}: the {key} was not saved ({getattr(exc, 'message', exc)})"
    return None
