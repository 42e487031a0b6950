"""The wire shapes of the JSON results, for the OpenAPI document.

Each kind's ``view`` builds its query result, and each catalog or check route its own; these
models say what that result holds, field by field. The routes return ``JSONResponse``, so a
model documents without filtering: the e2e tests validate the real answers they see against
the route's model (``tests.support.check_documented``) and the contract test
(``tests/test_contract.py``) every answer it provokes, unknown fields refused
(``extra="forbid"``), so the document cannot drift from the server.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from shopreel.media.captions.style import Animation

__all__ = [
    "TaskResult", "ScraperResult", "ReplaceResult", "AvatarVideoResult", "AnyShootResult", "Image2VideoResult",
    "VideoAvatarResult", "M2VResult", "AnyTaskResult", "ScriptItem", "RemoveBackgroundResult", "Text2VoiceResult",
    "CreditDetail", "ReplaceResultV3", "AvatarVideoResultV2", "Image2VideoResultV2", "PhotoAvatarResult",
    "VoicePage", "Paged", "UploadCredential", "TaskState", "TaskDeleted", "CaptionItem", "CategoryItem",
    "EthnicityPage", "ProductAvatarPage", "TemplatePage", "AiAvatarItem", "AiAvatarPage", "Health",
    "StudioSession",
]

T = TypeVar("T")


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Paged(_Wire, Generic[T]):
    """TopView's paged list: one page of ``data`` out of ``total`` matches."""

    total: int = Field(description="How many items match the filters, over all pages.")
    pageNo: int = Field(description="1-based, as asked (pageNo or pageNum).")
    pageSize: int = Field(description="As asked, or the server's maximum when more was asked.")
    data: list[T]


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


class TaskListResult(_Wire):
    """``GET /v1/task/list`` (extension): one page of the user's tasks, newest first."""

    data: list[AnyTaskResult]
    pageSize: int
    nextCursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


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


class VoicePage(Paged[VoiceItem]):
    pass


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
    aiAvatar: AiAvatarItem | None = Field(description="The cast presenter as AiAvatar Query lists it; null for photos.")


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
    aiAvatar: AiAvatarItem | None = Field(description="The avatar used or saved, as AiAvatar Query lists it.")


class UploadCredential(_Wire):
    """``GET /v1/upload/credential``: where to PUT a file's bytes."""

    fileId: str = Field(description="Names the file in every *FileId field once /v1/upload/check says true.")
    uploadUrl: str = Field(description="A presigned PUT URL: send the raw bytes, no auth headers.")
    fileName: str = Field(description="<fileId>.<format>")
    format: str = Field(description="The extension asked for, lower case, without a dot.")


class TaskState(_Wire):
    """A task's state after a change: what ``POST /v1/task/cancel`` and ``POST
    /v1/m2v/script/update`` answer."""

    taskId: str
    status: str = Field(description="Cancel: the task's state now, fail (errorMsg canceled) unless it finished "
                                    "first. Script update: success.")
    errorMsg: str | None


class TaskDeleted(_Wire):
    """``POST /v1/task/delete`` (extension): the task is gone with the files it made."""

    taskId: str
    deletedFiles: int = Field(description="How many of the task's files were removed.")


class CaptionItem(_Wire):
    """One caption style of ``GET /v1/caption/list``."""

    captionId: str = Field(description="Feeds captionId of the video submits.")
    thumbnail: str = Field(description="A PNG the caption engine drew in this style.")
    captionName: str = Field(description="Extension.")
    animation: str = Field(description=f"Extension: how the words move, one of {', '.join(Animation)}.")


class CategoryItem(_Wire):
    """A category: of product avatars, or of AnyShoot templates."""

    categoryId: str
    categoryName: str


class EthnicityItem(_Wire):
    ethnicityId: str
    ethnicityName: str


class EthnicityPage(Paged[EthnicityItem]):
    """``GET /v1/ethnicity/list``: the same ethnicities for both scenes."""


class ProductAvatarItem(_Wire):
    """A presenter who holds the product: one of the illustrated cast or an operator's photo
    avatar."""

    avatarId: str = Field(description="Feeds avatarId of the image-replace submits.")
    avatarName: str = Field(description="Extension.")
    avatarImagePath: str = Field(description="The cover picture (a JPEG URL).")
    voiceoverId: str = Field(description="The voice the presenter speaks with unless told otherwise.")
    gender: str = Field(description="male | female")
    age: str | None = Field(description="Extension: Young | Middle Age | Old; null for a photo avatar.")
    avatarCategoryList: list[CategoryItem]
    objectMaskImageInfo: str = Field(description="A JSON string {width, height, box: {x, y, w, h}, polygon: [{x, y}]}"
                                                 " locating the held object on avatarImagePath, in its pixels.")
    avatarEthnicityList: list[EthnicityItem]
    minSubsType: str = Field(description="free: every avatar is.")


class ProductAvatarPage(Paged[ProductAvatarItem]):
    """``GET /v1/product_avatar/public_avatar/query``."""


class TemplateItem(_Wire):
    """A built-in AnyShoot scene: picture and mask are 1080x1920, the mask white where the
    product goes."""

    templateId: str = Field(description="Feeds templateId of the AnyShoot submit.")
    templateName: str
    style: str = Field(description="UGC | Pro")
    coverUrl: str
    templateImageUrl: str = Field(description="The scene, a JPEG.")
    templateMaskUrl: str = Field(description="The product's place, a PNG.")
    templateCategoryList: list[CategoryItem]


class TemplatePage(Paged[TemplateItem]):
    """``GET /v1/product_anyShoot/template/list``."""


class FaceSquare(_Wire):
    """The face's box on the cover: in pixels, and as fractions of the cover's size."""

    x: int
    y: int
    w: int
    h: int
    x_f: float
    y_f: float
    w_f: float
    h_f: float


class AiAvatarItem(_Wire):
    """An avatar a video avatar can use, as ``GET /v1/aiavatar/query`` lists it: one of the
    illustrated cast (``type`` 0) or the user's own (``isCustom``)."""

    aiavatarId: str = Field(description="Feeds aiAvatarId of the video avatar submits.")
    aiavatarName: str
    gender: str | None = Field(description="male | female; null for a custom avatar.")
    coverUrl: str | None = Field(description="Null for a custom avatar without a cover.")
    previewImageUrl: str | None = Field(description="The same as coverUrl.")
    thumbnailUrl: str | None = Field(description="The same as coverUrl.")
    previewVideoUrl: str | None = Field(description="Null for a custom avatar without a preview.")
    ethnicities: list[EthnicityItem] = Field(description="Empty for a custom avatar.")
    voiceoverIdDefault: str | None = Field(description="Null for a custom avatar.")
    faceSquareConfig: FaceSquare | None = Field(description="Null for a custom avatar.")
    type: int = Field(description="0 the illustrated cast, 1 made from a video, 2 made from a photo.")
    isCustom: bool = Field(description="Extension: the user's own.")
    createTime: int = Field(description="Epoch milliseconds (extension).")


class AiAvatarPage(Paged[AiAvatarItem]):
    """``GET /v1/aiavatar/query``."""


class Health(_Wire):
    """``GET /healthz``: the server is up and its database answers (no envelope)."""

    status: str = Field(description="ok")
    queue: str = Field(description="The task queue in use: embedded | procrastinate.")
    workers: int = Field(description="Workers this process runs; 0 when it runs none.")


class StudioSession(_Wire):
    """``POST /studio/session``: a new API key of the user a Studio sign-in link was for."""

    uid: str = Field(description="The Topview-Uid to send with the key.")
    apiKey: str = Field(description="A new API key of that user, shown this once (`shopreel key revoke` ends it).")
