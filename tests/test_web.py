"""The web page in headless Chromium: it loads a store, shows markers, highlights each
source's quote inside its article and scrolls it into view, keeps filters in the URL and
restores them on reload, renders page text as text, loads nothing from outside the
server, speaks one vocabulary, frames the ground events, clusters crowded points, names
towns, opens its timeline on the period that matters and says visibly when its own
files are missing.

Two stores: the API tests' sample store (`test_api.build_sample_store`) and a desk
store shaped like an analyst's (`desk_store.build_desk_store`). Needs Debian's chromium +
chromium-driver and the page's files (`make install`); see `web_support`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from desk_store import AGREEMENT_NAME, CROWD, LONG_QUOTE, build_desk_store
from test_api import BODY_CEDAR, BODY_WIRE, XSS_ATTRIBUTION, XSS_TITLE, build_sample_store
from truceline.outputs.vocabulary import CATEGORIES, GROUPS
from truceline.serve.api import create_app
from web_support import (
    body_data,
    chromium,
    open_page,
    require_browser,
    serving,
    wait,
    wait_basemap,
    wait_ready,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_browser()
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[str]:
    db = build_sample_store(tmp_path_factory.mktemp("web") / "sample.db")
    with serving(create_app(db)) as url:
        yield url


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[str]:
    db = build_desk_store(tmp_path_factory.mktemp("desk") / "desk.db")
    with serving(create_app(db)) as url:
        yield url


def _markers(driver) -> list[str]:
    return [
        m.get_attribute("data-event-id")
        for m in driver.find_elements("css selector", "path.tl-marker")
    ]


def _rows(driver) -> list[str]:
    return [
        r.get_attribute("data-event-id")
        for r in driver.find_elements("css selector", "#event-table tbody tr")
    ]


def _query(driver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def _marks(driver, n: int):
    return wait(
        driver,
        lambda d: (
            d.find_elements("css selector", "#panel mark.quote")
            if len(d.find_elements("css selector", "#panel mark.quote")) == n
            else None
        ),
    )


# --- the sample store ---------------------------------------------------------------------


def test_page_loads_the_store_and_shows_markers_timeline_and_cards(browser, server):
    open_page(browser, server + "/")
    assert sorted(_markers(browser)) == ["ev-denial", "ev-shelling", "ev-truce"]  # convoy: no place
    assert sorted(_rows(browser)) == ["ev-convoy", "ev-denial", "ev-shelling", "ev-truce"]
    assert "4 events" in browser.find_element("id", "stats").text
    # the timeline draws after the data arrives: wait for its items rather than read at once
    timeline_text = wait(
        browser,
        lambda d: (
            (text := d.find_element("id", "timeline").text) and "Idlib truce" in text and text
        ),
    )
    assert "Shelling/artillery/missile attack" in timeline_text
    card = browser.find_element("css selector", "#agreement-cards article")
    assert "Idlib truce" in card.text and "Turkey, Russia" in card.text
    assert "monitoring" in card.text
    assert browser.find_element("id", "notice").get_attribute("hidden") is not None
    assert browser.find_element("id", "setup-notice").get_attribute("hidden") is not None


def test_page_loads_nothing_from_outside_the_server(browser, server):
    open_page(browser, server + "/")
    wait_basemap(browser)
    urls = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert any("/vendor/basemap/countries.json" in u for u in urls)
    assert any("/vendor/leaflet/" in u for u in urls)
    assert all(u.startswith(server + "/") for u in urls), urls
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_clicking_a_marker_shows_each_quote_highlighted_in_its_article(browser, server):
    open_page(browser, server + "/")
    browser.find_element("css selector", 'path.tl-marker[data-event-id="ev-shelling"]').click()
    marks = _marks(browser, 2)
    assert [m.text for m in marks] == [
        "Artillery shells struck the market of Kafr Nabl on Wednesday, killing three people",
        "buried five victims of Wednesday's shelling of the market",
    ]
    bodies = [
        b.get_attribute("textContent")
        for b in browser.find_elements("css selector", "#panel .doc-body")
    ]
    assert bodies == [BODY_WIRE, BODY_CEDAR]  # the whole article, the quote marked inside it
    flagged = browser.find_element("css selector", "#panel .contradictions").text
    assert "Sources disagree" in flagged and "fatalities" in flagged and "Cedar Evening" in flagged
    assert _query(browser)["event"] == ["ev-shelling"]


def test_a_filter_changes_the_url_and_reloading_restores_it(browser, server):
    from selenium.webdriver.support.ui import Select

    open_page(browser, server + "/")
    select = Select(browser.find_element("css selector", "#filters select[name=type]"))
    select.select_by_value("ASSAULT")
    wait(browser, lambda d: _query(d).get("type") == ["ASSAULT"])
    wait_ready(browser)
    wait(browser, lambda d: _rows(d) == ["ev-shelling"])
    assert _markers(browser) == ["ev-shelling"]
    browser.refresh()
    wait_ready(browser)
    wait(browser, lambda d: _rows(d) == ["ev-shelling"])
    select = Select(browser.find_element("css selector", "#filters select[name=type]"))
    assert select.first_selected_option.get_attribute("value") == "ASSAULT"
    assert _markers(browser) == ["ev-shelling"]


def test_a_shared_url_restores_filters_and_the_selected_event(browser, server):
    open_page(browser, server + "/?modality=denied&place=Maarat&event=ev-denial")
    assert _rows(browser) == ["ev-denial"]
    place = browser.find_element("css selector", "#filters input[name=place]")
    assert place.get_attribute("value") == "Maarat"
    wait(browser, lambda d: d.find_elements("css selector", "#panel mark.quote"))
    assert "denied on Thursday" in browser.find_element("css selector", "#panel mark.quote").text
    # a place chosen among namesakes says it is a guess
    facts = browser.find_element("css selector", "#panel dl.facts").text
    assert "Maarat al-Numan" in facts and "a guess: places of several countries" in facts


def test_page_text_from_the_store_is_rendered_as_text(browser, server):
    open_page(browser, server + "/?event=ev-denial")
    wait(browser, lambda d: d.find_elements("css selector", "#panel .doc-meta"))
    panel = browser.find_element("id", "panel")
    assert XSS_TITLE in panel.text and XSS_ATTRIBUTION in panel.text
    assert panel.find_elements("css selector", "img, script") == []
    assert browser.execute_script("return window.__xss === undefined")


def test_search_lists_quoting_events_and_articles_and_opens_an_event(browser, server):
    open_page(browser, server + "/")
    box = browser.find_element("id", "q")
    box.send_keys("convoys expected")
    box.submit()
    link = wait(
        browser,
        lambda d: d.find_elements("css selector", '#search-results a[data-event-id="ev-convoy"]'),
    )[0]
    results = browser.find_element("id", "search-results").text
    assert "Funerals in Kafr Nabl" in results and "Articles (1)" in results
    assert _query(browser)["q"] == ["convoys expected"]
    link.click()
    wait(browser, lambda d: d.find_elements("css selector", "#panel mark.quote"))
    assert browser.find_element("css selector", "#panel mark.quote").text == "convoys are expected"


def test_the_page_speaks_one_vocabulary_in_words(browser, server):
    open_page(browser, server + "/?event=ev-shelling")
    _marks(browser, 2)
    options = [
        o.text for o in browser.find_elements("css selector", "#filters select[name=type] option")
    ]
    assert "Assault (use of force) (1)" in options and "Give aid (1)" in options
    modalities = [
        o.text
        for o in browser.find_elements("css selector", "#filters select[name=modality] option")
    ]
    assert "denied (1)" in modalities
    table = browser.find_element("id", "event-table").text
    heading = browser.find_element("css selector", "#panel h2").text
    assert "Shelling/artillery/missile attack" in table and "Accuse" in table
    assert "Shelling/artillery/missile attack" in heading
    page = browser.find_element("tag name", "body").text
    for code in ("ASSAULT", "SHELLING_ARTILLERY_MISSILE_ATTACK", "ART MISS", "art miss"):
        assert code not in page


def test_legend_covers_every_category_by_group_and_what_did_not_happen(browser, server):
    open_page(browser, server + "/")
    legend = browser.find_element("id", "legend")
    items = [
        i.get_attribute("data-type") for i in legend.find_elements("css selector", "[data-type]")
    ]
    assert sorted(items) == sorted(c.code for c in CATEGORIES)
    for group in GROUPS:
        assert group.label in legend.text
    assert "did not happen as reported" in legend.text and "sources disagree" in legend.text


# --- the desk store -----------------------------------------------------------------------


def test_the_selected_quote_lies_inside_the_article_boxs_visible_area(browser, desk):
    open_page(browser, desk + "/?event=ev-long")
    [mark] = _marks(browser, 1)
    assert mark.text == LONG_QUOTE
    inside = browser.execute_script(
        """const m = arguments[0].getBoundingClientRect();
        const box = arguments[0].closest('.doc-body');
        const b = box.getBoundingClientRect();
        return [m.top >= b.top && m.bottom <= b.bottom, box.scrollTop,
                box.scrollHeight > box.clientHeight];""",
        mark,
    )
    assert inside == [True, inside[1], True] and inside[1] > 0, inside


def test_the_timeline_opens_on_the_agreement_and_the_dense_events(browser, desk):
    open_page(browser, desk + "/")
    window = browser.find_element("id", "timeline").get_attribute("data-window")
    start, end = window.split("/")
    assert "2017-03-01" <= start <= "2017-05-14" and "2018-02-15" <= end <= "2018-05-01", window
    lanes = browser.execute_script(
        "return [...document.querySelectorAll('#timeline .vis-label')].map(n => n.textContent)"
    )
    assert lanes == ["Agreements", "Events", "Background"]
    background = browser.execute_script(
        "return TL.timeline.items.get({filter: i => i.group === 'background'}).map(i => i.id)"
    )
    assert sorted(background) == ["e:ev-2011", "e:ev-2012", "e:ev-2013"]
    undated = browser.find_element("id", "undated")
    assert undated.is_displayed() and "Undated events (2)" in undated.text
    links = undated.find_elements("css selector", "a[data-event-id]")
    assert sorted(a.get_attribute("data-event-id") for a in links) == [
        "ev-undated-1",
        "ev-undated-2",
    ]


def test_the_timeline_shows_what_did_not_happen_and_colours_by_group(browser, desk):
    open_page(browser, desk + "/")
    denied = browser.execute_script(
        "return [...document.querySelectorAll("
        "'#timeline .vis-box.tl-not-happened, #timeline .vis-range.tl-not-happened')]"
        ".map(n => n.textContent)"
    )
    assert denied and all("(denied)" in text for text in denied)
    colours = browser.execute_script(
        """const c = (sel) => {
          const n = document.querySelector('#timeline .vis-box.' + sel);
          return n && getComputedStyle(n).borderColor;
        };
        return [c('tl-group-violence'), c('tl-group-talks')];"""
    )
    assert colours[0] and colours[1] and colours[0] != colours[1]


def test_the_agreements_name_is_not_cut_on_the_timeline(browser, desk):
    open_page(browser, desk + "/")
    clipped = browser.execute_script(
        """const item = document.querySelector('#timeline .vis-item.vis-range.tl-agreement');
        const text = item.querySelector('.tl-agreement-name');
        const r = text.getBoundingClientRect();
        for (let n = text.parentElement; n && n.id !== 'timeline'; n = n.parentElement) {
          const s = getComputedStyle(n);
          if (s.overflowX !== 'visible' || s.overflow !== 'visible') {
            const b = n.getBoundingClientRect();
            if (r.left < b.left - 1 || r.right > b.right + 1) {
              return [n.className, r.left, r.right, b.left, b.right];
            }
          }
        }
        return [text.textContent];"""
    )
    assert clipped == [AGREEMENT_NAME]


def test_the_first_view_frames_the_ground_events_not_the_talks_venues(browser, desk):
    open_page(browser, desk + "/")
    assert body_data(browser, "framed") == "ground"
    inside = browser.execute_script(
        "const b = TL.map.map.getBounds();"
        "return [[34.926, 36.733], [46.202, 6.146], [51.169, 71.449], [39.92, 32.854]]"
        ".map(p => b.contains(p));"
    )
    assert inside == [True, False, False, False]  # Rastan; not Geneva, Astana, a stray Ankara


def test_events_crowded_on_one_point_are_clustered(browser, desk):
    open_page(browser, desk + "/")
    # read in one script: the map may redraw its clusters between a lookup and a read
    counts_js = (
        "return [...document.querySelectorAll('.tl-cluster')]"
        ".map(c => c.textContent).filter(t => t).map(Number)"
    )
    counts = wait(
        browser,
        lambda d: (lambda found: found if found and max(found) >= CROWD else None)(
            d.execute_script(counts_js)
        ),
    )
    assert counts and max(counts) >= CROWD, counts


def test_zoomed_in_the_map_names_towns_and_draws_admin_areas(browser, desk):
    open_page(browser, desk + "/")
    wait_basemap(browser)
    browser.execute_script("TL.map.map.setView([34.88, 36.73], 11, {animate: false});")
    names_js = "return [...document.querySelectorAll('.map-label.town')].map(n => n.textContent)"
    names = wait(
        browser,
        lambda d: (lambda found: found if {"Ar Rastan", "Tallbisah"} <= set(found) else None)(
            d.execute_script(names_js)
        ),
    )
    assert len(names) > 3
    urls = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert any(u.endswith("/vendor/basemap/admin1/SY.json") for u in urls)


# --- the page's own files missing ---------------------------------------------------------


def test_missing_page_files_are_said_visibly_and_stay_said(browser, tmp_path):
    db = build_sample_store(tmp_path / "sample.db")
    with serving(create_app(db, vendor=tmp_path / "no-vendor")) as url:
        open_page(browser, url + "/", cards=False)
        wait(browser, lambda d: d.find_element("id", "setup-notice").is_displayed())
        wait(browser, lambda d: len(_rows(d)) == 4)  # the list still works
        notice = browser.find_element("id", "setup-notice")
        assert "make install" in notice.text and "leaflet" in notice.text
        browser.execute_script("return new Promise(r => setTimeout(r, 500))")
        assert notice.is_displayed()  # not hidden again once the events loaded
        assert browser.find_element("id", "notice").get_attribute("hidden") is not None
