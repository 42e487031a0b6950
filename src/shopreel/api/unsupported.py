"""TopView routes that published clients call but ShopReel's engines cannot serve yet.

Each answers the business code ``4006`` (TopView's "request refused") with a message naming
what is missing, so a client can tell "this server does not offer it" from a wrong URL
(``404`` + ``4004``). They check credentials first, like every other route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from shopreel.api.deps import UserDep
from shopreel.api.openapi import Envelope
from shopreel.errors import Refused

__all__ = ["router", "UNSUPPORTED"]

router = APIRouter(tags=["Not offered by this server"])


@dataclass(frozen=True)
class Unsupported:
    """A TopView feature and why this server does not offer it."""

    name: str
    routes: tuple[tuple[str, str], ...]
    reason: str

    @property
    def message(self) -> str:
        return f"{self.name} is not offered by this ShopReel server: {self.reason}"


def _task(prefix: str) -> tuple[tuple[str, str], ...]:
    return (("POST", f"{prefix}/submit"), ("GET", f"{prefix}/query"))


UNSUPPORTED = (
    Unsupported("Text to image", _task("/v1/common_task/text2image/task"),
                "its engines compose product photos into scenes (Product AnyShoot) but draw no image from text alone"),
    Unsupported("Image edit", _task("/v1/common_task/image_edit/task"),
                "free-form image editing needs a diffusion model; to put a product in a person's hand use "
                "Product Avatar image_replace, to place it in a scene use Product AnyShoot"),
    Unsupported("Text to video", _task("/v1/common_task/text2video/task"),
                "its video engines animate a given image (Common Task image2video) and make no video from text alone"),
    Unsupported("Omni reference video", _task("/v1/common_task/omni_reference/task"),
                "generating video from reference images and videos needs a neural video model; "
                "animate one image with Common Task image2video instead"),
    Unsupported("Storyboard", _task("/v1/common_task/storyboard/task"),
                "drawing storyboard frames from a story needs a text-to-image model"),
    Unsupported("Voice clone", (*_task("/v1/voice/clone/task"), ("DELETE", "/v1/voice/clone/delete")),
                "its speech engines speak with the built-in voices of GET /v1/voice/query and cannot learn a new "
                "voice from a recording"),
    Unsupported("Instant voice clone", _task("/v1/instant_voice_clone/task"),
                "its speech engines cannot speak in the voice of a reference recording; use a built-in voice"),
)


def _refuse(feature: Unsupported) -> Callable[..., JSONResponse]:
    def refuse(_: UserDep) -> JSONResponse:
        raise Refused(feature.message)

    return refuse


for _feature in UNSUPPORTED:
    for _method, _path in _feature.routes:
        router.add_api_route(_path, _refuse(_feature), methods=[_method], summary=f"{_feature.name} (not offered)",
                             description=f"Answers `4006`: {_feature.message}.", response_model=Envelope[None])
