"""Refusals on our own news set: questions no article covers, and questions the articles cannot answer.

The seed article and the news stories of benchmarks/news (written for the project) are indexed
together.  Two kinds of question should be refused:

- off-topic (benchmarks/news/offtopic.jsonl, 30): sports results, science facts, other years;
- unanswerable (the 20 ``is_impossible`` questions of benchmarks/news/questions.jsonl): about
  a story's topic, but asking for something the stories never say.

The answerable questions are asked too, so that a refusal rate always stands beside what it
costs.  Needs nothing outside the repository.  Prints a table, writes
benchmarks/results/refusal.json, and lists every question that was not refused.

Usage: .venv/bin/python benchmarks/refusal.py
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from report import save

from qa import Library
from qa.evaluation.evaluate import normalize

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "benchmarks" / "news"


def main() -> None:
    questions = [json.loads(line) for line in (NEWS / "questions.jsonl").open(encoding="utf-8")]
    offtopic = [json.loads(line) for line in (NEWS / "offtopic.jsonl").open(encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "index", store="", llm=False)
        library.add_paths([ROOT / "seeds", NEWS / "articles.jsonl"]).check()
        kinds = {"offtopic": [q["question"] for q in offtopic],
                 "unanswerable": [q["question"] for q in questions if q["is_impossible"]]}
        results: dict[str, float | int] = {}
        answered: list[str] = []
        for kind, asked in kinds.items():
            refused = 0
            for question in asked:
                answer = library.ask(question)
                refused += answer.refused
                if not answer.refused:
                    answered.append(f"{kind}: {question} -> {answer.short.text if answer.short else answer.text[:80]}")
            results[f"{kind}_questions"] = len(asked)
            results[f"{kind}_refused"] = round(refused / len(asked), 4)
        answerable = [q for q in questions if not q["is_impossible"]]
        hit = refused = 0
        for q in answerable:
            answer = library.ask(q["question"])
            refused += answer.refused
            said = normalize(re.sub(r"\[\d+\]", " ", answer.text))
            hit += not answer.refused and any(normalize(a) in said for a in q["answers"])
        results.update(answerable_questions=len(answerable), answerable_refused=round(refused / len(answerable), 4),
                       answerable_hit=round(hit / len(answerable), 4))
    save("refusal", results)
    print("\nNot refused:")
    for line in answered:
        print(f"  {line}")


if __name__ == "__main__":
    main()
