"""Term success rate and chrF on TICO-19, with and without the glossary, Apertium engine.

    python benchmarks/terminology.py [--limit N] [--direction en-es|es-en]...

Input: ../shared/data/tico19 (the TICO-19 test set, 2,100 line-aligned English
and Spanish lines, and its terminology files as the glossary). en->es uses the
English-to-Spanish terminologies (f_en-es_XX.csv, g_en_es-419.csv), es->en the
Spanish-to-English ones (g_es-419_en.csv, g_es-ES_en.csv); rows with an empty
cell are left out, every term is case-insensitive, and where two rows give the
same source form the first file's row wins (as in any diglot glossary).

Term success rate as ../shared/data/README.md defines it: over every (line,
glossary entry, first row per source form) whose source form or an inflection of
it occurs in the source line (found by lemma), the share whose target form occurs,
case-insensitively, in the output line; beside it, the share whose target occurs
in any inflection. The figures before inflected matching count the source form as
listed only (whole words, any case), over every row and over first rows.
chrF is sacrebleu's (benchmarks/requirements.txt), against the reference.

Inflected terms: per line, the terms (first row per source form) whose source
occurs there only in an inflected form ('cases' for 'case', 'infected' for
'infect', 'contagiados' for 'contagiado') and whose target the reference holds
in some form, found by lemma (Apertium's analysers, as diglot matches them).
Their success is the share whose target occurs in the output in any form, and,
stricter, in the form the reference gives it (which needs an inflected target);
chrF over those lines.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import time
from pathlib import Path

import sacrebleu

from pipeline.batch import translate_lines
from pipeline.engines import EngineRegistry
from pipeline.glossary import Glossary, GlossaryEntry, empty_glossary, morphology
from pipeline.glossary.match import Tokens

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tico19"
DIRECTIONS = {
    "en-es": ("tico19-test.eng", "tico19-test.spa", ["f_en-es_XX.csv", "g_en_es-419.csv"]),
    "es-en": ("tico19-test.spa", "tico19-test.eng", ["g_es-419_en.csv", "g_es-ES_en.csv"]),
}


def tico_glossary(files: list[Path], source: str, target: str) -> tuple[Glossary, list[tuple[str, str]]]:
    """The terminology files as a diglot glossary, and the (source, target) pairs to score."""
    digest, entries, pairs = hashlib.sha256(), [], []
    for path in files:
        digest.update(path.read_bytes())
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                term, translation = row["sourceString"].strip(), row["targetString"].strip()
                if not term or not translation or "|" in term + translation:
                    continue
                pairs.append((term, translation))
                entries.append(GlossaryEntry({source: (term,), target: (translation,)}, "map", "", False,
                                             f"{path.name}:{line}"))
    return Glossary(tuple(entries), digest.hexdigest()[:12]), pairs


def term_success(sources: list[str], outputs: list[str], pairs: list[tuple[str, str]]) -> tuple[int, int]:
    """(successes, occurrences) over every line and every pair whose source form occurs in it as
    listed (whole words, any case): the figure before inflected matching."""
    patterns = [(re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE), target.lower())
                for term, target in pairs]
    success = total = 0
    for source, output in zip(sources, outputs):
        lowered = output.lower()
        for pattern, target in patterns:
            if pattern.search(source):
                total += 1
                success += target in lowered
    return success, total


class TermSuccess:
    """Term success as ../shared/data/README.md defines it: over every (line, pair) whose source
    form or an inflection of it occurs in the source line, the share whose target form occurs,
    case-insensitively, in the output; and, beside it, the share whose target occurs in any
    inflection ('infecciones' for 'infección', which holds no 'infección')."""

    def __init__(self, sources: list[str], pairs: list[tuple[str, str]], source: str, target: str):
        self.pairs = pairs
        self.found = [LemmaIndex([term for term, _ in pairs], source).occurrences(line) for line in sources]
        self.target_index = LemmaIndex([translation for _, translation in pairs], target)
        self.listed = listed_forms(pairs)

    def score(self, outputs: list[str], per_occurrence: bool = False) -> tuple[int, int, int]:
        """(target form, target in any form, occurrences); `per_occurrence`: one row per occurrence."""
        listed = any_form = total = 0
        for found, output in zip(self.found, outputs):
            if found:
                lowered, in_output = output.lower(), self.target_index.occurrences(output)
                for number in (self.one_row_per_occurrence(found) if per_occurrence else found):
                    hit = self.pairs[number][1].lower() in lowered
                    total += 1
                    listed += hit
                    any_form += hit or number in in_output
        return listed, any_form, total


    def one_row_per_occurrence(self, found: dict[int, list[str]]) -> set[int]:
        """The rows to score in a line when an occurrence is an inflection of several rows' source
        forms (rows 'covid-19 vaccine' and 'covid-19 vaccines', each with its own target, both
        match 'COVID-19 vaccine'): the row that lists the form the occurrence takes, else the first."""
        rows: dict[str, list[int]] = {}
        for number, forms in found.items():
            for form in forms:
                rows.setdefault(form, []).append(number)
        return {next((n for n in numbers if self.listed[n] == form), min(numbers)) for form, numbers in rows.items()}


def listed_forms(pairs: list[tuple[str, str]]) -> list[str]:
    """Each pair's source form as LemmaIndex.occurrences writes the forms it finds."""
    return [" ".join(Tokens(term).first_keys) for term, _ in pairs]


def first_rows(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One pair per source form, the first: the rows that do not contradict an earlier one."""
    return list({term.casefold(): (term, target) for term, target in reversed(pairs)}.values())


def hits_kept(sources: list[str], outputs: list[str], glossary: Glossary, source: str, target: str) -> tuple[int, int]:
    """(kept, hits): of the terms diglot found and protected, how many came out in the target form.
    The gap between this and term success is the glossary's own conflicts: rows that give
    one source form several targets, and terms inside or across a longer one."""
    kept = total = 0
    for line, output in zip(sources, outputs):
        for hit in glossary.find(line, source):
            form = glossary.entry(hit.entry_id).written_form(source, target, hit.source_form)
            total += 1
            kept += form.lower() in output.lower()
    return kept, total


class LemmaIndex:
    """Where terms occur in any inflection: a term's words against a text's words by lemma keys
    (pipeline/glossary/morphology.py), every occurrence, nested and overlapping ones included."""

    def __init__(self, terms: list[str], lang: str):
        self.morphology = morphology.morphology(lang)
        self.by_first: dict[str, list[tuple[int, list[set[str]]]]] = {}
        for number, term in enumerate(terms):
            path = self.word_keys(term)
            for key in path[0] if path else ():
                self.by_first.setdefault(key, []).append((number, path))

    def word_keys(self, text: str) -> list[set[str]]:
        words = Tokens(text).first_keys
        analysable = {word for word in words if word[:1].isalnum() and not word.isdigit()}
        self.morphology.analyse(analysable)
        return [set(self.morphology.keys(word)) if word in analysable else {word} for word in words]

    def occurrences(self, text: str) -> dict[int, list[str]]:
        """Term number -> the forms (case-folded, as written) in which it occurs in `text`."""
        words, keys, found = Tokens(text).first_keys, self.word_keys(text), {}
        for start, starting in enumerate(keys):
            for key in starting:
                for number, path in self.by_first.get(key, ()):
                    end = start + len(path)
                    if end <= len(keys) and all(keys[start + i] & path[i] for i in range(1, len(path))):
                        found.setdefault(number, []).append(" ".join(words[start:end]))
        return found


def inflected_terms(sources: list[str], references: list[str], pairs: list[tuple[str, str]], source: str,
                    target: str) -> list[dict[int, str]]:
    """Per line, the terms (index into pairs) whose source occurs there only inflected ('tabs',
    'scheduled' for 'tab', 'schedule') while the reference holds the target in some form: the form
    the reference gives it, for each."""
    source_index = LemmaIndex([term for term, _ in pairs], source)
    target_index = LemmaIndex([translation for _, translation in pairs], target)
    listed = listed_forms(pairs)
    lists = []
    for line, reference in zip(sources, references):
        found = source_index.occurrences(line)
        inflected = [number for number, forms in found.items() if listed[number] not in forms]
        in_reference = target_index.occurrences(reference) if inflected else {}
        lists.append({number: in_reference[number][0] for number in inflected if number in in_reference})
    return lists


def inflected_success(outputs: list[str], lists: list[dict[int, str]], pairs: list[tuple[str, str]],
                      target: str) -> tuple[int, int, int]:
    """(target in any form, target in the reference's form, terms) over the lines' term lists."""
    target_index = LemmaIndex([translation for _, translation in pairs], target)
    any_form = reference_form = total = 0
    for output, terms in zip(outputs, lists):
        if terms:
            in_output = target_index.occurrences(output)
            for number, form in terms.items():
                total += 1
                any_form += number in in_output
                reference_form += form in in_output.get(number, ())
    return any_form, reference_form, total


def run(direction: str, limit: int | None) -> None:
    source_file, reference_file, glossary_files = DIRECTIONS[direction]
    source, target = direction.split("-")
    sources = (DATA / source_file).read_text(encoding="utf-8").splitlines()[:limit]
    references = (DATA / reference_file).read_text(encoding="utf-8").splitlines()[:limit]
    glossary, pairs = tico_glossary([DATA / name for name in glossary_files], source, target)
    engines, metric = EngineRegistry("apertium"), sacrebleu.metrics.CHRF()
    signature = engines.engine_for(source, target).describe(source, target)
    lists = inflected_terms(sources, references, first_rows(pairs), source, target)
    inflected_lines = [number for number, terms in enumerate(lists) if terms]
    as_defined = TermSuccess(sources, first_rows(pairs), source, target)
    for label, used in (("without glossary", empty_glossary()), ("with glossary", glossary)):
        started = time.perf_counter()
        outputs = translate_lines(sources, source, target, used, engines)
        seconds = time.perf_counter() - started
        success, total = term_success(sources, outputs, pairs)
        first_success, first_total = term_success(sources, outputs, first_rows(pairs))
        listed, any_form, occurrences = as_defined.score(outputs)
        print(f"{direction} {label:17} term success as defined (source form or an inflection, first row per "
              f"source form): target form {listed / occurrences:.4f} ({listed}/{occurrences}), target in any form "
              f"{any_form / occurrences:.4f} ({any_form}/{occurrences})")
        listed, any_form, occurrences = as_defined.score(outputs, per_occurrence=True)
        print(f"{direction} {label:17} the same, one row per occurrence (the row listing the form it takes, else the "
              f"first): target form {listed / occurrences:.4f} ({listed}/{occurrences}), target in any form "
              f"{any_form / occurrences:.4f} ({any_form}/{occurrences})")
        kept, hits = hits_kept(sources, outputs, glossary, source, target)
        chrf = metric.corpus_score(outputs, [references])
        print(f"{direction} {label:17} term success {success / total:.4f} ({success}/{total})  "
              f"first row per source form {first_success / first_total:.4f} ({first_success}/{first_total})  "
              f"glossary hits kept {kept / hits:.4f} ({kept}/{hits})  chrF {chrf.score:.2f}  {seconds:.0f} s")
        any_form, reference_form, terms = inflected_success(outputs, lists, first_rows(pairs), target)
        inflected_chrf = metric.corpus_score([outputs[n] for n in inflected_lines],
                                             [[references[n] for n in inflected_lines]])
        print(f"{direction} {label:17} inflected terms: {terms} in {len(inflected_lines)} lines, target in any form "
              f"{any_form / terms:.4f} ({any_form}/{terms}), in the reference's form {reference_form / terms:.4f} "
              f"({reference_form}/{terms}), chrF of those lines {inflected_chrf.score:.2f}")
    print(f"  signature: {signature} | glossary {len(pairs)} terms, sha256 {glossary.digest} | "
          f"{len(sources)} lines | chrF {metric.get_signature()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N lines")
    parser.add_argument("--direction", action="append", choices=sorted(DIRECTIONS))
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent (../shared/data beside the checkout)", file=sys.stderr)
        return 0
    for direction in args.direction or sorted(DIRECTIONS):
        run(direction, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
