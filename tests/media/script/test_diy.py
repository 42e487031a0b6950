import pytest

from shopreel.media.script import diy_script


@pytest.mark.parametrize(
    ("language", "text", "sentences"),
    [
        ("en", "Tired of cables? Meet the AeroDock, only $29.99.\nBuy it now!",
         ["Tired of cables?", "Meet the AeroDock, only $29.99.", "Buy it now!"]),
        ("en", "It costs 3.5 dollars, e.g. a coffee. Grab one…  Really!",
         ["It costs 3.5 dollars, e.g. a coffee.", "Grab one…", "Really!"]),
        ("ja", "毎日がラクに。「本当？」と思いますよね！今すぐチェック！",
         ["毎日がラクに。", "「本当？」と思いますよね！", "今すぐチェック！"]),
        ("zh-CN", "买了不好用？试试这个。 马上下单！", ["买了不好用？", "试试这个。", "马上下单！"]),
        ("ar", "هل تبحث عن الراحة؟ جرّب منتجنا الجديد. اطلبه الآن!",
         ["هل تبحث عن الراحة؟", "جرّب منتجنا الجديد.", "اطلبه الآن!"]),
        ("hi", "यह बढ़िया है। अभी ख़रीदें!", ["यह बढ़िया है।", "अभी ख़रीदें!"]),
        ("th", "เบื่อไหมกับของที่ใช้แล้วไม่เห็นผลสักที ลองสินค้านี้ดูสิ ใช้งานง่ายตั้งแต่วันแรก กดลิงก์ด้านล่างแล้วสั่งซื้อได้เลยวันนี้",
         ["เบื่อไหมกับของที่ใช้แล้วไม่เห็นผลสักที", "ลองสินค้านี้ดูสิ ใช้งานง่ายตั้งแต่วันแรก",
          "กดลิงก์ด้านล่างแล้วสั่งซื้อได้เลยวันนี้"]),
    ],
)  # fmt: skip
def test_sentences_become_segments_with_the_words_unchanged(language, text, sentences):
    script = diy_script(text, language=language)
    assert [segment.text for segment in script.segments] == sentences
    assert script.text.split() == text.split() or "".join(script.text.split()) == "".join(text.split())
    assert script.style == "diy" and script.language == language
    assert [s.role for s in script.segments] == ["hook"] + ["benefit"] * (len(sentences) - 2) + ["cta"]


def test_one_sentence_is_one_product_segment():
    (segment,) = diy_script("Just buy it", language="en").segments
    assert (segment.seg_id, segment.text, segment.role) == (1, "Just buy it", "product")


def test_empty_text_and_unknown_language_are_named():
    with pytest.raises(ValueError, match="text"):
        diy_script("  \n ", language="en")
    with pytest.raises(ValueError, match="language"):
        diy_script("Hello.", language="klingon")
