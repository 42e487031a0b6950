from shopreel.media.captions.breaking import (
    NO_BREAK_BEFORE,
    best_lines,
    pieces_from_text,
    pieces_from_words,
    split_clusters,
    units,
)


def texts(pieces):
    return [p.text for p in pieces]


def test_space_separated_text_breaks_between_words_only():
    pieces = pieces_from_text("Glow up  in 7 days!")
    assert texts(pieces) == ["Glow", "up", "in", "7", "days!"]
    assert [p.word for p in pieces] == [0, 1, 2, 3, 4]
    assert [p.space_before for p in pieces] == [False, True, True, True, True]
    assert [len(u) for u in units(pieces)] == [1, 1, 1, 1, 1]


def test_chinese_breaks_between_characters_but_never_before_closing_punctuation():
    pieces = pieces_from_text("真的「很好」。买iPhone吗？")
    assert texts(pieces) == ["真", "的", "「", "很", "好", "」", "。", "买", "iPhone", "吗", "？"]
    starts = [pieces[u.start].text for u in units(pieces)]
    assert not set(starts) & NO_BREAK_BEFORE
    assert "「很" in ["".join(texts(pieces[u.start : u.stop])) for u in units(pieces)]  # opening bracket glued forward
    assert "好」。" in ["".join(texts(pieces[u.start : u.stop])) for u in units(pieces)]


def test_thai_text_without_word_timings_breaks_between_clusters():
    pieces = pieces_from_text("ครีมนี้ดีมาก")
    assert texts(pieces) == ["ค", "รี", "ม", "นี้", "ดี", "มา", "ก"]


def test_timed_words_join_with_spaces_only_where_the_script_uses_them():
    pieces = pieces_from_words(["Hello", "world", "今天", "很好。", "สวัสดี", "ครับ", "안녕", "하세요"])
    spaced = {p.text: p.space_before for p in pieces}
    assert spaced["world"] and not spaced["今"] and not spaced["很"]
    assert not spaced["สวัสดี"] and not spaced["ครับ"]  # Thai: no spaces ...
    assert "สวัสดี" in texts(pieces)  # ... and a spoken Thai word stays whole
    assert spaced["하세요"]  # Korean writes spaces between words


def test_split_clusters_keeps_marks_and_kinsoku():
    parts = split_clusters(pieces_from_words(["สวัสดีครับ"])[0])
    assert texts(parts) == ["ส", "วั", "ส", "ดี", "ค", "รั", "บ"]
    parts = split_clusters(pieces_from_words(["abc!"])[0])
    assert [p.break_before for p in parts][1:] == [True, True, False]


def test_best_lines_uses_the_fewest_lines_and_evens_them_out():
    widths = [50, 20, 20, 20, 20, 20]
    gaps = [0, 5, 5, 5, 5, 5]
    lines = best_lines(widths, gaps, max_width=100)
    assert len(lines) == 2
    assert [list(line) for line in lines] == [[0, 1], [2, 3, 4, 5]]  # 75 | 95 rather than 100 | 70
    assert best_lines([], [], 10) == []


def test_best_lines_gives_an_over_wide_unit_its_own_line():
    assert [list(line) for line in best_lines([30, 150, 30], [0, 5, 5], max_width=100)] == [[0], [1], [2]]
