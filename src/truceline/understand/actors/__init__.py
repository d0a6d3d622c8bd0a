"""The actor table, and finding actors and the people who speak for them in text.

`ActorTable` holds who acts in the Syrian war and its ceasefire deals (packaged
``data/actors.yaml``, extended by a user's YAML or CSV file): aliases, a kind, an ACLED
inter code, a parent body. `ActorTable.find` reads a text in one pass over its tokens:

1. table aliases through one token trie, longest match first ("Syrian Arab Army", not
   "Syria"); tokens are folded (case, diacritics, apostrophes; al-/a-/el-/ash- are one
   Arabic article), an inner "the" is optional, and outlet names are skipped ("told Syria
   Direct" is not Syria);
2. people tied to an organisation where the text says so: "<org> spokesman <Name>",
   "<Name>, spokesman of <org>", "<role> in <org>, <Name>"; a linked person's surname
   elsewhere in the text carries the link;
3. spaCy's ORG and PERSON entities, as hints only where the table found nothing: an ORG
   shaped like an organisation is an unlisted actor (id ""), a PERSON shaped like a name a
   person mention. The small model's mislabels ("Homs" as PERSON) fail the shape tests.

Modules, lowest first: `tokens` (folded tokens and word lists), `entries` (the table's
files: read, checked, merged), `people` (names tied to organisations, entity hints),
`table` (`ActorTable`), `states` (actors named by role and country in ACLED's
conventions: "Military Forces of Ukraine (2019-)", "Protesters (Pakistan)").

May import: the ground floor and `understand.outlets` (outlet names are skipped).
"""

from truceline.understand.actors.entries import ActorEntry, read_entries
from truceline.understand.actors.table import ActorTable
from truceline.understand.actors.tokens import Token, fold, tokenize

__all__ = ["ActorEntry", "ActorTable", "Token", "fold", "read_entries", "tokenize"]
