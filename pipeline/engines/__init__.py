"""Engine registry: pick an engine by name, or `auto`."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from .. import __version__
from ..errors import EngineUnavailable
from .base import Engine, EngineOutput

ENGINE_NAMES = ("auto", "argos", "apertium")
W = TypeVar("W")  # what a stage works on
C = TypeVar("C")  # what it needs beside it

__all__ = ["ENGINE_NAMES", "Engine", "EngineOutput", "EngineRegistry"]


class EngineRegistry:
    """Creates each engine once per run, so models load once; `close()` (or a `with`
    block) releases them all at the end of the run."""

    def __init__(self, choice: str = "auto", models_dir: Path | None = None, jobs: int = 1):
        self.choice = choice
        self.models_dir = models_dir
        self.jobs = jobs  # engine processes (Apertium) or model replicas (Argos) a direction
        self._engines: dict[str, Engine] = {}

    def engine_for(self, source: str, target: str) -> Engine:
        candidates = ("argos", "apertium") if self.choice == "auto" else (self.choice,)
        for name in candidates:
            engine = self._get(name)
            if engine.supports(source, target):
                return engine
        raise EngineUnavailable(self._how_to_install(source, target))

    @cached_property
    def made_by(self) -> str:
        """What machine output depends on beside the input: diglot's version and the versions of
        the engines this choice may use. Catalogs made by others are made again (an upgrade)."""
        parts = [f"diglot {__version__}", f"engine {self.choice}"]
        if self.choice in ("auto", "apertium"):
            from .apertium import package_versions

            parts.append("apertium {} eng-spa {}".format(*package_versions()))
        if self.choice in ("auto", "argos"):
            parts.append("argos " + _argos_versions(self.models_dir))
        return "; ".join(parts)

    # Chunks a stage of the run (run_stage) works on at once: one here, beside the engine.
    stage_jobs = 1

    def run_stage(self, stage: Callable[[W, C], W], work: W, context: C) -> W:
        """stage(work, context), here. A cluster's registry runs it on a worker, which is sent
        `context` (the run's glossary) once and keeps it for the run."""
        return stage(work, context)

    def release(self, target: str) -> None:
        """The run is done with translations into `target`: engines may free what serves them."""
        for engine in list(self._engines.values()):
            engine.release(target)

    def close(self) -> None:
        """Close every engine created so far; a later call creates them anew."""
        engines, self._engines = list(self._engines.values()), {}
        for engine in engines:
            engine.close()

    def __enter__(self) -> EngineRegistry:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def _get(self, name: str) -> Engine:
        if name not in self._engines:
            self._engines[name] = self._create(name)
        return self._engines[name]

    def _create(self, name: str) -> Engine:
        if name == "argos":
            from .argos import ArgosEngine

            return ArgosEngine(self.models_dir, replicas=self.jobs)
        if name == "apertium":
            from .apertium import ApertiumEngine

            return ApertiumEngine(replicas=self.jobs)
        raise EngineUnavailable(f"unknown engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")

    def _how_to_install(self, source: str, target: str) -> str:
        which = "no engine" if self.choice == "auto" else f"engine {self.choice!r}"
        return (
            f"{which} can translate {source} -> {target}. Install an Argos Translate package for the pair "
            f"with `diglot models install FILE.argosmodel`, or, for en <-> es, Apertium with "
            f"`sudo apt-get install apertium apertium-eng-spa`."
        )


def _argos_versions(models_dir: Path | None) -> str:
    """The installed Argos packages between English and Spanish (the editions' languages; another
    pair's package changes nothing) and CTranslate2's version, without importing either."""
    from importlib.metadata import PackageNotFoundError, version

    from .argos_packages import default_models_dir, list_packages

    packages = [package for package in list_packages(models_dir or default_models_dir())
                if {package.from_code, package.to_code} <= {"en", "es"}]
    try:
        runtime = version("ctranslate2")
    except PackageNotFoundError:
        runtime = "absent"
    return ", ".join([f"{package.name} {package.version}" for package in packages] + [f"ctranslate2 {runtime}"])
