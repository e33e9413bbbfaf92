"""Every exception the package raises on purpose.

A user sees ``str(exc)``: one line that says what went wrong and what to do.
The CLI exits with ``exc.exit_code``; the app shows the message.  Anything
else that escapes is a bug, not a user error.

    QAError              base, exit 1
    ├── ArticleError     a file or record that cannot become an article
    │   ├── IdCollision  two files or records that would get one article id
    │   └── FetchError   a web address or feed that could not be fetched or read
    │       └── AddressRefused  it leads to a private address the operator did not allow
    ├── ArticleNotFound  no article with that id in the index
    ├── ConfigError      a QA_* setting with a value that cannot be used
    ├── IndexNotFound    no index where one was expected
    ├── IndexMismatch    an index built with another model or format
    ├── IndexBusy        another process is writing the index
    ├── ModelNotFound    the embedding model is not available offline
    ├── WriteFailed      an index write failed; the index is as it was
    ├── StoreError       the PostgreSQL store cannot be reached or used
    ├── QuestionError    an empty or unusable question
    ├── PromptError      a missing prompt template or variable
    ├── EndpointError    the LLM endpoint is unreachable or replied badly
    ├── IngestFailed     an ingest ended with a problem for its user (the report says which)
    │   ├── CollisionsFound   articles left out because their ids are other files'
    │   └── NothingIngested   nothing given could be ingested
    ├── NoFeedFollowed   ``qa refresh`` with no feed followed
    ├── RayError         Ray is missing, cannot start or join, or a worker failed
    ├── DatasetError     a question set (evaluation or training) that cannot be read or used
    ├── OutputError      a file asked for (an evaluation report, an answer's export) cannot be written
    └── PortTaken        the port the app should serve on is in use

Never raised bare: each meaning has its class, so scripts and tests match on the class.
"""

from __future__ import annotations


class QAError(Exception):
    """Base of every error meant for the user."""

    exit_code = 1


class ArticleError(QAError):
    """A file or record could not be read as an article.

    Attributes:
        source: the file (and line, for JSONL) that failed.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class IdCollision(ArticleError):
    """Two files or records would get the same article id; the one already there was kept.

    Attributes:
        article_id: the id both would get.
        kept: the full path of the file (and line, for JSONL) that keeps the id.
        skipped: the full path of the one that was not read; also ``source``.
    """

    def __init__(self, article_id: str, kept: str, skipped: str) -> None:
        super().__init__(skipped, f"id {article_id!r} is already taken by {kept}, which was kept; rename one of "
                                  "the files (or change the record's \"id\") and ingest again")
        self.article_id = article_id
        self.kept = kept
        self.skipped = skipped


class FetchError(ArticleError):
    """A web address or feed could not be fetched or read (timeout, 404, too large, wrong type).

    Attributes:
        source: the address as given.
    """

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason)


class AddressRefused(FetchError):
    """A web address (or a redirect from it) leads to a private, loopback or link-local address.

    Attributes:
        host: the host name that resolved there.
        address: the refused IP address.
    """

    def __init__(self, url: str, host: str, address: str) -> None:
        super().__init__(url, f"{host} is a private address ({address}); fetching from this machine's own network "
                              "is off: the operator can allow it with --allow-private-urls")
        self.host = host
        self.address = address


class ArticleNotFound(QAError):
    """No article with the given id is in the index.

    Attributes:
        article_id: the id that was asked for.
    """

    def __init__(self, article_id: str) -> None:
        super().__init__(f"No article {article_id!r} in the index. List the ids with: qa list")
        self.article_id = article_id


class ConfigError(QAError):
    """A ``QA_*`` setting holds a value that cannot be used.

    Attributes:
        name: the environment variable, e.g. ``QA_LLM_TIMEOUT``.
    """

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


class IndexNotFound(QAError):
    """No index exists at the given folder."""

    def __init__(self, path: str, command: str | None = None, *, why: str = "") -> None:
        super().__init__(f"No index at {path}{why}. Run: {command or f'qa ingest seeds/ --index {path}'}")
        self.path = path


class IndexMismatch(QAError):
    """The index was built with a different model or on-disk format."""


class IndexBusy(QAError):
    """Another process holds the index's write lock."""


class ModelNotFound(QAError):
    """The embedding model or the reader's weights are not installed and cannot be downloaded offline."""


class WriteFailed(QAError):
    """Writing to the index failed (disk full, permissions, a lost connection).

    Raised once, where the write fails, wrapping the cause (``raise … from exc``);
    callers let it pass.  The index keeps its last committed state.
    """


class StoreError(QAError):
    """The PostgreSQL store failed: unreachable, refused the login, or lacks pgvector."""


class QuestionError(QAError):
    """The question cannot be asked (empty, or nothing but punctuation)."""


class PromptError(QAError):
    """A prompt template is missing or its variables are wrong."""


class EndpointError(QAError):
    """The configured LLM endpoint failed (unreachable, timed out, refused, bad reply)."""


class PageUnavailable(QAError):
    """A cited page cannot be drawn: the article is not a PDF, or its file is gone or has changed."""


class IngestFailed(QAError):
    """An ingest ended with something its user must fix (raised by ``IngestReport.check``)."""


class CollisionsFound(IngestFailed):
    """Some articles were left out because another file already has their ids; the rest was ingested.

    Attributes:
        count: how many articles were left out.
    """

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} article{'s' * (count > 1)} not ingested: "
                         f"{'their ids are' if count > 1 else 'its id is'} another file's (listed above); "
                         "rename one of each pair, or ingest them apart.")
        self.count = count


class NothingIngested(IngestFailed):
    """Nothing given could be ingested (unreadable files, or no supported file at all)."""


class NoFeedFollowed(QAError):
    """``qa refresh`` found no followed feed in the index."""


class RayError(QAError):
    """Ray could not chunk and embed: not installed, could not start or join a cluster, or a worker failed."""


class DatasetError(QAError):
    """A question set (``qa eval``, ``make train``) or its list of articles cannot be read or used.

    The message names the file, and the line where one is at fault.
    """


class OutputError(QAError):
    """A file the user asked for could not be written (an evaluation report, an answer's export)."""


class PortTaken(QAError):
    """The port ``qa serve`` should listen on is in use.

    Attributes:
        host, port: where the app was to listen.
    """

    def __init__(self, host: str, port: int) -> None:
        super().__init__(f"Port {port} on {host} is taken (another server is using it); choose another with "
                         f"--port, e.g. qa serve --port {port + 1}.")
        self.host = host
        self.port = port
