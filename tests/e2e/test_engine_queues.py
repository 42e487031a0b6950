"""Queue routing in distributed mode: each capability waits on its own Procrastinate queue,
so a CPU-only worker never takes the image-to-video work a GPU worker is there for."""

from __future__ import annotations

import time

import pytest

from shopreel.engines import Capability
from shopreel.tasks.distributed import DistributedWorker
from tests.support import DISTRIBUTED, encode_png, live_server, product_photo, png_bytes, test_settings

pytestmark = pytest.mark.skipif(not DISTRIBUTED, reason="set SHOPREEL_TEST_MODE=distributed")

I2V_SUBMIT, I2V_RESULT = "/v1/common_task/image2video/submit", "/v1/common_task/image2video/result"
RB_SUBMIT, RB_QUERY = "/v1/common_task/remove_background/submit", "/v1/common_task/remove_background/query"


def _status(client, path: str, task_id: str) -> str:
    body = client.get(path, params={"taskId": task_id}).json()
    assert body["code"] == "200", body
    return body["result"]["status"]


def test_a_gpu_queue_task_waits_for_a_gpu_worker(tmp_path):
    settings = test_settings(tmp_path, workers=0)  # the API host runs no worker of its own
    with live_server(settings) as server, server.client() as client:
        runtime = server.app.state.runtime
        cpu_queues = sorted({spec.queue for spec in runtime.jobs.values()} - {Capability.IMAGE_TO_VIDEO.value})
        cpu = DistributedWorker(runtime, queues=cpu_queues, concurrency=1)
        gpu = DistributedWorker(runtime, queues=[Capability.IMAGE_TO_VIDEO.value], concurrency=1)
        cpu.start_in_thread()
        try:
            picture = server.upload(client, png_bytes(96, 64), "png")
            clip = client.post(I2V_SUBMIT, json={"imageFileId": picture, "duration": 5, "mode": "lite"}).json()
            photo = server.upload(client, encode_png(product_photo()), "png")
            cutout = client.post(RB_SUBMIT, json={"productImageFileId": photo}).json()
            assert clip["code"] == cutout["code"] == "200", (clip, cutout)
            clip_id, cutout_id = clip["result"]["taskId"], cutout["result"]["taskId"]

            assert server.wait(client, RB_QUERY, cutout_id)["status"] == "success"
            time.sleep(3)  # the CPU worker polls every second: it had its chances
            assert _status(client, I2V_RESULT, clip_id) == "init"

            gpu.start_in_thread()
            result = server.wait(client, I2V_RESULT, clip_id, timeout_s=180)
            assert result["status"] == "success", result
            assert len(result["videos"]) == 1
        finally:
            gpu.stop()
            cpu.stop()
