"""The text cleaner: block classes on hand-made pages, and the five seed pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from truceline.clean import clean, decode
from truceline.clean.blocks import segment
from truceline.errors import EmptyInput, NoContent
from truceline.models import RawInput

LEAD = (
    "Government forces and local armed groups agreed on Tuesday to a ceasefire in the "
    "valley towns, according to members of the negotiation committee who attended the talks."
)
SECOND = (
    "The deal foresees the reopening of the main road to traffic within two weeks and the "
    "release of detainees held by both sides, the committee said in a statement."
)
THIRD = (
    "Residents said the shelling of the area had stopped by the evening, although they "
    "remained doubtful that the truce would hold for long after previous failures."
)


def page(*lines: str) -> RawInput:
    return RawInput("test.txt", "\n\n".join(lines).encode("utf-8"), "text")


def only(raw: RawInput):
    articles = clean(raw)
    assert len(articles) == 1, [a.title for a in articles]
    return articles[0]


# --- block classes -------------------------------------------------------------------------


def test_segment_classifies_furniture_lines():
    kinds = {
        b.text: b.kind
        for b in segment(
            "\n".join(
                [
                    "2,500 $",
                    "3 min read",
                    "Notify of",
                    "12 Comments",
                    "Related Articles",
                    "• Published in Politics",
                    "Support Valley Voice",
                    "Click here to support",
                    "Share this article",
                    "Jane Roe/AFP",
                    "Illustrative image",
                    "By Jane Roe",
                    LEAD,
                    "Valley Truce Agreed",
                ]
            )
        )
    }
    assert kinds["2,500 $"] == "widget"
    assert kinds["3 min read"] == "widget"
    assert kinds["Notify of"] == "comments"
    assert kinds["12 Comments"] == "comments"
    assert kinds["Related Articles"] == "related"
    assert kinds["• Published in Politics"] == "footer"
    assert kinds["Support Valley Voice"] == "donation"
    assert kinds["Click here to support"] == "donation"
    assert kinds["Share this article"] == "share"
    assert kinds["Jane Roe/AFP"] == "caption"
    assert kinds["Illustrative image"] == "caption"
    assert kinds["By Jane Roe"] == "byline"
    assert kinds[LEAD] == "body"
    assert kinds["Valley Truce Agreed"] == "short"


def test_clean_finds_title_and_body():
    article = only(page("Menu", "Valley Truce Agreed", LEAD, SECOND, THIRD))
    assert article.title == "Valley Truce Agreed"
    assert article.body.split("\n\n") == [LEAD, SECOND, THIRD]
    assert article.published is None and article.published_basis == "unknown"


def test_clean_drops_widgets_donations_and_share_lines():
    article = only(
        page(
            "0 $",
            "1,000 $",
            "MAY 2020",
            "Valley Truce Agreed",
            "Support Valley Voice",
            LEAD,
            SECOND,
            "Advertisement",
            THIRD,
            "Share this article",
        )
    )
    assert article.title == "Valley Truce Agreed"
    for furniture in ("1,000", "Support", "Advertisement", "Share"):
        assert furniture not in article.body
    assert article.outlet == "Valley Voice"


def test_clean_ignores_widget_date_above_title():
    article = only(page("1,000 $", "MAY 2020", "Valley Truce Agreed", LEAD, SECOND))
    assert article.published is None


def test_clean_reads_date_line_under_title():
    article = only(page("2 min read", "Valley Truce Agreed", "14 March 2018", LEAD, SECOND))
    assert article.published is not None
    assert article.published.value == "2018-03-14" and article.published.precision == "day"
    assert article.published_basis == "text"
    assert "14 March" not in article.body


def test_clean_does_not_date_from_caption():
    caption = "A checkpoint on the valley road – 2 March 2018 (Valley Voice)"
    article = only(page("Valley Truce Agreed", caption, caption, LEAD, SECOND))
    assert article.published is None
    assert "checkpoint" not in article.body
    assert article.outlet == "Valley Voice"


def test_clean_drops_teaser_and_repeated_title():
    teaser = LEAD[:60] + " […]"
    article = only(page("Valley Truce Agreed", teaser, "Valley Truce Agreed", LEAD, SECOND))
    assert article.title == "Valley Truce Agreed"
    assert article.body.count("Government forces") == 1
    assert "Valley Truce Agreed" not in article.body


def test_clean_drops_photo_captions_and_credits():
    article = only(
        page(
            "Valley Truce Agreed",
            "Jane Roe/AFP",
            LEAD,
            "A street in the old town. Photo courtesy of John Doe/AFP.",
            SECOND,
        )
    )
    assert "Photo courtesy" not in article.body and "Jane Roe" not in article.body
    assert SECOND in article.body


def test_clean_keeps_subheadings_between_paragraphs():
    article = only(page("Valley Truce Agreed", LEAD, "Doubts in the valley", SECOND, THIRD))
    assert "Doubts in the valley" in article.body.split("\n\n")


def test_clean_drops_reader_comments_after_header():
    article = only(
        page(
            "Valley Truce Agreed",
            LEAD,
            SECOND,
            THIRD,
            "Notify of",
            "2 Comments",
            "Newest Most Voted",
            "Mark Twine",
            "What a joke, this truce will never hold!",
            "Ann Lee",
            "I hope the road opens soon for the families.",
        )
    )
    assert article.comments == 2
    assert "joke" not in article.body and "Mark Twine" not in article.body


def test_clean_drops_reader_comments_without_header():
    article = only(
        page(
            "Valley Truce Agreed",
            LEAD,
            SECOND,
            THIRD,
            "Mark Twine",
            "They never keep their word. Too bad nobody learns from history here.",
            "Ann Lee",
            "Send the observers in and end this madness once and for all.",
        )
    )
    assert article.comments == 2
    assert "madness" not in article.body and "Ann Lee" not in article.body
    assert THIRD in article.body


def test_clean_stops_at_related_links_and_donation_appeal():
    article = only(
        page(
            "Valley Truce Agreed",
            LEAD,
            SECOND,
            "Related Articles",
            "1. Shelling resumes near the valley",
            "2. Talks stall over detainees",
            "Free media needs your help..",
            "$1 a month makes a difference..",
            "Click here to support",
        )
    )
    assert article.body.split("\n\n") == [LEAD, SECOND]


def test_clean_splits_articles_at_footer():
    other = "Talks on the northern front resumed on Friday in the capital after a pause of a month."
    more = "Both delegations said they expected a joint statement before the end of the week."
    articles = clean(
        page(
            "Valley Truce Agreed",
            LEAD,
            SECOND,
            "• Published in World",
            "Northern Talks Resume",
            other,
            more,
            THIRD,
            "• Published in World",
            "Subscribe to this RSS feed",
        )
    )
    assert [a.title for a in articles] == ["Valley Truce Agreed", "Northern Talks Resume"]
    assert articles[0].body.split("\n\n") == [LEAD, SECOND]
    assert articles[1].body.split("\n\n") == [other, more, THIRD]


def _long_article() -> list[str]:
    """Twenty distinct paragraphs (~2,500 chars of prose)."""
    extra = [
        f"On day {n} of the truce, observers counted no shelling in the valley towns, and "
        "traders reopened their shops on the main road."
        for n in range(1, 18)
    ]
    return [LEAD, SECOND, THIRD, *extra]


def test_clean_drops_a_small_box_after_the_article_as_no_second_article():
    body = _long_article()
    box = [
        "We are an independent newsroom that has covered the valley and its towns since the "
        "war began, with reporters on both sides of the front line.",
        "Readers who want to help can write to the editors with tips, documents and photos, "
        "and we answer every message that reaches us.",
        "Our reporters work in the field every day, and they check every claim twice before "
        "it is published.",
    ]
    articles = clean(
        page("Valley Truce Agreed", *body, "• Published in World", "About Our Newsroom", *box)
    )
    assert [a.title for a in articles] == ["Valley Truce Agreed"]
    assert articles[0].body.split("\n\n") == body


def test_clean_keeps_a_second_article_of_comparable_size():
    body = _long_article()
    other = [p.replace("valley", "northern") for p in body[:4]]
    articles = clean(
        page("Valley Truce Agreed", *body, "• Published in World", "Northern Talks Resume", *other)
    )
    assert [a.title for a in articles] == ["Valley Truce Agreed", "Northern Talks Resume"]


def test_clean_drops_an_untitled_block_after_the_article():
    body = [LEAD, SECOND, THIRD]
    disclaimer = [
        "The information provided on this website is for general purposes only and is not "
        "professional advice of any kind.",
        "Results vary depending on where you start, and nothing here replaces the guidance "
        "of a qualified expert in the field.",
    ]
    articles = clean(
        page(
            "Valley Truce Agreed",
            *body,
            "• Published in World",
            "More Stories From The Valley Desk",
            *["Facebook", "Twitter", "Instagram", "Join our newsletter"] * 2,
            *disclaimer,
        )
    )
    assert [a.title for a in articles] == ["Valley Truce Agreed"]
    assert articles[0].body.split("\n\n") == body


def test_clean_reads_dateline_without_inventing_year():
    lead = "Aleppo, Mar 4 (Valley Wire) " + LEAD
    article = only(page("Valley Truce Agreed", lead, SECOND))
    assert article.published is None
    assert article.outlet == "Valley Wire"
    dated = only(
        page("Valley Truce Agreed", "Aleppo, March 4, 2018 (Valley Wire) - " + LEAD, SECOND)
    )
    assert dated.published is not None and dated.published.value == "2018-03-04"


def test_clean_reads_byline_author():
    article = only(page("Valley Truce Agreed", "By Jane Roe", LEAD, SECOND))
    assert article.author == "Jane Roe"
    assert "Jane Roe" not in article.body


def test_clean_uses_date_hint_as_metadata():
    raw = RawInput(
        "rows.jsonl#3", "\n\n".join([LEAD, SECOND]).encode(), "text", date_hint="2017-08-03"
    )
    article = only(raw)
    assert article.published is not None and article.published.value == "2017-08-03"
    assert article.published_basis == "metadata"


def test_clean_raises_on_empty_and_contentless_input():
    with pytest.raises(EmptyInput):
        clean(RawInput("empty.txt", b"", "text"))
    with pytest.raises(EmptyInput):
        clean(RawInput("blank.txt", b"\x00\n \n", "text"))
    with pytest.raises(NoContent):
        clean(page("Menu", "Home", "2,500 $", "Share this article"))


def test_decode_handles_bom_cp1252_and_nuls():
    assert decode(b"\xef\xbb\xbfTruce") == "Truce"
    assert decode("caf\u00e9 \u201cquoted\u201d".encode("cp1252")) == "caf\u00e9 \u201cquoted\u201d"
    assert decode(b"a\x00b\r\nc") == "ab\nc"
    assert decode("\u00fcber".encode("utf-16")) == "\u00fcber"
    assert decode(b"") == ""


# --- the seeds -------------------------------------------------------------------------------

SEED_TITLES = [
    ["Russia Is Working To Re-Open Hama-Homs Highway"],
    [
        "Russia Pressures Armed Groups In Northern Homs To Accept Full Reconciliation Agreement"
        " – Media"
    ],
    ["In Rural Homs.. “De-scalation” Agreement Ends with Threats"],
    ["Blockaded north Homs countryside joins Russian-backed de-escalation zones"],
    [
        "Terrorists Leave Strategically Important Syrian City as Army Regains Control",
        "‘UN’s inactivity is unacceptable’: Lavrov speaks out on Syrian opposition talks",
        "Mass Graves in Aleppo",
    ],
]
# Reader-comment, donation and widget text of the seed pages: none may reach a body.
NOT_BODY = [
    "Esm Famil",
    "Gary Sellars",
    "Terra Cotta",
    "Notify of",
    "Click here to support",
    "$1 a month",
    "Support SouthFront",
    "Related Articles",
    "Share this article",
    "terrorists are too stupid",
    "filthy rats",
    "spoiled rotten",
    "Newest Most Voted",
    "Would love your thoughts",
    "Illustrative image",
    "Photo courtesy",
    "Published in",
    "Subscribe",
    "min read",
    "JUNE 2021",
    "1,360 $",
]


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path):
    paths = sorted(seeds_dir.glob("*.txt"))
    assert len(paths) == 5
    return [clean(RawInput(str(p), p.read_bytes(), "text")) for p in paths]


def test_seeds_split_into_seven_titled_articles(seed_articles):
    assert [[a.title for a in articles] for articles in seed_articles] == SEED_TITLES


def test_seed_bodies_hold_no_comments_or_furniture(seed_articles):
    for articles in seed_articles:
        for article in articles:
            for text in NOT_BODY:
                assert text not in article.body, (article.title, text)
            assert len(article.body) > 500


def test_seed_comment_counts(seed_articles):
    assert seed_articles[0][0].comments == 2
    assert seed_articles[1][0].comments == 1
    assert all(a.comments == 0 for articles in seed_articles[2:] for a in articles)


def test_seed_dates_come_from_article_not_widgets(seed_articles):
    dated = seed_articles[3][0]
    assert dated.published is not None and dated.published.value == "2017-08-03"
    assert dated.published.precision == "day" and dated.published_basis == "text"
    for articles in seed_articles:
        for article in articles:
            assert article.published is None or not article.published.value.startswith("2021")
    # "Moscow, Dec 27 (...)" names no year: no date is invented.
    assert seed_articles[4][2].published is None


def test_seed_bodies_keep_lead_and_last_paragraph(seed_articles):
    first = seed_articles[3][0].body.split("\n\n")
    assert (
        first[0].startswith("AMMAN: A Russian-backed ceasefire agreement")
        and "went into effect" in first[0]
    )
    assert sum(p.startswith("AMMAN:") for p in first) == 1  # the teaser is gone
    assert seed_articles[0][0].body.rstrip().endswith("collapses.")
    assert seed_articles[4][1].body.startswith("Russian Foreign Minister")


def test_seed_outlets_from_page_credits(seed_articles):
    assert seed_articles[1][0].outlet == "SouthFront"
    assert seed_articles[2][0].outlet == "Enab Baladi"
    assert seed_articles[4][2].outlet == "Prensa Latina"


# --- other languages, tag clouds, teaser lists, repeated text -----------------------------


def test_clean_reads_prose_in_other_languages():
    spanish = (
        "El gobierno y los grupos armados locales acordaron el martes un alto el fuego en los "
        "pueblos del valle, según miembros del comité de negociación que asistieron a las "
        "conversaciones."
    )
    japanese = (
        "政府と地元の武装勢力は火曜日、谷の町での停戦に合意したと、交渉委員会が明らかにした。"
    )
    for paragraph in (spanish, japanese):
        article = only(
            page("Menu", "Inicio", "Tregua en el valle", paragraph, paragraph[:-1] + "!")
        )
        assert paragraph in article.body


def test_clean_ignores_unpunctuated_tag_cloud():
    cloud = " ".join(["ceasefire valley talks road detainees shelling observers crossing"] * 4)
    article = only(page("Valley Truce Agreed", LEAD, SECOND, THIRD, "Tags", cloud))
    assert "observers crossing" not in article.body


def test_clean_does_not_split_teaser_list_into_articles():
    teasers = []
    for n in range(4):
        teasers += [
            f"Another story about the region number {n}",
            "Jane Roe",
            "14 March 2018",
            f"A one-paragraph teaser for story {n} that summarises what it is about for readers.",
        ]
    articles = clean(page("Valley Truce Agreed", LEAD, SECOND, THIRD, "Related Articles", *teasers))
    assert len(articles) == 1 and "teaser" not in articles[0].body


def test_clean_drops_text_repeated_on_one_line():
    article = only(
        page("Valley Truce Agreed", LEAD, SECOND, THIRD, "Share", " ".join([LEAD, SECOND, THIRD]))
    )
    assert article.body.split("\n\n") == [LEAD, SECOND, THIRD]


# --- news items, promo boxes, lists -----------------------------------------------------


def test_clean_prefers_dated_news_item_over_long_contact_paragraph():
    contact = (
        "Our reader service desk can be reached with any question about subscriptions or "
        "deliveries: call the desk between eight and five on working days, or write to us and "
        "we will answer within two days. The desk also handles requests from readers abroad, "
        "who can call the international number during the same hours, and from schools and "
        "libraries that want to order the archive. Please have your subscriber number ready "
        "when you call, so that the staff can find your account and help you faster."
    )
    menu = [f"Section {n}" for n in range(14)]
    article = clean(
        page("Valley Truce Agreed", "By Jane Roe", "14 March 2018", LEAD, SECOND, *menu, contact)
    )[0]
    assert article.body.split("\n\n") == [LEAD, SECOND]
    assert article.title == "Valley Truce Agreed"


def test_segment_marks_glued_teaser_cards():
    card = "Truce Talks Resume In The Valley TownsNegotiators met again on Monday about the road."
    prose = "Sales of the new iPhone model rose in most countries this year, the company said."
    kinds = {b.text: b.kind for b in segment("\n".join([card, prose]))}
    assert kinds[card] == "teaser"
    assert kinds[prose] == "body"


def test_clean_reads_past_inline_promo_box():
    fourth = "Observers are due to arrive at the crossings next week to monitor the withdrawal."
    article = only(
        page(
            "Valley Truce Agreed",
            LEAD,
            SECOND,
            "Northern Road Reopens After Two Years",
            "Read more",
            THIRD,
            fourth,
        )
    )
    assert article.body.split("\n\n") == [LEAD, SECOND, THIRD, fourth]


def test_clean_keeps_list_and_numbered_subheadings_inside_article():
    items = [
        "Reopening of the main road within two weeks",
        "Release of detainees held by both sides",
        "Observers posted at every crossing",
    ]
    article = only(page("Valley Truce Agreed", LEAD, *items, SECOND, "1. What happens next", THIRD))
    for line in [*items, "1. What happens next", THIRD]:
        assert line in article.body.split("\n\n")


def test_clean_drops_a_teaser_list_after_the_article():
    # "Guides" after the article: each item a title and one excerpt paragraph. As big as a
    # second article, but written as a list of teasers, not as an article.
    body = _long_article()
    teasers = []
    for n, town in enumerate(("Northern", "Eastern", "Coastal", "Mountain")):
        teasers += [
            f"{town} Roads Guide Part {n + 1}",
            f"How the {town.lower()} roads reopened after the truce, which checkpoints are "
            f"still in place and where travellers should expect long delays this month.",
        ]
    articles = clean(page("Valley Truce Agreed", *body, "• Published in World", *teasers))
    assert [a.title for a in articles] == ["Valley Truce Agreed"]
    assert articles[0].body.split("\n\n") == body


def test_a_hard_wrapped_paragraph_is_one_block_and_its_title_stays_the_title():
    page = (
        "Shelling hits market in Kafr Nabl\n\nBy a staff reporter\n\n"
        "Government forces shelled the market of Kafr Nabl in Idlib province on Sunday, "
        "killing four\n"
        "civilians, local rescuers said. The town lies south of the city of Idlib and was\n"
        "shelled twice last month.\n\n"
        "Rebel fighters fired rockets at an army post near Khan Shaykhun in response, a "
        "monitor said.\n"
    )
    lines = [b.text for b in segment(page)]
    assert lines[2].startswith("Government forces") and lines[2].endswith("last month.")
    (article,) = clean(RawInput("wrapped.txt", page.encode(), "text"))
    assert article.title == "Shelling hits market in Kafr Nabl"
    assert article.body.startswith("Government forces shelled the market")


def test_lines_that_only_look_wrapped_stay_apart():
    page = (
        "What you may eat on the first day of the diet\n"
        "any fresh mushrooms, cooked or raw (no sugar)\n"
        "soft cheese of every kind in small amounts\n"
        "Read the full story on our partner site today\n"
        "https://news.example/story/12345 for the details\n"
        "Our newsletter about world news and sport\n"
        "subscribe\n"
    )
    assert len(segment(page)) == 7
