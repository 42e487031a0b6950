from shopreel.media.script import Steering, read_prompt


def test_tones_price_and_mentions_are_understood():
    steering = read_prompt("Make it FUNNY and urgent; stress the 20% off discount and mention \"free shipping\".")
    assert steering == Steering(tones=("playful", "urgent"), price_emphasis=True, mentions=("free shipping",))
    assert read_prompt("An elegant, calm tone. Say made in Italy.") == Steering(
        tones=("luxury", "calm"), mentions=("made in Italy",)
    )


def test_nothing_understood_is_no_steering():
    assert read_prompt(None) == read_prompt("") == read_prompt("Write something nice") == Steering()
