"""Remove Background parameters: either name of the photo is stored as one."""

from __future__ import annotations

from shopreel.jobs import JOBS


def test_remove_background_stores_one_name_for_the_photo():
    spec = JOBS["remove_background"]
    by_other_name = spec.parse_params({"imageFileId": "p1"})
    assert by_other_name.stored() == {"productImageFileId": "p1"}
    assert spec.parse_params(by_other_name.stored()) == by_other_name == spec.parse_params({"productImageFileId": "p1"})
