"""The job contract: what a task kind provides (``JobSpec``) and what its job sees
(``JobContext``). ``tasks/`` runs jobs through this contract alone; the kinds themselves
live in ``jobs/`` and are handed in by ``runtime.py``.

A kind's parameters and result are frozen pydantic models (``TaskModel``) whose aliases are
TopView's field names: the task row stores ``model_dump`` of both by alias, the runner hands
``run`` the validated ``Params``, and ``view`` gets them back typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, model_validator

from shopreel.errors import BadRequest
from shopreel.settings import Settings
from shopreel.store.avatars import AvatarRecord
from shopreel.store.files import StoredFile
from shopreel.store.photo_avatars import PhotoAvatarRecord
from shopreel.tasks.model import TaskRecord

if TYPE_CHECKING:
    from shopreel.engines.registry import Engines

__all__ = ["JobContext", "JobSpec", "JobCanceled", "Links", "MediaLength", "StoredFile", "TaskModel"]


class TaskModel(BaseModel):
    """Base of every kind's ``Params`` and result: frozen, filled by TopView's names (the
    aliases) or ours, and forgiving of keys it does not know (rows written by older
    versions). Text must be valid Unicode: JSON can spell a lone surrogate (``"\\ud800"``),
    which no UTF-8 answer, log or database could hold later."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    @model_validator(mode="after")
    def _valid_unicode(self) -> TaskModel:
        for name, info in type(self).model_fields.items():
            if _has_lone_surrogate(getattr(self, name)):
                raise BadRequest(f"{info.alias or name} contains text that is not valid Unicode "
                                 "(a lone surrogate escape); send UTF-8 text")
        return self

    def stored(self) -> dict[str, Any]:
        """What the task row keeps: JSON types, TopView's names."""
        return self.model_dump(mode="json", by_alias=True)


P = TypeVar("P", bound=TaskModel)
R = TypeVar("R", bound=TaskModel)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, list | tuple):
        return any(_has_lone_surrogate(item) for item in value)
    return False


class JobCanceled(Exception):
    """Raised inside a job when its task was canceled; the runner records nothing more."""


class JobContext(Protocol):
    task_id: str
    owner_uid: str
    settings: Settings
    #: The task's stored result from an earlier phase (a reopened task, e.g. an M2V export),
    #: else None; the kind validates it into its result model.
    prior_result: dict[str, Any] | None
    #: The process's engines, one per capability (``engines.use(Capability.MATTING)``):
    #: loaded once and kept across tasks.
    engines: Engines

    def progress(self, percent: float) -> None:
        """Report progress 0–100; cheap to call often (writes are throttled)."""

    def cancelled(self) -> bool:
        """True once the task was canceled; frame loops call this between frames."""

    def check_cancelled(self) -> None:
        """Raise ``JobCanceled`` if the task was canceled."""

    def input_file(self, file_id: str, *, kinds: tuple[str, ...], field: str = "fileId") -> StoredFile:
        """The owner's ready file ``file_id`` of one of ``kinds``; raises NotFound/BadRequest
        naming ``field``."""

    def open_input(self, file_id: str) -> AbstractContextManager[Path]:
        """A local path holding the bytes of the owner's file ``file_id``."""

    def add_file(self, path: Path, *, fmt: str, source: str, file_name: str) -> StoredFile:
        """Validate ``path`` like an upload and store it as a new file of the owner, made by
        this task."""

    def custom_avatar(self, avatar_id: str) -> AvatarRecord:
        """The owner's custom avatar ``avatar_id``; raises NotFound."""

    def save_custom_avatar(self, *, name: str, source_kind: str, file_id: str, cover_file_id: str | None,
                           preview_file_id: str | None) -> AvatarRecord:
        """Keep a result as a custom avatar of the owner."""

    def photo_avatar(self, avatar_id: str) -> tuple[PhotoAvatarRecord, bytes] | None:
        """An operator-added photo avatar and its photo's bytes, or None."""

    def http_client(self, *, timeout_s: float | None = None) -> httpx.Client:
        """An outbound client that refuses private, loopback and metadata addresses."""

    def scratch_dir(self) -> AbstractContextManager[Path]:
        """A private temporary directory removed when the block ends."""


#: The duration in milliseconds of one of the task owner's files (an uploaded voice-over),
#: for prices by length; 0 when it is not known.
MediaLength = Callable[[str], int]


class Links(Protocol):
    """Turns stored file ids into URLs a client can fetch (presigned, or on the CDN)."""

    def file_url(self, file_id: str) -> str | None: ...


@dataclass(frozen=True)
class JobSpec(Generic[P, R]):
    """A task kind: its parameter and result models, how to run it, and how its query
    result looks.

    ``run`` returns the kind's result (ids, numbers: no URLs, they expire); ``view`` turns
    a task into the TopView query result, minting URLs through ``links``. The callback
    payload uses the same ``view``.
    """

    kind: str
    biz_type: str
    params: type[P]
    result: type[R]
    run: Callable[[JobContext, P], R]
    view: Callable[[TaskRecord, P, R | None, Links], dict[str, Any]]
    #: The queue its tasks wait on (distributed mode): the capability whose engine it
    #: needs (``shopreel.engines.Capability``), so GPU hosts can take only those.
    queue: str = "default"
    #: The callback's bizType when it depends on the task's phase (params); else ``biz_type``.
    biz_type_of: Callable[[P], str] | None = None
    #: What a run costs in credits, ``cost(params, settings, media_ms)``, from the settings'
    #: ``credit_cost_*`` prices (charged at submit when credits are on); None: free.
    cost: Callable[[P, Settings, MediaLength], int] | None = None
    #: The params a rerun of a task starts from, given the task's own: what a later phase
    #: set cleared (an M2V export's script). None: the same params.
    restart: Callable[[P], P] | None = None
    #: The queue when it depends on the task's params (a kind that animates or talks); else ``queue``.
    queue_of: Callable[[P], str] | None = None

    def parse_params(self, stored: dict[str, Any]) -> P:
        return self.params.model_validate(stored)

    def rerun_params(self, stored: dict[str, Any]) -> P:
        """The params of a fresh run of a task whose params are ``stored``, as first submitted."""
        params = self.parse_params(stored)
        return params if self.restart is None else self.restart(params)

    def parse_result(self, stored: dict[str, Any] | None) -> R | None:
        return None if stored is None else self.result.model_validate(stored)

    def present(self, record: TaskRecord, links: Links) -> dict[str, Any]:
        """The kind's own fields of the query result for ``record``."""
        return self.view(record, self.parse_params(record.params), self.parse_result(record.result), links)

    def price(self, stored_params: dict[str, Any], settings: Settings, media_ms: MediaLength) -> int:
        """The credits a run with ``stored_params`` costs."""
        if self.cost is None:
            return 0
        return self.cost(self.parse_params(stored_params), settings, media_ms)

    def queue_for(self, stored_params: dict[str, Any]) -> str:
        """The queue a task with ``stored_params`` waits on."""
        if self.queue_of is None:
            return self.queue
        return self.queue_of(self.parse_params(stored_params))

    def notice_biz_type(self, stored_params: dict[str, Any]) -> str:
        if self.biz_type_of is None:
            return self.biz_type
        return self.biz_type_of(self.parse_params(stored_params))
