"""LLM mode: fluent answers from an OpenAI-compatible endpoint, through llama-index.

Nothing here runs unless an endpoint is configured (``QA_LLM_URL`` or
``Library(llm=LLMSettings(...))``, both read in ``qa.config``).  The model
sees only the retrieved passages, numbered; what it writes is checked
sentence by sentence in ``qa.answering.grounding`` before anyone sees it.  Every failure of the endpoint becomes
one EndpointError line, and the caller falls back to the extractive answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from qa.answering.prompts import load_prompt
from qa.config import LLMSettings
from qa.errors import EndpointError
from qa.retrieval.evidence import Passage


def _describe(exc: Exception, settings: LLMSettings) -> str:
    """One line saying what went wrong with the endpoint."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return f"the LLM endpoint {settings.url} did not answer within {settings.timeout:.0f} s"
    if isinstance(exc, openai.APIConnectionError):
        return f"cannot reach the LLM endpoint {settings.url}"
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return f"the LLM endpoint {settings.url} refused the API key (QA_LLM_API_KEY)"
    if isinstance(exc, openai.APIStatusError):
        return f"the LLM endpoint {settings.url} replied HTTP {exc.status_code}"
    return f"the LLM endpoint {settings.url} sent a reply that could not be read ({type(exc).__name__})"


class Generator:
    """Writes answers and condenses follow-ups with the configured model.

    Raises:
        PromptError: at construction, when a prompt template is missing or wrong.
    """

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self.system = load_prompt("system").substitute()
        self.answer_prompt = load_prompt("answer")
        self.condense_prompt = load_prompt("condense")
        self.refusal = load_prompt("refusal").substitute()
        self._llm: Any = None

    def _client(self) -> Any:
        if self._llm is None:
            from llama_index.llms.openai_like import OpenAILike

            self._llm = OpenAILike(
                model=self.settings.model or self._model_name(), api_base=self.settings.url,
                api_key=self.settings.api_key or "none", is_chat_model=True, timeout=self.settings.timeout,
                max_retries=0, max_tokens=self.settings.max_tokens, temperature=0.0, context_window=8192,
            )
        return self._llm

    def _model_name(self) -> str:
        import httpx

        headers = {"Authorization": f"Bearer {self.settings.api_key}"} if self.settings.api_key else {}
        try:
            reply = httpx.get(self.settings.url.rstrip("/") + "/models", headers=headers,
                              timeout=self.settings.timeout)
            return str(reply.json()["data"][0]["id"])
        except Exception:  # the chat call itself will say what is wrong
            return "default"

    def _messages(self, prompt: str) -> list[Any]:
        from llama_index.core.llms import ChatMessage

        return [ChatMessage(role="system", content=self.system), ChatMessage(role="user", content=prompt)]

    def stream(self, question: str, passages: Sequence[Passage]) -> Iterator[str]:
        """The model's answer as text pieces; markers ``[n]`` refer to ``passages``.

        Raises:
            EndpointError: unreachable, timed out, refused, an error status, or a
                reply that was unreadable or cut off.
        """
        numbered = "\n\n".join(f"[{i}] {p.title}\n{p.text}" for i, p in enumerate(passages, 1))
        prompt = self.answer_prompt.substitute(passages=numbered, question=question, refusal=self.refusal)
        finished = False
        try:
            for chunk in self._client().stream_chat(self._messages(prompt)):
                raw = chunk.raw
                choices = getattr(raw, "choices", None) or []
                finished = finished or any(getattr(c, "finish_reason", None) for c in choices)
                if chunk.delta:
                    yield chunk.delta
        except EndpointError:
            raise
        except Exception as exc:
            raise EndpointError(_describe(exc, self.settings)) from exc
        if not finished:
            raise EndpointError(f"the LLM endpoint {self.settings.url} cut its reply off before the end")

    def condense(self, history: Sequence[tuple[str, str]], question: str) -> str:
        """A follow-up rewritten as a standalone question.

        Raises:
            EndpointError: as for ``stream``.
        """
        turns = "\n".join(f"User: {q}\nAssistant: {a}" for q, a in history[-3:])
        prompt = self.condense_prompt.substitute(history=turns, question=question)
        try:
            reply = self._client().chat(self._messages(prompt))
        except Exception as exc:
            raise EndpointError(_describe(exc, self.settings)) from exc
        text = (reply.message.content or "").strip().splitlines()
        return text[0].strip() if text and text[0].strip() else question
