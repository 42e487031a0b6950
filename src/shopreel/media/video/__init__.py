"""Video engine: probe and decode, mix audio, compose timelines, encode H.264 + AAC MP4."""

from shopreel.media.video.audio import (
    apply_gain,
    duck,
    encode_mp3,
    fade,
    fit_length,
    load_audio,
    mix_voice_and_music,
    resample,
    speech_envelope,
)
from shopreel.media.video.compose import iter_frames, iter_yuv_frames, render
from shopreel.media.video.encode import DEFAULT_PRESET, PRESETS, EncoderPreset, VideoWriter, encode_video
from shopreel.media.video.logo import Corner, LogoOverlay
from shopreel.media.video.overlays import OverlayPainter
from shopreel.media.video.pipeline import RenderCancelled, encode_frames
from shopreel.media.video.probe import MediaProbe, extract_cover, probe, read_frames
from shopreel.media.video.timeline import Easing, EndCard, Fit, ImageClip, KenBurns, Timeline, VideoClip
from shopreel.media.video.yuv import Yuv420

__all__ = [
    "apply_gain",
    "duck",
    "encode_mp3",
    "fade",
    "fit_length",
    "load_audio",
    "mix_voice_and_music",
    "resample",
    "speech_envelope",
    "iter_frames",
    "iter_yuv_frames",
    "render",
    "DEFAULT_PRESET",
    "PRESETS",
    "EncoderPreset",
    "VideoWriter",
    "encode_video",
    "Corner",
    "LogoOverlay",
    "OverlayPainter",
    "RenderCancelled",
    "encode_frames",
    "MediaProbe",
    "extract_cover",
    "probe",
    "read_frames",
    "Easing",
    "EndCard",
    "Fit",
    "ImageClip",
    "KenBurns",
    "Timeline",
    "VideoClip",
    "Yuv420",
]
