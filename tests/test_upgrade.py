"""An upgrade of diglot or of an engine: machine output is made again, reviewed work is untouched."""

from __future__ import annotations

import polib

from conftest import mark_reviewed, needs_apertium, translate_sample
from pipeline.catalog import GENERATOR

pytestmark = needs_apertium
DOC = "tajikistan-panjshir-resistance"
REVIEWED = "Según un informe del Financial Times, revisado por una editora."


def as_an_older_diglot_wrote_it(path):
    """The catalog as diglot 0.1.0 left it: its own header, its own machine output."""
    po = polib.pofile(str(path))
    po.metadata["X-Generator"] = "diglot"
    po.metadata["X-Diglot-Input"] = "0123456789abcdef"
    machine = next(entry for entry in po if entry.msgid.startswith("With the fall of Kabul"))
    machine.msgstr = "Salida de una versión anterior."
    po.save()


def test_an_upgrade_makes_machine_output_again_and_keeps_reviewed_entries(workdir):
    path = workdir / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    mark_reviewed(path, "According to a report by the Financial Times", REVIEWED)
    as_an_older_diglot_wrote_it(path)
    result = translate_sample(workdir)
    assert result.exit_code == 0, result.output
    assert "(0 already up to date)" in result.stderr
    po = polib.pofile(str(path))
    assert po.metadata["X-Generator"] == GENERATOR
    machine = next(entry for entry in po if entry.msgid.startswith("With the fall of Kabul"))
    assert machine.msgstr.startswith("Con la caída de Kabul") and machine.fuzzy
    reviewed = next(entry for entry in po if entry.msgid.startswith("According to a report"))
    assert reviewed.msgstr == REVIEWED and not reviewed.fuzzy


def test_without_an_upgrade_nothing_is_made_again(workdir):
    result = translate_sample(workdir)
    assert result.exit_code == 0 and "(1 already up to date)" in result.stderr, result.output
