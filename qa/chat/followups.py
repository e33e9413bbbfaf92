"""Follow-ups read as the person meant them: "he" is a person, "it" a thing, "that report" the one cited.

A follow-up leans on the turns before it, and each kind of word leans on a different kind of thing:
"he" and "she" only on a person, "it" and "they" on the question's subject or an organisation or a
thing, "there" on a place, "that report" or "this article" on the article the conversation last
cited, and a fragment ("And in 2019?") on the question before it.  The first way (appending the
previous question, or every name the previous answer cited) made the answer follow the wrong
question: "What's the yearly contribution cap it describes? Who wrote that report?" got the ordinary
IRA cap instead of the programme's.  So a follow-up is rewritten into a standalone question
(``Resolution.query``, shown to the person as "Asked as: ..."), or asked as typed when nothing of the
right kind is there, with a note naming the word that could not be resolved.  Never glued to another.

A name's kind is read from what is certain: an organisation's words ("Institute", "Agency", an
acronym), a person's title ("Mr", "Dr"), or the article calling the person by surname alone after
the full name ("Nicholas Negroponte ... Mr Negroponte said"), as news writes about people and not
about organisations or places ("Goddard Space Flight Center" is never "Center").  Anything else is
never taken for a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from qa.answering.kinds import PERSON_NOUNS, asked_kind, is_demonym

Kind = Literal["person", "organisation", "place", "thing"]

_PERSON_PRONOUN = re.compile(r"\b(he|she|him|her|his|hers|himself|herself)\b", re.IGNORECASE)
_THING_PRONOUN = re.compile(r"\b(it|its|itself|they|them|their|theirs)(['’](?:re|s|ve|ll|d))?\b", re.IGNORECASE)
# "it" that stands for nothing: "how long did it take", "is it true that", "it was the first time".
_EXPLETIVE = re.compile(r"\bit(?:'s|\s+(?:is|was|will\s+be|would\s+be))?\s+"
                        r"(?:(?:take|took|takes|taking)(?!\s+place|\s*\?)|"
                        r"seem|seems|seemed|appear|appears|appeared|rain|matter|mean|true|likely|possible|necessary|clear|"
                        r"the\s+first|the\s+last|the\s+only)\b|\bmake\s+it\b", re.IGNORECASE)
# "when it happened": "it" is the event the story tells, which no name or phrase of the turns is.
_EVENT = re.compile(r"\bit\s+(?:happen(?:s|ed)?|occur(?:s|red)?|unfolded|broke\s+out)\b", re.IGNORECASE)
_THERE = re.compile(r"\bthere\b", re.IGNORECASE)
_CONTRACTED = {"re": "are", "s": "is", "ve": "have", "ll": "will", "d": "would"}
_BE = r"(?:is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't|will|would|has|have|had|remain|remains|seem)"
# "is there", "have there been": no place ("What does the Taliban have there?" has one).
_EXISTENTIAL = re.compile(rf"\b(?!ha(?:s|ve|d)\b){_BE}\s+there\b|\bha(?:s|ve|d)\s+there\s+been\b|"
                          rf"\bthere\s+{_BE}\b|\bthere's\b", re.IGNORECASE)
# What a person calls the article they read: "that report", "this piece", "the press release".
_DOCUMENT_NOUN = (r"(?:article|report|story|piece|study|paper|fact-check|interview|op-ed|editorial|press\s+release|"
                  r"write-up|document|survey|analysis|brief|item|page|text|source|account|post|column|review|recipe)")
DOCUMENT = re.compile(rf"\b(?:this|that|the|these|those)\s+(?:same\s+)?{_DOCUMENT_NOUN}\b", re.IGNORECASE)
_FIGURE = re.compile(r"\b(?:that|this|the\s+same)\s+(figure|number|amount|sum|total|estimate|count|price|rate)\b",
                     re.IGNORECASE)
_ELLIPSIS = re.compile(r"^\W*(?:and|but|or|so)?\s*(?:what|how)\s+about\s+|^\W*(?:and|but|or)\s+", re.IGNORECASE)
_QUESTION_WORD = re.compile(r"\b(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|do|does|did|can|"
                            r"could|will|would|has|have|had|should)\b", re.IGNORECASE)
_YEAR_OR_DATE = re.compile(
    r"\b(?:in\s+|during\s+|by\s+|since\s+|of\s+)?(?:(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|"
    r"aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+)?(?:1[89]|20)\d\d\b|"
    r"\b(?:in\s+|during\s+)?(?:the\s+)?(?:first|second|third|fourth|last|next|previous)\s+(?:quarter|half|year|"
    r"month|week|season|round)\b|\b(?:so\s+far\s+)?(?:last|this|next)\s+(?:year|month|week|season)\b", re.IGNORECASE)

_CALENDAR = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
                       r"May|June|July|August|September|October|November|December)")
_MONTH = re.compile(r"\b(?:in|during)\s+(?:January|February|March|April|May|June|July|August|September|October|"
                    r"November|December)\b(?!\s+\d)", re.IGNORECASE)  # "in October": a month with no year
# Capitalised words that begin no name: sentence openers, function words, titles.
_NOT_NAME = {"the", "a", "an", "in", "on", "at", "by", "for", "from", "with", "without", "but", "and", "or",
             "if", "when", "while", "as", "after", "before", "according", "who", "whom", "whose", "what", "which",
             "where", "why", "how", "is", "are", "was", "were", "do", "does", "did", "can", "could", "will",
             "would", "has", "have", "had", "should", "of", "to", "i", "it", "he", "she", "they", "this", "that",
             "these", "those", "there", "then", "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "president",
             "minister", "chairman", "chief", "senator", "sen", "rep", "judge", "general", "gov", "governor",
             "mayor", "st", "saint", "lord", "lady", "col", "lt", "sgt", "maj", "capt", "cpl", "adm", "also",
             "not", "no", "yes", "so", "all",
             "thanks", "thank", "dear", "hello", "hi", "congratulations", "welcome", "please", "sorry", "however",
             "meanwhile", "today", "yesterday", "tonight", "now", "here", "well", "oh", "although", "though",
             "despite", "because", "unless", "until", "whether", "yet", "still", "even", "instead", "perhaps",
             "maybe", "indeed", "besides", "moreover", "furthermore", "nevertheless", "nonetheless", "otherwise",
             "thus", "hence", "therefore", "earlier", "later", "finally", "again", "once", "every", "each"}
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|President|Senator|Sen|Rep|Gov|Governor|"
                    r"Mayor|Judge|Justice|Minister|Chancellor|Pope|King|Queen|Prince|Princess|Coach|Captain|"
                    r"General|Gen|Col|Lt|Sgt|Rev|Rabbi|Imam)\.?\s+$")
_TITLES = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame", "President", "Senator", "Sen", "Rep",
           "Gov", "Governor", "Mayor", "Judge", "Justice", "Minister", "Chancellor", "Coach", "Captain", "General",
           "Gen", "Col", "Lt", "Sgt", "Maj", "Capt", "Rev", "The"}
_GENDERED_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame)\.?\s+(?:[A-Z][\w'’-]*\s+)*$")
_ORGANISATION_WORD = re.compile(
    r"\b(?:Institute|Institution|University|College|School|Academy|Agency|Administration|Department|Ministry|"
    r"Office|Bureau|Service|Services|Commission|Committee|Council|Board|Authority|Court|Congress|Senate|House|"
    r"Parliament|Assembly|Government|Party|Company|Co|Corp|Corporation|Inc|Ltd|LLC|PLC|AG|SA|Group|Holdings|"
    r"Partners|Capital|Bank|Fund|Foundation|Trust|Association|Society|Union|League|Federation|Organi[sz]ation|"
    r"Center|Centre|Laboratory|Laboratories|Lab|Labs|Observatory|Museum|Hospital|Clinic|Club|Team|FC|Network|"
    r"News|Times|Post|Journal|Press|Herald|Tribune|Gazette|Magazine|Records|Studios|Pictures|Airlines|Airways|"
    r"Motors|Systems|Technologies|Technology|Media|Entertainment|Industries|Pharmaceuticals|Energy|Police|"
    r"Army|Navy|Force|Forces|Guard|Command|Reuters|Bloomberg|Associated)\b")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,7}s?$")
# "the new courthouse", "the Harbor Savings Accounts programme": what "it" may stand for when nothing is named.
_PHRASE = re.compile(r"\b(?:the|a|an)\s+(?=((?:[\w'’-]+\s+){0,3}[\w'’-]+))", re.IGNORECASE)
_PHRASE_END = re.compile(r"^(?:in|on|at|of|for|from|to|by|with|against|over|under|about|into|during|through|between|"
                         r"after|before|without|within|near|across|since|until|that|which|who|whom|whose|when|where|why|how|is|"
                         r"are|was|were|be|been|do|does|did|will|would|can|could|has|have|had|and|or|but|than|as|"
                         r"[\w-]+ed|[\w-]+ing|[\w'’-]+['’]s)$", re.IGNORECASE)
_PHRASE_NONE = re.compile(r"^(?:first|last|same|most|least|one|ones|other|others|time|times|way|number|amount|"
                          r"name|kind|type|part|rest|year|years|day|days|moment)$", re.IGNORECASE)
_AUXILIARY = re.compile(r"\b(?:do|does|did|will|would|can|could|should|may|might|must)\b", re.IGNORECASE)
# First words of places, never of a person's name ("Inner Mongolia", "New York", "Fort Worth").
_PLACE_FIRST = {"inner", "outer", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
                "central", "new", "upper", "lower", "greater", "great", "little", "san", "santa", "los", "las",
                "fort", "port", "mount", "lake", "cape", "el", "la", "le", "saint", "st", "corso", "via", "viale",
                "piazza", "plaza", "rue", "calle", "avenida", "strada"}
# "on what date", "where", "in which city": the question word a fragment may put in place of another.
_WH_PHRASE = re.compile(r"(?:(?:on|in|at|by|from|for|since|until)\s+)?(?:(?:what|which)\s+(?:date|day|year|month|time|"
                        r"city|town|country|place|venue|state|team|company)|when|where|who|whom|how\s+many|how\s+much)\b",
                        re.IGNORECASE)
# "Backed by which firm?", "With which illustrator?", "How many?": a fragment that asks anew.
_WH_FRAGMENT = re.compile(r"(?:(?:[a-z]+ed\s+)?(?:on|in|at|by|from|for|with|against|under|since|until|to)\s+)?"
                          r"(?:(?:what|which|how\s+many|how\s+much)(?:\s+(?!(?:is|are|was|were|did|does|do|has|have|"
                          r"had|else|next|now|then|[a-z]+ed)\b)[a-z][\w-]*){0,2}|when|where|who|whom)", re.IGNORECASE)
# "Which graphic novel did ...": the question's own question words, up to the verb that asks.
_WH_STEM = re.compile(r"(?:(?:on|in|at|by|from|for|with)\s+)?(?:what|which|how\s+many|how\s+much|when|where|whose|who|"
                      r"whom)"
                      r"(?:\s+[\w'’-]+){0,3}?(?=\s+(?:did|does|do|is|are|was|were|has|have|had|will|would|can|"
                      r"could)\b)", re.IGNORECASE)
# "the year before" (-1), "the year after" (+1): a year the previous question names, moved.
_RELATIVE_YEAR = re.compile(r"(?:the|a)\s+(?:year|season)\s+(?:before|earlier)|(?:the\s+)?(?:previous|prior)\s+"
                            r"(?:year|season)|(?:a|one)\s+year\s+(?:ago|earlier)|((?:the|a)\s+(?:year|season)\s+"
                            r"(?:after|later)|(?:the\s+)?(?:next|following)\s+(?:year|season))", re.IGNORECASE)
# "over the whole of last year", "last year": a year in place of a month.
_WHOLE_YEAR = re.compile(r"(?:(?:over|for|in|during|across|throughout)\s+)?(?:(?:the\s+)?(?:whole|full|entire)\s+"
                         r"(?:of\s+)?)?(?:last|the\s+previous|the\s+prior)\s+year|(?:in\s+|over\s+)?the\s+whole\s+year",
                         re.IGNORECASE)
# "How many people died ...": the verb a count is of, which "And injured?" replaces.
_HOW_MANY_VERB = re.compile(r"\bhow\s+many\s+(?:[\w-]+\s+){0,2}?((?:have\s+|had\s+)?died|(?:were|are|have\s+been|"
                            r"had\s+been)\s+(?:killed|injured|wounded|hurt|arrested|detained|missing|displaced|"
                            r"evacuated|rescued|dead))\b", re.IGNORECASE)
_CASUALTY = re.compile(r"(?:were\s+|are\s+)?(killed|injured|wounded|hurt|arrested|detained|missing|displaced|"
                       r"evacuated|rescued|dead)", re.IGNORECASE)
_CODE = r"\d[\w-]*[A-Za-z][\w-]*|[A-Za-z][\w-]*\d[\w-]*"  # a class, a model: "5-1a", "6A"
_COUNTED = re.compile(rf"how\s+many\s+(?:people\s+)?{_CASUALTY.pattern}", re.IGNORECASE)  # "and how many were hurt?"
# "did the Indonesian Navy": who does what a question asks about, a named body.
_SUBJECT = re.compile(r"\b(?:did|does|do|will|would|could|can|has|have|had)\s+(the\s+(?:[A-Z][\w.-]*\s+)*"
                      r"[A-Z][\w.-]*)")
# "did fishermen rescue": who does what a question asks about, typed in lower case.
_COMMON_SUBJECT = re.compile(r"\b(?:did|does|do|will|would|could|can)\s+((?:the\s+)?(?!(?:he|she|it|they|you|we|i|his|"
                             r"her|its|their|this|that|these|those|a|an|there)\b)[a-z][\w-]*)\s+(?=[a-z])")
# "South Korea's Kospi", "Japan's Nikkei 225".
_POSSESSIVE_NAME = re.compile(r"(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*['’]s\s+(?:[A-Z][\w.-]*|\d+)"
                              r"(?:\s+(?:[A-Z][\w.-]*|\d+))*")
# "And in Spain?": a part that says where, by whom or how (in place of the question's "in Italy").
_PLACE_FRAGMENT = re.compile(r"(in|at|on|for|by|from|among|under|according\s+to|outside|inside|near|across|within)"
                             r"\s+(\S.*)", re.IGNORECASE)
# "What is the longest prison term Carlineo could get": the phrase a question asks for, up to a name or a
# word that ends a phrase.
_WHAT_IS = re.compile(r"(?i:what|which|who)\s+(?i:is|are|was|were|will\s+be|would\s+be)\s+(?P<np>(?i:the|a|an)\s+"
                      r"(?:[a-z][\w'’-]*\s+){0,3}?[a-z][\w'’-]*)(?=\s+(?:[A-Z]|(?:that|which|who|of|in|for|at|on|"
                      r"to|by|from|with|did|does|do|has|have|had|will|could|would|can|should|was|were|is|are)\b)|$)")
# "What weekly figure did ...": the noun a question asks for, before the verb that asks.
_WHAT_NOUN = re.compile(r"(?i:what|which)\s+((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?=\s+(?:did|does|do|is|are|was|were|"
                        r"has|have|had|will|would|can|could)\b)")
# "Who reported that story": a deed and what it was done to.
_WHO_DID = re.compile(r"(?i:who)\s+(?!(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could)\b)"
                      r"([a-z]+)\s+((?:the|that|this|a|an|his|her|its|their)\s+[^?]+)")
# "At which university did the exhibit open?": asks where the talk's subject was, not about the place.
_WHERE_IT_WAS = re.compile(r"\W*(?:at|in|on|from|to|into|for|by|with|under|during|near|inside)\s+(?:which|what)\b",
                           re.IGNORECASE)
# "According to the review, ...", "In the poll cited in that piece, ...": the document the answer is said in.
_SOURCE = re.compile(rf"\W*(?:according\s+to|in|as\s+reported\s+by)\s+[^,?]*\b{_DOCUMENT_NOUN}\b[^,?]*,",
                     re.IGNORECASE)  # a document only: "According to Amnesty International, ..." names who "its" is
# A place that is also an organisation: "there" may stand for it ("the Metro Toronto Convention Centre").
_VENUE = re.compile(r"\b(?i:Centre|Center|Stadium|Arena|Hall|Museum|Hospital|Hotel|Airport|Park|Square|Theatre|Theater|"
                    r"Gallery|Library|Prison|Jail|Station|Church|Cathedral|Mosque|Temple|School|University|College|"
                    r"Campus|Field|Gardens?|Palace|Castle|Zoo|Clinic|Observatory|Complex|Base|Towers?|Suites|Plaza|"
                    r"Motel|Inn)$")
# A phrase that names a place: "there" may stand for it ("the detached garage", "the new courthouse").
_PLACE_PHRASE = re.compile(r"^(?:the|a|an)\s.*\b(?:garage|house|home|apartment|building|school|street|road|city|town|"
                           r"village|park|station|airport|hospital|prison|jail|church|beach|bar|restaurant|store|shop|"
                           r"office|plant|factory|camp|base|courthouse|court|stadium|arena|hotel|venue|site|port|"
                           r"island|region|province|county|district|neighbou?rhood|border)\b", re.IGNORECASE)
# Words that say which or what kind ("the redesigned 2020 ..."), never a noun a name could follow as a clause.
_MODIFIER = r"(?:\d[\w-]*|[a-z-]+(?:ed|ing)|new|old|latest|former|late|current|next|last|big|small|top|popular)"
# "the four RS-25 engines": a phrase whose head is plural ("the bus", "the virus", "the analysis" are not).
_PLURAL = re.compile(r"^(?:the|a|an)\s.*\b[a-z][a-z-]*[^su\W]s$")
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
# Nouns that say who someone is ("Julie Couillard, ... then-girlfriend"; "the actress").
_MALE_NOUNS = frozenset({"man", "husband", "father", "son", "brother", "boyfriend", "uncle", "nephew", "actor",
                         "businessman", "chairman", "spokesman", "congressman", "king", "prince", "grandfather"})
_FEMALE_NOUNS = frozenset({"woman", "wife", "mother", "daughter", "sister", "girlfriend", "aunt", "niece", "actress",
                           "businesswoman", "chairwoman", "spokeswoman", "congresswoman", "queen", "princess",
                           "grandmother"})
_ACCORDING = re.compile(rf",?\s*\b(?:according\s+to|in|from)\s+(?:this|that|the)\s+(?:same\s+)?{_DOCUMENT_NOUN}\b"
                        r"\s*,?\s*(?=\S)|"
                        rf"\s+(?:does|did|do)\s+(?:this|that|the)\s+{_DOCUMENT_NOUN}\s+(?:say|says|report|claim)\b"
                        r"(?=\s+\w)", re.IGNORECASE)
_PARTICLE = re.compile(r"^(?:von|van|der|de|del|della|da|di|du|le|la|bin|ibn|al|el)$")
_NAME_WORD = re.compile(r"^(?:Mc|Mac|O['’]|Le|La|De|Di|Du|Da)?[^\W\d_a-z][^\W\d_A-Z]+"  # "LeBron", not "TexAuto"
                        r"(?:['’-][^\W\d_][^\W\d_A-Z]+)?$|"
                        + _PARTICLE.pattern)
_INITIAL = re.compile(r"^[A-Z]\.$")
# People's roles that kinds.PERSON_NOUNS leaves out ("Wild forward Zach Parise", "which analyst").
_ROLES = (r"forward|defender|defenseman|goalie|midfielder|analyst|economist|strategist|historian|activist|"
          r"commissioner|chancellor|novelist|filmmaker|astronaut|secretary")
_ROLE = re.compile(rf"\b(?:{PERSON_NOUNS}|{_ROLES}|lawyer|gov\.|rep\.|sen\.)\s+$", re.IGNORECASE)
# The last word of a capitalised office before a name ("U.S. Defense Secretary", "Interim BART Police Chief").
_OFFICE = (r"secretary|chief|minister|director|spokesman|spokeswoman|spokesperson|commissioner|attorney|ambassador|"
           r"coach|manager|chairman|chairwoman|chair|ceo|executive|president|governor|senator|representative|prosecutor|"
           r"officer|sheriff|superintendent|general|admiral|judge|justice|mayor|leader|speaker|founder|head")
# "the editor", "the runner-up": a fragment that names a person by what they do.
_PERSON_HEAD = re.compile(rf"\b(?:{PERSON_NOUNS}|{_ROLES}|runner-up|[a-z]+(?:or|er|ist|ian))$", re.IGNORECASE)
_ASKS_ROLE = re.compile(rf"\b(?:which|what)\s+(?:[\w'’-]+\s+){{0,2}}(?:{PERSON_NOUNS}|{_ROLES}|hunter|patient|student|"
                        r"teenager|pilot|soldier)s?\b", re.IGNORECASE)
_ASKS_PLACE = re.compile(r"\b(?:which|what)\s+(?:[\w'’-]+\s+){0,3}(?:city|town|village|country|county|province|"
                         r"region|state|island|district|neighbou?rhood|suburb|port)\b(?!['’])", re.IGNORECASE)
_PERSON_PHRASE = re.compile(rf"\b(?:{PERSON_NOUNS}|chief|people|men|women|child|children|patient|hunter|student|"
                            r"character|teenager|teen|worker|fan|resident|soldier|pilot|passenger|mother|father)s?$",
                            re.IGNORECASE)
_QUOTED = re.compile(r"(?:(?<=\s)|^)[\"“‘'](?P<title>[A-Z0-9][^\"“”‘’']{0,80}?)[\"”’'](?=[\s?.,!;:]|$)")
_CONNECTORS = ("of", "for", "the", "and", "de", "van", "von", "da", "al", "bin")
# "Dancing with the Stars": a title's "with the" (never "Maley with Miller Tabak").
_NAME = re.compile(r"[A-Z][\w'’.&-]*(?:\s+(?:of|for|the|and|de|van|von|da|al|bin|with(?=\s+the\s+[A-Z])|"
                   r"[A-Z][\w'’.&-]*)|:\s+[A-Z][\w'’.&-]*)*")  # "Star Wars Jedi: Fallen Order"


@dataclass(frozen=True)
class Entity:
    """Something a turn named: its words and what kind of thing it is."""

    text: str
    kind: Kind
    gender: Literal["male", "female"] | None = None  # a person's, when the articles say ("he said", "Ms")


@dataclass(frozen=True)
class Turn:
    """What a conversation keeps of one turn.

    Attributes:
        question: as the person typed it.
        asked: the standalone question it was answered as (``question`` when it needed nothing).
        subjects: what the question named (kept when the answer was refused: the next turn may lean on it).
        answer: what the answer named: its short answer.
        articles: the articles it cited, first first.
        refused: the articles did not answer it.
        mentioned: the people its quotes name (the weakest claim on a later "he" or "she").
        short: its short answer ("$53 million"; None when refused or none), for "that figure".
    """

    question: str
    asked: str
    subjects: tuple[Entity, ...]
    answer: tuple[Entity, ...]
    articles: tuple[str, ...]
    refused: bool
    mentioned: tuple[Entity, ...] = ()
    short: str | None = None


@dataclass(frozen=True)
class Resolution:
    """How a question is asked in its conversation.

    Attributes:
        query: the standalone question to retrieve and read for.
        article: the article "that report" or "this article" means: it answers first.
        meant: the words resolved, each with what it stands for ("he" -> "Lucas Paganini").
        unresolved: a word that stands for something the conversation does not say: it stays as typed
            (the words resolved beside it are put in).
        instead: ``query`` with the next thing "it" may stand for (``_other_thing``), or None: asked too,
            and the surer answer kept.
    """

    query: str
    article: str | None = None
    meant: tuple[tuple[str, str], ...] = ()
    unresolved: str | None = None
    instead: str | None = None

    @property
    def it(self) -> tuple[str, str] | None:
        """The "it" or "its" resolved and what it stands for (("it", "the touchscreen")), or None: only these
        have another reading ("they" after two people or a count has its own)."""
        return next(((w, t) for w, t in self.meant if w.lower() in ("it", "its")), None)


def names(text: str) -> list[str]:
    """The names ``text`` holds ("Lucas Paganini", "NASA", "Goddard Space Flight Center"), in order; a
    title in quotes whole ("'Spider on the Bridge'")."""
    quoted = list(_QUOTED.finditer(text))
    found = [(m.start(), m.group(1)) for m in quoted]
    text = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    for match in _NAME.finditer(text):
        opening = match.start() == 0
        # "Noah Hawley's Star Trek film": a possessive ends one name and may start another.
        for part in re.split(r"(?<=['’]s)\s+|(?<=s['’])\s+", match.group(0).rstrip(".")):
            words = [re.sub(r"['’]s$|(?<=s)['’]$", "", w) for w in part.split()]  # "Anastassiades' lamps"
            while words and words[0].lower().strip(".") in _NOT_NAME:
                words, opening = words[1:], False
            while words and words[-1].lower() in _CONNECTORS:
                words = words[:-1]
            if words and not (len(words) == 1 and opening and not _ACRONYM.match(words[0])):
                found.append((match.start(), " ".join(words)))  # a question's first word is no name ("Data from")
            opening = False
    # "on Monday", "in October": a day or a month names no one, nothing "their" could stand for
    return list(dict.fromkeys(name for _, name in sorted(found) if not _CALENDAR.fullmatch(name)))


def cased(text: str, articles: Sequence[str]) -> str:
    """``text`` with the names the ``articles`` print in capitals written as they print them ("how old is
    ilhan omar?" -> "how old is Ilhan Omar?"): people type in lower case, and a name is known by its
    capitals.  A word the articles also print in lower case ("officials") is left as typed."""
    if not articles or not re.search(r"\b[a-z]", text):
        return text
    known: dict[str, str] = {}
    for article in articles:
        for name in _printed_names(article):
            lower = name.lower()
            # Only a name typed in ``text`` is looked for in the articles' lower case (a chat turn's cost).
            if lower != name and len(lower) > 2 and lower in text and lower not in known and \
                    not any(lower in a and re.search(rf"\b{re.escape(lower)}\b", a) for a in articles):
                known[lower] = name
    for lower in sorted(known, key=len, reverse=True):
        text = re.sub(rf"(?<![\w'’-]){re.escape(lower)}(?![\w-])", known[lower], text)
    return text


@lru_cache(maxsize=32)
def _printed_names(article: str) -> tuple[str, ...]:
    """The names ``article`` prints, "Ilhan Omar. Patrick Carlineo Jr" cut in two where a sentence's end
    joined them.  Cached: a turn cases its question, and a fragment both itself and the question before,
    against the same cited articles.  "Patrick Carlineo Jr" is also printed without its "Jr", and
    "Christopher D. Battin" without his initial.  A name
    printed after a title or a role ("U.S. Defense Secretary Mark Esper", "CEO Tim Cook") is also
    printed without it: "mark esper" is typed without the title."""
    parts = [part for found in names(article) for part in re.split(r"(?<=[a-z])\.\s+", found)]
    parts += [part[:suffix.start()] for part in parts if (suffix := re.search(r"\s+(?:Jr|Sr|II|III|IV)\.?$", part))]
    parts += [re.sub(r"\s+[A-Z]\.(?=\s)", "", part) for part in parts if re.search(r"\s[A-Z]\.\s+[A-Z]", part)]
    tails = [" ".join(words[i:]) for part in parts if len(words := part.split()) >= 3
             for i in range(1, len(words) - 1) if words[i][:1].isupper()]
    return tuple(dict.fromkeys([*parts, *tails]))


def untitled(name: str) -> str:
    """``name`` without the title or the article before it ("Mayor Rosa Klein" -> "Rosa Klein"), or the
    words that say who the person is ("Salina South diver Keetan Munsell", "Apple analyst Ming-Chi Kuo":
    "he" after it is the diver, and "it" is never the analyst)."""
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(".") in _NOT_NAME:
        words = words[1:]
    rest = " ".join(words)
    titled = re.search(rf"\b(?i:{_OFFICE})\s+((?:[A-Z][\w'’.-]*\s+){{1,2}}[A-Z][\w'’-]*)$", rest)
    if titled and _shaped(titled.group(1)):  # "U.S. Defense Secretary Mark Esper", "Interim Police Chief Ed Alvarez"
        return titled.group(1)
    said = re.search(r"(?:^|\s)([a-z][\w-]*)\s+((?:[A-Z][\w'’.-]*\s+){1,2}[A-Z][\w'’-]*)$", rest)
    if said and said.group(1) not in _NOT_NAME and _shaped(said.group(2)):
        return said.group(2)
    return rest


def _person_or_whole(name: str) -> str:
    """``name`` without an office before it when a person's full name is left, else as it is."""
    person = untitled(name)
    return person if person != name and len(person.split()) >= 2 and _shaped(person) else name


def phrases(text: str) -> list[str]:
    """The noun phrases ``text`` calls a thing by ("the new courthouse"), in order.

    Without a parser a phrase ends at a preposition, a verb form or a word followed by a determiner
    ("the accounts cost the Treasury"); one whose head names no thing ("the first time", "the old one")
    is none.
    """
    found = []
    for match in _PHRASE.finditer(text):
        rest = text[match.end() + len(match.group(1)):]
        words: list[str] = []
        said = match.group(1).split()
        for i, word in enumerate(said):
            adjective = not words and re.fullmatch(r"[a-z-]+(?:ed|ing)", word)  # "the detached garage"
            if (_PHRASE_END.match(word) and not adjective) or _name_after(words, said[i:]):
                break
            words.append(word)
        else:
            if words and re.match(r"\s+(?:the|a|an|his|her|its|their)\b", rest, re.IGNORECASE):
                words = words[:-1]  # "the accounts cost the Treasury": "cost" is a verb
            elif words and re.match(r"\s*\?", rest) and _AUXILIARY.search(text[:match.start()]):
                words = words[:-1]  # "what do the accounts carry?": "carry" is the verb the auxiliary asks with
        after = text[match.start() + len(match.group(0)) + len(" ".join(words)):]
        if re.search(r"\b(?i:what|which)(?:['’]s|\s+(?:is|was|are|were))\s+$", text[:match.start()]) and \
                re.match(r"\s+of\b", after):
            continue  # "What's the starting price of Apple's new MacBook?": what is asked for, not what it is about
        if words and not any(_PHRASE_NONE.match(w) for w in words):
            phrase = f"{match.group(0).split()[0].lower()} {' '.join(words)}"
            owner = re.match(r"\s+of\s+((?:[A-Z][\w'’.&-]*\s*)+)", after)
            if owner:
                phrase += f" of {owner.group(1).strip()}"  # "the panel of New Zealand's Flag Consideration Project"
            found.append(phrase)
    found = [p for p in found if not any(p != q and q.endswith(p[p.index(" "):]) for q in found)]
    return found


def _name_after(words: list[str], rest: list[str]) -> bool:
    """Whether a phrase of ``words`` ends where ``rest`` begins: at a name after its own lower-case words
    ("the suit Bukola Saraki filed"), not at a name its noun follows ("the four RS-25 engines")."""
    if not words or not words[-1][:1].islower() or not rest[0][:1].isupper():
        return False
    after = next((w for w in rest[1:] if not w[:1].isupper()), None)
    return after is None or bool(_PHRASE_END.match(after))


def _extended(name: str, articles: Sequence[str]) -> str:
    """``name`` as the articles write it in full: a short answer cut inside a name ("Goddard Space")
    becomes the name ("Goddard Space Flight Center")."""
    for article in articles:
        m = re.search(rf"(?:[A-Z][\w'’.&-]*(?<!['’]s)\s+)*{re.escape(name)}"
                      r"(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.&-]*)*", article)
        if m:
            return m.group(0)
    return name


def _shaped(name: str) -> bool:
    """Shaped like a person's name: one to three capitalised words (initials and particles besides:
    "James Van Der Beek"), nothing else."""
    words = name.split()
    return (1 <= len([w for w in words if not _INITIAL.match(w) and not _PARTICLE.match(w.lower())]) <= 3
            and all(_NAME_WORD.match(w) or _INITIAL.match(w) for w in words)
            and not _ORGANISATION_WORD.search(name) and not is_demonym(name)
            and words[0].lower().strip(".") not in _NOT_NAME | _PLACE_FIRST
            and not _PARTICLE.match(words[0]) and not _PARTICLE.match(words[-1]))


def _alone(word: str, article: str) -> int:
    """How often ``word`` stands alone in ``article``: no capitalised word right before or after it
    ("Parise scored", "Mr Parise"; not "Zach Parise", not "Inner Mongolia")."""
    count = 0
    for m in re.finditer(rf"\b{re.escape(word)}\b", article):
        before, after = article[max(0, m.start() - 40):m.start()], article[m.end():m.end() + 3]
        if re.search(r"[A-Z][\w'’-]*\s+$", before) and not _TITLE.search(before):
            continue
        if re.match(r"\s+[A-Z]", after):
            continue
        count += 1
    return count


def person_name(name: str, article: str) -> str | None:
    """The person's full name when ``name`` is one in ``article``, else None.

    A person is someone the article names in full and then by surname alone ("Nicholas Negroponte
    ... Negroponte said"), or with a title or a role ("Dr Dalton", "Wild forward Zach Parise"), or
    with an age ("Ann Lee, 55,").
    """
    if not _shaped(name):
        return None
    full = _full(name, article)
    if not full or len(full.split()) < 2 or not _shaped(full):
        return None
    at = [m.start() for m in re.finditer(rf"\b{re.escape(full)}\b", article)]
    if any(_TITLE.search(article[max(0, i - 40):i]) or _ROLE.search(article[max(0, i - 40):i]) for i in at):
        return full
    if _alone(full.split()[0], article) >= 2:
        return None  # "Google ... Google Stadia ... Stadia": news calls a person by surname, a brand by its name
    before = {m.group(1) for m in re.finditer(rf"\b([A-Z][\w'’-]*)\s+{re.escape(full.split()[-1])}\b", article)}
    if len({b for b in before - _TITLES if b.lower() not in _NOT_NAME}) >= 2:
        return None  # "the Winter Paralympics ... the Sochi Paralympics": a name's last word, not a surname
    if _alone(full.split()[-1], article) or re.search(rf"\b{re.escape(full)},\s+\d{{1,3}},", article):
        return full
    return None


def _person_by_first(word: str, article: str) -> str | None:
    """The person ``article`` names in full by ``word``, a surname ("Davis") or a first name ("LeBron":
    "LeBron James"), else None."""
    full = person_name(word, article)
    if full:
        return full
    after = re.search(rf"\b{re.escape(word)}\s+([A-Z][\w'’-]+)\b", article)
    full = f"{word} {after.group(1)}" if after else ""
    # called by the surname alone too, as news calls a person ("LeBron James ... James said")
    return full if after and _shaped(full) and _alone(after.group(1), article) else None


def _full(name: str, article: str) -> str | None:
    """The longest form of ``name`` in ``article``: "Dalton" -> "Melissa Dalton"."""
    if len(name.split()) >= 2:
        return name if name in article else None
    for m in re.finditer(rf"\b((?:[A-Z][a-z'’-]+\s+)(?:[A-Z]\.\s+)?){re.escape(name)}\b", article):
        before = article[max(0, m.start() - 30):m.start()]
        if re.search(r"[A-Z][\w'’.-]*\s+(?:(?:of|for|and|the|de)\s+)?$", before) and not (
                _TITLE.search(before) or _ROLE.search(before)):  # "Defense Secretary Mark Esper" is a person
            continue  # "Los Angeles Lakers", "House of Representatives Speaker": inside a longer name
        if m.group(1).split()[0].lower() not in _NOT_NAME:
            return m.group(0)
    return name if name in article else None


# The first-name lists of these locales of Faker (MIT), a name in both lists of any of them left out.
# (Not de_DE: its men's names hold Turkish ones, "Ilhan" among them, which Somali gives women.)
_NAME_LOCALES = ("en_US", "en_GB", "en_IE", "en_IN", "en_NG", "en_KE", "en_NZ", "en_PK", "fr_FR", "es_ES", "it_IT",
                 "pt_BR", "yo_NG", "ig_NG", "ha_NG")


@lru_cache(maxsize=1)
def _first_names() -> dict[str, Literal["male", "female"]]:
    """First names that are given to one gender only, in the locales of ``_NAME_LOCALES``."""
    from importlib import import_module

    male: set[str] = set()
    female: set[str] = set()
    for locale in _NAME_LOCALES:
        provider = import_module(f"faker.providers.person.{locale}").Provider
        male |= set(getattr(provider, "first_names_male", ()))
        female |= set(getattr(provider, "first_names_female", ()))
    return {**dict.fromkeys(male - female, "male"), **dict.fromkeys(female - male, "female")}


def gender(name: str, articles: Sequence[str], *, named: bool = True) -> Literal["male", "female"] | None:
    """The person's gender as the articles speak of them: a first name given to one gender only, unless
    a title or a noun the articles put to the name says otherwise ("Ms", "his wife"); else "he"/"his" or
    "she"/"her" in the words after each mention (up to another person's name) and those titles, counted
    over every mention, None unless one side has at least two and twice the other's.  The words after
    a name are weak (in a kidnapping story they are the girl's "her" after "Michael Webb"), so the name
    list comes first; German's list is left out, as it gives "Ilhan" to men.  Without ``named``, the
    words after each mention whole and no first name: whether "Milan Design Week" or "Kurt Volker" is
    someone at all is for every "he" the articles print near it to say, not for a name list."""
    surname = name.split()[-1]
    first = name.split()[0] if len(name.split()) >= 2 else None
    given = _first_names().get(first or "") if named else None
    male, female = 0, 0
    titled = {"male": 0, "female": 0}  # what is said of the name itself: "Ms", "his wife", ", the actress,"
    for article in dict.fromkeys(articles):  # the article cited and the one before may be one
        for m in re.finditer(rf"\b{re.escape(surname)}\b", article):
            before = article[max(0, m.start() - 30):m.start()]
            other = re.search(r"\b([A-Z][a-z'’-]+)\s+$", before)
            if first and other and other.group(1) not in _TITLES | {first} and not _TITLE.search(other.group(0)):
                continue  # "Thomas Sam, 42, and his wife Manju Sam": another of the family
            title = _GENDERED_TITLE.search(before)
            if title:
                titled["male" if title.group(1) in ("Mr", "Sir") else "female"] += 2
            noun = re.search(r"\b([a-z]+)\s+(?:[A-Z][\w'’-]*\s+)?$", before)  # "his wife Manju Sam", "actress ..."
            if noun:
                titled["male"] += 2 * (noun.group(1) in _MALE_NOUNS)
                titled["female"] += 2 * (noun.group(1) in _FEMALE_NOUNS)
            after = article[m.end():m.end() + 120]
            other = re.search(rf"\b(?!{re.escape(surname)}\b)[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+", after) if named else None
            after = after[:other.start()] if other else after  # "... Donald Trump in 2020. Beth Ruffin said she"
            if re.match(r"['’]s\b", after):
                continue  # "Bernier's girlfriend": the words after are about someone else
            words = [w.lower() for w in re.findall(r"[A-Za-z]+", after)]
            male += sum(w in _MALE or w in _MALE_NOUNS for w in words)
            female += sum(w in _FEMALE or w in _FEMALE_NOUNS for w in words)
            apposition = re.match(r",\s+([^,.;]{1,60})[,.;]", after)  # "X, Y's then-girlfriend, ..."
            if apposition:  # said of the name itself: a noun there counts twice
                said = set(re.findall(r"[a-z]+", apposition.group(1)))
                titled["male"] += bool(said & _MALE_NOUNS)
                titled["female"] += bool(said & _FEMALE_NOUNS)
    if given and not titled["female" if given == "male" else "male"]:
        return given  # "Michael Webb ... her": the words after a name are the girl's, the name is his
    male, female = male + titled["male"], female + titled["female"]
    if male >= 2 and male >= 2 * female:
        return "male"
    if female >= 2 and female >= 2 * male:
        return "female"
    return None


def asks_for(question: str) -> str | None:
    """The kind of answer ``question`` asks for (``asked_kind``), and "person" for a role ("which Wild forward")."""
    kind = asked_kind(question)
    if kind is None and _ASKS_PLACE.search(question):
        return "place"  # "Which South Korean town ...?": two words before the noun say what kind of place
    return "person" if kind is None and _ASKS_ROLE.search(question) else kind


def entity(name: str, articles: Sequence[str], asked: str | None = None) -> Entity:
    """What kind of thing ``name`` is, from its words and the ``articles`` that name it (and the kind of
    answer the question ``asked`` for, when it was an answer): never "person" without evidence.  A
    person comes with the full name the articles give ("Dalton" -> "Melissa Dalton")."""
    full = _extended(name, articles)
    # "Goddard Space" is in "Goddard Space Flight Center"; "Ed Alvarez" after "Interim BART Police Chief" is not
    if _ORGANISATION_WORD.search(full[full.find(name):]) or _ACRONYM.match(name):
        return Entity(name, "organisation")
    if asked == "person" and not _shaped(name):
        # "John Milbank RRP" answers "Who wrote this review?": the reader's span ran past the name
        words = name.split()
        lead = next((" ".join(words[:n]) for n in (3, 2) if len(words) > n and _shaped(" ".join(words[:n]))), None)
        if lead:
            return Entity(lead, "person", gender(lead, articles))
    person = next((found for a in articles if (found := person_name(name, a))), None)
    if person:
        return Entity(person, "person", gender(person, articles))
    shaped = len(name.split()) >= 2 and _shaped(name)
    # "Big Machine" answers "which record label": the "she" after it in the articles is Taylor Swift's
    said = gender(name, articles, named=False) if shaped and asked not in ("place", "organisation") else None
    if said or (asked == "person" and full.endswith(name) and shaped):  # "Nissan's ... David Kershaw"
        # "James Van Der Beek ... he said"; "Dana Whitfield", named once: who the question asked for
        return Entity(name, "person", said)
    if asked in ("place", "organisation"):
        return Entity(name, "place" if asked == "place" else "organisation")
    return Entity(name, "thing")


def thing_answered(short: str) -> Entity | None:
    """The thing a short answer in lower case names ("a surplus American ship" -> "the surplus American
    ship"): "when's it being handed over?" asks about it; or the person ("A New York man": "how old is
    he?" asks his age).  None for anything but a noun phrase, or a name ("The Carlyle Group")."""
    said = re.fullmatch(r"(?:a|an|the)\s+([a-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,4})", short.strip()) or \
        re.fullmatch(r"(?i:a|an|the)\s+((?:[A-Z][\w'’-]*\s+){1,3}[a-z][\w'’-]*)", short.strip())
    if not said or _PHRASE_END.match(said.group(1).split()[-1]) or _PHRASE_NONE.match(said.group(1).split()[-1]):
        return None
    if not _PERSON_PHRASE.search(said.group(1)):
        return Entity(f"the {said.group(1)}", "thing")
    head = said.group(1).split()[-1].lower()
    return Entity(f"the {said.group(1)}", "person",
                  "male" if head in _MALE_NOUNS else "female" if head in _FEMALE_NOUNS else None)


def entities(text: str, articles: Sequence[str], asked: str | None = None) -> tuple[Entity, ...]:
    """The things ``text`` names, each with its kind, people by their full name; then the things it
    calls by a noun phrase ("the new courthouse"; "the hunter" is a person), unless a name says more."""
    out = []
    # "U.S. Defense Secretary Mark Esper" is Mark Esper; "General Motors" stays whole ("Motors" is no one)
    for name in [_person_or_whole(part) for named in names(text) for part in _pair(named, articles)]:
        if is_demonym(name):
            continue  # "North Korean": an adjective
        found = entity(name, [*articles, text], asked)  # the question may say who someone is ("..., his wife,")
        # "in Star Wars Jedi: Fallen Order" is a title, "in Kylie Jenner's business" a person's
        where = re.search(rf"\b(?:in|at|near|from)\s+{re.escape(name)}\b(?!['’]s)", text)
        if found.kind == "thing" and ":" not in name and where:
            found = Entity(name, "place")
        if found.kind == "thing" and _ROLE.search(text[:max(0, text.find(name))][-40:]) and _shaped(name):
            found = Entity(name, "person")  # "analyst Zachary Fadem"
        later = _PERSON_PRONOUN.search(text, text.find(name) + len(name))
        if found.kind == "thing" and later and len(name.split()) >= 2 and _shaped(name):
            # "... James Van Der Beek ... when he was voted off": the question itself says it is a person
            found = Entity(name, "person", "male" if later.group(1).lower() in _MALE else "female")
        out.append(found)
    for phrase in phrases(text):
        inside = [e for e in out if e.text in re.sub(r"['’]s\b", "", phrase)]
        # "the Paganini team": the person stays for "he", the team is there for "it"
        out = [e for e in out if e not in inside or e.kind == "person"]
        head = phrase.split(" of ")[0]
        noun = head.split()[-1].lower()
        said: Literal["male", "female"] | None = ("male" if noun in _MALE_NOUNS else
                                                  "female" if noun in _FEMALE_NOUNS else None)  # "the man": he
        out.append(Entity(phrase, "person", said) if _PERSON_PHRASE.search(head) else Entity(phrase, "thing"))
    # In the order the text names them: the question's subject comes first.
    # "According to the National Review column, how much did the Mueller investigation cost?": the source last.
    source = _SOURCE.match(text)
    named = source.end() if source else 0

    def order(e: Entity) -> int:
        at = _position(e.text, text)
        return at + len(text) if at < named else at

    return tuple(sorted(dict.fromkeys(out), key=order))


def _pair(name: str, articles: Sequence[str]) -> list[str]:
    """"Kevin King and Timothy Weeks": two people's names, each shaped like one, or each a person the
    ``articles`` name ("Melaye and Murray-Bruce"); else the name whole ("Procter and Gamble", "Bosnia and
    Herzegovina")."""
    parts = [p.strip() for p in re.split(r",\s*|\s+and\s+", name)]
    if len(parts) < 2 or not all(_shaped(p) for p in parts):
        return [name]
    people = all(len(p.split()) >= 2 or any(person_name(p, a) for a in articles) for p in parts)
    return parts if people else [name]


def _position(named: str, text: str) -> int:
    at = text.find(named)
    return at if at >= 0 else text.find(named.split()[-1]) if named.split()[-1] in text else len(text)


def people(cited: str, article: str) -> Iterator[str]:
    """Full names of the people the cited sentence mentions, in order."""
    for name in names(cited):
        full = person_name(name, article)
        if full:
            yield full
            continue
        for word in name.split():  # "Mr Negroponte's lab": its words, one by one
            full = person_name(word, article) if word.lower() not in _NOT_NAME else None
            if full:
                yield full


def substitute_person(question: str, person: str, pronouns: frozenset[str] | None = None) -> str:
    """``question`` with each personal pronoun (of ``pronouns``, default all) replaced by ``person``
    ("his" by "Person's")."""
    after_object = r"\s*(?:$|[?.!,;:]|\b(?:to|in|on|at|for|with|about|from|by|as|and|or|than|say|said|do|did)\b)"

    def name(match: re.Match[str]) -> str:
        word = match.group(1).lower()
        if pronouns is not None and word not in pronouns:
            return match.group(0)
        if word in ("his", "hers") or (word == "her" and not re.match(after_object, question[match.end():])):
            return f"{person}'s"
        return person

    return _PERSON_PRONOUN.sub(name, question)


def _substitute_thing(question: str, thing: str) -> str:
    """``question`` with its first "it", "its", "they"... replaced by ``thing``: a later one may mean
    something the question itself names ("Over which years did it study Saturn and its moons?")."""
    def name(match: re.Match[str]) -> str:
        word, contraction = match.group(1).lower(), (match.group(2) or "")[1:].lower()
        if contraction:  # "they're asking for" -> "the plaintiffs are asking for"
            return f"{thing} {_CONTRACTED[contraction]}"
        owner = thing if re.search(r"['’]s$", thing) else f"{thing}'s"  # "Apple's", never "Apple's's"
        return owner if word in ("its", "their", "theirs") else thing

    return _THING_PRONOUN.sub(name, question, count=1)


def _named_before(question: str, at: int, person: bool, turns: Sequence[Turn]) -> bool:
    """The question names someone (``person``) or something before ``at`` (its first word aside): a name
    shaped like a person's may be either, unless the conversation knows it."""
    known = {e.text.split()[-1]: e.kind == "person" for t in turns for e in (*t.subjects, *t.answer, *t.mentioned)}
    if person and re.match(r"(?i:his|her)\s+\w", question[at:]) and \
            any(_PERSON_PHRASE.search(p.split(" of ")[0]) for p in phrases(question[:at])):
        return True  # "What did the author of that guide say his toddler hid?" (not "the journalist he met")
    for name in names(question[:at]):
        if is_demonym(name):
            continue
        is_person = known.get(name.split()[-1])
        if is_person is None:  # unknown: a full name shaped like a person's may be one ("Canada" is not taken)
            is_person = _shaped(name) and len(name.split()) >= 2
        if is_person == person or (not person and _shaped(name) and name.split()[-1] not in known):
            return True
    return False


def _needs_thing(question: str) -> re.Match[str] | None:
    match = _THING_PRONOUN.search(question)
    if match and match.group(1).lower() in ("it", "its") and _EXPLETIVE.search(question):
        return None
    return match


def _needs_place(question: str) -> re.Match[str] | None:
    match = _THERE.search(question)
    return match if match and not _EXISTENTIAL.search(question) else None


def _candidates(turns: Sequence[Turn], kinds: tuple[Kind, ...], answer_first: bool) -> Iterator[Entity]:
    """The entities of ``kinds`` the conversation offers, the latest turn first: in each turn its short
    answer and its question's subjects (the answer first when ``answer_first``), then the people its
    quotes name."""
    for turn in reversed(turns):
        parts = (turn.answer, turn.subjects) if answer_first else (turn.subjects, turn.answer)
        for part in (*parts, turn.mentioned):
            yield from (e for e in part if e.kind in kinds)


def ellipsis(question: str, previous: str, articles: Sequence[str] = ()) -> str | None:
    """The previous question with the fragment's part put in its place, or None when the fragment has
    no place there.

    "And in 2019?" takes the place of a date ("... in 2014?"); "What about the second quarter?" of a
    phrase with the same last word ("the first quarter"), "And animal cases?" of "human cases"; "And
    South Korea's Kospi?" of a possessive name ("Japan's Nikkei 225"); "On what date?" of the question
    word ("Where will ... be honored?"), and so does "With which illustrator?" of "Which graphic novel";
    "And in Spain?" of "in Italy"; "And John Petrides?" of the person the question named, "And
    Palestinians?" of "Israelis"; "And states?" of the noun "how many countries" counts; "And to fold
    down?" of the verb the question ends with ("... take to close?").

    Two readings need the ``articles`` the previous answer cited to speak of the fragment, since
    nothing else says the person is still on the same story: "And the fine?" takes the place of what
    "What is the longest prison term ...?" asked for, and "And the editor?" after "Who reported that
    story?" asks "Who was the editor of that story?".  Without that ("And the weather?" after a
    question on a tax cap) the fragment is asked as typed, and the person is told which words were
    not understood.
    """
    fragment = _ELLIPSIS.sub("", question).strip().rstrip("?").strip()
    stem = previous.strip().rstrip("?").strip()
    if not fragment or not stem:
        return None
    if _WH_FRAGMENT.fullmatch(fragment):
        asking = _WH_STEM.match(stem) or _WH_PHRASE.match(stem)
        if asking:  # "Where will X be honored?" + "On what date?"; "Which novel did she launch?" + "With whom?"
            return f"{fragment[:1].upper()}{fragment[1:]}{stem[asking.end():]}?"
        return None
    count = _HOW_MANY_VERB.search(stem)
    state = _CASUALTY.fullmatch(fragment) or _COUNTED.fullmatch(fragment)
    if count and state:  # "And injured?", "and how many were hurt?" after "How many people died in ...?"
        return f"{stem[:count.start(1)]}were {state.group(1)}{stem[count.end(1):]}?"
    if _QUESTION_WORD.search(fragment) and len(fragment.split()) > 3:
        return None
    relative = _RELATIVE_YEAR.fullmatch(fragment)
    years = list(re.finditer(r"\b(?:1[89]|20)\d\d\b", stem))
    if relative and years:  # "And the year before?" after "... its 2007 Lantern Festival?": 2006
        year = years[-1]
        shifted = int(year.group(0)) + (1 if relative.group(1) else -1)
        return f"{stem[:year.start()]}{shifted}{stem[year.end():]}?"
    month = list(_MONTH.finditer(stem))
    if relative and month and not relative.group(1):  # "... sold in october?" + "and a year earlier?"
        return f"{stem[:month[-1].end()]} {fragment}{stem[month[-1].end():]}?"
    if _WHOLE_YEAR.fullmatch(fragment) and month:  # "... in october?" + "and over the whole of last year?"
        return f"{stem[:month[-1].start()]}{fragment}{stem[month[-1].end():]}?"
    edition = re.fullmatch(r"(?:in\s+)?the\s+((?:1[89]|20)\d\d)\s+(?:one|edition|version|season)", fragment)
    fragment = f"in {edition.group(1)}" if edition else fragment  # "and in the 1991 one?"
    if _YEAR_OR_DATE.fullmatch(fragment):
        old = list(_YEAR_OR_DATE.finditer(stem)) or list(_MONTH.finditer(stem))
        if old:
            m = old[-1]
            preposition = re.match(r"(?:in|during|by|since|of)\s+", m.group(0), re.IGNORECASE)
            if preposition and not re.match(r"(?i)(?:in|during|by|since|of|so\s+far|this|last|next)\s", fragment):
                fragment = preposition.group(0) + fragment  # "in the first quarter" -> "in the second quarter"
            elif not preposition and re.fullmatch(r"(?i)(?:in|during|of)\s+(?:1[89]|20)\d\d", fragment):
                fragment = fragment.split()[-1]  # "at the 2006 World Cup" + "And in 2002?": "at the 2002 World Cup"
            rest = re.sub(r"^\s+(?:a|one)\s+year\s+(?:earlier|ago|before)\b", "", stem[m.end():])
            return f"{stem[:m.start()]}{fragment}{rest}?"  # "in October a year earlier" + "what about october 2015?"
        said = re.match(r"(?i)in|during|by|since|so\s+far|this|last|next", fragment)  # not "in so far this year"
        return f"{stem} {fragment if said else 'in ' + fragment}?"
    doing = re.fullmatch(r"to\s+[a-z]+(?:\s+(?:up|down|out|off|in|on|back|over|away))?", fragment)
    done = re.search(r"\bto\s+[a-z]+(?:\s+(?:up|down|out|off|in|on|back|over|away))?$", stem)
    if doing and done:  # "How long does the soft top take to close?" + "And to fold down?"
        return f"{stem[:done.start()]}{fragment}?"
    if _POSSESSIVE_NAME.fullmatch(fragment):
        old_name = _POSSESSIVE_NAME.search(stem)
        return f"{stem[:old_name.start()]}{fragment}{stem[old_name.end():]}?" if old_name else None
    whose = re.fullmatch(r"((?:[\w.-]+\s+){0,2}[\w.-]+)['’]s", fragment)
    if whose:  # "and ryan hollman's?" after "what's christopher battin's bond?": the owner changes
        n = len(whose.group(1).split())
        old = [m for m in re.finditer(rf"(?<![\w'’])((?:[\w.-]+\s+){{{n - 1}}}[\w.-]+)['’]s\b", stem)
               if not any(w.lower() in _NOT_NAME for w in m.group(1).split())]
        return f"{stem[:old[-1].start(1)]}{whose.group(1)}{stem[old[-1].end(1):]}?" if old else None
    kin = re.fullmatch(r"(?:his|her)\s+([a-z][\w-]*)", fragment)
    person = [n for n in names(stem) if len(n.split()) >= 2 and _shaped(n)]
    if kin and person:  # "and his wife?" after "how old is Thomas Sam?"
        at = stem.rindex(person[-1]) + len(person[-1])
        return f"{stem[:at]}'s {kin.group(1)}{stem[at:]}?"
    owned = re.fullmatch(rf"({_NAME.pattern})['’]s\s+([a-z][\w-]*(?:\s+[a-z][\w-]*){{0,2}})", fragment)
    if owned:  # "And Anthony Davis's points?" after "How many turnovers did LeBron James have?"
        swapped = _swap_name(stem, owned.group(1))
        count = re.search(r"\b(?i:how\s+many)\s+((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?=\s+(?:did|does|do|has|have|"
                          r"had|were|was|are|is|will)\b)", swapped or "")
        return f"{swapped[:count.start(1)]}{owned.group(2)}{swapped[count.end(1):]}" if swapped and count else None
    owner = _POSSESSIVE_NAME.search(stem)
    if owner and fragment.startswith("the ") and _NAME.fullmatch(fragment[4:]):
        return f"{stem[:owner.start()]}{fragment}{stem[owner.end():]}?"  # "And the Kospi?" for "Japan's Nikkei 225"
    if _NAME.fullmatch(fragment.removeprefix("the ")) and fragment.split()[0].lower() not in _NOT_NAME - {"the"}:
        # "And LeBron?" after "How many points did Anthony Davis score ...": LeBron James, a person for a person
        one = len(fragment.split()) == 1
        full = next((p for a in articles if one and (p := _person_by_first(fragment, a))), fragment)
        swapped = _swap_name(stem, full)
        if swapped:
            return swapped
        ending = [n for n in names(stem) if n.split()[-1] == full.split()[-1] and n != full]
        if not ending:
            return None
        at = stem.rindex(ending[-1])  # "what about New Territories East?" after "... in Kowloon East ...?"
        return f"{stem[:at]}{full}{stem[at + len(ending[-1]):]}?"
    code = re.fullmatch(rf"(?:(?:in|for|at|of)\s+)?({_CODE})", fragment)
    coded = list(re.finditer(rf"(?<![\w-])(?:{_CODE})(?![\w-])", stem)) if code else []
    if code and coded:  # "And in 6A?" after "who won the 5-1a diving title ...": a class, a model, a code for another
        return f"{stem[:coded[-1].start()]}{code.group(1)}{stem[coded[-1].end():]}?"
    place = _PLACE_FRAGMENT.fullmatch(fragment)
    moved = _put_place(stem, place) if place else None
    if moved:  # else "and at kotak securities?" may still take the place of a phrase with its last word
        return moved
    subject = _SUBJECT.search(stem) or _COMMON_SUBJECT.search(stem)
    common = re.fullmatch(r"the\s+(?:[a-z][\w-]*\s+)?[a-z][\w-]*", fragment)  # "the fishermen", not a name
    if subject and common and fragment.lower() not in stem.lower():
        # "And the fishermen?" after "How many did the Indonesian Navy save ...?": the doer changes
        return f"{stem[:subject.start(1)]}{fragment}{stem[subject.end(1):]}?"
    head = fragment.split()[-1].lower()
    if head in _NOT_NAME or _PHRASE_END.match(head):
        return None  # "And the Chargers' record after that?": no noun to find
    counted = re.search(r"\b(?i:how\s+many)\s+((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*s)\b", stem)
    if counted and re.fullmatch(r"[a-z][\w-]*s", fragment):  # "And states?" after "In how many countries ...?"
        return f"{stem[:counted.start(1)]}{fragment}{stem[counted.end(1):]}?"
    found = list(re.finditer(rf"\b(?:(?:the|a|an|its|their|his|her)\s+)?(?:(?!{_QUESTION_WORD.pattern}|many\b|much\b)"
                             rf"[\w-]+\s+){{0,2}}{re.escape(head)}s?\b", stem, re.IGNORECASE))
    if found:
        m = found[-1]
        return f"{stem[:m.start()]}{fragment}{stem[m.end():]}?"
    if not _spoken_of(head, articles):
        return None
    asked = _WHAT_IS.match(stem)
    if asked:  # "What is the longest prison term Carlineo could get?" + "And the fine?"
        return f"{stem[:asked.start('np')]}{fragment}{stem[asked.end('np'):]}?"
    who = _WHO_DID.match(stem)
    if who and _PERSON_HEAD.search(fragment):  # "Who reported that story?" + "And the editor?"
        present = re.search(r"[^s]s$", who.group(1))  # "Who leads the team?", not "Who won the race?"
        return f"Who {'is' if present else 'was'} {fragment} of {who.group(2)}?"
    which = _WHAT_NOUN.match(stem)
    if which and re.fullmatch(r"the(?:\s+[a-z][\w-]*){1,2}", fragment):  # "What figure did ...?" + "And the verdict?"
        return f"{stem[:which.start(1)]}{fragment[4:]}{stem[which.end(1):]}?"
    return None


def _of_the_story(question: str, articles: Sequence[str] | None = None) -> str | None:
    """A fragment the question before has no place for, asked of the story the conversation is on:
    "and the sentencing date?" after "how old is the man who admitted the threats?" is "What is the
    sentencing date?" in that man's story.  Only a thing ("the sentencing date", "the suspect's age"),
    never a person's kin or a place ("and his wife?", "and at the box office?"): those need the question
    before, and are asked as typed when it has no place for them.  With ``articles``, only a thing they
    speak of (else None); without, the question the fragment asks, whatever the story says."""
    fragment = _ELLIPSIS.sub("", question).strip().rstrip("?").strip()
    said = re.fullmatch(r"(?i:the)\s+[a-z][\w'’ -]*|[\w.-]+(?:\s+[\w.-]+)?['’]s\s+[a-z][\w -]*", fragment)
    words = set(re.findall(r"[a-z]{4,}", fragment.lower())) - {"about", "from", "that", "this", "with", "what", "which"}
    if not said or _PHRASE_END.match(fragment.split()[-1]) or (
            articles is not None and not any(_spoken_of(w, articles) for w in words)):
        return None
    # "and the show's host?"; never "and his wife?" (no "the": the question's); "-er" only of a story that speaks
    # of one ("the editor"), not "and the weather?"
    listed = re.fullmatch(rf"(?i:{PERSON_NOUNS}|{_ROLES})", fragment.split()[-1])
    if _PERSON_HEAD.search(fragment) and (articles is not None or listed):
        return f"Who is {fragment}?"
    head = re.split(r"\s+(?:of|in|to|for|on|at|from|with|by|about)\s+", fragment)[0]  # "the length of the trip"
    plural = _PLURAL.search(head) and not re.search(r"['’]s\s", head)
    return f"What {'are' if plural else 'is'} {fragment}?"


def _swap_name(stem: str, name: str) -> str | None:
    """``stem`` with ``name`` in place of its last name of the same shape: a person for a person ("And John
    Petrides?" stands for "Matt Maley", a full name, not "Coty"), a people for a people ("And
    Palestinians?" after "How many Israelis live in the settlements?")."""
    alike = [n for n in names(stem)
             if n.lower() not in name.lower() and _shaped(n) == _shaped(name) and is_demonym(n) == is_demonym(name)]
    fuller = [n for n in alike if (len(n.split()) >= 2) == (len(name.split()) >= 2)] or alike
    if not fuller:  # "And Manju?" after "How old is he?": the name in place of the person
        return substitute_person(stem, name) + "?" if _shaped(name) and _PERSON_PRONOUN.search(stem) else None
    at = stem.index(fuller[-1])
    if name.startswith("the ") and re.search(r"\b(?i:the)\s+$", stem[:at]):
        name = name[4:]  # "the American hostage" + "And the Australian?": never "the the Australian"
    return f"{stem[:at]}{name}{stem[at + len(fuller[-1]):]}?"


def _spoken_of(word: str, articles: Sequence[str]) -> bool:
    """Whether ``articles`` speak of ``word`` in some form ("editor": "Editing by ...")."""
    stem = re.sub(r"(?:or|er|ing|ings|es|s|ed)$", "", word.lower()) if len(word) > 5 else word.lower()
    return len(stem) >= 3 and any(re.search(rf"\b{re.escape(stem)}", a, re.IGNORECASE) for a in articles)


def _put_place(stem: str, place: re.Match[str]) -> str | None:
    """"And in Spain?": in place of the previous question's "in Italy".  A part the question has no
    place for is not added to it: "About how many Greeks worship the old gods today by the Greek
    Orthodox Church's estimate?" is read as the first question (100,000, not the church's 40,000),
    while the fragment asked as typed finds the church's sentence."""
    preposition, what = place.group(1), place.group(2)
    if not _NAME.fullmatch(what.removeprefix("the ")):
        return None  # "And by the Greek Orthodox Church's estimate?": no name to put in place of another
    old = list(re.finditer(rf"\b(?i:{re.escape(preposition)})\s+(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)*",
                           stem))
    return f"{stem[:old[-1].start()]}{preposition} {what}{stem[old[-1].end():]}?" if old else None


_Step = tuple[str, list[tuple[str, str]], str | None]  # the query so far, the words resolved, a word that was not


def _people_meant(query: str, turns: Sequence[Turn]) -> _Step:
    """"he", "she": a person; one for each gender, in the order said ("Where did she post her letter at
    his sentencing?"); left alone after a name the question itself gives ("Did Ramsey say his ...")."""
    first = _PERSON_PRONOUN.search(query)
    if not first or _named_before(query, first.start(), True, turns):
        return query, [], None
    said = [m.group(1).lower() for m in _PERSON_PRONOUN.finditer(query)]
    genders = list(dict.fromkeys(_MALE if w in _MALE else _FEMALE for w in said))
    persons = list(dict.fromkeys(_people_named(turns)))
    if not persons:
        return query, [], said[0]
    meant: list[tuple[str, str]] = []
    for words in genders:  # each pronoun's gender to the latest person of it (or of no gender the articles say)
        wanted = "male" if words is _MALE else "female"
        fits = [p for p in persons if p.gender in (wanted, None) and p.text not in [m for _, m in meant]]
        # A role ("the journalist") the articles give no gender comes after a name they do ("Emily Maitlis")
        person = next((p for p in fits if p.gender or p.text[:1].isupper()), next(iter(fits), None))
        if person is None:
            return query, meant, next(w for w in said if w in words)  # "he" when only a woman was named
        meant.append((next(w for w in said if w in words), person.text))
        query = substitute_person(query, person.text, words)
    return query, meant, None


def _thing_meant(query: str, turns: Sequence[Turn]) -> _Step:
    """"it", "they": the question's subject, or after "Which agency ...?" the answer; left alone after a
    name the question itself gives ("How many visitors did Taipei expect at its festival?")."""
    thing = _needs_thing(query)
    if not thing or _named_before(query, thing.start(), False, turns):
        return query, [], None
    if _EVENT.search(query):  # asked as typed, of the story alone
        return query, [], thing.group(1)
    previous = turns[-1].asked
    if thing.group(1).lower() in ("they", "them", "their", "theirs"):
        together = _people_together(turns[-1])
        if together:  # "they" after a question about "Kevin King and Timothy Weeks": both of them
            return _substitute_thing(query, together), [(thing.group(1), together)], None
        counted = re.search(r"\b(?i:how\s+many)\s+((?:[a-z][\w-]*\s+){0,2}?(?:[a-z][\w-]*[^s\W]s|people|children|men|"
                            r"women))\s+(?:are|were|is|was|have|has|had|died)\b", previous)  # the count is the subject
        if counted and not re.search(r"(?i:\bthey\s+(?:say|said|report|reported)\b)", query):
            # "Where are they meeting?" after "How many candidates are on the stage?": the candidates, never "10"
            said = f"the {counted.group(1)}"
            return _substitute_thing(query, said), [(thing.group(1), said)], None
        plural = next((e.text for e in turns[-1].subjects if e.kind == "thing" and _PLURAL.search(e.text)), None)
        if plural:  # "they" after a question about "the four RS-25 engines"
            return _substitute_thing(query, plural), [(thing.group(1), plural)], None
    found = next(_things(thing.group(1), turns), None)
    if found is None:
        return query, [], thing.group(1)
    found = _owned(found, turns[-1])
    return _substitute_thing(query, found.text), [(thing.group(1), found.text)], None


def _things(word: str, turns: Sequence[Turn]) -> Iterator[Entity]:
    """What "it" or "they" (``word``) may stand for, likeliest first: the question's subjects, or after
    "Which agency ...?" the answer first; "it" is never a plural ("where is it?" is never "the clashes")."""
    previous = turns[-1].asked
    # After "Which agency ...?" the answer is what the talk is about; after "What did NASA find?", NASA;
    # after "At which facility were the engines installed?", the engines.
    answer_first = asks_for(previous) in ("organisation", "work", "thing", None) and bool(
        re.search(r"\b(?:which|what)(?:['’]s)?\s+(?!(?:did|does|do|is|are|was|were|has|have|had|will|would|can)\b)[a-z]",
                  previous, re.IGNORECASE)) and not _WHERE_IT_WAS.match(previous)
    one = word.lower() in ("it", "its", "itself")
    return (e for e in _candidates(turns, ("organisation", "thing"), answer_first)
            if not (one and e.kind == "thing" and _PLURAL.search(e.text)))


def _other_thing(word: str, chosen: str, turns: Sequence[Turn]) -> str | None:
    """The next thing "it" (``word``) may stand for after ``chosen`` that the turn before named, or None.

    "How many airbags does it have?" after "How big is the touchscreen in the 2020 Nissan Sentra?" is
    the Sentra's, not the touchscreen's; "How many children did it survey?" after "Which journal did the
    study come out in?" is the study's, not the journal's.  Words alone cannot tell, but the articles can:
    the chat asks both and keeps the surer answer.  Only what the turn before named: from further back the
    readings kept were absurd ("which city is Sweden in?").  Measured over seventeen conversation sets,
    follow-ups after an answered first turn hit 559 -> 569 of 753, answered wrong 236 -> 232 (the three
    blind sets: 0.591 -> 0.614, 0.761 -> 0.783, 0.636 -> 0.636).
    """
    return next((e.text for e in _things(word, turns[-1:]) if e.text not in chosen and chosen not in e.text), None)


def _people_named(turns: Sequence[Turn]) -> Iterator[Entity]:
    """Who "he" or "she" may stand for, the latest turn first: the people the conversation named (in each
    turn its answer's, its question's, a name its question gives with a first name of one gender, then
    those its quotes name); then, failing evidence, someone a
    question named by a full name ("Thibaut Courtois"), never an answer and never a name the question
    gives an article ("the redesigned 2020 Nissan Sentra")."""
    for turn in reversed(turns):
        yield from (e for e in (*turn.answer, *turn.subjects) if e.kind == "person")
        # "which show was James Van Der Beek voted off?": a first name says he is someone, before a quote's name
        yield from (Entity(e.text, "person", given) for e in turn.subjects
                    if e.kind == "thing" and _shaped(e.text) and (given := _first_names().get(e.text.split()[0]))
                    and len(e.text.split()) >= 2)
        yield from (e for e in turn.mentioned if e.kind == "person")
    for turn in reversed(turns):
        yield from (e for e in turn.subjects if e.kind == "thing" and len(e.text.split()) >= 2 and _shaped(e.text)
                    and not re.search(rf"\b(?i:the|a|an)\s+(?:{_MODIFIER}\s+){{0,3}}{re.escape(e.text)}", turn.asked))


def _owned(owner: Entity, turn: Turn) -> Entity:
    """What ``owner`` owns in the turn's question when it names that too ("Google's Stadia", "Apple's new
    16-inch MacBook Pro": "its" is the product's), else ``owner``."""
    said = re.search(rf"{re.escape(owner.text)}['’]s\s+(?:[a-z0-9][\w-]*\s+){{0,3}}([A-Z][\w'’.&-]*)", turn.asked)
    return next((e for e in turn.subjects if said and e.text.startswith(said.group(1)) and e.kind != "person"), owner)


def _people_together(turn: Turn) -> str | None:
    """Two or more people a turn names in one breath ("Kevin King and Timothy Weeks"; "melaye and
    murray-bruce", typed in lower case, by their surnames): its answer's, else its question's, those of
    them the list holds."""
    said = f"{turn.asked} {turn.short or ''}"
    for part in (turn.answer, turn.subjects):
        people = [e.text for e in part if e.kind == "person" or (e.kind != "place" and _shaped(e.text))]
        listed = [p for p in people if re.search(rf"(?i)\b{re.escape(p.split()[-1])}\s*(?:,|and\b|&)|"
                                                 rf"(?:,|\band|&)\s*(?:[\w'’.-]+\s+){{0,2}}{re.escape(p.split()[-1])}\b",
                                                 said)]
        if len(listed) >= 2 and any(e.kind == "person" or len(e.text.split()) >= 2 for e in part if e.text in listed):
            return ", ".join(listed[:-1]) + " and " + listed[-1]
    return None


def _figure_meant(query: str, turns: Sequence[Turn]) -> _Step:
    """"that figure", "this number": the figure the previous answer gave ("$53 million")."""
    figure = _FIGURE.search(query)
    short = turns[-1].short
    if not figure or not short or not re.search(r"\d", short):
        return query, [], None
    said = f"the {figure.group(1).lower()} of {short}"
    return f"{query[:figure.start()]}{said}{query[figure.end():]}", [(figure.group(0), short)], None


def _place_meant(query: str, turns: Sequence[Turn]) -> _Step:
    """"there": a place (never the "there" of "is there")."""
    if not _needs_place(query):
        return query, [], None
    found = next((e for e in _candidates(turns, ("place", "organisation", "thing"), answer_first=True)
                  if e.kind == "place" or _VENUE.search(e.text)
                  or (e.kind == "thing" and _PLACE_PHRASE.search(e.text))), None)
    if found is None:
        return query, [], "there"
    # "fly the cat home from there", "leaving there": the place, not "from in" it
    placed = re.sub(r"\b(?i:from|to|into|near|around|toward|towards|over|across|leav(?:e|es|ing)|left|"
                    r"visit(?:s|ed|ing)?)\s+there\b",
                    lambda m: m.group(0)[:-len("there")] + found.text, query)
    return _THERE.sub(f"in {found.text}", placed), [("there", found.text)], None


def _without_document(query: str) -> str:
    """``query`` without the words that name the article ("According to that article, what ...", "... in
    that piece, what share ...", "... does that story say Audi will offer"), its commas kept."""
    def cut(match: re.Match[str]) -> str:
        return ", " if match.start() > 0 and match.group(0).rstrip().endswith(",") else " "

    return re.sub(r"\s+(?=[?,.])|^\W+", "", re.sub(r"\s{2,}", " ", _ACCORDING.sub(cut, query))).strip()


def story(turns: Sequence[Turn]) -> tuple[str, ...]:
    """The articles the conversation is on: those the latest turn that cited any cited, first first (a
    refused turn cites none, so "that report" and a fragment after a refusal still mean the story)."""
    return next((t.articles for t in reversed(turns) if t.articles), ())


def resolve(question: str, turns: Sequence[Turn], title: Callable[[str], str | None],
            text: Callable[[str], str | None] = lambda _: None) -> Resolution:
    """How ``question`` is asked after ``turns``.

    Args:
        question: the follow-up as typed (cleaned).
        turns: the conversation so far, oldest first.
        title: an article's title by its id (None when it is gone).
        text: an article's text by its id (None when it is gone): whether a fragment ("And the fine?")
            is still about the story the previous answer cited.
    """
    if not turns:
        return Resolution(question)
    query, meant, unresolved, article = question, [], None, None
    rest = _ELLIPSIS.sub("", question).strip().rstrip("?").strip()
    if _ELLIPSIS.match(question) and re.fullmatch(r"(?i:his|her)\s+[a-z][\w-]*", rest):
        rewritten = ellipsis(question, turns[-1].asked)  # "and his wife?": his wife in the question before
        if rewritten:
            return Resolution(rewritten, meant=((question, rewritten),))
    document = DOCUMENT.search(query)
    if document:
        cited = next(iter(story(turns)), None)
        name = title(cited) if cited else None
        if name is None:
            unresolved = document.group(0)
        else:
            article = cited
            meant.append((document.group(0), f"“{name}”"))
            # "..., according to that story?": the article is chosen; the words would only distract the reader.
            query = _without_document(query) or query
            query = query[:1].upper() + query[1:]
    steps = (_people_meant, _place_meant) if article else (_figure_meant, _people_meant, _thing_meant, _place_meant)
    for step in steps:  # with the article chosen, "it" may be the article itself ("what does it say ...")
        query, found, missing = step(query, turns)
        meant += found
        unresolved = unresolved or missing
    counted = _COUNTED.fullmatch(rest)  # "and how many were hurt?" is a fragment, its question words aside
    if not meant and not unresolved and ((_ELLIPSIS.match(question) and (not _QUESTION_WORD.search(rest) or counted))
                                         or _WH_FRAGMENT.fullmatch(rest)):
        on = story(turns)
        bodies = [body for i in on[:2] if (body := text(i))]
        # "what about germany?": a name typed in lower case is a name when the article prints it so
        rewritten = ellipsis(cased(question, bodies), cased(turns[-1].asked, bodies), bodies)
        if rewritten is None:
            asked = _of_the_story(question, bodies)
            if asked:  # "and the sentencing date?": what the story says of it, asked of the story first
                return Resolution(asked, on[0], meant=((question, asked),))
            # "And the final score?" of a story that never says "score": still not understood (a note says so,
            # and only the story is asked, when there is one), but asked as a question the reader can read
            return Resolution(_of_the_story(question) or question, unresolved=question)
        if DOCUMENT.search(rewritten):  # "Who was the editor of that story?": the story cited before
            return replace(resolve(rewritten, turns, title, text), meant=((question, rewritten),))
        return Resolution(rewritten, meant=((question, rewritten),))
    resolution = Resolution(query, article, tuple(meant), unresolved)  # "he" resolved stays, "there" not (a note says)
    word, chosen = resolution.it or ("", "")
    other = _other_thing(word, chosen, turns) if word and not article and not unresolved and chosen in query else None
    return replace(resolution, instead=query.replace(chosen, other, 1)) if other else resolution
