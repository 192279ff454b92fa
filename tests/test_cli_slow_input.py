"""`silkgraph ingest` keeps its promise to store an analysed document within a few seconds,
even while the reader is still waiting for more input that is slow to come."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from silkgraph.ingestion import BATCH_SECONDS as INGEST_BATCH_SECONDS

ROOT = Path(__file__).resolve().parents[1]


def _stored_ids(db: Path) -> list[str]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(db) as conn:
            return [row[0] for row in conn.execute("SELECT id FROM documents")]
    except sqlite3.OperationalError:  # the store is still being created
        return []


def test_document_is_stored_while_stdin_stays_open(tmp_path):
    db = tmp_path / "slow.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "silkgraph.cli", "ingest", "-", "--db", str(db), "-q"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        record = {"id": "erster", "text": "Der Präsident Kasachstans empfing in Astana den Außenminister Chinas."}
        proc.stdin.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        proc.stdin.flush()
        # Generous: starting Python and loading the pipeline take most of it on a busy machine.
        deadline = time.monotonic() + 60 + INGEST_BATCH_SECONDS
        while time.monotonic() < deadline and not _stored_ids(db):
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.5)
        assert _stored_ids(db) == ["erster"], "nothing stored while the input stayed open"
    finally:
        proc.stdin.close()
        proc.wait(60)
    assert proc.returncode == 0
