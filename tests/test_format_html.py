"""The HTML format: units, exact edition bytes, decoding, language marks.

One fixture a case in fixtures/html/: `<case>.html` is the source and
`<case>.<lang>.html` the expected edition in that language, made with the
translations given here as {unit text: translation} (a unit not listed keeps
its text), so each case shows what its units are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.formats import html as html_format
from pipeline.formats.html import FORMAT, fragment_changes, fragment_units, inline_codes, mark_languages
from pipeline.formats.base import splice
from pipeline.model import Document, Segment, Span
from pipeline.read import read_document
from pipeline.segment import segment_document

FIXTURES = Path(__file__).parent / "fixtures" / "html"
SOURCES = sorted(path for path in FIXTURES.glob("*.html") if "." not in path.stem)
READABLE = [path for path in SOURCES if path.stem != "undeclared-legacy"]


def load(name: str) -> Document:
    """The Document the pipeline makes of the fixture: read, its segments made from the units."""
    return segment_document(read_document(FIXTURES / f"{name}.html"))


def units_of(name: str) -> list[tuple[str, str]]:
    return [(segment.role, segment.text) for segment in load(name).segments]


def edition(name: str, translations: dict[str, str], lang: str) -> bytes:
    document = load(name)
    texts = [segment.text for segment in document.segments]
    missing = set(translations) - set(texts)
    assert not missing, f"no unit has the text {missing}"
    return FORMAT.edition(document, [translations.get(text, text) for text in texts], lang)


CASES: dict[str, tuple[str, dict[str, str]]] = {
    "template-code": ("es", {  # Vue/Jinja code is markup; a span of it alone is no unit
        "Hello {{ user.name }}, you have {% if unread %}new{% endif %} messages.":
            "Hola {{ user.name }}, tiene {% if unread %}nuevos{% endif %} mensajes.",
    }),
    "link-in-sentence": ("es", {
        'Read <a href="https://example.com/report?id=3">the full report</a> before the vote.':
            'Lea <a href="https://example.com/report?id=3">el informe completo</a> antes de la votación.',
    }),
    "nested-inline": ("es", {
        'The <strong>new <em>security</em> law</strong> was <span class="hl">approved</span> on Monday.':
            'La <strong>nueva ley de <em>seguridad</em></strong> fue <span class="hl">aprobada</span> el lunes.',
    }),
    "entities": ("es", {
        'Prices rose&nbsp;5% — the highest in a decade, says '
        '<a href="/search?q=prices&amp;year=2022">the report</a>.':
            'Los precios subieron un&nbsp;5% — el nivel más alto en una década, según '
            '<a href="/search?q=prices&amp;year=2022">el informe</a>.',
        "Política & economía": "Politics & economy (AT&T, &lt;)",  # a bare & is escaped, a reference kept
    }),
    "br-in-paragraph": ("es", {
        "First line of the address<br> second line<br/>third line":
            "Primera línea de la dirección<br> segunda línea<br/>tercera línea",
    }),
    "inline-code": ("es", {
        "Call <code>translate(text)</code> and press <kbd>Enter</kbd> to start.":
            "Llame a <code>translate(text)</code> y pulse <kbd>Enter</kbd> para empezar.",
    }),
    "script-style-pre": ("es", {"The only paragraph.": "El único párrafo."}),
    "translate-no": ("es", {
        "Sign up for our weekly newsletter.": "Suscríbase a nuestro boletín semanal.",
        'We spoke to <span translate="no">Casa Blanca</span> staff about the plan.':
            'Hablamos con el personal de <span translate="no">Casa Blanca</span> sobre el plan.',
    }),
    "notranslate": ("es", {
        'The company <b class="notranslate">Green Apple</b> opened a new store.':
            'La empresa <b class="notranslate">Green Apple</b> abrió una nueva tienda.',
    }),
    "attributes": ("es", {
        "Floods hit the north": "Inundaciones en el norte",
        "Heavy rain caused floods in the north.": "Las fuertes lluvias causaron inundaciones en el norte.",
        "A flooded street": "Una calle inundada",
        'Water covered the streets <abbr title="Monday">Mon</abbr> morning.':
            'El agua cubrió las calles el <abbr title="Monday">lun.</abbr> por la mañana.',
        "Monday": "lunes",
        "Back to the home page": 'Volver a la "portada"',
        "Home page": "Portada",
        "Search the site": "Buscar en el sitio",
    }),
    "attribute-only-changes": ("es", {"A river in flood": "Un río desbordado"}),
    "comments": ("es", {
        "The mayor <!-- name checked --> resigned on Friday.": "El alcalde <!-- name checked --> dimitió el viernes.",
        "Elections follow in May.": "Las elecciones serán en mayo.",
    }),
    "omitted-end-tags": ("es", {
        "First item": "Primer elemento",
        "Second item <b>bold": "Segundo elemento <b>en negrita",
        "One paragraph": "Un párrafo",
        "Another paragraph": "Otro párrafo",
        "Term": "Término",
        "Its definition": "Su definición",
        "An unclosed division at the end": "Una división sin cerrar al final",
    }),
    "uppercase-doctype": ("es", {
        "The <A HREF=/news/today.html>news of the day</A> is here.":
            "Las <A HREF=/news/today.html>noticias del día</A> están aquí.",
        "Map": "Mapa de la zona",
    }),
    "crlf-bom": ("es", {
        "The headline": "El titular",
        "A paragraph that spans two lines.": "Un párrafo que ocupa dos líneas.",
    }),
    "figure": ("es", {
        "AFP/AHMAD SAHEL ARMAN - Fighters of the resistance in the Panjshir valley":
            "AFP/AHMAD SAHEL ARMAN - Combatientes de la resistencia en el valle del Panjshir",
        "Kabul at night": "Kabul de noche",
    }),
    "windows-1252": ("en", {
        "Política": "Politics",
        "El “año” más difícil para la economía — dijo el ministro.":
            "The “hardest” year for the economy — said the minister (≈ 3%).",
    }),
    "utf8-undeclared": ("en", {
        "Política y economía: el año en cifras.": "Politics and economy: the year in figures.",
    }),
    "language-marks": ("en", {
        "La crisis del agua": "The water crisis",
        "La sequía afecta a tres regiones.": "The drought affects three regions.",
    }),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_edition_bytes(name: str) -> None:
    lang, translations = CASES[name]
    expected = (FIXTURES / f"{name}.{lang}.html").read_bytes()
    assert edition(name, translations, lang) == expected


@pytest.mark.parametrize("path", READABLE, ids=lambda path: path.stem)
def test_untranslated_edition_is_the_source(path: Path) -> None:
    document = load(path.stem)
    texts = [segment.text for segment in document.segments]
    for lang in ("en", "es"):
        assert FORMAT.edition(document, texts, lang) == path.read_bytes()


# --- units ---


def test_a_sentence_is_one_unit_whatever_inline_tags_it_holds() -> None:
    assert units_of("link-in-sentence") == [
        ("", 'Read <a href="https://example.com/report?id=3">the full report</a> before the vote.')]
    [segment] = load("nested-inline").segments
    tags = [segment.text[start:end] for start, end in segment.markup]
    assert tags == ["<strong>", "<em>", "</em>", "</strong>", '<span class="hl">', "</span>"]


def test_references_decoded_or_kept() -> None:
    document = load("entities")
    first, second = document.segments
    assert second.text == "Política & economía"  # one text for the engine; written back as &amp;
    assert second.markup == ()
    assert [first.text[start:end] for start, end in first.markup] == [
        "&nbsp;", '<a href="/search?q=prices&amp;year=2022">', "</a>"]
    assert "—" in first.text


def test_code_script_style_pre_template_textarea_are_never_units() -> None:
    assert units_of("script-style-pre") == [("", "The only paragraph.")]
    assert units_of("inline-code") == [
        ("", "Call <code>translate(text)</code> and press <kbd>Enter</kbd> to start.")]
    [segment] = load("inline-code").segments
    assert [segment.text[start:end] for start, end in segment.markup] == [
        "<code>translate(text)</code>", "<kbd>Enter</kbd>"]


def test_translate_no_inherits_and_yes_reenables() -> None:
    assert units_of("translate-no") == [
        ("", "Sign up for our weekly newsletter."),
        ("", 'We spoke to <span translate="no">Casa Blanca</span> staff about the plan.')]
    segment = load("translate-no").segments[1]
    assert segment.plain == "We spoke to " + " " * 39 + " staff about the plan."


def test_attribute_units_and_roles() -> None:
    assert units_of("attributes") == [
        ("title", "Floods hit the north"),
        ("attribute", "Heavy rain caused floods in the north."),
        ("attribute", "Floods hit the north"),
        ("attribute", "A flooded street"),
        ("", 'Water covered the streets <abbr title="Monday">Mon</abbr> morning.'),
        ("attribute", "Monday"),
        ("attribute", "Back to the home page"),
        ("attribute", "Home page"),
        ("attribute", "Search the site"),
    ]
    assert units_of("figure") == [
        ("attribute", "resistencia-talibanes-panjshir"),
        ("caption", "AFP/AHMAD SAHEL ARMAN - Fighters of the resistance in the Panjshir valley"),
        ("attribute", "Kabul at night"),
        ("caption", "Photograph: Jane Doe/Getty Images"),
    ]
    assert units_of("crlf-bom") == [("heading", "The headline"), ("", "A paragraph that spans two lines.")]


def test_browser_parsing_loses_no_text() -> None:
    assert [text for _, text in units_of("omitted-end-tags")] == [
        "First item", "Second item <b>bold", "One paragraph", "Another paragraph", "Term", "Its definition",
        "An unclosed division at the end"]


def test_unit_lines_and_ranges() -> None:
    document = load("comments")
    assert [segment.line for segment in document.segments] == [2, 4]
    for segment in document.segments:
        assert document.source[segment.start:segment.end] == segment.text


def test_a_menu_of_links_is_a_unit_a_link() -> None:
    source = '<nav><a href="/">Home</a> | <a href="/world">World news</a></nav><p>See <a href="/a">this</a>.</p>'
    assert [unit.text for unit in fragment_units(source, 0, len(source))] == [
        "Home", "World news", 'See <a href="/a">this</a>.']


# --- decoding ---


def test_windows_1252_page() -> None:
    path = FIXTURES / "windows-1252.html"
    assert b"Pol\xedtica" in path.read_bytes()
    decoded = FORMAT.decode(path, path.read_bytes())
    assert decoded.encoding == "cp1252"
    assert "Política" in decoded.text


def test_utf8_page_without_declaration() -> None:
    path = FIXTURES / "utf8-undeclared.html"
    assert FORMAT.decode(path, path.read_bytes()).encoding == "utf-8"


def test_legacy_page_without_charset_is_refused_with_its_line() -> None:
    path = FIXTURES / "undeclared-legacy.html"
    with pytest.raises(InputError) as raised:
        FORMAT.decode(path, path.read_bytes())
    assert raised.value.line == 3
    assert "neither UTF-8 nor declares its charset" in str(raised.value)


def test_binary_file_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        FORMAT.decode(Path("x.html"), b"<p>a</p>\n\x00\x01")


def test_bom_is_kept_and_bytes_the_codec_lacks_round_trip() -> None:
    document = load("crlf-bom")
    assert document.source.startswith("\ufeff<html>\r\n")
    data = b'<meta charset="windows-1252"><p>Caf\xe9 \x81 bar</p>'
    decoded = FORMAT.decode(Path("x.html"), data)
    assert html_format.encode(decoded.text, decoded.encoding) == data


def test_charset_in_http_equiv_and_labels() -> None:
    data = b"<html><head><meta http-equiv='content-type' content='text/html; charset=ISO-8859-1'>"
    assert FORMAT.decode(Path("x.html"), data + b"<p>\xf1</p>").encoding == "cp1252"
    assert FORMAT.decode(Path("x.html"), b"<meta charset=latin1><p>\xf1</p>").text.endswith("ñ</p>")


# --- language marks ---


def test_mark_languages() -> None:
    document = load("mark-languages")
    document.lang = "en"
    plain, mixed, footer = document.segments
    plain.lang = "en"
    mixed.lang, mixed.mixed = "en", True
    spanish = mixed.text.index("que no quiere")
    mixed.spans = (Span(0, spanish - 1, "en"), Span(spanish, len(mixed.text), "es"))
    footer.lang = "es"
    expected = (FIXTURES / "mark-languages.marked.html").read_bytes()
    assert mark_languages(document) == expected


def test_mark_languages_without_anything_to_mark_is_the_source() -> None:
    document = load("mark-languages")
    document.lang = "en"
    for segment in document.segments:
        segment.lang = "en"
    assert mark_languages(document) == (FIXTURES / "mark-languages.html").read_bytes()


# --- inline codes and fragments (raw HTML inside Markdown) ---


def test_inline_codes() -> None:
    assert inline_codes('Read <a href="/x">the <b>full</b> report</a>&nbsp;now &amp; <code>f(x)</code>') == [
        '<a href="/x">', "<b>", "</b>", "</a>", "&nbsp;", "<code>", "f(x)", "</code>"]
    assert inline_codes("No markup, Política") == []


def test_fragment_units_and_changes() -> None:
    source = "# Title\n\nSome *markdown*.\n\n<div class=\"box\">\n<p>Inside the <b>box</b>.</p>\n<img alt=\"A box\" src=\"b.png\">\n</div>\n\nMore.\n"
    start = source.index("<div")
    end = source.index("</div>") + len("</div>")
    units = fragment_units(source, start, end)
    assert [(unit.text, unit.line, source[unit.start:unit.end]) for unit in units] == [
        ("Inside the <b>box</b>.", 6, "Inside the <b>box</b>."),
        ("A box", 7, "A box"),
    ]
    assert fragment_changes(source, start, end, units, [unit.text for unit in units]) == []
    changes = fragment_changes(source, start, end, units, ["Dentro de la <b>caja</b>.", 'Una "caja"'])
    assert splice(source, changes) == source.replace("Inside the <b>box</b>.", "Dentro de la <b>caja</b>.").replace(
        'alt="A box"', 'alt="Una &quot;caja&quot;"')


def test_an_unknown_reference_is_text_as_written() -> None:
    source = "<p>AT&T and R&D grew.</p>"
    [unit] = fragment_units(source, 0, len(source))
    assert (unit.text, unit.markup) == ("AT&T and R&D grew.", ())


def test_mark_languages_wraps_a_unit_that_shares_its_element_in_a_span() -> None:
    source = "<div>Hola a todos.<br><p>The main text of the page.</p></div>\n"
    document = Document(path=Path("x.html"), doc_id="x", lines=source.splitlines(), format="html", source=source,
                        lang="en")
    document.segments = [Segment(text=unit.text, line=unit.line, index=index, start=unit.start, end=unit.end,
                                 markup=unit.markup, role=unit.role, lang=lang)
                         for index, (unit, lang) in enumerate(zip(fragment_units(source, 0, len(source)), ("es", "en")))]
    assert mark_languages(document) == (
        b'<div><span lang="es">Hola a todos.</span><br><p>The main text of the page.</p></div>\n')


def test_a_utf16_page_with_a_bom_is_read_not_refused_as_binary() -> None:
    document = load("utf16-bom")  # its NUL bytes are UTF-16's, which the BOM declares
    assert document.encoding == "utf-16-le" and [s.text for s in document.segments] == ["Política y economía."]
    edition = FORMAT.edition(document, ["Politics and economy."], "en")
    assert edition.decode("utf-16") == (FIXTURES / "utf16-bom.html").read_bytes().decode("utf-16").replace(
        "Política y economía.", "Politics and economy.").replace('lang="es"', 'lang="en"')
