"""The HTML path: trafilatura for body and metadata, comments counted and kept out,
the text cleaner as fallback."""

from __future__ import annotations

import pytest

from truceline.clean import clean
from truceline.clean.html import clean_html, visible_text
from truceline.errors import NoContent
from truceline.models import Article, DateValue, RawInput

PARAGRAPHS = [
    "Government forces and local armed groups agreed on Tuesday to a ceasefire in the valley "
    "towns, according to members of the negotiation committee who attended the talks.",
    "The deal foresees the reopening of the main road to traffic within two weeks and the "
    "release of detainees held by both sides, the committee said in a statement on Wednesday.",
    "Residents said the shelling of the area had stopped by the evening, although they "
    "remained doubtful that the truce would hold for long after several previous failures.",
    "Observers from the guarantor states are due to arrive at the crossings next week to "
    "monitor the withdrawal of heavy weapons from the front line, officials added.",
]


def article_page(comments: list[str] | None = None) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    comment_html = ""
    if comments:
        items = "".join(
            f'<li class="comment"><div class="comment-author">Reader {n}</div><p>{c}</p></li>'
            for n, c in enumerate(comments)
        )
        comment_html = (
            f'<section id="comments" class="comments"><h3>{len(comments)} Comments</h3>'
            f'<ol class="commentlist">{items}</ol></section>'
        )
    return f"""<!DOCTYPE html><html><head><title>Valley Truce Agreed | Valley Voice</title>
<meta property="og:title" content="Valley Truce Agreed">
<meta property="og:site_name" content="Valley Voice">
<meta property="article:published_time" content="2018-03-14T09:00:00+00:00">
<meta name="author" content="Jane Roe">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Valley Truce Agreed</h1>{body}</article>
{comment_html}
<footer><p>Copyright 2018 Valley Voice. All rights reserved.</p></footer>
</body></html>"""


def test_clean_html_reads_body_and_metadata():
    [article] = clean(RawInput("page.html", article_page().encode(), "html"))
    assert article.title == "Valley Truce Agreed"
    assert article.outlet == "Valley Voice"
    assert article.author == "Jane Roe"
    assert article.published is not None and article.published.value == "2018-03-14"
    assert article.published_basis == "metadata"
    for paragraph in PARAGRAPHS:
        assert paragraph in article.body
    assert "Home" not in article.body and "All rights reserved" not in article.body
    assert not article.body.startswith("Valley Truce Agreed")


def test_clean_html_counts_comments_and_keeps_them_out():
    remarks = [
        "What a joke, this truce will never hold and everyone knows it already.",
        "I hope the road opens soon for the families who have waited for years.",
    ]
    [article] = clean(RawInput("page.html", article_page(remarks).encode(), "html"))
    assert "joke" not in article.body and "families who have waited" not in article.body
    assert article.comments >= 2


def test_clean_html_falls_back_to_text_cleaner_when_trafilatura_finds_little(monkeypatch):
    import truceline.clean.html as html_module

    short = Article(
        title="Valley Truce Agreed",
        body="Home",
        published=DateValue("2018-03-14"),
        published_basis="metadata",
        outlet="Valley Voice",
    )
    monkeypatch.setattr(html_module, "_trafilatura", lambda tree, lines, url: (short, ""))
    lines = "<br>".join(["Valley Truce Agreed", *PARAGRAPHS, "Share this article"])
    [article] = clean_html(f"<html><body><div>{lines}</div></body></html>")
    assert article.body.split("\n\n") == PARAGRAPHS
    assert article.title == "Valley Truce Agreed"
    # Metadata read from the markup is kept.
    assert article.published == DateValue("2018-03-14") and article.published_basis == "metadata"
    assert article.outlet == "Valley Voice"


def test_clean_html_without_text_raises_no_content():
    with pytest.raises(NoContent):
        clean(
            RawInput(
                "nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "html"
            )
        )


def test_visible_text_puts_blocks_on_lines_and_drops_scripts():
    html = (
        "<html><head><style>p{}</style></head><body><div>One <b>bold</b> line</div>"
        "<script>var x=1;</script><p>Two</p></body></html>"
    )
    from lxml import html as lxml_html

    assert visible_text(lxml_html.fromstring(html)).split("\n") == ["One bold line", "Two"]


def test_clean_html_decodes_declared_charset():
    page = (
        article_page()
        .replace("Residents said", "Résidents said")
        .replace("<head>", '<head><meta charset="iso-8859-1">')
    )
    [article] = clean(RawInput("page.html", page.encode("iso-8859-1"), "html"))
    assert "Résidents said" in article.body


def test_cut_comments_at_header_line_and_inline_phrase():
    from truceline.clean.comments import cut_comments

    body = "\n".join(PARAGRAPHS)
    thread = (
        "Comments\nPosted by: Mark | Jan 14, 2018\nWhat a joke, this will never hold.\n"
        "Posted by: Ann | Jan 15, 2018\nI hope it does."
    )
    kept, count = cut_comments(body + "\n" + thread)
    assert kept == body and count == 2
    kept, count = cut_comments(body + " Comments are now closed for this story Mark What a joke.")
    assert kept == body and count >= 1
    # A header-like line before the article has said anything is not a comment section.
    assert cut_comments("Comments\n" + body)[0] == "Comments\n" + body


def test_headline_is_the_heading_above_the_body_not_the_site_title():
    from lxml import html as lxml_html

    from truceline.clean.titles import headline

    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        "<html><head><title>Valley Voice - News</title></head><body><h1>Valley Voice</h1>"
        "<ul><li>Home</li><li>World</li></ul><h2>Latest</h2><b>Truce agreed in the valley towns</b>"
        f"<div>By Jane Roe</div>{paragraphs}</body></html>"
    )
    tree = lxml_html.fromstring(page)
    found = headline(
        tree, visible_text(tree), "Valley Voice - News", "Valley Voice", "\n".join(PARAGRAPHS)
    )
    assert found == "Truce agreed in the valley towns"


def _page(above_body: str, below_body: str = "") -> str:
    """A page whose body paragraphs are PARAGRAPHS, with these lines above and below."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"<html><head></head><body>{above_body}{paragraphs}{below_body}</body></html>"


def _headline_of(page: str, meta_title: str, sitename: str | None) -> str | None:
    from lxml import html as lxml_html

    from truceline.clean.titles import headline

    tree = lxml_html.fromstring(page)
    return headline(tree, visible_text(tree), meta_title, sitename, "\n".join(PARAGRAPHS))


def test_headline_is_not_a_section_name_that_the_short_meta_title_repeats():
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        "<html><head><title>Region Wire</title></head><body><h2>Region Wire</h2><ul>"
        + "".join(f"<li>{s}</li>" for s in ("Home", "World", "Sport", "Business", "Culture"))
        + "</ul><h1>Truce agreed in the valley towns</h1>"
        f"<div>E-mail | Print</div>{paragraphs}</body></html>"
    )
    assert _headline_of(page, "Region Wire", None) == "Truce agreed in the valley towns"


def test_headline_is_above_its_standfirst_and_a_timestamp():
    page = _page(
        "<div>Home</div><div>Sport</div>"
        "<div>Truce holds in the valley</div>"
        "<div>The two sides also agreed on the exchange of prisoners held since the spring</div>"
        "<div>20180314 15:24</div>"
    )
    assert _headline_of(page, "", None) == "Truce holds in the valley"


def test_headline_is_below_a_short_section_heading_near_the_body():
    # The section heading is a heading element too, and the metadata repeats it; the
    # longer title-like line between it and the body is the headline.
    page = _page(
        "<div>A</div><div>A+</div><h2>Region Sports Wire</h2>"
        "<div>Tue, 15 Jan 2008 14:50:06 GMT</div><div>E-mail | Print</div>"
        "<h3>Rebel groups sign valley truce deal after talks</h3>"
    )
    assert (
        _headline_of(page, "Region Sports Wire", None)
        == "Rebel groups sign valley truce deal after talks"
    )


def test_headline_is_not_the_authors_name_right_above_the_body():
    # An author's name in capitals without "By", between the headline and the body.
    page = _page(
        "<div>Home</div><div>World</div>"
        "<div>Truce holds in the valley towns</div><div>Share | Print</div>"
        "<div>MARIA KOSTOVA</div>"
    )
    assert _headline_of(page, "", None) == "Truce holds in the valley towns"


def test_headline_is_kept_when_the_site_name_is_a_long_headline():
    # The metadata gives the headline as the site's name: a "site name" that long is no
    # name, so the heading that repeats it is not dropped as one.
    page = _page(
        "<div>Home</div><div>World</div><div>Region Post</div>"
        "<h1>Rebel Groups Sign Valley Truce Deal</h1><div>Share | Print</div>"
    )
    headline = "Rebel Groups Sign Valley Truce Deal"
    assert _headline_of(page, f"{headline} : Region Post", headline) == headline


def test_headline_is_not_a_section_name_from_the_menu_that_the_meta_title_repeats():
    # "Region Sport" is in the menu and above the headline; the metadata title is the
    # section page's ("Region Sport Scores and News").
    page = _page(
        "<div>Region Sport • Local News • World • Weather</div>"
        "<div>Region Sport</div><div>Friday, Jan 11, 2008</div>"
        "<div>Rebels sign valley truce deal after talks</div><div>By Wire Staff</div>"
    )
    assert (
        _headline_of(page, "Region Sport Scores and News", None)
        == "Rebels sign valley truce deal after talks"
    )


def test_headline_is_a_heading_above_share_links_when_the_meta_title_names_a_box():
    # The metadata title is the reader-comments box's heading below the body; the real
    # headline is a heading several share links above the body.
    shares = ("Digg", "Reddit", "Sphere", "Blog This", "Delicious", "Stumble")
    links = "".join(f"<div>{s}</div>" for s in shares)
    page = _page(
        "<div>Home</div><div>World</div>"
        "<h2>Truce agreed in the valley towns</h2><div>Posted by Jane Roe at 5:56 am</div>"
        f"<div>4 Replies</div>{links}<div>Print</div>",
        "<h3>Replies - Add your view</h3><p>Great.</p>",
    )
    assert _headline_of(page, "Replies - Add your view", None) == "Truce agreed in the valley towns"
