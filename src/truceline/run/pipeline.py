"""The per-document pipeline: clean → understand → extract.

`Pipeline.process` is pure given its loaded resources: a RawInput in, a DocumentResult
out (or an IngestFailure for an input that cannot be used). `process_many` does the same
for several inputs, with one spaCy pass over all their articles. The run loop that feeds
it lives in `driver`, the executors that run it in `executors` and `ray_executor`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from truceline.clean import clean
from truceline.errors import DateOutOfRange, InputError, InputTooLarge
from truceline.extract.agreements.extractor import extract_agreements
from truceline.extract.events.extractor import extract_events
from truceline.ingest import IngestFailure
from truceline.models import AgreementMention, Article, Document, DocumentResult, Event, RawInput
from truceline.relevance.cues import page_passes
from truceline.relevance.genre import genre_of
from truceline.run.limits import date_out_of_range, max_article_chars, out_of_range_detail
from truceline.settings import get_setting
from truceline.understand import Resources, analyse
from truceline.understand.outlets import OutletTable

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(slots=True)
class Pipeline:
    resources: Resources
    outlets: OutletTable

    @classmethod
    def load(
        cls,
        *,
        actors_file: Path | None = None,
        outlets_file: Path | None = None,
        relevance: bool | None = None,
    ) -> Pipeline:
        """Load the resources; `relevance` None follows the `relevance` setting."""
        from truceline.store.writer import user_gazetteer

        if relevance is None:
            relevance = str(get_setting("relevance")).lower() != "off"
        resources = Resources.load(
            actors_file=actors_file, extra_places=user_gazetteer(), relevance=relevance
        )
        return cls(resources, OutletTable.default(outlets_file))

    def documents(self, raw: RawInput, articles: list[Article]) -> list[Document]:
        many = len(articles) > 1
        docs = []
        for n, article in enumerate(articles, start=1):
            url = raw.url or article.url
            outlet = self.outlets.identify(url=url, site_name=article.outlet, text=article.body)
            model = self.resources.relevance
            relevance = genre = None
            if model is not None:
                relevance = round(model.document_relevance(article.title, article.body), 4)
                dated = article.published is not None
                genre = genre_of(url, article.sections, article.body, dated)
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
                    url=url,
                    author=article.author,
                    relevance=relevance,
                    relevance_model=model.version if model is not None else None,
                    genre=genre,
                )
            )
        return docs

    def process(self, raw: RawInput) -> DocumentResult | IngestFailure:
        prepared = self.prepare(raw)
        if isinstance(prepared, IngestFailure):
            return prepared
        sdocs = [self.resources.nlp(d.body) if _parsed(d) else None for d in prepared]
        return self.finish(raw, prepared, sdocs)

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
        bodies = [
            d.body for p in prepared if not isinstance(p, IngestFailure) for d in p if _parsed(d)
        ]
        parsed = iter(self.resources.nlp.pipe(bodies))
        out: list[DocumentResult | IngestFailure] = []
        for raw, docs in zip(raws, prepared, strict=True):
            if isinstance(docs, IngestFailure):
                out.append(docs)
                continue
            sdocs = [next(parsed) if _parsed(d) else None for d in docs]
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
        documents = self.documents(raw, articles)
        # spaCy refuses texts over its max_length; the setting keeps the memory and the
        # mentions of one input bounded well below it, however its text is cut into articles
        limit = min(max_article_chars(), getattr(self.resources.nlp, "max_length", 1_000_000))
        chars = sum(len(doc.body) for doc in documents)
        if chars > limit:
            parts = f" in {len(documents)} articles" if len(documents) > 1 else ""
            too_long = InputTooLarge(
                f"article text of {chars} characters{parts}, limit {limit} "
                "(setting max_article_chars)",
                source=raw.source,
            )
            return IngestFailure(raw.source, too_long, raw.sha256)
        odd = date_out_of_range(documents)  # before the dates are calculated with
        if odd is not None:
            bad_date = DateOutOfRange(out_of_range_detail(odd), source=raw.source)
            return IngestFailure(raw.source, bad_date, raw.sha256)
        return documents

    def finish(
        self, raw: RawInput, documents: list[Document], sdocs: Sequence[Doc | None]
    ) -> DocumentResult:
        """Understand and extract stages over the input's documents, given their parses; a
        document without one (judged irrelevant, or not a news report) is kept as it is,
        with no events."""
        kept: list[Document] = []
        events: list[Event] = []
        agreements: list[AgreementMention] = []
        mentions = []
        for doc, parsed in zip(documents, sdocs, strict=True):
            if parsed is None:
                kept.append(doc)
                continue
            analysis, sdoc = analyse(doc, self.resources, parsed)
            if doc.published is None and analysis.anchor is not None:
                doc = replace(doc, published=analysis.anchor, published_basis="estimated")
                analysis = replace(analysis, document=doc)
            kept.append(doc)
            found = extract_events(analysis, sdoc)
            events += found
            agreements += extract_agreements(analysis, sdoc, found)
            mentions.append((doc.id, analysis.mentions))
        result = DocumentResult(
            raw=raw,
            documents=tuple(kept),
            events=tuple(events),
            mentions=tuple(mentions),
            agreements=tuple(agreements),
        )
        odd = date_out_of_range(result)  # one stored would stop fusion, in every later run
        if odd is not None:
            raise DateOutOfRange(out_of_range_detail(odd), source=raw.source)
        return result


def _parsed(doc: Document) -> bool:
    """Whether a document goes through the parse: a news report (`relevance.genre`) that
    passes the page gate (`relevance.cues.page_passes`)."""
    return doc.genre is None and page_passes(doc.relevance, doc.body)
