from decimal import Decimal

import pytest

from gongzhi.audit.models import AuditEntry
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.places import services
from gongzhi.places.models import Building, Flat, Honour, Unit


def test_staff_update_flat_area_saves_and_audits_before_and_after(world):
    # given staff of community A and a flat there
    staff, flat = world.users["staff_a"], world.flat_a1
    # when they change its floor area
    changed = services.flat_update(actor=staff, flat=flat,
                                   data={"floor_area": Decimal("72.35")})
    # then it is saved and the audit trail holds who, which row, before and after
    assert changed == ["floor_area"]
    flat.refresh_from_db()
    assert flat.floor_area == Decimal("72.35")
    entry = AuditEntry.objects.get(target_type="places.flat", target_id=str(flat.pk))
    assert entry.actor == staff
    assert entry.action == "update"
    assert entry.changes == {"before": {"floor_area": "65.50"}, "after": {"floor_area": "72.35"}}
    assert entry.community_id == world.community_a.pk
    assert entry.street_id == world.street.pk
    assert entry.district_id == world.district.pk


def test_unchanged_data_writes_nothing(world):
    changed = services.flat_update(actor=world.users["staff_a"], flat=world.flat_a1,
                                   data={"floor_area": Decimal("65.50")})
    assert changed == []
    assert not AuditEntry.objects.filter(target_type__startswith="places.").exists()


@pytest.mark.parametrize(("data", "field"), [
    ({"floor": 9}, "floor"),                          # above the building's 7 floors
    ({"floor_area": Decimal("0")}, "floor_area"),     # an area must be positive
    ({"floor_area": Decimal("-3")}, "floor_area"),
])
def test_invalid_flat_data_is_refused_and_changes_nothing(world, data, field):
    flat = world.flat_a1
    with pytest.raises(ValidationFailed) as error:
        services.flat_update(actor=world.users["staff_a"], flat=flat, data=data)
    assert field in error.value.detail
    stored = Flat.objects.get(pk=flat.pk)
    assert (stored.floor, stored.floor_area) == (1, Decimal("65.50"))
    assert not AuditEntry.objects.filter(target_type__startswith="places.").exists()


def test_fields_outside_the_allowed_list_are_refused(world):
    with pytest.raises(ValidationFailed):
        services.flat_update(actor=world.users["staff_a"], flat=world.flat_a1,
                             data={"community": world.community_b})
    assert Flat.objects.get(pk=world.flat_a1.pk).community_id == world.community_a.pk


@pytest.mark.parametrize(("user", "error"), [
    ("anonymous", NotFound),
    ("resident_a", NotFound),        # residents do not see the registry of flats
    ("staff_b", NotFound),           # staff of another community: as if it did not exist
    ("grid_a1", NotFound),           # flat_a2 is in grid 2, not theirs
    ("street_admin", PermissionDenied),   # oversees, does not edit
    ("district_admin", PermissionDenied),
    ("other_district_admin", NotFound),
])
def test_flat_update_is_refused_outside_scope_and_changes_nothing(world, user, error):
    flat = world.flat_a2
    with pytest.raises(error):
        services.flat_update(actor=world.users[user], flat=flat,
                             data={"floor_area": Decimal("99")})
    assert Flat.objects.get(pk=flat.pk).floor_area == Decimal("65.50")
    assert not AuditEntry.objects.filter(target_type__startswith="places.").exists()


@pytest.mark.parametrize("user", ["staff_a", "secretary_a", "superuser"])
def test_flat_update_allowed_roles(world, user):
    services.flat_update(actor=world.users[user], flat=world.flat_a2,
                         data={"floor_area": Decimal("80")})
    assert Flat.objects.get(pk=world.flat_a2.pk).floor_area == Decimal("80")


def test_grid_worker_edits_flats_of_their_own_grid(world):
    services.flat_update(actor=world.users["grid_a1"], flat=world.flat_a1,
                         data={"floor_area": Decimal("70")})
    assert Flat.objects.get(pk=world.flat_a1.pk).floor_area == Decimal("70")


def test_community_profile_update_checks_elderly_within_population(world):
    community = world.community_a
    with pytest.raises(ValidationFailed) as error:
        services.community_profile_update(actor=world.users["secretary_a"], community=community,
                                          data={"elderly_population": 5000})
    assert "elderly_population" in error.value.detail
    community.refresh_from_db()
    assert community.elderly_population == 600


def test_grid_worker_cannot_change_community_profile(world):
    with pytest.raises(PermissionDenied):
        services.community_profile_update(actor=world.users["grid_a1"],
                                          community=world.community_a,
                                          data={"resident_population": 1})
    world.community_a.refresh_from_db()
    assert world.community_a.resident_population == 3000


def test_honour_create_and_duplicate(world):
    secretary = world.users["secretary_a"]
    honour = services.honour_create(actor=secretary, community=world.community_a,
                                    title="广州市幸福社区", year=2015, awarding_body="广州市")
    assert honour.community == world.community_a
    with pytest.raises(ValidationFailed):
        services.honour_create(actor=secretary, community=world.community_a,
                               title="广州市幸福社区", year=2015)
    assert Honour.objects.filter(community=world.community_a, title="广州市幸福社区").count() == 1


def test_honour_delete_by_other_community_is_not_found(world):
    with pytest.raises(NotFound):
        services.honour_delete(actor=world.users["staff_b"], honour=world.honour_a)
    assert Honour.objects.filter(pk=world.honour_a.pk).exists()


def test_building_create_makes_its_units(world):
    building = services.building_create(actor=world.users["staff_a"],
                                        community=world.community_a,
                                        name="新楼", floors=6, units=3, grid=world.grid_a1)
    assert list(Unit.objects.filter(building=building).values_list("number", flat=True)
                .order_by("number")) == ["1", "2", "3"]
    created = AuditEntry.objects.filter(action="create", target_type__startswith="places.")
    assert created.count() == 4


def test_building_grid_must_belong_to_the_community(world):
    other_grid = world.building_b.grid
    with pytest.raises(ValidationFailed):
        services.building_update(actor=world.users["staff_a"], building=world.building_a1,
                                 data={"grid": other_grid})
    assert Building.objects.get(pk=world.building_a1.pk).grid_id == world.grid_a1.pk


@pytest.mark.parametrize(("current", "new", "allowed"), [
    # the register, else a survey, else the sale contract (最高法 建筑物区分所有权解释 art. 8)
    ("register", "register", True), ("register", "survey", False),
    ("register", "contract", False), ("register", "unknown", False),
    ("survey", "register", True), ("survey", "survey", True),
    ("survey", "contract", False), ("survey", "unknown", False),
    ("contract", "register", True), ("contract", "survey", True),
    ("contract", "contract", True), ("contract", "unknown", False),
    ("unknown", "register", True), ("unknown", "survey", True),
    ("unknown", "contract", True), ("unknown", "unknown", True),
])
def test_an_exclusive_area_is_replaced_only_from_a_source_as_good_or_better(
        world, current, new, allowed):
    # given a flat whose exclusive area comes from `current`
    flat = world.flat_a1
    Flat.objects.filter(pk=flat.pk).update(area_source=current)
    flat.refresh_from_db()
    data = {"floor_area": Decimal("70.00"), "area_source": new}
    # when staff enter a different area from `new`
    if allowed:
        services.flat_update(actor=world.users["staff_a"], flat=flat, data=data)
    else:
        with pytest.raises(ValidationFailed) as error:
            services.flat_update(actor=world.users["staff_a"], flat=flat, data=data)
        assert "floor_area" in error.value.detail
    # then the better source's area stays, and a figure as good or better replaces it
    stored = Flat.objects.get(pk=flat.pk)
    expected = (Decimal("70.00"), new) if allowed else (Decimal("65.50"), current)
    assert (stored.floor_area, stored.area_source) == expected


def test_a_wrongly_recorded_source_can_be_corrected_without_changing_the_area(world):
    # given a flat whose area is recorded as from the register
    flat = world.flat_a1
    Flat.objects.filter(pk=flat.pk).update(area_source="register")
    flat.refresh_from_db()
    # when staff correct only the source to the sale contract
    changed = services.flat_update(actor=world.users["staff_a"], flat=flat,
                                   data={"floor_area": flat.floor_area, "area_source": "contract"})
    # then the source changes, the area stays
    assert changed == ["area_source"]
    assert Flat.objects.get(pk=flat.pk).area_source == "contract"
