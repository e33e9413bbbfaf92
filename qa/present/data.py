"""The answer as plain data: what ``qa ask --json`` prints and the app's ``/ask`` returns.

The shape is documented in the README and kept stable for the scripts that read it: the
answer's text, whether it was refused, its citations and short answer with their offsets, how it
was made and how sure the reader is.  The richer structure (``Answer.parts``, each citation's
outlet, date, URL and context) is the Python API's.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from qa.answering.answer import Answer, Citation

if TYPE_CHECKING:
    from qa.retrieval.evidence import Passage


def citation_data(citation: Citation) -> dict[str, Any]:
    """A citation's documented fields, with ``page`` when the article is a paged document (a PDF), and
    ``ocr: true`` when that page was a scan read by OCR."""
    data = {"n": citation.n, "article_id": citation.article_id, "title": citation.title, "start": citation.start,
            "end": citation.end, "text": citation.text, "score": citation.score, "also_in": list(citation.also_in)}
    if citation.page is not None:
        data["page"] = citation.page
    if citation.ocr:
        data["ocr"] = True
    return data


def answer_data(answer: Answer) -> dict[str, Any]:
    """The answer in the documented ``--json`` shape."""
    return {"text": answer.text, "refused": answer.refused,
            "citations": [citation_data(c) for c in answer.citations], "mode": answer.mode,
            "notes": list(answer.notes), "fallback": answer.fallback, "dropped": answer.dropped,
            "short": citation_data(answer.short) if answer.short else None, "confidence": answer.confidence}


def passage_data(passage: Passage) -> dict[str, Any]:
    """A retrieved passage as ``qa search --json`` prints it: article_id, title, start, end, text, score."""
    return asdict(passage)
