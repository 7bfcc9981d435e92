"""Review work survives edits: reviewed translations remembered sentence by sentence.

Each case is a folder of tests/fixtures/memory/: the article before (`before.txt`), the
editor's reviewed Spanish of each paragraph (`reviewed.es.txt`, one a line), the article
after the reporter's edit (`after.txt`, or `other.txt`: another article), and what the new
entry must hold (`expect.json`: reviewed sentences kept verbatim, or the exact msgstr, and
the comment telling the editor which sentences are new). Real Apertium, real catalogs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, needs_apertium, run
from pipeline.align import sure_links
from pipeline.sentences import split_sentences

pytestmark = needs_apertium
CASES = FIXTURES / "memory"


def translate(workdir: Path):
    result = run("translate", workdir / "articles", "--to", "es", "--engine", "apertium",
                 "--locales", workdir / "locales")
    assert result.exit_code == 0, result.output
    return result


def catalog(workdir: Path, doc_id: str) -> polib.POFile:
    return polib.pofile(str(workdir / "locales" / "es" / "LC_MESSAGES" / f"{doc_id}.po"))


def review(workdir: Path, translations: list[str]) -> None:
    """What an editor does: each entry's msgstr corrected, its fuzzy flag removed."""
    po = catalog(workdir, "news")
    for entry, text in zip([entry for entry in po if not entry.obsolete], translations, strict=True):
        entry.msgstr, entry.flags = text, []
    po.save()


def reviewed_article(workdir: Path, article: Path, reviewed: list[str], name: str = "news.txt") -> None:
    """The article translated once and every entry of its catalog reviewed, as an editor would."""
    (workdir / "articles").mkdir()
    shutil.copy(article, workdir / "articles" / name)
    translate(workdir)
    review(workdir, reviewed)


def reviewed_lines(folder: Path) -> list[str]:
    return (folder / "reviewed.es.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(params=sorted(path.name for path in CASES.iterdir()))
def case(request, tmp_path):
    folder = CASES / request.param
    reviewed_article(tmp_path, folder / "before.txt", reviewed_lines(folder))
    if (folder / "after.txt").exists():
        shutil.copy(folder / "after.txt", tmp_path / "articles" / "news.txt")
        doc_id = "news"
    else:
        shutil.copy(folder / "other.txt", tmp_path / "articles" / "other.txt")
        doc_id = "other"
    translate(tmp_path)
    return catalog(tmp_path, doc_id), json.loads((folder / "expect.json").read_text(encoding="utf-8"))


def test_reviewed_sentences_survive_the_edit(case):
    po, expect = case
    entries = [entry for entry in po if not entry.obsolete]
    first = entries[0]
    for sentence in expect.get("kept", []):
        assert sentence in first.msgstr, first.msgstr
    if "exact" in expect:
        assert first.msgstr == expect["exact"]
    if "exact_2" in expect:
        assert entries[1].msgstr == expect["exact_2"]
    if "note" in expect:
        assert f"check: {expect['note']}" in first.comment.split("\n"), first.comment
    assert all(entry.fuzzy for entry in entries), "built from reviewed sentences: an editor looks again"


def test_a_changed_paragraph_keeps_its_history_and_sends_one_sentence(tmp_path):
    folder = CASES / "middle-sentence-changed"
    reviewed_article(tmp_path, folder / "before.txt", reviewed_lines(folder))
    shutil.copy(folder / "after.txt", tmp_path / "articles" / "news.txt")
    translate(tmp_path)
    [entry] = [entry for entry in catalog(tmp_path, "news") if not entry.obsolete]
    assert entry.previous_msgid == (folder / "before.txt").read_text(encoding="utf-8").strip()
    assert "engine: apertium" in entry.comment
    new = split_sentences(entry.msgstr)[1]
    assert new not in (folder / "reviewed.es.txt").read_text(encoding="utf-8")  # the engine's, for the new one


@pytest.mark.parametrize("source, target, expected", [
    (["One two three four.", "Five six seven.", "Eight nine."], ["Uno dos tres cuatro.", "Cinco seis siete.", "Ocho nueve."],
     [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3)]),
    (["The valley fell in September after weeks of fighting.", "The leaders fled to Tajikistan with their families."],
     ["El valle cayó en septiembre tras semanas de combates y los dirigentes huyeron a Tayikistán con sus familias."],
     [(0, 2, 0, 1)]),
    (["Short.", "Another short one."], ["Una traducción que no tiene nada que ver con el original, mucho más larga."], []),
])
def test_alignment_keeps_sure_links_only(source, target, expected):
    links = sure_links(source, target)
    assert [(l.source_start, l.source_end, l.target_start, l.target_end) for l in links] == expected


@pytest.mark.parametrize("text, suggested", [
    ("The valley fell in September after weeks of heavy fighting and shelling.", True),  # 84% like a reviewed one
    ("The river flooded the town in spring and nobody could leave.", False),
])
def test_a_similar_reviewed_sentence_is_suggested_beside_the_engines_output(tmp_path, text, suggested):
    folder = CASES / "middle-sentence-changed"
    reviewed_article(tmp_path, folder / "before.txt", reviewed_lines(folder))
    (tmp_path / "articles" / "third.txt").write_text(text + "\n", encoding="utf-8")
    translate(tmp_path)
    [entry] = [entry for entry in catalog(tmp_path, "third") if not entry.obsolete]
    lines = entry.comment.split("\n")
    if suggested:
        assert "match: 84% reviewed in news.po" in lines
        assert "match translation: El valle cayó en septiembre tras semanas de combates." in lines
        assert entry.fuzzy and entry.msgstr != "El valle cayó en septiembre tras semanas de combates."
    else:
        assert not any(line.startswith("match") for line in lines)


def test_reviewed_sentences_with_inline_markup_survive_an_edit_of_a_page(tmp_path):
    pages = FIXTURES / "memory-html"
    reviewed = ('El valle cayó en septiembre tras semanas de combates. Los dirigentes huyeron a '
                '<a href="/tj">Tayikistán</a> con sus familias. Dusambé les dio <em>refugio</em> en la capital.')
    reviewed_article(tmp_path, pages / "before.html", [reviewed], name="news.html")
    shutil.copy(pages / "after.html", tmp_path / "articles" / "news.html")
    translate(tmp_path)
    [entry] = [entry for entry in catalog(tmp_path, "news") if not entry.obsolete]
    assert entry.msgstr.endswith('Los dirigentes huyeron a <a href="/tj">Tayikistán</a> con sus familias. '
                                 'Dusambé les dio <em>refugio</em> en la capital.')
    assert "check: sentences 2, 3 reviewed in news.po; sentence 1 new, from the engine: review it" in entry.comment
    edition = (tmp_path / "locales" / "es" / "news.html").read_text(encoding="utf-8")
    assert f"<p>{entry.msgstr}</p>" in edition
