"""open_store: choosing SQLite from a target (PostgreSQL URLs: test_contract.py, test_postgres.py)."""

from __future__ import annotations

import pytest

from silkgraph.errors import StoreError
from silkgraph.store import Store, open_store


def test_default_is_silkgraph_db_in_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store(None) as store:
        assert isinstance(store, Store)
    assert (tmp_path / "silkgraph.db").exists()


def test_sqlite_urls(tmp_path, monkeypatch, make_analysis):
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///relative.db") as store:
        store.add(make_analysis())
    assert (tmp_path / "relative.db").exists()
    with open_store(f"sqlite:///{tmp_path / 'absolute.db'}") as store:
        assert store.document_ids() == []
    assert (tmp_path / "absolute.db").exists()
    with open_store(str(tmp_path / "relative.db")) as store:
        assert store.document_ids() == ["astana-2025"]


def test_in_memory(make_analysis):
    for target in (":memory:", "sqlite://"):
        with open_store(target) as store:
            store.add(make_analysis())
            assert store.integrity_check()


def test_unknown_scheme():
    with pytest.raises(StoreError, match="unsupported store"):
        open_store("mysql://localhost/x")
