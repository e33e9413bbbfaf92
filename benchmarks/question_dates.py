"""A year in the question, over dated articles: a publication filter (before #25) against a ranking nudge (now).

Real text and real questions: SQuAD v1.1 dev's 48 Wikipedia articles (../shared/eval) and
those of its questions that name a year the way ``dates_in_question`` reads one ("in 1973",
"since 2010", "before 1900").  SQuAD articles carry no dates, so each is given one, in two
ways, and both are reported:

- ``after``: 1 February of the year after the latest year the article mentions (up to 2016):
  an article reports on what happened before it was written, as news does;
- ``median``: 1 July of the median year the article mentions: the date sits inside the
  article's events, so many year questions name the article's own year.

"filter" asks with the question's dates as ``since``/``until`` (what a year in the question
did before: every article here is dated, so the old "undated ones stay eligible" changed
nothing); "nudge" asks the question alone (what it does now).  A question is answered right
when a gold answer is in the answer's first cited sentence.

Usage: .venv/bin/python benchmarks/question_dates.py [--limit N] [--index DIR]
(``--index`` keeps the index, and its embedding cache, for another run.)
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from report import EVAL, require_eval_sets, save

from qa import Library
from qa.evaluation.evaluate import normalize
from qa.retrieval.filters import dates_in_question

SET = EVAL / "squad_v1_dev"
YEAR = re.compile(r"\b(1[5-9]\d\d|20[01]\d)\b")
TODAY = date(2016, 6, 1)  # SQuAD's time: "this year" in a question means 2016


def dated(article: dict[str, str], scheme: str) -> dict[str, str]:
    years = sorted(int(y) for y in YEAR.findall(article["text"]) if int(y) <= 2016) or [2015]
    day = f"{years[-1] + 1}-02-01" if scheme == "after" else f"{int(statistics.median(years))}-07-01"
    return {**article, "published": day}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None, help="only the first N year questions")
    parser.add_argument("--index", default=None, help="index folder to build (and keep); default a temporary one")
    args = parser.parse_args()
    require_eval_sets()
    articles = [json.loads(line) for line in (SET / "articles.jsonl").open()]
    questions = []
    for line in (SET / "questions.jsonl").open():
        q = json.loads(line)
        bounds = dates_in_question(q["question"], TODAY)
        if any(bounds) and q["answers"]:
            questions.append((q, bounds))
    questions = questions[:args.limit]
    results: dict[str, object] = {"questions": len(questions), "articles": len(articles)}
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(args.index or Path(tmp) / "index"))
        for scheme in ("after", "median"):
            path = Path(tmp) / f"{scheme}.jsonl"
            path.write_text("".join(json.dumps(dated(a, scheme)) + "\n" for a in articles))
            for article in library.articles():  # an ingest keeps an article whose text is unchanged, date and all
                library.remove(article.id)
            library.add_path(path)  # the sentences come from the index's embedding cache
            assert library.article(articles[0]["id"]).published == dated(articles[0], scheme)["published"]
            for way in ("filter", "nudge"):
                right = refused = 0
                began = time.monotonic()
                for i, (q, (start, end)) in enumerate(questions):
                    if i % 50 == 0:
                        print(f"{scheme} {way}: {i}/{len(questions)} in {time.monotonic() - began:.0f} s",
                              file=sys.stderr, flush=True)
                    answer = library.ask(q["question"], since=start, until=end) if way == "filter" else \
                        library.ask(q["question"])
                    refused += answer.refused
                    quoted = normalize(answer.citations[0].text) if answer.citations else ""
                    right += any(normalize(g) in quoted for g in q["answers"])
                results[f"{scheme} {way}: answer in first citation"] = round(right / len(questions), 3)
                results[f"{scheme} {way}: refused"] = round(refused / len(questions), 3)
    save("question-dates", results)


if __name__ == "__main__":
    main()
