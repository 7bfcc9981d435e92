"""The Markdown format: which units a post has, and the exact bytes of its editions.

One fixture a case in tests/fixtures/markdown/: `<case>.md` is the source and `<case>.es.md`
the Spanish edition expected when each unit's text in the test's dict is replaced by its
translation (a unit not in the dict keeps its text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.formats import frontmatter
from pipeline.formats.markdown import FORMAT
from pipeline.model import Document, Segment
from pipeline.read import read_document
from pipeline.segment import segment_document

CASES = Path(__file__).parent / "fixtures" / "markdown"
SOURCES = sorted(path for path in CASES.glob("*.md") if not path.name.endswith(".es.md")
                 and path.name != "broken-front-matter.md")


def document(path: Path, text_fields: tuple[str, ...] = ()) -> Document:
    """The Document the pipeline makes of the file: read, its segments made from the units."""
    return segment_document(read_document(path, text_fields))


def texts(doc: Document) -> list[str]:
    return [segment.text for segment in doc.segments]


def markup(segment: Segment) -> list[str]:
    return [segment.text[start:end] for start, end in segment.markup]


def assert_edition(case: str, translations: dict[str, str]) -> Document:
    doc = document(CASES / f"{case}.md")
    missing = set(translations) - set(texts(doc))
    assert not missing, f"no unit has these texts: {missing}; units: {texts(doc)}"
    edition = FORMAT.edition(doc, [translations.get(text, text) for text in texts(doc)], "es")
    assert edition.decode("utf-8") == (CASES / f"{case}.es.md").read_bytes().decode("utf-8")
    assert edition == (CASES / f"{case}.es.md").read_bytes()
    return doc


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.stem)
def test_untranslated_edition_is_the_source_byte_for_byte(path):
    doc = document(path)
    assert doc.segments, "every fixture has something to translate"
    assert FORMAT.edition(doc, texts(doc), "es") == path.read_bytes()


def test_front_matter_changes_only_text_fields_in_their_own_quoting():
    doc = assert_edition("front-matter", {
        'The valley that "never fell"': 'El valle que "nunca cayó"',
        "Fighters' last stand": "La última resistencia de los combatientes",
        # a plain value that would not read back as plain text gets double quotes
        "Resistance fighters in the Panjshir valley say they will not surrender.":
            "Combatientes del valle del Panjshir: no se rendirán.",
        "A long report from the north of the country.": "Un largo reportaje desde el norte del país.",
        "Fighters near Bazarak.": "Combatientes cerca de Bazarak.",
        "Aerial view of the valley": "Vista aérea del valle",
        "Body text.": "Texto del cuerpo.",
    })
    fields = [segment for segment in doc.segments if segment.role == "field"]
    assert [segment.line for segment in fields] == [3, 4, 5, 7, 10, 21]
    assert "the-valley-that-never-fell" not in texts(doc) and "Jane Doe" not in texts(doc)


def test_a_project_names_more_front_matter_fields():
    doc = document(CASES / "front-matter.md", ("author",))
    assert "Jane Doe" in texts(doc)


def test_front_matter_language_is_left_alone_when_nothing_is_translated():
    doc = document(CASES / "front-matter.md")
    assert b"lang: en-GB" in FORMAT.edition(doc, texts(doc), "es")


def test_broken_front_matter_names_the_file_and_line():
    path = CASES / "broken-front-matter.md"
    decoded = FORMAT.decode(path, path.read_bytes())
    doc = Document(path=path, doc_id="x", lines=[], format="markdown", source=decoded.text)
    with pytest.raises(InputError) as raised:
        FORMAT.units(doc)
    assert raised.value.path == str(path)
    assert raised.value.line == 3  # where the list that `date:` on line 4 finds unclosed opens
    assert str(raised.value).startswith(f"{path}:3: front matter is not valid YAML: while parsing a flow sequence")


def test_link_text_is_translated_and_its_destination_is_markup():
    doc = assert_edition("link-in-sentence", {
        'Read [the full report](https://example.org/report?id=7&lang=en "The report") before the vote.':
            'Lea [el informe completo](https://example.org/report?id=7&lang=en "The report") antes de la votación.',
    })
    assert markup(doc.segments[0]) == ["[", '](https://example.org/report?id=7&lang=en "The report")']


def test_reference_link_keeps_its_label_and_definition():
    doc = assert_edition("reference-link", {
        "The [United Nations][un] said so, as did [UNHCR].":
            "Las [Naciones Unidas][un] lo dijeron, como también [UNHCR].",
    })
    # a shortcut reference's text is the definition's name: it stays as written
    assert markup(doc.segments[0]) == ["[", "][un]", "[UNHCR]"]
    assert len(doc.segments) == 1  # definitions are never units


def test_image_alt_is_translated_and_its_spanish_file_name_stays():
    doc = assert_edition("image-spanish-file-name", {
        '![Taliban fighters in the Panjshir valley](/images/talibanes-panjshir.jpg "Panjshir")':
            '![Combatientes talibanes en el valle del Panjshir](/images/talibanes-panjshir.jpg "Panjshir")',
        "The image above shows ![a flag](/images/bandera-afgana.png) on a hill.":
            "La imagen de arriba muestra ![una bandera](/images/bandera-afgana.png) en una colina.",
    })
    assert [segment.role for segment in doc.segments] == ["attribute", ""]
    assert markup(doc.segments[0]) == ["![", '](/images/talibanes-panjshir.jpg "Panjshir")']


def test_table_cells_are_units_and_the_alignment_row_stays():
    doc = assert_edition("table-alignment", {
        "Country": "País", "Status": "Estado", "Iran": "Irán", "open border": "frontera abierta",
        "Pakistan": "Pakistán", "closed \\| guarded": "cerrada | vigilada",
    })
    assert "780,000" not in texts(doc)  # numbers only
    assert "Refugees" in texts(doc)


def test_list_keeps_its_start_number():
    assert_edition("list-start-3", {
        "Fighters held the valley.": "Los combatientes resistieron en el valle.",
        "Talks failed after a week.": "Las conversaciones fracasaron tras una semana.",
    })


def test_code_blocks_are_never_units():
    doc = assert_edition("fenced-code", {"Run the script:": "Ejecute el guion:"})
    assert texts(doc) == ["Run the script:"]


def test_inline_code_is_markup():
    doc = assert_edition("inline-code", {
        "Call `translate --engine auto` to start, or ``a `quoted` flag``.":
            "Llame a `translate --engine auto` para empezar, o ``a `quoted` flag``.",
    })
    assert markup(doc.segments[0]) == ["`translate --engine auto`", "``a `quoted` flag``"]


def test_hard_breaks_stay_as_written_and_soft_breaks_become_spaces():
    doc = assert_edition("hard-breaks", {
        "First line  \nsecond line\\\nthird line.": "Primera línea  \nsegunda línea\\\ntercera línea.",
        # in a quotation the line after a hard break gets its `> ` back
        "Quoted first  \nquoted second.": "Primera citada  \nsegunda citada.",
    })
    assert markup(doc.segments[0]) == ["  \n", "\\\n"]


def test_emphasis_keeps_its_style():
    doc = assert_edition("emphasis-styles", {
        "An *important* and __very bold__ claim, _this_ and **that**, ~~not this~~.":
            "Una afirmación *importante* y __muy audaz__, _esto_ y **aquello**, ~~esto no~~.",
    })
    assert markup(doc.segments[0]) == ["*", "*", "__", "__", "_", "_", "**", "**", "~~", "~~"]


def test_shortcodes_and_liquid_are_markup():
    doc = assert_edition("shortcode-liquid", {
        'See {{% ref "other-post.md" %}} and the {% include note.html %} tag, by {{ page.author }}.':
            'Vea {{% ref "other-post.md" %}} y la etiqueta {% include note.html %}, de {{ page.author }}.',
    })
    # a paragraph that is only a shortcode gives only its text parameters: here an alt that is a slug
    assert [(segment.role, segment.text) for segment in doc.segments[:1]] == [("attribute", "panjshir-valley")]
    assert markup(doc.segments[1]) == ['{{% ref "other-post.md" %}}', "{% include note.html %}", "{{ page.author }}"]


def test_a_figure_shortcodes_caption_and_alt_are_units():
    doc = assert_edition("figure-shortcode-caption", {
        "Fighters in the Panjshir valley": "Combatientes en el valle del Panjshir",
        "AFP/AHMAD SAHEL ARMAN - Afghan forces train in the valley.":
            'AFP/AHMAD SAHEL ARMAN - Fuerzas afganas entrenan en el "valle".',  # a quote is escaped: \"
        "The valley held out for weeks.": "El valle resistió semanas.",
    })
    assert [segment.role for segment in doc.segments] == ["attribute", "caption", ""]


def test_mdx_heading_id_and_jsx_components_are_markup():
    doc = assert_edition("mdx-heading-id-jsx", {
        "The plan for React 18 {/*the-plan-for-react-18*/}": "El plan para React 18 {/*the-plan-for-react-18*/}",
        "We are <Highlight>excited</Highlight> to share it.": "Estamos <Highlight>encantados</Highlight> de compartirlo.",
    })
    assert doc.segments[0].role == "heading"
    assert markup(doc.segments[0]) == ["{/*the-plan-for-react-18*/}"]


def test_crlf_and_bom_are_kept_and_language_is_marked():
    doc = assert_edition("crlf-bom", {
        "Valley report": "Informe del valle",
        "The valley": "El valle",
        "Fighters say they will not surrender.": "Los combatientes dicen que no se rendirán.",
    })
    assert doc.source.startswith("\ufeff")
    assert [segment.line for segment in doc.segments] == [2, 6, 8]


def test_not_utf8_and_nul_bytes_are_refused_with_the_line():
    with pytest.raises(InputError, match="not UTF-8") as raised:
        FORMAT.decode(Path("post.md"), b"# Title\n\nCaf\xe9\n")
    assert raised.value.line == 3
    with pytest.raises(InputError) as raised:
        FORMAT.decode(Path("post.md"), b"# Title\n\x00\n")
    assert raised.value.line == 2


def test_inline_codes_are_the_markup_in_order():
    assert FORMAT.inline_codes('See [the report](https://x.org "T") and **this** `code`.') == [
        "[", '](https://x.org "T")', "**", "**", "`code`"]
    # a translation that lost a link's destination has fewer codes
    assert FORMAT.inline_codes("Vea el informe y **esto** `code`.") == ["**", "**", "`code`"]


def test_raw_html_block_is_translated_as_html():
    doc = assert_edition("raw-html-block", {
        "Before the box.": "Antes del recuadro.",
        "The <b>valley</b> held &": "El <b>valle</b> resistió &",
        "The valley": "El valle",
        "After the box.": "Después del recuadro.",
    })
    assert "a comment stays" not in " ".join(texts(doc))


def test_footnote_markers_are_markup_and_a_setext_heading_is_one_line():
    doc = assert_edition("footnotes-and-setext", {
        "Fighters held out": "Los combatientes resistieron",
        "The valley held.[^1]": "El valle resistió.[^1]",
        "[^1]: A local commander said so.": "[^1]: Lo dijo un comandante local.",
    })
    assert [markup(segment) for segment in doc.segments] == [[], ["[^1]"], ["[^1]:"]]
    assert doc.segments[0].role == "heading"


@pytest.mark.parametrize(("text", "written"), [
    ("Sí, seguro", "Sí, seguro"),  # safe as a plain scalar: stays plain
    ("No", '"No"'),  # a YAML 1.1 boolean to Hugo's and Jekyll's readers
    ("2021", '"2021"'),  # a number
    ("- una lista", '"- una lista"'),
    ('Dijo: "no"', '"Dijo: \\"no\\""'),
])
def test_a_plain_field_stays_plain_only_when_it_reads_back_as_the_same_text(text, written):
    source = "---\ntitle: Plain\n---\n"
    path = Path("post.md")
    block = frontmatter.find_block(source, 0, path)
    (scalar,) = frontmatter.scalars(source, block, path)
    assert frontmatter.write_scalar(source, scalar, text) == (11, 16, written)


def test_lone_cr_line_endings_of_an_old_mac_file():
    doc = assert_edition("lone-cr", {"The valley": "El valle", "The valley held out for weeks.": "El valle resistió semanas."})
    assert [segment.line for segment in doc.segments] == [1, 3]


def test_toml_front_matter_of_hugo():
    doc = assert_edition("toml-front-matter", {
        "The valley held out": 'El valle "resistió"',  # a TOML basic string: the quote escaped
        "A report from Kabul": "Un informe desde Kabul",
        "The valley held out for weeks.": "El valle resistió semanas.",
    })
    assert [segment.role for segment in doc.segments] == ["field", "field", ""]
