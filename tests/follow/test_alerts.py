"""Watchlist rules, their evaluation over stored articles (live and back-tested), and deliveries."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from click.testing import CliRunner
from newssite import Mailbox, Receiver

from silkgraph.alerts import (
    backtest,
    evaluate_document,
    inbox,
    parse_watchlist,
    save_watchlist,
)
from silkgraph.alerts.deliver import Outlets, deliver_due
from silkgraph.alerts.rules import hits, parse_rule
from silkgraph.cli import main
from silkgraph.errors import UsageError
from silkgraph.model import Document
from silkgraph.store import open_store

# Written for these tests: two reports of one signing, one of a large loan, one unrelated.
REPORTS = [
    (
        "signing-a",
        "2026-03-02",
        (
            "Uzbekistan and South Korea signed an agreement on critical minerals in Tashkent "
            "on Monday. President Shavkat Mirziyoyev received the South Korean prime minister."
        ),
    ),
    (
        "signing-b",
        "2026-03-03",
        (
            "South Korea and Uzbekistan signed an agreement on critical minerals on Monday in "
            "Tashkent, the presidential press service said."
        ),
    ),
    (
        "loan",
        "2026-03-10",
        (
            "The Asian Development Bank approved a loan of 2 billion US dollars to Kazakhstan for "
            "roads, the bank said on Tuesday."
        ),
    ),
    (
        "weather",
        "2026-03-11",
        ("Heavy snow closed mountain passes in Kyrgyzstan on Wednesday, the emergency ministry said."),
    ),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory, pipeline):
    store = open_store(tmp_path_factory.mktemp("alerts") / "s.db")
    for doc_id, published, text in REPORTS:
        store.add(
            pipeline.analyze(
                Document(id=doc_id, text=text, title=text.split(".")[0], published=published, language="en")
            )
        )
    yield store
    store.close()


def test_rules_are_validated():
    with pytest.raises(UsageError, match="at least one"):
        parse_rule({"languages": ["de"]})
    with pytest.raises(UsageError, match="unknown rule field"):
        parse_rule({"entity": ["kazakhstan"]})
    with pytest.raises(UsageError, match="larger than max_value"):
        parse_rule({"fact_types": ["deal_value"], "min_value": 5, "max_value": 1})
    with pytest.raises(UsageError, match="entity_mode"):
        parse_rule({"entities": ["kazakhstan"], "entity_mode": "some"})
    with pytest.raises(UsageError, match="id"):
        parse_watchlist({"id": "Bad Id", "rule": {"text": "x"}})
    with pytest.raises(UsageError, match="e-mail"):
        parse_watchlist({"id": "ok", "rule": {"text": "x"}, "emails": ["not-an-address"]})


def test_any_and_all_entities_on_a_document():
    document = {
        "id": "d",
        "title": "t",
        "text": "Talks on water",
        "language": "en",
        "cluster": "d",
        "entities": ["uzbekistan", "tajikistan"],
        "events": [],
        "facts": [],
    }
    assert hits(parse_rule({"entities": ["tajikistan", "china"]}), document)
    assert not hits(parse_rule({"entities": ["tajikistan", "china"], "entity_mode": "all"}), document)
    assert not hits(parse_rule({"entities": ["tajikistan"], "languages": ["de"]}), document)
    [hit] = hits(parse_rule({"text": "water talks"}), document)
    assert (hit.kind, hit.start, hit.end) == ("document", 0, len("Talks on water"))
    assert not hits(parse_rule({"text": "water gas"}), document)


def test_two_reports_of_one_event_are_one_back_tested_alert(store):
    result = backtest(
        store,
        parse_rule({"entities": ["uzbekistan", "south-korea"], "entity_mode": "all", "event_types": ["agreement"]}),
    )
    assert result["documents"] == 4
    [alert] = result["alerts"]
    assert alert["kind"] == "event" and [s["doc_id"] for s in alert["sources"]] == ["signing-a", "signing-b"]


def test_fact_thresholds_and_back_test_window(store):
    big = parse_rule({"fact_types": ["investment"], "min_value": 1e9, "unit": "USD"})
    small = parse_rule({"fact_types": ["investment"], "max_value": 1e9})
    assert [a["sources"][0]["doc_id"] for a in backtest(store, big)["alerts"]] == ["loan"]
    assert backtest(store, small)["alerts"] == []
    assert backtest(store, big, since="2026-03-11")["alerts"] == []
    assert backtest(store, big, until="2026-03-10")["total"] == 1


def test_evaluation_is_idempotent_and_grows_one_alert(tmp_path, pipeline):
    with open_store(tmp_path / "s.db") as store:
        save_watchlist(
            store,
            parse_watchlist(
                {
                    "id": "uz",
                    "rule": {"entities": ["uzbekistan"], "event_types": ["agreement"]},
                    "webhook": "http://127.0.0.1:9/x",
                }
            ),
        )
        from silkgraph.alerts import load_watchlists

        lists = load_watchlists(store)
        created = []
        for doc_id, published, text in REPORTS[:2]:
            added = store.add(pipeline.analyze(Document(id=doc_id, text=text, published=published, language="en")))
            for _ in range(2):  # a document evaluated twice adds nothing the second time
                with store.write() as db:
                    created += evaluate_document(db, added.doc_id, lists)
        assert len(created) == 1
        [alert] = inbox(store)["alerts"]
        assert len(alert["sources"]) == 2 and not alert["read"]
        runner = CliRunner()
        assert runner.invoke(main, ["watchlists", "read", "--db", str(store.path)]).exit_code == 2
        done = runner.invoke(main, ["watchlists", "read", "--all", "--watchlist", "uz", "--db", str(store.path)])
        assert done.exit_code == 0 and "1 alerts marked read" in done.output
        assert inbox(store)["unread"] == 0
        with store.read() as db:
            assert db.execute("SELECT COUNT(*) FROM alert_deliveries").fetchone()[0] == 1


def test_webhook_is_signed_and_retried_and_email_is_sent(tmp_path, pipeline):
    hook, box = Receiver(fail_first=2), Mailbox()
    try:
        with open_store(tmp_path / "s.db") as store:
            save_watchlist(
                store,
                parse_watchlist(
                    {
                        "id": "kz",
                        "name": "Kazakhstan <loans>",
                        "rule": {"entities": ["kazakhstan"]},
                        "webhook": hook.url,
                        "secret": "s3cret",
                        "emails": ["a@example.org", "b@example.org"],
                    }
                ),
            )
            from silkgraph.alerts import load_watchlists

            added = store.add(
                pipeline.analyze(Document(id="loan", text=REPORTS[2][2], published=REPORTS[2][1], language="en"))
            )
            with store.write() as db:
                evaluate_document(db, added.doc_id, load_watchlists(store))
            sent = deliver_due(store, Outlets(base_url="http://wb", smtp_host="127.0.0.1", smtp_port=box.port))
            assert sent == {"sent": 2, "failed": 0, "retry": 0}
            assert deliver_due(store, Outlets(smtp_host="127.0.0.1", smtp_port=box.port))["sent"] == 0
        [(headers, body)] = hook.posts
        assert headers["x-silkgraph-signature"] == "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
        payload = json.loads(body)
        assert payload["watchlist"]["id"] == "kz" and payload["alert"]["link"] == "http://wb/documents/loan"
        [message] = box.messages
        assert message["To"] == "a@example.org, b@example.org" and "Kazakhstan <loans>" in message["Subject"]
        assert "Asian Development Bank" in message.get_content()
    finally:
        hook.close()
        box.close()


def test_an_unreachable_webhook_is_retried_later(tmp_path, pipeline):
    with open_store(tmp_path / "s.db") as store:
        save_watchlist(
            store,
            parse_watchlist(
                {"id": "kz", "rule": {"entities": ["kazakhstan"]}, "webhook": "http://127.0.0.1:9/unreachable"}
            ),
        )
        from silkgraph.alerts import load_watchlists

        added = store.add(pipeline.analyze(Document(id="loan", text=REPORTS[2][2], language="en")))
        with store.write() as db:
            evaluate_document(db, added.doc_id, load_watchlists(store))
        assert deliver_due(store, Outlets()) == {"sent": 0, "failed": 0, "retry": 1}
        with store.read() as db:
            status, attempts, error = db.execute("SELECT status, attempts, last_error FROM alert_deliveries").fetchone()
        assert status == "pending" and attempts == 1 and "ConnectError" in error


def test_watchlists_cli(tmp_path, store):
    runner = CliRunner()
    db = str(store.path)
    ok = runner.invoke(main, ["watchlists", "add", "loans", "--fact-type", "investment", "--min", "1e9", "--db", db])
    assert ok.exit_code == 0, ok.output
    listed = runner.invoke(main, ["watchlists", "list", "--json", "--db", db])
    assert json.loads(listed.stdout.splitlines()[0])["rule"]["min_value"] == 1e9
    tested = runner.invoke(main, ["watchlists", "backtest", "loans", "--json", "--db", db])
    assert json.loads(tested.stdout)["total"] == 1
    adhoc = runner.invoke(main, ["watchlists", "backtest", "--entity", "kyrgyzstan", "--db", db])
    assert adhoc.exit_code == 0 and "1 alerts from 4 documents" in adhoc.output
    bad = runner.invoke(main, ["watchlists", "add", "x", "--min", "5", "--max", "1", "--db", db])
    assert bad.exit_code == 2 and "larger than max_value" in bad.output
    assert runner.invoke(main, ["watchlists", "remove", "loans", "--db", db]).exit_code == 0
    assert runner.invoke(main, ["watchlists", "remove", "loans", "--db", db]).exit_code == 2


def test_the_lead_of_a_document_alert_is_its_first_paragraph_or_whole_words():
    from silkgraph.alerts.rules import LEAD_CHARS, _lead_end

    german = "Die Präsidenten trafen sich am 9. Juni in Astana.\n\nZweiter Absatz."
    assert german[: _lead_end(german)] == "Die Präsidenten trafen sich am 9. Juni in Astana."
    long = "Wort " * 100
    end = _lead_end(long)
    assert end <= LEAD_CHARS and long[:end].endswith("Wort")


def test_a_stored_watchlist_that_no_longer_validates_is_skipped(tmp_path, caplog):
    from silkgraph.alerts import load_watchlists
    from silkgraph.store import follow as sql

    with open_store(tmp_path / "s.db") as store:
        save_watchlist(store, parse_watchlist({"id": "good", "rule": {"text": "water"}}))
        with store.write() as db:
            sql.save_watchlist(db, "broken", "Broken", {"entities": ["Not A Slug"]}, {}, "2026-01-01T00:00:00+00:00")
        assert [w.id for w in load_watchlists(store)] == ["good"]
    assert "watchlist broken is skipped" in caplog.text
