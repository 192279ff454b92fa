"""Crash safety: an ingest killed at any moment leaves a consistent store, and running it
again completes it into exactly the store one uninterrupted run makes.

The ingest runs as a real process, killed with SIGKILL after random delays
(random.Random(seed); set SILKGRAPH_CRASH_SEED to replay a failure). A reader
thread polls the store meanwhile, as the web interface would. The variants
with workers run when the CLI has --workers. SILKGRAPH_TEST_CLI may name a
cli.py file to run instead of silkgraph.cli.
"""

from __future__ import annotations

import functools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from silkgraph.ingest import read_inputs
from silkgraph.pipeline import Pipeline
from silkgraph.store import open_store
from variants import write_variants

SEED = int(os.environ.get("SILKGRAPH_CRASH_SEED") or 20241120)
CLI_FILE = os.environ.get("SILKGRAPH_TEST_CLI")
MARK = "SILKGRAPH_TEST_MARK"  # in the environment of every process a test starts, to find them in /proc

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL and /proc")


def cli(*args: str) -> list[str]:
    return [sys.executable, CLI_FILE, *args] if CLI_FILE else [sys.executable, "-m", "silkgraph.cli", *args]


@functools.cache
def cli_has_workers() -> bool:
    return "--workers" in subprocess.run(cli("ingest", "--help"), capture_output=True, text=True).stdout


def marked_processes(mark: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"{MARK}={mark}".encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass  # gone meanwhile, or a zombie
    return found


def wait_until_gone(mark: str, seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


class Corpus:
    def __init__(self, folder: Path, n: int, seed: int):
        write_variants(folder, n, seed, min_sentences=8, max_sentences=30)
        self.folder = folder
        pipeline = Pipeline()
        self.expected = {d.id: pipeline.analyze(d).to_json() for d in read_inputs([str(folder)])}
        self.order = list(self.expected)
        assert len(self.order) == n


def schema_ready(db: Path) -> bool:
    """The store exists and is migrated (read-only look: the test must not create it)."""
    if not db.exists():
        return False
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as raw:
            return bool(raw.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] >= 3)
    except sqlite3.Error:
        return False


def stored_count(db: Path) -> int:
    if not schema_ready(db):
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as raw:
        return raw.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def clean_run(corpus: Corpus, db: Path) -> None:
    """One uninterrupted ingest, in this process (the command's own code, without start-up)."""
    from click.testing import CliRunner

    if CLI_FILE:
        import importlib.util

        spec = importlib.util.spec_from_file_location("cli_under_test", CLI_FILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        main = module.main
    else:
        from silkgraph.cli import main
    result = CliRunner().invoke(main, ["ingest", str(corpus.folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    check_consistent(db, corpus, complete=True)


def check_consistent(db: Path, corpus: Corpus, complete: bool = False) -> int:
    """Every stored document is whole; what is stored is a prefix of the input. Returns how many."""
    if not schema_ready(db):
        assert not complete, "the store was never created"
        return 0
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        seqs = dict(raw.execute("SELECT id, seq FROM documents"))
        for doc_id, seq in seqs.items():
            n, seed = doc_id.split("-")[2], doc_id.split("-")[1]
            phrase = f'title : "variant {int(n)} of seed {seed}"'
            assert raw.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", (phrase,)).fetchall() == [
                (seq,)
            ], doc_id
            assert raw.execute("SELECT 1 FROM document_terms WHERE seq = ?", (seq,)).fetchone(), doc_id
    with open_store(db) as store:
        assert store.integrity_check()
        ids = store.document_ids()
        assert ids == corpus.order[: len(ids)], "not stored in input order"
        for doc_id in ids:
            assert store.get(doc_id).to_json() == corpus.expected[doc_id], doc_id
    if complete:
        assert len(ids) == len(corpus.order)
    return len(ids)


def dump(db: Path) -> dict[str, list]:
    """Every row of every table but the full-text indexes (checked apart), timestamps and the
    store's generation (it counts write transactions, which a resumed run has more of)."""
    with sqlite3.connect(db) as raw:
        tables = [
            name
            for (name,) in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE '%fts%' AND name != 'store_generation' ORDER BY name"
            )
        ]
        out = {}
        for table in tables:
            columns = [row[1] for row in raw.execute(f'PRAGMA table_info("{table}")') if not row[1].endswith("_at")]
            listed = ", ".join(f'"{c}"' for c in columns)
            out[table] = raw.execute(f'SELECT {listed} FROM "{table}" ORDER BY {listed}').fetchall()
        return out


def counts(analysis) -> tuple[int, ...]:
    return (
        len(analysis.entities),
        sum(len(e.mentions) for e in analysis.entities),
        len(analysis.events),
        len(analysis.facts),
        len(analysis.quotes),
    )


class Reader(threading.Thread):
    """Polls stats and reads documents while ingests come and go; never writes."""

    def __init__(self, db: Path, corpus: Corpus):
        super().__init__(daemon=True)
        self.db, self.corpus = db, corpus
        self.stop = threading.Event()
        self.seen: dict[str, set] = {}  # id -> counts observed
        self.problems: list[str] = []
        self.polls = 0

    def run(self) -> None:
        while not schema_ready(self.db):
            if self.stop.wait(0.02):
                return
        with open_store(self.db) as store:
            known: list[str] = []
            documents = 0
            while not self.stop.is_set():
                try:
                    stats = store.stats()
                    if stats["documents"] < documents:
                        self.problems.append(f"documents went down: {documents} -> {stats['documents']}")
                    documents = stats["documents"]
                    ids = store.document_ids()
                    if ids[: len(known)] != known:
                        self.problems.append("stored ids changed")
                    for doc_id in ids[len(known) :] + random.sample(ids, min(3, len(ids))):
                        analysis = store.get(doc_id)
                        if analysis is None:
                            self.problems.append(f"{doc_id} listed but not readable")
                        elif analysis.to_json() != self.corpus.expected.get(doc_id):
                            self.problems.append(f"{doc_id} read incomplete or different: {counts(analysis)}")
                        else:
                            self.seen.setdefault(doc_id, set()).add(counts(analysis))
                    known = ids
                except Exception as exc:  # a reader must never fail while a writer dies
                    self.problems.append(f"{type(exc).__name__}: {exc}")
                self.polls += 1
                time.sleep(0.02)


def crash_and_resume(tmp_path: Path, corpus: Corpus, kills: int, seed: int, extra: list[str]) -> list[str]:
    """Run the ingest `kills` times, each killed at a random point, then to its end; check after each.

    The first run is killed 0.3-2 s after launch, while it starts and creates
    the store; the others 0.3-2 s after they have stored their first document,
    so that they die while writing, whatever the start-up costs on this machine.
    """
    rng = random.Random(seed)
    db = tmp_path / "crashed.db"
    mark = uuid.uuid4().hex
    env = {**os.environ, MARK: mark}
    reader = Reader(db, corpus)
    reader.start()
    log = []
    try:
        for attempt in range(kills + 1):
            stderr = tmp_path / f"stderr-{attempt}.txt"
            before = stored_count(db)
            with open(stderr, "wb") as err:
                proc = subprocess.Popen(
                    cli("ingest", str(corpus.folder), "--db", str(db), "--quiet", *extra),
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                    env=env,
                )
            if attempt < kills:
                delay = rng.uniform(0.3, 2.0)
                deadline = time.monotonic() + 300
                while attempt and proc.poll() is None and stored_count(db) == before and time.monotonic() < deadline:
                    time.sleep(0.01)
                try:
                    proc.wait(timeout=delay)
                    outcome = f"finished before the kill at {delay:.2f} s"
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    outcome = f"killed {delay:.2f} s after {'its first write' if attempt else 'launch'}"
            else:
                proc.wait(timeout=600)
                outcome = "ran to its end"
                assert proc.returncode == 0, stderr.read_text()
            stored = check_consistent(db, corpus, complete=attempt == kills)
            log.append(f"run {attempt}: {outcome}, {stored} stored")
            left = wait_until_gone(mark)
            assert not left, f"processes outlived the ingest: {left}"
    finally:
        reader.stop.set()
        reader.join(30)
    assert not reader.problems, reader.problems[:5]
    assert reader.polls > 0
    final = {doc_id: {counts(a)} for doc_id, a in _final_analyses(db).items()}
    for doc_id, observed in reader.seen.items():
        assert observed == final[doc_id], doc_id
    log.append(f"reader: {reader.polls} polls, {len(reader.seen)} documents seen")
    return log


def _final_analyses(db: Path) -> dict:
    with open_store(db) as store:
        return {doc_id: store.get(doc_id) for doc_id in store.document_ids()}


def replayable(test):
    """Name the seed in a failure, so that the run can be replayed."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        try:
            return test(*args, **kwargs)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n(seed {SEED}: replay with SILKGRAPH_CRASH_SEED={SEED})") from exc

    return run


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return Corpus(tmp_path_factory.mktemp("crash-corpus"), 150, seed=SEED % 1000)


@pytest.fixture(scope="module")
def clean_dump(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    clean_run(corpus, db)
    return dump(db)


def worker_options(workers: int) -> list[str]:
    if workers == 1:
        return []
    if not cli_has_workers():
        pytest.skip("this CLI has no --workers")
    return ["--workers", str(workers)]


@pytest.mark.parametrize("workers", [1, 2])
@replayable
def test_killed_ingest_resumes_into_the_store_of_a_clean_run(tmp_path, corpus, clean_dump, workers):
    log = crash_and_resume(tmp_path, corpus, kills=3, seed=SEED + workers, extra=worker_options(workers))
    print("\n" + "; ".join(log))
    assert dump(tmp_path / "crashed.db") == clean_dump


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
@replayable
def test_many_kills_on_a_bigger_batch(tmp_path, workers):
    corpus = Corpus(tmp_path / "corpus", 400, seed=SEED % 1000 + 1)
    clean = tmp_path / "clean.db"
    clean_run(corpus, clean)
    log = crash_and_resume(tmp_path, corpus, kills=12, seed=SEED + 10 * workers, extra=worker_options(workers))
    print("\n".join(log))
    assert dump(tmp_path / "crashed.db") == dump(clean)


_STREAMER = """
import sys
from silkgraph.ingest import read_inputs
from silkgraph.parallel import analyze_stream
if __name__ == "__main__":
    items = [d for d in read_inputs([sys.argv[1]]) if hasattr(d, "text")] * 500
    for n, _ in enumerate(analyze_stream(items, workers=2, chunk=2)):
        if n == 10:
            print("running", flush=True)
"""


def test_workers_do_not_outlive_a_killed_main_process(tmp_path):
    script = tmp_path / "stream.py"
    script.write_text(_STREAMER)
    mark = uuid.uuid4().hex
    samples = Path(__file__).resolve().parent.parent / "samples"
    proc = subprocess.Popen(
        [sys.executable, str(script), str(samples)],
        stdout=subprocess.PIPE,
        text=True,
        stderr=subprocess.DEVNULL,
        env={**os.environ, MARK: mark},
    )
    try:
        assert proc.stdout.readline().strip() == "running"
        assert len(marked_processes(mark)) >= 3  # main, fork server and workers
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    assert not wait_until_gone(mark), "worker processes were left behind"
