"""Who sees which household: staff of the community all of them; a helper only the households
they are paired with; a resident, another community's staff, a street admin none; each full
read audited; the difficulty never in plain text in the database."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from gongzhi.accounts.choices import Role
from gongzhi.accounts.services import api_token_create
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.audit.models import AuditEntry
from gongzhi.care.register import access, services
from gongzhi.care.tests.factories import care_of_a
from gongzhi.core.errors import NotFound
from gongzhi.party.tests.factories import party_of_a


def visible(user, world):
    return set(access.visible_households(user).values_list("pk", flat=True))


@pytest.mark.django_db
def test_staff_of_the_community_see_its_households_and_no_others(world):
    care = care_of_a(world)
    assert visible(world.users["staff_a"], world) == {care.household.pk, care.unpaired.pk}
    assert visible(world.users["staff_b"], world) == {care.household_b.pk}


@pytest.mark.django_db
def test_a_helper_sees_only_the_households_they_are_paired_with(world):
    care = care_of_a(world)
    # resident_a volunteers and is paired with 甲居民 only
    assert visible(world.users["resident_a"], world) == {care.household.pk}
    # the bank's contact sees its own pairing's household
    assert visible(care.volunteering.contact, world) == {care.household.pk}
    with pytest.raises(NotFound):
        access.access_household(actor=world.users["resident_a"], id=care.unpaired.pk)


@pytest.mark.django_db
def test_an_ended_pairing_no_longer_shows_the_household(world):
    care = care_of_a(world)
    services.pairing_end(actor=world.users["staff_a"], pairing=care.pairing_volunteer)
    assert visible(world.users["resident_a"], world) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["grid_a1", "street_admin", "district_admin", "anonymous",
                                  "other_district_admin"])
def test_others_see_no_household(world, user):
    care_of_a(world)
    actor = world.users[user]
    if actor is None:
        actor = AnonymousUser()
    assert visible(actor, world) == set()


@pytest.mark.django_db
def test_each_full_read_is_audited_and_a_refused_one_too(world):
    care = care_of_a(world)
    before = AuditEntry.objects.filter(action="read_sensitive").count()
    record = services.household_read(actor=world.users["resident_a"], household=care.household)
    assert record["kinds"] == ["low_income"]
    assert record["needs"] == "每月送米面油"
    with pytest.raises(NotFound):
        services.household_read(actor=world.users["resident_a"], household=care.unpaired)
    entries = AuditEntry.objects.filter(action="read_sensitive").order_by("pk")[before:]
    assert [(e.target_id, e.outcome) for e in entries] == [
        (str(care.household.pk), "success"), (str(care.unpaired.pk), "failure")]


@pytest.mark.django_db
def test_the_difficulty_is_not_in_plain_text_in_the_database(world):
    care = care_of_a(world)
    with connection.cursor() as cursor:
        cursor.execute("SELECT profile_encrypted FROM care_carehousehold WHERE id = %s",
                       [care.household.pk])
        stored = cursor.fetchone()[0]
    for plain in ("low_income", "高血压", "每月送米面油", "陪同就医"):
        assert plain not in stored


# ---- the same through the pages and the API -------------------------------------------------

def api_get(client, user, path):
    token = api_token_create(user=user).token
    return client.get(f"/api/v1/care{path}", headers={"Authorization": f"Bearer {token}"})


@pytest.mark.django_db
def test_a_partner_units_contact_sees_only_its_own_pairings_households(client, world):
    # given the bank is paired with 甲居民 only
    care = care_of_a(world)
    contact = care.volunteering.contact
    client.force_login(contact)
    # when its contact opens the register, 甲居民's page and 甲老人's
    page = client.get(reverse("care:household_list")).content.decode()
    own = client.get(reverse("care:household_detail", args=[care.household.pk]))
    other = client.get(reverse("care:household_detail", args=[care.unpaired.pk]))
    # then they see their own pairing's household only
    assert "甲居民" in page and "甲老人" not in page
    assert own.status_code == 200 and other.status_code == 404
    assert api_get(client, contact, f"/households/{care.unpaired.pk}").status_code == 404


@pytest.mark.django_db
def test_the_bank_no_longer_sees_the_household_once_its_pairing_ended(client, world):
    care = care_of_a(world)
    services.pairing_end(actor=world.users["staff_a"], pairing=care.pairing_unit)
    client.force_login(care.volunteering.contact)
    assert client.get(reverse("care:household_detail",
                              args=[care.household.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["staff_b", "street_admin", "district_admin", "grid_a1"])
def test_another_communitys_staff_and_admins_get_404_on_a_household(client, world, user):
    care = care_of_a(world)
    client.force_login(world.users[user])
    reads = AuditEntry.objects.filter(action="read_sensitive")
    before = reads.count()
    for url in (reverse("care:household_detail", args=[care.household.pk]),
                reverse("care:household_edit", args=[care.household.pk])):
        assert client.get(url).status_code == 404
    assert api_get(client, world.users[user],
                   f"/households/{care.household.pk}").status_code == 404
    # nothing was read; the two full reads refused (page, API) are audited as refused, the
    # edit page's lookup is not a read
    refused = reads.order_by("pk")[before:]
    assert [(e.outcome, e.target_id, e.actor_id) for e in refused] == [
        ("failure", str(care.household.pk), world.users[user].pk)] * 2


@pytest.mark.django_db
def test_a_resident_without_a_pairing_sees_no_household_in_pages_or_api(client, world):
    care = care_of_a(world)
    lonely = user_with_role(Role.RESIDENT, world.community_a, username="jia_lonely")
    client.force_login(lonely)
    assert client.get(reverse("care:household_list")).status_code == 403
    assert client.get(reverse("care:household_detail",
                              args=[care.household.pk])).status_code == 404
    assert api_get(client, lonely, "/households").json()["items"] == []


@pytest.mark.django_db
def test_each_full_read_through_a_page_or_the_api_is_audited_with_its_reader(client, world):
    care = care_of_a(world)
    staff, helper = world.users["staff_a"], world.users["resident_a"]
    client.force_login(staff)
    client.get(reverse("care:household_detail", args=[care.household.pk]))
    api_get(client, helper, f"/households/{care.household.pk}")
    entries = AuditEntry.objects.filter(action="read_sensitive",
                                        target_id=str(care.household.pk)).order_by("pk")
    assert [(e.actor_id, e.outcome) for e in entries] == [(staff.pk, "success"),
                                                          (helper.pk, "success")]


@pytest.mark.django_db
def test_the_audit_trail_keeps_no_token_of_the_encrypted_profile(world):
    # given a household registered and then edited (both audited writes)
    care = care_of_a(world)
    services.household_update(actor=world.users["staff_a"], household=care.household,
                              kinds=["disabled"], needs="轮椅维修", visit_every_days=14)
    entries = AuditEntry.objects.filter(target_type="care.carehousehold",
                                        target_id=str(care.household.pk)).order_by("pk")
    created, updated = entries.filter(action="create").get(), entries.filter(
        action="update").get()
    # then the trail says only that the profile was set or changed, never its token
    assert created.changes["after"]["profile_encrypted"] == "（已加密）"
    assert updated.changes["before"]["profile_encrypted"] == "（已加密）"
    assert updated.changes["after"]["profile_encrypted"] == "（已加密）"
    assert "gAAAAA" not in str(created.changes) + str(updated.changes)


def member_pairing(world, care):
    """甲党员 (an in-service party member of A) paired with 甲居民 too."""
    party_of_a(world)
    return services.pairing_create(actor=world.users["staff_a"], household=care.household,
                                   member=world.in_service_a,
                                   starts_on=datetime.date(2026, 2, 1))


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["resident_a", "jia_bank_contact"])
def test_a_helper_is_not_told_that_another_helper_is_a_party_member(client, world, reader):
    # given a party member paired with the household beside resident_a and the bank
    care = care_of_a(world)
    pairing = member_pairing(world, care)
    user = (care.volunteering.contact if reader == "jia_bank_contact"
            else world.users[reader])
    client.force_login(user)
    # when another helper reads the household, on the page and by the API
    page = client.get(reverse("care:household_detail", args=[care.household.pk])).content.decode()
    data = api_get(client, user, f"/households/{care.household.pk}").json()
    # then the member is shown as a person, like a volunteer, and no member id is given
    assert "甲党员" in page and "党员</span>" not in page
    row = next(p for p in data["pairings"] if p["id"] == pairing.pk)
    assert (row["helper_kind"], row["member_id"], row["volunteer_id"]) == ("person", None, None)
    volunteer_row = next(p for p in data["pairings"] if p["id"] == care.pairing_volunteer.pk)
    assert volunteer_row["helper_kind"] == "person"


@pytest.mark.django_db
def test_staff_who_keep_the_roll_see_the_member_as_a_member(client, world):
    care = care_of_a(world)
    pairing = member_pairing(world, care)
    data = api_get(client, world.users["staff_a"], f"/households/{care.household.pk}").json()
    row = next(p for p in data["pairings"] if p["id"] == pairing.pk)
    assert (row["helper_kind"], row["member_id"]) == ("member", world.in_service_a.pk)


@pytest.mark.django_db
def test_a_helper_sees_only_the_active_pairings(client, world):
    # given the bank's pairing ended
    care = care_of_a(world)
    services.pairing_end(actor=world.users["staff_a"], pairing=care.pairing_unit)
    data = api_get(client, world.users["resident_a"],
                   f"/households/{care.household.pk}").json()
    assert [p["id"] for p in data["pairings"]] == [care.pairing_volunteer.pk]
