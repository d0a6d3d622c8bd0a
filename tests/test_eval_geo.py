"""The geoparsing evaluation: readers for the LGL and GeoWebNews formats, the scores on
tiny hand-written files, and a quick floor on the development data."""

from __future__ import annotations

from pathlib import Path

import pytest

from truceline.errors import EvalDataError
from truceline.evaluation.geo import load_gwn, load_lgl, run_geo_eval

TEXT = "Talks in Cairo ended. Fighters in Talbiseh and Zzyzxqq laid down arms."

LGL = f"""<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text><![CDATA[{TEXT}]]></text><toponyms>
<toponym><start>9</start><end>14</end><phrase>Cairo</phrase>
 <gaztag geonameid="360630"><lat>30.06</lat><lon>31.25</lon></gaztag></toponym>
<toponym><start>34</start><end>42</end><phrase>Talbiseh</phrase>
 <gaztag geonameid="163779"><lat>34.84</lat><lon>36.73</lon></gaztag></toponym>
<toponym><start>47</start><end>54</end><phrase>Zzyzxqq</phrase>
 <gaztag geonameid="1"><lat>10.0</lat><lon>10.0</lon></gaztag></toponym>
</toponyms></article></articles>"""

GWN = f"""<?xml version="1.0" ?>
<articles><article file="0"><text>{TEXT}</text><toponyms>
<toponym><extractedName>Cairo</extractedName><type>Literal</type><start>9</start><end>14</end>
 <geonamesID>360630</geonamesID><latitude>30.06</latitude><longitude>31.25</longitude></toponym>
<toponym><extractedName>Talbiseh</extractedName><type>Literal</type><start>34</start><end>42</end>
 <geonamesID>163779</geonamesID><latitude>34.84</latitude><longitude>36.73</longitude></toponym>
</toponyms></article></articles>"""


@pytest.fixture()
def geo_dir(tmp_path: Path) -> Path:
    (tmp_path / "lgl.xml").write_text(LGL, encoding="utf-8")
    (tmp_path / "gwn.xml").write_text(GWN, encoding="utf-8")
    return tmp_path


def test_readers_keep_offsets_and_gold(geo_dir):
    (lgl,) = load_lgl(geo_dir / "lgl.xml")
    assert [lgl.text[t.start : t.end] for t in lgl.toponyms] == ["Cairo", "Talbiseh", "Zzyzxqq"]
    (gwn,) = load_gwn(geo_dir / "gwn.xml")
    assert gwn.toponyms[1].geonames_id == 163779 and gwn.toponyms[1].type == "Literal"


def test_run_geo_eval_scores_geocoding_and_recognition(geo_dir):
    scores = run_geo_eval(geo_dir)
    assert scores["lgl_toponyms"] == 3
    assert scores["lgl_acc161"] == pytest.approx(2 / 3)  # the made-up name is a miss
    assert scores["lgl_unresolved"] == 1
    assert scores["lgl_exact_id"] == pytest.approx(2 / 3)
    assert scores["gwn_acc161"] == 1.0
    assert scores["gwn_recognition_recall"] == 1.0


def test_run_geo_eval_unreadable_file_is_eval_data_error(tmp_path):
    (tmp_path / "lgl.xml").write_text("<articles><article>", encoding="utf-8")
    (tmp_path / "gwn.xml").write_text(GWN, encoding="utf-8")
    with pytest.raises(EvalDataError):
        run_geo_eval(tmp_path)
    with pytest.raises(EvalDataError):
        run_geo_eval(tmp_path / "missing")


def test_geo_dev_floor(datasets_dir):
    """Quick CI floor on the first 40 articles of each dev set (full figures: run
    `python -m truceline.evaluation.geo ../shared/datasets/geo`)."""
    scores = run_geo_eval(datasets_dir, limit=40)
    # measured on these 40 articles: LGL 0.885, GWN 0.847, recognition F1 0.773
    assert scores["lgl_acc161"] >= 0.83
    assert scores["gwn_acc161"] >= 0.80
    assert scores["gwn_recognition_f1"] >= 0.72
