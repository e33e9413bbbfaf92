"""Fitting what the reader says about its own answers, on the articles kept aside from training.

The confidence (a logistic regression over three reader outputs), the refusal threshold, the
passage prior, and the metrics reported for the calibration sample and for validation.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from qa.training.examples import Example, Question, Row, holds

Q = TypeVar("Q", Question, Row)

if TYPE_CHECKING:
    from qa.reading.model import Reader, SentenceReading


def read_all(reader: Reader, questions: Sequence[Question], log: Callable[[str], None]) -> list[list[SentenceReading]]:
    """The reader's readings of every question's passages: one per candidate sentence, in order."""
    from qa.reading.model import ReaderInput

    out, started = [], time.monotonic()
    for i, q in enumerate(questions):
        out.append(reader.read(q.question, [ReaderInput(p.title, p.text, p.sentences) for p in q.passages]))
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


def _best_first(reader: Reader, question: Question, readings: list[SentenceReading]) -> list[int]:
    """The candidates' places, in the order the product reads them (``Reader.rank_key``)."""
    return sorted(range(len(readings)), key=lambda i: reader.rank_key(readings[i], question.candidates[i].passage),
                  reverse=True)


def choose_passage_prior(reader: Reader, questions: Sequence[Question], readings: list[list[SentenceReading]]) -> float:
    """The ``passage_prior`` (0-8, in steps of 0.5) whose best sentence holds the answer most often.

    Args:
        reader: the reader to try priors with.
        questions: answerable questions kept aside (never validation ones).
        readings: the reader's readings of their candidates.
    """
    def hits(prior: float) -> int:
        tried = reader.configured(replace(reader.config, passage_prior=prior))
        return sum(holds(q.candidates[_best_first(tried, q, r)[0]].text, q.answers)
                   for q, r in zip(questions, readings, strict=True) if r)

    return max((step / 2 for step in range(17)), key=lambda prior: (hits(prior), -prior))


def metrics(reader: Reader, questions: Sequence[Question], readings: list[list[SentenceReading]]) -> dict[str, Any]:
    """EM/F1 of the short answer, best-sentence hit, answerability AUC and refusal at the threshold."""
    from qa.evaluation.evaluate import calibration_error, short_scores

    em = overlap = hit = hit2 = 0.0
    answerable = [not q.impossible for q in questions]
    confidences = [reader.confidence(r) for r in readings]
    n = sum(answerable)
    for q, r in zip(questions, readings, strict=True):
        if q.impossible or not r:
            continue
        order = _best_first(reader, q, r)
        best = q.candidates[order[0]]
        span = r[order[0]].span  # offsets in the passage
        exact, f1 = short_scores(q.passages[best.passage].text[span[0]:span[1]] if span else "", q.answers)
        em += exact
        overlap += f1
        hit += holds(best.text, q.answers)
        hit2 += any(holds(q.candidates[i].text, q.answers) for i in order[:2])
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


def passage_metrics(reader: Reader, examples: Sequence[Example]) -> dict[str, Any]:
    """The reader on single passages: EM / F1 of the answerable ones' short answer (against the best
    of their gold answers, as SQuAD scores), and how often it finds no answer (confidence below its
    threshold), for answerable and unanswerable ones."""
    from qa.evaluation.evaluate import short_scores
    from qa.reading.model import ReaderInput

    em = overlap = 0.0
    refused = {True: 0, False: 0}
    for x in examples:
        reading = reader.read(x.question, [ReaderInput(x.title, x.text)])
        refused[bool(x.label)] += reader.confidence(reading) < reader.threshold
        if x.label and x.span:
            short = x.text[reading[0].span[0]:reading[0].span[1]] if reading[0].span else ""
            exact, f1 = short_scores(short, x.answers or (x.text[x.span[0]:x.span[1]],))
            em += exact
            overlap += f1
    answerable = sum(1 for x in examples if x.label)
    out: dict[str, Any] = {"answerable": answerable, "unanswerable": len(examples) - answerable}
    if answerable:
        out.update(em=em / answerable, f1=overlap / answerable, refused_of_answerable=refused[True] / answerable)
    if len(examples) > answerable:
        out["refused_of_unanswerable"] = refused[False] / (len(examples) - answerable)
    return out


def log_odds(answerable: list[bool]) -> float:
    yes = sum(answerable)
    return math.log(max(yes, 1) / max(len(answerable) - yes, 1))


def sample_questions(questions: list[Q], limit: int, seed: int) -> list[Q]:
    """At most ``limit`` questions, unanswerable ones first (they are the scarcer signal)."""
    if len(questions) <= limit:
        return questions
    rng = random.Random(seed)
    impossible = [q for q in questions if q.impossible]
    rng.shuffle(impossible)
    chosen = impossible[:limit // 2]
    rest = [q for q in questions if not q.impossible]
    return chosen + rng.sample(rest, limit - len(chosen))
