"""Near-duplicate articles: MinHash signatures over word shingles, banded for LSH.

A syndicated copy of an article (the same text under another site's title,
with a line more or less) is one source, not two. Exact copies never reach
the graph: the store refuses a text it already has. This module only
computes; the graph keeps signatures and band buckets in the store, so that
finding the candidates for a new document is an indexed look-up.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np
from datasketch import MinHash

from silkgraph.terms import words

NUM_PERM = 128
BANDS, ROWS = 32, 4  # 32 x 4 = NUM_PERM; a pair with Jaccard 0.7 shares a bucket with p > 0.999
SHINGLE_WORDS = 5
SEED = 1  # fixed: signatures stored yesterday must compare with those made today

# A pair is a near-duplicate when the estimated Jaccard similarity of their
# shingle sets reaches JACCARD, or when the shorter text is almost wholly
# contained in the longer (a copy cut short); the second test needs enough
# shingles to mean anything.
JACCARD = 0.7
CONTAINMENT = 0.9
CONTAINMENT_MIN_SHINGLES = 30


def shingles(text: str) -> set[bytes]:
    """Overlapping runs of SHINGLE_WORDS words (folded), or the whole text if it is shorter."""
    ws = words(text)
    if len(ws) <= SHINGLE_WORDS:
        return {" ".join(ws).encode("utf-8")} if ws else set()
    return {" ".join(ws[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(ws) - SHINGLE_WORDS + 1)}


@functools.cache
def _template() -> MinHash:
    """A MinHash of (NUM_PERM, SEED): its hash permutations are drawn once, not for every document."""
    return MinHash(num_perm=NUM_PERM, seed=SEED)


def signature(text: str) -> tuple[bytes, int]:
    """The MinHash signature of `text` as bytes, and its number of shingles."""
    found = shingles(text)
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=template.permutations, scheme=template.scheme)
    if found:
        minhash.update_batch(list(found))
    return minhash.hashvalues.astype("<u8").tobytes(), len(found)


def buckets(sig: bytes) -> list[tuple[int, str]]:
    """(band, bucket key) pairs: two documents sharing any pair are candidates."""
    values = np.frombuffer(sig, dtype="<u8")
    out = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        out.append((band, hashlib.blake2b(chunk, digest_size=8).hexdigest()))
    return out


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    va, vb = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(va == vb)) / len(va)


def is_near_duplicate(a: bytes, size_a: int, b: bytes, size_b: int) -> tuple[bool, float]:
    """Whether two documents are copies of one text, and their estimated Jaccard similarity."""
    j = jaccard(a, b)
    if j >= JACCARD:
        return True, j
    small = min(size_a, size_b)
    if small < CONTAINMENT_MIN_SHINGLES:
        return False, j
    # |A ∩ B| = J (|A| + |B|) / (1 + J), relative to the smaller set.
    containment = j * (size_a + size_b) / (1 + j) / small
    return containment >= CONTAINMENT, j
