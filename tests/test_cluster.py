"""`diglot translate --ray` on a real Ray cluster (issue 13): a head and a second node started here,
one CPU each, no mock of Ray.

The cluster and the runs on it live in a network namespace with nothing but loopback, and
the tests stop exactly their clusters at the end (tests/ray_cluster.py says how and why).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from conftest import NAMES, ROOT, needs_apertium, run, shared_data, snapshot
from ray_cluster import Cluster, end_cluster, start_cluster

from pipeline.glossary import load_glossaries

ray = pytest.importorskip("ray", reason="the ray extra is not installed: ./install.sh installs it")
KILL_ARTICLES = 80  # enough work that the run is still going when a worker or the cluster is killed

pytestmark = [
    needs_apertium,
    pytest.mark.skipif(os.geteuid() != 0 or shutil.which("ip") is None,
                       reason="the test cluster's network namespace needs root and iproute2 (ip netns)"),
]


@pytest.fixture(scope="module")
def cluster():
    started = start_cluster("ray")
    yield started
    end_cluster(started)


def news_articles(folder: Path, count: int, lines_each: int = 20) -> Path:
    """`count` articles of newstest lines, English and Spanish paragraphs in turn."""
    english = shared_data("newstest/newstest2012.eng").read_text(encoding="utf-8").splitlines()
    spanish = shared_data("newstest/newstest2011.spa").read_text(encoding="utf-8").splitlines()
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        start = number * lines_each
        paragraphs = [(english if index % 2 else spanish)[start + index] for index in range(lines_each)]
        (folder / f"news-{number:03d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return folder


def translate_options(locales: Path) -> list[str]:
    return ["--glossary", str(NAMES), "--locales", str(locales), "--engine", "apertium"]


def one_machine(articles: Path, locales: Path) -> dict[str, bytes]:
    result = run("translate", articles, *translate_options(locales))
    assert result.exit_code == 0, result.output
    return snapshot(locales)


def finished(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=timeout)
    return process.returncode, stderr


def wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


@pytest.mark.parametrize("client", [False, True], ids=["HOST:PORT", "ray://"])
def test_a_cluster_run_writes_the_same_files_as_one_machine(cluster, tmp_path, client):
    """Through the cluster's GCS address, and through Ray Client (ray://, on a smaller batch); the
    sample as text, as an HTML page and as a Markdown post."""
    articles = news_articles(tmp_path / "articles", 2 if client else 8)
    for sample in ("tajikistan-panjshir-resistance.txt", "tajikistan-panjshir-resistance-page.html",
                   "tajikistan-panjshir-resistance-post.md"):
        shutil.copy(ROOT / "samples" / sample, articles)
    expected = one_machine(articles, tmp_path / "one-machine")
    address = cluster.client_address if client else cluster.address
    code, stderr = finished(cluster.diglot("translate", str(articles), *translate_options(tmp_path / "cluster"),
                                           "--ray", address))
    assert code == 0, stderr
    assert snapshot(tmp_path / "cluster") == expected


STAGE_SCRIPT = """
import json, os, sys
from pathlib import Path
from pipeline.cluster import ClusterRegistry
from pipeline.glossary import load_glossaries

def where(work, glossary):  # defined in __main__, so Ray sends the function itself to the worker
    return os.getpid(), work, len(glossary.entries)

registry = ClusterRegistry(sys.argv[1], "apertium")
try:
    glossary = load_glossaries([Path(sys.argv[2])])
    print(json.dumps([os.getpid(), [registry.run_stage(where, number, glossary) for number in range(4)]]))
finally:
    registry.close()
"""


def test_a_stage_of_the_run_goes_to_the_workers_with_the_glossary(cluster):
    done = subprocess.run(cluster.inside(sys.executable, "-c", STAGE_SCRIPT, cluster.address, str(NAMES)),
                          env=cluster.environment, cwd=cluster.temp, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    driver, answers = json.loads(done.stdout)
    entries = len(load_glossaries([NAMES]).entries)
    assert [work for _, work, _ in answers] == [0, 1, 2, 3]
    assert all(pid != driver for pid, _, _ in answers)
    assert all(count == entries for _, _, count in answers)


def engine_workers(cluster: Cluster) -> list[int]:
    """The processes of the cluster's EngineWorker actors (Ray titles them ray::EngineWorker...)."""
    found = []
    for pid in cluster.processes():
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"ray::EngineWorker"):
                found.append(pid)
        except OSError:
            continue
    return found


def started_on(cluster: Cluster, articles: Path, locales: Path) -> subprocess.Popen:
    """A `diglot translate --ray` run on the cluster, once it has written its first catalog."""
    process = cluster.diglot("translate", str(articles), *translate_options(locales), "--ray", cluster.address)
    catalogs = locales / "es" / "LC_MESSAGES"
    wait_for(lambda: process.poll() is not None or (catalogs.is_dir() and any(catalogs.glob("*.po"))),
             "the first catalog")
    assert process.poll() is None, "the run ended before the test could break anything; give it more articles"
    return process


def test_a_worker_killed_mid_run_is_restarted_and_the_files_are_the_same(cluster, tmp_path):
    articles = news_articles(tmp_path / "articles", KILL_ARTICLES)
    expected = one_machine(articles, tmp_path / "one-machine")
    locales = tmp_path / "cluster"
    process = started_on(cluster, articles, locales)
    workers = engine_workers(cluster)
    assert workers, "no EngineWorker process found"
    os.kill(workers[0], signal.SIGKILL)
    code, stderr = finished(process)
    assert code == 0, stderr
    assert snapshot(locales) == expected


def test_a_lost_cluster_stops_the_run_with_a_message_and_the_next_run_resumes(tmp_path):
    doomed = start_cluster("lost")
    try:
        articles = news_articles(tmp_path / "articles", KILL_ARTICLES)
        locales = tmp_path / "locales"
        process = started_on(doomed, articles, locales)
        doomed.kill(sparing=process.pid)  # every process of the cluster, not the run
        code, stderr = finished(process, timeout=120)
    finally:
        end_cluster(doomed)
    assert code == 2, stderr
    assert "lost the Ray cluster at 127.0.0.1:6379" in stderr and "run again to resume" in stderr, stderr
    written = sorted((locales / "es" / "LC_MESSAGES").glob("*.po"))
    assert 0 < len(written) < KILL_ARTICLES
    for path in written:  # every catalog there is whole, with its edition beside it
        assert polib.pofile(str(path)).metadata["X-Generator"].startswith("diglot ")
        assert (locales / "es" / f"{path.stem}.txt").is_file()
    resumed = run("translate", articles, *translate_options(locales))
    assert resumed.exit_code == 0, resumed.output
    assert f"({len(written)} already up to date)" in resumed.stderr, resumed.stderr
    assert snapshot(locales) == one_machine(articles, tmp_path / "one-machine")


@pytest.mark.parametrize("address", ["127.0.0.1:9", "ray://127.0.0.1:9"])
def test_an_address_where_no_cluster_answers_exits_2_at_once(tmp_path, address):
    # ray.init alone would wait minutes there: the run must end within the deadline.
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "translate", str(ROOT / "samples"), "--locales",
                           str(tmp_path / "locales"), "--ray", address],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert f"cannot reach a Ray cluster at {address}" in done.stderr
    assert not (tmp_path / "locales").exists()
