"""The moods a music bed can have: tempo, key, chords and what each instrument plays per bar."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Mood", "MOODS", "MUSIC_MOODS", "CHORDS"]

CHORDS: dict[str, tuple[int, ...]] = {
    "I": (0, 4, 7),
    "ii": (2, 5, 9),
    "iii": (4, 7, 11),
    "IV": (5, 9, 12),
    "V": (7, 11, 14),
    "vi": (9, 12, 16),
    "Imaj7": (0, 4, 7, 11),
    "ii7": (2, 5, 9, 12),
    "IVmaj7": (5, 9, 12, 16),
    "V7": (7, 11, 14, 17),
    "vi7": (9, 12, 16, 19),
}
"""Chords of a major key as semitones above its tonic, by Roman numeral."""


@dataclass(frozen=True)
class Mood:
    """How a mood sounds.

    Patterns are 16 steps per bar (sixteenth notes), ``x`` a hit and ``.`` a rest; ``bass``
    also takes ``o`` for the root an octave up, and ``arp`` plays the chord's notes upwards
    on its hits. ``fill`` replaces ``snare`` in the last bar of every progression. Levels
    are linear gains before mastering; ``swing`` delays every second sixteenth by that
    fraction of a sixteenth.
    """

    tempo_bpm: float
    tonic_midi: int
    progression: tuple[str, ...]
    kick: str
    snare: str
    fill: str
    hat: str
    open_hat: str
    bass: str
    arp: str
    arp_voice: str  # "bell" or "pluck"
    pad_cutoff_hz: float
    pad_level: float
    bass_level: float
    arp_level: float
    drum_level: float
    swing: float = 0.0


MOODS: dict[str, Mood] = {
    "upbeat": Mood(
        tempo_bpm=116.0,
        tonic_midi=67,  # G major
        progression=("I", "V", "vi", "IV"),
        kick="x.......x.......",
        snare="....x.......x...",
        fill="....x.......x.xx",
        hat="x.x.x.x.x.x.x.x.",
        open_hat="..............x.",
        bass="x.x.o.x.x.x.o.x.",
        arp="x.x.x.x.x.x.x.x.",
        arp_voice="pluck",
        pad_cutoff_hz=2400.0,
        pad_level=0.35,
        bass_level=0.55,
        arp_level=0.3,
        drum_level=0.8,
    ),
    "calm": Mood(
        tempo_bpm=72.0,
        tonic_midi=65,  # F major
        progression=("Imaj7", "vi7", "IVmaj7", "V"),
        kick="x.........x.....",
        snare="................",
        fill="................",
        hat="....x.......x...",
        open_hat="................",
        bass="x.......x.......",
        arp="x...x...x...x...",
        arp_voice="bell",
        pad_cutoff_hz=1100.0,
        pad_level=0.5,
        bass_level=0.45,
        arp_level=0.35,
        drum_level=0.35,
    ),
    "corporate": Mood(
        tempo_bpm=100.0,
        tonic_midi=62,  # D major
        progression=("IV", "I", "V", "vi"),
        kick="x.......x.......",
        snare="....x.......x...",
        fill="....x.......x..x",
        hat="x.x.x.x.x.x.x.x.",
        open_hat="................",
        bass="x.x.x.x.x.x.x.x.",
        arp="xxxxxxxxxxxxxxxx",
        arp_voice="pluck",
        pad_cutoff_hz=1800.0,
        pad_level=0.4,
        bass_level=0.5,
        arp_level=0.25,
        drum_level=0.6,
    ),
    "energetic": Mood(
        tempo_bpm=128.0,
        tonic_midi=60,  # C major, from its relative minor
        progression=("vi", "IV", "I", "V"),
        kick="x...x...x...x...",
        snare="....x.......x...",
        fill="....x.......xxxx",
        hat="xxxxxxxxxxxxxxxx",
        open_hat="..x...x...x...x.",
        bass=".xox.xox.xox.xox",
        arp="x..x..x..x..x.x.",
        arp_voice="pluck",
        pad_cutoff_hz=3200.0,
        pad_level=0.3,
        bass_level=0.6,
        arp_level=0.3,
        drum_level=0.95,
    ),
    "lofi": Mood(
        tempo_bpm=82.0,
        tonic_midi=63,  # E-flat major
        progression=("ii7", "V7", "Imaj7", "vi7"),
        kick="x.......x.......",
        snare="....x.......x...",
        fill="....x.......x..x",
        hat="x.x.x.x.x.x.x.x.",
        open_hat="................",
        bass="x.....x...x.....",
        arp="x..x....x..x....",
        arp_voice="bell",
        pad_cutoff_hz=900.0,
        pad_level=0.5,
        bass_level=0.5,
        arp_level=0.3,
        drum_level=0.6,
        swing=0.3,
    ),
}
"""Every mood by name."""

MUSIC_MOODS: tuple[str, ...] = tuple(MOODS)
"""The mood names :func:`~shopreel.media.music.bed.make_music_bed` accepts."""
