"""Lexical cues of page furniture in text dumps: the words and shapes that mark a line as
a widget, a share bar, a donation appeal, a comment section, a related-links list, an
article footer, a photo caption or a byline.

Each pattern is anchored on the whole line (or its start) and kept short: a line is
furniture only when it is little besides the cue, so a body sentence that happens to
contain "subscribe" or "comment" stays body. The word lists were gathered from the five
seeds and the ScrapingHub dev text dumps (104 pages), and kept general (no outlet names).
"""

from __future__ import annotations

import re

_I = re.I

# Widgets and navigation: counters, prices, reading time, ads, login, cookie banners.
WIDGET = re.compile(
    r"^(?:"
    r"[$€£¥₩]\s?[\d][\d,. ]*|[\d][\d,. ]*\s?(?:[$€£¥₩]|usd|eur|gbp)"  # donation amounts "5,000 $"
    r"|\d+"  # bare counters
    r"|\d+\s*(?:min(?:ute)?s?|mins?)\.?\s*(?:read|reading(?: time)?)"  # "4 min read"
    r"|(?:reading time|read time)\W*\d+.*"
    r"|advertisement|advert|ad|ads|sponsored(?: content| links?)?|promoted(?: content)?"
    r"|skip (?:to|over) .{0,40}|jump to.{0,30}"
    r"|log ?in|sign ?in|sign ?up|log ?out|register|my account|menu|search|home|close|open"
    r"|continue reading.{0,40}|read more|load more|show more|see more|more|next|previous"
    r"|back to top"
    r"|we use cookies.*|.{0,80}\bcookies?\b.{0,60}(?:accept|consent|policy|settings).{0,40}"
    r"|(?:accept|i accept|got it|ok|agree)(?: all)?(?: cookies)?"
    r"|print(?: this)?(?: article| page| story)?|print(?:able|er) (?:friendly|version).{0,20}"
    r"|print friendly"
    r"|e-?mail(?: this)?(?: article| story| page)?(?: to a friend)?|font size.{0,20}|(?:in"
    r"|de)crease text size|listen(?: to (?:this|the) (?:article|story))?"
    r"|(?:all )?rights reserved.{0,40}|(?:copyright|©|\(c\)).{0,120}|privacy policy"
    r"|terms (?:of use|and conditions|of service)"
    r"|contact(?: us)?|about(?: us)?|advertise(?: with us)?|newsletters?|sitemap|site map"
    r"|rss(?: feeds?)?"
    r"|photo gallery|video|watch|audio|podcast|loading.{0,5}|image \d+ of \d+|\d+ of \d+"
    r")\W*$",
    _I,
)
SHARE = re.compile(
    r"^(?:share|tweet|pin|like|follow)\b.{0,60}$"
    r"|^(?:facebook|twitter|whatsapp|telegram|linkedin|reddit|pocket|flipboard|pinterest"
    r"|e-?mail|messenger|copy link|vk|tumblr|instagram|youtube)(?:\W+\w+){0,2}\W*$"
    r"|^subscribe\b.{0,80}$|^.{0,40}\bsubscribe to\b.{0,60}$|^sign up for\b.{0,80}$"
    r"|^(?:get|receive) (?:our|the)\b.{0,40}newsletter.{0,40}$"
    r"|^.{0,30}\b(?:newsletter|rss feed)\W*$",
    _I,
)
DONATION = re.compile(
    # "Support SouthFront", "Support Enab Baladi..": the outlet's name is capitalised.
    r"^(?i:support|donate to)\s+(?P<outlet>[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,3}?)[\W_]*$"
    r"|^(?i:.{0,40}\b(?:click here to (?:support|donate)|make a donation|donate(?: now| today)?"
    r"|become a (?:patron|member|supporter)|support (?:us|our work"
    r"|independent journalism))\b.{0,60})$"
    r"|^(?i:.{0,40}(?:\$|€|£)\s?\d+(?:\.\d\d)? (?:a|per) (?:month|week|year)\b.{0,40})$"
    r"|^(?i:.{0,60}\bwe need your support\b.{0,60})$",
)
COMMENT_HEADER = re.compile(
    r"^(?:"
    r"notify of|\d+\s+(?:comments?|responses?|replies|thoughts? on .{0,80})"
    r"|(?:no |show |view |hide |read |see |all |reader |user |add |post |leave |write )?(?:a "
    r"|the |all |your )?"
    r"(?:comments?|replies|responses)(?: \(\d+\))?"
    r"|leave a (?:reply|comment|response).{0,40}|post a comment|join the (?:discussion"
    r"|conversation)"
    r"|newest most voted|oldest newest most voted|inline feedbacks|view all comments"
    r"|(?:tell us|let us know) what (?:you|YOU) think.{0,10}|what do you think\?|discussion"
    r"|(?:article|story|reader|user)s? comments?|(?:post|add|leave|write) a comment (?:on|to"
    r"|about) (?:this|the) .{0,20}"
    r"|comments? (?:are|is) closed.{0,20}|you must be logged in to post a comment.{0,10}"
    r"|(?:sort|sorted) by (?:newest|oldest|best|top).{0,20}|\d+ comments? so far"
    r")\W*$",
    _I,
)
RELATED = re.compile(
    r"^(?:related(?: articles?| posts?| stories| news| content| coverage| reading| links| topics)?"
    r"|(?:more|read|see) (?:also|more)(?: on| from| in| about)?.{0,40}|also read.{0,40}|read next"
    r"|more (?:from|in|on|about|stories|news|articles).{0,40}|you (?:may"
    r"|might) (?:also )?(?:like|enjoy).{0,20}"
    r"|recommended(?: for you| stories| reading)?|(?:the )?most (?:read|popular|viewed|shared"
    r"|commented|e-?mailed).{0,30}"
    r"|related (?:videos?|photos?|galleries|audio|searches|tags|items)|also (?:today|on|in) .{0,40}"
    r"|trending(?: now| stories)?|latest(?: news| stories| articles)?|popular(?: posts| stories)?"
    r"|top stories|other news|editor'?s picks?|don'?t miss|what to read next|post navigation"
    r"|(?:previous|next) (?:post|article|story)\b.{0,120}|recent posts|in (?:other"
    r"|case you missed).{0,20}"
    r"|want (?:more|to read more).{0,40}|(?:read|see) (?:the )?(?:latest|more stories).{0,40}"
    r")\W*$",
    _I,
)
FOOTER = re.compile(
    r"^\W{0,3}(?:published in|posted in|filed under|categories|category|tags?|topics?"
    r"|tagged(?: with)?"
    r"|keywords)\b\s*:?.{0,120}$",
    _I,
)
CAPTION = re.compile(
    r"^(?:illustrative (?:image|photo|picture)|illustration|file (?:photo|image|picture)"
    r"|(?:photo|image|picture|photograph|credit|source|video)s?\s*(?:credit)?\s*:.{0,150})\W*$"
    r"|\b(?:photo|image|picture)s? (?:courtesy of|by|credit|via)\b.{0,100}$"
    r"|[.!?]\s+(?:photo|image|picture|photograph)s?\s*:\s*[^.!?]{2,80}$"
    r"|\((?:photo|image|picture)s?\b[^()]{0,80}\)\W*$"
    r"|\b(?:getty images|shutterstock|istock(?:photo)?)\b.{0,40}$",
    _I,
)
# Every CAPTION alternative holds one of these: a cheap first test before the regex.
CAPTION_WORDS = (
    "photo",
    "image",
    "picture",
    "illustrat",
    "credit",
    "source",
    "video",
    "getty",
    "shutterstock",
    "istock",
)
_CAPTION_WORD = re.compile("|".join(CAPTION_WORDS))


def has_caption_word(lower: str) -> bool:
    """One regex scan instead of ten substring tests (the text cleaner's hot path)."""
    return _CAPTION_WORD.search(lower) is not None


# "Valeriy Sharifulin/TASS", "Mahmoud Taha/AFP": a 1–4 word name, a slash, an agency.
PHOTO_CREDIT = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*/\s*"
    r"(?:[A-Z][A-Z&.-]+|(?i:getty images|reuters|associated press|anadolu(?: agency)?|sputnik"
    r"|xinhua))"
    r"(?:\s+[A-Z][\w&.-]*)?\W*$"
)
# A caption that ends in the outlet's or agency's credit: "... – 1 August 2017 (Enab Baladi)".
CREDIT_END = re.compile(r"\((?P<credit>[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,3})\)\W*$")
BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|author|reporter|reported by|text by)\s*:?\s+"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|and|&)){0,5})",
    _I,
)
AUTHOR_ROLE = re.compile(
    r"^(?:staff|senior|chief|special|foreign|political|opinion)?\s*(?:writer|reporter|correspondent"
    r"|columnist|editor|contributor)\W*$",
    _I,
)
COPYRIGHT = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"(?P<outlet>[A-Z][\w'’&-]*(?:\.[A-Za-z]+)?(?:\s+[A-Z][\w'’&-]*(?:\.[A-Za-z]+)?){0,3})",
    _I,
)
# Agencies are credited in captions and datelines of many outlets: not the page's outlet.
AGENCIES = frozenset(
    {"afp", "ap", "reuters", "getty", "getty images", "epa", "sana", "tass", "ria novosti"}
    | {"anadolu", "xinhua", "dpa", "upi", "ansa", "efe", "shutterstock"}
)
LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[•·▪►*-])\s+\S")
# A teaser card's headline run into its excerpt with no space between ("... Student-AthleteA
# 24-year-old woman was ..."): a lower-case letter run into a capital, after 3+ words.
GLUED_HEADLINE = re.compile(r"[a-z]{3}[A-Z]")
# A teaser: an excerpt cut short, ending in an ellipsis.
TRUNCATED = re.compile(r"(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*$")

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves said says
    according since however there's it's that's who's what's""".split()  # noqa: SIM905
)
# Pronouns and cues of a reader speaking for himself, as comments do and news copy rarely
# does outside quotes.
OPINION = re.compile(
    r"\b(?:i|i'm|i’m|i've|i’ve|my|me|you|your|you're|you’re|lol|imho|imo|stupid|idiot|idiots"
    r"|rats|too bad|shame|disgusting|agree|hope|looking forward|why are|why is)\b|!|\?",
    _I,
)
