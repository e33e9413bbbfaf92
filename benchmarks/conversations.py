"""Conversations that follow the thread: benchmarks/conversations, asked turn by turn through ``Library.chat()``.

Fourteen sets of conversations of 2-4 turns over the news pages as published and the Wikinews articles,
each written blind by a helper that never saw the product's answers (benchmarks/conversations/README.md):
follow-ups by pronoun, by "that article", by ellipsis ("And in 2019?"), and by a name after a first
turn the articles don't answer.  ``conversations`` (48), ``second`` (40), ``third`` (36), ``fourth`` (36)
and ``fifth`` (30) were tuned on; ``sixth`` (24) was read once for a fault; ``seventh`` to
``thirteenth`` (30 each) were each written before a change, measured before and after it, then read
to make a later one (``ninth`` printed once by mistake); ``fourteenth`` (30) was written before the
last change and never read, so it is the figure to believe (ask it with ``--failures 0`` while a
change is made, and ``--set`` the sets a diff compares, so that a set one run lacks is not
printed).  Every
conversation is a new ``Chat`` over one index of all the articles (156 with the news pages).

Per turn kind it reports:

- ``hit``: not refused and a gold answer is in the answer's text (``qa eval``'s answer hit); for an
  unanswerable turn, ``refused`` instead;
- ``short_right``: the short answer is a gold answer (EM, or F1 >= 0.5);
- ``resolved_right``: the question was asked as meant.  A first or named turn: as typed.  A pronoun:
  the asked question names what it stands for (the last word of ``refers_to``, a surname or a
  head noun).  "That article": the first citation is in the article meant.  An ellipsis: the asked
  question holds at least 80 % of the standalone question's words;
- ``glued``: the asked question holds another turn's question (the old way; should be 0);

and the figures the issue targets: follow-up turns whose first turn was answered (hit, resolved
right), "that article" turns answered from the article meant (of those it answers); and the turns
answered wrong (a refusal is not wrong: no answer is better than a wrong one).  Then ``--failures``
conversations verbatim.  The news pages are read from ``../shared/eval/news_pages`` (developer machines only);
without them only the Wikinews conversations are asked, and it says so.

With ``--standalone`` each turn is asked as its writer's standalone question instead, alone (a "that
article" turn of its own article): the figures a resolver that always understood would reach with
this reader, the ceiling of what resolving follow-ups can win.

Usage: .venv/bin/python benchmarks/conversations.py [--set PATH ...] [--index DIR] [--output PATH] [--failures 5]
       [--standalone]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from qa import Library
from qa.evaluation.evaluate import answer_scores

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realnews import PAGES, SET, read_jsonl, write_pages

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "benchmarks" / "conversations"
SETS = {  # each written blind by a helper that never saw the product's answers
    FOLDER / "conversations.jsonl": "the first set, which follow-ups were tuned on (sessions before)",
    FOLDER / "second.jsonl": "measured, then tuned on",
    FOLDER / "third.jsonl": "measured before and after a change, then tuned on",
    FOLDER / "fourth.jsonl": "measured before and after a change, read for one fault, then tuned on",
    FOLDER / "fifth.jsonl": "measured before and after a change, its changed turns read, then tuned on",
    FOLDER / "sixth.jsonl": "measured at the start and the end of a change, read once for a fault",
    FOLDER / "seventh.jsonl": "measured before and after a change, then read to make the next one",
    FOLDER / "eighth.jsonl": "measured before and after a change, then read to make the next one",
    FOLDER / "ninth.jsonl": "measured before and after a change, then printed once by mistake",
    FOLDER / "tenth.jsonl": "measured before and after two changes, then read to make the next two",
    FOLDER / "eleventh.jsonl": "blind for three changes, then read to make the next",
    FOLDER / "twelfth.jsonl": "written before a change and measured before and after it, then read to make the next",
    FOLDER / "thirteenth.jsonl": "written before a change and measured before and after it, then read to make the next",
    FOLDER / "fourteenth.jsonl": "written before two changes and measured before and after each, never read",
    FOLDER / "fifteenth.jsonl": "written after them, measured, then read to make the next change",
    FOLDER / "sixteenth.jsonl": "written before the last two changes, measured before and after each, never read",
    FOLDER / "seventeenth.jsonl": "not read: the newest, written before the last change, measured before and after it",
}
RESULTS = ROOT / "benchmarks" / "results" / "conversations.json"
KINDS = ("first", "pronoun", "that_article", "ellipsis", "named")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "a", "an", "of", "in", "on", "at", "to", "for", "by", "with", "and", "or", "is", "was", "were",
         "are", "did", "does", "do", "what", "which", "who", "when", "where", "how", "that", "this"}


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def resolved_right(turn: dict[str, Any], asked: str, cited: str | None) -> bool:
    """Whether the turn was asked as its writer meant it (see the module's docstring)."""
    kind = turn["kind"]
    if kind in ("first", "named"):
        return bool(asked == turn["question"])
    if kind == "that_article":
        return bool(cited == turn["page_id"])
    if kind == "pronoun":
        head = _WORD.findall(turn["refers_to"].lower())
        return bool(head) and head[-1] in _WORD.findall(asked.lower())
    standalone = _words(turn["standalone"])
    return len(standalone & _words(asked)) >= 0.8 * len(standalone)


def ask_conversation(library: Library, conversation: dict[str, Any], texts: dict[str, str],
                     standalone: bool = False) -> list[dict[str, Any]]:
    """Each turn asked in one ``Chat``; or, with ``standalone``, each turn's ``standalone`` question asked
    alone (a "that article" turn of its own article alone): what a resolver that always understood would
    get from the reader."""
    chat = library.chat()
    out = []
    for i, turn in enumerate(conversation["turns"]):
        if standalone:
            asked = turn["standalone"]
            *_, answer = library.stream(asked, articles=[turn["page_id"]] if turn["kind"] == "that_article" else None)
        else:
            answer = chat.ask(turn["question"])
            asked = chat.turns[-1].asked  # what the turn was retrieved and read for (of two readings of "it", the kept)
        gold = [texts[turn["page_id"]][s:e] for s, e in turn["answer_spans"]] if turn["page_id"] in texts else []
        hit, em, f1 = answer_scores(answer, gold) if gold else (False, 0.0, 0.0)
        short = answer.short_text or ""
        cited = answer.citations[0].article_id if answer.citations and not answer.refused else None
        others = [t["question"] for j, t in enumerate(conversation["turns"]) if j != i]
        out.append({
            "id": f"{conversation['id']}/{i + 1}", "kind": turn["kind"], "question": turn["question"],
            "asked": asked, "standalone": turn["standalone"], "impossible": turn["is_impossible"],
            "refused": answer.refused, "confidence": round(answer.confidence, 3),
            "hit": answer.refused if turn["is_impossible"] else bool(hit),
            "short_right": bool(short) and (em == 1.0 or f1 >= 0.5), "short": short, "gold": gold,
            "resolved_right": resolved_right(turn, asked, cited),
            "glued": any(q.rstrip("?").strip().lower() in asked.lower() for q in others if q != turn["question"]),
            "cited_article": cited == turn["page_id"], "notes": list(answer.notes),
            "quote": next((p.text for p in answer.parts if p.kind == "quote"), ""),
        })
    return out


def rate(rows: list[dict[str, Any]], key: str) -> float | None:
    return round(sum(bool(r[key]) for r in rows) / len(rows), 4) if rows else None


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"turns": len(rows), **{k: rate(rows, k) for k in ("hit", "short_right", "resolved_right", "glued",
                                                                 "refused")}}


def score_set(name: str, asked: list[tuple[dict[str, Any], list[dict[str, Any]]]], failures: int) -> dict[str, Any]:
    """One set's figures, printed as a table with ``failures`` failed conversations verbatim."""
    rows = [r for _, turns in asked for r in turns]
    follow = [t for _, turns in asked for t in turns[1:] if not turns[0]["impossible"] and turns[0]["hit"]]
    results: dict[str, Any] = {
        "conversations": len(asked), "turns": len(rows),
        "by_kind": {k: summary([r for r in rows if r["kind"] == k]) for k in KINDS},
        "answerable": summary([r for r in rows if not r["impossible"]]),
        "unanswerable_first_turns": summary([r for r in rows if r["impossible"]]),
        "follow_ups_after_an_answered_first_turn": summary(follow),
        # of those the article answers: refusing "who wrote that piece?" when it prints no writer is right
        "that_article_from_the_article": rate([r for r in rows if r["kind"] == "that_article" and not r["impossible"]],
                                              "cited_article"),
        # an answer the gold does not hold, or any answer to a turn the articles don't answer
        "answered_wrong": sum(not r["refused"] and (r["impossible"] or not r["hit"]) for r in rows),
    }
    print(f"\n{name}: {len(asked)} conversations, {len(rows)} turns\n")
    print(f"{'turn kind':<32}{'turns':>6}{'hit':>8}{'short':>8}{'resolved':>10}{'glued':>7}")
    for kind, s in [*results["by_kind"].items(), ("answerable turns", results["answerable"]),
                    ("follow-ups, first turn answered", results["follow_ups_after_an_answered_first_turn"])]:
        print(f"{kind:<32}{s['turns']:>6}" + "".join(f"{s[k] if s[k] is not None else '-':>{w}}" for k, w in
                                                     (("hit", 8), ("short_right", 8), ("resolved_right", 10),
                                                      ("glued", 7))))
    print(f"\n'that article' turns answered from the article meant: {results['that_article_from_the_article']}")
    print(f"turns answered wrong (the gold not in the answer, or answered though unanswerable): "
          f"{results['answered_wrong']} of {len(rows)}")
    failed = [(c, turns) for c, turns in asked if any(not t["hit"] or not t["resolved_right"] for t in turns)]
    results["failures"] = [{"id": c["id"], "turns": turns} for c, turns in failed]
    for c, turns in failed[:failures]:
        print(f"\n{c['id']}:")
        for t in turns:
            mark = "ok " if t["hit"] and t["resolved_right"] else "XX "
            print(f"  {mark}[{t['kind']}] {t['question']}\n      asked as: {t['asked']}\n      "
                  f"{'REFUSED' if t['refused'] else 'short: ' + (t['short'] or '-') + ' | ' + t['quote'][:160]}"
                  f"\n      gold: {t['gold'] or 'unanswerable'}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=RESULTS, help="where the JSON figures go")
    parser.add_argument("--failures", type=int, default=5, help="conversations with a failed turn to print, per set")
    parser.add_argument("--set", type=Path, nargs="+", default=list(SETS), help="the sets to ask (default: all)")
    parser.add_argument("--standalone", action="store_true",
                        help="ask each turn's standalone question alone: the reader's ceiling for a perfect resolver")
    parser.add_argument("--index", type=Path, help="keep the index here and use it again when it is there "
                                                   "(default: a temporary one, built each run)")
    args = parser.parse_args()

    texts = {a["id"]: a["text"] for a in read_jsonl(SET / "articles.jsonl")}
    have_pages = (PAGES / "pages.jsonl").is_file()
    sets = {path.stem: read_jsonl(path) for path in args.set}
    if have_pages:
        texts |= {p["id"]: p["articleBody"] for p in read_jsonl(PAGES / "pages.jsonl")}
    else:
        print(f"news-pages conversations skipped: {PAGES} not found (its pages live beside the repository on "
              "developer machines only, never in it)")
        sets = {name: [c for c in cs if c["source"] != "news_pages"] for name, cs in sets.items()}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        built = args.index is not None and args.index.is_dir()
        library = Library(args.index or Path(tmp) / "index", store="", llm=False)
        if not built:
            library.add_path(SET / "articles.jsonl").check()
            if have_pages:
                library.add_path(write_pages(Path(tmp) / "pages")).check()
        ingest_s = time.perf_counter() - started
        asked = {name: [(c, ask_conversation(library, c, texts, args.standalone)) for c in cs]
                 for name, cs in sets.items()}
        print(f"{len(asked)} sets over {len(library.articles())} articles ({ingest_s:.1f} s to index)")
    results: dict[str, Any] = {
        "ingest_s": round(ingest_s, 1),
        "targets": {"follow-up hit": ">= 0.85", "follow-up resolved right": ">= 0.90",
                    "that article from the article": ">= 0.90", "glued": "0"},
        "sets": {name: {"about": SETS.get(FOLDER / f"{name}.jsonl", ""),
                        **score_set(name, turns, args.failures)} for name, turns in asked.items()},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
