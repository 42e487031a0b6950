import pytest

from shopreel.catalog.presenters import (
    CATEGORIES,
    ETHNICITIES,
    PRESENTERS,
    find_category,
    find_ethnicity,
    find_presenter,
    presenter_id,
    query_presenters,
)


def test_cast_is_large_and_varied():
    assert len(PRESENTERS) >= 16
    assert {p.gender for p in PRESENTERS} == {"male", "female"}
    assert {p.spec.age for p in PRESENTERS} == {"Young", "Middle Age", "Old"}
    used = {e for p in PRESENTERS for e in p.ethnicity_ids}
    assert used == {e.ethnicity_id for e in ETHNICITIES}
    assert {c for p in PRESENTERS for c in p.category_ids} == {c.category_id for c in CATEGORIES}
    assert {p.spec.holding for p in PRESENTERS} == {"left", "right"}
    assert len({p.spec.hair_style for p in PRESENTERS}) >= 8


def test_ids_are_unique_hex_and_stable():
    ids = [p.presenter_id for p in PRESENTERS] + [e.ethnicity_id for e in ETHNICITIES]
    ids += [c.category_id for c in CATEGORIES]
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    assert presenter_id("presenter/mei") == PRESENTERS[0].presenter_id == "af45bcf5543652f6bba57ffa288ef807"


def test_find_by_id_any_case():
    p = PRESENTERS[3]
    assert find_presenter(p.presenter_id.upper()) is p
    assert find_presenter("0" * 32) is None
    assert find_ethnicity(ETHNICITIES[0].ethnicity_id).name == "East Asian"
    assert find_category(CATEGORIES[0].category_id).name.startswith("💄")


def test_query_filters_combine():
    black = next(e.ethnicity_id for e in ETHNICITIES if e.name.startswith("Black"))
    total, page = query_presenters(ethnicity_ids=[black], gender="FEMALE")
    assert total == len(page) >= 1
    assert all(black in p.ethnicity_ids and p.gender == "female" for p in page)
    tech = next(c.category_id for c in CATEGORIES if "Tech" in c.name)
    total, page = query_presenters(category_ids=[tech, "nope"])
    assert total >= 3 and all(tech in p.category_ids for p in page)
    assert query_presenters(ethnicity_ids=["nope"]) == (0, [])
    assert query_presenters(ethnicity_ids=[])[0] == len(PRESENTERS)


def test_paging_and_sorting():
    total, first = query_presenters(page_size=5)
    _, second = query_presenters(page_size=5, page_no=2)
    assert total == len(PRESENTERS)
    assert [p.popularity for p in first] == [1, 2, 3, 4, 5]
    assert second[0].popularity == 6
    assert query_presenters(page_no=99)[1] == []
    _, newest = query_presenters(sorting="Newest", page_size=100)
    dates = [p.created for p in newest]
    assert dates == sorted(dates, reverse=True)
    with pytest.raises(ValueError, match="sorting"):
        query_presenters(sorting="Random")
    with pytest.raises(ValueError, match="page_size"):
        query_presenters(page_size=0)
