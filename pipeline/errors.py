"""Typed errors. The library raises these; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from pathlib import Path


class DiglotError(Exception):
    """Base class. `exit_code` follows DESIGN.md: 1 findings, 2 usage or input errors."""

    exit_code = 2

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(DiglotError):
    """An input article cannot be read (missing, binary, not UTF-8, empty)."""


class GlossaryError(DiglotError):
    """A glossary file is malformed."""


class CatalogError(DiglotError):
    """An existing catalog in locales/ cannot be parsed or is inconsistent."""


class EngineUnavailable(DiglotError):
    """No installed engine can translate the requested pair."""


class EngineError(DiglotError):
    """An engine failed while translating (crashed process, corrupt model)."""


class ModelError(DiglotError):
    """An Argos package file is missing, corrupt or not a translation package."""


class LockedError(DiglotError):
    """Another diglot run holds the lock on the locales folder."""
