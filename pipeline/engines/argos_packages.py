"""Argos Translate packages on disk (the models the Argos engine loads; "model" alone means
the data model, pipeline/model.py): where they live, installing them from local
files, listing them, and choosing a route between two languages. Never touches
the network.

Installed packages use Argos' own layout (one directory per package holding
`metadata.json`, `model/` and `sentencepiece.model`), so a models directory
filled by `argospm` works here and the other way round.

We read `metadata.json` ourselves instead of using `argostranslate.package.Package`:
importing any `argostranslate` module imports `argostranslate.settings`, which
creates directories under $HOME / $XDG_* and reads (and prints about)
~/.config/argos-translate/settings.json at import time. The library must not
write outside the models directory or print, and the few fields we need are simple.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.errors import ModelError
from pipeline.files import read_bytes

PIVOT_LANGUAGE = "en"
# Only SentencePiece packages: BPE ones need sacremoses, which diglot does not ship.
_REQUIRED_MEMBERS = ("metadata.json", "sentencepiece.model", "model/model.bin")


@dataclass(frozen=True)
class InstalledPackage:
    """One installed Argos translation package."""

    name: str  # directory name, e.g. "translate-zh_en-1_9"
    path: Path
    from_code: str
    to_code: str
    version: str
    target_prefix: str = ""


def default_models_dir() -> Path:
    """$DIGLOT_MODELS_DIR, else where Argos keeps packages. Creates nothing."""
    for variable in ("DIGLOT_MODELS_DIR", "ARGOS_PACKAGES_DIR"):
        if os.environ.get(variable):
            return Path(os.environ[variable]).expanduser()
    # An empty XDG_DATA_HOME counts as unset (XDG spec; Argos would use a relative path).
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home).expanduser() / "argos-translate" / "packages"


def list_packages(models_dir: Path) -> list[InstalledPackage]:
    """Translation packages in models_dir, sorted by (from, to, name). A missing
    directory holds no packages; a package with unreadable metadata is an error."""
    models_dir = Path(models_dir)
    if not models_dir.exists():
        return []
    if not models_dir.is_dir():
        raise ModelError("models directory is not a directory", path=models_dir)
    packages = []
    for entry in models_dir.iterdir():
        # Hidden entries are our own temporary install directories.
        if entry.name.startswith(".") or not (entry / "metadata.json").is_file():
            continue
        package = read_package(entry)
        if package is not None:
            packages.append(package)
    return sorted(packages, key=lambda p: (p.from_code, p.to_code, p.name))


def read_package(package_dir: Path) -> InstalledPackage | None:
    """The package installed in package_dir; None for non-translation packages
    (e.g. Argos' old sentence-boundary packages)."""
    metadata_path = package_dir / "metadata.json"
    metadata = _parse_metadata(read_bytes(metadata_path, ModelError), metadata_path)
    if metadata.get("type", "translate") != "translate":
        return None
    return _package(package_dir, metadata)


def install_package(file: Path, models_dir: Path) -> InstalledPackage:
    """Install an .argosmodel file into models_dir, replacing an installed
    package of the same name. Extracts into a temporary directory inside
    models_dir and renames it into place, so a failed install leaves nothing."""
    file, models_dir = Path(file), Path(models_dir)
    with _open_zip(file) as archive:
        top, metadata = _validate_archive(archive, file)
        staging = _make_staging_dir(models_dir)
        try:
            _extract(archive, staging, file)
            try:
                _replace_dir(staging / top, models_dir / top)
            except OSError as error:
                raise ModelError(f"cannot install package: {error}", path=models_dir) from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return _package(models_dir / top, metadata)


def find_route(
    packages: list[InstalledPackage], source: str, target: str
) -> list[InstalledPackage] | None:
    """Packages to apply in order to translate source -> target: a direct
    package, else source -> en -> target as Argos does; None when none fits."""
    if source == target:
        return None
    direct = _best(packages, source, target)
    if direct is not None:
        return [direct]
    if PIVOT_LANGUAGE in (source, target):
        return None
    first = _best(packages, source, PIVOT_LANGUAGE)
    second = _best(packages, PIVOT_LANGUAGE, target)
    return [first, second] if first and second else None


def _best(packages: list[InstalledPackage], source: str, target: str) -> InstalledPackage | None:
    """The newest package for the pair; ties broken by name so the choice is stable."""
    matching = [p for p in packages if p.from_code == source and p.to_code == target]
    return max(matching, key=lambda p: (_version_key(p.version), p.name), default=None)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _open_zip(file: Path) -> zipfile.ZipFile:
    if not file.is_file():
        raise ModelError("no such package file", path=file)
    try:
        return zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as error:
        raise ModelError(f"not an Argos package (not a zip archive: {error})", path=file) from error


def _validate_archive(archive: zipfile.ZipFile, file: Path) -> tuple[str, dict]:
    """Check member names and required files; return the top directory and metadata."""
    names = archive.namelist()
    for name in names:
        if not _is_safe_member(name):
            raise ModelError(f"unsafe member name in package: {name!r}", path=file)
    tops = sorted({PurePosixPath(name).parts[0] for name in names})
    if len(tops) != 1:
        raise ModelError(f"package must hold exactly one top directory, found {tops}", path=file)
    top = tops[0]
    for required in _REQUIRED_MEMBERS:
        if f"{top}/{required}" not in names:
            raise ModelError(f"package has no {top}/{required}", path=file)
    metadata = _parse_metadata(_read_member(archive, f"{top}/metadata.json", file), file)
    if metadata.get("type", "translate") != "translate":
        raise ModelError(f"not a translation package (type {metadata['type']!r})", path=file)
    return top, metadata


def _read_member(archive: zipfile.ZipFile, name: str, file: Path) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise ModelError(f"corrupt package member {name}: {error}", path=file) from error


def _make_staging_dir(models_dir: Path) -> Path:
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".install-", dir=models_dir))
    except OSError as error:
        raise ModelError(f"cannot write to models directory: {error}", path=models_dir) from error


def _extract(archive: zipfile.ZipFile, destination: Path, file: Path) -> None:
    try:
        archive.extractall(destination)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ModelError(f"cannot extract package: {error}", path=file) from error


def _package(package_dir: Path, metadata: dict) -> InstalledPackage:
    return InstalledPackage(
        name=package_dir.name,
        path=package_dir,
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        version=str(metadata.get("package_version", "")),
        target_prefix=str(metadata.get("target_prefix") or ""),
    )


def _is_safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and "\\" not in name
        and not path.is_absolute()
        and ".." not in path.parts
        and not re.match(r"^[A-Za-z]:", name)
        and not path.parts[0].startswith(".")
    )


def _parse_metadata(raw: bytes, path: Path) -> dict:
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"metadata.json is not valid JSON: {error}", path=path) from error
    if not isinstance(metadata, dict):
        raise ModelError("metadata.json does not hold a JSON object", path=path)
    if metadata.get("type", "translate") == "translate":
        for key in ("from_code", "to_code"):
            if not isinstance(metadata.get(key), str) or not metadata[key]:
                raise ModelError(f"metadata.json has no {key}", path=path)
    return metadata


def _replace_dir(new: Path, destination: Path) -> None:
    """Move new to destination. An existing destination is moved aside first
    (two directories cannot be swapped atomically), put back if the move
    fails, and deleted once the new one is in place."""
    aside = None
    if destination.exists():
        aside = Path(tempfile.mkdtemp(prefix=".old-", dir=destination.parent))
        os.replace(destination, aside / destination.name)
    try:
        os.replace(new, destination)
    except OSError:
        if aside is not None:
            os.replace(aside / destination.name, destination)
            aside.rmdir()
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
