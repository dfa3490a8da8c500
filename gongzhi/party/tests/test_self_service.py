"""我的报到 as self-service: a member edits their own registration, offers and sees their
resources (withdrawing a shift: activities/tests/rota); the street admin sets up the street
working committee and a community committee under it."""

import datetime

import pytest
from django.urls import reverse

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.audit.models import AuditEntry
from gongzhi.cobuilding.models import Resource
from gongzhi.core.errors import DomainError, NotFound
from gongzhi.organisations.models import Member, Organisation
from gongzhi.party import services
from gongzhi.party.tests.factories import party_of_a

# ---- own registration ------------------------------------------------------------------------


def test_member_edits_own_registration_and_it_is_audited(client, world):
    party_of_a(world)
    client.force_login(world.users["party_a"])
    response = client.post(reverse("party:my_registration"), {
        "work_unit_name": "乙单位", "unit_party_organisation": "乙单位党委",
        "skills": "法律咨询", "preferred_categories": ["legal", "safety"]})
    assert response.status_code == 302 and response["Location"] == reverse("party:my_party")
    member = Member.objects.get(pk=world.in_service_a.pk)
    assert (member.work_unit_name, member.unit_party_organisation, member.skills) == (
        "乙单位", "乙单位党委", "法律咨询")
    assert member.preferred_categories == ["legal", "safety"]
    entry = AuditEntry.objects.filter(target_type="organisations.member", target_id=str(member.pk),
                                      action="update").latest("pk")
    assert entry.actor_id == world.users["party_a"].pk
    assert entry.changes["after"]["skills"] == "法律咨询"
    page = client.get(reverse("party:my_party")).content.decode()
    assert "法律咨询" in page and "修改报到信息" in page


def test_own_registration_cannot_touch_other_fields(world):
    party_of_a(world)
    member = world.in_service_a
    with pytest.raises(DomainError):
        services.member_update_own(actor=world.users["party_a"], member=member,
                                   data={"grid": world.grid_a1})
    member.refresh_from_db()
    assert member.grid_id == world.grid_a2.pk


def test_in_service_member_must_keep_a_work_unit(client, world):
    party_of_a(world)
    client.force_login(world.users["party_a"])
    response = client.post(reverse("party:my_registration"), {"work_unit_name": " ",
                                                                "skills": "x"})
    assert response.status_code == 200
    assert "在职党员须填写工作单位" in response.content.decode()
    assert Member.objects.get(pk=world.in_service_a.pk).work_unit_name == "甲单位"


def test_nobody_edits_another_members_registration(world):
    party_of_a(world)
    with pytest.raises(NotFound):
        services.member_update_own(actor=world.users["staff_a"], member=world.in_service_a,
                                   data={"skills": "冒名"})
    assert Member.objects.get(pk=world.in_service_a.pk).skills == ""


def test_registration_page_is_not_found_without_a_member_record(client, world):
    party_of_a(world)
    client.force_login(world.users["resident_a"])
    assert client.get(reverse("party:my_registration")).status_code == 404


# ---- a member's resources -------------------------------------------------------------------

def test_member_offers_a_resource_from_my_party(client, world):
    party_of_a(world)
    client.force_login(world.users["party_a"])
    assert 'data-testid="offer-resource"' in client.get(
        reverse("party:my_party")).content.decode()
    response = client.post(reverse("party:my_resource_create"), {
        "title": "免费法律咨询", "kind": "skills", "category": "legal",
        "description": "每月一次", "capacity": "10"})
    assert response.status_code == 302
    resource = Resource.objects.get(title="免费法律咨询")
    assert resource.member_id == world.in_service_a.pk
    assert resource.community_id == world.community_a.pk and resource.unit_id is None
    assert resource.provider_name == "甲党员"
    assert AuditEntry.objects.filter(target_type="cobuilding.resource",
                                     target_id=str(resource.pk), action="create",
                                     actor=world.users["party_a"]).exists()
    page = client.get(reverse("party:my_party")).content.decode()
    assert "免费法律咨询" in page
    client.force_login(world.users["staff_a"])
    detail = client.get(reverse("party:member_detail", args=[world.in_service_a.pk]))
    assert "免费法律咨询" in detail.content.decode()


def test_a_party_member_role_without_a_roll_entry_cannot_offer(client, world):
    party_of_a(world)
    user = user_with_role(Role.PARTY_MEMBER, world.community_a, username="no_roll")
    client.force_login(user)
    response = client.post(reverse("party:my_resource_create"), {
        "title": "冒名资源", "kind": "skills", "category": "legal"})
    assert response.status_code == 404
    assert not Resource.objects.filter(title="冒名资源").exists()


def test_staff_cannot_offer_as_a_member(world):
    from gongzhi.cobuilding import services as cobuilding_services

    party_of_a(world)
    with pytest.raises(NotFound):
        cobuilding_services.resource_offer_by_member(actor=world.users["staff_a"], title="x",
                                                     kind="skills", category="legal")
    assert not Resource.objects.exists()


def test_member_page_hides_resources_of_other_communities(client, world):
    party_of_a(world)
    client.force_login(world.users["staff_b"])
    response = client.get(reverse("party:member_detail", args=[world.in_service_a.pk]))
    assert response.status_code == 404


# ---- the street working committee and community committees -----------------------------------

def test_street_admin_sets_up_the_street_committee_and_a_community_committee(client, world):
    admin = world.users["street_admin"]
    client.force_login(admin)
    assert 'data-testid="new-street-committee"' in client.get(
        reverse("party:home")).content.decode()
    response = client.post(reverse("party:street_committee_create"), {
        "street": world.street.pk, "name": "甲街党工委", "founded_on": "2001-07-01"})
    committee = Organisation.objects.get(kind="street_committee", street=world.street)
    assert response.status_code == 302
    assert response["Location"] == reverse("party:organisation_detail", args=[committee.pk])
    assert committee.community_id is None and committee.name == "甲街党工委"
    page = client.get(response["Location"]).content.decode()
    assert "社区党委" in page and "甲社区" in page and "乙社区" in page
    response = client.post(reverse("party:organisation_create", args=[committee.pk]), {
        "kind": "community_committee", "name": "甲社区党委", "community": world.community_a.pk})
    child = Organisation.objects.get(kind="community_committee")
    assert (child.parent_id, child.community_id) == (committee.pk, world.community_a.pk)
    assert AuditEntry.objects.filter(target_type="organisations.organisation", action="create",
                                     actor=admin).count() == 2
    # one committee per community: 甲社区 is no longer offered
    page = client.get(reverse("party:organisation_detail", args=[committee.pk])).content.decode()
    assert f'value="{world.community_a.pk}"' not in page


def test_one_working_committee_per_street(world):
    admin = world.users["street_admin"]
    services.organisation_create(actor=admin, kind="street_committee", name="一",
                                 street=world.street)
    with pytest.raises(DomainError):
        services.organisation_create(actor=admin, kind="street_committee", name="二",
                                     street=world.street)
    assert Organisation.objects.filter(kind="street_committee").count() == 1


def test_community_secretary_cannot_create_a_street_committee(client, world):
    client.force_login(world.users["secretary_a"])
    response = client.post(reverse("party:street_committee_create"), {
        "street": world.street.pk, "name": "越权党工委"})
    assert response.status_code == 404
    with pytest.raises(NotFound):
        services.organisation_create(actor=world.users["secretary_a"], kind="street_committee",
                                     name="越权党工委", street=world.street)
    assert not Organisation.objects.exists()
    assert 'new-street-committee' not in client.get(reverse("party:home")).content.decode()


def test_another_streets_admin_neither_sees_nor_extends_it(client, world):
    committee = services.organisation_create(actor=world.users["street_admin"],
                                             kind="street_committee", name="甲街党工委",
                                             street=world.street)
    other = user_with_role(Role.STREET_ADMIN, world.community_c.street, username="other_street")
    client.force_login(other)
    assert client.get(reverse("party:organisation_detail",
                              args=[committee.pk])).status_code == 404
    assert "甲街党工委" not in client.get(reverse("party:home")).content.decode()
    response = client.post(reverse("party:organisation_create", args=[committee.pk]), {
        "kind": "community_committee", "name": "越权社区党委", "community": world.community_a.pk})
    assert response.status_code == 404
    response = client.post(reverse("party:street_committee_create"), {
        "street": world.street.pk, "name": "越权党工委"})
    assert response.status_code == 200  # the form shows only their own street
    assert Organisation.objects.count() == 1


def test_community_committee_must_be_in_the_committees_street(world):
    committee = services.organisation_create(actor=world.users["superuser"],
                                             kind="street_committee", name="甲街党工委",
                                             street=world.street)
    with pytest.raises(DomainError):
        services.organisation_create(actor=world.users["superuser"],
                                     kind="community_committee", name="丙社区党委",
                                     parent=committee, community=world.community_c)
    assert Organisation.objects.count() == 1


def test_party_age_uses_plural_forms(client, world):
    party_of_a(world)
    client.force_login(world.users["party_a"])
    today = datetime.date.today()
    expected = today.year - 2010 - ((today.month, today.day) < (3, 1))
    assert f"党龄 {expected} 年" in client.get(reverse("party:my_party")).content.decode()
