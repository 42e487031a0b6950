"""Voice section: Text2Voice (the voice catalog itself is in ``catalog.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.openapi import Envelope, SubmitResult
from shopreel.api.results import Text2VoiceResult
from shopreel.api.tasks import CdnQuery, IdempotencyKey, TaskIdQuery, WithNotice, query_task, submit_task
from shopreel.jobs import text2voice

__all__ = ["router"]

router = APIRouter(tags=["Voice"])


class Text2VoiceSubmit(text2voice.Params, WithNotice):
    pass


@router.post("/v1/voice/text2voice/task/submit", summary="Text2Voice submit", response_model=Envelope[SubmitResult])
def submit(body: Text2VoiceSubmit, request: Request, user: UserDep, runtime: RuntimeDep,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    return submit_task(runtime, user, request, kind="text2voice", params=body, notice_url=body.notice_url,
                       idempotency_key=idempotency_key)


@router.get("/v1/voice/text2voice/task/query", summary="Text2Voice query", response_model=Envelope[Text2VoiceResult])
async def query(user: UserDep, runtime: RuntimeDep, taskId: TaskIdQuery = None, needCloudFrontUrl: CdnQuery = None) -> JSONResponse:
    """``{taskId, status, errorMsg, voice: {voiceId, voiceName, demoAudioUrl, durations (seconds),
    audioFileId, language, gender, age, accent}, costCredit, boardId, boardTaskId}``; the audio
    is an MP3."""
    return ok(query_task(runtime, user, taskId, kinds=("text2voice",), cdn=needCloudFrontUrl))
