"""Stage 1: read input articles into Documents, refusing anything that is not UTF-8 text."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError
from .files import read_bytes
from .model import Document

TEXT_SUFFIXES = (".txt", ".md")


def read_documents(paths: list[str | Path]) -> list[Document]:
    """Every input file, in a stable order; folders contribute their text files."""
    files = [file for path in paths for file in _expand(Path(path))]
    documents = [read_document(file) for file in files]
    _refuse_duplicate_ids(documents)
    return documents


def read_document(path: Path) -> Document:
    text = _decode(path, read_bytes(path))
    if not text.strip():
        raise InputError("file is empty: nothing to translate", path)
    return Document(path=path, doc_id=doc_id_for(path), lines=text.splitlines())


def doc_id_for(path: Path) -> str:
    """The file's stem made safe for file names: lower case, [a-z0-9-]."""
    safe = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return safe or "document"


def _expand(path: Path) -> list[Path]:
    if not path.exists():
        raise InputError("no such file or folder", path)
    if path.is_file():
        return [path]
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    if not files:
        raise InputError(f"folder has no text files ({', '.join(TEXT_SUFFIXES)})", path)
    return files


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text", path, _line_of(data, data.index(b"\x00")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); convert it with iconv",
            path,
            _line_of(data, error.start),
        ) from error
    return text.removeprefix("\ufeff")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _refuse_duplicate_ids(documents: list[Document]) -> None:
    seen: dict[str, Path] = {}
    for document in documents:
        if document.doc_id in seen:
            raise InputError(
                f"same document id '{document.doc_id}' as {seen[document.doc_id]}; rename one",
                document.path,
            )
        seen[document.doc_id] = document.path
