"""One vocabulary for every output: the words a reader sees for an event's kind.

The data keeps its codes (PLOVER categories such as ``ASSAULT``, ACLED sub-event codes
such as ``ART_MISS_ATTACK``, modalities); everything a person reads — the web page's
filters, table, panel, legend and timeline, the terminal timeline, the reports, the
CSV's ACLED columns and the API's labels — takes its words from here:

- an ACLED sub-event is named as ACLED's codebook names it ("Shelling/artillery/missile
  attack"), with ACLED's event type ("Explosions/Remote violence") and disorder type;
- the five CASE-2021 labels that are not ACLED sub-events (``DIPLO``, ``ATTRIB``,
  ``ORG_CRIME`` and the two disasters) get plain names; ACLED files them under
  Strategic developments / Other;
- a PLOVER category gets plain words ("Assault", "Consult (talks, meetings)") and a
  group that decides its colour: violence, agreements, talks, statements, aid, protest.

Colours are chosen per group (reds for violence, greens for agreements, ...), one shade
per category, so the map, the legend and the timeline agree. What did not happen as
reported (planned, demanded, threatened, denied, hypothetical) keeps its category's
colour but is drawn hollow and dashed; `reported_as_happened` says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from truceline.models import Event


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    label: str
    group: str
    colour: str
    # Happens where it is placed (fighting, arrests, withdrawals, aid, protest), as
    # opposed to talks, statements and signings, often placed at a far-off venue.
    ground: bool = False


GROUPS = (
    Group("violence", "Violence and force"),
    Group("agreement", "Agreements, concessions, withdrawals"),
    Group("talks", "Talks and diplomacy"),
    Group("statement", "Statements: demands, accusations, refusals, threats"),
    Group("aid", "Aid and support"),
    Group("protest", "Protests and sanctions"),
)

# PLOVER's 16 categories plus CRIME, in plain words (PLOVER codebook definitions).
CATEGORIES = (
    Category("ASSAULT", "Assault (use of force)", "violence", "#c0392b", ground=True),
    Category("COERCE", "Coerce (arrests, blockades, seizures)", "violence", "#922b21", ground=True),
    Category("CRIME", "Crime", "violence", "#6e2c00", ground=True),
    Category("MOBILIZE", "Mobilize forces", "violence", "#e74c3c", ground=True),
    Category("AGREE", "Agree (deals, ceasefires)", "agreement", "#1e8449"),
    Category("CONCEDE", "Concede", "agreement", "#58d68d"),
    Category("RETREAT", "Retreat, withdraw, release", "agreement", "#0e6655", ground=True),
    Category("COOPERATE", "Cooperate", "agreement", "#45b39d"),
    Category("CONSULT", "Consult (talks, meetings, visits)", "talks", "#6c3483"),
    Category("REQUEST", "Request, demand", "statement", "#d68910"),
    Category("ACCUSE", "Accuse", "statement", "#a04000"),
    Category("REJECT", "Reject, refuse", "statement", "#b9770e"),
    Category("THREATEN", "Threaten", "statement", "#f39c12"),
    Category("AID", "Give aid", "aid", "#1f618d", ground=True),
    Category("SUPPORT", "Support, praise", "aid", "#5dade2"),
    Category("PROTEST", "Protest", "protest", "#b7950b", ground=True),
    Category("SANCTION", "Sanction", "protest", "#7d6608"),
)
CATEGORY = {c.code: c for c in CATEGORIES}
UNKNOWN_COLOUR = "#566573"

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"

# ACLED sub-event code -> (event_type, sub_event_type, disorder_type), as ACLED's
# codebook names them. Codes are those of the CASE-2021 label set the extractor uses.
ACLED_SUB_EVENTS: dict[str, tuple[str, str, str]] = {
    "GOV_REGAINS_TERIT": ("Battles", "Government regains territory", POLITICAL_VIOLENCE),
    "NON_STATE_ACTOR_OVERTAKES_TER": (
        "Battles",
        "Non-state actor overtakes territory",
        POLITICAL_VIOLENCE,
    ),
    "ARMED_CLASH": ("Battles", "Armed clash", POLITICAL_VIOLENCE),
    "CHEM_WEAP": ("Explosions/Remote violence", "Chemical weapon", POLITICAL_VIOLENCE),
    "AIR_STRIKE": ("Explosions/Remote violence", "Air/drone strike", POLITICAL_VIOLENCE),
    "SUIC_BOMB": ("Explosions/Remote violence", "Suicide bomb", POLITICAL_VIOLENCE),
    "ART_MISS_ATTACK": (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        POLITICAL_VIOLENCE,
    ),
    "REM_EXPLOS": (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        POLITICAL_VIOLENCE,
    ),
    "GRENADE": ("Explosions/Remote violence", "Grenade", POLITICAL_VIOLENCE),
    "SEX_VIOL": ("Violence against civilians", "Sexual violence", POLITICAL_VIOLENCE),
    "ATTACK": ("Violence against civilians", "Attack", POLITICAL_VIOLENCE),
    "ABDUCT_DISSAP": (
        "Violence against civilians",
        "Abduction/forced disappearance",
        POLITICAL_VIOLENCE,
    ),
    "PEACE_PROTEST": ("Protests", "Peaceful protest", DEMONSTRATIONS),
    "PROTEST_WITH_INTER": ("Protests", "Protest with intervention", DEMONSTRATIONS),
    # ACLED files force used on protesters as both political violence and a demonstration
    "FORCE_AGAINST_PROTEST": (
        "Protests",
        "Excessive force against protesters",
        f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
    ),
    "VIOL_DEMONSTR": ("Riots", "Violent demonstration", DEMONSTRATIONS),
    "MOB_VIOL": ("Riots", "Mob violence", DEMONSTRATIONS),
    "AGREEMENT": (STRATEGIC, "Agreement", STRATEGIC),
    "ARREST": (STRATEGIC, "Arrests", STRATEGIC),
    "CHANGE_TO_GROUP_ACT": (STRATEGIC, "Change to group/activity", STRATEGIC),
    "DISR_WEAP": (STRATEGIC, "Disrupted weapons use", STRATEGIC),
    "HQ_ESTABLISHED": (STRATEGIC, "Headquarters or base established", STRATEGIC),
    "PROPERTY_DISTRUCT": (STRATEGIC, "Looting/property destruction", STRATEGIC),
    "NON_VIOL_TERRIT_TRANSFER": (STRATEGIC, "Non-violent transfer of territory", STRATEGIC),
    "OTHER": (STRATEGIC, "Other", STRATEGIC),
}
# CASE-2021 labels with no ACLED sub-event: their own words; ACLED-wise "Other". CASE's
# ATTRIB holds claims, accusations and denials of who did a violent or hostile act.
OTHER_SUB_EVENTS = {
    "DIPLO": "Diplomatic event",
    "ATTRIB": "Attribution of responsibility",
    "ORG_CRIME": "Organised crime",
    "MAN_MADE_DISASTER": "Man-made disaster",
    "NATURAL_DISASTER": "Natural disaster",
}
# Without an ACLED sub-event, a PLOVER category still has a natural ACLED home.
PLOVER_TO_ACLED = {
    "ASSAULT": ACLED_SUB_EVENTS["ARMED_CLASH"],
    "AGREE": ACLED_SUB_EVENTS["AGREEMENT"],
    "PROTEST": ACLED_SUB_EVENTS["PEACE_PROTEST"],
}
DEFAULT_ACLED = ACLED_SUB_EVENTS["OTHER"]

MODALITIES = {
    "happened": "happened",
    "planned": "planned",
    "demanded": "demanded",
    "threatened": "threatened",
    "denied": "denied",
    "hypothetical": "hypothetical",
}


def _name_code(name: str) -> str:
    """ "Shelling/artillery/missile attack" -> "SHELLING_ARTILLERY_MISSILE_ATTACK"."""
    return re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")


# A sub-event may also be written as its ACLED name in code form; both spellings work.
_BY_NAME_CODE = {_name_code(v[1]): k for k, v in ACLED_SUB_EVENTS.items()}


def sub_event_code(code: str | None) -> str | None:
    """The canonical code of a sub-event written either way, or the code unchanged."""
    if not code:
        return None
    upper = code.upper()
    return upper if upper in ACLED_SUB_EVENTS else _BY_NAME_CODE.get(upper, upper)


def acled_types(event: Event) -> tuple[str, str, str]:
    """ACLED's (event_type, sub_event_type, disorder_type) names for an event."""
    code = sub_event_code(event.acled_sub_event)
    return ACLED_SUB_EVENTS.get(code or "") or PLOVER_TO_ACLED.get(event.type) or DEFAULT_ACLED


def _words(code: str) -> str:
    return code.replace("_", " ").capitalize()


def type_label(code: str | None) -> str:
    """A PLOVER category in plain words."""
    if not code:
        return ""
    category = CATEGORY.get(code.upper())
    return category.label if category else _words(code)


def sub_event_label(code: str | None) -> str:
    """An ACLED (or CASE-2021) sub-event as ACLED names it, or plain words."""
    canonical = sub_event_code(code)
    if canonical is None:
        return ""
    if canonical in ACLED_SUB_EVENTS:
        return ACLED_SUB_EVENTS[canonical][1]
    return OTHER_SUB_EVENTS.get(canonical) or _words(canonical)


def modality_label(code: str | None) -> str:
    return MODALITIES.get(code or "", code or "")


def event_label(event: Event) -> str:
    """What the event was, in words: its ACLED sub-event, else its PLOVER category."""
    return sub_event_label(event.acled_sub_event) or type_label(event.type)


def reported_as_happened(modality: str | None) -> bool:
    return modality in (None, "", "happened")


def colour(code: str | None) -> str:
    category = CATEGORY.get((code or "").upper())
    return category.colour if category else UNKNOWN_COLOUR


def vocabulary() -> dict[str, Any]:
    """Everything above, for the API and the web page (`GET /api/vocabulary`). A
    sub-event is listed under its code and under its ACLED name in code form."""
    acled = {
        code: {"label": sub, "acled_event_type": kind, "disorder_type": disorder}
        for code, (kind, sub, disorder) in ACLED_SUB_EVENTS.items()
    }
    aliases = {name: acled[code] for name, code in _BY_NAME_CODE.items() if name not in acled}
    return {
        "groups": [{"code": g.code, "label": g.label} for g in GROUPS],
        "types": [
            {
                "code": c.code,
                "label": c.label,
                "group": c.group,
                "colour": c.colour,
                "ground": c.ground,
            }
            for c in CATEGORIES
        ],
        "sub_events": {
            **acled,
            **aliases,
            **{
                code: {
                    "label": label,
                    "acled_event_type": DEFAULT_ACLED[0],
                    "disorder_type": DEFAULT_ACLED[2],
                }
                for code, label in OTHER_SUB_EVENTS.items()
            },
        },
        "modalities": [
            {"code": code, "label": label, "happened": reported_as_happened(code)}
            for code, label in MODALITIES.items()
        ],
        "unknown_colour": UNKNOWN_COLOUR,
    }
