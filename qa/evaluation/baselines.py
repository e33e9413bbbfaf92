"""The baselines ``qa eval --compare`` measures beside ours, on the same questions.

- ``llama-index-default``: what a llama-index user gets out of the box — a
  ``VectorStoreIndex`` over the same articles with the same MiniLM model
  (``HuggingFaceEmbedding``), default chunking, and the top 2 nodes a query
  engine would hand on as its sources.
- ``bm25-256``: plain BM25 (bm25s, English stopwords, no stemming) over
  256-token chunks with 32 tokens of overlap.

Each baseline's "answer" is its top 2 passages, cited with exact offsets, so
the same scoring applies to all systems.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qa.answering.answer import Answer, Citation, Part
from qa.config import go_offline
from qa.documents import Article
from qa.embedding import model_path, quiet_transformers
from qa.retrieval.evidence import Passage

ANSWER_PASSAGES = 2


def _answer(passages: Sequence[Passage]) -> Answer:
    top = passages[:ANSWER_PASSAGES]
    citations = tuple(Citation(i, p.article_id, p.title, p.start, p.end, p.text, p.score)
                      for i, p in enumerate(top, 1))
    return Answer(not top, citations, parts=tuple(Part("quote", p.text, (i,)) for i, p in enumerate(top, 1)))


def _passage(articles: dict[str, Article], node: Any, score: float | None) -> Passage:
    article = articles[node.ref_doc_id]
    text = node.get_content()
    start = node.start_char_idx if node.start_char_idx is not None else max(article.text.find(text), 0)
    return Passage(article.id, article.title, start, start + len(text), article.text[start:start + len(text)],
                   float(score or 0.0))


class LlamaIndexDefault:
    """llama-index's defaults with the same embedding model."""

    name = "llama-index-default"

    def __init__(self, articles: Sequence[Article], model: str) -> None:
        from llama_index.core import Document, VectorStoreIndex
        go_offline()
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        self.articles = {a.id: a for a in articles}
        quiet_transformers()
        embed = HuggingFaceEmbedding(model_name=str(model_path(model)), device="cpu")
        documents = [Document(text=a.text, id_=a.id, metadata={"title": a.title}) for a in articles]
        self.index = VectorStoreIndex.from_documents(documents, embed_model=embed, show_progress=False)

    def search(self, question: str, k: int) -> list[Passage]:
        nodes = self.index.as_retriever(similarity_top_k=k).retrieve(question)
        return [_passage(self.articles, n.node, n.score) for n in nodes]

    def ask(self, question: str) -> Answer:
        return _answer(self.search(question, ANSWER_PASSAGES))


class BM25Chunks:
    """Plain BM25 over 256-token chunks."""

    name = "bm25-256"

    def __init__(self, articles: Sequence[Article]) -> None:
        import bm25s
        from llama_index.core import Document
        from llama_index.core.node_parser import SentenceSplitter

        self.articles = {a.id: a for a in articles}
        splitter = SentenceSplitter(chunk_size=256, chunk_overlap=32)
        self.nodes = splitter.get_nodes_from_documents([Document(text=a.text, id_=a.id) for a in articles])
        self.retriever = bm25s.BM25()
        self.retriever.index(bm25s.tokenize([n.get_content() for n in self.nodes], stopwords="en",
                                            show_progress=False), show_progress=False)

    def search(self, question: str, k: int) -> list[Passage]:
        import bm25s

        tokens = bm25s.tokenize([question], stopwords="en", show_progress=False)
        if not tokens.vocab:
            return []
        ids, scores = self.retriever.retrieve(tokens, k=min(k, len(self.nodes)), show_progress=False)
        return [_passage(self.articles, self.nodes[i], s) for i, s in zip(ids[0], scores[0], strict=True)]

    def ask(self, question: str) -> Answer:
        return _answer(self.search(question, ANSWER_PASSAGES))
