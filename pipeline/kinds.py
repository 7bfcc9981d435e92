"""Stage 3, first half: the kind of a segment, from the shape of its text alone.

Kinds (DESIGN.md, "Segment kinds"): URLs, slugs, credits and bylines, dates
and numbers, handles and hashtags, headings, and prose. Only the prose-like
kinds are analysed for language (detect.py).
"""

from __future__ import annotations

import re

URL_RE = re.compile(r"^(?:(?:https?|ftp)://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/\S*$", re.IGNORECASE)
EMAIL_RE = re.compile(r"^(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+$", re.IGNORECASE)
HANDLES_RE = re.compile(r"^(?:[@#]\w+[\s,;]*)+$")
FILE_EXT = r"(?:jpe?g|png|gif|webp|svg|tiff?|html?|php|aspx?|mp[34]|pdf)"
SLUG_RE = re.compile(
    rf"^/?(?:[\w.-]+/)*[a-z0-9à-ÿ]+(?:[-_][a-z0-9à-ÿ]+)+(?:\.{FILE_EXT})?/?$"
    rf"|^[\w-]+\.{FILE_EXT}$",
    re.IGNORECASE,
)
AGENCY = r"[A-Z][A-Z&.]+(?:\s[A-Z]+)?"  # AFP, EFE, REUTERS, EUROPA PRESS
NAME_WORD = r"(?:[A-ZÁÉÍÓÚÑ][\w.'’-]*|de|del|la|las|los|y|and|van|von|da|di|e)"
NAMES = rf"[A-ZÁÉÍÓÚÑ][\w.'’-]*(?:\s+{NAME_WORD})*"
NAME_IN_CAPITALS = r"[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ.'’-]*(?:\s+[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ.'’-]*)+"  # two words or more
SEPARATOR = r"\s+[-\u2013\u2014|]"
CREDIT_LEAD = (
    r"(?i:(?:photo|photograph|photography|foto|fotografía|fotografia|image|imagen|credit|crédito|credito|source"
    r"|fuente)s?"
    r"(?:\s+(?:by|de|por))?\s*:"
    r"|(?:photo|foto|image|imagen)\s+(?:by|de|por)\s)"
)
# A credit alone, carried over as written: "AFP/AHMAD SAHEL ARMAN", "EFE/Juan Pérez",
# "Photo: ...", "Photograph: NAME/Getty Images", "Foto: ...", "(Foto: EFE)", "(Foto Prensa
# Libre: NAME)", "© Reuters", "Getty Images". The
# agency part is case-sensitive and the part after it a name: "and/or the" and
# "EU/NATO summit - leaders agreed ..." are no credit.
CREDIT_RE = re.compile(
    rf"^\(?(?:{AGENCY}(?:/{NAMES})+(?:{SEPARATOR}[\W\d_]*)?\)?$|{CREDIT_LEAD}"
    rf"|\((?i:photo|foto)\s+{NAMES}:\s*{NAMES}\)$"
    r"|(?i:©|\(c\)\s|(?:getty images|europa press|associated press|reuters|afp|efe|ap)\)?$))"
)
# "By John Smith", "Por Juan Pérez y Ana Gil | Madrid", "Redacción": the names
# must be capitalised, so "Por eso el gobierno ..." is no byline.
BYLINE_RE = re.compile(
    rf"^(?i:by|por|text|texto|redacción|redaccion)\s*:?\s+[A-ZÁÉÍÓÚÑ][\w.'’-]*(?:[\s,]+{NAME_WORD})*"
    rf"(?:\s*[|/,\u2013\u2014-]\s*[\w .'’-]+)?\.?$"
    rf"|^(?i:redacción|redaccion|agencias|staff)(?:\s*[|/,\u2013\u2014-]\s*[\w .'’-]+)?$"
)
# A credit that opens a caption, with the separator after it (kind `caption`): the
# credit is kept as written and the caption translated. "AFP/AHMAD SAHEL ARMAN -
# Afghan forces ...", "REUTERS/John Smith - Troops ...", "Foto: Juan Pérez / EFE -
# Manifestantes ...", "(Foto: EFE) El presidente ...", and "EFE/JUAN CARLOS HIDALGO
# El presidente ...", where a name of two words or more in capitals ends at a
# capitalised word in lower case. "US/UK relations have ...", "UN/AU Forces patrol
# ..." and "NATO - The alliance ..." are prose.
CREDIT_THEN_CAPTION_RE = re.compile(
    rf"^\s*(?:{AGENCY}(?:/{NAMES})+{SEPARATOR}\s+"
    rf"|{AGENCY}(?:/{NAME_IN_CAPITALS})+\s+(?=[A-ZÁÉÍÓÚÑ][a-záéíóúñü]\S*\s+\S)"
    rf"|{CREDIT_LEAD}\s*{NAMES}(?:\s*/\s*{NAMES})*{SEPARATOR}\s+"
    rf"|\({CREDIT_LEAD}\s*{NAMES}(?:\s*/\s*{NAMES})*\)\s+)"
    r"(?=\S*[^\W\d_])"  # a caption with a word of letters
)
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre "
    "ene abr ago dic "
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun "
    "lunes martes miércoles miercoles jueves viernes sábado sabado domingo "
    "de del of the at a las los h hrs am pm gmt cet cest utc est pst edt "
    "updated published actualizado publicado act"
).split()
DATE_WORD_RE = re.compile(r"^(?:\d[\d.,:/h'-]*(?:st|nd|rd|th|º|ª|am|pm|h)?|" + "|".join(MONTHS) + r")\.?$", re.IGNORECASE)
SENTENCE_END_RE = re.compile(r"[.!?…:;\"'”»)]\s*$")
LETTER_RE = re.compile(r"[^\W\d_]")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_HEADING_WORDS = 25


def classify_kind(text: str) -> str:
    """The kind of a segment from its shape alone (DESIGN.md, "Segment kinds")."""
    stripped = CONTROL_RE.sub(" ", text).strip()
    if not LETTER_RE.search(stripped):
        return "other"  # empty, punctuation, emoji, numbers
    if URL_RE.match(stripped) or EMAIL_RE.match(stripped):
        return "url"
    if HANDLES_RE.match(stripped):
        return "other"  # @handles and #hashtags on their own
    if SLUG_RE.match(stripped):
        return "slug"
    if credit_length(stripped):
        return "caption"
    if CREDIT_RE.match(stripped) or BYLINE_RE.match(stripped):
        return "credit"
    words = stripped.split()
    if len(words) <= 12 and all(DATE_WORD_RE.match(w.strip(",;()[]")) for w in words if w.strip(",;()[]-–—|")):
        if any(c.isdigit() for c in stripped):
            return "other"  # dates and times
    if not SENTENCE_END_RE.search(stripped) and len(words) <= MAX_HEADING_WORDS:
        return "heading"
    return "prose"


def credit_length(text: str) -> int:
    """How many characters of `text` are a credit that opens a caption, with the
    separator after it ("AFP/AHMAD SAHEL ARMAN - "); 0 when it opens with none."""
    found = CREDIT_THEN_CAPTION_RE.match(text)
    return found.end() if found else 0
