"""Scraper: fetch a product page through the guarded client, extract the product, and
store its images and videos as files of the user."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx
from pydantic import Field

from shopreel.errors import FetchError, MediaError, ShopReelError
from shopreel.jobs.fields import MAX_URL_CHARS, RequiredText
from shopreel.media.scrape import extract_product
from shopreel.notify.guard import BlockedConnection
from shopreel.settings import Settings
from shopreel.tasks.job import JobContext, JobSpec, Links, MediaLength, TaskModel
from shopreel.tasks.model import TaskRecord

__all__ = ["SPEC", "Params", "ScrapedMedia", "ScrapedProduct", "run", "view", "scrape_product"]

log = logging.getLogger("shopreel.jobs.scraper")

_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "BMP": "bmp"}
_VIDEO_SUFFIXES = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov"}


def _fetch(client: httpx.Client, url: str, *, max_bytes: int, what: str, target: Path | None = None) -> tuple[bytes, httpx.Response]:
    """GET ``url`` into memory (or ``target``), refusing bodies over ``max_bytes``."""
    chunks: list[bytes] = []
    size = 0
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"{what} {url} answered HTTP {response.status_code}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{what} {url} is {declared} bytes, over the limit of {max_bytes}")
            handle = open(target, "wb") if target else None
            try:
                for chunk in response.iter_bytes(1 << 16):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"{what} {url} is over the limit of {max_bytes} bytes")
                    if handle:
                        handle.write(chunk)
                    else:
                        chunks.append(chunk)
            finally:
                if handle:
                    handle.close()
            return b"".join(chunks), response
    except BlockedConnection as exc:
        raise FetchError(f"{what} {url} is on a private or loopback address; refused") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{what} {url} redirects too many times") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"{what} {url} timed out") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{what} {url} could not be fetched: {exc}") from exc


def _decode_html(body: bytes, response: httpx.Response) -> str:
    encoding = response.charset_encoding or "utf-8"
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _image_format(path: Path) -> str | None:
    """Our upload format for a downloaded image, converting odd formats to PNG in place."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            fmt = _IMAGE_FORMATS.get(image.format or "")
            if fmt:
                return fmt
            image.seek(0)
            converted = image.convert("RGBA")
        converted.save(path, format="PNG")
        return "png"
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def _file_name(url: str, fmt: str, index: int) -> str:
    stem = Path(urlsplit(url).path).stem[:80] or f"media-{index}"
    return f"{stem}.{fmt}"


class Params(TaskModel):
    product_link: RequiredText = Field(alias="productLink", max_length=MAX_URL_CHARS,
                                       description="Product page URL (required).")


class ScrapedMedia(TaskModel):
    """An image or video of the product page, stored as a file of the owner."""

    file_id: str = Field(alias="fileId")
    file_name: str = Field(alias="fileName")
    file_type: Literal["image", "video"] = Field(alias="fileType")
    format: str


class ScrapedProduct(TaskModel):
    product_link: str = Field(alias="productLink")
    product_name: str | None = Field(None, alias="productName")
    product_description: str | None = Field(None, alias="productDescription")
    product_images: tuple[ScrapedMedia, ...] = Field((), alias="productImages")
    product_videos: tuple[ScrapedMedia, ...] = Field((), alias="productVideos")
    #: A decimal string such as "19.99", as the page gave it.
    price: str | None = None
    currency: str | None = None
    brand: str | None = None


def run(ctx: JobContext, params: Params) -> ScrapedProduct:
    return scrape_product(ctx, params.product_link)


def scrape_product(ctx: JobContext, link: str) -> ScrapedProduct:
    """The product on the page at ``link``: name, description, price and its media stored as
    the owner's files."""
    settings = ctx.settings
    ctx.progress(2)
    with ctx.http_client() as client, ctx.scratch_dir() as scratch:
        body, response = _fetch(client, link, max_bytes=settings.scrape_max_page_bytes, what="product page")
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in _HTML_TYPES:
            raise FetchError(f"product page {link} is {content_type}, not an HTML page")
        page = extract_product(_decode_html(body, response), page_url=str(response.url))
        ctx.progress(15)
        if not page.name and not page.images:
            raise ShopReelError(f"no product was found on {link}: the page has no product name or images")

        candidates = [("image", url) for url in page.images] + [("video", url) for url in page.videos]
        candidates = candidates[: settings.scrape_max_media]
        images: list[ScrapedMedia] = []
        videos: list[ScrapedMedia] = []
        seen: set[str] = set()
        for index, (kind, url) in enumerate(candidates):
            ctx.check_cancelled()
            target = scratch / f"media-{index}"
            limit = settings.max_image_bytes if kind == "image" else settings.max_video_bytes
            try:
                _fetch(client, url, max_bytes=limit, what=kind, target=target)
                digest = hashlib.sha256(target.read_bytes()).hexdigest()
                if digest in seen:
                    continue
                if kind == "image":
                    fmt = _image_format(target)
                else:
                    fmt = _VIDEO_SUFFIXES.get(Path(urlsplit(url).path).suffix.lower(), "mp4")
                if fmt is None:
                    raise MediaError(f"{url} is not an image ShopReel can read")
                stored = ctx.add_file(target, fmt=fmt, source="scrape", file_name=_file_name(url, fmt, index))
            except (FetchError, MediaError) as exc:
                log.info("task %s: skipping %s: %s", ctx.task_id, url, exc.message)
                continue
            seen.add(digest)
            item = ScrapedMedia(file_id=stored.file_id, file_name=stored.file_name, file_type=kind, format=stored.format)
            (images if kind == "image" else videos).append(item)
            ctx.progress(15 + 80 * (index + 1) / len(candidates))
        if page.images and not images:
            raise FetchError(f"none of the {len(page.images)} product images on {link} could be downloaded")
    return ScrapedProduct(product_link=link, product_name=page.name, product_description=page.description,
                          product_images=tuple(images), product_videos=tuple(videos), price=page.price,
                          currency=page.currency, brand=page.brand)


def view(record: TaskRecord, params: Params, result: ScrapedProduct | None, links: Links) -> dict[str, Any]:
    product = result or ScrapedProduct(product_link=params.product_link)

    def media(items: tuple[ScrapedMedia, ...]) -> list[dict[str, Any]]:
        return [{**item.stored(), "fileUrl": links.file_url(item.file_id)} for item in items]

    return {
        **product.stored(),
        "productImages": media(product.product_images),
        "productVideos": media(product.product_videos),
    }


def cost(params: Params, settings: Settings, media_ms: MediaLength) -> int:
    return settings.credit_cost_scraper


SPEC = JobSpec(kind="scraper", biz_type="SCRAPER", params=Params, result=ScrapedProduct, run=run, view=view,
               queue="io", cost=cost)
