"""The outlet table, and which outlet published a page.

`OutletTable` holds the news outlets that cover Syria (packaged ``data/outlets.csv``,
extended by a user's CSV) with their domains, country and editorial alignment.
`OutletTable.identify` names a page's publisher by a numbered cascade, each step run only
when the one before found nothing:

1. the URL's host against the outlets' domains;
2. the page's site name against the outlets' names and aliases;
3. the outlet's references to itself in the text ("Support SouthFront", "told Syria
   Direct", "(Enab Baladi)" under its own photos), weighed so that an outlet merely cited
   ("as cited by RIA Novosti", a wire photo credit "Name/TASS") does not win. When the
   cues are weak or split between outlets the answer is None, not a guess.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from truceline.errors import DataError

ALIGNMENTS = frozenset(
    {"pro-government", "opposition", "independent", "state-media-foreign", "wire", "ngo"}
)
CSV_FIELDS = ("name", "aliases", "domains", "country", "alignment", "agency")

# Text cues: the smallest score that names a publisher, and how far the best outlet must
# lead the next. Calibrated on the five shared seed pages: the three pages with a
# publisher score it 6-7 under these weights, the page whose only cue is a TASS photo
# credit scores 0, the aggregator page that cites three outlets once each scores 1 for
# each (None is the right answer there). One "told X" is a citation, not a byline.
MIN_CUE_SCORE = 2
LEAD_FACTOR = 2

# Weights: an appeal for money or a copyright line is the publisher's own (3); an
# interview given to the outlet, a dateline or a photo credit of a non-agency outlet is
# usually its own but an aggregator copies them too (1).
STRONG = 3
WEAK = 1

_SAID_TO = (
    r"(?:told|(?:said|declared|confirmed|explained|added|stated|revealed|spoke|speaking|"
    r"talked|talking|provided|sent|given|wrote)\s+to|in\s+an?\s+(?:exclusive\s+)?interview\s+"
    r"with|in\s+(?:a\s+)?statement\s+to|in\s+comments\s+to)"
)


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    domains: tuple[str, ...]
    country: str | None
    alignment: str
    aliases: tuple[str, ...] = ()
    agency: bool = False  # sells copy and photos: its credit on a page is not its byline


def _fold(text: str) -> str:
    """Lower case, no diacritics or apostrophes, words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['’‘`ʼ]", "", plain).casefold()
    return " ".join(re.findall(r"[^\W_]+", plain))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def _outlet_from_row(row: dict[str, str | None], where: str) -> Outlet:
    name = (row.get("name") or "").strip()
    if not name:
        raise DataError(f"{where}: no name")
    alignment = (row.get("alignment") or "").strip()
    if alignment not in ALIGNMENTS:
        raise DataError(
            f"{where} ({name}): alignment {alignment!r} is not one of {sorted(ALIGNMENTS)}"
        )
    country = (row.get("country") or "").strip() or None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise DataError(f"{where} ({name}): country {country!r} is not an ISO alpha-2 code")
    domains = tuple(d.lower().removeprefix("www.") for d in _split(row.get("domains")))
    for domain in domains:
        if not re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", domain):
            raise DataError(f"{where} ({name}): bad domain {domain!r}")
    agency = (row.get("agency") or "no").strip().lower()
    if agency not in {"yes", "no", "true", "false", ""}:
        raise DataError(f"{where} ({name}): agency must be yes or no, not {agency!r}")
    return Outlet(
        name, domains, country, alignment, _split(row.get("aliases")), agency in {"yes", "true"}
    )


def read_outlets_csv(text: str, source: str) -> list[Outlet]:
    """Outlets from CSV text with the CSV_FIELDS header; DataError names file and row."""
    reader = csv.DictReader(text.splitlines())
    missing = {"name", "alignment"} - set(reader.fieldnames or ())
    if missing:
        raise DataError(f"header lacks {sorted(missing)}", source=source)
    outlets = []
    for number, row in enumerate(reader, start=2):
        try:
            outlets.append(_outlet_from_row(row, f"row {number}"))
        except DataError as exc:
            raise DataError(exc.detail, source=source) from None
    return outlets


@lru_cache(maxsize=1)
def _packaged() -> OutletTable:
    path = resources.files("truceline").joinpath("data/outlets.csv")
    return OutletTable(read_outlets_csv(path.read_text(encoding="utf-8"), str(path)))


class OutletTable:
    def __init__(self, outlets: Iterable[Outlet]) -> None:
        by_name: dict[str, Outlet] = {}
        for outlet in outlets:  # a later outlet with the same name replaces the earlier
            by_name[_fold(outlet.name)] = outlet
        self._outlets = list(by_name.values())
        self._names: dict[str, Outlet] = {}
        self._domains: dict[str, Outlet] = {}
        for outlet in self._outlets:
            for form in (outlet.name, *outlet.aliases):
                self._names.setdefault(_fold(form), outlet)
            for domain in outlet.domains:
                self._domains[domain] = outlet
        self._cue_patterns = self._compile_cues()

    @classmethod
    def default(cls, user_file: Path | None = None) -> OutletTable:
        """The packaged table; a user's CSV (same columns) adds outlets or replaces the
        packaged outlet of the same name. Malformed file -> DataError."""
        table = _packaged()
        if user_file is None:
            return table
        try:
            text = Path(user_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"cannot read: {exc}", source=str(user_file)) from None
        return cls([*table.all(), *read_outlets_csv(text, str(user_file))])

    def all(self) -> list[Outlet]:
        return list(self._outlets)

    def lookup(self, name: str) -> Outlet | None:
        """The outlet called `name` (or one of its aliases), any case or diacritics."""
        return self._names.get(_fold(name))

    def by_url(self, url: str) -> Outlet | None:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        labels = host.lower().rstrip(".").split(".")
        for i in range(len(labels) - 1):  # longest suffix first: english.enabbaladi.net
            outlet = self._domains.get(".".join(labels[i:]))
            if outlet is not None:
                return outlet
        return None

    def by_site_name(self, site_name: str) -> Outlet | None:
        """The outlet whose name is the site name, or one part of it split at a dash, bar
        or colon ("Enab Baladi – English"); "The National Interest" is not The National."""
        parts = [site_name, *re.split(r"\s+[|–—:·-]\s+|\s*[|·]\s*", site_name)]
        for part in parts:
            outlet = self._names.get(_fold(part))
            if outlet is not None:
                return outlet
        return None

    def identify(
        self, *, url: str | None = None, site_name: str | None = None, text: str | None = None
    ) -> Outlet | None:
        """The page's publisher, or None when nothing names it for sure."""
        if url:
            outlet = self.by_url(url)
            if outlet is not None:
                return outlet
        if site_name:
            outlet = self.by_site_name(site_name)
            if outlet is not None:
                return outlet
        if text:
            return self.by_self_reference(text)
        return None

    def cue_scores(self, text: str) -> Counter[str]:
        """Self-reference score of each outlet named in `text` (by outlet name)."""
        scores: Counter[str] = Counter()
        for pattern, weight, agencies_count in self._cue_patterns:
            for match in pattern.finditer(text):
                outlet = self._names[_fold(match.group("name"))]
                if agencies_count or not outlet.agency:
                    scores[outlet.name] += weight
        return scores

    def by_self_reference(self, text: str) -> Outlet | None:
        ranked = self.cue_scores(text).most_common(2)
        if not ranked or ranked[0][1] < MIN_CUE_SCORE:
            return None
        if len(ranked) > 1 and ranked[0][1] < LEAD_FACTOR * ranked[1][1]:
            return None
        return self.lookup(ranked[0][0])

    def _compile_cues(self) -> list[tuple[re.Pattern[str], int, bool]]:
        """(pattern, weight, whether it counts for news agencies) for each cue."""
        forms = sorted(
            {f for o in self._outlets for f in (o.name, *o.aliases) if len(_fold(f)) > 1},
            key=len,
            reverse=True,
        )
        if not forms:
            return []
        # Names are proper nouns: matched as written (whitespace aside), so that
        # "amnesty" or "step" in running text is not an outlet.
        alts = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
        name = rf"(?P<name>{alts})(?![\w-])"
        return [
            (
                re.compile(rf"(?im:^[ \t]*(?:please\s+)?(?:support|donate\s+to)\s+(?-i:{name}))"),
                STRONG,
                True,
            ),
            (
                re.compile(
                    rf"(?:©|\([cC]\)|[Cc]opyright)\s*(?:\d{{4}}\s*(?:[-–]\s*\d{{4}}\s*)?)?{name}"
                ),
                STRONG,
                True,
            ),
            (re.compile(rf"\b{_SAID_TO}\s+(?:the\s+)?{name}"), WEAK, True),
            (
                re.compile(rf"(?<![\w-]){name}\s+(?:has\s+|had\s+)?(?:learned|obtained|spoke\b)"),
                WEAK,
                True,
            ),
            (re.compile(rf"(?<![\w-]){name}(?:['’]s)?\s+(?:correspondent|reporter)"), WEAK, True),
            # a dateline "Moscow, Dec 27 (Prensa Latina)" is the agency's own copy
            (
                re.compile(rf"(?m)^[A-Z][\w .'-]{{1,30}},\s+\w{{3,9}}\.?\s+\d{{1,2}}\s+\({name}\)"),
                WEAK,
                True,
            ),
            # a caption credit "(Enab Baladi)" at the end of a line: the outlet's own
            # photo, unless the outlet is an agency that sells its photos to others
            (re.compile(rf"(?m)\({name}\)[ \t]*$"), WEAK, False),
        ]
