"""Stage 1: read input articles into Documents, each through the format its suffix names."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError
from .files import read_bytes
from .formats import SUFFIXES, format_named, format_of
from .model import Document
from .settings import project_settings


def read_documents(paths: list[str | Path]) -> list[Document]:
    """Every input file, in a stable order; folders contribute the files of every format."""
    files = [file for path in paths for file in _expand(Path(path))]
    fields = project_settings().markdown_text_fields
    documents = [read_document(file, fields) for file in files]
    _refuse_duplicate_ids(documents)
    return documents


def read_document(path: Path, text_fields: tuple[str, ...] | None = None) -> Document:
    """The file as its format reads it; `text_fields`: front matter keys the project
    translates beside the format's own (by default, its diglot.toml's)."""
    if text_fields is None:
        text_fields = project_settings().markdown_text_fields
    name = format_of(path)
    if name is None:
        raise InputError(f"unknown suffix '{path.suffix}': diglot reads {', '.join(SUFFIXES)}", path)
    decoded = format_named(name).decode(path, read_bytes(path))  # each refuses binary files its own way
    if not decoded.text.strip("\ufeff \t\r\n"):
        raise InputError("file is empty: nothing to translate", path)
    source = "" if name == "text" else decoded.text  # a text document is its lines
    return Document(path=path, doc_id=doc_id_for(path), lines=decoded.text.splitlines(), format=name,
                    source=source, encoding=decoded.encoding, text_fields=text_fields)


def doc_id_for(path: Path) -> str:
    """The file's stem made safe for file names: lower case, [a-z0-9-]."""
    safe = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return safe or "document"


def _expand(path: Path) -> list[Path]:
    if not path.exists():
        raise InputError("no such file or folder", path)
    if path.is_file():
        return [path]
    files = sorted(p for p in path.rglob("*") if p.is_file() and format_of(p) is not None)
    if not files:
        raise InputError(f"folder has no articles ({', '.join(SUFFIXES)})", path)
    return files


def _refuse_duplicate_ids(documents: list[Document]) -> None:
    seen: dict[str, Path] = {}
    for document in documents:
        if document.doc_id in seen:
            raise InputError(
                f"same document id '{document.doc_id}' as {seen[document.doc_id]}; rename one",
                document.path,
            )
        seen[document.doc_id] = document.path
