"""Replace the object a person holds in a photo with the customer's product.

Product Avatar's "Replace Product Image" for an uploaded photo template: the old object is
found (from TopView's ``location`` corners, or from the hand holding it), removed by
inpainting, and the product's own cut-out is warped into its place, so the product keeps
its exact look while the person keeps their pose and hand. The fingers that wrapped round
the old object are drawn back in front of the new one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from shopreel.errors import InvalidInput, MediaError
from shopreel.media.face._geometry import clip_box
from shopreel.media.face.hands import Hand, detect_hands, finger_mask, grip_region
from shopreel.media.image.checks import check_alpha, check_frame, check_quad
from shopreel.media.image.compose import apply_shadow, draw_layer, inpaint_region, match_colour, warp_to_quad
from shopreel.media.image.matting import trim_to_alpha
from shopreel.media.types import Alpha, Box, Frame, Layer

__all__ = ["Replacement", "NoHeldObject", "replace_held_object", "find_held_object"]

_F32 = np.float32
Mask = npt.NDArray[np.bool_]

_GRIP_GROWTH = 1.6  # the grip region, grown about its centre, is where a held object is looked for
_CONTEXT = 0.3  # GrabCut sees this share of its search box's size around it, as background
_GRABCUT_SIDE_PX = 320  # GrabCut runs on a copy at most this long; its mask is scaled back
_GRABCUT_ITERATIONS = 4
_MIN_OBJECT_SHARE = 0.1  # a segmentation covering less of the location quad falls back to the whole quad
_MIN_HELD_SHARE = 0.02  # a hand "holds" something covering at least this share of its search box
_KEEP_PART = 0.02  # object parts (fingers split an object) smaller than this share of the largest are specks
_RELIGHT = 0.35  # match_colour strength: the product's look is the customer's, light only nudged
_EDGE_TOLERANCE_PX = 1.0  # location corners may sit this far past the template's edge
_FINGER_REACH = 1.6  # the fingers are looked for within this many finger widths of their landmark lines
# A finger-mask pixel is skin within this CIELAB distance of the finger cores' median, not beyond that.
_SKIN_NEAR_DE, _SKIN_FAR_DE = 14.0, 28.0


@dataclass(frozen=True, eq=False)
class Replacement:
    """The template with its held object replaced.

    ``image`` is the new ``uint8 (H, W, 3)`` photo. ``product_box`` bounds the product's
    visible pixels in it. ``product_quad`` is ``float32 (4, 2)``, the corners TL, TR, BR,
    BL the product's rectangle was warped onto (after ``scale`` and ``tilt_deg``).
    ``removed`` is ``float32 (H, W)``, 1 where the old object was inpainted away.
    """

    image: Frame
    product_box: Box
    product_quad: npt.NDArray[np.float32]
    removed: Alpha


class NoHeldObject(MediaError, ValueError):
    """The template shows no hand holding an object and no ``location`` says where it is (code 4000)."""


def replace_held_object(
    template: Frame,
    product_rgb: Frame,
    product_alpha: Alpha,
    *,
    location: np.ndarray | None = None,
    scale: float = 1.0,
    tilt_deg: float = 0.0,
    hand: str | None = None,
    shadow_opacity: float = 0.3,
) -> Replacement:
    """Replace the object a person holds in ``template`` with the product.

    Parameters
    ----------
    template : Frame
        ``uint8 (H, W, 3)`` RGB photo of a person holding something.
    product_rgb : Frame
        ``uint8 (h, w, 3)`` RGB photo of the product.
    product_alpha : Alpha
        ``float32 (h, w)`` matte of the product in ``product_rgb`` (e.g. from
        :func:`~shopreel.media.image.matting.cutout`); it is trimmed to its extent here.
    location : array_like (4, 2), optional
        Corners ``(x, y)`` TL, TR, BR, BL of the old object in template pixels (the v2 API's
        ``location``). Without it the object is found in the grip of a detected hand.
    scale : float
        Size of the product relative to the old object's place, about its centre (> 0).
    tilt_deg : float
        Extra rotation of the product about its centre, in degrees; positive turns it
        clockwise on screen (its top leans right).
    hand : {"left", "right"}, optional
        The person's own hand holding the object, preferred when both hands are found;
        a preference only, since a photo's handedness is the least reliable thing read
        from a hand.
    shadow_opacity : float
        0 to 1: darkness of the shadow the fingers cast on the product, and half that for
        the soft shadow the product casts behind it.

    Returns
    -------
    Replacement
        The new image, where the product went, and what was removed.

    Raises
    ------
    NoHeldObject
        No ``location`` and no hand holding an object was found (a ``MediaError``, code
        4000, and a ``ValueError``); the message says to pass ``location``.
    InvalidInput
        An image or matte of the wrong dtype or shape, an empty ``product_alpha``, a
        ``location`` that is not four corners inside the template, or a knob out of range.

    Notes
    -----
    1. *Find the old object.* With ``location``, GrabCut (Rother et al. 2004) runs on the
       quad's surroundings with the quad as probable foreground and everything outside
       its bounding rectangle as background; the foreground inside the quad is the object,
       or the whole quad when GrabCut finds too little (under 10% of it). Without it,
       MediaPipe Hands finds the hands and each one's grip region (thumb and finger
       joints), grown 1.6x about its centre, is the probable foreground; the hand whose
       grip holds the largest object wins (``hand``'s side first). A detected hand's
       fingers count as background where they look like its skin (CIELAB distance to the
       median colour under the finger cores), so skin is learnt as background and the
       fingers stay even where the landmarks sit a little off.
    2. *Remove it.* The object mask, dilated a few pixels to take its anti-aliased edge,
       minus the fingers, is inpainted (Telea with grain, :func:`inpaint_region`); the
       fingers next to it are kept out of the fill's sources, so it does not smear skin.
    3. *Place the product.* Its cut-out is fitted, aspect kept and centred, into the
       location quad, or for a hand into the object's minimum-area rotated rectangle,
       turned to the upright-most orientation that matches the product's shape; then
       scaled by ``scale`` and turned by ``tilt_deg`` about the centre, warped in
       perspective (:func:`warp_to_quad`), and nudged toward the light around it
       (:func:`match_colour` at 0.35: mean lightness and colour cast only, so the
       product keeps its look). It casts a soft shadow on what is behind it.
    4. *Fingers in front.* The fingers cast a soft shadow on the product, and the original
       pixels under the hand's soft, skin-checked finger mask are drawn back over it.

    Everything outside the removed region and the product's shadow reach is untouched.
    Limits: a classical segmentation can miss part of an object that looks like what is
    behind it (with ``location``, a failed one falls back to the whole quad); a hand seen
    edge-on or gloved is often not found, and a fingertip past its landmarks' reach can
    end up behind the product; the product gets the quad's perspective, no 3-D turn.
    GrabCut's random start is seeded, so the same inputs give the same image.
    """
    check_frame(template, "template")
    check_frame(product_rgb, "product_rgb")
    check_alpha(product_alpha, "product_alpha", shape=product_rgb.shape[:2], against="product_rgb")
    if not (product_alpha > 0.01).any():
        raise InvalidInput("product_alpha is empty: no pixel above 0.01, so there is no product to place")
    quad = None if location is None else _check_location(location, template.shape[:2])
    _check_knobs(scale=scale, tilt_deg=tilt_deg, hand=hand, shadow_opacity=shadow_opacity)
    shape = template.shape[:2]
    rgb, alpha, _ = trim_to_alpha(product_rgb, product_alpha)
    aspect = alpha.shape[1] / alpha.shape[0]

    hands = detect_hands(template)
    if quad is None:
        fingers, held = _held_object(template, hands, prefer=hand)
        place = _upright_quad(held, aspect=aspect)
    else:
        holder = _hand_over(hands, _polygon(quad, shape), prefer=hand)
        fingers = None if holder is None else _fingers(template, holder)
        held = _object_in_quad(template, quad, fingers)
        place = quad
    place = _turned(_fit_centred(place, aspect=aspect), scale=scale, tilt_deg=tilt_deg)

    image, layer_alpha, roi, hole = _repaint(template, held, fingers, rgb, alpha, place, shadow_opacity=shadow_opacity)
    return Replacement(image=image, product_box=_extent(layer_alpha, roi, place), product_quad=place, removed=hole)


def _repaint(
    template: Frame,
    held: Mask,
    fingers: _Fingers | None,
    rgb: Frame,
    alpha: Alpha,
    place: npt.NDArray[np.float32],
    *,
    shadow_opacity: float,
) -> tuple[Frame, Alpha, Box, Alpha]:
    """Remove ``held``, put the product on ``place``, the fingers back in front.

    Works on the box around the change only; returns the new image, the product's alpha
    over that box, the box, and the removed region over the whole image.
    """
    shape = template.shape[:2]
    skin = np.zeros(shape, _F32) if fingers is None else fingers.skin
    margin_px = _hole_margin_px(held)
    hole = _dilate(held, margin_px) & ~((skin > 0.5) & ~held)
    # Fingers beside the hole are masked too, so the fill comes from what is behind the
    # object rather than smearing skin; they are put back right after.
    reach_px = margin_px + (0 if fingers is None else round(fingers.width_px))
    fill = hole | (_dilate(hole, reach_px) & (skin > 0.5))
    roi = _work_box(fill, place, shape, margin_px=_shadow_reach_px(place) + 16)
    crop = (slice(roi.y, roi.y + roi.h), slice(roi.x, roi.x + roi.w))
    before = template[crop]

    scene = np.where(hole[crop][:, :, None], inpaint_region(before, fill[crop], radius_px=5), before)
    rgb = match_colour(rgb, alpha, scene, strength=_RELIGHT)
    origin = np.array([roi.x, roi.y], _F32)
    layer_rgb, layer_alpha = warp_to_quad(rgb, alpha, place - origin, scene.shape, keep_aspect=True)
    finger_px = 0.0 if fingers is None else fingers.width_px
    behind, on_product = _shadows(layer_alpha, skin[crop], finger_px=finger_px, opacity=shadow_opacity)
    out = draw_layer(apply_shadow(scene, behind), Layer(rgb=layer_rgb, alpha=layer_alpha, x=0, y=0))
    out = apply_shadow(out, on_product)
    front = (skin[crop] * (1.0 - cv2.GaussianBlur(held[crop].astype(_F32), (0, 0), 1.0)))[:, :, None]

    image = template.copy()
    image[crop] = np.rint(out * (1.0 - front) + before * front).astype(np.uint8)
    return image, layer_alpha, roi, hole.astype(_F32)


def _check_location(location: np.ndarray, shape: tuple[int, int]) -> npt.NDArray[np.float32]:
    quad = check_quad(location, "location")
    height, width = shape
    low, high = -_EDGE_TOLERANCE_PX, np.array([width, height], _F32) + _EDGE_TOLERANCE_PX
    if (quad < low).any() or (quad > high).any():
        raise InvalidInput(f"location must lie inside the {width}x{height} template, got corners {quad.tolist()}")
    return quad


def _check_knobs(*, scale: float, tilt_deg: float, hand: str | None, shadow_opacity: float) -> None:
    if not (math.isfinite(scale) and 0 < scale <= 10):
        raise InvalidInput(f"scale must be in (0, 10], got {scale}")
    if not math.isfinite(tilt_deg):
        raise InvalidInput(f"tilt_deg must be a finite number of degrees, got {tilt_deg}")
    if hand not in (None, "left", "right"):
        raise InvalidInput(f"hand must be 'left', 'right' or None, got {hand!r}")
    if not 0 <= shadow_opacity <= 1:
        raise InvalidInput(f"shadow_opacity must be in [0, 1], got {shadow_opacity}")


@dataclass(frozen=True, eq=False)
class _Fingers:
    """A hand's fingers in an image: ``skin`` is the soft finger mask where the pixels look
    like the hand's own skin, ``core`` the middle of each finger there (surely finger), and
    ``width_px`` one finger's width."""

    skin: Alpha
    core: Mask
    width_px: float


def _fingers(image: Frame, hand: Hand) -> _Fingers:
    """The hand's fingers, trusted only where the pixels match the skin under the finger cores.

    Landmarks on a hand wrapped round an object can sit a little off; a finger mask drawn
    from them then covers some of the object, which would otherwise be kept in front.
    """
    shape = image.shape[:2]
    width_px = max(float(np.hypot(*(hand.landmarks[5] - hand.landmarks[17]))) / 4.0, 1.0)  # as finger_mask's
    # Wider than a finger, so a finger whose landmarks sit off to a side is still taken whole.
    soft = finger_mask(hand, shape, thickness_px=_FINGER_REACH * width_px)
    core = finger_mask(hand, shape, thickness_px=width_px / 2, feather_px=0) > 0.5
    skin, solid = np.zeros(shape, _F32), np.zeros(shape, np.bool_)
    if not (soft > 0).any():
        return _Fingers(skin=skin, core=solid, width_px=width_px)
    box = _box_of(soft > 0)
    crop = (slice(box.y, box.y + box.h), slice(box.x, box.x + box.w))
    lab = cv2.cvtColor(image[crop].astype(_F32) / 255, cv2.COLOR_RGB2LAB)
    tone = np.median(lab[core[crop]], axis=0) if core[crop].any() else np.median(lab[soft[crop] > 0.5], axis=0)
    # Chroma decides; lightness counts half, so shaded and lit parts of a finger both pass.
    distance = np.linalg.norm((lab - tone) * np.array([0.5, 1, 1], _F32), axis=2)
    likeness = np.clip((_SKIN_FAR_DE - distance) / (_SKIN_FAR_DE - _SKIN_NEAR_DE), 0, 1)
    skin[crop] = soft[crop] * likeness
    solid[crop] = core[crop] & (likeness > 0.5)
    return _Fingers(skin=skin, core=solid, width_px=width_px)


def _held_object(image: Frame, hands: tuple[Hand, ...], *, prefer: str | None) -> tuple[_Fingers, Mask]:
    """The hand holding the largest object (of the preferred side when it holds one) and that object."""
    if not hands:
        raise NoHeldObject(
            "no hand holding an object was found in the template photo; pass `location`, "
            "the four corners of the object, to say where the product goes"
        )
    found = []
    for hand in hands:
        fingers = _fingers(image, hand)
        held = _object_in_grip(image, hand, fingers)
        if held is not None:
            found.append((hand.handedness == prefer, int(held.sum()), fingers, held))
    if not found:
        raise NoHeldObject(
            f"{len(hands)} hand(s) found in the template photo but nothing held in them; pass `location`, "
            "the four corners of the object, to say where the product goes"
        )
    _, _, fingers, held = max(found, key=lambda item: item[:2])
    return fingers, held


def _object_in_grip(image: Frame, hand: Hand, fingers: _Fingers) -> Mask | None:
    """What the hand holds: GrabCut in its grown grip region, fingers as background; None if nothing."""
    height, width = image.shape[:2]
    search = clip_box(_grown(grip_region(hand), _GRIP_GROWTH), height=height, width=width)
    if search is None:
        return None
    region = np.zeros((height, width), np.bool_)
    region[search.y : search.y + search.h, search.x : search.x + search.w] = True
    held = _grabcut_around(image, search, region, region, fingers)
    if held is None:
        return None
    held = _tidy(held & region & ~fingers.core)
    if held is None or held.sum() < _MIN_HELD_SHARE * search.w * search.h:
        return None
    return held


def _object_in_quad(image: Frame, quad: npt.NDArray[np.float32], fingers: _Fingers | None) -> Mask:
    """The object inside the location quad, or the whole quad when segmentation finds too little."""
    height, width = image.shape[:2]
    inside = _polygon(quad, (height, width))
    if not inside.any():
        raise InvalidInput(f"location covers no whole pixel of the template: {quad.tolist()}")
    rect = _box_of(inside)
    bounds = np.zeros_like(inside)
    bounds[rect.y : rect.y + rect.h, rect.x : rect.x + rect.w] = True
    held = _grabcut_around(image, rect, bounds, inside, fingers)
    if held is not None:
        held = _tidy(held & _dilate(inside, 2))
    if held is None or held.sum() < _MIN_OBJECT_SHARE * inside.sum():
        held = inside
    if fingers is not None and (held & ~fingers.core).any():
        held = held & ~fingers.core
    return held


def _grabcut_around(
    image: Frame, rect: Box, maybe_back: Mask, maybe_object: Mask, fingers: _Fingers | None
) -> Mask | None:
    """GrabCut on ``rect`` and its surroundings: outside ``maybe_back`` is background, inside
    ``maybe_object`` probable object, the rest probable background; skin-toned fingers are
    background (their cores for sure). A full-size mask, or None when GrabCut cannot run."""
    height, width = image.shape[:2]
    area = clip_box(_grown(rect, 1 + 2 * _CONTEXT), height=height, width=width)
    if area is None:
        return None
    crop = (slice(area.y, area.y + area.h), slice(area.x, area.x + area.w))
    seeds = np.full((area.h, area.w), cv2.GC_BGD, np.uint8)
    seeds[maybe_back[crop]] = cv2.GC_PR_BGD
    seeds[maybe_object[crop]] = cv2.GC_PR_FGD
    if fingers is not None:
        seeds[fingers.skin[crop] > 0.5] = cv2.GC_PR_BGD
        seeds[fingers.core[crop]] = cv2.GC_BGD
    found = _grabcut(image[crop], seeds)
    if found is None:
        return None
    full = np.zeros((height, width), np.bool_)
    full[crop] = found
    return full


def _grabcut(image: Frame, seeds: npt.NDArray[np.uint8]) -> Mask | None:
    """GrabCut's foreground from ``cv2.GC_*`` seed labels, run on a copy at most 320 px long."""
    back = np.isin(seeds, (cv2.GC_BGD, cv2.GC_PR_BGD))
    if back.all() or not back.any():
        return None
    height, width = seeds.shape
    factor = min(1.0, _GRABCUT_SIDE_PX / max(height, width))
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    small = cv2.resize(image, size, interpolation=cv2.INTER_AREA) if factor < 1 else np.ascontiguousarray(image)
    labels = cv2.resize(seeds, size, interpolation=cv2.INTER_NEAREST) if factor < 1 else seeds.copy()
    background, foreground = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.setRNGSeed(0)  # GrabCut's k-means start: the same photo gives the same mask
    try:
        cv2.grabCut(small, labels, None, background, foreground, _GRABCUT_ITERATIONS, cv2.GC_INIT_WITH_MASK)
    except cv2.error:  # too few samples of one side for its colour model
        return None
    found = np.isin(labels, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(_F32)
    if factor < 1:
        found = cv2.resize(found, (width, height), interpolation=cv2.INTER_LINEAR)
    return found > 0.5


def _hand_over(hands: tuple[Hand, ...], inside: Mask, *, prefer: str | None) -> Hand | None:
    """The hand whose fingers overlap the object's quad most (the preferred side first), if any."""
    overlaps = [
        (hand.handedness == prefer, float(finger_mask(hand, inside.shape)[inside].sum()), hand) for hand in hands
    ]
    overlaps = [item for item in overlaps if item[1] > 0]
    if not overlaps:
        return None
    return max(overlaps, key=lambda item: item[:2])[2]


def _upright_quad(held: Mask, *, aspect: float) -> npt.NDArray[np.float32]:
    """The object's minimum-area rotated rectangle as TL, TR, BR, BL, turned upright-most.

    Of the two corner orders whose top edge faces up the image, the one whose width to
    height best matches the product's ``aspect`` wins, with a penalty on the lean, so a
    long bottle held at 60 degrees takes a tall product along its length, while a squarish
    box keeps the product nearly upright.
    """
    points = cv2.findNonZero(held.astype(np.uint8))
    corners = cv2.boxPoints(cv2.minAreaRect(points)).astype(_F32) + 0.5  # pixel centres to pixel edges
    if _signed_area(corners) < 0:
        corners = corners[::-1]
    best, best_score = corners, math.inf
    for turn in range(4):
        quad = np.roll(corners, -turn, axis=0)
        up = (quad[0] + quad[1]) / 2 - (quad[3] + quad[2]) / 2
        if up[1] >= 0 and not (up[1] == 0 and up[0] < 0):
            continue
        lean = abs(math.atan2(float(up[0]), float(-up[1])))
        width, height = np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[3] - quad[0])
        score = abs(math.log(max(width, 1e-3) / max(height, 1e-3) / aspect)) + 0.5 * lean
        if score < best_score:
            best, best_score = quad, score
    return np.ascontiguousarray(best, dtype=_F32)


def _fit_centred(quad: npt.NDArray[np.float32], *, aspect: float) -> npt.NDArray[np.float32]:
    """The largest sub-quad of ``aspect`` (width / height) centred in ``quad``, in its own perspective."""
    width = (np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])) / 2
    height = (np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])) / 2
    u_span = min(1.0, aspect * height / max(width, 1e-6))
    v_span = min(1.0, width / max(aspect * height, 1e-6))
    unit = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], _F32)
    inner = (0.5 + (unit - 0.5) * np.array([u_span, v_span], _F32)).astype(_F32)
    homography = cv2.getPerspectiveTransform(unit, quad.astype(_F32))
    return cv2.perspectiveTransform(inner[None], homography)[0].astype(_F32)


def _turned(quad: npt.NDArray[np.float32], *, scale: float, tilt_deg: float) -> npt.NDArray[np.float32]:
    """``quad`` scaled by ``scale`` and turned ``tilt_deg`` clockwise on screen about its centre."""
    centre = quad.mean(axis=0)
    angle = math.radians(tilt_deg)
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]], np.float64)
    turned = (quad - centre).astype(np.float64) @ rotation.T * scale + centre
    return turned.astype(_F32)


def _shadows(alpha: Alpha, fingers: Alpha, *, finger_px: float, opacity: float) -> tuple[Alpha, Alpha]:
    """The product's soft shadow on what is behind it, and the fingers' shadow on the product.

    Both fall a little downward (light from above the camera); the one behind is half as
    dark, blurred over 4% of the product's size.
    """
    if opacity == 0:
        zero = np.zeros_like(alpha)
        return zero, zero
    size = math.sqrt(max(float(alpha.sum()), 1.0))
    behind = 0.5 * opacity * _soft_shifted(alpha, sigma_px=0.04 * size, down_px=0.02 * size)
    if finger_px == 0:
        return behind, np.zeros_like(alpha)
    cast = _soft_shifted(fingers, sigma_px=0.5 * finger_px, down_px=0.3 * finger_px)
    return behind, (opacity * cast * alpha).astype(_F32)


def _soft_shifted(mask: Alpha, *, sigma_px: float, down_px: float) -> Alpha:
    shift = np.array([[1, 0, 0], [0, 1, down_px]], np.float32)
    moved = cv2.warpAffine(mask.astype(_F32), shift, (mask.shape[1], mask.shape[0]), flags=cv2.INTER_LINEAR)
    soft = cv2.GaussianBlur(moved, (0, 0), max(sigma_px, 0.5), borderType=cv2.BORDER_CONSTANT)
    return np.clip(soft, 0, 1).astype(_F32)


def _shadow_reach_px(quad: npt.NDArray[np.float32]) -> int:
    """How far past the product its shadow behind can reach: 3 sigma plus the shift, with room."""
    size = math.sqrt(max(abs(_signed_area(quad)), 1.0))
    return math.ceil(0.14 * size) + 2


def _hole_margin_px(held: Mask) -> int:
    """Dilation of the object before inpainting: its anti-aliased edge, a few pixels."""
    box = _box_of(held)
    return 3 + round(0.01 * max(box.w, box.h))


def _work_box(hole: Mask, quad: npt.NDArray[np.float32], shape: tuple[int, int], *, margin_px: int) -> Box:
    """The part of the image any step changes or reads from, clipped to it."""
    height, width = shape
    hole_box = _box_of(hole)
    x0 = min(hole_box.x, math.floor(quad[:, 0].min())) - margin_px
    y0 = min(hole_box.y, math.floor(quad[:, 1].min())) - margin_px
    x1 = max(hole_box.x + hole_box.w, math.ceil(quad[:, 0].max())) + margin_px
    y1 = max(hole_box.y + hole_box.h, math.ceil(quad[:, 1].max())) + margin_px
    clipped = clip_box(Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0), height=height, width=width)
    return clipped or Box(x=0, y=0, w=width, h=height)  # never None: the hole lies in the image


def _extent(alpha: Alpha, roi: Box, quad: npt.NDArray[np.float32]) -> Box:
    """The box of the product's visible pixels in image coordinates (its quad's when none shows)."""
    solid = alpha > 0.05
    if not solid.any():
        x0, y0 = np.floor(quad.min(axis=0)).astype(int)
        x1, y1 = np.ceil(quad.max(axis=0)).astype(int)
        return Box(x=int(x0), y=int(y0), w=max(1, int(x1 - x0)), h=max(1, int(y1 - y0)))
    box = _box_of(solid)
    return Box(x=roi.x + box.x, y=roi.y + box.y, w=box.w, h=box.h)


def _tidy(mask: Mask) -> Mask | None:
    """Close pinholes and drop specks: parts under 2% of the largest go; fingers may split an object."""
    closed = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    if count <= 1:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.flatnonzero(areas >= _KEEP_PART * areas.max()) + 1
    return np.isin(labels, keep)


def _polygon(quad: npt.NDArray[np.float32], shape: tuple[int, int]) -> Mask:
    inside = np.zeros(shape, np.uint8)
    cv2.fillPoly(inside, [np.rint((quad - 0.5) * 16).astype(np.int32)], 1, lineType=cv2.LINE_8, shift=4)
    return inside.astype(np.bool_)


def _dilate(mask: Mask, radius_px: int) -> Mask:
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius_px + 1, 2 * radius_px + 1))
    return cv2.dilate(mask.astype(np.uint8), kernel).astype(np.bool_)


def _box_of(mask: Mask) -> Box:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        raise InvalidInput("the object's region is empty")
    return Box(x=int(cols[0]), y=int(rows[0]), w=int(cols[-1] - cols[0] + 1), h=int(rows[-1] - rows[0] + 1))


def _grown(box: Box, factor: float) -> Box:
    """``box`` scaled by ``factor`` about its centre, in whole pixels (not clipped)."""
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    half_w, half_h = box.w * factor / 2, box.h * factor / 2
    x0, y0 = math.floor(cx - half_w), math.floor(cy - half_h)
    return Box(x=x0, y=y0, w=max(1, math.ceil(cx + half_w) - x0), h=max(1, math.ceil(cy + half_h) - y0))


def _signed_area(quad: npt.NDArray[np.float32]) -> float:
    """Shoelace area; positive when the corners run clockwise on screen (y down), as TL, TR, BR, BL do."""
    x, y = quad[:, 0].astype(np.float64), quad[:, 1].astype(np.float64)
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def find_held_object(image: Frame, *, hand: str | None = None) -> npt.NDArray[np.float32]:
    """Where a hand in ``image`` holds an object: the object's upright rotated rectangle as
    four corners TL, TR, BR, BL (``float32 (4, 2)``, image pixels), the ``location`` a later
    replacement can use.

    Raises
    ------
    NoHeldObject
        No hand, or no hand holding anything, was found.
    """
    check_frame(image, "image")
    _, held = _held_object(image, detect_hands(image), prefer=hand)
    box = _box_of(held)
    return _upright_quad(held, aspect=box.w / box.h)
