"""The actor table, and finding actors and the people who speak for them in text.

`ActorTable` holds who acts in the Syrian war and its ceasefire deals (packaged
``data/actors.yaml``, extended by a user's YAML or CSV file): aliases, a kind, an ACLED
inter code, a parent body. `ActorTable.find` reads a text in one pass over its tokens:

1. table aliases through one token trie, longest match first ("Syrian Arab Army", not
   "Syria"); tokens are folded (case, diacritics, apostrophes; al-/a-/el-/ash- are one
   Arabic article), an inner "the" is optional, and outlet names are skipped ("told Syria
   Direct" is not Syria);
2. people tied to an organisation where the text says so: "<org> spokesman <Name>",
   "<Name>, spokesman of <org>", "<role> in <org>, <Name>"; a linked person's surname
   elsewhere in the text carries the link;
3. spaCy's ORG and PERSON entities, as hints only where the table found nothing: an ORG
   shaped like an organisation is an unlisted actor (id ""), a PERSON shaped like a name a
   person mention. The small model's mislabels ("Homs" as PERSON) fail the shape tests.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NamedTuple

import yaml
from spacy.lang.en.stop_words import STOP_WORDS

from ..errors import DataError
from ..models import Actor, Mention
from .outlets import OutletTable


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
_LIST_FIELDS = ("aliases", "labels", "people", "country_names")
_SCALAR_FIELDS = ("name", "kind", "acled_type", "country", "parent", "instance_of")
_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
MentionKind = Literal["actor", "person"]


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


def expand_alias(alias: str) -> list[str]:
    """All spellings an alias stands for: "{a|b}" alternatives, "(s)" optional plurals."""
    parts = re.split(r"(\{[^}]*\}|\(s\))", alias)
    choices = [
        p[1:-1].split("|") if p.startswith("{") else ["", "s"] if p == "(s)" else [p] for p in parts
    ]
    return [" ".join("".join(c).split()) for c in itertools.product(*choices)]


def _key(spelling: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A spelling's trie key (an inner "the" dropped: it is optional in the text) and,
    per token, whether the text must write it in capitals (acronyms: "IS", not "is")."""
    kept = [t for i, t in enumerate(tokenize(spelling)) if i == 0 or t.norm != "the"]
    upper = tuple(t.surface.isupper() and len(t.surface) <= ACRONYM_MAX for t in kept)
    return tuple(t.norm for t in kept), upper


@dataclass(slots=True)
class ActorEntry:
    """One actor of the table, as read and merged."""

    id: str
    name: str
    kind: str = ""
    acled_type: int | None = None
    country: str | None = None
    parent: str | None = None
    instance_of: str | None = None
    aliases: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    country_names: list[str] = field(default_factory=list)

    def spellings(self) -> Iterator[tuple[str, str]]:
        """(role, spelling) for every name of this actor; a later role wins a tie."""
        for role, names in (
            ("alias", [self.name, *self.aliases]),
            ("label", self.labels),
            ("person", self.people),
            ("country", self.country_names),
        ):
            for name in names:
                for spelling in expand_alias(name):
                    yield role, spelling


@dataclass(frozen=True, slots=True)
class _Target:
    entry: str  # actor id; "" for an outlet name
    upper: tuple[bool, ...]
    role: str  # alias | label | person | country | outlet


class _Trie:
    __slots__ = ("children", "targets")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.targets: list[_Target] = []


class ActorTable:
    def __init__(self, entries: Iterable[ActorEntry], outlets: OutletTable | None = None) -> None:
        self._entries = {e.id: e for e in entries}
        self._actors = {
            e.id: Actor(name=e.name, id=e.id, acled_type=e.acled_type, kind=e.kind)
            for e in self._entries.values()
        }
        self._root = _Trie()
        for entry in self._entries.values():
            for role, spelling in entry.spellings():
                self._add(spelling, entry.id, role)
        # Outlet names are matched only to be skipped; an actor of the same name (SOHR)
        # was added first and wins.
        for outlet in (outlets or OutletTable.default()).all():
            for name in (outlet.name, *outlet.aliases):
                self._add(name, "", "outlet")
        self._instances: dict[str, list[str]] = {}
        for entry in self._entries.values():
            if entry.instance_of:
                self._instances.setdefault(entry.instance_of, []).append(entry.id)

    def _add(self, spelling: str, entry: str, role: str) -> None:
        norms, upper = _key(spelling)
        node = self._root
        for norm in norms:
            node = node.children.setdefault(norm, _Trie())
        node.targets = [t for t in node.targets if (t.entry, t.upper) != (entry, upper)]
        node.targets.append(_Target(entry, upper, role))

    @classmethod
    def default(cls, user_file: Path | None = None) -> ActorTable:
        """The packaged data/actors.yaml, extended/overridden by a user's YAML or CSV file
        (same fields); malformed file -> DataError naming file and entry."""
        if user_file is None:
            return _packaged()
        entries = {e.id: e for e in _packaged_entries()}
        merge_entries(entries, read_entries(Path(user_file)), str(user_file), takes_over=True)
        return cls(entries.values())

    def _exact(self, name: str) -> _Target | None:
        for spelling in expand_alias(name):
            node: _Trie | None = self._root
            for norm in _key(spelling)[0]:
                node = node.children.get(norm) if node else None
            named = [t for t in node.targets if t.role != "outlet"] if node else []
            if named:
                return named[-1]
        return None

    def lookup(self, name: str) -> Actor | None:
        """The actor with this id, canonical name, alias or label, any case."""
        if name in self._actors:
            return self._actors[name]
        target = self._exact(name)
        return None if target is None or target.role == "person" else self._actors[target.entry]

    def all(self) -> list[Actor]:
        return list(self._actors.values())

    def parent(self, actor: Actor) -> Actor | None:
        entry = self._entries.get(actor.id)
        return self._actors.get(entry.parent) if entry and entry.parent else None

    def ancestors(self, actor: Actor) -> list[Actor]:
        """The bodies above an actor, nearest first (military police -> MoD -> Russia)."""
        chain: list[Actor] = []
        current = self.parent(actor)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent(current)
        return chain

    def is_label(self, text: str) -> bool:
        """Whether `text` is a partisan label ("terrorists") rather than a name."""
        target = self._exact(text)
        return target is not None and target.role == "label"

    def find(self, text: str, ents: Sequence[tuple[int, int, str]] = ()) -> list[Mention]:
        """Actor mentions (kind "actor") and person mentions (kind "person", value the
        organisation they speak for, or None) in `text`; `ents` are spaCy entities as
        (start_char, end_char, label), used as hints."""
        tokens = tokenize(text)
        mentions = list(self._table_mentions(text, tokens))
        mentions += _linked_people(text, tokens, mentions)
        mentions += _hinted(text, tokens, ents, mentions)
        mentions = _with_surnames(text, tokens, mentions)
        return sorted(self._resolve_instances(mentions), key=lambda m: (m.start, m.end))

    def _table_mentions(self, text: str, tokens: list[Token]) -> Iterator[Mention]:
        i = 0
        while i < len(tokens):
            found = self._match_at(text, tokens, i)
            if found is not None and tokens[i].norm == "the":
                # "the opposition factions" is "opposition factions", not "the opposition"
                later = self._match_at(text, tokens, i + 1)
                if later is not None and later[0] > found[0]:
                    i, found = i + 1, later
            if found is None:
                i += 1
                continue
            last, target = found
            start, end = tokens[i].start, tokens[last].end
            i = last + 1
            if target.role != "outlet":
                kind: MentionKind = "person" if target.role == "person" else "actor"
                yield Mention(kind, text[start:end], start, end, self._actors[target.entry])

    def _match_at(self, text: str, tokens: list[Token], i: int) -> tuple[int, _Target] | None:
        """The longest alias starting at token i: (index of its last token, target)."""
        node, best = self._root, None
        used: list[Token] = []
        for j in range(i, len(tokens)):
            token = tokens[j]
            if used and not token.joined:
                break
            if used and token.norm == "the":
                continue
            child = node.children.get(token.norm)
            if child is None:
                break
            node = child
            used.append(token)
            fitting = (t for t in node.targets if _target_fits(text, tokens, i, used, t))
            target = next(fitting, None)
            best = (j, target) if target is not None else best
        return best

    def _resolve_instances(self, mentions: list[Mention]) -> list[Mention]:
        """A generic actor ("the negotiations committee") is read as the one named
        instance of it in the document, when there is exactly one."""
        named = {m.value.id for m in mentions if isinstance(m.value, Actor)}
        swap: dict[str, Actor] = {}
        for generic, instances in self._instances.items():
            present = [i for i in instances if i in named]
            if generic in named and len(present) == 1:
                swap[generic] = self._actors[present[0]]
        return [
            replace(m, value=swap[m.value.id])
            if isinstance(m.value, Actor) and m.value.id in swap
            else m
            for m in mentions
        ]


def _target_fits(
    text: str, tokens: list[Token], i: int, used: list[Token], target: _Target
) -> bool:
    if any(up and not tok.surface.isupper() for up, tok in zip(target.upper, used, strict=False)):
        return False
    if len(used) == 1 and target.upper == (True,) and used[0].norm in STOP_WORDS:
        # "IS", "US" as acronyms, but not in a line written all in capitals
        line_start = text.rfind("\n", 0, used[0].start) + 1
        line_end = text.find("\n", used[0].end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if not any(c.islower() for c in line):
            return False
    if target.role == "country":
        # "in Syria", "to the US", "southwestern Syria": the territory, left to places
        k = i - 2 if i >= 2 and tokens[i - 1].norm == "the" else i - 1
        if k >= 0 and (tokens[k].norm in LOCATIVE or tokens[k].norm in PLACE_MODIFIERS):
            return False
    return True


# --- people tied to organisations ------------------------------------------------------
def _is_name_word(token: Token) -> bool:
    s = token.surface
    return s[:1].isupper() and not (len(s) > 1 and s.isupper()) and token.norm not in NOT_NAMES


def _is_particle(token: Token, nxt: Token | None) -> bool:
    followed = nxt is not None and nxt.joined and _is_name_word(nxt)
    return followed and (token.norm == "al" or token.norm in NAME_PARTICLES)


def _name_forward(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A personal name starting at token i, titles skipped: (first, last) token index."""
    while i < len(tokens) and tokens[i].norm in TITLES and _is_name_word(tokens[i]):
        i += 1
    first, last = i, None
    while i < len(tokens) and (i == first or tokens[i].joined):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if _is_name_word(tokens[i]) and tokens[i].norm not in TITLES:
            last = i
        elif not _is_particle(tokens[i], nxt):
            break
        i += 1
    return (first, last) if last is not None else None


def _name_backward(tokens: list[Token], last: int) -> tuple[int, int] | None:
    """A personal name of at least two words ending at token `last`, titles left out."""
    if not _is_name_word(tokens[last]):
        return None
    first = last
    while first > 0 and tokens[first].joined:
        prev = tokens[first - 1]
        if not (
            _is_name_word(prev) and prev.norm not in TITLES or _is_particle(prev, tokens[first])
        ):
            break
        first -= 1
    while first < last and tokens[first].norm == "al":
        first += 1
    words = sum(1 for t in tokens[first : last + 1] if _is_name_word(t))
    return (first, last) if words >= 2 else None


_ROLE_OF = (  # "spokesman of the ", "member of the military board in the "
    rf"(?:{ROLES})s?\s+(?:(?:of|in|for|at|within|from)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){{0,3}})?"
    rf"(?:of|in|for|at|within|from|with)\s+(?:the\s+)?[“\"‘']?$"
)
# ", spokesman of the <org>": only role words between the comma and the role, so that
# "Jarba, and the head of the FSA" does not make Jarba the FSA's
_APPOSITION = re.compile(
    r",\s*(?:(?:the|a|an|its|their|former|deputy|senior|top|military|political|media|press|"
    rf"public|relations|official|chief|general|local)\s+){{0,4}}{_ROLE_OF}"
)
_ROLE_IN_ORG = re.compile(rf"\b(?:the|a|an|its|their)\s+(?:[a-z][\w’'-]*\s+){{0,3}}?{_ROLE_OF}")
_ORG_THEN_ROLE = re.compile(rf"^(?:['’]s)?\s+(?:[a-z]+\s+)?(?:{ROLES})\s+")
_ORG_THEN_NAME = re.compile(r"^[”\"’']?\s*,\s*[”\"’']?\s*")


def _linked_people(text: str, tokens: list[Token], found: list[Mention]) -> list[Mention]:
    """ "<org> spokesman Major General <Name>", "<Name>, spokesman of the <org>",
    "the official in <org>, <Name>": the person, linked to the organisation."""
    people: list[Mention] = []
    starts = {t.start: k for k, t in enumerate(tokens)}
    ends = {t.end: k for k, t in enumerate(tokens)}
    covered = _covered(tokens, sorted(starts), found)
    for org in (m for m in found if m.kind == "actor"):
        span = _linked_name(text, tokens, org, starts, ends)
        if span is None or covered & set(range(span[0], span[1] + 1)):
            continue
        start, end = tokens[span[0]].start, tokens[span[1]].end
        people.append(Mention("person", text[start:end], start, end, org.value))
        covered.update(range(span[0], span[1] + 1))
    return people


def _linked_name(
    text: str, tokens: list[Token], org: Mention, starts: dict[int, int], ends: dict[int, int]
) -> tuple[int, int] | None:
    after = text[org.end : org.end + 120]
    role = _ORG_THEN_ROLE.match(after)
    if role and org.end + role.end() in starts:  # "<org> spokesman <Name>"
        return _name_forward(tokens, starts[org.end + role.end()])
    before = text[max(0, org.start - 120) : org.start]
    apposition = _APPOSITION.search(before)
    if apposition is not None:  # "<Name>, spokesman of <org>"
        k = ends.get(org.start - len(before) + apposition.start())
        return _name_backward(tokens, k) if k is not None else None
    tail = _ORG_THEN_NAME.match(after)  # "the official in <org>, <Name>"
    if tail and "," in tail.group() and _ROLE_IN_ORG.search(before):
        k = starts.get(org.end + tail.end())
        return _name_forward(tokens, k) if k is not None else None
    return None


# --- entity hints ----------------------------------------------------------------------
def _inside(tokens: list[Token], starts: list[int], start: int, end: int) -> list[Token]:
    k = bisect.bisect_left(starts, start)
    found = []
    while k < len(tokens) and tokens[k].end <= end:
        found.append(tokens[k])
        k += 1
    return found


def _hint_words(
    text: str, tokens: list[Token], starts: list[int], ent: tuple[int, int]
) -> list[Token]:
    """An entity's tokens without a leading "the", a possessive, a photo credit's
    "/AGENCY" or anything after a line break; [] when it is broken by punctuation."""
    piece = re.split(r"[\n/]", text[ent[0] : ent[1]])[0]
    words = _inside(tokens, starts, ent[0], ent[0] + len(piece))
    while words and (words[0].norm == "the" or words[-1].norm == "'s"):
        words = words[1:] if words[0].norm == "the" else words[:-1]
    return words if all(w.joined for w in words[1:]) else []


def _looks_like_org(words: list[Token]) -> bool:
    glue = {"of", "for", "al", "and"}
    for k, w in enumerate(words):  # "the" only after "of"/"for": "Council of the Elders"
        the = w.norm == "the" and k > 0 and words[k - 1].norm in {"of", "for"}
        if not (w.surface[:1].isupper() or w.surface[:1].isdigit() or w.norm in glue or the):
            return False
    if words[0].norm in ARABIC_ORG_HEADS and len(words) > 1:
        return True
    return any(
        w.norm in ORG_HEADS
        and k > 0
        and (k == len(words) - 1 or words[k + 1].norm in {"of", "for"})
        for k, w in enumerate(words)
    )


def _title_case_line(text: str, pos: int) -> bool:
    """A headline in Title Case ("Iraqi Militia Creates Brigade"), where capitals do not
    mark names."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    long_words = [
        w for w in text[line_start : line_end if line_end >= 0 else None].split() if len(w) > 3
    ]
    return len(long_words) >= 3 and all(w[:1].isupper() for w in long_words)


def _looks_like_person(words: list[Token]) -> bool:
    if not 2 <= len(words) <= 6 or words[-1].norm in TITLES:
        return False
    nexts = [*words[1:], None]
    if not all(_is_name_word(w) or _is_particle(w, n) for w, n in zip(words, nexts, strict=True)):
        return False
    return sum(1 for w in words if _is_name_word(w)) >= 2


def _hinted(
    text: str, tokens: list[Token], ents: Sequence[tuple[int, int, str]], found: list[Mention]
) -> list[Mention]:
    """Unlisted organisations and people from spaCy's ORG and PERSON entities."""
    outlets = OutletTable.default()
    starts = [t.start for t in tokens]
    taken = [(m.start, m.end) for m in found]
    hinted: list[Mention] = []
    for ent_start, ent_end, label in ents:
        if label not in {"ORG", "PERSON"}:
            continue
        words = _hint_words(text, tokens, starts, (ent_start, ent_end))
        if not words:
            continue
        start, end = words[0].start, words[-1].end
        name = text[start:end]
        if any(start < e and s < end for s, e in taken) or outlets.lookup(name) is not None:
            continue
        new: list[Mention] = []
        if label == "ORG" and _looks_like_org(words) and not _title_case_line(text, start):
            actor = Actor(name=" ".join(name.split()), id="", acled_type=None)
            new = [Mention("actor", name, start, end, actor)]
            new += _acronym_mentions(text, end, actor, [*taken, (start, end)])
        elif label == "PERSON" and _looks_like_person(words):
            new = [Mention("person", name, start, end, None)]
        hinted += new
        taken += [(m.start, m.end) for m in new]
    return hinted


def _acronym_mentions(
    text: str, end: int, actor: Actor, taken: list[tuple[int, int]]
) -> list[Mention]:
    """ "Some Long Name (SLN)": SLN anywhere in the text is that organisation too."""
    defined = re.match(r"\s*\(([A-Z][A-Z0-9]{1,7})\)", text[end:])
    if defined is None:
        return []
    pattern = rf"(?<![\w-]){re.escape(defined.group(1))}(?!\w)"
    return [
        Mention("actor", m.group(), m.start(), m.end(), actor)
        for m in re.finditer(pattern, text)
        if not any(m.start() < e and s < m.end() for s, e in taken)
    ]


def _surname_key(words: list[Token]) -> tuple[str, ...] | None:
    if words[0].norm in KUNYA or not _looks_like_person(words):
        return None  # "Abu Khaled" is used whole; "UN envoy for Syria" is no name
    key = tuple(t.norm for t in (words[-2:] if words[-2].norm == "al" else words[-1:]))
    return key if len(key[-1]) >= 3 else None


def _with_surnames(text: str, tokens: list[Token], found: list[Mention]) -> list[Mention]:
    """A person named by surname alone ("al-Sawah said", before or after the full name)
    carries the full name's link, and an unlinked mention of a linked person takes it;
    not when two people linked to different bodies share the surname."""
    starts = [t.start for t in tokens]
    keys: dict[int, tuple[str, ...]] = {}
    links: dict[tuple[str, ...], Actor | None] = {}
    clash: set[tuple[str, ...]] = set()
    for n, person in enumerate(found):
        if person.kind != "person":
            continue
        key = _surname_key(_inside(tokens, starts, person.start, person.end))
        if key is None:
            continue
        keys[n] = key
        value = person.value if isinstance(person.value, Actor) else None
        if links.get(key) is not None and value is not None and links[key] != value:
            clash.add(key)
        links[key] = links.get(key) or value
    links = {k: v for k, v in links.items() if k not in clash}
    result = [
        replace(m, value=links[keys[n]]) if m.value is None and keys.get(n) in links else m
        for n, m in enumerate(found)
    ]
    covered = _covered(tokens, starts, found)
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for key in links:
        by_last.setdefault(key[-1], []).append(key)
    for k, token in enumerate(tokens):
        for key in by_last.get(token.norm, ()):
            first = k + 1 - len(key)
            if first < 0 or tuple(t.norm for t in tokens[first : k + 1]) != key:
                continue
            if not _is_name_word(token) or covered & set(range(first, k + 1)):
                continue
            if k + 1 < len(tokens) and tokens[k + 1].joined and _is_name_word(tokens[k + 1]):
                continue  # part of a longer name
            s, e = tokens[first].start, token.end
            result.append(Mention("person", text[s:e], s, e, links[key]))
            covered.update(range(first, k + 1))
    return result


def _covered(tokens: list[Token], starts: list[int], mentions: Iterable[Mention]) -> set[int]:
    """Indices of the tokens inside the mentions."""
    covered: set[int] = set()
    for m in mentions:
        k = bisect.bisect_left(starts, m.start)
        while k < len(tokens) and tokens[k].end <= m.end:
            covered.add(k)
            k += 1
    return covered


# --- reading table files -----------------------------------------------------------------
def _packaged_entries() -> list[ActorEntry]:
    path = resources.files("truceline").joinpath("data/actors.yaml")
    entries: dict[str, ActorEntry] = {}
    merge_entries(entries, _parse_yaml(path.read_text(encoding="utf-8"), str(path)), str(path))
    return list(entries.values())


@lru_cache(maxsize=1)
def _packaged() -> ActorTable:
    return ActorTable(_packaged_entries())


def read_entries(path: Path) -> list[Any]:
    """Raw entries of a user's YAML or CSV actor file (CSV lists are '|'-separated)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read: {exc}", source=str(path)) from None
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return _parse_yaml(text, str(path))
    if suffix != ".csv":
        raise DataError(f"an actor file is .yaml, .yml or .csv, not {suffix!r}", source=str(path))
    rows = []
    for row in csv.DictReader(text.splitlines()):
        entry: dict[str, Any] = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for key in set(_LIST_FIELDS) & set(entry):
            entry[key] = [p.strip() for p in entry[key].split("|") if p.strip()]
        rows.append({k: v for k, v in entry.items() if v not in ("", [])})
    return rows


def _parse_yaml(text: str, source: str) -> list[Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", source=source) from None
    if isinstance(data, dict):
        data = data.get("actors")
    if not isinstance(data, list):
        raise DataError(
            "expected a list of actors, or a mapping with an 'actors' list", source=source
        )
    return data


def merge_entries(
    entries: dict[str, ActorEntry], raw: list[Any], source: str, *, takes_over: bool = False
) -> None:
    """Add raw entries: a new id adds an actor, a known id overrides the fields given and
    adds its aliases. With `takes_over` (a user's file) a spelling that names another
    actor moves to this one; otherwise it is an error. DataError names file and entry."""
    try:
        for number, item in enumerate(raw, start=1):
            _merge_one(entries, item, f"entry {number}", takes_over)
        _check_table(entries)
    except DataError as exc:
        raise DataError(exc.detail, source=source) from None


def _merge_one(entries: dict[str, ActorEntry], item: Any, where: str, takes_over: bool) -> None:
    if not isinstance(item, dict):
        raise DataError(f"{where}: expected a mapping of fields")
    actor_id = item.get("id")
    if not isinstance(actor_id, str) or not _ID_RE.fullmatch(actor_id):
        raise DataError(f"{where}: id {actor_id!r} is not a slug (a-z, 0-9, '-')")
    where = f"{where} ({actor_id})"
    unknown = set(item) - {"id", *_SCALAR_FIELDS, *_LIST_FIELDS}
    if unknown:
        raise DataError(f"{where}: unknown field(s) {sorted(unknown)}")
    values = {k: _checked(k, v, where) for k, v in item.items() if k != "id"}
    entry = entries.get(actor_id)
    if entry is None:
        if not values.get("name"):
            raise DataError(f"{where}: a new actor needs a name")
        entries[actor_id] = entry = ActorEntry(id=actor_id, name=values["name"])
    for key, value in values.items():
        if key in _LIST_FIELDS:
            getattr(entry, key).extend(v for v in value if v not in getattr(entry, key))
        else:
            setattr(entry, key, value)
    if takes_over:
        claimed = [values.get("name") or "", *(v for k in _LIST_FIELDS for v in values.get(k, []))]
        keys = {_key(s) for name in claimed if name for s in expand_alias(name)}
        for other in (e for e in entries.values() if e.id != actor_id):
            for key in _LIST_FIELDS:
                kept: list[str] = []
                for name in getattr(other, key):
                    left = [s for s in expand_alias(name) if _key(s) not in keys]
                    kept += [name] if len(left) == len(expand_alias(name)) else left
                setattr(other, key, kept)


def _checked(key: str, value: Any, where: str) -> Any:
    if key in _LIST_FIELDS:
        if not isinstance(value, list) or not all(
            isinstance(v, str) and tokenize(v) for v in value
        ):
            raise DataError(f"{where}: {key} must be a list of names with letters or digits")
        return [v.strip() for v in value]
    if value is None or value == "null":
        if key == "name":
            raise DataError(f"{where}: name must not be empty")
        return None
    if key == "acled_type":
        if isinstance(value, bool) or str(value).strip() not in {str(n) for n in range(1, 9)}:
            raise DataError(f"{where}: acled_type {value!r} is not an ACLED inter code 1-8")
        return int(value)
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where}: {key} must be a non-empty string")
    if key == "country" and not re.fullmatch(r"[A-Z]{2}", value):
        raise DataError(f"{where}: country {value!r} is not an ISO 3166 alpha-2 code")
    return value.strip()


def _check_table(entries: dict[str, ActorEntry]) -> None:
    """Links point into the table, parents do not loop, no spelling names two actors."""
    owner: dict[tuple[tuple[str, ...], tuple[bool, ...]], str] = {}
    for entry in entries.values():
        for key in ("parent", "instance_of"):
            target = getattr(entry, key)
            if target is not None and target not in entries:
                raise DataError(f"actor {entry.id}: {key} {target!r} is not in the table")
        seen, current = {entry.id}, entry.parent
        while current is not None:
            if current in seen:
                raise DataError(f"actor {entry.id}: parent chain loops through {current!r}")
            seen.add(current)
            current = entries[current].parent
        for _, spelling in entry.spellings():
            other = owner.setdefault(_key(spelling), entry.id)
            if other != entry.id:
                raise DataError(f"actor {entry.id}: {spelling!r} already names actor {other!r}")
