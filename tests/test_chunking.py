"""Chunks and sentences carry exact offsets into the article text."""

from __future__ import annotations

from qa.documents import Article
from qa.ingest.chunking import MAX_CHARS, chunk_article, split_sentences
from tests.conftest import SEEDS, news_records, squad_records


def test_sentences_handle_curly_quotes_and_headlines() -> None:
    text = "Fears rise\n\n“We serve as the backbone,” Dalton said. The U.S. envoy agreed."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Fears rise", "“We serve as the backbone,” Dalton said.", "The U.S. envoy agreed."]


def test_offsets_are_exact_on_real_articles() -> None:
    articles = [Article(r["id"], r["title"], r["text"]) for r in [*squad_records(), *news_records()]]
    sample = (SEEDS / "000_b06348abf7c03f73.txt").read_text()
    articles.append(Article("sample", "Sample", sample.strip()))
    for article in articles:
        chunks = chunk_article(article)
        assert chunks
        for chunk in chunks:
            assert article.text[chunk.start:chunk.end] == chunk.text
            assert chunk.sentences[0][0] == chunk.start and chunk.sentences[-1][1] == chunk.end
            assert len(chunk.text) <= 2 * MAX_CHARS
            for s, e in chunk.sentences:
                assert article.text[s:e].strip() == article.text[s:e] != ""
        covered = "".join(article.text[s:e] for c in chunks for s, e in c.sentences)
        assert "".join(covered.split()) == "".join(article.text.split())  # nothing lost, in order


def test_long_text_without_punctuation_is_cut() -> None:
    article = Article("x", "X", " ".join(["word"] * 3000))
    chunks = chunk_article(article)
    assert len(chunks) > 1
    assert all(e - s <= 1000 for c in chunks for s, e in c.sentences)
