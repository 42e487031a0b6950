"""Royalty-free music beds synthesised by code: no samples shipped, nothing downloaded.

:func:`make_music_bed` composes and renders a bed in one of :data:`MUSIC_MOODS` for any
length, as mono ``float32`` ready for :func:`~shopreel.media.video.audio.mix_voice_and_music`.
"""

from shopreel.media.music.bed import make_music_bed
from shopreel.media.music.moods import MOODS, MUSIC_MOODS, Mood

__all__ = ["MOODS", "MUSIC_MOODS", "Mood", "make_music_bed"]
