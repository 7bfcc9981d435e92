"""Language detection on the development data in ../shared/data (see benchmarks/README.md).

    python benchmarks/detection.py [--limit N] [--only lince,lingua,tatoeba,news,speed]

Tables:
  1. LinCE Spanish-English tweets (train split, the development set): sentence
     accuracy on lines whose gold tokens are all English or all Spanish, strict
     (the language is right and the line is not flagged mixed) and lenient (the
     language is right, mixed flag or not), precision
     and recall of the mixed flag (gold: a line with both lang1 and lang2 tokens),
     token accuracy over lang1/lang2 tokens (a token takes the language of the
     span that covers it; a token no span covers counts as wrong).
  2. lingua-testdata: accuracy by length (single words, word pairs, sentences)
     for en and es; for pt, it, fr and ca the share of lines labelled en or es.
  3. Tatoeba eng-spa: accuracy by length in words.
  4. News sentences (WMT newstest 2011/2012, TICO-19 test): accuracy, and the
     share flagged mixed (mostly names, quoted titles and loanwords: no gold).
  5. Speed: LinCE lines through `detect_segment` (kind + language), one core;
     wall time and CPU time (the rate is per CPU second, steady on a shared machine).

Each table ends with a signature: diglot and detector data versions, the data
files' SHA-256 (first 12 hex digits).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

from _signature import DATA, file_hash, git_revision

from pipeline import __version__, detect
from pipeline.model import Segment


def detector_data() -> str:
    """The detector's data: SHA-256 of its word lists and word index, and its switch costs."""
    tables = sorted(detect.LANGDATA.glob("*.words.gz")) + [detect.LANGDATA / "words.index"]
    return f"langdata {file_hash(*tables)} switch {detect.SWITCH_FROM[0]}/{detect.SWITCH_FROM[1]}"


def detector_signature() -> str:
    python = ".".join(map(str, sys.version_info[:3]))
    return f"python {python} | diglot {__version__} ({git_revision()}) | detector {detector_data()} | cores {os.cpu_count()}"


def signature(*paths: Path) -> str:
    files = ", ".join(f"{p.relative_to(DATA)} {file_hash(p)}" for p in paths)
    return f"  signature: {detector_signature()} | data: {files}"


# --- LinCE -------------------------------------------------------------------


def lince_sentences(path: Path):
    """(text, token offsets, labels) per tweet; tokens joined by single spaces."""
    tokens: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n") + [""]:
        if line.startswith("# sent_enum"):
            continue
        if not line.strip():
            if tokens:
                text, offsets = "", []
                for word, _ in tokens:
                    text += " " if text else ""
                    offsets.append((len(text), len(text) + len(word)))
                    text += word
                yield text, offsets, [label for _, label in tokens]
            tokens = []
            continue
        word, _, label = line.rpartition("\t")
        tokens.append((word, label))


def gold_of(labels: list[str]) -> str | None:
    english, spanish = "lang1" in labels, "lang2" in labels
    if english and spanish:
        return "mixed"
    return "en" if english else "es" if spanish else None


def token_lang(spans, start: int, end: int) -> str:
    best, overlap = "und", 0
    for span in spans:
        shared = min(end, span.end) - max(start, span.start)
        if shared > overlap:
            best, overlap = span.lang, shared
    return best


def lince_scores(items, analyse=None) -> dict:
    analyse = analyse or detect.analyse
    counts = Counter()
    for text, offsets, labels in items:
        gold = gold_of(labels)
        if gold is None:
            continue
        result = analyse(text)
        if gold == "mixed":
            counts["tp" if result.mixed else "fn"] += 1
        else:
            counts["mono"] += 1
            counts["mono_ok"] += result.lang == gold
            counts["mono_strict"] += result.lang == gold and not result.mixed
            counts[f"{gold}->{result.lang}"] += 1
            counts["fp"] += result.mixed
        for (start, end), label in zip(offsets, labels):
            if label in ("lang1", "lang2"):
                counts["tokens"] += 1
                counts["tokens_ok"] += token_lang(result.spans, start, end) == ("en" if label == "lang1" else "es")
    precision = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    recall = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    return {
        "lines": sum(counts[k] for k in ("mono", "tp", "fn")),
        "single-language lines": counts["mono"],
        "strict sentence accuracy": counts["mono_strict"] / max(1, counts["mono"]),
        "sentence accuracy (lenient)": counts["mono_ok"] / max(1, counts["mono"]),
        "mixed lines": counts["tp"] + counts["fn"],
        "mixed precision": precision,
        "mixed recall": recall,
        "mixed F1": 2 * precision * recall / max(1e-9, precision + recall),
        "en/es tokens": counts["tokens"],
        "token accuracy": counts["tokens_ok"] / max(1, counts["tokens"]),
        "confusions": {k: v for k, v in sorted(counts.items()) if "->" in k and k[:2] != k[4:]},
    }


def table_lince(limit: int | None) -> None:
    path = DATA / "lince-spaeng/train.conll"
    items = list(lince_sentences(path))[:limit]
    scores = lince_scores(items)
    print("## LinCE spa-eng train (development set): tweets")
    for key, value in scores.items():
        print(f"  {key:28s} {value:.4f}" if isinstance(value, float) else f"  {key:28s} {value}")
    print(signature(path))


# --- lingua-testdata, Tatoeba, news ---------------------------------------------


def read_lines(path: Path, limit: int | None) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:limit]


def table_lingua(limit: int | None) -> None:
    folder = DATA / "lingua-testdata"
    print("## lingua-testdata: accuracy (en, es) and share labelled en or es (pt, it, fr, ca)")
    kinds = ("single-words", "word-pairs", "sentences")
    print(f"  {'lang':6s} {'measure':18s} " + " ".join(f"{k:>12s}" for k in kinds))
    paths = []
    for lang in ("en", "es", "pt", "it", "fr", "ca"):
        row = []
        for kind in kinds:
            path = folder / f"{kind}.{lang}.txt"
            paths.append(path)
            labels = Counter(detect.identify_language(line)[0] for line in read_lines(path, limit))
            total = sum(labels.values())
            share = labels[lang] if lang in ("en", "es") else labels["en"] + labels["es"]
            row.append(share / total)
        measure = "accuracy" if lang in ("en", "es") else "labelled en/es"
        print(f"  {lang:6s} {measure:18s} " + " ".join(f"{value:12.4f}" for value in row))
    print(signature(*paths))


def length_bucket(words: int) -> str:
    for top, name in ((3, "1-3"), (6, "4-6"), (10, "7-10"), (20, "11-20")):
        if words <= top:
            return name
    return "21+"


def table_tatoeba(limit: int | None) -> None:
    folder = DATA / "tatoeba"
    buckets = ("1-3", "4-6", "7-10", "11-20", "21+")
    print("## Tatoeba eng-spa test: accuracy by length in words")
    print(f"  {'lang':6s} " + " ".join(f"{b:>14s}" for b in buckets) + f" {'all':>8s}")
    paths = []
    for lang, suffix in (("en", "eng"), ("es", "spa")):
        text_path = folder / f"tatoeba-test-v2021-08-07.{suffix}"
        label_path = folder / f"tatoeba-test-v2021-08-07.{suffix}.labels"
        paths += [text_path, label_path]
        lines = text_path.read_text(encoding="utf-8").splitlines()[:limit]
        labels = label_path.read_text(encoding="utf-8").splitlines()[:limit]
        right, total = Counter(), Counter()
        for line, label in zip(lines, labels):
            gold = {"eng": "en", "spa": "es"}.get(label.strip(), "und")
            bucket = length_bucket(len(line.split()))
            total[bucket] += 1
            right[bucket] += detect.identify_language(line)[0] == gold
        cells = " ".join(f"{right[b] / max(1, total[b]):.4f} ({total[b]})".rjust(14) for b in buckets)
        print(f"  {lang:6s} {cells} {sum(right.values()) / max(1, sum(total.values())):8.4f}")
    print(signature(*paths))


def table_news(limit: int | None) -> None:
    print("## News and health sentences (single-language lines): accuracy, share flagged mixed")
    paths = []
    for name in ("newstest/newstest2011", "newstest/newstest2012", "tico19/tico19-test"):
        row = []
        for lang, suffix in (("en", "eng"), ("es", "spa")):
            path = DATA / f"{name}.{suffix}"
            paths.append(path)
            lines = read_lines(path, limit)
            results = [detect.analyse(line) for line in lines]
            labels = Counter(result.lang for result in results)
            mixed = sum(result.mixed for result in results)
            row.append(f"{lang} {labels[lang] / len(lines):.4f} mixed {mixed / len(lines):.3f} ({len(lines)} lines)")
        print(f"  {name:24s} " + "   ".join(row))
    print(signature(*paths))


# --- speed -------------------------------------------------------------------


def table_speed(limit: int | None) -> None:
    path = DATA / "lince-spaeng/train.conll"
    texts = [text for text, _, _ in lince_sentences(path)][: limit or 10_000]
    news = read_lines(DATA / "newstest/newstest2012.spa", None)[:1000] + read_lines(DATA / "newstest/newstest2012.eng", None)[:1000]
    print("## Speed: detect_segment (kind and language), one process, one core")
    detect._model.cache_clear()
    start, cpu = time.perf_counter(), time.process_time()
    detect._model()
    load, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  load word lists          {load:.3f} s ({cpu:.3f} s CPU)")
    for name, lines in ((f"{len(texts)} LinCE tweets", texts), (f"{len(news)} news sentences", news)):
        for run in ("first pass", "second pass"):
            start, cpu = time.perf_counter(), time.process_time()
            for number, text in enumerate(lines):
                detect.detect_segment(Segment(text=text, line=number + 1, index=number))
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"  {name + ', ' + run:32s} {elapsed:.3f} s ({cpu:.3f} s CPU)  {len(lines) / cpu:9.0f} segments/CPU-s")
        detect._model().cache.clear()
    print(signature(path, DATA / "newstest/newstest2012.spa", DATA / "newstest/newstest2012.eng"))


TABLES = {"lince": table_lince, "lingua": table_lingua, "tatoeba": table_tatoeba, "news": table_news, "speed": table_speed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="use only the first N lines of each file")
    parser.add_argument("--only", default=",".join(TABLES), help="comma-separated tables: " + ",".join(TABLES))
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"development data {DATA} is absent (../shared/data beside the checkout): nothing measured")
        return 2
    for name in args.only.split(","):
        TABLES[name.strip()](args.limit)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
