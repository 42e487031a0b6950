"""What an illustrated presenter looks like (:class:`PresenterSpec`) and how it moves (:class:`Pose`).

A spec is the whole, static description of one cast member; a pose is what changes from
frame to frame (mouth, eyes, head, breathing, hand). Both are frozen: a renderer caches the
static drawing per spec and only redraws what a pose touches.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopreel.errors import InvalidInput

__all__ = [
    "RGB",
    "HAIR_STYLES",
    "OUTFIT_STYLES",
    "ACCESSORIES",
    "FACIAL_HAIR",
    "PROPS",
    "VISEMES",
    "EYE_STATES",
    "PresenterSpec",
    "Pose",
]

RGB = tuple[int, int, int]

HAIR_STYLES = ("short", "buzz", "bald", "long", "bob", "curly", "afro", "bun", "ponytail", "hijab", "wavy")
OUTFIT_STYLES = ("tee", "shirt", "blazer", "hoodie", "apron", "sport", "sweater", "blouse")
ACCESSORIES = ("glasses", "round_glasses", "earrings", "hoops", "necklace")
FACIAL_HAIR = ("none", "stubble", "beard", "mustache")
PROPS = ("serum", "phone", "box", "bottle", "jar", "pouch", "perfume", "mug")
VISEMES = ("rest", "MBP", "AA", "E", "I", "O", "U", "FV", "L", "TH", "WQ", "CH", "SS", "KK")
EYE_STATES = ("open", "half", "closed")


def _check_rgb(name: str, value: RGB) -> None:
    if len(value) != 3 or not all(isinstance(c, int) and 0 <= c <= 255 for c in value):
        raise InvalidInput(f"{name} must be three ints in 0..255, got {value!r}")


@dataclass(frozen=True)
class PresenterSpec:
    """One illustrated presenter.

    Colours are RGB tuples of ints in 0..255. ``hair_style`` is one of :data:`HAIR_STYLES`,
    ``outfit_style`` one of :data:`OUTFIT_STYLES`, ``accessories`` a subset of
    :data:`ACCESSORIES`, ``prop`` (the object held when the caller gives none) one of
    :data:`PROPS`. ``holding`` is the presenter's own hand: ``"right"`` appears on the
    viewer's left. ``backdrop`` is the top and bottom colour of the soft gradient behind.
    """

    presenter_id: str
    name: str
    gender: str
    age: str
    ethnicity_id: str
    skin_tone: RGB
    hair_style: str
    hair_color: RGB
    eye_color: RGB
    outfit_style: str
    outfit_colors: tuple[RGB, RGB]
    backdrop: tuple[RGB, RGB] = ((236, 240, 250), (206, 216, 238))
    accessories: tuple[str, ...] = ()
    facial_hair: str = "none"
    lip_color: RGB | None = None
    prop: str = "box"
    category_ids: tuple[str, ...] = ()
    default_voice_gender: str = ""
    default_voice_age: str = ""
    holding: str = "right"

    def __post_init__(self) -> None:
        if len(self.presenter_id) != 32 or any(c not in "0123456789abcdef" for c in self.presenter_id):
            raise InvalidInput(f"presenter_id must be 32 lowercase hex digits, got {self.presenter_id!r}")
        if self.gender not in ("male", "female"):
            raise InvalidInput(f"gender must be 'male' or 'female', got {self.gender!r}")
        if self.age not in ("Young", "Middle Age", "Old"):
            raise InvalidInput(f"age must be 'Young', 'Middle Age' or 'Old', got {self.age!r}")
        if self.hair_style not in HAIR_STYLES:
            raise InvalidInput(f"hair_style must be one of {HAIR_STYLES}, got {self.hair_style!r}")
        if self.outfit_style not in OUTFIT_STYLES:
            raise InvalidInput(f"outfit_style must be one of {OUTFIT_STYLES}, got {self.outfit_style!r}")
        if self.facial_hair not in FACIAL_HAIR:
            raise InvalidInput(f"facial_hair must be one of {FACIAL_HAIR}, got {self.facial_hair!r}")
        if self.prop not in PROPS:
            raise InvalidInput(f"prop must be one of {PROPS}, got {self.prop!r}")
        if self.holding not in ("right", "left"):
            raise InvalidInput(f"holding must be 'right' or 'left', got {self.holding!r}")
        unknown = set(self.accessories) - set(ACCESSORIES)
        if unknown:
            raise InvalidInput(f"accessories must be among {ACCESSORIES}, got {sorted(unknown)}")
        for field in ("skin_tone", "hair_color", "eye_color"):
            _check_rgb(field, getattr(self, field))
        for i, colour in enumerate(self.outfit_colors + self.backdrop):
            _check_rgb(f"outfit_colors/backdrop[{i}]", colour)
        if self.lip_color is not None:
            _check_rgb("lip_color", self.lip_color)


@dataclass(frozen=True)
class Pose:
    """What moves from frame to frame.

    ``mouth`` is a viseme from :data:`VISEMES`; ``mouth_open`` in [0, 1] blends the mouth's
    control points from ``rest`` toward it (0 is rest, 1 the full viseme), which is how a
    lip-sync driver co-articulates. ``eyes`` is one of :data:`EYE_STATES`. ``gaze`` moves the
    irises in [-1, 1] of their travel (x right, y down), independent of the frame size.
    ``head_tilt_deg`` rolls the head about the neck (positive is clockwise on screen);
    ``head_offset`` moves it in fractions of the head's height. ``breathe`` in [0, 1] lifts
    chest, shoulders and head. ``hand_offset`` moves the holding hand (and what it holds) in
    fractions of the head's height; ``hand_tilt_deg`` rolls hand and object about the grip.
    """

    mouth: str = "rest"
    mouth_open: float = 0.0
    eyes: str = "open"
    gaze: tuple[float, float] = (0.0, 0.0)
    head_tilt_deg: float = 0.0
    head_offset: tuple[float, float] = (0.0, 0.0)
    breathe: float = 0.0
    hand_offset: tuple[float, float] = (0.0, 0.0)
    hand_tilt_deg: float = 0.0

    def __post_init__(self) -> None:
        if self.mouth not in VISEMES:
            raise InvalidInput(f"mouth must be one of {VISEMES}, got {self.mouth!r}")
        if not 0.0 <= self.mouth_open <= 1.0:
            raise InvalidInput(f"mouth_open must be in [0, 1], got {self.mouth_open!r}")
        if self.eyes not in EYE_STATES:
            raise InvalidInput(f"eyes must be one of {EYE_STATES}, got {self.eyes!r}")
        if not 0.0 <= self.breathe <= 1.0:
            raise InvalidInput(f"breathe must be in [0, 1], got {self.breathe!r}")
        if not -30.0 <= self.head_tilt_deg <= 30.0:
            raise InvalidInput(f"head_tilt_deg must be in [-30, 30], got {self.head_tilt_deg!r}")
        if not -45.0 <= self.hand_tilt_deg <= 45.0:
            raise InvalidInput(f"hand_tilt_deg must be in [-45, 45], got {self.hand_tilt_deg!r}")
