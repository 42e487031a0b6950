"""The task list extension over HTTP: a user's own tasks, newest first, filtered by status
and kind, paged by cursor; another user's tasks never show."""

from __future__ import annotations

from tests.support import check_documented

LIST = "/v1/task/list"
T2V, T2V_QUERY = "/v1/voice/text2voice/task/submit", "/v1/voice/text2voice/task/query"


def _say(server, client, text: str) -> str:
    voice = client.get("/v1/voice/query", params={"language": "en", "pageSize": 1}).json()["result"]["data"][0]
    submitted = client.post(T2V, json={"voiceText": text, "voiceId": voice["voiceId"]}).json()
    assert submitted["code"] == "200", submitted
    return submitted["result"]["taskId"]


def test_tasks_are_listed_newest_first_filtered_and_paged(server):
    other = server.new_user()
    with server.client() as client, server.client(other) as theirs:
        mine = [_say(server, client, f"Order number {n} is on its way.") for n in range(5)]
        for task_id in mine:
            assert server.wait(client, T2V_QUERY, task_id)["status"] == "success"
        failed = client.post("/v1/scraper/task/submit", json={"productLink": "http://127.0.0.1:9/nothing"}).json()
        assert failed["code"] == "200", failed
        assert server.wait(client, "/v1/scraper/task/query", failed["result"]["taskId"])["status"] == "fail"
        _say(server, theirs, "Someone else's task.")

        first = client.get(LIST, params={"pageSize": 4}).json()
        check_documented(server.app, "GET", LIST, first)
        page = first["result"]
        listed = [item["taskId"] for item in page["data"]]
        assert listed == [failed["result"]["taskId"], *mine[::-1][:3]]  # newest first
        assert page["data"][0]["taskType"] == "scraper" and page["data"][0]["status"] == "fail"
        assert page["data"][1]["result"]["voice"]["demoAudioUrl"]  # each as GET /v1/task/query shows it
        rest = client.get(LIST, params={"pageSize": 4, "cursor": page["nextCursor"]}).json()["result"]
        assert [item["taskId"] for item in rest["data"]] == mine[::-1][3:] and rest["nextCursor"] is None

        succeeded = client.get(LIST, params={"status": "success", "pageSize": 100}).json()["result"]["data"]
        assert [item["taskId"] for item in succeeded] == mine[::-1]
        scraped = client.get(LIST, params={"taskType": "scraper,m2v"}).json()["result"]["data"]
        assert [item["taskId"] for item in scraped] == [failed["result"]["taskId"]]
        theirs_listed = theirs.get(LIST).json()["result"]["data"]
        assert len(theirs_listed) == 1 and theirs_listed[0]["taskId"] not in mine

        for bad in ({"status": "done"}, {"taskType": "nope"}, {"pageSize": 0}, {"pageSize": 101},
                    {"cursor": "not-a-cursor"}):
            answer = client.get(LIST, params=bad).json()
            assert answer["code"] == "4000" and answer["result"] is None, (bad, answer)
