"""Metric functions of the extraction evaluation, and a quick run on a few dev pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from truceline.errors import EvalDataError
from truceline.evaluation.extraction import (
    Score,
    cleaneval_gold,
    headline_matches,
    l3s_spans,
    leaked_share,
    mean_score,
    run_extraction_eval,
    token_prf,
    tokens,
)


def test_tokens_are_lowercased_words():
    assert tokens("The truce, signed 3 Aug. — held!") == [
        "the",
        "truce",
        "signed",
        "3",
        "aug",
        "held",
    ]


def test_token_prf_counts_bag_overlap():
    score = token_prf("the truce held the line", "the truce held")
    assert score.precision == pytest.approx(3 / 5)
    assert score.recall == pytest.approx(1.0)
    assert score.f1 == pytest.approx(2 * 0.6 / 1.6)


def test_token_prf_repeated_tokens_count_once_each():
    assert token_prf("truce truce truce", "truce").precision == pytest.approx(1 / 3)


def test_token_prf_empty_sides():
    assert token_prf("", "") == Score(1.0, 1.0)
    assert token_prf("", "gold text") == Score(0.0, 0.0)
    assert token_prf("predicted", "") == Score(0.0, 0.0)


def test_mean_score_averages_pages_then_f1():
    mean = mean_score([Score(1.0, 0.5), Score(0.5, 1.0)])
    assert mean == Score(0.75, 0.75) and mean.f1 == pytest.approx(0.75)


def test_leaked_share_ignores_words_the_article_itself_uses():
    body = "the truce held in the valley what a joke"
    main = "the truce held in the valley"
    leaked, total = leaked_share(body, "what a joke the truce", main)
    assert (leaked, total) == (3, 5)


def test_headline_matches_with_site_suffix_and_rejects_other_titles():
    assert headline_matches("Valley Truce Agreed | Valley Voice", "Valley Truce Agreed")
    assert headline_matches("Valley truce agreed", "Valley Truce Agreed!")
    assert not headline_matches("Sport results", "Valley Truce Agreed")
    assert not headline_matches(None, "Valley Truce Agreed")


def test_cleaneval_gold_drops_url_and_markers():
    assert cleaneval_gold("URL: http://x\n<h>Title\n<p>Text here\n<l>* item").split() == [
        "Title",
        "Text",
        "here",
        "*",
        "item",
    ]


def test_l3s_spans_by_class():
    html = (
        '<html><body><span class="x-nc-sel1">Head</span>'
        '<span class="x-nc-sel2">Main <b>text</b></span>'
        '<span class="x-nc-sel4">A comment</span></body></html>'
    )
    spans = l3s_spans(html)
    assert (
        spans[1] == "Head"
        and spans[2] == "Main text"
        and spans[4] == "A comment"
        and spans[5] == ""
    )


def test_run_extraction_eval_raises_on_missing_data(tmp_path: Path):
    with pytest.raises(EvalDataError):
        run_extraction_eval(tmp_path)
    (tmp_path / "scrapinghub" / "gold").mkdir(parents=True)
    (tmp_path / "scrapinghub" / "gold" / "k.json").write_text("{not json")
    with pytest.raises(EvalDataError):
        run_extraction_eval(tmp_path)


def test_run_extraction_eval_on_a_few_dev_pages(datasets_dir: Path):
    figures = run_extraction_eval(datasets_dir, limit=4)
    for name in (
        "scrapinghub_html_f1",
        "scrapinghub_text_f1",
        "cleaneval_f1",
        "l3s_f1",
        "l3s_headline_found",
    ):
        assert 0.0 <= figures[name] <= 1.0, name
    assert figures["scrapinghub_html_pages"] == 4 and figures["l3s_pages"] == 4
    assert figures["scrapinghub_html_f1"] > 0.8
    assert figures["text_pages_per_second"] > 10
