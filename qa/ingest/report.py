"""What an ingest did, as values: ids by outcome, and each problem and id collision with its parts.

A script tells a collision from an unreadable file by its type, and which file kept an id by
``Collision.kept``; ``qa ingest --json`` prints the report with ``dataclasses.asdict``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from qa.errors import ArticleError, CollisionsFound, IdCollision, NothingIngested


@dataclass(frozen=True)
class Problem:
    """A file, record or web address that could not be ingested.

    Attributes:
        source: the file (and line, for JSONL), or the address, as given.
        reason: what is wrong with it, and how to fix it.
    """

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Collision:
    """An article left out because another article already has its id.

    Attributes:
        article_id: the id both would get.
        kept: the file (and line, for JSONL) that keeps the id.
        skipped: the one left out.
    """

    article_id: str
    kept: str
    skipped: str

    def __str__(self) -> str:
        return str(IdCollision(self.article_id, self.kept, self.skipped))


@dataclass
class IngestReport:
    """What ``Library.add`` (or ``add_path``, ``add_urls``, ``add_feeds``) did; ``qa ingest --json`` prints it.

    Attributes:
        added, replaced, unchanged: article ids by outcome.
        problems: each file, record or address that could not be ingested.
        collisions: each article left out because another article has its id (both
            paths named); what was already indexed under that id is kept.
        chunks, sentences: how many were indexed by this call.
        embedded: sentences actually encoded (the rest came from the embedding cache).
        seconds: wall time of the call.
    """

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    collisions: list[Collision] = field(default_factory=list)
    chunks: int = 0
    sentences: int = 0
    embedded: int = 0
    seconds: float = 0.0

    @property
    def ingested(self) -> int:
        """Articles now in the index as given (added, replaced, or there already unchanged)."""
        return len(self.added) + len(self.replaced) + len(self.unchanged)

    def extend(self, other: IngestReport) -> None:
        """Add ``other``'s outcome to this one (an ingest of several paths)."""
        for name in ("added", "replaced", "unchanged", "problems", "collisions"):
            getattr(self, name).extend(getattr(other, name))
        self.chunks += other.chunks
        self.sentences += other.sentences
        self.embedded += other.embedded
        self.seconds += other.seconds

    @classmethod
    def of_errors(cls, errors: Iterable[ArticleError]) -> IngestReport:
        """A report of what could not be read: each id collision a ``Collision``, anything else a ``Problem``."""
        report = cls()
        for error in errors:
            if isinstance(error, IdCollision):
                report.collisions.append(Collision(error.article_id, error.kept, error.skipped))
            else:
                report.problems.append(Problem(error.source, error.reason))
        return report

    def check(self) -> None:
        """Raise what this ingest ends with for its user, once its lines have been shown.

        Raises:
            CollisionsFound: some articles collided with another's id (everything else given
                was ingested).
            NothingIngested: nothing could be ingested.
        """
        if self.collisions:
            raise CollisionsFound(len(self.collisions))
        if not self.ingested:
            raise NothingIngested(
                "Nothing was ingested; fix the files listed above." if self.problems else
                "Nothing was ingested: no .txt, .md, .html, .json, .jsonl, .pdf or .docx files there.")
