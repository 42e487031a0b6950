"""The Studio's files over HTTP: the page shell and its modules, with a policy that lets
the page load only its own code and the media this server's file URLs point at."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx

from tests.support import DISTRIBUTED


def _policy(response: httpx.Response) -> dict[str, list[str]]:
    return {name: rest for name, *rest in (part.split() for part in response.headers["content-security-policy"].split(";"))}


def test_the_shell_and_its_modules_are_served_with_a_strict_policy(server):
    shell = httpx.get(f"{server.base_url}/studio/")
    assert shell.status_code == 200 and shell.headers["content-type"].startswith("text/html")
    assert shell.headers["cache-control"] == "no-store"
    assert shell.headers["x-frame-options"] == "DENY" and shell.headers["referrer-policy"] == "no-referrer"
    policy = _policy(shell)
    assert policy["default-src"] == ["'none'"] and policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)
    # Media and uploads may come from where this server's file URLs point: its public URL,
    # and in distributed mode the object store.
    with server.client() as client:
        ticket = client.get("/v1/upload/credential", params={"format": "png"}).json()["result"]
    store = "{0.scheme}://{0.netloc}".format(urlsplit(ticket["uploadUrl"]))
    assert store in policy["connect-src"] and store in policy["media-src"] and store in policy["img-src"]
    assert (urlsplit(server.base_url).netloc in store) != DISTRIBUTED

    # No inline script or style: every script and sheet is a file of the release.
    assert "<style" not in shell.text and not re.search(r"<script(?![^>]*\bsrc=)", shell.text)
    [script] = re.findall(r'<script type="module" src="([^"]+)"', shell.text)
    module = httpx.get(server.base_url + script)
    assert module.status_code == 200 and module.headers["content-type"].startswith("text/javascript")
    assert "immutable" in module.headers["cache-control"]
    assert "import * as api" in module.text
    page = httpx.get(server.base_url + script.replace("app.js", "pages/library.js"))
    assert page.status_code == 200 and "/v1/task/list" in page.text
    assert httpx.get(f"{server.base_url}/studio", follow_redirects=False).headers["location"] == "/studio/"


def test_only_the_studios_own_files_are_served(server):
    shell = httpx.get(f"{server.base_url}/studio/").text
    release = re.search(r"/studio/([0-9a-f]+)/app\.js", shell).group(1)
    for path in (f"/studio/{release}/../api/studio.py", f"/studio/{release}/%2e%2e/api/studio.py",
                 f"/studio/{release}/../../shopreel/settings.py", f"/studio/{release}/nothing.js",
                 f"/studio/{release}/index.html", "/studio/0000/app.js"):
        response = httpx.get(server.base_url + path)
        assert response.status_code == 404, (path, response.status_code)
        assert "import" not in response.text
