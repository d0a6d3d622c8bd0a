"""Evaluation of date recognition and normalisation (`truceline.understand.dates`) on the
TimeML gold sets in ../shared/datasets/time: TimeBank+AQUAINT (`tbaq`, news, anchored on
the document creation time) and WikiWars (`wikiwars`, history narratives, read in
`mode="narrative"`).

What is scored, and how (figures are a flat dict, one block per corpus, `run_time_eval`):
- Gold: TIMEX3 of type DATE whose value is a calendar value a `DateValue` can hold
  (ISO date, month, year, week "1998-W08", season "1998-SU", quarter "1989-Q3", decade
  "199", with X for unknown parts). A time-of-day suffix of a DATE value is cut
  ("2000-01-05TEV" is scored as "2000-01-05"). Not scored and counted apart
  (`*_excluded`): the document creation time itself, PRESENT_REF / PAST_REF / FUTURE_REF,
  BC years, durations and empty values. TIME, DURATION and SET TIMEX3s are not scored.
- Values are compared as precision-cut strings: "1998-10" must equal "1998-10"; a day
  where the gold has a month is wrong. The X parts of a gold value are left open: ours is
  right when it agrees on every part the gold states ("1989-W43" and "1989" both agree
  with "1989-WXX", "198" with the decade "198X"), which is what the annotators said.
- (a) value accuracy given the gold spans, anchored on the creation time:
  `*_value_acc`: each gold span read in its document (`read_spans`: the tense of its
  sentence and the dates before it count, as they do for a tagger given the spans);
  `*_value_acc_isolated`: normalise(span text) alone. For wikiwars the isolated reading
  is anchored on the narrative's reference time at that point, i.e. the last date our own
  `find_dates(mode="narrative")` resolved before the span (the creation time before any).
- (b) end to end, `find_dates` on the raw text: span F1 and span+value F1, strict (same
  start and end) and relaxed (overlap), matched one to one in text order. A prediction
  that overlaps an unscored gold TIMEX3 (a TIME, a DURATION, a PRESENT_REF, the creation
  time) is neither right nor wrong and is left out. TimeML marks the two ends of a range
  apart ("6" and "7 January 1916") where we give one range mention: a range may match
  two golds, one for each end (strictly: the gold sharing its start or its end), and its
  value is right for a gold equal to its start or its end value. Precision counts the
  predictions that found a gold, recall the golds found.
- `*_sentences_per_s`: find_dates throughput, CPU time of one core (the machines these
  runs share are busy, so wall time says little), sentences counted as ". " + 1.

An unreadable or malformed file raises EvalDataError: a gold set is never silently shortened.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from truceline.errors import EvalDataError
from truceline.models import DateValue, Mention
from truceline.understand.dates import Mode, find_dates, normalise, parse_iso, read_spans

CORPORA: dict[str, Mode] = {"tbaq": "news", "wikiwars": "narrative"}
_CALENDAR = re.compile(
    r"(?:\d{4}|XXXX)(?:-(?:(?:\d\d|XX)(?:-(?:\d\d|XX))?|W(?:\d\d|XX)|Q[1-4X]|SP|SU|FA|WI|H[12]))?|\d{3}|\d{2}|\d{3}X|\d{2}XX"
)
_DCT_FUNCTIONS = ("CREATION_TIME", "PUBLICATION_TIME")


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    is_dct: bool

    @property
    def scored_value(self) -> str | None:
        """The gold value if this TIMEX3 is scored (see the module docstring), else None."""
        if self.type != "DATE" or self.is_dct:
            return None
        value = (
            self.value.split("T", 1)[0] if re.match(r"\d{4}-\d\d-\d\dT", self.value) else self.value
        )
        return value if _CALENDAR.fullmatch(value) else None


@dataclass(frozen=True, slots=True)
class TimeDoc:
    name: str
    text: str
    dct: DateValue | None
    timexes: tuple[Timex, ...]


def _walk(element: ET.Element, parts: list[str], found: list[Timex], offset: int) -> int:
    """Append the element's text to `parts`, recording TIMEX3 offsets; returns the new offset."""
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _walk(child, parts, found, offset)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3":
        is_dct = element.get("functionInDocument") in _DCT_FUNCTIONS
        found.append(
            Timex(start, offset, element.get("type", ""), element.get("value") or "", is_dct)
        )
    return offset


def load_tml(path: Path) -> TimeDoc:
    """One TimeML file: its text (the TEXT element where there is one), the creation time,
    and the TIMEX3 spans over that text."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvalDataError(str(exc), source=str(path)) from exc
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") in _DCT_FUNCTIONS:
            dct = parse_iso(timex.get("value") or "")
            break
    body = root.find("TEXT")
    parts: list[str] = []
    found: list[Timex] = []
    _walk(body if body is not None else root, parts, found, 0)
    return TimeDoc(path.name, "".join(parts), dct, tuple(found))


def corpus_files(data: Path, corpus: str, limit: int | None = None) -> list[Path]:
    """The .tml files of a corpus under `data` (the datasets folder, its time/ folder, or
    the corpus folder itself)."""
    for folder in (data / "time" / corpus, data / corpus, data):
        if folder.name == corpus or folder.parent.name == "time" or folder == data / corpus:
            files = sorted(folder.glob("*.tml")) if folder.is_dir() else []
            if files:
                return files[:limit] if limit is not None else files
    raise EvalDataError(f"no {corpus}/*.tml files", source=str(data))


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def agrees(ours: str | None, gold: str) -> bool:
    """Our value states nothing that the gold value contradicts (X in gold is open)."""
    if ours is None:
        return False
    if ours == gold:
        return True
    stated = re.sub(r"(?:-[A-Z]*X+)+$|X+$", "", gold)  # "1989-WXX" -> "1989", "198X" -> "198"
    if ours == stated:
        return True
    return (
        "X" in gold
        and len(ours) == len(gold)
        and all(g in ("X", o) for o, g in zip(ours, gold, strict=True))
    )


def _same_value(mention: Mention, gold: str) -> bool:
    value = mention.value
    return isinstance(value, DateValue) and (agrees(value.value, gold) or agrees(value.end, gold))


def reference_before(
    mentions: list[Mention], position: int, dct: DateValue | None
) -> DateValue | None:
    """The narrative reference time at `position`: the last resolved date mentioned before it."""
    ref = dct
    for mention in mentions:
        if mention.end > position:
            break
        value = mention.value
        if isinstance(value, DateValue) and value.resolved and value.precision != "decade":
            ref = DateValue(value.end or value.value, precision=value.precision, basis=value.basis)
    return ref


def _is_range(mention: Mention) -> bool:
    return isinstance(mention.value, DateValue) and mention.value.end is not None


def _fits(pred: Mention, gold: Timex, strict: bool) -> bool:
    """Whether a prediction's span fits a gold span. Strictly, a range may also fit the
    gold of either of its ends, which TimeML marks apart ("6" and "7 January 1916")."""
    if not strict:
        return _overlaps(pred.start, pred.end, gold.start, gold.end)
    if (pred.start, pred.end) == (gold.start, gold.end):
        return True
    inside = pred.start <= gold.start and gold.end <= pred.end
    return _is_range(pred) and inside and (gold.start == pred.start or gold.end == pred.end)


def _match(
    preds: list[Mention], golds: list[Timex], strict: bool, with_value: bool
) -> tuple[int, int]:
    """(predictions that found a gold, golds found), matched in text order; a range
    prediction may find two golds (its two ends), any other one."""
    taken: dict[int, int] = {}
    found = 0
    for gold in golds:
        value = gold.scored_value or ""
        for i, pred in enumerate(preds):
            if taken.get(i, 0) >= (2 if _is_range(pred) else 1):
                continue
            if _fits(pred, gold, strict) and (not with_value or _same_value(pred, value)):
                taken[i] = taken.get(i, 0) + 1
                found += 1
                break
    return len(taken), found


@dataclass(slots=True)
class _Tally:
    docs: int = 0
    gold: int = 0
    excluded: int = 0
    predicted: int = 0
    correct_given_spans: int = 0
    correct_isolated: int = 0
    sentences: int = 0
    seconds: float = 0.0
    no_dct: int = 0
    hits: dict[str, tuple[int, int]] | None = None  # (predictions right, golds found)

    def add_hits(self, key: str, found: tuple[int, int]) -> None:
        self.hits = self.hits or {}
        before = self.hits.get(key, (0, 0))
        self.hits[key] = (before[0] + found[0], before[1] + found[1])


def _score_document(doc: TimeDoc, mode: Mode, tally: _Tally) -> None:
    scored = [t for t in doc.timexes if t.scored_value is not None]
    unscored = [t for t in doc.timexes if t.scored_value is None]
    tally.docs += 1
    tally.no_dct += doc.dct is None
    tally.gold += len(scored)
    tally.excluded += sum(1 for t in unscored if t.type == "DATE")
    began = time.process_time()
    mentions = find_dates(doc.text, doc.dct, mode=mode)
    tally.seconds += time.process_time() - began
    tally.sentences += doc.text.count(". ") + 1
    in_context = read_spans(doc.text, [(g.start, g.end) for g in scored], doc.dct, mode=mode)
    for gold, read in zip(scored, in_context, strict=True):
        gold_value = gold.scored_value or ""
        tally.correct_given_spans += read is not None and agrees(read.value, gold_value)
        anchor = reference_before(mentions, gold.start, doc.dct) if mode == "narrative" else doc.dct
        value = normalise(doc.text[gold.start : gold.end], anchor, mode=mode)
        tally.correct_isolated += value is not None and agrees(value.value, gold_value)
    preds = [
        m for m in mentions if not any(_overlaps(m.start, m.end, t.start, t.end) for t in unscored)
    ]
    tally.predicted += len(preds)
    for strict in (True, False):
        for with_value in (False, True):
            key = f"{'value' if with_value else 'span'}_{'strict' if strict else 'relaxed'}"
            tally.add_hits(key, _match(preds, scored, strict, with_value))


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _figures(corpus: str, tally: _Tally) -> dict[str, float | int]:
    out: dict[str, float | int] = {
        f"{corpus}_docs": tally.docs,
        f"{corpus}_gold_dates": tally.gold,
        f"{corpus}_excluded": tally.excluded,
        f"{corpus}_predicted": tally.predicted,
        f"{corpus}_value_acc": round(tally.correct_given_spans / tally.gold, 4)
        if tally.gold
        else 0.0,
        f"{corpus}_value_acc_isolated": round(tally.correct_isolated / tally.gold, 4)
        if tally.gold
        else 0.0,
        f"{corpus}_sentences_per_s": round(tally.sentences / tally.seconds) if tally.seconds else 0,
    }
    for key, (right, found) in sorted((tally.hits or {}).items()):
        precision = right / tally.predicted if tally.predicted else 0.0
        recall = found / tally.gold if tally.gold else 0.0
        out[f"{corpus}_{key}_p"] = round(precision, 4)
        out[f"{corpus}_{key}_r"] = round(recall, 4)
        out[f"{corpus}_{key}_f1"] = round(_f1(precision, recall), 4)
    return out


def iter_documents(data: Path, corpus: str, limit: int | None = None) -> Iterator[TimeDoc]:
    for path in corpus_files(data, corpus, limit):
        yield load_tml(path)


def run_time_eval(data: Path, *, limit: int | None = None) -> dict[str, float | int]:
    """Figures for tbaq and wikiwars (see the module docstring); `data` is the datasets
    folder (or its time/ folder); `limit` caps the documents read per corpus."""
    figures: dict[str, float | int] = {}
    for corpus, mode in CORPORA.items():
        tally = _Tally()
        for doc in iter_documents(data, corpus, limit):
            _score_document(doc, mode, tally)
        figures.update(_figures(corpus, tally))
    return figures


if __name__ == "__main__":  # python -m truceline.evaluation.time ../shared/datasets [limit]
    import json
    import sys

    result = run_time_eval(Path(sys.argv[1]), limit=int(sys.argv[2]) if len(sys.argv) > 2 else None)
    print(json.dumps(result, indent=1))
