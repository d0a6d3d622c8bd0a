"""Evaluation of event extraction on the event gold sets (../shared/datasets/events).

Figures (a flat dict, see `run_events_eval`):

- CASE-2021 task 2 (``case2021-task2.tsv``): one ACLED-derived type per snippet among 30.
  A snippet's prediction is the ACLED sub-event of its main event (physical events first,
  then the first sentence, then the event nearest the root of the parse); a statement
  with no ACLED sub-event maps to DIPLO (consultation, support, sanctions, requests,
  rejections, threats) or ATTRIB (accusations); with no event at all the snippet gets a
  non-conflict label from the lexicon's cues (natural / man-made disaster, diplomacy,
  attribution), else OTHER. Weighted and macro F1 over all 30 types, and accuracy.
- PLOVER gold standard records (``plover-gsr.txt``, lenient JSON): the PLOVER category of
  each sentence's main event (`plover_category`: stated intentions coded AGREE or
  THREATEN as the codebook does) against the gold event, whose older names are mapped to
  the current ones (DEMAND→REQUEST, DISAPPROVE→ACCUSE, INVESTIGATE→ACCUSE, FIGHT→ASSAULT);
  source / target match: some word of the gold actor text appears in our actor's name or
  in the words it was read from.
- FA-KES (``fa-kes.csv``): per article, the main violent event (first with fatalities,
  else first ASSAULT): its place at governorate level (place name or admin1 against the
  gold location, transliteration-lenient), its date (else the document's anchor, the
  lead's fallback) against the gold date, cause of death from its ACLED sub-event and
  mode, and civilian deaths (0 where no civilian death is read) exactly.
- Cost: milliseconds of extraction per document (the spaCy parse and mention finding
  excluded), over all documents evaluated.

A file that cannot be read raises EvalDataError: a gold set is never silently shortened.

    python -m truceline.evaluation.events ../shared/datasets [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from truceline.errors import EvalDataError
from truceline.extract.events.counts import civilian_deaths
from truceline.extract.events.extractor import (
    MATERIAL_ACLED,
    EventTrace,
    extract_event_records,
    main_event,
    plover_category,
)
from truceline.extract.events.refine import ATTRIBUTION_MODES
from truceline.lexicons.events import ACLED_LABELS, SentenceCues, load_lexicon
from truceline.models import Document, Event

Record = tuple[Event, EventTrace]

# Types with no ACLED sub-event, as CASE-2021 files them.
STATEMENT_LABELS = {
    "ACCUSE": "DIPLO",
    "REJECT": "DIPLO",
    "REQUEST": "DIPLO",
    "THREATEN": "DIPLO",
    "CONSULT": "DIPLO",
    "SUPPORT": "DIPLO",
    "SANCTION": "DIPLO",
    "COOPERATE": "DIPLO",
    "AGREE": "DIPLO",
    "CONCEDE": "AGREEMENT",
    "AID": "OTHER",
    "RETREAT": "CHANGE_TO_GROUP_ACT",
    "MOBILIZE": "CHANGE_TO_GROUP_ACT",
    "COERCE": "OTHER",
    "ASSAULT": "ATTACK",
    "CRIME": "ORG_CRIME",
    "PROTEST": "PEACE_PROTEST",
}
PLOVER_OLD_NAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
CAUSES = {
    "AIR_STRIKE": "shelling",
    "ART_MISS_ATTACK": "shelling",
    "SUIC_BOMB": "explosion",
    "REM_EXPLOS": "explosion",
    "GRENADE": "explosion",
    "CHEM_WEAP": "chemical and toxic gases",
}
GOVERNORATE_ALIASES = {
    "rifdimashq": "damascus",
    "dimashq": "damascus",
    "rifdamascus": "damascus",
    "damascuscountryside": "damascus",
    "alep": "aleppo",
    "halab": "aleppo",
}
_WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    ["the", "of", "and", "a", "an", "in", "on", "at", "to", "for", "from", "by", "with", "'s", "s"]
)


@dataclass(frozen=True, slots=True)
class Snippet:
    id: str
    text: str
    gold: dict[str, Any]


# ------------------------------------------------------------------ reading the gold sets


def events_root(data: Path) -> Path:
    """Accept the datasets folder or its events/ subfolder."""
    data = Path(data)
    root = data / "events" if (data / "events").is_dir() else data
    if not root.is_dir():
        raise EvalDataError(f"{data}: no events folder")
    return root


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDataError(f"{path}: {exc}") from exc


def load_case(path: Path, limit: int | None = None) -> list[Snippet]:
    rows = list(csv.DictReader(_read(path).splitlines(), delimiter="\t"))
    if not rows or not {"id", "EventSnippet", "SubType"} <= set(rows[0]):
        raise EvalDataError(f"{path}: expected columns id, EventSnippet, SubType")
    out = [Snippet(r["id"], r["EventSnippet"], {"label": r["SubType"]}) for r in rows]
    return out[:limit] if limit else out


def lenient_json_objects(text: str) -> Iterator[dict[str, Any]]:
    """Top-level JSON objects of a file that concatenates them, trailing commas allowed."""
    depth, start, in_string, escaped = 0, -1, False, False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch == "{":
            depth += 1
            start = i if depth == 1 else start
        elif ch == "}":
            depth -= 1
            if depth == 0:
                chunk = re.sub(r",\s*([}\]])", r"\1", text[start : i + 1])
                yield json.loads(chunk)


def load_plover(path: Path, limit: int | None = None) -> list[Snippet]:
    try:
        records = list(lenient_json_objects(_read(path)))
    except json.JSONDecodeError as exc:
        raise EvalDataError(f"{path}: {exc}") from exc
    out = [
        Snippet(str(r.get("id", i)), str(r.get("text", "")).strip("{} \n"), r)
        for i, r in enumerate(records)
    ]
    if not out:
        raise EvalDataError(f"{path}: no records")
    return out[:limit] if limit else out


def load_fakes(path: Path, limit: int | None = None) -> list[Snippet]:
    rows = list(csv.DictReader(_read(path).splitlines()))
    needed = {"unit_id", "article_content", "location", "date", "cause_of_death", "nb_civilians"}
    if not rows or not needed <= set(rows[0]):
        raise EvalDataError(f"{path}: expected columns {sorted(needed)}")
    out = [Snippet(r["unit_id"], r["article_content"], dict(r)) for r in rows]
    return out[:limit] if limit else out


# ------------------------------------------------------------------ running the pipeline


class Runner:
    """Analyses texts with the real understand stage and times the extraction alone."""

    def __init__(self) -> None:
        from truceline.store.writer import user_gazetteer
        from truceline.understand import Resources

        self.resources = Resources.load(extra_places=user_gazetteer())
        self.extract_seconds = 0.0
        self.documents = 0

    def records(self, snippet_id: str, text: str) -> list[Record]:
        from truceline.understand import analyse

        doc = Document(
            id=f"eval:{snippet_id}",
            raw_sha256="",
            source="eval",
            outlet=None,
            title=None,
            published=None,
            published_basis="unknown",
            body=text,
        )
        analysis, sdoc = analyse(doc, self.resources)
        t0 = time.perf_counter()
        records = extract_event_records(analysis, sdoc)
        self.extract_seconds += time.perf_counter() - t0
        self.documents += 1
        self.last_anchor = analysis.anchor
        self.last_mentions = analysis.mentions
        return records


# ------------------------------------------------------------------ CASE-2021


def case_label(records: list[Record], text: str) -> str:
    """The CASE-2021 type of a snippet from its events (module docstring)."""
    main = main_event(records, material_first=True)
    lex = load_lexicon()
    cues = SentenceCues([(w, w) for w in _WORD.findall(text.lower())])
    if not cues.any(lex.violent_agent_cues):
        for label, phrases in lex.disaster_cues:
            if cues.any(phrases):
                return label  # a snippet about a disaster, with no violent agent anywhere
    if main is not None and main[0].acled_sub_event in MATERIAL_ACLED:
        return str(main[0].acled_sub_event)
    if main is not None:
        event = main[0]
        if event.acled_sub_event in ACLED_LABELS:
            return str(event.acled_sub_event)
        if event.type in ("ACCUSE", "REJECT") and event.mode in ATTRIBUTION_MODES:
            return "ATTRIB"
        return STATEMENT_LABELS.get(event.type, "OTHER")
    for label, phrases in (*lex.disaster_cues, *lex.non_conflict_cues):
        if cues.any(phrases):
            return label
    return "OTHER"


def f1_scores(gold: list[str], predicted: list[str], labels: Iterable[str]) -> dict[str, float]:
    """Weighted F1 (by gold support), macro F1 over `labels`, accuracy."""
    labels = sorted(set(labels))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    support = Counter(gold)
    f1: dict[str, float] = {}
    for label in labels:
        prec = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        rec = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f1[label] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    total = sum(support.values()) or 1
    return {
        "weighted_f1": sum(f1[label] * support[label] for label in labels) / total,
        "macro_f1": sum(f1.values()) / len(labels) if labels else 0.0,
        "accuracy": sum(tp.values()) / total,
    }


def eval_case(
    runner: Runner, snippets: list[Snippet]
) -> tuple[dict[str, float | int], list[tuple[str, str, str]]]:
    gold, predicted, rows = [], [], []
    for s in snippets:
        label = case_label(runner.records(f"case:{s.id}", s.text), s.text)
        gold.append(s.gold["label"])
        predicted.append(label)
        rows.append((s.gold["label"], label, s.text))
    scores = f1_scores(gold, predicted, set(gold))
    figures: dict[str, float | int] = {f"case2021_{k}": round(v, 4) for k, v in scores.items()}
    figures["case2021_n"] = len(snippets)
    return figures, rows


# ------------------------------------------------------------------ PLOVER


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(_fold(text)) if w not in STOP}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def actor_matches(gold: Any, name: str, read_from: str) -> bool:
    """Lenient: some word of a gold actor's text in our actor's name or source words."""
    if not isinstance(gold, list) or not gold:
        return False
    ours = _words(name) | _words(read_from)
    return any(_words(str(g.get("actorText", ""))) & ours for g in gold if isinstance(g, dict))


def eval_plover(
    runner: Runner, snippets: list[Snippet]
) -> tuple[dict[str, float | int], list[tuple[str, str, str]]]:
    right = sources = source_hits = targets = target_hits = 0
    rows = []
    for s in snippets:
        records = runner.records(f"plover:{s.id}", s.text)
        main = main_event(records)
        gold = PLOVER_OLD_NAMES.get(s.gold.get("event", ""), s.gold.get("event", ""))
        predicted = plover_category(main[0]) if main else "NONE"
        right += predicted == gold
        rows.append((gold, predicted, s.text))
        event, trace = main if main else (None, None)
        if isinstance(s.gold.get("source"), list) and s.gold["source"]:
            sources += 1
            if event is not None and event.actor1 is not None and trace is not None:
                source_hits += actor_matches(s.gold["source"], event.actor1.name, trace.agent_text)
        if isinstance(s.gold.get("target"), list) and s.gold["target"]:
            targets += 1
            if event is not None and event.actor2 is not None and trace is not None:
                target_hits += actor_matches(
                    s.gold["target"], event.actor2.name, trace.patient_text
                )
    n = len(snippets)
    return {
        "plover_type_accuracy": round(right / n, 4) if n else 0.0,
        "plover_source_match": round(source_hits / sources, 4) if sources else 0.0,
        "plover_target_match": round(target_hits / targets, 4) if targets else 0.0,
        "plover_n": n,
    }, rows


# ------------------------------------------------------------------ FA-KES


def _key(name: str) -> str:
    """Transliteration-lenient key of a governorate name ("Al-Hasakah" ~ "hasakeh")."""
    text = _fold(name)
    text = re.sub(r"\b(governorate|province|city|muhafazat)\b", " ", text)
    text = re.sub(r"\b(al|ar|as|ad|ash|an|el|at|az)[- ]", "", text)
    text = re.sub(r"[^a-z]", "", text)
    text = GOVERNORATE_ALIASES.get(text, text)
    text = re.sub(r"(.)\1+", r"\1", text)
    if not text:
        return ""
    return (text[0] + re.sub(r"[aeiouy]", "", text[1:])).rstrip("h")


def _gold_date(text: str) -> str | None:
    m = re.match(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2,4})\s*$", text)
    if not m:
        return None
    month, day, year = (int(g) for g in m.groups())
    year = year + 2000 if year < 100 else year
    return f"{year:04d}-{month:02d}-{day:02d}"


def _cause(event: Event) -> str:
    if event.acled_sub_event in CAUSES:
        return CAUSES[event.acled_sub_event]
    if event.mode in ("aerial", "heavy-weapons"):
        return "shelling"
    if event.mode in ("explosives", "suicide-attack"):
        return "explosion"
    if event.mode == "cbrn":
        return "chemical and toxic gases"
    if event.mode == "firearms":
        return "shooting"
    return "unknown"


def fakes_main(records: list[Record]) -> Event | None:
    violent = [
        e for e, _ in records if e.type == "ASSAULT" and e.modality in ("happened", "denied")
    ]
    with_deaths = [e for e in violent if e.fatalities]
    if with_deaths:
        return with_deaths[0]
    return violent[0] if violent else None


def _article_place(
    records: list[Record], main: Event | None, mentions: Iterable[Any]
) -> tuple[str, str]:
    """The main event's place; where it has none, only a country, or one outside the
    country most of the article's places are in (a dateline such as "Beirut" over a
    report on Syria, a hospital named "Al-Quds"), the article's first place below
    country level in that country: the article's own subject place. A place without
    an admin-1 area ("northern Syria") is a country-wide one."""
    from truceline.models import Place

    places = [m.value for m in mentions if m.kind == "place" and isinstance(m.value, Place)]
    ranked = Counter(p.country for p in places if p.country).most_common(1)
    focus = ranked[0][0] if ranked else None
    place = main.place if main is not None else None
    if (
        place is None
        or place.precision == "country"
        or not place.admin1
        or (focus and place.country != focus)
    ):
        inner = next(
            (p for p in places if p.precision != "country" and p.admin1 and p.country == focus),
            None,
        )
        place = inner or place or next((e.place for e, _ in records if e.place is not None), None)
    if place is None:
        return "", ""
    return place.name, place.admin1 or ""


def _article_cause(records: list[Record], main: Event | None) -> str:
    """The main event's cause; where it names no weapon, the first weapon the article names."""
    cause = _cause(main) if main is not None else "unknown"
    if cause not in ("unknown", "shooting"):
        return cause
    for event, _ in records:
        if event.type == "ASSAULT" and event.acled_sub_event in CAUSES:
            return CAUSES[event.acled_sub_event]
    return cause


def _civilian_deaths(records: list[Record], main: Event | None) -> int:
    """Civilians killed in the main event; where it counts none, in the first violent
    event that does; 0 where none does."""
    if main is not None and civilian_deaths(main.counts) is not None:
        return civilian_deaths(main.counts) or 0
    for event, _ in records:
        if event.type == "ASSAULT" and civilian_deaths(event.counts) is not None:
            return civilian_deaths(event.counts) or 0
    return 0


def eval_fakes(
    runner: Runner, snippets: list[Snippet]
) -> tuple[dict[str, float | int], list[tuple[str, str, str]]]:
    location = date = cause = civilians = 0
    rows = []
    for s in snippets:
        records = runner.records(f"fakes:{s.id}", s.text)
        main = fakes_main(records)
        name, admin1 = _article_place(records, main, runner.last_mentions)
        gold_loc = _key(s.gold["location"])
        location += bool(gold_loc) and gold_loc in {_key(name), _key(admin1)}
        when = (
            main.date
            if main is not None and main.date is not None and main.date.resolved
            else runner.last_anchor
        )
        date += when is not None and when.value[:10] == _gold_date(s.gold["date"])
        got_cause = _article_cause(records, main)
        cause += got_cause == s.gold["cause_of_death"]
        deaths = _civilian_deaths(records, main)
        civilians += str(deaths) == s.gold["nb_civilians"].strip()
        rows.append(
            (
                f"{s.gold['location']}/{s.gold['cause_of_death']}/{s.gold['nb_civilians']}",
                f"{name}|{admin1}/{got_cause}/{deaths}",
                s.text[:300],
            )
        )
    n = len(snippets) or 1
    return {
        "fakes_location": round(location / n, 4),
        "fakes_date": round(date / n, 4),
        "fakes_cause": round(cause / n, 4),
        "fakes_civilians_exact": round(civilians / n, 4),
        "fakes_n": len(snippets),
    }, rows


# ------------------------------------------------------------------ entry


def run_events_eval(data: Path, *, limit: int | None = None) -> dict[str, float | int]:
    """All event figures as one flat dict; `limit` caps the records of each set."""
    figures, _ = run_events_eval_detailed(data, limit=limit)
    return figures


def run_events_eval_detailed(
    data: Path, *, limit: int | None = None
) -> tuple[dict[str, float | int], dict[str, list[tuple[str, str, str]]]]:
    """`run_events_eval` and, per gold set, (gold, predicted, text) rows for error analysis."""
    root = events_root(data)
    case = load_case(root / "case2021-task2.tsv", limit)
    plover = load_plover(root / "plover-gsr.txt", limit)
    fakes = load_fakes(root / "fa-kes.csv", limit)
    runner = Runner()
    figures: dict[str, float | int] = {}
    rows: dict[str, list[tuple[str, str, str]]] = {}
    for name, fn, items in (
        ("case2021", eval_case, case),
        ("plover", eval_plover, plover),
        ("fakes", eval_fakes, fakes),
    ):
        got, detail = fn(runner, items)
        figures.update(got)
        rows[name] = detail
    figures["extract_ms_per_document"] = round(
        1000 * runner.extract_seconds / max(runner.documents, 1), 3
    )
    return figures, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--errors",
        choices=["case2021", "plover", "fakes"],
        default=None,
        help="print the misclassified records of one set",
    )
    args = parser.parse_args(argv)
    figures, rows = run_events_eval_detailed(args.data, limit=args.limit)
    if args.errors:
        for gold, predicted, text in rows[args.errors]:
            if gold != predicted:
                print(f"{gold}\t{predicted}\t{text[:240]}")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
