"""Property-based fuzzing (hypothesis, bounded and derandomised so CI is stable): no
exception other than the documented truceline InputError subclasses escapes the text
cleaner, the date normaliser, the gazetteer matcher or the WARC reader."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truceline.clean import clean
from truceline.errors import InputError
from truceline.ingest import IngestFailure
from truceline.ingest.archives import read_archive
from truceline.models import DateValue, RawInput
from truceline.understand.dates import find_dates, normalise
from truceline.understand.places import Gazetteer

BOUNDED = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ANCHOR = DateValue("2017-08-03")
# Text that looks like news: words, dates, numbers, markup, odd characters and controls.
NEWSY = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=8),
        st.sampled_from(
            [
                "May ",
                "3 August 2017 ",
                "Homs ",
                "<p>",
                "</div>",
                "<script>",
                "\n\n",
                "yesterday ",
                "next week ",
                "Kafr Nabl ",
                "al-",
                "&amp;",
                "\x00",
                "\u200f",
            ]
        ),
    ),
    max_size=60,
).map("".join)


@functools.cache
def _gazetteer() -> Gazetteer:
    return Gazetteer.default()


@BOUNDED
@given(NEWSY, st.sampled_from(["text", "html"]))
def test_clean_raises_only_input_errors(text, fmt):
    try:
        articles = clean(RawInput("fuzz", text.encode("utf-8", "surrogatepass"), fmt))
    except InputError:
        return
    assert all(isinstance(a.body, str) and a.body.strip() for a in articles)


@BOUNDED
@given(st.binary(max_size=600), st.sampled_from(["text", "html"]))
def test_clean_of_random_bytes_raises_only_input_errors(data, fmt):
    with contextlib.suppress(InputError):
        clean(RawInput("fuzz", data, fmt))


@BOUNDED
@given(NEWSY, st.one_of(st.none(), st.just(ANCHOR)))
def test_find_dates_and_normalise_never_raise(text, anchor):
    for mention in find_dates(text, anchor):
        assert 0 <= mention.start <= mention.end <= len(text)
    value = normalise(text, anchor)
    assert value is None or isinstance(value, DateValue)


@BOUNDED
@given(NEWSY)
def test_gazetteer_find_never_raises(text):
    for mention in _gazetteer().find(text):
        assert 0 <= mention.start <= mention.end <= len(text)


WARC_HEAD = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: "


@BOUNDED
@given(
    st.one_of(st.binary(max_size=800), st.binary(max_size=400).map(lambda b: WARC_HEAD + b)),
    st.sampled_from(["x.warc", "x.warc.gz"]),
)
def test_read_archive_on_random_bytes_yields_values_not_exceptions(tmp_path_factory, data, name):
    path = Path(tmp_path_factory.mktemp("warc")) / name
    path.write_bytes(data)
    for item in read_archive(path):
        assert isinstance(item, (RawInput, IngestFailure))
        if isinstance(item, IngestFailure):
            assert isinstance(item.error, InputError) and str(path) in item.source
