"""The detector's word index (pipeline/wordindex.py) against the word lists it is built from."""

from __future__ import annotations

import importlib.util

import pytest

import pipeline.wordindex as wordindex
from pipeline.detect import LANGDATA
from pipeline.wordindex import LN10_CB, index_bytes, load_index


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("langdata_build", LANGDATA / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_index_is_the_one_the_word_lists_give(build, tmp_path):
    rebuilt = build.build_index(LANGDATA, tmp_path)
    assert rebuilt.read_bytes() == (LANGDATA / build.INDEX).read_bytes()


def test_listed_words_get_their_lists_values_and_others_none(build):
    index = load_index(LANGDATA / build.INDEX)
    words, centibels, grams, gram_centibels, unseen = build.read_table(LANGDATA / "es.words.gz")
    spanish, english = index.table("es"), index.table("en")
    for word, value in list(zip(words, centibels))[::997]:
        assert spanish.get(word) == value * LN10_CB and word in spanish
    assert spanish.get("zzqxv") is None and "zzqxv" not in spanish and english.get("zzqxv", -1.0) == -1.0
    only_spanish = next(word for word in words if word not in english)
    assert spanish.get(only_spanish) is not None and index.values(only_spanish)["en"] is None
    assert index.values("zzqxv") == dict.fromkeys(index.langs)
    assert index.trigrams["es"][grams[0]] == gram_centibels[0] * LN10_CB
    assert index.unseen["es"] == unseen * LN10_CB


def test_two_words_with_one_hash_are_refused(monkeypatch):
    monkeypatch.setattr(wordindex, "word_hash", lambda word: 7)
    table = (["casa", "perro"], [-300, -400], ["<ca"], [-100], -900)
    with pytest.raises(ValueError, match="share a hash"):
        index_bytes({"es": table})


def test_an_index_reads_back_what_it_was_built_from(tmp_path):
    tables = {"en": (["house", "the"], [-350, -130], ["<ho", "the"], [-200, -150], -800),
              "es": (["casa", "the"], [-320, -600], ["<ca"], [-180], -790)}
    path = tmp_path / "words.index"
    path.write_bytes(index_bytes(tables))
    index = load_index(path)
    assert index.values("the") == {"en": -130 * LN10_CB, "es": -600 * LN10_CB}
    assert index.values("casa") == {"en": None, "es": -320 * LN10_CB}
    assert index.trigrams == {"en": {"<ho": -200 * LN10_CB, "the": -150 * LN10_CB}, "es": {"<ca": -180 * LN10_CB}}


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "words.index"
    path.write_bytes(b'{"format": "something else"}\n')
    with pytest.raises(ValueError, match="not a diglot-wordindex 1 file"):
        load_index(path)
