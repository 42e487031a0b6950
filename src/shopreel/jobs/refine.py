"""The image editor's pass over a classical composite (Product Avatar, AnyShoot): the
configured engine of the capability, held while it runs, its progress mapped into the
job's."""

from __future__ import annotations

from shopreel.engines import Capability, EditRequest
from shopreel.media.types import Alpha, Frame
from shopreel.tasks.job import JobContext

__all__ = ["refine"]


def refine(ctx: JobContext, capability: Capability, image: Frame, *, keep: Alpha, prompt: str, seed: int = 0,
           steps: int = 28, progress: tuple[float, float]) -> Frame:
    """``image`` as ``capability``'s editor finishes it, keeping ``keep`` (where the product
    is) the product; the classical editor returns ``image`` itself. ``steps``: denoising
    steps a model engine takes (the request's quality); ``progress`` is the job's percent
    range the edit spans."""
    start, end = progress
    request = EditRequest(image=image, keep=keep, prompt=prompt, seed=seed, steps=steps)
    with ctx.engines.use(capability) as editor:
        edited = editor.edit(request, progress=lambda done: ctx.progress(start + (end - start) * done),
                             cancelled=ctx.cancelled)
    ctx.check_cancelled()
    return edited[0]
