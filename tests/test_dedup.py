"""Near-duplicate detection: MinHash signatures, LSH buckets and the copy tests (silkgraph.dedup)."""

from __future__ import annotations

from silkgraph import dedup

BASE = (
    "Die Regierungen beider Staaten vereinbarten am Dienstag eine engere Zusammenarbeit beim Ausbau "
    "der Eisenbahnverbindungen zwischen den Häfen am Kaspischen Meer und den Grenzübergängen im Osten. "
    "Die Minister besprachen außerdem neue Zolltarife, gemeinsame Logistikzentren und die Finanzierung "
    "eines Korridors, der Güterzüge in zehn Tagen von der Küste bis an die Grenze bringen soll. "
    "Beobachter erwarten, dass die ersten Züge im kommenden Frühjahr fahren und die Kosten für "
    "Spediteure deutlich sinken, sofern die Abfertigung an den Grenzen schneller wird."
)
OTHER = (
    "Ein Forschungsinstitut legte am Mittwoch eine Studie über Wasserknappheit in Bergregionen vor, "
    "die sich mit Gletscherschmelze, Bewässerung und dem Bau kleiner Speicherbecken beschäftigt. "
    "Die Autoren empfehlen, Landwirte früher über Dürreperioden zu informieren und sparsame Technik "
    "zu fördern, damit Ernten auch in trockenen Jahren gesichert bleiben."
)


def test_shingles_are_runs_of_folded_words():
    assert dedup.shingles("") == set()
    assert dedup.shingles("Drei kurze Wörter") == {b"drei kurze worter"}
    found = dedup.shingles("eins zwei drei vier fünf sechs")
    assert found == {b"eins zwei drei vier funf", b"zwei drei vier funf sechs"}


def test_a_signature_is_stable_and_sized():
    sig, size = dedup.signature(BASE)
    assert len(sig) == dedup.NUM_PERM * 8 and size == len(dedup.shingles(BASE))
    assert dedup.signature(BASE) == (sig, size)  # the same text, the same signature, every time
    assert len(dedup.buckets(sig)) == dedup.BANDS


def test_a_syndicated_copy_is_a_near_duplicate_and_another_article_is_not():
    sig, size = dedup.signature(BASE)
    copy_sig, copy_size = dedup.signature("Eisenbahn: " + BASE + " (Agenturmeldung)")
    duplicate, similarity = dedup.is_near_duplicate(sig, size, copy_sig, copy_size)
    assert duplicate and similarity >= dedup.JACCARD
    assert set(dedup.buckets(sig)) & set(dedup.buckets(copy_sig))  # found as candidates by the LSH look-up
    other_sig, other_size = dedup.signature(OTHER)
    assert dedup.is_near_duplicate(sig, size, other_sig, other_size) == (False, dedup.jaccard(sig, other_sig))
    assert dedup.jaccard(sig, other_sig) < 0.2


def test_a_copy_cut_short_counts_by_containment():
    long_text = BASE + " " + OTHER + " " + OTHER.replace("Mittwoch", "Donnerstag")
    short = BASE
    a, size_a = dedup.signature(long_text)
    b, size_b = dedup.signature(short)
    assert size_b >= dedup.CONTAINMENT_MIN_SHINGLES
    assert dedup.jaccard(a, b) < dedup.JACCARD
    assert dedup.is_near_duplicate(a, size_a, b, size_b)[0]
    tiny_a, tiny_size_a = dedup.signature("Kurzmeldung über den Handel zwischen zwei Staaten heute")
    assert not dedup.is_near_duplicate(a, size_a, tiny_a, tiny_size_a)[0]  # too few shingles to say
