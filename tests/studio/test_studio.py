"""ShopReel Studio in a real browser: what a marketer does, checked by what the page shows
and what the API then holds."""

from __future__ import annotations

import io
import re
import wave

import httpx
import numpy as np

from shopreel.store.studio_links import issue_link
from tests.media.scrape import pages
from tests.studio.conftest import PHONE, studio_tab
from tests.support import colour_mask, decode_image, encode_png, product_photo, speech_wav

MAGENTA = (220, 20, 160)  # product_photo("bottle")


#: The <video>'s [duration, width] once its metadata has loaded ([-1, 0] when it cannot play).
_METADATA = """(video) => new Promise((done) => {
    const report = () => done([video.duration, video.videoWidth]);
    if (video.readyState >= 1) report();
    video.addEventListener('loadedmetadata', report);
    video.addEventListener('error', () => done([-1, 0]));
})"""


def _duration(video) -> float:
    return video.evaluate(_METADATA)[0]


def _png_file(name: str, image: np.ndarray) -> dict[str, object]:
    return {"name": name, "mimeType": "image/png", "buffer": encode_png(image)}


def test_a_wrong_key_is_refused_and_nothing_is_kept(studio):
    page = studio.page
    page.goto(studio.url)
    page.get_by_label("Uid (Topview-Uid)").fill(studio.server.credentials.uid)
    page.get_by_label("API key").fill("sk-not-the-right-key")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "unknown API key" in alert.inner_text()
    assert page.evaluate("sessionStorage.length") == 0
    assert page.get_by_role("navigation").count() == 0 or not page.get_by_role("navigation").is_visible()


def test_a_sign_in_link_works_once_and_leaves_the_address_bar(studio, browser):
    token = issue_link(studio.server.app.state.runtime.db, studio.server.credentials.uid)
    page = studio.page
    page.goto(f"{studio.url}#link={token}")
    page.get_by_role("heading", name="What shall we make?").wait_for()
    assert token not in page.url
    assert studio.server.credentials.uid in page.locator("#who").inner_text()
    with studio_tab(browser, studio.server) as again:
        again.page.goto(f"{again.url}#link={token}")
        alert = again.page.get_by_role("alert")
        alert.wait_for()
        assert "already used" in alert.inner_text()
    assert not studio.problems, studio.problems


def test_a_marketing_video_from_a_shop_page(studio, web, screenshots):
    images = [web.add(f"/cdn/p{i}.png", encode_png(product_photo(kind)), content_type="image/png")
              for i, kind in enumerate(("bottle", "box"))]
    link = web.add("/products/serum", pages.jsonld_only_page(
        name="Glow Serum", description="A light vitamin C serum that brightens dull skin in a week. "
        "Absorbs in seconds and layers under makeup.", price="24.99", currency="USD", brand="Lumi",
        image_urls=images))
    studio.sign_in()
    studio.open("/make/m2v")
    page = studio.page
    page.get_by_label("Product link").fill(link)
    page.get_by_role("button", name="Read the page").click()
    page.locator(".scraped-product").get_by_text("Glow Serum").wait_for(timeout=60_000)
    assert page.locator(".scraped-product img").count() == 2
    assert page.get_by_label("Product name").input_value() == "Glow Serum"
    page.get_by_label("Aspect ratio").select_option("1:1")
    page.get_by_label("Length").select_option("2")
    page.get_by_role("button", name="Write scripts and previews").click()
    scripts = page.locator("article.script")
    scripts.first.wait_for(timeout=420_000)
    assert scripts.count() == 3

    second = scripts.nth(1)
    duration = _duration(second.locator("video"))
    assert 15 <= duration - 2 <= 31, duration  # videoLengthType 2 (15–30 s) and the 2 s end card
    studio.shoot(screenshots, "desktop-m2v-scripts")
    line = second.get_by_label("Line 1")
    line.fill("Dull skin? Meet Glow Serum.")
    second.get_by_role("button", name="Save changes").click()
    second.get_by_role("status").get_by_text("Saved").wait_for()
    second.get_by_role("button", name="Export this script").click()
    download = second.get_by_role("link", name="Download video")
    download.wait_for(timeout=420_000)
    exported = second.locator("figure video").last.evaluate(_METADATA)
    assert exported[0] > 5 and exported[1] == 1080, exported
    studio.shoot(screenshots, "desktop-m2v-exported")

    # The API holds what the page said: the edited line, spoken in the export.
    with studio.server.client() as client:
        [task] = client.get("/v1/task/list", params={"taskType": "m2v"}).json()["result"]["data"]
        listed = client.get("/v1/m2v/script/list", params={"taskId": task["taskId"]}).json()["result"]
    assert listed[1]["scriptContents"][0]["segText"] == "Dull skin? Meet Glow Serum."
    assert task["status"] == "success"

    studio.open("/library")
    item = page.locator("li.item").first
    assert "Marketing video · Glow Serum" in item.locator("h2").inner_text()
    assert item.locator(".badge").inner_text() == "Done"
    assert item.locator("video").count() >= 1
    studio.shoot(screenshots, "desktop-library-m2v")
    assert not studio.problems, studio.problems


def test_a_product_avatar_picture_is_made_and_shown_beside_the_original(browser, server, screenshots):
    with studio_tab(browser, server, PHONE) as studio:
        _product_avatar(studio, screenshots)


def _product_avatar(studio, screenshots) -> None:
    studio.sign_in()
    studio.open("/make/product-avatar")
    page = studio.page
    page.locator("fieldset.cards label.card").nth(1).click()  # the first presenter
    page.get_by_label("Your product photo").set_input_files(_png_file("serum.png", product_photo("bottle")))
    page.get_by_text("Uploaded.").wait_for()
    page.get_by_role("button", name="Put my product in their hands").click()
    made = page.get_by_role("img", name="Picture with your product")
    made.wait_for(timeout=180_000)
    assert page.get_by_role("img", name="The original picture").is_visible()
    source = made.get_attribute("src")
    picture = decode_image(httpx.get(source).content)
    assert colour_mask(picture, MAGENTA, tolerance=45).sum() > 500  # the product is in the picture
    assert made.evaluate("(image) => image.complete && image.naturalWidth") == picture.shape[1]
    page.get_by_role("heading", name="3. Make it talk").wait_for()
    studio.shoot(screenshots, "phone-product-avatar-made")

    page.get_by_label("What they say").fill("This serum changed my mornings.")
    page.get_by_role("button", name="Make it talk").click()
    video = page.get_by_label("Video", exact=True)
    video.wait_for(timeout=180_000)
    seconds = _duration(video)
    assert 1 < seconds < 8, seconds
    assert not studio.problems, studio.problems


def test_a_voice_demo_plays(studio):
    studio.sign_in()
    studio.open("/catalog/voices")
    page = studio.page
    page.get_by_role("button", name=re.compile(r"^Play Joe")).click()
    played = page.locator("main audio").evaluate("""(audio) => new Promise((done) => {
        const check = () => audio.currentTime > 0.2 ? done([audio.currentTime, audio.duration]) : setTimeout(check, 100);
        audio.addEventListener('error', () => done([-1, 0]));
        check();
    })""")
    assert played[0] > 0.2 and played[1] > 1, played
    assert not studio.problems, studio.problems


def test_the_library_is_live_and_shows_only_its_users_tasks(studio, browser, screenshots):
    server = studio.server
    with server.client() as client:
        image = server.upload(client, encode_png(product_photo("box")), "png")
        done = client.post("/v1/common_task/remove_background/submit", json={"productImageFileId": image}).json()["result"]
        server.wait(client, "/v1/common_task/remove_background/query", done["taskId"])
    studio.sign_in()
    studio.open("/library")
    page = studio.page
    item = page.locator("li.item").first
    assert done["taskId"] in item.inner_text() and item.locator(".badge").inner_text() == "Done"
    assert item.get_by_role("img", name="Output 1").count() == 1

    # Run it again: a new card appears first and turns Done without a reload.
    item.get_by_role("button", name="Run again").click()
    page.locator("li.item").nth(1).wait_for()
    fresh = page.locator("li.item").first
    assert done["taskId"] not in fresh.inner_text()
    fresh.locator(".badge", has_text="Done").wait_for(timeout=60_000)

    # A long task is canceled from the page.
    with server.client() as client:
        photo = server.upload(client, encode_png(product_photo("bottle")), "png")
        long = client.post("/v1/m2v/task/submit", json={"fileIds": [photo], "productName": "Glow Serum",
                                                         "productDescription": "A serum."}).json()["result"]
    page.reload()
    page.locator("li.item").first.wait_for()
    row = page.locator("li.item", has_text=long["taskId"])
    row.get_by_role("button", name="Cancel").click()
    row.get_by_text("Canceled.").wait_for()
    assert row.locator(".badge").inner_text() == "Canceled"
    assert not re.search(r"\b(null|undefined)\b", page.locator("main").inner_text())
    studio.shoot(screenshots, "desktop-library-tasks")

    # User B sees none of it.
    other = server.new_user()
    with studio_tab(browser, server) as b:
        b.sign_in(other)
        b.open("/library")
        b.page.get_by_text("Nothing here yet").wait_for()
        assert b.page.locator("li.item").count() == 0
        for task_id in (done["taskId"], long["taskId"]):
            assert task_id not in b.page.content()
    assert not studio.problems, studio.problems


ROUTES = ["/", "/make/m2v", "/make/product-avatar", "/make/anyshoot", "/make/image2video", "/make/video-avatar",
          "/library", "/catalog/voices", "/catalog/captions", "/catalog/presenters", "/catalog/templates"]


def test_every_page_at_desktop_and_phone_width(browser, server, screenshots):
    """Each page renders without errors or policy violations, every control has a label, and
    nothing is wider than a phone; screenshots of each go to ``screenshots``."""
    for name, viewport in (("desktop", None), ("phone", PHONE)):
        with (studio_tab(browser, server, viewport) if viewport else studio_tab(browser, server)) as tab:
            tab.page.goto(tab.url)
            tab.shoot(screenshots, f"{name}-sign-in")
            tab.sign_in()
            for route in ROUTES:
                tab.open(route)
                unlabelled = tab.page.evaluate("""() => [...document.querySelectorAll('main input, main select, main textarea, main button')]
                    .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !(c.textContent || '').trim())
                    .map((c) => c.outerHTML.slice(0, 80))""")
                assert not unlabelled, (route, unlabelled)
                overflow = tab.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, (name, route, overflow)
                tab.shoot(screenshots, f"{name}-{route.strip('/').replace('/', '-') or 'home'}")
            if viewport:
                tab.page.get_by_role("button", name="Menu").click()
                tab.page.get_by_role("link", name="Library").wait_for()
                tab.shoot(screenshots, "phone-menu-open")
            assert not tab.problems, (name, tab.problems)
    print(f"\nStudio screenshots: {screenshots}")


def test_anyshoot_image_to_video_and_video_avatar_from_their_pages(studio, screenshots):
    studio.sign_in()
    page = studio.page

    studio.open("/make/anyshoot")
    page.locator("fieldset.cards label.card").first.click()
    page.get_by_label("Your product photo").set_input_files(_png_file("serum.png", product_photo("bottle")))
    page.get_by_text("Uploaded.").wait_for()
    page.get_by_role("button", name="Shoot").click()
    shot = page.get_by_role("img", name="Picture 1")
    shot.wait_for(timeout=120_000)
    picture = decode_image(httpx.get(shot.get_attribute("src")).content)
    assert colour_mask(picture, MAGENTA, tolerance=45).sum() > 500
    studio.shoot(screenshots, "desktop-anyshoot-made")

    studio.open("/make/image2video")
    page.get_by_label("Picture").set_input_files(_png_file("scene.png", product_photo("box", width=360, height=640)))
    page.get_by_text("Uploaded.").wait_for()
    page.get_by_label("Camera and effects").fill("zoom in slowly")
    page.get_by_role("button", name="Animate").click()
    clip = page.get_by_label("Clip 1")
    clip.wait_for(timeout=120_000)
    seconds = _duration(clip)
    assert 4.8 <= seconds <= 5.3, seconds

    studio.open("/make/video-avatar")
    page.locator("fieldset.cards label.card").nth(1).click()  # the first public presenter
    page.get_by_label("Their words").fill("Hello from the Studio.")
    page.get_by_role("button", name="Make the video").click()
    video = page.get_by_label("Video", exact=True)
    video.wait_for(timeout=180_000)
    seconds = _duration(video)
    assert 1 < seconds < 6, seconds
    studio.shoot(screenshots, "desktop-video-avatar-made")

    # Their own recording instead of typed words: a WAV the browser calls audio/x-wav.
    studio.open("/make/video-avatar")
    page.locator("fieldset.cards label.card").nth(1).click()
    page.get_by_label("Voice from").select_option("audio")
    voice = speech_wav("Hello, this is my own voice for the shop.")
    page.get_by_label("Your audio").set_input_files({"name": "voice.wav", "mimeType": "audio/x-wav", "buffer": voice})
    page.get_by_text("Uploaded.").wait_for()
    page.get_by_role("button", name="Make the video").click()
    video = page.get_by_label("Video", exact=True)
    video.wait_for(timeout=180_000)
    with wave.open(io.BytesIO(voice)) as recording:
        spoken_s = recording.getnframes() / recording.getframerate()
    assert abs(_duration(video) - spoken_s) < 0.2, (_duration(video), spoken_s)

    # A file that is not what its name says is refused in words, where the person looks.
    studio.open("/make/image2video")
    page.get_by_label("Picture").set_input_files({"name": "broken.png", "mimeType": "image/png", "buffer": b"not a picture"})
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "broken.png" in alert.inner_text()
    assert not studio.problems or all("Failed to load resource" in problem for problem in studio.problems), studio.problems


def test_keyboard_only(studio):
    """Sign in, reach the navigation and pick a caption style without a mouse."""
    page = studio.page
    page.goto(studio.url)
    page.keyboard.type(studio.server.credentials.uid)  # the uid field has focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type(studio.server.credentials.api_key)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="What shall we make?").wait_for()
    assert page.evaluate("document.activeElement.id") == "main"  # the page reached, for screen readers
    page.reload()
    page.get_by_role("heading", name="What shall we make?").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    for _ in range(3):  # the brand, then the navigation's first links
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#/make/product-avatar"
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Product Avatar").wait_for()
    page.locator("fieldset.cards input").first.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.querySelector('fieldset.cards input:checked').closest('label').textContent") == "Mei"
    assert not studio.problems, studio.problems
