"""Fine-tuning the reader on CPU: length-bucketed batches, the span loss, the saved weights."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from qa.training.examples import Example


def _batches(examples: list[Example], size: int, seed: int) -> Iterator[list[Example]]:
    """Batches of similar length (less padding), in a shuffled order."""
    rng = random.Random(seed)
    window = size * 50
    batches: list[list[Example]] = []
    for i in range(0, len(examples), window):
        chunk = sorted(examples[i:i + window], key=lambda x: len(x.question) + len(x.title) + len(x.text))
        batches.extend(chunk[j:j + size] for j in range(0, len(chunk), size))
    rng.shuffle(batches)
    yield from batches


def _tensors(tokenizer: Any, batch: list[Example], max_length: int) -> tuple[Any, Any, Any, Any]:
    """Token batch, the tokens an answer may use, and start/end targets ([CLS] = no answer here)."""
    import torch

    from qa.reading.model import answer_tokens, pair_text

    pairs = [pair_text(x.title, x.text) for x in batch]
    enc = tokenizer([x.question for x in batch], [p for p, _ in pairs], truncation="only_second",
                    max_length=max_length, padding=True, return_offsets_mapping=True, return_tensors="pt")
    offsets = enc.pop("offset_mapping")
    starts, ends, allowed = [], [], []
    for i, (x, (_, shift)) in enumerate(zip(batch, pairs, strict=True)):
        allowed.append(answer_tokens(enc.sequence_ids(i), offsets[i], shift))
        # -100 is ignored by the loss: an answer sentence whose span is cut off or crosses sentences.
        s_tok = e_tok = 0 if x.label == 0 else -100
        if x.span:
            s_char, e_char = x.span[0] + shift, x.span[1] + shift
            for j, seq in enumerate(enc.sequence_ids(i)):
                a, b = int(offsets[i][j][0]), int(offsets[i][j][1])
                if seq != 1 or b <= a:
                    continue
                if s_tok < 0 and b > s_char:
                    s_tok = j
                if a < e_char:
                    e_tok = j
            if s_tok < 0 or e_tok < s_tok or int(offsets[i][e_tok][1]) < e_char:
                s_tok = e_tok = -100
        starts.append(s_tok)
        ends.append(e_tok)
    return enc, torch.from_numpy(np.stack(allowed)), torch.tensor(starts), torch.tensor(ends)


def train_model(examples: list[Example], *, base: str, epochs: float, batch_size: int, lr: float,
                max_length: int, layers: int, freeze_layers: int, seed: int, bf16: bool,
                log: Callable[[str], None]) -> Any:
    """Fine-tune the reader on ``examples``.

    The word embeddings stay frozen (the shipped weights leave them out), and so do the lowest
    ``freeze_layers`` transformer layers: back-propagating through fewer layers trains faster.
    ``bf16`` computes in bfloat16 where torch's autocast allows (about twice as fast on CPUs with
    AMX or AVX-512 bf16); the weights and optimizer stay float32.
    """
    import torch
    from transformers import AutoTokenizer

    from qa.training.network import FROZEN, build_model

    torch.manual_seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = build_model(base, layers)
    for name, param in model.encoder.named_parameters():
        layer = name.split(".")[2] if name.startswith("encoder.layer.") else None
        param.requires_grad_(name not in FROZEN and not (layer is not None and int(layer) < freeze_layers)
                             and not (freeze_layers and name.startswith("embeddings.")))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = max(1, int(epochs * len(examples) / batch_size))
    warmup = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
    ce = torch.nn.CrossEntropyLoss(ignore_index=-100)
    model.train()
    started, step, seen, running = time.monotonic(), 0, 0, 0.0
    epoch = 0
    while step < steps:
        for batch in _batches(examples, batch_size, seed + epoch):
            if step >= steps:
                break
            enc, allowed, starts, ends = _tensors(tokenizer, batch, max_length)
            if not bool((starts >= 0).any()):
                continue
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                start, end = model(**enc)
            start, end = start.float(), end.float()
            loss = (ce(start.masked_fill(~allowed, -1e4), starts) + ce(end.masked_fill(~allowed, -1e4), ends)) / 2
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step, seen = step + 1, seen + len(batch)
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 20 == 0 or step == steps:
                elapsed = time.monotonic() - started
                log(f"step {step}/{steps}  loss {running:.3f}  {seen / elapsed:.1f} ex/s  {elapsed / 60:.1f} min, "
                    f"about {elapsed * (steps - step) / step / 60:.0f} min to go")
        epoch += 1
    return model.eval()


#END
