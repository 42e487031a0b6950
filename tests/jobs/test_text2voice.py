"""Text2Voice parameters: what a row stores reads back, and the pronunciation rules."""

from __future__ import annotations

import pytest

from shopreel.catalog.voices import VOICES
from shopreel.errors import BadRequest, NotFound
from shopreel.jobs import JOBS
from shopreel.jobs.text2voice import Params

VOICE = VOICES[0].voice_id


def test_a_stored_row_reads_back_as_the_same_params():
    spec = JOBS["text2voice"]
    params = spec.parse_params({"voiceText": "行不行", "voiceId": VOICE, "voiceSpeed": "1.1", "emotionName": "happy",
                                "pronRules": [{"oldStr": "行", "newStr": "xing"}], "boardId": "b"})
    stored = params.stored()
    assert spec.parse_params(stored) == params
    assert stored["pronRules"] == [{"oldStr": "行", "newStr": "xing"}] and stored["voiceSpeed"] == 1.1


def test_rules_apply_in_order_and_may_delete():
    params = Params.model_validate({"voiceText": "SKU-12 ships in 2 days", "voiceId": VOICE, "pronRules": [
        {"oldStr": "SKU-", "newStr": "item "}, {"oldStr": "item 12", "newStr": "item twelve"},
        {"oldStr": " in 2 days", "newStr": None}]})
    assert params.spoken_text == "item twelve ships"
    assert params.voice_text == "SKU-12 ships in 2 days"


def test_catalog_and_cloning_rules_are_checked_at_once():
    with pytest.raises(NotFound, match="voiceId"):
        Params.model_validate({"voiceText": "Hi", "voiceId": "f" * 32})
    with pytest.raises(BadRequest, match="after pronRules is 6000 characters"):
        Params.model_validate({"voiceText": "a" * 60, "voiceId": VOICE, "pronRules": [{"oldStr": "a", "newStr": "b" * 100}]})
    with pytest.raises(BadRequest, match="voice cloning is not offered"):
        Params.model_validate({"voiceText": "Hi", "voiceId": VOICE, "originVoiceFileId": "a"})
