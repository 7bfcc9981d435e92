"""`diglot check`: one catalog fixture per check, named for it; the sample's catalogs end to end."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import polib
import pytest

from pipeline.check import CHECKS, check_catalogs
from pipeline.glossary import load_glossaries

from conftest import FIXTURES, NAMES, needs_apertium, run, translate_sample

CHECK = FIXTURES / "check"
GLOSSARY = CHECK / "glossary.csv"
DOC = "tajikistan-panjshir-resistance"


def locales_with(tmp_path, *names):
    folder = tmp_path / "locales" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(CHECK / name, folder)
    return tmp_path / "locales"


def test_every_check_has_a_fixture_id_name_and_documentation():
    for item in CHECKS:
        assert (CHECK / f"{item.id}.po").is_file(), item.id
        assert item.name and len(item.doc) > 40


@pytest.mark.parametrize("check_id", [item.id for item in CHECKS])
def test_fixture_raises_its_check_only(check_id):
    findings = check_catalogs([CHECK / f"{check_id}.po"], load_glossaries([GLOSSARY]))
    assert findings and {finding.check for finding in findings} == {check_id}


def test_correct_translations_raise_nothing():
    """Localised URLs, translated <file> placeholders, reordered printf arguments, plural
    forms, number formats and words, variants, fuzzy and untranslated entries of a catalog
    that diglot did not write."""
    assert check_catalogs([CHECK / "clean.po"], load_glossaries([GLOSSARY])) == []


@pytest.mark.parametrize("name, expected", [
    ("glossary-term.po", "glossary-term.po:7: error: glossary term 'Tajikistan' should be 'Tayikistán' in the "
                         "translation (glossary.csv:2) [glossary-term]"),
    ("number.po", "number.po:7: error: number 15 of the source is not in the translation [number]"),
])
def test_compiler_style_line_and_exit_1(tmp_path, name, expected):
    result = run("check", "--locales", locales_with(tmp_path, name), "--glossary", GLOSSARY)
    assert result.exit_code == 1
    assert result.stdout.strip().endswith(expected)
    assert "1 findings in 1 catalogs" in result.stderr


def test_junit_report(tmp_path):
    result = run("check", "--locales", locales_with(tmp_path, "markup.po", "clean.po"), "--glossary", GLOSSARY,
                 "--format", "junit")
    assert result.exit_code == 1
    suites = ET.fromstring(result.stdout)
    assert suites.get("tests") == str(2 * len(CHECKS)) and suites.get("failures") == "1"
    (failure,) = suites.iter("failure")
    assert failure.get("type") == "markup" and "markup.po:7: error: markup <b>" in failure.text


def test_broken_catalog_is_an_input_error(tmp_path):
    result = run("check", "--locales", locales_with(tmp_path, "broken-entry.po"), "--glossary", GLOSSARY)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "broken-entry.po:10: error:" in result.stderr


def test_no_catalogs_is_an_input_error(tmp_path):
    result = run("check", "--locales", tmp_path, "--glossary", GLOSSARY)
    assert result.exit_code == 2 and "no .po catalogs" in result.stderr


def test_list_describes_every_check():
    result = run("check", "--list")
    assert result.exit_code == 0
    assert all(f"{item.id}: {item.name}" in result.stdout for item in CHECKS)


@needs_apertium
def test_sample_catalogs_reviewer_breaks_a_name_then_fixes_it(tmp_path):
    assert translate_sample(tmp_path).exit_code == 0
    locales = tmp_path / "locales"
    assert run("check", "--locales", locales, "--glossary", NAMES).exit_code == 0

    path = locales / "es" / "LC_MESSAGES" / f"{DOC}.po"
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgid.startswith("According to a report by the Financial Times"))
    reviewed = entry.msgstr
    entry.msgstr = reviewed.replace("Tayikistán", "Tajikistán")
    entry.flags.remove("fuzzy")
    po.save()
    line = next(number for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if text.startswith("msgstr") and "Tajikistán" in text)

    result = run("check", "--locales", locales, "--glossary", NAMES)
    assert result.exit_code == 1
    assert f"{path}:{line}: error: glossary term 'Tajikistan' should be 'Tayikistán'" in result.stdout

    po = polib.pofile(str(path), wrapwidth=0)
    next(e for e in po if e.msgid == entry.msgid).msgstr = reviewed
    po.save()
    result = run("check", "--locales", locales, "--glossary", NAMES)
    assert result.exit_code == 0, result.stdout


def test_ci_problem_matcher_and_pre_commit_hooks_fit_the_output():
    import json
    import re

    import yaml

    from conftest import ROOT

    matcher = json.loads((ROOT / "examples" / "ci" / "diglot-problem-matcher.json").read_text())
    pattern = re.compile(matcher["problemMatcher"][0]["pattern"][0]["regexp"])
    (finding,) = check_catalogs([CHECK / "number.po"], load_glossaries([GLOSSARY]))
    match = pattern.match(str(finding))
    assert match and match.group(2) == "7" and match.group(5) == "number"
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["diglot-check"]["entry"] == "diglot check"
    assert hooks["diglot-glossary-lint"]["entry"] == "diglot glossary lint"
