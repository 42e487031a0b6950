import numpy as np
import pytest

from shopreel.catalog.presenters import PRESENTERS
from shopreel.media.avatar import VISEMES, Pose, RigRenderer, held_image, render_layers, render_rig
from shopreel.media.types import Box

W, H = 270, 480
SPEC = PRESENTERS[0].spec  # right-handed
LEFTY = next(p.spec for p in PRESENTERS if p.spec.holding == "left")


def _solid(rgb, *, h=60, w=40):
    return np.full((h, w, 3), rgb, np.uint8), np.ones((h, w), np.float32)


def _outside(mask_shape, *boxes, pad=2):
    keep = np.ones(mask_shape, bool)
    for b in boxes:
        keep[max(0, b.y - pad) : b.y + b.h + pad, max(0, b.x - pad) : b.x + b.w + pad] = False
    return keep


@pytest.fixture(scope="module", params=[False, True], ids=["vectors", "sprites"])
def rig(request):
    """Both drawing modes: every test taking ``rig`` holds for stills and for animation."""
    return RigRenderer(SPEC, width=W, height=H, sprites=request.param)


def test_same_inputs_give_identical_pixels(rig):
    pose = Pose(mouth="AA", mouth_open=0.6, head_tilt_deg=1.2, hand_tilt_deg=-1.5, breathe=0.4)
    a, _ = rig.frame(pose)
    b, _ = RigRenderer(SPEC, width=W, height=H, sprites=rig.sprites).frame(pose)
    assert a.dtype == np.uint8 and a.shape == (H, W, 3)
    assert np.array_equal(a, b)


_MOVES = [
    Pose(),
    Pose(mouth="AA", mouth_open=0.8, eyes="half", gaze=(0.3, -0.1), head_tilt_deg=1.5, head_offset=(0.01, -0.005),
         breathe=0.7, hand_offset=(0.02, -0.01), hand_tilt_deg=-2.0),
    Pose(mouth="O", mouth_open=0.5, eyes="closed", head_tilt_deg=-1.2, breathe=0.3, hand_tilt_deg=1.5),
]


@pytest.mark.parametrize("spec", [SPEC, LEFTY, next(p.spec for p in PRESENTERS if p.spec.hair_style == "long"),
                                  next(p.spec for p in PRESENTERS if p.spec.hair_style == "hijab")],
                         ids=["right", "left", "long-hair", "hijab"])
def test_sprites_draw_what_the_vectors_draw(spec):
    """The animation mode moves rest-pose pixels instead of redrawing: the same picture,
    different only along edges where the moved parts were resampled once more."""
    product = np.zeros((60, 40, 3), np.uint8)
    product[:, :20], product[:, 20:] = (200, 30, 30), (30, 30, 200)
    held = held_image(product, np.ones((60, 40), np.float32))
    vectors = RigRenderer(spec, width=W, height=H)
    sprites = RigRenderer(spec, width=W, height=H, sprites=True)
    for pose in _MOVES:
        for thing in (None, held):
            a, ra = vectors.frame(pose, held=thing)
            b, rb = sprites.frame(pose, held=thing)
            assert ra.face_box == rb.face_box and np.array_equal(ra.held_quad, rb.held_quad)
            diff = np.abs(a.astype(int) - b.astype(int)).max(axis=2)
            assert diff.mean() < 1.0, (pose, diff.mean())
            assert (diff > 24).mean() < 0.015, (pose, (diff > 24).mean())
            for box in (ra.face_box, ra.held_box):  # nothing is shifted: the parts line up to a pixel
                pa = a[box.y : box.y + box.h, box.x : box.x + box.w].astype(float)
                pb = b[box.y : box.y + box.h, box.x : box.x + box.w].astype(float)
                assert np.corrcoef(pa.ravel(), pb.ravel())[0, 1] > 0.99


@pytest.mark.parametrize("size", [(8, 8), (101, 177), (333, 200), (64, 300)])
def test_renders_any_size(size):
    w, h = size
    frame, render = render_rig(LEFTY, width=w, height=h)
    moving, _ = RigRenderer(LEFTY, width=w, height=h, sprites=True).frame(Pose(head_tilt_deg=1.0))
    assert frame.shape == moving.shape == (h, w, 3) and frame.dtype == moving.dtype == np.uint8
    assert frame.std() > 5 and moving.std() > 5  # something is drawn
    for box in (render.held_box, render.face_box, render.mouth_box, *render.eye_boxes):
        assert 0 <= box.x and box.x + box.w <= w and 0 <= box.y and box.y + box.h <= h


def test_bad_sizes_and_held_are_refused():
    with pytest.raises(ValueError, match="width"):
        render_rig(SPEC, width=0, height=100)
    with pytest.raises(ValueError, match="held rgb"):
        render_rig(SPEC, width=W, height=H, held=(np.zeros((4, 4), np.uint8), np.ones((4, 4), np.float32)))
    with pytest.raises(ValueError, match="transparent"):
        render_rig(SPEC, width=W, height=H, held=(np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4), np.float32)))
    with pytest.raises(ValueError, match="held_scale"):
        render_rig(SPEC, width=W, height=H, held_scale=0)
    with pytest.raises(ValueError, match="mouth"):
        Pose(mouth="XX")


def _redness(frame):
    f = frame.astype(int)
    return (f[..., 0] > 200) & (f[..., 1] < 60) & (f[..., 2] < 60)


@pytest.mark.parametrize("spec", [SPEC, LEFTY], ids=["right", "left"])
def test_red_product_fills_its_box_and_fingers_wrap_in_front(spec):
    frame, render = render_rig(spec, width=W, height=H, held=_solid((255, 0, 0)))
    b = render.held_box
    red = _redness(frame)
    inside = red[b.y : b.y + b.h, b.x : b.x + b.w]
    assert inside.mean() > 0.6
    assert not red[_outside(red.shape, b, pad=1)].any()
    skin = np.array(spec.skin_tone, int)
    patch = frame[b.y : b.y + b.h, b.x : b.x + b.w].astype(int)
    fingers = np.abs(patch - skin).sum(axis=2) < 60
    assert fingers.sum() > 0.05 * b.w * b.h  # fingers lie over the product


def test_held_quad_matches_box_and_keeps_aspect(rig):
    _, render = rig.frame(held=_solid((0, 0, 255), h=100, w=50))
    q = render.held_quad
    assert q.shape == (4, 2)
    w = np.linalg.norm(q[1] - q[0])
    h = np.linalg.norm(q[3] - q[0])
    assert w / h == pytest.approx(0.5, rel=0.02)
    b = render.held_box
    assert abs(q[:, 0].min() - b.x) <= 1 and abs(q[:, 1].max() - (b.y + b.h)) <= 1


def test_changing_the_product_changes_nothing_outside_the_hand(rig):
    a, ra = rig.frame(held=_solid((255, 0, 0), h=90, w=40))
    b, rb = rig.frame(held=_solid((0, 200, 0), h=50, w=80))
    diff = np.abs(a.astype(int) - b.astype(int)).sum(axis=2) > 0
    assert diff.any()
    assert not diff[_outside(diff.shape, ra.held_box, rb.held_box, ra.hand_box, rb.hand_box)].any()
    fb = ra.face_box
    assert np.array_equal(a[fb.y : fb.y + fb.h, fb.x : fb.x + fb.w], b[fb.y : fb.y + fb.h, fb.x : fb.x + fb.w])


@pytest.mark.parametrize("sprites", [False, True], ids=["vectors", "sprites"])
def test_product_pixels_survive_except_fingers_and_light(sprites):
    rng = np.random.default_rng(3)
    texture = np.kron(rng.integers(0, 255, (6, 4, 3)), np.ones((20, 20, 1))).astype(np.uint8)
    pose = Pose(hand_tilt_deg=1.7, hand_offset=(0.013, -0.007)) if sprites else Pose()  # moved: warped twice
    frame, render = RigRenderer(SPEC, width=540, height=960, sprites=sprites).frame(
        pose, held=(texture, np.ones(texture.shape[:2], np.float32)))
    import cv2

    src = np.float32([[0, 0], [80, 0], [80, 120], [0, 120]])
    warp = cv2.warpPerspective(texture, cv2.getPerspectiveTransform(src, render.held_quad.astype(np.float32)),
                               (540, 960), flags=cv2.INTER_LINEAR)
    b = render.held_box
    placed = frame[b.y + 3 : b.y + b.h - 3, b.x + 3 : b.x + b.w - 3].astype(float)
    expected = warp[b.y + 3 : b.y + b.h - 3, b.x + 3 : b.x + b.w - 3].astype(float)
    close = np.abs(placed - expected).max(axis=2) < 40
    assert close.mean() > 0.7  # all but fingers, their shadow and the cell edges


def test_bigger_held_scale_gives_a_bigger_box(rig):
    _, small = rig.frame(held_scale=0.8)
    _, big = rig.frame(held_scale=1.3)
    assert big.held_box.w * big.held_box.h > small.held_box.w * small.held_box.h * 2
    grip = [(r.held_quad[0, 0], r.held_quad[0, 1] + 0.62 * (r.held_quad[3, 1] - r.held_quad[0, 1])) for r in (small, big)]
    assert grip[0] == pytest.approx(grip[1], abs=0.5)  # scaled about the grip point


@pytest.mark.parametrize("viseme", [v for v in VISEMES if v != "rest"])
def test_each_viseme_changes_only_the_mouth(rig, viseme):
    rest, render = rig.frame(Pose())
    shaped, _ = rig.frame(Pose(mouth=viseme, mouth_open=1.0))
    diff = np.abs(rest.astype(int) - shaped.astype(int)).sum(axis=2) > 0
    assert diff.any(), viseme
    assert not diff[_outside(diff.shape, render.mouth_box, pad=0)].any()


def test_blinks_change_only_the_eyes(rig):
    open_, render = rig.frame(Pose(eyes="open"))
    for state in ("half", "closed"):
        shut, _ = rig.frame(Pose(eyes=state))
        diff = np.abs(open_.astype(int) - shut.astype(int)).sum(axis=2) > 0
        assert diff.any()
        assert not diff[_outside(diff.shape, *render.eye_boxes, pad=0)].any()
    left, right = render.eye_boxes
    assert left.x + left.w <= right.x + 2


def test_opening_the_mouth_grows_its_dark_inside(rig):
    areas = []
    for t in np.linspace(0, 1, 6):
        frame, render = rig.frame(Pose(mouth="AA", mouth_open=float(t)))
        m = render.mouth_box
        patch = frame[m.y : m.y + m.h, m.x : m.x + m.w].astype(int)
        areas.append(int(((patch.sum(axis=2) < 220) & (patch[..., 0] < 130)).sum()))
    assert all(b >= a for a, b in zip(areas, areas[1:])), areas
    assert areas[-1] > 2 * areas[0] + 30, areas  # from the lips' seam line to a wide open mouth


def test_head_pose_moves_the_face_box(rig):
    _, still = rig.frame(Pose())
    frame, moved = rig.frame(Pose(head_offset=(0.05, 0.0), head_tilt_deg=6, breathe=1.0, gaze=(1, 0)))
    assert moved.face_box.x > still.face_box.x
    assert moved.face_box.y < still.face_box.y + 2


def test_layers_stack_back_product_front():
    layers = render_layers(SPEC, width=W, height=H, held_aspect=0.5, backdrop=False)
    assert layers.back.shape == (H, W, 3) and layers.back_alpha.shape == (H, W)
    assert layers.back_alpha.dtype == np.float32
    assert layers.back_alpha[0, 0] == 0.0  # no backdrop
    b = layers.render.held_box
    front = layers.front_alpha
    assert front[b.y : b.y + b.h, b.x : b.x + b.w].sum() > 0.5 * front.sum() > 0  # fingers over the object
    assert front[: b.y - 10].sum() == 0


def test_renderer_and_default_prop_fit_the_box(rig):
    a, render = rig.frame()
    box = render.held_box
    assert isinstance(box, Box)
    b, _ = rig.frame(held=held_image(*_solid((10, 10, 10))))
    assert not np.array_equal(a[box.y : box.y + box.h, box.x : box.x + box.w], b[box.y : box.y + box.h, box.x : box.x + box.w])
