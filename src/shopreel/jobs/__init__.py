"""One module per task kind; ``JOBS`` maps each kind to its spec (``runtime.py`` hands it to
``tasks/``, which never imports this package)."""

from typing import Any

from shopreel.jobs import (
    anyshoot, image2video, m2v, product_avatar, product_avatar_video, remove_background, scraper, text2voice, video_avatar,
)
from shopreel.tasks.job import JobSpec

__all__ = ["JOBS"]

JOBS: dict[str, JobSpec[Any, Any]] = {
    spec.kind: spec
    for spec in (scraper.SPEC, product_avatar.SPEC, product_avatar_video.SPEC, anyshoot.SPEC, image2video.SPEC,
                 video_avatar.SPEC, m2v.SPEC, remove_background.SPEC, text2voice.SPEC)
}
