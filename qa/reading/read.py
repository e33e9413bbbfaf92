"""The reading stage: the trained reader (``qa.reading.model``) over the frozen evidence.

Retrieval ranks what is *about* the question; reading says which sentence of the top passages
*answers* it, where its short answer is, and how likely the articles answer the question at all.  News furniture
(``qa.furniture``: datelines, bylines, stamps, captions, prompts) is not read as an answer.  It
is a function of ``Evidence`` alone, so both stores and chat follow-ups get it alike, and the
answer composer stays a pure function of evidence and reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.furniture import is_frame
from qa.ingest.chunking import split_sentences
from qa.reading.furniture import asks_about_the_article, own_words
from qa.reading.model import Reader, ReaderInput
from qa.retrieval.evidence import Evidence, Hit, ScoredSentence

READ_HITS = 3  # the reader reads the top 3 passages (qa/training/train.py calibrates it so)


def asked(question: str) -> str:
    """The question proper: its last sentence that asks.

    A news quiz retells the story first ("Harlan was suspended for six games after a hit on
    Sunday. Which team does he play for?"); the preamble names the story's other people and
    things, and a reader given it takes them for the answer; yet the question proper often needs
    the preamble to say who "he" is.  Retrieval reads the whole text (the preamble finds the
    story); ``read`` reads the question both whole and proper and keeps the surer reading.  On 289
    kept-aside SQuAD questions put behind a preamble of their own passage, answer hit was 0.356
    read whole and 0.907 read proper (0.897 asked plainly); on 60 quiz questions written for the
    Wikinews set (``benchmarks/realnews/quiz.jsonl``, 56 of them with a last sentence that needs its
    preamble), 0.567 whole, 0.667 proper, 0.783 both, with 0.233 / 0.267 / 0.067 refused.
    """
    parts = [question[s:e] for s, e in split_sentences(question)] or [question]
    asking = [p for p in parts if p.rstrip().endswith("?")]
    return asking[-1] if asking else parts[-1]


@dataclass(frozen=True)
class ReadSentence:
    """One sentence as the reader sees it.

    Attributes:
        hit: the passage it is in.
        sentence: its retrieval scores and article offsets.
        score: P(this sentence answers the question).
        span: the short answer's article offsets (inside the sentence), or None.
        others: the sentence's next best spans, best first: (start, end) article offsets and P(span).
        span_score: P(``span`` is the answer), on the same scale as ``others``.
    """

    hit: Hit
    sentence: ScoredSentence
    score: float
    span: tuple[int, int] | None
    others: tuple[tuple[int, int, float], ...] = ()
    span_score: float = 0.0


@dataclass(frozen=True)
class Reading:
    """What the reader made of one question's evidence.

    Attributes:
        sentences: the sentences read, best answer first (``Reader.rank_key``).
        confidence: calibrated P(the articles answer the question).
        answerable: ``confidence`` reaches the reader's threshold.
    """

    sentences: tuple[ReadSentence, ...]
    confidence: float
    answerable: bool


def read(reader: Reader, question: str, evidence: Evidence, *, hits: int = READ_HITS) -> Reading:
    """Read the top ``hits`` passages for ``question``, each whole, and judge each of their sentences.

    Args:
        reader: the loaded reader (``qa.reading.model.load_reader()``).
        question: the question as asked (a question behind a preamble is read both whole and
            proper, ``asked``, and the surer reading kept).
        evidence: what retrieval found.
        hits: how many top passages to read.
    """
    about_the_article = asks_about_the_article(question)
    read_hits = evidence.hits[:hits]
    pairs: list[tuple[int, Hit, ScoredSentence, int]] = []  # passage rank, hit, sentence, first readable offset
    passages = []
    for rank, h in enumerate(read_hits):
        at = h.passage.start
        spans = []
        for s in h.sentences:
            text = h.article.text[s.start:s.end]
            if not about_the_article and is_frame(text):
                continue  # read as context, never as the answer
            # A dateline or byline leading a sentence is not read: it is never the short answer.
            lead = 0 if about_the_article else own_words(text)
            pairs.append((rank, h, s, s.start + lead))
            spans.append((s.start + lead - at, s.end - at))
        passages.append(ReaderInput(h.article.title, h.article.text[at:h.passage.end], tuple(spans)))
    readable = [p for p in passages if p.sentences]
    readings = reader.read(question, readable)
    proper = asked(question)
    if proper != question.strip() and readings:
        # Read both ways; the preamble may name who "he" is, or only distractors: the surer reading wins.
        other = reader.read(proper, readable)
        if reader.confidence(other) > reader.confidence(readings):
            readings = other
    order = sorted(range(len(pairs)), key=lambda i: -reader.rank_key(readings[i], pairs[i][0]))
    read_sentences = []
    for i in order:
        (_, h, s, _), r = pairs[i], readings[i]
        at = h.passage.start
        span = (at + r.span[0], at + r.span[1]) if r.span else None
        others = tuple((at + a, at + b, p) for a, b, p in r.others)
        read_sentences.append(ReadSentence(h, s, r.score, span, others, r.span_score))
    confidence = reader.confidence(readings) if readings else 0.0
    return Reading(tuple(read_sentences), confidence, bool(readings) and confidence >= reader.threshold)
