"""Check a generated answer sentence by sentence against the passages it cites.

A model's ``[n]`` is a claim, not a fact: a marker may point nowhere or at
the wrong passage, and a sentence may say what no passage says.  A sentence
is kept only when one passage supports it: most of its content words occur
there, every number and name in it occurs there, and one sentence of that
passage is close to it in meaning.  The citation then points at that
sentence, so ``article_text[start:end] == text`` holds as in extractive mode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from qa.answering.answer import Answer, Part
from qa.answering.citations import Citations
from qa.answering.generation import Generator
from qa.embedding import Embedder
from qa.errors import EndpointError
from qa.ingest.chunking import split_sentences
from qa.retrieval.evidence import Evidence, Passage
from qa.vocabulary import content_terms, terms

MIN_TERMS = 2  # a sentence with fewer content words cannot be checked ("Yes.", "HACKED.")
MIN_OVERLAP = 0.8  # share of its content words found in the passage
MIN_COSINE = 0.45  # with the passage's closest sentence
_MARKERS = re.compile(r"\s*\[(\d+)\]")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_NAME = re.compile(r"(?<=\s)[A-Z][\w’'-]+")


@dataclass(frozen=True)
class Claim:
    """One generated sentence, its markers removed."""

    text: str
    markers: tuple[int, ...]


@dataclass(frozen=True)
class Support:
    """Where a claim is supported: a sentence of one passage."""

    article: str
    start: int  # offsets of the supporting sentence in the article
    end: int
    score: float


def split_claims(text: str, *, final: bool) -> tuple[list[Claim], str]:
    """The finished sentences of streamed ``text`` and the unfinished rest.

    Markers written after a full stop ("... territory. [2]") belong to the
    sentence before them.  With ``final`` every sentence counts as finished.
    """
    text = re.sub(r"([.!?][”\"’)]?)((?:\s*\[\d+\])+)", r"\2\1", text)
    spans = split_sentences(text)
    if not final and spans:
        rest, spans = text[spans[-1][0]:], spans[:-1]
    else:
        rest = ""
    claims = []
    for start, end in spans:
        sentence = text[start:end]
        clean = re.sub(r"\s+([.!?,;:])", r"\1", _MARKERS.sub("", sentence)).strip()
        if clean:
            claims.append(Claim(clean, tuple(int(m) for m in _MARKERS.findall(sentence))))
    return claims, rest


class Grounder:
    """Finds the passage sentence that supports a claim, if any.

    The passages the model saw from one article are read together: a sentence
    may join what two paragraphs of the same article say ("Melissa Dalton ...
    warned ...").

    Args:
        passages: the numbered passages the model saw (marker n = passages[n - 1]).
        sentences: for each passage, its sentence spans (article offsets).
        vectors: for each passage, the unit vectors of those sentences.
        embedder: embeds the claims.
    """

    def __init__(self, passages: Sequence[Passage], sentences: Sequence[Sequence[tuple[int, int]]],
                 vectors: Sequence[np.ndarray], embedder: Embedder) -> None:
        self.passages = passages
        self.embedder = embedder
        self.articles = list(dict.fromkeys(p.article_id for p in passages))
        self.terms: dict[str, set[str]] = {}
        self.flat: dict[str, str] = {}
        self.spans: dict[str, list[tuple[int, int]]] = {}
        self.vectors: dict[str, np.ndarray] = {}
        for article in self.articles:
            members = [i for i, p in enumerate(passages) if p.article_id == article]
            text = " ".join(f"{passages[i].title} {passages[i].text}" for i in members)
            self.terms[article] = set(terms(text))
            self.flat[article] = re.sub(r"\s+", " ", text).lower().replace(",", "")
            self.spans[article] = [span for i in members for span in sentences[i]]
            self.vectors[article] = np.concatenate([vectors[i] for i in members])

    def support(self, claim: Claim) -> Support | None:
        """The best supporting sentence, trying the cited articles first; None when nothing supports it."""
        words = content_terms(claim.text)
        if len(words) < MIN_TERMS:
            return None
        numbers = [n.replace(",", "") for n in _NUMBER.findall(claim.text)]
        names = [n.lower() for n in _NAME.findall(f" {claim.text}")]
        cited = [self.passages[m - 1].article_id for m in claim.markers if 0 < m <= len(self.passages)]
        vector: np.ndarray | None = None
        for article in dict.fromkeys(cited + self.articles):
            overlap = sum(w in self.terms[article] for w in words) / len(words)
            if overlap < MIN_OVERLAP or not all(n in self.flat[article] for n in numbers + names):
                continue
            if vector is None:
                vector = self.embedder.encode_query(claim.text)
            cosines = self.vectors[article] @ vector
            best = int(np.argmax(cosines))
            if cosines[best] >= MIN_COSINE:
                start, end = self.spans[article][best]
                return Support(article, start, end, float(overlap + cosines[best]))
        return None


def grounded_answer(generator: Generator, question: str, evidence: Evidence, embedder: Embedder,
                    fallback: Answer, notes: tuple[str, ...] = ()) -> Iterator[Answer]:
    """Stream the model's answer, keeping only supported sentences, each cited.

    Yields the answer so far after each kept sentence.  When the endpoint fails
    or nothing the model wrote is supported, yields ``fallback`` (the
    extractive answer) with a note saying why.
    """
    hits = evidence.hits
    grounder = Grounder([h.passage for h in hits], [[(s.start, s.end) for s in h.sentences] for h in hits],
                        [np.stack([s.vector for s in h.sentences]) for h in hits], embedder)
    by_article = {h.article.id: h for h in hits}
    citations = Citations()
    parts: list[Part] = []
    dropped = 0

    def place(claim: Claim) -> bool:
        nonlocal dropped
        if any(part.text == claim.text for part in parts):
            return False  # small models repeat themselves
        support = grounder.support(claim)
        if support is None:
            dropped += 1
            return False
        n = citations.add(by_article[support.article], support.start, support.end, support.score)
        parts.append(Part("claim", claim.text, (n,)))
        return True

    def current() -> Answer:
        note = (f"{dropped} sentence{'s' * (dropped != 1)} dropped as unsupported by the passages",) \
            if dropped else ()
        # The reader's short answer stays when a kept sentence holds it, under that sentence's marker.
        short = fallback.short and next((replace(fallback.short, n=c.n) for c in citations.items
                                         if c.article_id == fallback.short.article_id
                                         and c.start <= fallback.short.start and fallback.short.end <= c.end), None)
        return Answer(False, tuple(citations.items), "llm", notes + note, dropped=dropped, short=short,
                      confidence=fallback.confidence, parts=tuple(parts))

    buffer = ""
    try:
        for piece in generator.stream(question, [h.passage for h in hits]):
            claims, buffer = split_claims(buffer + piece, final=False)
            for claim in claims:
                if place(claim):
                    yield current()
    except EndpointError as exc:
        yield replace(fallback, notes=(*notes, f"{exc}; showing the extractive answer"), fallback="endpoint")
        return
    for claim in split_claims(buffer, final=True)[0]:
        # A last sentence without its full stop was cut off (the token limit): not a claim.
        if re.search(r"[.!?][”\"’)]?$", claim.text) and place(claim):
            yield current()
    if not parts:
        yield replace(fallback, notes=(*notes, "The model's answer was not supported by the passages; "
                                               "showing the extractive answer"), fallback="unsupported")
    else:
        yield current()
