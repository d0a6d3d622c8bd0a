"""`ActorTable`: the actors of the table matched in text through one token trie, with
the people and unlisted organisations of `people`; the cascade is described in
`understand.actors`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from spacy.lang.en.stop_words import STOP_WORDS

from truceline.models import Actor, Mention
from truceline.understand.actors.entries import (
    ActorEntry,
    expand_alias,
    merge_entries,
    packaged_entries,
    read_entries,
)
from truceline.understand.actors.people import hinted_mentions, linked_people, with_surnames
from truceline.understand.actors.tokens import (
    LOCATIVE,
    PLACE_MODIFIERS,
    Token,
    spelling_key,
    tokenize,
)
from truceline.understand.outlets import OutletTable

MentionKind = Literal["actor", "person"]


@dataclass(frozen=True, slots=True)
class _Target:
    entry: str  # actor id; "" for an outlet name
    upper: tuple[bool, ...]
    role: str  # alias | label | person | country | outlet
    generic: bool = False  # a spelling in common nouns only ("rebels", "militants")


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
        norms, upper = spelling_key(spelling)
        node = self._root
        for norm in norms:
            node = node.children.setdefault(norm, _Trie())
        node.targets = [t for t in node.targets if (t.entry, t.upper) != (entry, upper)]
        generic = not any(ch.isupper() for ch in spelling)
        node.targets.append(_Target(entry, upper, role, generic))

    @classmethod
    def default(cls, user_file: Path | None = None) -> ActorTable:
        """The packaged data/actors.yaml, extended/overridden by a user's YAML or CSV file
        (same fields); malformed file -> DataError naming file and entry."""
        if user_file is None:
            return _packaged()
        entries = {e.id: e for e in packaged_entries()}
        merge_entries(entries, read_entries(Path(user_file)), str(user_file), takes_over=True)
        return cls(entries.values())

    def _exact(self, name: str) -> _Target | None:
        for spelling in expand_alias(name):
            node: _Trie | None = self._root
            for norm in spelling_key(spelling)[0]:
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

    def find(
        self,
        text: str,
        ents: Sequence[tuple[int, int, str]] = (),
        countries: frozenset[str] | None = None,
    ) -> list[Mention]:
        """Actor mentions (kind "actor") and person mentions (kind "person", value the
        organisation they speak for, or None) in `text`; `ents` are spaCy entities as
        (start_char, end_char, label), used as hints. `countries`: the countries the
        document's places lie in; a common-noun spelling of an actor bound to a country
        ("rebels", "militants" of the Syrian table) is that actor only where the
        document places something in its country (not in a report from Somalia); None:
        not known, every spelling counts."""
        tokens = tokenize(text)
        mentions = list(self._table_mentions(text, tokens, countries))
        mentions += linked_people(text, tokens, mentions)
        mentions += hinted_mentions(text, tokens, ents, mentions)
        mentions = with_surnames(text, tokens, mentions)
        return sorted(self._resolve_instances(mentions), key=lambda m: (m.start, m.end))

    def _table_mentions(
        self, text: str, tokens: list[Token], countries: frozenset[str] | None = None
    ) -> Iterator[Mention]:
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
            home = self._entries[target.entry].country if target.entry else None
            if target.generic and home and countries is not None and home not in countries:
                continue  # "militants" in a report that places nothing in its country
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


@lru_cache(maxsize=1)
def _packaged() -> ActorTable:
    return ActorTable(packaged_entries())
