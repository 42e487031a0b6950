"""What each task kind costs in credits, from the settings' prices and what the task asks for."""

from __future__ import annotations

import pytest

from shopreel.catalog.voices import VOICES
from shopreel.jobs import JOBS
from shopreel.settings import Settings

SETTINGS = Settings(credit_cost_m2v_export=5, credit_cost_replace_image=1, credit_cost_anyshoot_image=2,
                    credit_cost_image2video="lite:1,pro:2,plus:3,best:4", credit_cost_avatar_minute="720p:2,1080p:3",
                    credit_cost_remove_background=1, credit_cost_text2voice=1, credit_cost_scraper=0)
#: The uploaded voice-over of these tests: 61 s, two started minutes.
AUDIO_MS = {"voice": 61_000}


@pytest.mark.parametrize("kind, params, credits", [
    ("m2v", {"productLink": "http://x"}, 5),
    ("m2v", {"productLink": "http://x", "preview": True}, 0),
    ("m2v", {"productLink": "http://x", "preview": True, "exportScriptId": 2}, 5),
    ("product_avatar_replace", {"productImageFileId": "p", "templateImageFileId": "t"}, 1),
    ("anyshoot", {"productImageFileId": "p", "templateImageFileId": "t", "templateMaskFileId": "m", "mode": "lite",
                  "generatingCount": 3}, 6),
    ("image2video", {"imageFileId": "i", "duration": 5, "mode": "lite"}, 1),
    ("image2video", {"imageFileId": "i", "duration": 10, "mode": "best", "generatingCount": 2}, 16),
    ("video_avatar", {"avatarSourceFrom": 0, "videoFileId": "v", "ttsText": "a" * 900}, 2),
    ("video_avatar", {"avatarSourceFrom": 0, "videoFileId": "v", "ttsText": "a" * 901, "modeType": 1}, 6),
    ("video_avatar", {"avatarSourceFrom": 0, "videoFileId": "v", "audioSourceFrom": 0, "audioFileId": "voice"}, 4),
    ("product_avatar_i2v", {"productReplaceResultKey": "k", "mode": "pro"}, 3),
    ("product_avatar_i2v", {"productReplaceResultKey": "k", "mode": "lite", "audioFileId": "voice"}, 4),
    ("remove_background", {"productImageFileId": "p"}, 1),
    ("text2voice", {"voiceText": "Hello", "voiceId": VOICES[0].voice_id}, 1),
    ("scraper", {"productLink": "http://x"}, 0),
])
def test_a_task_costs_what_the_price_list_says(kind, params, credits):
    assert JOBS[kind].price(params, SETTINGS, lambda file_id: AUDIO_MS[file_id]) == credits


def test_a_price_list_names_every_tier():
    with pytest.raises(ValueError, match="720p, 1080p"):
        Settings(credit_cost_avatar_minute="720p:1")
    with pytest.raises(ValueError, match="name:credits pairs"):
        Settings(credit_cost_image2video="lite=1")
