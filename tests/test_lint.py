"""`diglot glossary lint`: one fixture per rule, named for it; bad files are input errors."""

from __future__ import annotations

import pytest

from pipeline.glossary.lint import RULES, lint_files

from conftest import FIXTURES, NAMES, run

LINT = FIXTURES / "lint"


def test_every_rule_has_a_fixture_id_name_and_documentation():
    for rule in RULES:
        assert (LINT / f"{rule.id}.csv").is_file(), rule.id
        assert rule.name and len(rule.doc) > 40


@pytest.mark.parametrize("rule", [rule.id for rule in RULES])
def test_fixture_raises_its_rule_only(rule):
    findings = lint_files([LINT / f"{rule}.csv"])
    assert findings and {finding.rule for finding in findings} == {rule}


@pytest.mark.parametrize("name, expected", [
    ("duplicate", ["duplicate.csv:4: error: duplicate of ", "duplicate.csv:2 [duplicate]"]),
    ("conflicting-mapping", ["conflicting-mapping.csv:4: error: en 'Dushanbe' maps to es 'Duchambé' here but to "
                             "'Dusambé' at "]),
    ("variant-claimed-twice", ["variant-claimed-twice.csv:4: error: en variant 'Panshir' is also claimed by "]),
    ("empty-cell", ["empty-cell.csv:3: error: empty es cell", "empty-cell.csv:4: error: empty variant in the en cell",
                    "empty-cell.csv:5: error: empty action cell"]),
    ("shadowed-term", ["shadowed-term.csv:3: error: en 'York Times' is shadowed by 'New York'"]),
    ("forbidden-allowed", ["forbidden-allowed.csv:3: error: es 'Dushanbe' is forbidden here but written by"]),
])
def test_compiler_style_messages_and_exit_1(name, expected):
    result = run("glossary", "lint", LINT / f"{name}.csv")
    assert result.exit_code == 1
    for part in expected:
        assert part in result.stdout


@pytest.mark.parametrize("path", [LINT / "clean.csv", NAMES])
def test_clean_glossary_exits_0(path):
    result = run("glossary", "lint", path)
    assert result.exit_code == 0 and result.stdout == ""


def test_clash_between_two_files_is_found(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("en,es,action,note\nTajikistan,Tadjikistán,map,\n", encoding="utf-8")
    result = run("glossary", "lint", NAMES, other)
    assert result.exit_code == 1 and "other.csv:2: error: en 'Tajikistan' maps to es 'Tadjikistán'" in result.stdout


@pytest.mark.parametrize("name, expected", [
    ("not-utf8.csv", "not-utf8.csv:2: error: not UTF-8"),
    ("missing-header.csv", "missing-header.csv:1: error: header lacks column en, es, action"),
    ("row-with-too-many-cells.csv", "row-with-too-many-cells.csv:3: error: row has 5 cells"),
])
def test_unreadable_glossary_is_an_input_error(name, expected):
    result = run("glossary", "lint", FIXTURES / "glossaries" / name)
    assert result.exit_code == 2
    assert result.stderr.strip() == expected or (len(result.stderr.strip().splitlines()) == 1
                                                 and expected in result.stderr)


def test_tbx_is_linted_too():
    assert run("glossary", "lint", FIXTURES / "tbx" / "tbx-basic.tbx").exit_code == 0
