"""Finding place-name candidates in text: tokens, a longest-match window scan over the
gazetteer's keys, direction/suffix phrases ("northern countryside of Homs"), and the cues
that say a capitalised word is not a place here (part of an organisation or a person's
name, a common word at the start of a sentence).

No scoring here: `places_resolve` picks among the candidates' entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from truceline.understand.places.gazetteer import IndexData, norm_token, skeleton

# Longest name we try to match, in tokens ("Homs Old City", "al-Dar al-Kabira crossing",
# "United Kingdom of Great Britain and Northern Ireland" is the longest curated alias).
MAX_WINDOW = 9

_TOKEN = re.compile(
    r"(?:(?:[Aa][lnrstdz]|[Ee][lnrstdz]|[Aa]|[Aa]sh|[Ee]sh|[Aa]dh|[Aa]th)-(?=\w))?\w+(?:['’‘ʿʾ`]\w+)*|-"
)
_ARTICLE_PREFIX = re.compile(r"^(?:[ae][lnrstdz]|a|ash|esh|adh|ath)-", re.IGNORECASE)
# Gaps that a multiword name may span: spaces on one line, a hyphen, the dot of an
# abbreviation ("U.S.", "St. Louis"), a slash or an ampersand ("Tunapuna/Piarco", "J&K").
_JOIN_GAP = re.compile(r"[ \t]{0,3}|\.[ \t]?|/|&")
_ABBREVIATIONS = frozenset({"st", "ft", "mt", "pt", "u", "s", "a", "d", "c", "k", "n", "e", "w"})

# "La.", "W. Va.", "D.C.", "U.S." (looked up in IndexData.abbrevs).
ABBREV_IN_TEXT = re.compile(r"(?<![\w.])[A-Z][a-z]{0,4}\.(?:[ ]?[A-Z][a-z]{0,3}\.)*")

DIRECTION_WORDS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "rural",
        "central",
        "greater",
        "upper",
        "lower",
    }
)
# Words after a place name that make it an area of that place.
_AREA_WORDS = {
    "countryside": "region",
    "suburbs": "region",
    "outskirts": "region",
    "region": "region",
    "area": "region",
    "areas": "region",
    "pocket": "region",
    "desert": "region",
    "plain": "region",
    "province": "admin1",
    "governorate": "admin1",
    # "Rakhine State", "Ouest department", "Donetsk oblast": the admin-1 area (a US state
    # name before "State" is a university: finder._us_college)
    "state": "admin1",
    "department": "admin1",
    "oblast": "admin1",
    "highway": "road",
    "road": "road",
    "motorway": "road",
    "district": "district",
    # the districts of other countries ("Biu LGA", "Shahjadpur Upazila", "Paletwa
    # Township", "Haveli tehsil", "Bafut subdivision")
    "lga": "district",
    "upazila": "district",
    "township": "district",
    "tehsil": "district",
    "subdivision": "district",
    "raion": "district",
    "neighbourhood": "district",
    "neighborhood": "district",
}
# compared with token keys, so spelled as norm_token spells them ("countryside" → "cuntryside")
AREA_SUFFIXES = {norm_token(word): kind for word, kind in _AREA_WORDS.items()}
AREA_OF = frozenset(
    norm_token(w)
    for w in ("countryside", "suburbs", "outskirts", "province", "governorate", "district")
)

# Capitalised words after a place name that make the whole an organisation or a thing,
# not the place ("Homs Military Council", "Washington Post", "Georgia Tech").
ORG_WORDS = frozenset(
    [
        "council",
        "army",
        "front",
        "brigade",
        "brigades",
        "battalion",
        "battalions",
        "committee",
        "committees",
        "university",
        "college",
        "institute",
        "school",
        "academy",
        "post",
        "times",
        "herald",
        "tribune",
        "journal",
        "gazette",
        "news",
        "daily",
        "press",
        "party",
        "movement",
        "forces",
        "force",
        "corps",
        "division",
        "regiment",
        "company",
        "inc",
        "ltd",
        "corp",
        "corporation",
        "group",
        "fc",
        "united",
        "airlines",
        "airways",
        "airport",
        "agency",
        "bank",
        "police",
        "department",
        "ministry",
        "government",
        "railroad",
        "railway",
        "railways",
        "power",
        "authority",
        "commission",
        "association",
        "federation",
        "league",
        "club",
        "team",
        "tech",
        "state",
        "senators",
        "declaration",
        "accord",
        "accords",
        "agreement",
        "process",
        "talks",
        "format",
        "conference",
        "summit",
        "convention",
        "protocol",
        "memorandum",
        "treaty",
        "hotel",
        "hospital",
        "church",
        "mosque",
        "stadium",
        "center",
        "centre",
        "mall",
        "prison",
        "museum",
        "library",
    ]
)
# Words that precede a place name inside another name ("Tahrir al-Sham", "Hayat Tahrir").
_NAME_JOINERS = frozenset(
    {"of", "the", "and", "de", "du", "des", "la", "le", "for", "on", "in", "at", "to", "from"}
)
TITLE_WORDS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "minister",
        "general",
        "gen",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "king",
        "queen",
        "prince",
        "lord",
        "sir",
        "saint",
        "st",
        "judge",
        "mayor",
        "sheikh",
        "imam",
        "colonel",
        "col",
        "lt",
        "lieutenant",
        "major",
        "captain",
        "sgt",
        "sergeant",
        "brig",
        "commander",
        "chief",
        "secretary",
        "ambassador",
        "pope",
        "bishop",
        "father",
        "brother",
        "sister",
    ]
)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # norm_name key of the token; "" for a bare article
    cap: bool  # starts with a capital (after an "al-" style prefix)
    upper: bool  # ALL CAPS


@dataclass(slots=True)
class Candidate:
    """A span that names (or may name) a place, with the entries it may mean."""

    start: int
    end: int
    first: int  # token positions [first, last)
    last: int
    key: str
    entries: tuple[int, ...]
    loose: bool = False  # matched only by skeleton key
    area: str | None = (
        None  # "region" / "admin1" / "road" / "district" for direction/suffix phrases
    )
    hints: set[str] = field(default_factory=set)  # spaCy labels covering the span


def tokenize(text: str) -> list[Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        if word == "-":
            continue
        if len(word) > 3 and word[-2] in "'’" and word[-1] in "sS":
            word = word[:-2]  # "London's": the possessive is not part of the name
        bare = _ARTICLE_PREFIX.sub("", word)
        first = bare[:1] or word[:1]
        cap = first.isupper()
        tokens.append(
            Token(
                m.start(),
                m.start() + len(word),
                word,
                norm_token(word),
                cap,
                word.isupper() and len(word) > 1,
            )
        )
    return tokens


def joinable(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start]
    if not gap:
        return True
    if gap.startswith(".") and left.key not in _ABBREVIATIONS:
        return False
    if gap.strip(" \t") == "-":
        return True
    return _JOIN_GAP.fullmatch(gap) is not None


def scan(text: str, tokens: list[Token], index: IndexData) -> list[Candidate]:
    """Longest gazetteer keys found left to right, each starting at a capitalised token."""
    out: list[Candidate] = []
    i = 0
    while i < len(tokens):
        found = _longest_at(text, tokens, i, index) if tokens[i].cap and tokens[i].key else None
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.last
    return out


def _longest_at(text: str, tokens: list[Token], i: int, index: IndexData) -> Candidate | None:
    j = i
    while j < len(tokens) and j - i < MAX_WINDOW:
        if j > i and not joinable(text, tokens[j - 1], tokens[j]):
            break
        j += 1
    for stop in range(j, i, -1):
        key = " ".join(t.key for t in tokens[i:stop] if t.key)
        if not key or not tokens[stop - 1].key:
            continue
        hit = index.keys.get(key)
        loose = False
        if hit is None and stop - i <= 3:
            hit = index.loose.get(skeleton(key))
            loose = hit is not None
        # A name ending in a lowercase word ("The villages") is only taken when it is one
        # of our curated multiword names ("northern Homs countryside").
        if hit and not tokens[stop - 1].cap:
            hit = tuple(p for p in hit if index.features[p] != "city")
        if hit and stop - i == 1 and key in DIRECTION_WORDS:
            hit = None  # "West", "Northern": a direction, grown into an area by extend_area

        if hit:
            end = _end_with_dot(text, tokens[stop - 1])
            return Candidate(tokens[i].start, end, i, stop, key, hit, loose=loose)
    return None


def _end_with_dot(text: str, tok: Token) -> int:
    """ "U.S." keeps its final dot."""
    if len(tok.text) == 1 and tok.text.isupper() and text[tok.end : tok.end + 1] == ".":
        return tok.end + 1
    return tok.end


def extend_area(text: str, tokens: list[Token], cand: Candidate, index: IndexData) -> Candidate:
    """Grow a candidate over direction words and area suffixes around it and look the whole
    phrase up ("northern countryside of Homs" → the curated region). Without a curated
    entry the base place is kept, marked with the kind of area the phrase names."""
    lo, hi = cand.first, cand.last
    area = None
    if (
        hi < len(tokens)
        and tokens[hi].key in AREA_SUFFIXES
        and joinable(text, tokens[hi - 1], tokens[hi])
    ):
        area = AREA_SUFFIXES[tokens[hi].key]
        hi += 1
    if lo >= 2 and tokens[lo - 1].key == "of" and tokens[lo - 2].key in AREA_OF:
        area = area or AREA_SUFFIXES[tokens[lo - 2].key]
        lo -= 2
    if (
        lo >= 1
        and tokens[lo - 1].key in DIRECTION_WORDS
        and joinable(text, tokens[lo - 1], tokens[lo])
    ):
        area = area or "region"
        lo -= 1
    if (lo, hi) == (cand.first, cand.last):
        return cand
    for key in _phrase_keys(tokens, lo, hi, cand):
        hit = index.keys.get(key)
        if hit:
            return Candidate(tokens[lo].start, tokens[hi - 1].end, lo, hi, key, hit, area=None)
    # No curated area: the mention stays the base name ("eastern Pacific" → "Pacific"),
    # its place marked with the coarser precision of the phrase.
    return Candidate(
        cand.start, cand.end, cand.first, cand.last, cand.key, cand.entries, cand.loose, area
    )


def _phrase_keys(tokens: list[Token], lo: int, hi: int, cand: Candidate) -> list[str]:
    words = [t.key for t in tokens[lo:hi] if t.key]
    keys = [" ".join(words)]
    direction = next((t.key for t in tokens[lo : cand.first] if t.key in DIRECTION_WORDS), None)
    suffix = next((t.key for t in tokens[cand.last : hi]), None) or next(
        (t.key for t in tokens[lo : cand.first] if t.key in AREA_OF), None
    )
    base = cand.key
    if direction and suffix:
        keys.append(f"{direction} {base} {suffix}")
    if direction:
        keys += [f"{direction} {base} cuntryside", f"{direction} {base}"]
    if suffix:
        keys.append(f"{base} {suffix}")
    return keys


def is_org_or_person(text: str, tokens: list[Token], cand: Candidate) -> bool:
    """The candidate is part of a longer proper name that is not a place: an organisation
    word or another capitalised word glued after it ("Homs Military Council", "Samer
    Sleiman"), a title or a capitalised non-place word before it ("President Bashar",
    "Tahrir al-Sham") — in running text, not in a title-case headline."""
    if cand.first < 0:
        return False
    nxt = tokens[cand.last] if cand.last < len(tokens) else None
    if nxt is not None and nxt.cap and joinable(text, tokens[cand.last - 1], nxt):
        if cand.area in ("admin1", "district") and nxt.key in AREA_SUFFIXES:
            return False  # "Rakhine State", "Biu LGA": the area word read by extend_area
        if nxt.key in ORG_WORDS:
            return True
        if nxt.key not in _NAME_JOINERS and not title_case_line(text, cand.start):
            return True
    prev = tokens[cand.first - 1] if cand.first > 0 else None
    if prev is None or not joinable(text, prev, tokens[cand.first]):
        return False
    if prev.key in TITLE_WORDS and prev.cap:
        return True
    glued = prev.cap and prev.key not in _NAME_JOINERS and prev.key not in DIRECTION_WORDS
    return glued and not sentence_start(text, prev.start) and not title_case_line(text, cand.start)


def sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?:\n•*–—-|"


def title_case_line(text: str, pos: int) -> bool:
    """Is `pos` on a headline-style line: words capitalised, no lowercase word of four or
    more letters (prose always has some: "shelled", "while", "officers")?"""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    words = re.findall(r"[A-Za-z][\w'’-]*", text[lo : hi if hi >= 0 else len(text)])
    if len(words) < 3:
        return False
    return not any(w[0].islower() and len(w) >= 4 for w in words)
