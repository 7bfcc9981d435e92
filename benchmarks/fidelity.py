"""Faithful editions (issue 11): what an edition changes that it should not.

    python benchmarks/fidelity.py [--only editions,casing,miami] [--limit N] [--examples N]

Every table runs diglot's own stages (`diglot translate` through run_translate,
`diglot mt` through translate_lines) with the Apertium engine, so it measures
whatever the checkout holds. Input: ../shared/data (exits with status 2 when absent).

  editions  Own-language editions of single-language text: every line of
            newstest 2011/2012, TICO-19 test and Tatoeba's long lines (LONG_WORDS
            words or more, labelled with the file's language) is one paragraph
            of a document, translated with no glossary into the edition of its
            own language only (.eng --to en, .spa --to es). Per set: paragraphs,
            share the detector flagged mixed, share it gave the other language,
            share whose edition text differs from the source line, share of
            entries marked fuzzy; examples of altered paragraphs around the change.
            Lines are whitespace-normalised first (as diglot's segments are).
  casing    Sentences of newstest 2011/2012 (split with diglot's sentence
            splitter) that begin with one of PLACES, translated into the other
            language with a glossary of PLACES (`map` rows, written to a scratch
            CSV) and without. Counted: the word after the restored name is
            capitalised although the same word occurs capitalised nowhere in
            the engine's output without the glossary.
  miami     Bangor Miami dev, mixed utterances with an English translation and
            MIN_WORDS tokens or more: chrF of the English edition (`translate
            --to en`, one paragraph an utterance, no glossary) and of the whole
            utterance translated es->en, against the corpus' `en`; examples of
            utterances the edition left as they were.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from itertools import chain, zip_longest
from pathlib import Path

from _signature import file_hash, print_table, require_data, signature, text_hash
from detection import detector_data

from pipeline.batch import run_translate, translate_lines
from pipeline.catalog import catalog_path, comment_lines, load_catalog, source_language
from pipeline.engines import EngineRegistry
from pipeline.engines.argos import split_sentences
from pipeline.glossary import empty_glossary, load_glossaries

PARAGRAPHS_PER_DOCUMENT = 50
LONG_WORDS = 10
MIN_WORDS = 3
TARGET_DIFFERS, TARGET_MIXED = 0.001, 0.005
TATOEBA = "tatoeba/tatoeba-test-v2021-08-07"
EDITION_SETS = (  # (set, file, the file's language)
    ("newstest2011", "newstest/newstest2011.eng", "en"),
    ("newstest2011", "newstest/newstest2011.spa", "es"),
    ("newstest2012", "newstest/newstest2012.eng", "en"),
    ("newstest2012", "newstest/newstest2012.spa", "es"),
    ("tico19 test", "tico19/tico19-test.eng", "en"),
    ("tico19 test", "tico19/tico19-test.spa", "es"),
    (f"tatoeba >= {LONG_WORDS} words", f"{TATOEBA}.eng", "en"),
    (f"tatoeba >= {LONG_WORDS} words", f"{TATOEBA}.spa", "es"),
)
NEWS = {"newstest/newstest2011.eng": "en", "newstest/newstest2011.spa": "es",
        "newstest/newstest2012.eng": "en", "newstest/newstest2012.spa": "es"}
OTHER = {"en": "es", "es": "en"}
LABELS = {"eng": "en", "spa": "es"}  # Tatoeba's language labels
PLACES = (  # (English, Spanish): countries and cities whose names differ
    ("Spain", "España"), ("France", "Francia"), ("Germany", "Alemania"), ("England", "Inglaterra"),
    ("Italy", "Italia"), ("Greece", "Grecia"), ("Japan", "Japón"), ("Russia", "Rusia"),
    ("Brazil", "Brasil"), ("Mexico", "México"), ("Canada", "Canadá"), ("Egypt", "Egipto"),
    ("Libya", "Libia"), ("Syria", "Siria"), ("Turkey", "Turquía"), ("Ireland", "Irlanda"),
    ("Belgium", "Bélgica"), ("Switzerland", "Suiza"), ("Sweden", "Suecia"), ("Poland", "Polonia"),
    ("Iran", "Irán"), ("Iraq", "Irak"), ("Afghanistan", "Afganistán"), ("Pakistan", "Pakistán"),
    ("United States", "Estados Unidos"), ("London", "Londres"), ("Paris", "París"),
    ("Moscow", "Moscú"), ("Brussels", "Bruselas"), ("Berlin", "Berlín"), ("Athens", "Atenas"),
    ("New York", "Nueva York"), ("Catalonia", "Cataluña"), ("Seville", "Sevilla"),
)


def normalised_lines(path: Path) -> list[str]:
    return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]


def edition_entries(paragraphs: list[str], lang: str, engines: EngineRegistry) -> list:
    """Each paragraph's entry in the `lang` catalog after `diglot translate --to lang`, no
    glossary, over documents of PARAGRAPHS_PER_DOCUMENT paragraphs, a blank line between them."""
    with tempfile.TemporaryDirectory() as scratch:
        articles, locales = Path(scratch, "articles"), Path(scratch, "locales")
        articles.mkdir()
        documents = []
        for start in range(0, len(paragraphs), PARAGRAPHS_PER_DOCUMENT):
            documents.append(f"doc-{len(documents) + 1:05d}")
            text = "\n\n".join(paragraphs[start:start + PARAGRAPHS_PER_DOCUMENT]) + "\n"
            (articles / f"{documents[-1]}.txt").write_text(text, encoding="utf-8")
        run_translate([articles], [lang], empty_glossary(), locales, engines)
        entries = [entry for document in documents for entry in load_catalog(catalog_path(locales, lang, document))
                   if not entry.obsolete]
    if [entry.msgid for entry in entries] != paragraphs:
        raise SystemExit("the catalogs' entries do not match the paragraphs one to one")
    return entries


def edition_text(entry) -> str:
    return entry.msgstr or entry.msgid  # what render_edition writes


def flagged_mixed(entry) -> bool:
    return "; mixed: " in comment_lines(entry)[0]


# --- editions -----------------------------------------------------------------


def set_paragraphs(relative: str, lang: str, limit: int | None) -> list[str]:
    """The file's non-empty lines; for Tatoeba, the long ones labelled with the file's language."""
    lines = normalised_lines(require_data(relative)[0])
    if relative.startswith(TATOEBA):
        labels = normalised_lines(require_data(relative + ".labels")[0])
        lines = [line for line, label in zip(lines, labels, strict=True)
                 if LABELS.get(label) == lang and len(line.split()) >= LONG_WORDS]
    return [line for line in lines if line][:limit]


def around_difference(source: str, edition: str, context: int = 30, most: int = 160) -> tuple[str, str]:
    """Both texts cut to the span where they differ, with `context` characters either side."""
    changes = [op for op in difflib.SequenceMatcher(None, source, edition, autojunk=False).get_opcodes()
               if op[0] != "equal"]
    first, last = changes[0], changes[-1]
    return (_fragment(source, first[1], last[2], context, most),
            _fragment(edition, first[3], last[4], context, most))


def _fragment(text: str, start: int, end: int, context: int, most: int) -> str:
    start, end = max(0, start - context), min(len(text), end + context, max(0, start - context) + most)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def why_changed(entry, lang: str) -> str:
    detected = source_language(entry)
    return "mixed" if flagged_mixed(entry) else f"detected {detected}" if detected != lang else "?"


def table_editions(engines: EngineRegistry, limit: int | None, examples: int) -> None:
    print("## Own-language editions: single-language lines, translate --to the file's own language, no glossary")
    rows, altered, inputs, total = [], [], {}, 0
    for name, relative, lang in EDITION_SETS:
        paragraphs = set_paragraphs(relative, lang, limit)
        entries = edition_entries(paragraphs, lang, engines)
        changed = [entry for entry in entries if edition_text(entry) != entry.msgid]
        count = len(entries)
        rows.append([name, Path(relative).name, f"--to {lang}", count,
                     _percent(sum(map(flagged_mixed, entries)), count),
                     _percent(sum(source_language(entry) == OTHER[lang] for entry in entries), count),
                     len(changed), _percent(len(changed), count),
                     _percent(sum(entry.fuzzy for entry in entries), count)])
        altered.append([(relative, lang, entry) for entry in changed])
        inputs[Path(relative).name] = text_hash(paragraphs)
        total += count
    print_table(["set", "file", "edition", "paragraphs", "mixed %", "other lang %", "differ", "differ %",
                 "fuzzy %"], rows)
    print(f"targets: differ <= {TARGET_DIFFERS:.1%}, mixed <= {TARGET_MIXED:.1%}; Tatoeba: lines of "
          f"{LONG_WORDS} or more words whose label is the file's language")
    _print_altered(altered, examples)
    print(_signature_line(engines, inputs, total, paragraphs_per_document=PARAGRAPHS_PER_DOCUMENT))


def _print_altered(altered: list[list[tuple[str, str, object]]], examples: int) -> None:
    """Up to `examples` altered paragraphs, taken from each set in turn."""
    chosen = [item for item in chain.from_iterable(zip_longest(*altered)) if item is not None][:examples]
    if chosen:
        print(f"altered paragraphs ({len(chosen)} of {sum(map(len, altered))}; source -> edition):")
    for relative, lang, entry in chosen:
        source, edition = around_difference(entry.msgid, edition_text(entry))
        print(f"  {Path(relative).name} [{why_changed(entry, lang)}] {source!r}\n      -> {edition!r}")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / max(1, whole):.2f}"


# --- casing after sentence-initial names ---------------------------------------


def places_glossary():
    """PLACES as a glossary CSV (README "Glossary") in a scratch file, loaded as `--glossary` loads it."""
    rows = [f"{english},{spanish},map,fidelity.py casing table" for english, spanish in PLACES]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch, "places.csv")
        path.write_text("en,es,action,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
        return load_glossaries([path])


def initial_place_sentences(relative: str, lang: str, limit: int | None) -> list[tuple[str, str]]:
    """(sentence, the place's form in the other language) of every sentence that begins with a place."""
    index = 0 if lang == "en" else 1
    forms = {pair[index]: pair[1 - index] for pair in PLACES}
    starts = re.compile("(" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + r") \w")
    lines = normalised_lines(require_data(relative)[0])[:limit]
    found = []
    for sentence in (sentence for line in lines for sentence in split_sentences(line)):
        match = starts.match(sentence)
        if match:
            found.append((sentence, forms[match.group(1)]))
    return found


WORD = re.compile(r"\w+")


@dataclass
class Casing:
    """One sentence that begins with a place, translated with the glossary and without."""

    sentence: str
    output: str
    plain: str  # the engine's output without the glossary: no placeholders
    name_lost: bool
    next_word: str | None  # the word after the name, wrongly capitalised
    later: list[str]  # words further on, wrongly capitalised


def casing(sentence: str, name: str, output: str, plain: str) -> Casing:
    """A capital is wrong where the output without the glossary has that word capitalised
    nowhere but as its first word; further on, it must also have the word in lower case."""
    position = output.find(name)
    following = WORD.findall(output[position + len(name):]) if position >= 0 else []
    plain_words = WORD.findall(plain)

    def new_capital(word: str) -> bool:
        return word[0].isupper() and word not in plain_words[1:]

    next_word = following[0] if following and new_capital(following[0]) else None
    later = [word for word in following[1:] if new_capital(word) and word.lower() in plain_words]
    return Casing(sentence, output, plain, position < 0, next_word, later)


def table_casing(engines: EngineRegistry, limit: int | None, examples: int) -> None:
    print(f"## Casing after a sentence-initial protected name: {len(PLACES)} places, diglot mt with and without them")
    rows, wrong, inputs, glossary = [], [], {}, places_glossary()
    for relative, lang in NEWS.items():
        found = initial_place_sentences(relative, lang, limit)
        sentences = [sentence for sentence, _ in found]
        protected = translate_lines(sentences, lang, OTHER[lang], glossary, engines)
        plain = translate_lines(sentences, lang, OTHER[lang], empty_glossary(), engines)
        results = [casing(*pair, output, without) for pair, output, without in zip(found, protected, plain)]
        rows.append([Path(relative).name, f"{lang}->{OTHER[lang]}", len(results),
                     sum(result.next_word is not None for result in results),
                     sum(bool(result.later) and result.next_word is None for result in results),
                     sum(result.name_lost for result in results)])
        wrong += [result for result in results if result.next_word or result.later]
        inputs[Path(relative).name] = file_hash(require_data(relative)[0])
    rows.append(["all", ""] + [sum(row[column] for row in rows) for column in range(2, 6)])
    print_table(["file", "direction", "sentences", "capital after name", "only further on", "name not in output"],
                rows)
    print("target: 0 capitals after the name. A capital counts when the output without the glossary has the word "
          "capitalised nowhere but as its first word (further on: and has it in lower case)")
    for result in wrong[:examples]:
        words = ", ".join(([result.next_word] if result.next_word else []) + result.later)
        print(f"  {words}: {result.sentence[:90]!r}\n      glossary -> {result.output[:90]!r}"
              f"\n      without  -> {result.plain[:90]!r}")
    print(_signature_line(engines, inputs, rows[-1][2], glossary=f"{len(PLACES)} places {glossary.digest}"))


# --- Miami code-switched speech -------------------------------------------------


def miami_utterances(limit: int | None) -> tuple[list[str], list[str], Path]:
    path = require_data("miami/dev.jsonl")[0]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [row for row in rows if row["mixed"] and row["en"] is not None and len(row["tokens"]) >= MIN_WORDS]
    chosen = chosen[:limit]
    return [" ".join(row["text"].split()) for row in chosen], [row["en"] for row in chosen], path


def table_miami(engines: EngineRegistry, limit: int | None, examples: int) -> None:
    import sacrebleu

    texts, references, path = miami_utterances(limit)
    print(f"## Miami code-switched speech: mixed utterances of {MIN_WORDS}+ tokens with an English translation")
    entries = edition_entries(texts, "en", engines)
    edition = [edition_text(entry) for entry in entries]
    whole = translate_lines(texts, "es", "en", empty_glossary(), engines)
    metric = sacrebleu.metrics.CHRF()
    rows = [["English edition (translate --to en)", metric.corpus_score(edition, [references]).score,
             sum(map(flagged_mixed, entries)), sum(text == output for text, output in zip(texts, edition))],
            ["whole utterance es->en (mt)", metric.corpus_score(whole, [references]).score, "",
             sum(text == output for text, output in zip(texts, whole))]]
    print_table(["system", "chrF", "flagged mixed", "unchanged"], rows)
    print(f"utterances {len(texts)}; reference figures (issue 11): edition 63.5, whole utterance 61.7; "
          f"sacrebleu {metric.get_signature()}")
    kept = [(text, reference) for text, output, reference in zip(texts, edition, references) if text == output]
    if kept:
        print(f"utterances the edition left as they were ({min(examples, len(kept))} of {len(kept)}; -> gold en):")
    for text, reference in kept[:examples]:
        print(f"  {text!r}\n      -> {reference!r}")
    print(_signature_line(engines, {"dev.jsonl": file_hash(path), "utterances": text_hash(texts)}, len(texts)))


def _signature_line(engines: EngineRegistry, inputs: dict[str, str], segments: int, **extra: object) -> str:
    described = " / ".join(engines.engine_for(source, target).describe(source, target)
                           for source, target in (("es", "en"), ("en", "es")))
    return signature(engine=described, inputs=inputs, segments=segments, detector=detector_data(), **extra)


TABLES = {"editions": table_editions, "casing": table_casing, "miami": table_miami}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(TABLES), help="comma-separated tables: " + ",".join(TABLES))
    parser.add_argument("--limit", type=int, help="use only the first N lines (utterances) of each file")
    parser.add_argument("--examples", type=int, default=10, help="examples to print per table (default 10)")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.only.split(",")]
    unknown = [name for name in names if name not in TABLES]
    if unknown:
        parser.error(f"unknown table {', '.join(unknown)}; choose from {', '.join(TABLES)}")
    with EngineRegistry("apertium") as engines:
        for name in names:
            print(f"command: python benchmarks/fidelity.py --only {name}"
                  + (f" --limit {args.limit}" if args.limit else "") + f" --examples {args.examples}")
            TABLES[name](engines, args.limit, args.examples)
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
