"""Stage 3: the kind and language of every segment.

Kinds come from the shape of the text (slugs, URLs, credits, headings);
languages from langdetect's character n-gram profiles, restricted to the
languages a Spanish-English newsroom meets and seeded so the answer never
changes between runs.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .model import Document, Segment, Span

# Profiles loaded besides en and es, so that Portuguese, Italian, French,
# Catalan and German text is reported as `und` instead of being forced into
# en or es.
NEIGHBOUR_LANGUAGES = ("pt", "it", "fr", "ca", "de")
MIN_CONFIDENCE = 0.70

URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
EMAIL_RE = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
# "AFP/AHMAD SAHEL ARMAN - caption", "REUTERS/Name Surname - caption", "Photo: ..."
CREDIT_RE = re.compile(
    r"^(?:[A-Z][A-Z&.]+(?:/[A-Z][\w .'-]+)+\s+[-\u2013\u2014]\s"
    r"|(?:photo|foto|image|imagen|credit|crédito)s?\s*:)",
    re.IGNORECASE,
)
SENTENCE_END_RE = re.compile(r"[.!?…:;\"'”»)]\s*$")
LETTER_RE = re.compile(r"[^\W\d_]", re.UNICODE)
MAX_HEADING_WORDS = 25


def detect_document(document: Document) -> Document:
    for segment in document.segments:
        detect_segment(segment)
    document.lang = _main_language(document.segments)
    _mark_boilerplate(document)
    return document


def detect_segment(segment: Segment) -> Segment:
    segment.kind = classify_kind(segment.text)
    if segment.kind in ("prose", "heading", "caption"):
        segment.lang, segment.confidence = identify_language(segment.text)
    else:
        segment.lang, segment.confidence = "und", 1.0
    segment.spans = (Span(0, len(segment.text), segment.lang),) if segment.text else ()
    return segment


def classify_kind(text: str) -> str:
    stripped = text.strip()
    if not LETTER_RE.search(stripped):
        return "other"
    if URL_RE.match(stripped) or EMAIL_RE.match(stripped):
        return "url"
    if SLUG_RE.match(stripped):
        return "slug"
    if CREDIT_RE.match(stripped):
        return "credit"
    if not SENTENCE_END_RE.search(stripped) and len(stripped.split()) <= MAX_HEADING_WORDS:
        return "heading"
    return "prose"


def identify_language(text: str) -> tuple[str, float]:
    """('en'|'es'|'und', confidence). Deterministic: the detector is seeded."""
    if len(LETTER_RE.findall(text)) < 2:
        return "und", 0.0
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except LangDetectException:
        return "und", 0.0
    if best.lang not in ("en", "es") or best.prob < MIN_CONFIDENCE:
        return "und", round(best.prob, 3)
    return best.lang, round(best.prob, 3)


@lru_cache(maxsize=1)
def _factory():
    import langdetect
    from langdetect.detector_factory import DetectorFactory

    profiles = Path(langdetect.__file__).parent / "profiles"
    factory = DetectorFactory()
    factory.load_json_profile(
        [(profiles / lang).read_text(encoding="utf-8") for lang in ("en", "es", *NEIGHBOUR_LANGUAGES)]
    )
    factory.set_seed(0)
    return factory


def _main_language(segments: list[Segment]) -> str:
    weight = {"en": 0, "es": 0}
    for segment in segments:
        if segment.lang in weight and segment.kind == "prose":
            weight[segment.lang] += len(segment.text)
    if not any(weight.values()):
        return "und"
    return max(weight, key=lambda lang: (weight[lang], lang == "en"))


def _mark_boilerplate(document: Document) -> None:
    """Text at the end of an article in the other language is the site's footer."""
    for segment in reversed(document.segments):
        if segment.lang == "und":
            continue
        if segment.lang == document.lang or segment.kind not in ("prose", "heading"):
            break
        segment.kind = "boilerplate"


def json_spans(segment: Segment) -> list[dict]:
    return [{"start": s.start, "end": s.end, "lang": s.lang} for s in segment.spans]


def segment_record(document: Document, segment: Segment) -> str:
    """One line of `diglot detect --json`."""
    record = {
        "file": str(document.path),
        "line": segment.line,
        "text": segment.text,
        "kind": segment.kind,
        "lang": segment.lang,
        "confidence": segment.confidence,
        "mixed": segment.mixed,
        "spans": json_spans(segment),
    }
    return json.dumps(record, ensure_ascii=False)
