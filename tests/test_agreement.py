"""Agreement between two reports: claimed only when both give a figure for the same measure of the same thing."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from qa.answering.agreement import compare
from tests.conftest import DATA

PAIRS = [json.loads(line) for line in (DATA / "agreement_pairs.jsonl").read_text().splitlines()]
# Each held-out batch was written after the rules were frozen and run once: their pooled
# precision then was 25 of 28 claims (0.89); each wrong claim led to a rule and a new batch.
# Today every claim on the file is right, so a floor of 0.95 lets no more than two
# of today's 44 claims go wrong before a change is rejected.
MIN_PRECISION = 0.95
MIN_RECALL = 0.6  # it says nothing rather than guess, but not nothing at all: 0.73 today


def _verdicts() -> list[tuple[dict[str, str | None], str | None]]:
    return [(p, compare(p["first"], p["second"], first_date=p["first_date"], second_date=p["second_date"]))
            for p in PAIRS]


def test_the_labeled_set_has_both_kinds() -> None:
    labels = Counter(p["label"] for p in PAIRS)
    assert len(PAIRS) >= 50 and labels["same"] >= 20 and labels["different"] >= 20 and labels[None] >= 50


def test_precision_and_recall_on_the_labeled_pairs() -> None:
    verdicts = _verdicts()
    claimed = [(p, got) for p, got in verdicts if got]
    wrong = [(p["first"], p["second"], got) for p, got in claimed if got != p["label"]]
    precision = 1 - len(wrong) / len(claimed)
    recall = sum(got == p["label"] for p, got in verdicts if p["label"]) / sum(bool(p["label"]) for p in PAIRS)
    assert precision >= MIN_PRECISION, wrong
    assert recall >= MIN_RECALL


@pytest.mark.parametrize(("first", "second", "dates", "verdict"), [
    # petrol prices a month apart: two moments, not a disagreement
    ("The average price of petrol in Britain rose to 152.3p a litre, the RAC said.",
     "The RAC said the average price of petrol in Britain fell to 145.1p a litre.", ("2023-09-04", "2023-10-05"), None),
    # another company's figure is not another report of this one's
    ("Shell reported a quarterly profit of $9.6bn.", "BP reported a quarterly profit of $4.8bn.",
     ("2023-02-02", "2023-02-07"), None),
    ("A winter storm closed the harbour at Port Ellen on Monday and damaged 40 fishing boats, the harbour master said.",
     "A week after the storm, the harbour master said the storm had damaged 55 fishing boats at Port Ellen.",
     ("2024-03-04", "2024-03-10"), "different"),
    ("The storm damaged 40 fishing boats at Port Ellen, the harbour master said.",
     "According to the island council, 40 fishing boats were damaged at Port Ellen.", (None, None), "same"),
    ("Melissa Dalton warned that the Islamic State could regroup in Syria.",
     "Analysts fear a resurgence of the Islamic State in Syria.", (None, None), None),
])
def test_the_cases_from_the_answers(first: str, second: str, dates: tuple[str | None, str | None],
                                    verdict: str | None) -> None:
    assert compare(first, second, first_date=dates[0], second_date=dates[1]) == verdict
    assert compare(second, first, first_date=dates[1], second_date=dates[0]) == verdict
