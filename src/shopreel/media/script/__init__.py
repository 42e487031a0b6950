"""Marketing scripts for the Avatar Marketing Video (M2V): what the avatar says.

``write_scripts`` writes scripts in any of TopView's 33 languages from hand-written ad copy
(``phrases/``), filled with the product's facts and fitted to a ``videoLengthType`` range
(``LENGTH_TYPES``) by a duration ``measure``; ``diy_script`` cuts a user's own script into
segments. An optional language-model backend with the same signature (the ``ScriptWriter``
protocol) lives in ``shopreel.jobs.script_llm``, since it talks to the network.
"""

from shopreel.media.script.diy import diy_script
from shopreel.media.script.duration import UNITS_PER_SECOND, calibrate, estimate_seconds
from shopreel.media.script.phrases import LANGUAGES
from shopreel.media.script.price import format_price
from shopreel.media.script.prompt import Steering, read_prompt
from shopreel.media.script.styles import DEFAULT_STYLES, STYLES, canonical_style
from shopreel.media.script.types import LENGTH_TYPES, ROLES, LengthRange, ProductFacts, Script, ScriptWriter, Segment
from shopreel.media.script.writer import MAX_COUNT, write_scripts

__all__ = [
    "DEFAULT_STYLES",
    "LANGUAGES",
    "LENGTH_TYPES",
    "MAX_COUNT",
    "ROLES",
    "STYLES",
    "UNITS_PER_SECOND",
    "LengthRange",
    "ProductFacts",
    "Script",
    "ScriptWriter",
    "Segment",
    "Steering",
    "calibrate",
    "canonical_style",
    "diy_script",
    "estimate_seconds",
    "format_price",
    "read_prompt",
    "write_scripts",
]
