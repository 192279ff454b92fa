"""Merging judged end to end on the hand-made multilingual reports of tests/data/merge: the
language pipeline and the graph together, as `silkgraph evaluate --clusters` scores them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from silkgraph.cli import main

DATA = Path(__file__).parent / "data" / "merge"


def test_reports_of_one_happening_merge_across_languages_and_distinct_happenings_stay_apart():
    result = CliRunner().invoke(
        main,
        [
            "evaluate",
            "--gold",
            str(DATA / "gold"),
            "--clusters",
            str(DATA / "clusters.json"),
            *sorted(str(p) for p in (DATA / "corpus").glob("*.md")),
            "--json",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    merge = json.loads(result.output)["merge"]
    # a visit and the summit after it, two signings in one city a day apart, a summit and the
    # ministers' meeting that followed it: whatever extraction finds, none of them is merged
    assert merge["merged_wrong"] == 0
    # the Russian and English reports of one signing, of one ministers' meeting, of one visit
    assert merge["merged_right"] >= 3
    assert merge["owed"] == 15
