"""``qa eval``: retrieval and answer quality on a question set, measured offline.

A set is a folder with ``articles.jsonl`` and ``questions.jsonl`` (the format
of SQuAD-derived sets: ``question``, ``answers``, ``article_id``,
``is_impossible`` and, where known, ``answer_spans`` with character offsets).
Questions are asked in a fixed shuffled order (seed 7), so ``--limit N``
always means the same N questions.  ``run`` is all of ``qa eval``: index the
set, ask every system, score, write the report.
"""

from __future__ import annotations

import json
import os
import random
import re
import string
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from qa.answering.answer import Answer
from qa.config import LLMSettings
from qa.errors import DatasetError, OutputError
from qa.retrieval.evidence import Passage

RECALL_AT = (1, 3, 5, 10)
SEED = 7


def normalize(text: str) -> str:
    """SQuAD's answer normalisation: lower case, no punctuation, articles or extra spaces."""
    text = "".join(ch for ch in text.lower() if ch not in set(string.punctuation) | {"’", "‘", "“", "”"})
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def f1(prediction: str, gold: str) -> float:
    """SQuAD's token F1 between a predicted and a gold answer, after ``normalize``."""
    pred, true = normalize(prediction).split(), normalize(gold).split()
    common = sum(min(pred.count(t), true.count(t)) for t in set(pred))
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(true)
    return 2 * precision * recall / (precision + recall)


def short_scores(short: str, answers: Sequence[str]) -> tuple[float, float]:
    """SQuAD's EM and F1 of a short answer: against the best of the gold ``answers`` (0 when there are none)."""
    exact = max((float(normalize(short) == normalize(a)) for a in answers), default=0.0)
    return exact, max((f1(short, a) for a in answers), default=0.0)


def answer_scores(answer: Answer, answers: Sequence[str]) -> tuple[bool, float, float]:
    """How ``qa eval`` scores an answer against the gold ``answers`` (SQuAD normalisation): its hit
    (not refused, and a gold answer is in its text), and its short answer's EM and F1 (0 when none)."""
    said = normalize(answer.plain)
    hit = not answer.refused and any(normalize(a) and normalize(a) in said for a in answers)
    return (hit, *short_scores(answer.short_text or "", answers))


def calibration_error(confidences: list[float], outcomes: list[bool], bins: int = 10) -> float:
    """Expected calibration error: the gap between confidence and how often it was right, over 10 bins."""
    conf, right = np.asarray(confidences, dtype=float), np.asarray(outcomes, dtype=float)
    which = np.minimum((conf * bins).astype(int), bins - 1)
    return float(sum(abs(conf[which == b].mean() - right[which == b].mean()) * (which == b).sum()
                     for b in range(bins) if (which == b).any()) / max(len(conf), 1))


def article_ids(path: Path) -> set[str]:
    """Article ids from a file: one a line, or every list of texts in a JSON object (a ``splits.json``).

    Raises:
        DatasetError: the file cannot be read or names no article.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"Cannot read {path} ({exc}); check the file.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        ids = {line.strip() for line in text.splitlines() if line.strip()}
    else:
        values = data.values() if isinstance(data, dict) else [data]
        ids = {i for v in values if isinstance(v, list) for i in v if isinstance(i, str)}
    if not ids:
        raise DatasetError(f"{path} names no article: give ids one a line, or a JSON object of id lists.")
    return ids


def load_questions(dataset: Path, limit: int | None = None, only: set[str] | None = None) -> list[dict[str, Any]]:
    """The set's questions in the fixed evaluation order (only those about ``only`` articles when given).

    Raises:
        DatasetError: the folder is not an evaluation set, or a line of questions.jsonl is
            not a question (the message names the line).
    """
    path = dataset / "questions.jsonl"
    if not path.is_file() or not (dataset / "articles.jsonl").is_file():
        raise DatasetError(f"{dataset} is not an evaluation set: it needs articles.jsonl and questions.jsonl.")
    questions = []
    try:
        with path.open(encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if line.strip():
                    questions.append(_question(line, f"{path} line {lineno}"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"Cannot read {path} ({exc}); check the file.") from None
    random.Random(SEED).shuffle(questions)
    if only is not None:
        questions = [q for q in questions if q["article_id"] in only]
        if not questions:
            raise DatasetError(f"No question of {dataset} is about the articles given; check their ids.")
    return questions[:limit] if limit else questions


def _question(line: str, where: str) -> dict[str, Any]:
    """One line of questions.jsonl, checked for the fields scoring reads."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise DatasetError(f"{where}: not JSON ({getattr(exc, 'msg', exc)}); fix or remove the line.") from None
    if not isinstance(record, dict):
        raise DatasetError(f"{where}: expected an object with question, answers and article_id.")
    checks = {"question": isinstance(record.get("question"), str),
              "answers": isinstance(record.get("answers"), list)
              and all(isinstance(a, str) for a in record["answers"]),
              "article_id": isinstance(record.get("article_id"), str),
              "answer_spans": all(isinstance(s, dict) and isinstance(s.get("start"), int)
                                  and isinstance(s.get("end"), int) for s in record.get("answer_spans") or [])}
    wrong = [name for name, ok in checks.items() if not ok]
    if wrong:
        raise DatasetError(f"{where}: missing or malformed {', '.join(wrong)}; each line needs question (text), "
                      "answers (a list of texts) and article_id.")
    return record


def _overlaps(article_id: str, start: int, end: int, question: dict[str, Any], text: str) -> bool:
    if article_id != question["article_id"]:
        return False
    spans = question.get("answer_spans") or []
    if spans:
        return any(s["start"] < end and start < s["end"] for s in spans)
    passage = normalize(text)
    return any(normalize(a) in passage for a in question["answers"] if normalize(a))


class System(Protocol):
    """What is evaluated: the Library, or a baseline."""

    def search(self, question: str, k: int) -> list[Passage]: ...

    def ask(self, question: str) -> Answer: ...


def evaluate(system: System, questions: list[dict[str, Any]], texts: Mapping[str, str],
             progress: Callable[[int], object] | None = None) -> dict[str, Any]:
    """Ask every question and score retrieval, answers, citations and latency.

    Args:
        system: answers and ranks passages.
        progress: called with 1 after each question.
        questions: from ``load_questions``.
        texts: article id -> text, to check every citation's offsets.

    Returns:
        A report: ``questions``, ``recall@k``, ``answer_hit``, ``citation_validity``,
        ``mean_cited_chars``, ``mean_answer_chars``, ``refused_unanswerable``,
        ``refused_answerable``, ``short_em`` and ``short_f1`` (the short answer against the
        gold answers, SQuAD normalisation; a refusal or no short answer scores 0),
        ``confidence_ece`` (calibration error of ``confidence`` against "the answer holds a
        gold answer", an unanswerable question's answer never does; only for a system that
        gives a confidence), ``latency_ms_p50`` and ``latency_ms_p95``; in LLM mode also
        ``llm_answers``, ``extractive_fallbacks`` and ``dropped_sentence_share``.
    """
    tally = _Tally()
    for q in questions:
        started = time.perf_counter()
        answer = system.ask(q["question"])
        tally.latencies.append((time.perf_counter() - started) * 1000)
        passages = None if q.get("is_impossible") else system.search(q["question"], max(RECALL_AT))
        tally.add(q, answer, passages, texts)
        if progress:
            progress(1)
    return tally.report(len(questions))


def _rate(count: float, total: int) -> float | None:
    return round(count / total, 4) if total else None


@dataclass
class _Tally:
    """Running counts over the questions asked; ``report`` turns them into the figures."""

    count: Counter[str] = field(default_factory=Counter)  # answerable, hits, refused_..., recall@k, ...
    exact: float = 0.0
    overlap: float = 0.0
    cited_chars: list[int] = field(default_factory=list)
    answer_chars: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    right: list[bool] = field(default_factory=list)

    def add(self, q: dict[str, Any], answer: Answer, passages: list[Passage] | None, texts: Mapping[str, str]) -> None:
        """Score one question's answer (and, when it is answerable, the passages retrieved for it)."""
        self.count["llm_answers"] += answer.mode == "llm"
        self.count["fallbacks"] += answer.fallback is not None
        if answer.mode == "llm":
            self.count["kept"] += sum(p.kind == "claim" for p in answer.parts)
            self.count["dropped"] += answer.dropped
        for c in answer.citations:
            self.count["citations"] += 1
            self.count["valid"] += texts.get(c.article_id, "")[c.start:c.end] == c.text
            self.cited_chars.append(len(c.text))
        self.confidences.append(answer.confidence)
        if passages is None:
            self.count["impossible"] += 1
            self.count["refused_impossible"] += answer.refused
            self.right.append(False)
            return
        self.count["answerable"] += 1
        ranks = [r for r, p in enumerate(passages, 1) if _overlaps(p.article_id, p.start, p.end, q, p.text)]
        for k in RECALL_AT:
            self.count[f"recall@{k}"] += bool(ranks and ranks[0] <= k)
        self.count["refused_answerable"] += answer.refused
        if not answer.refused:
            self.answer_chars.append(len(answer.plain))
        hit, exact, overlap = answer_scores(answer, q["answers"])
        self.count["hits"] += hit
        self.right.append(hit)
        self.exact += exact
        self.overlap += overlap

    def report(self, questions: int) -> dict[str, Any]:
        n, c = self.count["answerable"], self.count
        report: dict[str, Any] = {"questions": questions, "answerable": n}
        report.update({f"recall@{k}": _rate(self.count[f"recall@{k}"], n) for k in RECALL_AT})
        report.update({
            "answer_hit": _rate(self.count["hits"], n),
            "refused_answerable": _rate(self.count["refused_answerable"], n),
            "citation_validity": 1.0 if not c["citations"] else _rate(c["valid"], c["citations"]),
            "mean_cited_chars": round(float(np.mean(self.cited_chars)), 1) if self.cited_chars else 0.0,
            "mean_answer_chars": round(float(np.mean(self.answer_chars)), 1) if self.answer_chars else 0.0,
            "short_em": _rate(self.exact, n),
            "short_f1": _rate(self.overlap, n),
            "latency_ms_p50": round(float(np.percentile(self.latencies, 50)), 1) if self.latencies else 0.0,
            "latency_ms_p95": round(float(np.percentile(self.latencies, 95)), 1) if self.latencies else 0.0,
        })
        if self.count["llm_answers"] or self.count["fallbacks"]:
            report.update({
                "llm_answers": _rate(self.count["llm_answers"], questions),
                "extractive_fallbacks": _rate(self.count["fallbacks"], questions),
                "dropped_sentence_share": _rate(c["dropped"], c["kept"] + c["dropped"]) or 0.0,
            })
        if any(self.confidences):
            report["confidence_ece"] = round(calibration_error(self.confidences, self.right), 4)
        if self.count["impossible"]:
            report["unanswerable"] = self.count["impossible"]
            report["refused_unanswerable"] = _rate(self.count["refused_impossible"], self.count["impossible"])
        return report


Progress = Callable[[str, int], AbstractContextManager[Callable[[int], object]]]


@dataclass(frozen=True)
class EvaluationReport:
    """What ``qa eval`` measured; ``asdict`` of it is the JSON the command prints and writes.

    Attributes:
        dataset: the set's folder name.
        questions: how many questions were asked of each system.
        systems: each system's measures by name (``qa``, and the baselines with ``--compare``),
            as ``evaluate`` makes them.
    """

    dataset: str
    questions: int
    systems: dict[str, dict[str, Any]]


def run(dataset: Path, *, index: str | os.PathLike[str] | None = None, limit: int | None = None,
        only: set[str] | None = None, compare: bool = False, store: str | None = None,
        llm: LLMSettings | Literal[False] | None = None, output: Path | None = None,
        skipped: Callable[[str], None] | None = None,
        progress: Progress | None = None) -> EvaluationReport:
    """Evaluate ``qa`` (and with ``compare`` the baselines) on the set in ``dataset``.

    The set's articles are indexed first (a no-op when already indexed), into
    ``indexes/eval-<set name>`` unless ``index`` says otherwise, or into the database
    ``store`` (never ``QA_STORE``: a set's articles must not land in a real archive).

    Args:
        dataset: a folder with articles.jsonl and questions.jsonl.
        limit: only the first N questions of the fixed order.
        only: only questions about these article ids (all articles are still indexed).
        llm: as for ``Library``; None reads ``QA_LLM_URL``.
        output: also write the report here as JSON (checked before anything runs).
        skipped: called with each line of the set that could not be ingested.
        progress: ``progress(system, questions)`` gives a context whose value is called
            with 1 after each question.

    Returns:
        The EvaluationReport: each system's measures, as ``evaluate`` makes them.

    Raises:
        DatasetError: not an evaluation set, or a malformed question.
        OutputError: ``output`` cannot be written.
    """
    from qa.evaluation.baselines import BM25Chunks, LlamaIndexDefault
    from qa.ingest.articles import read_file
    from qa.library import Library

    name = dataset.resolve().name
    questions = load_questions(dataset, limit, only)
    if output is not None:
        _check_writable(output)
    library = Library(index or f"indexes/eval-{name}", create=True, llm=llm, store=store or "")
    ingested = library.add_path(dataset / "articles.jsonl")
    for problem in ingested.problems:
        if skipped:
            skipped(str(problem))
    articles = library.articles()
    systems: list[Any] = [library]
    if compare:
        systems += [LlamaIndexDefault(read_file(dataset / "articles.jsonl")[0], library.model),
                    BM25Chunks(articles)]
    texts = {a.id: a.text for a in articles}
    reports: dict[str, dict[str, Any]] = {}
    for system in systems:
        label = getattr(system, "name", "qa")
        with progress(label, len(questions)) if progress else nullcontext(None) as advance:
            reports[label] = evaluate(system, questions, texts, progress=advance)
    result = EvaluationReport(name, len(questions), reports)
    if output is not None:
        try:
            output.write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise _unwritable(output, exc) from None
    return result


def _check_writable(output: Path) -> None:
    """Fail before a long run, not after it, when the report cannot be written."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(output, exc) from None
    if output.is_dir():
        raise _unwritable(output, IsADirectoryError(21, "it is a folder"))
    if not os.access(output if output.exists() else output.parent, os.W_OK):
        raise _unwritable(output, PermissionError(13, "permission denied"))


def _unwritable(output: Path, exc: OSError) -> OutputError:
    return OutputError(f"Cannot write the report to {output} ({exc.strerror or exc}); choose another --output.")


def iter_table(reports: Mapping[str, Mapping[str, Any]]) -> Iterator[str]:
    """Reports side by side: one row per measure, one column per system."""
    names = list(reports)
    keys = list(dict.fromkeys(k for r in reports.values() for k in r))
    widths = [max(len(n), 8) for n in names]
    yield "measure".ljust(22) + "  ".join(n.rjust(w) for n, w in zip(names, widths, strict=True))
    for key in keys:
        cells = [str(reports[n].get(key, "-")) for n in names]
        yield key.ljust(22) + "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))
