"""The reader: where in the retrieved passages the short answer is, which sentence holds it, and
how likely the articles answer the question at all.

Retrieval ranks what is *about* the question; word overlap and cosine cannot tell that from
what *answers* it.  The reader is all-MiniLM-L6-v2 (the embedding model the product already
ships) fine-tuned here as a cross-encoder over "question [SEP] title | passage" with one head:
start/end logits over the passage's tokens and [CLS], as BERT does for SQuAD 2.0.  It reads a
whole passage, not a lone sentence: the passage holds what a sentence leaves to context ("he",
"the show"), and three passages are fewer tokens than their two dozen sentences read one by one.
A passage holding the answer is trained to point at its span; passages that don't (another part
of the article, SQuAD v2's unanswerable questions, questions about another entity) at [CLS].
Each readable sentence of a passage gets its own reading: its best span's probability P(span)
against "no answer", P(span) / (P(span) + P(no answer)).

``confidence`` turns the best readings into one calibrated probability that the articles
answer the question (a logistic fit on articles kept aside from training, see qa/training/train.py).

The network runs on ONNX Runtime (``model.onnx``, int8, exported by qa/training/network.py);
torch is for training only, and answering never imports it: a cold ``qa ask`` would pay seconds
for it.  The word embeddings, frozen in training, are not in ``model.onnx``: they are the base
model's, looked up here from the table the query encoder already holds (``qa.embedding``).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from qa.config import BUNDLED_MODEL, go_offline

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "reader"
CONFIG = "config.json"
WEIGHTS = "model.onnx"
MAX_SPAN_TOKENS = 30
OTHER_SPANS = 5  # next best spans kept per sentence, for an answer of the asked kind


@dataclass(frozen=True)
class ReaderInput:
    """One passage to read.

    Attributes:
        title: the article's title (disambiguates "the company", "he").
        text: the passage; span offsets point into it.
        sentences: the (start, end) offsets in ``text`` of the sentences that may hold the answer,
            each given its own reading; empty means the whole text, as one sentence.  Text outside
            them (a dateline, a photo credit) is read as context but never answers.
    """

    title: str
    text: str
    sentences: tuple[tuple[int, int], ...] = ()

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return self.sentences or ((0, len(self.text)),)


@dataclass(frozen=True)
class SentenceReading:
    """What the reader makes of one sentence of a passage.

    Attributes:
        score: P(this sentence answers the question).
        span: the short answer's offsets in the passage's ``text`` (inside the sentence), or None.
        span_score: P(that span is the answer), against every span and "no answer".
        others: the next best spans of the sentence, best first, each (start, end, P(span)):
            what the answer stage may take instead when the best span is not of the asked kind.
    """

    score: float
    span: tuple[int, int] | None
    span_score: float
    others: tuple[tuple[int, int, float], ...] = ()


def pair_text(title: str, text: str) -> tuple[str, int]:
    """The second segment the model reads, and where ``text`` starts in it."""
    prefix = f"{title} | " if title else ""
    return prefix + text, len(prefix)


def answer_tokens(sequence: list[int | None], offsets: Any, text_start: int,
                  spans: Sequence[tuple[int, int]] | None = None) -> np.ndarray:
    """Which tokens may start or end an answer: [CLS] (no answer) and the passage's own tokens
    (only those inside ``spans``, passage offsets, when given)."""

    bounds = np.asarray(offsets, dtype=np.int64).reshape(-1, 2) - text_start
    a, b = bounds[:, 0], bounds[:, 1]
    allowed = np.array([seq == 1 for seq in sequence]) & (a >= 0) & (b > a)
    if spans is not None:
        allowed &= np.logical_or.reduce([(s <= a) & (b <= e) for s, e in spans], initial=False)
    allowed[0] = True
    return allowed


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def confidence_features(readings: Sequence[SentenceReading]) -> list[float]:
    """What ``confidence`` weighs: the best and second-best sentence logits, the best span's score."""
    ranked = sorted(readings, key=lambda r: r.score, reverse=True)
    best = _logit(ranked[0].score) if ranked else -10.0
    second = _logit(ranked[1].score) if len(ranked) > 1 else -10.0
    span = ranked[0].span_score if ranked and ranked[0].span else 0.0
    return [best, second, span]


@dataclass(frozen=True)
class ReaderConfig:
    """How a reader reads and judges (``config.json`` beside its weights): an immutable value.

    Attributes:
        layers, max_length: the network's depth and its input length in word pieces.
        quantize: training exports the linear layers int8 (ONNX Runtime reads a passage in 39 % of float32's
            time); answering runs whatever ``model.onnx`` holds.
        bias, weights: the calibration of ``Reader.confidence`` (logistic regression).
        threshold: refuse below this confidence.
        passage_prior: log-odds a sentence loses for each place its passage is below the first.
        record: what training wrote about itself (data, times, metrics): kept, never read here.
    """

    layers: int
    max_length: int
    quantize: bool = True
    bias: float = 0.0
    weights: tuple[float, ...] = (0.0, 0.0, 0.0)
    threshold: float = 0.5
    passage_prior: float = 0.0
    record: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReaderConfig:
        """Read ``config.json``'s object; keys other than the settings are kept in ``record``."""
        calibration = data.get("calibration", {})
        known = {"layers", "max_length", "quantize", "calibration", "threshold", "passage_prior"}
        return cls(int(data["layers"]), int(data["max_length"]), bool(data.get("quantize", False)),
                   float(calibration.get("bias", 0.0)), tuple(float(w) for w in calibration.get("weights", (0, 0, 0))),
                   float(data.get("threshold", 0.5)), float(data.get("passage_prior", 0.0)),
                   tuple((k, v) for k, v in data.items() if k not in known))

    def to_json(self) -> dict[str, Any]:
        """The object ``config.json`` holds."""
        return {"layers": self.layers, "max_length": self.max_length, "quantize": self.quantize,
                "calibration": {"bias": self.bias, "weights": list(self.weights)}, "threshold": self.threshold,
                "passage_prior": self.passage_prior, **dict(self.record)}


class ReaderNetwork(Protocol):
    """What a Reader needs of its network: question-passage pairs in, each as its token ids and
    token type ids (NumPy int64), and each pair's start and end logits for every token out."""

    def __call__(self, pairs: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[tuple[np.ndarray, np.ndarray]]: ...


class OnnxNetwork:
    """``model.onnx`` on ONNX Runtime, fed the base model's word vectors.

    Each passage is its own pass, never padded to another's length: int8 activations are
    quantized per pass, so padding or a neighbour would move a passage's reading; this way the
    same question over the same passage reads the same however many are asked at once.  The
    passes of every question asked at once go to one pool of single-threaded workers, one per
    core: one question's passages are read side by side, and many users' questions share the
    cores instead of each pass fighting for both (docs/capacity.md: on 2 cores, 3 passages read in
    46 ms alone and 28.7 questions' passages a second under load, against 22.8 with one
    two-threaded pass at a time).

    Args:
        path: the exported network (``qa.training.network.export``).
        words: the base model's word-piece embedding table.
        workers: passes at once (default: the cores the process may use).
    """

    def __init__(self, path: Path, words: np.ndarray, workers: int | None = None) -> None:
        from qa.embedding import onnx_session

        self.session = onnx_session(path, "reinstall the package (pip install -e .) or retrain the reader with "
                                          "make train.")
        self.words = words
        self.pool = ThreadPoolExecutor(workers or _cores(), thread_name_prefix="reader")

    def __call__(self, pairs: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[tuple[np.ndarray, np.ndarray]]:
        return list(self.pool.map(self._pass, pairs))

    def _pass(self, pair: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        ids, types = pair
        start, end = self.session.run(None, {"words": self.words[ids][None], "token_type_ids": types[None]})
        return start[0], end[0]


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Reader:
    """A loaded reader (see ``load_reader``).

    Args:
        network: the trained network (an ``OnnxNetwork``, or any ``ReaderNetwork``).
        tokenizer: the base model's ``tokenizers.Tokenizer`` (tokenizer.json).
        config: how it reads and judges (calibration, threshold, passage prior).
    """

    def __init__(self, network: ReaderNetwork, tokenizer: Any, config: ReaderConfig) -> None:
        self.network = network
        self.tokenizer = tokenizer
        self.config = config
        self.max_length = config.max_length
        # The question stays whole; the title and sentence are cut to fit, as in training.
        tokenizer.enable_truncation(self.max_length, strategy="only_second")
        tokenizer.no_padding()

    def encode(self, question: str, passages: Sequence[ReaderInput]) -> list[Any]:
        """``question`` against each passage, as ``tokenizers`` encodings (ids, offsets, sequence ids)."""
        return list(self.tokenizer.encode_batch([(question, pair_text(p.title, p.text)[0]) for p in passages]))

    def read(self, question: str, passages: Sequence[ReaderInput]) -> list[SentenceReading]:
        """Read each passage for ``question``: one reading per sentence (``ReaderInput.spans``).

        Args:
            question: the (cleaned) question.
            passages: the candidates, typically the top retrieved passages.

        Returns:
            The readings of every passage's sentences, passage by passage, in the given order.
        """
        encodings = self.encode(question, passages)
        logits = self.network([(np.array(e.ids, dtype=np.int64), np.array(e.type_ids, dtype=np.int64))
                               for e in encodings])
        return [reading for p, e, (start, end) in zip(passages, encodings, logits, strict=True)
                for reading in self._readings(start, end, e.offsets, e.sequence_ids,
                                              pair_text(p.title, p.text)[1], p.spans)]

    def _readings(self, start: np.ndarray, end: np.ndarray, offsets: Sequence[tuple[int, int]],
                  sequence: list[int | None], text_start: int,
                  spans: Sequence[tuple[int, int]]) -> list[SentenceReading]:
        allowed = answer_tokens(sequence, offsets, text_start, spans)
        start_p, end_p = (_softmax(np.where(allowed, x.astype(np.float64), -1e4)) for x in (start, end))
        none = float(start_p[0] * end_p[0])
        bounds = np.asarray(offsets, dtype=np.int64) - text_start  # each token's offsets in the passage
        allowed[0] = False  # [CLS] is "no answer", never a sentence's span
        readings = []
        for s0, e0 in spans:
            inside = np.flatnonzero(allowed & (bounds[:, 0] >= s0) & (bounds[:, 1] <= e0))
            if not len(inside):  # cut off by the reader's input length: not read
                readings.append(SentenceReading(0.0, None, 0.0))
                continue
            lo, hi = int(inside[0]), int(inside[-1]) + 1
            product = start_p[lo:hi, None] * end_p[None, lo:hi]
            block = np.triu(product) - np.triu(product, MAX_SPAN_TOKENS)  # end >= start, short
            flat = block.ravel()
            found = []
            for at in np.argsort(-flat, kind="stable")[:OTHER_SPANS + 1]:
                s, e = (int(v) + lo for v in divmod(int(at), block.shape[1]))
                char_s, char_e = offsets[s][0] - text_start, offsets[e][1] - text_start
                if flat[at] > 0 and char_e > char_s:
                    found.append((char_s, char_e, float(flat[at])))
            best = float(flat.max())
            score = best / (best + none) if best + none > 0 else 0.0
            first = found[0] if found and found[0][2] == best else None
            readings.append(SentenceReading(score, (first[0], first[1]), best, tuple(found[1:])) if first
                            else SentenceReading(score, None, 0.0))
        return readings

    def confidence(self, readings: Sequence[SentenceReading]) -> float:
        """Calibrated P(the sentences read answer the question at all), 0-1.

        Args:
            readings: what ``read`` returned for the question's candidates.
        """
        z = self.config.bias + sum(w * x for w, x in zip(self.config.weights, confidence_features(readings),
                                                         strict=True))
        return _sigmoid(z)

    def rank_key(self, reading: SentenceReading, passage: int) -> float:
        """How sentences are ordered, best answer first: the reader's log-odds, less
        ``passage_prior`` for each place the sentence's passage is below retrieval's first.

        Retrieval's passage order knows the rest of the passage, which the reader never sees; on the
        articles kept aside it lifts the best sentence's hit by about three points (docs/reader.md).
        """
        return _logit(reading.score) - self.config.passage_prior * passage

    @property
    def threshold(self) -> float:
        """Refuse when ``confidence`` is below this (chosen on the articles kept aside)."""
        return self.config.threshold

    def configured(self, config: ReaderConfig) -> Reader:
        """The same network read with another configuration (training tries calibrations this way)."""
        return Reader(self.network, self.tokenizer, config)


@cache
def load_reader(folder: str | None = None) -> Reader:
    """The shipped reader (cached), loaded with no network.

    Args:
        folder: a reader folder written by ``python -m qa.training.train`` (default: the packaged one).
    """
    from qa.errors import ModelNotFound

    path = Path(folder) if folder else MODEL_DIR
    try:
        config = ReaderConfig.from_json(json.loads((path / CONFIG).read_text(encoding="utf-8")))
        if not (path / WEIGHTS).is_file():
            raise FileNotFoundError(path / WEIGHTS)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelNotFound(f"The reader is missing or damaged in {path} ({exc}); reinstall the package "
                            "(pip install -e .) or retrain it with make train.") from None
    return reader_from(path, config)


def reader_from(path: Path, config: ReaderConfig) -> Reader:
    """The reader of the network in ``path`` with ``config`` (training calibrates one before saving it)."""
    from tokenizers import Tokenizer

    from qa.embedding import model_path, word_vectors

    go_offline()
    base = model_path(BUNDLED_MODEL)
    return Reader(OnnxNetwork(path / WEIGHTS, word_vectors(base)), Tokenizer.from_file(str(base / "tokenizer.json")),
                  config)


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    out: np.ndarray = e / e.sum()
    return out
