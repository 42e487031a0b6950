"""Each kind's ``Params``: TopView's lenient forms read once, and what a task row stores
reads back as the same parameters."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shopreel.catalog.captions import CAPTION_STYLES
from shopreel.catalog.presenters import PRESENTERS
from shopreel.errors import BadRequest, MissingParameter, NotFound
from shopreel.jobs import JOBS, anyshoot, image2video, m2v, product_avatar, video_avatar


def _error_types(exc: ValidationError) -> list[tuple[str, tuple]]:
    return [(e["type"], e["loc"]) for e in exc.errors()]


def test_required_values_absent_null_or_blank_are_missing():
    for value in (None, "", "   "):
        with pytest.raises(ValidationError) as caught:
            image2video.Params.model_validate({"imageFileId": value, "duration": 5, "mode": "lite"})
        assert _error_types(caught.value) == [("missing", ("imageFileId",))]
    with pytest.raises(ValidationError) as caught:
        image2video.Params.model_validate({"imageFileId": "a", "mode": "lite"})
    assert _error_types(caught.value) == [("missing", ("duration",))]


def test_numbers_as_strings_nulls_as_defaults_and_text_stripped():
    params = image2video.Params.model_validate(
        {"imageFileId": " f1 ", "duration": "10", "mode": "plus", "generatingCount": None, "prompt": "  "})
    assert (params.image_file_id, params.duration, params.generating_count, params.prompt) == ("f1", 10, 1, None)
    with pytest.raises(ValidationError) as caught:
        image2video.Params.model_validate({"imageFileId": "a", "duration": 7, "mode": "lite"})
    assert _error_types(caught.value) == [("enum", ("duration",))]
    assert product_avatar.Params.model_validate(
        {"productImageFileId": "p", "imageEditPrompt": "hold it", "avatarId": "a", "productSize": 3}).product_size == "3"


def test_rules_between_fields_raise_our_errors():
    with pytest.raises(MissingParameter, match="avatarId or templateImageFileId"):
        product_avatar.Params.model_validate({"productImageFileId": "p", "imageEditPrompt": "x"})
    with pytest.raises(MissingParameter, match="templateMaskFileId"):
        anyshoot.Params.model_validate({"productImageFileId": "p", "mode": "pro", "templateImageFileId": "t"})
    with pytest.raises(NotFound, match="templateId"):
        anyshoot.Params.model_validate({"productImageFileId": "p", "mode": "pro", "templateId": "nope"})
    uploaded = {"avatarSourceFrom": 3, "imageFileId": "i", "audioSourceFrom": 0, "audioFileId": "a"}
    assert video_avatar.Params.model_validate(  # uploaded speech is captioned with the words heard in it
        {**uploaded, "captionId": CAPTION_STYLES[0].caption_id}).caption_id == CAPTION_STYLES[0].caption_id
    with pytest.raises(NotFound, match="captionId"):
        video_avatar.Params.model_validate({**uploaded, "captionId": "0" * 32})
    with pytest.raises(MissingParameter, match="ttsText"):
        video_avatar.Params.model_validate({"aiAvatarId": PRESENTERS[0].presenter_id})
    with pytest.raises(BadRequest, match="only these voiceIds"):
        m2v.Request.model_validate({"fileIds": ["f"], "productName": "Mug", "productDescription": "A mug",
                                    "language": "th", "voiceId": next(iter(_voice_ids()))})


def _voice_ids() -> set[str]:
    from shopreel.catalog.voices import VOICES

    return {v.voice_id for v in VOICES} - m2v.THAI_VOICES


@pytest.mark.parametrize("kind, body", [
    ("scraper", {"productLink": "https://shop.example/p/1"}),
    ("image2video", {"imageFileId": "i", "duration": "5", "mode": "best", "generatingCount": 3}),
    ("anyshoot", {"productImageFileId": "p", "mode": "lite", "templateImageFileId": "t",
                  "location": [{"x": 1, "y": 2}, {"x": 3, "y": 2}, {"x": 3, "y": 4}, {"x": 1, "y": 4}]}),
    ("product_avatar_replace", {"productImageFileId": "p", "imageEditPrompt": "left hand", "avatarId": "a"}),
    ("product_avatar_i2v", {"productReplaceResultKey": "k", "mode": "pro", "ttsText": "Hello there",
                            "presenter": {"avatarId": "a", "productImageFileId": "p", "scale": 1.4, "hand": "left"}}),
    ("video_avatar", {"avatarSourceFrom": "0", "videoFileId": "v", "audioSourceFrom": 1, "ttsText": "Hi",
                      "voiceSpeed": 1.1, "modeType": "1", "isSave2CustomAiAvatar": True}),
    ("m2v", {"fileIds": ["f1", "f2"], "productName": "Mug", "isDiyScript": True, "diyStyle": "diyScriptStyle",
             "diyScriptStyle": "pain point", "exportScriptId": 2}),
])
def test_what_a_row_stores_reads_back_as_the_same_params(kind, body):
    spec = JOBS[kind]
    params = spec.parse_params(body)
    stored = params.stored()
    assert spec.parse_params(stored) == params
    assert all(key[0].islower() and "_" not in key for key in stored), "rows keep TopView's camelCase names"


def test_lenient_forms_published_clients_send():
    """TopView's own example sends generatingCount 0 (one clip); newer clients send modeType 2."""
    for count in (0, "0", None, ""):
        params = image2video.Params.model_validate({"imageFileId": "i", "duration": 5, "mode": "lite",
                                                    "generatingCount": count})
        assert params.generating_count == 1
    assert anyshoot.Params.model_validate({"productImageFileId": "p", "mode": "lite", "templateImageFileId": "t",
                                           "templateMaskFileId": "m", "generatingCount": 0}).generating_count == 1
    avatar = video_avatar.Params.model_validate({"aiAvatarId": PRESENTERS[0].presenter_id, "ttsText": "Hi",
                                                 "modeType": "2"})
    assert video_avatar.MODE_LONG_SIDE[avatar.mode_type] == 1920


def test_an_end_card_colour_not_sent_is_told_from_an_explicit_one():
    base = {"fileIds": ["f"], "productName": "Mug", "productDescription": "A mug"}
    for sent in ({}, {"endcardBackgroundColor": None}, {"endcardBackgroundColor": ""}):
        assert m2v.Request.model_validate({**base, **sent}).endcard_background_color is None  # designed
    for colour in ("black", "white"):
        params = m2v.Params.model_validate({**base, "endcardBackgroundColor": colour})
        assert params.endcard_background_color == colour
        stored = params.model_dump(mode="json", by_alias=True)
        assert m2v.Params.model_validate(stored).endcard_background_color == colour
    with pytest.raises(ValidationError):
        m2v.Request.model_validate({**base, "endcardBackgroundColor": "red"})


def test_a_rerun_starts_from_the_params_as_first_submitted():
    """An exported M2V task stores the script it exported; its rerun writes scripts anew
    (and costs what a submit does). Other kinds rerun with their params unchanged."""
    submitted = m2v.Params.model_validate({"fileIds": ["f1"], "productName": "Mug", "productDescription": "Hot tea.",
                                           "preview": True})
    exported = submitted.model_copy(update={"export_script_id": 2}).stored()
    assert exported["exportScriptId"] == 2
    rerun = JOBS["m2v"].rerun_params(exported)
    assert rerun.export_script_id is None and rerun == submitted
    assert JOBS["m2v"].notice_biz_type(rerun.stored()) == "M2V_PREVIEW"
    still = {"imageFileId": "f1", "duration": 5, "mode": "lite"}
    assert JOBS["image2video"].rerun_params(still) == image2video.Params.model_validate(still)
