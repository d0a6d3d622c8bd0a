"""Executors: the pool gives what in-process gives, batches stream in order, one bad input
(an exception, or a worker process that dies) becomes that input's failure alone; the
selective parse keeps the parse where the extractors read it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from truceline.ingest import IngestFailure
from truceline.models import DocumentResult, RawInput
from truceline.run.driver import make_executor
from truceline.run.executors import (
    InProcessExecutor,
    PoolExecutor,
    WorkerConfig,
    process_input,
    stream_batches,
)
from truceline.store.serialize import to_json
from truceline.understand.select import SelectiveParser

PAGE = """Shelling hits market in Kafr Nabl

By a staff reporter

Government forces shelled the market of Kafr Nabl in Idlib province on Sunday, killing four
civilians, local rescuers said. The town lies south of the city of Idlib.

The weather was mild and the shops had opened early. Traders sold bread, vegetables and fuel.

Rebel fighters fired rockets at an army post near Khan Shaykhun in response, a monitor said.
"""


def _raw(text: str, name: str) -> RawInput:
    return RawInput(source=name, data=text.encode(), format="text")


def _raws() -> list[RawInput]:
    return [
        _raw(PAGE.replace("four", word), f"page-{n}.txt")
        for n, word in enumerate(["four", "five", "six"])
    ]


def _comparable(results: list) -> list:  # type: ignore[type-arg]
    return [
        to_json(r.documents) + to_json(r.events) if isinstance(r, DocumentResult) else r.source
        for r in results
    ]


# --------------------------------------------------------- stub workers (no spaCy)


def _stub_load(config: object) -> str:
    return "loaded"


def _stub_work(state: str, raws: Sequence[RawInput]) -> list[DocumentResult | IngestFailure]:
    if any(b"CRASH" in raw.data for raw in raws):
        os._exit(3)  # a segfault or the OOM killer, as far as the pool can tell
    return [DocumentResult(raw=raw, documents=(), events=()) for raw in raws]


def _stub_pool(workers: int = 2) -> PoolExecutor:
    return PoolExecutor(workers, loader=_stub_load, worker=_stub_work)


def test_pool_turns_a_dying_worker_into_that_inputs_failure() -> None:
    batch = [_raw(f"page {n}", f"p{n}") for n in range(5)]
    batch.insert(2, _raw("CRASH here", "bad"))
    pool = _stub_pool()
    try:
        results = pool.map(batch)
        after = pool.map([_raw("after the crash", "later")])  # the pool was restarted
    finally:
        pool.close()
    assert [r.raw.source if isinstance(r, DocumentResult) else r.source for r in results] == [
        "p0",
        "p1",
        "bad",
        "p2",
        "p3",
        "p4",
    ]
    failure = results[2]
    assert isinstance(failure, IngestFailure) and "died" in failure.error.message
    assert all(isinstance(r, DocumentResult) for i, r in enumerate(results) if i != 2)
    assert isinstance(after[0], DocumentResult)


def test_pool_stream_keeps_job_order_and_passes_empty_batches() -> None:
    jobs = [(n, [_raw(f"page {n}-{k}", f"p{n}-{k}") for k in range(n % 3)]) for n in range(7)]
    pool = _stub_pool()
    try:
        out = list(stream_batches(pool, jobs))
    finally:
        pool.close()
    assert [key for key, _ in out] == list(range(7))
    assert [[r.raw.source for r in results] for _, results in out] == [
        [r.source for r in b] for _, b in jobs
    ]


def test_stream_batches_maps_one_batch_at_a_time_without_map_stream() -> None:
    class Echo:
        calls: list[int] = []

        def map(self, batch):  # type: ignore[no-untyped-def]
            self.calls.append(len(batch))
            return [DocumentResult(raw=r, documents=(), events=()) for r in batch]

        def close(self) -> None: ...

    echo = Echo()
    jobs = [("a", [_raw("x", "x")]), ("b", []), ("c", [_raw("y", "y"), _raw("z", "z")])]
    out = list(stream_batches(echo, jobs))
    assert [k for k, _ in out] == ["a", "b", "c"] and echo.calls == [1, 2]


def test_a_stage_exception_becomes_an_ingest_failure() -> None:
    class Broken:
        def process(self, raw: RawInput) -> DocumentResult:
            raise IndexError("list index out of range")

    failure = process_input(Broken(), _raw("text", "odd.txt"))  # type: ignore[arg-type]
    assert isinstance(failure, IngestFailure)
    assert failure.source == "odd.txt" and failure.sha256 == _raw("text", "odd.txt").sha256
    assert "IndexError" in failure.error.message


def test_make_executor_refuses_unknown_engine_and_depth() -> None:
    with pytest.raises(ValueError, match="engine"):
        make_executor(2, engine="spark")
    with pytest.raises(ValueError, match="depth"):
        InProcessExecutor(config=WorkerConfig(depth="shallow")).map([_raw("x", "x")])


# --------------------------------------------------------- the real pipeline


def test_pool_and_in_process_give_identical_results() -> None:
    raws = _raws()
    local = InProcessExecutor()
    pool = PoolExecutor(2)
    try:
        assert _comparable(pool.map(raws)) == _comparable(local.map(raws))
    finally:
        pool.close()
        local.close()


def test_selective_parse_keeps_event_sentences_parsed_and_skips_the_rest(nlp) -> None:  # type: ignore[no-untyped-def]
    body = PAGE.split("\n\n", 2)[2] + (
        "\nThe old souk was built in the eighteenth century. Its stone arches draw visitors "
        "in the spring.\n"
    )
    parser = SelectiveParser(nlp)
    doc = parser(body)
    full = nlp(body)
    assert doc.text == body and [t.text for t in doc] == [t.text for t in full]
    market = next(s for s in doc.sents if "shelled" in s.text)
    weather = next(s for s in doc.sents if "weather" in s.text)
    assert [(t.dep_, t.head.i, t.lemma_) for t in market] == [
        (t.dep_, t.head.i, t.lemma_) for t in full[market.start : market.end]
    ]
    # a "missing" parse, not a wrong one
    assert all(t.dep_ == "" and t.lemma_ == "" for t in weather)
    assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in full.ents]
    assert parser.picked[0] < parser.picked[1]


def test_selective_and_full_depth_give_the_same_events_on_a_conflict_page() -> None:
    raw = _raws()[0]
    full = InProcessExecutor(config=WorkerConfig(depth="full")).map([raw])[0]
    selective = InProcessExecutor(config=WorkerConfig(depth="selective")).map([raw])[0]
    assert isinstance(full, DocumentResult) and isinstance(selective, DocumentResult)
    assert full.events and to_json(selective.events) == to_json(full.events)
    assert to_json(selective.mentions) == to_json(full.mentions)


def test_lean_depth_drops_entities_outside_picked_paragraphs(nlp) -> None:  # type: ignore[no-untyped-def]
    body = (
        "Aleppo was quiet.\n\nRebels shelled Saraqib on Monday, killing two people.\n\n"
        "Maria Lopez likes tea.\n"
    )
    lean = SelectiveParser(nlp, lean=True)(body)
    selective = SelectiveParser(nlp)(body)
    people = {e.text for e in selective.ents if e.label_ == "PERSON"}
    assert "Maria Lopez" in people
    assert "Maria Lopez" not in {e.text for e in lean.ents}


def test_examples_run_the_same_with_one_or_two_workers(examples_dir: Path, tmp_path: Path) -> None:
    from truceline.outputs.export import export_text
    from truceline.run.driver import run
    from truceline.store import Store

    exports = []
    for workers in (1, 2):
        executor = make_executor(workers)
        with Store(tmp_path / f"w{workers}.db") as store:
            report = run([examples_dir], store, executor=executor, batch_size=4)
            exports.append(
                export_text("jsonl", store.documents(), store.events(), store.agreements())
            )
        executor.close()
        assert report.failed == 0 and report.processed > 10
    assert exports[0] == exports[1]


RULER_TEXT = """Rebels y'all said they're gonna leave. It is done, isn't it? There are two crossings
and they gotta open 'em by Friday.   She gave it to you. Let's go; we'll see what it does.

Who did that? The army, which had shelled Idlib, denied it. I'd have done so."""


def test_table_attribute_ruler_gives_exactly_what_spacys_ruler_gives(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
    from spacy.pipeline import AttributeRuler

    from truceline.understand.nlp import TableAttributeRuler

    table = nlp.get_pipe("attribute_ruler")
    assert isinstance(table, TableAttributeRuler)
    reference = AttributeRuler(nlp.vocab)
    reference.add_patterns(table.patterns)
    doc = nlp.make_doc(RULER_TEXT)
    for name, proc in nlp.pipeline:
        if name == "attribute_ruler":
            break
        doc = proc(doc)
    ours, theirs = table(doc.copy()), reference(doc.copy())
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    assert ours.to_array(attrs).tolist() == theirs.to_array(attrs).tolist()
    assert [str(t.morph) for t in ours] == [str(t.morph) for t in theirs]
    assert {t.pos_ for t in ours if t.is_space} == {"SPACE"}  # the rules did run
    assert [t.lemma_ for t in ours if t.lower_ in ("gon", "na")] == ["go", "to"]


# --------------------------------------------------------- batched parsing


def _annotations(doc) -> list:  # type: ignore[no-untyped-def,type-arg]
    return [
        [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_, t.is_sent_start) for t in doc]
    ]


def test_parsing_texts_together_gives_each_the_annotations_it_gets_alone(
    nlp,
    examples_dir: Path,  # type: ignore[no-untyped-def]
) -> None:
    texts = [p.read_text("utf-8") for p in sorted(examples_dir.glob("*.txt"))][:4]
    texts += [
        PAGE,
        "The old souk was built in the eighteenth century. Its arches draw visitors.",
        "",
    ]
    alone = [_annotations(SelectiveParser(nlp)(t)) for t in texts]
    together = [_annotations(d) for d in SelectiveParser(nlp).pipe(texts, batch_size=3)]
    assert together == alone
    # both kinds of doc are in the batch: parsed whole (conflict pages) and in passages
    assert any(d[-1] and all(t[2] for t in d[0] if t[0].strip()) for d in together if d[0])


class _BreaksOn:
    """The real selective parser, except that a batch holding `word` raises (a spaCy
    failure on one odd text)."""

    def __init__(self, nlp, word: str) -> None:  # type: ignore[no-untyped-def]
        self.parser = SelectiveParser(nlp)
        self.word = word

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.parser, name)

    def __call__(self, text: str):  # type: ignore[no-untyped-def]
        if self.word in text:
            raise RuntimeError("spaCy broke")
        return self.parser(text)

    def pipe(self, texts):  # type: ignore[no-untyped-def]
        return (self(t) for t in list(texts))


def test_a_text_that_breaks_the_batched_parse_fails_alone() -> None:
    from dataclasses import replace

    from truceline.run.executors import load_pipeline, process_inputs

    pipeline = load_pipeline(WorkerConfig())
    broken = replace(
        pipeline,
        resources=replace(pipeline.resources, nlp=_BreaksOn(pipeline.resources.nlp, "Zarbaq")),
    )
    raws = _raws()
    raws.insert(1, _raw(PAGE.replace("Kafr Nabl", "Zarbaq"), "odd.txt"))
    results = process_inputs(broken, raws)
    assert [r.raw.source if isinstance(r, DocumentResult) else r.source for r in results] == [
        "page-0.txt",
        "odd.txt",
        "page-1.txt",
        "page-2.txt",
    ]
    assert isinstance(results[1], IngestFailure) and "spaCy broke" in str(results[1].error)
    assert all(isinstance(r, DocumentResult) and r.events for r in results[::2] + results[2:])
    assert _comparable([results[0], *results[2:]]) == _comparable(InProcessExecutor().map(_raws()))
