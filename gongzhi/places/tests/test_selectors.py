import pytest

from gongzhi.places import selectors


def names(rows):
    return sorted(str(row) for row in rows)


@pytest.mark.parametrize(("user", "expected"), [
    ("anonymous", []),
    ("resident_a", ["甲社区"]),
    ("staff_a", ["甲社区"]),
    ("grid_a1", ["甲社区"]),
    ("staff_b", ["乙社区"]),
    ("street_admin", ["乙社区", "甲社区"]),
    ("district_admin", ["乙社区", "甲社区"]),
    ("other_district_admin", ["丙社区"]),
])
def test_community_list_is_scoped(world, user, expected):
    assert names(selectors.community_list(world.users[user])) == sorted(expected)


def test_superuser_sees_everything(world):
    assert len(selectors.community_list(world.users["superuser"])) == 3


@pytest.mark.parametrize(("user", "expected"), [
    ("resident_a", []),
    ("staff_a", ["甲楼一号", "甲楼二号"]),
    ("grid_a1", ["甲楼一号"]),
    ("staff_b", ["乙楼一号"]),
    ("street_admin", ["乙楼一号", "甲楼一号", "甲楼二号"]),
    ("other_district_admin", ["丙楼一号"]),
])
def test_building_list_is_scoped(world, user, expected):
    assert names(selectors.building_list(world.users[user])) == sorted(expected)


def test_flat_list_of_a_foreign_building_is_empty(world):
    assert list(selectors.flat_list(world.users["staff_b"],
                                    building_id=world.building_a1.pk)) == []


def test_community_summary_counts(world):
    summary = selectors.community_summary(world.users["staff_a"], world.community_a)
    assert summary == {"buildings": 2, "residential": 2, "unmanaged": 2,
                       "without_elevator": 2, "flats": 2, "grids": 2}
