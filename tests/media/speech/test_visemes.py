import pytest

from shopreel.media.speech import PhonemeTiming, Viseme, VisemeSpan, viseme_of, viseme_track


@pytest.mark.parametrize(
    ("phoneme", "viseme"),
    [
        ("m", Viseme.MBP), ("b", Viseme.MBP), ("p", Viseme.MBP), ("ph", Viseme.MBP), ("B", Viseme.MBP),
        ("f", Viseme.FV), ("v", Viseme.FV),
        ("T", Viseme.TH), ("D", Viseme.TH),
        ("'aI", Viseme.AA), (",a:", Viseme.AA), ("V", Viseme.AA), ("?A", Viseme.AA),
        ("'E", Viseme.E), ("@", Viseme.E), ("3:", Viseme.E),
        ("i:", Viseme.I), ("I", Viseme.I), ("j", Viseme.I),
        ("'oU", Viseme.O), ("O:", Viseme.O), ("0", Viseme.O),
        ("u:", Viseme.U), ("y", Viseme.U), ("'iou", Viseme.I),
        ("w", Viseme.WQ),
        ("l", Viseme.L), ("n", Viseme.L), ("t", Viseme.L), ("d", Viseme.L), ("r", Viseme.L), ("*", Viseme.L),
        ("tS", Viseme.CH), ("dZ", Viseme.CH), ("S", Viseme.CH), ("ts.h", Viseme.CH), ("s.", Viseme.CH),
        ("s", Viseme.SS), ("z", Viseme.SS), ("ts", Viseme.SS), ("dz;", Viseme.SS),
        ("k", Viseme.KK), ("g", Viseme.KK), ("h", Viseme.KK), ("N", Viseme.KK), ("x", Viseme.KK),
    ],
)  # fmt: skip
def test_espeak_mnemonics_map_to_mouth_shapes(phoneme, viseme):
    assert viseme_of(phoneme) is viseme


def phonemes(*spans):
    return [PhonemeTiming(name, start, end) for name, start, end in spans]


def test_track_fills_gaps_with_rest_and_merges_neighbours():
    track = viseme_track(phonemes(("m", 100, 150), ("b", 150, 200), ("a", 200, 320), ("p", 400, 450)), duration_ms=500)
    assert track == [
        VisemeSpan(0, 100, Viseme.REST),
        VisemeSpan(100, 200, Viseme.MBP),
        VisemeSpan(200, 320, Viseme.AA),
        VisemeSpan(320, 400, Viseme.REST),
        VisemeSpan(400, 450, Viseme.MBP),
        VisemeSpan(450, 500, Viseme.REST),
    ]


def test_track_without_duration_spans_the_phonemes_only():
    track = viseme_track(phonemes(("s", 40, 90), ("o", 80, 200)))
    assert track == [VisemeSpan(40, 90, Viseme.SS), VisemeSpan(90, 200, Viseme.O)]
    assert viseme_track([]) == []


def test_track_rejects_phonemes_out_of_order():
    with pytest.raises(ValueError, match="time order"):
        viseme_track(phonemes(("a", 100, 200), ("b", 50, 120)))
    with pytest.raises(ValueError, match="duration_ms"):
        viseme_track(phonemes(("a", 100, 200)), duration_ms=150)
