"""Deterministic generator of German and English news articles for benchmarks.

    python bench/generate.py OUT --articles 100000 [--seed 1] [--format auto|jsonl|files] [--shard-size 5000]
                             [--storms K [--storm-size 2000]]

Every article is built from the knowledge base (Central Asian states and
their partners, capitals, the people who held an office on the article's
date, organisations, summit formats, projects) and the templates in
corpus_templates.py. Article i depends only on (seed, i), so the first 2,000
articles of a 100,000-article corpus are the 2,000-article corpus.

Formats: `files` writes one file per article (Markdown with front matter, or
scraped-style text whose date is a lead line); `jsonl` writes shards of
{id, title, text, published, url, language} records, the bulk-import form.
`auto` picks files up to 5,000 articles and shards above.

`--storms K` adds K storms of --storm-size near-identical reports of one summit
(bench/storm.py's texts), each a shard of its own placed evenly among the
others, so that an ingest meets them as a burst.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import random
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import corpus_templates as T  # noqa: E402

FIRST_DAY = dt.date(2016, 1, 1).toordinal()
LAST_DAY = dt.date(2026, 6, 30).toordinal()
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


class World:
    """Names and offices from the knowledge base, in the forms the templates need (cached)."""

    def __init__(self, kb):
        self.kb = kb
        self.hosts = [c for c in T.CENTRAL_ASIA if c in kb]
        self.partners = [c for c in list(T.PARTNERS) + self.hosts if c in kb]
        self.orgs: dict[str, list[dict]] = {}  # state id -> acronyms of organisations it belongs to
        for e in kb.entities.values():
            if e.type == "organization" and e.properties.get("kind") != "media":
                de = [a for a in e.aliases.get("de", []) if _ACRONYM.match(a)]
                en = [a for a in e.aliases.get("en", []) if _ACRONYM.match(a)]
                if de and en:  # "SOZ-Gipfel" / "SCO summit" need an acronym in both languages
                    for state in e.members or ["*"]:
                        self.orgs.setdefault(state, []).append({"de": de[0], "en": en[0]})
        self.formats: dict[str, list[dict]] = {}  # partner id -> names of its summit formats
        for e in kb.entities.values():
            partner = e.properties.get("partner") if e.type == "format" else None
            de = [a for a in e.aliases.get("de", []) if re.search(r"-(Gipfel|Forum|Kooperationsforum|Dialog)$", a)]
            if partner and de:
                self.formats.setdefault(partner, []).append({"de": de[0], "en": e.name})
        self.projects: dict[str, list[str]] = {}  # state id -> ids of projects it takes part in
        for e in kb.entities.values():
            if e.type == "project":
                for state in set(e.members) | ({e.country} if e.country else set()):
                    self.projects.setdefault(state, []).append(e.id)
        self._states: dict = {}
        # (role, state) -> [(first day, last day, person)]: an interval look-up per article
        # instead of the knowledge base's general date arithmetic
        self._terms: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        for e in kb.entities.values():
            for r in e.roles:
                first = _day(r.start, first=True) if r.start else 0
                last = _day(r.end, first=False) if r.end else 10**7
                self._terms.setdefault((r.role, r.of), []).append((first, last, e.id))

    def name(self, entity_id: str, lang: str) -> str:
        override = T.PLACE_NAMES.get((entity_id, lang))
        if override:
            return override
        e = self.kb[entity_id]
        if lang == "de" and e.aliases.get("de"):
            return e.aliases["de"][0]
        return e.name

    def person(self, person_id: str, lang: str) -> tuple[str, str]:
        """Full name and surname in `lang` (the full name where the KB gives no unambiguous surname)."""
        e = self.kb[person_id]
        forms = e.aliases.get(lang, [])
        full = next((a for a in forms if " " in a), None) if lang == "de" else None
        full = full or e.name
        singles = [a for a in forms if " " not in a and "." not in a and a[0].isupper()]
        return full, (min(singles, key=len) if singles else full)

    def state(self, cid: str, lang: str) -> dict:
        key = (cid, lang)
        if key not in self._states:
            e = self.kb[cid]
            adjectives = e.adjectives.get(lang) or [""]
            if lang == "de":
                short = T.PARTNERS.get(cid) or self.name(cid, "de")
                article = T.DE_ARTICLE.get(cid, "")
                nom = {"f": "die ", "pl": "die "}.get(article, "") + short
                dat = {"f": "der ", "pl": "den "}.get(article, "") + short
                gen = {"f": "der ", "pl": "der "}.get(article, "") + (
                    short if article or short.endswith(("s", "z", "x")) else short + "s"
                )
                to = f"in {nom}" if article else f"nach {short}"
                forms = {"nom": nom, "dat": dat, "gen": gen, "to": to, "bare": not article}
            else:
                short = e.name
                nom = ("the " + short) if short.startswith("United ") else short
                gen = nom + ("'" if nom.endswith("s") else "'s")
                forms = {"nom": nom, "dat": nom, "gen": gen, "to": "to " + nom, "bare": not nom.startswith("the ")}
            forms["adj"] = adjectives[0]
            forms["capital"] = self.name(e.capital, lang) if e.capital else short
            self._states[key] = forms
        return self._states[key]

    def holder(self, role: str, cid: str, day: int) -> str | None:
        """The one person holding `role` of `cid` on ordinal `day` (None when nobody or a handover)."""
        found = [p for first, last, p in self._terms.get((role, cid), ()) if first <= day <= last]
        return found[0] if len(found) == 1 else None

    def office(self, cid: str, roles: tuple[str, ...], day: int, lang: str, rng: random.Random) -> dict | None:
        """An office holder at `day` with the phrases the templates use, or None if the KB knows nobody."""
        for role in roles:
            person = self.holder(role, cid, day)
            if person:
                break
        else:
            return None
        title = T.ROLE_WORDS.get((cid, role), {}).get(lang) or self.kb.role_titles[role].words[lang][0]
        full, short = self.person(person, lang)
        s = self.state(cid, lang)
        if lang == "de":
            weak = title + "en" if title.endswith("ent") else title  # Präsident -> Präsidenten
            adj = s["adj"]
            if s["bare"] and rng.random() < 0.6:
                nom, obl = f"{s['gen']} {title} {full}", f"{s['gen']} {weak} {full}"
                acc = dat = obl
            else:
                nom = f"der {adj}e {title} {full}"
                acc, dat = f"den {adj}en {weak} {full}", f"dem {adj}en {weak} {full}"
        else:
            nom = f"{s['gen']} {title} {full}" if s["bare"] and rng.random() < 0.4 else f"{s['adj']} {title} {full}"
            acc = dat = nom
        return {"": nom, "_acc": acc, "_dat": dat, "_title": title, "_name": full, "_short": short}


def _day(iso: str, first: bool) -> int:
    """Ordinal of the first or last day of an ISO date of year, month or day precision."""
    if "Q" in iso:  # a quarter: its first or last month
        year, quarter = iso.split("-Q")
        iso = f"{year}-{3 * int(quarter) - (2 if first else 0)}"
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return dt.date(*parts).toordinal()
    if len(parts) == 1:
        return dt.date(parts[0], 1 if first else 12, 1 if first else 31).toordinal()
    y, m = parts
    if first:
        return dt.date(y, m, 1).toordinal()
    return (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)).toordinal()


def money(rng: random.Random, lang: str, millions: float) -> str:
    """An amount of `millions` million, written as a newspaper would (US dollars, sometimes euros)."""
    euro = rng.random() < 0.15
    if millions >= 1000:
        num = f"{round(millions / 1000, 1):g}"
        if lang == "de":
            unit = "Mrd." if rng.random() < 0.2 else "Milliarden"
            return f"{num.replace('.', ',')} {unit} {'Euro' if euro else 'US-Dollar'}"
        return f"{num} billion euros" if euro else f"${num} billion"
    num = str(max(10, int(round(millions, -1))))
    if lang == "de":
        return f"{num} Millionen {'Euro' if euro else 'US-Dollar'}"
    return f"€{num} million" if euro else f"${num} million"


def spread(rng: random.Random, lo: float, hi: float) -> float:
    """Log-uniform between lo and hi: small deals are common, large ones rare."""
    return lo * (hi / lo) ** rng.random()


def percent(rng: random.Random, lang: str) -> str:
    x = round(rng.uniform(1, 45), rng.choice((0, 1)))
    num = f"{x:g}"
    if lang == "de":
        return f"{num.replace('.', ',')} {'%' if rng.random() < 0.2 else 'Prozent'}"
    return f"{num}{'%' if rng.random() < 0.3 else ' percent'}"


def count(rng: random.Random, lang: str) -> str:
    n = int(10 ** rng.uniform(1.7, 4.5))
    n = n if n < 1000 else round(n, -2)
    sep = "." if lang == "de" else ","
    return f"{n:,}".replace(",", sep)


def fill(rng: random.Random, choices: list[str], fields: dict) -> str:
    sentence = rng.choice(choices).format_map(fields)
    return sentence[0].upper() + sentence[1:]


def article(world: World, seed: int, i: int) -> dict:
    """Article i of the corpus of `seed`: {id, lang, day, title, paragraphs, rng} (rng goes on to render())."""
    rng = random.Random(seed * 1_000_003 + i)
    lang = "de" if rng.random() < 0.55 else "en"
    day = dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))
    event_day = day - dt.timedelta(days=rng.choice((0, 1, 1, 2, 3)))
    when = event_day.toordinal()
    for _ in range(100):  # a pair of states whose leaders the knowledge base knows on that day
        a, b = rng.choice(world.hosts), rng.choice(world.partners)
        if a == b:
            continue
        a_head = world.office(a, ("president", "prime-minister"), when, lang, rng)
        b_head = world.office(b, ("president", "prime-minister"), when, lang, rng)
        if a_head and b_head:
            break
    else:
        raise RuntimeError(f"no leaders known on {event_day}")
    a_fm = world.office(a, ("foreign-minister",), when, lang, rng) or a_head
    b_fm = world.office(b, ("foreign-minister",), when, lang, rng) or b_head
    sa, sb = world.state(a, lang), world.state(b, lang)
    months, weekdays = T.MONTHS[lang], T.WEEKDAYS[lang]
    sectors = rng.sample(T.SECTORS[lang], 2)
    year = day.year
    later = year + rng.randint(0, 2)

    f = {
        "A": sa["nom"],
        "A_dat": sa["dat"],
        "A_gen": sa["gen"],
        "A_adj": sa["adj"],
        "B": sb["nom"],
        "B_dat": sb["dat"],
        "B_gen": sb["gen"],
        "B_adj": sb["adj"],
        "B_to": sb["to"],
        "city": sa["capital"],
        "B_city": sb["capital"],
        "sector": sectors[0],
        "sector2": sectors[1],
    }
    for prefix, office in (("A_head", a_head), ("B_head", b_head), ("A_fm", a_fm), ("B_fm", b_fm)):
        for suffix, value in office.items():
            f[prefix + suffix] = value
    wd, mo = weekdays[event_day.weekday()], months[event_day.month - 1]
    if lang == "de":
        f["on_day"], f["on_date"] = f"am {wd}", f"am {event_day.day}. {mo}"
        f["when"] = rng.choice(
            [f"im {rng.choice(months)} {later + 1}", f"bis Ende {later + 1}", f"im Jahr {later + 2}"]
        )
        f["next_when"] = rng.choice(["im kommenden Jahr", f"im {rng.choice(months)}", "im Herbst", f"{year + 1}"])
    else:
        f["on_day"] = f"on {wd}"
        f["on_date"] = rng.choice([f"on {event_day.day} {mo}", f"on {mo} {event_day.day}"])
        f["when"] = rng.choice(
            [f"in {rng.choice(months)} {later + 1}", f"by the end of {later + 1}", f"in {later + 2}"]
        )
        f["next_when"] = rng.choice(["next year", f"in {rng.choice(months)}", "in the autumn", f"in {year + 1}"])
    f["trade_year"] = year - 1 if day.month < 10 else year
    f["target_year"] = year + rng.randint(2, 6)
    trade = spread(rng, 80, 40000)
    f["deal_value"] = money(rng, lang, spread(rng, 20, 9000))
    f["trade_value"] = money(rng, lang, trade)
    f["target_value"] = money(rng, lang, trade * rng.uniform(1.3, 3))
    f["growth"] = percent(rng, lang)
    f["n_deals"] = str(rng.randint(2, 40))
    f["count"] = count(rng, lang)
    f["flights"] = str(rng.randint(3, 60))
    f["km"] = str(rng.randint(40, 900))
    f["months"] = rng.choice(T.MONTH_COUNTS[lang])
    f["rel_year"] = str(rng.choice((1992, 1992, 1993, 1994, 1996)))
    f["nth"] = rng.choice(T.ORDINALS[lang])
    f["prev_month"] = months[(day.month - 2) % 12]
    f["gap"] = str(rng.randint(2, 9))
    f["firms"] = str(rng.randrange(40, 400, 10))
    f["org"] = rng.choice(world.orgs.get(a) or world.orgs["*"])[lang]
    formats = world.formats.get(b)
    f["format"] = rng.choice(formats)[lang] if formats else f["org"] + ("-Gipfel" if lang == "de" else " summit")
    project = rng.choice(
        world.projects.get(a) or world.projects.get(b) or [p for ps in world.projects.values() for p in ps]
    )
    f["project"] = world.name(project, lang)

    leads = T.LEADS[lang] if formats else [t for t in T.LEADS[lang] if "{format}" not in t]
    paragraphs = [fill(rng, leads, f) + " " + fill(rng, T.AGENDA[lang], f)]
    middle = []
    if rng.random() < 0.75:
        middle.append(fill(rng, T.DEALS[lang], f))
    if rng.random() < 0.65:
        trade = fill(rng, T.TRADE[lang], f)
        middle.append(trade + (" " + fill(rng, T.TARGETS[lang], f) if rng.random() < 0.5 else ""))
    if rng.random() < 0.45:
        middle.append(fill(rng, T.COUNTS[lang], f))
    if rng.random() < 0.55:
        middle.append(fill(rng, T.PROJECTS[lang], f))
    for _ in range(rng.choice((0, 1, 1, 1, 2))):
        speaker = rng.choice((a_head, a_head, b_head, a_fm))
        q = dict(
            f,
            quote=T.QUOTES[lang][rng.randrange(len(T.QUOTES[lang]))].format_map(f),
            speaker=speaker[""],
            speaker_short=speaker["_short"],
        )
        middle.append(fill(rng, T.ATTRIBUTIONS[lang], q))
    rng.shuffle(middle)
    paragraphs += middle
    background = rng.sample(T.BACKGROUND[lang], rng.randint(2, 6))
    paragraphs.append(" ".join(background))
    context = [t.format_map(f) for t in rng.sample(T.CONTEXT[lang], rng.randint(1, 3))]
    paragraphs.insert(rng.randint(1, len(paragraphs)), " ".join(c[0].upper() + c[1:] for c in context))
    if rng.random() < 0.6:
        paragraphs.append(fill(rng, T.OUTLOOK[lang], f))
    title = fill(rng, T.TITLES[lang], f)
    return {"id": f"gen-{seed}-{i:07d}", "lang": lang, "day": day, "title": title, "paragraphs": paragraphs, "rng": rng}


def lead_date(rng: random.Random, lang: str, day: dt.date) -> str:
    """A scraped page's date line, in one of the shapes found on news sites."""
    months = T.MONTHS[lang]
    shapes = [
        f" date {day.isoformat()}",
        f"{day.day}. {months[day.month - 1]}, {day.year}",
        f"Veröffentlicht am {day:%d.%m.%Y}, {rng.randint(7, 21)}:{rng.randint(0, 59):02d} Uhr",
    ]
    if lang == "en":
        shapes = [
            f" date {day.isoformat()}",
            f"{months[day.month - 1]} {day.day}, {day.year}",
            f"Published on {day.isoformat()}",
        ]
    return rng.choice(shapes)


def render(art: dict) -> dict:
    """The article as a record: front-matter style (metadata given) or scraped style (date in the lead)."""
    rng, lang = art["rng"], art["lang"]
    paragraphs = list(art["paragraphs"])
    if rng.random() < 0.3:  # a furniture line between paragraphs
        paragraphs.insert(rng.randint(1, len(paragraphs)), rng.choice(T.FURNITURE_DROP[lang]))
    if rng.random() < 0.15:
        paragraphs.append(rng.choice(T.CREDITS[lang]))
    if rng.random() < 0.35:  # the page's tail: comment form or related articles
        paragraphs += rng.choice(T.FURNITURE_CUT[lang])
    style = rng.choices(("front", "scraped", "undated"), (0.6, 0.35, 0.05))[0]
    record = {"id": art["id"], "language": lang, "style": style}
    day = art["day"]
    if style == "front":
        record.update(
            title=art["title"], published=day.isoformat(), url=f"https://news.example/{lang}/{day:%Y/%m}/{art['id']}"
        )
        record["text"] = "\n\n".join(paragraphs)
    elif style == "scraped":
        line = lead_date(rng, lang, day)
        if line.startswith(" date"):  # glued to the first sentence, as scrapers leave it
            paragraphs[0] = f"{line} {paragraphs[0]}"
        else:
            paragraphs.insert(0, line)
        record["text"] = art["title"] + "\n\n" + "\n\n".join(paragraphs)
    else:
        record["text"] = art["title"] + "\n\n" + "\n\n".join(paragraphs)
    return record


_WORLD: World | None = None


def _world() -> World:
    global _WORLD
    if _WORLD is None:
        from silkgraph.kb import KnowledgeBase

        _WORLD = World(KnowledgeBase.load())
    return _WORLD


def _make(seed: int, i: int, attempt: int) -> tuple[int, dict]:
    """(key of the normalised body, record) of article i; another attempt gives another article."""
    art = article(_world(), seed + 7919 * attempt, i)
    art["id"] = f"gen-{seed}-{i:07d}"
    # templates never double a space, so casefolding is all the normalising needed; a stable
    # digest (not hash(), which differs between processes) lets workers' keys be compared
    body = " ".join(art["paragraphs"]).casefold().encode("utf-8")
    return int.from_bytes(hashlib.blake2b(body, digest_size=8).digest(), "big"), render(art)


def _chunk(task: tuple[int, int, int]) -> list[tuple[int, dict]]:
    seed, lo, hi = task
    return [_make(seed, i, 0) for i in range(lo, hi)]


def generate(n: int, seed: int = 1, start: int = 0, jobs: int = 1):
    """Yield records for articles start..start+n-1, each with a body no earlier article has.

    Chunks are made in `jobs` processes and checked here in order; a clash is
    regenerated here with the next attempt, so the output does not depend on `jobs`.
    """
    step = 1000
    tasks = [(seed, lo, min(lo + step, start + n)) for lo in range(start, start + n, step)]
    seen: set[int] = set()
    pool = multiprocessing.Pool(jobs) if jobs > 1 and n > step else None
    try:
        chunks = pool.imap(_chunk, tasks) if pool else map(_chunk, tasks)
        for chunk in chunks:
            for key, record in chunk:
                attempt = 0
                while key in seen:
                    attempt += 1
                    key, record = _make(seed, int(record["id"].rsplit("-", 1)[1]), attempt)
                seen.add(key)
                yield record
    finally:
        if pool:
            pool.terminate()


def storm_records(n: int, seed: int, storm: int = 0) -> list[dict]:
    """n near-identical reports of one summit (bench/storm.py: another outlet line, a day- or
    month-precise date, a figure rounded differently), as JSON Lines records of their own ids."""
    import storm as storms  # bench/storm.py

    rng = random.Random(f"{seed}-storm-{storm}")
    records = []
    for i in range(n):
        document = storms.report(i, rng).document
        records.append(
            {
                "id": f"storm-{seed}-{storm}-{i:05d}",
                "title": document.title,
                "text": document.text,
                "published": document.published,
                "url": f"https://news.example/storm/{seed}/{storm}/{i}",
                "language": document.language,
            }
        )
    return records


def write_storms(out: Path, articles: int, storms: int, size: int, seed: int, shard_size: int) -> int:
    """Storm shards spread evenly through the corpus: "shard-0100-storm-0.jsonl" sorts right before
    "shard-0100.jsonl" (files are read in sorted order), so its reports arrive together, as a real
    storm does.
    Returns the number of reports written."""
    shards = max(1, -(-articles // shard_size))
    written = 0
    for k in range(storms):
        before = min(shards - 1, (k + 1) * shards // (storms + 1))
        with open(out / f"shard-{before:04d}-storm-{k}.jsonl", "w", encoding="utf-8") as shard:
            for record in storm_records(size, seed, k):
                shard.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
    return written


def front_matter(record: dict) -> str:
    head = "\n".join(
        f"{k}: {json.dumps(record[k], ensure_ascii=False)}" for k in ("id", "title", "published", "url", "language")
    )
    return f"---\n{head}\n---\n{record['text']}\n"


def write(out: Path, n: int, seed: int, fmt: str, shard_size: int, jobs: int = 1) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    fmt = ("files" if n <= 5000 else "jsonl") if fmt == "auto" else fmt
    words = 0
    shard = None
    for k, record in enumerate(generate(n, seed, jobs=jobs)):
        words += len(record["text"].split())
        style = record.pop("style")
        if fmt == "jsonl":
            if k % shard_size == 0:
                if shard:
                    shard.close()
                shard = open(out / f"shard-{k // shard_size:04d}.jsonl", "w", encoding="utf-8")
            shard.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            folder = out / f"{k // 1000:03d}"
            folder.mkdir(exist_ok=True)
            if style == "front":
                (folder / f"{record['id']}.md").write_text(front_matter(record), encoding="utf-8")
            else:
                (folder / f"{record['id']}.txt").write_text(record["text"] + "\n", encoding="utf-8")
    if shard:
        shard.close()
    return {"articles": n, "words": words, "format": fmt}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="output folder (created)")
    parser.add_argument("--articles", "-n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("auto", "jsonl", "files"), default="auto")
    parser.add_argument("--shard-size", type=int, default=5000, help="records per JSONL shard")
    parser.add_argument("--storms", type=int, default=0, help="storms of near-identical reports (JSON Lines only)")
    parser.add_argument("--storm-size", type=int, default=2000, help="reports per storm")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="generating processes")
    args = parser.parse_args()
    t = time.perf_counter()
    info = write(args.out, args.articles, args.seed, args.format, args.shard_size, args.jobs)
    if args.storms:
        if info["format"] != "jsonl":
            parser.error("--storms needs --format jsonl")
        info["storm_reports"] = write_storms(
            args.out, args.articles, args.storms, args.storm_size, args.seed, args.shard_size
        )
        info["articles"] += info["storm_reports"]
    elapsed = time.perf_counter() - t
    print(
        f"generated {info['articles']} articles ({info['words']} words, {info['format']}) in {elapsed:.1f} s "
        f"-> {args.out}"
    )


if __name__ == "__main__":
    main()
