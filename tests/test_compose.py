"""Composition is a pure function of evidence and its reading: tested here on hand-made evidence.

No model, no index: the evidence, the reader's scores and spans are written by hand, so each
test says exactly which input decides which part of the answer.
"""

from __future__ import annotations

import numpy as np

from qa.answering.compose import compose
from qa.ingest.articles import Article
from qa.ingest.chunking import split_sentences
from qa.reading.read import Reading, ReadSentence
from qa.retrieval.evidence import Evidence, Hit, Passage, ScoredSentence

QUESTION = "How many fishing boats did the storm damage?"
STORM = Article("coastal-1", "Storm closes Port Ellen harbour",
                "The harbour at Port Ellen closed on Monday. Storm Ciara damaged 40 fishing boats at Port Ellen, "
                "the harbour master said. Repairs to the north pier will take a month. Ferries sail as usual.",
                "Coastal Times", "https://example.org/storm", "2024-03-04")
LATER = Article("herald-2", "Port Ellen counts the cost",
                "Fishermen met on Wednesday. Storm Ciara damaged 42 fishing boats at Port Ellen, the harbour master "
                "said on Wednesday. Insurers are expected on Friday.",
                "Northern Herald", None, "2024-03-06")


def _hit(article: Article, cosine: float = 0.8, coverage: float = 0.9) -> Hit:
    spans = tuple(split_sentences(article.text))
    sentences = tuple(ScoredSentence(s, e, cosine, coverage, np.eye(4, dtype=np.float32)[0]) for s, e in spans)
    passage = Passage(article.id, article.title, 0, len(article.text), article.text, 1.0)
    return Hit(passage, sentences, article, spans, ())


def _reading(hit: Hit, at: int, answer: str, score: float = 0.9, confidence: float = 0.9) -> Reading:
    """The reader rates sentence ``at`` of ``hit`` best, its short answer ``answer``; the others low."""
    sentence = hit.sentences[at]
    start = hit.article.text.index(answer, sentence.start)
    best = ReadSentence(hit, sentence, score, (start, start + len(answer)))
    rest = tuple(ReadSentence(hit, s, 0.01, None) for i, s in enumerate(hit.sentences) if i != at)
    return Reading((best, *rest), confidence, confidence >= 0.5)


def test_the_short_answer_leads_then_its_sentence_each_cited_exactly() -> None:
    hit = _hit(STORM)
    answer = compose(QUESTION, Evidence(QUESTION, (hit,)), _reading(hit, 1, "40"))
    assert not answer.refused and [p.kind for p in answer.parts] == ["short", "quote"]
    short, quote = answer.parts
    assert answer.short is not None and (short.text, short.cites) == ("40", (1,)) == (answer.short.text, (1,))
    (citation,) = answer.citations
    assert quote.text == citation.text == STORM.text[citation.start:citation.end]
    assert citation.text.startswith("Storm Ciara damaged 40 fishing boats")
    assert STORM.text[answer.short.start:answer.short.end] == "40"
    assert answer.text == f"40 [1] {citation.text} [1]"
    # The citation carries what a presenter shows, so none of them needs the store.
    assert (citation.source, citation.published, citation.url) == ("Coastal Times", "2024-03-04", STORM.url)
    before, after = citation.context.before, citation.context.after
    assert STORM.text[citation.start - len(before):citation.start] == before == "The harbour at Port Ellen closed " \
        "on Monday. "
    assert STORM.text[citation.end:citation.end + len(after)] == after
    assert after.endswith("Ferries sail as usual.") and not citation.context.more_after


def test_an_unsure_reader_refuses_and_cites_nothing() -> None:
    hit = _hit(STORM)
    answer = compose(QUESTION, Evidence(QUESTION, (hit,)), _reading(hit, 1, "40", confidence=0.2))
    assert answer.refused and answer.citations == () and answer.short is None
    assert [p.kind for p in answer.parts] == ["refusal"] and answer.text == "The articles don't answer this question."
    assert answer.confidence == 0.2


def test_evidence_not_about_the_question_is_refused_unless_the_reader_is_sure() -> None:
    hit = _hit(STORM, cosine=0.2, coverage=0.1)
    evidence = Evidence(QUESTION, (hit,))
    assert compose(QUESTION, evidence, _reading(hit, 1, "40", confidence=0.7)).refused
    assert not compose(QUESTION, evidence, _reading(hit, 1, "40", confidence=0.9)).refused


def test_why_questions_get_the_sentence_without_a_short_answer() -> None:
    hit = _hit(STORM)
    question = "Why did the harbour close?"
    answer = compose(question, Evidence(question, (hit,)), _reading(hit, 1, "Storm Ciara"))
    assert answer.short is None and [p.kind for p in answer.parts] == ["quote"]


def test_another_outlet_with_other_figures_is_quoted_and_the_newest_report_named() -> None:
    first, second = _hit(STORM), _hit(LATER)
    answer = compose(QUESTION, Evidence(QUESTION, (first, second)), _reading(first, 1, "40"))
    kinds = [p.kind for p in answer.parts]
    assert kinds == ["short", "quote", "quote", "note"], answer.text
    other = answer.parts[2]
    assert other.lead == "Northern Herald (2024-03-06) reports different figures: "
    assert answer.citations[1].article_id == "herald-2" and other.text == answer.citations[1].text
    assert answer.parts[3].cites == (2,) and "(Newest report: as of 2024-03-06 [2].)" in answer.text
