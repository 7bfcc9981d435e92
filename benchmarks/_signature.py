"""What produced a figure: printed under every benchmark table (sacrebleu style).

    signature: python 3.11.7 | diglot 0.1.0 | ctranslate2 4.8.5 | engine argos translate-zh_en-1_9
               | input newstest2017.zho 1a2b3c4d5e6f | cores 2 | segments 300

Also the paths every benchmark shares: the repository root (put first on
sys.path, so the pipeline measured is this checkout's) and ../shared/data.
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def require_data(*relative: str) -> list[Path]:
    """The data files, or exit with a clear message when ../shared/data lacks them."""
    paths = [DATA / name for name in relative]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        print(f"skipped: development data not found ({', '.join(missing)}); "
              "benchmarks read it from ../shared/data beside the repository", file=sys.stderr)
        sys.exit(2)
    return paths


def file_hash(*paths: Path) -> str:
    """sha256 of the files' bytes (in order), first 12 hex digits."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


def text_hash(lines: list[str]) -> str:
    """sha256 of the lines actually used (newline-joined), first 12 hex digits."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=None)
def versions() -> dict[str, str]:
    from pipeline import __version__

    found = {"python": platform.python_version(), "diglot": __version__}
    try:
        import ctranslate2

        found["ctranslate2"] = ctranslate2.__version__
    except ImportError:
        found["ctranslate2"] = "absent"
    return found


@lru_cache(maxsize=None)
def apertium_versions() -> str:
    from pipeline.engines.apertium import package_versions

    engine, data = package_versions()
    return f"apertium {engine} apertium-eng-spa {data}"


def git_revision() -> str:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "pipeline"],
                               capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    revision = done.stdout.strip() or "unknown"
    return revision + ("+dirty" if dirty.stdout.strip() else "")


def signature(*, engine: str, inputs: dict[str, str], segments: int | str, **extra: object) -> str:
    """One line: versions, engine/model, input hashes, core count, segment count, extras."""
    v = versions()
    parts = [f"python {v['python']}", f"diglot {v['diglot']} ({git_revision()})"]
    if "apertium" in engine:
        parts.append(apertium_versions())
    if "argos" in engine or "ctranslate2" in engine:
        parts.append(f"ctranslate2 {v['ctranslate2']}")
    parts.append(f"engine {engine}")
    parts.append("input " + ", ".join(f"{name} {digest}" for name, digest in inputs.items()))
    parts.append(f"cores {os.cpu_count()}")
    parts.append(f"segments {segments}")
    parts += [f"{key.replace('_', '-')} {value}" for key, value in extra.items()]
    return "signature: " + " | ".join(parts)


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    """A plain aligned table; numbers right-aligned."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(row[i]) for row in cells)) if cells else len(h) for i, h in enumerate(headers)]
    numeric = [all(_is_number(row[i]) for row in rows) if rows else False for i in range(len(headers))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print(line(row))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        if abs(value) >= 0.01:
            return f"{value:.2f}"
        return f"{value:.4f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
