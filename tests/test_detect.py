from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pipeline.batch import analyse as analyse_paths
from pipeline.detect import analyse, classify_kind, detect_segment, identify_language
from pipeline.glossary import empty_glossary
from pipeline.model import Segment

from conftest import ROOT, SAMPLE, run

FIXTURES = ROOT / "tests" / "fixtures" / "detect"


@pytest.fixture(scope="module")
def sample():
    (document,) = analyse_paths([SAMPLE], empty_glossary())
    return {segment.text.split()[0] if segment.kind != "slug" else segment.text: segment for segment in document.segments}


def test_sample_segments(sample):
    assert (sample["Envíanos"].lang, sample["Envíanos"].kind) == ("es", "boilerplate")
    assert (sample["Si"].lang, sample["Si"].kind) == ("es", "boilerplate")
    for slug in ("talibanes-panjshir", "resistencia-talibanes-panjshir", "video-brigada-313-badri"):
        assert (sample[slug].kind, sample[slug].lang, sample[slug].spans) == ("slug", "und", ())
    caption = sample["AFP/AHMAD"]  # a credit, then a caption in English
    assert (caption.kind, caption.lang, caption.mixed) == ("caption", "en", False)
    according = sample["According"]
    assert (according.kind, according.lang, according.mixed) == ("prose", "en", False)
    assert [(s.start, s.end, s.lang) for s in according.spans] == [(0, len(according.text), "en")]
    assert sample["Tajikistan:"].kind == "heading"


def test_sample_footer_spans(sample):
    footer = sample["Si"]
    assert not footer.mixed and [s.lang for s in footer.spans] == ["es"]


@pytest.mark.parametrize(
    "text, kind",
    [("https://example.org/a", "url"), ("www.example.org", "url"), ("news@example.org", "url"),
     ("elpais.com/internacional/2021-09-06/panjshir.html", "url"),
     ("fuerzas-estados-unidos-afganistan", "slug"), ("/2021/09/talibanes-panjshir.html", "slug"),
     ("IMG_2034.JPG", "slug"), ("foto-talibanes-kabul.jpg", "slug"),
     ("REUTERS/John Smith - Troops in Kabul.", "caption"), ("REUTERS/John Smith", "credit"), ("Foto: Europa Press", "credit"),
     ("(Foto: EFE)", "credit"), ("© Reuters", "credit"), ("Photo by Jane Doe", "credit"),
     ("EFE/Juan Pérez", "credit"), ("By John Smith", "credit"), ("Por Juan Pérez y Ana Gil | Madrid", "credit"),
     ("Redacción", "credit"),
     ("2021", "other"), ("2 September 2021", "other"), ("15 de agosto de 2021, 10:35 h", "other"),
     ("13/10/2021", "other"), ("@diglot_news", "other"), ("#Panjshir #Afganistán", "other"),
     ("...", "other"), ("", "other"), ("   ", "other"), ("😀🙏", "other"), ("\x00\x07", "other"),
     ("A short headline", "heading"), ("Por eso el gobierno decidió actuar", "heading"),
     ("and/or the - thing", "heading"), ("A sentence that ends.", "prose")],
)
def test_kinds(text, kind):
    assert classify_kind(text) == kind


@pytest.mark.parametrize(
    "text, lang",
    [("Si conoces o tienes alguna pista en relación con una noticia", "es"),
     ("The government of Tajikistan knows these Afghan characters", "en"),
     ("O governo do Brasil anunciou novas medidas econômicas para o próximo ano", "und"),
     ("Il governo italiano ha approvato la nuova legge sul lavoro", "und"),
     ("Le gouvernement français a annoncé de nouvelles mesures pour les entreprises", "und"),
     ("!!", "und")],
)
def test_languages(text, lang):
    assert identify_language(text)[0] == lang


# Hand-checked short and mixed cases: (text, language, mixed, the words of the
# minority language). Written for this project, not taken from any data set.
HAND_CHECKED = [
    # a title-case headline: its capitals are style, not names
    ("Meta Outage Hits Facebook, Instagram and Messenger Worldwide", "en", False, []),
    ("Hola", "es", False, []),
    ("Good morning", "en", False, []),
    ("Buenos días a todos", "es", False, []),
    ("Thanks!", "en", False, []),
    ("gracias", "es", False, []),
    ("jajaja", "es", False, []),
    ("hahaha", "en", False, []),
    ("lol", "en", False, []),
    ("¿Qué pasa?", "es", False, []),
    ("te quiero mucho", "es", False, []),
    ("He said no.", "en", False, []),
    ("Ya voy", "es", False, []),
    ("See ya", "en", False, []),
    ("Thank you so much, I am ready", "en", False, []),
    ("I went to the hospital yesterday", "en", False, []),
    ("Me gusta la música normal", "es", False, []),
    # names are no change of language (in text that looks edited: see NAME_CONTEXT_WORDS)
    ("El presidente habló ayer con Bill Gates y Warren Buffett en Nueva York.", "es", False, []),
    ("Fernando Prieto Arellano, professor of journalism at the university, said the Taliban will not change.",
     "en", False, []),
    # one clear word of the other language is enough
    ("Estoy tan emocionada que ya estoy editando el vlog de mañana", "es", True, ["vlog"]),
    ("no me voy a mover hasta que termine el season", "es", True, ["season"]),
    ("Me encanta este weekend con mi familia", "es", True, ["weekend"]),
    ("Voy al gym después del trabajo", "es", True, ["gym"]),
    ("Mi clase senior es especial", "es", True, ["senior"]),
    # runs
    ("I told him que no quiero ir a la fiesta tonight", "es", True, ["I told him", "tonight"]),
    ("That was so cool, pero mañana tengo que trabajar", "es", True, ["That was so cool,"]),
    ("Can't wait para el concierto de esta noche", "es", True, ["Can't wait"]),
    ("We had tacos y enchiladas at my abuela's house", "en", True, ["tacos y enchiladas"]),
    ("jajaja you know nothing", "en", True, ["jajaja"]),
    ("Happy Monday ! #elvacilondelagatita", "en", True, ["#elvacilondelagatita"]),
]


@pytest.mark.parametrize("text, lang, mixed, minority", HAND_CHECKED)
def test_hand_checked(text, lang, mixed, minority):
    result = analyse(text)
    assert (result.lang, result.mixed) == (lang, mixed)
    assert [text[s.start : s.end] for s in result.spans if s.lang != lang] == minority
    assert all(s.lang in ("en", "es") for s in result.spans)
    assert 0.5 <= result.confidence <= 1.0


def test_spans_cover_the_text_in_order():
    text = "I told him que no quiero ir a la fiesta tonight."
    spans = analyse(text).spans
    assert [(s.lang, text[s.start : s.end]) for s in spans] == [
        ("en", "I told him"), ("es", "que no quiero ir a la fiesta"), ("en", "tonight.")]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_und_material_between_runs_is_left_out():
    text = "@maria_22 no me voy a mover hasta que termine el season https://t.co/x1"
    result = analyse(text)
    assert result.mixed
    assert result.spans[0].start == text.index("no")
    assert result.spans[-1].end == text.index(" https")


BAD_INPUTS = {
    "empty": "",
    "blank": " \t ",
    "punctuation": "¿¡...!?",
    "emoji": "😀🙏🏽❤️",
    "control characters": "\x00\x01\x1b[31m\x7f",
    "mixed scripts": "Привет мир 你好 مرحبا",
    "long word": "a" * 100_000,
    "long hashtag": "#" + "ab" * 50_000,
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_inputs_have_a_defined_answer(name):
    segment = detect_segment(Segment(text=BAD_INPUTS[name], line=1, index=0))
    assert segment.lang == "und" and not segment.mixed and segment.spans == ()
    assert segment.kind in ("other", "heading", "prose")


def test_mixed_scripts_around_latin_text():
    result = analyse("Привет! Buenos días a todos, 你好")
    assert (result.lang, result.mixed) == ("es", False)


def test_a_one_megabyte_segment():
    text = "Esto es una prueba de un texto muy largo. This is a long test text as well. " * 13_500
    assert len(text) > 1_000_000
    segment = detect_segment(Segment(text=text, line=1, index=0))
    assert segment.kind == "prose" and segment.mixed and segment.lang in ("en", "es")
    assert segment.spans[0].start == 0 and segment.spans[-1].end <= len(text)


def test_detect_json_lines(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Envíanos tus noticias\n\nresistencia-talibanes\n", encoding="utf-8")
    result = run("detect", article, "--json", "--lines")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[0]["lang"] == "es" and records[2]["kind"] == "slug"
    assert set(records[0]) == {"file", "line", "text", "kind", "lang", "confidence", "mixed", "spans"}
    assert records[0]["spans"] == [{"start": 0, "end": 21, "lang": "es"}]
    assert records[1] == {"file": str(article), "line": 2, "text": "", "kind": "other", "lang": "und",
                          "confidence": 1.0, "mixed": False, "spans": []}


def test_detect_json_mixed_spans(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("no me voy a mover hasta que termine el season\n", encoding="utf-8")
    (record,) = [json.loads(line) for line in run("detect", article, "--json").stdout.splitlines()]
    assert record["mixed"] is True and record["lang"] == "es"
    assert record["spans"] == [{"start": 0, "end": 38, "lang": "es"}, {"start": 39, "end": 45, "lang": "en"}]


def test_deterministic_across_processes():
    """Same output whatever the hash seed: nothing depends on set or hash order."""
    outputs = set()
    for seed in ("0", "1", "12345"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "detect", "--json", "--lines", str(FIXTURES / "short-and-mixed.txt"),
             str(SAMPLE)],
            capture_output=True, text=True, env=environment, cwd=ROOT, check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert len(next(iter(outputs)).splitlines()) > 40


def test_cli_help_does_not_load_the_word_lists():
    code = ("import sys; from click.testing import CliRunner; from pipeline.cli import cli; "
            "CliRunner().invoke(cli, ['--help']); import pipeline.detect as d; "
            "print(d._model.cache_info().currsize if 'pipeline.detect' in sys.modules else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "0"


@pytest.mark.parametrize(
    "text",
    ["Het kabinet heeft vandaag nieuwe maatregelen aangekondigd tegen de inflatie in Nederland.",
     "Hükümet bugün enflasyona karşı yeni önlemler açıkladı ve muhalefet bunu sert bir dille eleştirdi.",
     "Rząd ogłosił dziś nowe środki przeciwko inflacji, a opozycja ostro je skrytykowała."],
)
def test_third_languages_the_word_lists_do_not_know_are_und(text):
    """langdetect's 55 profiles decide when most words are unknown to the en/es lists."""
    assert analyse(text).lang == "und"
