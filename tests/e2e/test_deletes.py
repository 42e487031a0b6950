"""Deleting over HTTP (extensions): a user's own files and finished tasks go, with their
stored objects, so their URLs stop working; another user's ids are unknown; an unfinished
task is refused until it ends."""

from __future__ import annotations

import httpx

from tests.support import encode_png, live_server, product_photo, test_settings

SUBMIT, QUERY = "/v1/common_task/remove_background/submit", "/v1/common_task/remove_background/query"


def _cut_out(server, client, file_id: str) -> dict:
    submitted = client.post(SUBMIT, json={"productImageFileId": file_id}).json()
    assert submitted["code"] == "200", submitted
    result = server.wait(client, QUERY, submitted["result"]["taskId"])
    assert result["status"] == "success", result
    return result


def test_files_and_tasks_are_deleted_with_their_objects(server):
    other = server.new_user()
    with server.client() as client, server.client(other) as theirs:
        photo = server.upload(client, encode_png(product_photo("bottle")), "png")
        first, second = _cut_out(server, client, photo), _cut_out(server, client, photo)
        assert httpx.get(first["maskImagePath"]).status_code == 200

        # Another user can delete neither.
        assert theirs.post("/v1/file/delete", json={"fileId": photo}).json()["code"] == "4004"
        assert theirs.post("/v1/task/delete", json={"taskId": first["taskId"]}).json()["code"] == "4004"
        assert client.post("/v1/file/delete", json={}).json()["code"] == "4003"

        # One output file: its URL stops working, the task and its other output stay.
        gone = client.post("/v1/file/delete", json={"fileId": first["bgRemovedImageFileId"]}).json()
        assert gone["code"] == "200" and gone["result"] is True, gone
        assert httpx.get(first["bgRemovedImagePath"]).status_code >= 400
        assert httpx.get(first["maskImagePath"]).status_code == 200
        assert client.post("/v1/file/delete", json={"fileId": first["bgRemovedImageFileId"]}).json()["code"] == "4004"

        # The whole task: its outputs' URLs stop working, and it is unknown afterwards.
        deleted = client.post("/v1/task/delete", json={"taskId": first["taskId"]}).json()
        assert deleted["code"] == "200" and deleted["result"] == {"taskId": first["taskId"], "deletedFiles": 1}
        assert httpx.get(first["maskImagePath"]).status_code >= 400
        assert client.get(QUERY, params={"taskId": first["taskId"]}).json()["code"] == "4004"
        listed = [t["taskId"] for t in client.get("/v1/task/list").json()["result"]["data"]]
        assert first["taskId"] not in listed and second["taskId"] in listed
        assert httpx.get(second["maskImagePath"]).status_code == 200  # the other task's files stay

        # The upload itself: a new task can no longer use it.
        assert client.post("/v1/file/delete", json={"fileId": photo}).json()["result"] is True
        assert client.post(SUBMIT, json={"productImageFileId": photo}).json()["code"] == "4004"


def test_an_unfinished_task_is_not_deleted(tmp_path):
    with live_server(test_settings(tmp_path, workers=0)) as server, server.client() as client:  # nothing runs
        photo = server.upload(client, encode_png(product_photo("bottle")), "png")
        task_id = client.post(SUBMIT, json={"productImageFileId": photo}).json()["result"]["taskId"]
        refused = client.post("/v1/task/delete", json={"taskId": task_id}).json()
        assert refused["code"] == "4006" and "cancel" in refused["message"], refused
        assert client.post("/v1/task/cancel", json={"taskId": task_id}).json()["code"] == "200"
        assert client.post("/v1/task/delete", json={"taskId": task_id}).json()["code"] == "200"


def test_a_custom_avatar_keeps_its_files(server):
    """A Video Avatar task saved as a custom avatar: deleting the task keeps what the avatar
    is made of (its preview plays on), and that file cannot be deleted on its own."""
    from skimage import data

    va, va_query = "/v1/video_avatar/task/submit", "/v1/video_avatar/task/query"
    with server.client() as client:
        photo = server.upload(client, encode_png(data.astronaut()[::2, ::2]), "png")
        saved = client.post(va, json={"avatarSourceFrom": 3, "imageFileId": photo, "audioSourceFrom": 1,
                                      "ttsText": "Hi.", "isSave2CustomAiAvatar": True}).json()
        made = server.wait(client, va_query, saved["result"]["taskId"], timeout_s=120)
        assert made["status"] == "success", made
        [avatar] = client.get("/v1/aiavatar/query", params={"isCustom": "true"}).json()["result"]["data"]
        assert httpx.get(avatar["previewVideoUrl"]).status_code == 200
        assert client.post("/v1/task/delete", json={"taskId": made["taskId"]}).json()["code"] == "200"
        [still] = client.get("/v1/aiavatar/query", params={"isCustom": "true"}).json()["result"]["data"]
        assert httpx.get(still["previewVideoUrl"]).status_code == 200
        refused = client.post("/v1/file/delete", json={"fileId": photo}).json()
        assert refused["code"] == "4006" and "custom avatar" in refused["message"], refused
