"""The built-in cast of illustrated presenters behind ``/v1/product_avatar/public_avatar/query``.

ShopReel cannot ship photos of real people, so its public avatars are drawn by code
(:mod:`shopreel.media.avatar`). This module holds the cast, the ethnicity catalog
(``/v1/ethnicity/list``) and the product categories (``/v1/product_avatar/category/list``).
Every id is ``uuid5(namespace, "<slug>")`` in hex: stable across releases and machines.

Skin tones are mid-tones picked from the range each group spans (a cast, not a census);
every ethnicity appears with both genders somewhere in the cast.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timezone
from dataclasses import dataclass

from shopreel.catalog.voices import VOICES, Voice, speaking_voice
from shopreel.media.avatar.spec import RGB, PresenterSpec

__all__ = [
    "Ethnicity",
    "Category",
    "Presenter",
    "ETHNICITIES",
    "CATEGORIES",
    "PRESENTERS",
    "SORTINGS",
    "presenter_id",
    "find_presenter",
    "find_ethnicity",
    "find_category",
    "query_presenters",
]

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "shopreel:catalog:presenters")
SORTINGS = ("Popularity", "Newest")


def presenter_id(slug: str) -> str:
    """The stable id of the catalog entry named ``slug`` (presenter, ethnicity or category)."""
    return uuid.uuid5(_NAMESPACE, slug).hex


@dataclass(frozen=True)
class Ethnicity:
    ethnicity_id: str
    name: str


@dataclass(frozen=True)
class Category:
    category_id: str
    name: str


@dataclass(frozen=True)
class Presenter:
    """One public avatar: how to draw it, and what the catalog query sorts and filters on.

    ``popularity`` is a rank (1 is the most popular); ``created`` an ISO date.
    """

    spec: PresenterSpec
    ethnicity_ids: tuple[str, ...]
    popularity: int
    created: str

    @property
    def presenter_id(self) -> str:
        return self.spec.presenter_id

    def voice_among(self, voices: Sequence[Voice] = VOICES) -> Voice:
        """The voice this presenter speaks with unless told otherwise (its ``voiceoverId``):
        of ``voices`` (the server's, ``voice_folder.available_voices``), a neural one of its
        gender where there is one."""
        spec = self.spec
        return speaking_voice(spec.default_voice_gender or spec.gender, age=spec.default_voice_age or spec.age,
                              voices=voices)

    @property
    def created_ms(self) -> int:
        """``created`` as epoch milliseconds (UTC midnight), as the API reports times."""
        return int(datetime.fromisoformat(self.created).replace(tzinfo=timezone.utc).timestamp() * 1000)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def gender(self) -> str:
        return self.spec.gender

    @property
    def category_ids(self) -> tuple[str, ...]:
        return self.spec.category_ids


_ETHNICITY_SLUGS = (
    ("east-asian", "East Asian"),
    ("south-asian", "South Asian"),
    ("southeast-asian", "Southeast Asian"),
    ("black", "Black / African descent"),
    ("white", "White / European"),
    ("hispanic", "Hispanic / Latino"),
    ("mena", "Middle Eastern / North African"),
    ("pacific-indigenous", "Pacific Islander / Indigenous"),
)
ETHNICITIES: tuple[Ethnicity, ...] = tuple(
    Ethnicity(presenter_id(f"ethnicity/{slug}"), name) for slug, name in _ETHNICITY_SLUGS
)
_ETH = {slug: e.ethnicity_id for (slug, _), e in zip(_ETHNICITY_SLUGS, ETHNICITIES, strict=True)}

_CATEGORY_SLUGS = (
    ("beauty", "💄 Beauty & Skincare"),
    ("fashion", "👗 Fashion"),
    ("home", "🍳 Home & Kitchen"),
    ("tech", "📱 Tech & Gadgets"),
    ("sports", "🏋️ Sports & Fitness"),
    ("kids", "🧸 Kids & Toys"),
    ("pets", "🐶 Pets"),
    ("food", "🍫 Food & Drink"),
)
CATEGORIES: tuple[Category, ...] = tuple(
    Category(presenter_id(f"category/{slug}"), name) for slug, name in _CATEGORY_SLUGS
)
_CAT = {slug: c.category_id for (slug, _), c in zip(_CATEGORY_SLUGS, CATEGORIES, strict=True)}


@dataclass(frozen=True)
class _Cast:
    slug: str
    name: str
    gender: str
    age: str
    ethnicity: str
    skin: RGB
    hair: str
    hair_color: RGB
    eyes: RGB
    outfit: str
    outfit_colors: tuple[RGB, RGB]
    backdrop: tuple[RGB, RGB]
    prop: str
    categories: tuple[str, ...]
    created: str
    accessories: tuple[str, ...] = ()
    facial_hair: str = "none"
    lips: RGB | None = None
    holding: str = "right"


_BROWN_EYES = (92, 60, 40)
_DARK_EYES = (52, 36, 30)
_BLUE = ((226, 236, 250), (190, 208, 238))
_PEACH = ((253, 236, 226), (246, 204, 190))
_MINT = ((226, 246, 238), (186, 226, 212))
_LILAC = ((240, 232, 250), (212, 198, 238))
_SAND = ((250, 242, 226), (232, 214, 184))
_SKY = ((222, 242, 252), (176, 214, 240))

# In popularity order: the first is the most popular.
_CAST = (
    _Cast("mei", "Mei", "female", "Young", "east-asian", (244, 210, 178), "bob", (34, 26, 24), _DARK_EYES,
          "blouse", ((250, 206, 214), (255, 255, 255)), _PEACH, "serum", ("beauty", "fashion"), "2024-03-02",
          accessories=("earrings",), lips=(214, 104, 112)),
    _Cast("amara", "Amara", "female", "Young", "black", (122, 78, 54), "afro", (30, 22, 20), _DARK_EYES,
          "tee", ((250, 196, 70), (255, 255, 255)), _LILAC, "jar", ("beauty", "food"), "2024-05-18",
          accessories=("hoops",), lips=(150, 70, 72)),
    _Cast("lucas", "Lucas", "male", "Young", "white", (242, 208, 184), "short", (150, 100, 60), (80, 120, 160),
          "hoodie", ((70, 110, 180), (245, 245, 245)), _BLUE, "phone", ("tech",), "2024-02-10"),
    _Cast("priya", "Priya", "female", "Young", "south-asian", (196, 138, 100), "long", (28, 20, 18), _BROWN_EYES,
          "blazer", ((196, 64, 90), (250, 244, 236)), _PEACH, "perfume", ("beauty", "fashion"), "2024-06-01",
          accessories=("earrings",), lips=(168, 70, 80), holding="left"),
    _Cast("diego", "Diego", "male", "Young", "hispanic", (214, 160, 120), "curly", (40, 28, 22), _BROWN_EYES,
          "sport", ((36, 40, 52), (240, 96, 70)), _MINT, "bottle", ("sports", "food"), "2024-04-12",
          facial_hair="stubble"),
    _Cast("layla", "Layla", "female", "Middle Age", "mena", (214, 168, 130), "hijab", (120, 74, 96), _BROWN_EYES,
          "blouse", ((232, 220, 204), (120, 74, 96)), _SAND, "box", ("home", "food", "kids"), "2024-01-20",
          lips=(176, 92, 94)),
    _Cast("kenji", "Kenji", "male", "Middle Age", "east-asian", (232, 194, 156), "short", (24, 22, 24), _DARK_EYES,
          "shirt", ((236, 240, 246), (60, 80, 120)), _SKY, "phone", ("tech", "home"), "2023-11-05",
          accessories=("glasses",)),
    _Cast("tala", "Tala", "female", "Young", "pacific-indigenous", (172, 114, 80), "wavy", (36, 26, 22), _BROWN_EYES,
          "tee", ((60, 168, 150), (255, 255, 255)), _MINT, "bottle", ("sports", "kids"), "2024-07-08",
          accessories=("earrings",), lips=(150, 76, 76), holding="left"),
    _Cast("marcus", "Marcus", "male", "Middle Age", "black", (104, 66, 48), "buzz", (22, 18, 18), _DARK_EYES,
          "blazer", ((44, 58, 96), (246, 246, 246)), _BLUE, "phone", ("tech", "fashion"), "2023-12-14",
          facial_hair="beard"),
    _Cast("sofia", "Sofía", "female", "Middle Age", "hispanic", (222, 172, 134), "ponytail", (88, 52, 32),
          _BROWN_EYES, "apron", ((232, 110, 86), (250, 246, 238)), _PEACH, "mug", ("home", "food"), "2024-02-28",
          accessories=("earrings",), lips=(186, 84, 90)),
    _Cast("arjun", "Arjun", "male", "Young", "south-asian", (184, 126, 90), "short", (26, 20, 18), _DARK_EYES,
          "tee", ((244, 244, 240), (40, 40, 40)), _SKY, "box", ("tech", "kids"), "2024-08-03",
          facial_hair="stubble", holding="left"),
    _Cast("linh", "Linh", "female", "Young", "southeast-asian", (226, 178, 136), "bun", (30, 24, 22), _DARK_EYES,
          "sweater", ((176, 200, 236), (255, 255, 255)), _LILAC, "pouch", ("pets", "food"), "2024-09-15",
          lips=(200, 100, 108)),
    _Cast("omar", "Omar", "male", "Old", "mena", (206, 156, 116), "bald", (200, 196, 192), _BROWN_EYES,
          "sweater", ((120, 96, 80), (240, 236, 228)), _SAND, "jar", ("food", "home"), "2023-10-02",
          accessories=("round_glasses",), facial_hair="beard"),
    _Cast("grace", "Grace", "female", "Old", "white", (244, 214, 196), "bob", (222, 220, 218), (96, 130, 150),
          "blouse", ((120, 150, 200), (255, 255, 255)), _BLUE, "serum", ("beauty", "home"), "2023-09-12",
          accessories=("glasses", "necklace"), lips=(196, 110, 118)),
    _Cast("rafael", "Rafael", "male", "Young", "southeast-asian", (206, 152, 110), "wavy", (34, 26, 22), _DARK_EYES,
          "hoodie", ((240, 150, 60), (255, 255, 255)), _PEACH, "pouch", ("pets", "sports"), "2024-10-01"),
    _Cast("kai", "Kai", "male", "Middle Age", "pacific-indigenous", (160, 104, 72), "ponytail", (30, 24, 22),
          _DARK_EYES, "shirt", ((82, 140, 120), (250, 250, 250)), _MINT, "bottle", ("sports", "pets"), "2024-03-22",
          facial_hair="mustache"),
    _Cast("nia", "Nia", "female", "Old", "black", (96, 62, 46), "curly", (210, 208, 206), _DARK_EYES,
          "blazer", ((150, 60, 90), (250, 240, 232)), _LILAC, "perfume", ("fashion", "beauty"), "2023-08-30",
          accessories=("round_glasses", "earrings"), lips=(140, 64, 70)),
    _Cast("hana", "Hana", "female", "Middle Age", "east-asian", (238, 200, 166), "long", (46, 32, 26), _DARK_EYES,
          "sport", ((238, 96, 130), (255, 255, 255)), _SKY, "bottle", ("sports", "food"), "2024-11-11",
          lips=(206, 100, 112)),
    _Cast("walter", "Walter", "male", "Old", "white", (238, 200, 178), "short", (214, 212, 208), (100, 130, 160),
          "shirt", ((150, 176, 210), (250, 250, 250)), _SAND, "mug", ("home", "kids", "pets"), "2023-07-19",
          accessories=("glasses",), facial_hair="mustache", holding="left"),
    _Cast("yasmin", "Yasmin", "female", "Young", "mena", (222, 176, 138), "hijab", (46, 120, 130), _BROWN_EYES,
          "tee", ((246, 240, 230), (46, 120, 130)), _MINT, "phone", ("tech", "fashion"), "2024-12-02",
          lips=(190, 90, 100)),
)

_VOICE_AGE = {"Young": "Young", "Middle Age": "Middle Age", "Old": "Old"}


def _presenter(cast: _Cast, rank: int) -> Presenter:
    spec = PresenterSpec(
        presenter_id=presenter_id(f"presenter/{cast.slug}"),
        name=cast.name,
        gender=cast.gender,
        age=cast.age,
        ethnicity_id=_ETH[cast.ethnicity],
        skin_tone=cast.skin,
        hair_style=cast.hair,
        hair_color=cast.hair_color,
        eye_color=cast.eyes,
        outfit_style=cast.outfit,
        outfit_colors=cast.outfit_colors,
        backdrop=cast.backdrop,
        accessories=cast.accessories,
        facial_hair=cast.facial_hair,
        lip_color=cast.lips,
        prop=cast.prop,
        category_ids=tuple(_CAT[c] for c in cast.categories),
        default_voice_gender=cast.gender,
        default_voice_age=_VOICE_AGE[cast.age],
        holding=cast.holding,
    )
    return Presenter(spec=spec, ethnicity_ids=(_ETH[cast.ethnicity],), popularity=rank, created=cast.created)


PRESENTERS: tuple[Presenter, ...] = tuple(_presenter(cast, rank) for rank, cast in enumerate(_CAST, start=1))
_BY_ID = {p.presenter_id: p for p in PRESENTERS}
_ETHNICITY_BY_ID = {e.ethnicity_id: e for e in ETHNICITIES}
_CATEGORY_BY_ID = {c.category_id: c for c in CATEGORIES}


def find_presenter(presenter_id_: str) -> Presenter | None:
    """The presenter with this id (32 hex digits, any case), or ``None``."""
    return _BY_ID.get(presenter_id_.strip().lower())


def find_ethnicity(ethnicity_id: str) -> Ethnicity | None:
    return _ETHNICITY_BY_ID.get(ethnicity_id.strip().lower())


def find_category(category_id: str) -> Category | None:
    return _CATEGORY_BY_ID.get(category_id.strip().lower())


def query_presenters(
    *,
    ethnicity_ids: tuple[str, ...] | list[str] | None = None,
    gender: str | None = None,
    category_ids: tuple[str, ...] | list[str] | None = None,
    sorting: str = "Popularity",
    page_no: int = 1,
    page_size: int = 20,
) -> tuple[int, list[Presenter]]:
    """Filter and sort the cast like the public-avatar query and return ``(total, page)``.

    A presenter matches ``ethnicity_ids`` or ``category_ids`` when it has any of them (an
    empty list filters nothing); ``gender`` compares case-insensitively. ``Popularity``
    lists the most popular first, ``Newest`` the most recently added.

    Raises
    ------
    ValueError
        An unknown ``sorting``, or ``page_no`` / ``page_size`` below 1.
    """
    if sorting not in SORTINGS:
        raise ValueError(f"sorting must be one of {SORTINGS}, got {sorting!r}")
    if page_no < 1:
        raise ValueError(f"page_no must be >= 1, got {page_no}")
    if page_size < 1:
        raise ValueError(f"page_size must be >= 1, got {page_size}")
    ethnicities = {e.strip().lower() for e in ethnicity_ids or () if e.strip()}
    categories = {c.strip().lower() for c in category_ids or () if c.strip()}
    wanted_gender = gender.casefold() if gender else None
    matches = [
        p for p in PRESENTERS
        if (not ethnicities or ethnicities & set(p.ethnicity_ids))
        and (not categories or categories & set(p.category_ids))
        and (wanted_gender is None or p.gender == wanted_gender)
    ]
    if sorting == "Newest":
        matches.sort(key=lambda p: (p.created, -p.popularity), reverse=True)
    else:
        matches.sort(key=lambda p: p.popularity)
    first = (page_no - 1) * page_size
    return len(matches), matches[first : first + page_size]


# -- casting a presenter for an ad ------------------------------------------------------

#: Where an audience speaking the language most often lives, as our ethnicity slugs: a
#: presenter who looks local to the viewers is a cue that the ad is for them. Languages
#: spoken across many peoples (English, French, Spanish...) name none.
_LANGUAGE_ETHNICITIES: dict[str, tuple[str, ...]] = {
    "ja": ("east-asian",), "ko": ("east-asian",), "zh-CN": ("east-asian",), "zh-Hant": ("east-asian",),
    "hi": ("south-asian",),
    "th": ("southeast-asian",), "vi": ("southeast-asian",), "id": ("southeast-asian",),
    "ms": ("southeast-asian",), "fil": ("southeast-asian", "pacific-indigenous"),
    "ar": ("mena",), "tr": ("mena", "white"),
    "pt": ("hispanic", "white"), "es": ("hispanic", "white"),
    **{code: ("white",) for code in ("bg", "cs", "da", "de", "el", "fi", "hr", "hu", "it", "nb", "nl", "pl", "ro",
                                     "ru", "sk", "sv", "uk")},
}
#: Words of a product's name or description that say which of our categories it is in.
_PRODUCT_WORDS: dict[str, tuple[str, ...]] = {
    "beauty": ("serum", "cream", "skin", "lotion", "lipstick", "makeup", "mascara", "perfume", "fragrance",
               "shampoo", "hair", "nail", "beauty", "cosmetic", "moistur", "spf", "sunscreen", "cleanser"),
    "fashion": ("dress", "shirt", "jacket", "shoe", "sneaker", "bag", "handbag", "watch", "jewel", "ring",
                "necklace", "scarf", "hat", "sunglasses", "wallet", "fashion"),
    "home": ("kitchen", "mug", "cup", "pan", "pot", "knife", "lamp", "pillow", "blanket", "candle", "vase",
             "towel", "home", "cook", "clean", "storage", "decor"),
    "tech": ("phone", "charger", "cable", "headphone", "earbud", "speaker", "laptop", "keyboard", "mouse",
             "camera", "smart", "wireless", "bluetooth", "usb", "gadget", "tablet"),
    "sports": ("fitness", "yoga", "gym", "sport", "running", "workout", "protein", "bike", "ball", "bottle",
               "outdoor", "camping", "hiking"),
    "kids": ("kid", "child", "baby", "toy", "toddler", "school", "puzzle", "game"),
    "pets": ("dog", "cat", "pet", "puppy", "kitten", "leash", "litter", "treat"),
    "food": ("coffee", "tea", "snack", "chocolate", "sauce", "spice", "honey", "food", "drink", "juice",
             "organic", "flavor", "flavour", "recipe", "vitamin"),
}
_AUDIENCE_GENDER = (("female", ("women", "woman", "her ", "mom", "mother", "girl", "ladies", "female", "bride")),
                    ("male", ("men ", "man ", "his ", "dad", "father", "guy", "boy", "gentlem", "male", "groom")))
_AUDIENCE_AGE = (("Old", ("senior", "retire", "grandparent", "elderly", "older", "60+", "65+")),
                 ("Young", ("teen", "student", "gen z", "young", "college", "twenty")))


def _said(text: str, words: tuple[str, ...]) -> bool:
    return any(word in text for word in words)


def product_categories(text: str) -> tuple[str, ...]:
    """Our presenter category slugs a product's name and description point to, most words first."""
    lowered = f" {text.casefold()} "
    counts = {slug: sum(lowered.count(word) for word in words) for slug, words in _PRODUCT_WORDS.items()}
    return tuple(slug for slug, count in sorted(counts.items(), key=lambda item: -item[1]) if count)


def cast_presenter(*, language: str, product: str, audience: str | None = None,
                   voice_gender: str | None = None) -> Presenter:
    """The presenter an ad is led by when the request names none.

    In order of weight: the gender ``audience`` names (``"busy moms"``), else the voice's
    (``voice_gender``: the presenter speaks with it, and a man's voice from a woman's mouth
    would jar); a look local to the viewers of ``language``; the product's category (from
    the words of ``product``, its name and description); the age ``audience`` names; then
    popularity. The same inputs always cast the same presenter.
    """
    text = f" {(audience or '').casefold()} "
    gender = next((g for g, words in _AUDIENCE_GENDER if _said(text, words)), None) or voice_gender
    age = next((a for a, words in _AUDIENCE_AGE if _said(text, words)), None)
    local = {_ETH[slug] for slug in _LANGUAGE_ETHNICITIES.get(language, ())}
    categories = [_CAT[slug] for slug in product_categories(product)]

    def score(presenter: Presenter) -> tuple[float, int]:
        points = 0.0
        if gender and presenter.gender == gender:
            points += 8
        if local & set(presenter.ethnicity_ids):
            points += 4
        for rank, category in enumerate(categories[:2]):
            if category in presenter.category_ids:
                points += 2 if rank == 0 else 1
        if age and presenter.spec.age == age:
            points += 1.5
        return -points, presenter.popularity

    return min(PRESENTERS, key=score)
