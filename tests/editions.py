"""Translating one fixture file with the real Apertium and the project's glossary."""

from __future__ import annotations

from pathlib import Path

import polib

from conftest import NAMES, run

EDITIONS = ("en", "es")


def translate_fixture(fixture: Path, locales: Path) -> dict[str, str]:
    """`diglot translate FIXTURE` into `locales`: the text of each edition, by language."""
    result = run("translate", fixture, "--glossary", NAMES, "--locales", locales, "--engine", "apertium")
    assert result.exit_code == 0, result.output
    return {lang: (locales / lang / f"{fixture.stem}.txt").read_text(encoding="utf-8") for lang in EDITIONS}


def catalog_entry(locales: Path, fixture: Path, lang: str, msgid: str) -> polib.POEntry:
    catalog = polib.pofile(str(locales / lang / "LC_MESSAGES" / f"{fixture.stem}.po"))
    return next(entry for entry in catalog if entry.msgid == msgid)
