"""Pages whose events are not news (`truceline.relevance.genre`): opinion pieces and long
undated reference texts are stored, not parsed."""

from __future__ import annotations

import pytest

from truceline.models import DocumentResult, RawInput
from truceline.relevance.genre import OPINION, REFERENCE, REFERENCE_WORDS, genre_of, opinion_page

REPORT = (
    "Government artillery shelled the village of Kafr Nabl on Monday, killing five civilians, "
    "according to local rescue workers. Rebel factions accused the army of breaking the "
    "ceasefire agreed in Ankara and said they would respond."
)


def _page(address: str, section: str | None = None) -> str:
    meta = f'<meta property="article:section" content="{section}">' if section else ""
    return f"""<html><head><title>Shelling kills five in Idlib village</title>
<link rel="canonical" href="{address}">{meta}
<meta property="article:published_time" content="2019-11-18T10:00:00Z"></head>
<body><article><h1>Shelling kills five in Idlib village</h1>
<p>{REPORT}</p>
<p>The Turkish defence ministry said it had raised the violations with Moscow on Tuesday,
and called on all parties to respect the truce in the de-escalation zone.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("address", "sections", "opinion"),
    [
        ("https://news.example/2019/11/19/opinion/why-the-truce-failed.html", (), True),
        ("http://paper.example/commentisfree/2019/nov/18/the-view-on-idlib", (), True),
        ("https://paper.example/comment/2019/11/18/idlib", (), True),
        ("https://paper.example/editorials/idlib", (), True),
        ("https://paper.example/world/2019/11/18/idlib-shelling", ("Opinion",), True),
        ("https://paper.example/world/2019/11/18/idlib-shelling", (" Op-Ed ",), True),
        # a report whose words only look like it
        ("https://paper.example/world/2019/11/18/opinion-poll-on-the-truce", (), False),
        ("https://paper.example/world/idlib/comments/12", (), False),
        ("https://paper.example/world/2019/11/18/idlib?from=/opinion/", (), False),
        ("https://paper.example/world/2019/11/18/idlib-shelling", ("World news",), False),
        (None, (), False),
    ],
)
def test_an_opinion_page_is_told_by_its_address_or_section(address, sections, opinion):
    assert opinion_page(address, sections) is opinion


def test_a_long_text_without_a_date_of_its_own_is_reference():
    long_text = " ".join(["word"] * REFERENCE_WORDS)
    assert genre_of(None, (), long_text, dated=False) == REFERENCE
    assert genre_of(None, (), long_text, dated=True) is None  # a long dated feature is news
    assert genre_of(None, (), REPORT, dated=False) is None  # a short undated report is news
    assert genre_of("https://x.example/opinion/a", (), REPORT, dated=True) == OPINION


def test_the_page_address_and_section_come_from_its_markup():
    from truceline.clean.html import clean_html

    page = _page("https://paper.example/commentisfree/2019/nov/18/idlib", "Opinion")
    (article,) = clean_html(page)
    assert article.url == "https://paper.example/commentisfree/2019/nov/18/idlib"
    assert "Opinion" in article.sections


@pytest.fixture(scope="module")
def pipeline():
    from truceline.run.pipeline import Pipeline

    return Pipeline.load()


def _process(pipeline, raw: RawInput) -> DocumentResult:
    result = pipeline.process(raw)
    assert isinstance(result, DocumentResult)
    return result


def test_an_opinion_piece_is_stored_but_gives_no_events(pipeline):
    news = _page("https://paper.example/world/2019/11/18/idlib-shelling")
    opinion = _page("https://paper.example/opinion/2019/11/18/idlib-shelling")
    reported = _process(pipeline, RawInput(source="news.html", data=news.encode(), format="html"))
    argued = _process(pipeline, RawInput(source="op.html", data=opinion.encode(), format="html"))
    assert reported.documents[0].genre is None and reported.events
    assert argued.documents[0].genre == OPINION
    assert argued.documents[0].body == reported.documents[0].body  # cleaned all the same
    assert argued.documents[0].url == "https://paper.example/opinion/2019/11/18/idlib-shelling"
    assert argued.events == () and argued.agreements == ()


def test_a_long_undated_text_gives_no_events_but_a_dated_one_does(pipeline):
    paragraphs = [f"Paragraph {n}. {REPORT}" for n in range(REFERENCE_WORDS // 30)]
    text = "A history of the northern front\n\n" + "\n\n".join(paragraphs)
    undated = RawInput(source="study.txt", data=text.encode(), format="text")
    dated = RawInput(source="study.txt", data=text.encode(), format="text", date_hint="2019-11-18")
    study = _process(pipeline, undated)
    report = _process(pipeline, dated)
    assert len(study.documents[0].body.split()) >= REFERENCE_WORDS
    assert study.documents[0].genre == REFERENCE and study.events == ()
    assert report.documents[0].genre is None and report.events


def test_the_store_counts_the_pages_that_are_not_news(tmp_path):
    from truceline.run import run
    from truceline.store import Store

    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "news.html").write_text(_page("https://p.example/world/idlib"))
    (tmp_path / "pages" / "op.html").write_text(_page("https://p.example/opinion/idlib"))
    with Store(tmp_path / "x.db") as store:
        run([tmp_path / "pages"], store)
        figures = store.stats()
        genres = sorted(str(d.genre) for d in store.documents())
    assert figures["documents"] == 2 and genres == ["None", "opinion"]
    assert figures["opinion_pages"] == 1 and figures["reference_pages"] == 0


def test_with_relevance_off_every_page_is_parsed():
    from truceline.run.pipeline import Pipeline

    opinion = _page("https://paper.example/opinion/2019/11/18/idlib-shelling")
    raw = RawInput(source="op.html", data=opinion.encode(), format="html")
    result = _process(Pipeline.load(relevance=False), raw)
    assert result.documents[0].genre is None and result.events
