import pytest

from shopreel.media.speech import VoiceSpec


@pytest.mark.parametrize(
    ("fields", "culprit"),
    [
        ({"espeak_voice": "en us"}, "espeak_voice"),
        ({"espeak_voice": "../en"}, "espeak_voice"),
        ({"variant": "f2+m3"}, "variant"),
        ({"rate_wpm": 90}, "rate_wpm"),
        ({"rate_wpm": 400}, "rate_wpm"),
        ({"pitch": 101}, "pitch"),
        ({"pitch_range": -1}, "pitch_range"),
    ],
)
def test_voice_spec_names_the_bad_field(fields, culprit):
    with pytest.raises(ValueError, match=culprit):
        VoiceSpec(**{"espeak_voice": "en-us", **fields})


def test_voice_spec_defaults_are_espeak_normal():
    spec = VoiceSpec("cmn")
    assert (spec.variant, spec.rate_wpm, spec.pitch, spec.pitch_range) == (None, 175, 50, 50)
