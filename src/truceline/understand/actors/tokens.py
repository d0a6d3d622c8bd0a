"""Tokens as the actor table matches them: folded words with offsets, and the word
lists the matcher and the name heuristics read."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


APOSTROPHES = "'’‘ʼʻʿʾ`´"
HYPHENS = "-‐‑"
# a dotted abbreviation ("U.S.", "U.N.") is one token, else letters and digits with
# inner apostrophes ("Hay'at")
_TOKEN_RE = re.compile(rf"(?:[^\W\d_]\.){{2,}}|[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*")
_GAP_RE = re.compile(r"[ \t\r\u00a0\-‐‑]*\n?[ \t\r\u00a0\-‐‑]*")
# Arabic article forms, sun-letter assimilations included ("a-Sham", "ash-Sham", "ad-Dar").
ARTICLES = _words("al el a ad adh ag an ar as ash at ath az ed en er es esh et ez")
LOCATIVE = _words(
    "in into inside within across throughout to from toward towards near around outside "
    "over of at via through"
)
# "southwestern Syria", "war-torn Syria": the territory, not the state
PLACE_MODIFIERS = _words(
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern rural torn"
)
ROLES = (
    "spokesman|spokeswoman|spokesperson|official|head|chief|commander|leader|member|"
    "representative|director|minister|envoy|officer|president|chairman|chair|delegate|"
    "negotiator|deputy|coordinator|secretary|general|founder|emir"
)
TITLES = _words(
    "major general lieutenant colonel brigadier lt maj gen col brig captain capt sheikh "
    "shaykh dr mr mrs ms sir admiral sergeant commander president minister prime foreign "
    "defense defence spokesman mufti imam judge"
)
NAME_PARTICLES = _words("bin ibn bint de van von der da du la le")
KUNYA = _words("abu umm ibn bin")  # "Abu Khaled" is used whole, never by "Khaled"
NOT_NAMES = STOP_WORDS | _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december today yesterday tomorrow"
)
ORG_HEADS = _words(
    "ministry committee commission council brigade brigades battalion battalions regiment "
    "division corps army front movement party forces force group groups organisation "
    "organization center centre agency union coalition alliance militia militias legion "
    "guard guards office authority department directorate command administration government "
    "foundation network observatory society association federation court parliament "
    "assembly league institute bureau service services unit units police"
)
# Arabic names of armed groups put the head first: Jaysh al-..., Liwa al-..., Harakat ...
ARABIC_ORG_HEADS = _words(
    "jaysh jaish liwa harakat haraka jabhat jabha faylaq failaq katibat kataib hayat "
    "tajammu ansar saraya firqat firqa hizb alwiya quwat tanzim majlis"
)
ACRONYM_MAX = 5  # alias tokens in capitals up to this length match only in capitals


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A token as matched: lower case, no diacritics, no apostrophes."""
    decomposed = unicodedata.normalize("NFKD", word)
    drop = APOSTROPHES + "."
    kept = (c for c in decomposed if not unicodedata.combining(c) and c not in drop)
    return "".join(kept).casefold()


class Token(NamedTuple):
    start: int
    end: int
    surface: str
    norm: str
    joined: bool  # only spaces/hyphens (at most one line break) since the previous token


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets; "Assad's" is "Assad" + "'s"; an Arabic article joined by
    a hyphen ("a-Sham") is the token "al"."""
    tokens: list[Token] = []
    append = tokens.append
    last_end = 0
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        surface = match.group()
        if start - last_end == 1 and text[last_end] == " ":
            joined = True  # the common case, without the regex
        else:
            joined = _GAP_RE.fullmatch(text, last_end, start) is not None
        last_end = end
        if len(surface) > 2 and surface[-2] in APOSTROPHES and surface[-1] in "sS":
            append(Token(start, end - 2, surface[:-2], fold(surface[:-2]), joined))
            append(Token(end - 2, end, surface[-2:], "'s", True))
            continue
        norm = fold(surface)
        if (
            norm in ARTICLES
            and text[end : end + 1] in HYPHENS
            and text[end + 1 : end + 2].isalpha()
        ):
            norm = "al"
        append(Token(start, end, surface, norm, joined))
    return tokens


def spelling_key(spelling: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A spelling's trie key (an inner "the" dropped: it is optional in the text) and,
    per token, whether the text must write it in capitals (acronyms: "IS", not "is")."""
    kept = [t for i, t in enumerate(tokenize(spelling)) if i == 0 or t.norm != "the"]
    upper = tuple(t.surface.isupper() and len(t.surface) <= ACRONYM_MAX for t in kept)
    return tuple(t.norm for t in kept), upper
