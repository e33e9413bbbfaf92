"""Training windows: the quiz form keeps the answer where it was and puts only scene-setting before the question."""

from __future__ import annotations

from pathlib import Path

from qa.training.examples import holds, load_folder, sample_windows, windows

SQUAD = Path(__file__).resolve().parent / "data" / "squad"


def test_quiz_windows_put_a_sentence_without_the_answer_before_the_question(tmp_path: Path) -> None:
    folder = load_folder(SQUAD, set(), tmp_path)
    plain = [x for x in windows([folder], "train", 0) if x.kind == "answer"]
    quiz = [x for x in windows([folder], "train", 0, quiz=1.0) if x.kind == "quiz"]
    assert len(quiz) > len(plain) / 2
    for x in quiz:
        same = next(p for p in plain if (p.text, p.span) == (x.text, x.span) and x.question.endswith(" " + p.question))
        assert x.label == 1
        preamble = x.question[:-len(same.question)].strip()
        assert preamble in x.text and not holds(preamble, [x.text[x.span[0]:x.span[1]]])  # type: ignore[index]


def test_quiz_windows_count_as_answers_when_sampling(tmp_path: Path) -> None:
    folder = load_folder(SQUAD, set(), tmp_path)
    found = windows([folder], "train", 0, quiz=0.5)
    chosen = sample_windows(found, {"other": 0.5}, 10_000, 0)
    answers = sum(x.kind in ("answer", "quiz") for x in found)
    assert sum(x.kind == "other" for x in chosen) == min(round(0.5 * answers), sum(x.kind == "other" for x in found))
