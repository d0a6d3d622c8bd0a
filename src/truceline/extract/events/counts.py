"""Numbers attached to an event: fatalities and other counts ("5000 prisoners",
"more than 400 militants", "killed over 49 civilians", "the death toll rose to 112").

A count is a number (digits or words) modifying a noun. Whether the noun was killed or
wounded is read from the verb it hangs on ("killed 49 civilians", "30 people were
killed", "leaving 30 dead", "three soldiers died"). Counts after "including"/"among" are
parts of a larger count: they are kept as ``<noun>_among_killed`` and not added to the
fatalities. Numbers inside date mentions and measures (years, kilometres, percent) are
not counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from truceline.lexicons.events import wordset

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
    "dozen": 12,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "k": 1000}
KILL_VERBS = wordset("kill slay massacre slaughter murder execute behead assassinate martyr lynch")
DEATH_WORDS = frozenset(
    {"dead", "die", "death", "deaths", "killed", "lifeless", "martyred", "fatality", "fatalities"}
)
WOUND_VERBS = frozenset({"injure", "wound", "hurt", "maim", "injured", "wounded"})
NOT_COUNTED = wordset(
    "year years month months day days week weeks hour hours minute minutes km kilometer "
    "kilometers kilometre kilometres mile miles meter meters metre metres percent % "
    "dollar dollars pound pounds euro euros lira liras time times round rounds am pm "
    "o'clock degree degrees kg ton tons tonnes litre litres liter liters century decade "
    "decades point points shilling shillings rouble roubles"
)
IRREGULAR_PLURALS = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "people": "people",
}
CIVILIAN_NOUNS = wordset(
    "civilians civilian people persons children women men residents villagers students "
    "worshippers passengers family families members_of_family citizens inhabitants pupils "
    "patients shoppers farmers workers journalists infants babies kids girls boys victims "
    "individuals others"
)
# The largest number read as a count: above it a "number" is an amount of money or a
# population, not people in one event (no event in the seeds or FA-KES reports more).
MAX_COUNT = 10_000_000
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$|^\d+\.\d+$")


@dataclass(frozen=True, slots=True)
class CountReading:
    """One counted noun of a sentence."""

    key: str  # "prisoners", "civilians_killed", "children_among_killed", "wounded"
    value: int
    token: Token  # the counted noun (or the number when it stands alone)
    fatal: bool  # adds to the fatalities
    subset: bool


def number_value(tokens: list[Token]) -> int | None:
    """The integer a run of number tokens writes: "5,000", "two hundred", "1.5 million"."""
    total, current, seen = 0, 0.0, False
    for t in tokens:
        low = t.lower_.replace("-", "")
        if _DIGITS.match(low):
            current += float(low.replace(",", ""))
            seen = True
        elif low in UNITS:
            current += UNITS[low]
            seen = True
        elif low in SCALES:
            current = (current or 1) * SCALES[low]
            if SCALES[low] >= 1000:
                total += int(current)
                current = 0
            seen = True
        elif low in ("and", "-"):
            continue
        else:
            return None
    value = int(total + current)
    return value if seen and 0 < value <= MAX_COUNT else None


def _number_runs(sentence: Span, excluded: set[int]) -> list[list[Token]]:
    """Runs of number words ("two hundred", "5,000"); two numbers in digits side by side
    are two runs ("2016 7" in "29-06-2016 7 civilians")."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for t in sentence:
        is_num = (t.like_num or t.lower_ in SCALES or t.lower_ == "dozen") and t.i not in excluded
        if t.lower_ in ("a", "an") and t.i + 1 < sentence.end and t.nbor(1).lower_ == "dozen":
            is_num = True
        if is_num and current and t.is_digit and current[-1].is_digit:
            runs.append(current)
            current = []
        if is_num:
            current.append(t)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _counted_noun(run: list[Token]) -> Token | None:
    last = run[-1]
    t = last
    inside = {x.i for x in run}
    # the head of the run outside it: "400 militants", "over 49 civilians"
    for x in run:
        if x.head.i not in inside:
            t = x.head
            break
    if t.pos_ in ("NOUN", "PROPN") and t.i not in inside:
        return t
    return None


def _plural_key(noun: Token) -> str:
    lemma = noun.lemma_.lower()
    if lemma in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[lemma]
    if noun.tag_ in ("NNS", "NNPS"):
        return noun.lower_
    if lemma.endswith("y") and not lemma.endswith(("ay", "ey", "oy")):
        return lemma[:-1] + "ies"
    if lemma.endswith(("s", "x", "ch", "sh")):
        return lemma + "es"
    return lemma + "s"


def _fate(noun: Token) -> str:
    """ "killed", "wounded" or "" for a counted noun, from the words it hangs on."""
    head = noun.head
    words = [noun.head] if noun.head.i != noun.i else []
    words += [c for c in noun.children if c.dep_ in ("amod", "acl", "relcl", "appos", "conj")]
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.i != head.i:
        words.append(head.head)  # "the deaths of 12 people"
    # "leaving 30 people dead", "shot dead"
    words.extend(
        c for c in head.children if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "amod", "advmod")
    )
    for w in words:
        lemma, low = w.lemma_.lower(), w.lower_
        if lemma in KILL_VERBS or low in DEATH_WORDS or lemma in DEATH_WORDS:
            return "killed"
        if lemma in WOUND_VERBS or low in WOUND_VERBS:
            return "wounded"
    return ""


# Words just before a count that make it part of a larger one ("including two children",
# "among them 11 children", "of whom five were women"); three words cover the forms seen
# in the FA-KES dev articles, where the parse often misses the attachment.
SUBSET_LEFT_WINDOW = 3


def _is_subset(noun: Token, run: list[Token]) -> bool:
    for t in (noun, *run):
        h = t.head
        if t.dep_ == "pobj" and h.lower_ in ("including", "among"):
            return True
    doc = run[0].doc
    start = max(run[0].sent.start, run[0].i - SUBSET_LEFT_WINDOW)
    left = [t.lower_ for t in doc[start : run[0].i]]
    return "including" in left or "among" in left or ("of" in left and "whom" in left)


def read_counts(sentence: Span, excluded: Iterable[int] = ()) -> list[CountReading]:
    """Every count in a sentence; `excluded` token indices (dates) are skipped."""
    skip = set(excluded)
    readings: list[CountReading] = []
    for run in _number_runs(sentence, skip):
        value = number_value(run)
        if value is None:
            continue
        noun = _counted_noun(run)
        if noun is not None and noun.lemma_.lower() in NOT_COUNTED:
            continue
        anchor = noun if noun is not None else run[-1].head
        fate = _fate(noun) if noun is not None else _fate(run[-1])
        if noun is None:
            if fate or _in_death_toll(run[-1]):
                readings.append(CountReading(fate or "killed", value, run[-1], True, False))
            continue
        key = _plural_key(noun)
        if key in ("tolls", "tolles"):
            key, fate = "", "killed"  # "a death toll of 112"
        subset = _is_subset(noun, run)
        if subset and not fate and noun.head.head.pos_ in ("NOUN", "PROPN"):
            fate = _fate(noun.head.head)  # "killed 20 civilians, including 8 children"
        if fate == "killed" or (fate == "" and _in_death_toll(anchor)):
            name = f"{key}_among_killed" if subset else (f"{key}_killed" if key else "killed")
            readings.append(CountReading(name, value, noun, not subset, subset))
        elif fate == "wounded":
            readings.append(CountReading(f"{key}_wounded", value, noun, False, subset))
        else:
            readings.append(CountReading(key, value, noun, False, subset))
    return readings


def _in_death_toll(token: Token) -> bool:
    """ "the death toll rose to 112" / "a toll of 30 dead"."""
    t = token
    for _ in range(3):
        if t.lemma_.lower() in ("toll",) or any(c.lemma_.lower() == "toll" for c in t.children):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def fatalities_of(readings: Iterable[CountReading]) -> int | None:
    """Total killed, the parts after "including" left out."""
    fatal = [r.value for r in readings if r.fatal]
    return sum(fatal) if fatal else None


def civilian_deaths(counts: dict[str, int]) -> int | None:
    """Civilians killed according to a counts dict (people, civilians, children ...
    killed). A toll that does not say who was killed ("58 killed") is not counted: on
    the FA-KES dev articles counting it lowered exact matches from 0.66 to 0.58."""
    total = 0
    found = False
    for key, value in counts.items():
        if key.endswith("_killed") and key[: -len("_killed")] in CIVILIAN_NOUNS:
            total += value
            found = True
    return total if found else None
