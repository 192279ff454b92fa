"""Many distinct, realistic articles made from the sentences of samples/, for volume tests.

Each variant recombines sentences of one language, changes some amounts and
carries its own front matter (id, title, published, language), so that every
text differs and the analyses vary the way real articles do. Generation is
deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][“\"]))\s+(?=[A-ZÄÖÜ„\"])")
# Amounts, not years: a year keeps the dates of the sentence meaningful.
_AMOUNT = re.compile(r"(?<![\d.,-])(\d{1,3})([.,]\d+)?(?!\d)")


def sample_sentences() -> dict[str, list[str]]:
    """Sentences of the sample articles, by language."""
    from silkgraph.ingest import read_inputs

    pools: dict[str, list[str]] = {}
    for item in read_inputs([str(SAMPLES)]):
        if not hasattr(item, "text"):
            continue
        pool = pools.setdefault(item.language or "en", [])
        for paragraph in item.text.split("\n\n"):
            pool.extend(s.strip() for s in _SENTENCE_END.split(paragraph) if len(s.split()) >= 4)
    return pools


def _vary_amounts(sentence: str, rng: random.Random) -> str:
    def swap(m: re.Match) -> str:
        if rng.random() < 0.5:
            return m.group(0)
        return str(rng.randint(2, 950)) + (m.group(2)[0] + str(rng.randint(1, 9)) if m.group(2) else "")

    return _AMOUNT.sub(swap, sentence)


def variant_texts(n: int, seed: int = 0, *, min_sentences: int = 3, max_sentences: int = 8) -> list[tuple[str, str]]:
    """(file name, content) of `n` distinct articles with YAML front matter; the id is the file's stem."""
    rng = random.Random(seed)
    pools = sample_sentences()
    languages = sorted(pools)
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    while len(out) < n:
        language = rng.choice(languages)
        pool = pools[language]
        count = rng.randint(min_sentences, max_sentences)
        # Longer articles than the pool holds repeat sentences, as wire copy does.
        chosen = rng.sample(pool, count) if count <= len(pool) else rng.choices(pool, k=count)
        sentences = [_vary_amounts(s, rng) for s in chosen]
        paragraphs, i = [], 0
        while i < len(sentences):
            size = rng.randint(1, 3)
            paragraphs.append(" ".join(sentences[i : i + size]))
            i += size
        body = "\n\n".join(paragraphs)
        if body in seen:
            continue
        seen.add(body)
        number = len(out)
        published = f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        head = (
            f"---\nid: variant-{seed}-{number:04d}\ntitle: Variant {number} of seed {seed}\n"
            f"published: {published}\nlanguage: {language}\n---\n"
        )
        out.append((f"variant-{seed}-{number:04d}.txt", head + body + "\n"))
    return out


def write_variants(folder: Path, n: int, seed: int = 0, **kwargs) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in variant_texts(n, seed, **kwargs):
        path = folder / name
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths
