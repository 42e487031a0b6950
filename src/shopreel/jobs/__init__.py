"""One module per task kind; ``JOBS`` maps each kind to its spec."""

from shopreel.jobs import anyshoot, product_avatar, scraper
from shopreel.jobs.base import JobSpec

__all__ = ["JOBS"]

JOBS: dict[str, JobSpec] = {spec.kind: spec for spec in (scraper.SPEC, product_avatar.SPEC, anyshoot.SPEC)}
