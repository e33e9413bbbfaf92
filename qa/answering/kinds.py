"""What kind of answer a question asks for, and whether a short answer is one.

The reader points at the span it rates best, whatever its kind: "which show was renewed?" can get
"South Korean" (the show's adjective), "which grocery item rose most?" a percentage, "which
official tested positive?" a job title.  A short answer is shown in headline type, so one of the
wrong kind is worse than none: the answer stage (``qa.answering.compose``) takes the reader's best
span of the asked kind instead, or shows the sentence alone.

The kind is read only from words that say it for sure ("how many", "when", "which city", "which
show"); a question that says none ("what did she say?") is not checked.  A quiz-style question
retells the story first, so the kind is read from its last sentence.  The checks reject only what
cannot be of the kind (no digit for a number, a number for a name, a demonym or a job title for a
name); they do not try to tell a person from a place.
"""

from __future__ import annotations

import re

from qa.reading.read import asked as question_proper

_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                 r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                 r"hundred|thousand|million|billion|trillion|dozen|dozens|half|once|twice|single|double|triple|"
                 r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|several|few|many|no|none")
_NUMBER = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_TIME = re.compile(
    rf"\d|\b(?:{_MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|"
    r"tonight|morning|afternoon|evening|night|noon|midnight|week|weekend|month|year|decade|century|spring|"
    r"summer|autumn|fall|winter|ago|earlier|later|since|until|before|after|during|when|early|late|mid|"
    r"christmas|easter|new year|season|era|period|age)s?\b", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# "South Korean", "British", "Chinese": a name's adjective, not the name (a closed list: a suffix rule
# would also take "Messi", "Morgan" or "Parrish").
_DEMONYM = re.compile(
    r"^(?:the\s+)?(?:(?:north|south|east|west|northern|southern|eastern|western|central)\s+)?(?:"
    r"american|british|english|scottish|welsh|irish|french|german|italian|spanish|portuguese|dutch|belgian|"
    r"swiss|austrian|swedish|norwegian|danish|finnish|icelandic|polish|czech|slovak|hungarian|romanian|"
    r"bulgarian|greek|turkish|russian|ukrainian|belarusian|serbian|croatian|bosnian|albanian|european|"
    r"chinese|japanese|korean|taiwanese|vietnamese|thai|indian|pakistani|afghan|iranian|iraqi|syrian|"
    r"israeli|palestinian|lebanese|jordanian|saudi|emirati|qatari|yemeni|egyptian|libyan|tunisian|"
    r"algerian|moroccan|nigerian|kenyan|ethiopian|somali|sudanese|ugandan|ghanaian|african|asian|arab|"
    r"canadian|mexican|cuban|brazilian|argentine|argentinian|chilean|colombian|venezuelan|peruvian|latin|"
    r"australian|indonesian|filipino|malaysian|singaporean|bangladeshi|nepali|tibetan|mongolian|kurdish|"
    r"democratic|republican|conservative|liberal|federal|national|international|local|foreign|domestic"
    r")s?$", re.IGNORECASE)
# Words a job title is made of: "the health secretary", "Chief Medical Officer", "a spokesman".
_TITLE_WORDS = re.compile(
    r"^(?:the|a|an|former|then|acting|deputy|vice|assistant|senior|chief|head|top|lead|general|state|federal|"
    r"national|city|county|health|foreign|finance|defen[cs]e|interior|home|prime|executive|medical|press|"
    r"secretary|minister|president|chairman|chairwoman|chair|ceo|cfo|coo|director|officer|official|"
    r"spokesman|spokeswoman|spokesperson|governor|senator|mayor|judge|attorney|commissioner|manager|coach|"
    r"captain|leader|founder|owner|editor|reporter|analyst|expert|adviser|advisor|ambassador|envoy|general|"
    r"commander|police|of|for|and|u\.?s\.?|uk|house|senate|department|ministry|board|company|firm|\W+)$",
    re.IGNORECASE)

# Words that name nothing on their own: articles and directions ("the South Korean show").
_PLAIN = {"the", "an", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
          "new", "popular", "famous", "hit", "wildly", "very", "most", "its", "his", "her", "their"}

PERSON_NOUNS = (r"person|man|woman|boy|girl|official|politician|player|actor|actress|singer|rapper|musician|artist|"
           r"author|writer|journalist|reporter|director|producer|coach|manager|captain|athlete|driver|candidate|"
           r"senator|lawmaker|minister|president|leader|executive|ceo|founder|judge|lawyer|attorney|doctor|"
           r"scientist|researcher|professor|spokesman|spokeswoman|spokesperson|victim|suspect|member|star|"
           r"quarterback|pitcher|goalie|goalkeeper|striker|winner|chef|comedian|host|anchor|governor|mayor|"
           r"son|daughter|wife|husband|brother|sister|father|mother")
_ORGANISATION = (r"company|companies|firm|organi[sz]ation|group|agency|team|club|party|network|channel|"
                 r"broadcaster|studio|label|bank|university|college|school|band|brand|carrier|airline|"
                 r"automaker|carmaker|retailer|startup|publisher|newspaper|outlet|union|department|ministry|"
                 r"government|court|charity|foundation|institute|committee|council|league|manufacturer|maker|"
                 r"developer|service|platform|app|website|site|store|chain|hospital|airport")
_PLACE = (r"city|country|countries|state|town|village|place|park|venue|region|island|county|province|nation|"
          r"continent|street|stadium|arena|capital|neighbou?rhood|district|area|location|site|river|lake|"
          r"mountain|border|port|base|prison|campus|borough|suburb|territory|destination")
_WORK = (r"show|film|movie|book|novel|song|album|series|play|podcast|documentary|game|video game|painting|"
         r"opera|musical|episode|sequel|single|track|title|law|bill|act|treaty|report|study|paper|magazine|"
         r"programme|program|sitcom|drama|franchise")

_KINDS = (
    ("percent", re.compile(r"\b(?:what|which)\s+(?:percent(?:age)?|share|proportion|fraction)\b|"
                           r"\bby\s+how\s+(?:much|many\s+percent)\b|\bhow\s+many\s+percent\b", re.IGNORECASE)),
    ("money", re.compile(r"\bhow\s+much\s+(?:money|cash|funding|(?:did|does|do|will|would)(?:\s+\w+){1,4}?\s+"
                         r"(?:cost|pay|raise|earn|spend|sell\s+for|charge|fetch|lose)|is\s+the\s+"
                         r"(?:price|cost|fine|fee))|\b(?:what|which)\s+(?:is\s+the\s+|was\s+the\s+)?"
                         r"(?:price|cost|salary|fee|fine|budget|revenue|valuation|sum|amount\s+of\s+money)\b",
                         re.IGNORECASE)),
    ("number", re.compile(r"\bhow\s+(?:many|much|old|long|far|big|large|tall|high|deep|fast|often)\b|"
                          r"\b(?:what|which)\s+(?:number|age|score|rank|ranking|position|total)\b",
                          re.IGNORECASE)),
    ("date", re.compile(r"^\W*when\b|\b(?:what|which)\s+(?:year|date|day|month|time|decade|century|season)\b|"
                        r"\bin\s+what\s+year\b", re.IGNORECASE)),
    ("person", re.compile(r"^\W*(?:who|whom)\b|\bwhose\s+name\b", re.IGNORECASE)),
    ("place", re.compile(rf"^\W*where\b|\b(?:which|what)\s+(?:\w+\s+)?(?:{_PLACE})\b", re.IGNORECASE)),
    ("organisation", re.compile(rf"\b(?:which|what)\s+(?:\w+\s+)?(?:{_ORGANISATION})\b", re.IGNORECASE)),
    ("work", re.compile(rf"\b(?:which|what)\s+(?:\w+\s+)?(?:{_WORK})\b", re.IGNORECASE)),
    ("thing", re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:item|product|food|drug|vaccine|device|model|car|"
                         r"vehicle|phone|animal|species|award|prize|sport|language|disease|virus|weapon|"
                         r"feature|technology|material|crop|dish|ingredient)s?\b", re.IGNORECASE)),
)
_PERSON_QUESTION = re.compile(rf"\b(?:which|what)\s+(?:\w+\s+)?(?:{PERSON_NOUNS})s?\b", re.IGNORECASE)


def is_demonym(text: str) -> bool:
    """``text`` is a name's adjective ("South Korean", "British"), not a name."""
    return bool(_DEMONYM.match(text.strip()))


def asked_kind(question: str) -> str | None:
    """The kind of answer ``question`` asks for ("person", "organisation", "place", "number", "money",
    "percent", "date", "work", "thing"), or None when its words don't say it for sure."""
    asked = question_proper(question)
    if _PERSON_QUESTION.search(asked) and not re.search(r"^\W*(?:how|when|where)\b", asked, re.IGNORECASE):
        return "person"
    return next((kind for kind, pattern in _KINDS if pattern.search(asked)), None)


def _is_quantity(text: str) -> bool:
    """A number, an amount or a percentage and nothing else: no word of two letters but units."""
    words = [w for w in _LETTERS.findall(text)
             if not re.fullmatch(r"(?:per\s*cent|percent|pct|points?|million|billion|trillion|thousand|hundred|"
                                 r"dollars?|euros?|pounds?|yen|yuan|cents?|usd|eur|gbp|bn|mn|k)", w, re.IGNORECASE)]
    return bool(_NUMBER.search(text)) and not words


def fits(kind: str, text: str, question: str = "") -> bool:
    """Whether ``text`` can be an answer of ``kind`` to ``question``: it rules out what cannot be
    (a number for a name, a name's adjective, a job title for who, the question's own words with an
    adjective: "South Korean show" for "which show?"), and keeps the rest."""
    words = text.split()
    if kind in ("number", "money", "percent"):
        return bool(_NUMBER.search(text))
    if kind == "date":  # "Feb. 14", "2019", "911", "midnight"; never "55" alone, an age or a count, no year
        return bool(_TIME.search(text)) and not re.fullmatch(r"\d{1,2}", text.strip())
    if _is_quantity(text) or (kind != "thing" and re.fullmatch(r"[\d\s,./:%$£€-]+", text)):
        return False  # a number, an amount or a percentage is not a name, a place or a thing
    if kind != "date" and _DEMONYM.match(text.strip()):
        return False  # "South Korean": the adjective of a name, not the name
    asked = {w.lower() for w in _LETTERS.findall(question)}
    named = [w for w in _LETTERS.findall(text) if not _DEMONYM.match(w) and w.lower() not in _PLAIN]
    if asked and named and all(w.lower() in asked for w in named):
        return False  # "South Korean show": an adjective and the question's own noun name nothing
    # "the health secretary": a job title, not who.
    return not (kind == "person" and words and all(_TITLE_WORDS.match(w) or _DEMONYM.match(w) for w in words))
