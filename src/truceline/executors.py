"""Executors run the per-document pipeline over batches of RawInputs.

The stages do not know which executor runs them: every executor maps the same
`process_input` over a batch, with one loaded pipeline per worker (`load_pipeline`).

- InProcessExecutor: the calling process (default for one worker).
- PoolExecutor: a local process pool; each worker loads the pipeline once. `map_stream`
  keeps a bounded number of batches in flight, so the workers go on with the next batch
  while the store writes the previous one.
- RayExecutor (``executors_ray``): Ray Data, for a corpus that outgrows one machine.

One bad input never stops a batch: an exception in a stage, or a worker process that
dies on an input, becomes an `IngestFailure` for that input alone.

How deep each document is analysed (`WorkerConfig.depth`, see ``selective``):
``selective`` (default) parses only the paragraphs that can hold an event, ``lean``
also limits named-entity recognition to them, ``full`` runs all of spaCy on every word.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .errors import ProcessingFailed
from .ingest import IngestFailure
from .models import DocumentResult, RawInput

if TYPE_CHECKING:
    from .pipeline import Pipeline

Result = DocumentResult | IngestFailure
K = TypeVar("K")
DEPTHS = ("selective", "lean", "full")
# Batches a pool keeps submitted beyond the one being collected: two keep both workers
# fed while the main process writes a batch (bench/throughput.py: 1 → 2 gained 6% with 2
# workers, 2 → 4 nothing); memory holds at most (1 + IN_FLIGHT) batches of raw inputs.
IN_FLIGHT = 2


class Executor(Protocol):
    def map(self, batch: Sequence[RawInput]) -> list[Result]: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What a worker needs to load its pipeline; picklable, sent to every worker."""

    actors_file: Path | None = None
    outlets_file: Path | None = None
    depth: str = "selective"


def load_pipeline(config: WorkerConfig) -> Pipeline:
    """The pipeline one worker runs: loaded once, with the analysis depth asked for."""
    from .pipeline import Pipeline

    if config.depth not in DEPTHS:
        raise ValueError(f"unknown analysis depth {config.depth!r}; expected one of {DEPTHS}")
    pipeline = Pipeline.load(actors_file=config.actors_file, outlets_file=config.outlets_file)
    if config.depth == "full":
        return pipeline
    nlp = SelectiveParser(pipeline.resources.nlp, lean=config.depth == "lean")
    return replace(pipeline, resources=replace(pipeline.resources, nlp=nlp))  # type: ignore[arg-type]


def process_input(pipeline: Pipeline, raw: RawInput) -> Result:
    """`Pipeline.process`, with any failure of a stage turned into the input's failure."""
    try:
        return pipeline.process(raw)
    except Exception as exc:  # noqa: BLE001 - one odd input must not stop the batch
        return stage_failure(raw, exc)


def stage_failure(raw: RawInput, exc: BaseException | str) -> IngestFailure:
    if isinstance(exc, str):
        detail = exc
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
        detail = f"{type(exc).__name__}: {exc}{at}"
    return IngestFailure(raw.source, ProcessingFailed(detail, source=raw.source), raw.sha256)


# ------------------------------------------------------------------ in process


class InProcessExecutor:
    def __init__(
        self,
        *,
        actors_file: Path | None = None,
        outlets_file: Path | None = None,
        config: WorkerConfig | None = None,
    ) -> None:
        self.config = config or WorkerConfig(actors_file, outlets_file)
        self._pipeline: Pipeline | None = None

    def map(self, batch: Sequence[RawInput]) -> list[Result]:
        if self._pipeline is None:
            self._pipeline = load_pipeline(self.config)
        return [process_input(self._pipeline, raw) for raw in batch]

    def close(self) -> None:
        self._pipeline = None


# ------------------------------------------------------------------ process pool

# A worker's loaded state and the function applied to each input. Both are module-level
# names so that they pickle; tests swap them for stubs (a worker that crashes).
Loader = Callable[[Any], Any]
Worker = Callable[[Any, RawInput], Result]
_worker_state: Any = None
_worker_fn: Worker | None = None


def _init_worker(loader: Loader, arg: Any, worker: Worker) -> None:
    global _worker_state, _worker_fn
    _worker_state = loader(arg)
    _worker_fn = worker


def _ping(pause: float = 0.0) -> int:
    import os
    import time

    time.sleep(pause)  # held a moment, so that the next ping goes to another worker
    return os.getpid()


def _run_one(raw: RawInput) -> Result:
    assert _worker_fn is not None, "worker started without its pipeline"
    return _worker_fn(_worker_state, raw)


def worker_peak_rss_mb(pause: float = 0.0) -> tuple[int, float]:
    """(pid, peak resident memory in MB) of this process."""
    import os
    import time

    time.sleep(pause)
    return os.getpid(), peak_rss_mb()


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB: VmHWM, which, unlike ru_maxrss, does not
    carry over the parent's peak into a forked-and-exec'd worker."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class PoolExecutor:
    """A local process pool: `workers` processes, each with one loaded pipeline."""

    def __init__(
        self,
        workers: int,
        *,
        actors_file: Path | None = None,
        outlets_file: Path | None = None,
        config: WorkerConfig | None = None,
        in_flight: int = IN_FLIGHT,
        loader: Loader = load_pipeline,
        worker: Worker = process_input,
    ) -> None:
        self.workers = workers
        self.in_flight = max(1, in_flight)
        self._spec = (loader, config or WorkerConfig(actors_file, outlets_file), worker)
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(
            "spawn"
        )  # fork would copy a half-used spaCy/thread state
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=self._spec,
        )

    def _submit(
        self, batch: Sequence[RawInput]
    ) -> tuple[ProcessPoolExecutor, list[Future[Result]]]:
        try:
            return self._pool, [self._pool.submit(_run_one, raw) for raw in batch]
        except BrokenProcessPool:
            self._restart(self._pool)
            return self._pool, [self._pool.submit(_run_one, raw) for raw in batch]

    def _collect(
        self, pool: ProcessPoolExecutor, batch: Sequence[RawInput], futures: list[Future[Result]]
    ) -> list[Result]:
        results: list[Result | None] = []
        for future in futures:
            try:
                results.append(future.result())
            except BrokenProcessPool:
                results.append(None)  # this input, or one beside it, killed its worker
        if any(r is None for r in results):
            self._restart(pool)
            results = [
                r if r is not None else self._alone(raw)
                for r, raw in zip(results, batch, strict=True)
            ]
        return [r for r in results if r is not None]

    def _alone(self, raw: RawInput) -> Result:
        """Re-run one input by itself, so that a second death names the input that caused it."""
        pool = self._pool
        try:
            return pool.submit(_run_one, raw).result()
        except BrokenProcessPool:
            self._restart(pool)
            return stage_failure(raw, "processing failed: the worker process died on this input")

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        if broken is not self._pool:
            return  # batches in flight on the same dead pool restart it once
        broken.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()
        try:
            self._pool.submit(_ping).result()
        except BrokenProcessPool as exc:  # no input to blame: the workers cannot start at all
            raise RuntimeError(
                "worker processes die on start-up (is the caller guarded by "
                "`if __name__ == '__main__'`? does the pipeline load?)"
            ) from exc

    def map(self, batch: Sequence[RawInput]) -> list[Result]:
        pool, futures = self._submit(batch)
        return self._collect(pool, batch, futures)

    def map_stream(
        self, jobs: Iterable[tuple[K, Sequence[RawInput]]]
    ) -> Iterator[tuple[K, list[Result]]]:
        """Each job's results, in job order, with up to `in_flight` further jobs already running."""
        pending: deque[tuple[K, Sequence[RawInput], ProcessPoolExecutor, list[Future[Result]]]] = (
            deque()
        )
        for key, batch in jobs:
            pending.append((key, batch, *self._submit(batch)))
            if len(pending) > self.in_flight:
                key0, batch0, pool0, futures0 = pending.popleft()
                yield key0, self._collect(pool0, batch0, futures0)
        while pending:
            key0, batch0, pool0, futures0 = pending.popleft()
            yield key0, self._collect(pool0, batch0, futures0)

    def warm(self) -> None:
        """Start every worker and wait until each has loaded its pipeline (for timings)."""
        seen: set[int] = set()
        for _ in range(10):
            seen |= {
                f.result() for f in [self._pool.submit(_ping, 0.2) for _ in range(self.workers)]
            }
            if len(seen) >= self.workers:
                return

    def peak_rss_mb(self) -> dict[int, float]:
        """Peak memory so far of the workers that answer a few probes, by process id."""
        probes = [self._pool.submit(worker_peak_rss_mb, 0.2) for _ in range(self.workers * 2)]
        return dict(f.result() for f in probes)

    def close(self) -> None:
        self._pool.shutdown()


# ------------------------------------------------------------------ choosing and streaming


def stream_batches(
    executor: Executor, jobs: Iterable[tuple[K, Sequence[RawInput]]]
) -> Iterator[tuple[K, list[Result]]]:
    """Results of each (key, batch) job in order. Executors that can keep several batches
    in flight (`map_stream`) do; others map one batch at a time. Empty batches pass through."""
    stream = getattr(executor, "map_stream", None)
    if stream is not None:
        yield from stream(jobs)
        return
    for key, batch in jobs:
        yield key, executor.map(batch) if batch else []


def make_executor(
    workers: int,
    *,
    engine: str = "local",
    address: str | None = None,
    depth: str = "selective",
    actors_file: Path | None = None,
    outlets_file: Path | None = None,
) -> Executor:
    """In-process for one local worker, a process pool for several, Ray Data for ``engine="ray"``."""
    config = WorkerConfig(actors_file, outlets_file, depth)
    if engine == "ray":
        from .executors_ray import RayExecutor

        return RayExecutor(workers, address=address, config=config)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; expected 'local' or 'ray'")
    return (
        InProcessExecutor(config=config) if workers <= 1 else PoolExecutor(workers, config=config)
    )


# ------------------------------------------------------------------ selective analysis
#
# The extractors read the parse (tags, lemmas, dependencies) only in sentences where an
# event trigger, a speaker or an agreement can be; the rest of a news page needs only its
# tokens, sentence boundaries and named entities (place and actor hints). SelectiveParser
# stands in for the spaCy `Language` (`nlp(text) -> Doc`): it tokenizes the whole text,
# picks the paragraphs that can hold an event with cheap word look-ups, runs the tagger,
# parser, attribute ruler and lemmatizer on those alone, and named-entity recognition on
# the whole text (or, ``lean``, on the picked paragraphs only). Unpicked sentences keep
# spaCy's "missing" parse (no head, no dependency label, empty lemma).
#
# Measured on the ScrapingHub dev texts, seeds and examples (bench/throughput.py prints
# the same comparison): see docs/scaling.md for speed and for how far the results move.

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
        from .extract.agreement_lexicon import load_lexicon as load_agreement_lexicon
        from .extract.lexicon import load_lexicon
        from .extract.modality import REPORTING_VERBS

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

    def pipe(self, texts: Iterable[str]) -> Iterator[Any]:
        return (self(text) for text in texts)

    def __call__(self, text: str) -> Any:
        from spacy.attrs import IS_TITLE, IS_UPPER, LOWER

        doc = self.nlp.make_doc(text)
        sents = self.rough_sentences(doc)
        if not sents:
            return self.nlp(doc)
        lowers = doc.to_array(LOWER).tolist()
        capital = (doc.to_array(IS_TITLE) | doc.to_array(IS_UPPER)).tolist()
        keep = self.filter.select(
            [set(lowers[a:b]) for a, b in sents], [any(capital[a + 1 : b]) for a, b in sents]
        )
        keep = self._by_paragraph(doc, sents, keep)
        self.picked[0] += sum(keep)
        self.picked[1] += len(keep)
        if sum(b - a for (a, b), k in zip(sents, keep, strict=True) if k) >= FULL_PARSE_SHARE * len(
            doc
        ):
            return self.nlp(doc)
        return self._parse_parts(doc, sents, keep)

    def _parse_parts(self, doc: Any, sents: list[tuple[int, int]], keep: list[bool]) -> Any:
        import numpy
        from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
        from spacy.tokens import Span

        attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
        values = numpy.zeros((len(doc), len(attrs)), dtype="uint64")
        starts = numpy.full(len(doc), numpy.uint64(2**64 - 1), dtype="uint64")  # -1: not a start
        for a, _ in sents:
            starts[a] = 1
        ents: list[tuple[int, int, str]] = []
        for a, b in _runs(sents, keep):
            part = doc[a:b].as_doc()
            for proc in self.deep:
                part = proc(part)
            values[a:b] = part.to_array(attrs)
            starts[a:b] = part.to_array([SENT_START]).reshape(-1)
            ents += [(e.start + a, e.end + a, e.label_) for e in part.ents]
        doc.from_array(attrs, values)
        doc.from_array([SENT_START], starts)  # after the heads, which would reset it
        if self.lean:
            doc.set_ents([Span(doc, s, e, label=label) for s, e, label in ents], default="outside")
        elif self.ner is not None:
            doc = self.ner(doc)
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
