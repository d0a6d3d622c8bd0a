"""Bytes to text: the one place where raw input bytes become a `str`.

Scraped pages arrive in whatever encoding the site used, often mislabelled. The cascade:
1. a byte-order mark names the encoding (UTF-8/16/32);
2. strict UTF-8 (most of the web since ~2010, and every seed);
3. an encoding declared in an HTML ``<meta charset>`` / ``http-equiv`` near the top,
   if Python knows it and it decodes cleanly;
4. cp1252, the de-facto meaning of "latin-1" on the web (its extra punctuation is what
   mislabelled pages use), with undefined bytes taken as latin-1 so that nothing fails;
5. unless cp1252 reads as a mess and the page is in another script (Arabic in cp1256,
   Russian in cp1251, with no charset declared): then the encoding charset-normalizer
   detects, when its reading is clean and its letters are mostly not Latin. Between
   Latin code pages its guesses are noise (cp1250, iso8859-10 or latin-1 for English
   pages), so those stay with cp1252.
NUL bytes and other C0 control characters (except tab/newline) are dropped afterwards:
they come from binary junk or UTF-16 read as 8-bit and only break later stages.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)
# How far into a page a charset declaration is looked for: HTML5 requires it in the
# first 1024 bytes; 4096 also covers pages with long comments or scripts before it.
_META_SCAN_BYTES = 4096
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Step 5, calibrated with charset-normalizer's mess ratio (0 clean .. 1 garbage) of the
# cp1252 reading: the 12 CleanEval dev pages that reach step 4 score at most 0.001, a
# page mixing UTF-8 and latin-1 0.07 (both read right by cp1252), short news texts of our
# own in Russian (cp1251) 0.54 and Arabic (cp1256) 0.99. A detected encoding is used only
# past MESSY and when its own reading scores under CLEAN. A CleanEval gold text that is
# UTF-8 with one broken byte scores 1.0 in cp1252 and 0.001 in the cp1250 guessed for
# it, as wrong as cp1252: hence NON_LATIN, the share of its non-ASCII letters a detected
# reading must have outside the Latin script (Arabic and Russian texts: 1.0; that cp1250
# reading: 0.0), over at least MIN_LETTERS of them.
MESSY = 0.2
CLEAN = 0.05
NON_LATIN = 0.8
MIN_LETTERS = 20
# The mess ratio is measured on this many characters of the text (it reads them one by
# one in Python; a page's first 100,000 say enough).
_MESS_SAMPLE = 100_000


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_META_SCAN_BYTES])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _cp1252_lenient(data: bytes) -> str:
    # cp1252 leaves five bytes (0x81, 0x8d, 0x8f, 0x90, 0x9d) undefined: a page that
    # holds one of them is read as latin-1 instead, so decoding never fails.
    if _decodes(data, "cp1252"):
        return data.decode("cp1252")
    return data.decode("latin-1")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _raw_decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared and declared not in ("utf-8", "ascii") and _decodes(data, declared):
        return data.decode(declared)
    western = _cp1252_lenient(data)
    return _detected(data, western) or western


def _detected(data: bytes, western: str) -> str | None:
    """The text in the encoding charset-normalizer detects, when the cp1252 reading
    `western` is a mess and the detected one is clean; else None."""
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    if mess_ratio(western[:_MESS_SAMPLE], maximum_threshold=MESSY) < MESSY:
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding in ("cp1252", "latin_1"):
        return None
    text = data.decode(best.encoding, errors="replace")
    sample = text[:_MESS_SAMPLE]
    if mess_ratio(sample, maximum_threshold=CLEAN) >= CLEAN or not _mostly_non_latin(sample):
        return None
    return text


def _mostly_non_latin(text: str) -> bool:
    letters = [c for c in text if ord(c) > 0x7F and c.isalpha()]
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return len(letters) >= MIN_LETTERS and len(letters) - latin >= NON_LATIN * len(letters)


def decode(data: bytes) -> str:
    """Decode raw bytes robustly (BOM, UTF-8, declared charset, cp1252/latin-1) and strip
    NULs and control characters. Never raises on odd bytes; returns "" for b""."""
    if not data:
        return ""
    text = _raw_decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)
