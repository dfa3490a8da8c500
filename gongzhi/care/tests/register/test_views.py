"""The register's pages: the list, registering a household, its audited detail, editing,
closing and reopening, pairing helpers and ending pairings, and the statistics."""

import datetime

import pytest
from django.urls import reverse

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.audit.models import AuditEntry
from gongzhi.care.register import services
from gongzhi.care.register.choices import HouseholdStatus, PairingStatus
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.register.factories import visit_of
from gongzhi.people import services as people_services

pytestmark = pytest.mark.django_db


def reads_of(household) -> int:
    return AuditEntry.objects.filter(action="read_sensitive", target_id=str(household.pk),
                                     outcome="success").count()


# ---- the list ------------------------------------------------------------------------------

def test_staff_see_the_register_with_helpers_and_last_visit_but_no_difficulty(client, world):
    # given A's households, one paired with resident_a's volunteer profile and the bank,
    # visited on 5 March
    care = care_of_a(world)
    visit_of(world.users["staff_a"], care.household)
    client.force_login(world.users["secretary_a"])
    # when the secretary opens the register
    page = client.get(reverse("care:household_list")).content.decode()
    # then both households are listed with their helpers and last visit, no difficulty
    assert "甲居民" in page and "甲老人" in page
    assert "甲住户" in page and "甲银行" in page
    assert "2026-03-05" in page
    assert "未结对" in page
    for secret in ("低保低收入", "高血压", "每月送米面油", "陪同就医"):
        assert secret not in page
    # and the list is no full read: nothing audited
    assert reads_of(care.household) == 0


@pytest.mark.parametrize(("query", "names"), [
    ({"paired": "yes"}, {"甲居民"}),
    ({"paired": "no"}, {"甲老人"}),
    ({"q": "老人"}, {"甲老人"}),
    ({"status": "closed"}, set()),
])
def test_the_register_filters(client, world, query, names):
    care_of_a(world)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("care:household_list"), query).content.decode()
    assert {n for n in ("甲居民", "甲老人") if n in page} == names


def test_the_register_filters_by_grid(client, world):
    # given 甲居民 lives in 甲楼一号 of grid 1; 甲老人 has no flat
    care_of_a(world)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("care:household_list"),
                      {"grid": world.grid_a1.pk}).content.decode()
    assert "甲居民" in page and "甲老人" not in page
    page = client.get(reverse("care:household_list"),
                      {"grid": world.grid_a2.pk}).content.decode()
    assert "甲居民" not in page


def test_a_helper_sees_only_their_households_in_the_list(client, world):
    care_of_a(world)
    client.force_login(world.users["resident_a"])
    page = client.get(reverse("care:household_list")).content.decode()
    assert "甲居民" in page
    assert "甲老人" not in page


@pytest.mark.parametrize("who", ["resident", "grid_a1", "street_admin"])
def test_the_list_is_refused_to_those_neither_keeping_the_register_nor_helping(client, world,
                                                                              who):
    # given a resident of A without a pairing, A's grid worker, the street's admin
    care_of_a(world)
    user = (user_with_role(Role.RESIDENT, world.community_a, username="jia_lonely")
            if who == "resident" else world.users[who])
    client.force_login(user)
    assert client.get(reverse("care:household_list")).status_code == 403


# ---- registering ---------------------------------------------------------------------------

def test_the_register_page_proposes_candidates_from_the_registry_and_audits_it(client, world):
    # given 甲居民 (low income, living alone) is already on the register; 甲住户 is not tagged;
    # a new resident tagged disabled, and one aged 85
    care = care_of_a(world)
    root = world.users["superuser"]
    tagged = people_services.person_create(actor=root, community=world.community_a,
                                           name="甲残疾人", sex="male", flags={"disabled"})
    people_services.residence_move_in(actor=root, person=tagged, flat=world.flat_a2,
                                      relation="other")
    old = people_services.person_create(actor=root, community=world.community_a,
                                        name="甲高龄", sex="female",
                                        birth_date=datetime.date(1940, 1, 1))
    people_services.residence_move_in(actor=root, person=old, flat=world.flat_a2,
                                      relation="other")
    before = AuditEntry.objects.filter(action="read_sensitive").count()
    client.force_login(world.users["staff_a"])
    # when staff open the register page
    page = client.get(reverse("care:household_register")).content.decode()
    # then the tagged and the old residents are proposed, not those on the register already,
    # nor an untagged resident, nor B's
    assert "甲残疾人" in page and "甲高龄" in page
    assert "甲住户" not in page and "乙居民" not in page
    assert f"?person={care.household.person_id}" not in page
    # and the search by tags is audited on the community
    entry = AuditEntry.objects.filter(action="read_sensitive").order_by("pk")[before]
    assert entry.target_id == str(world.community_a.pk)


def test_staff_register_a_resident_with_the_difficulty_encrypted(client, world):
    care_of_a(world)
    client.force_login(world.users["staff_a"])
    url = reverse("care:household_register") + f"?person={world.person_resident_a.pk}"
    response = client.post(url, {"person": world.person_resident_a.pk,
                                 "kinds": ["disabled", "empty_nest"], "details": "行动不便",
                                 "needs": "代购", "help": "", "visit_every_days": "7"})
    household = CareHousehold.objects.get(person=world.person_resident_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("care:household_detail", args=[household.pk])
    assert household.visit_every_days == 7
    assert "行动不便" not in household.profile_encrypted
    assert services.household_read(actor=world.users["staff_a"], household=household)[
        "kinds"] == ["disabled", "empty_nest"]


def test_registering_without_a_kind_says_so_and_saves_nothing(client, world):
    care_of_a(world)
    client.force_login(world.users["staff_a"])
    response = client.post(reverse("care:household_register"),
                           {"person": world.person_resident_a.pk, "visit_every_days": "30"})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not CareHousehold.objects.filter(person=world.person_resident_a).exists()


def test_another_communitys_resident_cannot_be_registered(client, world):
    care_of_a(world)
    client.force_login(world.users["staff_a"])
    response = client.post(reverse("care:household_register"),
                           {"person": world.person_b.pk, "kinds": ["other"],
                            "visit_every_days": "30"})
    assert response.status_code == 404
    assert CareHousehold.objects.filter(person=world.person_b).count() == 1


# ---- the detail ----------------------------------------------------------------------------

def test_each_render_of_the_detail_is_an_audited_full_read(client, world):
    care = care_of_a(world)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("care:household_detail", args=[care.household.pk]))
    content = page.content.decode()
    assert "低保低收入" in content and "每月送米面油" in content and "陪同就医" in content
    client.get(reverse("care:household_detail", args=[care.household.pk]))
    assert reads_of(care.household) == 2


def test_the_detail_lists_pairings_visits_and_offers_staff_the_actions(client, world):
    care = care_of_a(world)
    visit_of(world.users["staff_a"], care.household, given="大米一袋")
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("care:household_detail", args=[care.household.pk])).content.decode()
    assert 'data-testid="visit-row"' in page and "大米一袋" in page
    assert page.count('data-testid="pairing-row"') == 2
    for testid in ("edit", "close", "pair", f"end-pairing-{care.pairing_unit.pk}"):
        assert f'data-testid="{testid}"' in page
    assert 'data-testid="reopen"' not in page


def test_a_helper_reads_the_detail_without_staff_buttons(client, world):
    care = care_of_a(world)
    client.force_login(world.users["resident_a"])
    response = client.get(reverse("care:household_detail", args=[care.household.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "每月送米面油" in page
    for testid in ("edit", "close", "pair", "reopen"):
        assert f'data-testid="{testid}"' not in page
    # the helper's own action on the household is there: logging a visit
    assert 'data-testid="log-visit"' in page
    assert reads_of(care.household) == 1


def test_the_detail_shows_the_latest_ten_visits_and_links_to_all(client, world):
    # given eleven visits to the household
    care = care_of_a(world)
    for day in range(1, 12):
        visit_of(world.users["staff_a"], care.household, day=datetime.date(2026, 3, day))
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("care:household_detail", args=[care.household.pk])).content.decode()
    # then the ten newest are listed, each linked to its visit, and the rest one link away
    assert page.count('data-testid="visit-row"') == 10
    assert "2026-03-11" in page and "2026-03-01" not in page
    assert reverse("care:household_visits", args=[care.household.pk]) in page


# ---- edit, close, reopen -------------------------------------------------------------------

def test_staff_edit_the_profile_and_plan(client, world):
    care = care_of_a(world)
    staff = world.users["staff_a"]
    client.force_login(staff)
    url = reverse("care:household_edit", args=[care.household.pk])
    assert "每月送米面油" in client.get(url).content.decode()
    response = client.post(url, {"kinds": ["serious_illness"], "details": "术后康复",
                                 "needs": "送餐", "help": "", "visit_every_days": "10"})
    assert response.status_code == 302
    care.household.refresh_from_db()
    assert care.household.visit_every_days == 10
    assert services.household_read(actor=staff, household=care.household)["needs"] == "送餐"


def test_an_invalid_plan_is_refused_on_the_form(client, world):
    care = care_of_a(world)
    client.force_login(world.users["staff_a"])
    response = client.post(reverse("care:household_edit", args=[care.household.pk]),
                           {"kinds": ["other"], "visit_every_days": "400"})
    assert response.status_code == 200
    care.household.refresh_from_db()
    assert care.household.visit_every_days == 30


def test_closing_ends_the_pairings_and_reopening_restores_the_household(client, world):
    care = care_of_a(world)
    client.force_login(world.users["staff_a"])
    response = client.post(reverse("care:household_action", args=[care.household.pk, "close"]),
                           {"reason": "迁出本社区"})
    assert response.status_code == 302
    care.household.refresh_from_db()
    assert care.household.status == HouseholdStatus.CLOSED
    assert care.household.closed_reason == "迁出本社区"
    assert set(care.household.pairings.values_list("status", flat=True)) == {
        PairingStatus.ENDED}
    client.post(reverse("care:household_action", args=[care.household.pk, "reopen"]))
    care.household.refresh_from_db()
    assert care.household.status == HouseholdStatus.ACTIVE


def test_closing_without_a_reason_changes_nothing(client, world):
    care = care_of_a(world)
    client.force_login(world.users["staff_a"])
    client.post(reverse("care:household_action", args=[care.household.pk, "close"]),
                {"reason": ""})
    care.household.refresh_from_db()
    assert care.household.status == HouseholdStatus.ACTIVE


def test_a_helper_cannot_close_the_household(client, world):
    care = care_of_a(world)
    client.force_login(world.users["resident_a"])
    response = client.post(reverse("care:household_action", args=[care.household.pk, "close"]),
                           {"reason": "不想要了"})
    assert response.status_code == 403
    care.household.refresh_from_db()
    assert care.household.status == HouseholdStatus.ACTIVE


# ---- pairings ------------------------------------------------------------------------------

def test_staff_pair_a_unit_with_an_unpaired_household(client, world):
    care = care_of_a(world)
    client.force_login(world.users["staff_a"])
    response = client.post(reverse("care:pairing_create", args=[care.unpaired.pk]), {
        "helper_kind": "unit", "unit": care.volunteering.unit.pk, "starts_on": "2026-04-01",
        "goals": "每季度上门"})
    assert response.status_code == 302
    pairing = Pairing.objects.get(household=care.unpaired)
    assert (pairing.helper_kind, pairing.unit, pairing.goals) == (
        "unit", care.volunteering.unit, "每季度上门")


def test_a_helper_of_another_kind_than_chosen_is_refused(client, world):
    care = care_of_a(world)
    client.force_login(world.users["staff_a"])
    client.post(reverse("care:pairing_create", args=[care.unpaired.pk]), {
        "helper_kind": "member", "unit": care.volunteering.unit.pk, "starts_on": "2026-04-01"})
    assert not Pairing.objects.filter(household=care.unpaired).exists()


def test_staff_end_a_pairing(client, world):
    care = care_of_a(world)
    client.force_login(world.users["staff_a"])
    response = client.post(reverse("care:pairing_end", args=[care.pairing_unit.pk]))
    assert response.status_code == 302
    care.pairing_unit.refresh_from_db()
    assert care.pairing_unit.status == PairingStatus.ENDED


# ---- statistics ----------------------------------------------------------------------------

def test_street_statistics_count_without_names(client, world):
    care = care_of_a(world)
    visit_of(world.users["staff_a"], care.household, day=datetime.date.today())
    client.force_login(world.users["street_admin"])
    response = client.get(reverse("care:statistics"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "甲社区" in page
    assert "甲居民" not in page and "甲老人" not in page and "甲银行" not in page


def test_residents_are_refused_the_statistics(client, world):
    client.force_login(world.users["resident_a"])
    assert client.get(reverse("care:statistics")).status_code == 403
