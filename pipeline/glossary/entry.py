"""A glossary entry: a term's forms in each language, its action and case rule."""

from __future__ import annotations

from dataclasses import dataclass

GLOSSARY_LANGUAGES = ("en", "es")
ACTIONS = ("map", "keep", "forbid")
REQUIRED_COLUMNS = ("en", "es", "action")
OPTIONAL_COLUMNS = ("note", "case", "match")
CASES = ("sensitive", "insensitive")
MATCHES = ("exact", "inflected")


@dataclass(frozen=True)
class GlossaryEntry:
    forms: dict[str, tuple[str, ...]]  # language -> variants, canonical first
    action: str
    note: str
    case_sensitive: bool
    origin: str  # "FILE:LINE", names the row in messages
    match: str = ""  # "exact", "inflected", or "" for the default of its case rule (inflects())

    def inflects(self) -> bool:
        """Whether the row's forms match their inflected forms too: a row that says so, else a
        case-insensitive one (a common term: 'tabs' for 'tab'), never by default a case-sensitive
        one (a name, matched as written)."""
        return self.match == "inflected" if self.match else not self.case_sensitive

    def canonical(self, lang: str) -> str:
        return self.forms[lang][0]

    def target_form(self, source: str, target: str) -> str | None:
        """The form to write in a `target` edition; None when the glossary does not say
        (a mapped term and a language without a column): the engine translates it then."""
        if target in self.forms:
            return self.canonical(target)
        return self.canonical(source) if self.action == "keep" else None

    def written_form(self, source: str, target: str, occurrence: str) -> str | None:
        """target_form(); for a case-insensitive term, in the case of the source occurrence:
        'fever' -> 'fiebre' even when the canonical form is 'Fiebre', and 'Fever' -> 'Fiebre'.
        An inflected occurrence in its own language's edition stays as written ('tabs')."""
        if target == source and self.inflects() and not self.lists(source, occurrence):
            return occurrence
        form = self.target_form(source, target)
        return form if form is None or self.case_sensitive else match_case(form, occurrence)


    def lists(self, lang: str, occurrence: str) -> bool:
        """Whether `occurrence` is one of the `lang` forms (any case when case-insensitive)."""
        if self.case_sensitive:
            return occurrence in self.forms.get(lang, ())
        return occurrence.casefold() in {form.casefold() for form in self.forms.get(lang, ())}


def match_case(form: str, occurrence: str) -> str:
    """`form` in the case pattern of `occurrence`: all capitals, capitalised or lower case.
    A form that starts with an acronym or a mixed-case word keeps its case, and so does a form
    whose occurrence starts with an acronym ('COVID-19 vaccine' -> 'vacuna para el COVID-19':
    its capital belongs to the acronym, not to the term)."""
    first_word = form.split(" ", 1)[0]
    if len(occurrence) > 1 and occurrence.isupper():
        return form.upper()
    if _acronym(occurrence.split(" ", 1)[0]):
        return form
    if occurrence[:1].isupper():
        return form[:1].upper() + form[1:]
    if occurrence.islower() and first_word[:1].isupper() and first_word[1:].islower():
        return form[:1].lower() + form[1:]
    return form


def _acronym(word: str) -> bool:
    return sum(character.isalpha() for character in word) > 1 and word.isupper()


def variants(cell: str) -> tuple[str, ...]:
    """'Panjshir|Panshir' -> ('Panjshir', 'Panshir'); '' -> ()."""
    return tuple(variant.strip() for variant in cell.split("|")) if cell else ()
