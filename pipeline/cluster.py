"""`diglot translate --ray ADDRESS`: the engines run as Ray actors on a cluster; the run stays here.

The driver (this process) reads and checks the input and the old catalogs,
looks the translation memory up, protects, restores, and writes catalogs and
editions in document order, under the same rules as on one machine (lock,
per-document writes, reviewed entries never overwritten, resume). The work
that grows with the text goes to a pool of actors, one per CPU of the cluster:
- the analysis of each chunk (segment, detect, find the glossary terms:
  `run_stage`), several chunks at once; the glossary goes to each actor once;
- the engine calls: `ClusterRegistry` hands out engines whose
  `translate_detailed` sends the batch (the texts that need an engine, nothing
  else) to an actor holding the engines of a local `EngineRegistry` (an
  Apertium pipeline per direction, or a CTranslate2 model, started once per
  actor).
A chunk or a batch goes to one actor whole, so it is analysed and translated
exactly as on one machine, and the files are the same.

Why actors and not Ray Data: the unit of work is a batch the run already made,
and the driver needs each answer in order, at once, to restore and write; core
actors take that with one call per batch and no dataset, no pyarrow. Ray
restarts an actor that dies (`max_restarts`) and runs the call again on it
(`max_task_retries`). A cluster the driver cannot reach ends the run with
ClusterError; every document written so far is complete, and the next run
resumes after them.

Ray is imported here only, and only for --ray: `./install.sh --with ray` (or `pip install -e '.[ray]'`).
"""

from __future__ import annotations

import os
import queue
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .engines import C, Engine, EngineOutput, EngineRegistry, W
from .errors import DiglotError, EngineError

INSTALL_HINT = "install it with: pip install -e '.[ray]' (or ./install.sh --with ray, the pinned requirements-ray.lock)"
CALL_TIMEOUT = 600.0  # seconds for one batch, on top of a second per 20 texts: a worker that hangs
POLL = 1.0  # seconds between looks at the cluster while a batch is out
# Seconds the cluster's control service (GCS) may stay unreachable before the run stops. Ray
# itself ends a driver that lost it for 60 s (RAY_gcs_rpc_server_reconnect_timeout_s), with no
# exception to catch: the run stops well before, with a message.
LOST_AFTER = 5.0
CONNECT_TIMEOUT = 5.0
CLIENT_SCHEME = "ray://"  # Ray Client: needs grpcio on both sides (in requirements-ray.lock)


class ClusterError(EngineError):
    """The Ray cluster cannot be reached, or was lost during the run."""


def ray_module() -> Any:
    """Ray, or a DiglotError (exit 2) saying how to install it."""
    try:
        import ray
    except ImportError:
        raise DiglotError(f"--ray needs Ray, which is not installed; {INSTALL_HINT}") from None
    return ray


class ClusterRegistry(EngineRegistry):
    """An EngineRegistry whose engines run on a Ray cluster's actors (one per CPU)."""

    def __init__(self, address: str, choice: str = "auto", models_dir: Path | None = None):
        super().__init__(choice, models_dir)
        self.address = address
        self.lost = False  # the cluster went away during the run
        self._ray = ray_module()
        self._connect()
        self.workers = self._start_workers()
        self.jobs = self.stage_jobs = len(self.workers)  # batches and chunks in flight: one a worker
        self._contexts: dict[int, tuple[Any, Any]] = {}  # id(context) -> (context, its object reference)
        self._idle: queue.Queue[Any] = queue.Queue()
        for worker in self.workers:
            self._idle.put(worker)
        self._proxies: dict[tuple[str, str], ClusterEngine] = {}
        self._lock = threading.Lock()

    def engine_for(self, source: str, target: str) -> Engine:
        with self._lock:
            if (source, target) not in self._proxies:
                description, takes_lexicon = self.call(lambda worker: worker.choose.remote(source, target))
                self._proxies[source, target] = ClusterEngine(self, source, target, description, takes_lexicon)
            return self._proxies[source, target]

    def run_stage(self, stage: Callable[[W, C], W], work: W, context: C) -> W:
        """stage(work, context) on an idle worker; `context` goes into the cluster's object store
        once, and each worker fetches it once."""
        with self._lock:
            if id(context) not in self._contexts:
                self._contexts[id(context)] = (context, self._ray.put(context))
            reference = self._contexts[id(context)][1]
        # In a list, so that Ray passes the reference itself and the worker can keep what it fetched.
        return self.call(lambda worker: worker.run_stage.remote(stage, work, [reference]))

    def release(self, target: str) -> None:
        for worker in self.workers:
            worker.release.remote(target)

    def close(self) -> None:
        ray = self._ray
        for worker in [] if self.lost else self.workers:
            try:
                ray.kill(worker, no_restart=True)
            except Exception:  # noqa: BLE001 - the cluster may be gone already; nothing to free then
                pass
        self.workers = []
        if ray.is_initialized():
            ray.shutdown()

    def call(self, method: Callable[[Any], Any], timeout: float = CALL_TIMEOUT) -> Any:
        """Run one actor method on an idle worker and wait for its answer, looking at the
        cluster meanwhile: Ray itself would wait for a lost cluster, then end the process."""
        worker = self._idle.get()
        try:
            return self._wait(method(worker), timeout)
        except self._ray.exceptions.RayTaskError as error:  # the engine's own error, raised on the worker
            if isinstance(error.cause, DiglotError):
                raise error.cause from None
            raise EngineError(f"a Ray worker failed: {error.cause!r}") from error
        except self._ray.exceptions.RayError as error:
            raise ClusterError(f"lost the Ray cluster at {self.address} ({type(error).__name__}): the catalogs "
                               "written so far are complete; run again to resume") from error
        finally:
            self._idle.put(worker)

    def _wait(self, reference: Any, timeout: float) -> Any:
        ray, deadline, unreachable_since = self._ray, time.monotonic() + timeout, None
        while True:
            try:
                return ray.get(reference, timeout=POLL)
            except ray.exceptions.GetTimeoutError:
                pass
            now = time.monotonic()
            if reachable(self._watched):
                unreachable_since = None
            elif unreachable_since is None:
                unreachable_since = now
            elif now - unreachable_since >= LOST_AFTER:
                self.lost = True
                raise ClusterError(f"lost the Ray cluster at {self.address}: its control service has not "
                                   f"answered for {LOST_AFTER:.0f} s. The catalogs written so far are complete; "
                                   "run again to resume")
            if now >= deadline:
                raise ClusterError(f"the Ray cluster at {self.address} did not translate a batch in "
                                   f"{timeout:.0f} s. The catalogs written so far are complete; run again to resume")

    def _connect(self) -> None:
        ray = self._ray
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        server = self.address.removeprefix(CLIENT_SCHEME)  # HOST:PORT of the GCS, or of the Ray Client server
        if self.address.startswith(CLIENT_SCHEME) and not client_installed():
            raise DiglotError(f"--ray {self.address} needs Ray Client (grpcio), which is not installed; {INSTALL_HINT}")
        if self.address != "auto" and not reachable(server):
            # ray.init would wait minutes for an address where nothing answers
            raise ClusterError(f"cannot reach a Ray cluster at {self.address}: nothing answers there")
        try:
            ray.init(address=self.address, logging_level="ERROR", log_to_driver=False, configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError) as error:
            raise ClusterError(f"cannot reach a Ray cluster at {self.address}: {error}") from error
        # Watched while a batch is out. A Ray Client driver talks to the client server only; the
        # cluster's GCS may well be closed to it.
        self._watched = server if self.address.startswith(CLIENT_SCHEME) else \
            ray.get_runtime_context().gcs_address

    def _start_workers(self) -> list[Any]:
        ray = self._ray
        cpus = max(int(ray.cluster_resources().get("CPU", 1)), 1)
        actor = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=-1)(EngineWorker)
        return [actor.remote(self.choice, str(self.models_dir) if self.models_dir else None) for _ in range(cpus)]


def client_installed() -> bool:
    try:
        import grpc  # noqa: F401 - what Ray Client (ray://) runs on
    except ImportError:
        return False
    return True


def reachable(address: str) -> bool:
    """Whether something accepts a TCP connection at HOST:PORT."""
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT):
            return True
    except (OSError, ValueError):
        return False


class ClusterEngine(Engine):
    """An engine of the cluster for one language pair: each batch goes whole to one worker."""

    name = "ray"

    def __init__(self, registry: ClusterRegistry, source: str, target: str, description: str, takes_lexicon: bool):
        self.registry = registry
        self.pair = (source, target)
        self.description = description
        self.takes_lexicon = takes_lexicon
        self.rules = ""

    def supports(self, source: str, target: str) -> bool:
        return (source, target) == self.pair

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        return [output.text for output in self.translate_detailed(texts, source, target)]

    def translate_detailed(self, texts: list[str], source: str, target: str) -> list[EngineOutput]:
        rules = self.rules
        timeout = CALL_TIMEOUT + len(texts) / 20
        return self.registry.call(lambda worker: worker.translate.remote(texts, source, target, rules), timeout)

    def use_lexicon(self, source: str, target: str, rules: str) -> bool:
        if not self.takes_lexicon:
            return False
        self.rules = rules  # every worker applies it with each batch
        return True

    def describe(self, source: str, target: str) -> str:
        return self.description


class EngineWorker:
    """A Ray actor: the engines of one local EngineRegistry, started once, kept for the run."""

    def __init__(self, choice: str, models_dir: str | None):
        self.engines = EngineRegistry(choice, Path(models_dir) if models_dir else None)
        self.context: tuple[str, Any] = ("", None)  # (object id, the context a stage needs): one run's

    def run_stage(self, stage: Callable[[W, C], W], work: W, context: list[Any]) -> W:
        import ray

        reference, = context
        if self.context[0] != reference.hex():
            self.context = (reference.hex(), ray.get(reference))
        return stage(work, self.context[1])

    def choose(self, source: str, target: str) -> tuple[str, bool]:
        """The engine's description for the pair, and whether it takes the glossary's lexicon."""
        engine = self.engines.engine_for(source, target)
        return engine.describe(source, target), engine.use_lexicon(source, target, "")

    def translate(self, texts: list[str], source: str, target: str, rules: str) -> list[EngineOutput]:
        engine = self.engines.engine_for(source, target)
        engine.use_lexicon(source, target, rules)
        return engine.translate_detailed(texts, source, target)

    def release(self, target: str) -> None:
        self.engines.release(target)

    def pid(self) -> int:
        return os.getpid()

