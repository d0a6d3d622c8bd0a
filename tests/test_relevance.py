"""Relevance: the packaged model tells conflict reporting from sport, business and the
arts; an irrelevant page is stored and searchable but not parsed; a sentence used in
another sense gives no event; the training scripts run on a small sample of our own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from script_support import load_script
from truceline.errors import DataError
from truceline.extract.events.gates import political_enough, reports_relevant
from truceline.models import DocumentResult, RawInput, Sentence
from truceline.relevance import PAGE_THRESHOLD, load_model
from truceline.relevance.cues import page_passes
from truceline.relevance.features import features, sentences, tokens
from truceline.relevance.model import read_model, save_model
from truceline.relevance.training import PROTEST, deduplicated, read_portal, topic_of
from truceline.relevance.vectors import read_vectors, save_vectors

ROOT = Path(__file__).resolve().parents[1]

MATCH_REPORT = """United beat City 3-1 to go top of the league

The visitors attacked from the first whistle and their striker shot past the keeper after
eleven minutes. City fought back before the break, but two late goals sealed the derby.
The manager praised his defence and said the squad would meet again on Tuesday to prepare
for the cup tie. Fans celebrated in the stands as the final whistle blew."""

SHELLING_REPORT = """Shelling kills five in Idlib village despite truce

Government artillery shelled the village of Kafr Nabl on Monday, killing five civilians,
among them two children, according to local rescue workers. Rebel factions accused the
army of breaking the ceasefire agreed in Ankara last week and said they would respond.
The Turkish defence ministry said it had raised the violations with Moscow."""


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_features_are_words_pairs_and_numbers(model):
    assert tokens("Kafr Nabl's 12 dead, al-Assad") == [
        "kafr",
        "nabl's",
        "<num>",
        "dead",
        "al-assad",
    ]
    assert {"car bomb", "car", "bomb"} <= features("a car bomb")
    assert sentences("One. Two words here! Three?\nFour") == [(0, 4), (5, 20), (21, 27), (28, 32)]


def test_packaged_model_tells_a_match_report_from_a_shelling(model):
    assert model.document_relevance(None, MATCH_REPORT) < PAGE_THRESHOLD
    assert model.document_relevance(None, SHELLING_REPORT) > 0.8
    protest = "Hundreds of nurses protested outside the health ministry demanding unpaid wages."
    assert model.relevance(protest) >= PAGE_THRESHOLD  # a protest about health is in topic
    assert model.version.startswith("relevance-1:") and model.vectors is not None


def test_an_irrelevant_page_is_stored_but_not_parsed(tmp_path):
    from truceline.run import run
    from truceline.store import Store

    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "match.txt").write_text(MATCH_REPORT)
    (tmp_path / "pages" / "shelling.txt").write_text(SHELLING_REPORT)
    with Store(tmp_path / "x.db") as store:
        report = run([tmp_path / "pages"], store)
        docs = {d.title: d for d in store.documents()}
        events = store.events()
        hits = store.conn.execute(
            "SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH 'derby'"
        ).fetchone()[0]
    assert report.processed == 2 and len(docs) == 2
    match = docs["United beat City 3-1 to go top of the league"]
    assert match.relevance is not None and match.relevance < PAGE_THRESHOLD
    assert match.relevance_model and match.relevance_model.startswith("relevance-1:")
    assert hits == 1  # stored, cleaned and searchable
    sources = {s.document for e in events for s in e.sources}
    assert match.id not in sources and sources  # the shelling report has events, the match none


def test_relevance_off_parses_every_page(tmp_path):
    from truceline.run.pipeline import Pipeline

    raw = RawInput(source="match.txt", data=MATCH_REPORT.encode(), format="text")
    result = Pipeline.load(relevance=False).process(raw)
    assert isinstance(result, DocumentResult)
    assert result.documents[0].relevance is None


def test_a_sentence_in_an_off_topic_context_reports_nothing():
    from truceline.models import Document

    def page(relevance: float | None, words: int) -> Document:
        return Document(
            "d", "d", "s", None, None, None, "unknown", "w " * words, relevance=relevance
        )

    sentence = Sentence(0, 10, relevance=0.9)
    assert reports_relevant(sentence, page(0.9, 400))
    assert not reports_relevant(Sentence(0, 10, relevance=0.6), page(0.55, 400))  # a long page
    assert reports_relevant(Sentence(0, 10, relevance=0.6), page(0.55, 30))  # a short note
    assert reports_relevant(Sentence(0, 10), page(None, 400))  # relevance not judged


CRASH_REPORT = """Driver charged after crash that killed cyclist on ring road

A 34-year-old man was arrested on suspicion of drunk driving on Saturday night after his car
struck a cyclist on the ring road near the old brewery, police said. The cyclist, a
52-year-old teacher from the town, died at the scene.
Officers asked anyone who saw a silver hatchback driving erratically before the crash to
come forward, and appealed to drivers with dashcam footage to contact the traffic unit. The
driver was later charged with causing death by careless driving while over the limit and
was remanded in custody.
The teacher's family accused the driver of ruining their lives and said they wanted a
longer sentence for such offences. A lawyer for the driver denied that his client had been
speeding and asked the court for bail, which the magistrate refused.
Friends of the cyclist met at the roadside on Sunday to lay flowers, and the local cycling
club called for a safer crossing at the junction, where two other riders were hurt last
year. The council said it would review the layout of the road and agreed to install speed
cameras before the spring.
Police said the inquiry was continuing and that a second man, a passenger in the car, had
been released without charge. The case will return to court next month, when the driver
is expected to enter a plea."""


def test_in_a_crime_story_demands_meetings_deals_and_arrests_are_no_political_events(model):
    from truceline.run.pipeline import Pipeline

    assert model.politics(CRASH_REPORT) < 0.2  # a crime story
    raw = RawInput(source="crash.txt", data=CRASH_REPORT.encode(), format="text")
    judged = Pipeline.load().process(raw)
    unjudged = Pipeline.load(relevance=False).process(raw)
    assert isinstance(judged, DocumentResult) and isinstance(unjudged, DocumentResult)
    exchanges = {"REQUEST", "ACCUSE", "REJECT", "AGREE", "CONSULT", "COERCE"}
    # the words are there: read without the model, the page gives them all
    assert exchanges <= {e.type for e in unjudged.events}
    assert not exchanges & {e.type for e in judged.events}
    # the same sentences on a page about a conflict's politics are events
    political = SHELLING_REPORT + "\n" + CRASH_REPORT.split("\n", 1)[1]
    assert model.politics(political) >= 0.2
    raw = RawInput(source="mixed.txt", data=political.encode(), format="text")
    mixed = Pipeline.load().process(raw)
    assert isinstance(mixed, DocumentResult)
    told = {(e.type, e.sources[0].quote.split()[0]) for e in mixed.events}
    assert {("REQUEST", "Officers"), ("ACCUSE", "The")} <= told


def test_on_a_short_note_the_political_bar_falls_with_its_length():
    from truceline.models import Analysis, Document

    def analysis(politics: float | None, words: int) -> Analysis:
        body = "w " * words
        doc = Document("d", "d", "s", None, None, None, "unknown", body, relevance=0.9)
        return Analysis(document=doc, anchor=None, sentences=(), mentions=(), politics=politics)

    assert not political_enough(analysis(0.1, 400))  # a crime story
    assert political_enough(analysis(0.3, 400))
    assert political_enough(analysis(0.1, 35))  # a note of a few lines: the topic is a guess
    assert not political_enough(analysis(0.01, 35))
    assert political_enough(analysis(None, 400))  # relevance not judged


def test_a_crowd_protesting_in_business_words_passes_the_gates(model):
    from truceline.run.pipeline import Pipeline

    note = (
        "Workers of a construction company demonstrated in Monterrey on Sunday to denounce "
        "that the company has not paid their wages since it closed."
    )
    assert model.document_relevance(None, note) < PAGE_THRESHOLD  # business words
    raw = RawInput(source="note.txt", data=note.encode(), format="text")
    result = Pipeline.load().process(raw)
    assert isinstance(result, DocumentResult)
    assert result.documents[0].relevance < PAGE_THRESHOLD  # the model's own score is stored
    assert "PROTEST" in {e.type for e in result.events}
    # the words alone are no crowd's action: a market rally, a strike price, a product
    # demonstrated at a fair
    for text in (
        "Shares rallied as the strike price was set.",
        "The company demonstrated its new phone.",
    ):
        assert not page_passes(model.document_relevance(None, text), text)


def test_a_model_file_round_trips_and_refuses_other_vectors(tmp_path):
    words = ["attack", "goal", "ceasefire"]
    save_vectors(tmp_path / "v.npz", words, np.eye(3, 50, dtype=np.float32))
    vectors = read_vectors((tmp_path / "v.npz").read_bytes())
    assert np.allclose(vectors.mean("attack"), np.eye(1, 50)[0], atol=0.01)
    meta = {"name": "t", "vector_scale": 1.0, "vectors": vectors.version}
    weights = np.zeros((2 + 50, 2))
    weights[0] = [2, -2]  # "ceasefire" → class a
    save_model(tmp_path / "m.npz", ["a", "b"], ["ceasefire", "goal"], weights, np.zeros(2), meta)
    model = read_model((tmp_path / "m.npz").read_bytes(), "m.npz", vectors)
    assert model.probabilities("ceasefire")[0] > 0.9
    other = read_vectors(_other_vectors(tmp_path))
    with pytest.raises(DataError, match="other word vectors"):
        read_model((tmp_path / "m.npz").read_bytes(), "m.npz", other)
    with pytest.raises(DataError, match="not a relevance model"):
        read_model(b"not a zip")


def _other_vectors(tmp_path: Path) -> bytes:
    save_vectors(tmp_path / "o.npz", ["x"], np.ones((1, 50), dtype=np.float32))
    return (tmp_path / "o.npz").read_bytes()


# ------------------------------------------------------------ training, on our own sample

DAYS = {
    "2015/03/2015-03-02.yaml": {
        "Armed conflicts and attacks": [
            "Siege of Kobani",
            "Militants shell a border town, killing four civilians and wounding a dozen.",
            "An air strike hits a weapons depot near the front line, the army says. (Reuters)",
            "Rebels and government troops clash in the hills for a third day.",
        ],
        "Sports": [
            "2015 Cricket World Cup",
            "The home side beat the visitors by six wickets to reach the semi-final.",
            "A late goal hands the champions a narrow win in the league derby. (BBC)",
            "The striker scores twice as the club climbs to second place in the table.",
        ],
        "Business and economy": [
            "Nurses protest outside a hospital group's offices over unpaid overtime.",
            "The central bank cuts its main interest rate to support growth.",
        ],
    },
    "2018/05/2018-05-03.yaml": {
        "Armed conflicts and attacks": [
            "A roadside bomb kills three soldiers on a patrol outside the provincial capital.",
        ],
        "Sports": ["The tennis champion wins her fourth title of the season in straight sets."],
    },
}


def _write_portal(folder: Path) -> Path:
    import yaml

    for name, payload in DAYS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"Date": path.stem, "Intelligence_Payload": payload}))
    (folder / "2019").mkdir()
    (folder / "2019" / "broken.yaml").write_text("Date: [unclosed")
    return folder


_script = load_script


def test_portal_headings_map_to_topics_and_protests_are_relabelled(tmp_path):
    assert topic_of("Armed conflicts and attacks") == "conflict"
    assert topic_of("2011 Syrian uprising") == "conflict"
    assert topic_of("Late 2000s financial crisis") is None
    assert topic_of("Sport") == "sports"
    examples, excluded = deduplicated(read_portal(_write_portal(tmp_path)), set())
    by_text = {e.text: e for e in examples}
    nurses = by_text["Nurses protest outside a hospital group's offices over unpaid overtime."]
    assert nurses.topic == "politics" and PROTEST.search(nurses.text)
    assert by_text["Siege of Kobani"].title and not nurses.title
    assert "(Reuters)" not in " ".join(by_text)  # outlet names are not learned
    assert excluded == 0


def test_training_script_fits_and_reports_held_out_days(tmp_path):
    portal = _write_portal(tmp_path / "portal")
    vectors = ROOT / "src" / "truceline" / "data" / "word_vectors.npz"
    out = tmp_path / "relevance.npz"
    measuring = tmp_path / "measuring.txt"
    measuring.write_text("Rebels and government troops clash in the hills for a third day.")
    train = _script("train_relevance")
    code = train.main(
        [
            "--portal", str(portal), "--out", str(out), "--vectors", str(vectors),
            "--holdout-from", "2018-01-01", "--min-count", "1", "--iterations", "60",
            "--exclude", str(measuring),
        ]
    )  # fmt: skip
    assert code == 0
    model = read_model(out.read_bytes(), str(out), read_vectors(vectors.read_bytes()))
    assert model.meta["excluded_as_measuring_data"] == 1
    assert model.meta["held_out"]["n_test"] == 2
    assert model.relevance("Militants shell the town, killing civilians.") > model.relevance(
        "The striker scores a late goal to win the derby."
    )


def test_word_vector_builder_keeps_words_only(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    glove = tmp_path / "glove"
    glove.mkdir()
    pq.write_table(
        pa.table({"index": ["the", ",", "ceasefire", "1999", "al-assad"]}),
        glove / "glove_6B_index.parquet",
    )
    np.save(
        glove / "glove_6B_50d_emb.npy",
        np.random.default_rng(0).normal(size=(5, 50)).astype(np.float32),
    )
    build = _script("build_word_vectors")
    out = tmp_path / "v.npz"
    assert build.main(["--glove", str(glove), "--words", "3", "--out", str(out)]) == 0
    assert sorted(read_vectors(out.read_bytes()).index) == ["al-assad", "ceasefire", "the"]


def test_weights_are_stored_in_int8_steps_of_each_class(tmp_path):
    rng = np.random.default_rng(7)
    weights = rng.normal(0, 1, (40, 3)).astype(np.float32)
    weights[:, 2] *= 0.01  # a class of small weights keeps its own step
    meta = {"name": "relevance-test"}
    save_model(
        tmp_path / "q.npz",
        ["a", "b", "c"],
        [f"w{i}" for i in range(40)],
        weights,
        np.zeros(3),
        meta,
    )
    with np.load(tmp_path / "q.npz") as npz:
        assert npz["weights"].dtype == np.int8
    back = read_model((tmp_path / "q.npz").read_bytes()).weights
    step = np.abs(weights).max(axis=0) / 127
    assert (np.abs(back - weights) <= step / 2 + 1e-3 * np.abs(weights)).all()  # + float16
    assert np.abs(back[:, 2] - weights[:, 2]).max() < 0.001


STABBING_REPORT = """Man jailed for knife attack on neighbour after row over parking

A 41-year-old man who stabbed his neighbour three times after an argument over a parking
space was jailed for nine years at the crown court on Thursday. The victim, a 38-year-old
father of two, was attacked on his driveway in March and spent a week in hospital.
The judge said the defendant had armed himself with a kitchen knife before knocking on his
neighbour's door, and that the assault had left the family afraid to stay in their home.
Detectives said the man had a previous conviction for burglary and had been drinking
before the attack. The court heard that he had also threatened the victim's wife in a
series of text messages sent the week before. His lawyer said he regretted what he had
done and had written a letter of apology to the family, who said they hoped to move
house before the end of the year. Officers who arrived at the scene found the knife in a
hedge two doors away, and forensic tests matched it to the wounds. Neighbours told the
court they had heard shouting for several minutes before the victim's wife called for an
ambulance. The defendant will serve at least two thirds of his sentence before he can be
considered for release on licence."""


def test_in_a_crime_story_force_is_crime_not_political_violence(model):
    from truceline.run.pipeline import Pipeline

    assert model.politics(STABBING_REPORT) < 0.2
    raw = RawInput(source="stabbing.txt", data=STABBING_REPORT.encode(), format="text")
    judged = Pipeline.load().process(raw)
    unjudged = Pipeline.load(relevance=False).process(raw)
    assert isinstance(judged, DocumentResult) and isinstance(unjudged, DocumentResult)
    assert "ASSAULT" in {e.type for e in unjudged.events}  # the words are there
    assert "ASSAULT" not in {e.type for e in judged.events}
    # force in a report of a conflict is an event, and so is it in a short note whose
    # topic the model can only guess (ACLED's notes of gang killings)
    shelling = Pipeline.load().process(
        RawInput(source="s.txt", data=SHELLING_REPORT.encode(), format="text")
    )
    assert isinstance(shelling, DocumentResult)
    assert "ASSAULT" in {e.type for e in shelling.events}
    note = (
        "On 7 May 2020, in Guadalajara, Jalisco, several armed men shot dead two men "
        "outside a shop in Colonia Santa Anita. The attackers fled on motorcycles."
    )
    short = Pipeline.load().process(RawInput(source="n.txt", data=note.encode(), format="text"))
    assert isinstance(short, DocumentResult)
    assert "ASSAULT" in {e.type for e in short.events}
