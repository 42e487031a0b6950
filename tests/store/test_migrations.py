from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from shopreel.jobs import product_avatar
from shopreel.store.db import Database
from shopreel.store.models import Base


def test_migrations_create_exactly_the_models_schema(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    db.upgrade()
    db.upgrade()  # idempotent
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.dispose()
    assert diff == []


def test_a_presenter_picture_s_pose_moves_from_file_meta_into_its_task(tmp_path):
    """0005: image2Video reads how the presenter holds the product from the Replace task's
    result, so pictures made before it keep working."""
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    db.upgrade("0004")
    pose = {"avatarId": "p1", "productImageFileId": "f" * 32, "scale": 1.2, "tiltDeg": -5.0, "hand": "left",
            "skin": [200, 160, 140]}
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO users VALUES ('u', 'u', 'whsec_x', 0)"))
        for file_id, meta in (("a" * 32, {"template": "presenter", **pose}), ("b" * 32, {"template": "photo"})):
            connection.execute(
                text("INSERT INTO files (file_id, owner_uid, kind, format, status, storage_key, source, file_name, "
                     "meta, created_at, updated_at) VALUES (:id, 'u', 'image', 'jpg', 'ready', 'k', 'output', 'x', "
                     ":meta, 0, 0)"), {"id": file_id, "meta": json.dumps(meta)})
        result = {"productReplaceResult": [{"key": "a" * 32, "faceExistence": True},
                                           {"key": "b" * 32, "faceExistence": False}]}
        connection.execute(
            text("INSERT INTO tasks (task_id, kind, owner_uid, params, status, progress, result, attempts, "
                 "max_attempts, cancel_requested, queue, created_at, updated_at) VALUES ('t', "
                 "'product_avatar_replace', 'u', '{}', 'success', 100, :result, 1, 3, 0, 'cpu', 0, 0)"),
            {"result": json.dumps(result)})
    db.upgrade()
    with db.engine.connect() as connection:
        stored = json.loads(connection.execute(text("SELECT result FROM tasks WHERE task_id = 't'")).scalar())
        owners = dict(connection.execute(text("SELECT file_id, task_id FROM files")).all())
    db.dispose()
    replaced = product_avatar.Replaced.model_validate(stored)
    assert replaced.product_replace_result[0].presenter == product_avatar.HeldPose.model_validate(pose)
    assert replaced.product_replace_result[1].presenter is None
    assert owners == {"a" * 32: "t", "b" * 32: "t"}
