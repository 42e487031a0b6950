"""One module per task kind; ``JOBS`` maps each kind to its spec."""

from shopreel.jobs import anyshoot, image2video, m2v, product_avatar, product_avatar_video, scraper, video_avatar
from shopreel.jobs.base import JobSpec

__all__ = ["JOBS"]

JOBS: dict[str, JobSpec] = {
    spec.kind: spec
    for spec in (scraper.SPEC, product_avatar.SPEC, product_avatar_video.SPEC, anyshoot.SPEC, image2video.SPEC,
                 video_avatar.SPEC, m2v.SPEC)
}
