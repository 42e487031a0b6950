"""From a prompt to a motion plan: which camera moves and product effects a clip gets.

Vocabulary (English, case-insensitive, common inflections accepted; a few Chinese words too):

============  ==========================================================================
move/effect   words
============  ==========================================================================
push_in       zoom in, push in, close up, close-up, move closer, get closer;
              推近 拉近 推进 放大
pull_out      zoom out, pull back/out/away, move away, wide shot, reveal; 拉远 缩小
pan_left      pan left, truck left; 左移 向左
pan_right     pan right, truck right; 右移 向右
tilt_up       tilt up, crane up, pedestal up; 上摇 向上
tilt_down     tilt down, crane down, pedestal down; 下摇 向下
dolly_in      dolly, dolly in, track in, fly in/through
dolly_out     dolly out, dolly back, track out
orbit_left    orbit left, rotate/circle/arc left; plain orbit, rotate around, circle around,
/orbit_right  arc shot, turntable, 360, 环绕 旋转 take their direction from the variant
parallax      parallax, depth, 2.5d, 3d effect/photo/motion; 视差 景深
light_sweep   shine, shiny, glow, light sweep, sweeping light, gleam, sheen, glossy,
              highlight, reflection; 光泽 高光 扫光
sparkle       sparkle, glitter, twinkle, bling, glint; 闪光 闪烁 闪亮
float         float, levitate, hover, weightless, suspended; 漂浮 悬浮
============  ==========================================================================

Intensity (multiplied together, then clamped to [0.4, 2]): slow/slowly/gentle/gently/calm
x0.7, subtle/slight/soft x0.6, fast/quick/rapid/swift x1.4, dramatic/epic/dynamic/intense/
strong/energetic x1.6; 缓慢/慢慢 x0.7, 快速 x1.4. It scales every move's amplitude and the
parallax depth (a clip's length is fixed, so a faster move is a longer one).

``static``, ``still camera``, ``locked-off``, ``tripod``, ``fixed camera`` and ``no camera
movement`` keep the camera still (effects still apply). A phrase after ``no``/``without``/
``don't``/``avoid`` in the prompt counts as negative. The negative prompt removes what it
names: a specific phrase (``zoom out``) removes that move; a bare family word removes the
family: ``zoom`` (push, pull, dolly), ``pan``, ``tilt``, ``orbit``/``rotate``/``rotation``,
``dolly``, ``camera movement``/``camera motion``/``moving camera`` (every move), and the
effect words above. ``camera shake``/``shaky``/``jitter``/``wobble`` are accepted and need
nothing removed: ShopReel never shakes the camera. ``fast``/``jerky``/``dramatic`` in the
negative prompt cap the intensity at 0.8.

Opposite moves (push_in and pull_out, pan_left and pan_right, ...) keep the one named first.
Without any recognised camera word, each variant has its own default, so the four clips of
one request differ: 0 push-in with parallax, 1 pan (right) with a light sweep, 2 pull-out
with float, 3 orbit with parallax and sparkle. With camera words, variants still differ in
where a zoom aims and which way an unspecified orbit or sweep goes. Effects that need a
subject are dropped without one: ``parallax`` needs a person or product, ``light_sweep``,
``sparkle`` and ``float`` need a product.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from enum import StrEnum

from shopreel.errors import InvalidInput

__all__ = ["Move", "Effect", "MotionPlan", "plan_motion"]


class Move(StrEnum):
    """A camera move over the whole clip. Directions are the camera's: ``pan_left`` turns the
    camera left, so the picture's content slides right across the frame; ``tilt_up`` makes
    the content slide down."""

    PUSH_IN = "push_in"
    PULL_OUT = "pull_out"
    PAN_LEFT = "pan_left"
    PAN_RIGHT = "pan_right"
    TILT_UP = "tilt_up"
    TILT_DOWN = "tilt_down"
    DOLLY_IN = "dolly_in"
    DOLLY_OUT = "dolly_out"
    ORBIT_LEFT = "orbit_left"
    ORBIT_RIGHT = "orbit_right"


class Effect(StrEnum):
    """A layer or product effect: 2.5D parallax, a specular light sweep, sparkles, a float bob."""

    PARALLAX = "parallax"
    LIGHT_SWEEP = "light_sweep"
    SPARKLE = "sparkle"
    FLOAT = "float"


_OPPOSITE = {
    Move.PUSH_IN: Move.PULL_OUT,
    Move.PAN_LEFT: Move.PAN_RIGHT,
    Move.TILT_UP: Move.TILT_DOWN,
    Move.DOLLY_IN: Move.DOLLY_OUT,
    Move.ORBIT_LEFT: Move.ORBIT_RIGHT,
}
_OPPOSITE |= {b: a for a, b in _OPPOSITE.items()}
_ZOOMS = frozenset({Move.PUSH_IN, Move.PULL_OUT, Move.DOLLY_IN, Move.DOLLY_OUT})
_AIMS = ((0.0, 0.0), (-0.06, -0.05), (0.06, 0.04), (0.0, -0.07))
"""Where a zoom aims per variant, as an offset from the subject in fractions of the frame."""


@dataclass(frozen=True)
class MotionPlan:
    """What happens in a clip.

    Parameters
    ----------
    duration_s : float
        Length of the clip in seconds.
    moves : tuple of Move
        Camera moves, all applied at once (their motions add up); no two opposite moves.
    effects : frozenset of Effect
    intensity : float
        Scales every move's amplitude and the parallax depth; 1 is the default look.
    aim : (float, float)
        Where zooms aim, as an offset from the subject's centre (the picture's centre without
        one) in fractions of the frame's width and height.
    variant : int
        Varies what the words leave open: the direction of a sweep, where sparkles appear.
    """

    duration_s: float
    moves: tuple[Move, ...] = ()
    effects: frozenset[Effect] = field(default_factory=frozenset)
    intensity: float = 1.0
    aim: tuple[float, float] = (0.0, 0.0)
    variant: int = 0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.duration_s) and self.duration_s > 0):
            raise InvalidInput(f"duration_s must be a positive number of seconds, got {self.duration_s}")
        if not 0 < self.intensity <= 3:
            raise InvalidInput(f"intensity must be in (0, 3], got {self.intensity}")
        for move in self.moves:
            if _OPPOSITE[Move(move)] in self.moves:
                raise InvalidInput(f"moves holds both {move} and its opposite {_OPPOSITE[move]}: {self.moves}")
        if abs(self.aim[0]) > 0.25 or abs(self.aim[1]) > 0.25:
            raise InvalidInput(f"aim must be offsets within +-0.25 of the frame, got {self.aim}")
        if self.variant < 0:
            raise InvalidInput(f"variant must be >= 0, got {self.variant}")


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.IGNORECASE)


_S = r"(?:s|es|ed|d|ing)?"
_MOVE_WORDS: dict[Move, re.Pattern[str]] = {
    Move.PUSH_IN: _words(
        rf"\bzoom{_S}\s+in(?:to|wards?)?\b", rf"\bpush{_S}\s+in\b", r"\bclose[\s-]?ups?\b",
        rf"\b(?:move|get){_S}\s+closer\b", "推近", "拉近", "推进", "放大",
    ),
    Move.PULL_OUT: _words(
        rf"\bzoom{_S}\s+out\b", rf"\bpull{_S}\s+(?:back|out|away)\b", rf"\bmov{_S}\s+away\b",
        r"\bwide\s+shot\b", rf"\breveal{_S}\b", "拉远", "缩小",
    ),
    Move.PAN_LEFT: _words(rf"\b(?:pan|truck){_S}\s+(?:to\s+the\s+)?left(?:wards?)?\b", "左移", "向左"),
    Move.PAN_RIGHT: _words(rf"\b(?:pan|truck){_S}\s+(?:to\s+the\s+)?right(?:wards?)?\b", "右移", "向右"),
    Move.TILT_UP: _words(rf"\b(?:tilt|crane|pedestal){_S}\s+up(?:wards?)?\b", "上摇", "向上"),
    Move.TILT_DOWN: _words(rf"\b(?:tilt|crane|pedestal){_S}\s+down(?:wards?)?\b", "下摇", "向下"),
    Move.DOLLY_OUT: _words(r"\bdolly\s+(?:out|back)\b", r"\bdollies\s+(?:out|back)\b", rf"\btrack{_S}\s+out\b"),
    Move.DOLLY_IN: _words(
        r"\bdolly(?!\s+(?:out|back))(?:\s+in)?\b", r"\bdoll(?:ies|ied|ying)\b(?!\s+(?:out|back))",
        rf"\btrack{_S}\s+in\b", r"\bfly(?:ing)?\s+(?:in|through)\b",
    ),
    Move.ORBIT_LEFT: _words(rf"\b(?:orbit|rotat|circl|arc){_S}e?\s+(?:to\s+the\s+)?left\b"),
    Move.ORBIT_RIGHT: _words(rf"\b(?:orbit|rotat|circl|arc){_S}e?\s+(?:to\s+the\s+)?right\b"),
}
_ORBIT_WORDS = _words(
    rf"\borbit{_S}\b", r"\brotat(?:e|es|ed|ing)\s+around\b", r"\bcircl(?:e|es|ed|ing)\s+around\b",
    r"\barc\s+shot\b", r"\bturntable\b", r"\b360\b", "环绕", "旋转",
)
_EFFECT_WORDS: dict[Effect, re.Pattern[str]] = {
    Effect.PARALLAX: _words(r"\bparallax\b", r"\bdepth\b", r"\b2\.5d\b", r"\b3d\s+(?:effect|photo|motion)\b", "视差", "景深"),
    Effect.LIGHT_SWEEP: _words(r"\bshin(?:e|es|y|ing)\b", rf"\bglow{_S}\b", r"\blight\s+sweeps?\b",
                               r"\bsweeping\s+light\b", rf"\bgleam{_S}\b", r"\bsheen\b", r"\bglossy\b",
                               r"\bhighlights?\b", r"\breflections?\b", "光泽", "高光", "扫光"),
    Effect.SPARKLE: _words(r"\bsparkl(?:e|es|ed|ing|y)\b", r"\bglitter(?:s|ing|y)?\b", r"\btwinkl(?:e|es|ing)\b",
                           r"\bbling\b", r"\bglints?\b", "闪光", "闪烁", "闪亮"),
    Effect.FLOAT: _words(r"\bfloat(?:s|ed|ing|y)?\b", r"\blevitat(?:e|es|ed|ing|ion)\b", rf"\bhover{_S}\b", r"\bweightless\b", r"\bsuspended\b", "漂浮", "悬浮"),
}
_FAMILIES: tuple[tuple[re.Pattern[str], frozenset[Move]], ...] = (
    (_words(r"\bzoom\w*", r"\bpush\w*", r"\bpull\w*"), _ZOOMS),
    (_words(r"\bpan(?:s|ned|ning)?\b", r"\btruck\w*"), frozenset({Move.PAN_LEFT, Move.PAN_RIGHT})),
    (_words(r"\btilt\w*", r"\bcrane\w*"), frozenset({Move.TILT_UP, Move.TILT_DOWN})),
    (_words(r"\borbit\w*", r"\brotat\w*", r"\bcircl\w*", r"\bturntable\b"),
     frozenset({Move.ORBIT_LEFT, Move.ORBIT_RIGHT})),
    (_words(r"\bdoll(?:y|ies|ied|ying)\b"), frozenset({Move.DOLLY_IN, Move.DOLLY_OUT})),
    (_words(r"\bcamera\s+(?:movement|motion|moves?|moving)\b", r"\bmoving\s+camera\b"), frozenset(Move)),
)
_STATIC = _words(r"\bstatic\b", r"\bstill\s+camera\b", r"\blocked[\s-]off\b", r"\btripod\b",
                 r"\bfixed\s+camera\b", r"\bno\s+camera\s+(?:movement|motion)\b", "固定镜头")
_NEGATED = re.compile(r"\b(?:no|without|don'?t|do\s+not|avoid|never)\s+((?:[\w.-]+\s+){0,2}[\w.-]+)", re.IGNORECASE)
_INTENSITY: tuple[tuple[re.Pattern[str], float], ...] = (
    (_words(r"\bslow(?:ly|er)?\b", r"\bgentl[ey]\b", r"\bcalm(?:ly)?\b", "缓慢", "慢慢"), 0.7),
    (_words(r"\bsubtle\b", r"\bslight(?:ly)?\b", r"\bsoft(?:ly)?\b"), 0.6),
    (_words(r"\bfast(?:er)?\b", r"\bquick(?:ly)?\b", r"\brapid(?:ly)?\b", r"\bswift(?:ly)?\b", "快速"), 1.4),
    (_words(r"\bdramatic(?:ally)?\b", r"\bepic\b", r"\bdynamic\b", r"\bintense\b", r"\bstrong\b",
            r"\benergetic\b"), 1.6),
)
_CALMING = _words(r"\bfast\b", r"\bjerky\b", r"\bdramatic\b", r"\brapid\b", r"\bquick\b")
_DEFAULTS: tuple[tuple[tuple[Move, ...], tuple[Effect, ...]], ...] = (
    ((Move.PUSH_IN,), (Effect.PARALLAX,)),
    ((Move.PAN_RIGHT,), (Effect.LIGHT_SWEEP,)),
    ((Move.PULL_OUT,), (Effect.FLOAT,)),
    ((Move.ORBIT_LEFT,), (Effect.PARALLAX, Effect.SPARKLE)),
)
_FALLBACK_MOVES = (Move.PUSH_IN, Move.PAN_RIGHT, Move.PULL_OUT, Move.ORBIT_LEFT, Move.TILT_UP, Move.PAN_LEFT)


def plan_motion(
    prompt: str | None,
    negative_prompt: str | None,
    *,
    duration_s: float,
    variant: int,
    has_person: bool,
    has_product: bool,
) -> MotionPlan:
    """Choose camera moves and effects for a clip from its prompt (see the module docstring).

    Parameters
    ----------
    prompt, negative_prompt : str or None
        Free text; unknown words are ignored.
    duration_s : float
        Clip length in seconds.
    variant : int
        Which of several clips of one request this is (0 and up; defaults cycle every 4).
    has_person, has_product : bool
        Whether the picture shows a person or a product that can be cut out; effects that
        need one are left out without it.

    Returns
    -------
    MotionPlan

    Raises
    ------
    InvalidInput
        ``duration_s`` is not positive or ``variant`` is negative.
    """
    if variant < 0:
        raise InvalidInput(f"variant must be >= 0, got {variant}")
    text = prompt or ""
    negated = " ; ".join(match.group(1) for match in _NEGATED.finditer(text))
    text = _NEGATED.sub(" ", text)
    negative = " ; ".join(part for part in (negative_prompt or "", negated) if part)

    moves = _named_moves(text, variant)
    effects = {effect for effect, words in _EFFECT_WORDS.items() if words.search(text)}
    static = bool(_STATIC.search(text))
    if static:
        moves = []
    intensity = math.prod(factor for words, factor in _INTENSITY if words.search(text))
    if _CALMING.search(negative):
        intensity = min(intensity, 0.8)
    removed_moves = _removed_moves(negative, variant)
    removed_effects = {effect for effect, words in _EFFECT_WORDS.items() if words.search(negative)}

    if not moves and not effects and not static:
        default_moves, default_effects = _DEFAULTS[variant % len(_DEFAULTS)]
        moves, effects = list(default_moves), set(default_effects)
    elif not moves and not static:
        moves = [move for move in _DEFAULTS[variant % len(_DEFAULTS)][0]]
    moves = [move for move in moves if move not in removed_moves]
    if not moves and not static and not removed_moves >= set(Move):
        moves = [next(m for m in _rotated(_FALLBACK_MOVES, variant) if m not in removed_moves)][:1]
    effects -= removed_effects
    if not (has_person or has_product):
        effects.discard(Effect.PARALLAX)
    if not has_product:
        effects -= {Effect.LIGHT_SWEEP, Effect.SPARKLE, Effect.FLOAT}
    return MotionPlan(
        duration_s=duration_s,
        moves=tuple(moves),
        effects=frozenset(effects),
        intensity=min(max(intensity, 0.4), 2.0),
        aim=_AIMS[variant % len(_AIMS)],
        variant=variant,
    )


def _named_moves(text: str, variant: int) -> list[Move]:
    """Moves named in ``text`` in the order they first appear, dropping any opposite of an earlier one."""
    found: list[tuple[int, Move]] = []
    for move, words in _MOVE_WORDS.items():
        match = words.search(text)
        if match:
            found.append((match.start(), move))
    if not any(move in (Move.ORBIT_LEFT, Move.ORBIT_RIGHT) for _, move in found):
        match = _ORBIT_WORDS.search(text)
        if match:
            found.append((match.start(), Move.ORBIT_RIGHT if variant % 2 else Move.ORBIT_LEFT))
    moves: list[Move] = []
    for _, move in sorted(found, key=lambda item: item[0]):
        if move not in moves and _OPPOSITE[move] not in moves:
            moves.append(move)
    return moves


def _removed_moves(negative: str, variant: int) -> set[Move]:
    """Moves ``negative`` names: specific phrases remove their move, bare family words the family."""
    removed = set(_named_moves(negative, variant))
    specific_spans = [m.span() for words in _MOVE_WORDS.values() for m in words.finditer(negative)]
    for words, family in _FAMILIES:
        for match in words.finditer(negative):
            if not any(start <= match.start() < end for start, end in specific_spans):
                removed |= family
    return removed


def _rotated(items: tuple[Move, ...], by: int) -> tuple[Move, ...]:
    k = by % len(items)
    return items[k:] + items[:k]
