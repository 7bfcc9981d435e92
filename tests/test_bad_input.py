"""Bad input: one message naming the file (and line), exit code 2, locales/ untouched."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, NAMES, SAMPLE, needs_apertium, run, snapshot

pytestmark = needs_apertium
DOC = "tajikistan-panjshir-resistance"


def translate(workdir, *paths, glossary=NAMES):
    return run("translate", *paths, "--glossary", glossary, "--locales", workdir / "locales", "--engine", "apertium")


def assert_refused(result, workdir, before, *expected):
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    for part in expected:
        assert part in message
    assert snapshot(workdir / "locales") == before


@pytest.mark.parametrize(
    "name, expected",
    [
        ("empty.txt", ["empty.txt: error: file is empty"]),
        ("blank-lines-only.txt", ["blank-lines-only.txt: error: file is empty"]),
        ("latin1.txt", ["latin1.txt:1: error: not UTF-8"]),
        ("binary.txt", ["binary.txt:2: error: binary file"]),
        ("no-text-files", ["no-text-files: error: folder has no articles"]),
        ("does-not-exist.txt", ["does-not-exist.txt: error: no such file or folder"]),
        ("notes.rst", ["notes.rst: error: unknown suffix '.rst'"]),
        ("broken-front-matter.md", ["broken-front-matter.md:2: error: "]),
        ("latin1-undeclared.html", ["latin1-undeclared.html:5: error: neither UTF-8 nor declares its charset"]),
    ],
)
def test_bad_article(workdir, name, expected):
    before = snapshot(workdir / "locales")
    result = translate(workdir, workdir / "articles", FIXTURES / "inputs" / name)
    assert_refused(result, workdir, before, *expected)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("missing-action-column.csv", ["missing-action-column.csv:1: error: header lacks column action"]),
        ("missing-header.csv", ["missing-header.csv:1: error: header lacks column en, es, action"]),
        ("row-with-too-many-cells.csv", ["row-with-too-many-cells.csv:3: error: row has 5 cells"]),
        ("unknown-action.csv", ["unknown-action.csv:3: error: action 'translate'"]),
        ("empty-term.csv", ["empty-term.csv:2: error: empty es term"]),
        ("not-utf8.csv", ["not-utf8.csv:2: error: not UTF-8"]),
    ],
)
def test_bad_glossary(workdir, name, expected):
    before = snapshot(workdir / "locales")
    result = translate(workdir, workdir / "articles", glossary=FIXTURES / "glossaries" / name)
    assert_refused(result, workdir, before, *expected)


def test_corrupt_catalog_in_locales(workdir):
    target = workdir / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    shutil.copy(FIXTURES / "catalogs" / "corrupt.po", target)
    before = snapshot(workdir / "locales")
    result = translate(workdir, workdir / "articles")
    assert_refused(result, workdir, before, f"{DOC}.po:", "error: not a valid PO catalog")


def test_unknown_target_language_without_engine(workdir):
    before = snapshot(workdir / "locales")
    result = run("translate", workdir / "articles", "--to", "fr", "--glossary", NAMES,
                 "--locales", workdir / "locales")
    assert_refused(result, workdir, before, "error: no engine can translate en -> fr",
                   "diglot models install", "apt-get install apertium apertium-eng-spa")


def test_bad_language_code_is_a_usage_error(tmp_path):
    result = run("translate", SAMPLE, "--to", "Spanish", "--locales", tmp_path)
    assert result.exit_code == 2
    assert "is not a language code" in result.output
