import pytest

from shopreel.media.speech import split_breaks


def test_breaks_become_pauses_in_milliseconds():
    text = """Hi.<break time="1.5s"/>Look <BREAK time='500ms' /> here<break time=".25s">."""
    assert split_breaks(text) == ["Hi.", 1500, "Look ", 500, " here", 250, "."]


def test_text_without_breaks_is_one_piece():
    assert split_breaks("No pauses here.") == ["No pauses here."]


@pytest.mark.parametrize(
    "tag", ["<break/>", '<break time="fast"/>', '<break strength="strong"/>', '<break time="1.5"/>']
)
def test_break_without_a_time_is_refused_and_quoted(tag):
    with pytest.raises(ValueError, match="break tag") as caught:
        split_breaks(f"Wait {tag} go")
    assert tag in str(caught.value)


@pytest.mark.parametrize("time", ["0s", "0ms", "10.5s", "20000ms"])
def test_break_out_of_range_is_refused(time):
    with pytest.raises(ValueError, match="outside"):
        split_breaks(f'Wait <break time="{time}"/> go')
