"""Selective analysis: the full spaCy parse only where an extractor will read it.

The extractors read the parse (tags, lemmas, dependencies) only in sentences where an
event trigger, a speaker or an agreement can be; the rest of a news page needs only its
tokens, sentence boundaries and named entities (place and actor hints). SelectiveParser
stands in for the spaCy `Language` (`nlp(text) -> Doc`): it tokenizes the whole text,
picks the paragraphs that can hold an event with cheap word look-ups, runs the tagger,
parser, attribute ruler and lemmatizer on those alone, and named-entity recognition on
the whole text (or, ``lean``, on the picked paragraphs only). Unpicked sentences keep
spaCy's "missing" parse (no head, no dependency label, empty lemma).

Measured on the ScrapingHub dev texts, seeds and examples (bench/throughput.py prints
the same comparison): see docs/scaling.md for speed and for how far the results move.

`SelectiveParser` is used by the executors' ``selective`` and ``lean`` depths
(``executors.load_pipeline``); it stands in for the loaded `Language` wherever
`Resources.nlp` is called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

SENT_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})
OPENERS = frozenset({'"', "“", "‘", "'", "(", "«"})
# Agreement heads that are everyday words: they open an agreement context only in a
# document that also has a strong agreement word (on the ScrapingHub dev texts, "area"
# and "plan" alone picked 9% of sentences, none about an agreement).
WEAK_AGREEMENT_HEADS = frozenset({"area", "zone", "zones", "plan", "regime"})
STRONG_AGREEMENT_WORDS = frozenset(
    {"ceasefire", "truce", "armistice", "de-escalation", "reconciliation"}
)
# The agreement extractor carries a deal over into sentences with no agreement word
# ("Rebels will not be required to ..."): this many sentences after one are parsed too
# (the seeds' longest run of such terms is three sentences).
AGREEMENT_FOLLOW = 3
# How many earlier speaker sentences ("X said", "X told") are parsed for each event
# sentence, so that a later "he said" finds its speaker (two covered every attribution
# of the seeds and examples).
SPEAKER_LOOKBACK = 2
# A paragraph of at most this many sentences is parsed whole when one of its sentences is
# picked: a paragraph break is where the full parse also starts a sentence, so event
# sentences come out with the same boundaries (84 of 104 ScrapingHub texts gave identical
# events with paragraphs as units, 35 with single sentences). Longer paragraphs (a page
# with no line breaks) go sentence by sentence.
PARAGRAPH_UNIT = 6
# Above this share of picked tokens the whole text is parsed in one call, exactly as the
# full pipeline does: the saving left is smaller than the cost of parsing in pieces
# (conflict reporting such as examples/ picks 93% of its sentences).
FULL_PARSE_SHARE = 0.8
# Texts parsed together: the transition-based parser and recogniser advance all docs of a
# batch in one step, which costs less per doc than one doc at a time (identical
# annotations). On 193 benchmark articles spaCy took 0.87x the time in batches of 16, and
# no less with 64 (bench/throughput.py pages, best of two).
PIPE_BATCH = 16


def surface_forms(nlp: Any) -> Callable[[str], set[str]]:
    """The written forms whose lemma may be `word`, from the model's own lemmatizer tables
    (suffix rules, irregular forms, attribute-ruler lemmas): a superset, never fewer."""
    lemmatizer = nlp.get_pipe("lemmatizer")
    rules = lemmatizer.lookups.get_table("lemma_rules")
    exceptions = lemmatizer.lookups.get_table("lemma_exc")
    by_lemma: dict[str, set[str]] = {}
    for pos in ("verb", "noun", "adj"):
        for surface, lemmas in (exceptions.get(pos) or {}).items():
            for lemma in lemmas:
                by_lemma.setdefault(lemma, set()).add(surface)
    if "attribute_ruler" in nlp.pipe_names:
        for pattern in nlp.get_pipe("attribute_ruler").patterns:
            lemma = str(pattern.get("attrs", {}).get("LEMMA", "")).lower()
            for token in (t for p in pattern["patterns"] for t in p) if lemma else ():
                low = token.get("LOWER")
                by_lemma.setdefault(lemma, set()).update(
                    low.get("IN", []) if isinstance(low, dict) else [low] * bool(low)
                )
    suffixes = [
        (old, new) for pos in ("verb", "noun", "adj") for old, new in (rules.get(pos) or [])
    ]

    def forms(word: str) -> set[str]:
        out = {word} | by_lemma.get(word, set())
        out.update(
            word[: len(word) - len(new)] + old for old, new in suffixes if word.endswith(new)
        )
        if word[-1:].isalpha() and word[-1] not in "aeiouwxy":  # stop → stopped, stopping
            out.update(word + word[-1] + end for end in ("ed", "ing", "er", "est"))
        return out

    return forms


class SentenceFilter:
    """Which sentences can hold an event, a speaker or an agreement, by their words alone."""

    def __init__(self, nlp: Any) -> None:
        from truceline.lexicons.agreements import load_lexicon as load_agreement_lexicon
        from truceline.lexicons.events import REPORTING_VERBS, load_lexicon

        forms = surface_forms(nlp)
        strings = nlp.vocab.strings

        def hashes(words: Iterable[str]) -> frozenset[int]:
            return frozenset(strings.add(f) for w in words for f in forms(w.lower()))

        # A pattern can match only where each of its words, and one word of each of its
        # object/subject/"needs" conditions, is in the sentence in some form.
        self.first: dict[int, list[tuple[frozenset[int], ...]]] = {}
        seen: set[int] = set()
        for entries in load_lexicon().by_first.values():
            for trigger, pattern in entries:
                if id(pattern) in seen:
                    continue
                seen.add(id(pattern))
                groups = [hashes(e) for e in pattern if isinstance(e, frozenset)]
                groups += [hashes(c) for c in (trigger.obj, trigger.subj) if c]
                if trigger.needs:
                    groups.append(hashes(w for phrase in trigger.needs for w in phrase))
                for h in groups[0]:
                    self.first.setdefault(h, []).append(tuple(groups))
        self.reporting = hashes(REPORTING_VERBS)
        agreements = load_agreement_lexicon()
        self.weak_agreement = hashes(WEAK_AGREEMENT_HEADS)
        self.strong_agreement = hashes(
            (agreements.heads | agreements.anaphors | STRONG_AGREEMENT_WORDS) - WEAK_AGREEMENT_HEADS
        )

    def event_like(self, words: set[int]) -> bool:
        return any(
            all(words & g for g in groups)
            for h in words & self.first.keys()
            for groups in self.first[h]
        )

    def select(self, words: list[set[int]], named: list[bool]) -> list[bool]:
        """`words`: each sentence's lower-case word hashes; `named`: whether it has a
        capitalised word after its first (a speaker's name)."""
        events = [self.event_like(w) for w in words]
        keep = list(events)
        strong = [bool(w & self.strong_agreement) for w in words]
        in_agreement_doc = any(strong)
        for i, w in enumerate(words):
            if strong[i] or (in_agreement_doc and w & self.weak_agreement):
                keep[i : i + 1 + AGREEMENT_FOLLOW] = [True] * len(
                    keep[i : i + 1 + AGREEMENT_FOLLOW]
                )
        speakers = [i for i, w in enumerate(words) if w & self.reporting and named[i]]
        for i in (i for i, e in enumerate(events) if e):
            for j in [s for s in speakers if s < i][-SPEAKER_LOOKBACK:]:
                keep[j] = True
        return keep


def _hash_set(strings: Any, words: Iterable[str]) -> frozenset[int]:
    return frozenset(strings.add(w) for w in words)


class SelectiveParser:
    """`nlp(text) -> Doc` with the full parse only where an extractor will read it."""

    def __init__(
        self, nlp: Any, *, lean: bool = False, sentence_filter: SentenceFilter | None = None
    ) -> None:
        self.nlp = nlp
        self.lean = lean
        self.filter = sentence_filter or SentenceFilter(nlp)
        self.deep = [proc for name, proc in nlp.pipeline if name != "ner" or lean]
        self.ner = None if lean or "ner" not in nlp.pipe_names else nlp.get_pipe("ner")
        self.picked = [0, 0]  # sentences picked, sentences seen: for the bench's report
        strings = nlp.vocab.strings
        self._ends, self._closers, self._openers = (
            _hash_set(strings, words) for words in (SENT_END, CLOSERS, OPENERS)
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)  # vocab, pipe_names, ... of the wrapped pipeline

    def pipe(self, texts: Iterable[str], batch_size: int = PIPE_BATCH) -> Iterator[Any]:
        """Docs of `texts`, in order, parsed `batch_size` texts at a time."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._parse_batch(batch)
                batch = []
        if batch:
            yield from self._parse_batch(batch)

    def __call__(self, text: str) -> Any:
        return self._parse_batch([text])[0]

    def _plan(self, doc: Any) -> tuple[list[tuple[int, int]], list[bool]] | None:
        """The doc's rough sentences and which to parse; None: parse it whole."""
        from spacy.attrs import IS_TITLE, IS_UPPER, LOWER

        sents = self.rough_sentences(doc)
        if not sents:
            return None
        lowers = doc.to_array(LOWER).tolist()
        capital = (doc.to_array(IS_TITLE) | doc.to_array(IS_UPPER)).tolist()
        keep = self.filter.select(
            [set(lowers[a:b]) for a, b in sents], [any(capital[a + 1 : b]) for a, b in sents]
        )
        keep = self._by_paragraph(doc, sents, keep)
        self.picked[0] += sum(keep)
        self.picked[1] += len(keep)
        picked = sum(b - a for (a, b), k in zip(sents, keep, strict=True) if k)
        return None if picked >= FULL_PARSE_SHARE * len(doc) else (sents, keep)

    def _parse_batch(self, texts: list[str]) -> list[Any]:
        """Every doc's whole text or picked passages through the parsing components as one
        batch (the parser and tagger gain from several docs at a time; each doc's
        annotations are the same as alone), then named entities over the whole docs."""
        docs = [self.nlp.make_doc(text) for text in texts]
        plans = [self._plan(doc) for doc in docs]
        runs = [_runs(*plan) if plan is not None else None for plan in plans]
        # what each doc sends to the parser: itself whole, or its picked passages
        units = [
            [doc] if spans is None else [doc[a:b].as_doc() for a, b in spans]
            for doc, spans in zip(docs, runs, strict=True)
        ]
        flat = [unit for doc_units in units for unit in doc_units]
        for proc in self.deep:
            flat = list(proc.pipe(flat, batch_size=PIPE_BATCH))
        parsed = iter(flat)
        out = []
        for doc, plan, spans, doc_units in zip(docs, plans, runs, units, strict=True):
            pieces = [next(parsed) for _ in doc_units]
            if plan is None or spans is None:
                out.append(pieces[0])
            else:
                out.append(self._merge(doc, plan[0], spans, pieces))
        if self.ner is not None:
            out = list(self.ner.pipe(out, batch_size=PIPE_BATCH))
        return out

    def _merge(
        self, doc: Any, sents: list[tuple[int, int]], runs: list[tuple[int, int]], parsed: list[Any]
    ) -> Any:
        """`doc` with each parsed passage's annotations copied in (the rest left unparsed)."""
        import numpy
        from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
        from spacy.tokens import Span

        attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
        values = numpy.zeros((len(doc), len(attrs)), dtype="uint64")
        starts = numpy.full(len(doc), numpy.uint64(2**64 - 1), dtype="uint64")  # -1: not a start
        for a, _ in sents:
            starts[a] = 1
        ents: list[tuple[int, int, str]] = []
        for (a, b), part in zip(runs, parsed, strict=True):
            values[a:b] = part.to_array(attrs)
            starts[a:b] = part.to_array([SENT_START]).reshape(-1)
            ents += [(e.start + a, e.end + a, e.label_) for e in part.ents]
        doc.from_array(attrs, values)
        doc.from_array([SENT_START], starts)  # after the heads, which would reset it
        if self.lean:
            doc.set_ents([Span(doc, s, e, label=label) for s, e, label in ents], default="outside")
        return doc

    def rough_sentences(self, doc: Any) -> list[tuple[int, int]]:
        """Sentences by end punctuation and line breaks: cheap, only to choose what to parse."""
        from spacy.attrs import IS_DIGIT, IS_SPACE, IS_TITLE, IS_UPPER, ORTH

        n = len(doc)
        if n == 0:
            return []
        arr = doc.to_array([ORTH, IS_SPACE, IS_TITLE, IS_UPPER, IS_DIGIT])
        orth, space = arr[:, 0].tolist(), arr[:, 1].tolist()
        opens = (arr[:, 2] | arr[:, 3] | arr[:, 4]).tolist()
        strings = doc.vocab.strings
        starts = [0]
        i = 0
        while i < n:
            if space[i]:
                # a blank line ends a paragraph; a single line break (a hard-wrapped line)
                # only before a capital, as a page dump's one-block-a-line breaks are
                breaks = strings[orth[i]].count("\n")
                if breaks >= 2 or (
                    breaks == 1 and i + 1 < n and (opens[i + 1] or orth[i + 1] in self._openers)
                ):
                    starts.append(i + 1)
            elif orth[i] in self._ends:
                j = i + 1
                while j < n and orth[j] in self._closers:
                    j += 1
                if j < n and (opens[j] or space[j] or orth[j] in self._openers):
                    starts.append(j)
                i = j - 1
            i += 1
        cuts = sorted({s for s in starts if s < n})
        return list(zip(cuts, [*cuts[1:], n], strict=True))

    @staticmethod
    def _by_paragraph(doc: Any, sents: list[tuple[int, int]], keep: list[bool]) -> list[bool]:
        out = list(keep)
        first = 0
        for i, (_, b) in enumerate(sents):
            last = doc[b - 1]
            if i == len(sents) - 1 or (last.is_space and "\n" in last.text):
                if any(keep[first : i + 1]) and i + 1 - first <= PARAGRAPH_UNIT:
                    out[first : i + 1] = [True] * (i + 1 - first)
                first = i + 1
        return out


def _runs(sents: list[tuple[int, int]], keep: list[bool]) -> list[tuple[int, int]]:
    """Token ranges of consecutive picked sentences."""
    runs: list[tuple[int, int]] = []
    for (a, b), k in zip(sents, keep, strict=True):
        if not k:
            continue
        if runs and runs[-1][1] == a:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return runs
