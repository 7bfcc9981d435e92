"""What the run-level benchmarks share: an engine registry that counts what it is
sent, stage timers, the detection shim for Chinese, the project glossary."""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from _signature import ROOT, file_hash

from pipeline.engines import Engine, EngineRegistry

GLOSSARY = ROOT / "glossaries" / "names.csv"
CJK = re.compile(r"[\u3400-\u9fff]")


class CountingRegistry(EngineRegistry):
    """An EngineRegistry whose engines count the segments, calls and seconds they are sent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent = 0
        self.calls = 0
        self.seconds = 0.0
        self.stage_cpu_seconds = 0.0  # CPU time of run_stage (the analysis: on the workers with --ray)
        self.created: list[str] = []
        self.batches: list[tuple[str, list[str], str, str]] = []  # (engine, texts, source, target) of every call

    def reset(self) -> None:
        self.sent, self.calls, self.seconds = 0, 0, 0.0
        self.batches = []

    def run_stage(self, stage, work, context):
        started = time.thread_time()
        try:
            return super().run_stage(stage, work, context)
        finally:
            self.stage_cpu_seconds += time.thread_time() - started

    def _create(self, name):
        engine = NullEngine() if name == "null" else super()._create(name)
        self.created.append(name)
        inner = engine.translate_detailed

        def translate_detailed(texts, source, target):
            self.batches.append((name, list(texts), source, target))
            started = time.perf_counter()
            try:
                return inner(texts, source, target)
            finally:
                self.seconds += time.perf_counter() - started
                self.sent += len(texts)
                self.calls += 1

        engine.translate_detailed = translate_detailed
        return engine


def replay_alone(batches: list[tuple[str, list[str], str, str]], models_dir: Path | None = None) -> float:
    """Seconds that fresh engines take for the same calls, one after another, with
    nothing else running in this process (process start and model load included)."""
    registries = {name: EngineRegistry(name, models_dir) for name in dict.fromkeys(batch[0] for batch in batches)}
    started = time.perf_counter()
    for name, texts, source, target in batches:
        registries[name].engine_for(source, target).translate_detailed(texts, source, target)
    for registry in registries.values():
        registry.close()
    return time.perf_counter() - started


class NullEngine(Engine):
    """Gives every text back unchanged at once: what the pipeline costs without an engine."""

    name = "null"

    def supports(self, source: str, target: str) -> bool:
        return True

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        return list(texts)

    def describe(self, source: str, target: str) -> str:
        return "null (benchmark)"


def glossary(path: Path = GLOSSARY):
    from pipeline.glossary import load_glossaries

    return load_glossaries([path])


def glossary_hash() -> str:
    return file_hash(GLOSSARY)


@contextmanager
def chinese_as_zh():
    """Detection knows en, es and und only: Chinese prose would be `und` and carried
    over, never sent to an engine. For the Argos runs, segments with Chinese
    characters are relabelled prose in `zh` right after detection, so they go to
    the zh->en package as `diglot translate --engine argos` would send them if
    detection knew Chinese. Everything else runs unchanged."""
    import pipeline.batch as batch

    original = batch.detect_document

    def detect_document(document):
        result = original(document)
        for segment in document.segments:
            if CJK.search(segment.text):
                segment.kind, segment.lang, segment.confidence = "prose", "zh", 1.0
                segment.mixed, segment.spans = False, ()
        if any(segment.lang == "zh" for segment in document.segments):
            document.lang = "zh"
        return result

    batch.detect_document = detect_document
    try:
        yield
    finally:
        batch.detect_document = original


class StageTimer:
    """Exclusive wall time per stage: a stage called inside another is taken out of the outer one."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._local = threading.local()
        self._patches: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, attribute: str, stage: str) -> None:
        bound = getattr(owner, attribute)  # for a classmethod: bound to the class
        raw = owner.__dict__.get(attribute) if isinstance(owner, type) else None
        timer = self

        def timed(*args, **kwargs):
            stack = timer._stack()
            stack.append(0.0)
            started = time.perf_counter()
            try:
                return bound(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = stack.pop()
                timer.seconds[stage] += elapsed - inner
                timer.calls[stage] += 1
                if stack:
                    stack[-1] += elapsed

        if isinstance(raw, (classmethod, staticmethod)):
            setattr(owner, attribute, staticmethod(timed))
        else:
            setattr(owner, attribute, timed)  # a plain function on a class still receives self
        self._patches.append((owner, attribute, raw if isinstance(owner, type) else bound))

    def restore(self) -> None:
        for owner, attribute, original in reversed(self._patches):
            setattr(owner, attribute, original)
        self._patches.clear()

    def _stack(self) -> list[float]:
        if not hasattr(self._local, "stack"):
            self._local.stack = []
        return self._local.stack


# Stage name -> (module attribute to wrap). Functions are wrapped where
# pipeline.batch looks them up, so each call is counted once.
def instrument(timer: StageTimer, registry: CountingRegistry) -> None:
    import pipeline.batch as batch

    timer.wrap(batch, "read_documents", "read")
    timer.wrap(batch, "segment_document", "segment")
    timer.wrap(batch, "detect_document", "detect")
    timer.wrap(batch, "find_terms", "glossary terms")
    timer.wrap(batch, "load_catalog", "load old catalogs")
    timer.wrap(batch.TranslationMemory, "apply", "translation memory")
    timer.wrap(batch.TranslationMemory, "add_catalog", "translation memory")
    timer.wrap(batch, "input_digest", "up-to-date check")
    timer.wrap(batch._Job, "_matches", "up-to-date check")
    timer.wrap(batch, "translate_documents", "translate stage (protect, restore)")
    timer.wrap(batch, "build_catalog", "catalog build (merge)")
    timer.wrap(batch, "catalog_bytes", "catalog serialise")
    timer.wrap(batch, "render_edition", "render edition")
    timer.wrap(batch, "write_atomic", "write files")
    timer.wrap(batch, "remove_stale_temporaries", "write files")
    # The engine: time the registry's engines report, as their own stage.
    original = registry._create

    def create(name):
        engine = original(name)
        timer.wrap(engine, "translate_detailed", "ENGINE")
        return engine

    registry._create = create


def prepare_work(keep: str | None, script: str) -> tuple[Path, tempfile.TemporaryDirectory | None]:
    """Where a benchmark writes: a temporary folder, or --keep's, which must be empty or one this
    script made before (marked with .<script>-benchmark), and is emptied then."""
    marker = f".{script}-benchmark"
    if keep is None:
        scratch = tempfile.TemporaryDirectory(prefix=f"diglot-{script}-")
        return Path(scratch.name), scratch
    work = Path(keep).resolve()
    if work.exists() and any(work.iterdir()):
        if not (work / marker).exists():
            sys.exit(f"--keep {work}: folder exists and is not empty (and was not made by this script)")
        for child in work.iterdir():
            if child.name != marker:
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    work.mkdir(parents=True, exist_ok=True)
    (work / marker).write_text(f"made by benchmarks/{script}.py; emptied on its next run with --keep\n")
    return work, None


def unavailable(needed: list[Path]) -> str | None:
    """Why a benchmark cannot run here (its data files or Apertium missing), or None."""
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        return (f"skipped: data not found ({', '.join(missing)}); the benchmark reads ../shared/data beside the "
                "repository, or --data DIR")
    if shutil.which("apertium") is None:
        return "skipped: apertium is not installed (./install.sh)"
    return None


def write_figures(path: str | None, figures: dict) -> None:
    """--json FILE: the figures, as the run printed them."""
    if path:
        Path(path).write_text(json.dumps(figures, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
