"""`diglot review`: the HTML report, checked as text and opened in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, NAMES, mark_reviewed, needs_apertium, run, snapshot, translate_sample

DOC = "tajikistan-panjshir-resistance"
SCRIPT_ARTICLE = FIXTURES / "review" / "script-in-article.txt"

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Chromium is not installed: apt-get install chromium (see install.sh)"
)


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes, as a browser's tokenizer sees them."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def review(workdir: Path, *paths: Path, html: Path | None = None):
    html = html or workdir / "review.html"
    return run("review", *paths, "--locales", workdir / "locales", "--glossary", NAMES, "--html", html)


def translate(workdir: Path, articles: Path):
    return run("translate", articles, "--glossary", NAMES, "--locales", workdir / "locales", "--engine", "apertium")


def rows(page: str) -> dict[str, str]:
    """Row id -> its class."""
    return {attrs["id"]: attrs["class"] for attrs in Tags(page).named("tr") if attrs.get("id")}


def open_in_chromium(page: Path, screenshot: Path, fragment: str = "") -> tuple[str, list[str]]:
    """The DOM after the page's scripts ran, and every console message Chromium logged.

    With --enable-logging=stderr Chromium writes each console message (console.log
    or console.error, an uncaught exception, a Content Security Policy violation)
    as one `...:INFO:CONSOLE:N] "text", source: URL (line)` line; this page should write none.
    """
    profile = screenshot.parent / f"{screenshot.stem}-profile"
    command = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
        f"--screenshot={screenshot}", "--window-size=1400,2000", "--dump-dom", page.resolve().as_uri() + fragment,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return result.stdout, console


def keep_screenshot(screenshot: Path) -> None:
    """Also copy it to $DIGLOT_TEST_OUTPUT (a folder) when set, e.g. DIGLOT_TEST_OUTPUT=tests/output."""
    folder = os.environ.get("DIGLOT_TEST_OUTPUT")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot, Path(folder) / screenshot.name)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("review")
    result = translate_sample(workdir)
    assert result.exit_code == 0, result.output
    mark_reviewed(workdir / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po", "Tajikistan: the Panjshir",
                  "Tayikistán: el refugio seguro de la resistencia del Panjshir")
    assert review(workdir, workdir / "articles").exit_code == 0
    return workdir


@needs_apertium
@needs_chromium
def test_sample_report_in_chromium(sample, tmp_path):
    screenshot = tmp_path / "review-sample.png"
    dom, console = open_in_chromium(sample / "review.html", screenshot)
    keep_screenshot(screenshot)
    assert console == []
    body = Tags(dom).named("body")[0]
    assert body.get("data-script") == "ready"
    assert "data-filter" not in body
    assert "hidden" not in Tags(dom).named("label")[0]
    assert screenshot.stat().st_size > 50_000


@needs_apertium
@needs_chromium
def test_needs_review_link_turns_the_filter_on(sample, tmp_path):
    dom, console = open_in_chromium(sample / "review.html", tmp_path / "filtered.png", "#needs-review")
    assert console == []
    assert Tags(dom).named("body")[0].get("data-filter") == "review"


@needs_chromium
def test_console_errors_are_caught(tmp_path):
    """The check above can fail: a console error, an uncaught exception and a script that is not
    the report's own (blocked by its Content Security Policy) all show up."""
    page = tmp_path / "planted.html"
    page.write_text('<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="script-src \'none\'">'
                    "<p>planted</p><script>console.error('planted error'); nosuchfunction();</script>")
    _, console = open_in_chromium(page, tmp_path / "planted.png")
    assert any("Content Security Policy" in line for line in console), console
    page.write_text("<!DOCTYPE html><p>planted</p><script>console.error('planted error'); nosuchfunction();</script>")
    _, console = open_in_chromium(page, tmp_path / "planted.png")
    assert any('"planted error"' in line for line in console), console
    assert any("Uncaught ReferenceError: nosuchfunction is not defined" in line for line in console), console


@needs_apertium
@needs_chromium
def test_a_script_smuggled_into_the_report_is_blocked(sample, tmp_path):
    page = tmp_path / "tampered.html"
    original = (sample / "review.html").read_text(encoding="utf-8")
    page.write_text(original.replace("<main>", "<main><script>document.title = 'owned';</script>", 1))
    dom, console = open_in_chromium(page, tmp_path / "tampered.png")
    assert any("Content Security Policy" in line for line in console), console
    assert "<title>owned</title>" not in dom


@needs_apertium
def test_summary_and_review_states(sample):
    page = (sample / "review.html").read_text(encoding="utf-8")
    assert re.search(r"<b>1</b> document · <b>28</b> segments · <b>56</b> entries · <b>\d+</b> need review", page)
    classes = rows(page)
    assert classes[f"{DOC}-L3"] == "done"  # en copied, es reviewed above
    row = re.search(rf'<tr class="done" id="{DOC}-L3".*?</tr>', page).group(0)
    assert '<td class="ed copied">' in row and '<td class="ed reviewed">' in row
    assert classes[f"{DOC}-L1"] == "pending"  # es is machine output, fuzzy
    assert classes[f"{DOC}-L5"] == "pending"  # es: the caption after the credit is machine output, fuzzy
    assert '<label class="filter" hidden>' in page  # without script: no filter, every row shown


@needs_apertium
def test_glossary_terms_checks_and_unknown_words_marked(sample):
    page = (sample / "review.html").read_text(encoding="utf-8")
    assert '<mark class="term" title="glossary map: en: Tajikistan | es: Tayikistán' in page
    assert ">Tayikistán</mark>" in page and ">Tajikistan</mark>" in page
    assert '<li class="check">slug: carried over unchanged</li>' in page
    assert re.search(r'<li class="unk">unknown words: [^<]+</li>', page)
    assert '<span class="unk" title="unknown to the engine">' in page


@needs_apertium
def test_report_is_deterministic_and_self_contained(sample, tmp_path):
    again = tmp_path / "again.html"
    assert review(sample, sample / "articles", html=again).exit_code == 0
    page = again.read_text(encoding="utf-8")
    assert page == (sample / "review.html").read_text(encoding="utf-8")
    tags = Tags(page)
    assert [attrs for attrs in tags.named("script")] == [{}]
    assert not tags.named("link") and not tags.named("img")
    assert "http://" not in page and "https://" not in page


@pytest.fixture(scope="module")
def script_report(tmp_path_factory) -> str:
    """The report of an article holding markup and a mixed sentence."""
    workdir = tmp_path_factory.mktemp("script-article")
    articles = workdir / "articles"
    articles.mkdir()
    shutil.copy(SCRIPT_ARTICLE, articles)
    assert translate(workdir, articles).exit_code == 0
    assert review(workdir, articles).exit_code == 0
    return (workdir / "review.html").read_text(encoding="utf-8")


@needs_apertium
def test_markup_in_an_article_is_shown_as_text(script_report):
    page = script_report
    tags = Tags(page)
    assert len(tags.named("script")) == 1
    assert not tags.named("img") and not any("onerror" in attrs for _, attrs in tags.tags)
    assert len(tags.named("table")) == 1
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in page
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;" in page


@needs_apertium
def test_mixed_segment_spans_marked(script_report):
    page = script_report
    assert '<span class="b mixed">mixed</span>' in page
    assert re.search(r'<span class="l-en" title="en \d+-\d+">the situation is under', page)
    assert '<span class="l-es"' in page


@needs_apertium
def test_changed_source_shown_as_inline_diff(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    article = articles / "changed.txt"
    article.write_text("The Taliban seized control of the Panjshir Valley last September.\n", encoding="utf-8")
    assert translate(tmp_path, articles).exit_code == 0
    article.write_text("The Taliban took control of the Panjshir Valley in September.\n", encoding="utf-8")
    assert translate(tmp_path, articles).exit_code == 0
    assert review(tmp_path, articles).exit_code == 0
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    diff = re.search(r'<div class="diff">(.*?)</div>', page).group(1)
    assert "<del>seized</del><ins>took</ins>" in diff
    assert "<del>last</del><ins>in</ins>" in diff
    assert "Panjshir Valley" in diff


def test_report_in_a_missing_folder_is_refused(tmp_path):
    (tmp_path / "locales").mkdir()
    before = snapshot(tmp_path)
    result = review(tmp_path, SCRIPT_ARTICLE, html=tmp_path / "no-such-folder" / "review.html")
    assert result.exit_code == 2
    assert "no-such-folder" in result.stderr and "does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "no-such-folder").exists()


@needs_apertium
def test_findings_of_diglot_check_are_shown_beside_their_entry(sample, tmp_path):
    shutil.copytree(sample, tmp_path, dirs_exist_ok=True)
    po_path = tmp_path / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid.count("UNHCR") == 2)
    entry.msgstr = entry.msgstr.replace("ACNUR", "UNHCR", 1)  # half-translated, as an editor might leave it
    po.save()
    assert review(tmp_path, tmp_path / "articles").exit_code == 0
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert ("<li class=\"check\">glossary term &#x27;UNHCR&#x27; occurs 2 times in the source, its target "
            "&#x27;ACNUR&#x27; 1 time in the translation; &#x27;UNHCR&#x27; left untranslated (names.csv:32) "
            "[glossary-count]</li>") in page

MARKUP_ARTICLES = [FIXTURES / "review" / "inline-markup-page.html", FIXTURES / "review" / "inline-markup-post.md"]
LINK = '<a href="https://example.org/reports/panjshir-valley-resistance?lang=en&amp;page=2">'


@pytest.fixture(scope="module")
def markup_report(tmp_path_factory) -> Path:
    """The report of an HTML page and a Markdown post; in the page's Spanish entry an editor lost the <br>."""
    workdir = tmp_path_factory.mktemp("inline-markup")
    articles = workdir / "articles"
    articles.mkdir()
    for article in MARKUP_ARTICLES:
        shutil.copy(article, articles)
    assert translate(workdir, articles).exit_code == 0
    po_path = workdir / "locales" / "es" / "LC_MESSAGES" / "inline-markup-page.po"
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if "<br>" in e.msgid)
    entry.msgstr = entry.msgstr.replace("<br>", " ")
    po.save()
    assert review(workdir, articles).exit_code == 0
    return workdir / "review.html"


@needs_apertium
def test_inline_markup_shown_as_chips(markup_report):
    page = markup_report.read_text(encoding="utf-8")
    link_chip = (f'<span class="code" title="{escape(LINK)}">&lt;a href=&quot;https://example.org…page=2&quot;&gt;'
                 "</span>")
    assert f'Read {link_chip}the report<span class="code">&lt;/a&gt;</span> on the valley.' in page
    assert '<span class="code">&lt;br&gt;</span>The <span class="code">&lt;em&gt;</span>resistance' in page
    assert f'Lee {link_chip}el informe<span class="code">&lt;/a&gt;</span>' in page
    assert '<span class="code">**</span>Resistance<span class="code">**</span> leaders met in' in page
    assert '<span class="code">`&lt;script&gt;`</span>' in page
    assert ('<span class="code" title="](https://example.org/dushanbe &quot;Dushanbe&quot;)">'
            "](https://example.org/dushan…shanbe&quot;)</span>") in page
    assert '<li><span class="code">&lt;a href=…&gt;</span> inline markup, kept as written</li>' in page


@needs_apertium
def test_markup_of_the_articles_stays_text(markup_report):
    tags = Tags(markup_report.read_text(encoding="utf-8"))
    assert len(tags.named("script")) == 1 and not tags.named("em") and not tags.named("br")
    assert all(attrs["href"].startswith("#") for attrs in tags.named("a"))


@needs_apertium
def test_inline_markup_finding_shown_beside_its_entry(markup_report):
    page = markup_report.read_text(encoding="utf-8")
    assert ("<li class=\"check\">inline markup &#x27;&lt;br&gt;&#x27; of the source is not in the translation "
            "[inline-markup]</li>") in page


@needs_apertium
@needs_chromium
def test_markup_report_in_chromium(markup_report, tmp_path):
    screenshot = tmp_path / "review-inline-markup.png"
    dom, console = open_in_chromium(markup_report, screenshot)
    keep_screenshot(screenshot)
    assert console == []
    assert Tags(dom).named("body")[0].get("data-script") == "ready"
