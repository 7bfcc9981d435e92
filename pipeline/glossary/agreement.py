"""Spanish agreement around inserted glossary terms.

The engine saw a placeholder, an unknown proper noun to it, and chose the
article before it blind (Apertium writes `el`). Where the analyser gave the
term's gender and number (inflect.py), the article is made to agree
(agreeing_determiner). Elsewhere, when the article does not agree with the
term's head noun, the translation says so: gender and number then come from
word endings, which is a guess, so a note asks for a look and never changes
the text.
"""

from __future__ import annotations

import re

# The determiners, by family, in the order of AGREEMENT: el la los las, un una unos unas, ...
DETERMINER_FAMILIES = (
    ("el", "la", "los", "las"), ("un", "una", "unos", "unas"), ("este", "esta", "estos", "estas"),
    ("ese", "esa", "esos", "esas"), ("aquel", "aquella", "aquellos", "aquellas"),
)
AGREEMENT = (("m", "sg"), ("f", "sg"), ("m", "pl"), ("f", "pl"))
CONTRACTIONS = {"del": ("de ", "el"), "al": ("a ", "el")}  # preposition + el
DETERMINER_FAMILY = {word: family for family in DETERMINER_FAMILIES for word in family}
DETERMINERS = {word: AGREEMENT[family.index(word)] for word, family in DETERMINER_FAMILY.items()} | {
    contraction: ("m", "sg") for contraction in CONTRACTIONS}
DETERMINER_RE = "|".join(sorted([*DETERMINER_FAMILY, *CONTRACTIONS], key=len, reverse=True))
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
    takes_el = starts_with_stressed_a(term.split(" ", 1)[0]) and found == ("m", "sg")
    gender_differs = gender is not None and found[0] != gender and not takes_el
    return gender_differs or (number is not None and found[1] != number)


def starts_with_stressed_a(word: str) -> bool:
    """'agua', 'hacha', 'área': a feminine singular noun that takes el/un."""
    word = word.lower()
    return word in STRESSED_A or word.startswith(("á", "há"))


def agreeing_determiner(text: str, placeholder: str, term: str, agreement: tuple[str, str]) -> str:
    """`text` with the determiner right before `placeholder` in the gender and number of the
    term it stands for: 'el Zqxa' -> 'las Zqxa' for 'pestañas', 'del Zqxa' -> 'de la Zqxa' for
    'pestaña'. The engine chose it blind, for an unknown proper noun; 'el agua' stays."""
    if agreement == ("f", "sg") and starts_with_stressed_a(term):
        return text
    wanted = AGREEMENT.index(agreement)

    def agreeing(match: re.Match) -> str:
        word = match.group(1)
        lead, base = CONTRACTIONS.get(word.lower(), ("", word.lower()))
        form = lead + DETERMINER_FAMILY[base][wanted]
        return (form[:1].upper() + form[1:] if word[:1].isupper() else form) + match.group(2)

    pattern = rf"(?i)(?<![^\W_])({DETERMINER_RE})( +)(?={re.escape(placeholder)}(?![^\W_]))"
    return re.sub(pattern, agreeing, text)
