"""Translating one fixture file with the real Apertium and the project's glossary."""

from __future__ import annotations

from pathlib import Path

import polib

from conftest import NAMES, run

EDITIONS = ("en", "es")


def translate_fixture(fixture: Path, locales: Path, glossary: Path = NAMES,
                      editions: tuple[str, ...] = EDITIONS) -> dict[str, str]:
    """`diglot translate FIXTURE` into `locales` (Apertium, the given glossary and editions):
    the text of each edition, by language."""
    targets = [argument for lang in editions for argument in ("--to", lang)]
    result = run("translate", fixture, "--glossary", glossary, "--locales", locales, "--engine", "apertium", *targets)
    assert result.exit_code == 0, result.output
    return {lang: (locales / lang / f"{fixture.stem}.txt").read_text(encoding="utf-8") for lang in editions}


def catalog_entry(locales: Path, fixture: Path, lang: str, msgid: str) -> polib.POEntry:
    catalog = polib.pofile(str(locales / lang / "LC_MESSAGES" / f"{fixture.stem}.po"))
    return next(entry for entry in catalog if entry.msgid == msgid)
