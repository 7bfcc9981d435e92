"""Export to and import from CAT tools: XLIFF 2.0, TMX 1.4b, PO."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
import xmlschema

from conftest import FIXTURES, run, snapshot, translate_sample
from pipeline import __version__

DOC = "tajikistan-panjshir-resistance"
SCHEMA = Path(__file__).parent / "schemas" / "xliff_core_2.0.xsd"
HEADING = "Tajikistan: the Panjshir resistance's safe haven"
REVIEWED = "Tayikistán: el refugio de la resistencia del Panjshir"
EXCHANGE = FIXTURES / "exchange"


@pytest.fixture(autouse=True)
def inside_workdir(request, tmp_path, monkeypatch):
    """Import re-renders editions from the source the catalogs name: the translated sample's
    (Apertium) for the tests of the sample, none for the inline-markup fixtures."""
    monkeypatch.chdir(request.getfixturevalue("workdir") if "workdir" in request.fixturenames else tmp_path)


def es_catalog(workdir):
    return polib.pofile(str(workdir / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"))


def entry(po, msgid):
    return next(e for e in po if e.msgid == msgid)


def export_xliff(workdir):
    out = workdir / "xliff"
    out.mkdir()
    assert run("export", "--locales", workdir / "locales", "--xliff", out).exit_code == 0
    return out


def test_exported_xliff_validates_against_the_xliff2_schema(workdir):
    out = export_xliff(workdir)
    files = sorted(p.name for p in out.iterdir())
    assert files == [f"{DOC}.en.xlf", f"{DOC}.es.xlf"]
    schema = xmlschema.XMLSchema(str(SCHEMA))
    for path in out.iterdir():
        schema.validate(str(path))
    text = (out / f"{DOC}.es.xlf").read_text(encoding="utf-8")
    assert 'srcLang="en" trgLang="es"' in text and 'state="translated"' in text


def test_schema_rejects_a_broken_xliff(workdir):
    out = export_xliff(workdir)
    broken = (out / f"{DOC}.es.xlf").read_text(encoding="utf-8").replace('state="translated"', 'state="done"', 1)
    assert not xmlschema.XMLSchema(str(SCHEMA)).is_valid(broken)


def test_xliff_round_trip_final_entry_becomes_reviewed(workdir):
    out = export_xliff(workdir)
    xlf = out / f"{DOC}.es.xlf"
    text = xlf.read_text(encoding="utf-8")
    old_target = entry(es_catalog(workdir), HEADING).msgstr
    start = text.index(f"<source>{HEADING.replace(chr(39), '&apos;')}") if "&apos;" in text else text.index(HEADING)
    unit_start = text.rindex("<segment", 0, start)
    segment = text[unit_start:text.index("</segment>", start)]
    edited = segment.replace('state="translated"', 'state="final"').replace(old_target, REVIEWED)
    xlf.write_text(text.replace(segment, edited), encoding="utf-8")

    result = run("import", xlf, "--locales", workdir / "locales")
    assert result.exit_code == 0, result.output
    reviewed = entry(es_catalog(workdir), HEADING)
    assert reviewed.msgstr == REVIEWED and not reviewed.fuzzy
    assert REVIEWED in (workdir / "locales" / "es" / f"{DOC}.txt").read_text(encoding="utf-8")
    # A later translate run keeps it.
    assert translate_sample(workdir).exit_code == 0
    assert entry(es_catalog(workdir), HEADING).msgstr == REVIEWED


def test_non_final_import_is_a_fuzzy_suggestion_and_never_replaces_reviewed_work(workdir):
    po_path = workdir / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    po = es_catalog(workdir)
    entry(po, HEADING).msgstr = REVIEWED
    entry(po, HEADING).flags.remove("fuzzy")
    po.save()
    suggestion = polib.pofile(str(po_path))
    entry(suggestion, HEADING).msgstr = "Otra cosa"
    entry(suggestion, HEADING).flags.append("fuzzy")
    footer = "Si conoces o tienes alguna pista"
    other = next(e for e in suggestion if e.fuzzy and e.msgid != HEADING and not e.msgid.startswith(footer))
    other.msgstr = "Sugerencia de un traductor"
    incoming = workdir / "suggestion.po"
    suggestion.save(str(incoming))

    assert run("import", incoming, "--locales", workdir / "locales").exit_code == 0
    po = es_catalog(workdir)
    assert entry(po, HEADING).msgstr == REVIEWED and not entry(po, HEADING).fuzzy
    assert entry(po, other.msgid).msgstr == "Sugerencia de un traductor" and entry(po, other.msgid).fuzzy


def test_tmx_round_trip(workdir):
    tmx = workdir / "memory.tmx"
    assert run("export", "--locales", workdir / "locales", "--tmx", tmx).exit_code == 0
    text = tmx.read_text(encoding="utf-8")
    assert '<tuv xml:lang="es">' in text and "Send us your news" in text
    old = entry(es_catalog(workdir), HEADING).msgstr
    unit_start = text.rindex("<tu>", 0, text.index(HEADING.replace("'", "&apos;") if "&apos;" in text else HEADING))
    unit_end = text.index("</tu>", unit_start)
    unit = text[unit_start:unit_end]
    edited = unit.replace('x-diglot-state">fuzzy', 'x-diglot-state">final').replace(old, REVIEWED)
    tmx.write_text(text.replace(unit, edited), encoding="utf-8")
    assert run("import", tmx, "--locales", workdir / "locales").exit_code == 0
    reviewed = entry(es_catalog(workdir), HEADING)
    assert reviewed.msgstr == REVIEWED and not reviewed.fuzzy


@pytest.mark.parametrize(
    "name, expected",
    [("doctype.xlf", "doctype.xlf:2: error: refusing a document type declaration"),
     ("external-entity.tmx", "external-entity.tmx:2: error: refusing a document type declaration"),
     ("other-pair.xlf", "other-pair.xlf: error: no catalog"),
     ("duplicate-entries.po", "duplicate-entries.po: error: not a valid PO catalog: Entry")],
)
def test_bad_import_changes_nothing(workdir, name, expected):
    before = snapshot(workdir / "locales")
    result = run("import", FIXTURES / "exchange" / name, "--locales", workdir / "locales")
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(workdir / "locales") == before


def test_export_creates_a_missing_folder(workdir):
    result = run("export", "--locales", workdir / "locales", "--xliff", workdir / "new" / "xliff")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (workdir / "new" / "xliff").iterdir()) == [f"{DOC}.en.xlf", f"{DOC}.es.xlf"]
    result = run("export", "--locales", workdir / "locales", "--tmx", workdir / "tm" / "memory.tmx")
    assert result.exit_code == 0 and (workdir / "tm" / "memory.tmx").is_file()


@pytest.mark.parametrize("option, output", [("--xliff", "new/xliff"), ("--tmx", "new/memory.tmx")])
def test_export_of_a_broken_catalog_writes_nothing(workdir, option, output):
    broken = workdir / "locales" / "es" / "LC_MESSAGES" / "broken.po"
    broken.write_bytes((FIXTURES / "exchange" / "duplicate-entries.po").read_bytes())
    result = run("export", "--locales", workdir / "locales", option, workdir / output)
    assert result.exit_code == 2 and "broken.po: error: not a valid PO catalog" in result.stderr
    assert not (workdir / "new").exists()


# --- inline markup: one catalog a case, an HTML page's or a Markdown post's entries ---------------


def fixture_locales(tmp_path: Path, *names: str) -> Path:
    """locales/ holding the Spanish catalog of each named fixture (tests/fixtures/exchange/NAME.po)."""
    folder = tmp_path / "locales" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for name in names:
        (folder / f"{name}.po").write_bytes((EXCHANGE / f"{name}.po").read_bytes())
    return tmp_path / "locales"


def emptied(locales: Path, name: str) -> list[str]:
    """Empty every msgstr of the catalog; returns what they were."""
    path = locales / "es" / "LC_MESSAGES" / f"{name}.po"
    po = polib.pofile(str(path))
    before = [e.msgstr for e in po]
    for e in po:
        e.msgstr = ""
    po.save()
    return before


def msgstrs(locales: Path, name: str) -> list[str]:
    return [e.msgstr for e in polib.pofile(str(locales / "es" / "LC_MESSAGES" / f"{name}.po"))]


@pytest.mark.parametrize("name", ["link-and-br", "nested-inline", "markdown-inline"])
def test_inline_markup_exported_as_xliff_codes(tmp_path, name):
    """<a>...</a> a <pc>, <br> a <ph>; nested <em><a> nested <pc>s; Markdown's ** and [...](url)
    pairs, a code span a <ph>; a target's own <br> a new code with its own data; a plain entry as before."""
    locales = fixture_locales(tmp_path, name)
    assert run("export", "--locales", locales, "--xliff", tmp_path / "xliff").exit_code == 0
    exported = tmp_path / "xliff" / f"{name}.es.xlf"
    assert exported.read_text(encoding="utf-8") == (EXCHANGE / f"{name}.es.xlf").read_text(encoding="utf-8")
    xmlschema.XMLSchema(str(SCHEMA)).validate(str(exported))


@pytest.mark.parametrize("name", ["link-and-br", "nested-inline", "markdown-inline"])
def test_untouched_xliff_round_trip_changes_nothing(tmp_path, name):
    locales = fixture_locales(tmp_path, name)
    assert run("export", "--locales", locales, "--xliff", tmp_path / "xliff").exit_code == 0
    before = snapshot(locales)
    result = run("import", tmp_path / "xliff" / f"{name}.es.xlf", "--locales", locales)
    assert result.exit_code == 0, result.output
    assert snapshot(locales) == before


@pytest.mark.parametrize("name", ["link-and-br", "nested-inline", "markdown-inline"])
def test_xliff_import_puts_the_markup_back(tmp_path, name):
    locales = fixture_locales(tmp_path, name)
    assert run("export", "--locales", locales, "--xliff", tmp_path / "xliff").exit_code == 0
    translations = emptied(locales, name)
    assert run("import", tmp_path / "xliff" / f"{name}.es.xlf", "--locales", locales).exit_code == 0
    assert msgstrs(locales, name) == translations


def test_codes_reordered_by_a_cat_tool_are_kept(tmp_path):
    locales = fixture_locales(tmp_path, "reordered-codes")
    result = run("import", EXCHANGE / "reordered-codes.es.xlf", "--locales", locales)
    assert result.exit_code == 0, result.output
    entry = polib.pofile(str(locales / "es" / "LC_MESSAGES" / "reordered-codes.po"))[0]
    assert entry.msgstr == "El <i>coche</i> <b>rojo</b>." and not entry.fuzzy


def test_a_code_without_its_data_is_refused(tmp_path):
    locales = fixture_locales(tmp_path, "link-and-br")
    before = snapshot(locales)
    result = run("import", EXCHANGE / "missing-data-id.es.xlf", "--locales", locales)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{EXCHANGE / 'missing-data-id.es.xlf'}:19: error: <ph id=\"2\"> refers to data id 'd9', which the unit's "
        "<originalData> does not hold: diglot cannot tell what markup it stands for")
    assert snapshot(locales) == before


@pytest.mark.parametrize("name", ["link-and-br", "markdown-inline"])
def test_inline_markup_exported_as_tmx_codes(tmp_path, name):
    locales = fixture_locales(tmp_path, name)
    assert run("export", "--locales", locales, "--tmx", tmp_path / "memory.tmx").exit_code == 0
    expected = (EXCHANGE / f"{name}.tmx").read_text(encoding="utf-8").replace("VERSION", __version__)
    assert (tmp_path / "memory.tmx").read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("name", ["link-and-br", "nested-inline", "markdown-inline"])
def test_tmx_import_puts_the_markup_back(tmp_path, name):
    locales = fixture_locales(tmp_path, name)
    assert run("export", "--locales", locales, "--tmx", tmp_path / "memory.tmx").exit_code == 0
    before = snapshot(locales)
    assert run("import", tmp_path / "memory.tmx", "--locales", locales).exit_code == 0
    assert snapshot(locales) == before
    translations = emptied(locales, name)
    assert run("import", tmp_path / "memory.tmx", "--locales", locales).exit_code == 0
    assert msgstrs(locales, name) == translations


# --- fuzzy matches: a suggestion in an entry's comment is a translation candidate ----------------

MATCHES_SCHEMA = Path(__file__).parent / "schemas" / "xliff_matches_2.0.xsd"  # imports the core schema
MTC = "{urn:oasis:names:tc:xliff:matches:2.0}"
XLF = "{urn:oasis:names:tc:xliff:document:2.0}"



def test_fuzzy_suggestion_exported_as_a_translation_candidate(tmp_path):
    """An entry whose comment holds a suggestion: <mtc:matches> first in its unit (the core schema's
    place for modules), the candidate pointing at the segment, its inline codes numbered in its own
    <originalData>; an entry without one exports as before."""
    locales = fixture_locales(tmp_path, "fuzzy-candidate")
    assert run("export", "--locales", locales, "--xliff", tmp_path / "xliff").exit_code == 0
    exported = tmp_path / "xliff" / "fuzzy-candidate.es.xlf"
    assert exported.read_text(encoding="utf-8") == (EXCHANGE / "fuzzy-candidate.es.xlf").read_text(encoding="utf-8")
    xmlschema.XMLSchema(str(SCHEMA)).validate(str(exported))  # the core alone: modules' elements allowed
    xmlschema.XMLSchema(str(MATCHES_SCHEMA)).validate(str(exported))  # and the module's own rules
    # What the module says and no schema can: `ref` names a segment of the same unit, and a
    # candidate's codes refer to its own original data.
    units = list(ET.parse(exported).getroot().iter(f"{XLF}unit"))
    candidates = [(unit, match) for unit in units for match in unit.iter(f"{MTC}match")]
    assert len(candidates) == 2
    for unit, match in candidates:
        assert match.get("ref")[1:] in {segment.get("id") for segment in unit.findall(f"{XLF}segment")}
        own = {data.get("id") for data in match.iter(f"{XLF}data")}
        refs = {code.get(name) for code in match.iter() for name in ("dataRef", "dataRefStart", "dataRefEnd")}
        assert refs - {None} <= own


def test_broken_candidate_fails_the_module_schema(tmp_path):
    """The module's schema checks what the core's lets through (its elements are lax there)."""
    text = (EXCHANGE / "fuzzy-candidate.es.xlf").read_text(encoding="utf-8")
    broken = text.replace('similarity="86.0"', 'similarity="186.0"', 1)
    assert xmlschema.XMLSchema(str(SCHEMA)).is_valid(broken)
    assert not xmlschema.XMLSchema(str(MATCHES_SCHEMA)).is_valid(broken)
    without_target = text.replace("<target>Informe sobre el valle del norte</target>", "", 1)
    assert not xmlschema.XMLSchema(str(MATCHES_SCHEMA)).is_valid(without_target)


def test_untouched_xliff_with_candidates_round_trip_changes_nothing(tmp_path):
    locales = fixture_locales(tmp_path, "fuzzy-candidate")
    assert run("export", "--locales", locales, "--xliff", tmp_path / "xliff").exit_code == 0
    before = snapshot(locales)
    result = run("import", tmp_path / "xliff" / "fuzzy-candidate.es.xlf", "--locales", locales)
    assert result.exit_code == 0, result.output
    assert snapshot(locales) == before


def test_import_takes_targets_never_candidates(tmp_path):
    """A file back from a CAT tool: unit 1 reviewed in the editor's own words (its candidate said
    otherwise), unit 2 untranslated with only a candidate, unit 3 untouched. Only the target counts."""
    locales = fixture_locales(tmp_path, "fuzzy-candidate")
    before = polib.pofile(str(locales / "es" / "LC_MESSAGES" / "fuzzy-candidate.po"))
    result = run("import", EXCHANGE / "fuzzy-candidate-reviewed.es.xlf", "--locales", locales)
    assert result.exit_code == 0, result.output
    after = polib.pofile(str(locales / "es" / "LC_MESSAGES" / "fuzzy-candidate.po"))
    assert after[0].msgstr == "Informe desde el valle" and not after[0].fuzzy
    for old, new in zip(list(before)[1:], list(after)[1:]):
        assert (new.msgstr, new.flags, new.comment) == (old.msgstr, old.flags, old.comment)
    assert not any("informe completo" in entry.msgstr or "del norte" in entry.msgstr for entry in after)


def test_a_target_code_with_only_the_candidates_data_is_refused(tmp_path):
    """A candidate's <originalData> is its own: the unit's codes cannot borrow from it."""
    locales = fixture_locales(tmp_path, "fuzzy-candidate")
    before = snapshot(locales)
    file = EXCHANGE / "candidate-data-only.es.xlf"
    result = run("import", file, "--locales", locales)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{file}:52: error: <ph id=\"3\"> refers to data id 'd4', which the unit's <originalData> does not "
        "hold: diglot cannot tell what markup it stands for")
    assert snapshot(locales) == before
