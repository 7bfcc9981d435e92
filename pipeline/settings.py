"""A project's own settings: `diglot.toml` in the folder diglot runs from, when there is one.

```toml
[markdown]
text-fields = ["teaser", "lead"]   # front matter keys translated beside title, description, ...
```
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

SETTINGS_FILE = Path("diglot.toml")
KNOWN = {"markdown": {"text-fields"}}


@dataclass(frozen=True)
class Settings:
    markdown_text_fields: tuple[str, ...] = ()


def project_settings(path: Path = SETTINGS_FILE) -> Settings:
    """The settings of `path`; none when it does not exist; InputError for a file diglot cannot use."""
    if not path.is_file():
        return Settings()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        line = re.search(r"at line (\d+)", str(error))
        raise InputError(f"not valid TOML: {error}", path, int(line.group(1)) if line else None) from error
    _refuse_unknown(table, path)
    fields = table.get("markdown", {}).get("text-fields", [])
    if not isinstance(fields, list) or not all(isinstance(field, str) and field for field in fields):
        raise InputError("[markdown] text-fields must be a list of front matter keys", path)
    return Settings(markdown_text_fields=tuple(fields))


def _refuse_unknown(table: dict, path: Path) -> None:
    for section, value in table.items():
        if section not in KNOWN or not isinstance(value, dict):
            raise InputError(f"unknown setting [{section}] (diglot knows {', '.join(sorted(KNOWN))})", path)
        for key in value:
            if key not in KNOWN[section]:
                raise InputError(f"unknown setting {key!r} in [{section}] "
                                 f"(it knows {', '.join(sorted(KNOWN[section]))})", path)
