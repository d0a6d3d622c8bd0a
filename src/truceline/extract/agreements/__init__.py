"""Agreement mentions of one document (the resolution order is described in `extractor`).

Modules, lowest first: `sameness` (when two dates can be one deal's), `parse` (sentence
helpers over the parse), `phrases` (agreement phrases and their kinds), `provisions`
(provision categories, deadlines, status), `claims` (what a sentence claims of an
agreement: dates, zone, parties, guarantors), `zones` (zone or venue, the deal's country),
`extractor` (`extract_agreements`).
"""

from truceline.extract.agreements.extractor import extract_agreements, mention_id

__all__ = ["extract_agreements", "mention_id"]
