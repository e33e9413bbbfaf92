"""Article -> Chunks, each with exact character offsets and its sentences.

The unit of retrieval is the paragraph (measured best on SQuAD: it beats
fixed token windows and single sentences), with short news paragraphs merged
so a chunk carries some context, and overlong ones split at sentence
boundaries.  Sentences are kept because they are what gets embedded (MiniLM
was trained on sentence pairs and truncates at 256 word pieces) and what an
answer cites.

Sentence boundaries come from NLTK's Punkt model, the one llama-index ships
and uses in its own splitters; we call it directly because its
``span_tokenize`` returns offsets, which llama-index's node parsers recover
only by searching the text again.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from qa.documents import Article, Chunk, Span
from qa.vocabulary import embedded_text

MIN_CHARS = 400  # a shorter paragraph is merged with the next one
MAX_CHARS = 1200  # a longer paragraph is split at sentence boundaries ...
SPLIT_CHARS = 800  # ... into pieces of about this size
LONG_SENTENCE = 1000  # a "sentence" longer than this (no punctuation) is cut at spaces
# Legal and scholarly abbreviations Punkt's English model does not know, so "(31 U.S.C. §5302)" and "(P.L.
# 116-136)" stay inside their sentence (measured on CRS reports, benchmarks/pdf.py --crs).  After one, a
# capitalised word that usually starts sentences ("The") still begins a new one.
ABBREVIATIONS = frozenset({"u.s.c", "c.f.r", "p.l", "stat", "fed", "reg", "no", "nos", "sec", "secs", "h.r",
                           "s.con.res", "h.con.res", "h.res", "s.res", "h.j.res", "s.j.res", "e.g", "i.e", "cf", "art",
                           "para", "paras", "pp", "vol", "dept", "gov", "gen", "lt", "col", "sgt", "capt", "adm",
                           "prof", "dr", "st", "ltd", "llc", "approx", "e.o", "est", "fig", "figs", "ch", "cl"})
_ABBREVIATED = re.compile(r"\b(?:U\.S\.C|C\.F\.R|P\.L|E\.O|H\.R|S|Stat|No|Nos|Sec|Secs|Art|Vol|pp|Fed|Reg)\.\s*$")
_GOES_ON = re.compile(r"\s*[\d§¶(a-z]")  # what follows one of them inside a sentence: a number, a section, lower case
_INNER_END = re.compile(r"[.?!](?!\s*$)")  # a .?! before the line's own end: Punkt may end a sentence there
PARAMS = {"min_chars": MIN_CHARS, "max_chars": MAX_CHARS, "split_chars": SPLIT_CHARS,
          "long_sentence": LONG_SENTENCE, "sentences": "punkt-english+abbreviations+newlines"}

@cache
def _punkt() -> Any:
    from nltk.tokenize.punkt import PunktTokenizer

    spec = importlib.util.find_spec("llama_index.core")
    assert spec is not None and spec.submodule_search_locations
    import nltk

    cache_dir = str(Path(spec.submodule_search_locations[0]) / "_static" / "nltk_cache")
    if cache_dir not in nltk.data.path:
        nltk.data.path.insert(0, cache_dir)
    tokenizer = PunktTokenizer("english")
    tokenizer._params.abbrev_types.update(ABBREVIATIONS)  # Punkt's public way is to retrain it; these are few
    return tokenizer


def _strip(text: str, start: int, end: int) -> Span | None:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return (start + left, start + right) if right > left else None


def _cut_long(text: str, start: int, end: int) -> list[Span]:
    spans = []
    while end - start > LONG_SENTENCE:
        cut = text.rfind(" ", start + LONG_SENTENCE // 2, start + LONG_SENTENCE)
        cut = cut if cut > start else start + LONG_SENTENCE
        spans.append((start, cut))
        start = cut + 1 if text[cut] == " " else cut
    spans.append((start, end))
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]``, as offsets into ``text``.

    A line break always ends a sentence (headlines, bylines, list items).
    """
    end = len(text) if end is None else end
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        ls, le = start + line.start(), start + line.end()
        pieces: list[Span] = []
        if not _INNER_END.search(text, ls, le):
            pieces.append((ls, le))  # no .?! but the last: one sentence, and nltk not loaded (it takes a second)
        else:
            for s, e in _punkt().span_tokenize(text[ls:le]):
                if pieces and _ABBREVIATED.search(text, pieces[-1][0], pieces[-1][1]) and _GOES_ON.match(text, ls + s):
                    pieces[-1] = (pieces[-1][0], ls + e)  # "(P.L." + "112-240)": Punkt cut after an abbreviation
                else:
                    pieces.append((ls + s, ls + e))
        for s, e in pieces:
            stripped = _strip(text, s, e)
            if stripped:
                spans.extend(_cut_long(text, *stripped))
    return spans


def _paragraphs(text: str) -> list[list[Span]]:
    paragraphs = []
    for match in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", text, re.DOTALL):
        sentences = split_sentences(text, match.start(), match.end())
        if sentences:
            paragraphs.append(sentences)
    return paragraphs


def _split(sentences: list[Span]) -> list[list[Span]]:
    groups: list[list[Span]] = [[]]
    for span in sentences:
        if groups[-1] and span[1] - groups[-1][0][0] > SPLIT_CHARS:
            groups.append([])
        groups[-1].append(span)
    return groups


def chunk_article(article: Article) -> list[Chunk]:
    """Split an article into retrieval chunks with exact offsets."""
    groups: list[list[Span]] = []
    for sentences in _paragraphs(article.text):
        size = sentences[-1][1] - sentences[0][0]
        if groups and groups[-1][-1][1] - groups[-1][0][0] < MIN_CHARS \
                and sentences[-1][1] - groups[-1][0][0] <= MAX_CHARS:
            groups[-1].extend(sentences)
        elif size > MAX_CHARS:
            groups.extend(_split(sentences))
        else:
            groups.append(list(sentences))
    return [
        Chunk(article.id, g[0][0], g[-1][1], article.text[g[0][0]:g[-1][1]], tuple(g))
        for g in groups
    ]


def sentence_texts(article: Article, chunks: Sequence[Chunk]) -> list[str]:
    """What the embedder sees for each sentence of an article's chunks, in index order."""
    return [embedded_text(article.title, article.text[s:e]) for c in chunks for s, e in c.sentences]
