"""The reader's network in torch, which training fits, and its export to what the product runs.

Training fine-tunes transformers' BertModel (``build_model``); the product runs the same network
exported to ONNX with int8 linear layers (``export``), on ONNX Runtime, so answering never imports
torch (qa/reading/model.py).  The word embeddings stay frozen in training and are left out of the
export: the reader looks them up in the base model the package already installs, which keeps the
shipped file near 11 MB, under the repository's 25 MB limit.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

from qa.config import go_offline
from qa.reading.model import WEIGHTS

FROZEN = ("embeddings.word_embeddings.weight",)  # the base model's, never trained nor shipped


def build_model(base: str, layers: int) -> Any:
    """The reader network on the first ``layers`` transformer layers of the encoder at ``base``.

    Fewer layers read faster, in training and at answer time.  The head is one linear layer giving
    start and end logits for every token, as BERT does for SQuAD 2.0.
    """
    import torch

    class ReaderModel(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
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
            self.span = torch.nn.Linear(self.encoder.config.hidden_size, 2)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> tuple[Any, Any]:
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state
            start, end = self.span(states).unbind(-1)
            return start, end

    return ReaderModel()


def _hidden_states(embeddings: Any, encoder: Any, words: Any, types: Any) -> Any:
    """A BERT's hidden states from word vectors looked up outside it, one layer after another, with
    no attention mask: what both exported graphs compute for one unpadded input."""
    states = embeddings(inputs_embeds=words, token_type_ids=types)
    for layer in encoder.layer:
        states = layer(states)
        states = states[0] if isinstance(states, tuple) else states
    return states


def _torchscript(module: Any, example: tuple[Any, ...], path: Path, **options: Any) -> None:
    """``module`` written to ``path`` by torch's TorchScript exporter, opset 17."""
    import torch

    with warnings.catch_warnings():  # the TorchScript exporter is marked legacy; it needs no onnxscript
        warnings.simplefilter("ignore")
        torch.onnx.export(module, example, str(path), dynamo=False, opset_version=17, **options)


def export(model: Any, out: Path, *, quantize: bool = True) -> Path:
    """Write ``model`` to ``out / model.onnx`` as the product runs it; returns the file.

    The graph takes one unpadded question-passage pair: its word vectors (looked up outside, from
    the frozen table) and token type ids, and gives start and end logits; with no padding there is
    no attention mask to apply, which on ONNX Runtime was 14 % of a pass.  ``quantize`` makes the
    linear layers int8 with one symmetric scale per tensor and the activations int8 per pass
    (onnxruntime's dynamic quantization): on one core three passages read in 78 ms, against 200 in float32.
    ONNX Runtime's transformer fusions were measured and left out: they made the int8 network
    slower here (docs/reader.md).
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Pair(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder, self.span = model.encoder, model.span

        def forward(self, words: Any, token_type_ids: Any) -> tuple[Any, Any]:
            states = _hidden_states(self.encoder.embeddings, self.encoder.encoder, words, token_type_ids)
            start, end = self.span(states).unbind(-1)
            return start, end

    out.mkdir(parents=True, exist_ok=True)
    hidden = model.encoder.config.hidden_size
    example = (torch.zeros(1, 16, hidden), torch.zeros(1, 16, dtype=torch.long))
    with tempfile.TemporaryDirectory(dir=out) as work:
        plain = Path(work) / "float32.onnx"
        _torchscript(Pair().eval(), example, plain, input_names=["words", "token_type_ids"],
                     output_names=["start", "end"], dynamic_axes={name: {0: "batch", 1: "tokens"} for name in
                                                                  ("words", "token_type_ids", "start", "end")})
        target = Path(work) / WEIGHTS
        if quantize:
            quantize_dynamic(plain, target, weight_type=QuantType.QInt8,
                             extra_options={"DefaultTensorType": 1})  # float: shapes the exporter left open
        else:
            plain.replace(target)
        target.chmod(0o644)
        os.replace(target, out / WEIGHTS)
    return out / WEIGHTS


def export_query_encoder(base: Path, out: Path) -> Path:
    """Write the graph that embeds one question, ``out / QUERY_GRAPH``, for the model at ``base``.

    The graph is all-MiniLM-L6-v2's encoder with mean pooling and unit length, as
    sentence-transformers embeds, taking the word vectors of one unpadded question.  It holds no
    weights: each is declared external under the base model's own tensor name, and answering
    supplies them from the model file the package installs (``qa.embedding``), so the repository
    carries a few kilobytes, not 90 MB.
    """
    import onnx
    import torch
    from transformers import AutoModel

    from qa.embedding import QUERY_GRAPH

    go_offline()
    bert = AutoModel.from_pretrained(str(base), add_pooling_layer=False).eval()

    class Query(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embeddings, self.encoder = bert.embeddings, bert.encoder  # parameters keep the file's names

        def forward(self, words: Any) -> Any:
            types = torch.zeros(words.shape[:2], dtype=torch.long)
            pooled = _hidden_states(self.embeddings, self.encoder, words, types).mean(1)
            return pooled / pooled.norm(dim=-1, keepdim=True)

    module = Query().eval()
    weights = {name for name, _ in module.named_parameters()}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out) as work:
        plain = Path(work) / QUERY_GRAPH
        _torchscript(module, (torch.zeros(1, 8, bert.config.hidden_size),), plain,
                     do_constant_folding=False,  # keeps each weight under its name
                     input_names=["words"], output_names=["vector"], dynamic_axes={"words": {1: "tokens"}})
        graph = onnx.load(str(plain))
        for tensor in graph.graph.initializer:
            if tensor.name in weights:
                tensor.ClearField("raw_data")
                tensor.data_location = onnx.TensorProto.EXTERNAL
                tensor.external_data.add(key="location", value="model.safetensors")
        onnx.save(graph, str(plain))
        plain.chmod(0o644)
        os.replace(plain, out / QUERY_GRAPH)
    return out / QUERY_GRAPH
