from __future__ import annotations

import json

import pytest

from pipeline.batch import analyse
from pipeline.detect import classify_kind, identify_language
from pipeline.glossary import empty_glossary

from conftest import SAMPLE, run


@pytest.fixture(scope="module")
def sample():
    (document,) = analyse([SAMPLE], empty_glossary())
    return {segment.text.split()[0] if segment.kind != "slug" else segment.text: segment for segment in document.segments}


def test_sample_segments(sample):
    assert (sample["Envíanos"].lang, sample["Envíanos"].kind) == ("es", "boilerplate")
    assert (sample["Si"].lang, sample["Si"].kind) == ("es", "boilerplate")
    for slug in ("talibanes-panjshir", "resistencia-talibanes-panjshir", "video-brigada-313-badri"):
        assert (sample[slug].kind, sample[slug].lang) == ("slug", "und")
    assert (sample["AFP/AHMAD"].kind, sample["AFP/AHMAD"].lang) == ("credit", "und")
    assert (sample["According"].kind, sample["According"].lang) == ("prose", "en")
    assert sample["Tajikistan:"].kind == "heading"


@pytest.mark.parametrize(
    "text, kind",
    [("https://example.org/a", "url"), ("news@example.org", "url"), ("fuerzas-estados-unidos-afganistan", "slug"),
     ("REUTERS/John Smith - Troops in Kabul.", "credit"), ("Foto: Europa Press", "credit"), ("2021", "other"),
     ("...", "other"), ("", "other"), ("A short headline", "heading"), ("A sentence that ends.", "prose")],
)
def test_kinds(text, kind):
    assert classify_kind(text) == kind


@pytest.mark.parametrize(
    "text, lang",
    [("Si conoces o tienes alguna pista en relación con una noticia", "es"),
     ("The government of Tajikistan knows these Afghan characters", "en"),
     ("O governo do Brasil anunciou novas medidas econômicas para o próximo ano", "und"), ("!!", "und")],
)
def test_languages(text, lang):
    assert identify_language(text)[0] == lang


def test_detect_json_lines(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Envíanos tus noticias\n\nresistencia-talibanes\n", encoding="utf-8")
    result = run("detect", article, "--json", "--lines")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[0]["lang"] == "es" and records[2]["kind"] == "slug"
    assert set(records[0]) == {"file", "line", "text", "kind", "lang", "confidence", "mixed", "spans"}
    assert records[0]["spans"] == [{"start": 0, "end": 21, "lang": "es"}]
