"""The captions of an M2V ad are the script's own words, timed on the voice-over."""

from __future__ import annotations

from types import SimpleNamespace

from shopreel.catalog.captions import CAPTION_STYLES
from shopreel.catalog.voices import default_voice
from shopreel.engines.registry import Engines
from shopreel.jobs.m2v import SEGMENT_GAP_S, Script, Segment, _speak, _words
from shopreel.media.captions import build_cues
from shopreel.settings import Settings


def test_caption_cues_spell_the_script_in_order(tmp_path):
    script = Script(script_id=1, script_contents=(
        Segment(seg_id=1, seg_text="Tired of dull skin?", role="hook"),
        Segment(seg_id=2, seg_text="Glow Serum brightens it in one week.", role="benefit"),
        Segment(seg_id=3, seg_text="Order yours today!", role="cta"),
    ))
    settings = Settings(data_dir=tmp_path)
    ctx = SimpleNamespace(settings=settings, engines=Engines(settings))  # _speak reads only these
    audio, rate, lines = _speak(ctx, script, default_voice("en"))
    words = _words(lines)
    assert [w.text for w in words] == " ".join(s.seg_text for s in script.script_contents).split()
    assert all(a.start_ms <= b.start_ms for a, b in zip(words, words[1:]))
    assert words[-1].end_ms <= len(audio) * 1000 / rate
    # each segment's words sit inside its own span of the voice-over
    for line in lines:
        inside = [w for w in words if line.start_s * 1000 - 1 <= w.start_ms <= line.end_s * 1000 + 1]
        assert inside
    assert lines[1].start_s >= lines[0].end_s + SEGMENT_GAP_S - 1e-6
    cues = build_cues(words, style=CAPTION_STYLES[0], frame_size=(1080, 1920), language="en")
    assert " ".join(w.text for cue in cues for w in cue.words) == " ".join(w.text for w in words)
