"""A real Ray cluster on this machine, for the tests and benchmarks of `diglot translate --ray`:
a head and a second node, one CPU each, in a network namespace with nothing but loopback.

There every server Ray starts listens on 127.0.0.1 and can reach no other address (elsewhere
Ray puts the machine's own address in place of 127.0.0.1, and its head looks for cloud
metadata at start). The namespace's processes are the cluster's and the runs', so stopping
them stops exactly this cluster; `ray stop` would stop every Ray on the machine. Needs root
and iproute2 (`ip netns`).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAY = Path(sys.executable).with_name("ray")
PORT = 6379
CLIENT_PORT = 10001  # the head's Ray Client server, for ray:// addresses
START_TIMEOUT = 120
STOP_GRACE = 3.0


@dataclass
class Cluster:
    namespace: str
    temp: Path
    environment: dict[str, str]
    nodes: int = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{PORT}"

    @property
    def client_address(self) -> str:
        return f"ray://127.0.0.1:{CLIENT_PORT}"

    def inside(self, *command: str) -> list[str]:
        return ["ip", "netns", "exec", self.namespace, *command]

    def start_node(self, *options: str) -> None:
        log = self.temp / f"node-{self.nodes}.log"
        self.nodes += 1
        with log.open("wb") as output:
            node = subprocess.Popen(self.inside(str(RAY), "start", "--num-cpus=1", "--disable-usage-stats",
                                                "--object-store-memory=100000000", *options),
                                    env=self.environment, stdout=output, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
            if node.wait(timeout=START_TIMEOUT) != 0:
                raise RuntimeError(f"ray start {' '.join(options)} failed: {log.read_text(errors='replace')}")

    def diglot(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(self.inside(sys.executable, "-m", "pipeline.cli", *args), env=self.environment,
                                cwd=self.temp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def processes(self, sparing: int | None = None) -> list[int]:
        """Every process in the cluster's namespace (its nodes and their workers, which Ray starts
        in sessions of their own), but `sparing`."""
        listed = subprocess.run(["ip", "netns", "pids", self.namespace], capture_output=True, text=True).stdout
        return [int(pid) for pid in listed.split() if int(pid) != sparing]

    def kill(self, wanted: signal.Signals = signal.SIGKILL, sparing: int | None = None) -> None:
        for pid in self.processes(sparing):
            try:
                os.kill(pid, wanted)
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        """SIGTERM to every process of the cluster, SIGKILL to what is left after STOP_GRACE seconds."""
        for wanted in (signal.SIGTERM, signal.SIGKILL):
            self.kill(wanted)
            deadline = time.monotonic() + STOP_GRACE
            while self.processes() and time.monotonic() < deadline:
                time.sleep(0.1)


def start_cluster(name: str) -> Cluster:
    namespace = f"diglot-{name}-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", namespace], check=True)
    subprocess.run(["ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"], check=True)
    temp = Path(tempfile.mkdtemp(prefix="dray-", dir="/tmp"))  # short: Ray's unix sockets live under it
    environment = {**os.environ, "HOME": str(temp / "home"), "RAY_USAGE_STATS_ENABLED": "0",
                   "RAY_AUTH_MODE": "disabled", "PYTHONPATH": str(ROOT)}
    cluster = Cluster(namespace, temp, environment)
    try:
        cluster.start_node("--head", "--node-ip-address=127.0.0.1", f"--port={PORT}", f"--ray-client-server-port={CLIENT_PORT}",
                           "--include-dashboard=false",
                           f"--temp-dir={temp / 'ray'}")
        cluster.start_node(f"--address={cluster.address}")
    except BaseException:
        end_cluster(cluster)
        raise
    return cluster


def end_cluster(cluster: Cluster) -> None:
    cluster.stop()
    subprocess.run(["ip", "netns", "delete", cluster.namespace], check=False)
    shutil.rmtree(cluster.temp, ignore_errors=True)
