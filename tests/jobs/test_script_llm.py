import json

import httpx
import pytest

from shopreel.jobs.script_llm import OpenAIScriptWriter, ScriptWriterError
from shopreel.media.script import LENGTH_TYPES, ProductFacts, write_scripts

PRODUCT = ProductFacts(name="AeroDock Pro", price="29.99", currency="USD", target_audience="commuters")
SCRIPT = [
    {"role": "hook", "text": "Tired of juggling three chargers every single night before bed?"},
    {"role": "product", "text": "Meet AeroDock Pro, one stand for your phone, watch and earbuds."},
    {"role": "benefit", "text": "Drop them on, and they all charge at once, no cables to untangle."},
    {"role": "cta", "text": "Only $29.99. Tap the link and get yours today!"},
]


def reply_with(content, seen=None):
    def answer(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(200, json={"choices": [{"message": {"role": "assistant", "content": content}}]})

    return httpx.MockTransport(answer)


def writer(transport):
    return OpenAIScriptWriter("https://llm.example/v1/", "sk-test", "tiny-model", transport=transport)


def test_a_well_formed_reply_becomes_scripts():
    seen = []
    content = json.dumps({"scripts": [{"style": "pain point", "segments": SCRIPT}] * 2})
    scripts = writer(reply_with(content, seen))(
        PRODUCT, language="en", length=LENGTH_TYPES[2], count=2, prompt="funny", measure=lambda text: 20.0
    )
    assert [s.style for s in scripts] == ["pain point", "curiosity hook"]
    assert [seg.text for seg in scripts[0].segments] == [item["text"] for item in SCRIPT]
    assert scripts[0].segments[-1].role == "cta" and scripts[1].script_id == 2
    (request,) = seen
    assert str(request.url) == "https://llm.example/v1/chat/completions"
    assert request.headers["Authorization"] == "Bearer sk-test"
    body = json.loads(request.content)
    assert body["model"] == "tiny-model" and body["response_format"] == {"type": "json_object"}
    asked = body["messages"][-1]["content"]
    assert "AeroDock Pro" in asked and "commuters" in asked and "15 to 30 seconds" in asked and "funny" in asked


def test_the_writer_fits_the_script_writer_signature():
    content = json.dumps({"scripts": [{"segments": SCRIPT}] * 3})
    for write in (writer(reply_with(content)), write_scripts):
        scripts = write(PRODUCT, language="en", length=LENGTH_TYPES[2], measure=lambda text: 22.0)
        assert len(scripts) == 3


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("Sure! Here are your scripts.", "not the JSON"),
        (json.dumps({"scripts": [{"segments": SCRIPT}]}), "1 scripts, 3 asked"),
        (json.dumps({"scripts": [{"segments": [{"role": "villain", "text": "Hi"}]}] * 3}), "malformed"),
        (json.dumps({"scripts": [{"segments": [{"role": "cta", "text": " "}]}] * 3}), "malformed"),
        (json.dumps({"scripts": [{"segments": SCRIPT[:-1]}] * 3}), "call to action"),
        (json.dumps({"scripts": [{"segments": [{**s, "text": s["text"].replace("AeroDock Pro", "it")}
                                               for s in SCRIPT]}] * 3}), "does not name the product"),
    ],
)  # fmt: skip
def test_a_malformed_reply_is_rejected(content, complaint):
    with pytest.raises(ScriptWriterError, match=complaint):
        writer(reply_with(content))(PRODUCT, language="en", length=LENGTH_TYPES[2], measure=lambda text: 20.0)


def test_wrong_language_and_length_are_rejected():
    content = json.dumps({"scripts": [{"segments": SCRIPT}] * 3})
    with pytest.raises(ScriptWriterError, match="not written in ja"):
        writer(reply_with(content))(PRODUCT, language="ja", length=LENGTH_TYPES[2], measure=lambda text: 20.0)
    with pytest.raises(ScriptWriterError, match="outside 45-60 s"):
        writer(reply_with(content))(PRODUCT, language="en", length=LENGTH_TYPES[4])


def test_http_errors_become_script_writer_errors():
    failing = httpx.MockTransport(lambda request: httpx.Response(503, text="overloaded"))
    with pytest.raises(ScriptWriterError, match="503"):
        writer(failing)(PRODUCT, language="en", length=LENGTH_TYPES[2])


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match="base_url"):
        OpenAIScriptWriter("llm.example", "key", "model")
    with pytest.raises(ValueError, match="language"):
        writer(reply_with("{}"))(PRODUCT, language="xx", length=LENGTH_TYPES[2])
