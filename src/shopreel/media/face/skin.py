"""The skin tone of a face photo, for picking presenter features that match a user."""

from __future__ import annotations

import numpy as np

from shopreel.media.face.mesh import face_landmarks, face_mask
from shopreel.media.types import Frame

__all__ = ["skin_tone"]


def skin_tone(image: Frame) -> tuple[int, int, int] | None:
    """The median colour of the face's skin, or ``None`` when no face is found.

    Notes
    -----
    Takes the face-oval mask without the mouth, then keeps the middle band of lightness
    (drops eyes, brows, specular highlights and shadows) before the per-channel median.
    """
    faces = face_landmarks(image, max_faces=1)
    if not faces:
        return None
    mask = face_mask(faces[0], image.shape[:2], open_mouth=True) > 0.5
    pixels = image[mask].astype(np.float32)
    if len(pixels) < 20:
        return None
    lightness = pixels.mean(axis=1)
    low, high = np.percentile(lightness, [25, 85])
    band = pixels[(lightness >= low) & (lightness <= high)]
    tone = np.median(band if len(band) else pixels, axis=0)
    return (int(tone[0]), int(tone[1]), int(tone[2]))
