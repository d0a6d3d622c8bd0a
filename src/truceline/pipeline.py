"""The per-document pipeline (clean → understand → extract) and the run loop around it.

`Pipeline.process` is pure given its loaded resources: a RawInput in, a DocumentResult
out (or an IngestFailure for an input that cannot be used). `run` streams inputs,
skips those whose raw hash is already stored, hands the rest to an executor in
batches, lets the store write each batch in one transaction, then fuses (unless the
store's fusion mark says nothing was stored since the last fusion).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .clean import clean
from .errors import InputError, InputTooLarge
from .extract.agreements import extract_agreements
from .extract.events import extract_events
from .ingest import IngestFailure, IngestItem, iter_inputs
from .models import AgreementMention, Article, Document, DocumentResult, Event, RawInput
from .understand import Resources, analyse
from .understand.outlets import OutletTable

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .executors import Executor
    from .store import Store


@dataclass(slots=True)
class Pipeline:
    resources: Resources
    outlets: OutletTable

    @classmethod
    def load(cls, *, actors_file: Path | None = None, outlets_file: Path | None = None) -> Pipeline:
        return cls(Resources.load(actors_file=actors_file), OutletTable.default(outlets_file))

    def documents(self, raw: RawInput, articles: list[Article]) -> list[Document]:
        many = len(articles) > 1
        docs = []
        for n, article in enumerate(articles, start=1):
            outlet = self.outlets.identify(url=raw.url, site_name=article.outlet, text=article.body)
            docs.append(
                Document(
                    # the contract: the raw hash, plus "#n" for each article of a multi-article page
                    id=f"{raw.sha256}#{n}" if many else raw.sha256,
                    raw_sha256=raw.sha256,
                    source=raw.source,
                    outlet=outlet.name if outlet else article.outlet,
                    title=article.title,
                    published=article.published,
                    published_basis=article.published_basis,
                    body=article.body,
                    comments=article.comments,
                    url=raw.url,
                    author=article.author,
                )
            )
        return docs

    def process(self, raw: RawInput) -> DocumentResult | IngestFailure:
        prepared = self.prepare(raw)
        if isinstance(prepared, IngestFailure):
            return prepared
        return self.finish(raw, prepared, [self.resources.nlp(d.body) for d in prepared])

    def process_many(
        self, raws: Sequence[RawInput], on_error: Callable[[RawInput, Exception], IngestFailure]
    ) -> list[DocumentResult | IngestFailure]:
        """`process` for each input, with the article bodies of all of them parsed by spaCy
        as one batch (`nlp.pipe`: the same annotations, less time per article). A stage
        that raises on one input gives that input's `on_error` failure, the rest go on; an
        error inside the batched parse propagates (the caller re-runs the inputs alone)."""
        prepared: list[list[Document] | IngestFailure] = []
        for raw in raws:
            try:
                prepared.append(self.prepare(raw))
            except Exception as exc:  # noqa: BLE001 - one odd input must not stop the batch
                prepared.append(on_error(raw, exc))
        bodies = [d.body for p in prepared if not isinstance(p, IngestFailure) for d in p]
        parsed = iter(self.resources.nlp.pipe(bodies))
        out: list[DocumentResult | IngestFailure] = []
        for raw, docs in zip(raws, prepared, strict=True):
            if isinstance(docs, IngestFailure):
                out.append(docs)
                continue
            sdocs = [next(parsed) for _ in docs]
            try:
                out.append(self.finish(raw, docs, sdocs))
            except Exception as exc:  # noqa: BLE001
                out.append(on_error(raw, exc))
        return out

    def prepare(self, raw: RawInput) -> list[Document] | IngestFailure:
        """Clean stage: the input's documents, or why it cannot be used."""
        try:
            articles = clean(raw)
        except InputError as exc:
            exc.source = exc.source or raw.source
            return IngestFailure(raw.source, exc, raw.sha256)
        limit = getattr(self.resources.nlp, "max_length", 1_000_000)
        documents = self.documents(raw, articles)
        for doc in documents:
            if len(doc.body) > limit:  # spaCy refuses such texts; say so plainly
                too_long = InputTooLarge(
                    f"article text of {len(doc.body)} characters, limit {limit}", source=raw.source
                )
                return IngestFailure(raw.source, too_long, raw.sha256)
        return documents

    def finish(self, raw: RawInput, documents: list[Document], sdocs: list[Doc]) -> DocumentResult:
        """Understand and extract stages over the input's documents, given their parses."""
        kept: list[Document] = []
        events: list[Event] = []
        agreements: list[AgreementMention] = []
        mentions = []
        for doc, sdoc in zip(documents, sdocs, strict=True):
            analysis, sdoc = analyse(doc, self.resources, sdoc)
            if doc.published is None and analysis.anchor is not None:
                doc = replace(doc, published=analysis.anchor, published_basis="estimated")
                analysis = replace(analysis, document=doc)
            kept.append(doc)
            found = extract_events(analysis, sdoc)
            events += found
            agreements += extract_agreements(analysis, sdoc, found)
            mentions.append((doc.id, analysis.mentions))
        return DocumentResult(
            raw=raw,
            documents=tuple(kept),
            events=tuple(events),
            mentions=tuple(mentions),
            agreements=tuple(agreements),
        )


@dataclass(slots=True)
class RunReport:
    seen: int = 0
    processed: int = 0
    skipped: int = 0
    failed_before: int = 0  # of `skipped`: inputs that failed in an earlier run (not retried)
    failed: int = 0
    documents: int = 0
    events: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    fused: bool = False  # False: the fused tables were already current, fusion was skipped

    @property
    def nothing_new(self) -> bool:
        return self.processed == 0 and self.failed == 0


def batched(items: Iterable[IngestItem], size: int) -> Iterator[list[IngestItem]]:
    batch: list[IngestItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(
    paths: Iterable[str | Path],
    store: Store,
    *,
    executor: Executor | None = None,
    batch_size: int = 16,
    retry_failed: bool = False,
    on_progress: Callable[[RunReport, str], None] | None = None,
    force_fusion: bool = False,
) -> RunReport:
    """Ingest and process `paths` into `store`, incrementally; then fuse the whole store,
    unless nothing was stored since its last completed fusion and `force_fusion` is off."""
    from .executors import InProcessExecutor, stream_batches
    from .fuse import fuse_store, fuse_store_if_stale

    executor = executor or InProcessExecutor()
    report = RunReport()
    run_id = store.start_run()
    inputs: Iterable[IngestItem] = iter_inputs(paths)
    if retry_failed:
        inputs = _with_failed(inputs, store)
    seen_in_run: set[str] = set()
    # The executor may keep a few batches in flight (a pool) or gather many (Ray): later
    # batches are selected against the store before this one is written, and `seen_in_run`
    # keeps a page that repeats within the run from being processed twice.
    jobs = (
        (batch, _select_new(batch, store, seen_in_run, report, retry_failed=retry_failed))
        for batch in batched(inputs, batch_size)
    )
    for batch, results in stream_batches(executor, jobs):
        good = [r for r in results if isinstance(r, DocumentResult)]
        bad = [r for r in results if isinstance(r, IngestFailure)]
        bad += [i for i in batch if isinstance(i, IngestFailure)]
        store.save_results(good)
        if bad:
            store.save_failures(bad)
        report.processed += len(good)
        report.documents += sum(len(r.documents) for r in good)
        report.events += sum(len(r.events) for r in good)
        report.failed += len(bad)
        report.failures += bad
        if on_progress:
            on_progress(report, batch[-1].source)
    if force_fusion:
        fuse_store(store)
        report.fused = True
    else:
        # skipped when no transaction stored results since the last completed fusion (the
        # store's mark), e.g. a re-run over an unchanged corpus or one whose new inputs all failed
        report.fused = fuse_store_if_stale(store)
    store.finish_run(
        run_id,
        seen=report.seen,
        processed=report.processed,
        skipped=report.skipped,
        failed=report.failed,
    )
    return report


def _select_new(
    batch: list[IngestItem],
    store: Store,
    seen: set[str],
    report: RunReport,
    *,
    retry_failed: bool = False,
) -> list[RawInput]:
    """The batch's inputs to process: not stored, not already taken in this run, and (unless
    `retry_failed`) not known to fail: the same bytes fail the same way again."""
    raws = [i for i in batch if isinstance(i, RawInput)]
    report.seen += len(batch)
    hashes = [r.sha256 for r in raws]
    known = store.known_hashes(hashes)
    failed = set() if retry_failed else store.failed_hashes(hashes)
    todo = []
    for raw in raws:
        if raw.sha256 in known or raw.sha256 in seen or raw.sha256 in failed:
            report.skipped += 1
            report.failed_before += raw.sha256 in failed and raw.sha256 not in known
            continue
        seen.add(raw.sha256)
        todo.append(raw)
    return todo


def _with_failed(inputs: Iterable[IngestItem], store: Store) -> Iterator[IngestItem]:
    """The given inputs, then every unresolved failed source that still exists as a file."""
    yield from inputs
    sources = {e["source"].split("#", 1)[0] for e in store.errors()}
    yield from iter_inputs(sorted(s for s in sources if Path(s).exists()))
