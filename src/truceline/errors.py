"""All of truceline's errors, in one catalogue with codes and exit statuses.

Exception tree::

    TrucelineError (exit 1)
    ├── InputError (exit 3)           one input file or record cannot be read; the batch goes on
    │   ├── UnsupportedInput          E101 unknown file kind
    │   ├── UnreadableInput           E102 missing, not a file, permission, I/O error
    │   ├── EmptyInput                E103 no bytes, or no text after decoding
    │   ├── InputTooLarge             E104 over the configured size limit
    │   ├── BadRecord                 E105 a JSONL row or archive record that cannot be used
    │   ├── NoContent                 E106 cleaning found no article text
    │   ├── ProcessingFailed          E107 a stage raised on this input (a bug: please report it)
    │   └── DateOutOfRange            E108 a date of the input lies outside the years supported
    ├── StoreError (exit 4)           E201 the store file is not a truceline store / newer schema
    │   └── StoreUnwritable           E202 the store cannot be written (disk full, read-only, I/O)
    ├── ModelMissing (exit 5)         E301 no spaCy English model installed
    ├── DataError (exit 6)            E401 a data table (gazetteer, actors, outlets) is malformed
    ├── EvalDataError (exit 7)        E501 an evaluation file cannot be read
    └── OutputError (exit 8)          E601 an output file (export, report) cannot be written

A run that finishes with failed inputs exits with InputError's status (3): every input
that could be used is stored, and each failure is recorded (`truceline errors`).

The CLI turns any of these into a one-line message ``error E102: path: reason`` and
exits with the status; per-input errors are recorded in the store and the run goes on.
"""

from __future__ import annotations


class TrucelineError(Exception):
    code = "E001"
    exit_code = 1
    template = "{detail}"

    def __init__(self, detail: str = "", *, source: str | None = None) -> None:
        self.detail = detail
        self.source = source
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = self.template.format(detail=self.detail)
        return f"{self.source}: {text}" if self.source else text

    def __str__(self) -> str:
        return f"error {self.code}: {self.message}"


class InputError(TrucelineError):
    code = "E100"
    exit_code = 3


class UnsupportedInput(InputError):
    code = "E101"
    template = (
        "unsupported input kind ({detail}); "
        "expected .html, .htm, .txt, .jsonl, .warc[.gz] or .wet[.gz]"
    )


class UnreadableInput(InputError):
    code = "E102"
    template = "cannot read: {detail}"


class EmptyInput(InputError):
    code = "E103"
    template = "empty input: {detail}"


class InputTooLarge(InputError):
    code = "E104"
    template = "too large: {detail}"


class BadRecord(InputError):
    code = "E105"
    template = "bad record: {detail}"


class NoContent(InputError):
    code = "E106"
    template = "no article text found: {detail}"


class ProcessingFailed(InputError):
    code = "E107"
    template = "processing failed: {detail}"


class DateOutOfRange(InputError):
    code = "E108"
    template = "date out of range: {detail}"


class StoreError(TrucelineError):
    code = "E201"
    exit_code = 4
    template = "store problem: {detail}"


class StoreUnwritable(StoreError):
    code = "E202"
    template = "cannot write the store: {detail}"


class ModelMissing(TrucelineError):
    code = "E301"
    exit_code = 5
    template = "no spaCy English model is installed (tried {detail}); reinstall truceline"


class DataError(TrucelineError):
    code = "E401"
    exit_code = 6
    template = "bad data table: {detail}"


class EvalDataError(TrucelineError):
    code = "E501"
    exit_code = 7
    template = "cannot read evaluation data: {detail}"


class OutputError(TrucelineError):
    code = "E601"
    exit_code = 8
    template = "cannot write output: {detail}"
