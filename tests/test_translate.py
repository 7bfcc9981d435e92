"""`diglot translate` end to end on the sample, with the real Apertium engine."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest

from conftest import mark_reviewed, needs_apertium, snapshot, translate_sample

pytestmark = needs_apertium

DOC = "tajikistan-panjshir-resistance"


@pytest.fixture
def translated(translated_sample):
    return translated_sample


def catalog(workdir, lang):
    return polib.pofile(str(workdir / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po"))


def entry_starting(po, prefix):
    return next(e for e in po if e.msgid.startswith(prefix))


def test_writes_both_catalogs_and_editions(translated):
    for lang in ("en", "es"):
        assert (translated / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po").is_file()
        assert (translated / "locales" / lang / f"{DOC}.txt").is_file()


def test_spanish_footer_is_translated_into_english(translated):
    footer = entry_starting(catalog(translated, "en"), "Envíanos tus noticias")
    assert "Send us your news" in footer.msgstr
    assert footer.fuzzy
    assert "lang: es; kind: boilerplate" in footer.comment
    assert "engine: apertium" in footer.comment


def test_spanish_footer_is_copied_into_spanish_edition(translated):
    footer = entry_starting(catalog(translated, "es"), "Si conoces o tienes alguna pista")
    assert footer.msgstr == footer.msgid
    assert not footer.fuzzy
    assert "copied: already es" in footer.comment


def test_english_body_is_translated_into_spanish_with_canonical_names(translated):
    po = catalog(translated, "es")
    body = entry_starting(po, "According to a report by the Financial Times")
    assert body.fuzzy and "engine: apertium" in body.comment
    assert "Financial Times" in body.msgstr and "Dusambé" in body.msgstr
    assert "Tayikistán" in body.msgstr and "Tajikistan" not in body.msgstr
    assert "Dushanbe -> Dusambé" in body.comment
    leaders = entry_starting(po, "With the capture of the Panjshir Valley, the Taliban")
    assert "Frente de Resistencia Nacional" in leaders.msgstr or "valle del Panjshir" in leaders.msgstr


def test_every_glossary_name_in_canonical_form(translated):
    es = (translated / "locales" / "es" / f"{DOC}.txt").read_text(encoding="utf-8")
    en = (translated / "locales" / "en" / f"{DOC}.txt").read_text(encoding="utf-8")
    for spanish in ("Tayikistán", "Afganistán", "Frente de Resistencia Nacional", "Alianza del Norte", "ACNUR",
                    "Universidad Carlos III de Madrid", "Emirato Islámico", "Universidad de Georgetown",
                    "Ahmad Shah Massoud", "Amrullah Saleh", "Abdul Latif Pedram", "Emomali Rahmon"):
        assert spanish in es, spanish
    # The English edition puts the sample's variant spelling in canonical form.
    assert "GeorgeTown University" not in en and "Georgetown University" in en


def test_slugs_carried_over_and_flagged(translated):
    for lang in ("en", "es"):
        po = catalog(translated, lang)
        slug = entry_starting(po, "resistencia-talibanes-panjshir")
        assert slug.msgstr == slug.msgid and slug.fuzzy
        assert "kind: slug" in slug.comment and "check: slug: carried over unchanged" in slug.comment


def test_the_caption_after_a_photo_credit_is_translated_and_the_credit_kept(translated):
    caption = entry_starting(catalog(translated, "es"), "AFP/AHMAD SAHEL ARMAN - ")
    assert "kind: caption" in caption.comment and caption.fuzzy
    assert caption.msgstr.startswith("AFP/AHMAD SAHEL ARMAN - Movimiento de resistencia afgana ")
    assert entry_starting(catalog(translated, "en"), "AFP/AHMAD SAHEL ARMAN - ").msgstr.startswith(
        "AFP/AHMAD SAHEL ARMAN - Afghan resistance movement")


def test_entries_follow_document_order_with_references(translated):
    po = catalog(translated, "es")
    lines = [int(e.occurrences[0][1]) for e in po]
    assert lines == sorted(lines)
    assert po[0].occurrences[0][0].endswith(f"articles/{DOC}.txt")


def test_unknown_words_listed_for_reviewer(translated):
    po = catalog(translated, "es")
    assert any("unknown words: " in e.comment for e in po)
    assert not any("Zqx" in e.msgstr or "Zqx" in e.comment for e in po)


def test_rendered_edition_keeps_layout(translated, tmp_path):
    source = (translated / "articles" / f"{DOC}.txt").read_text(encoding="utf-8").splitlines()
    edition = (translated / "locales" / "es" / f"{DOC}.txt").read_text(encoding="utf-8").splitlines()
    assert [bool(line.strip()) for line in edition] == [bool(line.strip()) for line in source[: len(edition)]]
    assert "resistencia-talibanes-panjshir" in edition


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_catalogs_pass_msgfmt(translated):
    for lang in ("en", "es"):
        path = translated / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po"
        result = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_rerun_gives_byte_identical_files(tmp_path):
    assert translate_sample(tmp_path).exit_code == 0
    first = snapshot(tmp_path / "locales")
    assert translate_sample(tmp_path).exit_code == 0
    assert snapshot(tmp_path / "locales") == first


def test_reviewed_entry_kept_and_changed_source_becomes_fuzzy_with_previous_msgid(workdir):
    po_path = workdir / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    mark_reviewed(po_path, "According to a report by the Financial Times",
                  "Según el Financial Times, estos dirigentes estarían en Dusambé, la capital.")

    article = workdir / "articles" / f"{DOC}.txt"
    old_paragraph = "In this regard, Zewdie recalled that after the Taliban seizure of power"
    new_paragraph = "In this regard, Zewdie said that after the Taliban seizure of power"
    article.write_text(article.read_text(encoding="utf-8").replace(old_paragraph, new_paragraph), encoding="utf-8")

    assert translate_sample(workdir).exit_code == 0
    po = polib.pofile(str(po_path))
    kept = entry_starting(po, "According to a report by the Financial Times")
    assert kept.msgstr == "Según el Financial Times, estos dirigentes estarían en Dusambé, la capital."
    assert not kept.fuzzy
    changed = entry_starting(po, new_paragraph)
    assert changed.fuzzy
    assert changed.previous_msgid.startswith(old_paragraph)
    assert not any(e.msgid.startswith(old_paragraph) for e in po if not e.obsolete)
    edition = (workdir / "locales" / "es" / f"{DOC}.txt").read_text(encoding="utf-8")
    assert "Según el Financial Times, estos dirigentes estarían en Dusambé" in edition


def test_reviewed_work_on_a_removed_paragraph_is_kept_as_obsolete(workdir):
    po_path = workdir / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    mark_reviewed(po_path, "Indeed, in September", "De hecho, en septiembre, Tayikistán informó al ACNUR.")
    article = workdir / "articles" / f"{DOC}.txt"
    article.write_text("\n".join(line for line in article.read_text(encoding="utf-8").splitlines()
                                 if not line.startswith("Indeed, in September")), encoding="utf-8")
    assert translate_sample(workdir).exit_code == 0
    obsolete = [e for e in polib.pofile(str(po_path)) if e.obsolete]
    assert [e.msgstr for e in obsolete] == ["De hecho, en septiembre, Tayikistán informó al ACNUR."]


def test_changed_or_removed_paragraph_leaves_no_trace_of_its_untouched_copy(workdir):
    article = workdir / "articles" / f"{DOC}.txt"
    text = article.read_text(encoding="utf-8")
    text = text.replace("The Tajik president's firm stance", "The Tajik president's stance")
    article.write_text("\n".join(line for line in text.splitlines() if not line.startswith("Indeed, in September")),
                       encoding="utf-8")
    assert translate_sample(workdir).exit_code == 0
    po = catalog(workdir, "en")  # the English edition holds copies of the English paragraphs
    assert not [e for e in po if e.obsolete]
    changed = entry_starting(po, "The Tajik president's stance")
    assert changed.previous_msgid.startswith("The Tajik president's firm stance")
    assert "previous reviewed translation" not in changed.comment


def test_summary_names_counts(tmp_path):
    result = translate_sample(tmp_path)
    assert "1 documents" in result.stderr and "translated" in result.stderr
