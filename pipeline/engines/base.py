"""The one interface every translation engine implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class EngineOutput:
    """One translated text and the source words the engine did not know."""

    text: str
    unknown_words: tuple[str, ...] = ()


class Engine(ABC):
    """A translation engine. `translate_batch` is the whole contract of DESIGN.md;
    `translate_detailed` adds what a reviewer wants to see (unknown words)."""

    name: str = "engine"

    @abstractmethod
    def supports(self, source: str, target: str) -> bool:
        """True when this engine, as installed, can translate source -> target."""

    @abstractmethod
    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate every text; one output per input, in order. Texts hold no newlines."""

    def translate_detailed(self, texts: list[str], source: str, target: str) -> list[EngineOutput]:
        return [EngineOutput(text) for text in self.translate_batch(texts, source, target)]

    def use_lexicon(self, source: str, target: str, rules: str) -> bool:
        """Apply the glossary's single-word rules (glossary/lexicon.py, as JSON) inside the
        engine for source -> target; False when it cannot, as by default: the glossary then
        reaches it as placeholders only."""
        return False

    def release(self, target: str) -> None:
        """Free what serves translations into `target` (a process, a model) when a run needs
        them no more; by default nothing. The engine still works after it."""

    def close(self) -> None:
        """Release what the engine holds (processes, loaded models); by default nothing.
        An engine may still be used after `close`, and then holds them again."""

    @abstractmethod
    def describe(self, source: str, target: str) -> str:
        """What produced a translation, for catalog comments and score signatures,
        e.g. 'apertium 3.8.3 eng-spa 0.8.1' or 'argos translate-zh_en-1_9'."""


def capitalised(word: str) -> bool:
    """Whether the capital of `word` may be one an engine gave it for starting a sentence or
    a text: 'Actualmente', 'A', 'Radios.'; not 'UN' or 'EE.UU.', whose capitals are their own."""
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())
