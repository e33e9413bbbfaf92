"""Composition is a pure function of evidence and its reading: tested here on hand-made evidence.

No model, no index: the evidence, the reader's scores and spans are written by hand, so each
test says exactly which input decides which part of the answer.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from qa.answering.answer import Answer
from qa.answering.compose import compose
from qa.documents import Article
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


def _hit(article: Article, cosine: float = 0.8, coverage: float = 0.9,
         scored: Mapping[int, tuple[float, float]] | None = None) -> Hit:
    """``article`` as one retrieved passage; sentence ``i`` has (cosine, coverage) ``scored[i]``, else the defaults."""
    spans = tuple(split_sentences(article.text))
    sentences = tuple(ScoredSentence(s, e, *(scored or {}).get(i, (cosine, coverage)), np.eye(4, dtype=np.float32)[0])
                      for i, (s, e) in enumerate(spans))
    passage = Passage(article.id, article.title, 0, len(article.text), article.text, 1.0)
    return Hit(passage, sentences, article, spans, ())


def _read(hit: Hit, at: int, score: float, answer: str | None = None) -> ReadSentence:
    """Sentence ``at`` of ``hit`` as the reader scores it, with ``answer`` (its first occurrence there) as the span."""
    sentence = hit.sentences[at]
    if answer is None:
        return ReadSentence(hit, sentence, score, None)
    start = hit.article.text.index(answer, sentence.start)
    return ReadSentence(hit, sentence, score, (start, start + len(answer)))


def _reading(hit: Hit, at: int, answer: str, score: float = 0.9, confidence: float = 0.9,
             also: tuple[Hit, ...] = ()) -> Reading:
    """The reader rates sentence ``at`` of ``hit`` best, its short answer ``answer``; the others low.

    The sentences read are those of ``hit`` and of ``also``: what ``read(..., hits=k)`` returns for
    evidence whose top k passages are these.
    """
    best = _read(hit, at, score, answer)
    rest = tuple(ReadSentence(h, s, 0.01, None) for h in (hit, *also) for s in h.sentences if s is not best.sentence)
    return Reading((best, *rest), confidence, confidence >= 0.5)


def _offsets_hold(answer: Answer, *articles: Article) -> None:
    """Every citation, and the short answer, is exactly the article text at its offsets."""
    texts = {a.id: a.text for a in articles}
    for citation in (*answer.citations, *([answer.short] if answer.short else [])):
        assert texts[citation.article_id][citation.start:citation.end] == citation.text, citation


def test_the_short_answer_leads_then_its_sentence_each_cited_exactly() -> None:
    hit = _hit(STORM)
    answer = compose(QUESTION, Evidence(QUESTION, (hit,)), _reading(hit, 1, "40"))
    assert not answer.refused and [p.kind for p in answer.parts] == ["short", "quote"]
    short, quote = answer.parts
    assert answer.short is not None and (short.text, short.cites) == ("40", (1,)) == (answer.short.text, (1,))
    (citation,) = answer.citations
    assert quote.text == citation.text == STORM.text[citation.start:citation.end]
    assert citation.text.startswith("Storm Ciara damaged 40 fishing boats")
    assert citation.score == answer.short.score == 0.9  # the reader's score, which chose it
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


def test_the_reader_alone_says_whether_the_articles_answer_not_retrieval_scores() -> None:
    hit = _hit(STORM, cosine=0.2, coverage=0.1)  # retrieval finds little of the question in it ...
    evidence = Evidence(QUESTION, (hit,))
    answered = compose(QUESTION, evidence, _reading(hit, 1, "40", confidence=0.6))  # ... the reader answers
    assert not answered.refused and answered.short is not None and answered.short.text == "40"
    sure_retrieval = _hit(STORM, cosine=0.99, coverage=1.0)
    refused = compose(QUESTION, Evidence(QUESTION, (sure_retrieval,)), _reading(sure_retrieval, 1, "40",
                                                                                 confidence=0.4))
    assert refused.refused and refused.citations == ()


def test_a_short_answer_keeps_a_bracket_it_closes_and_drops_one_it_leaves_open() -> None:
    report = Article("isw-1", "Fears of an ISIS comeback",
                     "A new report by the Institute for the Study of War (ISW) warns of a resurgence. It came out on "
                     "Friday (in Washington).", "", None, None)
    hit = _hit(report)
    question = "Who warned of a resurgence?"
    shorts = {}
    for span in ("Institute for the Study of War (ISW)", "Institute for the Study of War (ISW", "ISW) warns"):
        answer = compose(question, Evidence(question, (hit,)), _reading(hit, 0, span))
        assert answer.short is not None
        shorts[span] = answer.short.text
        _offsets_hold(answer, report)
    assert shorts == {"Institute for the Study of War (ISW)": "Institute for the Study of War (ISW)",
                      "Institute for the Study of War (ISW": "Institute for the Study of War",
                      "ISW) warns": "warns"}


def test_a_second_sentence_is_quoted_only_when_the_reader_rates_its_other_answer_highly() -> None:
    question = "What will take a month?"
    hit = _hit(STORM)

    def quotes(second_score: float) -> list[str]:
        best = _read(hit, 2, 0.9, "Repairs to the north pier")
        other = _read(hit, 1, second_score, "40 fishing boats")
        rest = tuple(ReadSentence(hit, s, 0.01, None) for s in hit.sentences if s not in (best.sentence,
                                                                                          other.sentence))
        answer = compose(question, Evidence(question, (hit,)), Reading((best, other, *rest), 0.9, True))
        return [p.text for p in answer.parts if p.kind == "quote"]

    assert quotes(0.95) == ["Repairs to the north pier will take a month.",
                            "Storm Ciara damaged 40 fishing boats at Port Ellen, the harbour master said."]
    assert quotes(0.7) == ["Repairs to the north pier will take a month."]


def test_a_long_clause_is_not_shown_as_the_short_answer() -> None:
    hit = _hit(STORM)
    question = "What did the harbour master say?"
    clause = "Storm Ciara damaged 40 fishing boats at Port Ellen"  # seven words: the sentence says it better
    answer = compose(question, Evidence(question, (hit,)), _reading(hit, 1, clause))
    assert not answer.refused and answer.short is None
    assert answer.parts[0].kind == "quote" and clause in answer.parts[0].text


def test_why_questions_get_the_sentence_without_a_short_answer() -> None:
    hit = _hit(STORM)
    question = "Why did the harbour close?"
    answer = compose(question, Evidence(question, (hit,)), _reading(hit, 1, "Storm Ciara"))
    assert answer.short is None and [p.kind for p in answer.parts] == ["quote"]


def test_another_outlet_with_other_figures_is_quoted_and_the_newest_report_named() -> None:
    first, second = _hit(STORM), _hit(LATER)
    answer = compose(QUESTION, Evidence(QUESTION, (first, second)), _reading(first, 1, "40", also=(second,)))
    kinds = [p.kind for p in answer.parts]
    assert kinds == ["short", "quote", "quote", "note"], answer.text
    other = answer.parts[2]
    assert other.lead == "Northern Herald (2024-03-06) reports different figures: "
    assert answer.citations[1].article_id == "herald-2" and other.text == answer.citations[1].text
    assert answer.parts[3].cites == (2,) and "(Newest report: as of 2024-03-06 [2].)" in answer.text
    _offsets_hold(answer, STORM, LATER)


WHO = "Who warned about a resurgence?"
ANALYSTS = Article("wire-1", "Analysts fear a comeback",
                   "Melissa Dalton is an analyst with the Center for Strategic and International Studies. "
                   "The group could regroup in Syria and take territory again, Dalton stressed. "
                   "A resurgence of the Islamic State is feared, said Brett McGurk. "
                   "Officials met in Brussels on Friday.", "Wire Service", None, None)
ENVOY = Article("daily-2", "Envoy sounds the alarm",
                "The envoy spoke on Tuesday. The Islamic State could regroup in Syria, James Jeffrey warned.",
                "Daily Post", None, None)
OUTSIDE = Article("gazette-3", "A comeback is likely",
                  "A resurgence in Syria is likely, said Charles Lister.", "Gazette", None, None)


def test_the_reader_alone_orders_the_answer_over_retrieval_scores_and_attribution() -> None:
    # Retrieval and the "who" attribution cue both favour McGurk's sentence; the reader prefers Dalton's.
    hit = _hit(ANALYSTS, scored={1: (0.3, 0.2), 2: (0.9, 1.0)})
    reading = Reading((_read(hit, 1, 0.8, "Dalton"), _read(hit, 3, 0.2), _read(hit, 2, 0.1), _read(hit, 0, 0.01)),
                      0.9, True)
    answer = compose(WHO, Evidence(WHO, (hit,)), reading)
    assert [p.kind for p in answer.parts] == ["short", "quote", "quote"], answer.text
    assert answer.short is not None and answer.short.text == "Dalton"
    # The sentence that holds the short answer, then the one that introduces the person it names by surname.
    assert [c.text for c in answer.citations] == [
        "The group could regroup in Syria and take territory again, Dalton stressed.",
        "Melissa Dalton is an analyst with the Center for Strategic and International Studies."]
    assert "McGurk" not in answer.text
    _offsets_hold(answer, ANALYSTS)


def test_a_reading_that_is_not_answerable_is_refused_whatever_the_scores() -> None:
    hit = _hit(STORM, cosine=0.9, coverage=1.0)
    sure = _reading(hit, 1, "40", score=0.99)
    answer = compose(QUESTION, Evidence(QUESTION, (hit,)), Reading(sure.sentences, 0.8, False))
    assert answer.refused and answer.citations == () and answer.short is None and answer.confidence == 0.8
    assert compose(QUESTION, Evidence(QUESTION, (hit,)), Reading((), 0.9, True)).refused  # nothing read


def test_every_citation_and_the_short_answer_are_the_article_text_at_their_offsets() -> None:
    analysts, envoy, storm, later = _hit(ANALYSTS), _hit(ENVOY), _hit(STORM), _hit(LATER)
    cases = [
        (WHO, (analysts, envoy), Reading((_read(analysts, 1, 0.8, "Dalton"), _read(envoy, 1, 0.7, "James Jeffrey")),
                                         0.9, True)),
        (QUESTION, (storm, later), _reading(storm, 1, "40", also=(later,))),
        # A span the reader drew with spaces and punctuation around it is trimmed, not shifted.
        ("Who said it?", (storm,), Reading((_read(storm, 1, 0.9, ", the harbour master said"),), 0.9, True)),
    ]
    for question, hits, reading in cases:
        answer = compose(question, Evidence(question, hits), reading)
        assert not answer.refused and answer.short is not None and answer.citations
        _offsets_hold(answer, ANALYSTS, ENVOY, STORM, LATER)
    assert answer.short is not None and answer.short.text == "the harbour master said"


def test_who_questions_name_another_source_from_the_reading_not_from_passages_not_read() -> None:
    # The reader read the top two passages (k=2); a third, retrieved but not read, also attributes a warning.
    analysts, envoy, outside = _hit(ANALYSTS), _hit(ENVOY), _hit(OUTSIDE, cosine=0.9, coverage=1.0)
    reading = Reading((_read(analysts, 1, 0.8, "Dalton"), _read(analysts, 3, 0.3), _read(envoy, 1, 0.55, "Jeffrey"),
                       _read(analysts, 2, 0.1), _read(envoy, 0, 0.01), _read(analysts, 0, 0.01)), 0.9, True)
    answer = compose(WHO, Evidence(WHO, (analysts, envoy, outside)), reading)
    assert [(c.article_id, c.text) for c in answer.citations] == [
        ("wire-1", "The group could regroup in Syria and take territory again, Dalton stressed."),
        ("wire-1", "Melissa Dalton is an analyst with the Center for Strategic and International Studies."),
        ("daily-2", "The Islamic State could regroup in Syria, James Jeffrey warned.")]
    # Brett McGurk: attributed, but the reader scores it too low to be a source; Charles Lister was not read.
    assert "McGurk" not in answer.text and "Lister" not in answer.text
    _offsets_hold(answer, ANALYSTS, ENVOY)


def test_only_the_passages_read_are_quoted_so_k_is_honoured() -> None:
    # Retrieval found both outlets; with k=1 the reader reads only the first (``read(..., hits=1)``).
    first, second = _hit(STORM), _hit(LATER)
    evidence = Evidence(QUESTION, (first, second))
    one = compose(QUESTION, evidence, _reading(first, 1, "40"))
    assert {c.article_id for c in one.citations} == {"coastal-1"} and "Northern Herald" not in one.text
    assert [p.kind for p in one.parts] == ["short", "quote"]
    # With k=2 the second outlet is read, and its other figures are quoted.
    two = compose(QUESTION, evidence, _reading(first, 1, "40", also=(second,)))
    assert {c.article_id for c in two.citations} == {"coastal-1", "herald-2"}
