"""The operator commands of the CLI (the client commands are tested in tests/client)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from shopreel.cli import app
from shopreel.settings import Settings
from shopreel.store.db import Database
from shopreel.store.studio_links import redeem_link
from shopreel.store.users import authenticate

runner = CliRunner()


def test_user_and_key_lifecycle(tmp_path):
    data_dir = str(tmp_path / "d")
    created = runner.invoke(app, ["user", "create", "--name", "acme", "--data-dir", data_dir])
    assert created.exit_code == 0, created.output
    user = json.loads(created.stdout)
    assert set(user) == {"uid", "apiKey", "webhookSecret"}
    assert len(user["uid"]) == 20 and user["apiKey"].startswith("sk-") and len(user["apiKey"]) == 46
    assert user["webhookSecret"].startswith("whsec_")

    extra = json.loads(runner.invoke(app, ["key", "create", user["uid"], "--data-dir", data_dir]).stdout)
    assert extra["uid"] == user["uid"] and extra["apiKey"] != user["apiKey"]

    db = Database(Settings(data_dir=tmp_path / "d").resolved_database_url)
    assert authenticate(db, authorization=f"Bearer {extra['apiKey']}", uid=user["uid"]).uid == user["uid"]
    revoked = runner.invoke(app, ["key", "revoke", extra["apiKey"], "--data-dir", data_dir])
    assert revoked.exit_code == 0 and json.loads(revoked.stdout) == {"uid": user["uid"], "revoked": True}
    again = runner.invoke(app, ["key", "revoke", extra["apiKey"], "--data-dir", data_dir])
    assert again.exit_code == 1 and "no such active API key" in again.output
    unknown = runner.invoke(app, ["key", "create", "nobody", "--data-dir", data_dir])
    assert unknown.exit_code == 1 and "no user nobody" in unknown.output
    db.dispose()


def test_credit_grant_and_show(tmp_path, monkeypatch):
    data_dir = str(tmp_path / "d")
    monkeypatch.setenv("SHOPREEL_CREDITS_INITIAL_BALANCE", "3")
    uid = json.loads(runner.invoke(app, ["user", "create", "--data-dir", data_dir]).stdout)["uid"]

    def credit(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["credit", *args, "--data-dir", data_dir])
        return result.exit_code, result.output

    assert credit("show", "--uid", uid) == (0, json.dumps({"uid": uid, "balance": 3, "creditsEnabled": False}) + "\n")
    code, output = credit("grant", "--uid", uid, "--amount", "10")
    assert code == 0 and json.loads(output)["balance"] == 13
    code, output = credit("grant", "--uid", uid, "--amount", "-5")
    assert code == 0 and json.loads(output)["balance"] == 8
    code, output = credit("grant", "--uid", uid, "--amount", "-9")
    assert code == 1 and f"user {uid} has 8 credits; cannot take back 9" in output
    monkeypatch.setenv("SHOPREEL_CREDITS_ENABLED", "true")
    assert json.loads(credit("show", "--uid", uid)[1]) == {"uid": uid, "balance": 8, "creditsEnabled": True}
    code, output = credit("show", "--uid", "nobody")
    assert code == 1 and "no user nobody" in output


def test_studio_link_prints_a_one_time_sign_in_link(tmp_path):
    data_dir = tmp_path / "d"
    missing = runner.invoke(app, ["studio-link", "--data-dir", str(data_dir)])
    assert missing.exit_code == 1 and "--uid" in missing.stderr and "bootstrap-credentials.json" in missing.stderr

    uid = json.loads(runner.invoke(app, ["user", "create", "--data-dir", str(data_dir)]).stdout)["uid"]
    made = runner.invoke(app, ["studio-link", "--uid", uid, "--minutes", "5", "--data-dir", str(data_dir)],
                         env={"SHOPREEL_PUBLIC_URL": "https://reels.example.com/"})
    assert made.exit_code == 0, made.output
    url = made.stdout.strip()
    assert url.startswith("https://reels.example.com/studio/#link=")  # the token in the fragment only
    assert "5 minutes" in made.stderr and url not in made.stderr

    # Without --uid: the first user's, as `serve` saved it.
    (data_dir / "bootstrap-credentials.json").write_text(json.dumps({"uid": uid, "apiKey": "sk-x"}))
    default = runner.invoke(app, ["studio-link", "--data-dir", str(data_dir)])
    assert default.exit_code == 0, default.output

    db = Database(Settings(data_dir=data_dir).resolved_database_url)
    for printed in (url, default.stdout.strip()):
        key = redeem_link(db, printed.split("#link=", 1)[1]).api_key
        assert authenticate(db, authorization=f"Bearer {key}", uid=uid).uid == uid
    unknown = runner.invoke(app, ["studio-link", "--uid", "nobody", "--data-dir", str(data_dir)])
    assert unknown.exit_code == 1 and "no user nobody" in unknown.stderr
    db.dispose()


def test_worker_refuses_an_unknown_queue_naming_the_known_ones(tmp_path):
    result = runner.invoke(app, ["worker", "--queues", "image_to_video,nope", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert "unknown queue 'nope'" in result.output
    assert "image_to_video" in result.output and "matting" in result.output and "scene_composite" in result.output


def test_worker_with_wrong_engine_weights_stops_at_its_start(tmp_path):
    weights = tmp_path / "isnet.onnx"
    result = runner.invoke(app, ["worker", "--queues", "matting", "--data-dir", str(tmp_path / "d")],
                           env={"SHOPREEL_ENGINE_MATTING": "onnx", "SHOPREEL_ENGINE_MATTING_WEIGHTS": str(weights)})
    assert result.exit_code == 1
    assert f"SHOPREEL_ENGINE_MATTING=onnx: SHOPREEL_ENGINE_MATTING_WEIGHTS: no ONNX model at {weights}" in result.output
    unknown = runner.invoke(app, ["worker", "--data-dir", str(tmp_path / "d")], env={"SHOPREEL_ENGINE_TTS": "coqui"})
    assert unknown.exit_code == 1 and "SHOPREEL_ENGINE_TTS=coqui" in unknown.output
