"""Term success rate and chrF on TICO-19, with and without the glossary, Apertium engine.

    python benchmarks/terminology.py [--limit N] [--direction en-es|es-en]...

Input: ../shared/data/tico19 (the TICO-19 test set, 2,100 line-aligned English
and Spanish lines, and its terminology files as the glossary). en->es uses the
English-to-Spanish terminologies (f_en-es_XX.csv, g_en_es-419.csv), es->en the
Spanish-to-English ones (g_es-419_en.csv, g_es-ES_en.csv); rows with an empty
cell are left out, every term is case-insensitive, and where two rows give the
same source form the first file's row wins (as in any diglot glossary).

Term success rate (../shared/data/README.md): over every (line, glossary
entry) whose source form occurs in the source line (whole words, any case),
the share whose target form occurs, case-insensitively, in the output line.
chrF is sacrebleu's (benchmarks/requirements.txt), against the reference.
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
from pipeline.glossary import Glossary, GlossaryEntry, empty_glossary

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
    """(successes, occurrences) over every line and every pair whose source form it contains."""
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


def run(direction: str, limit: int | None) -> None:
    source_file, reference_file, glossary_files = DIRECTIONS[direction]
    source, target = direction.split("-")
    sources = (DATA / source_file).read_text(encoding="utf-8").splitlines()[:limit]
    references = (DATA / reference_file).read_text(encoding="utf-8").splitlines()[:limit]
    glossary, pairs = tico_glossary([DATA / name for name in glossary_files], source, target)
    engines, metric = EngineRegistry("apertium"), sacrebleu.metrics.CHRF()
    signature = engines.engine_for(source, target).describe(source, target)
    for label, used in (("without glossary", empty_glossary()), ("with glossary", glossary)):
        started = time.perf_counter()
        outputs = translate_lines(sources, source, target, used, engines)
        seconds = time.perf_counter() - started
        success, total = term_success(sources, outputs, pairs)
        first_success, first_total = term_success(sources, outputs, first_rows(pairs))
        kept, hits = hits_kept(sources, outputs, glossary, source, target)
        chrf = metric.corpus_score(outputs, [references])
        print(f"{direction} {label:17} term success {success / total:.4f} ({success}/{total})  "
              f"first row per source form {first_success / first_total:.4f}  glossary hits kept {kept / hits:.4f} ({kept}/{hits})  chrF {chrf.score:.2f}  {seconds:.0f} s")
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
