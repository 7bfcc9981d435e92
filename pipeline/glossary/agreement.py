"""Spanish agreement around inserted glossary terms: what a reviewer should look at.

The engine saw a placeholder, an unknown proper noun to it, and chose the
article before it blind (Apertium writes `el`). When the article does not
agree with the term's head noun, the translation says so. Gender and number
come from word endings, which is a guess: a note asks for a look, it never
changes the text.
"""

from __future__ import annotations

import re

DETERMINERS = {
    "el": ("m", "sg"), "al": ("m", "sg"), "del": ("m", "sg"), "un": ("m", "sg"), "este": ("m", "sg"),
    "ese": ("m", "sg"), "aquel": ("m", "sg"), "la": ("f", "sg"), "una": ("f", "sg"), "esta": ("f", "sg"),
    "esa": ("f", "sg"), "aquella": ("f", "sg"), "los": ("m", "pl"), "unos": ("m", "pl"), "estos": ("m", "pl"),
    "esos": ("m", "pl"), "aquellos": ("m", "pl"), "las": ("f", "pl"), "unas": ("f", "pl"), "estas": ("f", "pl"),
    "esas": ("f", "pl"), "aquellas": ("f", "pl"),
}
# Nouns whose ending misleads the rules below.
SINGULAR_IN_S = {"diabetes", "herpes", "caries", "tos", "mes", "país", "gas", "caos", "cosmos", "atlas", "virus",
                 "crisis", "tesis", "análisis", "lunes", "martes", "miércoles", "jueves", "viernes"}
MASCULINE_IN_A = {"día", "mapa", "planeta", "cometa", "tranvía", "sofá", "idioma", "clima", "tema", "sistema",
                  "problema", "programa", "síntoma", "esquema", "dilema", "fantasma", "trauma", "drama"}
FEMININE_IN_O = {"mano", "radio", "foto", "moto", "libido"}
STRESSED_A = {"agua", "arma", "alma", "ala", "aula", "asma", "ave", "arca", "arpa", "alga", "ansia", "hambre",
              "hacha", "hada", "habla", "hampa"}
FEMININE_ENDINGS = ("ción", "sión", "cion", "sion", "dad", "tad", "tud", "umbre", "itis", "sis")
MASCULINE_ENDINGS = ("aje", "or", "o")
GENDER_NAMES = {"m": "masculine", "f": "feminine", "sg": "singular", "pl": "plural"}


def agreement_notes(text: str, terms: list[str]) -> tuple[str, ...]:
    """A note for each determiner in `text` that disagrees with the glossary term after it."""
    notes = []
    for term in dict.fromkeys(terms):
        expected = gender_and_number(term)
        if expected == (None, None):
            continue
        for match in re.finditer(rf"(?<!\w)(\w+) {re.escape(term)}(?!\w)", text):
            found = DETERMINERS.get(match.group(1).lower())
            if found is not None and _disagree(found, expected, term):
                what = " ".join(GENDER_NAMES[part] for part in expected if part)
                notes.append(f"grammar: check {match.group(0)!r}: the article may not agree with "
                             f"{term!r} ({what}?)")
    return tuple(notes)


def gender_and_number(term: str) -> tuple[str | None, str | None]:
    """('f', 'sg') for 'Alianza del Norte'; None where the ending does not tell, or for a name
    (a single capitalised word) or an acronym."""
    head = term.split(" ", 1)[0]
    if not head.isalpha() or head.isupper() or (" " not in term and head[0].isupper()):
        return None, None
    word = head.lower()
    number = "pl" if word.endswith(("as", "os", "es")) and word not in SINGULAR_IN_S else "sg"
    singular = word[:-2] if word.endswith(("ciones", "siones", "dades")) else word[:-1] if number == "pl" else word
    return _gender(singular), number


def _gender(word: str) -> str | None:
    if word in MASCULINE_IN_A or word.endswith("ma"):
        return "m" if word in MASCULINE_IN_A else None
    if word in FEMININE_IN_O or word.endswith(FEMININE_ENDINGS) or word.endswith("a"):
        return "f"
    return "m" if word.endswith(MASCULINE_ENDINGS) else None


def _disagree(found: tuple[str, str], expected: tuple[str | None, str | None], term: str) -> bool:
    gender, number = expected
    # "el agua", "un arma": a feminine noun that starts with a stressed a takes el/un.
    head = term.split(" ", 1)[0].lower()
    stressed_a = (head in STRESSED_A or head.startswith(("á", "há"))) and found == ("m", "sg")
    gender_differs = gender is not None and found[0] != gender and not stressed_a
    return gender_differs or (number is not None and found[1] != number)
