"""An optional script writer backed by an OpenAI-compatible chat completions API.

Off by default: nothing in ShopReel calls a language model unless the operator configures
one and passes this writer where a ``ScriptWriter`` is expected. It sends the product facts
and the wanted styles, asks for JSON, and accepts the reply only if every script is
well-formed, in the asked language's writing system, names the product, and fits the
length by ``measure`` (default: the calibrated estimate). Anything else raises
``ScriptWriterError``; the caller decides whether to fall back to ``write_scripts``.

It lives with the jobs, not the engines, because it talks to the network; ``transport``
lets tests answer with ``httpx.MockTransport``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import httpx

from shopreel.media.script.duration import estimate_seconds
from shopreel.media.script.facts import writing_system
from shopreel.media.script.phrases import phrasebook
from shopreel.media.script.styles import style_order
from shopreel.media.script.types import ROLES, LengthRange, ProductFacts, Script, Segment
from shopreel.media.script.writer import MAX_COUNT

__all__ = ["OpenAIScriptWriter", "ScriptWriterError"]

_SYSTEM_PROMPT = (
    "You write short spoken scripts for e-commerce marketing videos read by an avatar. "
    "State only the facts given; invent no numbers, awards or reviews. Answer with JSON only: "
    '{"scripts": [{"style": "<style>", "segments": [{"role": "<role>", "text": "<sentence>"}]}]} '
    f"where role is one of {', '.join(ROLES)} and the last segment of each script is the cta."
)


class ScriptWriterError(RuntimeError):
    """The language model could not be reached or gave no usable scripts."""


class OpenAIScriptWriter:
    """A ``ScriptWriter`` that asks ``model`` at ``base_url`` (``.../v1``) for the scripts."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        model: str,
        *,
        timeout_s: float = 60.0,
        transport: Any = None,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
        if not model:
            raise ValueError("model must name the model to use")
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.model = model
        self.timeout_s = timeout_s
        self.transport = transport

    def __call__(
        self,
        facts: ProductFacts,
        *,
        language: str,
        length: LengthRange,
        styles: Sequence[str] | None = None,
        count: int = 3,
        seed: int = 0,
        measure: Callable[[str], float] | None = None,
        prompt: str | None = None,
    ) -> list[Script]:
        """Like ``write_scripts``; raises ``ScriptWriterError`` where it would fall short."""
        code = phrasebook(language).language
        if not 1 <= count <= MAX_COUNT:
            raise ValueError(f"count must be in [1, {MAX_COUNT}], got {count}")
        order = style_order(styles, has_brand=bool(facts.brand and facts.brand.strip()))
        wanted = [order[index % len(order)] for index in range(count)]
        request = _request_body(self.model, facts, code, length, wanted, seed, prompt)
        reply = self._post(request)
        return _parse(reply, facts, code, length, wanted, measure or partial(estimate_seconds, language=code))

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:

        headers = {"Authorization": f"Bearer {self.api_key}"}
        try:
            with httpx.Client(transport=self.transport, timeout=self.timeout_s) as client:
                response = client.post(f"{self.base_url}/chat/completions", json=body, headers=headers)
                response.raise_for_status()
                return response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ScriptWriterError(f"script model request failed: {exc}") from exc


def _request_body(
    model: str,
    facts: ProductFacts,
    language: str,
    length: LengthRange,
    styles: list[str],
    seed: int,
    prompt: str | None,
) -> dict[str, Any]:
    known = {
        "product name (keep exactly as written)": facts.name,
        "description": facts.description,
        "price": f"{facts.price} {facts.currency or ''}".strip() if facts.price else None,
        "brand": facts.brand,
        "target audience": facts.target_audience,
    }
    lines = [f"{label}: {value}" for label, value in known.items() if value]
    lines += [
        f"Write {len(styles)} scripts in language '{language}', styles in this order: {', '.join(styles)}.",
        f"Each script must take {length.min_s:g} to {length.max_s:g} seconds to speak.",
    ]
    if prompt:
        lines.append(f"Extra instructions from the user: {prompt}")
    return {
        "model": model,
        "seed": seed,
        "response_format": {"type": "json_object"},
        "messages": [{"role": "system", "content": _SYSTEM_PROMPT}, {"role": "user", "content": "\n".join(lines)}],
    }


def _parse(
    reply: dict[str, Any],
    facts: ProductFacts,
    language: str,
    length: LengthRange,
    styles: list[str],
    measure: Callable[[str], float],
) -> list[Script]:
    try:
        content = reply["choices"][0]["message"]["content"]
        items = json.loads(content)["scripts"]
    except (KeyError, IndexError, TypeError, json.JSONDecodeError) as exc:
        raise ScriptWriterError(f"script model reply is not the JSON asked for: {exc!r}") from exc
    if not isinstance(items, list) or len(items) < len(styles):
        raise ScriptWriterError(f"script model reply has {len(items) if isinstance(items, list) else 0} scripts, "
                                f"{len(styles)} asked for")
    expected_system = writing_system(phrasebook(language).hooks[styles[0]][0])
    scripts = []
    for script_id, (item, style) in enumerate(zip(items, styles), start=1):
        try:
            segments = tuple(
                Segment(seg_id, str(segment["text"]).strip(), str(segment["role"]).strip().lower())
                for seg_id, segment in enumerate(item["segments"], start=1)
            )
            script = Script(script_id=script_id, style=style, segments=segments, language=language)
        except (KeyError, TypeError, ValueError) as exc:
            raise ScriptWriterError(f"script {script_id} of the model reply is malformed: {exc}") from exc
        problem = _problem(script, facts, expected_system, length, measure)
        if problem:
            raise ScriptWriterError(f"script {script_id} of the model reply {problem}")
        scripts.append(script)
    return scripts


def _problem(
    script: Script,
    facts: ProductFacts,
    expected_system: str | None,
    length: LengthRange,
    measure: Callable[[str], float],
) -> str | None:
    if script.segments[-1].role != "cta":
        return "does not end with a call to action"
    if facts.name.casefold() not in script.text.casefold():
        return f"does not name the product {facts.name!r}"
    if writing_system(script.text.replace(facts.name, "")) != expected_system:
        return f"is not written in {script.language}"
    seconds = measure(script.text)
    if seconds not in length:
        return f"takes {seconds:.1f} s, outside {length.min_s:g}-{length.max_s:g} s"
    return None
