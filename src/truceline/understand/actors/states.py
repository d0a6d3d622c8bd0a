"""Actors named the way conflict analysts name them (ACLED's conventions): a country's
forces with the period of its government ("Military Forces of Ukraine (2019-)", "Police
Forces of Mexico (2018-)", "Government of Turkey (2014-)"), and the groups named by what
they do and where ("Protesters (Pakistan)", "Rioters (India)", "Unidentified Armed Group
(Brazil)", "Civilians (Venezuela)"), each with ACLED's inter code.

The countries, the words that name them ("Afghan", "Congolese", "DRC") and the months
their heads of the executive took office are in ``data/states.csv`` (sources in its
header). Role nouns ("gunmen", "police", "protesters") are the word lists below: which
role a phrase names is read from its words, the country from a demonym or a country name
in it, else from the event's place (the caller's choice).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from truceline.models import Actor
from truceline.understand.actors.tokens import fold

# ACLED inter codes.
STATE_FORCES, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA = 1, 2, 3, 4
RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 5, 6, 7, 8


def words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Role:
    """A kind of actor named by role nouns: how its name is written and its inter code."""

    key: str
    template: str  # "{country}" and "{period}" filled in
    inter: int
    kind: str  # Actor.kind


ROLES = {
    "military": Role(
        "military", "Military Forces of {country}{period}", STATE_FORCES, "state_forces"
    ),
    "police": Role("police", "Police Forces of {country}{period}", STATE_FORCES, "police"),
    "government": Role("government", "Government of {country}{period}", STATE_FORCES, "government"),
    "armed": Role("armed", "Unidentified Armed Group ({country})", POLITICAL_MILITIA, ""),
    "protesters": Role("protesters", "Protesters ({country})", PROTESTERS, "protesters"),
    "rioters": Role("rioters", "Rioters ({country})", RIOTERS, "rioters"),
    "gang": Role("gang", "Unidentified Gang ({country})", POLITICAL_MILITIA, ""),
    "civilians": Role("civilians", "Civilians ({country})", CIVILIANS, "civilians"),
    "clan": Role("clan", "Unidentified Clan Militia ({country})", IDENTITY_MILITIA, ""),
    "tribal": Role("tribal", "Unidentified Tribal Militia ({country})", IDENTITY_MILITIA, ""),
    "communal": Role("communal", "Unidentified Communal Militia ({country})", IDENTITY_MILITIA, ""),
}

# Role nouns, by role; a phrase's head noun decides first, then its other words (so
# "police officers" is police, "armed men" armed). Multiword entries are matched on the
# phrase's folded text.
ROLE_WORDS: dict[str, frozenset[str]] = {
    "military": words(
        "army military soldier soldiers troops troop forces armed-forces gendarme gendarmes "
        "gendarmerie navy marines airforce air-force paratroopers commandos battalion "
        "brigade regiment servicemen"
    ),
    "police": words("police policeman policemen policewoman cops cop constable constables"),
    "government": words(
        "government authorities ministry administration cabinet regime parliament governor mayor"
    ),
    "armed": words(
        "gunmen gunman assailants assailant attackers attacker militants militant "
        "bandits bandit raiders kidnappers abductors hitmen hitman perpetrators "
        "insurgents insurgent bomber bombers"
    ),
    "protesters": words(
        "protesters protester protestors demonstrators demonstrator marchers strikers"
    ),
    "rioters": words("rioters rioter mob"),
    "gang": words("gang gangs gangsters gangster"),
    "civilians": words(
        "civilians civilian residents resident villagers villager inhabitants locals"
    ),
    "clan": words("clan clans clansmen"),
    "tribal": words("tribe tribes tribesmen"),
}
# Roles named only by a phrase's head ("clan militiamen" is not a clan; "clan elders"
# are not a militia).
HEAD_ONLY = frozenset({"clan", "tribal"})
# Phrases that name a role whatever their head ("armed men", "unknown men").
ROLE_PHRASES = (
    ("communal", re.compile(r"\b(?:communal|community|village) militi(?:a|as|amen)\b")),
    ("military", re.compile(r"\b(?:armed forces|military forces|security forces|army)\b")),
    ("police", re.compile(r"\b(?:police|national guard|law enforcement)\b")),
    # ACLED codes prison staff as the police ("Police Forces of Cuba (1959-)")
    ("police", re.compile(r"\b(?:(?:prison|jail) (?:guards?|wardens?)|wardens?|jailers?)\b")),
    (
        "armed",
        re.compile(
            r"\b(?:armed (?:men|man|individuals|persons|people|group|groups|assailants)|"
            r"unknown (?:men|gunmen|assailants|attackers|persons|people|individuals)|"
            r"unidentified (?:men|gunmen|assailants|attackers|persons|people|individuals))\b"
        ),
    ),
)
# Named branches that ACLED writes after a state force's name.
BRANCHES = (
    (re.compile(r"\bmilitary police\b"), "military", " Military Police"),
    (re.compile(r"\bgendarm"), "military", " Gendarmerie"),
    (re.compile(r"\bfederal police\b"), "police", " Federal Police"),
)


# Country names English writes with "the" after "of" ("Forces of the United States", "of
# the Philippines"): those naming a union or a republic, and plural names.
_TAKES_THE = re.compile(
    r"\b(?:Republic|Kingdom|States|Emirates|Islands|Federation)\b|^(?:Philippines|"
    r"Netherlands|Gambia|Bahamas|Maldives|Comoros)$"
)


@dataclass(frozen=True, slots=True)
class State:
    code: str
    name: str
    periods: tuple[str, ...]  # "YYYY-MM", oldest first
    territory: str = ""  # a de facto state: the code of the state whose borders hold it


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


_ACRONYM = "\x00"  # marks a table key that only a word written in capitals matches


def _acronym(word: str) -> bool:
    letters = word.replace(".", "").replace(" ", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


@functools.lru_cache(maxsize=1)
def _table() -> tuple[dict[str, State], dict[str, str]]:
    """Countries by code, and folded country words (names, demonyms) → code."""
    text = resources.files("truceline.data").joinpath("states.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(ln for ln in text.splitlines() if ln[:1] != "#")))
    states: dict[str, State] = {}
    words: dict[str, str] = {}
    for row in rows:
        code = row["code"].strip()
        periods = tuple(sorted(_split(row["periods"])))
        territory = (row.get("territory") or "").strip()
        states[code] = State(code, row["name"].strip(), periods, territory)
        for word in [row["name"], *_split(row["names"]), *_split(row["demonyms"])]:
            key = _key(word)
            if _acronym(word):
                # "CAR", "US", "UK": only the capitals name the country ("a car bomb",
                # "attacked us" name none)
                key = _ACRONYM + key
            words.setdefault(key, code)
            words.setdefault(key + "s", code)
    return states, words


def _key(text: str) -> str:
    return " ".join(fold(text).replace(".", "").split())


def state(code: str | None) -> State | None:
    return _table()[0].get(code or "")


def country_in(words: Sequence[str]) -> str | None:
    """The country a phrase's words name ("Afghan military forces", "forces of India",
    "DRC army"): the first name or demonym among them, the longest first."""
    found = countries_in(words)
    return found[0] if found else None


def countries_in(words: Sequence[str]) -> list[str]:
    """Every country a phrase's words name, in their order ("forces of India and
    Pakistan": IN, PK), each name or demonym read longest first."""
    table = _table()[1]
    folded = [_key(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(folded):
        for j in range(min(len(folded), i + 5), i, -1):
            key = " ".join(folded[i:j])
            if _acronym("".join(words[i:j]).rstrip("s")):
                key = _ACRONYM + key
            code = table.get(key)
            if code is not None:
                if code not in out:
                    out.append(code)
                i = j - 1
                break
        i += 1
    return out


@functools.lru_cache(maxsize=1)
def _ethnic_groups() -> dict[str, str]:
    """Folded spellings → the group's name (``data/ethnic_groups.txt``)."""
    text = resources.files("truceline.data").joinpath("ethnic_groups.txt").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = _split(line)
        for name in names:
            out[_key(name)] = names[0]
    return out


def is_ethnic_group(name: str) -> bool:
    """Is `name` ("Arab", "Fulani") the name of a people of the table?"""
    return _key(name) in _ethnic_groups()


def ethnic_group(words: Sequence[str]) -> str | None:
    """The ethnic group a phrase's capitalised words name ("suspected Fulani militias":
    Fulani), if any."""
    groups = _ethnic_groups()
    for word in words:
        if word[:1].isupper():
            found = groups.get(_key(word))
            if found is not None:
                return found
    return None


def abroad(home: str, here: str | None) -> bool:
    """Does a state's force from `home` act outside its own land when in `here`? A de
    facto state's forces are at home on the land it holds (`State.territory`)."""
    if not here or home == here:
        return False
    found = state(home)
    return found is None or found.territory != here


def period(code: str, date: str | None) -> str:
    """ " (2019-)": the start year of the government in office on `date` (ISO, any
    precision; the latest period without one), "" where the table has none."""
    found = state(code)
    if found is None or not found.periods:
        return ""
    # a period may be written to the day ("2020-05-21") where the office changed hands
    # within a month; it is compared with as much of the date as it has
    day = date or "9999"
    started = [p for p in found.periods if p <= day[: len(p)]] or [found.periods[0]]
    return f" ({started[-1][:4]}-)"


def role_of(head: str, words: Sequence[str]) -> str | None:
    """The role a phrase names: a named branch ("military police" is the army's), the
    police named anywhere in it ("Israeli Police forces"), its head noun's role, a role
    phrase ("armed men"), else any of its words' role."""
    text = " ".join(fold(w) for w in words)
    for pattern, role, _ in BRANCHES:
        if pattern.search(text):
            return role
    if re.search(r"\bpolice\b", text):
        return "police"
    head_key = fold(head)
    for role, nouns in ROLE_WORDS.items():
        if head_key in nouns:
            return role
    for role, pattern in ROLE_PHRASES:
        if pattern.search(text):
            return role
    keys = {fold(w) for w in words}
    return next(
        (role for role, nouns in ROLE_WORDS.items() if keys & nouns and role not in HEAD_ONLY),
        None,
    )


def role_actor(role: str, code: str, date: str | None, words: Sequence[str] = ()) -> Actor | None:
    """The actor of a role in a country, named as ACLED names it; None for a country the
    table does not know."""
    found = state(code)
    spec = ROLES.get(role)
    if found is None or spec is None:
        return None
    stamp = period(code, date) if "{period}" in spec.template else ""
    country = found.name
    if " of {country}" in spec.template and _TAKES_THE.search(country):
        country = "the " + country  # "Military Forces of the United States"
    name = spec.template.format(country=country, period=stamp)
    text = " ".join(fold(w) for w in words)
    for pattern, branch_role, suffix in BRANCHES:
        if branch_role == role and pattern.search(text):
            name += suffix
            break
    return Actor(name=name, id="", acled_type=spec.inter, kind=spec.kind)


def bare_actor(role: str, text: str | None = None) -> Actor | None:
    """A role's actor where no country is known: the text's own words ("security
    forces") or the role's name without a country ("Protesters"), with its inter code."""
    spec = ROLES.get(role)
    if spec is None:
        return None
    name = text or spec.template.split(" (")[0].replace(" of {country}{period}", "")
    return Actor(name=name, id="", acled_type=spec.inter, kind=spec.kind)
