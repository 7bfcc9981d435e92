"""HTML pages and Markdown posts end to end: real parsers, the real Apertium engine.

The format modules' own tests (test_format_html.py, test_format_markdown.py)
assert exact edition bytes for given translations; these check what the whole
pipeline makes of a page: which edition changes where, what a catalog entry
shows, what `diglot check` says, and that the committed sample editions are
what diglot writes today.
"""

from __future__ import annotations

import re
import shutil

import polib
import pytest

from conftest import FIXTURES, NAMES, ROOT, needs_apertium, run, snapshot
from pipeline.protect import PLACEHOLDER_RESIDUE_RE

pytestmark = needs_apertium

PAGES = FIXTURES / "formats"
FOOTER = "Si conoces alguna pista en relación con una noticia, no dudes en hacérnosla llegar."
LINK = '<a href="https://www.ft.com/content/x?utm_source=site&amp;utm_medium=link">'


def translate(articles, locales, *extra):
    return run("translate", articles, "--glossary", NAMES, "--locales", locales, "--engine", "apertium", *extra)


@pytest.fixture(scope="module")
def translated(tmp_path_factory):
    """The page and the post translated once into both editions."""
    workdir = tmp_path_factory.mktemp("formats")
    shutil.copytree(PAGES, workdir / "articles")
    result = translate(workdir / "articles", workdir / "locales")
    assert result.exit_code == 0, result.output
    return workdir


def edition(workdir, lang, name):
    return (workdir / "locales" / lang / name).read_text(encoding="utf-8")


def entry_starting(workdir, lang, doc_id, prefix):
    po = polib.pofile(str(workdir / "locales" / lang / "LC_MESSAGES" / f"{doc_id}.po"))
    return next(entry for entry in po if entry.msgid.startswith(prefix))


def test_editions_keep_the_input_format(translated):
    for lang in ("en", "es"):
        assert (translated / "locales" / lang / "article.html").is_file()
        assert (translated / "locales" / lang / "post.md").is_file()
        assert not list((translated / "locales" / lang).glob("*.txt"))


def test_english_edition_of_the_english_page_changes_only_the_spanish_footer(translated):
    source = (PAGES / "article.html").read_text(encoding="utf-8")
    english = edition(translated, "en", "article.html")
    footer = entry_starting(translated, "en", "article", "Si conoces")
    assert footer.msgstr and footer.msgstr != FOOTER
    assert english == source.replace(FOOTER, footer.msgstr)


def test_spanish_edition_of_the_page_translates_text_and_keeps_markup(translated):
    spanish = edition(translated, "es", "article.html")
    assert '<html lang="es">' in spanish
    assert spanish.count(LINK) == 1 and spanish.count("</a>") == 1
    assert re.search(r"<em>\w+</em>", spanish)
    for kept in ('<script>if (a < b && c > d) { track("the page"); }</script>',
                 "<pre>apertium eng-spa &lt; article.txt</pre>", "<!-- the article -->",
                 'src="/uploads/talibanes-panjshir.jpg" alt="talibanes-panjshir"', FOOTER):
        assert kept in spanish, kept
    assert "According to a report" not in spanish and "<title>Tayikistán" in spanish
    assert not PLACEHOLDER_RESIDUE_RE.search(spanish)


def test_a_catalog_entry_shows_the_inline_markup_as_written(translated):
    entry = entry_starting(translated, "es", "article", "According to a report")
    assert LINK in entry.msgid and "<em>refuge</em>" in entry.msgid
    assert LINK in entry.msgstr and entry.msgstr.count("</a>") == 1
    assert entry.occurrences == [((translated / "articles" / "article.html").as_posix(), "12")]


def test_spanish_edition_of_the_post_keeps_front_matter_code_and_links(translated):
    spanish = edition(translated, "es", "post.md")
    for kept in ("# the site's build reads these keys\n", "date: 2021-10-11\n", "slug: panjshir-resistance\n",
                 "tags: [afganistan, talibanes]\n", '(https://www.ft.com/content/x "FT")',
                 "![talibanes-panjshir](/images/talibanes-panjshir.jpg)",
                 "```sh\napertium eng-spa < article.txt\n```", FOOTER):
        assert kept in spanish, kept
    title = re.search(r'^title: "(.*)"$', spanish, re.MULTILINE)
    assert title and "resistance" not in title.group(1) and "Panjshir" in title.group(1)
    assert re.search(r"\*\*\w+\*\*", spanish) and not PLACEHOLDER_RESIDUE_RE.search(spanish)


def test_english_edition_of_the_post_changes_only_the_spanish_paragraph(translated):
    source = (PAGES / "post.md").read_text(encoding="utf-8")
    footer = entry_starting(translated, "en", "post", "Si conoces")
    assert edition(translated, "en", "post.md") == source.replace(FOOTER, footer.msgstr)


def test_check_passes_and_finds_an_editors_broken_link(translated, tmp_path):
    result = run("check", "--locales", translated / "locales", "--glossary", NAMES)
    assert result.exit_code == 0, result.output
    locales = tmp_path / "locales"
    shutil.copytree(translated / "locales", locales)
    path = locales / "es" / "LC_MESSAGES" / "article.po"
    po = polib.pofile(str(path))
    entry = next(entry for entry in po if entry.msgid.startswith("According to a report"))
    entry.msgstr = entry.msgstr.replace(LINK, '<a href="https://www.ft.com/">')
    po.save()
    result = run("check", "--locales", locales, "--glossary", NAMES)
    assert result.exit_code == 1
    assert f"inline markup '{LINK}' of the source is not in the translation [inline-markup]" in result.output
    assert "inline markup '<a href=\"https://www.ft.com/\">' is not in the source [inline-markup]" in result.output


def test_a_second_run_writes_nothing_and_keeps_every_byte(translated, tmp_path):
    shutil.copytree(translated, tmp_path, dirs_exist_ok=True)
    before = snapshot(tmp_path / "locales")
    result = translate(tmp_path / "articles", tmp_path / "locales")
    assert result.exit_code == 0 and "(2 already up to date)" in result.stderr, result.output
    assert snapshot(tmp_path / "locales") == before


def test_the_committed_sample_editions_are_what_diglot_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # as the README runs it: `diglot translate samples/`, the project's glossaries
    result = run("translate", "samples/", "--locales", tmp_path / "locales")
    assert result.exit_code == 0, result.output
    assert snapshot(tmp_path / "locales") == snapshot(ROOT / "locales")


def test_detect_marks_the_spanish_footer_of_an_english_page(tmp_path):
    result = run("detect", PAGES / "article.html", "--mark-lang", tmp_path)
    assert result.exit_code == 0, result.output
    source = (PAGES / "article.html").read_text(encoding="utf-8")
    marked = (tmp_path / "article.html").read_text(encoding="utf-8")
    assert marked == source.replace(f"<p>{FOOTER}</p>", f'<p lang="es">{FOOTER}</p>')
    assert "article.html:16\tboilerplate\tes" in result.output


def test_detect_mark_lang_wants_html(tmp_path):
    result = run("detect", PAGES / "post.md", "--mark-lang", tmp_path)
    assert result.exit_code == 2 and "--mark-lang writes HTML pages" in result.output


def test_the_other_commands_read_pages_and_posts(translated, tmp_path):
    articles, locales = translated / "articles", translated / "locales"
    detected = run("detect", articles, "--json")
    assert detected.exit_code == 0 and '"file":' in detected.output and "post.md" in detected.output
    review = run("review", articles, "--locales", locales, "--html", tmp_path / "review.html", "--glossary", NAMES)
    assert review.exit_code == 0, review.output
    suggest = run("glossary", "suggest", articles, "--locales", locales, "--glossary", NAMES)
    assert suggest.exit_code == 0, suggest.output
    exported = run("export", "--locales", locales, "--xliff", tmp_path / "xliff")
    assert exported.exit_code == 0 and (tmp_path / "xliff" / "article.es.xlf").is_file()


def test_a_project_names_more_front_matter_fields(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "post.md").write_text("---\ntitle: The valley\nteaser: The last stronghold\n---\n\n"
                                                   "The valley remains the last stronghold.\n", encoding="utf-8")
    (tmp_path / "diglot.toml").write_text('[markdown]\ntext-fields = ["teaser"]\n', encoding="utf-8")
    assert translate("articles", "locales", "--to", "es").exit_code == 0
    spanish = (tmp_path / "locales" / "es" / "post.md").read_text(encoding="utf-8")
    assert "teaser: El último baluarte\n" in spanish, spanish
    (tmp_path / "diglot.toml").write_text('[markdown]\ntext-field = ["teaser"]\n', encoding="utf-8")
    refused = translate("articles", "locales", "--to", "es")
    assert refused.exit_code == 2 and "diglot.toml: error: unknown setting 'text-field' in [markdown]" in refused.stderr


def test_urls_paths_and_file_names_in_the_text_are_markup(tmp_path):
    from pipeline.read import read_document
    from pipeline.segment import segment_document

    post = tmp_path / "post.md"
    post.write_text("See /post/presentaciones-accesibles/ and talibanes-panjshir.jpg at www.ft.com, "
                    "[the report](https://ft.com/x) and 24/7 news.\n", encoding="utf-8")
    [segment] = segment_document(read_document(post)).segments
    assert [segment.text[start:end] for start, end in segment.markup] == [
        "/post/presentaciones-accesibles/", "talibanes-panjshir.jpg", "www.ft.com", "[", "](https://ft.com/x)"]


def test_a_post_is_edited_text_so_a_name_is_no_switch(tmp_path):
    from pipeline.detect import detect_document
    from pipeline.read import read_document
    from pipeline.segment import segment_document

    post = tmp_path / "resumen.md"
    post.write_text("# Resumen de React Conf 2021\n\nEl equipo presentó la versión 18 de la biblioteca.\n",
                    encoding="utf-8")
    heading, paragraph = detect_document(segment_document(read_document(post))).segments
    assert (heading.lang, heading.mixed) == ("es", False)
    assert (paragraph.lang, paragraph.mixed) == ("es", False)
