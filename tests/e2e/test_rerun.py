"""Rerunning a task over HTTP (extension): a new task of the same kind and owner with the
same parameters and callback makes the same output; another user's task is unknown; an
input deleted since fails the new task with its usual message."""

from __future__ import annotations

import io
import time

import httpx
import numpy as np
from PIL import Image
from sqlalchemy import update

from shopreel.store.models import TaskRow

from tests.support import check_documented, encode_png, product_photo

RERUN = "/v1/task/rerun"
SUBMIT, QUERY = "/v1/common_task/remove_background/submit", "/v1/common_task/remove_background/query"


def _cut_out_pixels(url: str) -> np.ndarray:
    image = Image.open(io.BytesIO(httpx.get(url).content))
    assert image.format == "PNG" and image.mode == "RGBA"
    return np.asarray(image)


def test_a_rerun_makes_a_new_task_with_the_same_output(server, web):
    callback = web.add("/hook", "ok", content_type="text/plain")
    photo = product_photo("bottle", width=120, height=180)
    with server.client() as client:
        product = server.upload(client, encode_png(photo), "png")
        submitted = client.post(SUBMIT, json={"productImageFileId": product, "noticeUrl": callback}).json()
        first = server.wait(client, QUERY, submitted["result"]["taskId"])
        assert first["status"] == "success", first

        again = client.post(RERUN, json={"taskId": first["taskId"]}).json()
        check_documented(server.app, "POST", RERUN, again)
        assert again["code"] == "200" and again["result"]["status"] == "init", again
        assert again["result"]["taskId"] != first["taskId"] and again["result"]["noticeUuid"]
        second = server.wait(client, QUERY, again["result"]["taskId"])
        assert second["status"] == "success", second
        kinds = client.get("/v1/task/query", params={"taskId": second["taskId"]}).json()["result"]["taskType"]
        assert kinds == "remove_background"

    one, two = _cut_out_pixels(first["bgRemovedImagePath"]), _cut_out_pixels(second["bgRemovedImagePath"])
    assert one.shape == two.shape == (180, 120, 4)
    assert np.array_equal(one[..., 3], two[..., 3])  # the same photo, the same cut
    assert second["bgRemovedImageFileId"] != first["bgRemovedImageFileId"]  # but files of its own
    # The callback URL came along: the rerun's result is posted there too.
    deadline = time.monotonic() + 20
    while not any(second["taskId"].encode() in r.body for r in web.received("/hook")):
        assert time.monotonic() < deadline, [r.body for r in web.received("/hook")]
        time.sleep(0.1)


def test_a_rerun_of_another_users_or_no_task_is_refused(server):
    other = server.new_user()
    with server.client() as client, server.client(other) as theirs:
        product = server.upload(client, encode_png(product_photo("round", width=96, height=96)), "png")
        task_id = client.post(SUBMIT, json={"productImageFileId": product}).json()["result"]["taskId"]
        assert server.wait(client, QUERY, task_id)["status"] == "success"

        assert theirs.post(RERUN, json={"taskId": task_id}).json()["code"] == "4004"
        assert client.post(RERUN, json={"taskId": "0" * 32}).json()["code"] == "4004"
        assert client.post(RERUN, json={}).json()["code"] == "4003"
        assert client.post(RERUN, json={"taskId": "  "}).json()["code"] == "4003"

        # The input is gone: the rerun is accepted, and fails saying which file is missing.
        assert client.post("/v1/file/delete", json={"fileId": product}).json()["result"] is True
        again = client.post(RERUN, json={"taskId": task_id}).json()
        assert again["code"] == "200", again
        failed = server.wait(client, QUERY, again["result"]["taskId"])
        assert failed["status"] == "fail" and product in failed["errorMsg"], failed

        # A task an older version stored with parameters this one cannot read is refused.
        with server.app.state.runtime.db.session() as session:
            session.execute(update(TaskRow).where(TaskRow.task_id == task_id).values(params={"maskType": "?"}))
        stale = client.post(RERUN, json={"taskId": task_id}).json()
        assert stale["code"] == "4006" and "submit it again" in stale["message"], stale
