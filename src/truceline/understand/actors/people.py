"""People and unlisted organisations in text: names tied to an organisation where the
text says so ("<org> spokesman <Name>"), their surnames elsewhere, and spaCy's ORG and
PERSON entities kept only where they are shaped like an organisation or a name."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from truceline.models import Actor, Mention
from truceline.understand.actors.tokens import (
    ARABIC_ORG_HEADS,
    KUNYA,
    NAME_PARTICLES,
    NOT_NAMES,
    ORG_HEADS,
    ROLES,
    TITLES,
    Token,
)
from truceline.understand.outlets import OutletTable


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


def linked_people(text: str, tokens: list[Token], found: list[Mention]) -> list[Mention]:
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


def hinted_mentions(
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


def with_surnames(text: str, tokens: list[Token], found: list[Mention]) -> list[Mention]:
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
