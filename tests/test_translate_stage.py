"""The translate stage: what goes to an engine, once, and what is copied or carried over."""

from __future__ import annotations

import re
from pathlib import Path

import polib

from pipeline.catalog import GENERATOR, comment_lines
from pipeline.engines import EngineRegistry
from pipeline.engines.base import Engine
from pipeline.glossary import load_glossaries
from pipeline.memory import TranslationMemory
from pipeline.model import Document, Segment, Span, Translation
from pipeline.protect import find_terms
from pipeline.translate import translate_documents

from conftest import NAMES, needs_apertium


def diglot_catalog(**options) -> polib.POFile:
    """An empty catalog as this diglot writes them (its machine output is trusted as its own)."""
    catalog = polib.POFile(**options)
    catalog.metadata["X-Generator"] = GENERATOR
    return catalog


class RecordingEngine(Engine):
    """Upper-cases lower-case words (placeholders are capitalised) and records every
    batch; a stand-in for testing the stage only."""

    name = "recording"

    def __init__(self):
        self.batches: list[tuple[list[str], str, str]] = []

    def supports(self, source, target):
        return True

    def translate_batch(self, texts, source, target):
        self.batches.append((list(texts), source, target))
        return [re.sub(r"\b[a-z]+\b", lambda word: word.group(0).upper(), text) for text in texts]

    def describe(self, source, target):
        return "recording 1"


def registry_with(engine: Engine) -> EngineRegistry:
    registry = EngineRegistry("recording")
    registry._engines["recording"] = engine
    return registry


def document(*segments: Segment) -> Document:
    doc = Document(path=Path("a.txt"), doc_id="a", lines=[s.text for s in segments], segments=list(segments))
    find_terms(doc, load_glossaries([NAMES]))
    return doc


def prose(text: str, lang: str, line: int = 1, **fields) -> Segment:
    return Segment(text=text, line=line, index=line - 1, kind="prose", lang=lang, **fields)


def test_one_batch_per_pair_and_each_text_once():
    engine = RecordingEngine()
    doc = document(prose("hello there.", "en", 1), prose("hello there.", "en", 2), prose("hola.", "es", 3),
                   Segment("talibanes-panjshir", line=4, index=3, kind="slug", lang="und"))
    translate_documents([doc], "es", load_glossaries([NAMES]), registry_with(engine))
    assert engine.batches == [(["hello there."], "en", "es")]
    methods = [segment.translations["es"].method for segment in doc.segments]
    assert methods == ["machine", "machine", "copied", "carried"]
    assert doc.segments[3].translations["es"].flags == ("slug: carried over unchanged",)


def test_names_protected_from_the_engine_and_restored_canonical():
    engine = RecordingEngine()
    doc = document(prose("the leaders fled to Tajikistan.", "en"))
    translate_documents([doc], "es", load_glossaries([NAMES]), registry_with(engine))
    (texts, _, _), = engine.batches
    assert "Tajikistan" not in texts[0]
    assert doc.segments[0].translations["es"].text == "THE LEADERS FLED TO Tayikistán."


def test_mixed_segment_sends_only_the_other_language():
    engine = RecordingEngine()
    text = "I told him que no quiero ir"
    doc = document(prose(text, "en", mixed=True, spans=(Span(0, 10, "en"), Span(11, 27, "es"))))
    translate_documents([doc], "en", load_glossaries([NAMES]), registry_with(engine))
    (texts, source, target), = engine.batches
    assert (source, target) == ("es", "en") and "I told him" not in texts[0]
    translation = doc.segments[0].translations["en"]
    assert translation.text == "I told him QUE NO QUIERO IR"
    assert "mixed segment: es text translated, en text kept as written" in translation.flags


@needs_apertium
def test_mixed_segment_with_apertium_in_both_editions():
    text = "I told him que no quiero ir a la fiesta"
    doc = document(prose(text, "en", mixed=True, spans=(Span(0, 10, "en"), Span(11, 39, "es"))))
    registry = EngineRegistry("apertium")
    for lang in ("en", "es"):
        translate_documents([doc], lang, load_glossaries([NAMES]), registry)
    english = doc.segments[0].translations["en"].text
    spanish = doc.segments[0].translations["es"].text
    assert english.startswith("I told him") and "party" in english and "fiesta" not in english
    assert spanish.endswith("que no quiero ir a la fiesta") and "told" not in spanish


def translate_with_memory(source: str, remembered: str, comment: str) -> tuple[RecordingEngine, Translation]:
    """Translate an English prose segment into Spanish with a memory holding one machine entry for it."""
    catalog = diglot_catalog()
    catalog.append(polib.POEntry(msgid=source, msgstr=remembered, comment=comment, flags=["fuzzy"]))
    memory = TranslationMemory()
    memory.add_catalog("es", "old.po", catalog)
    engine = RecordingEngine()
    doc = document(prose(source, "en"))
    translate_documents([doc], "es", load_glossaries([NAMES]), registry_with(engine), memory)
    return engine, doc.segments[0].translations["es"]


def test_machine_output_in_memory_is_not_sent_again_and_keeps_its_notes():
    engine, translation = translate_with_memory(
        "hello there.", "HOLA ALLÍ.",
        "lang: en; kind: prose\nengine: recording 1\nunknown words: there\ncheck: look at it")
    assert engine.batches == []
    assert (translation.text, translation.method, translation.engine) == ("HOLA ALLÍ.", "machine", "recording 1")
    assert translation.unknown_words == ("there",) and translation.flags == ("look at it",)
    assert translation.from_memory


def test_machine_output_of_another_engine_is_translated_again():
    engine, translation = translate_with_memory(
        "hello there.", "hola allí.", "lang: en; kind: prose\nengine: apertium 3.8.3 eng-spa 0.8.1")
    assert engine.batches == [(["hello there."], "en", "es")]
    assert translation.text == "HELLO THERE."


def test_machine_output_made_with_other_glossary_terms_is_translated_again():
    # made before Tajikistan was in the glossary: no glossary line, the name left as the engine wrote it
    engine, translation = translate_with_memory(
        "the leaders fled to Tajikistan.", "THE LEADERS FLED TO TAJIKISTAN.",
        "lang: en; kind: prose\nengine: recording 1")
    assert len(engine.batches) == 1
    assert translation.text == "THE LEADERS FLED TO Tayikistán."


def test_wrapped_comment_is_read_as_written():
    long_line = "glossary: " + "; ".join(["vice-president of Afghanistan"] * 6)
    entry = polib.POEntry(msgid="a", msgstr="b", comment=f"lang: en; kind: prose\n{long_line}\ncheck: x")
    catalog = diglot_catalog(wrapwidth=78)
    catalog.append(entry)
    reread = polib.pofile(str(catalog))[0]
    assert reread.comment != entry.comment  # polib wrapped it
    assert comment_lines(reread) == entry.comment.split("\n")


def test_machine_output_equal_to_its_source_is_remembered_too():
    engine, translation = translate_with_memory("2012.", "2012.", "lang: en; kind: prose\nengine: recording 1")
    assert engine.batches == [] and translation.from_memory


def test_machine_output_made_in_this_run_wins_over_an_older_catalog():
    source = "the leaders fled to Tajikistan."
    made_now, older = diglot_catalog(), diglot_catalog()
    made_now.append(polib.POEntry(msgid=source, msgstr="NEW.", comment="engine: recording 1", flags=["fuzzy"]))
    older.append(polib.POEntry(msgid=source, msgstr="OLD.", comment="engine: recording 0", flags=["fuzzy"]))
    memory = TranslationMemory()
    memory.add_catalog("es", "a.po", made_now, made_now=True)
    memory.add_catalog("es", "b.po", older)  # a later document's own catalog, recalled before its chunk
    assert memory.machine_output("es", source).text == "NEW."


def test_a_run_shortens_the_switch_interval_while_it_runs_and_restores_it(tmp_path):
    import sys

    from pipeline.batch import SWITCH_INTERVAL, run_translate

    seen = []

    class Watching(RecordingEngine):
        def translate_batch(self, texts, source, target):
            seen.append(sys.getswitchinterval())
            return super().translate_batch(texts, source, target)

    article = tmp_path / "a.txt"
    article.write_text("The leaders fled to the mountains.\n\nLos líderes huyeron a las montañas.\n", encoding="utf-8")
    before = sys.getswitchinterval()
    run_translate([article], ["en", "es"], load_glossaries([NAMES]), tmp_path / "locales", registry_with(Watching()))
    assert seen and all(interval == SWITCH_INTERVAL for interval in seen)
    assert sys.getswitchinterval() == before


def test_the_engine_translates_the_next_chunk_while_a_chunk_is_written(tmp_path, monkeypatch):
    import threading

    import pipeline.batch as batch

    engine = RecordingEngine()
    next_chunk_sent = threading.Event()
    real_translate_batch = engine.translate_batch

    def translate_batch(texts, source, target):
        if any("second" in text for text in texts):
            next_chunk_sent.set()
        return real_translate_batch(texts, source, target)

    engine.translate_batch = translate_batch
    waited = []
    real_write = batch.write_atomic

    def write_atomic(path, data):
        if not waited:  # the first chunk's first file: held until the engine has the second chunk
            waited.append(next_chunk_sent.wait(timeout=10))
        return real_write(path, data)

    monkeypatch.setattr(batch, "write_atomic", write_atomic)
    for name in ("first", "second"):  # one chunk each: the first chunk ends at 25 segments
        lines = [f"the {name} article, paragraph {number}." for number in range(batch.SEGMENTS_FIRST_CHUNK)]
        (tmp_path / f"{name}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    batch.run_translate([tmp_path / "first.txt", tmp_path / "second.txt"], ["es"], load_glossaries([NAMES]),
                        tmp_path / "locales", registry_with(engine))
    assert waited == [True]  # a run that wrote before translating on would have waited in vain
    assert {path.name for path in (tmp_path / "locales" / "es").glob("*.txt")} == {"first.txt", "second.txt"}
