"""History told on: the sentences after a dated recollection that carry its story on.

A report recalls what happened long before it ("In 1998, Bin Laden's agents blew up the
United States embassies in Kenya and Tanzania") and goes on with that story in the next
sentences, which name no date of their own ("In retaliation, Mr. Clinton ordered a
cruise missile strike against a factory in Khartoum"). Their events are as much
background as the first's (`Event.background`). The story ends with the paragraph, with a
date of the report's own time, or with a sentence that is not told in the past ("The
factory is still in ruins", "Officials fear another attack") or that reports what someone
says ("Prosecutors said ..."). Only a date of the sentence's own act opens such a story
("In 1998, ..."; not "the 1988 sale", nor "said the mission was extended in 2006").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from truceline.lexicons.events import REPORTING_VERBS
from truceline.models import DateValue, Mention, Sentence
from truceline.understand.dates import is_background

if TYPE_CHECKING:
    from spacy.tokens import Span

# Tags of a verb told in the past ("ordered", "had ordered", "was ordered").
_PAST = frozenset({"VBD"})
_PAST_AUX = frozenset({"had", "was", "were"})


@dataclass(slots=True)
class StoryThread:
    """Walks a document's sentences in order; `told_as_history` says, for each, whether
    it goes on with a story told long before the report."""

    body: str
    anchor: DateValue | None
    _open: bool = False  # the last sentence told (or carried on) a story long past
    _end: int = 0  # where the last sentence's words ended

    def told_as_history(
        self, sent: Sentence, span: Span | None, mentions: Sequence[Mention]
    ) -> bool:
        text = self.body[sent.start : sent.end]
        begin = sent.start + len(text) - len(text.lstrip())
        gap, self._end = self.body[self._end : begin], sent.start + len(text.rstrip())
        if "\n" in gap:
            self._open = False  # a new paragraph
        dates = [(m, m.value) for m in mentions if isinstance(m.value, DateValue)]
        if dates:
            # a story opens where the sentence's own act is dated long before ("In 1998,
            # agents blew up ..."), not a thing it names ("the 1988 sale") nor an act it
            # reports or embeds ("said the mission was extended in 2006")
            self._open = span is not None and any(
                is_background(value, self.anchor) and _dates_main_act(span, m) for m, value in dates
            )
            return False  # a sentence with its own date is judged by it
        if not self._open:
            return False
        self._open = span is not None and _tells_on(span)
        return self._open


def _dates_main_act(span: Span, mention: Mention) -> bool:
    """Does the date mention time the sentence's main verb: the first verb or noun above
    it is the sentence's root?"""
    inner = [t for t in span if mention.start <= t.idx < mention.end]
    top = next((t for t in inner if t.head not in inner or t.head.i == t.i), None)
    if top is None:
        return False
    tok = top.head
    while tok.i != tok.head.i and tok.pos_ not in ("VERB", "AUX", "NOUN", "PROPN"):
        tok = tok.head
    return tok.i == span.root.i


def _tells_on(span: Span) -> bool:
    """Does the sentence tell on in the past ("ordered", "had ordered", "was killed"),
    not report what someone says ("prosecutors said ...")?"""
    root = span.root
    if root.lemma_.lower() in REPORTING_VERBS:
        return False
    if root.tag_ in _PAST:
        return True
    return root.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in _PAST_AUX for c in root.children
    )
