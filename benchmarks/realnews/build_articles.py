"""Rebuild articles.jsonl from the Wikinews documents of the GUM corpus.

The articles of the real-news set are the 24 news stories and the Wikinews interviews of GUM
(https://github.com/amir-zeldes/gum, texts CC BY 2.5, see SOURCES.md).  GUM keeps each sentence's
original text (``# text =``) and the layout (``# newpar_block``: head, paragraph, figure, list,
speaker turn) in its CoNLL-U files, so the article is rebuilt from them alone:

- the first heading is the title; the text starts with it, then a blank line (as benchmarks/news);
- paragraphs, list items, headings and interview turns become paragraphs separated by a blank line,
  their sentences joined by one space;
- image captions (``figure``/``caption`` blocks) are dropped: they are page furniture, not text;
- ``published`` is the date line under the headline ("Friday, July 21, 2017"), else GUM's
  ``dateCreated``.

Usage: .venv/bin/python benchmarks/realnews/build_articles.py GUM_CHECKOUT [--output PATH]
(GUM_CHECKOUT holds dep/GUM_news_*.conllu; SOURCES.md names the commit used.)
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
LICENSE = "CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/)"
SKIP_BLOCKS = ("figure", "caption")
SKIP_DOCS = {  # left out of a product test set for their explicit sexual content
    "GUM_interview_dungeon",   # an interview about a BDSM business
    "GUM_interview_cocktail",  # a cocktail named after an explicit sexual neologism, defined in the text
}
DATELINE = re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
                      r"([A-Z][a-z]+ \d{1,2}, \d{4})$")
END_MARKERS = ("Sources", "Related news", "External links", "Categories:")


def _key(text: str) -> str:
    """Text compared loosely: no accents, case, spaces or punctuation ("Ličen" == "Licen")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _paragraphs(lines: list[str]) -> list[tuple[str, str]]:
    """(kind, text) of each paragraph, kind "head" or "text"; captions dropped."""
    paragraphs: list[tuple[str, list[str]]] = []
    skip = room = 0  # caption sentences still to drop; sentences left in the current block
    kind = "text"
    for line in lines:
        if line.startswith("# newpar_block = "):
            # "p (6 s) | figure ... (1 s) | caption (1 s)": the caption's sentence comes first, then the paragraph's.
            parts = [(p.split()[0], int(m.group(1))) for p in line[len("# newpar_block = "):].split("|")
                     if (m := re.search(r"\((\d+) s\)", p))]
            skip = max((n for name, n in parts if name in SKIP_BLOCKS), default=0)
            room = min((n for name, n in parts if n and name not in SKIP_BLOCKS), default=skip)
            kind = "head" if parts and parts[0][0] == "head" else "text"
            paragraphs.append((kind, []))
        elif line.startswith("# text = "):
            if skip:
                skip -= 1
                room -= 1
                if not skip:
                    paragraphs.append(("text", []))  # what follows a caption is a paragraph of its own
                continue
            if room <= 0:  # more sentences than the block holds: GUM lost a paragraph break here
                paragraphs.append(("text", []))
                room = 10**6
            room -= 1
            paragraphs[-1][1].append(line[len("# text = "):].strip())
    return [(k, " ".join(s)) for k, s in paragraphs if s]


def _clean(paragraphs: list[tuple[str, str]], title: str) -> list[str]:
    """Drop page furniture: a repeated headline, repeated paragraphs, pull quotes, source lists, empty headings."""
    while paragraphs and _key(paragraphs[0][1]) == _key(title):
        paragraphs = paragraphs[1:]
    for i, (_, text) in enumerate(paragraphs):
        if text in END_MARKERS or text.startswith("Categories:"):
            paragraphs = paragraphs[:i]
            break
    kept: list[tuple[str, str]] = []
    for i, (kind, text) in enumerate(paragraphs):
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if following and (following[1] == text or (kind == "text" and len(following[1]) > 40
                                                   and text.startswith(following[1]))):
            continue  # "Interview" twice; a pull quote printed just before the paragraph it repeats
        if kind == "head" and (following is None or following[0] == "head"):
            continue  # a heading over nothing (photo galleries)
        kept.append((kind, text))
    body = []
    for _, text in kept:
        m = re.match(r"^((?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
                     r"[A-Z][a-z]+ \d{1,2}, \d{4}) (\S.*)$", text)
        body.extend([m.group(1), m.group(2)] if m else [text])  # a date line GUM joined to the lead
    return body


def read_doc(path: Path) -> dict[str, str]:
    """One GUM CoNLL-U file -> an article record."""
    lines = path.read_text(encoding="utf-8").splitlines()
    meta = dict(line[len("# meta::"):].partition(" = ")[::2] for line in lines if line.startswith("# meta::"))
    paragraphs = _paragraphs(lines)
    title = meta.get("title") or paragraphs[0][1]
    body = _clean(paragraphs, title)
    published = meta.get("dateCreated", "")
    for para in body[:3]:
        m = DATELINE.match(para)
        if m:
            published = datetime.strptime(m.group(2), "%B %d, %Y").strftime("%Y-%m-%d")
            break
    return {"id": path.stem.removeprefix("GUM_").replace("_", "-"), "title": title,
            "text": title + "\n\n" + "\n\n".join(body), "published": published, "source": "Wikinews",
            "url": meta.get("sourceURL", ""), "license": LICENSE, "via": f"GUM corpus, dep/{path.name}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gum", type=Path, help="a GUM checkout (with dep/*.conllu)")
    parser.add_argument("--output", type=Path, default=HERE / "articles.jsonl")
    args = parser.parse_args()
    files = sorted((args.gum / "dep").glob("GUM_news_*.conllu")) + \
        sorted((args.gum / "dep").glob("GUM_interview_*.conllu"))
    records = [read_doc(f) for f in files if f.stem not in SKIP_DOCS]
    with args.output.open("w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(records)} articles -> {args.output}")


if __name__ == "__main__":
    main()
