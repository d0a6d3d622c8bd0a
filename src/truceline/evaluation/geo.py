"""Geoparsing evaluation on LGL and GeoWebNews (Gritta et al., "A Pragmatic Guide to
Geoparsing Evaluation"), development halves in ``../shared/datasets/geo/``.

Two tasks, as the geoparsing literature reports them:

- geocoding given gold toponyms: each article's gold toponym spans go through
  `Gazetteer.resolve_spans` (the resolver sees only the spans and the article text, never
  the gold coordinates or ids). Scored on the toponyms that have a gold GeoNames id:
  accuracy within 161 km (100 miles), exact GeoNames-id match rate, median error in km;
  a toponym we cannot resolve counts as a miss (error 20,000 km).
- toponym recognition (GeoWebNews): `Gazetteer.find` with spaCy's entities as hints
  against the gold spans of literal toponyms (types Literal, Mixed, Literal_Modifier,
  Embedded_Literal), exact span match. A predicted span equal to a gold toponym of a
  non-literal type (metonymic "Russia said", demonym, ...) is neither rewarded nor
  punished ("lenient", the main figure, since the pipeline wants those places too); the
  "strict" figure counts them as false positives.

Each set is also scored on two folds by document (``fold_a``: the 1st, 3rd, 5th, ...
article of the file; ``fold_b``: the 2nd, 4th, ...): place rules are tuned on fold a only,
and fold b is the figure no rule was fitted to (docs/quality.md).

    python -m truceline.evaluation.geo ../shared/datasets/geo [--limit N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from truceline.errors import EvalDataError
from truceline.models import Place
from truceline.understand.places import Gazetteer
from truceline.understand.places.ranking import distance_km

MILES_100_KM = 161.0
MISS_KM = 20_000.0  # error charged for a toponym left unresolved
LITERAL_TYPES = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal"})
NON_LITERAL_TYPES = frozenset(
    {"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit", "Coercion", "Demonym", "Language"}
)


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    type: str  # GeoWebNews type; "Literal" for LGL


@dataclass(frozen=True, slots=True)
class GeoDoc:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def _root(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvalDataError(str(exc), source=str(path)) from exc


def _float(text: str | None) -> float | None:
    return float(text) if text and text.strip() else None


def _int(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def load_lgl(path: Path) -> list[GeoDoc]:
    docs: list[GeoDoc] = []
    for art in _root(path).iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            gaz = t.find("gaztag")
            if gaz is None:
                continue
            tops.append(
                GoldToponym(
                    int(t.findtext("start") or 0),
                    int(t.findtext("end") or 0),
                    t.findtext("phrase") or "",
                    _float(gaz.findtext("lat")),
                    _float(gaz.findtext("lon")),
                    _int(gaz.get("geonameid")),
                    "Literal",
                )
            )
        docs.append(GeoDoc(art.get("docid") or str(len(docs)), text, tuple(tops)))
    return docs


def load_gwn(path: Path) -> list[GeoDoc]:
    docs: list[GeoDoc] = []
    for art in _root(path).iter("article"):
        text = art.findtext("text") or ""
        tops = tuple(
            GoldToponym(
                int(t.findtext("start") or 0),
                int(t.findtext("end") or 0),
                t.findtext("extractedName") or "",
                _float(t.findtext("latitude")),
                _float(t.findtext("longitude")),
                _int(t.findtext("geonamesID")),
                t.findtext("type") or "",
            )
            for t in art.iter("toponym")
        )
        docs.append(GeoDoc(art.get("file") or str(len(docs)), text, tops))
    return docs


def geocoding_scores(gazetteer: Gazetteer, docs: Iterable[GeoDoc]) -> dict[str, float | int]:
    errors: list[float] = []
    exact = 0
    unresolved = 0
    for doc in docs:
        gold = [t for t in doc.toponyms if t.geonames_id is not None and t.lat is not None]
        if not gold:
            continue
        places = gazetteer.resolve_spans(doc.text, [(t.start, t.end) for t in gold])
        for t, place in zip(gold, places, strict=True):
            err = _error_km(t, place)
            errors.append(err)
            unresolved += err == MISS_KM
            exact += place is not None and place.geonames_id == t.geonames_id
    n = len(errors)
    return {
        "toponyms": n,
        "acc161": sum(e <= MILES_100_KM for e in errors) / n if n else 0.0,
        "exact_id": exact / n if n else 0.0,
        "median_km": statistics.median(errors) if n else 0.0,
        "unresolved": unresolved,
    }


def _error_km(t: GoldToponym, place: Place | None) -> float:
    if place is None or place.lat is None or place.lon is None or t.lat is None or t.lon is None:
        return MISS_KM
    return distance_km(t.lat, t.lon, place.lat, place.lon)


def recognition_scores(gazetteer: Gazetteer, docs: Iterable[GeoDoc]) -> dict[str, float | int]:
    from truceline.understand.nlp import load_nlp

    nlp = load_nlp()
    tp = fp = fn = fp_strict = 0
    for doc in docs:
        gold = {(t.start, t.end) for t in doc.toponyms if t.type in LITERAL_TYPES}
        other = {(t.start, t.end) for t in doc.toponyms if t.type in NON_LITERAL_TYPES} - gold
        ents = [(e.start_char, e.end_char, e.label_) for e in nlp(doc.text).ents]
        pred = {(m.start, m.end) for m in gazetteer.find(doc.text, ents)}
        tp += len(pred & gold)
        fn += len(gold - pred)
        fp += len(pred - gold - other)
        fp_strict += len(pred - gold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    ps = tp / (tp + fp_strict) if tp + fp_strict else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "precision_strict": ps,
        "f1_strict": 2 * ps * r / (ps + r) if ps + r else 0.0,
        "gold": tp + fn,
    }


def run_geo_eval(data: Path, *, limit: int | None = None) -> dict[str, float | int]:
    """All figures for the geo dev sets in `data` (the folder with lgl.xml and gwn.xml, or
    its parent). `limit` keeps the first N articles of each file (a quick check)."""
    folder = data / "geo" if (data / "geo").is_dir() else data
    lgl = load_lgl(folder / "lgl.xml")[:limit]
    gwn = load_gwn(folder / "gwn.xml")[:limit]
    gazetteer = Gazetteer.default()
    out: dict[str, float | int] = {}
    for name, docs in (("lgl", lgl), ("gwn", gwn)):
        for k, v in geocoding_scores(gazetteer, docs).items():
            out[f"{name}_{k}"] = v
        for fold, part in (("a", docs[0::2]), ("b", docs[1::2])):
            scores = geocoding_scores(gazetteer, part)
            out[f"{name}_fold_{fold}_acc161"] = scores["acc161"]
    for k, v in recognition_scores(gazetteer, gwn).items():
        out[f"gwn_recognition_{k}"] = v
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(run_geo_eval(args.data, limit=args.limit), indent=2))


if __name__ == "__main__":
    main()
