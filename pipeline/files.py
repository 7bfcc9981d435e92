"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DiglotError, InputError, LockedError

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def read_bytes(path: Path, error: type[DiglotError] = InputError) -> bytes:
    """The file's bytes; `error`, naming the file, when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as failure:
        raise error(f"cannot read: {failure.strerror}", path) from failure


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a temporary file and a rename.

    Returns False, touching nothing, when the file already holds exactly `data`.
    """
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~_UMASK)  # mkstemp's 0600 would hide editions from other users
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (created if missing) while writing into it.

    The kernel drops the lock when the process ends, however it ends, so a
    killed run never leaves a stale lock behind.
    """
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise LockedError(
                "another diglot run is writing here; run again when it has finished", folder
            ) from error
        yield
    finally:
        os.close(descriptor)


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of a run that was killed mid-write; call while holding `locked(folder)`."""
    for temporary in folder.rglob(".*.tmp"):
        temporary.unlink(missing_ok=True)
