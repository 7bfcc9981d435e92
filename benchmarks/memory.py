"""Review work survives edits (issue 19): sentence-level memory, fuzzy matches, and its cost.

    python benchmarks/memory.py [--data DIR] [--only update,fuzzy,cost] [--rounds 3] [--keep DIR]
                                [--json FILE] [--examples 5] [--baseline REV]

Reads DIR/newstest and DIR/tico19 (default ../shared/data beside the repository); exits with
status 2 and a message when they are absent or Apertium is not installed. Every diglot run is a
subprocess from the repository root (so ./glossaries is the glossary), `--engine apertium`,
into fresh locales. Nothing is asserted and nothing is timed against a limit: the figures are
printed beside the issue's targets.

update  Development news, newstest2011 en/es (line-aligned). Only lines that
        pipeline.sentences.split_sentences reads as ONE sentence on both sides are used (so a
        paragraph of three lines is three sentences on both sides), each line once. 12
        articles of 8 paragraphs of 3 consecutive such lines (a paragraph = the 3 English lines
        joined by a space; its reviewed translation = the 3 Spanish lines joined by a space),
        one paragraph a line, blank lines between. Run 1: `diglot translate ARTICLES --to es`.
        Review: every entry of every catalog gets msgstr = the reference paragraph, fuzzy
        removed (polib, saved). Edit: in every third paragraph (paragraph numbers 0, 3, 6, ...
        across the batch) the middle sentence is replaced by a newstest2012 line (one sentence
        both sides, used nowhere else), whose Spanish line makes the updated reference; plus a
        new article `recombined.txt` of 8 paragraphs, each 3 reviewed sentences taken from
        unchanged sentence slots of three different articles and paragraphs. Run 2: the same
        command, through a counting shim: a wrapper of `pipeline.cli` that wraps
        ApertiumEngine.translate_detailed and logs every text it is given (each text the
        pipeline sends to Apertium, retries in pieces included) to a file.
        Figures: (a) unchanged paragraphs whose entry's msgstr is the reviewed text byte for
        byte and not fuzzy; (b) changed paragraphs fuzzy with `#| msgid` = the old paragraph;
        (c) the unchanged sentences (first and third) of changed paragraphs whose reference
        line is in the new msgstr verbatim (and the stricter: msgstr starts with the first
        and ends with the third); (d) texts sent to Apertium in run 2 against the changed
        sentences; the `check:` line of each built entry; (e) the recombined article's
        sentences whose reference line comes back verbatim in its msgstr; (f) chrF
        (sacrebleu, corpus, one string a paragraph) of the changed paragraphs against the
        updated reference, beside the same paragraphs whole through
        `diglot mt --from en --to es --engine apertium`; the same for the recombined article.
fuzzy   TICO-19's translation memory (all.en-es-419.tmx: 3,071 units, which hold the 2,100
        test segments themselves). Loaded into the real TranslationMemory (add_catalog of a
        polib catalog of reviewed entries, origin tico19.po), so suggestions come from
        TranslationMemory.suggestion, paragraphs and aligned sentences alike, exactly what
        `diglot translate` writes as `match:`. Two memories: (held-out) the TMX without the
        units whose English is a test segment (what is left is TICO-19's dev part); (in
        order) that, plus each test segment's reference added after it is looked up, in test
        order (a translator working through the test set with a CAT tool). For each test
        segment of tico19-test.eng the best suggestion >= 75%: how many get one, by score
        band, and chrF of those suggestions against tico19-test.spa beside Apertium's output
        (`diglot mt`) for the same segments.
cost    The first 3,003 lines of newstest2012.eng as articles (8 paragraphs of 3 lines, one
        paragraph a line), `diglot translate --to es` once with each code; then, per round, a
        copy of those locales and the same command again (unchanged input), timed: user+sys
        CPU of diglot and every descendant (formats.run_measured: RUSAGE_CHILDREN deltas, this
        process the subreaper of Apertium's orphaned modules). This checkout against the code
        before the memory (--baseline, default b8d0329, the commit before 4ace277), checked
        out as a git worktree in /tmp and imported from there (`python -P -m pipeline.cli`
        with PYTHONPATH=<tree>; this checkout is run the same way). Rounds interleaved, median
        of the per-round ratios (target <= 1.10). Again with every entry reviewed (msgstr =
        the newstest2012.spa lines joined, fuzzy removed) before the timed run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from _runs import glossary_hash, prepare_work, unavailable, write_figures
from _signature import ROOT, file_hash, print_table, signature, text_hash
from formats import failed, last_lines, run_measured, shown  # the subreaper: Apertium's modules' CPU counted
from throughput import diglot_command

import polib

from pipeline.catalog import CHECK_NOTE, catalog_path, comment_lines, values_after
from pipeline.memory import TranslationMemory
from pipeline.sentences import split_sentences

DEFAULT_DATA = ROOT.parent / "shared" / "data"
ARTICLES, PARAGRAPHS, SENTENCES = 12, 8, 3
BASELINE = "b8d0329"  # the commit before 4ace277 (sentence-level memory)
TARGETS = {"unchanged kept": 1.0, "changed fuzzy": 1.0, "sentences kept": 0.99, "reused": 0.99, "cost": 1.10}
SHIM = '''"""diglot's CLI with every text given to ApertiumEngine.translate_detailed logged (JSON, one a line)."""
import json, os, threading
from pipeline.engines import apertium
_log = open(os.environ["MEMORY_BENCHMARK_SENT"], "a", encoding="utf-8")
_lock = threading.Lock()
_inner = apertium.ApertiumEngine.translate_detailed
def translate_detailed(self, texts, source, target):
    with _lock:
        for text in texts:
            _log.write(json.dumps([source, target, text], ensure_ascii=False) + "\\n")
        _log.flush()
    return _inner(self, texts, source, target)
apertium.ApertiumEngine.translate_detailed = translate_detailed
from pipeline.cli import main
main()
'''


def lines_of(path: Path) -> list[str]:
    return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]


# A sentence's end: a line without one (a headline) would run into the next line once joined.
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*\Z")


def one_sentence_pairs(english: list[str], spanish: list[str], used: set[str]) -> list[tuple[str, str]]:
    """Line pairs that are one sentence on both sides and end as a sentence does, each English
    line once."""
    pairs = []
    for en, es in zip(english, spanish):
        if not en or not es or en in used or len(en.split()) < 3:
            continue
        if not (SENTENCE_END.search(en) and SENTENCE_END.search(es)):
            continue
        if len(split_sentences(en)) == 1 and len(split_sentences(es)) == 1:
            used.add(en)
            pairs.append((en, es))
    return pairs


def run_diglot(command: list[str], what: str, environment: dict[str, str] | None = None):
    saved = {key: os.environ.get(key) for key in (environment or {})}
    os.environ.update(environment or {})
    try:
        run, output = run_measured(command)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if failed(run):
        raise SystemExit(f"{what}: {shown(command)} failed (exit {run.returncode}): {last_lines(run.stderr, 8)}")
    return run, output


def translate_command(articles: Path, locales: Path, prefix: list[str] | None = None) -> list[str]:
    return [*(prefix or diglot_command()), "translate", str(articles), "--to", "es", "--engine", "apertium",
            "--locales", str(locales)]


def review(locales: Path, reference: dict[str, str]) -> tuple[int, int]:
    """Every live entry whose msgid is a known paragraph: msgstr = its reference, fuzzy removed.
    Returns (entries reviewed, entries left: msgid unknown)."""
    done = left = 0
    for path in sorted((locales / "es" / "LC_MESSAGES").glob("*.po")):
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid in reference:
                entry.msgstr = reference[entry.msgid]
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
                done += 1
            else:
                left += 1
        po.save()
    return done, left


def write_articles(folder: Path, articles: dict[str, list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, paragraphs in articles.items():
        (folder / f"{name}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def live_entries(locales: Path, doc_id: str) -> dict[str, polib.POEntry]:
    path = catalog_path(locales, "es", doc_id)
    return {entry.msgid: entry for entry in polib.pofile(str(path), wrapwidth=0) if not entry.obsolete}


def diglot_mt(lines: list[str]) -> list[str]:
    done = subprocess.run([*diglot_command(), "mt", "--from", "en", "--to", "es", "--engine", "apertium"],
                          input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT)
    out = done.stdout.splitlines()
    if done.returncode != 0 or len(out) != len(lines):
        raise SystemExit(f"diglot mt failed (exit {done.returncode}, {len(out)} lines for {len(lines)}): "
                         f"{last_lines(done.stderr, 8)}")
    return out


def clip(text: str, most: int = 110) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


# ---------------------------------------------------------------- update


@dataclass
class Paragraph:
    article: str
    sentences: list[tuple[str, str]]  # (en, es)
    new_middle: tuple[str, str] | None = None

    @property
    def old_source(self) -> str:
        return " ".join(en for en, _ in self.sentences)

    @property
    def old_reference(self) -> str:
        return " ".join(es for _, es in self.sentences)

    def now(self) -> list[tuple[str, str]]:
        if self.new_middle is None:
            return self.sentences
        return [self.sentences[0], self.new_middle, self.sentences[2]]

    @property
    def source(self) -> str:
        return " ".join(en for en, _ in self.now())

    @property
    def reference(self) -> str:
        return " ".join(es for _, es in self.now())


def section_update(data: Path, work: Path, examples: int, figures: dict) -> dict[str, str]:
    import sacrebleu

    news = data / "newstest"
    used: set[str] = set()
    pool = one_sentence_pairs(lines_of(news / "newstest2011.eng"), lines_of(news / "newstest2011.spa"), used)
    spare = one_sentence_pairs(lines_of(news / "newstest2012.eng"), lines_of(news / "newstest2012.spa"), used)
    needed = ARTICLES * PARAGRAPHS * SENTENCES
    paragraphs = [Paragraph(f"news-{n // PARAGRAPHS + 1:02d}", pool[n * SENTENCES:(n + 1) * SENTENCES])
                  for n in range(needed // SENTENCES)]
    articles = {}
    for paragraph in paragraphs:
        articles.setdefault(paragraph.article, []).append(paragraph)
    split_wrong = sum(1 for p in paragraphs
                      if len(split_sentences(p.old_source)) != SENTENCES or len(split_sentences(p.old_reference)) != SENTENCES)
    folder, locales = work / "update" / "articles", work / "update" / "locales"
    write_articles(folder, {name: [p.old_source for p in items] for name, items in articles.items()})
    command = translate_command(folder, locales)
    first, _ = run_diglot(command, "update run 1")
    reference = {p.old_source: p.old_reference for p in paragraphs}
    reviewed, left = review(locales, reference)
    # The edit: the middle sentence of every third paragraph.
    changed = paragraphs[::3]
    for paragraph, replacement in zip(changed, spare):
        paragraph.new_middle = replacement
    # The recombined article: paragraph k takes sentence slot (k % 3, (k + 1) % 3, (k + 2) % 3) of
    # three different articles, from paragraphs left unchanged.
    unchanged = [p for p in paragraphs if p.new_middle is None]
    by_article: dict[str, list[Paragraph]] = {}
    for paragraph in unchanged:
        by_article.setdefault(paragraph.article, []).append(paragraph)
    names = sorted(by_article)
    recombined = []
    for k in range(PARAGRAPHS):
        picks = []
        for slot in range(SENTENCES):
            article = names[(k + 4 * slot) % len(names)]
            source_paragraph = by_article[article][(k + slot) % len(by_article[article])]
            picks.append(source_paragraph.sentences[(k + slot) % SENTENCES])
        recombined.append(Paragraph("recombined", picks))
    write_articles(folder, {name: [p.source for p in items] for name, items in articles.items()})
    write_articles(folder, {"recombined": [p.source for p in recombined]})
    shim = work / "update" / "counting_diglot.py"
    shim.write_text(SHIM, encoding="utf-8")
    sent_log = work / "update" / "sent.jsonl"
    sent_log.write_text("", encoding="utf-8")
    second_command = [sys.executable, str(shim), *command[len(diglot_command()):]]
    second, _ = run_diglot(second_command, "update run 2", {"MEMORY_BENCHMARK_SENT": str(sent_log),
                                                              "PYTHONPATH": str(ROOT)})
    sent = [json.loads(line) for line in sent_log.read_text(encoding="utf-8").splitlines() if line]

    entries = {name: live_entries(locales, name) for name in [*articles, "recombined"]}
    missing: list[str] = []

    def entry_of(paragraph: Paragraph) -> polib.POEntry | None:
        found = entries[paragraph.article].get(paragraph.source)
        if found is None:
            missing.append(f"{paragraph.article}: {clip(paragraph.source)}")
        return found

    kept, kept_bad = 0, []
    for paragraph in unchanged:
        entry = entry_of(paragraph)
        if entry is not None and entry.msgstr == paragraph.reference and not entry.fuzzy:
            kept += 1
        else:
            kept_bad.append((paragraph, entry))
    fuzzy_ok, fuzzy_bad = 0, []
    sentence_total = sentence_kept = strict_kept = 0
    sentence_bad = []
    checks: Counter = Counter()
    hypotheses, updated_refs = [], []
    for paragraph in changed:
        entry = entry_of(paragraph)
        msgstr = entry.msgstr if entry is not None else ""
        if entry is not None and entry.fuzzy and entry.previous_msgid == paragraph.old_source:
            fuzzy_ok += 1
        else:
            fuzzy_bad.append((paragraph, entry))
        first_es, last_es = paragraph.sentences[0][1], paragraph.sentences[2][1]
        for es in (first_es, last_es):
            sentence_total += 1
            if es in msgstr:
                sentence_kept += 1
            else:
                sentence_bad.append((paragraph, es, msgstr))
        strict_kept += msgstr.startswith(first_es + " ") and msgstr.endswith(" " + last_es)
        if entry is not None:
            for line in values_after(comment_lines(entry), CHECK_NOTE):
                if "reviewed in" in line or "new, from the engine" in line:
                    checks[re.sub(r"news-\d+\.po", "news-NN.po", line)] += 1
        hypotheses.append(msgstr)
        updated_refs.append(paragraph.reference)
    reused_total = reused_ok = 0
    reused_bad = []
    recombined_hyp = []
    recombined_checks: Counter = Counter()
    recombined_fuzzy = 0
    for paragraph in recombined:
        entry = entry_of(paragraph)
        msgstr = entry.msgstr if entry is not None else ""
        recombined_hyp.append(msgstr)
        recombined_fuzzy += bool(entry is not None and entry.fuzzy)
        if entry is not None:
            for line in values_after(comment_lines(entry), CHECK_NOTE):
                recombined_checks[re.sub(r"news-\d+\.po", "news-NN.po", line)] += 1
        for _, es in paragraph.sentences:
            reused_total += 1
            if es in msgstr:
                reused_ok += 1
            else:
                reused_bad.append((paragraph, es, msgstr))
    # The engine: what it was sent in run 2, against the changed sentences.
    new_sentences = {paragraph.new_middle[0] for paragraph in changed}
    sent_texts = [text for _, _, text in sent]
    sent_new = sum(1 for text in sent_texts if text.strip() in new_sentences)
    sent_other = [text for text in sent_texts if text.strip() not in new_sentences]
    # chrF: beside the same paragraphs whole through the engine.
    whole = diglot_mt([p.source for p in changed] + [p.source for p in recombined])
    whole_changed, whole_recombined = whole[:len(changed)], whole[len(changed):]
    metric = sacrebleu.metrics.CHRF()
    chrf = {
        "changed": metric.corpus_score(hypotheses, [updated_refs]).score,
        "changed_whole_engine": metric.corpus_score(whole_changed, [updated_refs]).score,
        "recombined": metric.corpus_score(recombined_hyp, [[p.reference for p in recombined]]).score,
        "recombined_whole_engine": metric.corpus_score(whole_recombined, [[p.reference for p in recombined]]).score,
    }
    # Engine output of the new middle sentences alone (what the built msgstr holds beside the kept ones).
    print(f"## 1. Update: {len(articles)} articles x {PARAGRAPHS} paragraphs x {SENTENCES} sentences "
          f"(newstest2011, one-sentence lines: {len(pool):,} of the file's pairs), "
          f"{len(changed)} paragraphs with the middle sentence replaced (newstest2012), "
          f"1 recombined article of {len(recombined)} paragraphs")
    print(f"paragraphs that split_sentences does not read as {SENTENCES} sentences on both sides: {split_wrong} "
          f"before the edit, {sum(1 for p in changed + recombined if len(split_sentences(p.source)) != SENTENCES)} "
          "of the changed and recombined after it (English)")
    print(f"command (runs 1 and 2): {shown(command)}")
    print(f"run 2 through the counting shim: {shown(second_command)}")
    print(f"run 1: {first.wall:.1f} s wall; review: {reviewed} entries given the reference, {left} left; "
          f"run 2: {second.wall:.1f} s wall")
    rows = [
        ["unchanged reviewed paragraphs kept byte for byte, not fuzzy", f"{kept}/{len(unchanged)}",
         _share(kept, len(unchanged)), "100%"],
        ["changed paragraphs fuzzy with #| msgid = old paragraph", f"{fuzzy_ok}/{len(changed)}",
         _share(fuzzy_ok, len(changed)), "100%"],
        ["unchanged sentences of changed paragraphs kept verbatim", f"{sentence_kept}/{sentence_total}",
         _share(sentence_kept, sentence_total), ">= 99%"],
        ["  stricter: msgstr starts with sentence 1's, ends with sentence 3's", f"{strict_kept}/{len(changed)}",
         _share(strict_kept, len(changed)), ""],
        ["texts sent to Apertium in run 2 (counting shim)", f"{len(sent_texts)}", "", f"{len(changed)} changed"],
        ["  of which a changed (new) sentence", f"{sent_new}/{len(new_sentences)}", "", ""],
        ["reused sentences of the recombined article back as reviewed", f"{reused_ok}/{reused_total}",
         _share(reused_ok, reused_total), ">= 99%"],
        ["recombined article entries fuzzy", f"{recombined_fuzzy}/{len(recombined)}", "", ""],
    ]
    print_table(["measure", "count", "share", "target"], rows)
    print(f"chrF (sacrebleu {metric.get_signature()}), one string a paragraph:")
    print_table(["paragraphs", "n", "built by the memory (run 2 msgstr)", "whole through diglot mt"], [
        ["changed, against the updated reference", len(changed), chrf["changed"], chrf["changed_whole_engine"]],
        ["recombined article", len(recombined), chrf["recombined"], chrf["recombined_whole_engine"]],
    ])
    print("check: lines of the changed paragraphs' entries:")
    for line, count in checks.most_common(examples):
        print(f"    {count:3d} x {line}")
    print("check: lines of the recombined article's entries:")
    for line, count in recombined_checks.most_common(examples):
        print(f"    {count:3d} x {line}")
    if sent_other:
        print(f"texts sent to Apertium that are not a changed sentence ({len(sent_other)}):")
        for text in sent_other[:examples]:
            print(f"    {clip(text, 150)}")
    for title, items in (("unchanged paragraphs not kept", kept_bad), ("changed paragraphs not fuzzy/#|", fuzzy_bad)):
        if items:
            print(f"{title} ({len(items)}):")
            for paragraph, entry in items[:examples]:
                state = "no entry" if entry is None else f"fuzzy={entry.fuzzy} msgstr={clip(entry.msgstr, 120)}"
                print(f"    {paragraph.article}: {clip(paragraph.source, 80)} -> {state}")
    for title, items in (("unchanged sentences of changed paragraphs not kept", sentence_bad),
                         ("recombined sentences not back as reviewed", reused_bad)):
        if items:
            print(f"{title} ({len(items)}):")
            for paragraph, es, msgstr in items[:examples]:
                print(f"    {paragraph.article}: reviewed {clip(es, 100)!r}\n        msgstr {clip(msgstr, 300)!r}")
    if missing:
        print(f"paragraphs without a live entry: {len(missing)}; e.g. {missing[:examples]}")
    figures["update"] = {
        "command": shown(command), "shim_command": shown(second_command),
        "articles": len(articles), "paragraphs": len(paragraphs), "changed": len(changed),
        "unchanged_kept": [kept, len(unchanged)], "changed_fuzzy": [fuzzy_ok, len(changed)],
        "sentences_kept": [sentence_kept, sentence_total], "sentences_kept_strict": [strict_kept, len(changed)],
        "sent_to_engine": len(sent_texts), "sent_new": sent_new, "sent_other": sent_other,
        "reused": [reused_ok, reused_total], "recombined_fuzzy": recombined_fuzzy, "chrf": chrf,
        "chrf_signature": str(metric.get_signature()), "checks": dict(checks),
        "recombined_checks": dict(recombined_checks), "missing": missing,
        "not_kept": [[p.source, e.msgstr if e else None] for p, e in kept_bad],
        "sentences_not_kept": [[p.source, es, m] for p, es, m in sentence_bad],
        "reused_not_back": [[p.source, es, m] for p, es, m in reused_bad],
        "run_wall_s": [first.wall, second.wall],
    }
    return {"newstest2011": text_hash([en for p in paragraphs for en, _ in p.sentences]),
            "newstest2012 spare": text_hash([p.new_middle[0] for p in changed])}


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "–"


# ---------------------------------------------------------------- fuzzy


def read_tmx(path: Path) -> list[tuple[str, str, str]]:
    """(tuid, English, Spanish) of every unit."""
    from xml.etree import ElementTree

    units = []
    for tu in ElementTree.parse(path).getroot().iter("tu"):
        texts = {}
        for tuv in tu.iter("tuv"):
            lang = tuv.get("{http://www.w3.org/XML/1998/namespace}lang", "")
            seg = tuv.find("seg")
            texts[lang[:2]] = "".join(seg.itertext()) if seg is not None else ""
        units.append((tu.get("tuid", ""), texts.get("en", ""), texts.get("es", "")))
    return units


def reviewed_catalog(pairs: list[tuple[str, str]]) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    seen = set()
    for source, target in pairs:
        if source and target and source not in seen:
            seen.add(source)
            po.append(polib.POEntry(msgid=source, msgstr=target))
    return po


def section_fuzzy(data: Path, examples: int, figures: dict) -> dict[str, str]:
    import sacrebleu

    folder = data / "tico19"
    units = read_tmx(folder / "all.en-es-419.tmx")
    test_en = lines_of(folder / "tico19-test.eng")
    test_es = lines_of(folder / "tico19-test.spa")
    normal = lambda text: " ".join(text.split())  # noqa: E731
    test_set = {normal(line) for line in test_en}
    held = [(normal(en), normal(es)) for _, en, es in units if normal(en) not in test_set]
    held_sources = {source for source, _ in held}
    engine = diglot_mt(test_en)
    metric = sacrebleu.metrics.CHRF()
    results = {}
    rows = []
    for name in ("held-out", "in order"):
        memory = TranslationMemory()
        memory.add_catalog("es", "tico19.po", reviewed_catalog(held))
        found = []
        for index, (source, reference) in enumerate(zip(test_en, test_es)):
            match = memory.suggestion("es", source)
            found.append(match)
            if name == "in order":
                memory.add_catalog("es", "tico19-test.po", reviewed_catalog([(source, reference)]))
        hit = [i for i, match in enumerate(found) if match is not None]
        bands = Counter("100" if found[i].score >= 100 else "95-99" if found[i].score >= 95 else
                        "85-94" if found[i].score >= 85 else "75-84" for i in hit)
        suggestion_chrf = metric.corpus_score([found[i].translation for i in hit], [[test_es[i] for i in hit]]).score \
            if hit else 0.0
        engine_chrf = metric.corpus_score([engine[i] for i in hit], [[test_es[i] for i in hit]]).score if hit else 0.0
        better = sum(1 for i in hit if metric.sentence_score(found[i].translation, [test_es[i]]).score
                     > metric.sentence_score(engine[i], [test_es[i]]).score)
        sentence_level = sum(1 for i in hit if normal(found[i].source) not in held_sources)
        rows.append([name, len(hit), _share(len(hit), len(test_en)), bands.get("100", 0), bands.get("95-99", 0),
                     bands.get("85-94", 0), bands.get("75-84", 0), suggestion_chrf, engine_chrf,
                     f"{better}/{len(hit)}"])
        results[name] = {"segments": len(test_en), "with_suggestion": len(hit), "bands": dict(bands),
                         "chrf_suggestions": suggestion_chrf, "chrf_engine": engine_chrf,
                         "suggestion_better": better, "sentence_level_suggestions": sentence_level,
                         "examples": [[test_en[i], found[i].score, found[i].source, found[i].translation,
                                       engine[i], test_es[i]] for i in hit[:examples]]}
    print(f"## 2. Fuzzy matches: TICO-19 test ({len(test_en):,} segments) against its translation memory "
          f"({len(units):,} units; held-out: {len(held):,} after taking out the units whose English is a test "
          "segment)")
    print("memory: pipeline.memory.TranslationMemory, add_catalog of a catalog of reviewed entries "
          "(msgid English, msgstr the TMX's Spanish), TranslationMemory.suggestion(es, segment)")
    print(f"engine: {shown([*diglot_command(), 'mt', '--from', 'en', '--to', 'es', '--engine', 'apertium'])} "
          "< tico19-test.eng")
    print_table(["memory", "with a suggestion >= 75%", "share", "100", "95-99", "85-94", "75-84",
                 "chrF suggestions", "chrF Apertium (same segments)", "suggestion better (sentence chrF)"], rows)
    print(f"sacrebleu chrF {metric.get_signature()}, against tico19-test.spa")
    print(f"held-out suggestions from a sentence of a longer unit: {results['held-out']['sentence_level_suggestions']}")
    for source, score, match_source, translation, mt, reference in results["held-out"]["examples"]:
        print(f"    {score:.0f}%  {clip(source, 90)}\n          match {clip(match_source, 90)}\n"
              f"          sugg. {clip(translation, 90)}\n          mt    {clip(mt, 90)}\n          ref   {clip(reference, 90)}")
    figures["fuzzy"] = {**results, "units": len(units), "held_units": len(held),
                        "chrf_signature": str(metric.get_signature())}
    return {"tico19 tmx": file_hash(folder / "all.en-es-419.tmx"),
            "tico19-test": file_hash(folder / "tico19-test.eng", folder / "tico19-test.spa")}


# ---------------------------------------------------------------- cost


def baseline_tree(revision: str) -> Path:
    tree = Path(tempfile.gettempdir()) / f"diglot-memory-baseline-{revision}"
    if not (tree / "pipeline" / "cli.py").exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), revision],
                       check=True, capture_output=True, text=True)
    return tree


def forget_inputs(locales: Path) -> None:
    """Take X-Diglot-Input out of every catalog: no document is up to date any more."""
    for path in (locales / "es" / "LC_MESSAGES").glob("*.po"):
        po = polib.pofile(str(path), wrapwidth=0)
        po.metadata.pop("X-Diglot-Input", None)
        po.save()


def section_cost(data: Path, work: Path, rounds: int, revision: str, figures: dict) -> dict[str, str]:
    news = data / "newstest"
    english = lines_of(news / "newstest2012.eng")[:3003]
    spanish = lines_of(news / "newstest2012.spa")[:3003]
    per = SENTENCES
    paragraphs = [(" ".join(english[i:i + per]), " ".join(spanish[i:i + per])) for i in range(0, len(english), per)]
    articles = {f"article-{n // PARAGRAPHS + 1:04d}": [] for n in range(len(paragraphs))}
    for n, (en, _) in enumerate(paragraphs):
        articles[f"article-{n // PARAGRAPHS + 1:04d}"].append(en)
    folder = work / "cost" / "articles"
    write_articles(folder, articles)
    reference = dict(paragraphs)
    tree = baseline_tree(revision)
    codes = {"now": ROOT, f"before ({revision})": tree}
    prefix = [sys.executable, "-P", "-m", "pipeline.cli"]
    prepared: dict[tuple[str, str], Path | None] = {}
    for name, code in codes.items():
        short = name.split()[0]
        locales = work / "cost" / f"prepared-{short}-machine"
        run_diglot(translate_command(folder, locales, prefix), f"cost first run ({name})", {"PYTHONPATH": str(code)})
        prepared[name, "machine"] = locales
        reviewed_locales = work / "cost" / f"prepared-{short}-reviewed"
        shutil.copytree(locales, reviewed_locales)
        done, left = review(reviewed_locales, reference)
        prepared[name, "reviewed"] = reviewed_locales
        for state in ("machine", "reviewed"):  # the same catalogs, none up to date: every entry from the memory
            stale = work / "cost" / f"prepared-{short}-{state}-stale"
            shutil.copytree(prepared[name, state], stale)
            forget_inputs(stale)
            prepared[name, f"{state}, stale"] = stale
        prepared[name, "first run"] = None
        print(f"cost: prepared {name}: {done} entries reviewed, {left} left")
    cpu: dict[tuple[str, str], list[float]] = {key: [] for key in prepared}
    wall: dict[tuple[str, str], list[float]] = {key: [] for key in prepared}
    commands = {}
    for _ in range(rounds):
        for (name, state), source in prepared.items():
            locales = work / "cost" / "timed"
            shutil.rmtree(locales, ignore_errors=True)
            if source is not None:
                shutil.copytree(source, locales)
            command = translate_command(folder, locales, prefix)
            run, _ = run_diglot(command, f"cost ({name}, {state})", {"PYTHONPATH": str(codes[name])})
            cpu[name, state].append(run.cpu)
            wall[name, state].append(run.wall)
            commands[name] = f"PYTHONPATH={codes[name]} {shown(command)}"
    before = f"before ({revision})"
    print(f"## 3. Cost: newstest2012.eng, first {len(english):,} lines as {len(articles)} articles of "
          f"{len(paragraphs):,} paragraphs, an unchanged second run, {rounds} interleaved rounds")
    for name, command in commands.items():
        print(f"command ({name}): {command}")
    rows, ratios = [], {}
    labels = {"machine": "machine entries, up to date (the target)", "reviewed": "every entry reviewed, up to date",
              "machine, stale": "machine entries, X-Diglot-Input removed", "reviewed, stale":
              "every entry reviewed, X-Diglot-Input removed", "first run": "first run (empty locales)"}
    for state in labels:
        ratio = [a / b for a, b in zip(cpu["now", state], cpu[before, state])]
        ratios[state] = ratio
        for name in (before, "now"):
            rows.append([labels[state], name, *[f"{v:.2f}" for v in cpu[name, state]],
                         statistics.median(cpu[name, state]), statistics.median(wall[name, state]),
                         f"{statistics.median(ratio):.3f}" if name == "now" else "1"])
    print_table(["catalogs", "code", *[f"CPU-s round {n + 1}" for n in range(rounds)], "median CPU-s",
                 "median wall s", "median ratio now/before"], rows)
    print(f"target: <= {TARGETS['cost']:.2f} on the first row (user+sys of diglot and its children; the locales "
          "copied before each run, untimed). Up to date: nothing is translated, the memory only reads the catalogs. "
          "X-Diglot-Input removed: no document is up to date, so every segment is analysed again and takes its "
          "translation from the memory (reviewed: TranslationMemory.apply; machine output: machine_output).")
    figures["cost"] = {"lines": len(english), "paragraphs": len(paragraphs), "rounds": rounds, "baseline": revision,
                       "cpu_s": {f"{n} {s}": v for (n, s), v in cpu.items()},
                       "wall_s": {f"{n} {s}": v for (n, s), v in wall.items()},
                       "ratio_median": {s: statistics.median(r) for s, r in ratios.items()}, "ratios": ratios,
                       "commands": commands}
    return {"newstest2012 first 3003": text_hash(english)}


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="data folder (default ../shared/data)")
    parser.add_argument("--only", default="update,fuzzy,cost", help="comma-separated: update, fuzzy, cost")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the cost runs (default 3)")
    parser.add_argument("--baseline", default=BASELINE, help=f"the code before the memory (default {BASELINE})")
    parser.add_argument("--keep", help="keep the inputs and locales in this folder")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--examples", type=int, default=5, help="examples per list (default 5)")
    args = parser.parse_args(argv)
    parts = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = [part for part in parts if part not in ("update", "fuzzy", "cost")]
    if unknown:
        parser.error(f"unknown part {', '.join(unknown)}; choose from update, fuzzy, cost")
    data = Path(args.data).resolve()
    needed = []
    if {"update", "cost"} & set(parts):
        needed += [data / "newstest" / f"newstest{year}.{lang}" for year in (2011, 2012) for lang in ("eng", "spa")]
    if "fuzzy" in parts:
        needed += [data / "tico19" / name for name in ("all.en-es-419.tmx", "tico19-test.eng", "tico19-test.spa")]
    reason = unavailable(needed)
    if reason:
        print(reason, file=sys.stderr)
        return 2
    work, scratch = prepare_work(args.keep, "memory")
    figures: dict = {"command": "python benchmarks/memory.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    print(f"command: {figures['command']}")
    inputs: dict[str, str] = {}
    try:
        if "update" in parts:
            inputs.update(section_update(data, work, args.examples, figures))
            print()
        if "fuzzy" in parts:
            inputs.update(section_fuzzy(data, args.examples, figures))
            print()
        if "cost" in parts:
            inputs.update(section_cost(data, work, args.rounds, args.baseline, figures))
            print()
        line = signature(engine="apertium eng-spa", inputs=inputs, segments=",".join(parts),
                         glossary=f"glossaries/names.csv {glossary_hash()}", data=str(data))
        print(line)
        figures["signature"] = line
        if args.keep:
            print(f"kept: {work}")
    finally:
        if scratch is not None:
            scratch.cleanup()
    write_figures(args.json, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
