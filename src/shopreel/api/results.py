"""The wire shapes of the query results, for the OpenAPI document.

Each kind's ``view`` builds its result; these models say what that result holds, field by
field, and ``tests/e2e/test_openapi.py`` checks every kind's real answers against them
(``extra="forbid"``), so the document cannot drift from the server.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "TaskResult", "ScraperResult", "ReplaceResult", "AvatarVideoResult", "AnyShootResult", "Image2VideoResult",
    "VideoAvatarResult", "M2VResult", "AnyTaskResult", "ScriptItem", "RemoveBackgroundResult", "Text2VoiceResult",
    "CreditDetail", "ReplaceResultV3", "AvatarVideoResultV2", "Image2VideoResultV2", "PhotoAvatarResult",
    "VoicePage",
]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TaskResult(_Wire):
    """What every task query answers, besides its kind's own fields."""

    taskId: str
    status: str = Field(description="init | running | success | fail (a canceled task: fail, errorMsg canceled).")
    errorMsg: str | None = None
    progress: int = Field(description="0–100 (extension).")
    createTime: int = Field(description="Epoch milliseconds (extension).")
    updateTime: int = Field(description="Epoch milliseconds (extension).")
    costCredit: float = Field(description="Credits the task cost its owner: charged at submit, given back if it "
                                          "fails or is canceled; 0 while credits are off.")


class ScrapedMediaItem(_Wire):
    fileId: str
    fileName: str
    fileType: str = Field(description="image | video")
    format: str
    fileUrl: str | None


class ScraperResult(TaskResult):
    productLink: str
    productName: str | None
    productDescription: str | None
    productImages: list[ScrapedMediaItem]
    productVideos: list[ScrapedMediaItem]
    price: str | None = Field(description='A decimal string such as "19.99" (extension).')
    currency: str | None = Field(description="ISO 4217 (extension).")
    brand: str | None = Field(description="Extension.")


class ReplacedImageItem(_Wire):
    key: str = Field(description="Feeds image2Video's productReplaceResultKey.")
    faceExistence: bool
    url: str | None


class ReplaceResult(TaskResult):
    taskStatus: str = Field(description="The same as status.")
    productReplaceResult: list[ReplacedImageItem]


class AvatarVideoResult(TaskResult):
    videoUrl: str | None
    coverUrl: str | None
    videoDuration: int | None = Field(description="Milliseconds.")
    width: int | None
    height: int | None


class AnyShootImage(_Wire):
    key: str
    url: str | None


class AnyShootResult(TaskResult):
    anyfitImages: list[AnyShootImage]


class OriginVideo(_Wire):
    filePath: str | None
    width: int
    height: int


class Image2VideoClip(_Wire):
    originVideo: OriginVideo
    videoDuration: int | None = Field(description="Milliseconds (extension).")


class Image2VideoResult(TaskResult):
    videos: list[Image2VideoClip]


class VideoAvatarResult(AvatarVideoResult):
    inputVideoFileId: str | None
    inputAudioFileId: str | None
    outputVideoUrl: str | None = Field(description="The same as videoUrl.")
    customAiAvatarId: str | None


class M2VVideo(_Wire):
    scriptId: int
    status: str
    title: str | None
    description: str | None
    videoUrl: str | None
    coverUrl: str | None
    videoDuration: int | None
    videoEtag: str | None


class ScriptSegment(_Wire):
    segId: int
    segText: str


class ScriptItem(_Wire):
    scriptId: int
    scriptContents: list[ScriptSegment]


class VideoSceneInfo(_Wire):
    mediaId: str
    seq: int
    mediaType: str
    sceneAnalyseDesc: str
    sceneFileName: str
    start: float = Field(description="Seconds into the video.")
    end: float
    videoSceneCoverUrl: str | None


class ImageSceneInfo(_Wire):
    mediaId: str
    mediaType: str
    sceneAnalyseDesc: str
    sceneFileName: str
    imageSceneUrl: str | None


class M2VResult(TaskResult):
    productName: str | None
    productDescription: str | None
    exportVideos: list[M2VVideo]
    previewVideos: list[M2VVideo]
    videoSceneInfoList: list[VideoSceneInfo]
    imageSceneInfoList: list[ImageSceneInfo]
    scriptContentList: list[ScriptItem]
    aiavatarId: str | None = Field(description="Extension: the presenter who leads the ad; the one the request "
                                               "named, else the one ShopReel cast for it (null: voice-over only).")


class AnyTaskResult(_Wire):
    """``GET /v1/task/query`` (extension): any task, whatever its kind."""

    taskId: str
    taskType: str
    status: str
    progress: int
    errorMsg: str | None
    createTime: int
    updateTime: int
    result: dict[str, Any] = Field(description="The kind's own query result.")


class RemoveBackgroundResult(TaskResult):
    bgRemovedImageFileId: str | None = Field(description="The cut-out: an RGBA PNG the photo's size.")
    bgRemovedImagePath: str | None
    bgRemovedImageWidth: int | None
    bgRemovedImageHeight: int | None
    maskImageFileId: str | None = Field(description="A greyscale PNG, white where the product is.")
    maskImagePath: str | None
    maskImageWidth: int | None
    maskImageHeight: int | None


class SpokenVoice(_Wire):
    voiceId: str
    voiceName: str | None
    demoAudioUrl: str | None = Field(description="The spoken text, an MP3.")
    durations: float | None = Field(description="Seconds.")
    audioFileId: str | None = Field(description="The MP3 as a file of the user (extension).")
    language: str | None
    gender: str | None
    age: str | None
    accent: str | None


class VoiceItem(_Wire):
    voiceId: str
    voiceName: str
    language: str = Field(description="A TopView language code; an operator voice of a language TopView does not "
                                      "list keeps its own code (e.g. ca).")
    bestSupportLanguage: str
    gender: str = Field(description="male | female | unknown (an operator voice whose files do not say).")
    age: str | None = Field(description="Young | Middle Age | Old; null for neural voices (not known).")
    style: str | None = Field(description="UGC | Advertisement | Cartoon_And_Animals | Influencer; null for neural "
                                          "voices (not known).")
    accent: str | None = Field(description="BCP 47 tag where a language is spoken several ways (en-US, pt-BR).")
    isCustom: bool
    demoAudioUrl: str = Field(description="A WAV of the voice's demo sentence, made on first request.")
    engine: str = Field(description="Extension: piper (a neural voice) or espeak-ng (a formant voice, robotic).")
    quality: str | None = Field(description="Extension: a Piper voice's x_low | low | medium | high; null for "
                                            "espeak-ng.")


class VoicePage(_Wire):
    total: int
    pageNo: int
    pageSize: int
    data: list[VoiceItem]


class Text2VoiceResult(TaskResult):
    voice: SpokenVoice
    boardId: str | None = Field(description="Echoed; ShopReel has no boards.")
    boardTaskId: str | None


class CreditDetail(_Wire):
    uid: str
    remainCredit: float = Field(description="Credits left; 999999999 while credits are off (unlimited).")
    expiredTime: str | None
    apiKeyMap: dict[str, Any]
    creditsEnabled: bool = Field(description="Extension: whether submits are charged.")
    unlimited: bool = Field(description="Extension: true while credits are off.")


class _Board(_Wire):
    boardId: str | None = Field(description="Echoed; ShopReel has no boards.")
    boardTaskId: str | None


class ReplacedImageV3(_Wire):
    imageId: str = Field(description="The same as key: feeds v2 image2Video's replaceProductTaskImageId.")
    faceExistence: bool
    url: str | None


class ReplaceResultV3(ReplaceResult, _Board):
    resultImageUrl: str | None = Field(description="The first picture.")
    replaceProductResult: list[ReplacedImageV3]
    finishedVideoUrl: str | None = Field(description="None: an image task.")
    projectId: str | None = Field(description="Echoed.")


class AvatarVideoResultV2(AvatarVideoResult):
    finishedVideoUrl: str | None
    aiAvatar: dict[str, Any] | None = Field(description="The cast presenter as AiAvatar Query lists it; None for photos.")


class Image2VideoClipV2(_Wire):
    status: str
    filePath: str | None
    width: int
    height: int
    errorMsg: str | None
    videoDuration: int | None = Field(description="Milliseconds.")
    originVideo: OriginVideo


class Image2VideoResultV2(TaskResult, _Board):
    videos: list[Image2VideoClipV2]
    model: str | None = Field(description="Echoed; it does not change the engine.")


class PhotoAvatarResult(VideoAvatarResult, _Board):
    finishedVideoUrl: str | None
    finishedVideoCoverUrl: str | None
    aiAvatar: dict[str, Any] | None = Field(description="The avatar used or saved, as AiAvatar Query lists it.")
