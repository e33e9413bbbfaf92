"""How the trained reader is stored in ``qa/models/reader``: only what training changed.

The linear layers are int8 with one scale each (the product reads them as int8 anyway), the rest
float16; the word embeddings, frozen during training, are never shipped and load from the installed
base model.  That keeps the weights near 11 MB, under the repository's 25 MB limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

WEIGHTS = "model.safetensors"
FROZEN = ("embeddings.word_embeddings.weight",)  # loaded from the base model, never shipped
SCALE = ".scale"  # an int8 tensor's float scale is stored beside it under its name + this


def int8_state(state: dict[str, Any]) -> dict[str, Any]:
    """``state`` for storing: each linear layer's weight as int8 with one symmetric scale, the rest float16.

    One scale per tensor, max |w| / 127, as torch's dynamic int8 quantization does when the reader
    loads (``quantize``), so the product reads nearly the same grid; training calibrates and
    reports the reader loaded from these stored weights, so its figures are what ships.
    """
    import torch

    out = {}
    for name, value in state.items():
        value = value.detach().float()
        if name.endswith(".weight") and value.dim() == 2 and "embeddings" not in name:
            scale = value.abs().max().clamp(min=1e-12) / 127
            out[name] = torch.round(value / scale).clamp(-127, 127).to(torch.int8).contiguous()
            out[f"{name}{SCALE}"] = scale.reshape(1)
        else:
            out[name] = value.half().contiguous()
    return out


def save_weights(model: Any, out: Path) -> None:
    """Write the trained weights (linear layers int8, the rest float16, without the frozen word embeddings)."""
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    frozen = {f"encoder.{k}" for k in FROZEN}
    save_file(int8_state({k: v for k, v in model.state_dict().items() if k not in frozen}), str(out / WEIGHTS))
    (out / WEIGHTS).chmod(0o644)  # safetensors writes 0600; every user of the install reads the reader


def load_weights(model: Any, folder: Path, base: str) -> None:
    """Put the shipped weights into ``model``, and the frozen word embeddings from the base model."""
    import torch
    from safetensors import safe_open
    from safetensors.torch import load_file

    stored = load_file(str(folder / WEIGHTS))
    state = {k: v.float() * stored[f"{k}{SCALE}"].float() if v.dtype == torch.int8 else v.float()
             for k, v in stored.items() if not k.endswith(SCALE)}
    with safe_open(str(Path(base) / WEIGHTS), "pt") as f:
        state.update({f"encoder.{k}": f.get_tensor(k).float() for k in FROZEN})
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or missing:
        raise RuntimeError(f"{folder / WEIGHTS} does not fit the reader: missing {missing}, unexpected {unexpected}")
